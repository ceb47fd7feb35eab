"""Heading markers and the outline they build: which heading a sentence sits under.

A report numbers its parts and items with markers — 第一部分, 一、, （一）, 1、 / 1. , （1）, ① —
each style at its usual depth.  :class:`Outline` keeps the headings open above the current line
as the splitter walks down the report, so each sentence gets its heading path, e.g.
``三、部门整体支出绩效情况 > （二）强化农产品质量安全监管``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .markers import heading_level, marker_number

__all__ = ["SECTION_SEPARATOR", "Outline"]

SECTION_SEPARATOR = " > "
# Open headings of one marker style and kind nested in each other, at most: reports number
# parts and the items inside them alike ("1、" in "1、"), never deeper.  Without a bound, reports
# pasted one after another into one file open each one's "一、" below the last one's "五、",
# and the heading paths (and the memory they take) grow with every report.
MAX_SAME_STYLE = 2


def _title(text: str) -> str:
    return text.strip().rstrip("。.：:；; ")


@dataclass
class _Heading:
    level: int  # the marker style's usual depth, used when the numbers say nothing
    style: int
    number: int | None
    title: str
    shown: bool = True  # a heading shows in the path; a numbered list item only counts


class Outline:
    """The open headings above the current line.

    Reports mix numbering styles ("一、" then "2、" at the same depth, "1、" for both parts and the
    items inside them), so where a heading sits is decided first by its number: a heading
    numbered n is the sibling of the nearest open heading numbered n-1 (one of its own style
    first, then any style; a list item, one of its own style only), a heading numbered 1 opens
    a level below the current one, and only otherwise does the marker style's usual depth
    decide.
    """

    def __init__(self) -> None:
        self.open: list[_Heading] = []
        self._path: str | None = None  # made once for all the sentences of a section

    def path(self) -> str:
        if self._path is None:
            self._path = SECTION_SEPARATOR.join(h.title for h in self.open if h.shown)
        return self._path

    def _sibling_of(self, number: int, style: int, shown: bool) -> int | None:
        # A heading continues the numbering of headings, a list item that of items; each
        # prefers its own marker style.  A list item continues only its own style: "2、"
        # after "（一）…1、…" items, never the part "一、" above them.
        passes = ((True, True), (True, False), (False, True), (False, False))
        for same_kind, same_style in passes if shown else passes[::2]:
            for k in range(len(self.open) - 1, -1, -1):
                h = self.open[k]
                if (
                    h.number == number - 1
                    and (h.style == style or not same_style)
                    and (h.shown == shown or not same_kind)
                ):
                    return k
        return None

    def _restarted(self, style: int, shown: bool) -> int | None:
        """The innermost open heading a heading numbered 1 takes the place of, when
        :data:`MAX_SAME_STYLE` of its style and kind are open already."""
        same = [k for k, h in enumerate(self.open) if h.style == style and h.shown == shown]
        return same[-1] if len(same) >= MAX_SAME_STYLE else None

    def enter(self, text: str, shown: bool = True, title: str | None = None) -> str:
        """Open the heading (or list item) ``text``; return its parent's path.

        ``title``, if given, is what the path shows instead of ``text`` (a marker alone on
        its line takes its title from the next line).
        """
        level = heading_level(text)
        assert level is not None
        heading = _Heading(level, level, marker_number(text), _title(title or text), shown)
        number = heading.number
        k = self._sibling_of(number, level, shown) if number and number > 1 else None
        if k is not None:
            heading.level = self.open[k].level  # a sibling sits at its sibling's depth
            del self.open[k:]
        elif heading.number == 1 and (k := self._restarted(level, shown)) is not None:
            heading.level = self.open[k].level  # a new run of numbers, not one level deeper
            del self.open[k:]
        elif heading.number == 1 and self.open:
            heading.level = max(level, self.open[-1].level + 1)
        else:
            self.open = [h for h in self.open if h.level < level]
        self._path = None
        parent = self.path()
        self.open.append(heading)
        self._path = None
        return parent
