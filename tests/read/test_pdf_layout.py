"""PDFs laid out as producers lay reports out read as the same sentences as the report's text.

Each PDF is drawn in the test (tests/pdf_layouts.py) from the sample report with a table put
in: wrapped at so many characters or at the column's width, justified or ragged, first lines
indented, page numbers as - 3 -, 第3页 and 3/12, a running header, line numbers in the margin.
The lines' right edge is measured from the page's lines, so a column ending far from the
paper's edge, or lines full of digits ending short of the column's, rejoin all the same.
"""

from __future__ import annotations

import re

import pytest
from conftest import SAMPLE
from pdf_layouts import Layout, write_layout_pdf

from nlp_perf import read_document
from nlp_perf.chars import PAGE_NUMBER
from nlp_perf.read.layout import rejoin
from nlp_perf.text.sentences import split_sentences

TABLE = (
    "项目名称\t预算数（万元）\t执行数（万元）\t执行率\n高标准农田建设\t1580.00\t1562.40\t98.89%\n"
)
HEADER = "青溪县农业农村局绩效自评报告"

LAYOUTS = [
    # the fixture: 38 characters a line from x=40, the column ends near x=460 of 595
    Layout("count 38 from x=40", wrap=38, font=11, left=40),
    Layout("narrow column, 第3页", wrap=24, font=12, left=120, page_number="第{n}页"),
    Layout("justified, indented first lines", width=400, font=12, justify=True, indent=2),
    Layout(
        "ragged, running header, 3/12",
        width=380,
        font=10.5,
        left=70,
        header=HEADER,
        page_number="{n}/{total}",
    ),  # fmt: skip
    Layout("line numbers", wrap=40, font=10, left=60, line_numbers=True, page_number="{n}"),
]


def _sentences(text: str, rows: bool = True) -> list[str]:
    """Sentences without whitespace (table rows too, unless ``rows`` is False)."""
    return [re.sub(r"\s+", "", s.text) for s in split_sentences(text) if rows or not s.is_table_row]


@pytest.fixture(scope="module")
def report_text() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, tail = text.partition("四、存在的问题")
    return head + TABLE + "四、存在的问题" + tail


@pytest.mark.parametrize("layout", LAYOUTS, ids=[lay.name for lay in LAYOUTS])
def test_a_pdf_layout_gives_the_sentences_of_the_text(layout, report_text, tmp_path):
    pdf = write_layout_pdf(report_text, tmp_path / "report.pdf", layout)
    text = read_document(pdf).text
    assert _sentences(text) == _sentences(report_text)
    lines = text.splitlines()
    assert "项目名称\t预算数（万元）\t执行数（万元）\t执行率" in lines  # the table, a row a line
    assert HEADER not in text  # a running header, when there is one
    assert not any(re.fullmatch(r"(- )?\d+( -)?|第\d+页|\d+/\d+", line) for line in lines)


def test_the_pdfs_of_the_tests_run_over_pages(report_text, tmp_path):
    """The furniture tests above mean something only if there are pages to carry it."""
    import pdfplumber

    pdf = write_layout_pdf(report_text, tmp_path / "r.pdf", LAYOUTS[1])
    with pdfplumber.open(str(pdf)) as doc:
        assert len(doc.pages) >= 2


def _line(text: str, x1: float, top: float, x0: float = 40.0) -> dict:
    return {"text": text, "top": top, "x0": x0, "x1": x1, "row": False}


def test_rejoin_reads_lines_without_font_sizes_as_ocr_gives_them():
    # 10-point Chinese characters, a column from x=40 to x=440: what an OCR reader returns
    lines = [
        _line("一、总体情况", 100, 10),
        _line("全年完成高标准农田建设一万二千亩，新增灌溉面积三千六百亩，带动", 440, 30),
        _line("项目区粮食增产，群众满意度达到百分之九十六。", 270, 50),
        _line("二、存在的问题", 110, 70),
        _line("部分项目前期工作不够扎实，设计变更延误工期约两个月，影响资金支", 440, 90),
        _line("付进度。", 80, 110),
        _line("下一步将加强项目前期论证，细化量化绩效指标，建立月度支付通报机", 440, 130),
        _line("制。", 60, 150),
    ]
    assert rejoin([lines]).splitlines() == [
        "一、总体情况",
        "全年完成高标准农田建设一万二千亩，新增灌溉面积三千六百亩，带动项目区粮食增产，群众满意度达到百分之九十六。",
        "二、存在的问题",
        "部分项目前期工作不够扎实，设计变更延误工期约两个月，影响资金支付进度。",
        "下一步将加强项目前期论证，细化量化绩效指标，建立月度支付通报机制。",
    ]


