"""The agenda clock: time per section against its budget, with a fake clock (no sleeping)."""

from __future__ import annotations

import datetime as dt

import pytest

from okrbook.core.agenda import (
    AgendaClock,
    clock_from_record,
    clock_to_record,
    format_duration,
    total_minutes,
)
from okrbook.core.record import (
    DEFAULT_AGENDA,
    AgendaTime,
    Record,
    parse_timestamp,
    record_from_dict,
    record_to_dict,
)
from okrbook.errors import OkrbookError

# 2026-10-09 14:00 in Beijing, as wall-clock seconds: the clock saves real times
MEETING = dt.datetime(2026, 10, 9, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp()


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, minutes: float = 0.0, seconds: float = 0.0) -> None:
        self.t += minutes * 60 + seconds


def test_a_section_not_started_has_taken_no_time():
    clock = AgendaClock(FakeTime())
    st = clock.status("group1", 25)
    assert (st.elapsed, st.budget, st.running, st.started, st.overrun) == (0.0, 1500.0, False, False, False)
    assert st.remaining == 1500.0


def test_the_running_section_counts_and_starting_another_banks_it():
    now = FakeTime()
    clock = AgendaClock(now)
    clock.start("homework_review")
    now.advance(minutes=3)
    assert clock.elapsed("homework_review") == 180
    assert clock.status("homework_review", 5).running
    clock.start("big_picture")
    now.advance(minutes=2)
    assert clock.elapsed("homework_review") == 180, "a paused section keeps its time"
    assert clock.elapsed("big_picture") == 120
    assert clock.current == "big_picture"


def test_starting_the_running_section_again_changes_nothing():
    now = FakeTime()
    clock = AgendaClock(now)
    clock.start("group1")
    now.advance(minutes=1)
    clock.start("group1")
    now.advance(minutes=1)
    assert clock.elapsed("group1") == 120


def test_coming_back_to_a_section_resumes_its_clock():
    now = FakeTime()
    clock = AgendaClock(now)
    clock.toggle("group1")
    now.advance(minutes=10)
    clock.toggle("group1")  # pause
    assert clock.current is None
    now.advance(minutes=30)  # paused time does not count
    clock.toggle("group1")
    now.advance(minutes=5)
    assert clock.elapsed("group1") == 15 * 60


def test_an_overrun_is_reported_with_how_far_over():
    now = FakeTime()
    clock = AgendaClock(now)
    clock.start("big_picture")
    now.advance(minutes=5)
    assert not clock.status("big_picture", 5).overrun, "exactly on budget is not over"
    now.advance(seconds=90)
    st = clock.status("big_picture", 5)
    assert st.overrun and st.over_by == 90 and st.remaining == -90


def test_reset_starts_a_section_from_zero():
    now = FakeTime()
    clock = AgendaClock(now)
    clock.start("group2")
    now.advance(minutes=4)
    clock.reset("group2")
    now.advance(minutes=1)
    assert clock.elapsed("group2") == 60


def test_total_is_the_whole_meeting_against_the_sum_of_budgets():
    now = FakeTime()
    clock = AgendaClock(now)
    assert total_minutes(DEFAULT_AGENDA) == 60
    clock.start("homework_review")
    now.advance(minutes=6)
    clock.start("group1")
    now.advance(minutes=20)
    total = clock.total(DEFAULT_AGENDA)
    assert total.elapsed == 26 * 60 and total.budget == 3600 and total.running


def test_format_duration():
    assert format_duration(0) == "00:00"
    assert format_duration(65.9) == "01:05"
    assert format_duration(25 * 60) == "25:00"
    assert format_duration(-90) == "-01:30"


# --- the clock in the record ------------------------------------------------------------------


def at_meeting() -> FakeTime:
    now = FakeTime()
    now.t = MEETING
    return now


def test_the_clocks_state_round_trips_through_the_record():
    now = at_meeting()
    clock = AgendaClock(now)
    clock.start("group1")
    now.advance(minutes=3)
    clock.start("big_picture")
    now.advance(minutes=2)
    state = clock_to_record(clock)
    assert state.spent == {"group1": 180} and state.running == "big_picture"
    since = parse_timestamp(state.since)
    assert since is not None and since.utcoffset() is not None, "a time that names its zone"
    assert since.timestamp() == MEETING + 180
    record = Record(quarter="2026Q3", clock=state)
    assert record_from_dict(record_to_dict(record)).clock == state
    again = clock_from_record(state, now)
    assert (again.current, again.elapsed("group1"), again.elapsed("big_picture")) == ("big_picture", 180, 120)
    assert clock_to_record(AgendaClock(now)) == AgendaTime(), "a clock never started saves nothing"


def test_a_running_section_goes_on_counting_across_a_restart():
    now = at_meeting()
    clock = AgendaClock(now)
    clock.toggle("group2")
    now.advance(minutes=4)
    clock.toggle("group2")
    clock.toggle("group1")
    now.advance(minutes=6)
    saved = clock_to_record(clock)

    later = at_meeting()  # another process, later: only the saved state carries over
    later.advance(minutes=15)
    resumed = clock_from_record(saved, later)
    assert resumed.current == "group1"
    assert resumed.elapsed("group1") == 11 * 60, "six minutes before the restart, five since"
    assert resumed.elapsed("group2") == 4 * 60
    resumed.toggle("group1")
    later.advance(minutes=30)
    assert resumed.elapsed("group1") == 11 * 60 and clock_to_record(resumed).running == ""


def test_a_start_in_the_future_counts_as_no_time():
    """The wall clock can be set back (or the record saved on a machine whose clock runs ahead)."""
    now = at_meeting()
    state = AgendaTime(spent={"group1": 60.0}, running="group1", since="2026-10-09T15:00:00+08:00")
    assert clock_from_record(state, now).elapsed("group1") == 60


def test_older_records_have_a_stopped_clock():
    body = {"schema": "okrbook.record", "schema_version": 1, "quarter": "2026Q3"}
    assert record_from_dict(body).clock == AgendaTime()


@pytest.mark.parametrize(
    ("clock", "where"),
    [
        ({"running": "coffee", "since": "2026-10-09T14:00:00+08:00"}, "clock.running"),
        ({"running": "group1", "since": "2026-10-09 14:00"}, "clock.since"),
        ({"running": "group1"}, "clock.since"),
        ({"since": "yesterday"}, "clock.since"),
        ({"spent": {"group1": -5}}, "clock.spent.group1"),
        ({"spent": {"coffee": 5}}, "clock.spent"),
    ],
)
def test_a_bad_clock_in_the_record_is_named(clock: dict, where: str):
    body = {"schema": "okrbook.record", "schema_version": 1, "quarter": "2026Q3", "clock": clock}
    with pytest.raises(OkrbookError) as err:
        record_from_dict(body)
    assert err.value.field == where
