"""Pull a report's key figures, its projects and its performance indicators out of its text.

``extract_figures(doc)`` takes a :class:`~nlp_perf.document.LabelledReport` and returns::

    {"figures": {key: {"value", "unit", "sentence", "text"}, ...},
     "projects": [{"name", "budget", "adjusted_budget", "executed", "completion_rate",
                   "score", "sentence"}, ...],
     "indicators": [{"name", "target", "actual", "score", "sentence"}, ...]}

Money is given in 万元 whatever the report used (元, 万元, 亿元, Chinese numerals, full-width
digits, thousands separators); a figure the report leaves as a placeholder (``*.*``, ``××``,
``____``) is kept with value ``None``, never 0.  Every figure names the sentence it was read
from.  Fields, rules and measured accuracy: docs/figures.md.

This module holds the figures of the whole report: the keyword rules that find them in
sentences and the table rows that state them.  The text is read as its
:class:`~nlp_perf.text.flow.Flow` (wrapped lines joined, traditional characters simplified);
numbers and units by :mod:`nlp_perf.text.numbers`; the title and the tables come with the
document; projects are read by :mod:`.projects` and indicators by :mod:`.indicators`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..chars import simplify
from ..document import LabelledReport
from ..text.flow import Flow
from ..text.numbers import (
    AMOUNT,
    AMOUNT_RE,
    BAD_GAP,
    GAP,
    RATE,
    SCORE,
    number,
    to_wan,
)
from ..text.prescreen import Prescreen
from ..text.tables import NUMERIC, SUBTOTAL, Table, cell_number, figure_row_key
from .indicators import table_indicators, text_indicators
from .keywords import ALLOCATED_OR_PAID, FIELD_PATTERNS, FIGURE_KEYS, NOT_THE_YEARS_MONEY
from .projects import merge_projects, report_project, table_projects, text_projects
from .wholes import SPENT_KEYS, TOTAL_KEYS, names_the_project, part_of_total, someone_elses

__all__ = ["FIGURE_KEYS", "extract_figures", "is_allocation"]


# --- figures stated in sentences ------------------------------------------------------------


@dataclass
class _Found:
    key: str
    value: Any
    unit: str | None
    sentence: int
    text: str
    tier: int
    pos: int = 0  # flow offset, to order two figures of one sentence


def _rx(keyword: str, value: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<kw>{keyword}){GAP}{value}")


def is_allocation(figure: dict[str, Any]) -> bool:
    """Whether a budget or spending figure was read from money allocated or paid (a project
    report's 下达资金, 已支付资金), not from a budget or accounts named as such: a batch of
    the money may be all the report says, so arithmetic does not hold it to account."""
    return bool(ALLOCATED_OR_PAID.match(simplify(figure.get("text") or "")))


# The kind of value a field takes; every other field is an amount of money.
_KIND_OF = {"execution_rate": "rate", "self_score": "score"}
_VALUE_OF = {"amount": AMOUNT, "rate": RATE, "score": SCORE}
_UNIT_OF = {"amount": "万元", "rate": "%", "score": "分"}
_COMPILED = {
    key: [(tier, _rx(kw, _VALUE_OF[_KIND_OF.get(key, "amount")])) for tier, kw in patterns]
    for key, patterns in FIELD_PATTERNS.items()
}


class _Rule(NamedTuple):
    """A keyword rule: its key and tier, its pattern, and the words a match of it holds (one
    of each set, read by :class:`Prescreen`)."""

    key: str
    tier: int
    pattern: re.Pattern[str]
    needs: tuple[frozenset[str], ...]


# The rules by the unit their value ends in (an amount in 元, a rate in %, a score in 分),
# with every word their screens look for; the rules of a key keep their order.
_UNIT_OF_KIND = {"amount": "元", "rate": "%", "score": "分"}


def _rules_by_unit() -> dict[str, tuple[frozenset[str], list[_Rule]]]:
    rules: dict[str, list[_Rule]] = {}
    for key, patterns in _COMPILED.items():
        unit = _UNIT_OF_KIND[_KIND_OF.get(key, "amount")]
        for tier, rx in patterns:
            needs = tuple(frozenset(n) for n in Prescreen(rx).needles)
            rules.setdefault(unit, []).append(_Rule(key, tier, rx, needs))
    return {
        unit: (frozenset().union(*(n for r in rs for n in r.needs)), rs)
        for unit, rs in rules.items()
    }


_RULES_BY_UNIT = _rules_by_unit()


def _rules_for(clause: str) -> Iterator[_Rule]:
    """The rules that may match ``clause``, in order: those of a unit the clause holds, whose
    screened words it holds (each word looked for once per clause, not once per rule)."""
    for unit, (words, rules) in _RULES_BY_UNIT.items():
        if unit not in clause:
            continue
        present = {w for w in words if w in clause}
        for rule in rules:
            for need in rule.needs:
                if need.isdisjoint(present):
                    break
            else:
                yield rule


# A verb of change just before a keyword: what follows is by how much, not how much.
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|节约|超支|多支|少支|追加|调减|调增)$")
_SCORE_PARTS = re.compile(r"指标|类|执行率|执行|其中|满分|单项|率|考核|排名")
_OVERALL = re.compile(r"综合|整体|经自评|总体|综上|总得分|最终|本项目|该项目|部门|评定|自评结论")


def _clause_lead(flow: str, start: int, clause_start: int) -> str:
    """The words of the comma clause before ``start``."""
    lead = flow[clause_start:start]
    cut = max(lead.rfind(c) for c in "，,：:（(、")
    return lead[cut + 1 :] if cut >= 0 else lead


def _candidates(
    flow: Flow, clauses: list[tuple[int, int]], project_kind: bool, project: str | None = None
) -> dict[str, list[_Found]]:
    """Every statement of a figure in ``clauses``, by key: what each keyword rule matched and
    the checks after it let through."""
    found: dict[str, list[_Found]] = {}
    text = flow.flow
    for cs, ce in clauses:
        clause = text[cs:ce]
        has_amount = None  # whether the clause holds an amount: asked of a score only
        for key, tier, rx, _ in _rules_for(clause):
            if has_amount is None:
                has_amount = "元" in clause and bool(AMOUNT_RE.search(clause))
            for m in rx.finditer(clause):
                # a score stated without an overall word drops a tier, and so do the rule's
                # later matches in the clause
                f, tier = _statement(
                    flow, cs, clause, key, tier, m, (project_kind, project), has_amount
                )
                if f is not None:
                    found.setdefault(key, []).append(f)
    return found


def _statement(
    flow: Flow,
    cs: int,
    clause: str,
    key: str,
    tier: int,
    m: re.Match[str],
    report: tuple[bool, str | None],
    has_amount: bool,
) -> tuple[_Found | None, int]:
    """The figure a keyword rule's match in a clause (starting at ``cs`` in the flow) states,
    or None when the checks say it states something else; and the rule's tier from here on."""
    if BAD_GAP.search(m.group("gap")):
        return None, tier
    if re.match(r"[（(]含[)）]|以上|以下|及以上|至|—|-|～|~", clause[m.end() :]):
        return None, tier  # a scale or a range: 90分（含）以上为“优”
    text = flow.flow
    kw_start = cs + m.start("kw")
    comma_lead = _clause_lead(text, kw_start, cs)
    project_kind, project = report
    if (
        key in TOTAL_KEYS
        and not names_the_project(comma_lead, project)
        and part_of_total(text, cs, kw_start, comma_lead, key, m, project_kind)
    ):
        return None, tier
    if _CHANGE_BEFORE.search(comma_lead):
        return None, tier  # 主要原因是增加基本支出84万元: a change, not the figure
    if someone_elses(key, tier, text[cs:kw_start], m, project_kind):
        return None, tier
    if key in SPENT_KEYS and "预算" in m.group("gap"):
        return None, tier
    if key == "self_score":
        if _SCORE_PARTS.search(comma_lead) or _SCORE_PARTS.search(m.group("gap")):
            return None, tier
        if has_amount:  # a project's line: 预算…万元，…自评得分96分
            return None, tier
        if tier == 2 and not _OVERALL.search(text[cs:kw_start] + m.group("gap")):
            return None, tier
        if not _OVERALL.search(clause):
            tier += 1
    kind = _KIND_OF.get(key, "amount")
    v = m.group("v")
    value = to_wan(v, m.group("u")) if kind == "amount" else number(v)
    if value is not None and (
        (kind == "rate" and value > 1000) or (kind == "score" and value > 100)
    ):
        return None, tier
    original = flow.original(kw_start, cs + m.end())
    at = flow.sentence_at(kw_start)
    return _Found(key, value, _UNIT_OF[kind], at, original, tier, kw_start), tier


# Money a project report says was spent in full, its amount before the words that say so:
# 服务资金3728万元全部执行到位, 到位资金117万元，已全部完成: both its budget and its spending.
_IN_FULL = re.compile(
    rf"(?P<kw>资金|经费|补助|补贴){GAP}{AMOUNT}[，,]?(?:资金|经费)?(?:已|均已)?(?:全部|全额)"
    r"(?:执行|支出|使用|用于|支付|兑付|完成)"  # 拨付: passed on to a lower level
)


def _spent_in_full(flow: Flow, clauses: list[tuple[int, int]]) -> list[_Found]:
    """The budget and the spending of a project whose money the report says was all spent,
    one tier below money allocated or paid as such."""
    found = []
    for cs, ce in clauses:
        clause = flow.flow[cs:ce]
        for m in _IN_FULL.finditer(clause):
            if BAD_GAP.search(m["gap"]) or NOT_THE_YEARS_MONEY.search(clause[: m.end("kw")]):
                continue
            value = to_wan(m["v"], m["u"])
            kw = cs + m.start("kw")
            text, at = flow.original(kw, cs + m.end()), flow.sentence_at(kw)
            for key in ("budget_total", "final_expenditure"):
                found.append(_Found(key, value, "万元", at, text, 4, kw))
    return found


# A heading that names the report's score, and a line that is only a score.
_SCORE_HEADING = re.compile(r"(?:自评|评价|综合|绩效)得分|总得分|自评分数?")
_SCORE_ALONE = re.compile(rf"^\s*(?:为|得)?\s*{SCORE}\s*[。.]?\s*$")


def _score_under_heading(doc: LabelledReport) -> list[_Found]:
    """A score written alone under a heading that names it: （一）自评得分 / 100分。"""
    found = []
    sentences = doc.sentences
    for k, s in enumerate(sentences[:-1]):
        if not (s.is_heading and _SCORE_HEADING.search(doc.plain[k])):
            continue
        nxt = sentences[k + 1]
        m = _SCORE_ALONE.match(nxt.text)
        value = number(m.group("v")) if m else None
        if m and (value is None or value <= 100):
            found.append(_Found("self_score", value, "分", nxt.index, nxt.text.strip(), 1))
    return found


# --- figures stated in tables ---------------------------------------------------------------

# What a table's 合计 row gives: (figure key, column role, unit).
_TOTAL_ROW = [
    ("budget_initial", "budget_initial", "万元"),
    ("budget_total", "budget", "万元"),
    ("final_expenditure", "executed", "万元"),
    ("execution_rate", "rate", "%"),
]


def _table_figures(tables: list[Table]) -> list[_Found]:
    """Figures in table rows: the 合计 row and the rows named 基本支出, 项目支出… of a money
    table, and the score of an indicator table's 合计 row (below any the text states)."""
    found = []
    for table in tables:
        roles = table.roles
        if table.is_indicator_table:
            for index, raw in table.rows:
                first = simplify(next((c for c in raw if c), "")).replace(" ", "")
                numbers = [c for c in raw if NUMERIC.match(c)]
                if SUBTOTAL.match(first) and "score" in roles and numbers:
                    value, ok = cell_number(numbers[-1])
                    if ok:
                        text = " ".join(c for c in raw if c)
                        found.append(_Found("self_score", value, "分", index, text, 3))
            continue
        if not table.has_money:
            continue
        for index, raw in table.rows:
            row = table.align(raw)
            name = table.row_name(row)
            key = figure_row_key(simplify(name).replace(" ", ""))
            if key is None:
                continue
            values = table.money(row)
            for fkey, role, unit in _TOTAL_ROW if key == "total" else [(key, "executed", "万元")]:
                value, ok = values.get(role, (None, False))
                if ok:
                    j = roles[role]
                    text = f"{name} {table.header[j]} {row[j]}"
                    found.append(_Found(fkey, value, unit, index, text, 1))
    return found


# --- putting it together --------------------------------------------------------------------


def _entry(value: Any, unit: str | None, sentence: int, text: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "sentence": sentence, "text": text}


def extract_figures(doc: LabelledReport) -> dict[str, Any]:
    """Read a report's key figures, projects and performance indicators.

    Returns ``{"figures": {...}, "projects": [...], "indicators": [...]}``: each figure the
    report states, under its key of :data:`FIGURE_KEYS`, as ``{"value", "unit", "sentence",
    "text"}`` (value None for a placeholder); each project as ``{"name", "budget",
    "adjusted_budget", "executed", "completion_rate", "score", "sentence"}``; each indicator
    as ``{"name", "target", "actual", "score", "sentence"}`` (target and actual as written).
    """
    flow, tables, title = doc.flow, doc.tables, doc.title
    clauses = [(a, b) for a, b in flow.clauses() if not doc.is_row(flow.sentence_at(a))]

    figures: dict[str, dict[str, Any]] = {}
    if title.year is not None or title.year_text:  # a placeholder year: value None
        figures["year"] = _entry(title.year, "年", title.year_sentence, title.year_text)
    if title.unit_found:
        figures["unit_name"] = _entry(title.unit, None, title.unit_sentence, title.unit_text)

    projects: list[dict[str, Any]] = []
    used: set[int] = set()
    if title.kind == "department":
        projects, used = text_projects(flow, clauses, doc.sentences)
    free = [c for k, c in enumerate(clauses) if k not in used]
    titled = any(re.search(r"报告|表$", doc.sentences[i].text) for i in title.lines)
    found = _candidates(flow, free, title.kind == "project", title.project if titled else None)
    in_full = _spent_in_full(flow, free) if title.kind == "project" else []
    for f in _table_figures(tables) + in_full + _score_under_heading(doc):
        found.setdefault(f.key, []).append(f)
    for key in FIGURE_KEYS:
        options = found.get(key)
        if options:
            best = min(options, key=lambda f: (f.tier, f.sentence, f.pos))
            figures[key] = _entry(best.value, best.unit, best.sentence, best.text)
    indicators = table_indicators(tables) + text_indicators(flow, clauses, doc.sentences)
    indicators.sort(key=lambda i: i["sentence"])

    if title.kind == "project":
        projects = [report_project(title, figures)]
    else:
        projects = merge_projects(table_projects(tables) + projects)
        projects.sort(key=lambda p: p["sentence"])

    if title.by_fund:  # a fund's money, rate, score (and year) under its heading: not the report's
        keep = ("year", "unit_name") if title.year_sentence in title.lines else ("unit_name",)
        figures = {k: v for k, v in figures.items() if k in keep}
    ordered = {k: figures[k] for k in FIGURE_KEYS if k in figures}
    return {"figures": ordered, "projects": projects, "indicators": indicators}
