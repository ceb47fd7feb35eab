"""The splitter: each unit rule of the labelling guide, heading paths and offsets."""

from __future__ import annotations

import json

import pytest
from conftest import shared

from nlp_perf import split_sentences
from nlp_perf.text.markers import heading_level


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # terminators, full-width and ASCII
        (
            "完成培训12次。召开会议3次！是否达标？",
            ["完成培训12次。", "召开会议3次！", "是否达标？"],
        ),
        ("资金到位；项目完工;验收合格!", ["资金到位；", "项目完工;", "验收合格!"]),
        ("完成了审计.下一步将整改", ["完成了审计.", "下一步将整改"]),
        # a line break ends a sentence
        ("全年预算100万元\n执行率98%", ["全年预算100万元", "执行率98%"]),
        # decimals and *.* placeholders never end a sentence
        ("支出557.93万元，执行率99.5%。", ["支出557.93万元，执行率99.5%。"]),
        ("项目支出*.*万元，支出实现率*%。", ["项目支出*.*万元，支出实现率*%。"]),
        # closing quotes stay with their sentence
        ("被评为“先进单位。”次年再评。", ["被评为“先进单位。”", "次年再评。"]),
        # list markers that start a new item inside a line
        (
            "主要问题：一是资金滞后，二是管理粗放。",
            ["主要问题：", "一是资金滞后，", "二是管理粗放。"],
        ),
        ("做法如下：1、强化监管 2、规范程序", ["做法如下：", "1、强化监管", "2、规范程序"]),
        ("包括：（1）培训；（2）督查。", ["包括：", "（1）培训；", "（2）督查。"]),
        ("其中：(一)基本支出，(二)项目支出", ["其中：", "(一)基本支出，", "(二)项目支出"]),
        ("3.发放准确率100%，4.资金到位率98%", ["3.发放准确率100%，", "4.资金到位率98%"]),
        # a marker glued to a character does not cut; nor does 统一是 or a date range
        ("存在问题一是资金滞后", ["存在问题一是资金滞后"]),
        ("在1、2月份完成", ["在1、2月份完成"]),
        # doubled punctuation: the lone second mark is a fragment and is dropped
        ("作出决议9项。。", ["作出决议9项。"]),
        # fragments with no CJK character and no digit are dropped
        ("[bookmark: _GoBack]    4、民生实事经费", ["4、民生实事经费"]),
        ("——\n|---|---|\n开展检查", ["开展检查"]),
        # a page number holds a digit: kept
        ("—3—\n正文", ["—3—", "正文"]),
    ],
)
def test_unit_rules(text, expected):
    assert texts(text) == expected


def test_table_row_in_one_line_is_one_sentence():
    text = "指标名称\t年度指标值\t实际完成值\n维修学校数 | 12所 | 12所；备注"
    assert texts(text) == ["指标名称\t年度指标值\t实际完成值", "维修学校数 | 12所 | 12所；备注"]


def test_word_table_one_cell_per_line_gives_one_sentence_per_row():
    text = "表1\n\t项目名称\n\t金额\n\n\t培训经费\n\t\n\t12.5\n\n\t合计\n\t12.5\n\n说明。"
    got = split_sentences(text)
    assert [s.text for s in got] == [
        "表1",
        "项目名称\n\t金额",
        "培训经费\n\t\n\t12.5",  # an empty cell (a tab-only line) does not end the row
        "合计\n\t12.5",
        "说明。",
    ]
    assert [s.is_table_row for s in got] == [False, True, True, True, False]


def test_tab_indented_paragraphs_are_not_a_table():
    text = "\t一是开展培训。\n\t二是完成验收。"
    assert texts(text) == ["一是开展培训。", "二是完成验收。"]


@pytest.mark.parametrize(
    "line, level",
    [
        ("第一部分 基本情况", 0),
        ("一、部门概况", 1),
        ("（二）项目支出情况", 2),
        ("(二)项目支出情况", 2),
        ("3．人员情况", 3),
        ("1、坚持党的领导", 3),
        ("（1）召集会议", 4),
        ("①完成培训", 5),
        ("2022年预算执行情况", None),
        ("1.5万元用于培训", None),
    ],
)
def test_heading_levels(line, level):
    assert heading_level(line) == level


def test_heading_paths():
    text = (
        "一、部门概况\n（一）基本情况\n本局内设5个股室。\n（二）人员情况\n实有人数20人。\n"
        "二、绩效情况\n（一）坚持主责主业，全面提升工作质量\n开展检查12次。\n"
    )
    by_text = {s.text: s for s in split_sentences(text)}
    assert by_text["本局内设5个股室。"].section == "一、部门概况 > （一）基本情况"
    assert by_text["实有人数20人。"].section == "一、部门概况 > （二）人员情况"
    assert (
        by_text["开展检查12次。"].section == "二、绩效情况 > （一）坚持主责主业，全面提升工作质量"
    )
    # a heading's own section is its parent's path, and it is a sentence marked as heading
    assert by_text["二、绩效情况"].section == ""
    assert by_text["二、绩效情况"].is_heading
    assert not by_text["开展检查12次。"].is_heading


