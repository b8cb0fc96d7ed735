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
from pathlib import Path
from typing import Any

import ipywidgets as W

from okrbook.minutes.render import MINUTES_ENV
from okrbook.notebook import export_panel, groups, lists, opening, prework_review
from okrbook.notebook.binding import open_form
from okrbook.notebook.lead_form import LeadForm, SectionView


class MeetingForms(LeadForm):
    """The sections, in agenda order: each call draws one section's form, bound to the record."""

    def header(self) -> SectionView:
        """Date, facilitator, attendees, the workbook's language and the agenda's time budgets."""
        return self.section("header", lambda: opening.header(self))

    def homework_review(self) -> SectionView:
        """Each item carried over: done, still open or dropped, with a note."""
        return self.section("homework_review", lambda: opening.homework_review(self))

    def big_picture(self) -> SectionView:
        """Positioning, goals, customer, needs, value proposition: carried over, and editable."""
        return self.section("big_picture", lambda: opening.big_picture(self))

    def prework(self) -> SectionView:
        """The members' pre-work side by side: who handed in, KR scores by divergence, every answer."""
        return self.section("prework", lambda: prework_review.review(self))

    def group1(self) -> SectionView:
        """Q1.1–Q1.4: the setting (with the OKR checks), scores, obstacles, keep / stop / start."""
        return self.section("group1", lambda: groups.group1(self))

    def group2(self) -> SectionView:
        """Q2.1–Q2.4: support, pace with a verdict per annual KR, the annual setting, adjustments."""
        return self.section("group2", lambda: groups.group2(self))

    def whiteboard(self) -> SectionView:
        """The contested fundamental questions: add, edit, resolve, or make one homework."""
        return self.section("whiteboard", lambda: lists.whiteboard(self))

    def homework(self) -> SectionView:
        """What this meeting hands out: text, owner, due date, status, linked whiteboard item."""
        return self.section("homework", lambda: lists.homework(self))

    def export(self) -> W.VBox:
        """The "export minutes" buttons: save what is pending, then run ``okrbook export``."""
        return export_panel.export_panel(self)


_OPEN: dict[Path, MeetingForms] = {}


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
    return open_form(path, _OPEN, lambda workbook: MeetingForms(workbook, **options))
