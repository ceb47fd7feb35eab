"""The lines of a page of text: where they are, which hold table rows, which a PDF wrapped.

Text copied out of a PDF keeps the printed line breaks: a sentence runs over two or three
lines, each cut where the text column ends.  Such a document shows itself by its widths: many
of its lines reach the same right edge.  A line that reaches that edge without ending a
sentence continues on the next line (unless the next one starts a new item, a table row or a
page number), and the splitter joins the two.  Documents whose lines are paragraphs (web pages,
Word exports) have no such edge and are left as they are.
"""

from __future__ import annotations

import re
import statistics

from ..chars import LINE_BREAK, PAGE_NUMBER
from .markers import heading_level

__all__ = [
    "cell_blocks",
    "column_width",
    "display_width",
    "is_row",
    "is_table_line",
    "line_spans",
    "wrapped_lines",
]

_ENDS_SENTENCE = "。！？；!?;：:"
_CLOSERS = "”’」』）)】〕》\"'"
_TERMINATORS = "。！？；!?;"
_NEVER_STARTS = "，。、；：！？）》”’」』】,;"
_WIDEST_COLUMN = 120  # half-width columns: 60 Chinese characters


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    spans = []
    pos = 0
    for match in LINE_BREAK.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return spans


# Characters printed two columns wide (East Asian Width W or F) in the ranges reports use:
# CJK punctuation, kana, ideographs, compatibility ideographs, full-width forms.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6]"
)


def display_width(line: str) -> int:
    """Printed width in half-width columns: a Chinese character or full-width form is 2."""
    return len(line) + len(_WIDE.findall(line))


def is_table_line(line: str) -> bool:
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


def column_width(widths: list[int]) -> tuple[int, int] | None:
    """The right edge that the lines of a PDF dump reach, and how many lines reach it; None
    when the widths show no edge.

    ``widths`` measure the non-empty lines that are not table rows.  The edge is the width of
    the widest tenth of the lines (of 12 Chinese characters or more), when at least three
    lines in ten reach it (within an eighth): the lines of a paragraph but its last do.  An
    edge no wider than a page's column (60 characters) needs three in ten of the long lines
    only: a report with many short headings and items has its column all the same.
    """
    long = sorted(w for w in widths if w >= 24)
    if len(long) < 6:
        return None
    top = long[int(0.9 * (len(long) - 1))]
    full = [w for w in long if w >= top - max(4, top // 8)]
    # a page's column holds at most some 60 Chinese characters: a paragraph a line is wider;
    # a column is full in most long lines, however many short headings and items there are
    page_wide = top <= _WIDEST_COLUMN and len(full) >= max(5, 0.3 * len(long))
    if len(full) < max(5, 0.3 * len(widths)) and not page_wide:
        return None
    return int(statistics.median(full)), len(full)


def _ends_sentence(content: str) -> bool:
    body = content.rstrip(_CLOSERS) or content
    return body[-1] in _ENDS_SENTENCE


_SPACED_CELLS = re.compile(r" {2,}|\u3000+")


def is_row(content: str) -> bool:
    """A table row: cells split by tabs or pipes, or three or more split by runs of spaces."""
    if is_table_line(content):
        return True
    # three cells need two runs of spaces: a line without one is not split
    return ("  " in content or "\u3000" in content) and len(_SPACED_CELLS.split(content)) >= 3


# Between two cells of words, or two numbers: a copied table's gaps.  A copied sentence has
# spaces too, but around its numbers ("资金 1300 万元"), seldom between words or numbers.
_WORD_GAP = re.compile(r"(?<=[\u4e00-\u9fff）)])\s+(?=[\u4e00-\u9fff（(])")
_NUMBER_GAP = re.compile(r"(?<=[\d%])\s+(?=\d)")


def _spaced(content: str) -> bool:
    """Cells split by single spaces, as a PDF's table without rules is copied: two gaps
    between words, or one between numbers."""
    return len(_WORD_GAP.findall(content)) >= 2 or bool(_NUMBER_GAP.search(content))


def _starts_unit(content: str) -> bool:
    """A line that starts something of its own: an item, a row, a page number."""
    return bool(
        heading_level(content) is not None
        or PAGE_NUMBER.match(content)
        or is_row(content)
        or content.startswith(("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是"))
    )


def wrapped_lines(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Indexes of the lines that a PDF wrapped: each continues on the line after it.

    Lines are measured by printed width (a real PDF's column is so many points wide, digits
    narrower than Chinese) and by characters (a tool that wrapped at so many characters);
    the measure that shows the clearer edge is used.
    """
    contents = [text[a:b].strip() for a, b in spans]
    # the edge is the text column's: table rows drawn wider than it do not count
    body = [c for c in contents if c and not is_row(c)]
    best = None
    for measure in (display_width, lambda c: 2 * len(c)):
        found = column_width([measure(c) for c in body])
        if found and (best is None or found[1] > best[1]):
            best = (found[0], found[1], measure)
    if best is None:
        return set()
    edge, _, measure = best
    reach = edge - max(4, edge // 8)
    out = set()
    for i in range(len(spans) - 1):
        line, nxt = contents[i], contents[i + 1]
        if line and nxt and nxt[0] in _NEVER_STARTS and not is_row(line):
            out.add(i)  # no line of its own starts with a comma: the line before ran short
            continue
        if not line or not nxt or measure(line) < reach or _ends_sentence(line):
            continue
        if _starts_unit(nxt) or PAGE_NUMBER.match(line) or is_row(line):
            continue
        if _spaced(line) or _spaced(nxt):  # a row of a table drawn without rules
            continue
        out.add(i)
    return out


def cell_blocks(text: str, lines: list[tuple[int, int]]) -> dict[int, int]:
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
