"""The notebook run headless (``okrbook export --execute``): the lead's cells run, the sections draw nothing.

The minutes render every section from the record in the exporting process
(:mod:`okrbook.minutes.compose`); the run is only there to refresh the
outputs of the cells the lead added. So ``open_meeting()`` returns a
:class:`HeadlessMeeting` when ``OKRBOOK_MINUTES`` is set: each section call
is a no-op, nothing is drawn, read twice or saved.
"""

from __future__ import annotations

from collections.abc import Callable

from okrbook.core import method


class HeadlessMeeting:
    """The live meeting's section methods, doing nothing."""

    def export(self) -> None:
        """The export buttons have no place in a headless run."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name in method.SECTION_IDS:
            return lambda *args, **kwargs: None
        raise AttributeError(name)
