"""Tables in a report (nlp_perf/text/tables.py): the cells of a row, header roles, rows lined up
past merged cells, and the values money, rate and score cells hold."""

from __future__ import annotations

import pytest

from nlp_perf.text.tables import (
    SUBTOTAL,
    cell_amount,
    cell_number,
    cell_text,
    cells,
    figure_row_key,
    find_tables,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("防汛物资\t36.8\t35.2", ["防汛物资", "36.8", "35.2"]),
        ("| 防汛物资 | 36.8 | 35.2 |", ["防汛物资", "36.8", "35.2"]),  # borders dropped
        ("防汛物资 | 36.8", ["防汛物资", "36.8"]),
        ("防汛物资  36.8  35.2", ["防汛物资", "36.8", "35.2"]),  # runs of spaces
        ("防汛物资\u300036.8\u300035.2", ["防汛物资", "36.8", "35.2"]),  # ideographic spaces
        ("防汛物资\t\t35.2", ["防汛物资", "", "35.2"]),  # an empty cell keeps its place
        # a Word table pasted one cell per line: a break before an indented cell
        ("防汛物资\n\t36.8", ["防汛物资", "36.8"]),
        ("防汛物资\n\t\n\t35.2", ["防汛物资", "", "35.2"]),
    ],
)
def test_the_cells_of_a_row_in_every_layout(text, expected):
    assert cells(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "防汛物资  36.8",  # two cells split by spaces could be words
        "全年预算500.00万元，\n全年支出480万元。",  # a line a PDF wrapped, not a cell break
        "|只有一格|",
        "\t\t防汛物资",
        "全年支出480万元。",
    ],
)
def test_text_that_is_no_row_has_no_cells(text):
    assert cells(text) is None


INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def test_header_cells_name_the_roles_of_their_columns():
    (table,) = find_tables([INDICATOR_HEADER])
    # the name is the third-level indicator, not the first- or second-level category
    assert table.roles == {
        "category": 0,
        "name": 2,
        "target": 3,
        "actual": 4,
        "weight": 5,
        "score": 6,
    }
    assert table.is_indicator_table and not table.has_money


def test_a_header_in_traditional_characters_names_the_same_roles():
    (table,) = find_tables([["項目名稱", "年初預算", "調整後預算", "執行數", "執行率"]])
    assert table.roles == {
        "name": 0,
        "budget_initial": 1,
        "budget": 2,
        "executed": 3,
        "rate": 4,
    }
    assert table.has_money and not table.is_indicator_table


def test_a_score_rate_column_is_no_score():
    (table,) = find_tables([["项目名称", "得分率", "预算数"]])
    assert "score" not in table.roles


@pytest.mark.parametrize(
    "header, scale",
    [
        (["项目名称", "预算数（元）", "执行数（元）"], 0.0001),
        (["项目名称", "预算数(元)", "执行数(元)"], 0.0001),
        (["项目名称", "预算数（万元）", "执行数（万元）"], 1.0),
        (["项目名称", "预算数（亿元）", "执行数"], 10000.0),
    ],
)
def test_money_cells_without_a_unit_take_the_headers_unit(header, scale):
    (table,) = find_tables([header])
    assert table.scale == scale


def test_a_table_is_its_header_and_the_rows_right_after_it():
    rows = [
        None,
        ["项目名称", "预算数", "执行数"],
        ["防汛物资", "36.8", "35.2"],
        ["水质检测", "12", "12"],
        None,  # a sentence that is no row ends the table
        ["巡查车辆", "8", "7.5"],
    ]
    (table,) = find_tables(rows)
    assert table.header == ["项目名称", "预算数", "执行数"]
    assert table.rows == [(2, ["防汛物资", "36.8", "35.2"]), (3, ["水质检测", "12", "12"])]


@pytest.mark.parametrize(
    "row",
    [
        ["项目名称", "合计"],  # one role only
        ["防汛物资", "预算数36.8", "执行数35.2"],  # numbers: a row of values
    ],
)
def test_a_row_that_is_no_header_starts_no_table(row):
    assert find_tables([row, ["水质检测", "12", "12"]]) == []


