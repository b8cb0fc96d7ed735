"""The two groups of questions (sections 4 and 5): answers, scores, obstacles and verdicts.

Question texts come from :mod:`okrbook.core.method` (the one place they live), with
each question's intent as the text area's placeholder. Scores come from
:mod:`okrbook.core.scoring` with the lead's overrides from the record, so an
objective's score follows a KR's final score at once. Beside the questions
stand the analysis' findings and proposals, and the evidence of
:mod:`okrbook.notebook.evidence` (tables and charts).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as W

from okrbook.analysis.checks import check_quarter
from okrbook.analysis.projection import Projection, project_annual
from okrbook.core import method
from okrbook.core.numbers import format_number, format_objective_score, format_score
from okrbook.core.record import KRReview, Record
from okrbook.core.scoring import KRScore, ObjectiveScore, computed_score, is_low, score_objective
from okrbook.core.sheet import KeyResult, Sheet
from okrbook.core.validation import parse_score
from okrbook.notebook import evidence, lists
from okrbook.notebook.binding import kr_facts, muted
from okrbook.notebook.wire import whole

if TYPE_CHECKING:
    from okrbook.notebook.lead_form import LeadForm

BAND_COLOURS = {"red": "#c62828", "yellow": "#b26a00", "green": "#2e7d32"}


def question(m: LeadForm, q: method.Question, rows: int = 4) -> list[W.Widget]:
    """A question's text as a heading and the meeting's answer under it, saved as typed."""
    heading = W.HTML(f"<h4>{escape(method.question_number(q))} {escape(q.text(m.lang))}</h4>")
    answer = m.text(
        f"answers.{q.id}",
        lambda r: r.answers.get(q.id, ""),
        lambda r, v: r.answers.__setitem__(q.id, v),
        area=True,
        rows=rows,
        placeholder=q.intent(m.lang),
    )
    return [heading, answer]


def review(r: Record, kr_id: str) -> KRReview:
    return r.kr_reviews.setdefault(kr_id, KRReview())


# --- group 1 ---------------------------------------------------------------------------------


def group1(m: LeadForm) -> list[W.Widget]:
    setting, completion, obstacles_q, measures = method.GROUP1
    scores = ScoreTable(m)
    return [
        *question(m, setting),
        findings(m),
        *question(m, completion, rows=2),
        scores.widget,
        evidence.completion(m),
        evidence.score_history(m),
        *question(m, obstacles_q, rows=2),
        obstacles(m),
        *question(m, measures, rows=2),
        lists.lessons(m),
    ]


def findings(m: LeadForm) -> W.Widget:
    """The microscope's findings beside Q1.1: what to ask about how the OKRs were set."""
    found = check_quarter(m.wb.sheet, m.wb.quarter.label)
    title = f"<b>{escape(m.label('findings'))}</b>"
    if not found:
        return W.HTML(f"{title}<br>{muted(m.message('form_no_findings'))}")
    items = []
    for f in found:
        target = f"{f.target_id} {f.target_title}".strip()
        items.append(
            f"<li><b>{escape(target)}</b>: {escape(f.message(m.lang))}<br>"
            f"{muted(m.label('why') + ': ' + f.why(m.lang))}<br>"
            f"{muted('→ ' + f.fix(m.lang))}</li>"
        )
    html = f'{title}<ul style="margin-top:2px">{"".join(items)}</ul>'
    # many findings must not push Q1.2 off the screen: the box scrolls
    box = W.HTML(
        html, layout=W.Layout(border="1px solid #ddd", padding="4px 8px", max_height="16em", overflow="auto")
    )
    m.controls["findings"] = box
    return box


def _band(m: LeadForm, band: str | None) -> str:
    if band is None:
        return ""
    return f'<span style="color:{BAND_COLOURS[band]};font-weight:bold">● {escape(m.label(band))}</span>'


