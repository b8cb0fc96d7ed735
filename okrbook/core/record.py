"""The quarter record: every answer one retrospective produces.

The record is the truth (ARCHITECTURE.md, principle 1): the widgets are a view of
it and the minutes are rendered from it. This module is its shape and its
validation; :mod:`okrbook.io.stores` reads and writes it atomically.

The dataclasses below *are* the schema: :func:`record_from_dict` walks their
type hints, so a field added here is read, validated and written with no
second list to keep in step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from okrbook.core import fields as f
from okrbook.core import method
from okrbook.core.sheet import parse_quarter
from okrbook.errors import OkrbookError

SCHEMA = "okrbook.record"
SCHEMA_VERSION = 1

# Minutes per section; about an hour in all.
DEFAULT_AGENDA = {
    "homework_review": 5,
    "big_picture": 5,
    "group1": 25,
    "group2": 15,
    "whiteboard_homework": 10,
}


def _choices(options: tuple[str, ...]) -> dict[str, Any]:
    return {"choices": options}


@dataclass
class Meeting:
    date: dt.date | None = None
    facilitator: str = ""
    attendees: list[str] = field(default_factory=list)


@dataclass
class KRReview:
    """The meeting's word on one quarterly KR: its final score and what got in the way."""

    final_score: float | None = field(default=None, metadata={"score": True})
    obstacle: str = ""
    category: str = field(default="", metadata=_choices(("",) + method.OBSTACLE_CATEGORIES))


@dataclass
class Lesson:
    text: str = ""
    owner: str = ""


@dataclass
class Adjustment:
    """A proposed change to an annual KR (Q2.4): a new target, a new wording, or dropping it, and why.

    ``change`` and ``new_title`` came later: a record without them reads as a
    new target, which is all an adjustment could be before.
    """

    annual_kr: str = ""
    old_target: float | None = None
    new_target: float | None = None
    why: str = ""
    change: str = field(default="target", metadata=_choices(method.ADJUSTMENT_CHANGES))
    new_title: str = ""  # the KR's new wording, when change is "wording"


@dataclass
class SheetChange:
    """One change ``okrbook new`` made to this quarter's sheet snapshot: a decided adjustment.

    The company decided a department's proposal (okrbook.company); the
    snapshot carries the new value and this log says from what, and why.
    """

    annual_kr: str = ""
    changed: str = field(default="target", metadata=_choices(("target",)))  # which value of the KR
    old: float | None = None
    new: float | None = None
    decision: str = field(default="approved", metadata=_choices(("approved",)))
    note: str = ""
    decided_on: dt.date | None = None
    proposed_in: str = ""


@dataclass
class WhiteboardItem:
    id: str = ""
    text: str = ""
    tag: str = field(default="other", metadata=_choices(method.WHITEBOARD_TAGS))
    resolved: bool = False
    resolution: str = ""
    from_quarter: str = ""


@dataclass
class HomeworkItem:
    id: str = ""
    text: str = ""
    owner: str = ""
    due: dt.date | None = None
    status: str = field(default="open", metadata=_choices(method.HOMEWORK_STATUSES))
    note: str = ""
    whiteboard: str = ""
    from_quarter: str = ""


@dataclass
class AgendaTime:
    """The agenda clock as saved, so a restarted kernel resumes it (ARCHITECTURE.md, principle 1).

    ``since`` is a wall-clock ISO timestamp with its offset: a monotonic
    reading means nothing to another process. See :mod:`okrbook.core.agenda`.
    """

    # agenda key → seconds already banked (paused or finished stretches)
    spent: dict[str, float] = field(default_factory=dict)
    running: str = field(default="", metadata=_choices(("",) + tuple(DEFAULT_AGENDA)))
    since: str = ""


@dataclass
class Record:
    quarter: str = ""
    language: str = field(default="zh", metadata=_choices(("zh", "en")))
    department: str = ""
    sheet: str = "okrs.yaml"
    revision: int = field(default=0, metadata={"count": True})
    saved_at: str = ""
    meeting: Meeting = field(default_factory=Meeting)
    agenda: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_AGENDA))
    big_picture: dict[str, str] = field(default_factory=dict)
    # question id (see okrbook.core.method) → the meeting's answer
    answers: dict[str, str] = field(default_factory=dict)
    kr_reviews: dict[str, KRReview] = field(default_factory=dict)
    lessons: dict[str, list[Lesson]] = field(default_factory=dict)
    # annual KR id → on_track / at_risk / off_track
    verdicts: dict[str, str] = field(default_factory=dict)
    adjustments: list[Adjustment] = field(default_factory=list)
    whiteboard: list[WhiteboardItem] = field(default_factory=list)
    homework: list[HomeworkItem] = field(default_factory=list)
    # last quarter's open homework, reviewed at the start of this meeting
    homework_review: list[HomeworkItem] = field(default_factory=list)
    # the minutes show the members' pre-work under "Member A", "Member B"... (okrbook.prework.summary)
    prework_anonymous: bool = False
    # a pre-work point moved onto the whiteboard ("kr:<id>", "answer:<question>:<member>"...) → its item id
    prework_whiteboard: dict[str, str] = field(default_factory=dict)
    clock: AgendaTime = field(default_factory=AgendaTime)
    # what okrbook new changed in this quarter's sheet snapshot (approved adjustments), oldest first
    sheet_changes: list[SheetChange] = field(default_factory=list)

    def overrides(self) -> dict[str, float | None]:
        """Each KR's final score as the lead set it, for :mod:`okrbook.core.scoring`."""
        return {kr: r.final_score for kr, r in self.kr_reviews.items()}

    def kr_references(self) -> list[tuple[str, str, bool]]:
        """Every answer keyed by a KR id: (field, KR id, whether the KR is annual).

        The check of a record against its sheet and a sheet's refresh both ask which answers
        would lose their KR.
        """
        out = [(f"kr_reviews.{k}", k, False) for k in self.kr_reviews]
        out += [(f"verdicts.{k}", k, True) for k in self.verdicts]
        out += [(f"adjustments[{i}].annual_kr", a.annual_kr, True) for i, a in enumerate(self.adjustments)]
        return [(place, ident, annual) for place, ident, annual in out if ident]


