"""Reports as .docx, .pdf and web pages: read like the same report as plain text."""

from __future__ import annotations

import sys

import pytest
from builders import write_docx, write_html, write_pdf, write_txt
from conftest import ROOT, SAMPLE

from nlp_perf import InputError, read_document

FORMATS = ROOT / "tests" / "data" / "formats"
TABLE = "指标名称\t年度指标值\t实际完成值\t得分\n高标准农田建设面积\t2万亩\t2.1万亩\t10\n"


@pytest.fixture(scope="module")
def report_text():
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, tail = text.partition("四、存在的问题")
    return head + TABLE + "四、存在的问题" + tail


@pytest.fixture(scope="module")
def four(tmp_path_factory, report_text):
    d = tmp_path_factory.mktemp("four")
    return {
        "txt": write_txt(report_text, d / "report.txt"),
        "docx": write_docx(report_text, d / "report.docx"),
        "pdf": write_pdf(report_text, d / "report.pdf"),
        "html": write_html(report_text, d / "report.html", encoding="gb18030"),
        # made from this text once with LibreOffice (tests/data/formats/make_fixtures.py)
        "doc": FORMATS / "sample_report.doc",
    }


# The same report as .txt, .docx, .pdf and .html: same sentences and labels, in
# test_same_report.py.


def test_formats_are_recorded(four):
    assert {kind: read_document(path).format for kind, path in four.items()} == {
        "txt": "txt", "docx": "docx", "pdf": "pdf", "html": "html", "doc": "doc"}  # fmt: skip
    assert read_document(four["html"]).encoding == "gb18030"
    assert read_document(four["pdf"]).encoding is None


def test_pdf_drops_page_furniture_and_rejoins_wrapped_lines(four, report_text):
    text = read_document(four["pdf"]).text
    assert "青溪县农业农村局绩效自评报告" not in text  # running header
    assert "— 1 —" not in text and "— 2 —" not in text  # page numbers
    long_line = next(line for line in report_text.splitlines() if len(line) > 60)
    assert long_line in text.splitlines()  # wrapped in the PDF, one line again
    assert "指标名称\t年度指标值\t实际完成值\t得分" in text.splitlines()


def test_docx_skips_headers_and_footers(four):
    text = read_document(four["docx"]).text
    assert "青溪县农业农村局绩效自评报告" not in text and "第 1 页" not in text
    assert "高标准农田建设面积\t2万亩\t2.1万亩\t10" in text.splitlines()


def test_web_page_keeps_the_article_only(four):
    text = read_document(four["html"]).text
    for furniture in ("网站首页", "当前位置", "主办单位", "visits"):
        assert furniture not in text


def test_content_decides_over_the_extension(four, tmp_path):
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(four["pdf"].read_bytes())
    assert read_document(disguised).format == "pdf"


@pytest.mark.parametrize(
    "name, content, cause",
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
         "not a readable .doc file (a damaged OLE compound file)"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 50, "not a readable .docx file"),
        ("broken.pdf", b"%PDF-1.7\n%garbage\n", "not a readable PDF"),
    ],
)  # fmt: skip
def test_unreadable_office_files(tmp_path, name, content, cause):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_document(path)
    assert str(exc.value).startswith(cause)


def test_scanned_pdf_needs_ocr(tmp_path, monkeypatch):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    png = tmp_path / "scan.png"
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\xff\xff\xff" * 4 for _ in range(4))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))  # noqa: E731
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))  # fmt: skip
    pdf = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawImage(ImageReader(str(png)), 50, 50, 400, 600)
    c.save()
    with pytest.raises(InputError, match=r"^no text found by OCR on the scanned pages$"):
        read_document(pdf)  # a blank page: the [ocr] extra is in the test extra
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # without the extra
    with pytest.raises(InputError, match=r'^no text layer \(a scanned PDF\): .*"nlp_perf\[ocr\]"$'):
        read_document(pdf)
