"""The connector (连接器): how the quarter's OKRs carry the annual ones (question 2.1).

A quarterly KR names the annual KRs it supports. From those links this
module derives the support matrix, the annual KRs nothing moved this
quarter, the quarterly objectives that carry no annual objective (drift),
and where the quarter's weight went: a quarter is judged by how much of it
landed on the year.

A link to an annual KR that does not exist cannot come from a validated
sheet, but a sheet edited in memory can hold one: it is reported as a note
and otherwise ignored, so the rest of the picture still comes out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from okrbook.analysis.checks import supported_annual
from okrbook.core.findings import Finding, finding
from okrbook.core.sheet import KeyResult, Objective, Sheet, quarter_label


@dataclass(frozen=True)
class Alignment:
    """The quarter's links to the year; rows are quarterly KRs, columns annual KRs."""

    quarter: str
    quarterly: tuple[tuple[Objective, KeyResult], ...]
    annual: tuple[tuple[Objective, KeyResult], ...]
    links: frozenset[tuple[str, str]]
    unsupported: tuple[KeyResult, ...]
    drifting: tuple[Objective, ...]
    # annual objective id → share of the quarter's weight (0..1); the rest is unaligned
    objective_share: Mapping[str, float] = field(default_factory=dict)
    # annual KR id → share of the quarter's weight
    kr_share: Mapping[str, float] = field(default_factory=dict)
    unaligned_share: float = 0.0
    notes: tuple[Finding, ...] = ()

    def linked(self, quarterly_kr: str, annual_kr: str) -> bool:
        return (quarterly_kr, annual_kr) in self.links

    def matrix(self) -> list[list[bool]]:
        """One row per quarterly KR, one column per annual KR: True where it supports it."""
        return [[self.linked(q.id, a.id) for _, a in self.annual] for _, q in self.quarterly]

    @property
    def aligned_share(self) -> float:
        """The part of the quarter's weight that landed on some annual objective."""
        return sum(self.objective_share.values())


def normalised(weights: list[float]) -> list[float]:
    """Weights scaled to sum to 1; equal shares when they are all zero (as scoring does)."""
    if not weights:
        return []
    total = sum(weights)
    if total == 0:
        return [1.0 / len(weights)] * len(weights)
    return [w / total for w in weights]


def align(sheet: Sheet, quarter: object) -> Alignment:
    """The connector for one quarter (``Q3`` or ``2026Q3``) of ``sheet``.

    Weight share: each objective's weight normalised over the quarter, times
    each KR's weight normalised within its objective; a KR that supports
    several annual KRs splits its share equally between them.
    """
    label = quarter_label(quarter)
    objectives = sheet.quarter(label)
    annual = tuple((o, kr) for o in sheet.annual for kr in o.key_results)
    annual_ids = frozenset(kr.id for _, kr in annual)
    objective_of = {kr.id: o.id for o, kr in annual}

    quarterly: list[tuple[Objective, KeyResult]] = []
    links: set[tuple[str, str]] = set()
    notes: list[Finding] = []
    drifting: list[Objective] = []
    kr_share: dict[str, float] = {}
    unaligned = 0.0
    for obj, obj_share in zip(objectives, normalised([o.weight for o in objectives]), strict=True):
        if not obj.key_results:
            unaligned += obj_share
        carried = False
        shares = normalised([kr.weight for kr in obj.key_results])
        for kr, share in zip(obj.key_results, shares, strict=True):
            quarterly.append((obj, kr))
            notes.extend(
                finding("unknown_support", "error", kr.id, kr.title, annual=a)
                for a in kr.supports
                if a not in annual_ids
            )
            targets = list(dict.fromkeys(supported_annual(kr, annual_ids)))
            carried = carried or bool(targets)
            if not targets:
                unaligned += obj_share * share
            for a in targets:
                links.add((kr.id, a))
                kr_share[a] = kr_share.get(a, 0.0) + obj_share * share / len(targets)
        if annual_ids and not carried:
            drifting.append(obj)

    objective_share: dict[str, float] = {o.id: 0.0 for o in sheet.annual}
    for a, share in kr_share.items():
        objective_share[objective_of[a]] += share
    supported = {a for _, a in links}
    return Alignment(
        quarter=label,
        quarterly=tuple(quarterly),
        annual=annual,
        links=frozenset(links),
        unsupported=tuple(kr for _, kr in annual if kr.id not in supported),
        drifting=tuple(drifting),
        objective_share=objective_share,
        kr_share={kr.id: kr_share.get(kr.id, 0.0) for _, kr in annual},
        unaligned_share=unaligned if objectives else 0.0,
        notes=tuple(notes),
    )
