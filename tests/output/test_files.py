"""The files --out writes (nlp_perf/output/files.py): the format by extension, nothing replaced
without force, CSV that Excel reads as Chinese, an .xlsx with its sheets, HTML pages.  Reports
are built by hand, labels given to the splitter's sentences."""

from __future__ import annotations

import csv
import io
import json

import pytest

from nlp_perf import split_sentences
from nlp_perf.batch import Outcome
from nlp_perf.document import ClassifiedSentence, ReportResult
from nlp_perf.output.files import OutputError, check_writable, output_format, write_outputs

LABELS = ("achievement", "problem", "measure", "metric", "other")


def result_of(text: str, labels: list[str], file: str, **details) -> ReportResult:
    rows = [
        ClassifiedSentence.of(s, lab, confidence=0.9)
        for s, lab in zip(split_sentences(text), labels)
    ]
    return ReportResult(file, len(text), "test-model", "1.0", LABELS, rows, text=text, **details)


ONE = result_of(
    "资金拨付偏慢。\n加快拨付进度。\n全年支出480万元。",
    ["problem", "measure", "metric"],
    "甲局.txt",
    figures={"final_expenditure": {"value": 480.0, "unit": "万元", "sentence": 2,
                                   "text": "全年支出480万元"}},
    projects=[{"name": "护林员培训", "budget": 36.0, "adjusted_budget": None, "executed": 35.1,
               "completion_rate": 97.5, "score": None, "sentence": 2}],
    indicators=[{"name": "巡护天数", "target": "≥300天", "actual": "312天", "score": 10.0,
                 "sentence": 2}],
    flags=[{"code": "score_missing", "message": "报告未给出自评得分", "sentences": []}],
)  # fmt: skip
TWO = result_of("完成培训12次。", ["achievement"], "乙局.txt")
OUTCOMES = [
    Outcome("甲局.txt", ONE),
    Outcome("丙局.pdf", None, "cannot read: no text layer"),
    Outcome("乙局.txt", TWO),
]


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("out.jsonl", "jsonl"),
        ("out.json", "json"),
        ("out.csv", "csv"),
        ("out.xlsx", "xlsx"),
        ("结果.XLSX", "xlsx"),  # the case of the extension does not matter
        ("out.html", "html"),
        ("out.htm", "html"),
    ],
)
def test_the_format_comes_from_the_extension(name, fmt):
    assert output_format(name) == fmt


def test_a_format_named_wins_over_the_extension():
    assert output_format("out.txt", "csv") == "csv"
    assert output_format("out.csv", "json") == "json"


@pytest.mark.parametrize("name", ["out.txt", "out", "out.xls"])
def test_an_extension_of_no_format_is_refused_with_the_ones_there_are(name):
    with pytest.raises(OutputError, match=r"cannot tell the format .*\.jsonl, \.json, \.csv"):
        output_format(name)