def test_run_in_heading_opens_a_section():
    text = "一、概况\n3．人员情况。2021年末实有人数12人。"
    last = split_sentences(text)[-1]
    assert last.text == "2021年末实有人数12人。"
    assert last.section == "一、概况 > 3．人员情况"


def test_a_numbered_line_with_several_items_is_not_a_heading():
    got = split_sentences("1.发放准确率100%，2．到位率98%")
    assert [s.text for s in got] == ["1.发放准确率100%，", "2．到位率98%"]
    assert not any(s.is_heading for s in got)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_offsets_round_trip(newline):
    text = newline.join(["  一、概况  ", "\t（1）开展培训；  二是完成验收。", "", "合计\t12.5"])
    sentences = split_sentences(text)
    assert len(sentences) == 4
    for k, s in enumerate(sentences):
        assert s.index == k
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_seed_reports_split_exactly_like_the_gold_set():
    rows = [json.loads(x) for x in shared("eval/seeds_gold.jsonl").read_text("utf-8").splitlines()]
    for doc in sorted({r["doc"] for r in rows}):
        text = shared(f"seeds/{doc}.txt").read_text(encoding="utf-8")
        gold = [r["text"] for r in rows if r["doc"] == doc]
        assert texts(text) == gold


def test_numbering_continuity_places_headings_of_mixed_styles():
    """'2、' after '一、' continues the top level; '1、' items inside it open a level below."""
    text = (
        "一、资金情况\n全年支出80万元。\n2、 工作完成情况\n（一）重点工作\n1、 强化监管。\n开展检查5次。\n"
        "2、 优化服务。\n（二）项目情况\n    1、培训项目综述：年初预算10万元，执行数10万元，完成率100%，自评得分95分。\n"
        "[bookmark: _GoBack]  2、维修项目综述：年初预算5万元，执行数4.8万元，完成率96%，自评得分90分。\n"
        "3、 主要经验\n1、 坚持问题导向。\n2、 强化跟踪问效。\n4、 存在的问题\n1、台账不够规范；\n2、进度偏慢。\n"
    )
    section = {s.text: s.section for s in split_sentences(text)}
    assert section["（一）重点工作"] == "2、 工作完成情况"
    assert section["开展检查5次。"] == "2、 工作完成情况 > （一）重点工作 > 1、 强化监管"
    assert section["（二）项目情况"] == "2、 工作完成情况"
    assert section["3、 主要经验"] == ""
    assert section["2、 强化跟踪问效。"] == "3、 主要经验"
    assert section["4、 存在的问题"] == ""
    # a list item ending in ； counts for the numbering but is not a heading
    assert section["2、进度偏慢。"] == "4、 存在的问题"


def _pdf_page(paragraphs: list[str], width: int = 30) -> str:
    """Paragraphs printed as a PDF prints them: cut every ``width`` characters."""
    lines = []
    for p in paragraphs:
        lines += [p[k : k + width] for k in range(0, len(p), width)]
    return "\n".join(lines)


def test_lines_a_pdf_wrapped_are_joined_into_their_sentence():
    paragraphs = [
        "一、项目概况",
        "本项目由县交通运输局组织实施，全年完成农村公路日常养护三百二十公里，更换损坏护栏一千二百米，"
        "修复水毁路基十四处，养护路段的路况优良率达到百分之八十二。",
        "二、资金情况",
        "本项目年初预算一百二十万元，全年实际支出一百一十八万元，预算执行率为百分之九十八点三，"
        "结余资金按规定结转下年继续用于公路养护，未发生挤占挪用资金的情况。",
        "三、存在的问题",
        "部分乡镇养护队伍人员老化，机械化作业水平不高，雨季水毁路段的抢修速度还需进一步加快，"
        "养护台账记录不够规范完整。",
    ]
    text = _pdf_page(paragraphs)
    got = split_sentences(text)
    # one sentence per 。 or ；, whatever the lines, and the offsets still point into the text
    assert [s.text.replace("\n", "") for s in got] == [
        "一、项目概况",
        paragraphs[1],
        "二、资金情况",
        paragraphs[3],
        "三、存在的问题",
        paragraphs[5],
    ]
    assert all(text[s.start : s.end] == s.text for s in got)
    assert got[5].section == "三、存在的问题"