class ScoreTable:
    """Q1.2: each KR's computed score and the meeting's final score; objectives follow at once."""

    def __init__(self, m: LeadForm) -> None:
        self.m = m
        self.heads: dict[str, W.HTML] = {}
        rows: list[W.Widget] = []
        for obj in m.wb.objectives():
            head = W.HTML()
            self.heads[obj.id] = head
            m.controls[f"objective.{obj.id}.score"] = head
            rows.append(head)
            rows.extend(self._kr_row(kr) for kr in obj.key_results)
        self.widget = W.VBox(rows)
        self.refresh()

    def scored(self) -> list[ObjectiveScore]:
        return [score_objective(o, self.m.record.overrides()) for o in self.m.wb.objectives()]

    def refresh(self) -> None:
        m = self.m
        for s in self.scored():
            obj = s.objective
            judgement = m.label(f"judgement_{s.judgement}") if s.judgement else ""
            self.heads[obj.id].value = (
                f"<div style='margin-top:8px'><b>{escape(obj.id)} {escape(obj.title)}</b> · "
                f"{escape(m.label(obj.kind))} · {escape(m.label('score'))}: "
                f"<b>{format_objective_score(s.score)}</b> "
                f"{_band(m, s.band)} {muted(judgement)}</div>"
            )
        m.refresh("obstacles", "completion")

    def _kr_row(self, kr: KeyResult) -> W.Widget:
        m = self.m
        computed = computed_score(kr)
        key = f"kr.{kr.id}.final"
        facts = kr_facts(kr, m.lang)
        if kr.owner_score is not None:  # the owner's own score, as the OKR tool exported it
            facts += f" · {m.label('owner_score_exported')}: {format_score(kr.owner_score)}"
        info = W.HTML(f"{escape(kr.id)} {escape(kr.title)}<br>{muted(facts)}", layout=W.Layout(width="55%"))
        m.controls[f"kr.{kr.id}.facts"] = info

        def put(r: Record, value: float | None) -> None:
            review(r, kr.id).final_score = value

        # saved as typed, like every other field; the box keeps what is typed (rewriting it
        # mid-keystroke would move the cursor), and the note says the step it is saved as
        final = W.Text(
            placeholder=f"{format_score(computed)} ({m.label('form_score_hint')})",
            continuous_update=True,
            description=m.label("final_score"),
            tooltip=m.label("form_score_hint"),
            style={"description_width": "initial"},
            layout=W.Layout(width="18em"),
        )

        def saved_as() -> None:
            value = parse_score(final.value)
            typed = final.value.strip()
            if value is not None and typed and format_score(value) != typed:
                m.inform(key, m.message("form_score_saved_as", score=format_score(value)))
            self.refresh()

        field = m.bind(
            key,
            final,
            lambda r: (
                ""
                if (rv := r.kr_reviews.get(kr.id)) is None or rv.final_score is None
                else format_score(rv.final_score)
            ),
            put,
            parse=parse_score,
            after=saved_as,
            row=True,
        )

        def use_computed() -> None:
            m.edit(lambda r: put(r, None))
            with m.muted():
                final.value = ""
            m.warn(key, None)
            self.refresh()

        reset = m.button(f"kr.{kr.id}.use_computed", "form_use_computed", use_computed)
        return W.HBox([info, field, reset], layout=W.Layout(margin="0 0 0 1.5em"))


def low_scores(m: LeadForm) -> list[KRScore]:
    """KRs whose final score is low (:func:`~okrbook.core.scoring.is_low`): Q1.3 asks why for each."""
    out = []
    for obj in m.wb.objectives():
        for s in score_objective(obj, m.record.overrides()).key_results:
            if is_low(s.score):
                out.append(s)
    return out


def obstacles(m: LeadForm) -> W.Widget:
    """Q1.3: a reason and a category for each low KR; the list follows the scores."""
    shown: list[list[str]] = [[]]
    categories = [(m.label("form_choose"), "")] + [
        (m.label(f"cat_{c}"), c) for c in method.OBSTACLE_CATEGORIES
    ]

    heads: dict[str, W.HTML] = {}

    def head(s: KRScore) -> str:
        score = f"{m.label('score')} {format_score(s.score)}"
        return f"<b>{escape(s.kr.id)}</b> {escape(s.kr.title)} · {escape(score)}"

    def row(s: KRScore) -> W.Widget:
        kr_id = s.kr.id
        info = W.HTML(head(s))
        heads[kr_id] = info
        m.controls[f"kr.{kr_id}.obstacle_heading"] = info
        reason = m.text(
            f"kr.{kr_id}.obstacle",
            lambda r: r.kr_reviews[kr_id].obstacle if kr_id in r.kr_reviews else "",
            lambda r, v: setattr(review(r, kr_id), "obstacle", v),
            area=True,
            rows=2,
            placeholder=m.label("obstacle"),
        )
        category = m.bind(
            f"kr.{kr_id}.category",
            W.Dropdown(options=categories, description=m.label("category")),
            lambda r: r.kr_reviews[kr_id].category if kr_id in r.kr_reviews else "",
            lambda r, v: setattr(review(r, kr_id), "category", v),
        )
        return W.VBox([info, reason, category], layout=W.Layout(margin="0 0 8px 0"))

    def rows(low: list[KRScore]) -> list[W.Widget]:
        shown[0] = [s.kr.id for s in low]
        heads.clear()
        return [row(s) for s in low] or [W.HTML(muted(m.message("form_no_low_krs")))]

    box = W.VBox(rows(low_scores(m)))

    def refresh() -> None:
        low = low_scores(m)
        if [s.kr.id for s in low] == shown[0]:
            # same KRs: keep the fields (and the cursor in them); only the headings' scores change
            for s in low:
                heads[s.kr.id].value = head(s)
            return
        box.children = whole(lambda: rows(low))

    m.lists["obstacles"] = refresh
    m.controls["obstacles"] = box
    return box


