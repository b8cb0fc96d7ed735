"""The OKR sheet: annual objectives and KRs, and each quarter's.

Pure data and its validation: :func:`sheet_from_dict` turns the mapping read
from YAML (or built by the importer) into a :class:`Sheet`, naming the field
of the first mistake. Reading and writing files is :mod:`okrbook.io.stores`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from okrbook.core import fields as f
from okrbook.core import method
from okrbook.core.numbers import format_number
from okrbook.errors import OkrbookError

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
KR_KINDS = ("metric", "milestone")
OBJECTIVE_KINDS = ("committed", "aspirational")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def label(self) -> str:
        """``Q3``: the key of this quarter in the sheet."""
        return f"Q{self.number}"

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def parse_quarter(text: str) -> Quarter:
    """``2026Q3``, ``2026-Q3`` or ``2026q3`` → Quarter(2026, 3)."""
    m = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*", str(text))
    if not m:
        raise OkrbookError("bad_quarter", {"value": text})
    return Quarter(int(m.group(1)), int(m.group(2)))


@dataclass
class KeyResult:
    id: str
    title: str
    owner: str = ""
    weight: float = 1.0
    kind: str = "metric"
    start: float | None = None
    target: float | None = None
    current: float | None = None
    unit: str = ""
    done: bool = False
    supports: list[str] = field(default_factory=list)
    # Annual KRs: the value at each quarter end, keyed Q1..Q4.
    values: dict[str, float] = field(default_factory=dict)
    # What an OKR tool exported in place of start/target/current: its progress (a fraction, raw, so
    # 1.2 is 120 %) and the score the owner gave there (0.0–1.0), kept beside the computed one.
    progress: float | None = None
    owner_score: float | None = None

    @property
    def measurable(self) -> bool:
        """False for a KR written with no number: a badly set KR the checks flag."""
        return self.kind == "milestone" or self.target is not None or self.progress is not None

    @property
    def lower_is_better(self) -> bool:
        return (
            self.kind == "metric"
            and self.start is not None
            and self.target is not None
            and self.target < self.start
        )

    @property
    def latest(self) -> float | None:
        """The current value: as written, else the last quarter-end value."""
        if self.current is not None:
            return self.current
        for q in reversed(QUARTERS):
            if q in self.values:
                return self.values[q]
        return None


@dataclass
class Objective:
    id: str
    title: str
    kind: str = "aspirational"
    owner: str = ""
    weight: float = 1.0
    key_results: list[KeyResult] = field(default_factory=list)


@dataclass
class Sheet:
    department: str
    year: int
    annual: list[Objective] = field(default_factory=list)
    quarters: dict[str, list[Objective]] = field(default_factory=dict)
    company: str = ""
    big_picture: dict[str, str] = field(default_factory=dict)

    def annual_krs(self) -> dict[str, KeyResult]:
        return {kr.id: kr for o in self.annual for kr in o.key_results}

    def quarter(self, label: str) -> list[Objective]:
        return self.quarters.get(label, [])


_KR_FIELDS = (
    "id",
    "title",
    "owner",
    "weight",
    "kind",
    "start",
    "target",
    "current",
    "unit",
    "done",
    "supports",
    "values",
    "lower_is_better",
    "progress",
    "owner_score",
)
_OBJECTIVE_FIELDS = ("id", "title", "kind", "owner", "weight", "key_results", "supports")
_SHEET_FIELDS = ("department", "year", "company", "big_picture", "annual", "quarters", "language")


def _key_result(raw: object, where: str, default_id: str, annual: bool) -> KeyResult:
    d = f.mapping(raw, where, allowed=_KR_FIELDS)
    kr = KeyResult(
        id=f.text(d, "id", where) or default_id,
        title=f.text(d, "title", where, required=True),
        owner=f.text(d, "owner", where),
        weight=_weight(d, where),
        kind=f.choice(d, "kind", where, KR_KINDS, "metric"),
        start=f.number(d, "start", where),
        target=f.number(d, "target", where),
        current=f.number(d, "current", where),
        unit=f.text(d, "unit", where),
        done=bool(f.boolean(d, "done", where)),
        supports=[str(s) for s in f.items(d.get("supports"), f.join(where, "supports"))],
        progress=_fraction(d, "progress", where),
        owner_score=f.score(d, "owner_score", where),
    )
    values = f.mapping(d.get("values"), f.join(where, "values"), allowed=QUARTERS)
    kr.values = {q: v for q in QUARTERS if (v := f.number(values, q, f.join(where, "values"))) is not None}
    if kr.kind == "metric":
        if kr.target is None and (kr.start is not None or kr.current is not None or kr.values):
            raise OkrbookError("target_missing", field=f.join(where, "target"))
        if kr.target is not None and kr.start is None:
            kr.start = 0.0
        if kr.target is not None and kr.target == kr.start:
            raise OkrbookError(
                "target_equals_start", {"value": format_number(kr.target)}, field=f.join(where, "target")
            )
        declared = f.boolean(d, "lower_is_better", where, default=None)
        if declared is not None and kr.target is not None and declared != kr.lower_is_better:
            raise OkrbookError(
                "not_one_of",
                {"value": declared, "allowed": "target < start" if declared else "target > start"},
                field=f.join(where, "lower_is_better"),
            )
    return kr


def _fraction(d: Mapping, key: str, where: str) -> float | None:
    """A fraction as written: ``0.4``, or ``40%`` (the same, as the importer reads it)."""
    try:
        parsed = f.read_number(d.get(key))
    except OkrbookError as err:
        raise err.located(field=f.join(where, key)) from None
    return None if parsed is None else parsed.fraction


def _weight(d: Mapping, where: str) -> float:
    value = _fraction(d, "weight", where)
    if value is None:
        return 1.0
    if value < 0:
        raise OkrbookError("negative_weight", {"value": format_number(value)}, field=f.join(where, "weight"))
    return value


def _objectives(raw: object, where: str, prefix: str, annual: bool) -> list[Objective]:
    out = []
    for i, item in enumerate(f.items(raw, where)):
        here = f.join(where, i)
        d = f.mapping(item, here, allowed=_OBJECTIVE_FIELDS)
        oid = f.text(d, "id", here) or f"{prefix}O{i + 1}"
        obj = Objective(
            id=oid,
            title=f.text(d, "title", here, required=True),
            kind=f.choice(d, "kind", here, OBJECTIVE_KINDS, "aspirational"),
            owner=f.text(d, "owner", here),
            weight=_weight(d, here),
        )
        krs_where = f.join(here, "key_results")
        obj.key_results = [
            _key_result(kr, f.join(krs_where, j), f"{oid}.KR{j + 1}", annual)
            for j, kr in enumerate(f.items(d.get("key_results"), krs_where))
        ]
        out.append(obj)
    return out


def objectives_from_list(raw: object, where: str, prefix: str) -> list[Objective]:
    """Annual objectives read as a sheet reads them: the company's (``company.yaml``) are read so too."""
    return _objectives(raw, where, prefix, annual=True)


