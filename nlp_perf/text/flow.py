"""The flow of a report's text: one normalised string, wrapped lines joined, mapped back.

Lines a PDF export wrapped mid-sentence are joined again (``预算\\n260.00万元``), page numbers
and running headers are skipped, full-width digits and the traditional characters of the words
the figure rules look for are mapped to their usual forms, one character for one, so every
position of the flow still points back into the text.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from collections.abc import Sequence

from ..chars import LINE_BREAK, PAGE_NUMBER, simplify_figures
from .lines import is_row
from .markers import heading_level
from .sentences import Sentence

__all__ = ["Flow"]

_STOPS = "。；;！？!?"
_CLAUSE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")


# The map back to the text: 4 bytes a position (8 where the platform's int is smaller).
_INDEX_TYPE = "I" if array("I").itemsize >= 4 else "L"


def _may_be_page_number(content: str) -> bool:
    """Whether a stripped line starts as a :data:`~nlp_perf.chars.PAGE_NUMBER` does: a
    digit, a dash, 第, or the _ · . around a number; any other line is no page number."""
    return content[0].isdigit() or content[0] in "—–-－_·.第"


class Flow:
    """The report as one normalised string, wrapped lines joined, with a map back to the text."""

    def __init__(self, text: str, sentences: Sequence[Sentence]) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self.flow = ""
        self._clauses: list[tuple[int, int]] | None = None
        # the text's position of each flow character: 4 bytes each (a list of ints took 40)
        self.index: Sequence[int] = array(_INDEX_TYPE)
        if not sentences:
            # no sentence, no Chinese and no digit: nothing to read, and no sentence for a
            # position to point back to (sentence_at has none to give)
            return
        spans = []
        pos = 0
        for m in LINE_BREAK.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
        stripped = [text[a:b].strip() for a, b in spans]
        counts = Counter(stripped)

        chars: list[str] = []  # pieces of the flow
        index = array(_INDEX_TYPE)
        joinable = False
        for (a, b), content in zip(spans, stripped):
            if not content:
                joinable = False
                chars.append("\n")
                index.append(a)
                continue
            line = text[a:b]
            row = is_row(line.strip())
            repeated = counts[content] >= 2 and 6 <= len(content) <= 40 and not row
            furniture = (
                _may_be_page_number(content)
                and PAGE_NUMBER.match(content)
                or (
                    repeated
                    and not any(c in content for c in _STOPS + "，,：:")
                    and heading_level(content) is None
                )
            )
            if furniture:
                continue  # page numbers and running headers: the paragraph goes on past them
            lead = len(line) - len(line.lstrip())
            if not (joinable and not row and lead == 0 and heading_level(content) is None):
                chars.append("\n")
                index.append(a)
            chars.append(simplify_figures(line[lead : lead + len(content)]))
            index.extend(range(a + lead, a + lead + len(content)))
            joinable = not row and len(content) >= 20 and content[-1] not in _STOPS + "：:"
        self.flow = "".join(chars)
        self.index = index

    def sentence_at(self, pos: int) -> int:
        """The index of the sentence holding flow position ``pos``."""
        if not self.sentences:
            return 0
        orig = self.index[min(pos, len(self.index) - 1)]
        k = bisect.bisect_right(self.starts, orig) - 1
        return self.sentences[max(k, 0)].index

    def original(self, start: int, end: int) -> str:
        """The report's own characters behind flow[start:end], line breaks left out."""
        return "".join(self.text[self.index[k]] for k in range(start, end) if self.flow[k] != "\n")

    def clauses(self) -> list[tuple[int, int]]:
        """(start, end) of every flow sentence: up to a stop or a line break (found once, for
        the figures and the flags; not to be changed)."""
        if self._clauses is None:
            self._clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(self.flow)]
        return self._clauses
