"""Key figures, projects and indicators read from reports whose figures are known.

The reports in tests/data/figures_*.txt were written for these tests; every expected value
below was worked out by hand from the report's text, not copied from the extractor's output.
"""

from __future__ import annotations

import json
import re

import by_hand
import pytest
from conftest import ROOT, TEST_DATA

import nlp_perf
from nlp_perf import ClassifiedSentence
from nlp_perf.document import LabelledReport
from nlp_perf.figures import FIGURE_KEYS
from nlp_perf.figures import extract_figures as _extract
from nlp_perf.review import review_flags

DATA = TEST_DATA
DOC = ROOT / "docs" / "figures.md"


def extract_figures(text: str, rows: list[ClassifiedSentence]) -> dict:
    """The figures of ``text``, whose classified sentences are ``rows``."""
    return _extract(LabelledReport.of(text, rows))


@pytest.fixture(scope="module")
def shipped_model():
    return nlp_perf.load_model()


def read(name: str, model) -> tuple[str, list[ClassifiedSentence]]:
    text = nlp_perf.read_document(DATA / name).text
    return text, nlp_perf.classify_text(text, model).rows


def by_hand_rows(text: str, label: str = "metric") -> list[ClassifiedSentence]:
    """The sentences of ``text``, all with one label: for rules that do not look at labels."""
    return by_hand.labelled(text, label)


def fig(value, unit, sentence, text):
    return {"value": value, "unit": unit, "sentence": sentence, "text": text}


def project(name, budget, adjusted, executed, rate, score, sentence):
    return by_hand.project(name, sentence, budget, adjusted, executed, rate, score)


def indicator(name, target, actual, score, sentence):
    return {"name": name, "target": target, "actual": actual, "score": score, "sentence": sentence}


# --- whole reports --------------------------------------------------------------------------


def test_filled_department_report(shipped_model):
    text, rows = read("figures_department.txt", shipped_model)
    out = extract_figures(text, rows)
    assert out["figures"] == {
        "year": fig(2023, "年", 1, "2023年度"),
        "unit_name": fig("澄江县水务局", None, 0, "澄江县水务局"),
        "budget_initial": fig(1250.4, "万元", 6, "年初预算1,250.40万元"),
        "budget_total": fig(1486.2, "万元", 6, "全年预算数1,486.20万元"),
        "income_total": fig(1466.2, "万元", 7, "本年收入合计1,466.20万元"),
        "carryover": fig(20.0, "万元", 7, "上年结转资金二十万元"),
        "final_expenditure": fig(1452.36, "万元", 8, "全年支出1,452.36万元"),
        "basic_expenditure": fig(612.18, "万元", 9, "基本支出612.18万元"),
        "project_expenditure": fig(840.18, "万元", 9, "项目支出840.18万元"),
        "personnel_expenditure": fig(498.36, "万元", 10, "工资福利支出498.36万元"),
        "goods_services_expenditure": fig(301.24, "万元", 10, "商品和服务支出301.24万元"),
        "household_subsidies": fig(27.4, "万元", 10, "对个人和家庭的补助274,000元"),
        "capital_expenditure": fig(625.36, "万元", 10, "资本性支出625.36万元"),
        "three_public_expenditure": fig(8.6, "万元", 11, "“三公”经费支出８．６０万元"),
        "execution_rate": fig(97.72, "%", 8, "预算执行率97.72%"),
        "self_score": fig(93.5, "分", 27, "自评得分为93.5分"),
    }
    assert out["projects"] == [
        project("农村饮水安全巩固提升工程", 520.0, None, 512.4, 98.54, 95.0, 13),
        project("河湖长制工作经费", 180.0, None, 176.58, 98.1, 94.0, 14),
        project("小型水库运行管护补助", 160.0, None, 151.2, 94.5, 90.0, 15),
    ]
    assert out["indicators"] == []


def test_template_placeholders_are_missing_never_zero(shipped_model):
    text, rows = read("figures_template.txt", shipped_model)
    out = extract_figures(text, rows)
    assert out["figures"] == {
        "year": fig(2024, "年", 2, "2024年度"),
        "unit_name": fig(None, None, 1, "××县人力资源和社会保障局"),
        "budget_initial": fig(None, "万元", 7, "年初预算*.*万元"),
        "budget_total": fig(None, "万元", 7, "调整后预算*.*万元"),
        "final_expenditure": fig(None, "万元", 8, "实际支出*.*万元"),
        "execution_rate": fig(None, "%", 8, "预算执行率**.*%"),
        "self_score": fig(None, "分", 13, "自评得分为____分"),
    }
    assert out["projects"] == [project("就业见习补贴项目", None, None, None, None, None, 2)]
    assert out["indicators"] == [
        indicator("见习岗位募集数", "≥120个", None, None, 10),
        indicator("见习人员留用率", "≥40%", "46.5%", None, 11),
    ]


