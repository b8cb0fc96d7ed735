"""The forms' input rules, without widgets: what is refused, and with which message."""

from __future__ import annotations

import datetime as dt

import pytest

from okrbook.core.record import Adjustment, HomeworkItem, Lesson, WhiteboardItem
from okrbook.core.validation import (
    adjustment_problems,
    check_due,
    homework_problems,
    lesson_problems,
    parse_minutes,
    parse_number_field,
    parse_score,
    required_text,
    whiteboard_problems,
)
from okrbook.errors import OkrbookError

TODAY = dt.date(2026, 10, 9)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", None), ("  ", None), (None, None), ("0.7", 0.7), ("0", 0.0), ("1", 1.0), ("0.65", 0.7),
     ("70%", 0.7), ("０.８", 0.8), (0.30000000000000004, 0.3)],
)  # fmt: skip
def test_parse_score(raw, expected):
    assert parse_score(raw) == expected


@pytest.mark.parametrize(
    ("raw", "key"), [("1.5", "score_range"), ("-0.1", "score_range"), ("abc", "not_number")]
)
def test_parse_score_refuses_with_a_message(raw, key):
    with pytest.raises(OkrbookError) as caught:
        parse_score(raw)
    assert caught.value.key == key
    assert raw in caught.value.render("en") and caught.value.render("zh") != caught.value.render("en")


def test_parse_minutes():
    assert parse_minutes(25) == 25 and parse_minutes("５") == 5 and parse_minutes(0) == 0
    for raw, key in [(-5, "minutes_range"), (500, "minutes_range"), (2.5, "not_int"), ("x", "not_number"),
                     ("", "required")]:  # fmt: skip
        with pytest.raises(OkrbookError) as caught:
            parse_minutes(raw)
        assert caught.value.key == key


def test_numbers_and_required_text():
    assert parse_number_field("1,800") == 1800 and parse_number_field("") is None
    with pytest.raises(OkrbookError):
        parse_number_field("lots")
    assert required_text("  王磊 ") == "王磊"
    with pytest.raises(OkrbookError) as caught:
        required_text("   ")
    assert caught.value.key == "required"


def test_due_dates():
    assert check_due(TODAY, TODAY) == TODAY, "due today is still ahead"
    with pytest.raises(OkrbookError) as caught:
        check_due(TODAY - dt.timedelta(days=1), TODAY)
    assert caught.value.key == "due_past" and "2026-10-08" in caught.value.render("en")
    with pytest.raises(OkrbookError):
        check_due(None, TODAY)


def test_homework_needs_text_owner_and_a_due_date_ahead():
    good = HomeworkItem(id="H1", text="访谈 10 家客户", owner="李娜", due=TODAY + dt.timedelta(days=14))
    assert homework_problems(good, TODAY) == {}
    bad = HomeworkItem(id="H2", text=" ", owner="", due=TODAY - dt.timedelta(days=3))
    problems = homework_problems(bad, TODAY)
    assert {k: e.key for k, e in problems.items()} == {
        "text": "required",
        "owner": "required",
        "due": "due_past",
    }


def test_lessons_whiteboard_and_adjustments():
    assert lesson_problems(Lesson("每周复盘", "王磊")) == {}
    assert set(lesson_problems(Lesson("每周复盘", ""))) == {"owner"}
    assert set(whiteboard_problems(WhiteboardItem(id="W1", text=""))) == {"text"}
    assert adjustment_problems(Adjustment("A1.KR1", 2000, 1800, "太激进"), {"A1.KR1"}) == {}
    problems = adjustment_problems(Adjustment("A9.KR1", None, None), {"A1.KR1"})
    assert {k: e.key for k, e in problems.items()} == {
        "annual_kr": "unknown_annual_kr",
        "new_target": "required",
        "why": "required",
    }
    wording = Adjustment("A1.KR1", 2000, None, "只看活跃不看付费", change="wording")
    assert set(adjustment_problems(wording, {"A1.KR1"})) == {"new_title"}, "a new wording needs its words"
    drop = Adjustment("A1.KR1", 2000, None, "", change="drop")
    assert set(adjustment_problems(drop, {"A1.KR1"})) == {"why"}, "dropping needs no target, but a reason"
