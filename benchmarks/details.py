"""CPU a report of the stages outside classification: splitting, the document object, figures,
flags, JSON; this checkout against another (e.g. main's) in the same run.

    python benchmarks/details.py                         # this checkout, 200 corpus reports
    python benchmarks/details.py --against ../main       # and another checkout, alternating

Each checkout is measured in its own process (``PYTHONPATH`` set to it), in one warm process:
the reports are labelled once by the shipped model, then each stage is timed with
``time.process_time`` over all of them; the rounds alternate between the checkouts and the
best round of each counts (on a shared machine the ratio within one run is what to read).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("split_sentences", "LabelledReport.of", "extract_figures", "review_flags", "JSON")

# Runs in the checkout measured: prints {stage: CPU seconds over all reports} as JSON.
PROFILE = """
import glob, json, sys, time
from nlp_perf import pipeline
from nlp_perf.classify.model import load_model
from nlp_perf.document import LabelledReport, ReportResult
from nlp_perf.figures import extract_figures
from nlp_perf.read import read_document
from nlp_perf.review import review_flags
from nlp_perf.text.sentences import split_sentences

paths = sorted(glob.glob(sys.argv[1] + "/data/reports/*.txt"))
texts = [read_document(p).text for p in paths]
texts = (texts * (int(sys.argv[2]) // len(texts) + 1))[: int(sys.argv[2])]
model = load_model()
rows = [pipeline._classified(t, model, 0, lambda stage: None) for t in texts]
spent = dict.fromkeys(("split_sentences", "LabelledReport.of", "extract_figures",
                       "review_flags", "JSON"), 0.0)


def clock(stage, work):
    start = time.process_time()
    out = work()
    spent[stage] += time.process_time() - start
    return out


for text, labelled in zip(texts, rows):
    clock("split_sentences", lambda: split_sentences(text))
    doc = clock("LabelledReport.of", lambda: LabelledReport.of(text, labelled))
    found = clock("extract_figures", lambda: extract_figures(doc))
    flags = clock("review_flags", lambda: review_flags(doc, found))
    result = ReportResult("r", len(text), model.name, model.version, model.labels, labelled)
    result.figures, result.projects = found["figures"], found["projects"]
    result.indicators, result.flags = found["indicators"], flags
    clock("JSON", lambda: json.dumps(result.to_dict(), ensure_ascii=False))
print(json.dumps(spent))
"""


def measure(tree: Path, reports: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", PROFILE, str(ROOT), str(reports)],
        env=env, cwd=tree, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {k: 1000 * v / reports for k, v in json.loads(done.stdout).items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", type=Path, help="another checkout to measure in the same run")
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    trees = [ROOT] + ([args.against.resolve()] if args.against else [])
    best: dict[Path, dict[str, float]] = {t: {} for t in trees}
    for _ in range(args.rounds):
        for tree in trees:
            for stage, ms in measure(tree, args.reports).items():
                best[tree][stage] = min(ms, best[tree].get(stage, ms))
    for tree in trees:
        best[tree]["total"] = sum(best[tree][s] for s in STAGES)
    names = [str(t) for t in trees]
    print(f"CPU ms a report, {args.reports} corpus reports, best of {args.rounds} rounds")
    print("| stage | " + " | ".join(names) + (" | ratio |" if args.against else " |"))
    print("|---" * (len(trees) + 1 + bool(args.against)) + "|")
    for stage in (*STAGES, "total"):
        cells = [f"{best[t][stage]:.2f}" for t in trees]
        ratio = [f"{best[ROOT][stage] / best[trees[1]][stage]:.2f}"] if args.against else []
        print(f"| {stage} | " + " | ".join(cells + ratio) + " |")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
