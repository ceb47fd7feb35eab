"""Split a report into sentences by the unit rules of the labelling guide.

A sentence ends at 。！？； (and their ASCII forms), at a line break, and before a list
marker that starts a new item inside a line.  A heading line is a sentence.  A table row is
one sentence: either one line whose cells are separated by tabs or ``|``, or a block of
tab-indented lines, one cell per line, as text copied out of a .docx table arrives.  A
fragment with no CJK character and no digit is dropped.  A decimal point or the ``.`` of a
``*.*`` placeholder never ends a sentence.

Real pages lose their structure, and the splitter recovers what it can:

- lines a PDF wrapped at its right edge are joined again (:mod:`nlp_perf.text.lines`);
- in a long line that holds a whole report, a heading marker glued to the text before it
  (``…自评报告一、基本情况（一）项目概况。``) starts a new sentence when the numbering
  before it leads up to it;
- every heading inside a line opens its section, not only one at the start of the line;
- a marker alone on its line (``（三）``) takes its title from the next line.

Every sentence keeps its character offsets into the text it came from, so
``text[s.start:s.end] == s.text``, and the heading path of the section it sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..chars import has_content
from .lines import cell_blocks, is_table_line, line_spans, wrapped_lines
from .markers import (
    BEFORE_INLINE_MARKER,
    GLUED_MARKER,
    INLINE_MARKER,
    heading_level,
    marker_number,
    strip_marker,
)
from .outline import Outline

__all__ = ["Sentence", "split_sentences"]

_TERMINATORS = "。！？；!?;"
_CLOSERS = "”’」』）)】〕》\"'"
_MAY_END = re.compile(f"[{re.escape(_TERMINATORS)}.]")

_TITLE_END = ("报告", "情况", "概况", "说明", "）", ")")
# A bracketed note inside a heading: 三、部门预算管理情况（涉及专项的部门另附自评表）
_NOTE = re.compile(r"[（(][^（()）]*(?:[)）]|$)")
_FIGURE = re.compile(r"\d\s*(?:万元|亿元|元|%|％)")


@dataclass(frozen=True, slots=True)  # slots: a long report has 100,000s
class Sentence:
    """One sentence of a report, with its offsets into the decoded text."""

    index: int
    start: int
    end: int
    text: str
    section: str
    is_heading: bool = False
    is_table_row: bool = False
    marker: int | None = None  # the outline level of the numbering it starts with


def _is_heading_line(line: str) -> bool:
    """A stand-alone heading: a numbered line that states nothing, short enough.

    A numbered line that makes a statement is a list item: one that ends in 。 after a comma,
    one with a colon inside (数量指标：完成…), one with an amount or a rate in it.
    """
    if heading_level(line) is None or line.rstrip().endswith(("；", ";")):
        return False
    body = _NOTE.sub("", strip_marker(line)).rstrip("。.：: \t")
    if any(ch in body for ch in _TERMINATORS + "：:") or _FIGURE.search(body):
        return False
    if line.rstrip().endswith(("。", ".")) and any(ch in body for ch in "，,"):
        return False
    return len(body) <= 45


def _is_run_in_heading(piece: str) -> bool:
    """A short numbered title ending in 。 or ： that opens a line of running text."""
    if heading_level(piece) is None:
        return False
    body = strip_marker(piece).rstrip("。：: ")
    if _FIGURE.search(body) or any(ch in body for ch in "≥≤><"):
        return False
    return len(body) <= 14 and not any(ch in body for ch in "，,、；;")


def _is_decimal_point(line: str, i: int) -> bool:
    """True when the ASCII '.' at line[i] does not end a sentence."""
    prev = line[i - 1] if i > 0 else ""
    nxt = line[i + 1] if i + 1 < len(line) else ""
    if prev.isdigit() or prev in "*＊×" or prev.isascii() and prev.isalpha():
        return True
    return nxt.isdigit() or nxt in "*＊×"


def _terminator_cuts(line: str) -> set[int]:
    cuts = set()
    n = len(line)
    j = 0  # where the last cut fell: a terminator among the closers before it is one of them
    for m in _MAY_END.finditer(line):
        i = m.start()
        if i < j or (line[i] == "." and _is_decimal_point(line, i)):
            continue
        j = i + 1
        while j < n and line[j] in _CLOSERS:
            j += 1
        cuts.add(j)
    return cuts


def _glued_cuts(line: str, cuts: set[int]) -> set[int]:
    """Cuts before heading markers glued to the text before them (a flattened report).

    A glued （二） or 二、 starts a new piece when the numbering of its style in the line has
    reached one less; a glued first marker (一、, （一）) when the piece before it reads as a
    title (…报告, …情况) or is itself a numbered heading.
    """
    found = [(m.start(), m.group(0)) for m in GLUED_MARKER.finditer(line) if m.start() > 0]
    markers = sorted(found + [(c, line[c:]) for c in cuts if c < len(line)])
    last: dict[int, int] = {}
    previous = 0
    out = set()
    for pos, text in markers:
        level = heading_level(text)
        number = marker_number(text) if level is not None else None
        if level is None or number is None:
            previous = pos
            continue
        if pos not in cuts:
            before = line[previous:pos].strip()
            title = len(before) <= 40 and not any(ch in before for ch in "，,；;：:")
            follows = last.get(level) == number - 1
            opens = (
                number == 1
                and title
                and (before.endswith(_TITLE_END) or heading_level(before) is not None)
            )
            if not (follows or opens):
                continue
            out.add(pos)
        last[level] = number
        previous = pos
    return out


def _split_line(line: str) -> list[tuple[int, int]]:
    """Split one line into (start, end) pieces: terminators and inline list markers."""
    cuts = {0, len(line)} | _terminator_cuts(line)
    content_start = len(line) - len(line.lstrip())
    for match in INLINE_MARKER.finditer(line):
        pos = match.start()
        if pos > content_start and line[pos - 1] in BEFORE_INLINE_MARKER:
            cuts.add(pos)
    if len(line) >= 150:
        cuts |= _glued_cuts(line, cuts)
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if line[a:b].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _title_line(content: str) -> bool:
    """The title of a heading whose marker stands alone on the line before."""
    return (
        0 < len(content) <= 30
        and heading_level(content) is None
        and not is_table_line(content)
        and not any(ch in content.rstrip("。：:") for ch in _TERMINATORS + "，,：:")
    )


class _Splitter:
    """Walks a report's lines, keeping the outline, and collects the sentence spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = line_spans(text)
        self.rows = cell_blocks(text, self.lines)
        self.wrapped = wrapped_lines(text, self.lines)
        self.outline = Outline()
        self.spans: list[tuple[int, int, str, bool, bool]] = []

    def add(self, start: int, end: int, section: str, heading: bool = False, row: bool = False):
        s, e = _trim(self.text, start, end)
        if s < e and has_content(self.text[s:e]):
            self.spans.append((s, e, section, heading, row))

    def step(self, i: int) -> int:
        """Split the unit that starts at line ``i``; return the line after it."""
        if i in self.rows:
            last = self.rows[i]
            self.add(self.lines[i][0], self.lines[last][1], self.outline.path(), row=True)
            return last + 1
        j = i
        while j in self.wrapped:
            j += 1
        start, end = self.lines[i][0], self.lines[j][1]
        line = self.text[start:end]
        if not line.strip():
            return j + 1
        if i == j and is_table_line(line):
            self.add(start, end, self.outline.path(), row=True)
        elif _is_heading_line(line) and len(_split_line(line)) == 1:
            return self.heading(start, end, j + 1)
        else:
            self.pieces(start, line)
        return j + 1

    def heading(self, start: int, end: int, nxt: int) -> int:
        """A heading line; a marker alone on it takes the next line as its title."""
        s, e = _trim(self.text, start, end)
        marker = self.text[s:e]
        if not strip_marker(marker) and nxt < len(self.lines) and nxt not in self.rows:
            a, b = _trim(self.text, *self.lines[nxt])
            if _title_line(self.text[a:b]):
                parent = self.outline.enter(marker, title=marker + self.text[a:b])
                self.add(s, e, parent, heading=True)
                self.add(a, b, parent, heading=True)
                return nxt + 1
        if has_content(marker):
            self.add(s, e, self.outline.enter(marker), heading=True)
        return nxt

    def pieces(self, start: int, line: str) -> None:
        """The sentences of a line of running text; each numbered piece enters the outline
        (a short run-in title opens a section, any item counts for the numbering)."""
        spans = [_trim(self.text, start + a, start + b) for a, b in _split_line(line)]
        spans = [(s, e) for s, e in spans if s < e and has_content(self.text[s:e])]
        for s, e in spans:  # trimmed and with content: kept as they are
            piece = self.text[s:e]
            if heading_level(piece) is not None:
                run_in = len(spans) > 1 and _is_run_in_heading(piece)
                self.spans.append((s, e, self.outline.enter(piece, shown=run_in), False, False))
            else:
                self.spans.append((s, e, self.outline.path(), False, False))


def split_sentences(text: str) -> list[Sentence]:
    """Split decoded report text into sentences with offsets and section paths."""
    splitter = _Splitter(text)
    i = 0
    while i < len(splitter.lines):
        i = splitter.step(i)
    return [
        Sentence(k, s, e, text[s:e], sec, h, t, heading_level(text[s:e]))
        for k, (s, e, sec, h, t) in enumerate(splitter.spans)
    ]
