"""Reading the numbers people actually write: ``35%``, ``1,200``, ``１２０``, ``3.5万``, ``¥120万``.

One parser serves the YAML sheet and the CSV/XLSX import, so a value means
the same wherever it was typed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

_MULTIPLIERS = {"万": 1e4, "w": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "m": 1e6}
_CURRENCY = "¥$€£元"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Parsed:
    """A number and the unit its writing implied (``%`` or a currency), if any."""

    value: float
    unit: str = ""


def parse_number(raw: object) -> Parsed | None:
    """The number in ``raw``; ``None`` for a blank; ``ValueError`` if unreadable."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float):
        if isinstance(raw, float) and math.isnan(raw):
            return None
        if isinstance(raw, float) and math.isinf(raw):
            raise ValueError(raw)
        return Parsed(float(raw))
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text or text in {"-", "—", "N/A", "n/a", "NA"}:
        return None
    text = text.replace("−", "-").replace(" ", "").replace("\u00a0", "")
    unit = ""
    if text.endswith("%"):
        unit, text = "%", text[:-1]
    sign = ""
    if text[:1] in "+-":
        sign, text = text[:1], text[1:]
    if text[:1] and text[:1] in _CURRENCY:
        unit, text = text[:1], text[1:]
    if text.endswith("元"):
        unit, text = unit or "元", text[:-1]
    multiplier = 1.0
    if text and text[-1].lower() in _MULTIPLIERS:
        multiplier = _MULTIPLIERS[text[-1].lower()]
        text = text[:-1]
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", text):
        text = text.replace(",", "")
    text = sign + text
    if not _NUMBER.match(text):
        raise ValueError(raw)
    return Parsed(float(text) * multiplier, unit)