def test_project_report_with_a_flattened_indicator_table(shipped_model):
    text, rows = read("figures_project_table.txt", shipped_model)
    out = extract_figures(text, rows)
    assert out["figures"] == {
        "year": fig(2022, "年", 1, "2022年度"),
        "unit_name": fig("临溪县文化馆", None, 0, "临溪县文化馆"),
        "budget_initial": fig(80.0, "万元", 5, "年初预算80.00万元"),
        "budget_total": fig(96.5, "万元", 5, "调整后预算96.50万元"),
        "final_expenditure": fig(91.32, "万元", 6, "实际支出91.32万元"),
        "execution_rate": fig(94.63, "%", 6, "预算执行率94.63%"),
        "self_score": fig(94.5, "分", 19, "自评得分为94.5分"),
    }
    # The report is about one project: its entry carries the report's own figures.
    assert out["projects"] == [
        project("公共文化服务免费开放项目", 80.0, 96.5, 91.32, 94.63, 94.5, 1)
    ]
    assert out["indicators"] == [
        indicator("公益培训班次", "≥40期", "46期", 15.0, 10),
        indicator("培训学员结业率", "≥90%", "93.2%", 15.0, 11),
        indicator("年度服务群众人次", "≥5万人次", "4.6万人次", 17.0, 12),
        indicator("群众满意度", "≥90%", "95.1%", 20.0, 13),
        # merged first cells: the name comes from the nearest filled cell on the left
        indicator("预算执行率", "100%", "94.63%", 9.5, 14),
        indicator("展厅开放天数", "≥300天", "306天", 10.0, 16),
        indicator("流动文化服务进村次数", "≥24次", "22次", 8.0, 17),
    ]


def test_department_report_whose_breakdown_does_not_add_up(shipped_model):
    text, rows = read("figures_totals.txt", shipped_model)
    out = extract_figures(text, rows)
    figures = {k: v["value"] for k, v in out["figures"].items()}
    # The figures are read as written; review_flags is what finds they disagree.
    assert figures == {
        "year": 2021,
        "unit_name": "石门镇人民政府",
        "budget_total": 1320.0,
        "final_expenditure": 1298.4,
        "basic_expenditure": 536.2,
        "project_expenditure": 750.2,
        "three_public_expenditure": 6.8,
        "execution_rate": 98.36,
        "self_score": 90.5,
    }
    # Projects from a tab-separated table; its 合计 row is not a project.
    assert out["projects"] == [
        project("村级组织运转经费", 420.0, None, 418.6, 99.67, None, 8),
        project("农村人居环境整治", 210.0, None, 205.4, 97.81, None, 9),
        project("防汛抗旱应急经费", 130.0, None, 126.2, 97.08, None, 10),
    ]


def test_pdf_text_wrapped_across_lines_and_pages(shipped_model):
    text, rows = read("figures_rate.txt", shipped_model)
    out = extract_figures(text, rows)
    figures = out["figures"]
    # 预算执行 | page number | running header | 率96.00%: read as one phrase, from sentence 8
    assert figures["execution_rate"] == fig(96.0, "%", 8, "预算执行率96.00%")
    assert figures["final_expenditure"] == fig(430.0, "万元", 8, "实际支出4,300,000元")
    assert figures["budget_total"] == fig(500.0, "万元", 6, "全年预算500.00万元")
    assert figures["self_score"] == fig(85.5, "分", 18, "综合得分为85.5分")
    assert out["projects"] == [project("农村公路养护项目", None, 500.0, 430.0, 96.0, 85.5, 1)]