# --- group 2 ---------------------------------------------------------------------------------


def group2(m: LeadForm) -> list[W.Widget]:
    support, pace, annual_setting, adjustment = method.GROUP2
    if not m.wb.sheet.annual_krs():
        # no annual OKRs: a sentence that says what to do, not empty tables and chart frames
        empty = W.HTML(muted(m.message("form_no_annual_okrs")))
        m.controls["group2.no_annual"] = empty
        return [
            empty,
            *question(m, support),
            *question(m, pace),
            *question(m, annual_setting),
            *question(m, adjustment, rows=2),
        ]
    return [
        *question(m, support),
        evidence.alignment(m),
        *question(m, pace),
        evidence.projection(m),
        verdicts(m),
        *question(m, annual_setting),
        *question(m, adjustment, rows=2),
        lists.adjustments(m),
    ]


def annual_values(m: LeadForm, kr: KeyResult) -> str:
    """``1200 → Q1 1340 · Q2 1490 → 2000 家``: where the annual KR stands, quarter by quarter."""
    if kr.kind == "milestone":
        return m.label("done" if kr.done else "not_done")
    steps = " · ".join(f"{q} {format_number(v)}" for q, v in kr.values.items())
    unit = f" {kr.unit}" if kr.unit else ""
    middle = f" → {steps}" if steps else ""
    return f"{format_number(kr.start)}{middle} → {format_number(kr.target)}{unit}"


def verdicts(m: LeadForm) -> W.Widget:
    """A verdict per annual KR (on track / at risk / off track), the projection's proposal beside it."""
    proposals = projections(m.wb.sheet, m.wb.quarter.label)
    options = [(m.label("form_choose"), "")] + [(m.label(f"verdict_{v}"), v) for v in method.VERDICTS]
    rows: list[W.Widget] = []

    def put(kr_id: str) -> Callable[[Record, str], None]:
        def write(r: Record, v: str) -> None:
            if v:
                r.verdicts[kr_id] = v
            else:
                r.verdicts.pop(kr_id, None)

        return write

    dropdowns: dict[str, W.Dropdown] = {}
    for kr in m.wb.sheet.annual_krs().values():
        info = W.HTML(
            f"<b>{escape(kr.id)}</b> {escape(kr.title)}<br>{muted(annual_values(m, kr))}",
            layout=W.Layout(width="45%"),
        )
        dropdowns[kr.id] = W.Dropdown(
            options=options,
            description=m.label("verdict"),
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        control = m.bind(
            f"verdict.{kr.id}",
            dropdowns[kr.id],
            lambda r, k=kr.id: r.verdicts.get(k, ""),
            put(kr.id),
            row=True,
        )
        hint = W.HTML(proposal_html(m, proposals.get(kr.id)), layout=W.Layout(width="30%"))
        m.controls[f"verdict.{kr.id}.proposal"] = hint
        rows.append(W.HBox([info, control, hint]))

    def accept_all() -> None:
        """Take the projection's verdict for every annual KR the meeting has not judged yet."""
        todo = {
            kr_id: p.verdict
            for kr_id, p in proposals.items()
            if kr_id in dropdowns and p.verdict in method.VERDICTS and not m.record.verdicts.get(kr_id)
        }
        if not todo:
            m.inform("verdicts.accept_all", m.message("form_verdicts_none_to_accept"))
            return
        m.edit(lambda r: r.verdicts.update(todo))
        with m.muted():
            for kr_id, verdict in todo.items():
                dropdowns[kr_id].value = verdict
        m.inform("verdicts.accept_all", m.message("form_verdicts_accepted", count=len(todo)))

    accept = m.button("verdicts.accept_all", "form_accept_proposals", accept_all, icon="check")
    return W.VBox([*rows, W.HBox([accept, m.note("verdicts.accept_all")])])


def projections(sheet: Sheet, quarter_label: str) -> dict[str, Projection]:
    """Each annual KR's projection as of this quarter, by KR id."""
    return {p.kr.id: p for p in project_annual(sheet, quarter_label)}


def proposal_html(m: LeadForm, projection: Projection | None) -> str:
    """The proposed verdict, and the projection's own caveats (one quarter of data swings wildly)."""
    verdict = getattr(projection, "verdict", None)
    if verdict not in method.VERDICTS:
        return ""
    lines = [m.message("form_proposed_verdict", verdict=m.label(f"verdict_{verdict}"))]
    lines += [note.message(m.lang) for note in getattr(projection, "notes", ())]
    return "<br>".join(muted(line) for line in lines)
