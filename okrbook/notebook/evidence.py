"""The evidence beside the questions: the analysis' tables and charts, in the live workbook.

Group 1 shows the KR completion table and chart (redrawn when a final score
changes) and the scores of the quarters that have records; group 2 the
alignment of the quarter with the year and the annual projection. The same
builders serve the minutes (:mod:`okrbook.minutes.evidence`); tables come escaped
from :func:`okrbook.analysis.tables.style`, so user text stays text here too.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as W
from matplotlib.figure import Figure

from okrbook.analysis import charts, history, tables
from okrbook.analysis.alignment import align
from okrbook.analysis.projection import project_annual
from okrbook.minutes.evidence import figure_png
from okrbook.notebook.wire import whole

if TYPE_CHECKING:
    from okrbook.notebook.lead_form import LeadForm


def _image(fig: Figure) -> W.Image:
    return W.Image(value=figure_png(fig), format="png", layout=W.Layout(max_width="100%"))


def _table(df) -> W.HTML:
    # wide tables scroll inside the notebook rather than squeeze their columns: no heading wraps
    # (起始值 as 起始 / 值); the minutes' tables keep to the page's width instead
    styler = tables.style(df).set_table_styles(
        [{"selector": "th", "props": "white-space: nowrap;"}], overwrite=False
    )
    return W.HTML(styler.to_html(), layout=W.Layout(overflow="auto", max_width="100%"))


def _fold(
    m: LeadForm, key: str, title_key: str, draw: Callable[[], list[W.Widget]], open_: bool = False
) -> tuple[W.Accordion, Callable[[], None]]:
    """Evidence folds away, so the questions stay on screen while the team talks.

    Folded, it is drawn when first opened: its charts are most of a section's
    first draw (seconds for a 100-KR department), and many are never opened.
    Returns the fold and its redraw, which a folded fold keeps for its opening.
    """
    box = W.VBox(draw() if open_ else [])  # drawn with its children: see LeadForm.section
    fold = W.Accordion(children=[box], titles=(m.label(title_key),), selected_index=0 if open_ else None)
    m.controls[key] = fold
    stale = [not open_]

    def redraw() -> None:
        if fold.selected_index is None:
            stale[0] = True
            return
        stale[0] = False
        box.children = whole(draw)

    fold.observe(lambda change: change["new"] is not None and stale[0] and redraw(), "selected_index")
    return fold, redraw


def completion(m: LeadForm) -> W.Accordion:
    """Q1.2's table and chart of every KR's score; redrawn with ``m.refresh("completion")``
    (folded, when next opened: a score typed digit by digit waits for no chart)."""

    def drawn() -> list[W.Widget]:
        sheet, label, record, lang = m.wb.sheet, m.wb.quarter.label, m.record, m.lang
        return [
            _table(tables.kr_table(sheet, label, record, lang)),
            _image(charts.completion_chart(sheet, label, record, lang)),
        ]

    fold, m.lists["completion"] = _fold(m, "evidence.completion", "form_evidence_completion", drawn)
    return fold


def score_history(m: LeadForm) -> W.Accordion:
    """Objective and KR scores over the quarters that have records, this one included."""

    def drawn() -> list[W.Widget]:
        records = {**m.wb.earlier_records(), str(m.wb.quarter): m.record}
        found, notes = history.score_history(m.wb.sheet, records)
        children: list[W.Widget] = [W.HTML("<br>".join(escape(n.message(m.lang)) for n in notes))]
        if found:
            children += [
                _table(history.history_table(found, m.lang)),
                _image(history.history_chart(found, m.lang)),
            ]
        return children

    return _fold(m, "evidence.history", "form_evidence_history", drawn)[0]


def alignment(m: LeadForm) -> W.Accordion:
    """Q2.1's evidence: which quarterly KRs support which annual KRs, and where the weight lands."""

    def drawn() -> list[W.Widget]:
        found = align(m.wb.sheet, m.wb.quarter.label)
        return [
            W.HTML("<br>".join(escape(n.message(m.lang)) for n in found.notes)),
            _table(tables.alignment_table(found, m.lang)),
            _table(tables.share_table(found, m.wb.sheet, m.lang)),
        ]

    return _fold(m, "evidence.alignment", "form_evidence_alignment", drawn)[0]


def projection(m: LeadForm) -> W.Accordion:
    """Q2.2's evidence: each annual KR's pace, projection and verdict, and their charts."""

    def drawn() -> list[W.Widget]:
        found = project_annual(m.wb.sheet, m.wb.quarter.label)
        return [
            _table(tables.projection_table(found, m.lang, m.record)),
            _image(charts.attainment_chart(found, m.lang)),
            _image(charts.annual_kr_grid(found, m.lang)),
        ]

    return _fold(m, "evidence.projection", "form_evidence_projection", drawn, open_=True)[0]
