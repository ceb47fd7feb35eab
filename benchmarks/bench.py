"""Speed and memory of nlp_perf beside the plain pipeline a user would write (issue 7).

    python benchmarks/bench.py                # everything, about 2 minutes on 2 cores
    python benchmarks/bench.py --skip-train   # without the two training runs
    python benchmarks/bench.py --runs 11 --no-write

The plain pipeline is jieba (its global tokenizer and dictionary) + scikit-learn's
TfidfVectorizer (defaults) + LogisticRegression, trained on data/corpus.csv and saved with
joblib; classifying loads it in a fresh ``python -c`` process, splits the report at 。！？；
and line ends, cuts each sentence with jieba and predicts label and probability.  nlp_perf is
``python -m nlp_perf classify REPORT --format json``, also from a fresh process.  Both run on
the same report in the same run, alternately, after one untimed run each that leaves their
dictionary caches on disk (so "cold" is a new process, not an empty disk cache).

Prints a table (measure, baseline, nlp_perf, ratio, goal) and writes it, with the machine and
the date, between the markers in docs/performance.md.  Peak memory is the child's maximum
resident set size (``resource.getrusage(RUSAGE_CHILDREN)`` in a small wrapper process that
runs only that child).  This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench.py: begin -->", "<!-- bench.py: end -->"
# Two corpus reports of about 3,000 characters, one after the other: 6,094 characters.
REPORTS = ("a11_party_organ_2020.txt", "n06_mass_org_2024.txt")

# Runs a command as its only child and prints its wall time and peak RSS as JSON.
MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
mb = rss / 2**20 if sys.platform == "darwin" else rss / 2**10
print(json.dumps({"wall": wall, "mb": mb, "rc": done.returncode,
                  "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}))
"""

PLAIN_TRAIN = """
import csv, sys, jieba, joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
with open(sys.argv[1], encoding="utf-8", newline="") as fh:
    rows = list(csv.DictReader(fh))
X = [" ".join(jieba.lcut(r["text"])) for r in rows]
y = [r["label"] for r in rows]
model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)).fit(X, y)
joblib.dump(model, sys.argv[2])
"""

PLAIN_CLASSIFY = """
import json, re, sys, jieba, joblib
model = joblib.load(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
sentences = [s.strip() for s in re.split(r"(?<=[。！？；\\n])", text) if s.strip()]
X = [" ".join(jieba.lcut(s)) for s in sentences]
labels, probs = model.predict(X), model.predict_proba(X).max(axis=1)
print(json.dumps({"file": sys.argv[2], "sentences": [
    {"text": s, "label": str(l), "confidence": float(p)}
    for s, l, p in zip(sentences, labels, probs)]}, ensure_ascii=False))
"""