def sheet_from_dict(raw: Any) -> Sheet:
    """Validate a parsed sheet; the error names the first bad field."""
    d = f.mapping(raw, "", allowed=_SHEET_FIELDS)
    year = f.year(d)
    annual = f.mapping(d.get("annual"), "annual", allowed=("objectives",))
    sheet = Sheet(
        department=f.text(d, "department", "", required=True),
        year=int(year),
        company=f.text(d, "company", ""),
        annual=_objectives(annual.get("objectives"), "annual.objectives", "A", annual=True),
    )
    big = f.mapping(d.get("big_picture"), "big_picture", allowed=method.BIG_PICTURE_FIELDS)
    sheet.big_picture = {str(k): f.text(big, k, "big_picture") for k in big}
    quarters = f.mapping(d.get("quarters"), "quarters", allowed=QUARTERS)
    for q in QUARTERS:
        if q in quarters:
            where = f"quarters.{q}"
            qd = f.mapping(quarters[q], where, allowed=("objectives",))
            sheet.quarters[q] = _objectives(
                qd.get("objectives"), f"{where}.objectives", f"{q}.", annual=False
            )
    _check_ids_and_links(sheet)
    return sheet


def _check_ids_and_links(sheet: Sheet) -> None:
    seen: dict[str, str] = {}
    groups = [("annual.objectives", sheet.annual)] + [
        (f"quarters.{q}.objectives", objs) for q, objs in sheet.quarters.items()
    ]
    annual_ids = set(sheet.annual_krs())
    for where, objectives in groups:
        for i, obj in enumerate(objectives):
            places = [(f"{where}[{i}].id", obj.id)] + [
                (f"{where}[{i}].key_results[{j}].id", kr.id) for j, kr in enumerate(obj.key_results)
            ]
            for place, ident in places:
                if ident in seen:
                    raise OkrbookError("duplicate_id", {"id": ident, "first": seen[ident]}, field=place)
                seen[ident] = place
            # an annual KR's supports name company KRs, which only the company folder knows
            # (okrbook.company checks them); a quarterly KR's name this sheet's annual KRs
            for j, kr in enumerate(obj.key_results if where != "annual.objectives" else ()):
                for k, target in enumerate(kr.supports):
                    if target not in annual_ids:
                        raise OkrbookError(
                            "unknown_annual_kr",
                            {"id": target},
                            field=f"{where}[{i}].key_results[{j}].supports[{k}]",
                        )


