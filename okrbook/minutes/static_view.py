"""The notebook's static mode: each section cell shows the minutes' view of it.

When :mod:`okrbook.minutes.export` runs the workbook headless it sets
``OKRBOOK_MINUTES``; ``open_meeting()`` then returns a :class:`StaticMeeting`
whose section methods display the section rendered from the record (HTML
and Markdown, marked as okrbook's own) instead of building widgets. Nothing
is saved in this mode.
"""

from __future__ import annotations

from pathlib import Path

from IPython.display import display

from okrbook.io.workbook import open_workbook
from okrbook.minutes.evidence import analysis_blocks
from okrbook.minutes.render import SECTION_MIME, SECTIONS, MinutesData, minutes_data, render_section
from okrbook.prework.summary import summarise_folder


class StaticMeeting:
    """The same section methods as the live meeting, drawing static views."""

    def __init__(self, folder: str | Path = ".", fmt: str = "html") -> None:
        self.workbook = open_workbook(folder)
        self.fmt = fmt
        self._data: MinutesData | None = None
        self._shown: set[str] = set()

    @property
    def data(self) -> MinutesData:
        if self._data is None:
            data = minutes_data(self.workbook.record, self.workbook.sheet)
            data.blocks, data.blocks_md = analysis_blocks(data)
            data.prework = summarise_folder(self.workbook.folder, self.workbook.record, self.workbook.sheet)
            self._data = data
        return self._data

    def show(self, section: str) -> None:
        """Display one section once (a section split over cells is drawn at its first).

        The meeting header is followed by the summary a reader takes in at a glance.
        """
        if section in self._shown:
            return
        self._shown.add(section)
        parts = [section, "summary"] if section == "header" else [section]
        bundle = {
            SECTION_MIME: {"section": section},
            "text/html": "\n".join(render_section(p, self.data, "html") for p in parts),
            "text/markdown": "\n\n".join(render_section(p, self.data, "md") for p in parts),
            "text/plain": section,
        }
        display(bundle, raw=True)

    def export(self) -> None:
        """The export buttons have no place in the minutes."""

    def __getattr__(self, name: str):
        if name in SECTIONS:
            return lambda *args, **kwargs: self.show(name)
        raise AttributeError(name)
