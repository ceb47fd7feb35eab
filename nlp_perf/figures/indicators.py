"""Performance indicators: each with its target and result as written, and its score.

Indicators come from indicator tables (a header with a target column such as 年度指标值 and a
result column such as 实际完成值) and from sentences (``展厅开放天数：年度指标值≥300天，实际完成值
306天，得分10分``).  Each is ``{"name", "target", "actual", "score", "sentence"}``; target and
actual are None when empty or a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..chars import has_placeholder, simplify
from ..document import ClassifiedSentence
from ..text.flow import Flow
from ..text.markers import ITEM_MARKER
from ..text.numbers import GAP, NUM, PLACEHOLDER, number
from ..text.prescreen import Prescreen
from ..text.tables import SUBTOTAL, Table, cell_number, cell_text

__all__ = ["table_indicators", "text_indicators"]

_TEXT_INDICATOR = Prescreen(
    re.compile(
        r"(?P<name>[^：:，,；;。\n]{2,40}?)[：:，,]?\s*"
        r"(?P<tkw>年度指标值|年度目标值|目标值|指标值|年度目标|目标|计划)(?:为|是|：|:)?\s*"
        r"(?P<target>[^，,；;。\n]{1,30}?)[，,、]\s*"
        r"(?:实际完成值|实际完成率|实际完成|实际值|实际|完成值|完成)(?:为|是|达到|：|:)?\s*"
        r"(?P<actual>[^，,；;。\n]{1,30}?)"
        rf"(?:[，,]\s*(?:完成率{GAP}[^，,；;。\n]*?[，,]\s*)?"
        rf"(?:自评)?得分(?:为)?\s*(?P<score>{NUM}|{PLACEHOLDER})\s*分)?"
        r"(?=[，,；;。\n]|$)"
    )
)
_TARGET_START = re.compile(r"^(?:≥|≤|>|<|＞|＜|不低于|不少于|不超过|不高于|达到|约)?\s*[\d*×X_]")
_ACTUAL_START = re.compile(r"^[^\d，,]{0,2}\s*[\d*×X_]")


def table_indicators(tables: list[Table]) -> list[dict[str, Any]]:
    """The rows of indicator tables, their 合计 rows left out."""
    out = []
    for table in tables:
        if not table.is_indicator_table:
            continue
        roles = table.roles
        for index, raw in table.rows:
            first = simplify(next((c for c in raw if c), "")).replace(" ", "")
            if SUBTOTAL.match(first):
                continue
            row = table.align(raw)
            name = table.row_name(row)
            target = cell_text(row[roles["target"]])
            actual = cell_text(row[roles["actual"]])
            if not name or (
                target is None and actual is None and not has_placeholder(" ".join(row))
            ):
                continue
            score = cell_number(row[roles["score"]])[0] if "score" in roles else None
            out.append(
                {
                    "name": name,
                    "target": target,
                    "actual": actual,
                    "score": score,
                    "sentence": index,
                }
            )
    return out


def text_indicators(
    flow: Flow, clauses: list[tuple[int, int]], sentences: Sequence[ClassifiedSentence]
) -> list[dict[str, Any]]:
    """Indicators stated in sentences: with an explicit 指标值 / 目标值, or 目标 / 计划 …,
    完成 … in a metric sentence or an 指标 section."""
    labels = {s.index: (s.label, s.section) for s in sentences}
    out = []
    text = flow.flow
    for cs, ce in clauses:
        clause = text[cs:ce]
        for m in _TEXT_INDICATOR.finditer(clause):
            index = flow.sentence_at(cs + m.start())
            label, section = labels.get(index, ("", ""))
            explicit = m.group("tkw") in ("年度指标值", "年度目标值", "目标值", "指标值")
            if not explicit and label != "metric" and "指标" not in section:
                continue
            target, actual = m.group("target").strip(), m.group("actual").strip()
            if not _TARGET_START.match(target) or not _ACTUAL_START.match(actual):
                continue
            name = ITEM_MARKER.sub("", m.group("name").strip())
            name = re.sub(
                r"^(?:指标名称|(?:产出|效益|效果|满意度|成本)指标)[：:]?", "", name
            ).strip()
            name = re.sub(r"(?:年度)?$", "", name)
            if len(name) < 2:
                continue

            def written(group: str, match: re.Match[str] = m, at: int = cs) -> str:
                return flow.original(at + match.start(group), at + match.end(group)).strip()

            out.append(
                {
                    "name": written("name")[-len(name) :],
                    "target": None if has_placeholder(target) else written("target"),
                    "actual": None if has_placeholder(actual) else written("actual"),
                    "score": number(m.group("score")) if m.group("score") else None,
                    "sentence": index,
                }
            )
    return out
