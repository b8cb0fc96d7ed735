"""The meeting's forms: one ipywidgets view per part of the retrospective, bound to the record.

The record is the truth (DESIGN.md, principle 1). Every widget here binds one
field: it shows the record's value, checks what is typed with the pure rules
of :mod:`okrbook.core.validation`, writes the record and asks the
:class:`~okrbook.notebook.autosave.Saver` to save it. Nothing lives only in a widget,
so reopening the notebook (or re-running it after the kernel died) builds
every form again from the record on disk.

The notebook only calls :func:`open_meeting` and one method per section
(``meeting.header()``, ``meeting.group1()``...). Sections 1–3 are drawn by
:mod:`okrbook.notebook.opening`, the two groups of questions by
:mod:`okrbook.notebook.groups`, the growing lists by :mod:`okrbook.notebook.lists`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as W

from okrbook import i18n
from okrbook.core import method
from okrbook.core.agenda import clock_from_record, clock_to_record, format_duration, total_minutes
from okrbook.core.record import Record, record_to_dict
from okrbook.core.validation import optional_text
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io import files
from okrbook.io.workbook import Workbook, open_workbook
from okrbook.minutes.render import MINUTES_ENV
from okrbook.notebook.autosave import Saver

# Where this kernel's unsaved version goes when another kernel saved first.
UNSAVED_NAME = "record-unsaved.yaml"
SECTION_BY_ID = {s.id: s for s in method.SECTIONS}
SAVE_DELAY = 0.5

_ALERT = "background:#fdecea;border:2px solid #c62828;color:#8e0000;padding:6px 10px;font-weight:bold"
_WARN = "color:#c62828"
_MUTED = "color:#666"
_OK = "color:#2e7d32"


def muted(text: str) -> str:
    return f'<span style="{_MUTED}">{escape(text)}</span>'


def fmt_number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def fmt_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def control_class(key: str) -> str:
    """The CSS class a control carries in the browser: ``kr.Q3.KR1.final`` → ``okrbook-kr-Q3-KR1-final``."""
    return "okrbook-" + re.sub(r"[^\w-]+", "-", key).strip("-")


class Controls(dict[str, W.Widget]):
    """``Meeting.controls``: registering a widget under its key also tags its view with
    :func:`control_class`, so a browser test finds a field by the same stable key."""

    def __setitem__(self, key: str, widget: W.Widget) -> None:
        super().__setitem__(key, widget)
        if isinstance(widget, W.DOMWidget):
            widget.add_class(control_class(key))

    def update(self, *args: Any, **kwargs: Any) -> None:
        # dict.update bypasses __setitem__: route it through, so no widget goes untagged
        for key, widget in dict(*args, **kwargs).items():
            self[key] = widget


class SectionView(W.VBox):
    """A section's form. Its plain-text form is the section's title, which a headless run keeps."""

    def __init__(self, section: method.Section, meeting: Meeting) -> None:
        super().__init__()
        self.section = section
        self.meeting = meeting
        self.render: Callable[[], None] = lambda: None

    def title(self) -> str:
        number = method.SECTIONS.index(self.section) + 1
        return f"{number}. {self.section.title(self.meeting.lang)}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = self.title()
        return data


class Meeting:
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
        self.today = today
        self.tick = tick
        self._now = now
        # the clock resumes from the record: a section running when the kernel died still runs
        self.clock = clock_from_record(workbook.record.clock, now)
        self.saver = Saver(self._write, delay, on_change=lambda _saver: self.show_status())
        self.controls: dict[str, W.Widget] = Controls()
        self.notes: dict[str, W.HTML] = {}
        self.lists: dict[str, Callable[[], None]] = {}
        self.kept: Path | None = None
        self._views: list[SectionView] = []
        self._clocks: list[tuple[str, W.HTML, W.Button]] = []
        self.agenda_total: W.HTML | None = None  # drawn by the header
        self._muted = 0
        self._closed = threading.Event()
        self._ticker: threading.Thread | None = None
        self.status = W.HTML()
        self.reload_button = W.Button(button_style="danger", icon="refresh")
        self.reload_button.on_click(lambda _b: self.reload())
        self.status_bar = W.HBox([self.status, self.reload_button])
        self.show_status()
        if self.clock.current is not None:
            self._start_ticker()

    # --- the record and the language ---------------------------------------------------------

    @property
    def record(self) -> Record:
        return self.wb.record

    @property
    def lang(self) -> str:
        return self.wb.lang

    def label(self, key: str) -> str:
        return i18n.label(key, self.lang)

    def message(self, key: str, **params: Any) -> str:
        return i18n.message(key, self.lang, **params)

    # --- binding widgets to the record -------------------------------------------------------

    @contextmanager
    def muted(self) -> Iterator[None]:
        """Set widget values from the record without taking them for the lead's edits."""
        self._muted += 1
        try:
            yield
        finally:
            self._muted -= 1

    def edit(self, change: Callable[[Record], object]) -> None:
        """Change the record (under the saver's lock) and have it saved within the delay."""
        with self.saver.lock:
            change(self.record)
        self.saver.request()
        self.show_status()

    def note(self, key: str) -> W.HTML:
        self.notes[key] = W.HTML()
        return self.notes[key]

    def warn(self, key: str, err: OkrbookError | None) -> None:
        """Show (or clear) the bilingual message beside a field."""
        if key in self.notes:
            text = "" if err is None else f'<span style="{_WARN}">⚠ {escape(err.render(self.lang))}</span>'
            self.notes[key].value = text

    def inform(self, key: str, text: str) -> None:
        if key in self.notes:
            self.notes[key].value = f'<span style="{_OK}">{escape(text)}</span>'

    def bind(
        self,
        key: str,
        widget: W.ValueWidget,
        get: Callable[[Record], Any],
        put: Callable[[Record, Any], None],
        parse: Callable[[Any], Any] | None = None,
        after: Callable[[], None] | None = None,
        show: Callable[[Any], Any] | None = None,
        row: bool = False,
    ) -> W.Box:
        """Show ``get(record)``; on each change parse, write with ``put`` and save.

        Input ``parse`` rejects is not written: its message shows beside the
        field and the record keeps its last good value. ``show`` redisplays
        the parsed value (``0.65`` becomes ``0.7``).
        """
        note = self.note(key)
        with self.muted():
            widget.value = get(self.record)

        def changed(change: dict[str, Any]) -> None:
            if self._muted:
                return
            try:
                value = parse(change["new"]) if parse is not None else change["new"]
            except OkrbookError as err:
                self.warn(key, err)
                return
            self.warn(key, None)
            self.edit(lambda r: put(r, value))
            if show is not None and show(value) != widget.value:
                with self.muted():
                    widget.value = show(value)
            if after is not None:
                after()

        widget.observe(changed, "value")
        self.controls[key] = widget
        return W.HBox([widget, note]) if row else W.VBox([widget, note])

    def text(
        self,
        key: str,
        get: Callable[[Record], str],
        put: Callable[[Record, str], None],
        *,
        area: bool = False,
        placeholder: str = "",
        parse: Callable[[Any], Any] = optional_text,
        width: str = "100%",
        rows: int = 3,
        row: bool = False,
    ) -> W.Box:
        """A text field saved as it is typed (``continuous_update``), without leaving the field."""
        layout = W.Layout(width=width)
        widget = (
            W.Textarea(placeholder=placeholder, rows=rows, continuous_update=True, layout=layout)
            if area
            else W.Text(placeholder=placeholder, continuous_update=True, layout=layout)
        )
        return self.bind(key, widget, get, put, parse=parse, row=row)

    def button(self, key: str, label_key: str, on_click: Callable[[], None], **kwargs: Any) -> W.Button:
        widget = W.Button(description=self.label(label_key), layout=W.Layout(width="auto"), **kwargs)
        widget.on_click(lambda _b: on_click())
        self.controls[key] = widget
        return widget

    def refresh(self, *names: str) -> None:
        """Redraw growing lists after an add or remove, without re-running any cell."""
        for name in names:
            if name in self.lists:
                self.lists[name]()

    # --- saving, conflicts, reloading --------------------------------------------------------

    def _write(self) -> None:
        try:
            self.wb.save()
        except ConflictError:
            self._keep_unsaved()
            raise

    def _keep_unsaved(self) -> None:
        """Another kernel saved first: never overwrite it, but keep this side's version too."""
        path = self.wb.folder / UNSAVED_NAME
        try:
            files.atomic_write(path, files.dump_yaml(record_to_dict(self.record)), backups=0)
        except OkrbookError:  # the conflict itself is the message that matters
            return
        self.kept = path

    def flush(self) -> bool:
        """Save now what is pending; True when the record on disk has every edit."""
        return self.saver.flush()

    def show_status(self) -> None:
        """The "saved at HH:MM:SS" line, or the conflict, shown prominently in every section."""
        saver, err = self.saver, self.saver.last_error
        self.reload_button.description = self.label("form_reload")
        self.reload_button.layout.display = "none"
        if isinstance(err, ConflictError):
            # the file is this workbook's record: the message alone says what happened
            text = escape(self.message(err.key, **err.params))
            if self.kept is not None:
                text += "<br>" + escape(self.message("form_conflict_kept", path=self.kept.name))
            self.status.value = f'<div style="{_ALERT}">⚠ {text}</div>'
            self.reload_button.layout.display = ""
        elif err is not None:
            reason = err.render(self.lang) if isinstance(err, OkrbookError) else str(err)
            self.status.value = (
                f'<div style="{_ALERT}">⚠ {escape(self.message("form_save_failed", reason=reason))}</div>'
            )
        elif saver.pending:
            self.status.value = muted(self.message("form_saving"))
        elif saver.last_saved is not None:
            saved = self.message("form_saved_at", time=saver.last_saved.strftime("%H:%M:%S"))
            self.status.value = f'<span style="{_OK}">✓ {escape(saved)}</span>'
        else:
            self.status.value = muted(self.message("form_no_changes", revision=self.record.revision))

    def reload(self) -> None:
        """Take the record on disk (someone else's edits) and redraw every form from it."""
        self.saver.cancel()
        try:
            self.wb.reload()
        except OkrbookError as err:
            self.status.value = f'<div style="{_ALERT}">⚠ {escape(err.render(self.lang))}</div>'
            return
        self.kept = None
        self.clock = clock_from_record(self.record.clock, self._now)
        self.rerender()
        if self.clock.current is not None:
            self._start_ticker()
        done = self.message("form_reloaded", revision=self.record.revision)
        self.status.value = f'<span style="{_OK}">{escape(done)}</span>'

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
        self._closed.set()

    # --- sections and their clocks -------------------------------------------------------------

    def section(self, section_id: str, build: Callable[[], list[W.Widget]]) -> SectionView:
        """A section's frame: title, its clock, the save status, then its fields."""
        section = SECTION_BY_ID[section_id]
        self._views = [v for v in self._views if v.section.id != section_id]
        view = SectionView(section, self)

        def render() -> None:
            heading = W.HTML(f"<h3>{escape(view.title())}</h3>")
            view.children = (heading, *self._timer(section), self.status_bar, *build())

        view.render = render
        render()
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

        The new state is saved like any answer (and meets a conflict the same way);
        the ticker only redraws, so a running clock costs no save per second.
        """
        self.clock.toggle(key)
        state = clock_to_record(self.clock)
        self.edit(lambda r: setattr(r, "clock", state))
        self.refresh_clocks()
        self._start_ticker()

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
        style = "font-weight:bold" if st.running else _MUTED
        if st.overrun:
            text += " · " + self.message("form_clock_over", over=format_duration(st.over_by))
            style = "font-weight:bold;" + _WARN
        clock.value = f'<span style="{style}">{escape(text)}</span>'

    def _start_ticker(self) -> None:
        """A thread redraws the running clock every ``tick`` seconds; it sleeps when none runs."""
        if self._ticker is not None and self._ticker.is_alive():
            return

        def loop() -> None:
            while not self._closed.wait(self.tick):
                if self.clock.current is not None:
                    self.refresh_clocks()

        self._ticker = threading.Thread(target=loop, name="okrbook-agenda-clock", daemon=True)
        self._ticker.start()

    # --- the sections, in agenda order (okrbook.core.method.SECTIONS) ------------------------------

    def header(self) -> SectionView:
        """Date, facilitator, attendees, the workbook's language and the agenda's time budgets."""
        from okrbook.notebook import opening

        return self.section("header", lambda: opening.header(self))

    def homework_review(self) -> SectionView:
        """Each item carried over: done, still open or dropped, with a note."""
        from okrbook.notebook import opening

        return self.section("homework_review", lambda: opening.homework_review(self))

    def big_picture(self) -> SectionView:
        """Positioning, goals, customer, needs, value proposition: carried over, and editable."""
        from okrbook.notebook import opening

        return self.section("big_picture", lambda: opening.big_picture(self))

    def prework(self) -> SectionView:
        """The members' pre-work side by side: who handed in, KR scores by divergence, every answer."""
        from okrbook.notebook import prework_review

        return self.section("prework", lambda: prework_review.review(self))

    def group1(self) -> SectionView:
        """Q1.1–Q1.4: the setting (with the OKR checks), scores, obstacles, keep / stop / start."""
        from okrbook.notebook import groups

        return self.section("group1", lambda: groups.group1(self))

    def group2(self) -> SectionView:
        """Q2.1–Q2.4: support, pace with a verdict per annual KR, the annual setting, adjustments."""
        from okrbook.notebook import groups

        return self.section("group2", lambda: groups.group2(self))

    def whiteboard(self) -> SectionView:
        """The contested fundamental questions: add, edit, resolve, or make one homework."""
        from okrbook.notebook import lists

        return self.section("whiteboard", lambda: lists.whiteboard(self))

    def homework(self) -> SectionView:
        """What this meeting hands out: text, owner, due date, status, linked whiteboard item."""
        from okrbook.notebook import lists

        return self.section("homework", lambda: lists.homework(self))

    def export(self) -> W.VBox:
        """The "export minutes" buttons: save what is pending, then run ``okrbook export``."""
        from okrbook.notebook import export_panel

        return export_panel.export_panel(self)


