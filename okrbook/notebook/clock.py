"""The thread that keeps the running section's clock moving on screen.

The clock's state is the record's (``clock:``, see :mod:`okrbook.core.agenda`),
saved like any answer when a section starts or pauses; this thread only
redraws, so a running clock costs no save per second, and it sleeps while
no section runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class ClockTicker:
    """Calls ``redraw`` every ``tick`` seconds while ``running()`` says a section's clock runs."""

    def __init__(self, redraw: Callable[[], None], running: Callable[[], bool], tick: float = 1.0) -> None:
        self.redraw = redraw
        self.running = running
        self.tick = tick
        self.stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread unless it runs already."""
        if self._thread is not None and self._thread.is_alive():
            return

        def loop() -> None:
            while not self.stopped.wait(self.tick):
                if self.running():
                    self.redraw()

        self._thread = threading.Thread(target=loop, name="okrbook-agenda-clock", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the thread (a newer meeting object took over, or the kernel shuts down)."""
        self.stopped.set()
