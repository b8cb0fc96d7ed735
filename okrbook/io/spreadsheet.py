"""Rows out of a spreadsheet: a CSV in any encoding and separator Excel writes, or an XLSX sheet.

Which separator and which sheet is a question of content: the caller says
how many of its headers a row names, and the one naming most wins. What the
columns mean is for the caller (the OKR importer, the survey import).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from okrbook.errors import OkrbookError
from okrbook.io import files

SCAN = 20  # the header (below any title lines) is looked for in the top rows only
MAX_UNPACKED = 256 * 2**20  # an XLSX unpacking past this is refused unread

Rows = list[list[object]]


def cell_text(cell: object) -> str:
    """A cell as the user reads it: no BOM, no padding, ``1`` rather than XLSX's ``1.0``."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # an id or a flag typed as 1 reads back from XLSX as 1.0
    return "" if cell is None else str(cell).replace("\ufeff", "").strip()


def read_rows(
    path: Path,
    known: Callable[[Sequence[object]], int],
    *,
    pick: Callable[[list[Rows]], Rows] | None = None,
) -> Rows:
    """All rows of a CSV (UTF-8, BOM or GBK; comma, tab or semicolon) or of one XLSX sheet.

    ``known`` counts the headers a row names: the separator, and by default the
    sheet, whose top rows name the most win. ``pick`` chooses the sheet instead.
    """
    return read_titled(path, known, pick=pick)[0]


def read_titled(
    path: Path,
    known: Callable[[Sequence[object]], int],
    *,
    pick: Callable[[list[Rows]], Rows] | None = None,
) -> tuple[Rows, str]:
    """:func:`read_rows`, and the title of the XLSX sheet they came from ("" for a CSV): a title such
    as ``2026Q3`` says what the rows are."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return _csv_rows(path, known), ""
    if suffix not in (".xlsx", ".xlsm"):
        raise OkrbookError("import_format", {"suffix": path.suffix or path.name})
    titled = _xlsx_sheets(path)
    if not titled:
        raise OkrbookError("xlsx_no_sheets", file=path)
    sheets = [rows for _, rows in titled]
    if pick is not None:
        chosen = pick(sheets)
    else:
        chosen = max(sheets, key=lambda rows: max(map(known, rows[:SCAN]), default=0))
    return chosen, next(title for title, rows in titled if rows is chosen)


def _csv_rows(path: Path, known: Callable[[Sequence[object]], int]) -> Rows:
    """The rows; the separator that makes the most headers known wins (csv.Sniffer trips on title lines)."""
    text = files.read_text(path)
    reader = None
    try:
        sample = text.splitlines()[:SCAN]
        known_by = {}
        for d in ",\t;":
            reader = csv.reader(sample, delimiter=d)
            known_by[d] = max((known(r) for r in reader), default=0)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=max(known_by, key=known_by.get))
        return list(reader)
    except csv.Error as err:
        row = reader.line_num if reader is not None else None
        if "field larger than field limit" in str(err):
            raise OkrbookError(
                "csv_cell_too_long", {"max": csv.field_size_limit()}, file=path, row=row
            ) from None
        raise OkrbookError("csv_unreadable", {"reason": str(err)}, file=path, row=row) from None


def _xlsx_sheets(path: Path) -> list[tuple[str, Rows]]:
    """Every sheet's cell values. openpyxl names no one error for a damaged file (a bad XML part, a
    corrupt deflate stream, a style index past its table...), so whatever it raises while reading
    the user's file is that file's fault: one message naming the file, never a traceback.
    """
    data = files.read_bytes(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise OkrbookError("xlsx_unreadable", {"reason": _why(err)}, file=path) from None
    if unpacked > MAX_UNPACKED:  # a zip bomb: refused before anything is inflated
        params = {"size": unpacked >> 20, "max": MAX_UNPACKED >> 20}
        raise OkrbookError("xlsx_too_large", params, file=path)
    import openpyxl  # on use: a third of a second that opening a workbook or exporting never needs

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        return [
            (ws.title, [[_xlsx_value(c) for c in row] for row in ws.iter_rows()]) for ws in book.worksheets
        ]
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as err:  # noqa: BLE001 (see the docstring)
        raise OkrbookError("xlsx_unreadable", {"reason": _why(err)}, file=path) from None


def _why(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


def _xlsx_value(cell: Any) -> object:
    """A cell formatted as a percentage holds 0.35 for 35%: give back the "35%" the user sees."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{round(value * 100, 10)!r}%"
    return value
