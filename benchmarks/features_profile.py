"""CPU per report of the sentence features and the two scoring passes (issue 18), in one warm
process, before/after in the same run.

    python benchmarks/features_profile.py                       # this checkout, 200 reports
    python benchmarks/features_profile.py --against ../main     # and another checkout beside it
    python benchmarks/features_profile.py --reports 100 --rounds 3

Reads the first ``--reports`` files of data/reports, splits each once (not timed), warms up
(one pass over all), then, ``--rounds`` times, times with ``time.process_time`` each step of
labelling a report as ``nlp_perf.pipeline`` does it: normalising, cutting words (one call per
sentence or one per report, whichever the checkout does), building the features, the first
pass (look-ups, TF-IDF, scores), the second pass (context features, look-ups, scores), and the
whole ``classify_text``.  The smallest of the rounds is kept (the machine is shared).  With
``--against DIR`` the same script runs, round by round, alternately under DIR's nlp_perf in a
child process (PYTHONPATH=DIR) and this one, so both columns come from one run.  Each checkout
uses its own shipped model.  Prints a table in milliseconds of CPU per report.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _steps_new(model, sents):  # integer features (issue 18)
    from nlp_perf.classify.context import context_rows
    from nlp_perf.classify.features import normalize

    clock = time.process_time
    texts, sections = [s.text for s in sents], [s.section for s in sents]
    t0 = clock()
    rows = model.featurize(texts, sections, [s.marker for s in sents])
    t1 = clock()
    probs, _ = model.predict(rows, sections)
    t2 = clock()
    model._columns(rows)
    t3 = clock()
    context_rows(probs.argmax(axis=1), sections, len(model.labels))
    t4 = clock()
    for t in texts:
        normalize(t)
    t5 = clock()
    return {
        "features (all)": t1 - t0,
        "  of which normalise": t5 - t4,
        "scores (both passes)": t2 - t1,
        "  of which look-ups": t3 - t2,
        "  of which context features": t4 - t3,
    }


def _steps_old(model, sents):  # feature strings
    from nlp_perf.classify.context import context_features
    from nlp_perf.classify.features import featurize_parts, normalize

    clock = time.process_time
    texts, sections = [s.text for s in sents], [s.section for s in sents]
    t0 = clock()
    feats, chars = featurize_parts(texts, sections, model.config, markers=[s.marker for s in sents])
    t1 = clock()
    n = len(feats)
    row, ids = model._feature_ids(feats, chars)
    t2 = clock()
    first = model._proba(model._tfidf(row, ids, n), n, second=False)
    labels = [model.labels[k] for k in first.argmax(axis=1)]
    t3 = clock()
    more_row, more_ids = model._feature_ids(context_features(labels, sections))
    both = model._tfidf(__import__("numpy").concatenate([row, more_row]),
                        __import__("numpy").concatenate([ids, more_ids]), n)  # fmt: skip
    model._proba(both, n, second=True)
    t4 = clock()
    for t in texts:
        normalize(t)
    t5 = clock()
    return {
        "features (all)": t1 - t0,
        "  of which normalise": t5 - t4,
        "scores (both passes)": t4 - t1,
        "  of which look-ups": t2 - t1,
        "  first pass: look-ups, tf-idf, scores": t3 - t1,
        "  second pass": t4 - t3,
    }


def measure(n_reports: int) -> dict[str, float]:
    """CPU ms per report of each step, for the nlp_perf on sys.path."""
    from nlp_perf.classify import features as F
    from nlp_perf.classify.model import load_model
    from nlp_perf.pipeline import classify_text
    from nlp_perf.read import read_document
    from nlp_perf.text.sentences import split_sentences

    paths = sorted((ROOT / "data" / "reports").glob("*.txt"))[:n_reports]
    texts = [read_document(p).text for p in paths]
    model = load_model()
    split = [split_sentences(t) for t in texts]
    steps = _steps_new if hasattr(F, "featurize") else _steps_old
    for text, sents in zip(texts, split):  # warm-up
        steps(model, sents)
        classify_text(text, model)
    totals: dict[str, float] = {}
    clock = time.process_time
    for text, sents in zip(texts, split):
        for k, v in steps(model, sents).items():
            totals[k] = totals.get(k, 0.0) + v
        t0 = clock()
        split_sentences(text)
        t1 = clock()
        classify_text(text, model)
        t2 = clock()
        classify_text(text, model, details=False)
        t3 = clock()
        for k, v in (("split_sentences", t1 - t0), ("classify_text", t2 - t1),
                     ("classify_text, sentences only", t3 - t2)):  # fmt: skip
            totals[k] = totals.get(k, 0.0) + v
    return {k: 1000 * v / len(paths) for k, v in totals.items()}


def _child(checkout: Path, n_reports: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    code = (
        f"import json, runpy; m = runpy.run_path({str(Path(__file__).resolve())!r}); "
        f"print(json.dumps(m['measure']({n_reports})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=checkout, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"{checkout}: {out.stderr.strip().splitlines()[-1]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--against", type=Path, help="another checkout, measured in the same run")
    args = ap.parse_args()
    here: list[dict] = []
    there: list[dict] = []
    for _ in range(args.rounds):
        if args.against:
            there.append(_child(args.against.resolve(), args.reports))
        here.append(_child(ROOT, args.reports))
    best = {k: min(r[k] for r in here) for k in here[0]}
    other = {k: min(r[k] for r in there) for k in there[0]} if there else {}
    print(f"CPU ms per report, {args.reports} corpus reports, best of {args.rounds} rounds")
    head = (
        f"{'step':34} {'against':>9} {'this':>9} {'ratio':>7}"
        if other
        else f"{'step':34} {'this':>9}"
    )
    print(head)
    for k in dict.fromkeys([*other, *best]):
        a, b = other.get(k), best.get(k)
        cells = [f"{x:9.2f}" if x is not None else f"{'-':>9}" for x in ((a, b) if other else (b,))]
        ratio = f"{a / b:7.2f}" if other and a and b else ""
        print(f"{k:34} {' '.join(cells)} {ratio}")


if __name__ == "__main__":
    main()
