"""How well and how fast scanned PDFs are read by OCR (issue 17).

    python benchmarks/ocr.py                   # 3 reports, 2 scan conditions, 3 engine settings
    python benchmarks/ocr.py --reports 1 --settings chosen --no-write

Scans are made from corpus reports (data/reports/*.txt) as tests/builders.py ``write_scan``
makes them: the text drawn with reportlab in a Chinese font (A4, 12 pt), each page rendered
with pypdfium2 at 150 or 300 dpi, turned by a small angle, a red round seal drawn over the
text of the last page, saved as a PDF of images only.  Each scan is read with
``nlp_perf.read.read_document`` (so with the PDF reader's rejoining of lines) under each
engine setting:

- ``defaults``: rapidocr-onnxruntime as it comes (all threads, the angle classifier, the page
  shrunk to 2000 px, detection at its default size), the baseline the issue measured;
- ``2 threads, no cls``: both cores for one page (intra-op threads = 2), no angle classifier;
- ``chosen``: what nlp_perf uses (nlp_perf/read/ocr.py): the above, detection on the page
  shrunk to 1280 px on its long side, recognition on the page as rendered at 200 dpi.

Per scan condition and setting it prints: character accuracy (1 - edits / characters of the
drawn text, both NFKC-normalised with white space removed; edits are difflib's opcodes, an
upper bound of the edit distance), the share of the text's amounts (万元, 亿元, 元, %) read
exactly, and seconds per page: wall time, and the CPU time of all the process's threads (which
the machine's other load changes less), engine loading excluded.  The machine's load average
is printed with the table, which is written between the markers in docs/ocr.md.  This is a
benchmark: it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import os
import platform
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the scan builder the tests use

from builders import lines_of, write_scan  # noqa: E402

from nlp_perf.read import ocr, read_document  # noqa: E402

REPORTS = ["a04_court_2022.txt", "a08_civil_affairs_2022.txt", "a10_people_congress_2024.txt",
           "a02_cppcc_2020.txt", "a06_public_security_2024.txt"]  # fmt: skip
CONDITIONS = [(150, 0.6), (300, -0.8)]  # dpi, degrees turned; every scan has a red seal
AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万元|亿元|元|%)")
DOC = ROOT / "docs" / "ocr.md"
BEGIN, END = "<!-- ocr-benchmark:begin -->", "<!-- ocr-benchmark:end -->"


def _settings() -> dict:
    from rapidocr_onnxruntime import RapidOCR

    return {
        "defaults": (lambda: RapidOCR(), True),
        "2 threads, no cls": (
            lambda: RapidOCR(intra_op_num_threads=2, inter_op_num_threads=1),
            False,
        ),  # fmt: skip
        "chosen": (ocr._engine, False),
    }


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def accuracy(truth: str, read: str) -> float:
    """1 - edits / len(truth), over the NFKC text without white space."""
    a, b = _plain(truth), _plain(read)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")
    return 1 - edits / max(len(a), 1)


def amounts_read(truth: str, read: str) -> tuple[int, int]:
    """(amounts of the text found exactly in what was read, amounts of the text)."""
    want = Counter(AMOUNT.findall(_plain(truth)))
    got = Counter(AMOUNT.findall(_plain(read)))
    return sum((want & got).values()), sum(want.values())


def _use(setting: tuple) -> None:
    """Make nlp_perf's reader use this engine, with or without the angle classifier."""
    make, use_cls = setting
    engine = make()

    def read(image, **kwargs):  # the reader asks for use_cls=False: the setting decides
        return engine(image, use_cls=use_cls)

    ocr._engine = lambda: read


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reports", type=int, default=3)
    p.add_argument("--settings", nargs="*", help="names of the settings to run (default: all)")
    p.add_argument("--no-write", action="store_true", help=f"do not update {DOC.name}")
    args = p.parse_args(argv)
    chosen_engine = ocr._engine
    settings = _settings()
    names = args.settings or list(settings)
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        scans = []
        for name in REPORTS[: args.reports]:
            text = read_document(ROOT / "data" / "reports" / name).text
            for dpi, angle in CONDITIONS:
                path = Path(tmp) / f"{name}-{dpi}.pdf"
                write_scan(text, path, dpi=dpi, angle=angle, seal=True)
                scans.append((dpi, angle, text, path))
        for setting in names:
            _use(settings[setting])
            ocr._engine()  # load the models before timing
            for dpi, angle in CONDITIONS:
                acc, found, total, pages, seconds, cpu = [], 0, 0, 0, 0.0, 0.0
                for d, _, text, path in scans:
                    if d != dpi:
                        continue
                    start, cpu_start = time.perf_counter(), time.process_time()
                    doc = read_document(path)
                    seconds += time.perf_counter() - start
                    cpu += time.process_time() - cpu_start
                    pages += len(doc.ocr["pages"])
                    truth = "\n".join(line.replace("\t", "") for line in lines_of(text))
                    acc.append(accuracy(truth, doc.text))
                    f, t = amounts_read(truth, doc.text)
                    found, total = found + f, total + t
                rows.append((f"{dpi} dpi, {angle:+.1f}°, seal", setting, sum(acc) / len(acc),
                             found / max(total, 1), f"{found}/{total}", seconds / pages, cpu / pages,
                             pages))  # fmt: skip
                print(_row(rows[-1]), flush=True)
            ocr._engine = chosen_engine
    load_after = os.getloadavg()
    table = _table(rows, args.reports, load_before, load_after)
    print(table)
    if not args.no_write:
        text = DOC.read_text(encoding="utf-8")
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        DOC.write_text(f"{head}{BEGIN}\n{table}{END}{tail}", encoding="utf-8")
    return 0


def _row(r: tuple) -> str:
    return (
        f"| {r[0]} | {r[1]} | {r[2]:.2%} | {r[3]:.1%} ({r[4]}) | {r[5]:.1f} | {r[6]:.1f} | {r[7]} |"
    )


def _table(rows: list[tuple], reports: int, before: tuple, after: tuple) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Measured {when} on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {reports} reports ({', '.join(REPORTS[:reports])}); "
        f"load average {before[0]:.2f} before, {after[0]:.2f} after (the machine was shared).",
        "",
        "| scan | engine setting | characters right | amounts read exactly | s / page | CPU s / page "
        "| pages |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    return "\n".join(lines + [_row(r) for r in rows]) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
