"""The member's pre-work form (``prework/prework.ipynb``): a form app, in JupyterLab or Voilà.

The member picks their name (from the meeting's attendees, else the sheet's owners, or typed; on a
company's JupyterHub it is the logged-in member's, from the roster, and no other is offered), answers
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

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as W

from okrbook import i18n
from okrbook.core import method
from okrbook.core.numbers import format_score
from okrbook.core.sheet import KeyResult
from okrbook.core.validation import parse_score
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io import files
from okrbook.io.stores import RECORD_NAME
from okrbook.io.workbook import Workbook
from okrbook.notebook.binding import (
    SAVE_DELAY,
    WARN,
    BoundForm,
    Unopened,
    kr_facts,
    muted,
    open_form,
)
from okrbook.notebook.identity import describe, logged_in
from okrbook.notebook.wire import whole
from okrbook.prework.members import (
    FOLDER,
    MemberScore,
    Prework,
    load_prework,
    member_key,
    path_for,
    prework_to_dict,
    save_prework,
    unsaved_path,
)
from okrbook.prework.summary import expected_members


class PreworkForm(BoundForm, W.VBox):
    """One member's pre-work, bound to their file. ``controls`` holds each field under a stable key.

    The binding, the saver, conflicts, Reload and the unsaved copy are the lead's
    (:class:`~okrbook.notebook.binding.BoundForm`); what is the member's own is
    choosing whose file is open, and a file that cannot be read blocking every save.
    """

    blocked_message = "prework_file_blocked"

    def __init__(self, workbook: Workbook, *, delay: float = SAVE_DELAY) -> None:
        W.VBox.__init__(self)
        self.wb = workbook
        self.lang = workbook.lang
        # on a company's JupyterHub the member is whoever logged in: their name, fixed
        self.identity = logged_in(workbook.folder)
        self.who = W.HTML()
        BoundForm.__init__(self, delay=delay)
        self.folder = workbook.folder / FOLDER
        self.prework: Prework | None = None
        self.path: Path | None = None
        self.chosen = ""  # the member whose file is open: the one a failed switch stays on
        self.names, _ = expected_members(workbook.record, workbook.sheet)
        self.name = W.Combobox(
            options=self.names,
            ensure_option=False,
            continuous_update=False,
        )
        self.name.observe(lambda change: None if self._muted else self.choose(change["new"]), "value")
        self.language = W.ToggleButtons(options=i18n.LANGUAGE_CHOICES, value=self.lang)
        self.language.observe(lambda change: self.set_language(change["new"]), "value")
        self.name_note = W.HTML()
        self.controls["name"] = self.name  # one by one: dict.update would skip Controls' tagging
        self.controls["language"] = self.language
        self.controls["reload"] = self.reload_button
        if self.identity is None:
            self.render()
            return
        self.name.options = (self.identity.name,) if self.identity.name else ()
        self.name.disabled = True
        with self.muted():
            self.name.value = self.identity.name
        self._open(self.identity.name)

    # --- what the form is bound to -----------------------------------------------------------------

    def data(self) -> Prework | None:
        return self.prework

    def save(self) -> None:
        if self.prework is None or self.path is None:
            return
        self.folder.mkdir(exist_ok=True)
        save_prework(self.path, self.prework)

    def _write(self) -> None:
        """A save the system refuses (on a hub: a file that is not the member's) keeps their words too."""
        try:
            super()._write()
        except ConflictError:
            raise
        except OkrbookError as err:
            if err.key == "output_unwritable":
                self._keep_unsaved()
            raise

    def unsaved_copy(self) -> tuple[Path, str] | None:
        if self.prework is None or self.path is None:
            return None
        return unsaved_path(self.path), files.dump_yaml(prework_to_dict(self.prework))

    def reread(self) -> int | None:
        self._open(self.chosen)
        return self.prework.revision if self.prework is not None and self.problem is None else None

    def shown(self, path: Path) -> str:
        return f"{FOLDER}/{path.name}"

    def saved_suffix(self) -> str:
        return f" · {self.shown(self.path)}" if self.path is not None else ""

    def idle_status(self) -> str:
        if self.prework is not None or (self.identity is not None and not self.identity.name):
            return ""
        return muted(self.message("prework_pick_name"))

    # --- choosing the member ---------------------------------------------------------------------

    def choose(self, name: str) -> None:
        """Open the member's file (or start one) once the current member's edits are on disk.

        The flush and the switch hold the saver's lock together, so a save falling due in between
        cannot write one member's answers to the other's file. If the flush fails (a conflict, a
        full disk) the form stays on the current member with the message, rather than drop edits.
        """
        name = str(name).strip()
        if self.identity is not None and name != self.identity.name:
            return  # on the hub the form writes the logged-in member's file only
        with self.saver.lock:
            if not self.flush():
                with self.muted():
                    self.name.value = self.chosen
                stayed = self.message("prework_stayed", member=self.chosen)
                self.name_note.value = f'<span style="{WARN}">⚠ {escape(stayed)}</span>'
                self.show_status()
                return
            self._open(name)

    def _open(self, name: str) -> None:
        """Read the member's file as it is on disk; a file that cannot be read blocks saving."""
        self.prework, self.path, self.problem, self.kept = None, None, None, None
        self.chosen = name
        if name:
            quarter = str(self.wb.quarter)  # "2026Q3", as the member files have it
            try:
                path = path_for(self.folder, name)  # refuses two files for one name, or someone else's
                prework = load_prework(path, f"{FOLDER}/{path.name}") if path.exists() else None
                if prework is not None and prework.quarter != quarter:
                    params = {"quarter": prework.quarter, "expected": quarter}
                    raise OkrbookError("prework_other_quarter", params, file=f"{FOLDER}/{path.name}")
            except OkrbookError as err:
                self.problem = err
            else:
                self.path = path
                self.prework = prework or Prework(
                    quarter=quarter, member=name, language=self.lang, source="form"
                )
                if prework is not None and prework.language != self.lang:
                    self.lang = prework.language
                    with self.muted():
                        self.language.value = self.lang
        known = {member_key(a) for a in self.names}
        unknown = name and known and member_key(name) not in known and self.identity is None
        self.name_note.value = muted(self.message("prework_not_attendee", name=name)) if unknown else ""
        self.render()

    def set_language(self, lang: str) -> None:
        if self._muted:
            return
        self.lang = lang
        if self.prework is not None:
            self.prework.language = lang  # saved with the next answer: a language alone is no pre-work
        self.render()

    # --- drawing -------------------------------------------------------------------------------

    def render(self) -> None:
        self.children = whole(self._drawn)  # one message per new widget: see notebook.wire
        self.show_status()

    def _drawn(self) -> tuple[W.Widget, ...]:
        record = self.wb.record
        intro = self.message("prework_intro", department=record.department, quarter=record.quarter)
        head = W.HTML(f"<h3>{escape(method.section_title('prework', self.lang))}</h3>{muted(intro)}")
        self.name.placeholder = i18n.label("form_name_hint", self.lang)
        name_row = W.HBox([W.Label(self.label("prework_name")), self.name, self.language])
        for key in [k for k in self.controls if k not in ("name", "language", "reload")]:
            del self.controls[key]
        self.notes.clear()
        body = self._fields() if self.prework is not None else []
        if self.identity is not None:
            self.who.value = describe(self.identity, self.lang)
        return (head, name_row, self.who, self.name_note, self.status_bar, *body)

    def _fields(self) -> list[W.Widget]:
        out: list[W.Widget] = []
        groups = {"Q1": "group1", "Q2": "group2"}
        titles = {q: method.section_title(group, self.lang) for q, group in groups.items()}
        for number, q in method.NUMBERED_QUESTIONS:
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
        facts = kr_facts(kr, self.lang)
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
            lambda p: format_score(p.score_of(kr.id)) if p.score_of(kr.id) is not None else "",
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


def open_prework(folder: str | Path | None = None, **options: Any) -> PreworkForm | Unopened:
    """The form for the workbook the notebook sits in (``<workbook>/prework/``, or the workbook itself).

    Running the cell again first saves what the previous form still had pending.
    """
    path = Path(folder if folder is not None else Path.cwd()).resolve()
    if path.name == FOLDER and (path.parent / RECORD_NAME).exists():
        path = path.parent
    return open_form(path, _OPEN, lambda workbook: PreworkForm(workbook, **options))
