"""One report in every format a reviewer receives gives the same sentences and labels.

The report is the sample report with a table put in; each case builds it as one format from
that text, and :func:`nlp_perf.classify_file` of each must give the rows of the .txt: the same
sentence texts, sections and labels.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from builders import write_docx, write_html, write_pdf, write_txt
from conftest import SAMPLE
from pdf_layouts import Layout, write_layout_pdf

from nlp_perf import classify_file

TABLE = "指标名称\t年度指标值\t实际完成值\t得分\n高标准农田建设面积\t2万亩\t2.1万亩\t10\n"


def _pdf_by_count(text: str, path: Path) -> Path:
    """A PDF wrapped at 38 characters from x=40 (the column ends far from the paper's edge)."""
    return write_layout_pdf(text, path, Layout("count 38", wrap=38, font=11, left=40))


# (name, suffix, builder(text, path) -> path).  To add a format, add its case here:
# - .doc: the committed fixture made with LibreOffice from this same text (a builder that
#   returns its path, e.g. tests/data/same_report.doc), once the .doc reader is merged;
# - scanned .pdf: the PDF rendered to images (pypdfium2) and saved as an image-only PDF, read
#   by OCR with the [ocr] extra; compare it within its recognition errors, not exactly.
FORMATS: list[tuple[str, str, Callable[[str, Path], Path]]] = [
    ("docx", ".docx", write_docx),
    ("pdf (reportlab platypus)", ".pdf", write_pdf),
    ("pdf (38 characters a line)", ".pdf", _pdf_by_count),
    ("html (GB18030)", ".html", lambda text, path: write_html(text, path, encoding="gb18030")),
]


@pytest.fixture(scope="module")
def report_text() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, tail = text.partition("四、存在的问题")
    return head + TABLE + "四、存在的问题" + tail


@pytest.fixture(scope="module")
def reference(report_text, tiny_model, tmp_path_factory) -> list[tuple]:
    path = write_txt(report_text, tmp_path_factory.mktemp("txt") / "report.txt")
    rows = [(s.text, s.section, s.label) for s in classify_file(path, tiny_model).rows]
    assert len(rows) > 30
    return rows


@pytest.mark.parametrize("build", [f[1:] for f in FORMATS], ids=[f[0] for f in FORMATS])
def test_the_same_report_gives_the_same_sentences_and_labels(
    build, report_text, reference, tiny_model, tmp_path
):
    suffix, builder = build
    path = builder(report_text, tmp_path / f"report{suffix}")
    rows = [(s.text, s.section, s.label) for s in classify_file(path, tiny_model).rows]
    assert rows == reference
