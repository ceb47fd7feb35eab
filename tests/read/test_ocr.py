"""Scanned PDFs read by OCR (the [ocr] extra): the same sentences as the text, seals left out,
the result marked as OCR'd, and without the extra a one-line error naming it."""

from __future__ import annotations

import re
import sys

import pytest
from builders import lines_of, write_pdf, write_scan, write_txt
from conftest import DATA

from nlp_perf import InputError, classify_file, read_document
from nlp_perf.cli import main
from nlp_perf.document import ReportResult
from nlp_perf.output.html import report_page
from nlp_perf.output.text import render_table
from nlp_perf.pipeline import OCR_NOTE, mark_ocr
from nlp_perf.read.ocr import _line_dicts
from nlp_perf.text.sentences import split_sentences

AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:万元|%)")
SEAL_NAME = "青溪县财政局绩效专用章"  # what tests/builders.py writes around the seal


@pytest.fixture(scope="module")
def funds_text() -> str:
    """The funds part of a corpus report: a heading and three lines of amounts and rates."""
    lines = lines_of(read_document(DATA / "reports" / "a04_court_2022.txt").text)
    at = next(k for k, line in enumerate(lines) if line.startswith("第二部分"))
    return "\n".join(lines[at : at + 4]) + "\n"


@pytest.fixture(scope="module")
def scan(tmp_path_factory, funds_text):
    """One small page of that text, scanned at 150 dpi, turned 0.6°, a red seal over it."""
    path = tmp_path_factory.mktemp("scan") / "funds.pdf"
    return write_scan(funds_text, path, dpi=150, angle=0.6, seal=True, page=(440, 300))


@pytest.fixture(scope="module")
def scan_read(scan):
    return read_document(scan)


def test_a_scan_reads_as_the_text_it_shows(scan_read, funds_text, tmp_path):
    txt = read_document(write_txt(funds_text, tmp_path / "funds.txt"))
    # the recogniser does not read spaces (第二部分  项目资金情况): compare without them
    want = ["".join(s.text.split()) for s in split_sentences(txt.text)]
    got = ["".join(s.text.split()) for s in split_sentences(scan_read.text)]
    assert len(got) == len(want)
    same = sum(a == b for a, b in zip(want, got))
    assert same >= len(want) - 1, list(zip(want, got))
    assert AMOUNT.findall(scan_read.text) == AMOUNT.findall(funds_text)
    assert scan_read.format == "pdf"
    assert scan_read.ocr["pages"] == [1] and scan_read.ocr["engine"].startswith("rapidocr")


def test_only_the_scanned_pages_of_a_pdf_are_read_by_ocr(scan, tmp_path):
    import pypdfium2

    text = "一、项目基本情况\n本项目由县财政局组织实施，资金已全部拨付到位。\n"
    mixed = pypdfium2.PdfDocument.new()
    for part in (write_pdf(text, tmp_path / "text.pdf"), scan):
        mixed.import_pages(pypdfium2.PdfDocument(str(part)))
    mixed.save(str(tmp_path / "mixed.pdf"))
    doc = read_document(tmp_path / "mixed.pdf")
    assert doc.ocr["pages"] == [2]
    assert "\n".join(lines_of(text)) in doc.text and "全年支出341.72万元" in doc.text


def test_a_seal_over_the_text_is_not_read(scan_read, funds_text):
    seal_only = set(SEAL_NAME) - set(funds_text)
    assert seal_only and not seal_only & set(scan_read.text)


@pytest.fixture(scope="module")
def stages():
    return []


@pytest.fixture(scope="module")
def scan_result(scan, tiny_model, stages):
    return classify_file(scan, tiny_model, on_stage=stages.append)


def test_each_page_is_told_as_it_is_read(scan_result, stages):
    assert stages[:3] == ["OCR page 0/1", "OCR page 1/1", "sentences"]


def test_the_json_says_the_report_was_read_by_ocr(scan_result):
    result = scan_result.to_dict()
    assert result["ocr"]["pages"] == [1] and result["ocr"]["dpi"] > 0
    assert result["figures"], "a scan of amounts gives figures"
    assert all(f.get("ocr") is True for f in result["figures"].values())


def test_people_see_the_ocr_mark(scan_result, tmp_path):
    from openpyxl import load_workbook

    from nlp_perf.batch import Outcome
    from nlp_perf.output.files import write_outputs

    note = "由 OCR 识别"
    assert note in render_table(scan_result).splitlines()[1]
    assert f'<p class="ocr">OCR: 第 1 页为扫描件，{note}' in report_page(scan_result)
    outcomes = [Outcome(scan_result.file, result=scan_result)]
    (out,) = write_outputs(tmp_path / "r.xlsx", outcomes, scan_result.labels, "xlsx")
    summary = load_workbook(out).worksheets[0]
    assert [c.value for c in summary[1]][-2] == "OCR 识别页 pages read by OCR"
    assert [c.value for c in summary[2]][-2] == "1"


def test_a_figure_check_from_ocr_says_so():
    result = ReportResult("scan.pdf", 10, "m", "1", ("problem", "measure"))
    result.figures = {"budget_total": {"value": 35359.0, "unit": "万元"}}
    result.flags = [{"code": "totals_mismatch", "message": "合计不符", "sentences": [3]},
                    {"code": "no_problems", "message": "未写问题", "sentences": []}]  # fmt: skip
    mark_ocr(result, {"pages": [1], "engine": "rapidocr-onnxruntime", "dpi": 200})
    assert result.figures["budget_total"]["ocr"] is True
    assert result.flags[0] == {"code": "totals_mismatch", "message": f"合计不符（{OCR_NOTE}）",
                               "sentences": [3], "ocr": True}  # fmt: skip
    assert result.flags[1] == {"code": "no_problems", "message": "未写问题", "sentences": []}


def test_a_text_report_is_not_marked(tmp_path, funds_text, tiny_model):
    result = classify_file(write_txt(funds_text, tmp_path / "funds.txt"), tiny_model)
    assert result.to_dict()["ocr"] is None


def test_without_the_extra_the_error_names_it(scan, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails
    with pytest.raises(InputError) as exc:
        read_document(scan)
    message = 'no text layer (a scanned PDF): reading it needs OCR: pip install "nlp_perf[ocr]"'
    assert str(exc.value) == message
    assert main(["classify", str(scan)]) == 1
    assert capsys.readouterr().err == f"error: {scan}: {message}\n"


@pytest.mark.parametrize(
    "boxes, lines",
    [
        # two boxes of one line, found right one first: read left to right
        ([(300, 101, 500, 130, "乙"), (100, 100, 290, 131, "甲")], [("甲乙", False)]),
        # lines top to bottom, whatever order the boxes come in
        ([(100, 200, 400, 230, "二"), (100, 100, 400, 130, "一")], [("一", False), ("二", False)]),
        # a gap of several line heights: table cells, a row
        ([(100, 100, 200, 130, "指标"), (400, 100, 480, 130, "得分")], [("指标\t得分", True)]),
    ],
)
def test_boxes_become_lines_in_reading_order(boxes, lines):
    got = _line_dicts(boxes, scale=2.0)
    assert [(it["text"], it["row"]) for it in got] == lines
    assert got[0]["x0"] == min(b[0] for b in boxes) / 2.0