_KEY_CHOICES = {
    "answers": tuple(method.QUESTION_IDS["group1"] + method.QUESTION_IDS["group2"]),
    "lessons": method.LESSON_KINDS,
    "big_picture": method.BIG_PICTURE_FIELDS,
    "agenda": tuple(DEFAULT_AGENDA),
    "spent": tuple(DEFAULT_AGENDA),
}
_VALUE_CHOICES = {"verdicts": method.VERDICTS}


def _read(hint: Any, d: Mapping, key: str, where: str, meta: Mapping) -> Any:
    """Read ``d[key]`` as type ``hint``; the error names ``where.key``."""
    here = f.join(where, key)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):  # X | None
        (hint,) = [a for a in args if a is not type(None)]
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        if "choices" in meta:
            return f.choice(d, key, where, meta["choices"], meta["choices"][0])
        return f.text(d, key, where)
    if hint is float:
        return f.score(d, key, where) if meta.get("score") else f.number(d, key, where)
    if hint is int:
        value = f.number(d, key, where)
        if value is not None and value != int(value):
            raise OkrbookError("not_int", {"value": d.get(key)}, field=here)
        if value is not None and value < 0 and meta.get("count"):
            raise OkrbookError("not_count", {"value": d.get(key)}, field=here)
        return None if value is None else int(value)
    if hint is bool:
        return f.boolean(d, key, where)
    if hint is dt.date:
        return f.date(d, key, where)
    if dataclasses.is_dataclass(hint):
        return read_dataclass(hint, d.get(key), here)
    if origin is list:
        (inner,) = args
        seq = f.items(d.get(key), here)
        return [_read(inner, {i: v}, i, here, {}) for i, v in enumerate(seq)]
    if origin is dict:
        inner = args[1]
        m = f.mapping(d.get(key), here, allowed=_KEY_CHOICES.get(key))
        inner_meta = {"choices": _VALUE_CHOICES[key]} if key in _VALUE_CHOICES else {}
        return {str(k): _read(inner, m, k, here, inner_meta) for k in m}
    raise TypeError(f"no reader for {hint!r}")  # a bug in this module, not user input


def read_dataclass(cls: type, raw: object, where: str) -> Any:
    """A dataclass read from a mapping by its type hints; unknown keys and bad values name the field.

    The record and a member's pre-work file are both read by it, so they fail the same way.
    """
    hints = typing.get_type_hints(cls)
    names = [fl.name for fl in dataclasses.fields(cls)]
    d = f.mapping(raw, where, allowed=names)
    values = {}
    for fl in dataclasses.fields(cls):
        if fl.name in d and d[fl.name] is not None:
            values[fl.name] = _read(hints[fl.name], d, fl.name, where, fl.metadata)
    return cls(**values)


def record_from_dict(raw: Any) -> Record:
    """Validate a parsed record; the error names the first bad field."""
    body = f.versioned_body(raw, SCHEMA, SCHEMA_VERSION)
    record = read_dataclass(Record, body, "")
    if not record.quarter:
        raise OkrbookError("required", field="quarter")
    try:
        parse_quarter(record.quarter)
    except OkrbookError as err:
        raise err.located(field="quarter") from None
    for key, minutes in record.agenda.items():
        try:
            f.parse_minutes(minutes)
        except OkrbookError as err:
            raise err.located(field=f"agenda.{key}") from None
    for name in ("whiteboard", "homework", "homework_review"):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(record, name)):
            if item.id and item.id in seen:
                first = f"{name}[{seen[item.id]}]"
                raise OkrbookError("duplicate_id", {"id": item.id, "first": first}, field=f"{name}[{i}].id")
            seen[item.id] = i
    _check_clock(record.clock)
    return record


def parse_timestamp(text: str) -> dt.datetime | None:
    """An ISO timestamp that names its offset; a naive one would shift with the machine's zone."""
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None


def _check_clock(clock: AgendaTime) -> None:
    for key, seconds in clock.spent.items():
        if seconds is None or seconds < 0:
            raise OkrbookError("not_duration", {"value": seconds}, field=f"clock.spent.{key}")
    if clock.since and parse_timestamp(clock.since) is None:
        raise OkrbookError("not_timestamp", {"value": clock.since}, field="clock.since")
    if clock.running and not clock.since:
        raise OkrbookError("required", field="clock.since")


def plain_data(value: Any) -> Any:
    """Dataclasses to plain dicts and lists, as YAML stores them (the inverse of :func:`read_dataclass`)."""
    if dataclasses.is_dataclass(value):
        return {fl.name: plain_data(getattr(value, fl.name)) for fl in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def record_to_dict(record: Record) -> dict[str, Any]:
    """The plain mapping written to disk, schema first so a reader sees it."""
    return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, **plain_data(record)}


def next_id(prefix: str, existing: list[str]) -> str:
    """``W3`` after W1 and W2: ids for new whiteboard and homework items."""
    taken = set(existing)
    n = len(existing) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"