_OPEN: dict[Path, Meeting] = {}


def open_meeting(folder: str | Path | None = None, **options: Any) -> Any:
    """The forms for the workbook folder the notebook sits in (the kernel's working directory).

    Running the first cell again in the same kernel first saves whatever the
    previous meeting object still had pending, then reads the record afresh.
    When ``okrbook export`` runs the notebook (``OKRBOOK_MINUTES`` set) the
    same section calls draw the static minutes instead: see :mod:`okrbook.minutes.static_view`.
    """
    path = Path(folder if folder is not None else Path.cwd()).resolve()
    minutes_format = os.environ.get(MINUTES_ENV)
    if minutes_format:
        from okrbook.minutes.static_view import StaticMeeting

        return StaticMeeting(path, minutes_format)
    previous = _OPEN.pop(path, None)
    if previous is not None:
        previous.close()
    try:
        workbook = open_workbook(path)
    except OkrbookError as err:
        _show_open_error(err)
        return Unopened(err)
    meeting = Meeting(workbook, **options)
    _OPEN[path] = meeting
    return meeting


def _show_open_error(err: OkrbookError) -> None:
    """Before a workbook is open its language is unknown: say it in both."""
    lines = [f"{i18n.message('form_open_failed', lang)}: {err.render(lang)}" for lang in i18n.LANGS]
    _display_html(f'<div style="{_ALERT}">' + "<br>".join(escape(x) for x in lines) + "</div>")


def _display_html(html: str) -> None:
    from IPython.display import HTML, display

    display(HTML(html))


class Unopened:
    """What the notebook holds when its record could not be opened.

    The first cell said why (naming the file and field); every later cell says
    only that, in a line, instead of failing with a traceback the lead cannot act on.
    """

    def __init__(self, error: OkrbookError) -> None:
        self.error = error

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("_"):
            raise AttributeError(name)
        text = " · ".join(i18n.message("form_not_opened", lang) for lang in i18n.LANGS)
        return lambda *args, **kwargs: _display_html(muted(text))
