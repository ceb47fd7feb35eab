"""Fuzz the splitter and what reads its sentences: any text in, no exception out.

On arbitrary text (Chinese-heavy: CJK, digits half- and full-width, Chinese and ASCII
punctuation, list markers, table separators, every kind of line break, zero-width characters,
combining marks, and any other character but surrogates) and on real reports of data/reports
cut and spliced:

- split_sentences raises nothing, and its sentences are what Sentence promises: numbered in
  order, ``text[s.start:s.end] == s.text``, trimmed, holding a Chinese character or a digit,
  in order without overlap, and no Chinese character or digit of the text left out of them;
- the flow of the text (Flow) maps every position back into the text, one character for one;
  its clauses, the tables, the cells of table rows and the title block read without error;
- classify_text with the tiny model raises nothing but NlpPerfError, its sentences point into
  the text and its result is valid JSON (no inf, no NaN).

Hypothesis runs derandomized, without its example database: the same examples every run; its
caches go to a temporary directory of its own, removed at exit, never to ./.hypothesis.
"""

from __future__ import annotations

import json

from conftest import DATA
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nlp_perf import NlpPerfError, classify_text, split_sentences
from nlp_perf.chars import has_content, simplify
from nlp_perf.document import ClassifiedSentence, LabelledReport
from nlp_perf.read import decode_bytes
from nlp_perf.text.markers import heading_level
from nlp_perf.text.numbers import number, to_wan
from nlp_perf.text.tables import cell_amount, cell_number, cell_text

FUZZ = dict(
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=[HealthCheck.too_slow],
)


# The characters reports are written in, and those that break things: line breaks of every
# kind (\r, \x0c, \x0b, \x1c-\x1e, \x85, \u2028, \u2029), zero-width characters, combining
# marks, digits of other scripts (Python's \d and isdigit() take them).
CHINESE = "的一是在不了有和人这中大为上个国年度预算项目资金万元亿元支出执行率绩效评价报告问题措施指标局委员会办公室合计总计基本名称实际完成值得分收入决算调整"
NUMERALS = "一二三四五六七八九十百千零〇两第部章篇分"
DIGITS = "0123456789０１２３４５６７８９٣²"
PUNCTUATION = "。；;！？!?.，,：:、（）()【】[]“”‘’「」《》|—－-·/／%％*＊×X_≥≤><＞＜①②⑳"
SPACES = " \t\n\r\x0c\x0b\x1c\x1d\x1e\x85\u3000\u2028\u2029\u00a0"
ODD = "\u200b\u200c\u200d\u2060\ufeff\u0301\u0300\u20dd\u202e"
ALPHABET = st.one_of(
    st.sampled_from(CHINESE + NUMERALS + DIGITS + PUNCTUATION + SPACES + ODD),
    st.characters(codec="utf-8"),  # anything else, surrogates excluded
)
# Pieces the splitter, the tables and the figure rules look for.
TOKENS = st.sampled_from([
    "一、", "十二、", "（一）", "(二)", "（十）", "1、", "2.", "3．", "１．", "（1）", "(12)", "①",
    "⑳", "第一部分", "第二章", "一是", "二是", "\n", "\r\n", "\n\t", "\t", "|", "  ", "\u3000",
    "。", "：", "万元", "亿元", "元", "%", "分", "合计", "小计", "总计", "2023年度", "20××年",
    "项目名称", "年度指标值", "实际完成值", "得分", "分值", "预算数", "执行数", "执行率", "（元）",
    "*.*", "××", "___", "某某", "第3页", "— 2 —", "3/12", "单位名称：", "报告", "自评报告",
    "部门整体支出", "项目支出绩效", "9" * 40, "9" * 320, "一" + "亿" * 45, "12,865.42",
    "１２，８６５．４２", "97.06%", "100", "≥98%", "[bookmark: _GoBack]", "【注】",
])  # fmt: skip
TEXT = st.lists(st.one_of(st.text(ALPHABET, max_size=30), TOKENS), max_size=50).map("".join)
# Lines long enough for the rules that measure lines: the right edge a PDF wrapped at (24
# columns and more), the glued markers of a flattened report (150 characters and more).
LINES = st.lists(
    st.one_of(st.text(ALPHABET, min_size=20, max_size=60), TOKENS, st.text(ALPHABET, max_size=5)),
    min_size=1,
    max_size=40,
).map(lambda parts: "".join(parts) * 3)
ANY_TEXT = st.one_of(TEXT, LINES)

# Real reports cut and spliced: their lines deleted, repeated, joined, split, indented with a
# tab, with random text put in.
REPORTS = [decode_bytes(p.read_bytes())[0] for p in sorted((DATA / "reports").glob("*.txt"))[::40]]


@st.composite
def spliced_reports(draw) -> str:
    lines = draw(st.sampled_from(REPORTS)).splitlines()
    edits = draw(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 10**6), TEXT), max_size=12))
    for op, at, text in edits:
        if not lines:
            break
        k = at % len(lines)
        if op == 0:
            del lines[k]
        elif op == 1:
            lines.insert(k, text)
        elif op == 2:
            cut = at % (len(lines[k]) + 1)
            lines[k : k + 1] = [lines[k][:cut], lines[k][cut:]]
        elif op == 3:
            lines[k - 1 : k + 1] = ["".join(lines[k - 1 : k + 1])]
        elif op == 4:
            lines[k] = "\t" + lines[k]
        elif op == 5:
            lines.insert(k, lines[k])
        else:
            cut = at % (len(lines[k]) + 1)
            lines[k] = lines[k][:cut] + text + lines[k][cut:]
    return draw(st.sampled_from(["\n", "\r\n", "\n\n", "\r", "\u2028", ""])).join(lines)


