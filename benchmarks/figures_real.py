"""Key figures and review flags on real reports, against a reviewer's reading of them.

    python benchmarks/figures_real.py            # prints the table and the wrong cases
    python benchmarks/figures_real.py --write    # also keeps the table in docs/figures.md

The gold (data/figures_gold.jsonl, its datasheet data/figures_gold.md) says for each real
report of ../shared (the two seeds and the 45 pages of eval/real_dev) what a reviewer reads off
it: each key figure stated (value and unit; a unit's name as the SHA-256 of its words, so that
no text of the reports is copied), stated as a placeholder, or not stated; and which flags
should fire.  This script classifies each report with the shipped model (or --model) and
prints, per field and per flag, precision, recall and every wrong case.

A figure is right when its value equals the gold's (amounts within 0.005 万元, rates and scores
within 0.005; a placeholder is right when both are null).  Precision: right ÷ figures the tool
gave (for the reports in the gold); recall: right ÷ figures the gold says are stated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "data" / "figures_gold.jsonl"
DOC = ROOT / "docs" / "figures.md"
BEGIN, END = "<!-- figures_real: begin -->", "<!-- figures_real: end -->"
SEEDS = {"seed000": "000_ac12c17dd3c15f90.txt", "seed002": "002_7a6ab0f4ebc5dd11.txt"}


def report_path(doc: str) -> Path:
    if doc in SEEDS:
        return SHARED / "seeds" / SEEDS[doc]
    return SHARED / "eval" / "real_dev" / "raw" / f"{doc}.txt"


def read_gold(path: Path) -> tuple[dict, dict]:
    """(figures, flags): {doc: {field: (stated, value)}}, {doc: {code: fires}}."""
    figures: dict = defaultdict(dict)
    flags: dict = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if "field" in rec:
            value = ("sha256", rec["value_sha256"]) if "value_sha256" in rec else rec.get("value")
            figures[rec["doc"]][rec["field"]] = (rec["stated"], value)
        elif "flag" in rec:
            flags[rec["doc"]][rec["flag"]] = rec["fires"]
    return figures, flags


def same(gold, got) -> bool:
    if isinstance(gold, tuple):  # a name, kept as the hash of its words (no text copied)
        words = " ".join(str(got).split()).encode()
        return got is not None and hashlib.sha256(words).hexdigest() == gold[1]
    if gold is None or got is None:
        return gold is None and got is None
    if isinstance(gold, str) or isinstance(got, str):
        return str(gold).strip() == str(got).strip()
    return abs(float(gold) - float(got)) <= 0.005 + 1e-9


def score(figures: dict, flags: dict, results: dict) -> tuple[list, list, list]:
    """Rows of the field table, rows of the flag table, and the wrong cases."""
    counts = defaultdict(lambda: [0, 0, 0])  # field: right, given, stated
    wrong = []
    for doc, fields in sorted(figures.items()):
        found = results[doc].figures
        for field, (stated, value) in fields.items():
            got = found.get(field)
            c = counts[field]
            c[2] += bool(stated)
            if got is not None:
                c[1] += 1
            if stated and got is not None and same(value, got.get("value")):
                c[0] += 1
            elif stated or got is not None:
                shown = "not stated" if not stated else value
                wrong.append((doc, field, shown, None if got is None else got.get("value")))
    field_rows = [(f, *c) for f, c in counts.items()]
    flag_counts = defaultdict(lambda: [0, 0, 0])  # code: right fires, fires, should fire
    for doc, codes in sorted(flags.items()):
        fired = {f["code"] for f in results[doc].flags}
        for code, fires in codes.items():
            c = flag_counts[code]
            c[0] += fires and code in fired
            c[1] += code in fired
            c[2] += fires
            if fires != (code in fired):
                wrong.append((doc, f"flag {code}", fires, code in fired))
    flag_rows = [(f, *c) for f, c in flag_counts.items()]
    return field_rows, flag_rows, wrong


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def table(field_rows: list, flag_rows: list, model: str, docs: int) -> str:
    lines = [f"Model {model}; {docs} real reports (2 seeds, 45 real_dev pages); "
             "`python benchmarks/figures_real.py`.", "",
             "| field | right | given | stated | precision | recall |", "|---|---|---|---|---|---|"]  # fmt: skip
    for f, right, given, stated in field_rows:
        lines.append(f"| `{f}` | {right} | {given} | {stated} | {_ratio(right, given)} "
                     f"| {_ratio(right, stated)} |")  # fmt: skip
    tot = [sum(r[k] for r in field_rows) for k in (1, 2, 3)]
    lines.append(f"| all | {tot[0]} | {tot[1]} | {tot[2]} | {_ratio(tot[0], tot[1])} "
                 f"| {_ratio(tot[0], tot[2])} |")  # fmt: skip
    lines += ["", "| flag | right | fired | should fire | precision | recall |",
              "|---|---|---|---|---|---|"]  # fmt: skip
    for f, right, fired, should in flag_rows:
        lines.append(f"| `{f}` | {right} | {fired} | {should} | {_ratio(right, fired)} "
                     f"| {_ratio(right, should)} |")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="model directory (default: the shipped one)")
    parser.add_argument("--write", action="store_true", help="keep the table in docs/figures.md")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"error: {SHARED}: not found; the real reports live in ../shared", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    from nlp_perf import classify_file, load_model

    model = load_model(args.model)
    figures, flags = read_gold(GOLD)
    docs = sorted(set(figures) | set(flags))
    results = {doc: classify_file(report_path(doc), model) for doc in docs}
    field_rows, flag_rows, wrong = score(figures, flags, results)
    text = table(field_rows, flag_rows, f"{model.name} {model.version}", len(docs))
    print(text)
    print("\nwrong cases (doc, field or flag, gold, got):")
    for case in wrong:
        print("  " + "  ".join(map(str, case)))
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        head, rest = doc.split(BEGIN)
        DOC.write_text(head + BEGIN + "\n" + text + "\n" + END + rest.split(END)[1],
                       encoding="utf-8")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
