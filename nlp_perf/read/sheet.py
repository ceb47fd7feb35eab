"""Text of a spreadsheet: a self-evaluation form (绩效目标自评表) as .xlsx or Excel 97–2003 .xls.

Every visible worksheet in order (hidden sheets hold lists for drop-downs, not report text;
charts hold no text), each row that has a value one line with its cells joined by tabs: the
row shape of :mod:`.docx` tables and PDF table rows, so the splitter takes each row as one
sentence and the table rules read its cells.  Empty cells at the end of a row are left out,
empty cells between values kept.  A merged cell's value is taken once: the cells it covers to
its right are left out, and in the rows below it the value repeats in its column, as
:mod:`.docx` does with a cell merged down, so every indicator row names its 一级指标.

Numbers read as the form shows them: by the cell's number format (``0.00`` two decimals,
``0.0%`` a percentage, ``#,##0`` thousands separators), and with the General format the
shortest form of the value (1061.69, not 1061.6899999999; 10, not 10.0).  A formula gives the
value the spreadsheet last calculated and saved.

.xlsx is read with openpyxl, .xls with xlrd; a damaged, encrypted or oversized file is an
InputError.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator

from ..errors import InputError, one_line
from .docx import MAX_UNPACKED

__all__ = ["MAX_CELLS", "format_number", "sheet_text"]

MAX_CELLS = 500_000  # cells of one sheet's used area, and merged: a form has a few hundred

# The sheets of the workbook `classify --out results.xlsx` writes (nlp_perf/output/files.py): a
# folder classified again with its results in it reads them as a report otherwise.
_RESULTS_SHEETS = ("汇总 Summary", "句子 Sentences")

# A merged range: (first row, last row, first column, last column), 0-based, inclusive.
Merge = tuple[int, int, int, int]
Cell = tuple[object, str]  # a value and its number format


def _section(fmt: str) -> str:
    """The part of a number format for positive numbers, without quoted text and [codes]."""
    first = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", fmt.split(";")[0])
    return first


def format_number(value: float, fmt: str = "General") -> str:
    """A number as a cell with number format ``fmt`` shows it (decimals, percent, thousands)."""
    if isinstance(value, int) and abs(value) >= 10**15:
        return str(value)  # beyond what a float holds exactly (and past 1e308, at all)
    section = _section(fmt or "General")
    digits = re.search(r"[0#?]", section)
    if not digits or section.strip().lower() == "general" or re.search(r"[eE][+-]|/", section):
        # General, text, and the scientific and fraction formats: the value's shortest form
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = format(value, ".15g")
        return text if "e" not in text else format(value, "f").rstrip("0").rstrip(".")
    percent = "%" in section
    number = value * 100 if percent else value
    decimals = re.search(r"\.([0#?]+)", section)
    places = len(decimals.group(1)) if decimals else 0
    grouped = "," in section.split(".")[0]
    text = format(number, f"{',' if grouped else ''}.{places}f")
    if decimals and "0" not in decimals.group(1) and "." in text:  # ##: no trailing zeros
        text = text.rstrip("0").rstrip(".")
    return text + ("%" if percent else "")


def _text(value: object, fmt: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return format_number(value, fmt)
    return " ".join(str(value).split())


def _lines(grid: Iterable[tuple[int, list[Cell]]], merges: list[Merge]) -> Iterator[str]:
    """Lines of a sheet from its rows of (value, format) cells, by row index."""
    covered: dict[tuple[int, int], tuple[int, int] | None] = {}  # cell → the cell it shows
    for top, bottom, left, right in merges:
        if len(covered) + (bottom - top + 1) * (right - left + 1) > 2 * MAX_CELLS:
            raise InputError(f"merged cells cover more than the {2 * MAX_CELLS} cells read")
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    covered[r, c] = (top, left) if c == left else None
    firsts = {(top, left) for top, _, left, _ in merges}
    values: dict[tuple[int, int], str] = {}
    for r, row in grid:
        cells: list[str] = []
        for c, (value, fmt) in enumerate(row):
            text = _text(value, fmt)
            if (r, c) in firsts:
                values[r, c] = text
            if (r, c) in covered:
                source = covered[r, c]
                if source is None:
                    continue  # covered from the left: the merged value is already there
                text = values.get(source, "")
            cells.append(text)
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield "\t".join(cells)


def _check_size(rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        raise InputError(
            f"a sheet of {rows} rows by {columns} columns, more than the {MAX_CELLS} cells read"
        )


_MERGE_REF = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})"
)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_merges(z: zipfile.ZipFile) -> None:
    """Refuse merged ranges covering more than MAX_CELLS cells: openpyxl makes an object for
    every cell a merge covers as it loads the sheet (A1:Z200000 takes minutes)."""
    area = 0
    for info in z.infolist():
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            for m in _MERGE_REF.finditer(z.read(info)):
                rows = abs(int(m[4]) - int(m[2])) + 1
                area += rows * (abs(_column(m[3]) - _column(m[1])) + 1)
    if area > MAX_CELLS:
        raise InputError(f"merged cells cover {area} cells, more than the {MAX_CELLS} read")


def _xlsx_sheets(data: bytes) -> Iterator[tuple[Iterable, list[Merge]]]:
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        size = sum(info.file_size for info in z.infolist())
        if size > MAX_UNPACKED:
            raise InputError(
                f"not a readable .xlsx file (its parts unpack to {size // 2**20} MiB, "
                f"more than the {MAX_UNPACKED // 2**20} MiB read)"
            )
        _check_merges(z)
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    if set(_RESULTS_SHEETS) <= set(book.sheetnames):
        raise InputError("a workbook of nlp_perf's results, not a report (written by --out)")
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        _check_size(ws.max_row, ws.max_column)
        merges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1)
                  for m in ws.merged_cells.ranges]  # fmt: skip
        grid = (
            (r, [(cell.value, cell.number_format) for cell in row])
            for r, row in enumerate(ws.iter_rows())
        )
        yield grid, merges


def _xls_sheets(data: bytes) -> Iterator[tuple[Iterable, list[Merge]]]:
    import xlrd

    book = xlrd.open_workbook(
        file_contents=data, formatting_info=True, logfile=io.StringIO(), verbosity=0
    )
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        _check_size(sheet.nrows, sheet.ncols)
        merges = [(rlo, min(rhi, sheet.nrows) - 1, clo, min(chi, sheet.ncols) - 1)
                  for rlo, rhi, clo, chi in sheet.merged_cells
                  if rlo < min(rhi, sheet.nrows) and clo < min(chi, sheet.ncols)]  # fmt: skip

        def grid(sheet=sheet):
            for r in range(sheet.nrows):
                row = []
                for c, cell in enumerate(sheet.row(r)):
                    fmt = book.format_map.get(book.xf_list[sheet.cell_xf_index(r, c)].format_key)
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value = xlrd.xldate_as_datetime(value, book.datemode)
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        value = None
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        value = bool(value)
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        value = xlrd.error_text_from_code.get(value, "#ERROR")
                    row.append((value, fmt.format_str if fmt else "General"))
                yield r, row

        yield grid(), merges


def sheet_text(data: bytes, kind: str) -> str:
    """The text of a .xlsx or .xls file (``kind``), one line per row, sheets in order."""
    reader = _xlsx_sheets if kind == "xlsx" else _xls_sheets
    try:
        sheets = [list(_lines(grid, merges)) for grid, merges in reader(data)]
    except InputError:
        raise
    # openpyxl and xlrd raise many kinds of error on a damaged file, their own and Python's
    # (zipfile, lxml, KeyError, ValueError, struct.error, IndexError …): any of them here is
    # the file's fault.
    except Exception as exc:
        detail = one_line(exc) or type(exc).__name__
        if "encrypt" in detail.lower() or "password" in detail.lower():
            raise InputError(
                "the workbook is password-protected; save an unprotected copy first"
            ) from None
        raise InputError(f"not a readable .{kind} file ({type(exc).__name__}: {detail})") from None
    return "\n\n".join("\n".join(lines) for lines in sheets if lines)