def measure(cmd: list[str]) -> dict:
    """Wall seconds and peak MB of one run of ``cmd`` in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "NLP_PERF_MODEL"}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result['stderr']}")
    return result


def has_jobs_option() -> bool:
    out = subprocess.run(
        [sys.executable, "-m", "nlp_perf", "classify", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return "--jobs" in out.stdout


def machine() -> str:
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"nproc {nproc}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}"
    )


def rjieba_agreement() -> str:
    """How often rjieba, given the same user dictionary, cuts a corpus text unlike jieba."""
    try:
        import rjieba
    except ImportError:
        return "rjieba is not installed: not compared"
    import csv
    from importlib.metadata import version

    from nlp_perf.features import normalize
    from nlp_perf.sentences import SECTION_SEPARATOR
    from nlp_perf.tokenizer import get_segmenter

    engine = rjieba.Jieba()
    for line in (ROOT / "nlp_perf" / "data" / "userdict.txt").read_text("utf-8").splitlines():
        word, freq, tag = line.split()
        engine.add_word(word, int(freq), tag)
    with open(ROOT / "data" / "corpus.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    headings = {h for r in rows for h in r["section"].split(SECTION_SEPARATOR) if h}
    texts = [normalize(t) for t in [r["text"] for r in rows] + sorted(headings)]
    seg = get_segmenter()

    def rcut(text: str) -> list[str]:
        return [w for w in engine.cut(text, True) if not w.isspace()]

    differ = [t for t in texts if seg.cut(t) != rcut(t)]
    example = ""
    if differ:
        t = min(differ, key=len)
        example = f"; e.g. {t!r}: jieba {seg.cut(t)}, rjieba {rcut(t)}"
    return (
        f"rjieba {version('rjieba')} with the user dictionary cuts {len(differ)} of "
        f"{len(texts)} corpus texts (sentences and headings, normalised) unlike jieba{example}"
    )


def fmt_ratio(base: float | None, ours: float | None) -> str:
    if not base or not ours:
        return "–"
    return f"{base / ours:.1f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--skip-train", action="store_true", help="do not time the training")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="nlp_perf-bench-") as tmp:
        tmp = Path(tmp)
        report = tmp / "report.txt"
        report.write_text(
            "".join((ROOT / "data" / "reports" / r).read_text("utf-8") for r in REPORTS),
            encoding="utf-8",
        )
        chars = len(report.read_text("utf-8"))
        print(f"report: {' + '.join(REPORTS)} ({chars} characters)", file=sys.stderr)

        joblib_model = tmp / "plain.joblib"
        plain_train = measure(
            [
                sys.executable,
                "-c",
                PLAIN_TRAIN,
                str(ROOT / "data" / "corpus.csv"),
                str(joblib_model),
            ]
        )
        plain_cmd = [sys.executable, "-c", PLAIN_CLASSIFY, str(joblib_model), str(report)]
        ours_cmd = [sys.executable, "-m", "nlp_perf", "classify", str(report), "--format", "json"]
        for cmd in (plain_cmd, ours_cmd):  # untimed: leaves the dictionary caches on disk
            measure(cmd)
        plain, ours = [], []
        for _ in range(args.runs):
            plain.append(measure(plain_cmd))
            ours.append(measure(ours_cmd))
            print(
                f"  run: plain {plain[-1]['wall']:.2f} s, nlp_perf {ours[-1]['wall']:.2f} s",
                file=sys.stderr,
            )
        ours_train = None
        if not args.skip_train:
            ours_train = measure(
                [sys.executable, "-m", "nlp_perf", "train", "data", "--out", str(tmp / "x"), "-q"]
            )

    wall_b = statistics.median(r["wall"] for r in plain)
    wall_o = statistics.median(r["wall"] for r in ours)
    mb_b = max(r["mb"] for r in plain)
    mb_o = max(r["mb"] for r in ours)
    rows = [
        (
            f"one report, cold process: median wall ({args.runs} runs)",
            f"{wall_b:.2f} s",
            f"{wall_o:.2f} s",
            fmt_ratio(wall_b, wall_o),
            "≥5x and ≤0.5 s",
            "yes" if wall_b / wall_o >= 5 and wall_o <= 0.5 else "no",
        ),
        (
            "one report: peak memory (max RSS)",
            f"{mb_b:.0f} MB",
            f"{mb_o:.0f} MB",
            fmt_ratio(mb_b, mb_o),
            "≤100 MB",
            "yes" if mb_o <= 100 else "no",
        ),
    ]
    if ours_train is None:
        rows.append(
            ("train on data/ (wall)", "–", "not measured (--skip-train)", "–", "≤60 s", "–")
        )
    else:
        rows.append(
            (
                "train on data/ (wall; baseline: one fit, nlp_perf: 5-fold CV + final fit)",
                f"{plain_train['wall']:.1f} s",
                f"{ours_train['wall']:.1f} s",
                "– (not the same work)",
                "≤60 s",
                "yes" if ours_train["wall"] <= 60 else "no",
            )
        )
    # --- batch row: left for the batch work of issue 7 (classify --jobs) to measure --------
    batch = (
        "not measured yet: the batch measurement is still to be added here"
        if has_jobs_option()
        else "not measured yet: needs classify --jobs"
    )
    rows.append(("500 reports: throughput (reports/s)", "–", batch, "–", "≥10x baseline", "–"))
    # ------------------------------------------------------------------------------------

    header = ("measure", "baseline", "nlp_perf", "ratio", "goal", "met")
    table = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(r) + " |" for r in rows),
    ]
    engines = rjieba_agreement()
    facts = [
        f"Measured {datetime.date.today().isoformat()} on {machine()}, by `python benchmarks/bench.py`.",
        f"Report: {' + '.join(f'data/reports/{r}' for r in REPORTS)} concatenated ({chars} characters).",
        f"Engines: {engines}.",
    ]
    print("\n".join(table))
    print("\n".join(facts))
    if not args.no_write:
        block = "\n".join([BEGIN, *facts[:2], "", *table, "", facts[2], END])
        text = DOC.read_text("utf-8") if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
        if BEGIN not in text or END not in text:
            text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
        DOC.write_text(text, encoding="utf-8")
        print(f"written to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
