"""Review flags on reports whose faults are known.

The reports in tests/data/figures_*.txt were written for these tests, each with the faults
named here and no others; the rule tests build sentences by hand where the flag depends on
labels, so that they test the rule and not the model.
"""

from __future__ import annotations

import pytest
from by_hand import doc_of
from conftest import TEST_DATA as DATA

import nlp_perf
from nlp_perf.document import LabelledReport
from nlp_perf.figures import extract_figures
from nlp_perf.review import FLAG_CODES, review_flags


@pytest.fixture(scope="module")
def shipped_model():
    return nlp_perf.load_model()


def flags_of(name: str, model) -> list[dict]:
    text = nlp_perf.read_document(DATA / name).text
    doc = LabelledReport.of(text, nlp_perf.classify_text(text, model).rows)
    return review_flags(doc, extract_figures(doc))


def run(text: str, labels: dict[str, str] | None = None) -> list[dict]:
    doc = doc_of(text, "other", labels)
    return review_flags(doc, extract_figures(doc))


def codes(flags: list[dict]) -> list[str]:
    return [f["code"] for f in flags]


# --- whole reports --------------------------------------------------------------------------


def test_a_sound_report_raises_no_flag(shipped_model):
    assert flags_of("figures_department.txt", shipped_model) == []
    assert flags_of("figures_project_table.txt", shipped_model) == []
    assert flags_of("figures_traditional.txt", shipped_model) == []


def test_template_left_unfilled(shipped_model):
    assert flags_of("figures_template.txt", shipped_model) == [
        {
            "code": "template_unfilled",
            "message": "报告有7句留有未填写的占位符（*、××、XX、某某等），见第1、5、7、8、10、13、18句",
            "sentences": [1, 5, 7, 8, 10, 13, 18],
        },
        {
            "code": "score_missing",
            "message": "总体自评得分没有填写：“自评得分为____分”",
            "sentences": [13],
        },
    ]


def test_breakdowns_that_do_not_add_up(shipped_model):
    assert flags_of("figures_totals.txt", shipped_model) == [
        {
            "code": "measures_unmatched",
            "message": "1个问题没有对应的改进措施（与任何措施句都没有共同的关键词），见第14句",
            "sentences": [14],
        },
        {
            "code": "totals_mismatch",
            "message": "基本支出536.2万元、项目支出750.2万元合计1286.4万元，与支出总额1298.4万元不符，相差12万元",
            "sentences": [3, 4],
        },
        {
            "code": "totals_mismatch",
            "message": "“三公”经费支出6.80万元，而其分项2.10万元、3.90万元合计6万元，相差0.8万元",
            "sentences": [5],
        },
        {
            "code": "totals_mismatch",
            "message": "表中“实际支出（万元）”一列各行合计750.2，与合计行748.2不符，相差2",
            "sentences": [8, 9, 10, 11],
        },
    ]


def test_execution_rate_that_disagrees_with_its_amounts(shipped_model):
    # 4,300,000元 = 430万元 of a 500万元 budget is 86%, not the 96% the report states.
    assert flags_of("figures_rate.txt", shipped_model) == [
        {
            "code": "rate_mismatch",
            "message": "预算执行率写为96%，但支出430万元÷全年预算500万元=86%",
            "sentences": [6, 8],
        }
    ]


def test_report_that_claims_no_problems(shipped_model):
    assert flags_of("figures_no_problems.txt", shipped_model) == [
        {
            "code": "no_problems",
            "message": "报告没有写出具体问题，只声称不存在问题",
            "sentences": [11],
        },
        {"code": "no_measures", "message": "报告没有提出任何改进措施", "sentences": []},
        {
            "code": "year_mismatch",
            "message": "报告年度为2023年，但第4句（2022年）、第6句（2022年）的标题、截止日期、本单位收支或目标写的是2022年",
            "sentences": [4, 6],
        },
    ]


def test_flags_come_in_the_documented_order(shipped_model):
    for path in sorted(DATA.glob("figures_*.txt")):
        found = codes(flags_of(path.name, shipped_model))
        assert found == sorted(found, key=FLAG_CODES.index), path.name


