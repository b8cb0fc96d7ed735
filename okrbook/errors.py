"""The one error a user's mistake raises: it names where the mistake is.

Every failure caused by input (a sheet, a record, an export file) becomes an
``OkrbookError`` carrying the file, and where it applies the row, column or
field, plus a message key from :mod:`okrbook.i18n` so the CLI and the
workbook can show it in the workbook's language. Tracebacks are for bugs.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrbook import i18n

EXCERPT = 80  # characters of a bad value shown in a message: a 100 MB cell must not become the message
_WHOLE = frozenset({"path", "members", "files", "command"})  # what a message must name whole


@dataclass(frozen=True)
class Phrase:
    """A part of a message said in the reader's language too (a section's title, "cell 3").

    :func:`okrbook.i18n.message` renders a parameter that has ``render(lang)``,
    so an error raised before the language is known is still said in one.
    """

    say: Callable[[str], str]

    def render(self, lang: str) -> str:
        return self.say(lang)


def excerpt(value: Any) -> Any:
    """A short, printable stand-in for a value quoted in a message; errors and paths stay as they are."""
    if isinstance(value, OkrbookError | Path | Phrase) or value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        if value.bit_length() < 200:
            return value
        return f"{str(value)[:20] if value.bit_length() < 14_000 else '?'}… ({value.bit_length()} bits)"
    if not isinstance(value, str):
        value = reprlib.repr(value)  # bounded however big or deep the value is
    value = " ".join(value.split())  # a message is one line, whatever the value held
    return value if len(value) <= EXCERPT else f"{value[: EXCERPT - 12]}…{value[-10:]}"


@dataclass
class OkrbookError(Exception):
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | Path | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        self.params = {k: v if k in _WHOLE else excerpt(v) for k, v in self.params.items()}
        super().__init__(self.render("en"))

    def facts(self, lang: str = "en") -> dict[str, Any]:
        """The error as data for scripts (``--json``, the roll-up): its key, message and place."""
        return {
            "key": self.key,
            "message": self.render(lang),
            "file": str(self.file or ""),
            "row": self.row,
            "column": self.column,
            "field": self.field,
        }

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
