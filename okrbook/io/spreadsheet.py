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

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from okrbook.errors import OkrbookError
from okrbook.io import files

SCAN = 20  # the header (below any title lines) is looked for in the top rows only

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
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        text = files.read_text(path)
        # The separator that makes the most headers known wins; csv.Sniffer trips on title lines.
        sample = text.splitlines()[:SCAN]
        known_by = {d: max((known(r) for r in csv.reader(sample, delimiter=d)), default=0) for d in ",\t;"}
        try:
            return list(csv.reader(io.StringIO(text, newline=""), delimiter=max(known_by, key=known_by.get)))
        except csv.Error as err:
            raise OkrbookError("file_unreadable", {"reason": str(err)}, file=path) from None
    if suffix not in (".xlsx", ".xlsm"):
        raise OkrbookError("import_format", {"suffix": path.suffix or path.name})
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise OkrbookError("file_missing", file=path) from None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as err:
        raise OkrbookError("file_unreadable", {"reason": str(err) or type(err).__name__}, file=path) from None
    sheets = [[[_xlsx_value(c) for c in row] for row in ws.iter_rows()] for ws in book.worksheets]
    if pick is not None:
        return pick(sheets)
    return max(sheets, key=lambda rows: max(map(known, rows[:SCAN]), default=0))


def _xlsx_value(cell: Any) -> object:
    """A cell formatted as a percentage holds 0.35 for 35%: give back the "35%" the user sees."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{round(value * 100, 10)!r}%"
    return value