def test_traditional_web_page_with_a_pipe_table(shipped_model):
    text, rows = read("figures_traditional.txt", shipped_model)
    out = extract_figures(text, rows)
    assert out["figures"] == {
        "year": fig(2024, "年", 1, "2024年度"),
        "unit_name": fig("嶺東市衛生健康委員會", None, 1, "嶺東市衛生健康委員會"),
        # 部门预算收入: the budget as passed, read as the initial budget too
        "budget_initial": fig(12800.0, "万元", 4, "部門預算收入合計1.28億元"),
        "budget_total": fig(12800.0, "万元", 4, "全年預算數1.28億元"),
        "income_total": fig(12800.0, "万元", 4, "部門預算收入合計1.28億元"),
        "final_expenditure": fig(12400.0, "万元", 4, "全年支出一億二千四百萬元"),
        "execution_rate": fig(96.88, "%", 4, "預算執行率96.88%"),
        "self_score": fig(92.4, "分", 12, "自評得分為92.4分"),
    }
    assert out["projects"] == [
        project("基本公共衛生服務補助", 3860.0, None, 3812.4, 98.77, None, 7),
        project("家庭醫生簽約服務經費", 420.0, None, 386.2, 91.95, None, 8),
    ]


def test_every_figure_points_at_the_sentence_that_states_it(shipped_model):
    for path in sorted(DATA.glob("figures_*.txt")):
        text, rows = read(path.name, shipped_model)
        out = extract_figures(text, rows)
        assert set(out) == {"figures", "projects", "indicators"}
        assert list(out["figures"]) == [k for k in FIGURE_KEYS if k in out["figures"]]
        for key, entry in out["figures"].items():
            assert set(entry) == {"value", "unit", "sentence", "text"}, key
            sentence = rows[entry["sentence"]].text.replace("\n", "")
            # the matched words start in that sentence (a PDF line break may cut them)
            assert entry["text"][:2] in sentence, (path.name, key)


# --- single rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "text"),
    [
        ("年初预算二千三百万元。", 2300.0, "年初预算二千三百万元"),
        ("年初预算一亿二千万元。", 12000.0, "年初预算一亿二千万元"),
        ("年初预算1.2亿元。", 12000.0, "年初预算1.2亿元"),
        ("年初预算1,234.5元。", 0.12345, "年初预算1,234.5元"),
        ("年初预算１２３．４万元。", 123.4, "年初预算１２３．４万元"),
        ("年初预算１２，３４５．６万元。", 12345.6, "年初预算１２，３４５．６万元"),
        ("年初预算数为3,500.00万元。", 3500.0, "年初预算数为3,500.00万元"),
        ("年初预算0万元。", 0.0, "年初预算0万元"),
        ("年初预算*.*万元。", None, "年初预算*.*万元"),
        ("年初预算××万元。", None, "年初预算××万元"),
        ("年初预算____万元。", None, "年初预算____万元"),
        ("年初預算2,000萬元。", 2000.0, "年初預算2,000萬元"),
    ],
)
def test_amounts_are_normalised_to_wanyuan(sentence, value, text):
    out = extract_figures(sentence, by_hand_rows(sentence))
    assert out["figures"]["budget_initial"] == fig(value, "万元", 0, text)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("预算执行率为98.5%。", 98.5),
        ("预算总体执行率为100%。", 100.0),  # 总体 between 预算 and 执行率
        ("资金整体支出率96.2%。", 96.2),
    ],
)
def test_the_whole_budgets_execution_rate_in_its_several_wordings(sentence, value):
    figures = extract_figures(sentence, by_hand_rows(sentence))["figures"]
    assert figures["execution_rate"]["value"] == value


@pytest.mark.parametrize(
    "sentence",
    [
        "预算执行率目标为95%。",  # a target, not the rate achieved
        "预算执行率较上年提高3%。",  # a change
        "上半年预算执行率为31.6%。",  # part of the year
        "信息化运维经费执行率仅为84.3%。",  # one project's rate in a department report
        "村级重大事项“四议两公开”执行率100%。",  # the rate of something else
        "综合得分90分（含）以上为“优”。",  # the grading scale
        "主要原因是增加基本支出84.16万元，增加项目支出56.73万元。",  # changes, not amounts
    ],
)
def test_statements_that_are_not_the_whole_reports_figure(sentence):
    figures = extract_figures(sentence, by_hand_rows(sentence))["figures"]
    assert "execution_rate" not in figures
    assert "self_score" not in figures
    assert "basic_expenditure" not in figures and "project_expenditure" not in figures


