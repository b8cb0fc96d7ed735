"""The meeting's clock: each section's time budget, the time it has taken, and any overrun.

The aim is a result in about an hour, so
time must be visible. This module is pure: the current time comes from an
injected callable, so the timing is tested without widgets and without
sleeping. The forms only draw what :meth:`AgendaClock.status` says.

The clock is kept in the record (``record.clock``, see :func:`clock_to_record`
and :func:`clock_from_record`) so a kernel crash does not reset it. That is why
it reads wall-clock seconds (``time.time``), not ``time.monotonic``: a monotonic
reading means nothing to the next process.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from okrbook.core.record import AgendaTime, parse_timestamp


@dataclass(frozen=True)
class SectionTime:
    """How one agenda slot stands: seconds taken against seconds budgeted."""

    key: str
    elapsed: float
    budget: float
    running: bool

    @property
    def started(self) -> bool:
        return self.running or self.elapsed > 0

    @property
    def remaining(self) -> float:
        return self.budget - self.elapsed

    @property
    def overrun(self) -> bool:
        return self.elapsed > self.budget

    @property
    def over_by(self) -> float:
        return max(0.0, self.elapsed - self.budget)


class AgendaClock:
    """One running section at a time; starting another banks the time of the first.

    Time is kept per agenda key (``record.agenda``), so sections sharing one
    budget (the whiteboard and the homework) share one clock. Starting a
    section again resumes its clock rather than resetting it: the budget is
    for the whole meeting, however often the talk comes back to a section.
    """

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._spent: dict[str, float] = {}
        self._since: float | None = None
        self.current: str | None = None

    def start(self, key: str) -> None:
        if self.current == key:
            return
        self.stop()
        self.current, self._since = key, self._now()

    def stop(self) -> None:
        """Pause the running section, keeping the time it took."""
        if self.current is not None and self._since is not None:
            self._spent[self.current] = self._spent.get(self.current, 0.0) + self._running_for()
        self.current, self._since = None, None

    def toggle(self, key: str) -> None:
        """What a section's start button does: start it, or pause it if it is running."""
        if self.current == key:
            self.stop()
        else:
            self.start(key)

    def reset(self, key: str) -> None:
        if self.current == key:
            self._since = self._now()
        self._spent.pop(key, None)

    def elapsed(self, key: str) -> float:
        spent = self._spent.get(key, 0.0)
        if key == self.current:
            spent += self._running_for()
        return spent

    def _running_for(self) -> float:
        # never negative: the wall clock may be set back, or another machine's start lie ahead
        return 0.0 if self._since is None else max(0.0, self._now() - self._since)

    def status(self, key: str, minutes: float) -> SectionTime:
        return SectionTime(key, self.elapsed(key), minutes * 60.0, key == self.current)

    def total(self, agenda: Mapping[str, int]) -> SectionTime:
        """The whole meeting against the sum of the budgets."""
        elapsed = sum(self.elapsed(k) for k in set(agenda) | set(self._spent))
        return SectionTime("total", elapsed, total_minutes(agenda) * 60.0, self.current is not None)


def clock_to_record(clock: AgendaClock) -> AgendaTime:
    """What the record keeps: the banked seconds, and which section runs since when (ISO, with zone)."""
    since = ""
    if clock.current is not None and clock._since is not None:
        since = dt.datetime.fromtimestamp(clock._since, dt.UTC).astimezone().isoformat()
    spent = {k: round(v, 3) for k, v in clock._spent.items() if v > 0}
    return AgendaTime(spent=spent, running=clock.current or "", since=since)


def clock_from_record(state: AgendaTime, now: Callable[[], float] = time.time) -> AgendaClock:
    """The clock as the record left it: a running section goes on counting from its saved start."""
    clock = AgendaClock(now)
    clock._spent = {k: float(v) for k, v in state.spent.items() if v}
    if state.running:
        start = parse_timestamp(state.since)
        # a start that cannot be read (the record's reader refuses it) counts from now rather than stop
        clock.current, clock._since = state.running, now() if start is None else start.timestamp()
    return clock


def total_minutes(agenda: Mapping[str, int]) -> int:
    return sum(agenda.values())


def format_duration(seconds: float) -> str:
    """``12:05`` (minutes:seconds); a meeting's section never needs hours."""
    whole = int(abs(seconds))
    sign = "-" if seconds < 0 and whole else ""
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"
