"""The meeting's opening (sections 1–3): the header with the agenda, last quarter's homework, the big picture.

Each function returns the fields of its section, every one bound to the
record through :meth:`okrbook.notebook.binding.BoundForm.bind`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as W
import traitlets

from okrbook import i18n
from okrbook.core import method
from okrbook.core.record import DEFAULT_AGENDA, Record
from okrbook.core.validation import parse_minutes
from okrbook.notebook.binding import muted
from okrbook.notebook.identity import describe, logged_in

if TYPE_CHECKING:
    from okrbook.notebook.lead_form import LeadForm


def header(m: LeadForm) -> list[W.Widget]:
    """Date, facilitator, attendees (a list that grows), the language, and the agenda."""

    def put_meeting(name: str) -> Callable[[Record, Any], None]:
        return lambda r, v: setattr(r.meeting, name, v)

    date = m.bind(
        "meeting.date",
        W.DatePicker(description=m.label("date")),
        lambda r: r.meeting.date,
        put_meeting("date"),
    )
    identity = logged_in(m.wb.folder)  # on a company's JupyterHub: the facilitator is whoever logged in
    facilitator = m.bind(
        "meeting.facilitator",
        W.Text(
            description=m.label("facilitator"),
            continuous_update=True,
            placeholder=identity.name if identity is not None else "",
        ),
        lambda r: r.meeting.facilitator,
        put_meeting("facilitator"),
        parse=lambda v: str(v).strip(),
    )
    names = NameList(m, "meeting.attendees", list(m.record.meeting.attendees))
    attendees = m.bind(
        "meeting.attendees",
        names,
        lambda r: list(r.meeting.attendees),
        put_meeting("attendees"),
        parse=lambda v: [str(a).strip() for a in v if str(a).strip()],
    )
    language = m.bind(
        "record.language",
        W.ToggleButtons(options=i18n.LANGUAGE_CHOICES, description=m.label("form_language")),
        lambda r: r.language,
        lambda r, v: setattr(r, "language", v),
        after=m.rerender,
    )
    who = [W.HTML(describe(identity, m.lang, "hub_facilitator"))] if identity is not None else []
    return [
        date,
        facilitator,
        *who,
        W.HBox([W.Label(m.label("attendees"), layout=W.Layout(width="auto", margin="0 8px 0 0")), attendees]),
        language,
        agenda(m),
    ]


# What separates names typed or pasted into one box: 王磊、李娜,陈晨 is three people.
NAME_SEPARATORS = re.compile(r"[、,，;；\n\t]+")


def split_names(text: str) -> list[str]:
    """The names in what was typed or pasted, in order, blanks dropped."""
    return [n.strip() for n in NAME_SEPARATORS.split(text) if n.strip()]


class NameList(W.VBox):
    """A list of names: a box where Enter (or leaving it) adds what was typed or pasted, several
    names at once when separated by 、 , ; or a line break, and one chip per name that removes it.

    ``TagsInput`` took no Enter in JupyterLab, so names piled up in its box as text.
    The box sends its text only on Enter or when left (``continuous_update=False``),
    as one message: the text, never a stale half of it. ``value`` is the list, so
    :meth:`~okrbook.notebook.binding.BoundForm.bind` binds it like any field.
    """

    value = traitlets.List(traitlets.Unicode())

    def __init__(self, m: LeadForm, key: str, names: list[str]) -> None:
        self.m, self.key = m, key
        self.box = W.Text(
            placeholder=m.label("form_name_hint"), continuous_update=False, layout=W.Layout(width="26em")
        )
        self.chips = W.HBox(self._chips(names), layout=W.Layout(flex_flow="row wrap"))
        super().__init__([self.chips, self.box], value=names)
        m.controls[f"{key}.input"] = self.box
        self.box.observe(lambda change: self.add(change["new"]), "value")
        self.observe(lambda change: setattr(self.chips, "children", self._chips(change["new"])), "value")

    def add(self, text: str) -> None:
        """Add the names in ``text`` not yet in the list, and empty the box."""
        if not text:
            return
        new = [n for n in dict.fromkeys(split_names(text)) if n not in self.value]
        if new:
            self.value = [*self.value, *new]
        self.box.value = ""

    def _remove(self, name: str) -> None:
        self.value = [n for n in self.value if n != name]

    def _chips(self, names: list[str]) -> list[W.Button]:
        chips = []
        for i, name in enumerate(names):
            chip = W.Button(description=f"{name} ✕", layout=W.Layout(width="auto", margin="0 4px 4px 0"))
            chip.tooltip = self.m.label("form_remove")
            chip.on_click(lambda _b, n=name: self._remove(n))
            self.m.controls[f"{self.key}[{i}].remove"] = chip
            chips.append(chip)
        return chips


def agenda(m: LeadForm) -> W.Widget:
    """Each section's time budget in minutes; the clocks and the total follow a change at once."""
    keys = list(DEFAULT_AGENDA) + [k for k in m.record.agenda if k not in DEFAULT_AGENDA]
    fields = []
    for key in keys:
        label_key = f"form_agenda_{key}"
        name = m.label(label_key) if label_key in i18n.LABELS else key
        fields.append(
            m.bind(
                f"agenda.{key}",
                W.IntText(
                    description=name, style={"description_width": "16em"}, layout=W.Layout(width="24em")
                ),
                lambda r, k=key: r.agenda.get(k, 0),
                lambda r, v, k=key: r.agenda.__setitem__(k, v),
                parse=parse_minutes,
                after=m.refresh_clocks,
                row=True,
            )
        )
    m.agenda_total = W.HTML()
    m.refresh_clocks()
    return W.VBox([W.HTML(f"<b>{escape(m.label('form_agenda'))}</b>"), *fields, m.agenda_total])


