"""Numbers as reports write them (nlp_perf/text/numbers.py): amounts in 万元, Chinese numerals,
placeholders that read as None, and the rounding a printed figure allows."""

from __future__ import annotations

import re

import pytest

from nlp_perf.text.numbers import (
    AMOUNT_RE,
    BAD_GAP,
    RATE,
    SCORE,
    decimals,
    half_unit,
    number,
    to_wan,
)


@pytest.mark.parametrize(
    "token, unit, wan",
    [
        ("86.5", "万元", 86.5),
        ("1,234.5", "元", 0.12345),
        ("12,345,678", "元", 1234.5678),
        ("350", "千元", 35.0),
        ("1.28", "亿元", 12800.0),
        ("二十", "万元", 20.0),
        ("0", "万元", 0.0),
    ],
)
def test_an_amount_is_given_in_wanyuan_whatever_unit_the_report_used(token, unit, wan):
    assert to_wan(token, unit) == pytest.approx(wan)


@pytest.mark.parametrize("token", ["*.*", "**.**", "××", "X.XX", "____", "*,***.**"])
def test_a_placeholder_amount_reads_as_none_never_zero(token):
    assert number(token) is None
    assert to_wan(token, "万元") is None


@pytest.mark.parametrize(
    "token, value",
    [
        ("十", 10),
        ("十五", 15),
        ("三十", 30),
        ("两千", 2000),
        ("一百零五", 105),
        ("一万零五十", 10050),
        ("二千三百万", 23_000_000),
        ("一亿二千四百万", 124_000_000),
        ("一千二百三十四万五千六百七十八", 12_345_678),
        ("零", 0),
    ],
)
def test_chinese_numerals_read_as_their_value(token, value):
    assert number(token) == value


def test_a_year_read_digit_by_digit_is_no_amount():
    assert number("二〇二五") is None


@pytest.mark.parametrize(
    "token, value",
    [("1,234.5", 1234.5), ("  96.5 ", 96.5), ("２０", 20.0), ("0.05", 0.05)],
)
def test_digits_read_with_thousands_separators_and_full_width_forms(token, value):
    assert number(token) == value


@pytest.mark.parametrize("token", ["", "   ", "1.2.3", "12a"])
def test_a_token_that_is_no_number_reads_as_none(token):
    assert number(token) is None


@pytest.mark.xfail(
    strict=True,
    reason="number() promises None for 'nothing readable', but any token that does not start "
    "with a digit goes to the Chinese-numeral reader, which skips what it does not know and "
    "returns 0.0 (a dash, lower-case xx, 某某, 无)",
)
@pytest.mark.parametrize("token", ["—", "xx", "某某", "无"])
def test_a_token_with_nothing_readable_reads_as_none_never_zero(token):
    assert number(token) is None


@pytest.mark.parametrize(
    "text, wan",
    [
        ("年初预算1,234.56万元", 1234.56),
        ("预算 12 万元", 12.0),
        ("预算资金三万五千元", 3.5),
        ("全年支出二千三百万元", 2300.0),  # 万 read with the numeral, 元 as the unit
        ("到位资金1.2亿元", 12000.0),
        ("收入4,300,000元", 430.0),
    ],
)
def test_an_amount_in_a_sentence_is_read_with_its_unit(text, wan):
    m = AMOUNT_RE.search(text)
    assert to_wan(m.group("v"), m.group("u")) == pytest.approx(wan)


def test_a_placeholder_amount_in_a_sentence_is_found_and_reads_as_none():
    m = AMOUNT_RE.search("年初预算*.*万元")
    assert m.group("v", "u") == ("*.*", "万元")
    assert to_wan(m.group("v"), m.group("u")) is None


@pytest.mark.parametrize(
    "text, value",
    [("预算执行率96.5%", "96.5"), ("完成率 100 %", "100"), ("执行率*.*%", "*.*")],
)
def test_a_rate_is_the_number_before_a_percent_sign(text, value):
    assert re.search(RATE, text).group("v") == value


@pytest.mark.parametrize(
    "text, value",
    [("自评得分92.5分", "92.5"), ("得分××分", "××"), ("会议时长90分钟", None)],
)
def test_a_score_is_a_number_before_fen_but_not_minutes(text, value):
    m = re.search(SCORE, text)
    assert (m.group("v") if m else None) == value


@pytest.mark.parametrize(
    "gap, bad",
    [
        ("目标为", True),  # a target
        ("较上年减少", True),  # a change
        ("不低于", True),
        ("占", True),  # a share
        ("为", False),
        ("达到", False),
        ("共计", False),
    ],
)
def test_words_between_a_keyword_and_its_number_that_make_it_something_else(gap, bad):
    assert bool(BAD_GAP.search(gap)) is bad


@pytest.mark.parametrize(
    "value, places", [("97.06", 2), (12.5, 1), (100.0, 0), ("100", 0), ("0.125", 3), (3, 0)]
)
def test_decimals_counts_the_digits_after_the_point(value, places):
    assert decimals(value) == places


@pytest.mark.parametrize(
    "text, half",
    [
        ("预算执行率97.06%", 0.005),
        ("全年支出480万元", 0.5),
        ("全年支出1,452.36万元", 0.005),
        ("支出1,234元", 0.00005),  # half a yuan, in 万元
        ("全年预算1.28亿元", 50.0),  # half of 0.01 亿元
        ("自评得分92.5分", 0.05),
        ("支出*.*万元，执行率96.5%", 0.05),  # a placeholder amount: the last number decides
    ],
)
def test_half_unit_is_half_the_last_digit_in_the_figures_unit(text, half):
    assert half_unit(text) == pytest.approx(half)