# --- single rules, labels given by hand -----------------------------------------------------

HEAD = "2023年度部门整体支出绩效自评报告\n"
SCORE = "经综合评定，部门整体支出绩效自评得分为92分。\n"


def test_no_problem_sentence_at_all():
    text = HEAD + "全年开展培训12期。\n五、改进措施\n下一步将加强培训。\n" + SCORE
    flags = run(text, {"培训12期": "achievement", "下一步": "measure"})
    assert flags == [{"code": "no_problems", "message": "报告没有写出任何问题", "sentences": []}]


@pytest.mark.parametrize(
    "tail",
    [
        "",  # the page stops after the achievements
        "四、存在的问题\n",  # ... or on the heading of the problems
        "四、存在的问题\n一是路面破损。\n五、改进措施\n",  # ... or on that of the measures
    ],
)
def test_an_excerpt_is_not_flagged_for_what_it_does_not_show(tail):
    text = HEAD + "三、绩效目标完成情况\n全年开展培训12期。\n" + tail
    flags = run(text, {"培训12期": "achievement", "破损": "problem"})
    assert not {"no_problems", "no_measures", "score_missing"} & set(codes(flags))


def test_a_numbered_title_in_the_problems_part_states_a_problem_whatever_its_label():
    # the model may read a short numbered line as a heading, labelled other
    text = HEAD + "四、存在的问题\n1.项目进度偏慢。\n五、改进措施\n加快施工进度。\n" + SCORE
    assert "no_problems" not in codes(run(text, {"加快": "measure"}))
    # ... but not the numbered heading of the suggestions within a part of both
    text = HEAD + "四、问题与建议\n（一）存在的问题\n无。\n（二）有关建议\n加快施工进度。\n" + SCORE
    assert codes(run(text, {"加快": "measure"})) == ["no_problems"]


def test_a_part_shown_empty_or_answered_with_none_is_flagged():
    text = HEAD + "四、存在的问题\n无。\n五、有关建议\n无。\n六、其他需要说明的问题\n" + SCORE
    flags = run(text, {"无。": "measure"})  # the model may call a bare 无 a measure
    assert codes(flags)[:2] == ["no_problems", "no_measures"]


def test_practices_told_elsewhere_are_no_remedy_when_the_measures_part_says_none():
    text = (
        HEAD
        + "三、资金管理情况\n一是严格执行专项资金管理办法。\n"
        + "四、存在的问题\n无。\n五、有关建议\n无。\n六、其他需要说明的问题\n"
        + SCORE
    )
    flags = run(text, {"严格执行": "measure", "无。": "measure"})
    assert "no_measures" in codes(flags)


def test_a_report_in_traditional_characters_is_flagged_as_in_simplified():
    text = (
        "2023年度部門整體支出績效自評報告\n三、資金管理情況\n一是嚴格執行專項資金管理辦法。\n"
        "四、存在的問題\n無。\n五、有關建議\n無。\n六、其他需要說明的問題\n"
        "經綜合評定，部門整體支出績效自評得分為92分。\n"
    )
    flags = run(text, {"嚴格執行": "measure", "無。": "measure"})
    assert codes(flags)[:2] == ["no_problems", "no_measures"]


FORM_HEAD = "2023年度项目支出绩效自评表\n资金管理情况 | 情况说明 | 存在问题和改进措施 |\n"


def test_a_forms_problems_column_left_blank_states_no_problem():
    rows = "".join(f"{name} | 资金{name}合规 | {cell} |\n" for name, cell in
                   [("分配科学性", "暂无"), ("下达及时性", ""), ("拨付合规性", "无"), ("使用规范性", "")])  # fmt: skip
    text = FORM_HEAD + rows + "总体目标完成情况 | 总体目标 | 全年实际完成情况 |\n"
    # the model may call a row's own words a problem: the column is what the form says
    flags = run(text, {"下达及时性": "problem", "拨付合规性": "measure"})
    assert "no_problems" in codes(flags)


