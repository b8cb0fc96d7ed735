"""The company (``company.yaml``): its strategy, its annual OKRs, and who is who.

Pure data and its validation, like :mod:`okrbook.core.sheet`: the company's
annual objectives are read by the very reader a department's annual OKRs
go through, so a company KR has the same fields (values at each quarter
end, a target, lower-is-better by sign) and the projection treats both alike.
A department's annual KR names the company KRs it supports; this module
knows only the company's side of that link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from okrbook import i18n
from okrbook.core import fields as f
from okrbook.core import method
from okrbook.core.roster import ROLES, Person, roster_from_list
from okrbook.core.sheet import KeyResult, Objective, objectives_from_list
from okrbook.errors import OkrbookError

__all__ = ["ROLES", "Company", "Person", "company_from_dict"]
_COMPANY_FIELDS = ("company", "year", "language", "strategy", "annual", "roster")


@dataclass
class Company:
    name: str
    year: int
    language: str = "zh"
    # the strategy in the big picture's terms (okrbook.core.method.BIG_PICTURE_FIELDS)
    strategy: dict[str, str] = field(default_factory=dict)
    annual: list[Objective] = field(default_factory=list)
    roster: list[Person] = field(default_factory=list)

    def krs(self) -> dict[str, tuple[Objective, KeyResult]]:
        """Every company KR by id, with its objective."""
        return {kr.id: (o, kr) for o in self.annual for kr in o.key_results}


def company_from_dict(raw: Any) -> Company:
    """Validate a parsed ``company.yaml``; the error names the first bad field."""
    d = f.mapping(raw, "", allowed=_COMPANY_FIELDS)
    year = f.year(d)
    strategy = f.mapping(d.get("strategy"), "strategy", allowed=method.BIG_PICTURE_FIELDS)
    annual = f.mapping(d.get("annual"), "annual", allowed=("objectives",))
    company = Company(
        name=f.text(d, "company", "", required=True),
        year=int(year),
        language=f.choice(d, "language", "", i18n.LANGS, "zh"),
        strategy={str(k): f.text(strategy, k, "strategy") for k in strategy},
        annual=objectives_from_list(annual.get("objectives"), "annual.objectives", "C"),
    )
    _check_ids(company)
    company.roster = roster_from_list(d.get("roster"))
    return company


def _check_ids(company: Company) -> None:
    """Ids unique across the company's objectives and KRs; a company KR supports nothing above it."""
    seen: dict[str, str] = {}
    for i, obj in enumerate(company.annual):
        where = f"annual.objectives[{i}]"
        places = [(f"{where}.id", obj.id)]
        places += [(f"{where}.key_results[{j}].id", kr.id) for j, kr in enumerate(obj.key_results)]
        for place, ident in places:
            if ident in seen:
                raise OkrbookError("duplicate_id", {"id": ident, "first": seen[ident]}, field=place)
            seen[ident] = place
        for j, kr in enumerate(obj.key_results):
            if kr.supports:
                where_kr = f"{where}.key_results[{j}].supports"
                raise OkrbookError("unknown_field", {"name": "supports"}, field=where_kr)
