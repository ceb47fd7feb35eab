"""Read report files into text: plain text, Word .docx, PDF and saved web pages.

The kind of file is told by its content first (a PDF, a .docx, a legacy .doc, an HTML page
each start recognisably) and by its extension otherwise.  Plain text and web pages are
decoded by :func:`~.encoding.decode_bytes`
(BOMs, UTF-16, UTF-8, GB18030 or Big5, whichever reads as Chinese).
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..chars import has_cjk
from ..errors import InputError
from .encoding import decode_bytes, utf8_hint

__all__ = ["Document", "read_document", "decode_bytes", "sniff_format", "EXTENSIONS"]

log = logging.getLogger(__name__)

FORMATS = ("txt", "docx", "pdf", "html")
EXTENSIONS = (".txt", ".docx", ".pdf", ".html", ".htm")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Document:
    """A report's text and where it came from.

    ``text`` is the decoded file for plain text, and the extracted text for .docx, PDF and
    web pages; sentence offsets always point into it.  ``encoding`` is None for .docx and PDF.
    ``ocr`` is None unless pages of a scanned PDF were read by OCR: then ``{"pages": [1-based
    page numbers], "engine": "rapidocr-onnxruntime 1.4.4", "dpi": 200}``.
    """

    path: str
    text: str
    encoding: str | None
    format: str = "txt"
    ocr: dict | None = None


def sniff_format(data: bytes, suffix: str) -> str:
    """The kind of report file: txt, docx, pdf, html, or doc (legacy Word, not readable)."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE2):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:2048].lower()
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom) :].replace(b"\x00", b"")
    if b"\x00" in head:  # UTF-16 without a BOM
        head = head.replace(b"\x00", b"")
    if head.lstrip().startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".doc": "doc"}.get(
        suffix.lower(), "txt"
    )


def read_document(
    path: str | Path,
    encoding: str | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Document:
    """Read a report file; raise InputError naming the cause when it is not usable.
    ``on_page(done, total)`` is told of each scanned page read by OCR."""
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, expected a file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if not data:
        raise InputError("empty file")
    kind = sniff_format(data, p.suffix)
    used: str | None = None
    ocr: dict | None = None
    if kind == "doc":
        raise InputError(
            "a legacy Word .doc file: save it as .docx first "
            "(in Word, or: libreoffice --headless --convert-to docx FILE)"
        )
    if kind == "docx":
        from .docx import docx_text

        text = docx_text(p)
    elif kind == "pdf":
        from .ocr import DPI, engine_name
        from .pdf import read_pdf

        pdf = read_pdf(p, on_page)
        text = pdf.text
        if pdf.ocr_pages:
            ocr = {"pages": list(pdf.ocr_pages), "engine": engine_name(), "dpi": DPI}
    else:
        text, used = decode_bytes(data, encoding)
        if kind == "html":
            from .html import html_text

            text = html_text(text)
    log.info("%s: read as %s%s", path, kind, f" ({used})" if used else "")
    if not text.strip():
        raise InputError("only whitespace, no text")
    if not has_cjk(text):
        raise InputError("no Chinese text found" + utf8_hint(data, used))
    return Document(path=str(path), text=text, encoding=used, format=kind, ocr=ocr)