def test_project_lines_in_a_department_report_do_not_become_its_totals():
    text = (
        "2022年度部门整体支出绩效自评报告\n"
        "全年支出300.00万元，预算执行率98.00%。\n"
        "1、党员教育培训项目：全年预算80.00万元，支出78.00万元，执行率97.50%，自评得分95分。\n"
        "经综合评定，部门整体支出绩效自评得分为93分。\n"
    )
    out = extract_figures(text, by_hand_rows(text))
    assert out["figures"]["final_expenditure"]["value"] == 300.0
    assert out["figures"]["execution_rate"]["value"] == 98.0
    assert out["figures"]["self_score"]["value"] == 93.0
    assert out["projects"] == [project("党员教育培训项目", None, 80.0, 78.0, 97.5, 95.0, 2)]


def test_project_name_from_the_line_before():
    text = (
        "2023年度部门整体支出绩效自评报告\n"
        "（三）项目绩效自评结果\n"
        "1、人代会会务经费\n"
        "年初预算45.60万元，全年执行45.60万元，执行率100%，自评得分98分。\n"
    )
    out = extract_figures(text, by_hand_rows(text))
    assert out["projects"] == [project("人代会会务经费", 45.6, None, 45.6, 100.0, 98.0, 3)]


def test_a_project_name_is_given_as_written():
    text = "2023年度部門整體支出績效自評報告\n1、醫療設備購置項目：年初預算120.00萬元，支出118.80萬元，執行率99%。\n"
    out = extract_figures(text, by_hand_rows(text))
    assert out["projects"] == [project("醫療設備購置項目", 120.0, None, 118.8, 99.0, None, 1)]


@pytest.mark.parametrize(
    "rows",
    [
        # runs of spaces
        ["三级指标  年度指标值  实际完成值  得分", "维修养护工程数量  ≥120处  138处  10"],
        # pipes, with borders
        [
            "| 三级指标 | 年度指标值 | 实际完成值 | 得分 |",
            "| 维修养护工程数量 | ≥120处 | 138处 | 10 |",
        ],
        # tabs
        ["三级指标\t年度指标值\t实际完成值\t得分", "维修养护工程数量\t≥120处\t138处\t10"],
    ],
)
def test_indicator_table_cells_in_every_layout(rows):
    text = "\n".join(rows) + "\n"
    out = extract_figures(text, by_hand_rows(text))
    assert out["indicators"] == [indicator("维修养护工程数量", "≥120处", "138处", 10.0, 1)]


def test_a_table_total_row_gives_the_score_when_the_text_does_not():
    text = "三级指标\t年度指标值\t实际完成值\t分值\t得分\n培训人次\t≥300人次\t320人次\t100\t96\n合计\t\t\t100\t96\n"
    out = extract_figures(text, by_hand_rows(text))
    assert out["figures"]["self_score"] == fig(96.0, "分", 2, "合计 100 96")
    assert [i["name"] for i in out["indicators"]] == ["培训人次"]


def test_an_empty_report():
    assert extract_figures("", []) == {"figures": {}, "projects": [], "indicators": []}


def test_the_worked_example_in_the_docs(shipped_model):
    doc = DOC.read_text(encoding="utf-8").split("## Worked example", 1)[1]
    text = re.search(r"```text\n(.*?)```", doc, re.S).group(1)
    expected = json.loads(re.search(r"```json\n(.*?)```", doc, re.S).group(1))
    rows = nlp_perf.classify_text(text, shipped_model).rows
    out = extract_figures(text, rows)
    out["flags"] = review_flags(LabelledReport.of(text, rows), out)
    assert out == expected


def test_a_sentence_the_splitter_joined_from_pdf_lines_is_read_like_one_line():
    """The splitter joins lines a PDF wrapped; their figures are read as from one line, not
    taken for the cells of a table."""
    paragraphs = [
        "某县交通运输局2022年度部门整体支出绩效自评报告",
        "一、部门整体支出情况",
        "本局全年预算500.00万元，全年支出480.00万元，其中基本支出300.00万元，项目支出180.00万元，"
        "预算执行率96.00%，结余资金按规定结转下年继续用于农村公路日常养护和水毁修复工作，"
        "资金到位后由县公路管理段按工程进度和验收结果拨付，未发现截留挤占挪用资金的情况。",
        "二、自评结论",
        "经综合评定，本局整体支出绩效较好，养护里程、路况优良率和群众满意度等产出和效益指标基本"
        "完成，资金使用规范，部门整体支出绩效自评综合得分为92.5分，评价等级为优。",
    ]
    flat = "\n".join(paragraphs)
    wrapped = "\n".join(p[k : k + 30] for p in paragraphs for k in range(0, len(p), 30))
    joined = by_hand_rows(wrapped)
    assert len(joined) == len(by_hand_rows(flat)) and any("\n" in s.text for s in joined)
    got = extract_figures(wrapped, joined)["figures"]
    want = extract_figures(flat, by_hand_rows(flat))["figures"]
    assert {k: v["value"] for k, v in got.items()} == {k: v["value"] for k, v in want.items()}
    assert got["final_expenditure"]["value"] == 480.0 and got["self_score"]["value"] == 92.5


