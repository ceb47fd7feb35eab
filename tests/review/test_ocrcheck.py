"""Figures read by OCR are checked against the report's own arithmetic: a figure an identity
confirms is marked so, and a dropped decimal point that alone breaks an identity is suggested."""

from __future__ import annotations

import pytest

from nlp_perf import classify_text
from nlp_perf.output.html import report_page
from nlp_perf.output.text import render_table
from nlp_perf.pipeline import mark_ocr
from nlp_perf.review import check_ocr_figures

REPORT = """澄湖县水务局2023年度部门整体支出绩效自评报告
一、基本情况
2023年度全年预算数1,200.00万元，全年支出1,150.40万元，预算执行率95.87%。
其中基本支出350.40万元，项目支出800.00万元。
二、存在的问题
部分工程进度滞后。
三、改进措施
加快工程进度。
"""
SCAN = {"pages": [1], "engine": "rapidocr-onnxruntime", "dpi": 200}


def _scanned(text: str):
    result = classify_text(text)
    mark_ocr(result, SCAN)
    return result


def _checks(result) -> dict[str, str]:
    return {k: f["ocr_check"] for k, f in result.figures.items()}


def test_figures_that_add_up_are_marked_checked():
    checks = _checks(_scanned(REPORT))
    for key in ("budget_total", "final_expenditure", "execution_rate", "basic_expenditure",
                "project_expenditure"):  # fmt: skip
        assert checks[key] == "agrees", key
    assert checks["year"] == "unchecked"  # no identity ties the year


def test_a_dropped_decimal_point_is_suggested_and_never_put_in_place():
    result = _scanned(REPORT.replace("全年支出1,150.40万元", "全年支出115040万元"))
    spent = result.figures["final_expenditure"]
    assert spent["value"] == 115040  # as read: the reviewer decides
    assert spent["ocr_check"] == "disagrees"
    assert spent["ocr_suggested"] == {"value": 1150.40, "text": "全年支出1150.40万元"}
    # the figures the misread one put out of balance get no suggestion of their own
    assert "ocr_suggested" not in result.figures["budget_total"]
    flag = next(f for f in result.flags if f["code"] == "rate_mismatch")
    assert "补回小数点为“全年支出1150.40万元”则相符" in flag["message"]


def test_no_suggestion_when_a_point_does_not_mend_it():
    # two figures misread: no single point put back makes the rate hold
    result = _scanned(REPORT.replace("1,150.40", "115040").replace("95.87%", "95.78%"))
    assert result.figures["final_expenditure"]["ocr_check"] == "disagrees"
    assert not any("ocr_suggested" in f for f in result.figures.values())


def test_a_figure_printed_with_its_point_is_not_read_again():
    figures = {"figures": {
        "execution_rate": {"value": 95.87, "text": "预算执行率95.87%", "sentence": 1},
        "final_expenditure": {"value": 1150.4, "text": "支出1,150.40万元", "sentence": 1},
        "budget_total": {"value": 12000.0, "text": "预算数12,000.00万元", "sentence": 1},
    }, "projects": []}  # fmt: skip
    checks = check_ocr_figures(figures)
    assert {k: c["ocr_check"] for k, c in checks.items()} == dict.fromkeys(figures["figures"],
                                                                           "disagrees")  # fmt: skip
    assert not any("ocr_suggested" in c for c in checks.values())


@pytest.mark.parametrize("render", [render_table, report_page], ids=["table", "html"])
def test_people_see_what_the_check_says(render):
    shown = render(_scanned(REPORT.replace("全年支出1,150.40万元", "全年支出115040万元")))
    assert "OCR 核对不符" in shown and "或为 perhaps 全年支出1150.40万元" in shown
    assert "OCR 已核对 checked" in render(_scanned(REPORT))


def test_a_report_not_read_by_ocr_has_no_check():
    assert not any("ocr_check" in f for f in classify_text(REPORT).figures.values())
