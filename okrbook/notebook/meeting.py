"""The notebook's one object: the lead's forms, one method per section of the meeting.

The quarter's notebook only calls :func:`open_meeting` and then
``meeting.header()``, ``meeting.group1()``... in agenda order
(:data:`okrbook.core.method.SECTIONS`). Sections 1–3 are drawn by
:mod:`okrbook.notebook.opening`, the members' pre-work by
:mod:`okrbook.notebook.prework_review`, the two groups of questions by
:mod:`okrbook.notebook.groups`, the growing lists by :mod:`okrbook.notebook.lists`;
each draws on the :class:`~okrbook.notebook.lead_form.LeadForm` this class extends.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as W

from okrbook.minutes.render import MINUTES_ENV
from okrbook.notebook import export_panel, groups, lists, opening, prework_review
from okrbook.notebook.binding import open_form
from okrbook.notebook.headless import HeadlessMeeting
from okrbook.notebook.lead_form import LeadForm, SectionView
from okrbook.notebook.wire import whole


def _section(
    section_id: str, build: Callable[[LeadForm], list[W.Widget]], doc: str
) -> Callable[..., SectionView]:
    """A ``meeting.<section>()`` method: draws that section's form, bound to the record."""

    def draw(self: LeadForm) -> SectionView:
        return self.section(section_id, lambda: build(self))

    draw.__name__ = draw.__qualname__ = section_id
    draw.__doc__ = doc
    return draw


class MeetingForms(LeadForm):
    """The sections, in agenda order (:data:`okrbook.core.method.SECTIONS`): one method each."""

    header = _section(
        "header", opening.header, "Date, facilitator, attendees, the language and the agenda's time budgets."
    )
    homework_review = _section(
        "homework_review", opening.homework_review, "Each item carried over: done, still open or dropped."
    )
    big_picture = _section(
        "big_picture", opening.big_picture, "Positioning, goals, customer, needs, value proposition."
    )
    prework = _section(
        "prework", prework_review.review, "The members' pre-work side by side, most contested KRs first."
    )
    group1 = _section(
        "group1", groups.group1, "Q1.1–Q1.4: the setting, scores, obstacles, keep / stop / start."
    )
    group2 = _section(
        "group2", groups.group2, "Q2.1–Q2.4: support, pace and verdicts, the annual setting, adjustments."
    )
    whiteboard = _section("whiteboard", lists.whiteboard, "The contested fundamental questions.")
    homework = _section("homework", lists.homework, "What this meeting hands out: what, who, by when.")

    def export(self) -> W.VBox:
        """The "export minutes" buttons: save what is pending, then run ``okrbook export``."""
        return whole(lambda: export_panel.export_panel(self))


_OPEN: dict[Path, MeetingForms] = {}


def open_meeting(folder: str | Path | None = None, **options: Any) -> Any:
    """The forms for the workbook folder the notebook sits in (the kernel's working directory).

    Running the first cell again in the same kernel first saves whatever the
    previous meeting object still had pending, then reads the record afresh.
    When ``okrbook export`` runs the notebook (``OKRBOOK_MINUTES`` set) the
    section calls draw nothing, since the minutes are rendered from the record: see
    :mod:`okrbook.notebook.headless`.
    """
    path = Path(folder if folder is not None else Path.cwd()).resolve()
    if os.environ.get(MINUTES_ENV):
        return HeadlessMeeting()
    return open_form(path, _OPEN, lambda workbook: MeetingForms(workbook, **options))
