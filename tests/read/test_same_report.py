"""One report in every format a reviewer receives gives the same sentences and labels.

The report is the sample report with a table put in; each case builds it as one format from
that text, and :func:`nlp_perf.classify_file` of each must give the rows of the .txt: the same
sentence texts, sections and labels.
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from builders import write_docx, write_html, write_pdf, write_scan, write_txt
from conftest import ROOT, SAMPLE
from pdf_layouts import Layout, write_layout_pdf

from nlp_perf import classify_file

TABLE = "指标名称\t年度指标值\t实际完成值\t得分\n高标准农田建设面积\t2万亩\t2.1万亩\t10\n"


def _pdf_by_count(text: str, path: Path) -> Path:
    """A PDF wrapped at 38 characters from x=40 (the column ends far from the paper's edge)."""
    return write_layout_pdf(text, path, Layout("count 38", wrap=38, font=11, left=40))


def _committed_doc(text: str, path: Path) -> Path:
    """The .doc LibreOffice made once from this same text (tests/data/formats/make_fixtures.py):
    CI needs no office suite."""
    return ROOT / "tests" / "data" / "formats" / "sample_report.doc"


# (name, suffix, builder(text, path) -> path).  To add a format, add its case here; the
# scanned PDF, read within its recognition errors, is the test after this one.
FORMATS: list[tuple[str, str, Callable[[str, Path], Path]]] = [
    ("docx", ".docx", write_docx),
    ("doc (LibreOffice)", ".doc", _committed_doc),
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


def test_the_same_report_scanned_reads_within_its_recognition_errors(
    report_text, reference, tiny_model, tmp_path
):
    """A scan of the report (150 dpi, turned half a degree, a red seal on its last page) read by
    OCR: the same sentences but for a few characters, and the same labels nearly everywhere."""
    path = write_scan(report_text, tmp_path / "scan.pdf", dpi=150, angle=0.5, seal=True)
    result = classify_file(path, tiny_model)
    assert result.to_dict()["ocr"]["pages"]
    got = [(s.text, s.label) for s in result.rows]
    want = ["".join(t.split()) for t, _, _ in reference]
    text_right = SequenceMatcher(None, "".join(want), "".join("".join(t.split()) for t, _ in got))
    assert text_right.ratio() >= 0.98
    same = sum(1 for (_, label), (_, _, rl) in zip(got, reference) if label == rl)
    assert abs(len(got) - len(reference)) <= 2
    assert same >= 0.9 * len(reference)
