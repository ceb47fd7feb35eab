"""The legacy Word and spreadsheet readers (issue 17): the same sentences as the text, and time.

    python benchmarks/formats.py            # a few seconds
    python benchmarks/formats.py --runs 20
    python benchmarks/formats.py --corpus 40   # also 40 corpus reports via LibreOffice (soffice)

For each fixture of tests/data/formats (made once with LibreOffice by make_fixtures.py from
examples/sample_report.txt and data/reports/g12_township_2024.txt), and, as the baseline in the
same run, the same text written as .docx by tests/builders.py (the format nlp_perf read before):
the share of the text's sentences that the file gives back the same (a table row compared by its
cells: a row pasted one cell per line and a row of tab-joined cells are the same row), the
number of sentences, and the median time of ``read_document`` (warm, in-process).  For the
spreadsheet forms, the share of the corpus report's indicator rows found as lines of the sheet.
With ``--corpus N`` (needs LibreOffice's ``soffice``, so not in CI), N reports of data/reports
(every k-th by name) are written as .docx by python-docx, one paragraph per line of the .txt,
converted to .doc by LibreOffice in one run, and each read back: the share of sentences the
same as the .txt's, over all N, for the .docx and the .doc.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import write_docx  # noqa: E402

from nlp_perf import read_document  # noqa: E402
from nlp_perf.text.sentences import split_sentences  # noqa: E402
from nlp_perf.text.tables import cells  # noqa: E402

FORMATS = ROOT / "tests" / "data" / "formats"
G12 = ROOT / "data" / "reports" / "g12_township_2024.txt"
TABLE = "指标名称\t年度指标值\t实际完成值\t得分\n高标准农田建设面积\t2万亩\t2.1万亩\t10\n"


def sample_text() -> str:
    text = (ROOT / "examples" / "sample_report.txt").read_text(encoding="utf-8")
    head, _, tail = text.partition("四、存在的问题")
    return head + TABLE + "四、存在的问题" + tail


def keys(text: str) -> list[object]:
    return [cells(s.text) or s.text for s in split_sentences(text)]


def timed(path: Path, runs: int) -> tuple[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        text = read_document(path).text
        times.append(time.perf_counter() - start)
    return text, statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--corpus", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    g12 = read_document(G12).text
    cases = [("sample_report", sample_text(), "sample_report.doc"),
             ("g12_township_2024", g12, "g12_township_2024.doc")]  # fmt: skip
    print(f"# {platform.platform()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, {args.runs} runs")  # fmt: skip
    print(f"{'report':<20} {'file':<8} {'same sentences':>15} {'sentences':>10} {'read ms':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, fixture in cases:
            expected = keys(text)
            docx = write_docx(
                "\n".join(_rows_joined(text.splitlines())), Path(tmp) / f"{name}.docx"
            )
            for kind, path in (("docx", docx), ("doc", FORMATS / fixture)):
                got, ms = timed(path, args.runs)
                found = keys(got)
                same = sum(a == b for a, b in zip(found, expected)) / max(len(found), len(expected))
                print(f"{name:<20} {kind:<8} {same:>15.1%} {len(found):>10} {ms:>9.1f}")
    rows = ["\t".join(r) for r in _pasted(g12)]
    for name in ("form.xlsx", "form.xls"):
        got, ms = timed(FORMATS / name, args.runs)
        lines = set(got.splitlines())
        share = sum(r in lines for r in rows) / len(rows)
        print(f"{'g12 form rows':<20} {name.split('.')[1]:<8} {share:>15.1%} "
              f"{len(rows):>10} {ms:>9.1f}")  # fmt: skip
    if args.corpus:
        corpus(args.corpus)


def corpus(n: int) -> None:
    """The share of sentences read back the same from N corpus reports as .docx and .doc."""
    import shutil
    import subprocess

    import docx

    reports = sorted((ROOT / "data" / "reports").glob("*.txt"))
    reports = reports[:: max(1, len(reports) // n)][:n]
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        texts = {}
        for report in reports:
            texts[report.stem] = read_document(report).text
            document = docx.Document()
            for line in texts[report.stem].splitlines():
                document.add_paragraph(line)
            document.save(str(t / f"{report.stem}.docx"))
        start = time.perf_counter()
        sources = sorted(t.glob("*.docx"))
        for k in range(0, len(sources), 40):  # one soffice run per 40 files: a crash loses 40
            subprocess.run([shutil.which("soffice") or "soffice", "--headless",
                            f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                            "doc:MS Word 97", "--outdir", str(t / "doc"),
                            *map(str, sources[k : k + 40])], capture_output=True)  # fmt: skip
        convert = time.perf_counter() - start
        missing = [stem for stem in texts if not (t / "doc" / f"{stem}.doc").exists()]
        if missing:
            print(f"LibreOffice made no .doc of {len(missing)}: {', '.join(missing)}")
        texts = {stem: text for stem, text in texts.items() if stem not in missing}
        for kind, folder in (("docx", t), ("doc", t / "doc")):
            same = total = worst = 0
            worst_name = ""
            read_ms = 0.0
            for stem, text in texts.items():
                expected = keys(text)
                begin = time.perf_counter()
                found = keys(read_document(folder / f"{stem}.{kind}").text)
                read_ms += (time.perf_counter() - begin) * 1000
                k = sum(a == b for a, b in zip(found, expected))
                size = max(len(found), len(expected))
                same, total = same + k, total + size
                if size - k > worst:
                    worst, worst_name = size - k, stem
            print(f"{len(texts)} corpus reports as .{kind}: {same}/{total} sentences the same "
                  f"({same / total:.2%}), {read_ms / len(texts):.1f} ms a report"
                  + (f"; most differing: {worst_name} ({worst})" if worst else ""))  # fmt: skip
        print(f"(LibreOffice took {convert:.0f} s to convert them)")


def _pasted(text: str, width: int = 7) -> list[list[str]]:
    found = [line.strip() for line in text.splitlines() if line.startswith("\t")]
    return [found[k : k + width] for k in range(0, len(found), width)]


def _rows_joined(lines: list[str]) -> list[str]:
    """A table pasted one cell per line (as in g12's .txt) as tab-joined rows, for the .docx."""
    if not any(line.startswith("\t") for line in lines):
        return lines
    rows = ["\t".join(r) for r in _pasted("\n".join(lines))]
    first = next(k for k, line in enumerate(lines) if line.startswith("\t"))
    last = max(k for k, line in enumerate(lines) if line.startswith("\t"))
    return lines[:first] + rows + lines[last + 1 :]


if __name__ == "__main__":
    main()
