"""Read report files into text: plain text, Word .docx, PDF and saved web pages.

The kind of file is told by its content first (a PDF, a .docx, a legacy .doc, an HTML page
each start recognisably) and by its extension otherwise.  Plain text and web pages are
decoded by :func:`~.encoding.decode_bytes`
(BOMs, UTF-16, UTF-8, GB18030 or Big5, whichever reads as Chinese).
"""

from __future__ import annotations

import codecs
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..chars import has_cjk
from ..errors import InputError
from .encoding import decode_bytes, utf8_hint

__all__ = [
    "Document",
    "read_document",
    "document_from_bytes",
    "decode_bytes",
    "sniff_format",
    "EXTENSIONS",
]

log = logging.getLogger(__name__)

FORMATS = ("txt", "docx", "pdf", "html")
EXTENSIONS = (".txt", ".docx", ".pdf", ".html", ".htm")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Document:
    """A report's text and where it came from.

    ``text`` is the decoded file for plain text, and the extracted text for .docx, PDF and
    web pages; sentence offsets always point into it.  ``encoding`` is None for .docx and PDF.
    """

    path: str
    text: str
    encoding: str | None
    format: str = "txt"


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


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """Read a report file; raise InputError naming the cause when it is not usable."""
    return _document(str(path), file_bytes(path), encoding, Path(path))


def file_bytes(path: str | Path) -> bytes:
    """The bytes of a report file; InputError naming the cause when it cannot be read."""
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, expected a file")
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


def document_from_bytes(name: str, data: bytes, encoding: str | None = None) -> Document:
    """Read a report from its bytes, as :func:`read_document` reads a file named ``name``
    (whose extension helps tell the kind); for a machine that does not see the file itself."""
    return _document(name, data, encoding, None)


def _document(name: str, data: bytes, encoding: str | None, path: Path | None) -> Document:
    if not data:
        raise InputError("empty file")
    kind = sniff_format(data, Path(name).suffix)
    used: str | None = None
    if kind == "doc":
        raise InputError(
            "a legacy Word .doc file: save it as .docx first "
            "(in Word, or: libreoffice --headless --convert-to docx FILE)"
        )
    if kind in ("docx", "pdf"):
        text = _extracted(kind, data, path)
    else:
        text, used = decode_bytes(data, encoding)
        if kind == "html":
            from .html import html_text

            text = html_text(text)
    log.info("%s: read as %s%s", name, kind, f" ({used})" if used else "")
    if not text.strip():
        raise InputError("only whitespace, no text")
    if not has_cjk(text):
        raise InputError("no Chinese text found" + utf8_hint(data, used))
    return Document(path=name, text=text, encoding=used, format=kind)


def _extracted(kind: str, data: bytes, path: Path | None) -> str:
    """The text of a .docx or PDF, read from ``path`` (or from a temporary copy of ``data``:
    their readers take files)."""
    if kind == "docx":
        from .docx import docx_text as read
    else:
        from .pdf import pdf_text as read
    if path is not None:
        return read(path)
    with tempfile.TemporaryDirectory(prefix="nlp_perf-") as tmp:
        copy = Path(tmp) / f"report.{kind}"
        copy.write_bytes(data)
        return read(copy)
