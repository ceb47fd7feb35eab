"""Projects (nlp_perf/figures/projects.py): stated in a line of text, as rows of a money table, and
the one a project report is about; one entry per project.  Sentences are labelled by hand."""

from __future__ import annotations

import pytest
from by_hand import doc_of, project

from nlp_perf.figures.projects import (
    merge_projects,
    new_project,
    report_project,
    table_projects,
    text_projects,
)
from nlp_perf.text.title import Title


def from_text(text: str) -> list[dict]:
    doc = doc_of(text)
    return text_projects(doc.flow, doc.flow.clauses(), doc.sentences)[0]


def test_a_project_line_gives_its_budget_spending_rate_and_score():
    text = "（一）护林员培训项目：年初预算36.00万元，支出35.10万元，执行率97.50%，自评得分96分。"
    assert from_text(text) == [project("护林员培训项目", 0, 36.0, None, 35.1, 97.5, 96.0)]


def test_the_clauses_that_state_a_project_are_reported_as_used():
    doc = doc_of("本局全年支出480万元。\n1、护林员培训项目：年初预算36万元，支出35.1万元。")
    projects, used = text_projects(doc.flow, doc.flow.clauses(), doc.sentences)
    clauses = doc.flow.clauses()
    assert [p["name"] for p in projects] == ["护林员培训项目"]
    assert [doc.flow.flow[slice(*clauses[k])] for k in used] == [
        "1、护林员培训项目：年初预算36万元，支出35.1万元。"
    ]


def test_a_project_name_is_given_as_written_in_traditional_characters():
    text = "2、护林防火設備購置項目：年初預算120萬元，全年執行118.8萬元，執行率99%。"
    assert from_text(text) == [project("护林防火設備購置項目", 0, 120.0, None, 118.8, 99.0)]


def test_the_name_stands_on_the_line_before_the_figures():
    text = "3、林区道路养护经费\n年初预算45.60万元，全年执行45.60万元，执行率100%。"
    assert from_text(text) == [project("林区道路养护经费", 1, 45.6, None, 45.6, 100.0)]


def test_an_adjusted_or_full_year_budget_is_the_adjusted_budget():
    text = "护林员培训项目：年初预算30万元，调整后预算36万元，支出35万元。"
    assert from_text(text) == [project("护林员培训项目", 0, 30.0, 36.0, 35.0)]
    text = "护林员培训项目：全年预算36万元，支出35万元。"
    assert from_text(text) == [project("护林员培训项目", 0, None, 36.0, 35.0)]


def test_money_in_yuan_and_chinese_numerals_is_given_in_wanyuan():
    text = "护林员培训项目：年初预算三十六万元，支出351,000元。"
    assert from_text(text) == [project("护林员培训项目", 0, 36.0, None, 35.1)]


def test_a_project_spent_in_full_spent_its_budget():
    text = "护林防火物资储备经费：调整后预算50万元，资金已全部支出。"
    assert from_text(text) == [project("护林防火物资储备经费", 0, None, 50.0, 50.0)]


def test_a_change_and_a_target_are_not_the_spending_and_the_rate():
    text = "护林防火物资储备经费：年初预算40万元，支出较上年减少5万元，执行率目标为100%。"
    assert from_text(text) == [project("护林防火物资储备经费", 0, 40.0)]


def test_placeholder_figures_of_a_project_are_missing_never_zero():
    text = "护林防火物资储备经费：年初预算*.*万元，支出××万元，执行率**.*%，自评得分__分。"
    assert from_text(text) == [project("护林防火物资储备经费", 0)]


@pytest.mark.parametrize(
    "text",
    [
        "基本支出：年初预算300万元，支出290万元。",  # a part of the whole budget
        "部门整体：年初预算300万元，支出290万元。",
        "2023年度林业经费：年初预算300万元，支出290万元。",  # a year is no project name
        "年初预算30万元，支出28万元。",  # no name at all
        "其中：年初预算30万元，支出28万元。",
        "本单位：年初预算30万元，支出28万元。",  # not a project's words
        "护林员培训项目：年初预算36万元。",  # a budget alone states no project
    ],
)
def test_lines_that_state_no_project(text):
    assert from_text(text) == []


def test_a_money_table_gives_a_project_per_row_in_wanyuan_without_totals():
    text = (
        "项目名称\t预算数（元）\t执行数（元）\t执行率\n"
        "护林员培训\t360,000\t351,000\t97.5%\n"
        "基本支出\t500,000\t480,000\t96%\n"
        "合计\t860,000\t831,000\t96.63%\n"
    )
    assert table_projects(doc_of(text).tables) == [project("护林员培训", 1, 36.0, None, 35.1, 97.5)]


def test_a_tables_only_budget_column_is_the_budget():
    text = "项目名称\t预算数\t执行数\n护林员培训\t36\t35.1\n"
    assert table_projects(doc_of(text).tables) == [project("护林员培训", 1, 36.0, None, 35.1)]


def test_a_table_with_initial_and_adjusted_budgets_keeps_both():
    text = "项目名称\t年初预算\t调整后预算\t执行数\n护林员培训\t30\t36\t35.1\n"
    assert table_projects(doc_of(text).tables) == [project("护林员培训", 1, 30.0, 36.0, 35.1)]


def test_an_indicator_table_gives_no_projects():
    text = "三级指标\t年度指标值\t实际完成值\t预算数\n培训人次\t≥300人次\t320人次\t10\n"
    assert table_projects(doc_of(text).tables) == []


def test_a_project_in_a_table_and_in_the_text_is_one_entry_filled_from_both():
    from_table = project("护林员培训", 3, budget=36.0, executed=35.1)
    in_text = project("护林员培训项目", 7, budget=99.0, rate=97.5, score=96.0)
    other = project("护林防火经费", 8)
    assert merge_projects([from_table, in_text, other]) == [
        project("护林员培训", 3, budget=36.0, executed=35.1, rate=97.5, score=96.0),
        other,
    ]


def test_names_that_are_only_generic_words_are_not_merged():
    assert len(merge_projects([project("项目", 1), project("经费", 2)])) == 2


@pytest.mark.xfail(
    strict=True,
    reason="merge_projects takes two names for one project when one contains the other: "
    "党建工作经费 and 基层党建工作经费 become one entry and the second project is lost",
)
def test_two_projects_whose_names_overlap_stay_two():
    first = project("党建工作经费", 1, budget=20.0, executed=19.0, rate=95.0)
    second = project("基层党建工作经费", 2, budget=60.0, executed=54.0, rate=90.0)
    assert merge_projects([first, second]) == [first, second]


def test_a_project_report_carries_its_own_figures():
    title = Title(project="林区道路养护项目", project_sentence=1)
    figures = {
        "budget_initial": {"value": 80.0},
        "budget_total": {"value": 96.5},
        "final_expenditure": {"value": 91.32},
        "execution_rate": {"value": 94.63},
        "self_score": {"value": None},  # a placeholder stays missing
    }
    assert report_project(title, figures) == project(
        "林区道路养护项目", 1, 80.0, 96.5, 91.32, 94.63, None
    )


def test_a_project_report_without_a_project_name_is_named_by_its_unit():
    figures = {"unit_name": {"value": "澄湖县林业局"}}
    assert report_project(Title(), figures) == project("澄湖县林业局", 0)


def test_a_new_project_has_every_figure_missing():
    assert new_project("护林员培训", 4) == project("护林员培训", 4)
