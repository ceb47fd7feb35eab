"""Text of a Word 97–2003 .doc or WPS Office .wps report: the main text in order, tables as rows.

Both are OLE compound files (read with olefile) holding the Word binary format: a
``WordDocument`` stream whose File Information Block (FIB) says where things are, and a table
stream (``0Table`` or ``1Table``) holding the piece table, which maps the document's characters
to runs of bytes, 8-bit (cp1252) or UTF-16LE.  Only the main text is read (headers, footers,
footnotes and comments follow it and are left out, as in a .docx).

Word's control characters become text structure: ``\\r`` ends a paragraph, ``\\x07`` ends a
table cell, or a row when the paragraph is a row's end mark (its properties say so), ``\\x0b``
breaks a line, ``\\x0c`` breaks a page or section; of a field (``\\x13 code \\x14 result
\\x15``) the result is kept; other controls are dropped.  A table row becomes one line with its
cells joined by tabs, as :mod:`.docx` writes it; a cell merged down from the row above repeats
that cell's text, as there.

Encrypted or obfuscated files, Word 6/95 files, Kingsoft's own older .wps format and damaged
files are InputErrors.  Every length read from the file is checked against the streams it
points into, so a damaged piece table neither allocates more than the file holds nor loops.
"""

from __future__ import annotations

import io
import struct

from ..errors import InputError, one_line

__all__ = ["doc_text", "open_ole"]

_WORD97 = 0xA5EC  # wIdent of a Word 97 and later FIB
_WORD6 = 0xA5DC  # Word 6 and Word 95
_OLDER = "save it as .docx (in Word or WPS Office: Save As, or libreoffice --headless --convert-to docx FILE)"
# FIB fields: offsets in the FibBase, and the index of (fc, lcb) pairs in FibRgFcLcb97.
_FC_PLCF_BTE_PAPX = 13
_FC_CLX = 33
_TTP_SPRMS = (0x2417, 0x244C)  # sprmPFTtp, sprmPFInnerTtp: the paragraph ends a table row
_SPRM_IN_TABLE = 0x2416  # sprmPFInTable: the paragraph is inside a table cell
_SPRM_VERT_MERGE = 0xD62B  # sprmTVertMerge: a cell of the row merged with the one above
_SPRM_DEF_TABLE = 0xD608  # sprmTDefTable: the row's columns and cells
_OPERAND_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by spra; 6 is variable
_DROPPED = {chr(c) for c in range(32)} - {"\t", "\r", "\x07", "\x0b", "\x0c", "\x0e"}
_DROPPED |= {"\x1f"}  # an optional hyphen


class _Damaged(Exception):
    """A structure of the file points outside its stream or does not parse."""


def open_ole(data: bytes):
    """The OLE compound file of ``data`` (an olefile.OleFileIO), or None when it is damaged."""
    import olefile

    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # olefile's own errors and Python's on a damaged container
        return None


def _u16(buf: bytes, at: int) -> int:
    if at < 0 or at + 2 > len(buf):
        raise _Damaged(f"a field at offset {at} is past the end of a stream")
    return struct.unpack_from("<H", buf, at)[0]


def _u32(buf: bytes, at: int) -> int:
    if at < 0 or at + 4 > len(buf):
        raise _Damaged(f"a field at offset {at} is past the end of a stream")
    return struct.unpack_from("<I", buf, at)[0]


