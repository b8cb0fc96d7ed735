"""Scores over the quarters: how each quarter's objectives and KRs ended, from its record.

Each quarter has its own objectives (ids are unique across the sheet), so
the history is a long table: one row per objective or KR per quarter, scored
with that quarter's record (the lead's final scores win). A record that does
not fit the sheet — another year, or a quarter the sheet has no OKRs for —
is left out with a note naming it; the other quarters are still shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from okrbook import i18n
from okrbook.analysis.charts import INK, new_figure, short_text
from okrbook.analysis.tables import frame
from okrbook.core.findings import Finding, finding
from okrbook.core.record import Record
from okrbook.core.scoring import GREEN_FROM, YELLOW_FROM, ObjectiveScore, score_objectives, weighted_mean
from okrbook.core.sheet import QUARTERS, Sheet, parse_quarter, quarter_label
from okrbook.errors import OkrbookError


@dataclass(frozen=True)
class QuarterScores:
    quarter: str
    objectives: tuple[ObjectiveScore, ...]

    @property
    def mean(self) -> float | None:
        """The department's score: objective scores weighted by objective weight."""
        pairs = [(o.score, o.objective.weight) for o in self.objectives if o.score is not None]
        mean = weighted_mean(pairs)
        return None if mean is None else round(mean, 2)


def _year_of(text: str) -> int | None:
    try:
        return parse_quarter(text).year
    except OkrbookError:
        return None


def score_history(sheet: Sheet, records: Mapping[str, Record]) -> tuple[list[QuarterScores], list[Finding]]:
    """Each recorded quarter scored with its record, in quarter order, and notes on records left out.

    Keys are ``Q1`` or ``2026Q1``; a key with a year (or the record's own
    ``quarter``) must match the sheet's year.
    """
    found: dict[str, QuarterScores] = {}
    notes: list[Finding] = []
    for key, record in records.items():
        name = str(key)
        try:
            label = quarter_label(name)
        except ValueError:
            notes.append(finding("record_no_quarter", "warning", name, name, record=name))
            continue
        year = _year_of(name) or _year_of(record.quarter)
        if year is not None and year != sheet.year:
            notes.append(
                finding("record_year", "warning", name, name, record=name, record_year=year, year=sheet.year)
            )
            continue
        objectives = sheet.quarter(label)
        if not objectives:
            notes.append(finding("record_no_quarter", "warning", name, name, record=name))
            continue
        found[label] = QuarterScores(label, tuple(score_objectives(objectives, record.overrides())))
    return [found[q] for q in QUARTERS if q in found], notes


def history_table(history: list[QuarterScores], lang: str = "zh") -> pd.DataFrame:
    """Long form: quarter, level (objective / KR), id, title, its objective, score and band."""
    cols = ["quarter", "level", "id", "item", "objective", "score", "band"]
    labels = {c: i18n.label(c, lang) for c in cols}
    rows = []

    def row(quarter: str, level: str, ident: str, title: str, objective: str, score, band) -> None:
        values = [quarter, i18n.label(level, lang), ident, title, objective, score, band]
        rows.append(dict(zip([labels[c] for c in cols], values, strict=True)))

    for q in history:
        for o in q.objectives:
            band = i18n.label(o.band or "unscored", lang)
            row(
                q.quarter, "level_objective", o.objective.id, o.objective.title, o.objective.id, o.score, band
            )
            for k in o.key_results:
                band = i18n.label(k.band or "unscored", lang)
                row(q.quarter, "level_kr", k.kr.id, k.kr.title, o.objective.id, k.score, band)
    return frame(rows, [labels[c] for c in cols], score=[labels["score"]], status=[labels["band"]])


def history_chart(history: list[QuarterScores], lang: str = "zh") -> Figure:
    """Objective scores per quarter as labelled points, KR scores as faint crosses, and the mean."""
    fig = new_figure(7.5, 4.2)
    ax = fig.add_subplot()
    xs = list(range(len(history)))
    kr_label, objective_label = i18n.label("level_kr", lang), i18n.label("level_objective", lang)
    for x, q in zip(xs, history, strict=True):
        krs = [k.score for o in q.objectives for k in o.key_results if k.score is not None]
        ax.scatter(
            [x + 0.12] * len(krs), krs, marker="x", s=18, color="#999999", linewidths=0.8, label=kr_label
        )
        objectives = [o for o in q.objectives if o.score is not None]
        ax.scatter([x] * len(objectives), [o.score for o in objectives], marker="D", s=36, facecolor="white",
                   edgecolor=INK, zorder=3, label=objective_label)  # fmt: skip
        kr_label = objective_label = "_nolegend_"  # one legend entry each
        for o in objectives:
            name = short_text(o.objective.id, 14)
            ax.annotate(name, (x, o.score), xytext=(-6, 0), textcoords="offset points",
                        ha="right", va="center", fontsize=7)  # fmt: skip
    means = [(x, q.mean) for x, q in zip(xs, history, strict=True) if q.mean is not None]
    if means:
        mx, my = zip(*means, strict=True)
        ax.plot(mx, my, linestyle="-", marker="o", color="#1f4e79", linewidth=2,
                label=i18n.label("department_mean", lang))  # fmt: skip
    if history:
        ax.legend(fontsize=8, loc="lower right", framealpha=0.8)
    for y, style in ((YELLOW_FROM, ":"), (GREEN_FROM, "--")):
        ax.axhline(y, color=INK, linestyle=style, linewidth=0.8)
    ax.set_xticks(xs, [q.quarter for q in history])
    ax.set_xlim(-0.6, max(0, len(history) - 1) + 0.6)
    ax.set_ylim(-0.05, 1.1)
    ax.set_ylabel(i18n.label("score", lang))
    ax.set_title(i18n.label("chart_history_title", lang), fontsize=10, loc="left")
    return fig
