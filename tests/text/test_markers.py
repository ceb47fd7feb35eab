"""Heading and list markers (nlp_perf/text/markers.py): their outline level, the number they
carry, the markers that start an item inside a line, and the numbering before an item's name."""

from __future__ import annotations

import pytest
from conftest import DATA

from nlp_perf.read import read_document
from nlp_perf.text.markers import (
    _LEVEL_PATTERNS,
    GLUED_MARKER,
    INLINE_MARKER,
    ITEM_MARKER,
    heading_level,
    marker_end,
    marker_number,
    strip_marker,
)


@pytest.mark.parametrize(
    "line, level",
    [
        ("第二章 绩效目标", 0),
        ("第三篇　附件", 0),
        ("  十二、其他事项", 1),  # leading spaces do not hide a marker
        ("三．项目管理", 1),
        ("（十）资金管理", 2),
        ("１．年度目标", 3),  # full-width digit and point
        ("12.培训情况", 3),
        ("（１）开展检查", 4),
        ("⑫完成验收", 5),
        ("①完成验收", 5),  # the first and the last circled number
        ("⑳完成验收", 5),
        ("\u3000(２)开展检查", 4),
        ("第3部分 附件", 0),
        ("零、说明", 1),
    ],
)
def test_each_marker_style_has_its_outline_level(line, level):
    assert heading_level(line) == level


@pytest.mark.parametrize(
    "line",
    [
        "1.5万元用于维修",  # a decimal
        "3.5亿元",
        "123、项目",  # three digits: a number, not an item
        "2022年预算执行情况",
        "一是加强资金管理",  # an item inside a paragraph, no heading
        "",
    ],
)
def test_a_number_that_is_no_marker_gives_no_level(line):
    assert heading_level(line) is None
    assert marker_end(line) == 0


def test_the_first_character_guard_skips_no_line_a_marker_pattern_matches():
    """heading_level skips a line whose first character starts no marker without trying
    the patterns: on the corpus' lines and on every character that may start one, it gives
    what trying every pattern gives."""

    def tried(line: str) -> int | None:
        stripped = line.strip()
        return next((lv for lv, p in _LEVEL_PATTERNS if p.match(stripped)), None)

    lines = [ch + "、（一）1.项目" for ch in "第一十两零〇（(1０⑤⑳" + "绩是Ⅰ１"]
    for path in sorted((DATA / "reports").glob("*.txt"))[:60]:
        lines += read_document(path).text.splitlines()
    assert sum(tried(line) is not None for line in lines) > 100
    assert [heading_level(line) for line in lines] == [tried(line) for line in lines]


@pytest.mark.parametrize(
    "line, rest",
    [
        ("（三）资金管理", "资金管理"),
        ("  一、部门概况  ", "部门概况"),
        ("第一部分 基本情况", "基本情况"),
        ("①完成培训", "完成培训"),
        ("1．人员情况", "人员情况"),
        ("1.5万元用于维修", "1.5万元用于维修"),  # no marker: kept whole
    ],
)
def test_strip_marker_leaves_the_heading_without_its_numbering(line, rest):
    assert strip_marker(line) == rest


@pytest.mark.parametrize(
    "marker, n",
    [
        ("一、", 1),
        ("十、", 10),
        ("十一、", 11),
        ("二十、", 20),
        ("二十三、", 23),
        ("（十二）", 12),
        ("第十一章", 11),
        ("3.", 3),
        ("（２）", 2),
        ("⑤", 5),
        ("⑳", 20),
        ("〇", 0),
    ],
)
def test_marker_number_is_the_number_the_marker_carries(marker, n):
    assert marker_number(marker) == n


def test_a_title_without_numbering_has_no_marker_number():
    assert marker_number("部门概况") is None


@pytest.mark.parametrize(
    "text, marker",
    [
        ("一是加强监管", "一是"),
        ("（二）规范程序", "（二）"),
        ("(2)组织培训", "(2)"),
        ("1、强化监管", "1、"),
        ("１０、完成验收", "１０、"),
        ("3.发放补贴", "3."),
        ("⑤落实整改", "⑤"),
        ("①落实整改", "①"),  # the first and last circled numbers, the first characters
        ("⑳落实整改", "⑳"),
        ("（９）组织培训", "（９）"),
        ("两是加强监管", "两是"),
    ],
)
def test_an_inline_marker_starts_a_new_item(text, marker):
    m = INLINE_MARKER.match(text)
    assert m and m.group(0) == marker


@pytest.mark.parametrize(
    "text",
    [
        "1、2月份完成",  # a range of months
        "3.5万元",  # a decimal
        "(2)3",  # a number in brackets before a number
    ],
)
def test_numbers_that_are_no_inline_marker(text):
    assert not INLINE_MARKER.match(text)


@pytest.mark.parametrize(
    "line, found",
    [
        ("一是资金到位二、存在问题", "二、"),
        ("工作完成情况（三）下一步打算", "（三）"),
        ("第二、", None),  # 第二 is an ordinal
        ("资金三、5项", None),  # a marker is followed by its heading's words
    ],
)
def test_a_heading_marker_glued_to_the_text_before_it(line, found):
    m = GLUED_MARKER.search(line)
    assert (m.group(0) if m else None) == found


@pytest.mark.parametrize(
    "name, bare",
    [
        ("第一部分基本情况", "基本情况"),
        ("一、概况", "概况"),
        ("（一）培训项目", "培训项目"),
        ("(1)培训项目", "培训项目"),
        ("1、培训项目", "培训项目"),
        ("12 、培训项目", "培训项目"),
        ("① 培训项目", "培训项目"),
        ("一是培训项目", "培训项目"),
        ("培训项目", "培训项目"),
    ],
)
def test_item_marker_is_any_numbering_before_an_items_name(name, bare):
    assert ITEM_MARKER.sub("", name) == bare