PROJECT_TITLE = "澄湖县2023年农村公路建设项目绩效自评报告\n"
DEPARTMENT_TITLE = "澄湖县交通运输局2023年度部门整体支出绩效自评报告\n"


@pytest.mark.parametrize(
    "title, sentence, value",
    [
        (PROJECT_TITLE, "市财政局下达车购税补助资金56万元。", 56.0),
        (PROJECT_TITLE, "全年到位资金117万元，已全部支出。", 117.0),
        (PROJECT_TITLE, "年初安排项目经费38万元。", None),  # the initial budget
        # the year's whole, stated after the money first arranged
        (PROJECT_TITLE, "年度预算安排经费388万元，全年实际拨入经费528.8万元。", 528.8),
        (PROJECT_TITLE, "项目自2019年启动以来已安排资金380万元。", None),  # several years
        (DEPARTMENT_TITLE, "市财政局下达车购税补助资金56万元。", None),  # one of its projects
    ],
)
def test_money_allocated_is_a_project_reports_budget(title, sentence, value):
    text = title + sentence
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert (figures.get("budget_total") or {}).get("value") == value


@pytest.mark.parametrize(
    "title, sentence, value",
    [
        (PROJECT_TITLE, "截至年底已支付资金139.43万元。", 139.43),
        (PROJECT_TITLE, "目前，资金已执行4132.8万元。", 4132.8),
        (DEPARTMENT_TITLE, "截至年底已支付资金139.43万元。", None),  # one of its projects
    ],
)
def test_money_paid_is_a_project_reports_spending(title, sentence, value):
    text = title + sentence
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert (figures.get("final_expenditure") or {}).get("value") == value


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("其中，法院执行年初预算数6万元，年末结算支出6万元。", "budget_initial"),  # a part's
        ("2024年预算支出27,360.5万元，其中：人员经费支出3,183.78万元。", "personnel_expenditure"),
    ],
)
def test_a_figure_of_a_part_listed_after_qizhong_is_not_the_reports(sentence, key):
    figures = extract_figures(sentence, by_hand_rows(sentence))["figures"]
    assert key not in figures


def test_a_total_listed_after_qizhong_is_still_a_total():
    sentence = "全年预算数1061.69万元，其中本年收入合计数为889.68万元，年终决算数1061.69万元。"
    figures = extract_figures(sentence, by_hand_rows(sentence))["figures"]
    assert figures["income_total"]["value"] == 889.68
    assert figures["final_expenditure"]["value"] == 1061.69


def test_a_forms_money_row_whose_name_the_header_has_no_column_for():
    text = (
        "2023年度农村公路建设项目绩效自评表\n"
        "全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) |\n"
        "年度资金总额: | 2000 | 1157.97 | 57.89% |\n"
        "其中:中央财政资金 | 2000 | 1157.9 | 57.89% |\n"
    )
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert figures["budget_total"]["value"] == 2000
    assert figures["final_expenditure"]["value"] == 1157.97
    assert figures["execution_rate"]["value"] == 57.89


@pytest.mark.parametrize(
    "sentence, budget, spent",
    [
        ("2023年度农村公路养护资金860万元全部执行到位。", 860.0, 860.0),
        ("到位资金64万元，已全部完成支付。", 64.0, 64.0),
        ("下达项目资金90万元，资金全部用于本项目建设。", 90.0, 90.0),
        # passed on to the townships: allocated, not spent
        ("下达项目资金500万元，已全部拨付到乡镇。", 500.0, None),
    ],
)
def test_money_a_project_report_says_was_all_spent(sentence, budget, spent):
    text = PROJECT_TITLE + sentence
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert (figures.get("budget_total") or {}).get("value") == budget
    assert (figures.get("final_expenditure") or {}).get("value") == spent


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("因年度考核结余，实际支付养护经费78.5万元。", 78.5),
        ("截至年底，该项目已拨付工程款120万元。", 120.0),
        ("下达资金60万元，实际完成投资54.3万元。", 54.3),
        ("项目投资60万元，实际决算金额54.3万元。", 54.3),
        ("今年使用补贴资金6620万元，受益农户3100户。", 6620.0),  # 补贴资金: not an item's
        ("已兑现困难群众基本生活救助资金14,260元。", 1.426),
        ("截至2023年12月31日实际支出152.6万元。", 152.6),  # a day's date, not a month's
    ],
)
def test_the_words_a_project_report_states_its_spending_with(sentence, value):
    text = PROJECT_TITLE + "一、资金情况\n" + sentence
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert figures["final_expenditure"]["value"] == value


