"""The rules for what the lead types into the meeting's forms, without any widget.

Each rule turns raw input into a record value or raises :class:`OkrbookError`
with a message key, so the form shows the bilingual message beside the field
and writes nothing. Item checks return every problem keyed by field name, so
a form can check one field of an edit and an "add" button can check them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

# the forms' rules for scores and minutes are the files' rules
from okrbook.core.fields import MAX_SECTION_MINUTES, parse_minutes, parse_score, read_number  # noqa: F401
from okrbook.core.record import Adjustment, HomeworkItem, Lesson, WhiteboardItem
from okrbook.errors import OkrbookError


def parse_number_field(raw: object) -> float | None:
    """A target typed in a form: full-width digits, ``1,200`` and ``3.5万`` are read."""
    parsed = read_number(raw)
    return None if parsed is None else parsed.value


def required_text(raw: object) -> str:
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise OkrbookError("required")
    return text


def optional_text(raw: object) -> str:
    return "" if raw is None else str(raw)


def check_due(due: dt.date | None, today: dt.date) -> dt.date:
    """Homework needs a due date, and one that has not passed."""
    if due is None:
        raise OkrbookError("required")
    if due < today:
        raise OkrbookError("due_past", {"value": due.isoformat()})
    return due


def _problems(checks: dict[str, Callable[[], object]]) -> dict[str, OkrbookError]:
    out = {}
    for name, check in checks.items():
        try:
            check()
        except OkrbookError as err:
            out[name] = err
    return out


def homework_problems(item: HomeworkItem, today: dt.date) -> dict[str, OkrbookError]:
    """What stops a homework item from being handed out: text, owner, a due date ahead."""
    return _problems(
        {
            "text": lambda: required_text(item.text),
            "owner": lambda: required_text(item.owner),
            "due": lambda: check_due(item.due, today),
        }
    )


def lesson_problems(lesson: Lesson) -> dict[str, OkrbookError]:
    """A measure that locks in a lesson needs someone who owns it."""
    return _problems(
        {"text": lambda: required_text(lesson.text), "owner": lambda: required_text(lesson.owner)}
    )


def whiteboard_problems(item: WhiteboardItem) -> dict[str, OkrbookError]:
    return _problems({"text": lambda: required_text(item.text)})


def adjustment_problems(adj: Adjustment, annual_ids: Collection[str]) -> dict[str, OkrbookError]:
    """An adjustment names an existing annual KR, what it proposes (the new target, the new
    wording, or dropping it) and why."""

    def annual() -> None:
        required_text(adj.annual_kr)
        if adj.annual_kr not in annual_ids:
            raise OkrbookError("unknown_annual_kr", {"id": adj.annual_kr})

    def new_target() -> None:
        if adj.change == "target" and adj.new_target is None:
            raise OkrbookError("required")

    def new_title() -> None:
        if adj.change == "wording" and not adj.new_title.strip():
            raise OkrbookError("required")

    def why() -> None:
        if not adj.why.strip():
            raise OkrbookError("required")

    return _problems({"annual_kr": annual, "new_target": new_target, "new_title": new_title, "why": why})
