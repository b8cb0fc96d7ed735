"""Typed reads from parsed YAML/JSON that name the field when they fail.

The sheet and the record are both plain mappings on disk; these readers turn
them into model values and raise :class:`OkrbookError` with a dotted path
(``quarters.Q3.objectives[1].key_results[0].target``) so the lead can find
the mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from okrbook.core.numbers import MAX_MAGNITUDE, OutOfRange, Parsed, parse_number, to_step
from okrbook.errors import OkrbookError


def _kind(value: object) -> str:
    return type(value).__name__


def mapping(value: object, where: str, *, allowed: Iterable[str] | None = None) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise OkrbookError("not_a_mapping", {"got": _kind(value)}, field=where or None)
    if allowed is not None:
        unknown = [k for k in value if k not in set(allowed)]
        if unknown:
            raise OkrbookError("unknown_field", {"name": unknown[0]}, field=where or None)
    return value


def items(value: object, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise OkrbookError("not_a_list", {"got": _kind(value)}, field=where)
    return value


def text(d: Mapping, key: str, where: str, *, required: bool = False) -> str:
    value = d.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise OkrbookError("required", field=join(where, key))
        return ""
    if isinstance(value, bool) or isinstance(value, Mapping | list):
        raise OkrbookError("not_text", {"got": _kind(value)}, field=join(where, key))
    return str(value).strip()


def read_number(raw: object) -> Parsed | None:
    """:func:`~okrbook.core.numbers.parse_number` for input: unreadable and out of range are told apart.

    Every number okrbook reads (files, spreadsheet cells, forms) passes here, so
    each is finite and within :data:`~okrbook.core.numbers.MAX_MAGNITUDE`.
    """
    try:
        return parse_number(raw)
    except OutOfRange:
        raise OkrbookError("number_range", {"value": raw, "max": f"{MAX_MAGNITUDE:.0e}"}) from None
    except ValueError:
        raise OkrbookError("not_number", {"value": raw}) from None


def number(d: Mapping, key: str, where: str) -> float | None:
    try:
        parsed = read_number(d.get(key))
    except OkrbookError as err:
        raise err.located(field=join(where, key)) from None
    return None if parsed is None else parsed.value


# How people write yes and no, in a sheet or a spreadsheet cell.
YES = frozenset({"是", "yes", "y", "true", "1", "done", "已完成", "完成", "√", "✓", "✔"})
NO = frozenset({"否", "no", "n", "false", "0", "未完成", "not done", "×", "✗", "✘"})


def boolean(d: Mapping, key: str, where: str, default: bool | None = False) -> bool | None:
    value = d.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise OkrbookError("not_bool", {"value": value}, field=join(where, key))


def choice(d: Mapping, key: str, where: str, allowed: Iterable[str], default: str) -> str:
    value = d.get(key)
    if value is None or value == "":
        return default
    options = tuple(allowed)
    if value not in options:
        raise OkrbookError(
            "not_one_of", {"value": value, "allowed": ", ".join(options)}, field=join(where, key)
        )
    return str(value)


def date(d: Mapping, key: str, where: str) -> dt.date | None:
    value = d.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise OkrbookError("not_date", {"value": value}, field=join(where, key)) from None


def parse_score(raw: object) -> float | None:
    """A score as a person writes it: blank is none; ``70%`` is 0.7; kept to steps of 0.1, half up.

    One rule for the record, the forms, pre-work files and surveys.
    """
    parsed = read_number(raw)
    if parsed is None:
        return None
    value = parsed.fraction
    if not 0.0 <= value <= 1.0:
        raise OkrbookError("score_range", {"value": raw})
    return to_step(value)


MAX_SECTION_MINUTES = 240


def parse_minutes(raw: object) -> int:
    """A section's time budget, in whole minutes."""
    parsed = read_number(raw)
    if parsed is None:
        raise OkrbookError("required")
    if parsed.value != int(parsed.value):
        raise OkrbookError("not_int", {"value": raw})
    if not 0 <= parsed.value <= MAX_SECTION_MINUTES:
        raise OkrbookError("minutes_range", {"value": raw, "max": MAX_SECTION_MINUTES})
    return int(parsed.value)


def score(d: Mapping, key: str, where: str) -> float | None:
    """A 0.0–1.0 score read from a file, the field named when it is wrong."""
    try:
        return parse_score(d.get(key))
    except OkrbookError as err:
        raise err.located(field=join(where, key)) from None


def join(where: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)


def versioned_body(
    raw: object, schema: str, supported: int, *, unknown: str = "schema_unknown", newer: str = "schema_newer"
) -> dict[str, Any]:
    """A file's fields after its ``schema`` and ``schema_version``, which must be ours and not newer.

    A newer version is refused with its own message rather than misread (the record, a member's
    pre-work, the company's decisions all say so the same way).
    """
    d = mapping(raw, "")
    if d.get("schema") != schema:
        raise OkrbookError(unknown, {"value": d.get("schema")}, field="schema")
    version = d.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise OkrbookError(unknown, {"value": f"{d.get('schema')}/{version}"}, field="schema_version")
    if version > supported:
        raise OkrbookError(newer, {"value": version, "supported": supported}, field="schema_version")
    return {k: v for k, v in d.items() if k not in ("schema", "schema_version")}


def year(d: dict[str, Any]) -> int:
    """A year as a quarter is written with it (``2026Q3``): four digits, required."""
    value = number(d, "year", "")
    if value is None:
        raise OkrbookError("required", field="year")
    if value != int(value):
        raise OkrbookError("not_int", {"value": d.get("year")}, field="year")
    if not 1000 <= value <= 9999:
        raise OkrbookError("year_range", {"value": d.get("year")}, field="year")
    return int(value)
