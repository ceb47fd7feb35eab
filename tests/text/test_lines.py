"""The lines of a page (nlp_perf/text/lines.py): where they are, which hold table rows, which a
PDF wrapped, and Word tables pasted one cell per line."""

from __future__ import annotations

import pytest

from nlp_perf.text.lines import (
    cell_blocks,
    column_width,
    display_width,
    is_table_line,
    line_spans,
    wrapped_lines,
)


def test_line_spans_cover_every_line_without_its_break():
    text = "一、概况\r\n本局内设3个股室\n\n全年支出\r480万元"
    spans = line_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "一、概况",
        "本局内设3个股室",
        "",
        "全年支出",
        "480万元",
    ]
    assert spans[1] == (6, 14)  # \r\n is one break of two characters


def test_an_empty_text_is_one_empty_line():
    assert line_spans("") == [(0, 0)]


@pytest.mark.parametrize(
    "line, width",
    [("预算12", 6), ("ab", 2), ("１２％", 6), ("。，", 4), ("", 0)],
)
def test_chinese_and_full_width_characters_print_two_columns_wide(line, width):
    assert display_width(line) == width


@pytest.mark.parametrize(
    "line, expected",
    [
        ("三级指标\t年度指标值\t实际完成值", True),
        ("| 三级指标 | 年度指标值 |", True),
        ("项目名称 | 金额", True),
        ("\t一是开展培训。", False),  # an indented paragraph: one cell
        ("|只有一格|", False),
        ("培训经费\t\t", False),
        ("预算数  执行数  执行率", False),  # runs of spaces are not enough for one line
        ("", False),
    ],
)
def test_a_table_line_holds_two_cells_or_more_by_tabs_or_pipes(line, expected):
    assert is_table_line(line) is expected


def test_the_column_edge_is_where_most_long_lines_end():
    assert column_width([40] * 10) == (40, 10)


def test_lines_within_an_eighth_of_the_widest_reach_the_edge():
    # 44 is within 48 - 48 // 8 = 42: all ten reach the edge, whose width is their median
    assert column_width([48] * 5 + [44] * 5) == (46, 10)


@pytest.mark.parametrize(
    "widths",
    [
        [40] * 5,  # fewer than six long lines
        [20] * 20,  # lines under 24 columns are not counted
    ],
)
def test_too_few_long_lines_show_no_edge(widths):
    assert column_width(widths) is None


def test_three_lines_in_ten_must_reach_a_wide_edge():
    # lines of 100 Chinese characters are paragraphs (a web page, a Word export), not a column
    assert column_width([200] * 6 + [20] * 14) == (200, 6)  # 6 of 20
    assert column_width([200] * 6 + [20] * 15) is None  # 6 of 21


def test_a_page_column_needs_three_long_lines_in_ten_however_many_short_ones():
    # a report copied from a PDF page: headings and items stop short, the paragraphs' lines
    # reach the column's edge (some 34 characters here)
    assert column_width([68] * 6 + [20] * 15) == (68, 6)
    assert column_width([68] * 6 + [40] * 15) is None  # 6 of 21 long lines


def _wrapped(lines: list[str]) -> list[int]:
    text = "\n".join(lines)
    return sorted(wrapped_lines(text, line_spans(text)))


def test_a_line_reaching_the_right_edge_without_ending_its_sentence_continues():
    lines = [
        "本局全年组织开展农村饮水安全巡查工作共计",  # 0 continues
        "四十二次覆盖全县十二个乡镇的集中供水工程",  # 1 continues
        "和分散供水点，对发现的问题建立台账整改。",  # 2 ends its sentence
        "一是加强资金监管严格执行国库集中支付制度",  # 3 continues
        "对每一笔项目资金均按照合同和进度审核拨付",  # 4 a page number follows
        "—2—",
        "确保资金安全有效使用没有发生任何违规问题",  # 6 an item 二是 follows
        "二是建立健全项目管理制度明确各环节的责任",  # 7 a heading follows
        "二、下一步工作",
        "继续做好农村供水工程运行管护和水质检测等",  # 9 a table row follows
        "三级指标\t年度指标值\t实际完成值",
        "完成情况良好。",
    ]
    assert all(len(line) == 20 for k, line in enumerate(lines) if k in (0, 1, 2, 3, 4, 6, 7, 9))
    assert _wrapped(lines) == [0, 1, 3]


def test_lines_wrapped_at_a_number_of_characters_are_found_whatever_their_digits():
    # A tool that cut every 20 characters: digits make some lines much narrower in print.
    lines = [
        "本年度共下达农村公路养护资金及配套资金合",
        "计1,280,000.00元其中县级配套",
        "资金三百二十万元已经全部及时拨付到位并且",
        "按合同支付养护单位240,000.00元",
        "剩余资金按照工程进度和验收结果分批次拨付",
        "至2024年3月31日支付率为98.56",
        "%。",
    ]
    assert {len(line) for line in lines[:-1]} == {20}
    assert _wrapped(lines) == [0, 1, 2, 3, 4, 5]


def test_a_document_of_paragraphs_has_no_edge_and_nothing_is_joined():
    lines = [
        "本局全年组织开展农村饮水安全巡查工作共计四十二次，覆盖全县十二个乡镇",
        "全年支出480万元",
        "二是加强资金监管，严格执行国库集中支付制度，对每一笔资金审核后拨付，确保资金安全有效",
        "完成情况良好",
        "继续做好农村供水工程运行管护",
        "三是落实整改",
    ]
    assert _wrapped(lines) == []


def _blocks(lines: list[str]) -> dict[int, int]:
    text = "\n".join(lines)
    return cell_blocks(text, line_spans(text))


def test_a_word_table_pasted_one_cell_per_line_gives_one_block_per_row():
    lines = [
        "表2",
        "\t项目名称",
        "\t金额",
        "",
        "\t防汛物资",
        "\t",
        "\t36.8",
        "",
        "\t合计",
        "\t36.8",
    ]
    # an empty cell (a tab-only line) stays inside its row
    assert _blocks(lines) == {1: 2, 4: 6, 8: 9}


def test_rows_may_be_separated_by_several_blank_lines():
    assert _blocks(["\t项目名称", "\t金额", "", "", "\t防汛物资", "\t36.8"]) == {0: 1, 4: 5}


@pytest.mark.parametrize(
    "lines",
    [
        ["\t一是开展培训。", "\t二是完成验收。"],  # indented paragraphs end their sentences
        ["\t项目名称", "\t金额", "说明"],  # one block alone is no table
        ["\t项目名称", "\t金额", "说明", "\t防汛物资", "\t36.8"],  # text between the blocks
        ["\t项目名称", "\t金额", "", "\t防汛物资完成。", "\t36.8"],  # a cell ends a sentence
        ["\t项目名称", "\t金额", "", "\t" + "防汛" * 41, "\t36.8"],  # a cell of 82 characters
    ],
)
def test_indented_lines_that_are_no_table(lines):
    assert _blocks(lines) == {}
