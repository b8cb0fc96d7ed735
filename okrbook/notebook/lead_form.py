"""The lead's forms bound to the quarter's record: sections, their clocks, reload and redraw.

Every section module (:mod:`~okrbook.notebook.opening`, :mod:`~okrbook.notebook.groups`,
:mod:`~okrbook.notebook.lists`...) draws its fields on a :class:`LeadForm`;
:class:`~okrbook.notebook.meeting.MeetingForms` adds one method per section,
which is all the notebook calls. Nothing lives only in a widget, so
reopening the notebook (or re-running it after the kernel died) builds every
form again from the record on disk.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as W

from okrbook.core import method
from okrbook.core.agenda import clock_from_record, clock_to_record, format_duration, total_minutes
from okrbook.core.record import Record, record_to_dict
from okrbook.errors import OkrbookError
from okrbook.io import files
from okrbook.io.workbook import Workbook
from okrbook.notebook.binding import MUTED, SAVE_DELAY, WARN, BoundForm, alert, muted
from okrbook.notebook.clock import ClockTicker
from okrbook.notebook.wire import whole

# Where this kernel's unsaved version goes when another kernel saved first.
UNSAVED_NAME = "record-unsaved.yaml"


class SectionView(W.VBox):
    """A section's form. Its plain-text form is the section's title, which a headless run keeps."""

    def __init__(self, section: method.Section, form: LeadForm, children: tuple[W.Widget, ...] = ()) -> None:
        super().__init__(children)
        self.section = section
        self.form = form
        self.render: Callable[[], None] = lambda: None

    def title(self) -> str:
        return f"{method.section_number(self.section.id)}. {self.section.title(self.form.lang)}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = self.title()
        return data


class LeadForm(BoundForm):
    """The forms of one workbook in one kernel, the saver behind them and the agenda clock.

    ``controls`` and ``notes`` hold each bound widget and the message beside
    it under a stable key (``meeting.facilitator``, ``kr.Q3.KR1.final``,
    ``homework.H2.owner``...), so tests and a later static view can find them.
    """

    def __init__(
        self,
        workbook: Workbook,
        *,
        delay: float = SAVE_DELAY,
        now: Callable[[], float] = time.time,
        today: Callable[[], dt.date] = dt.date.today,
        tick: float = 1.0,
    ) -> None:
        self.wb = workbook
        super().__init__(delay=delay)
        self.today = today
        self._now = now
        # the clock resumes from the record: a section running when the kernel died still runs
        self.clock = clock_from_record(workbook.record.clock, now)
        self.ticker = ClockTicker(self.refresh_clocks, lambda: self.clock.current is not None, tick)
        self.lists: dict[str, Callable[[], None]] = {}
        self._views: list[SectionView] = []
        self._clocks: list[tuple[str, W.HTML, W.Button]] = []
        self.agenda_total: W.HTML | None = None  # drawn by the header
        self.show_status()
        if self.clock.current is not None:
            self.ticker.start()

    # --- the record --------------------------------------------------------------------------------

    @property
    def record(self) -> Record:
        return self.wb.record

    @property
    def lang(self) -> str:  # the record's choice, which the header can change
        return self.wb.lang

    def data(self) -> Record:
        return self.wb.record

    def save(self) -> None:
        self.wb.save()

    def unsaved_copy(self) -> tuple[Path, str]:
        return self.wb.folder / UNSAVED_NAME, files.dump_yaml(record_to_dict(self.record))

    def idle_status(self) -> str:
        return muted(self.message("form_no_changes", revision=self.record.revision))

    def refresh(self, *names: str) -> None:
        """Redraw growing lists after an add or remove, without re-running any cell."""
        for name in names:
            if name in self.lists:
                self.lists[name]()

    def reread(self) -> int | None:
        """Take the record on disk (someone else's edits) and redraw every form from it."""
        try:
            self.wb.reload()
        except OkrbookError as err:
            self.status.value = alert(err.render(self.lang))
            return None
        self.kept = None
        self.clock = clock_from_record(self.record.clock, self._now)
        self.rerender()
        if self.clock.current is not None:
            self.ticker.start()
        return self.record.revision

    def rerender(self) -> None:
        """Redraw every shown section from the record (after a reload or a language change)."""
        self.controls.clear()
        self.notes.clear()
        self.lists.clear()
        self._clocks.clear()
        for view in list(self._views):
            view.render()
        self.show_status()

    def close(self) -> None:
        """Save what is pending and stop the clock's thread (a newer meeting takes over)."""
        self.flush()
        self.ticker.stop()

    retire = close

    # --- sections and their clocks -----------------------------------------------------------------

    def section(self, section_id: str, build: Callable[[], list[W.Widget]]) -> SectionView:
        """A section's frame: title, its clock, the save status, then its fields."""
        section = method.SECTION_BY_ID[section_id]
        self._views = [v for v in self._views if v.section.id != section_id]

        def children() -> tuple[W.Widget, ...]:
            title = f"{method.section_number(section.id)}. {section.title(self.lang)}"
            return (W.HTML(f"<h3>{escape(title)}</h3>"), *self._timer(section), self.status_bar, *build())

        # Drawn whole before the view exists, one message per widget (see notebook.wire): a Run All
        # sends thousands fewer, and none names a model the browser has not been sent.
        view = whole(lambda: SectionView(section, self, children()))
        view.render = lambda: setattr(view, "children", whole(children))
        self._views.append(view)
        return view

    def _timer(self, section: method.Section) -> list[W.Widget]:
        if section.agenda is None:
            return []
        key = section.agenda
        clock = W.HTML()
        button = W.Button(layout=W.Layout(width="auto"))
        button.on_click(lambda _b: self.toggle_section(key))
        self.controls[f"clock.{section.id}.start"] = button
        self.controls[f"clock.{section.id}"] = clock
        self._clocks.append((key, clock, button))
        self._draw_clock(key, clock, button)
        return [W.HBox([button, clock])]

    def toggle_section(self, key: str) -> None:
        """The "start this section" button: start its clock (pausing the running one), or pause it.

        The new state is saved like any answer (and meets a conflict the same way).
        """
        self.clock.toggle(key)
        state = clock_to_record(self.clock)
        self.edit(lambda r: setattr(r, "clock", state))
        self.refresh_clocks()
        self.ticker.start()

    def refresh_clocks(self) -> None:
        for key, clock, button in list(self._clocks):
            self._draw_clock(key, clock, button)
        if self.agenda_total is not None:
            total = self.clock.total(self.record.agenda)
            self.agenda_total.value = muted(
                self.message(
                    "form_agenda_total",
                    total=total_minutes(self.record.agenda),
                    elapsed=format_duration(total.elapsed),
                )
            )

    def _draw_clock(self, key: str, clock: W.HTML, button: W.Button) -> None:
        st = self.clock.status(key, self.record.agenda.get(key, 0))
        button.description = self.label("form_pause_section" if st.running else "form_start_section")
        button.button_style = "warning" if st.running else ""
        text = self.message(
            "form_clock", elapsed=format_duration(st.elapsed), budget=format_duration(st.budget)
        )
        style = "font-weight:bold" if st.running else MUTED
        if st.overrun:
            text += " · " + self.message("form_clock_over", over=format_duration(st.over_by))
            style = "font-weight:bold;" + WARN
        clock.value = f'<span style="{style}">{escape(text)}</span>'
