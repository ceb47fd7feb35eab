"""Renderings of a classified report (nlp_perf/output/text.py): the table for people, JSON lines and
CSV for programs.  Reports are built by hand, labels given to the splitter's sentences."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest

from nlp_perf import split_sentences
from nlp_perf.document import ClassifiedSentence, ReportResult
from nlp_perf.output.text import (
    CSV_COLUMNS,
    figure_value,
    reads_details,
    render,
    render_csv,
    render_json,
    render_table,
)

LABELS = ("achievement", "problem", "measure", "metric", "other")
TEXT = (
    "一、存在问题\n资金拨付偏慢，影响工程进度。\n二、整改措施\n加快拨付，按月通报。\n"
    "\t项目名称\n\t金额\n\n\t护林员培训\n\t36.8"
)


def result_of(
    text: str = TEXT,
    labels: list[str] | None = None,
    all_labels: tuple[str, ...] = LABELS,
    file: str = "澄湖县林业局.txt",
    **details,
) -> ReportResult:
    sentences = split_sentences(text)
    labels = labels or ["other", "problem", "other", "measure", "metric", "metric"]
    rows = [ClassifiedSentence.of(s, lab, confidence=0.8765) for s, lab in zip(sentences, labels)]
    assert len(rows) == len(sentences)
    return ReportResult(file, len(text), "test-model", "1.0", all_labels, rows, **details)


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_the_table_tallies_every_label_with_its_share():
    table = render_table(result_of())
    assert table.startswith(f"澄湖县林业局.txt  ·  6 sentences  ·  {len(TEXT)} characters")
    assert "model test-model 1.0" in table.splitlines()[0]
    lines = {line.split()[1]: line.split()[2:] for line in table.splitlines()[3:8]}
    assert lines == {
        "achievement": ["0", "0.0%"],
        "problem": ["1", "16.7%"],
        "measure": ["1", "16.7%"],
        "metric": ["2", "33.3%"],
        "other": ["2", "33.3%"],
    }
    assert table.splitlines()[8].split() == ["合计", "total", "6"]


def test_the_tallys_columns_line_up_whatever_the_width_of_chinese_names():
    lines = render_table(result_of()).splitlines()[2:9]
    assert {width(line) for line in lines[:-1]} == {36}  # header and the five labels
    assert width(lines[-1]) == 27  # the total: label and count


def test_sentences_are_grouped_by_label_in_the_order_a_reviewer_reads():
    table = render_table(result_of())
    groups = [line.split()[1:3] for line in table.splitlines() if line.startswith("── ")]
    assert [g for g in groups if g[1] not in ("figures", "flags")] == [
        ["问题", "problem"],
        ["措施", "measure"],
        ["指标", "metric"],
        ["成效", "achievement"],
        ["其他", "other"],
    ]


def test_a_users_own_labels_come_after_the_known_ones_and_keep_their_names():
    result = result_of(
        "资金到位。\n进度偏慢。",
        labels=["positive", "problem"],
        all_labels=("positive", "problem"),
    )
    table = render_table(result)
    groups = [line for line in table.splitlines() if line.startswith("── ") and "(" in line]
    assert [g.split(" (")[0] for g in groups if "flags" not in g] == [
        "── 问题 problem",
        "── positive",
    ]


def test_each_sentence_is_shown_on_one_line_with_its_index_confidence_and_section():
    table = render_table(result_of())
    assert "  [1] 0.88  资金拨付偏慢，影响工程进度。" in table
    assert "        § 一、存在问题" in table
    assert "  [4] 0.88  项目名称 金额" in table  # a row of cells on one line


def test_sections_can_be_left_out():
    assert "§" not in render_table(result_of(), show_sections=False)


def test_the_table_shows_the_key_figures_and_says_when_there_are_no_flags():
    figures = {
        "budget_total": {"value": 480.0, "unit": "万元", "sentence": 1, "text": "全年预算480万元"},
        "self_score": {"value": None, "unit": "分", "sentence": 3, "text": "自评得分__分"},
    }
    table = render_table(result_of(figures=figures))
    assert any(
        line.split() == ["全年预算数", "budget_total", "480", "万元", "[1]"]
        for line in table.splitlines()
    )
    assert any(
        line.split() == ["自评得分", "self_score", "(未填)", "missing", "[3]"]
        for line in table.splitlines()
    )
    assert "── 提示 flags (0) " in table
    assert "  (无) none" in table


def test_the_table_lists_each_flag_with_its_sentences():
    flags = [{"code": "score_missing", "message": "报告未给出自评得分", "sentences": [1, 3]}]
    table = render_table(result_of(flags=flags))
    assert "  ! score_missing: 报告未给出自评得分  [1, 3]" in table
    assert "(无) none" not in table


@pytest.mark.parametrize(
    "figure, shown",
    [
        ({"value": 4006.18, "unit": "万元"}, "4,006.18 万元"),
        ({"value": 12800.0, "unit": "万元"}, "12,800 万元"),
        ({"value": 0.5, "unit": "万元"}, "0.5 万元"),
        ({"value": 97.06, "unit": "%"}, "97.06%"),
        ({"value": 92.5, "unit": "分"}, "92.5分"),
        ({"value": 2023, "unit": "年"}, "2023年"),  # a year has no thousands comma
        ({"value": "澄湖县林业局", "unit": None}, "澄湖县林业局"),
        ({"value": None, "unit": "万元"}, "(未填) missing"),
    ],
)
def test_a_figure_is_shown_as_a_reader_wants_it(figure, shown):
    assert figure_value(figure) == shown


def test_json_is_one_line_per_report_with_chinese_as_written():
    result = result_of()
    out = render_json(result)
    assert out.endswith("\n") and out.count("\n") == 1
    assert "资金拨付偏慢" in out
    assert json.loads(out) == result.to_dict()


def test_csv_has_one_row_per_sentence_and_survives_commas_quotes_and_line_breaks():
    text = '资金拨付偏慢，"影响"进度。\n\t项目名称\n\t金额\n\n\t护林员培训\n\t36.8'
    result = result_of(text, labels=["problem", "metric", "metric"])
    rows = list(csv.reader(io.StringIO(render_csv([result]))))
    assert rows[0] == CSV_COLUMNS
    assert rows[1:] == [
        ["澄湖县林业局.txt", "0", "0", "14", "", "problem", "0.8765", '资金拨付偏慢，"影响"进度。'],
        ["澄湖县林业局.txt", "1", "16", "24", "", "metric", "0.8765", "项目名称\n\t金额"],
        ["澄湖县林业局.txt", "2", "27", "38", "", "metric", "0.8765", "护林员培训\n\t36.8"],
    ]


def test_csv_of_several_reports_has_one_header():
    one = result_of("资金到位。", labels=["other"], file="甲.txt")
    two = result_of("进度偏慢。", labels=["problem"], file="乙.txt")
    rows = list(csv.reader(io.StringIO(render_csv([one, two]))))
    assert [r[0] for r in rows] == ["file", "甲.txt", "乙.txt"]
    assert render_csv([one], header=False) == "甲.txt,0,0,5,,other,0.8765,资金到位。\n"


def test_render_prints_each_stream_format_and_the_csv_header_once():
    result = result_of()
    assert render(result, "json") == render_json(result)
    assert render(result, "table") == render_table(result)
    assert render(result, "csv", first=True) == render_csv([result])
    assert render(result, "csv", first=False) == render_csv([result], header=False)


@pytest.mark.parametrize(
    "fmt, details", [("csv", False), ("table", True), ("json", True), ("xlsx", True)]
)
def test_only_csv_goes_without_figures_and_flags(fmt, details):
    assert reads_details(fmt) is details


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_a_long_report_is_written_in_pieces_that_join_to_its_rendering(tiny_model, fmt):
    from conftest import DATA

    from nlp_perf import classify_text
    from nlp_perf.output.text import iter_render, render

    report = (DATA / "reports" / "a01_people_congress_2019.txt").read_text(encoding="utf-8")
    result = classify_text(report * 80, tiny_model, file='a "sentences": [] name')
    assert len(result.rows) > 2 * 2000
    for first in (True, False):
        pieces = list(iter_render(result, fmt, first))
        assert "".join(pieces) == render(result, fmt, first)
        assert len(pieces) > (1 if fmt != "table" else 0)