def sheet_to_dict(sheet: Sheet) -> dict[str, Any]:
    """The plain mapping written to YAML; drops what equals its default."""

    def kr_dict(kr: KeyResult) -> dict[str, Any]:
        out: dict[str, Any] = {"id": kr.id, "title": kr.title}
        if kr.owner:
            out["owner"] = kr.owner
        if kr.weight != 1.0:
            out["weight"] = kr.weight
        if kr.kind == "milestone":
            out.update(kind="milestone", done=kr.done)
        else:
            for name in ("start", "target", "current"):
                value = getattr(kr, name)
                if value is not None:
                    out[name] = int(value) if value == int(value) else value
            if kr.unit:
                out["unit"] = kr.unit
            if kr.progress is not None:
                out["progress"] = kr.progress
        if kr.owner_score is not None:
            out["owner_score"] = kr.owner_score
        if kr.supports:
            out["supports"] = list(kr.supports)
        if kr.values:
            out["values"] = dict(kr.values)
        return out

    def obj_dict(obj: Objective) -> dict[str, Any]:
        out: dict[str, Any] = {"id": obj.id, "title": obj.title, "kind": obj.kind}
        if obj.owner:
            out["owner"] = obj.owner
        if obj.weight != 1.0:
            out["weight"] = obj.weight
        out["key_results"] = [kr_dict(kr) for kr in obj.key_results]
        return out

    out: dict[str, Any] = {"department": sheet.department, "year": sheet.year}
    if sheet.company:
        out["company"] = sheet.company
    if sheet.big_picture:
        out["big_picture"] = dict(sheet.big_picture)
    out["annual"] = {"objectives": [obj_dict(o) for o in sheet.annual]}
    out["quarters"] = {q: {"objectives": [obj_dict(o) for o in objs]} for q, objs in sheet.quarters.items()}
    return out


def quarter_label(quarter: object) -> str:
    """``Q3`` from ``Q3``, ``2026Q3``, ``2026-q3`` or a :class:`~okrbook.core.sheet.Quarter`."""
    text = str(quarter).strip().upper()[-2:]
    if text not in QUARTERS:
        raise ValueError(f"not a quarter: {quarter!r}")
    return text


# What a re-import compares, KR by KR (the id is the KR's identity: the record's answers are keyed by it).
DIFF_FIELDS = (
    "title",
    "owner",
    "weight",
    "start",
    "target",
    "current",
    "unit",
    "done",
    "progress",
    "owner_score",
)


@dataclass
class SheetDiff:
    """How a new import differs from the sheet it replaces."""

    added: list[KeyResult] = field(default_factory=list)
    removed: list[KeyResult] = field(default_factory=list)
    changed: list[tuple[KeyResult, list[tuple[str, Any, Any]]]] = field(
        default_factory=list
    )  # (name, old, new)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def all_krs(sheet: Sheet) -> dict[str, KeyResult]:
    """Every KR of the sheet by id, annual first, then the quarters in order."""
    groups = [sheet.annual, *(sheet.quarters[q] for q in QUARTERS if q in sheet.quarters)]
    return {kr.id: kr for objectives in groups for o in objectives for kr in o.key_results}


def diff_sheets(old: Sheet, new: Sheet) -> SheetDiff:
    """The KRs ``new`` adds, drops and changes against ``old``, matched by id."""
    before, after = all_krs(old), all_krs(new)
    diff = SheetDiff(
        added=[kr for i, kr in after.items() if i not in before],
        removed=[kr for i, kr in before.items() if i not in after],
    )
    for i, kr in after.items():
        if (was := before.get(i)) is not None:
            changes = [
                (n, getattr(was, n), getattr(kr, n)) for n in DIFF_FIELDS if getattr(was, n) != getattr(kr, n)
            ]
            if changes:
                diff.changed.append((kr, changes))
    return diff