def test_a_line_short_of_the_edge_continues_when_the_next_word_would_not_fit():
    # ragged text: "2023年" did not fit after 支出 (a run of digits is not broken)
    lines = [
        _line("全年完成高标准农田建设一万二千亩，新增灌溉面积三千六百亩，带动", 440, 10),
        _line("全年完成高标准农田建设一万二千亩，新增灌溉面积三千六百亩，带动", 440, 30),
        _line("项目区粮食增产，群众满意度达到百分之九十六，其中全部项目支出", 420, 50),
        _line("2023年度完成。", 105, 70),
        _line("群众满意度达到百分之九十六，达到年度目标值。", 260, 90),
    ]
    out = rejoin([lines]).splitlines()
    assert out[-2].endswith("其中全部项目支出2023年度完成。")
    assert out[-1] == "群众满意度达到百分之九十六，达到年度目标值。"


def test_an_indented_line_starts_a_paragraph_even_after_a_full_line():
    lines = [
        _line("全年完成高标准农田建设一万二千亩，新增灌溉面积三千六百亩，带动", 440, 10),
        _line("项目区粮食增产，群众满意度达到百分之九十六，受益农户四千余户。", 440, 30),
        _line("下一步将加强项目前期论证，细化量化绩效指标，建立月度支", 440, 50, x0=60),
        _line("付通报机制，确保项目按期完成并发挥效益。", 250, 70),
    ]
    out = rejoin([lines]).splitlines()
    assert len(out) == 2 and out[1].startswith("下一步")


def test_numbers_before_lines_stay_when_they_are_not_line_numbers():
    lines = [
        {**_line("项目共完成三项工作。", 140, 10), "number": ("2023", 40.0)},
        _line("全年完成高标准农田建设一万二千亩。", 210, 30),
        _line("新增灌溉面积三千六百亩。", 160, 50),
    ]
    assert rejoin([lines]).splitlines()[0] == "2023 项目共完成三项工作。"


@pytest.mark.parametrize("layout", LAYOUTS[:3], ids=[lay.name for lay in LAYOUTS[:3]])
def test_text_copied_out_of_a_pdf_splits_like_the_report(layout, report_text, tmp_path):
    """A .txt made by selecting all of a PDF's text: a break at every printed line, the page
    numbers among the lines."""
    import pdfplumber

    pdf = write_layout_pdf(report_text, tmp_path / "report.pdf", layout)
    with pdfplumber.open(str(pdf)) as doc:
        copied = "\n".join(page.extract_text() for page in doc.pages)
    txt = tmp_path / "copied.txt"
    txt.write_text(copied, encoding="utf-8")
    assert len(copied.splitlines()) > len(report_text.splitlines()) + 10  # wrapped lines
    # Not done either: a table's rows, copied as lines of words, are not told from the text
    want = _sentences(report_text, rows=False)
    got = _sentences(read_document(txt).text)
    # Not done: a sentence that a page number interrupts ("…导致\n- 1 -\n年中…") stays cut.
    flat = re.sub(r"\s+", "", copied)
    pages_out = re.sub(r"\s+", "", "\n".join(
        line for line in copied.splitlines() if not PAGE_NUMBER.match(line)))  # fmt: skip
    across_pages = [s for s in want if s not in flat and s in pages_out]
    assert [s for s in want if s not in got and s not in across_pages] == []
    assert len(across_pages) <= 1  # one page break inside this report's paragraphs at most
