"""Where a report puts its problems and its measures: a heading, a form's row or column, a short
line naming the part, and the sentences in it.

A page that shows neither part is an excerpt that ends before them (or starts after them): what
it does not show is not missing.  Read once per report (:class:`Parts`) and asked by the flags of
:mod:`.flags` (no problems, no measures, no score).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ..chars import simplify
from ..document import ClassifiedSentence, LabelledReport
from ..text.tables import EMPTY_CELL

__all__ = ["MEASURES_PART", "PROBLEMS_PART", "Parts", "blank_in_form", "goes_past", "part_of"]

PROBLEMS_PART = re.compile(
    r"存在的?(?:主要)?问题|主要问题|问题(?:及|和|与|、)|问题分析|不足之处|存在不足|偏差(?:及|和)?原因|"
    r"偏离.{0,8}原因"
)
MEASURES_PART = re.compile(
    r"改进措施|整改措施|(?:措施|对策)(?:及|和|与)?建议|改进(?:意见|建议|方向|计划)|整改(?:意见|情况|计划|要求)|(?:和|及|与)改进$|"
    r"下一步(?:工作)?(?:计划|打算|措施|安排|思路)|下一步工作$|工作建议|相关建议|有关建议|意见建议|对策"
)


def part_of(doc: LabelledReport, part: re.Pattern) -> set[int] | None:
    """The indexes of the sentences in the part ``part`` names (under a heading naming it, or
    after a short line naming it up to the next heading); None when the report as given does
    not show that part at all (an excerpt that ends before it, or on its heading)."""
    inside: set[int] = set()
    shown, after = False, False
    sentences = doc.sentences
    in_part: dict[str, bool] = {}  # whether a section's path names the part
    for k, (s, plain, section) in enumerate(zip(sentences, doc.plain, doc.plain_sections)):
        names = (len(s.text) <= 40 or s.is_heading or s.is_table_row) and part.search(plain)
        if names:  # a heading the page ends on is where the excerpt stops, not an empty part
            shown, after = shown or k + 1 < len(sentences), True
            continue
        if s.is_heading or _next_form_block(s, plain):
            after = False
        if section not in in_part:
            in_part[section] = bool(part.search(section))
        if after or in_part[section]:
            shown = True
            inside.add(s.index)
    return inside if shown else None


def goes_past(doc: LabelledReport, part: re.Pattern) -> bool:
    """Whether the page shows the part ``part`` names and a heading after it: it goes on
    past that part."""
    sentences, plain = doc.sentences, doc.plain
    named = [
        k
        for k, s in enumerate(sentences)
        if (len(s.text) <= 40 or s.is_heading) and part.search(plain[k])
    ]
    return bool(named) and any(
        sentences[k].is_heading and not part.search(plain[k] + doc.plain_sections[k])
        for k in range(named[0] + 1, len(sentences))
    )


_FORM_BLOCK = re.compile(r"目标|指标")
# The first cell of a form's row that starts its goals or its indicators.
_FORM_BLOCK_START = re.compile(r"(?:年度)?(?:总体目标|绩效目标|绩效指标|一级指标|二级指标)")
# A form's cell that says nothing, or that there is nothing: an empty cell, 暂无, 没有.
_NONE_CELLS = EMPTY_CELL | {"暂无", "没有"}


_CELL_SEPARATOR = re.compile(r"[|\t]")


def _next_form_block(s: ClassifiedSentence, plain: str) -> bool:
    """Whether a form's row (``plain``: its simplified text) starts its next block (总体目标完成
    情况 | 总体目标 | …), which ends the part the rows before it were in."""
    if not s.is_table_row:
        return False
    first = _CELL_SEPARATOR.split(plain, maxsplit=1)[0].replace(" ", "")
    return bool(_FORM_BLOCK_START.match(first))


def blank_in_form(rows: Sequence[list[str] | None], part: re.Pattern) -> set[int]:
    """The rows of a form whose column for ``part`` (a header cell such as 存在问题和改进措施)
    is empty or says none, when at least three such rows follow the header: the row's other
    cells (资金分配科学合理) are no problem or measure of its."""
    for h, head in enumerate(rows):
        cols = [j for j, c in enumerate(head or []) if part.search(simplify(c))]
        if not cols:
            continue
        blank = set()
        for k in range(h + 1, len(rows)):
            row = rows[k]
            if row is None or len(row) <= cols[0]:
                break
            if row[cols[0]].strip().rstrip("。.") not in _NONE_CELLS:
                if not _FORM_BLOCK.search(simplify(row[0])):
                    return set()  # the column says something in one of its rows
                break  # the form's next block (总体目标完成情况 | 总体目标 | …)
            blank.add(k)
        if len(blank) >= 3:
            return blank
    return set()


class Parts(NamedTuple):
    """The sentences in the part where a report puts its problems and its measures (None:
    the page does not show it); read once per report, asked by three flags."""

    problems: set[int] | None
    measures: set[int] | None

    @classmethod
    def of(cls, doc: LabelledReport) -> Parts:
        return cls(part_of(doc, PROBLEMS_PART), part_of(doc, MEASURES_PART))
