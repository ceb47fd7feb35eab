"""Split a report into sentences by the unit rules of the labelling guide.

A sentence ends at 。！？； (and their ASCII forms), at a line break, and before a list
marker that starts a new item inside a line.  A heading line is a sentence.  A table row is
one sentence: either one line whose cells are separated by tabs or ``|``, or a block of
tab-indented lines, one cell per line, as text copied out of a .docx table arrives.  A
fragment with no CJK character and no digit is dropped.  A decimal point or the ``.`` of a
``*.*`` placeholder never ends a sentence.

Every sentence keeps its character offsets into the text it came from, so
``text[s.start:s.end] == s.text``, and the heading path of the section it sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "heading_level"]

SECTION_SEPARATOR = " > "

_CN_NUM = "一二三四五六七八九十百零〇两"
_TERMINATORS = "。！？；!?;"
_CLOSERS = "”’」』）)】〕》\"'"
_MAY_END = re.compile(f"[{re.escape(_TERMINATORS)}.]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAS_CONTENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9０-９]")

# Heading markers by level: 第一部分 / 一、 / （一） / 1、 1. 1． / （1） / ①
_LEVEL_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"^第[{_CN_NUM}\d]+[部章篇](分)?[、，,：:\s]?")),
    (1, re.compile(rf"^[{_CN_NUM}]+\s*[、．.，,]")),
    (2, re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[)）]")),
    (3, re.compile(r"^[0-9０-９]{1,2}\s*(?:[、．]|\.(?![0-9*]))")),
    (4, re.compile(r"^[（(]\s*[0-9０-９]{1,2}\s*[)）]")),
    (5, re.compile(r"^[①-⑳]")),
]

# Markers that start a new item inside a line, and what may stand right before them.
_INLINE_MARKER = re.compile(
    rf"(?:[{_CN_NUM}]{{1,3}}是(?=\S)"  # 一是 二是 …
    rf"|[（(][{_CN_NUM}]{{1,3}}[)）]"  # （一） (二)
    r"|[（(][0-9０-９]{1,2}[)）](?=[^\d\s])"  # （1） (2)
    r"|[0-9０-９]{1,2}[、．](?=[^\d\s、．])"  # 1、 2．
    r"|[0-9]{1,2}\.(?=[\u4e00-\u9fff])"  # 3.发放
    r"|[①-⑳])"
)
_BEFORE_INLINE_MARKER = set(" \t\u3000：:，,。；;！？!?")

_ROW_SEPARATOR = re.compile(r"\t|\s*\|\s*|\s{3,}")


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)} | {"〇": 0, "两": 2}
_NUMBER_OF_MARKER = re.compile(rf"[{_CN_NUM}]+|[0-9０-９]+|[①-⑳]")


def _marker_number(title: str) -> int | None:
    """The number a heading marker carries: 一、→1, （十二）→12, 3.→3, ⑤→5."""
    m = _NUMBER_OF_MARKER.search(title)
    if m is None:
        return None
    token = m.group(0)
    if "①" <= token[0] <= "⑳":
        return ord(token[0]) - ord("①") + 1
    if token[0] in "0123456789０１２３４５６７８９":
        return int(token.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    if token == "十":
        return 10
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    if len(token) == 1 and token in _CN_DIGITS:
        return _CN_DIGITS[token]
    return None


@dataclass
class _Heading:
    level: int  # the marker style's usual depth, used when the numbers say nothing
    style: int
    number: int | None
    title: str
    shown: bool = True  # a heading shows in the path; a numbered list item only counts


class _Outline:
    """The open headings above the current line.

    Reports mix numbering styles ("一、" then "2、" at the same depth, "1、" for both parts and the
    items inside them), so where a heading sits is decided first by its number: a heading
    numbered n is the sibling of the nearest open heading numbered n-1 (one of its own style
    first, then any style), a heading numbered 1 opens a level below the current one, and only
    otherwise does the marker style's usual depth decide.
    """

    def __init__(self) -> None:
        self.open: list[_Heading] = []

    def path(self) -> str:
        return SECTION_SEPARATOR.join(h.title for h in self.open if h.shown)

    def _sibling_of(self, number: int, style: int, shown: bool) -> int | None:
        # A heading continues the numbering of headings, a list item that of items; each
        # prefers its own marker style.
        for same_kind, same_style in ((True, True), (True, False), (False, True), (False, False)):
            for k in range(len(self.open) - 1, -1, -1):
                h = self.open[k]
                if (
                    h.number == number - 1
                    and (h.style == style or not same_style)
                    and (h.shown == shown or not same_kind)
                ):
                    return k
        return None

    def enter(self, text: str, shown: bool = True) -> str:
        """Open the heading (or list item) ``text``; return its parent's path."""
        level = heading_level(text)
        assert level is not None
        heading = _Heading(level, level, _marker_number(text), _heading_title(text), shown)
        number = heading.number
        k = self._sibling_of(number, level, shown) if number and number > 1 else None
        if k is not None:
            heading.level = self.open[k].level  # a sibling sits at its sibling's depth
            del self.open[k:]
        elif heading.number == 1 and self.open:
            heading.level = max(level, self.open[-1].level + 1)
        else:
            self.open = [h for h in self.open if h.level < level]
        parent = self.path()
        self.open.append(heading)
        return parent


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report, with its offsets into the decoded text."""

    index: int
    start: int
    end: int
    text: str
    section: str
    is_heading: bool = False
    is_table_row: bool = False


def _marker(line: str) -> tuple[int, re.Match[str]] | None:
    stripped = line.strip()
    for level, pattern in _LEVEL_PATTERNS:
        m = pattern.match(stripped)
        if m:
            return level, m
    return None


def heading_level(line: str) -> int | None:
    """Return the outline level of a heading marker at the start of ``line``, or None."""
    found = _marker(line)
    return found[0] if found else None


def _is_heading_line(line: str) -> bool:
    """A stand-alone heading: a numbered line with no sentence inside it, short enough."""
    if heading_level(line) is None:
        return False
    body = line.rstrip("。.：: \t")
    if any(ch in body for ch in _TERMINATORS):
        return False
    if line.rstrip().endswith(("；", ";")):
        return False
    return len(body) <= 45


def _is_run_in_heading(piece: str) -> bool:
    """A short numbered title ending in 。 or ： that opens a line of running text."""
    found = _marker(piece)
    if found is None:
        return False
    body = piece.strip()[found[1].end() :].rstrip("。：: ")
    return len(body) <= 14 and not any(ch in body for ch in "，,、；;")


def _is_table_line(line: str) -> bool:
    """One line holding a whole table row: cells separated by tabs or pipes."""
    content = line.strip()
    if not content:
        return False
    if content.count("|") >= 2 or (content.count("|") == 1 and not content.startswith("|")):
        cells = [c for c in content.split("|") if c.strip()]
        return len(cells) >= 2
    if "\t" in content:
        cells = [c for c in content.split("\t") if c.strip()]
        return len(cells) >= 2
    return False


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    spans = []
    pos = 0
    for match in re.finditer(r"\r\n|\n|\r|\u2028|\u2029", text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return spans


def _cell_blocks(text: str, lines: list[tuple[int, int]]) -> dict[int, int]:
    """Find tables laid out one cell per tab-indented line, rows separated by blank lines.

    Returns {first line index: last line index} for each row block.  A block counts as a
    row only when at least two such blocks follow one another (a table has rows), none of
    its lines ends a sentence, and it has at least one cell.
    """
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if text[s:e].strip() and text[s:e].startswith("\t"):
            j = i
            # A tab-only line inside a row is an empty cell, not the end of the row.
            while j + 1 < len(lines) and text[slice(*lines[j + 1])].startswith("\t"):
                j += 1
            while not text[slice(*lines[j])].strip():
                j -= 1
            cells = [text[a:b].strip() for a, b in lines[i : j + 1]]
            if not any(c.endswith(tuple(_TERMINATORS)) for c in cells) and all(
                len(c) <= 80 for c in cells
            ):
                blocks.append((i, j))
            i = j + 1
        else:
            i += 1

    def blank_between(a: int, b: int) -> bool:
        return all(not text[s:e].strip() for s, e in lines[a:b])

    rows: dict[int, int] = {}
    for k, (a, b) in enumerate(blocks):
        prev_ok = k > 0 and blank_between(blocks[k - 1][1] + 1, a)
        next_ok = k + 1 < len(blocks) and blank_between(b + 1, blocks[k + 1][0])
        if prev_ok or next_ok:
            rows[a] = b
    return rows


def _is_decimal_point(line: str, i: int) -> bool:
    """True when the ASCII '.' at line[i] does not end a sentence."""
    prev = line[i - 1] if i > 0 else ""
    nxt = line[i + 1] if i + 1 < len(line) else ""
    if prev.isdigit() or prev in "*＊×" or prev.isascii() and prev.isalpha():
        return True
    return nxt.isdigit() or nxt in "*＊×"


def _split_line(line: str) -> list[tuple[int, int]]:
    """Split one line into (start, end) pieces: terminators and inline list markers."""
    cuts = {0, len(line)}
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
    content_start = len(line) - len(line.lstrip())
    for match in _INLINE_MARKER.finditer(line):
        pos = match.start()
        if pos <= content_start:
            continue
        if line[pos - 1] in _BEFORE_INLINE_MARKER:
            cuts.add(pos)
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if line[a:b].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _keep(fragment: str) -> bool:
    return bool(_HAS_CONTENT.search(fragment))


def _heading_title(text: str) -> str:
    return text.strip().rstrip("。.：:；; ")


def split_sentences(text: str) -> list[Sentence]:
    """Split decoded report text into sentences with offsets and section paths."""
    lines = _lines(text)
    rows = _cell_blocks(text, lines)
    outline = _Outline()
    spans: list[tuple[int, int, str, bool, bool]] = []

    i = 0
    while i < len(lines):
        ls, le = lines[i]
        if i in rows:
            last = rows[i]
            s, e = _trim(text, ls, lines[last][1])
            if _keep(text[s:e]):
                spans.append((s, e, outline.path(), False, True))
            i = last + 1
            continue
        i += 1
        line = text[ls:le]
        if not line.strip():
            continue
        if _is_table_line(line):
            s, e = _trim(text, ls, le)
            if _keep(text[s:e]):
                spans.append((s, e, outline.path(), False, True))
            continue
        if _is_heading_line(line) and len(_split_line(line)) == 1:
            s, e = _trim(text, ls, le)
            if _keep(text[s:e]):
                spans.append((s, e, outline.enter(text[s:e]), True, False))
            continue
        pieces = [_trim(text, ls + a, ls + b) for a, b in _split_line(line)]
        pieces = [(s, e) for s, e in pieces if s < e and _keep(text[s:e])]
        for k, (s, e) in enumerate(pieces):
            section = outline.path()
            if k == 0 and heading_level(text[s:e]) is not None:
                # a numbered item: a run-in title opens a section, any item counts
                run_in = len(pieces) > 1 and _is_run_in_heading(text[s:e])
                outline.enter(text[s:e], shown=run_in)
            spans.append((s, e, section, False, False))

    return [
        Sentence(index=k, start=s, end=e, text=text[s:e], section=sec, is_heading=h, is_table_row=t)
        for k, (s, e, sec, h, t) in enumerate(spans)
    ]


def has_cjk(text: str) -> bool:
    """True when ``text`` holds at least one CJK character."""
    return bool(_CJK.search(text))