def test_lines_of_a_page_without_a_right_edge_stay_apart():
    """A web page or Word export: lines are paragraphs of any length, never joined."""
    text = "全年预算100万元\n执行率98%\n资金到位及时，拨付规范，专款专用，未发现截留挪用的情况\n一、概况"
    assert texts(text) == [
        "全年预算100万元",
        "执行率98%",
        "资金到位及时，拨付规范，专款专用，未发现截留挪用的情况",
        "一、概况",
    ]


def test_a_wrapped_line_does_not_swallow_an_item_a_row_or_a_page_number():
    paragraph = (
        "县财政局按照项目进度分三批拨付资金，拨付程序规范，资金到位及时，全年未发现截留挤占挪用"
        "资金的情况，项目单位建立了资金使用台账，做到了一项目一台账，每月向县财政局报送资金"
        "使用进度，接受财政和审计部门的监督检查，资金使用的规范性和安全性进一步提高，为项目"
    )
    full = paragraph[:30]  # a line that reaches the page's right edge and ends no sentence
    text = "\n".join(
        [_pdf_page([paragraph]), "1、完成养护三百二十公里", full, "- 2 -", full, "合计\t120\t118"]
    )
    got = texts(text)
    assert got[0].replace("\n", "") == paragraph  # the wrapped paragraph is one sentence
    assert "1、完成养护三百二十公里" in got and "- 2 -" in got and "合计\t120\t118" in got
    assert got.count(full) == 2


def test_a_marker_alone_on_its_line_takes_the_next_line_as_title():
    text = "一、绩效情况\n（三）\n自评质量\n1.自评范围广。\n对全部项目开展了自评。"
    got = {s.text: s for s in split_sentences(text)}
    assert got["（三）"].is_heading and got["自评质量"].is_heading
    assert got["对全部项目开展了自评。"].section == "一、绩效情况 > （三）自评质量 > 1.自评范围广"


def test_headings_glued_inside_a_flattened_report_open_their_sections():
    text = (
        "某县2023年度农村公路养护项目支出绩效自评报告一、项目基本情况（一）项目概况。"
        "本项目覆盖全县12个乡镇，养护里程320公里。（二）项目绩效目标。1.完成公路日常养护320公里；"
        "2.路况优良率≥80%。二、项目资金情况（一）资金到位情况。年初预算120万元，实际到位120万元。"
        "坚持统一、规范管理，做到专款专用。"
    )
    got = {s.text: s for s in split_sentences(text)}
    assert "一、项目基本情况" in got and "二、项目资金情况" in got
    assert (
        got["本项目覆盖全县12个乡镇，养护里程320公里。"].section
        == "一、项目基本情况 > （一）项目概况"
    )
    assert got["1.完成公路日常养护320公里；"].section == "一、项目基本情况 > （二）项目绩效目标"
    assert (
        got["年初预算120万元，实际到位120万元。"].section == "二、项目资金情况 > （一）资金到位情况"
    )
    # 统一、 inside a sentence is no marker
    assert "坚持统一、规范管理，做到专款专用。" in got


def test_a_numbered_line_that_states_something_is_an_item_not_a_heading():
    text = (
        "二、项目绩效目标\n（一）产出指标\n1.数量指标：新增耕地面积19亩。\n2.质量指标：验收合格率98%。\n"
        "3.时效指标：完成预算执行支出进度100%。\n（二）效益指标\n1.社会效益明显提高。"
    )
    got = {s.text: s for s in split_sentences(text)}
    assert not got["1.数量指标：新增耕地面积19亩。"].is_heading
    # the items count among themselves, never as siblings of the part 二、 above them
    assert (
        got["3.时效指标：完成预算执行支出进度100%。"].section == "二、项目绩效目标 > （一）产出指标"
    )
    assert got["（二）效益指标"].section == "二、项目绩效目标"


def test_a_heading_with_a_note_in_brackets_is_a_heading():
    text = "三、部门预算管理情况（涉及专项的部门另附自评表）\n（一）预算编制。\n编制规范。"
    got = {s.text: s for s in split_sentences(text)}
    assert got["编制规范。"].section.startswith("三、部门预算管理情况")


def test_reports_pasted_into_one_file_do_not_nest_each_other():
    # each report's "一、" would open below the last report's "五、": paths (and memory) grew
    from conftest import DATA

    from nlp_perf.text.outline import SECTION_SEPARATOR

    report = (DATA / "reports" / "a01_people_congress_2019.txt").read_text(encoding="utf-8")
    alone = split_sentences(report)
    depth = max(s.section.count(SECTION_SEPARATOR) for s in alone)
    pasted = split_sentences(report * 30)
    assert max(s.section.count(SECTION_SEPARATOR) for s in pasted) <= depth + 1
    last = pasted[-len(alone) :]  # the last copy: at most one heading more above each sentence
    assert all(s.section.endswith(a.section) for s, a in zip(last, alone))
