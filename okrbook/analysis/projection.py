"""Annual projection: at the current pace, will each annual KR be met? (question 2.2)

From an annual KR's values at the quarter ends so far, with q the quarters
done (the last quarter with a value, counting Q1..Q4 of the year)::

    pace          = (current − start) / q            achieved per quarter
    projected     = start + (current − start) × 4 / q
    required pace = (target − current) / (4 − q)     needed per remaining quarter
    ratio         = pace / required pace
    attainment    = (projected − start) / (target − start)

Every formula works by sign, so a lower-is-better KR (target below start)
needs no special case: its paces are both negative and its ratio and
attainment read the same way as for any other KR.

Verdict, on the projected attainment (projected ≥ target ⇔ ratio ≥ 1 while
quarters remain, so the two agree):

* ``on_track``  — attainment ≥ 1.0 (the pace, kept up, reaches the target), or
  the target is already reached (required pace 0);
* ``at_risk``   — 0.8 ≤ attainment < 1.0 (close: a somewhat faster pace closes the gap);
* ``off_track`` — attainment < 0.8, including no movement or movement the wrong way.

A milestone is on track once done; not done, it is judged by the quarters
left: two or more on track, one at risk, none off track.

With one quarter of data the projection multiplies one quarter by four and
swings wildly; it is still given, flagged ``volatile`` with a caveat beside
it. A KR that cannot be projected (no values, no target) gets a note naming
it and no verdict; the other KRs are projected as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from okrbook.core.findings import Finding, finding
from okrbook.core.sheet import QUARTERS, KeyResult, Sheet, quarter_label

ON_TRACK = 1.0
AT_RISK = 0.8
YEAR = len(QUARTERS)
_EPS = 1e-9


@dataclass(frozen=True)
class Projection:
    """One annual KR's pace and outlook; numeric fields are None when they do not apply."""

    kr: KeyResult
    objective_id: str
    quarters_done: int
    start: float | None = None
    target: float | None = None
    current: float | None = None
    pace: float | None = None
    projected: float | None = None
    required_pace: float | None = None
    ratio: float | None = None
    attainment: float | None = None
    verdict: str | None = None
    volatile: bool = False
    notes: tuple[Finding, ...] = ()

    @property
    def quarters_left(self) -> int:
        return YEAR - self.quarters_done

    @property
    def reached(self) -> bool:
        """The target is already met (or, for a milestone, it is done)."""
        if self.kr.kind == "milestone":
            return self.kr.done
        if self.current is None or self.target is None or self.start is None:
            return False
        return (self.current - self.target) * (self.target - self.start) >= 0


def verdict(attainment: float | None) -> str | None:
    """on_track ≥ 1.0 > at_risk ≥ 0.8 > off_track, on the projected attainment."""
    if attainment is None:
        return None
    if attainment >= ON_TRACK - _EPS:
        return "on_track"
    return "at_risk" if attainment >= AT_RISK - _EPS else "off_track"


def _milestone_verdict(done: bool, quarters_left: int) -> str:
    if done:
        return "on_track"
    if quarters_left >= 2:
        return "on_track"
    return "at_risk" if quarters_left == 1 else "off_track"


def _quarter_number(quarter: object | None) -> int | None:
    return None if quarter is None else QUARTERS.index(quarter_label(quarter)) + 1


def project_kr(kr: KeyResult, objective_id: str = "", as_of: object | None = None) -> Projection:
    """Project one annual KR from its quarter-end values up to ``as_of`` (default: all of them).

    ``as_of`` (``Q2``, ``2026Q2``) also fixes how many quarters a milestone has had.
    """
    limit = _quarter_number(as_of) or YEAR
    if kr.kind == "milestone":
        done = _quarter_number(as_of) or 0
        attainment = 1.0 if kr.done else 0.0
        return Projection(
            kr,
            objective_id,
            done,
            attainment=attainment,
            verdict=_milestone_verdict(kr.done, YEAR - done),
        )
    if kr.target is None:
        note = finding("no_target", "warning", kr.id, kr.title)
        return Projection(kr, objective_id, 0, notes=(note,))
    values = {q: v for q, v in kr.values.items() if q in QUARTERS and QUARTERS.index(q) < limit}
    if not values:
        note = finding("no_values", "warning", kr.id, kr.title)
        return Projection(kr, objective_id, 0, start=kr.start, target=kr.target, notes=(note,))
    q = max(QUARTERS.index(label) for label in values) + 1
    notes: list[Finding] = []
    # quarters with no value up to the last one given, and (with as_of) after it: stale data
    until = limit if as_of is not None else q
    missing = [label for label in QUARTERS[: max(q, until)] if label not in values]
    stale = until > q
    if missing:
        notes.append(finding("values_gap", "info", kr.id, kr.title, missing=", ".join(missing)))
    start = kr.start if kr.start is not None else 0.0
    target = kr.target
    current = values[QUARTERS[q - 1]]
    pace = (current - start) / q
    projected = start + (current - start) * YEAR / q
    attainment = (projected - start) / (target - start)
    reached = (current - target) * (target - start) >= 0
    required = ratio = None
    if reached:
        required, attainment_verdict = 0.0, "on_track"
    else:
        attainment_verdict = verdict(attainment)
        if stale and attainment_verdict == "on_track":
            attainment_verdict = "at_risk"  # an old pace promises nothing about the quarters unreported
        if q < YEAR:
            required = (target - current) / (YEAR - q)
            ratio = pace / required
    volatile = q == 1
    if volatile:
        notes.append(finding("volatile", "info", kr.id, kr.title))
    return Projection(
        kr,
        objective_id,
        q,
        start=start,
        target=target,
        current=current,
        pace=pace,
        projected=projected,
        required_pace=required,
        ratio=ratio,
        attainment=attainment,
        verdict=attainment_verdict,
        volatile=volatile,
        notes=tuple(notes),
    )


def quarters_elapsed(sheet: Sheet) -> int:
    """How far into the year the sheet is: the last quarter with an annual value or quarterly OKRs."""
    seen = [label for o in sheet.annual for kr in o.key_results for label in kr.values]
    seen += [label for label, objs in sheet.quarters.items() if objs]
    return max((QUARTERS.index(label) + 1 for label in seen if label in QUARTERS), default=0)


def project_annual(sheet: Sheet, as_of: object | None = None) -> list[Projection]:
    """Every annual KR's projection, in sheet order; problems ride along as each one's ``notes``.

    Without ``as_of`` a milestone is judged against :func:`quarters_elapsed`.
    """
    if as_of is None:
        elapsed = quarters_elapsed(sheet)
        as_of = QUARTERS[elapsed - 1] if elapsed else None
    return [project_kr(kr, o.id, as_of) for o in sheet.annual for kr in o.key_results]


def projection_notes(projections: list[Projection]) -> list[Finding]:
    """All the notes of a set of projections, for one list of problems beside the table."""
    return [note for p in projections for note in p.notes]