def test_money_received_on_a_date_is_the_budget_and_a_levels_share_is_not():
    text = PROJECT_TITLE + "2023年7月4日我县收到上级补助资金590万元。"
    assert extract_figures(text, by_hand_rows(text))["figures"]["budget_total"]["value"] == 590
    text = PROJECT_TITLE + "市县下达资金204万元。"  # one level's share of the money
    assert "budget_total" not in extract_figures(text, by_hand_rows(text))["figures"]


def test_a_report_in_parts_headed_by_funds_states_no_one_budget():
    body = "全年预算500万元，实际支出450万元，预算执行率90%。综合评价得分88分。\n"
    by_fund = (
        "2023年度省级护林防火资金绩效评价报告\n一、2023年省级护林防火专项转移支付资金\n" + body
    )
    figures = extract_figures(by_fund, by_hand_rows(by_fund))["figures"]
    assert set(figures) == {"year"}  # each figure is one fund's; the year is the report's
    # with no year in its title, the first fund's year is not the report's either
    untitled = by_fund.replace("2023年度省级", "省级", 1)
    assert extract_figures(untitled, by_hand_rows(untitled))["figures"] == {}
    in_parts = "省级护林防火资金绩效评价报告\n一、项目资金情况\n" + body
    figures = extract_figures(in_parts, by_hand_rows(in_parts))["figures"]
    assert figures["budget_total"]["value"] == 500 and figures["self_score"]["value"] == 88


@pytest.mark.parametrize(
    "text, value",
    [
        ("一、自评结论\n（一）自评得分\n96分。\n（二）绩效目标完成情况\n", 96.0),
        ("一、自评结论\n项目按实施方案开展，绩效评分95分，自评为优。\n", 95.0),
        ("二、评价结论\n经综合评价，最终评分结果为91分，等级为优。\n", 91.0),
    ],
)
def test_the_self_score_in_the_ways_reports_write_it(text, value):
    text = PROJECT_TITLE + text
    assert extract_figures(text, by_hand_rows(text))["figures"]["self_score"]["value"] == value


def test_a_department_budget_as_passed_its_income_received_and_its_projects_spending():
    text = DEPARTMENT_TITLE + (
        "本年部门预算收入2,400.5万元。全年实际完成收入2,630.2万元。"
        "全年实际支出2,598万元，其中：人员经费支出800万元，项目资金支出1,798万元。"
    )
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert figures["budget_initial"]["value"] == 2400.5
    assert figures["income_total"]["value"] == 2630.2
    assert figures["project_expenditure"]["value"] == 1798


def test_parts_of_the_budget_listed_after_qizhong_are_not_spending():
    text = DEPARTMENT_TITLE + "全年预算数400万元，其中基本支出300万元，项目支出100万元。"
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert "basic_expenditure" not in figures and "project_expenditure" not in figures
    text = DEPARTMENT_TITLE + "全年实际支出380万元，其中基本支出290万元，项目支出90万元。"
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert (figures["basic_expenditure"]["value"], figures["project_expenditure"]["value"]) == (
        290,
        90,
    )


def test_a_year_left_as_a_placeholder_is_stated_and_unknown():
    text = "20××年度部门整体支出绩效自评报告\n一、部门概况\n全年预算100万元。"
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert figures["year"]["value"] is None and figures["year"]["text"] == "20××年度"


def test_the_rate_of_the_reports_own_fund_named_before_it_is_the_reports():
    text = (
        "澄湖县林业局2021年度项目绩效自评报告\n（市级护林防火“三三制”补助经费项目）\n"
        "一、资金情况\n2021年度护林防火“三三制”经费执行率为100%。\n"
    )
    figures = extract_figures(text, by_hand_rows(text))["figures"]
    assert figures["execution_rate"]["value"] == 100
    other = text.replace("护林防火“三三制”经费执行率", "信息化运维经费执行率")
    assert "execution_rate" not in extract_figures(other, by_hand_rows(other))["figures"]
