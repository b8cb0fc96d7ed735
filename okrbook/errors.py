"""The one error a user's mistake raises: it names where the mistake is.

Every failure caused by input (a sheet, a record, an export file) becomes an
``OkrbookError`` carrying the file, and where it applies the row, column or
field, plus a message key from :mod:`okrbook.i18n` so the CLI and the
workbook can show it in the workbook's language. Tracebacks are for bugs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrbook import i18n


@dataclass
class OkrbookError(Exception):
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | Path | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.render("en"))

    def where(self, lang: str = "en") -> str:
        """The location part: ``file, row 3, column "目标值"`` or ``file, field x``."""
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(i18n.message("where_row", lang, row=self.row))
        if self.column is not None:
            parts.append(i18n.message("where_column", lang, column=self.column))
        if self.field is not None:
            parts.append(i18n.message("where_field", lang, field=self.field))
        return ", ".join(parts)

    def render(self, lang: str = "en") -> str:
        text = i18n.message(self.key, lang, **self.params)
        place = self.where(lang)
        return f"{place}: {text}" if place else text

    def located(self, **where: Any) -> OkrbookError:
        """The same error with more of its location filled in (file, row...)."""
        for name, value in where.items():
            if getattr(self, name) is None:
                setattr(self, name, value)
        self.args = (self.render("en"),)
        return self

    def __str__(self) -> str:
        return self.render("en")


class ConflictError(OkrbookError):
    """The record on disk changed since this view loaded it (another kernel)."""
