"""The OCR figure check: does the report's own arithmetic catch a dropped decimal point?

    python benchmarks/ocr_check.py            # real reports of ../shared and the corpus

OCR's costly slip is a dropped decimal point (353.59万元 read as 35359万元).  For every report
(the two seeds and 45 real_dev pages of ../shared, and the 316 corpus reports of data/reports)
this script classifies the text, checks its key figures as a report read by OCR would be
checked (``nlp_perf.review.check_ocr_figures``) and counts, per figure: confirmed by an
identity as printed ("agrees"), left unchecked, found out of balance ("disagrees": the report's
own figures do not add up).  Then, one at a time, it drops the decimal point of each figure an
identity confirmed (printed with two decimals, as the costly ones are) and counts how often the
check turns that figure to "disagrees" (caught), suggests the right reading, or suggests a
wrong one.  Simulated slips on the true text, not OCR output: the OCR benchmark
(benchmarks/ocr.py) measures how often OCR makes them.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from nlp_perf import classify_file  # noqa: E402
from nlp_perf.review import check_ocr_figures  # noqa: E402

_TWO_DECIMALS = re.compile(r"(\d[\d,]*)\.(\d\d)(?!\d)")


def _figures(result) -> dict:
    return {"figures": result.figures, "projects": result.projects}


def dropped_points(figures: dict, counts: Counter) -> None:
    """Each confirmed figure printed with two decimals, read without its point."""
    checks = check_ocr_figures(figures)
    for key, check in checks.items():
        counts[check["ocr_check"]] += 1
        entry = figures["figures"][key]
        found = list(_TWO_DECIMALS.finditer(str(entry.get("text") or "")))
        if check["ocr_check"] != "agrees" or not found:
            continue
        m = found[-1]
        digits = m.group(1).replace(",", "") + m.group(2)
        misread = dict(entry, value=round(entry["value"] * 100, 6),
                       text=entry["text"][: m.start()] + digits + entry["text"][m.end() :])  # fmt: skip
        after = check_ocr_figures(dict(figures, figures={**figures["figures"], key: misread}))
        counts["slips"] += 1
        counts["caught"] += after[key]["ocr_check"] == "disagrees"
        suggested = [k for k, c in after.items() if "ocr_suggested" in c]
        if suggested == [key] and abs(after[key]["ocr_suggested"]["value"] - entry["value"]) < 1e-6:
            counts["right reading suggested"] += 1
        elif suggested:
            counts["wrong reading suggested"] += 1


def main() -> int:
    sets = {"corpus (data/reports)": sorted((ROOT / "data" / "reports").glob("*.txt"))}
    if SHARED.exists():
        real = sorted((SHARED / "seeds").glob("*.txt"))
        real += sorted((SHARED / "eval" / "real_dev" / "raw").glob("*.txt"))
        sets = {"real (2 seeds + 45 real_dev pages)": real, **sets}
    else:
        print(f"(no {SHARED}: real reports skipped)", file=sys.stderr)
    print("| reports | n | figures | agrees | unchecked | disagrees (as printed) | dropped points "
          "| caught | right reading suggested | wrong reading suggested |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, paths in sets.items():
        counts: Counter = Counter()
        for path in paths:
            dropped_points(_figures(classify_file(path)), counts)
        figures = counts["agrees"] + counts["unchecked"] + counts["disagrees"]
        print(f"| {name} | {len(paths)} | {figures} | {counts['agrees']} | {counts['unchecked']} "
              f"| {counts['disagrees']} | {counts['slips']} | {counts['caught']} "
              f"| {counts['right reading suggested']} | {counts['wrong reading suggested']} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
