"""The first stage: a report file to its text.

:func:`read_document` tells the kind of file by its content (plain text, Word .docx, Word
97–2003 .doc or WPS .wps, PDF, a saved web page, a .xlsx or .xls spreadsheet), decodes or
extracts its text and returns a :class:`Document`; the readers of each kind are :mod:`.docx`,
:mod:`.doc`, :mod:`.pdf`, :mod:`.html` and :mod:`.sheet`, the kind of file :mod:`.detect`, and
the encoding of text, with whether it reads as Chinese, :mod:`.encoding`.
"""

from .detect import (
    EXTENSIONS,
    Document,
    decode_bytes,
    document_from_bytes,
    file_bytes,
    read_document,
    sniff_format,
)

__all__ = [
    "EXTENSIONS",
    "Document",
    "decode_bytes",
    "document_from_bytes",
    "file_bytes",
    "read_document",
    "sniff_format",
]