def test_a_row_short_of_merged_cells_is_lined_up_under_its_header():
    (table,) = find_tables([INDICATOR_HEADER])
    full = ["产出指标", "数量指标", "巡查次数", "≥40次", "42次", "10", "10"]
    one_merged = ["质量指标", "水质合格率", "≥95%", "97.2%", "10", "9.5"]
    two_merged = ["群众满意度", "≥90%", "93%", "10", "10"]
    assert table.align(full) == full
    assert table.align(one_merged) == ["", *one_merged]
    assert table.align(two_merged) == ["", "", *two_merged]
    assert [table.row_name(table.align(r)) for r in (full, one_merged, two_merged)] == [
        "巡查次数",
        "水质合格率",
        "群众满意度",
    ]


def test_a_row_whose_name_cell_is_merged_takes_the_nearest_filled_cell_on_its_left():
    (table,) = find_tables([INDICATOR_HEADER])
    row = ["效益指标", "社会效益", "—", "≥95%", "97%", "10", "10"]
    assert table.row_name(row) == "社会效益"


def test_a_row_with_more_cells_than_its_header_is_cut_to_the_header():
    (table,) = find_tables([["项目名称", "预算数", "执行数"]])
    assert table.align(["防汛物资", "36.8", "35.2", "备注"]) == ["防汛物资", "36.8", "35.2"]


def test_money_rate_and_score_of_a_row_in_wanyuan():
    (table,) = find_tables([["项目名称", "预算数（元）", "执行数（元）", "执行率", "得分"]])
    row = ["防汛物资", "368,000", "352,000", "95.65%", "9"]
    assert table.money(row) == {
        "budget": (36.8, True),
        "executed": (35.2, True),
        "rate": (95.65, True),
        "score": (9.0, True),
    }


@pytest.mark.parametrize(
    "cell, scale, expected",
    [
        ("368,000", 0.0001, (36.8, True)),
        ("１２０．５", 1.0, (120.5, True)),
        ("12.5万元", 0.0001, (12.5, True)),  # a unit in the cell beats the column's
        ("3359.62万", 0.0001, (3359.62, True)),  # 万元 with its 元 left out
        ("1.2亿元", 1.0, (12000.0, True)),
        ("3,000元", 1.0, (0.3, True)),
        ("*.*", 1.0, (None, True)),  # a placeholder: found, and None
        ("××", 1.0, (None, True)),
        ("—", 1.0, (None, False)),
        ("/", 1.0, (None, False)),
        ("无", 1.0, (None, False)),
        ("", 1.0, (None, False)),
        ("约12", 1.0, (None, False)),
    ],
)
def test_a_money_cell_in_wanyuan(cell, scale, expected):
    value, found = cell_amount(cell, scale)
    assert (value, found) == (pytest.approx(expected[0]) if expected[0] else None, expected[1])


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("98.33%", (98.33, True)),
        ("95分", (95.0, True)),
        ("９８．５％", (98.5, True)),
        ("*.*%", (None, True)),
        ("××分", (None, True)),
        ("——", (None, False)),
        ("优", (None, False)),
    ],
)
def test_a_rate_or_score_cell(cell, expected):
    assert cell_number(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("≥300人次", "≥300人次"),
        (" 320人次 ", "320人次"),
        ("××人次", None),
        ("*%", None),
        ("—", None),
        ("无", None),
        ("", None),
    ],
)
def test_a_text_cell_is_as_written_or_none_when_empty_or_a_placeholder(cell, expected):
    assert cell_text(cell) == expected


@pytest.mark.parametrize(
    "name, key",
    [
        ("合计", "total"),
        ("总计", "total"),
        ("支出合计", "total"),
        ("基本支出", "basic_expenditure"),
        ("项目支出", "project_expenditure"),
        ("工资福利支出", "personnel_expenditure"),
        ("人员经费", "personnel_expenditure"),
        ("商品和服务支出", "goods_services_expenditure"),
        ("对个人和家庭的补助", "household_subsidies"),
        ("资本性支出", "capital_expenditure"),
        ("“三公”经费", "three_public_expenditure"),
        ("防汛物资", None),
    ],
)
def test_rows_that_state_a_figure_of_the_whole_report(name, key):
    assert figure_row_key(name) == key


@pytest.mark.parametrize(
    "name, subtotal",
    [("合计", True), ("小计", True), ("总分", True), ("得分合计", True), ("防汛物资", False)],
)
def test_subtotal_rows(name, subtotal):
    assert bool(SUBTOTAL.match(name)) is subtotal
