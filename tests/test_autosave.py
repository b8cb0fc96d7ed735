"""The debounced saver: one save per burst, within the delay, errors kept, flush on demand."""

from __future__ import annotations

import threading
import time

import pytest

from okrbook.errors import ConflictError
from okrbook.notebook.autosave import Saver

DELAY = 0.05


def wait_for(condition, timeout: float = 2.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


class Target:
    def __init__(self, fail: BaseException | None = None) -> None:
        self.calls = 0
        self.threads: list[str] = []
        self.fail = fail

    def __call__(self) -> None:
        self.calls += 1
        self.threads.append(threading.current_thread().name)
        if self.fail is not None:
            raise self.fail


def test_a_burst_of_changes_is_one_save_within_the_delay():
    target = Target()
    seen: list[Saver] = []
    saver = Saver(target, DELAY, on_change=seen.append)
    for _ in range(20):
        saver.request()
    assert saver.pending and target.calls == 0, "nothing is written before the delay"
    assert wait_for(lambda: target.calls == 1)
    time.sleep(DELAY * 3)
    assert target.calls == 1
    assert not saver.pending and saver.saves == 1 and saver.last_saved is not None
    assert seen == [saver]


def test_typing_without_pause_still_saves_every_delay():
    """The timer is not restarted by each change: a long burst cannot postpone saving."""
    target = Target()
    saver = Saver(target, DELAY)
    end = time.monotonic() + DELAY * 6
    while time.monotonic() < end:
        saver.request()
        time.sleep(DELAY / 10)
    assert target.calls >= 2
    saver.flush()


def test_flush_saves_at_once_and_cancels_the_timer():
    target = Target()
    saver = Saver(target, delay=30)
    saver.request()
    assert saver.flush() is True
    assert target.calls == 1 and not saver.pending
    assert saver.flush() is True and target.calls == 1, "nothing pending: no second write"


def test_a_failed_save_is_kept_for_the_view_and_the_changes_stay_pending():
    err = ConflictError("record_conflict", {"disk": 3, "mine": 2})
    target = Target(fail=err)
    seen: list[BaseException | None] = []
    saver = Saver(target, delay=30, on_change=lambda s: seen.append(s.last_error))
    saver.request()
    assert saver.flush() is False
    assert saver.last_error is err and saver.pending and saver.saves == 0
    assert seen == [err]
    target.fail = None
    assert saver.flush() is True
    assert saver.last_error is None and saver.saves == 1


def test_cancel_drops_pending_changes():
    target = Target()
    saver = Saver(target, DELAY)
    saver.request()
    saver.cancel()
    time.sleep(DELAY * 3)
    assert target.calls == 0 and not saver.pending


def test_the_save_waits_for_an_edit_holding_the_lock():
    target = Target()
    saver = Saver(target, DELAY)
    with saver.lock:
        saver.request()
        time.sleep(DELAY * 3)
        assert target.calls == 0, "a save never runs in the middle of an edit"
    assert wait_for(lambda: target.calls == 1)
    assert target.threads[0] != threading.current_thread().name


@pytest.mark.parametrize("delay", [0.0, 0.01])
def test_tiny_delays_work(delay: float):
    target = Target()
    saver = Saver(target, delay)
    saver.request()
    assert wait_for(lambda: target.calls == 1)
