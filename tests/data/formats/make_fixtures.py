"""Make the legacy Word and spreadsheet fixtures of tests/read/test_legacy.py (run by hand, not in CI).

The files are written once with LibreOffice and committed, so the tests need no office suite:

    apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui
    PYTHONPATH=. python tests/data/formats/make_fixtures.py

- ``sample_report.doc``: the report of tests/read/test_documents.py (examples/sample_report.txt
  with an indicator table) written as .docx by tests/builders.py, converted to Word 97–2003;
- ``g12_township_2024.doc``: the corpus report data/reports/g12_township_2024.txt, its
  indicator table (pasted one cell per line in the .txt) a real table whose 一级指标 cells are
  merged down, converted to Word 97–2003;
- ``form.xlsx`` and ``form.xls``: that report's self-evaluation form (绩效目标自评表) as a
  spreadsheet: a title merged across the columns, the indicator rows with 一级指标 merged down,
  scores as numbers, rates as numbers shown as percentages, an amount shown with two
  decimals, a second sheet with notes; written with openpyxl, then saved by LibreOffice Calc
  as .xlsx and as Excel 97–2003 .xls.

- ``sample_report.locked.doc`` and ``form.locked.xls``: those files saved with a password
  ("qingxi") by LibreOffice through its UNO API (encrypt.py, run by the system Python:
  ``apt-get install -y python3-uno``; ``soffice --convert-to`` cannot pass a password);
- ``form.locked.xlsx``: form.xlsx encrypted with a password by msoffcrypto-tool (``pip install
  msoffcrypto-tool``; ECMA-376 agile encryption, what Excel writes), because LibreOffice 7.4's
  API stored the .xlsx unencrypted.

The tests also set the FIB's fEncrypted flag in a copy of sample_report.doc (what Word sets when
it encrypts).  No .wps is made: LibreOffice cannot write one.  WPS Office writes .wps in the Word binary
format (its compatibility mode), which is what a .doc renamed .wps is; the tests do that.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from builders import write_docx  # noqa: E402

from nlp_perf.read import decode_bytes  # noqa: E402

TABLE = "指标名称\t年度指标值\t实际完成值\t得分\n高标准农田建设面积\t2万亩\t2.1万亩\t10\n"
G12 = ROOT / "data" / "reports" / "g12_township_2024.txt"


def sample_text() -> str:
    """The report of tests/read/test_documents.py, built the same way."""
    text = (ROOT / "examples" / "sample_report.txt").read_text(encoding="utf-8")
    head, _, tail = text.partition("四、存在的问题")
    return head + TABLE + "四、存在的问题" + tail


def indicator_rows(text: str, width: int = 7) -> tuple[list[str], list[list[str]], list[str]]:
    """A report whose table is pasted one cell per tab-indented line: the lines before the
    table, its rows of ``width`` cells, and the lines after it."""
    lines = text.splitlines()
    first = next(k for k, line in enumerate(lines) if line.startswith("\t"))
    last = max(k for k, line in enumerate(lines) if line.startswith("\t"))
    cells = [line.strip() for line in lines[first : last + 1] if line.startswith("\t")]
    rows = [cells[k : k + width] for k in range(0, len(cells), width)]
    return lines[:first], rows, lines[last + 1 :]


def g12_docx(path: Path) -> None:
    import docx

    text, _ = decode_bytes(G12.read_bytes())
    before, rows, after = indicator_rows(text)
    document = docx.Document()
    for line in before:
        if line.strip() and not line.startswith("[bookmark"):
            document.add_paragraph(line.strip())
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    start = 1
    for r in range(2, len(rows) + 1):  # 一级指标 merged down over its rows
        if r == len(rows) or rows[r][0] != rows[start][0]:
            if r - 1 > start:
                merged = table.cell(start, 0).merge(table.cell(r - 1, 0))
                merged.text = rows[start][0]
            start = r
    for line in after:
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))


def _value(text: str):
    """A cell's value as a form holds it: a number with its display format, or text."""
    if text.endswith("%") and text[:-1].replace(".", "", 1).isdigit():
        decimals = len(text[:-1].partition(".")[2])
        return float(text[:-1]) / 100, "0" + ("." + "0" * decimals if decimals else "") + "%"
    if text.isdigit():
        return int(text), "General"
    return text, "General"


def form_xlsx(path: Path) -> None:
    import openpyxl

    text, _ = decode_bytes(G12.read_bytes())
    _, rows, _ = indicator_rows(text)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws.append(["项目支出绩效自评表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=7)
    ws.append(["项目名称", "村级组织运转经费", None, None, "主管部门", "朵什乡人民政府", None])
    ws.merge_cells("B2:D2")
    ws.merge_cells("F2:G2")
    ws.append(["项目资金（万元）", "年初预算数", 350.86, "全年执行数", 343.27, "执行率", 0.9784])
    ws["C3"].number_format = ws["E3"].number_format = "0.00"
    ws["G3"].number_format = "0.00%"
    ws.append([])
    top = ws.max_row + 1
    for row in rows:
        ws.append([_value(c)[0] for c in row])
        for c, cell in enumerate(ws[ws.max_row]):
            cell.number_format = _value(row[c])[1] if c < len(row) else "General"
    start = top + 1
    for r in range(top + 2, top + len(rows) + 1):
        if r == top + len(rows) or ws.cell(r, 1).value != ws.cell(start, 1).value:
            if r - 1 > start:
                for k in range(start + 1, r):
                    ws.cell(k, 1).value = None  # a merged range keeps its first cell only
                ws.merge_cells(start_row=start, start_column=1, end_row=r - 1, end_column=1)
            start = r
    notes = wb.create_sheet("说明")
    notes.append(["填表说明：分值和得分为百分制，执行率按全年执行数除以年初预算数计算。"])
    wb.save(str(path))


def convert(source: Path, to: str, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", to, "--outdir", tmp, str(source)],
                       check=True, capture_output=True)  # fmt: skip
        made = next(p for p in Path(tmp).iterdir() if p.is_file())
        shutil.move(str(made), out)
    return out


PASSWORD = "qingxi"


def locked(source: Path, filter_name: str, out: Path) -> Path:
    """``source`` saved with a password by LibreOffice (encrypt.py, the system Python's UNO)."""
    subprocess.run(["/usr/bin/python3", str(HERE / "encrypt.py"), str(source), str(out),
                    filter_name, PASSWORD], check=True, capture_output=True)  # fmt: skip
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        sample = write_docx(sample_text(), t / "sample_report.docx")
        convert(sample, "doc:MS Word 97", HERE / "sample_report.doc")
        g12_docx(t / "g12_township_2024.docx")
        convert(t / "g12_township_2024.docx", "doc:MS Word 97", HERE / "g12_township_2024.doc")
        form_xlsx(t / "form.xlsx")
        convert(t / "form.xlsx", "xlsx:Calc MS Excel 2007 XML", HERE / "form.xlsx")
        convert(t / "form.xlsx", "xls:MS Excel 97", HERE / "form.xls")
    locked(HERE / "sample_report.doc", "MS Word 97", HERE / "sample_report.locked.doc")
    locked(HERE / "form.xls", "MS Excel 97", HERE / "form.locked.xls")
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(HERE / "form.xlsx", "rb") as plain, open(HERE / "form.locked.xlsx", "wb") as out:
        OOXMLFile(plain).encrypt(PASSWORD, out)
    for p in sorted(HERE.glob("*.xls*")) + sorted(HERE.glob("*.doc")):
        print(f"{p.name}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
