"""The meeting's clock: each section's time budget, the time it has taken, and any overrun.

The aim is a result in about an hour (DESIGN.md, "efficient consensus"), so
time must be visible. This module is pure: the current time comes from an
injected callable, so the timing is tested without widgets and without
sleeping. The forms only draw what :meth:`AgendaClock.status` says.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


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

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
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
            self._spent[self.current] = self._spent.get(self.current, 0.0) + self._now() - self._since
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
        if key == self.current and self._since is not None:
            spent += self._now() - self._since
        return spent

    def status(self, key: str, minutes: float) -> SectionTime:
        return SectionTime(key, self.elapsed(key), minutes * 60.0, key == self.current)

    def total(self, agenda: Mapping[str, int]) -> SectionTime:
        """The whole meeting against the sum of the budgets."""
        elapsed = sum(self.elapsed(k) for k in set(agenda) | set(self._spent))
        return SectionTime("total", elapsed, total_minutes(agenda) * 60.0, self.current is not None)


def total_minutes(agenda: Mapping[str, int]) -> int:
    return sum(agenda.values())


def format_duration(seconds: float) -> str:
    """``12:05`` (minutes:seconds); a meeting's section never needs hours."""
    whole = int(abs(seconds))
    sign = "-" if seconds < 0 and whole else ""
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"
