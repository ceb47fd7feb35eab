"""Review flags: the warning signs a reviewer looks for in a performance self-evaluation report.

``review_flags(doc, figures)`` takes a :class:`~nlp_perf.document.LabelledReport` and what
:func:`nlp_perf.figures.extract_figures` read from it, and returns a list of
``{"code", "message", "sentences"}``, in the order of :data:`FLAG_CODES`; the message is in
Chinese and names the figures or sentences at fault, ``sentences`` lists their indexes.

=====================  =============================================================
``template_unfilled``  placeholders left in: ``*``, ``××``, ``XX``, ``某某``, ``____``
``no_problems``        no problem sentence, or only a claim that there were none
``no_measures``        no measure sentence
``measures_unmatched`` problems that share no key word with any measure
``totals_mismatch``    a breakdown that does not add up to its total beyond rounding
``rate_mismatch``      an execution rate that disagrees with its amounts
``score_missing``      no overall self-evaluation score
``year_mismatch``      headings or figures of a year other than the report's
=====================  =============================================================

How each is decided: docs/figures.md; the checks that the figures add up are in
:mod:`nlp_perf.review.arithmetic`, where a report puts its problems and measures in
:mod:`nlp_perf.review.parts`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..chars import has_placeholder
from ..classify.tokenizer import get_segmenter
from ..document import ClassifiedSentence, LabelledReport
from ..text.numbers import AMOUNT_RE
from .arithmetic import rate_mismatches, totals_mismatches
from .parts import MEASURES_PART, PROBLEMS_PART, Parts, blank_in_form, goes_past

__all__ = ["FLAG_CODES", "review_flags"]

FLAG_CODES = (
    "template_unfilled",
    "no_problems",
    "no_measures",
    "measures_unmatched",
    "totals_mismatch",
    "rate_mismatch",
    "score_missing",
    "year_mismatch",
)


def _flag(code: str, message: str, sentences: list[int]) -> dict[str, Any]:
    return {"code": code, "message": message, "sentences": sorted(set(sentences))}


# --- what the sentences say -----------------------------------------------------------------


# A character every placeholder holds (in the simplified text): a sentence without one holds none.
_PLACEHOLDER_CHAR = re.compile(r"[*×Xx某_]")


def _template_unfilled(doc: LabelledReport) -> list[dict[str, Any]]:
    hits = [
        s.index
        for s, plain in zip(doc.sentences, doc.plain)
        if _PLACEHOLDER_CHAR.search(plain) and has_placeholder(s.text)
    ]
    if not hits:
        return []
    shown = "、".join(str(i) for i in hits[:10]) + ("等" if len(hits) > 10 else "")
    message = f"报告有{len(hits)}句留有未填写的占位符（*、××、XX、某某等），见第{shown}句"
    return [_flag("template_unfilled", message, hits)]


_NO_PROBLEM_CLAIM = re.compile(
    r"(?:未发现|没有发现|未发生|不存在|没有|无)[^，。；]{0,12}问题|无明显问题|暂无问题|^无[。.]?$|^没有[。.]?$"
    # 未出现未完成绩效目标或偏离绩效目标较大项目: a claim that a kind of failure did not occur
    r"|(?:未出现|没有出现|未发现|没有发现)[^，。；]{0,24}(?:情况|现象|项目)[。.]?$"
)


def _claims_of_none(doc: LabelledReport) -> list[int]:
    """Sentences saying there was no problem, said where problems belong or labelled one."""
    return [
        s.index
        for s, plain, section in zip(doc.sentences, doc.plain, doc.plain_sections)
        if (s.label == "problem" or "问题" in section) and _NO_PROBLEM_CLAIM.search(plain.strip())
    ]


_NONE = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:无|暂无|没有|无\s*[。.]|暂无[。.])$"
)


def _no_problems(doc: LabelledReport, claims: list[int], parts: Parts) -> list[dict[str, Any]]:
    part = parts.problems
    blank = blank_in_form(doc.rows, PROBLEMS_PART)
    stated = [
        s
        for s in doc.sentences
        if s.label == "problem" and s.index not in claims and s.index not in blank
    ]
    if part is not None:  # where the report puts them: what is said elsewhere is no answer
        stated = [s for s in stated if s.index in part] + _numbered(doc, part, set(claims) | blank)
    if stated:
        return []
    # No problems part: an excerpt that stops before it, unless the page goes on to the
    # measures, which the genre puts after the problems.
    if not claims and not blank and part is None and parts.measures is None:
        return []
    message = "报告没有写出具体问题，只声称不存在问题" if claims else "报告没有写出任何问题"
    return [_flag("no_problems", message, claims)]


def _numbered(doc: LabelledReport, part: set[int], skip: set[int]) -> list[ClassifiedSentence]:
    """The items and titles numbered in the problems part (1.资金使用率低。): each states a
    problem, whatever the odds of its label; not the heading of a part of measures within it
    (五、问题与建议 > （二）有关建议), nor a row or a claim that there were none."""
    return [
        s
        for s, plain in zip(doc.sentences, doc.plain)
        if s.index in part and s.marker is not None and not s.is_table_row
        and s.index not in skip and not MEASURES_PART.search(plain)
    ]  # fmt: skip


def _no_measures(doc: LabelledReport, parts: Parts) -> list[dict[str, Any]]:
    blank = blank_in_form(doc.rows, MEASURES_PART)
    part = parts.measures
    if part is None and (
        not goes_past(doc, PROBLEMS_PART)
        or any(MEASURES_PART.search(plain) for plain in doc.plain[-1:])
    ):
        return []  # an excerpt that stops before the measures (which follow the problems)
    # where the report puts them, when it shows that part: what is said elsewhere (practices
    # under the management section) is no remedy
    stated = [
        s
        for s, plain in zip(doc.sentences, doc.plain)
        if s.label == "measure"
        and (part is None or s.index in part)
        and s.index not in blank
        and not _NONE.match(plain.strip())
    ]
    if stated:
        return []
    return [_flag("no_measures", "报告没有提出任何改进措施", [])]


# Words every problem and every measure may hold: they tie nothing to anything.
_STOPWORDS = frozenset(
    """存在 问题 部分 个别 少数 一些 有的 不够 不足 不高 不强 不到位 不及时 不充分 不完善 不规范
    不明显 不均衡 不深入 较为 比较 仍然 仍 依然 还 还需 还需进一步 进一步 有待 需要 需 亟待 偏低 偏高
    偏慢 偏少 偏多 较低 较慢 较少 较多 滞后 主要 原因 主要原因 由于 导致 造成 影响 目前 当前 全年
    年度 今年 本年 明年 下一年度 下一步 今后 将 要 应 加强 加大 强化 提高 提升 完善 建立 健全 推进
    推动 落实 确保 做好 加快 进行 开展 实施 坚持 继续 持续 积极 认真 切实 努力 力争 逐步 及时 工作
    情况 方面 单位 部门 我局 我委 我院 我办 我校 本单位 项目 方式 措施 改进 整改 通过 对于 针对 关于
    以及 并且 同时 其中 没有 未能 尚未 未 不 能 可 等 和 与 及 的 了 是 在 对 把 为 将其""".split()
)


_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）、.．])"
)


# Words a problem and its remedy use for the same thing: 执行率偏低 is met by 加快资金支付.
_CONCEPTS = {
    concept: re.compile(words)
    for concept, words in {
        "§进度": r"执行率|执行进度|支出进度|支付|拨付|支出|进度|滞后|偏慢|缓慢|延期|尾款|结转|沉淀",
        "§前期": r"前期|储备|论证|谋划|入库|项目库",
        "§目标": r"绩效目标|指标|量化|细化",
        "§监控": r"监控|跟踪|督办|调度|通报",
        "§队伍": r"人员|队伍|人才|力量|培训|专业技术",
        "§管护": r"管护|运维|维护|长效",
        "§需求": r"需求|供需|对接|点单|菜单",
    }.items()
}
_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _terms(plain: str) -> set[str]:
    """The key words of ``plain`` (a simplified text): its words, the two-character pieces of
    longer words (执行率 → 执行) and the concepts of :data:`_CONCEPTS` it names, common words of
    problems and measures left out."""
    terms = {concept for concept, words in _CONCEPTS.items() if words.search(plain)}
    for w in get_segmenter().cut(plain):
        if len(w) < 2 or not _CHINESE_WORD.fullmatch(w) or w in _STOPWORDS:
            continue
        terms.add(w)
        terms.update(w[i : i + 2] for i in range(len(w) - 1) if len(w) > 2)
    return terms - _STOPWORDS


def _problem_items(
    sentences: Sequence[ClassifiedSentence], claims: set[int]
) -> list[list[ClassifiedSentence]]:
    """Problem sentences grouped into items (``claims``: the sentences saying there is none
    left out): a numbered problem and the sentences after it (a line a PDF export cut off
    stays with its item)."""
    items: list[list[ClassifiedSentence]] = []
    for s in sentences:
        if s.label != "problem" or s.index in claims:
            continue
        text = s.text.strip()
        if text.endswith(("：", ":")) and len(text) < 30:
            continue  # 还存在以下问题：
        last = items[-1][-1] if items else None
        if last is None or _ITEM_START.match(text) or s.index > last.index + 3:
            items.append([])
        items[-1].append(s)
    return items


def _measures_unmatched(doc: LabelledReport, claims: list[int]) -> list[dict[str, Any]]:
    sentences, plain = doc.sentences, doc.plain
    measures = [s for s in sentences if s.label == "measure"]
    items = _problem_items(sentences, set(claims))
    if not measures or not items:
        return []
    # Remedies listed item for item after the problems answer them in the genre's own way,
    # whatever their words (1、…还需进一步加强 / 1、全面从严治党…): nothing to flag.
    remedies = [s for s in measures if s.index > items[0][0].index]
    numbered = [s for s in remedies if _ITEM_START.match(s.text.strip())]
    if len(numbered or remedies) >= len(items):
        return []
    addressed: set[str] = set()
    for s in measures:
        addressed |= _terms(plain[s.index])
    unmatched = []
    for item in items:
        terms = set().union(*(_terms(plain[s.index]) for s in item))
        if terms and not terms & addressed:
            unmatched.append(item)
    if not unmatched:
        return []
    shown = "、".join(str(item[0].index) for item in unmatched[:10])
    message = (
        f"{len(unmatched)}个问题没有对应的改进措施（与任何措施句都没有共同的关键词），"
        f"见第{shown}{'等' if len(unmatched) > 10 else ''}句"
    )
    return [_flag("measures_unmatched", message, [s.index for item in unmatched for s in item])]


# --- what the figures leave out ------------------------------------------------------------


_SCORE_WORDS = re.compile(r"得分|总分|评分|分值|打分")
_FORM_TITLE = re.compile(r"(?:自评|评价|目标)表")


def _score_missing(
    doc: LabelledReport, figures: dict[str, Any], parts: Parts
) -> list[dict[str, Any]]:
    """No overall score in a report shown as far as its problems and measures (an excerpt
    may give it on a page not shown) that names no score at all (a score the figures could
    not read is the reader's to find), or a score left as a placeholder."""
    entry = figures.get("figures", {}).get("self_score")
    if entry is None:
        shown = parts.problems is not None and parts.measures is not None
        if not shown or any(_SCORE_WORDS.search(plain) for plain in doc.plain):
            return []
        sentences = doc.sentences
        form = any(_FORM_TITLE.search(plain) for plain in doc.plain[:3])
        if form or sum(s.is_table_row for s in sentences) >= 0.3 * len(sentences):
            return []  # a form: its total score is its last row, which a page may not reach
        return [_flag("score_missing", "报告没有给出总体自评得分", [])]
    if entry["value"] is None:
        message = f"总体自评得分没有填写：“{entry['text']}”"
        return [_flag("score_missing", message, [entry["sentence"]])]
    return []


# --- years ----------------------------------------------------------------------------------

_YEAR_TOKEN = re.compile(r"(?<![\d〔\[［【])((?:19|20)\d{2})(?=\s*年)")
# A year heading the unit's own money: 2022年年初预算…万元, 2022年度部门预算收入…
_OWN_MONEY_AFTER_YEAR = re.compile(
    r"^\s*年度?[^，,。；;]{0,8}?(?:年初预算|全年预算|预算数|预算收入|收入合计|收入总计|支出合计|全年支出|"
    r"实际支出|预算执行率|执行率)"
)
# The unit's own goals under an earlier year: 2020年我单位最主要的目标是… in a 2021 report.
_OWN_GOALS_AFTER_YEAR = re.compile(
    r"^\s*年度?(?:我单位|本单位|我局|我馆|我院|我委|部门|单位)(?:的)?(?:最)?(?:主要|总体|整体|年度)?"
    r"(?:的)?(?:绩效)?(?:工作)?目标"
)
_TITLE_AFTER_YEAR = re.compile(r"^\s*年度?.{0,20}(?:报告|预算|决算|支出|绩效)")
_PERIOD_END = re.compile(r"^\s*年\s*(?:12\s*月\s*31\s*日|底|末)")
_COMPARED = re.compile(r"(?:较|比|与|同比|上年|去年|对比|相比|自|从|于|(?<!截)至|到|—|-|~|～)\s*$")


def _year_mismatch(doc: LabelledReport, figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Headings, period ends and the unit's own money given for a year not the report's."""
    entry = figures.get("figures", {}).get("year")
    if not entry or not isinstance(entry.get("value"), int):
        return []
    year = entry["value"]
    title_lines = doc.title.lines
    hits: list[tuple[int, int]] = []
    for s, text in zip(doc.sentences, doc.plain):
        if s.index == entry["sentence"] or "年" not in text:  # a year token is followed by 年
            continue
        heading = (s.marker is not None and len(text) <= 30) or s.index in title_lines
        for m in _YEAR_TOKEN.finditer(text):
            y = int(m.group(1))
            before, after = text[: m.start()], text[m.end() :]
            if y == year:
                continue
            period_end = _PERIOD_END.match(after) and re.search(r"(?:截至|截止)到?\s*$", before)
            compared = _COMPARED.search(before)
            title = heading and _TITLE_AFTER_YEAR.match(after) and not compared
            money = (
                s.label == "metric"
                and _OWN_MONEY_AFTER_YEAR.match(after)
                and AMOUNT_RE.search(after)
                and not compared
            )
            goals = _OWN_GOALS_AFTER_YEAR.match(after) and not compared and y < year
            if title or money or period_end or goals:
                hits.append((s.index, y))
    if not hits:
        return []
    years = "、".join(str(y) for y in sorted({y for _, y in hits}))
    shown = "、".join(f"第{i}句（{y}年）" for i, y in hits[:8]) + ("等" if len(hits) > 8 else "")
    message = f"报告年度为{year}年，但{shown}的标题、截止日期、本单位收支或目标写的是{years}年"
    return [_flag("year_mismatch", message, [i for i, _ in hits])]


def review_flags(doc: LabelledReport, figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The review flags of one report, in the order of :data:`FLAG_CODES`.

    ``figures`` is what :func:`nlp_perf.figures.extract_figures` returned for the same
    document.  Each flag is ``{"code", "message", "sentences"}``: an English code, a Chinese
    message naming what is wrong, and the indexes of the sentences at fault (empty when the
    fault is something missing).
    """
    parts = Parts.of(doc)
    claims = _claims_of_none(doc)
    flags: list[dict[str, Any]] = []
    flags += _template_unfilled(doc)
    flags += _no_problems(doc, claims, parts)
    flags += _no_measures(doc, parts)
    flags += _measures_unmatched(doc, claims)
    flags += [_flag("totals_mismatch", *f) for f in totals_mismatches(doc, figures)]
    flags += [_flag("rate_mismatch", *f) for f in rate_mismatches(figures)]
    flags += _score_missing(doc, figures, parts)
    flags += _year_mismatch(doc, figures)
    return flags
