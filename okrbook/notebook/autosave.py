"""Saving as the lead types: coalesce a burst of edits into one save within a delay.

Every keystroke in a text area changes the record; writing the file on each
would be wasteful, and waiting for typing to stop could postpone a save for
as long as someone keeps talking. So the first change starts a timer and
every change until it fires rides on the same save: a change reaches the
disk at most ``delay`` seconds after it was made.

No Jupyter here: the saver takes any callable, so it is tested with a tiny
delay and :meth:`Saver.flush`. The edits and the save share :attr:`Saver.lock`
so a save never serialises a record halfway through a change.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any


class Saver:
    """Debounced saving with the outcome kept for the status line.

    ``on_change`` is called (from whichever thread saved) after every save
    attempt, successful or not, so a view can show "saved at 10:42:07" or
    the error. A failed save keeps the changes pending; the next change or
    :meth:`flush` tries again. It never retries on its own: a conflict needs
    a person to decide.
    """

    def __init__(
        self,
        save: Callable[[], Any],
        delay: float = 0.5,
        on_change: Callable[[Saver], None] | None = None,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self._save = save
        self.delay = delay
        self.on_change = on_change
        self._clock = clock
        self.lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._timer_lock = threading.Lock()
        self.pending = False
        self.saves = 0
        self.last_saved: dt.datetime | None = None
        self.last_error: BaseException | None = None

    def request(self) -> None:
        """Note that the record changed; it will be saved within ``delay`` seconds."""
        with self._timer_lock:
            self.pending = True
            if self._timer is None:
                # Not a daemon: a save due when the kernel shuts down still happens.
                self._timer = threading.Timer(self.delay, self._fire)
                self._timer.start()

    def flush(self) -> bool:
        """Save now if anything is pending; True when nothing is left unsaved."""
        self._cancel_timer()
        if self.pending:
            self._run()
        return not self.pending

    def cancel(self) -> None:
        """Drop pending changes (after a reload replaced the record they were made to)."""
        self._cancel_timer()
        with self.lock:
            self.pending = False
            self.last_error = None

    def _cancel_timer(self) -> None:
        with self._timer_lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()

    def _fire(self) -> None:
        with self._timer_lock:
            self._timer = None
        self._run()

    def _run(self) -> None:
        with self.lock:
            if not self.pending:
                return
            try:
                self._save()
            except Exception as err:  # shown to the lead; the changes stay pending
                self.last_error = err
            else:
                self.pending = False
                self.saves += 1
                self.last_saved = self._clock()
                self.last_error = None
        if self.on_change is not None:
            self.on_change(self)
