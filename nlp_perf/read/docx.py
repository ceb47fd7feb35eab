"""Text of a .docx report: body paragraphs in order, tables as one line per row.

Headers, footers and comments live outside the document body and are not read.  A table row
becomes one line with its cells joined by tabs, so the splitter takes it as one sentence;
cells merged across columns are taken once.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError

__all__ = ["docx_text"]


def _cell_text(cell) -> str:
    return " ".join(cell.text.split())


def docx_text(path: str | Path) -> str:
    """The report text of a .docx file; InputError when it is not a readable .docx."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"not a readable .docx file (corrupt or not Word 2007+: {exc})") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats
                        continue
                    seen.add(id(cell._tc))
                    cells.append(_cell_text(cell))
                if any(cells):
                    lines.append("\t".join(cells))
    return "\n".join(lines)
