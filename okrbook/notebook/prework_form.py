"""The member's pre-work form (``prework/prework.ipynb``): a form app, in JupyterLab or Voilà.

The member picks their name (from the meeting's attendees, else the sheet's owners, or typed), answers
the eight questions, scores the KRs they own (the others if they like) and
proposes whiteboard topics. Like the lead's forms, every change is written at
once to the member's own file (``prework/<name>.yaml``), atomically, through
an :class:`~okrbook.notebook.autosave.Saver`: the file is the truth and reopening the
form shows it again. A file that cannot be read is shown as an error and
never overwritten. Each save checks the file's revision as the record's does,
so a second tab (Voilà gives each its own kernel) or a survey import is never
silently overwritten: the form shows the conflict, keeps its own version in
``prework/<name>-unsaved.yaml`` and offers Reload.

The notebook's only code is :func:`open_prework`, so Voilà shows the form and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as W

from okrbook import i18n
from okrbook.core import method
from okrbook.core.scoring import computed_score
from okrbook.core.sheet import KeyResult
from okrbook.core.validation import parse_score
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io import files
from okrbook.io.stores import RECORD_NAME
from okrbook.io.workbook import Workbook, open_workbook
from okrbook.notebook.autosave import Saver
from okrbook.notebook.meeting import (
    _ALERT,
    _OK,
    _WARN,
    SAVE_DELAY,
    Controls,
    Unopened,
    _show_open_error,
    fmt_number,
    fmt_score,
    muted,
)
from okrbook.prework.members import (
    FOLDER,
    MemberScore,
    Prework,
    file_name,
    files_for,
    load_prework,
    member_key,
    prework_to_dict,
    save_prework,
    unsaved_path,
)
from okrbook.prework.summary import QUESTIONS, expected_members


class PreworkForm(W.VBox):
    """One member's pre-work, bound to their file. ``controls`` holds each field under a stable key."""

    def __init__(self, workbook: Workbook, *, delay: float = SAVE_DELAY) -> None:
        super().__init__()
        self.wb = workbook
        self.folder = workbook.folder / FOLDER
        self.lang = workbook.lang
        self.prework: Prework | None = None
        self.path: Path | None = None
        self.blocked: OkrbookError | None = None
        self.chosen = ""  # the member whose file is open: the one a failed switch stays on
        self.kept: Path | None = None  # this tab's version, after another save got to the file first
        self.saver = Saver(self._write, delay, on_change=lambda _s: self.show_status())
        # tagged okrbook-<key> like the lead's controls, so a browser (JupyterLab or Voilà) finds each field
        self.controls: dict[str, W.Widget] = Controls()
        self.notes: dict[str, W.HTML] = {}
        self._muted = False
        self.status = W.HTML()
        self.reload_button = W.Button(button_style="danger", icon="refresh")
        self.reload_button.on_click(lambda _b: self.reload())
        self.status_bar = W.HBox([self.status, self.reload_button])
        self.names, _ = expected_members(workbook.record, workbook.sheet)
        self.name = W.Combobox(
            options=self.names,
            ensure_option=False,
            continuous_update=False,
        )
        self.name.observe(lambda change: None if self._muted else self.choose(change["new"]), "value")
        self.language = W.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=self.lang)
        self.language.observe(lambda change: self.set_language(change["new"]), "value")
        self.name_note = W.HTML()
        self.controls["name"] = self.name  # one by one: dict.update would skip Controls' tagging
        self.controls["language"] = self.language
        self.controls["reload"] = self.reload_button
        self.render()

    def label(self, key: str) -> str:
        return i18n.label(key, self.lang)

    def message(self, key: str, **params: Any) -> str:
        return i18n.message(key, self.lang, **params)

    # --- choosing the member ---------------------------------------------------------------------

    def choose(self, name: str) -> None:
        """Open the member's file (or start one) once the current member's edits are on disk.

        The flush and the switch hold the saver's lock together, so a save falling due in between
        cannot write one member's answers to the other's file. If the flush fails (a conflict, a
        full disk) the form stays on the current member with the message, rather than drop edits.
        """
        name = str(name).strip()
        with self.saver.lock:
            if not self.flush():
                with self._quiet():
                    self.name.value = self.chosen
                stayed = self.message("prework_stayed", member=self.chosen)
                self.name_note.value = f'<span style="{_WARN}">⚠ {escape(stayed)}</span>'
                self.show_status()
                return
            self._open(name)

    def _open(self, name: str) -> None:
        """Read the member's file as it is on disk; a file that cannot be read blocks saving."""
        self.prework, self.path, self.blocked, self.kept = None, None, None, None
        self.chosen = name
        if name:
            quarter = str(self.wb.quarter)  # "2026Q3", as the member files have it
            found = files_for(self.folder, name)
            path = found[0] if found else self.folder / file_name(name)
            try:
                if len(found) > 1:  # which one is theirs is for the lead to sort out
                    params = {"member": name, "files": ", ".join(p.name for p in found)}
                    raise OkrbookError("prework_duplicate", params, file=FOLDER)
                prework = load_prework(path, f"{FOLDER}/{path.name}") if path.exists() else None
                if prework is not None and prework.quarter != quarter:
                    params = {"quarter": prework.quarter, "expected": quarter}
                    raise OkrbookError("prework_other_quarter", params, file=f"{FOLDER}/{path.name}")
            except OkrbookError as err:
                self.blocked = err
            else:
                self.path = path
                self.prework = prework or Prework(
                    quarter=quarter, member=name, language=self.lang, source="form"
                )
                if prework is not None and prework.language != self.lang:
                    self.lang = prework.language
                    with self._quiet():
                        self.language.value = self.lang
        known = {member_key(a) for a in self.names}
        unknown = name and known and member_key(name) not in known
        self.name_note.value = muted(self.message("prework_not_attendee", name=name)) if unknown else ""
        self.render()

    def set_language(self, lang: str) -> None:
        if self._muted:
            return
        self.lang = lang
        if self.prework is not None:
            self.prework.language = lang  # saved with the next answer: a language alone is no pre-work
        self.render()

    # --- saving ----------------------------------------------------------------------------------

    def _write(self) -> None:
        if self.prework is None or self.path is None:
            return
        self.folder.mkdir(exist_ok=True)
        try:
            save_prework(self.path, self.prework)
        except ConflictError:
            self._keep_unsaved()
            raise

    def _keep_unsaved(self) -> None:
        """Another save got to the file first: leave it as it is, and keep this tab's version beside it."""
        assert self.prework is not None and self.path is not None
        path = unsaved_path(self.path)
        try:
            files.atomic_write(path, files.dump_yaml(prework_to_dict(self.prework)), backups=0)
        except OkrbookError:  # the conflict is still shown; the edits stay pending in this tab
            return
        self.kept = path

    def flush(self) -> bool:
        """Save now what is pending; True when the file on disk has every edit."""
        return self.saver.flush()

    def reload(self) -> None:
        """Show the file as saved elsewhere, dropping this tab's pending edits (kept in the copy)."""
        with self.saver.lock:
            self.saver.cancel()
            self._open(self.chosen)
        if self.prework is not None and self.blocked is None:
            done = self.message("form_reloaded", revision=self.prework.revision)
            self.status.value = f'<span style="{_OK}">{escape(done)}</span>'

    def show_status(self) -> None:
        """The save line; a conflict is shown prominently, with where this tab's version went and Reload."""
        err = self.saver.last_error
        self.reload_button.description = self.label("form_reload")
        self.reload_button.layout.display = "none"
        if self.blocked is not None:
            text = self.message("prework_file_blocked", reason=self.blocked.render(self.lang))
            self.status.value = f'<div style="{_ALERT}">⚠ {escape(text)}</div>'
        elif isinstance(err, ConflictError):
            text = escape(self.message(err.key, **err.params))
            if self.kept is not None:
                kept = f"{FOLDER}/{self.kept.name}"
                text += "<br>" + escape(self.message("form_conflict_kept", path=kept))
            self.status.value = f'<div style="{_ALERT}">⚠ {text}</div>'
            self.reload_button.layout.display = ""
        elif err is not None:
            reason = err.render(self.lang) if isinstance(err, OkrbookError) else str(err)
            text = self.message("form_save_failed", reason=reason)
            self.status.value = f'<div style="{_ALERT}">⚠ {escape(text)}</div>'
        elif self.saver.pending:
            self.status.value = muted(self.message("form_saving"))
        elif self.saver.last_saved is not None:
            saved = self.message("form_saved_at", time=self.saver.last_saved.strftime("%H:%M:%S"))
            where = f" · {FOLDER}/{self.path.name}" if self.path is not None else ""
            self.status.value = f'<span style="{_OK}">✓ {escape(saved + where)}</span>'
        elif self.prework is None:
            self.status.value = muted(self.message("prework_pick_name"))
        else:
            self.status.value = ""

    # --- binding -------------------------------------------------------------------------------

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Set widget values from the file without taking them for the member's edits."""
        self._muted = True
        try:
            yield
        finally:
            self._muted = False

    def bind(
        self,
        key: str,
        widget: W.ValueWidget,
        get: Callable[[Prework], Any],
        put: Callable[[Prework, Any], None],
        parse: Callable[[Any], Any] | None = None,
    ) -> W.Box:
        """Show ``get(prework)``; each change is parsed, written and saved within the delay."""
        note = W.HTML()
        self.notes[key] = note
        assert self.prework is not None
        with self._quiet():
            widget.value = get(self.prework)

        def changed(change: dict[str, Any]) -> None:
            if self._muted or self.prework is None:
                return
            try:
                value = parse(change["new"]) if parse is not None else change["new"]
            except OkrbookError as err:
                note.value = f'<span style="{_WARN}">⚠ {escape(err.render(self.lang))}</span>'
                return
            note.value = ""
            with self.saver.lock:
                put(self.prework, value)
            self.saver.request()
            self.show_status()

        widget.observe(changed, "value")
        self.controls[key] = widget
        return W.VBox([widget, note])

    # --- drawing -------------------------------------------------------------------------------

    def render(self) -> None:
        record = self.wb.record
        intro = self.message("prework_intro", department=record.department, quarter=record.quarter)
        head = W.HTML(f"<h3>{escape(method.section_title('prework', self.lang))}</h3>{muted(intro)}")
        self.name.placeholder = i18n.label("form_name_hint", self.lang)
        name_row = W.HBox([W.Label(self.label("prework_name")), self.name, self.language])
        for key in [k for k in self.controls if k not in ("name", "language", "reload")]:
            del self.controls[key]
        self.notes.clear()
        body = self._fields() if self.prework is not None else []
        self.children = (head, name_row, self.name_note, self.status_bar, *body)
        self.show_status()

    def _fields(self) -> list[W.Widget]:
        out: list[W.Widget] = []
        groups = {"Q1": "group1", "Q2": "group2"}
        titles = {q: method.section_title(group, self.lang) for q, group in groups.items()}
        for number, q in QUESTIONS:
            if number.endswith(".1"):
                out.append(W.HTML(f"<h4>{escape(titles[number[:2]])}</h4>"))
            out.append(W.HTML(f"<b>{escape(number)} {escape(q.text(self.lang))}</b>"))
            out.append(self._answer(q))
        out.append(W.HTML(f"<h4>{escape(self.label('prework_scores'))}</h4>"))
        mine, others = self._krs()
        out.append(W.HTML(f"<b>{escape(self.label('prework_my_krs'))}</b>"))
        out.extend(self._score_row(kr) for kr in mine)
        if not mine:
            out.append(W.HTML(muted(self.label("none_yet"))))
        if others:
            accordion = W.Accordion(children=[W.VBox([self._score_row(kr) for kr in others])])
            accordion.set_title(0, self.label("prework_other_krs"))
            scored = any(self.prework.score_of(k.id) is not None for k in others)
            accordion.selected_index = 0 if scored else None  # closed until the member scores one
            self.controls["other_krs"] = accordion
            out.append(accordion)
        out.append(W.HTML(f"<h4>{escape(self.label('prework_topics'))}</h4>"))
        topics = W.Textarea(
            placeholder=self.label("prework_topics_hint"),
            rows=3,
            continuous_update=True,
            layout=W.Layout(width="100%"),
        )
        out.append(
            self.bind(
                "topics",
                topics,
                lambda p: "\n".join(p.topics),
                lambda p, v: setattr(p, "topics", v),
                parse=lambda v: [t.strip() for t in str(v).splitlines() if t.strip()],
            )
        )
        return out

    def _answer(self, q: method.Question) -> W.Widget:
        def put(p: Prework, value: str) -> None:
            if value:
                p.answers[q.id] = value
            else:
                p.answers.pop(q.id, None)

        area = W.Textarea(
            placeholder=q.intent(self.lang), rows=3, continuous_update=True, layout=W.Layout(width="100%")
        )
        return self.bind(
            f"answers.{q.id}", area, lambda p: p.answers.get(q.id, ""), put, parse=lambda v: str(v).strip()
        )

    def _krs(self) -> tuple[list[KeyResult], list[KeyResult]]:
        assert self.prework is not None
        me = member_key(self.prework.member)
        krs = [kr for o in self.wb.objectives() for kr in o.key_results]
        return [k for k in krs if member_key(k.owner) == me], [k for k in krs if member_key(k.owner) != me]

    def _score_row(self, kr: KeyResult) -> W.Widget:
        if kr.kind == "milestone":
            progress = self.label("done" if kr.done else "not_done")
        elif kr.target is None:
            progress = self.label("no_measure")
        else:
            unit = f" {kr.unit}" if kr.unit else ""
            progress = f"{fmt_number(kr.start)} → {fmt_number(kr.latest)} / {fmt_number(kr.target)}{unit}"
        facts = " · ".join(
            (kr.owner or "—", progress, f"{self.label('computed_score')}: {fmt_score(computed_score(kr))}")
        )
        info = W.HTML(
            f"<b>{escape(kr.id)}</b> {escape(kr.title)}<br>{muted(facts)}", layout=W.Layout(width="50%")
        )

        def put_score(p: Prework, value: float | None) -> None:
            entry = p.scores.setdefault(kr.id, MemberScore())
            entry.score = value
            if entry.score is None and not entry.why:
                del p.scores[kr.id]

        def put_why(p: Prework, value: str) -> None:
            entry = p.scores.setdefault(kr.id, MemberScore())
            entry.why = value
            if entry.score is None and not entry.why:
                del p.scores[kr.id]

        score = self.bind(
            f"score.{kr.id}",
            W.Text(
                placeholder=self.label("prework_score_hint"),
                continuous_update=True,
                description=self.label("prework_score"),
                layout=W.Layout(width="16em"),
            ),
            lambda p: fmt_score(p.score_of(kr.id)) if p.score_of(kr.id) is not None else "",
            put_score,
            parse=parse_score,
        )
        why = self.bind(
            f"why.{kr.id}",
            W.Text(placeholder=self.label("prework_why_hint"), continuous_update=True),
            lambda p: p.scores[kr.id].why if kr.id in p.scores else "",
            put_why,
            parse=lambda v: str(v).strip(),
        )
        return W.HBox([info, W.VBox([score, why])], layout=W.Layout(margin="0 0 6px 0"))


_OPEN: dict[Path, PreworkForm] = {}


def open_prework(folder: str | Path | None = None, **options: Any) -> PreworkForm:
    """The form for the workbook the notebook sits in (``<workbook>/prework/``, or the workbook itself).

    Running the cell again first saves what the previous form still had pending.
    """
    path = Path(folder if folder is not None else Path.cwd()).resolve()
    if path.name == FOLDER and (path.parent / RECORD_NAME).exists():
        path = path.parent
    previous = _OPEN.pop(path, None)
    if previous is not None:
        previous.flush()
    try:
        workbook = open_workbook(path)
    except OkrbookError as err:
        _show_open_error(err)
        return Unopened(err)
    form = PreworkForm(workbook, **options)
    _OPEN[path] = form
    return form
