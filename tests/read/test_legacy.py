"""Word 97–2003 .doc, WPS .wps and spreadsheet forms (.xlsx, .xls): read like the same report
as plain text.

The files were made once with LibreOffice by tests/data/formats/make_fixtures.py, from
examples/sample_report.txt and the corpus report data/reports/g12_township_2024.txt.
"""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest
from conftest import DATA, ROOT, SAMPLE

from nlp_perf import InputError, classify_file, read_document
from nlp_perf.batch import expand_inputs
from nlp_perf.read.sheet import format_number
from nlp_perf.text.sentences import split_sentences
from nlp_perf.text.tables import cells

FIXTURES = ROOT / "tests" / "data" / "formats"
G12 = DATA / "reports" / "g12_township_2024.txt"
TABLE = "指标名称\t年度指标值\t实际完成值\t得分\n高标准农田建设面积\t2万亩\t2.1万亩\t10\n"


def sample_text() -> str:
    """The text sample_report.doc was made from (as tests/read/test_documents.py builds it)."""
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, tail = text.partition("四、存在的问题")
    return head + TABLE + "四、存在的问题" + tail


def sentence_keys(text: str) -> list[object]:
    """Each sentence as a reader must give it back: a table row by its cells (a row pasted one
    cell per line and a row of tab-joined cells are the same row), other sentences by text."""
    return [cells(s.text) or s.text for s in split_sentences(text)]


def pasted_rows(text: str, width: int = 7) -> list[str]:
    """A table pasted into a .txt one cell per tab-indented line, as tab-joined rows."""
    found = [line.strip() for line in text.splitlines() if line.startswith("\t")]
    return ["\t".join(found[k : k + width]) for k in range(0, len(found), width)]


def share_equal(a: list[object], b: list[object]) -> float:
    same = sum(x == y for x, y in zip(a, b))
    return same / max(len(a), len(b))


@pytest.mark.parametrize(
    "fixture, source",
    [("sample_report.doc", None), ("g12_township_2024.doc", G12)],
)
def test_doc_gives_the_sentences_of_the_text_it_was_made_from(fixture, source):
    expected = read_document(source).text if source else sample_text()
    doc = read_document(FIXTURES / fixture)
    assert doc.format == "doc" and doc.encoding is None
    keys = sentence_keys(expected)
    assert len(keys) > 30
    assert share_equal(sentence_keys(doc.text), keys) == 1.0


def test_doc_tables_are_rows_and_merged_cells_repeat_down():
    lines = read_document(FIXTURES / "g12_township_2024.doc").text.splitlines()
    rows = pasted_rows(read_document(G12).text)
    assert len(rows) == 11
    assert [line for line in lines if "\t" in line] == rows
    # 产出指标 is one cell merged down over five rows in the .doc, named on each row
    assert sum(line.startswith("产出指标\t") for line in lines) == 5


def test_a_wps_file_in_the_word_format_reads_as_the_doc(tmp_path):
    wps = tmp_path / "report.wps"
    wps.write_bytes((FIXTURES / "sample_report.doc").read_bytes())
    doc = read_document(wps)
    assert doc.format == "wps"
    assert doc.text == read_document(FIXTURES / "sample_report.doc").text


def _fib_offset(data: bytes) -> int:
    """Where the WordDocument stream (its FIB, starting 0xA5EC) lies in the file."""
    at = next(k for k in range(512, len(data), 512) if data[k : k + 2] == b"\xec\xa5")
    return at


