"""Scores as the common OKR convention has them.

progress = (current − start) / (target − start), so a lower-is-better KR
(target below start) needs no special case; a milestone is 0 or 1. The score
is the progress clipped to 0.0–1.0 and kept to steps of 0.1; the raw
progress stays available so over-achievement shows. An objective's score is
the weighted mean of its KRs' scores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from okrbook.core.numbers import format_objective_score, to_step
from okrbook.core.sheet import KeyResult, Objective

BANDS = ("red", "yellow", "green")
# The two thresholds every view judges a score by (the score kept to 0.1):
YELLOW_FROM = 0.4  # 0.0–0.3 red, from here yellow
GREEN_FROM = 0.7  # from here green: a good result for an aspirational objective
LOW_SCORE = GREEN_FROM  # Q1.3 asks what got in the way of each KR scored below it


def progress(kr: KeyResult) -> float | None:
    """Raw progress, unclipped; None for a KR with nothing to measure."""
    if kr.kind == "milestone":
        return 1.0 if kr.done else 0.0
    current = kr.latest
    if kr.target is None or kr.start is None or current is None or kr.target == kr.start:
        return kr.progress  # what the OKR tool exported in place of the numbers, if it did
    raw = (current - kr.start) / (kr.target - kr.start)
    return raw if math.isfinite(raw) else None  # values beyond floating point say nothing


def computed_score(kr: KeyResult) -> float | None:
    raw = progress(kr)
    if raw is None:
        return None
    return to_step(min(1.0, max(0.0, raw)))


def as_shown(score: float, objective: bool = False) -> float:
    """The number a view shows for a score, which is the number its band is judged on.

    A KR's score is shown kept to 0.1 (``format_score``), an objective's, a
    weighted mean, with two decimals (``format_objective_score``): 0.68 is
    shown as 0.68 and so is yellow, not rounded up to a green 0.7.
    """
    return float(format_objective_score(score)) if objective else to_step(score)


def band(score: float | None, objective: bool = False) -> str | None:
    """0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green, judged on the score as shown (:func:`as_shown`)."""
    if score is None:
        return None
    shown = as_shown(score, objective)
    if shown < YELLOW_FROM - 1e-9:
        return "red"
    if shown < GREEN_FROM - 1e-9:
        return "yellow"
    return "green"


def is_low(score: float | None) -> bool:
    """A score below :data:`LOW_SCORE`: the forms and the minutes ask why for the same KRs."""
    return score is not None and to_step(score) < LOW_SCORE


def judgement(score: float | None, objective_kind: str) -> str | None:
    """How good an objective's score (as shown, two decimals) is for its kind of objective.

    A committed objective is expected to reach 1.0: anything less calls for a
    look at why. An aspirational one does well at about 0.7.
    """
    if score is None:
        return None
    shown = as_shown(score, objective=True)
    if objective_kind == "committed":
        return "met" if shown >= 1.0 else "missed_commitment"
    if shown >= GREEN_FROM - 1e-9:
        return "good"
    return "partial" if shown >= YELLOW_FROM - 1e-9 else "fell_short"


@dataclass(frozen=True)
class KRScore:
    kr: KeyResult
    progress: float | None
    computed: float | None
    score: float | None
    overridden: bool

    @property
    def band(self) -> str | None:
        return band(self.score)


def score_kr(kr: KeyResult, override: float | None = None) -> KRScore:
    """The KR's score; a lead's override wins over the computed one."""
    computed = computed_score(kr)
    final = computed if override is None else to_step(override)
    return KRScore(kr, progress(kr), computed, final, override is not None)


@dataclass(frozen=True)
class ObjectiveScore:
    objective: Objective
    key_results: list[KRScore]
    score: float | None

    @property
    def band(self) -> str | None:
        return band(self.score, objective=True)

    @property
    def judgement(self) -> str | None:
        return judgement(self.score, self.objective.kind)


def weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; equal weights if every weight is zero."""
    if not pairs:
        return None
    total = sum(w for _, w in pairs)
    if total == 0:
        return sum(v for v, _ in pairs) / len(pairs)
    return sum(v * w for v, w in pairs) / total


def score_objective(
    objective: Objective, overrides: Mapping[str, float | None] | None = None
) -> ObjectiveScore:
    """Weighted mean of the KRs that have a score; KRs with no measure are left out."""
    overrides = overrides or {}
    krs = [score_kr(kr, overrides.get(kr.id)) for kr in objective.key_results]
    pairs = [(k.score, k.kr.weight) for k in krs if k.score is not None]
    mean = weighted_mean(pairs)
    return ObjectiveScore(objective, krs, None if mean is None else round(mean, 2))


def score_objectives(
    objectives: list[Objective], overrides: Mapping[str, float | None] | None = None
) -> list[ObjectiveScore]:
    return [score_objective(o, overrides) for o in objectives]
