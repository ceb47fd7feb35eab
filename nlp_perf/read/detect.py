"""Read report files into text: plain text, Word .docx, .doc and WPS .wps, PDF, saved web pages
and spreadsheets (.xlsx, .xls).

The kind of file is told by its content first (a PDF, a zip of an Office 2007+ file, an OLE
compound file of Word or Excel 97–2003, an HTML page each start recognisably, and the first
two are told apart by what they hold) and by its extension otherwise.  Plain text and web pages are
decoded by :func:`~.encoding.decode_bytes`
(BOMs, UTF-16, UTF-8, GB18030 or Big5, whichever reads as Chinese).
"""

from __future__ import annotations

import codecs
import io
import logging
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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

EXTENSIONS = (".txt", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps", ".xlsx", ".xls")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Kinds told by the extension when the content says nothing (a .doc, .xls or .xlsx holding
# neither an OLE compound file nor a zip is read as the text it may be).
_BY_SUFFIX = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".wps": "wps"}
_TO_DOCX = "save it as .docx (in WPS Office or Word: Save As, or libreoffice --headless --convert-to docx FILE)"


@dataclass(frozen=True)
class Document:
    """A report's text and where it came from.

    ``text`` is the decoded file for plain text, and the extracted text for every other kind;
    sentence offsets always point into it.  ``encoding`` is None but for plain text and web
    pages.  ``ocr`` is None unless pages of a scanned PDF were read by OCR: then ``{"pages":
    [1-based page numbers], "engine": "rapidocr-onnxruntime 1.4.4", "dpi": 200}``.
    """

    path: str
    text: str
    encoding: str | None
    format: str = "txt"
    ocr: dict | None = None


def sniff_format(data: bytes, suffix: str) -> str:
    """The kind of report file: txt, docx, pdf, html, doc, wps, xlsx, xls, rtf (not read), or
    ole (an OLE compound file of another kind, or an encrypted Office file)."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(_OLE2):
        return _ole_kind(data, suffix)
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, suffix)
    head = data[:2048].lower()
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom) :].replace(b"\x00", b"")
    if b"\x00" in head:  # UTF-16 without a BOM
        head = head.replace(b"\x00", b"")
    if head.lstrip().startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return _BY_SUFFIX.get(suffix.lower(), "txt")


def _ole_kind(data: bytes, suffix: str) -> str:
    """doc (wps for a .wps file) with a WordDocument stream, xls with a Workbook, else ole."""
    from .doc import open_ole

    ole = open_ole(data)
    if ole is None:  # a damaged container: the extension says which reader reports it
        return {".xls": "xls", ".wps": "wps"}.get(suffix.lower(), "doc")
    try:
        if ole.exists("WordDocument"):
            return "wps" if suffix.lower() == ".wps" else "doc"
        if ole.exists("Workbook") or ole.exists("Book"):
            return "xls"
        return "ole"
    finally:
        ole.close()


def _zip_kind(data: bytes, suffix: str) -> str:
    """xlsx for a zip holding xl/workbook.xml, else docx (its reader reports a zip of another
    kind, or a damaged one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    # zipfile raises its own errors and Python's on a damaged or too new zip (NotImplementedError
    # for a zip version it does not read): the reader of the kind reports it.
    except Exception:
        return "xlsx" if suffix.lower() == ".xlsx" else "docx"
    if "xl/workbook.xml" in names and "word/document.xml" not in names:
        return "xlsx"
    return "docx"


def _ole_cause(data: bytes) -> str:
    """Why an OLE compound file that is neither Word nor Excel is not read."""
    from .doc import open_ole

    ole = open_ole(data)
    encrypted = ole is not None and ole.exists("EncryptedPackage")
    if ole is not None:
        ole.close()
    if encrypted:
        return "a password-protected Office file; save an unprotected copy first"
    return f"an OLE compound file that holds no Word document nor Excel workbook: {_TO_DOCX}"


def read_document(
    path: str | Path,
    encoding: str | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Document:
    """Read a report file; raise InputError naming the cause when it is not usable.
    ``on_page(done, total)`` is told of each scanned page read by OCR."""
    return _document(str(path), file_bytes(path), encoding, Path(path), on_page)


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


def document_from_bytes(
    name: str,
    data: bytes,
    encoding: str | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Document:
    """Read a report from its bytes, as :func:`read_document` reads a file named ``name``
    (whose extension helps tell the kind); for a machine that does not see the file itself."""
    return _document(name, data, encoding, None, on_page)


def _document(
    name: str,
    data: bytes,
    encoding: str | None,
    path: Path | None,
    on_page: Callable[[int, int], None] | None = None,
) -> Document:
    if not data:
        raise InputError("empty file")
    kind = sniff_format(data, Path(name).suffix)
    used: str | None = None
    ocr: dict | None = None
    if kind == "ole":
        raise InputError(_ole_cause(data))
    if kind == "rtf":
        raise InputError(f"a Rich Text (RTF) file: {_TO_DOCX}")
    if kind == "wps" and not data.startswith(_OLE2):
        raise InputError(f"an older WPS file, not in the Word 97–2003 format: {_TO_DOCX}")
    if kind in ("doc", "wps"):
        from .doc import doc_text

        text = doc_text(data, f".{kind}")
    elif kind in ("xlsx", "xls"):
        from .sheet import sheet_text

        text = sheet_text(data, kind)
    elif kind == "docx":
        from .docx import docx_text

        with _on_disk(data, path, kind) as file:
            text = docx_text(file)
    elif kind == "pdf":
        from .pdf import read_pdf

        with _on_disk(data, path, kind) as file:
            pdf = read_pdf(file, on_page)
        text = pdf.text
        if pdf.ocr_pages:
            from .ocr import DPI, engine_name

            ocr = {"pages": list(pdf.ocr_pages), "engine": engine_name(), "dpi": DPI}
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
    return Document(path=name, text=text, encoding=used, format=kind, ocr=ocr)


@contextmanager
def _on_disk(data: bytes, path: Path | None, kind: str) -> Iterator[Path]:
    """The file of a .docx or PDF (their readers take files): ``path``, or a temporary copy of
    ``data`` for a report that came as bytes."""
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="nlp_perf-") as tmp:
        copy = Path(tmp) / f"report.{kind}"
        copy.write_bytes(data)
        yield copy
