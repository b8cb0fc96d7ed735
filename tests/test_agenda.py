"""The agenda clock: time per section against its budget, with a fake clock (no sleeping)."""

from __future__ import annotations

from okrbook.agenda import AgendaClock, format_duration, total_minutes
from okrbook.record import DEFAULT_AGENDA


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
