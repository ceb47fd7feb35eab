"""Draw a report's text as a PDF in a given page layout, the way producers lay reports out.

One :class:`Layout` says how: lines wrapped at so many characters (a tool that counts them) or
at the column's width (a word processor: runs of digits and Latin letters kept whole, closing
punctuation hung past the edge), justified or ragged, first lines indented, a running header,
page numbers in a given style, line numbers in the margin.  Lines holding tabs are table rows,
drawn as ruled cells.  Used by tests/read/test_pdf_layout.py and benchmarks/pdf_layout.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.27, 841.89  # A4 in points
_WORD = re.compile(r"[A-Za-z0-9.%,:/+\-]+|.", re.S)
_SPACED_CELLS = re.compile(r" {2,}|\u3000+")
_HANGS = "，。、；：！？）》”’」』】,.;:!?)"


@dataclass(frozen=True)
class Layout:
    """How a page is laid out; ``wrap`` characters a line, or the column ``width`` in points."""

    name: str
    wrap: int | None = None
    width: float = 420.0
    font: float = 11.0
    left: float = 40.0
    justify: bool = False
    indent: int = 0
    page_number: str | None = "- {n} -"
    header: str | None = None
    line_numbers: bool = False
    leading: float = 1.6


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, FONT, size)


def wrap_line(text: str, layout: Layout, first: bool = True) -> list[str]:
    """The printed lines of one paragraph."""
    indent = layout.indent if first else 0
    if layout.wrap:
        out, rest, room = [], text, layout.wrap - indent
        while rest:
            out.append(rest[:room])
            rest, room = rest[room:], layout.wrap
        return out
    return _wrap_width(text, layout.width, layout.font, indent * layout.font)


def _wrap_width(
    text: str, width: float, size: float, indent: float = 0.0, hang: bool = True
) -> list[str]:
    out: list[str] = []
    line, room = "", width - indent
    for token in _WORD.findall(text):
        if _width(line + token, size) <= room or not line:
            if _width(token, size) > room and not line:  # a run wider than the column
                for ch in token:
                    if line and _width(line + ch, size) > room:
                        out.append(line)
                        line, room = "", width
                    line += ch
                continue
            line += token
        elif hang and token in _HANGS:  # hung past the edge, as Word and WPS do
            line += token
        else:
            out.append(line)
            line, room = token, width
    if line:
        out.append(line)
    return out


class _Pages:
    """A canvas with a cursor that starts a new page, with its furniture, when full."""

    def __init__(self, path: Path, layout: Layout) -> None:
        from reportlab.pdfgen import canvas

        _register()
        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.layout = layout
        self.page = 0
        self.pages: list[int] = []
        self.y = 0.0
        self.numbered = 0
        self._new_page()

    def _new_page(self) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        self.y = PAGE_H - 70
        self.numbered = 0
        if self.layout.header:
            self.c.setFont(FONT, 9)
            self.c.drawCentredString(PAGE_W / 2, PAGE_H - 35, self.layout.header)
            self.c.line(40, PAGE_H - 40, PAGE_W - 40, PAGE_H - 40)
        if self.layout.page_number:
            self.c.setFont(FONT, 9)
            label = self.layout.page_number.format(n=self.page, total="{total}")
            self.pages.append(self.page)
            # the total is known at the end: draw it in a form filled in then
            self.c.doForm(f"pn{self.page}")
            self._labels = getattr(self, "_labels", {})
            self._labels[self.page] = label

    def room(self, height: float) -> None:
        if self.y - height < 60:
            self._new_page()

    def text(self, x: float, line: str, size: float, space: float = 0.0) -> None:
        lay = self.layout
        self.room(size * lay.leading)
        self.y -= size * lay.leading
        obj = self.c.beginText(x, self.y)
        obj.setFont(FONT, size)
        obj.setCharSpace(space)
        obj.textOut(line)
        self.c.drawText(obj)
        if lay.line_numbers:
            self.numbered += 1
            self.c.setFont(FONT, 7)
            self.c.drawRightString(lay.left - 8, self.y, str(self.numbered))

    def close(self) -> None:
        total = self.page
        for page, label in getattr(self, "_labels", {}).items():
            self.c.beginForm(f"pn{page}")
            self.c.setFont(FONT, 9)
            self.c.drawCentredString(PAGE_W / 2, 30, label.replace("{total}", str(total)))
            self.c.endForm()
        self.c.showPage()
        self.c.save()


def _table_row(pages: _Pages, cells: list[str]) -> None:
    lay = pages.layout
    size = 9.0
    full = lay.width if not lay.wrap else lay.wrap * lay.font
    col = full / max(len(cells), 1)
    wrapped = [_wrap_width(c, col - 6, size, hang=False) or [""] for c in cells]
    height = max(len(w) for w in wrapped) * size * 1.4 + 6
    pages.room(height)
    top = pages.y - 2
    c = pages.c
    for k, lines in enumerate(wrapped):
        x = lay.left + k * col
        c.rect(x, top - height, col, height)
        c.setFont(FONT, size)
        for j, line in enumerate(lines):
            c.drawString(x + 3, top - 3 - (j + 1) * size * 1.4 + 3, line)
    pages.y = top - height


def blocks(text: str) -> list[str | list[str]]:
    """The paragraphs (str) and table rows (their cells) of a report's text: a row is a line
    holding tabs or Markdown's pipes, three cells or more spaced out, or a block of tab-indented
    lines, one cell a line (the rows the splitter reads in a .txt).  A text that was itself
    copied from a PDF has its wrapped lines joined first: a producer lays out paragraphs."""
    from nlp_perf.text.lines import cell_blocks, is_table_line, line_spans, wrapped_lines

    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)  # Word's, which no PDF shows
    spans = line_spans(text)
    rows = cell_blocks(text, spans)
    wrapped = wrapped_lines(text, spans)  # a text copied from a PDF: its paragraphs, whole
    out: list[str | list[str]] = []
    i = 0
    while i < len(spans):
        if i in rows:
            out.append([text[slice(*s)].strip() for s in spans[i : rows[i] + 1]])
            i = rows[i] + 1
            continue
        line = text[slice(*spans[i])].strip()
        while i in wrapped and i + 1 < len(spans):
            i += 1
            line += text[slice(*spans[i])].strip()
        if "\t" in line:
            out.append([c.strip() for c in line.split("\t")])
        elif is_table_line(line) and "|" in line:  # a Markdown row: | a | b |
            out.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif len(cells := _SPACED_CELLS.split(line)) >= 3 and max(map(len, cells)) <= 60:
            out.append(cells)  # a form's row, cells spaced out (not a paragraph's spaces)
        elif line:
            out.append(line)
        i += 1
    return out


def write_layout_pdf(text: str, path: Path, layout: Layout) -> Path:
    """``text`` (one paragraph or table row a line) drawn as a PDF in ``layout``."""
    pages = _Pages(path, layout)
    lay = layout
    column = lay.width if not lay.wrap else lay.wrap * lay.font
    for para in blocks(text):
        if isinstance(para, list):
            _table_row(pages, para)
            continue
        lines = wrap_line(para, lay)
        for k, line in enumerate(lines):
            x = lay.left + (lay.indent * lay.font if k == 0 else 0)
            space = 0.0
            if lay.justify and k < len(lines) - 1 and len(line) > 1:
                room = column - (x - lay.left) - _width(line, lay.font)
                space = max(room, 0) / (len(line) - 1)
            pages.text(x, line, lay.font, space)
    pages.close()
    return path