def test_a_forms_goals_after_its_blank_measures_column_are_no_measure():
    rows = "".join(f"{name} | 资金{name}合规 | {cell} |\n" for name, cell in
                   [("分配科学性", ""), ("下达及时性", "无"), ("拨付合规性", ""), ("使用规范性", "")])  # fmt: skip
    goals = (
        "总体目标完成情况 | 总体目标 | 全年实际完成情况 |\n项目完成后将健全长效机制，强化保障。\n"
    )
    # the goal block's sentence, which the model may call a measure, is not in the column
    flags = run(FORM_HEAD + rows + goals, {"健全长效机制": "measure"})
    assert "no_measures" in codes(flags)


def test_a_forms_column_that_says_something_in_one_row_is_no_blank():
    rows = "".join(f"{name} | 资金{name}合规 | {cell} |\n" for name, cell in
                   [("分配科学性", "无"), ("下达及时性", "无"), ("拨付合规性", "无"),
                    ("使用规范性", "公示滞后，已督促整改")])  # fmt: skip
    flags = run(FORM_HEAD + rows, {"使用规范性": "problem", "分配科学性": "measure"})
    assert "no_problems" not in codes(flags)


def test_a_form_is_not_flagged_for_a_score_its_last_row_would_hold():
    text = "2023年度项目支出绩效自评表\n四、存在的问题\n路面破损。\n五、改进措施\n修补路面。\n"
    assert run(text, {"破损": "problem", "修补": "measure"}) == []


def test_a_problem_labelled_claim_of_none_is_still_no_problem():
    text = HEAD + "四、存在的问题\n经自评，未发现明显问题。\n下一步将加强培训。\n" + SCORE
    flags = run(text, {"未发现": "problem", "下一步": "measure"})
    assert codes(flags) == ["no_problems"]
    assert flags[0]["sentences"] == [2]


def test_a_claim_that_no_failure_occurred_needs_no_measure():
    text = (
        HEAD
        + "四、存在的问题\n我单位未出现未完成绩效目标或偏离绩效目标较大项目。\n"
        + "一是部分村级公路路面破损。\n五、改进措施\n一是及时修补破损路面。\n"
        + SCORE
    )
    labels = {"未出现": "problem", "一是部分": "problem", "修补": "measure"}
    assert run(text, labels) == []  # the claim is no problem a measure should answer


def test_remedies_listed_item_for_item_answer_the_problems_whatever_their_words():
    text = (
        HEAD
        + "四、存在的问题\n1、监督工作实效还需进一步提升；\n2、执法检查力度还需加强。\n"
        + "五、改进措施\n1、站稳政治立场；\n2、全力推进依法履职尽责。\n"
        + SCORE
    )
    labels = {"监督": "problem", "执法": "problem", "站稳": "measure", "履职": "measure"}
    assert run(text, labels) == []
    one = text.replace("2、全力推进依法履职尽责。\n", "")  # two problems, one remedy
    assert codes(run(one, labels)) == ["measures_unmatched"]


def test_measures_that_share_key_words_with_each_problem():
    text = (
        HEAD
        + "一是部分村级公路路面破损。\n二是档案整理不够规范。\n"
        + "一是及时修补破损路面。\n二是统一档案整理标准。\n"
        + SCORE
    )
    labels = {"一是部分": "problem", "二是档案整理不够": "problem", "修补": "measure"}
    labels["统一档案"] = "measure"
    assert run(text, labels) == []


def test_a_problem_no_measure_addresses():
    text = (
        HEAD
        + "一是部分村级公路路面破损。\n二是食堂消防设施老化。\n"
        + "一是及时修补破损路面。\n"
        + SCORE
    )
    flags = run(text, {"一是部分": "problem", "食堂": "problem", "修补": "measure"})
    assert flags == [
        {
            "code": "measures_unmatched",
            "message": "1个问题没有对应的改进措施（与任何措施句都没有共同的关键词），见第2句",
            "sentences": [2],
        }
    ]


