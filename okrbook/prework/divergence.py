"""How far the members' scores of one KR disagree.

Pure functions of a KR's scores: a wide spread, or two camps (some at 0.3,
some at 0.8), most contested first, since that is where the meeting should
spend its time. The thresholds are the constants below.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# --- thresholds (scores are 0.0–1.0 in steps of 0.1) -------------------------------
WIDE_SPREAD = 0.4  # max − min at least this: the members' scores are far apart
CAMP_GAP = 0.3  # a gap at least this wide between neighbouring sorted scores may split two camps
CAMP_SIZE = 2  # each camp has at least this many members...
SMALL_TEAM = 4  # ...unless fewer than this many scored, when a camp of one counts
LEVELS = ("split", "wide", "agree", "too_few")  # most contested first


def _diff(a: float, b: float) -> float:
    """b − a without float noise (0.7 − 0.3 is 0.4, not 0.39999…)."""
    return round(b - a, 6)


def spread(scores: Sequence[float]) -> float | None:
    """max − min of the scores; None with fewer than two."""
    return _diff(min(scores), max(scores)) if len(scores) >= 2 else None


def two_camps(scores: Sequence[float]) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """The scores split into a low and a high camp, or None.

    Sorted, the scores split where neighbours are at least :data:`CAMP_GAP`
    apart, each side holds at least :data:`CAMP_SIZE` scores (one when fewer
    than :data:`SMALL_TEAM` scored) and each side is tighter than the gap
    (so 0.0, 0.3, 0.6, 0.9 is evenly spread, not two camps). That last rule
    leaves at most one such split.
    """
    values = sorted(round(s, 6) for s in scores)
    n = len(values)
    least = 1 if n < SMALL_TEAM else CAMP_SIZE
    for i in range(least, n - least + 1):
        gap = _diff(values[i - 1], values[i])
        low, high = values[:i], values[i:]
        if gap >= CAMP_GAP and _diff(low[0], low[-1]) < gap and _diff(high[0], high[-1]) < gap:
            return tuple(low), tuple(high)
    return None


@dataclass(frozen=True)
class Divergence:
    """How far the members' scores of one KR disagree (``level`` is one of :data:`LEVELS`)."""

    level: str
    spread: float | None = None
    low: tuple[float, ...] = ()
    high: tuple[float, ...] = ()
    stdev: float = 0.0

    @property
    def contested(self) -> bool:
        return self.level in ("split", "wide")

    def rank(self) -> tuple[int, float, float]:
        """Sort key, most contested first: a split, then a wide spread, then by spread and deviation.

        A team split into two camps comes before one dissenter with a wider
        spread: the camps are the disagreement the meeting has to settle.
        """
        return (LEVELS.index(self.level), -(self.spread or 0.0), -self.stdev)


def divergence(scores: Sequence[float]) -> Divergence:
    """``split`` (two camps), else ``wide`` (spread ≥ :data:`WIDE_SPREAD`), else ``agree``.

    Fewer than two scores are ``too_few``: one opinion cannot disagree.
    """
    if len(scores) < 2:
        return Divergence("too_few")
    width = _diff(min(scores), max(scores))
    stdev = round(statistics.pstdev(scores), 6)
    camps = two_camps(scores)
    if camps is not None:
        return Divergence("split", width, camps[0], camps[1], stdev)
    return Divergence("wide" if width >= WIDE_SPREAD else "agree", width, stdev=stdev)
