"""A PDF's printed lines put back into the report's paragraphs, by the page's own text column.

The readers of PDFs (the text layer here, OCR of a scanned page) give lines with their place:
``{"text", "top", "x0", "x1", "row"}`` and, when known, ``"size"`` (the font size: the width of
a Chinese character), ``"count"`` (the glyphs drawn, spaces too), ``"wide_gaps"`` (gaps of 1.5
characters or more between its glyphs) and ``"number"`` (a number printed in the margin
before the line, and the line's x0 with it).
:func:`rejoin` turns the lines of every page into the report's text:

- Page furniture goes: a first or last line of a page that is a page number ("3", "- 3 -",
  "第3页", "3/12") or that repeats on at least half of the pages, and line numbers in the
  margin (a number before most lines of a page, counting up).
- The text column is measured from the document's lines, not the paper: its left edge is where
  most lines start, its right edge the furthest x1 that many lines reach.  A producer that
  wraps at so many characters leaves lines full of digits short of that edge, so the number of
  characters of the full lines is measured too.
- A line continues on the next one (the PDF wrapped it) when it reaches the right edge (within
  1.5 characters), or holds as many characters as the full lines, or stops short only because
  the next line's first word (a number, a Latin word, a character with the punctuation hung on
  it) would not have fitted in the room left; unless the next line starts a paragraph of its
  own (indented, or starting with a heading or list marker).  A line that stops short ends its
  paragraph: the last line of a paragraph, a heading, a title.
- Table rows stay rows, one a line, cells joined by tabs.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from ..chars import PAGE_NUMBER

__all__ = ["rejoin"]

# The numbering that starts a heading or an item: 第一部分 一、 （一） 1、 1. （1） ① 一是.
# The read stage comes before the text stage (text/markers.py, the home of markers), so the
# starts of items are matched here on their own; only whether a line starts one matters.
_STARTS_ITEM = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+[部章篇节条]|[一二三四五六七八九十]+\s*[、．.，]"
    r"|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*(?:[、．]|\.(?![\d*]))"
    r"|[①-⑳]|[一二三四五六七八九十]是)"
)
_ENDS_SENTENCE = tuple("。！？；!?;：:")
_CLOSERS = "”’」』）)】〕》\"'"
# what a word processor keeps on one line: a run of digits and Latin letters
_LEADING_WORD = re.compile(r"[A-Za-z0-9.%,:/+\-]+|.")
_HANGING = "，。、；：！？）》”’」』】,.;:!?)"


def _digits_out(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def _drop_furniture(pages: list[list[dict]]) -> list[list[dict]]:
    """Pages without their headers, footers and page numbers."""
    edges: Counter[str] = Counter()
    for page in pages:  # once a page: a short page's first lines are its last ones too
        edges.update({_digits_out(it["text"]) for it in page[:2] + page[-2:]})
    repeated = {t for t, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}

    def is_furniture(page: list[dict], k: int) -> bool:
        it = page[k]
        at_edge = k < 2 or k >= len(page) - 2
        return at_edge and (
            bool(PAGE_NUMBER.match(it["text"])) or _digits_out(it["text"]) in repeated
        )

    return [[it for k, it in enumerate(page) if not is_furniture(page, k)] for page in pages]


def _drop_line_numbers(page: list[dict]) -> list[dict]:
    """The page's lines without the numbers in their margin, when most lines have one counting
    up; otherwise the numbers stay part of their lines' text."""
    numbered = [it for it in page if it.get("number") is not None and not it["row"]]
    text_lines = [it for it in page if not it["row"]]
    values = [int(it["number"][0]) for it in numbered]
    if len(numbered) >= max(3, len(text_lines) / 2) and values == sorted(values):
        return [{**it, "number": None} for it in page]
    out = []
    for it in page:
        if it.get("number") is not None:
            number, x0 = it["number"]
            it = {**it, "text": f"{number} {it['text']}", "x0": x0, "number": None}
        out.append(it)
    return out


def _size(it: dict) -> float:
    """The width of a Chinese character on the line: its font size, or an estimate."""
    if it.get("size"):
        return float(it["size"])
    text = it["text"].strip()
    wide = sum(1 for ch in text if ord(ch) > 0x2E80)
    units = wide + (len(text) - wide) / 2
    return (it["x1"] - it["x0"]) / max(units, 1)