def _fib(word: bytes) -> tuple[int, bool, int, int, int, int]:
    """(ccpText, uses 1Table, fcClx, lcbClx, fcPlcfBtePapx, lcbPlcfBtePapx) of the FIB;
    InputError for an encrypted file or an older Word."""
    ident = _u16(word, 0)
    if ident == _WORD6:
        raise InputError(f"a Word 6/95 document, too old to read: {_OLDER}")
    if ident != _WORD97:
        raise InputError(f"not a Word 97–2003 document (an older WPS or Word file?): {_OLDER}")
    flags = _u16(word, 0x0A)
    if flags & 0x0100:  # fEncrypted (fObfuscated, 0x8000, says only how)
        raise InputError("the document is password-protected; save an unprotected copy first")
    at = 32
    csw = _u16(word, at)
    at += 2 + 2 * csw
    cslw = _u16(word, at)
    if cslw < 4:
        raise _Damaged("the FIB is too short")
    ccp_text = _u32(word, at + 2 + 4 * 3)
    at += 2 + 4 * cslw
    cb_fc_lcb = _u16(word, at)
    if cb_fc_lcb <= _FC_CLX:
        raise _Damaged("the FIB has no piece table entry")
    pairs = at + 2

    def pair(k: int) -> tuple[int, int]:
        return _u32(word, pairs + 8 * k), _u32(word, pairs + 8 * k + 4)

    return (ccp_text, bool(flags & 0x0200), *pair(_FC_CLX), *pair(_FC_PLCF_BTE_PAPX))


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[tuple[int, int, int, bool]]:
    """The piece table: (first cp, last cp + 1, byte offset, compressed) of each piece."""
    if fc_clx + lcb_clx > len(table) or lcb_clx == 0:
        raise _Damaged("the piece table lies outside the table stream")
    clx = table[fc_clx : fc_clx + lcb_clx]
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: property modifiers, skipped
        size = struct.unpack_from("<h", clx, at + 1)[0] if at + 3 <= len(clx) else -1
        if size < 0:
            raise _Damaged("a property modifier of the piece table has a bad size")
        at += 3 + size
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise _Damaged("no piece table in the table stream")
    lcb = _u32(clx, at + 1)
    plc = clx[at + 5 : at + 5 + lcb]
    if lcb != len(plc) or lcb < 16 or (lcb - 4) % 12:
        raise _Damaged("the piece table has a bad length")
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out = []
    for k in range(n):
        fc = _u32(plc, 4 * (n + 1) + 8 * k + 2)
        compressed = bool(fc & 0x40000000)
        fc &= 0x3FFFFFFF
        if cps[k + 1] < cps[k]:
            raise _Damaged("the pieces of the text are out of order")
        out.append((cps[k], cps[k + 1], fc // 2 if compressed else fc, compressed))
    return out


def _sprms(grpprl: bytes) -> list[tuple[int, bytes]]:
    """The property modifiers of a grpprl: (sprm, operand) in order."""
    out: list[tuple[int, bytes]] = []
    at = 0
    while at + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, at)[0]
        at += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm == _SPRM_DEF_TABLE and at + 2 <= len(grpprl):  # sprmTDefTable: a 2-byte size
                size = struct.unpack_from("<H", grpprl, at)[0] - 1
                at += 2
            elif at < len(grpprl):
                size = grpprl[at]
                at += 1
            else:
                break
        else:
            size = _OPERAND_SIZE[spra]
        out.append((sprm, grpprl[at : at + size]))
        at += size
    return out


def _tables(word: bytes, table: bytes, fc: int, lcb: int) -> tuple[dict[int, set[int]], set[int]]:
    """Where the tables are, from the paragraph properties' FKP pages, by the byte offset of
    the end of each paragraph: the paragraphs that end a table row (with the cells of
    the row merged with the cell above), and the paragraphs inside a table."""
    ends: dict[int, set[int]] = {}
    inside: set[int] = set()
    if lcb < 4 or fc + lcb > len(table) or (lcb - 4) % 8:
        return ends, inside
    n = (lcb - 4) // 8
    for k in range(n):
        page = (_u32(table, fc + 4 * (n + 1) + 4 * k) & 0x3FFFFF) * 512
        fkp = word[page : page + 512]
        if len(fkp) < 512:
            raise _Damaged("a page of paragraph properties is past the end of the document")
        crun = fkp[511]
        if 4 * (crun + 1) + 13 * crun > 511:
            raise _Damaged("a page of paragraph properties has too many runs")
        for r in range(crun):
            offset = fkp[4 * (crun + 1) + 13 * r] * 2
            if offset == 0 or offset >= 511:
                continue
            cb = fkp[offset]
            start, size = (offset + 2, 2 * fkp[offset + 1]) if cb == 0 else (offset + 1, 2 * cb - 1)
            sprms = _sprms(fkp[start + 2 : start + size])  # after the 2-byte istd
            last = struct.unpack_from("<I", fkp, 4 * (r + 1))[0]
            if any(s in _TTP_SPRMS and op[:1] == b"\x01" for s, op in sprms):
                ends[last] = _merged_down(sprms)
            elif any(s == _SPRM_IN_TABLE and op[:1] == b"\x01" for s, op in sprms):
                inside.add(last)
    return ends, inside


def _characters(word: bytes, pieces, ccp_text: int):
    """(character, byte offset after it in the WordDocument stream) of the main text, in order.

    The pieces of a sound file do not overlap, so together they hold at most the stream's
    bytes: more is a damaged piece table (pieces pointing at the same bytes again and again
    would make a small file a text of gigabytes)."""
    total = 0
    for cp_start, cp_end, fc, compressed in pieces:
        if cp_start >= ccp_text:
            break
        count = min(cp_end, ccp_text) - cp_start
        width = 1 if compressed else 2
        raw = word[fc : fc + count * width]
        total += len(raw)
        if len(raw) != count * width:
            raise _Damaged("a piece of the text lies outside the document stream")
        if total > len(word):
            raise _Damaged("the pieces of the text overlap")
        text = (
            raw.decode("cp1252", errors="replace")
            if compressed
            else raw.decode("utf-16-le", errors="replace")
        )
        for k, ch in enumerate(text):
            yield ch, fc + (k + 1) * width


def _merged_down(sprms: list[tuple[int, bytes]]) -> set[int]:
    """The cells (by index) of a row merged with the cell above, from its end mark's
    properties: the vertMerge bits of each cell in sprmTDefTable, and sprmTVertMerge."""
    merged: set[int] = set()
    for sprm, op in sprms:
        if sprm == _SPRM_DEF_TABLE and op:
            columns = op[0]
            at = 1 + 2 * (columns + 1)  # after the columns' edges: a 20-byte TC80 per cell
            for k in range(min(columns, max(0, (len(op) - at) // 20))):
                if (struct.unpack_from("<H", op, at + 20 * k)[0] >> 5) & 3 == 1:
                    merged.add(k)
        elif sprm == _SPRM_VERT_MERGE and len(op) >= 2:
            (merged.add if op[1] == 1 else merged.discard)(op[0])
    return merged


def _structure(chars, row_ends: dict[int, set[int]], inside: set[int]) -> list[str]:
    """Lines of text from Word's characters: paragraphs, table rows, fields' results."""
    lines: list[str] = []
    para: list[str] = []
    cell_paras: list[str] = []
    row: list[str] = []
    above: list[str] = []
    fields: list[bool] = []  # for each open field: whether its result has started
    for ch, fc in chars:
        if ch == "\x13":
            fields.append(False)
        elif ch == "\x14" and fields:
            fields[-1] = True
        elif ch == "\x15" and fields:
            fields.pop()
        elif fields and not fields[-1]:
            continue  # a field's code
        elif ch == "\x07" and fc in row_ends:
            merged = row_ends[fc]
            row = [above[k] if k in merged and k < len(above) and not c else c
                   for k, c in enumerate(row)]  # fmt: skip
            if any(row):
                lines.append("\t".join(row))
            above, row, para, cell_paras = row, [], [], []
        elif ch == "\x07":
            cell_paras.append("".join(para))
            row.append(" ".join(" ".join(cell_paras).split()))
            para, cell_paras = [], []
        elif ch == "\r":
            if fc in inside:
                cell_paras.append("".join(para))  # a paragraph inside a table cell
            else:
                lines.append("".join(para))
                above = []
            para = []
        elif ch in "\x0b\x0c\x0e":
            para.append("\n")
        elif ch == "\x1e":
            para.append("-")
        elif ch not in _DROPPED:
            para.append(ch)
    if any(row):  # a table the text ends in without its row's end mark
        lines.append("\t".join(row))
    if para:
        lines.append("".join(para))
    return lines


def doc_text(data: bytes, kind: str = ".doc") -> str:
    """The report text of a .doc or .wps file's bytes; InputError when it cannot be read."""
    try:
        import olefile  # noqa: F401
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("reading .doc and .wps needs olefile (pip install olefile)") from None
    ole = open_ole(data)
    if ole is None:
        raise InputError(f"not a readable {kind} file (a damaged OLE compound file)")
    try:
        if not ole.exists("WordDocument"):
            raise InputError(f"not a Word {kind} file (no WordDocument stream): {_OLDER}")
        word = _stream(ole, "WordDocument", len(data))
        ccp_text, one_table, fc_clx, lcb_clx, fc_bte, lcb_bte = _fib(word)
        name = "1Table" if one_table else "0Table"
        if not ole.exists(name):
            raise _Damaged(f"no {name} stream")
        table = _stream(ole, name, len(data))
        pieces = _pieces(table, fc_clx, lcb_clx)
        row_ends, inside = _tables(word, table, fc_bte, lcb_bte)
        return "\n".join(_structure(_characters(word, pieces, ccp_text), row_ends, inside))
    except _Damaged as exc:
        raise InputError(f"not a readable {kind} file (damaged: {exc})") from None
    except InputError:
        raise
    # olefile raises its own errors and Python's (OSError, struct.error, IndexError…) on a
    # damaged container; any of them here is the file's fault.
    except Exception as exc:
        detail = one_line(exc) or type(exc).__name__
        raise InputError(f"not a readable {kind} file (damaged: {detail})") from None
    finally:
        ole.close()


def _stream(ole, name: str, limit: int) -> bytes:
    """A stream of the compound file, refused when it claims more bytes than the file has."""
    if ole.get_size(name) > limit:
        raise _Damaged(f"the {name} stream claims more bytes than the file holds")
    return ole.openstream(name).read()
