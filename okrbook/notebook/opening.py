"""The meeting's opening (sections 1–3): the header with the agenda, last quarter's homework, the big picture.

Each function returns the fields of its section, every one bound to the
record through :meth:`okrbook.notebook.binding.BoundForm.bind`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as W

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
    attendees = m.bind(
        "meeting.attendees",
        W.TagsInput(allow_duplicates=False, placeholder=m.label("form_name_hint")),
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
        W.HBox([W.Label(m.label("attendees")), attendees]),
        language,
        agenda(m),
    ]


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
                    description=name, style={"description_width": "12em"}, layout=W.Layout(width="20em")
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
            )
        )
    return out