class _Column:
    """The text column of a document, measured from its body lines."""

    def __init__(self, lines: list[dict]) -> None:
        self.size = statistics.median([_size(it) for it in lines]) if lines else 10.0
        long = [it for it in lines if len(it["text"].strip()) >= 8] or lines
        self.left = _left_edge([round(it["x0"]) for it in lines])
        self.right = self._right_edge(long)
        self.count = self._full_count(long)

    def _right_edge(self, lines: list[dict]) -> float:
        """Where the long lines end: the x1 most of them share (a column's full lines of
        Chinese end there; punctuation hung past it and lines with digits do not), or else the
        end of the furthest group of them (1.5 characters wide) that holds a good share.
        Headings and last lines of paragraphs, however many, stop short of it."""
        if not lines:
            return 0.0
        half = (max(it["x1"] for it in lines) - self.left) / 2
        ends = sorted((it["x1"] for it in lines if it["x1"] - self.left >= half), reverse=True)
        need = max(2, 0.2 * len(ends))
        end, n = Counter(round(e) for e in ends).most_common(1)[0]
        if n >= need:
            return max(e for e in ends if round(e) == end)
        for x in ends:
            near = sorted(e for e in ends if x - 1.5 * self.size <= e <= x)
            if len(near) >= need:  # its upper quartile: hung punctuation lies beyond
                return near[int(0.75 * (len(near) - 1))]
        return ends[len(ends) // 10]

    def _full_count(self, lines: list[dict]) -> int | None:
        """The number of characters of a full line, for a producer that wraps by count: the
        count most of the long lines have; None when the lines show no such number."""
        counts = [_chars(it) for it in lines if it["x0"] <= self.left + 2]
        if not counts:
            return None
        long = [c for c in counts if c >= max(counts) / 2]
        count, n = Counter(long).most_common(1)[0]
        if count < 10 or count < 0.85 * max(long) or n < max(3, 0.25 * len(long)):
            return None
        return count

    def indented(self, it: dict) -> bool:
        return it["x0"] > self.left + 1.2 * self.size

    def full(self, it: dict) -> bool:
        if it["x1"] >= self.right - 1.5 * self.size:
            return True
        return self.count is not None and _chars(it) >= self.count - 1

    def next_word_did_not_fit(self, it: dict, nxt: dict) -> bool:
        """The line stops short of the edge only because the next line's first word is wider
        than the room left."""
        room = self.right - it["x1"]
        word = _LEADING_WORD.match(nxt["text"].strip())
        if not word:
            return False
        token = word.group()
        rest = nxt["text"].strip()[len(token) :]
        token += rest[: len(rest) - len(rest.lstrip(_HANGING))]
        wide = sum(1 for ch in token if ord(ch) > 0x2E80)
        width = (wide + (len(token) - wide) * 0.5) * self.size
        return width > room + 0.05 * self.size


def _chars(it: dict) -> int:
    """Characters the line's producer counted: its text's (spaces where the reader saw a gap)
    or the glyphs drawn (spaces too, when the PDF draws them), whichever is more."""
    return max(it.get("count") or 0, len(it["text"].strip()))


def _left_edge(starts: list[int]) -> float:
    """Where the lines start: the leftmost x0 that a tenth of them share (when every paragraph
    is indented, most lines start to the right of it; a stray line may start left of it)."""
    counts = Counter(starts)
    need = max(2, 0.1 * len(starts))
    shared = [x for x, n in counts.items() if n >= need]
    return float(min(shared)) if shared else float(min(starts, default=0))


def _cells_apart(it: dict) -> bool:
    """A row of a table drawn without rules: cells set apart by wide gaps (or, when the reader
    does not measure gaps, by three spaces or more)."""
    if "wide_gaps" in it:
        return it["wide_gaps"] >= 2
    return it["text"].strip().count(" ") >= 3


def _ends_sentence(text: str) -> bool:
    body = text.rstrip().rstrip(_CLOSERS) or text.strip()
    return body.endswith(_ENDS_SENTENCE)


def _continues(column: _Column, it: dict, nxt: dict | None) -> bool:
    """Whether the PDF wrapped line ``it``, which ``nxt`` continues."""
    if nxt is None or nxt["row"] or not nxt["text"].strip():
        return False
    if nxt["text"].strip()[0] in _HANGING:  # no paragraph starts with a comma or a full stop
        return True
    if column.indented(nxt) or _STARTS_ITEM.match(nxt["text"]):
        return False
    if any(PAGE_NUMBER.match(x["text"]) or _cells_apart(x) for x in (it, nxt)):
        return False  # a page number inside the text, a row of a table drawn without rules
    if column.full(it):
        return True
    return not _ends_sentence(it["text"]) and column.next_word_did_not_fit(it, nxt)


def rejoin(pages: list[list[dict]]) -> str:
    """The text of a PDF's pages: one paragraph or table row a line, furniture dropped."""
    body = [_drop_line_numbers(page) for page in _drop_furniture(pages)]
    flat = [it for page in body for it in page if it["text"].strip()]
    column = _Column([it for it in flat if not it["row"]])
    lines: list[str] = []
    joining = False
    for k, it in enumerate(flat):
        text = it["text"].strip() if joining else it["text"]
        if joining and lines:
            # Latin words wrapped at a space keep it; Chinese has none to keep
            glue = " " if re.search(r"[A-Za-z]$", lines[-1]) and re.match(r"[A-Za-z]", text) else ""
            lines[-1] += glue + text
        else:
            lines.append(text)
        nxt = flat[k + 1] if k + 1 < len(flat) else None
        joining = not it["row"] and _continues(column, it, nxt)
    return "\n".join(lines)