def test_an_existing_file_is_not_replaced_without_force(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("旧内容", encoding="utf-8")
    with pytest.raises(OutputError, match="exists; use --force to replace it"):
        check_writable(out, "json", force=False)
    with pytest.raises(OutputError, match="exists"):
        write_outputs(out, OUTCOMES, LABELS, "json")
    assert out.read_text(encoding="utf-8") == "旧内容"


def test_with_force_an_existing_file_is_replaced(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("旧内容", encoding="utf-8")
    assert write_outputs(out, OUTCOMES, LABELS, "json", force=True) == [out]
    assert [r["file"] for r in json.loads(out.read_text(encoding="utf-8"))] == [
        "甲局.txt",
        "乙局.txt",
    ]


def test_a_folder_is_never_written_over(tmp_path):
    with pytest.raises(OutputError, match="is a directory; name a file to write"):
        check_writable(tmp_path, "json", force=True)


def test_json_lines_hold_one_report_a_line_and_leave_out_failed_ones(tmp_path):
    out = tmp_path / "out.jsonl"
    write_outputs(out, OUTCOMES, LABELS, "jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [ONE.to_dict(), TWO.to_dict()]
    assert "资金拨付偏慢" in lines[0]  # Chinese as written, not escaped


def test_csv_starts_with_a_bom_so_excel_shows_the_chinese(tmp_path):
    out = tmp_path / "out.csv"
    write_outputs(out, OUTCOMES, LABELS, "csv")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["file", "index", "start", "end", "section", "label", "confidence", "text"]
    assert [(r[0], r[5], r[7]) for r in rows[1:]] == [
        ("甲局.txt", "problem", "资金拨付偏慢。"),
        ("甲局.txt", "measure", "加快拨付进度。"),
        ("甲局.txt", "metric", "全年支出480万元。"),
        ("乙局.txt", "achievement", "完成培训12次。"),
    ]


def test_csv_rows_end_with_one_line_break_each(tmp_path):
    out = tmp_path / "out.csv"
    write_outputs(out, [Outcome("乙局.txt", TWO)], LABELS, "csv")
    assert b"\r" not in out.read_bytes()
    assert out.read_bytes().count(b"\n") == 2


def test_the_workbook_has_its_sheets_each_with_a_frozen_header(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    assert write_outputs(out, OUTCOMES, LABELS, "xlsx") == [out]
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "汇总 Summary",
        "句子 Sentences",
        "关键数字 Figures",
        "绩效指标 Indicators",
        "项目 Projects",
        "提示 Flags",
    ]
    assert wb["汇总 Summary"].freeze_panes == "A2"
    assert wb["句子 Sentences"].freeze_panes == "A2"
    for name in wb.sheetnames[2:]:  # the file name column stays in view too
        assert wb[name].freeze_panes == "B2", name
    for ws in wb:
        assert all(cell.font.bold for cell in ws[1]), ws.title


def test_the_summary_sheet_has_a_row_per_input_with_counts_shares_and_errors(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    write_outputs(out, OUTCOMES, LABELS, "xlsx")
    ws = load_workbook(out)["汇总 Summary"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:4] == ["文件 file", "格式 format", "句子数 sentences", "成效 achievement"]
    assert rows[0][-1] == "错误 error"
    assert rows[0][-2] == "OCR 识别页 pages read by OCR"  # empty unless a scan was read by OCR
    assert rows[1] == ["甲局.txt", None, 3, 0, 1, 1, 1, 0, 0, 1 / 3, 1 / 3, 1 / 3, 0, None, None]
    assert rows[2] == ["丙局.pdf"] + [None] * 13 + ["cannot read: no text layer"]
    assert rows[3][:3] == ["乙局.txt", None, 1]
    assert ws.cell(2, 10).number_format == "0.0%"


def test_the_review_sheets_hold_the_figures_indicators_projects_and_flags(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    write_outputs(out, OUTCOMES, LABELS, "xlsx")
    wb = load_workbook(out)
    sentences = [[c.value for c in row] for row in wb["句子 Sentences"].iter_rows(min_row=2)]
    assert sentences[0] == ["甲局.txt", 0, None, "问题 problem", 0.9, "资金拨付偏慢。"]
    figures = wb["关键数字 Figures"]
    header = [c.value for c in figures[1]]
    column = header.index("决算/支出数 final_expenditure")
    assert [[c.value for c in row][column] for row in figures.iter_rows(min_row=2)] == [480, None]
    indicators = [[c.value for c in row] for row in wb["绩效指标 Indicators"].iter_rows(min_row=2)]
    assert indicators == [["甲局.txt", "巡护天数", "≥300天", "312天", 10]]
    projects = [[c.value for c in row] for row in wb["项目 Projects"].iter_rows(min_row=2)]
    assert projects == [["甲局.txt", "护林员培训", 36, None, 35.1, 97.5, None]]
    flags = [[c.value for c in row] for row in wb["提示 Flags"].iter_rows(min_row=2)]
    assert flags == [["甲局.txt", "score_missing", "报告未给出自评得分", None]]


def test_html_of_one_report_is_one_page(tmp_path):
    out = tmp_path / "report.html"
    assert write_outputs(out, [Outcome("甲局.txt", ONE)], LABELS, "html") == [out]
    assert "资金拨付偏慢" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_html_of_several_reports_is_an_index_and_a_folder_of_pages(tmp_path):
    out = tmp_path / "index.html"
    written = write_outputs(out, OUTCOMES, LABELS, "html")
    pages = tmp_path / "index_reports"
    assert written == [out, pages / "0001_甲局.html", pages / "0003_乙局.html"]
    index = out.read_text(encoding="utf-8")
    assert 'href="index_reports/0001_甲局.html"' in index
    assert "cannot read: no text layer" in index
    assert 'href="../index.html"' in (pages / "0003_乙局.html").read_text(encoding="utf-8")


def test_the_pages_of_an_earlier_batch_are_not_replaced_without_force(tmp_path):
    out = tmp_path / "index.html"
    (tmp_path / "index_reports").mkdir()
    with pytest.raises(OutputError, match="exists"):
        check_writable(out, "html", force=False)
    check_writable(out, "json", force=False)  # the folder matters only for HTML
    assert not out.exists()


def test_a_write_that_fails_leaves_the_old_file_whole(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("旧内容\n", encoding="utf-8")
    # A sentence holding a lone surrogate (text decoded with surrogateescape) cannot be
    # encoded as UTF-8: the write fails after the file was opened.
    broken = result_of("资金到位\udcff。", ["other"], "坏.txt")
    with pytest.raises(UnicodeEncodeError):
        write_outputs(out, [Outcome("坏.txt", broken)], LABELS, "jsonl", force=True)
    assert out.read_text(encoding="utf-8") == "旧内容\n"


def _interrupt_when_saving(monkeypatch):
    """Ctrl-C in the middle of the write: after some bytes are out, before it is done."""
    from openpyxl.workbook import Workbook

    real = Workbook.save

    def save(self, filename):
        real(self, filename)
        raise KeyboardInterrupt

    monkeypatch.setattr(Workbook, "save", save)


def test_an_interrupted_workbook_save_leaves_the_old_workbook_and_no_stray_file(
    tmp_path, monkeypatch
):
    out = tmp_path / "results.xlsx"
    write_outputs(out, OUTCOMES, LABELS, "xlsx")
    good = out.read_bytes()
    _interrupt_when_saving(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(out, OUTCOMES[:1], LABELS, "xlsx", force=True)
    assert out.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["results.xlsx"]


def test_no_file_at_all_when_the_first_write_is_interrupted(tmp_path, monkeypatch):
    _interrupt_when_saving(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(tmp_path / "results.xlsx", OUTCOMES, LABELS, "xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_batch_of_pages_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    out = tmp_path / "index.html"
    write_outputs(out, OUTCOMES, LABELS, "html")
    before = {p.name: p.read_bytes() for p in (tmp_path / "index_reports").iterdir()}
    index = out.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("nlp_perf.output.files.index_page", interrupted)
    with pytest.raises(KeyboardInterrupt):  # after every page was written
        write_outputs(out, OUTCOMES[1:], LABELS, "html", force=True)
    assert out.read_bytes() == index
    after = {p.name: p.read_bytes() for p in (tmp_path / "index_reports").iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "index_reports"]
    monkeypatch.undo()
    write_outputs(out, OUTCOMES[2:] + OUTCOMES[:1], LABELS, "html", force=True)
    # the new batch's pages only: none of the old batch's left behind
    assert sorted(p.name for p in (tmp_path / "index_reports").iterdir()) == [
        "0001_乙局.html",
        "0002_甲局.html",
    ]


def test_files_written_get_the_permissions_of_any_new_file(tmp_path):
    import os

    mask = os.umask(0o022)
    try:
        write_outputs(tmp_path / "out.csv", OUTCOMES, LABELS, "csv")
        write_outputs(tmp_path / "index.html", OUTCOMES, LABELS, "html")
    finally:
        os.umask(mask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "index_reports").stat().st_mode & 0o777 == 0o755
