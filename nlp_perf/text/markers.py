"""Heading and list markers: the numbering reports put before their parts and items.

第一部分 / 一、 / （一） / 1、 1. 1． / （1） / ① are headings' markers, each style at its usual
outline depth (:func:`heading_level`); the number a marker carries (:func:`marker_number`); the
markers that start a new item inside a line (:data:`INLINE_MARKER`, 一是 among them) and those a
flattened page glues to the text before them (:data:`GLUED_MARKER`); and any numbering before an
item's name (:data:`ITEM_MARKER`).  The one home of markers: the splitter, the outline, the
features, the title and the figure rules all read them here.
"""

from __future__ import annotations

import re

__all__ = [
    "CN_NUMERALS",
    "BEFORE_INLINE_MARKER",
    "GLUED_MARKER",
    "INLINE_MARKER",
    "ITEM_MARKER",
    "heading_level",
    "marker_end",
    "marker_number",
    "strip_marker",
]

CN_NUMERALS = "一二三四五六七八九十百零〇两"

# Heading markers by level: 第一部分 / 一、 / （一） / 1、 1. 1． / （1） / ①
_LEVEL_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"^第[{CN_NUMERALS}\d]+[部章篇](分)?[、，,：:\s]?")),
    (1, re.compile(rf"^[{CN_NUMERALS}]+\s*[、．.，,]")),
    (2, re.compile(rf"^[（(]\s*[{CN_NUMERALS}]+\s*[)）]")),
    (3, re.compile(r"^[0-9０-９]{1,2}\s*(?:[、．]|\.(?![0-9*]))")),
    (4, re.compile(r"^[（(]\s*[0-9０-９]{1,2}\s*[)）]")),
    (5, re.compile(r"^[①-⑳]")),
]

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)} | {"〇": 0, "两": 2}
_NUMBER_OF_MARKER = re.compile(rf"[{CN_NUMERALS}]+|[0-9０-９]+|[①-⑳]")


# The characters a marker can start with (each pattern above starts with one): a line that
# starts with any other, as most do, is no heading without trying six patterns.
_MARKER_FIRST = frozenset(
    "第（("
    + CN_NUMERALS
    + "0123456789０１２３４５６７８９"
    + "".join(map(chr, range(0x2460, 0x2474)))
)


def _marker(line: str) -> tuple[int, re.Match[str]] | None:
    stripped = line.strip()
    if not stripped or stripped[0] not in _MARKER_FIRST:
        return None
    for level, pattern in _LEVEL_PATTERNS:
        m = pattern.match(stripped)
        if m:
            return level, m
    return None


def heading_level(line: str) -> int | None:
    """Return the outline level of a heading marker at the start of ``line``, or None."""
    found = _marker(line)
    return found[0] if found else None


def marker_end(line: str) -> int:
    """How many characters of ``line`` (stripped) its marker takes; 0 without one."""
    found = _marker(line)
    return found[1].end() if found else 0


def strip_marker(line: str) -> str:
    """``line`` without the heading or list marker it starts with: （三）资金管理 → 资金管理."""
    return line.strip()[marker_end(line) :].strip()


def marker_number(title: str) -> int | None:
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


# Markers that start a new item inside a line, and what may stand right before them.  The
# look-ahead names the characters every marker starts with: re then skips the positions of a
# line that start none (twice as fast), and what matches is unchanged.
INLINE_MARKER = re.compile(
    rf"(?=[{CN_NUMERALS}（(0-9０-９①-⑳])"
    rf"(?:[{CN_NUMERALS}]{{1,3}}是(?=\S)"  # 一是 二是 …
    rf"|[（(][{CN_NUMERALS}]{{1,3}}[)）]"  # （一） (二)
    r"|[（(][0-9０-９]{1,2}[)）](?=[^\d\s])"  # （1） (2)
    r"|[0-9０-９]{1,2}[、．](?=[^\d\s、．])"  # 1、 2．
    r"|[0-9]{1,2}\.(?=[\u4e00-\u9fff])"  # 3.发放
    r"|[①-⑳])"
)
BEFORE_INLINE_MARKER = set(" \t\u3000：:，,。；;！？!?")
# Heading markers that may stand glued to the text before them in a flattened line.
GLUED_MARKER = re.compile(
    rf"[（(][{CN_NUMERALS}]{{1,3}}[)）]|(?<![{CN_NUMERALS}第])[{CN_NUMERALS}]{{1,3}}、(?=[\u4e00-\u9fff])"
)
# The numbering before an item: 第一部分, 一、, （一）, 1、, ①, 一是.
ITEM_MARKER = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[部章篇]分?|[一二三四五六七八九十]+[、.，]"
    r"|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}\s*[、.．]|[①-⑳]|[一二三四五六七八九十]是)\s*"
)