def _with_fib(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    buf = bytearray(data)
    at = _fib_offset(data) + offset
    struct.pack_into(fmt, buf, at, value)
    return bytes(buf)


def _bad(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_document(path)
    message = str(exc.value)
    assert len(message.splitlines()) == 1
    return message


def test_unreadable_doc_and_wps_files(tmp_path):
    data = (FIXTURES / "sample_report.doc").read_bytes()
    flags = struct.unpack_from("<H", data, _fib_offset(data) + 0x0A)[0]
    assert _bad(tmp_path, "locked.doc", _with_fib(data, 0x0A, "<H", flags | 0x0100)) == (
        "the document is password-protected; save an unprotected copy first"
    )
    assert _bad(tmp_path, "old.doc", _with_fib(data, 0, "<H", 0xA5DC)).startswith(
        "a Word 6/95 document, too old to read: save it as .docx"
    )
    assert _bad(tmp_path, "cut.doc", data[:3000]).startswith("not a readable .doc file")
    assert _bad(tmp_path, "empty.doc", data[:8] + b"\x00" * 600) == (
        "not a readable .doc file (a damaged OLE compound file)"
    )
    kingsoft = b"\xd0\xe4\x00\x00WPS" + "金山文字".encode("gb18030") * 50
    assert _bad(tmp_path, "old.wps", kingsoft).startswith(
        "an older WPS file, not in the Word 97–2003 format: save it as .docx"
    )
    assert _bad(tmp_path, "report.doc", b"{\\rtf1\\ansi " + b"x" * 100).startswith(
        "a Rich Text (RTF) file: save it as .docx"
    )


def test_a_damaged_piece_table_is_one_line_not_a_huge_allocation(tmp_path):
    data = (FIXTURES / "sample_report.doc").read_bytes()
    clx = 32 + 2 + 2 * 14 + 2 + 4 * 22 + 2 + 8 * 33  # FibBase, fibRgW, fibRgLw, fcClx
    for value in (0xFFFFFFF0, 0x7FFFFFFF, 0):
        message = _bad(tmp_path, "bad.doc", _with_fib(data, clx + 4, "<I", value))
        assert message.startswith("not a readable .doc file (damaged: ")
    ccp_text = 32 + 2 + 2 * 14 + 2 + 4 * 3
    long = tmp_path / "long.doc"  # a main text of 2**31 characters: the pieces bound it
    long.write_bytes(_with_fib(data, ccp_text, "<I", 0x7FFFFFFF))
    assert len(read_document(long).text) < len(data)


def test_pieces_pointing_at_the_same_bytes_are_refused(tmp_path):
    """200 pieces of 7,000 characters each, all at the start of a 7 KB stream: 1.4 million
    characters from nothing (a crafted file could make gigabytes), refused instead."""
    import olefile

    path = tmp_path / "overlap.doc"
    path.write_bytes((FIXTURES / "sample_report.doc").read_bytes())
    n, at = 200, 8000
    clx = struct.pack("<BI", 2, 4 + 12 * n) + struct.pack(
        f"<{n + 1}I", *range(0, 7000 * (n + 1), 7000)
    )
    clx += b"".join(struct.pack("<HIH", 0, 0x40000000, 0) for _ in range(n))
    fib = 32 + 2 + 2 * 14 + 2  # FibBase, fibRgW: then fibRgLw, of 22 fields
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        table = bytearray(ole.openstream("1Table").read())
        table[at : at + len(clx)] = clx
        ole.write_stream("1Table", bytes(table))
        word = bytearray(ole.openstream("WordDocument").read())
        struct.pack_into("<I", word, fib + 4 * 3, 7000 * n)  # ccpText
        struct.pack_into("<II", word, fib + 4 * 22 + 2 + 8 * 33, at, len(clx))  # fcClx, lcbClx
        ole.write_stream("WordDocument", bytes(word))
    with pytest.raises(
        InputError, match=r"^not a readable \.doc file \(damaged: the pieces of the text overlap\)$"
    ):
        read_document(path)


def test_cli_error_for_a_bad_doc_is_one_line(tmp_path):
    bad = tmp_path / "bad.doc"
    bad.write_bytes((FIXTURES / "sample_report.doc").read_bytes()[:3000])
    done = subprocess.run([sys.executable, "-m", "nlp_perf", "classify", str(bad)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {bad}: not a readable .doc file")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "name, cause",
    [
        ("sample_report.locked.doc", "the document is password-protected"),  # LibreOffice
        ("form.locked.xls", "the workbook is password-protected"),  # LibreOffice
        ("form.locked.xlsx", "a password-protected Office file"),  # Excel's agile encryption
    ],
)
def test_a_file_saved_with_a_password_is_one_line_naming_it(name, cause, tmp_path):
    locked = tmp_path / name
    locked.write_bytes((FIXTURES / name).read_bytes())
    done = subprocess.run([sys.executable, "-m", "nlp_perf", "classify", str(locked)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"error: {locked}: {cause}; save an unprotected copy first\n"


def test_a_folder_with_a_bad_doc_still_classifies_the_others(tmp_path, tiny_model_dir, capsys):
    from nlp_perf.cli import main

    for name in ("sample_report.doc", "form.xlsx", "form.xls", "form.locked.xlsx"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "old.wps").write_bytes((FIXTURES / "g12_township_2024.doc").read_bytes())
    (tmp_path / "bad.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 700)
    paths, problems = expand_inputs([str(tmp_path)])
    assert len(paths) == 6 and not problems
    code = main(["classify", "--format", "json", "--model", str(tiny_model_dir), str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(out.splitlines()) == 4
    assert sorted(err.splitlines()[:2]) == [
        f"error: {tmp_path / 'bad.doc'}: not a readable .doc file (a damaged OLE compound file)",
        f"error: {tmp_path / 'form.locked.xlsx'}: a password-protected Office file; "
        "save an unprotected copy first",
    ]
    assert err.splitlines()[2:] == ["6 reports, 2 failed"]


# --- spreadsheets ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["form.xlsx", "form.xls"])
def test_form_rows_are_the_rows_pasted_into_a_txt(name):
    doc = read_document(FIXTURES / name)
    assert doc.format == name.rsplit(".", 1)[1]
    lines = doc.text.splitlines()
    rows = pasted_rows(read_document(G12).text)
    start = lines.index(rows[0])
    assert lines[start : start + len(rows)] == rows


@pytest.mark.parametrize("name", ["form.xlsx", "form.xls"])
def test_form_merged_cells_once_numbers_as_shown_sheets_in_order(name):
    lines = read_document(FIXTURES / name).text.splitlines()
    assert lines[0] == "项目支出绩效自评表"  # merged across seven columns: one cell, no tabs
    assert lines[1] == "项目名称\t村级组织运转经费\t主管部门\t朵什乡人民政府"
    assert lines[2] == "项目资金（万元）\t年初预算数\t350.86\t全年执行数\t343.27\t执行率\t97.84%"
    assert lines[-1].startswith("填表说明")  # the second sheet, after the first
    assert lines[-2] == ""


@pytest.mark.parametrize("name", ["form.xlsx", "form.xls"])
def test_form_indicators_are_found_as_in_the_pasted_rows(name, tmp_path, tiny_model):
    """The form's indicators are those of its rows pasted from the corpus report into a .txt."""
    pasted = tmp_path / "pasted.txt"
    rows = pasted_rows(read_document(G12).text)
    pasted.write_text("项目支出绩效自评表\n" + "\n".join(rows) + "\n", encoding="utf-8")
    form = classify_file(FIXTURES / name, tiny_model)
    as_txt = classify_file(pasted, tiny_model)

    def found(result) -> list[dict]:
        return [{k: v for k, v in ind.items() if k != "sentence"} for ind in result.indicators]

    assert len(found(as_txt)) >= 8
    assert found(form) == found(as_txt)
    labels = {s.text: s.label for s in as_txt.rows}
    assert [(s.text, s.label) for s in form.rows if s.text in rows] == [
        (row, labels[row]) for row in rows
    ]
    assert all(s.is_table_row for s in form.rows if s.text in rows)


@pytest.mark.parametrize(
    "value, fmt, shown",
    [
        (1061.6899999999999, "General", "1061.69"),
        (10.0, "General", "10"),
        (0.30000000000000004, "General", "0.3"),
        (0.9797, "0.00%", "97.97%"),
        (1.0, "0%", "100%"),
        (1234567.5, "#,##0.00", "1,234,567.50"),
        (350.8, "0.00", "350.80"),
        (12.5, '0.0"万元"', "12.5"),
        (-3.0, "0.00;[Red]-0.00", "-3.00"),
        (2.5, "#.##", "2.5"),
        (0.25, "# ?/?", "0.25"),  # a fraction: shown as a decimal, not rounded to 0
        (12345.678, "0.00E+00", "12345.678"),
        (10**400, "0.00", "1" + "0" * 400),  # an integer no float holds
    ],
)
def test_numbers_read_as_the_form_shows_them(value, fmt, shown):
    assert format_number(value, fmt) == shown


def test_unreadable_spreadsheets(tmp_path):
    form = (FIXTURES / "form.xlsx").read_bytes()
    assert _bad(tmp_path, "cut.xlsx", form[:2000]).startswith("not a readable .xlsx file")
    xls = (FIXTURES / "form.xls").read_bytes()
    assert _bad(tmp_path, "cut.xls", xls[:3000]).startswith("not a readable .xls file")


def test_a_results_workbook_in_the_folder_is_not_read_as_a_report(tmp_path, tiny_model_dir):
    from nlp_perf.cli import main

    (tmp_path / "form.xlsx").write_bytes((FIXTURES / "form.xlsx").read_bytes())
    out = tmp_path / "results.xlsx"
    assert (
        main(["classify", "-q", "--model", str(tiny_model_dir), str(tmp_path), "--out", str(out)])
        == 0
    )
    assert _bad(tmp_path, "results.xlsx", out.read_bytes()) == (
        "a workbook of nlp_perf's results, not a report (written by --out)"
    )