def check_sentences(text: str):
    """split_sentences ``text`` and check what Sentence promises; return the sentences."""
    sentences = split_sentences(text)
    previous_end = 0
    for k, s in enumerate(sentences):
        assert s.index == k
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text, (s, text)
        assert s.text == s.text.strip(), s
        assert has_content(s.text), s
        assert s.start >= previous_end, f"sentence {k} overlaps the one before: {s}"
        assert s.marker == heading_level(s.text)
        previous_end = s.end
    return sentences


def lost_content(text: str, sentences) -> list[tuple[int, str]]:
    """The Chinese characters and digits of ``text`` that no sentence holds."""
    covered = bytearray(len(text))
    for s in sentences:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    return [(i, c) for i, c in enumerate(text) if has_content(c) and not covered[i]]


@settings(max_examples=400, **FUZZ)
@given(ANY_TEXT)
def test_sentences_point_into_the_text(text):
    assert lost_content(text, check_sentences(text)) == []


@settings(max_examples=60, **FUZZ)
@given(spliced_reports())
def test_sentences_of_spliced_reports(text):
    assert lost_content(text, check_sentences(text)) == []


def check_report(text: str) -> LabelledReport:
    """The structure read from ``text``'s sentences: flow, table rows, tables, title."""
    sentences = check_sentences(text)
    doc = LabelledReport.of(text, [ClassifiedSentence.of(s, "other") for s in sentences])
    flow = doc.flow
    assert len(flow.index) == len(flow.flow)
    last = -1
    for k, c in enumerate(flow.flow):
        if c == "\n":
            continue
        i = flow.index[k]
        assert last < i < len(text), (k, i)  # forward, one character for one
        assert c == simplify(text[i]) or (text[i] == "，" and c == ","), (k, c, text[i])
        last = i
    for a, b in flow.clauses():
        assert 0 <= a < b <= len(flow.flow)
        assert 0 <= flow.sentence_at(a) < len(sentences)
        flow.original(a, b)
    for table in doc.tables:
        for _, row in table.rows:
            line = table.align(row)
            assert len(line) == len(table.header)
            table.row_name(line)
            table.money(line)
    for row in doc.rows:
        for cell in row or ():
            cell_amount(cell, 1.0)
            cell_number(cell)
            cell_text(cell)
    return doc


@settings(max_examples=200, **FUZZ)
@given(ANY_TEXT)
def test_flow_tables_and_title(text):
    title = check_report(text).title
    assert title.lines <= {s.index for s in split_sentences(text)}
    assert title.year is None or isinstance(title.year, int)


@settings(max_examples=40, **FUZZ)
@given(spliced_reports())
def test_flow_tables_and_title_of_spliced_reports(text):
    title = check_report(text).title
    assert title.lines <= {s.index for s in split_sentences(text)}
    assert title.year is None or isinstance(title.year, int)


def check_classified(text: str, model):
    """classify_text ``text``: its result, checked, or None for nlp_perf's own one-line error."""
    try:
        result = classify_text(text, model)
    except NlpPerfError as exc:
        assert str(exc).strip() and len(str(exc).splitlines()) == 1, repr(str(exc))
        return None
    for k, s in enumerate(result.rows):
        assert s.index == k and text[s.start : s.end] == s.text
        assert s.label in model.labels and 0.0 <= s.confidence <= 1.0
    return result


def as_json(result) -> str:
    """The result as JSON, which holds no NaN or Infinity (ValueError if it would)."""
    return json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False)


@settings(max_examples=120, **FUZZ)
@given(ANY_TEXT)
def test_classify_text(tiny_model, text):
    result = check_classified(text, tiny_model)
    assert result is None or as_json(result).startswith("{")


@settings(max_examples=40, **FUZZ)
@given(spliced_reports())
def test_classify_spliced_reports(tiny_model, text):
    result = check_classified(text, tiny_model)
    assert result is None or as_json(result).startswith("{")


# --- regressions: what the fuzzing found, on the smallest input that showed it -----------------


def test_regression_classify_text_without_a_sentence(tiny_model):
    """A text with no Chinese character and no digit has no sentence: the flow still held its
    characters, and the figure rules asked the sentence at flow position 0 of a report
    without any (IndexError in LabelledReport.is_row)."""
    result = classify_text("Ê", tiny_model)
    assert result.rows == [] and result.figures == {}


def test_regression_amount_in_chinese_numerals_past_a_float(tiny_model):
    """一亿亿…亿元 (45 亿): int too large to convert to float (OverflowError) reading it."""
    huge = "一" + "亿" * 45
    assert number(huge) is None and to_wan(huge, "亿元") is None
    result = classify_text(f"全年预算{huge}元，执行100万元，执行率90%。", tiny_model)
    assert result.figures["budget_total"]["value"] is None  # found, not read: as a placeholder


def test_regression_amount_of_hundreds_of_digits(tiny_model):
    """9…9万元 of 400 digits read as inf, written to the JSON as Infinity (not JSON)."""
    big = "9" * 400
    assert number(big) is None and to_wan("9" * 307, "亿元") is None
    assert cell_amount("9" * 307, 10000.0) == (None, True)
    result = classify_text(f"年度预算{big}万元，实际支出{big}万元，执行率{big}%。", tiny_model)
    json.dumps(result.to_dict(), allow_nan=False)
