"""Text of a PDF report with a text layer, laid out as the report's own lines.

- Each page's text lines come with their place, font size and glyph count, and a number
  printed before a line (a line number, or the line's own figure) is set apart.
- Tables that pdfplumber finds become one line per row, cells joined by tabs, in their place.
- :func:`.layout.rejoin` drops the page furniture (headers, footers, page numbers, line numbers)
  and joins the lines the PDF wrapped, by the text column measured from the document's lines.
- A page with no text layer but an image (a scanned page) is read by OCR (:mod:`.ocr`, the
  ``[ocr]`` extra) into placed lines of the same shape, rejoined the same way.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, one_line
from .layout import rejoin

__all__ = ["PdfText", "read_pdf"]

log = logging.getLogger(__name__)


def _spaces(gap: float, size: float) -> int:
    """Spaces a PDF left as a gap rather than drawn: so many half-width characters."""
    return round(gap / (size / 2)) if gap >= 0.4 * size else 0


def _line(line: dict) -> dict:
    """A text line of pdfplumber as the layout reads it, with its font size, its glyphs and
    spaces counted, and the number printed in its margin before it, if any (a line number, or
    the line's own figure: the layout tells which)."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    item = {"text": line["text"], "top": line["top"], "x0": line["x0"], "x1": line["x1"],
            "row": False, "number": None, "count": len(line["chars"])}  # fmt: skip
    if not chars:
        return item
    size = item["size"] = statistics.median(c["size"] for c in chars)
    gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:])]
    item["count"] = len(chars) + sum(_spaces(g, size) for g in gaps)
    item["wide_gaps"] = sum(1 for g in gaps if g >= 1.5 * size)
    for k in range(1, len(chars)):
        if not chars[k - 1]["text"].isdigit():
            break
        if gaps[k - 1] >= 0.8 * size:  # digits, then a gap
            number = "".join(c["text"] for c in chars[:k])
            item.update(text=line["text"].strip()[len(number) :].lstrip(), x0=chars[k]["x0"],
                        number=(number, line["x0"]),
                        count=item["count"] - k - _spaces(gaps[k - 1], size))  # fmt: skip
            break
    return item


def _page_lines(page) -> list[dict]:
    """Text lines and table rows of one page, top to bottom: {text, top, x0, x1, row, size,
    number} (see layout.py)."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items = []
    for line in page.extract_text_lines(return_chars=True):
        mid = (line["top"] + line["bottom"]) / 2
        if any(b[1] <= mid <= b[3] and b[0] <= line["x0"] <= b[2] for b in boxes):
            continue
        items.append(_line(line))
    for table in tables:
        for k, row in enumerate(table.extract()):
            # None marks a cell covered by a merged one: take the merged cell once
            cells = [" ".join(c.split()) for c in row if c is not None]
            if any(cells):
                top = table.bbox[1] + k * 0.01  # keep the rows in order at the table's place
                items.append({"text": "\t".join(cells), "top": top, "x0": table.bbox[0],
                              "x1": table.bbox[2], "row": True})  # fmt: skip
    items.sort(key=lambda it: it["top"])
    return items


class _ReferenceCycle(Exception):
    pass


def _reference_cycle(path: str | Path) -> int | None:
    """An object of the PDF whose references lead back to it, or None.

    pdfminer follows a reference to a reference (``4 0 obj 5 0 R endobj``) until it reaches
    an object, so two objects that refer to each other make it loop for ever, in
    pdfplumber.open (a cycle at /Root or /Info) or on any page.  This reads the file with a
    document that follows such chains itself, and reads every object once.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef

    class Guarded(PDFDocument):
        def getobj(self, objid: int) -> object:
            seen = {objid}
            obj = super().getobj(objid)
            while isinstance(obj, PDFObjRef):
                if obj.objid in seen:
                    raise _ReferenceCycle(objid)
                seen.add(obj.objid)
                obj = super().getobj(obj.objid)
            return obj

    with open(path, "rb") as f:
        try:
            doc = Guarded(PDFParser(f))
            for xref in doc.xrefs:
                for objid in xref.get_objids():
                    try:
                        doc.getobj(objid)
                    except _ReferenceCycle:
                        raise
                    except Exception:  # pdfminer's own error: pdfplumber reports it, if met
                        continue
        except _ReferenceCycle as cycle:
            return cycle.args[0]
        except Exception:  # a damaged file without such a cycle: pdfplumber reports it
            return None
    return None


def _cause(exc: BaseException) -> BaseException:
    """The error pdfminer raised, out of the PdfminerException pdfplumber wraps it in."""
    inner = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else None
    return inner if isinstance(inner, BaseException) else exc


@dataclass(frozen=True)
class PdfText:
    """A PDF's report text, and the pages (1-based) read by OCR, if any."""

    text: str
    ocr_pages: tuple[int, ...] = ()


def _read_scanned(
    path: str | Path, pages: list[list[dict]], images: list[bool], on_page: Callable | None
) -> tuple[int, ...]:
    """Put OCR's lines in place of each page with an image and no text; their numbers."""
    from .ocr import ocr_available, ocr_lines

    scanned = [k for k, page in enumerate(pages)
               if images[k] and not any(it["text"].strip() for it in page)]  # fmt: skip
    if not scanned:
        return ()
    if len(scanned) < len(pages) and not ocr_available():
        log.warning("%s: %d scanned pages skipped (no OCR installed)", path, len(scanned))
        return ()
    for k, lines in ocr_lines(path, scanned, on_page=on_page).items():
        pages[k] = lines
    return tuple(k + 1 for k in scanned)


def read_pdf(path: str | Path, on_page: Callable[[int, int], None] | None = None) -> PdfText:
    """The report text of a PDF, scanned pages read by OCR (``on_page(done, total)`` after each
    one); InputError for an encrypted or corrupt file, or a scanned one without OCR."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading PDF needs pdfplumber (pip install pdfplumber)") from None
    cycle = _reference_cycle(path)
    if cycle is not None:
        raise InputError(f"not a readable PDF (object {cycle} refers to itself in a cycle)")
    pages, images = _open_pages(pdfplumber, path)
    ocr_pages = _read_scanned(path, pages, images, on_page)
    if not any(it["text"].strip() for page in pages for it in page):
        if ocr_pages:
            raise InputError("no text found by OCR on the scanned pages")
        raise InputError("the PDF holds no text")

    return PdfText(rejoin(pages), ocr_pages)


def _open_pages(pdfplumber: Any, path: str | Path) -> tuple[list[list[dict]], list[bool]]:
    """The lines of each page, and whether each page holds images; InputError for a file the
    parser cannot read."""
    try:
        with pdfplumber.open(str(path)) as pdf:
            return [_page_lines(p) for p in pdf.pages], [bool(p.images) for p in pdf.pages]
    except InputError:
        raise
    # pdfminer raises many kinds of error on a damaged file, its own and Python's (KeyError,
    # TypeError, struct.error, zlib.error, RecursionError on deep nesting …): no list of them
    # is complete, so any Exception of the parser is the file's fault here.
    except Exception as exc:
        cause = _cause(exc)
        name = type(cause).__name__
        if "Password" in name or "Encrypt" in name:
            raise InputError("the PDF is encrypted; save an unprotected copy first") from None
        detail = one_line(cause)
        raise InputError(f"not a readable PDF ({name}: {detail})" if detail else
                         f"not a readable PDF ({name})") from None  # fmt: skip