def test_score_missing():
    text = HEAD + "四、存在的问题\n一是路面破损。\n五、改进措施\n一是修补路面。\n"
    flags = run(text, {"破损": "problem", "修补": "measure"})
    assert flags == [
        {"code": "score_missing", "message": "报告没有给出总体自评得分", "sentences": []}
    ]


@pytest.mark.parametrize(
    ("spent", "budget", "rate", "flagged"),
    [
        ("4,006.18", "4,127.60", "97.06", False),  # 97.0583 rounded
        ("4,006.18", "4,127.60", "97.05", False),  # cut rather than rounded: one last digit
        ("4,006.18", "4,127.60", "97.03", True),
        ("430.00", "500.00", "86%", False),
        ("45.60", "45.60", "100", False),
    ],
)
def test_rate_agrees_with_its_amounts_up_to_rounding(spent, budget, rate, flagged):
    rate = rate.rstrip("%")
    text = HEAD + f"全年预算数{budget}万元，全年支出{spent}万元，预算执行率{rate}%。\n" + SCORE
    flags = run(text, {"问题": "problem"})
    assert ("rate_mismatch" in codes(flags)) is flagged


def test_partial_breakdowns_and_changes_are_not_totals():
    text = (
        HEAD
        + "“三公”经费支出4.16万元，比预算数减少1.34万元，其中公务用车运行维护费3.28万元，公务接待费0.88万元。\n"
        + "项目总投资2.46亿元，其中中央补助5,380万元、省级补助2,210万元，其余通过社会资本筹集。\n"
        + "总收入120.00万元，其中财政拨款100.00万元（含基本支出补助60.00万元、项目支出补助40.00万元），其他收入20.00万元。\n"
        + SCORE
    )
    assert "totals_mismatch" not in codes(run(text))


def test_projects_spending_more_than_the_project_total():
    text = (
        HEAD
        + "全年支出300.00万元，其中基本支出200.00万元，项目支出100.00万元。\n"
        + "1、甲项目：年初预算60.00万元，支出60.00万元。\n"
        + "2、乙项目：年初预算50.00万元，支出50.00万元。\n"
        + SCORE
    )
    flags = [f for f in run(text) if f["code"] == "totals_mismatch"]
    assert flags == [
        {
            "code": "totals_mismatch",
            "message": "所列2个项目的支出合计110万元，超过项目支出总额100万元10万元",
            "sentences": [1, 2, 3],
        }
    ]


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("二、2022年度部门预算执行情况", True),  # a heading of another year
        ("截至2022年12月31日，全年支出100.00万元。", True),  # the period ends in another year
        ("2022年年初预算100.00万元。", True),  # the unit's own money, another year
        ("“三公”经费较2022年下降5%。", False),  # a comparison
        ("自评结果将作为2025年预算编制的重要依据。", False),  # a later budget
        ("按时公开了2022年度部门决算。", False),  # last year's accounts, published this year
        ("本报告于2024年3月15日报送县财政局。", False),  # the date of writing
        ("编制《全域旅游发展规划（2021—2030年）》。", False),  # a period
        ("2022年我单位最主要的目标是：全年开放天数≥360天。", True),  # goals of an earlier year
        ("2024年部门整体绩效目标将另行申报。", False),  # a later year's goals
    ],
)
def test_year_mismatch(line, flagged):
    text = HEAD + line + "\n" + SCORE
    flags = run(text, {"年初预算": "metric", "全年支出": "metric"})
    assert ("year_mismatch" in codes(flags)) is flagged


def test_placeholders_the_issue_names():
    # full-width forms too (＊, ＸＸ): they are read as the simplified text holds them
    for placeholder in ("*", "××", "XX", "某某", "____", "＊", "ＸＸ", "ｘｘ", "２０××年"):
        text = HEAD + f"填报人：{placeholder}\n" + SCORE
        assert codes(run(text))[0] == "template_unfilled", placeholder
    # a multiplication sign in a formula, a phone number a web page masks: not placeholders
    for line in ("得分=完成率×分值。", "联系电话：0427-××××××", "网站标识码：4110××0012"):
        assert "template_unfilled" not in codes(run(HEAD + line + "\n" + SCORE)), line
