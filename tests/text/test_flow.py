"""The flow of a report's text (nlp_perf/text/flow.py): wrapped lines joined across page numbers
and running headers, figures simplified one for one, every position mapped back to the text."""

from __future__ import annotations

import pytest
from conftest import DATA

from nlp_perf import split_sentences
from nlp_perf.chars import PAGE_NUMBER, simplify
from nlp_perf.read import read_document
from nlp_perf.text.flow import Flow, _may_be_page_number


def flow_of(text: str) -> Flow:
    return Flow(text, split_sentences(text))


# A figure printed half on one page and half on the next, a page number and the running
# header between them; the header comes back on the next page.
PAGED = (
    "本年度全年支出合计为四百三十万元其中预算执行\n"  # 21 characters, no stop: it goes on
    "—3—\n"
    "青溪县交通运输局绩效自评报告\n"
    "率为９６．００%，完成年度目标。\n"
    "二、存在问题\n"
    "青溪县交通运输局绩效自评报告\n"
    "资金拨付进度偏慢。"
)


def test_a_wrapped_line_goes_on_past_the_page_number_and_the_running_header():
    flow = flow_of(PAGED)
    assert "预算执行率为96.00%" in flow.flow
    assert "—3—" not in flow.flow
    assert "青溪县交通运输局" not in flow.flow


def test_a_figure_joined_across_pages_names_the_sentence_where_it_ends():
    flow = flow_of(PAGED)
    assert flow.sentences[3].text.startswith("率为")
    assert flow.sentence_at(flow.flow.index("率为")) == 3
    assert flow.sentence_at(flow.flow.index("本年度")) == 0


def test_original_gives_the_reports_own_characters_without_the_line_breaks():
    flow = flow_of(PAGED)
    start, end = flow.flow.index("执行"), flow.flow.index("%") + 1
    assert flow.original(start, end) == "执行率为９６．００%"


def test_every_flow_position_points_back_to_the_character_it_stands_for():
    text = "項目支出１２，８６５．４２萬元，執行率９８％\n—2—\n二、績效目標完成情況\n\t培訓\t12人次"
    flow = flow_of(text)
    assert "项目支出12,865.42万元，执行率98%" in flow.flow
    assert len(flow.index) == len(flow.flow)
    for k, ch in enumerate(flow.flow):
        if ch == "\n":
            continue
        written = text[flow.index[k]]
        assert ch == simplify(written) or (ch, written) == (",", "，"), (k, ch, written)


@pytest.mark.parametrize(
    "text, apart",
    [
        # the line ends its sentence
        ("本年度全年支出合计为四百三十万元预算执行到位。\n率为96%。", True),
        # a short line is a paragraph of its own
        ("全年支出四百三十万元\n率为96%。", True),
        # a blank line ends the paragraph
        ("本年度全年支出合计为四百三十万元其中预算执行\n\n率为96%。", True),
        # a heading starts something new
        ("本年度全年支出合计为四百三十万元其中预算执行\n二、率为96%。", True),
        # an indented line starts something new
        ("本年度全年支出合计为四百三十万元其中预算执行\n  率为96%。", True),
        # a table row is no continuation
        ("本年度全年支出合计为四百三十万元其中预算执行\n率为\t96%", True),
        # a long line without a stop, and a comma does not stop it
        ("本年度全年支出合计为四百三十万元其中预算执行\n率为96%。", False),
        ("本年度全年支出合计为四百三十万元，其中预算执行，\n率为96%。", False),
    ],
)
def test_which_lines_are_joined(text, apart):
    flow = flow_of(text)
    assert ("\n率为" in flow.flow or "\n二、率为" in flow.flow) is apart


def test_a_line_that_repeats_but_reads_as_a_sentence_is_no_running_header():
    text = "青溪县交通运输局，绩效自评\n正文一。\n青溪县交通运输局，绩效自评\n正文二。"
    assert flow_of(text).flow.count("青溪县交通运输局，绩效自评") == 2


@pytest.mark.xfail(
    strict=True,
    reason="a figure line written twice (6 to 40 characters, no stop or comma) is taken for a "
    "running header and dropped from the flow, so the self-evaluation score is lost",
)
def test_a_line_stating_a_figure_twice_is_no_running_header():
    text = (
        "2023年度部门整体支出绩效自评报告\n一、自评结论\n部门整体支出绩效自评得分92分\n"
        "二、附表说明\n部门整体支出绩效自评得分92分\n"
    )
    assert "自评得分92分" in flow_of(text).flow


def test_clauses_end_at_a_stop_or_a_line_break():
    flow = flow_of("全年支出480万元；执行率96%。\n二、存在问题\n资金拨付偏慢")
    assert [flow.flow[a:b] for a, b in flow.clauses()] == [
        "全年支出480万元；",
        "执行率96%。",
        "二、存在问题",
        "资金拨付偏慢",
    ]


def test_an_empty_report_has_an_empty_flow():
    flow = Flow("", [])
    assert flow.clauses() == []
    assert flow.sentence_at(0) == 0


def test_the_page_number_guard_lets_every_page_number_through():
    """The flow tries the page-number pattern only on a line starting as one may: every
    line the pattern matches (constructed ones, and the corpus' lines) passes the guard."""
    numbers = ["3", "- 3 -", "—3—", "–3–", "－3－", "第3页", "第 3 页 共 9 页", "3/9", "3 / 9"]
    numbers += ["_3_", "·3·", ".3.", "-_3", "12页", "第3"]
    assert all(PAGE_NUMBER.match(n) for n in numbers)
    lines = numbers + [line.strip() for p in sorted((DATA / "reports").glob("*.txt"))[:80]
                       for line in read_document(p).text.splitlines()]  # fmt: skip
    matched = [line for line in lines if line and PAGE_NUMBER.match(line)]
    assert matched and all(_may_be_page_number(line) for line in matched)
    # and it does skip: most lines of a report are no page number
    assert sum(_may_be_page_number(line) for line in lines if line) < len(lines) / 2
