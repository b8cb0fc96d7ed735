"""Reading the numbers people actually write: ``35%``, ``1,200``, ``１２０``, ``3.5万``, ``¥120万``.

One parser serves the YAML sheet and the CSV/XLSX import, so a value means
the same wherever it was typed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_MULTIPLIERS = {"亿": 10**8, "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "千": 10**3}
_LATIN_MULTIPLIERS = {"k": 10**3, "w": 10**4, "m": 10**6}  # only alone: 5k, but 5km is a unit
_CURRENCY = "¥$€£"
_BLANKS = {"-", "--", "—", "——", "/", "N/A", "n/a", "NA", "无", "暂无"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# A number then a word: 3.5万, 50家, 3.5万元, 200ms, 2次/周 (letters only, so 1e5 stays a number).
_WITH_WORD = re.compile(r"(.*?\d\.?)([^\W\d_][^\W\d_/]*(?:/[^\W\d_]+)?)")


# Beyond this a float no longer holds every whole number, and sums of such values overflow
# (weights of 1e308 made an objective's mean NaN): no KR, weight, revision or clock needs more.
MAX_MAGNITUDE = 10**15


class OutOfRange(ValueError):
    """A number that reads, but is too large for anything okrbook counts."""


@dataclass(frozen=True)
class Parsed:
    """A number and the unit its writing implied (``%``, a currency or a word like ``家``), if any."""

    value: float
    unit: str = ""

    @property
    def fraction(self) -> float:
        """The value where a fraction is meant (a weight, a score): ``40%`` is 0.4."""
        return self.value / 100 if self.unit == "%" else self.value


def parse_number(raw: object) -> Parsed | None:
    """The number in ``raw``; ``None`` for a blank; ``ValueError`` if unreadable or not finite,
    :class:`OutOfRange` (a ``ValueError``) beyond :data:`MAX_MAGNITUDE`.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float):
        return Parsed(_in_range(raw))
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text or text in _BLANKS:
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
    multiplier, word = 1, ""
    if m := _WITH_WORD.fullmatch(text):
        text, word = m.groups()
    if word.lower() in _LATIN_MULTIPLIERS:
        multiplier, word = _LATIN_MULTIPLIERS[word.lower()], ""
    elif prefix := next((p for p in _MULTIPLIERS if word.startswith(p)), ""):
        multiplier, word = _MULTIPLIERS[prefix], word[len(prefix) :]
    unit = unit or word
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", text):
        text = text.replace(",", "")
    text = sign + text
    if not _NUMBER.match(text):
        raise ValueError(raw)
    # Decimal: 1.15万 is 11500, not 11499.999999999998; an exponent past its range is out of range too.
    try:
        value = Decimal(text) * multiplier
    except ArithmeticError:
        raise OutOfRange(raw) from None
    return Parsed(_in_range(value), unit)


def _in_range(value: int | float | Decimal) -> float:
    """``value`` as a float, refused when NaN, infinite or beyond :data:`MAX_MAGNITUDE`."""
    if isinstance(value, float | Decimal) and value != value:  # NaN: YAML's .nan is no blank
        raise ValueError(value)
    if abs(value) > MAX_MAGNITUDE:
        raise OutOfRange(value)
    return float(value)


def to_step(value: float) -> float:
    """Round half up to 0.1 (0.25 → 0.3), immune to float noise like 0.7000000001."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def format_number(value: object) -> str:
    """A value as a person writes it: ``1,500,000``, ``8.5``, ``—`` for none.

    The one formatter of the forms, the tables, ``okrbook check``, the messages
    and the minutes, so a number reads the same wherever the lead meets it.
    Anything that is not a number is shown as text.
    """
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if not math.isfinite(value):
        return "—"
    if value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_progress(start: float | None, current: float | None, target: float | None, unit: str = "") -> str:
    """``1,200 → 1,710 / 2,000 家``: where a metric KR started, stands and aims."""
    tail = f" {unit}" if unit else ""
    return f"{format_number(start)} → {format_number(current)} / {format_number(target)}{tail}"


def format_percent(value: float | None) -> str:
    """A raw progress as a percent, over-achievement visible: ``1.2`` → ``120%``."""
    return "—" if value is None else f"{value:.0%}"


def format_score(value: float | None) -> str:
    """A KR's score as every view shows it: kept to 0.1 as its band is judged (``0.65`` → ``0.7``)."""
    return "—" if value is None else f"{to_step(value):.1f}"


def format_objective_score(value: float | None) -> str:
    """An objective's score is a weighted mean: two decimals (``0.57``), not the KRs' steps of 0.1."""
    return "—" if value is None else f"{value:.2f}"
