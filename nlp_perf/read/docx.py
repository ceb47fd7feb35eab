"""Text of a .docx report: body paragraphs in order, tables as one line per row.

Headers, footers and comments live outside the document body and are not read.  A table row
becomes one line with its cells joined by tabs, so the splitter takes it as one sentence;
cells merged across columns are taken once, and a cell merged down from the row above
repeats the text of the cell it continues.

A damaged or hostile file is an InputError: a zip that does not unpack, a part that is not
XML (or too deep, or an entity bomb: lxml's limits), a document without a body, a zip whose
parts would unpack to more than :data:`MAX_UNPACKED` bytes.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..errors import InputError, one_line

__all__ = ["MAX_UNPACKED", "docx_text"]

# Bytes the parts of a .docx may unpack to.  A zip states each part's size, and Python's
# zipfile never unpacks more than stated, so this is checked before anything is unpacked.
MAX_UNPACKED = 256 * 2**20


def _cell_text(tc, document) -> str:
    from docx.text.paragraph import Paragraph

    return " ".join(" ".join(Paragraph(p, document).text for p in tc.p_lst).split())


def _unpacked_size(path: str | Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(info.file_size for info in z.infolist())


def _rows(table, document) -> list[list[str]]:
    """The cells of each row of a table, each cell once, a vertical merge read from above.

    python-docx's ``row.cells`` repeats a cell once per grid column it spans (a gridSpan of a
    hundred million is a hundred million cells) and finds the cell above a merged one by a
    search of the rows before, recursively (a merge down a few hundred rows takes seconds, a
    thousand overflows the stack), and raises on a merge with nothing above.  This walks each
    row once, keeping the cell each grid column of the row above started with.
    """
    rows: list[list[str]] = []
    above: dict[int, object] = {}  # grid offset → the cell (w:tc) whose text shows there
    for tr in table.tr_lst:
        before = tr.xpath("./w:trPr/w:gridBefore/@w:val")
        offset = int(before[0]) if before else 0
        here: dict[int, object] = {}
        roots: list = []
        for tc in tr.tc_lst:
            root = tc
            if tc.vMerge == "continue":
                root = above.get(offset, tc)  # nothing above it: its own (empty) text
            here[offset] = root
            offset += tc.grid_span
            if not any(r is root for r in roots):  # a cell merged across columns: once
                roots.append(root)
        above = here
        rows.append([_cell_text(r, document) for r in roots])
    return rows


def docx_text(path: str | Path) -> str:
    """The report text of a .docx file; InputError when it is not a readable .docx."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.text.paragraph import Paragraph
        from lxml.etree import LxmlError
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .docx needs python-docx (pip install python-docx)") from None
    # What python-docx, zipfile, zlib and lxml raise on a damaged file: a bad zip, a missing
    # part, a compression method or zip version Python cannot unpack (NotImplementedError),
    # a stream that ends early (EOFError) or does not inflate, a member's offset before the
    # start of the file (OSError from seek), XML lxml cannot parse, a value python-docx
    # cannot read (ValueError), and XML of another kind than the part should hold: python-docx
    # reads the attributes of the elements it expects (AttributeError, TypeError on another).
    damaged = (PackageNotFoundError, zipfile.BadZipFile, zipfile.LargeZipFile, KeyError,
               ValueError, NotImplementedError, EOFError, OSError, zlib.error, LxmlError,
               AttributeError, TypeError)  # fmt: skip
    try:
        size = _unpacked_size(path)
        if size > MAX_UNPACKED:
            raise InputError(
                f"not a readable .docx file (its parts unpack to {size // 2**20} MiB, "
                f"more than the {MAX_UNPACKED // 2**20} MiB read)"
            )
        document = docx.Document(str(path))
        body = getattr(document.element, "body", None)
        if body is None:
            raise InputError("not a readable .docx file (its document part has no body)")
        lines: list[str] = []
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                lines.extend("\t".join(cells) for cells in _rows(child, document) if any(cells))
    except damaged as exc:
        raise InputError(
            f"not a readable .docx file (corrupt or not Word 2007+: {one_line(exc) or type(exc).__name__})"
        ) from None
    return "\n".join(lines)