def homework_review(m: LeadForm) -> list[W.Widget]:
    """Last quarter's open items, by position: carried-over ids may repeat across quarters."""
    items = m.record.homework_review
    if not items:
        return [W.HTML(muted(m.message("form_nothing_carried")))]
    statuses = [(m.label(f"status_{s}"), s) for s in method.HOMEWORK_STATUSES]
    rows: list[W.Widget] = []
    for i, item in enumerate(items):
        facts = " · ".join(
            f"{m.label(k)}: {v}"
            for k, v in (
                ("owner", item.owner or "—"),
                ("due", item.due.isoformat() if item.due else "—"),
                ("from_quarter", item.from_quarter or "—"),
            )
        )
        info = W.HTML(f"<b>{escape(item.id)}</b> {escape(item.text)}<br>{muted(facts)}")
        status = m.bind(
            f"homework_review[{i}].status",
            W.ToggleButtons(options=statuses),
            lambda r, i=i: r.homework_review[i].status,
            lambda r, v, i=i: setattr(r.homework_review[i], "status", v),
        )
        note = m.text(
            f"homework_review[{i}].note",
            lambda r, i=i: r.homework_review[i].note,
            lambda r, v, i=i: setattr(r.homework_review[i], "note", v),
            placeholder=m.label("note"),
        )
        rows.append(W.VBox([info, W.HBox([status, note])], layout=W.Layout(margin="0 0 8px 0")))
    return rows


def big_picture(m: LeadForm) -> list[W.Widget]:
    """The five fields, pre-filled by ``okrbook new`` and editable as the team's picture changes."""
    out: list[W.Widget] = []
    for name in method.BIG_PICTURE_FIELDS:
        out.append(W.HTML(f"<b>{escape(m.label(f'bp_{name}'))}</b>"))
        out.append(
            m.text(
                f"big_picture.{name}",
                lambda r, n=name: r.big_picture.get(n, ""),
                lambda r, v, n=name: r.big_picture.__setitem__(n, v),
                area=True,
                rows=2,
                placeholder=m.label(f"bp_{name}_hint"),  # an empty picture shows what it asks
            )
        )
    return out
