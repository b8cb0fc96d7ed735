"""The company's decisions on the annual adjustments departments propose (question 2.4).

A department proposes in its record (``adjustments``); leadership decides in
the company folder (``decisions.yaml``), approved or declined with a note.
The decisions file is revisioned like a record (read here, saved by
:mod:`okrbook.company.folder` through :func:`okrbook.io.revisions.save_revisioned`).
:func:`apply_decisions` is what the next ``okrbook new`` of that department
does with the approved ones: the snapshot gets the new target, and the
record a :class:`~okrbook.core.record.SheetChange` saying from what and why.
Pure: no files here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from okrbook.core import fields as f
from okrbook.core.method import ADJUSTMENT_CHANGES
from okrbook.core.record import SheetChange, plain_data, read_dataclass
from okrbook.core.sheet import Quarter, Sheet, parse_quarter
from okrbook.errors import OkrbookError

SCHEMA = "okrbook.decisions"
SCHEMA_VERSION = 1
CHOICES = ("approved", "declined")


@dataclass
class Decision:
    """Leadership's word on one proposal, named by department, quarter and annual KR.

    The targets are the proposal's as decided, so a proposal edited later does
    not silently change what was approved.
    """

    department: str = ""
    quarter: str = ""
    annual_kr: str = ""
    decision: str = field(default="", metadata={"choices": ("", *CHOICES)})
    old_target: float | None = None
    new_target: float | None = None
    note: str = ""
    decided_by: str = ""
    decided_on: dt.date | None = None
    # what the proposal changes (record.Adjustment): only a new target is applied to a sheet
    change: str = field(default="target", metadata={"choices": ADJUSTMENT_CHANGES})
    new_title: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.department, self.quarter, self.annual_kr)


@dataclass
class Decisions:
    revision: int = 0
    saved_at: str = ""
    decisions: list[Decision] = field(default_factory=list)

    def find(self, department: str, quarter: str, annual_kr: str) -> Decision | None:
        key = (department, str(quarter), annual_kr)
        return next((d for d in self.decisions if d.key == key), None)

    def decide(
        self,
        department: str,
        quarter: str,
        annual_kr: str,
        *,
        old_target: float | None = None,
        new_target: float | None = None,
        change: str = "target",
        new_title: str = "",
        decision: str | None = None,
        note: str | None = None,
        decided_by: str | None = None,
        today: dt.date | None = None,
    ) -> Decision:
        """Set (or start) the decision on one proposal; a choice made stamps today's date."""
        found = self.find(department, quarter, annual_kr)
        if found is None:
            found = Decision(department, str(quarter), annual_kr)
            self.decisions.append(found)
        if decision is not None:
            if decision not in ("", *CHOICES):
                raise OkrbookError("not_one_of", {"value": decision, "allowed": ", ".join(CHOICES)})
            if decision != found.decision:
                found.decision = decision
                found.decided_on = (today or dt.date.today()) if decision else None
                found.old_target, found.new_target = old_target, new_target
                found.change, found.new_title = change, new_title
        if note is not None:
            found.note = note
        if decided_by is not None:
            found.decided_by = decided_by
        return found


def decisions_from_dict(raw: Any) -> Decisions:
    """Validate a parsed ``decisions.yaml``; the error names the first bad field."""
    body = f.versioned_body(raw, SCHEMA, SCHEMA_VERSION)
    decisions = read_dataclass(Decisions, body, "")
    seen: dict[tuple[str, str, str], int] = {}
    for i, item in enumerate(decisions.decisions):
        where = f"decisions[{i}]"
        for name in ("department", "quarter", "annual_kr"):
            if not getattr(item, name):
                raise OkrbookError("required", field=f"{where}.{name}")
        try:
            item.quarter = str(parse_quarter(item.quarter))
        except OkrbookError as err:
            raise err.located(field=f"{where}.quarter") from None
        if item.decision == "approved" and item.change == "target" and item.new_target is None:
            raise OkrbookError("required", field=f"{where}.new_target")
        if item.key in seen:
            first = f"decisions[{seen[item.key]}]"
            raise OkrbookError("duplicate_id", {"id": "/".join(item.key), "first": first}, field=where)
        seen[item.key] = i
    return decisions


def decisions_to_dict(decisions: Decisions) -> dict[str, Any]:
    return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, **plain_data(decisions)}


def apply_decisions(sheet: Sheet, decisions: Decisions, quarter: Quarter) -> list[SheetChange]:
    """Give ``sheet`` (a snapshot: it is changed) the targets approved for it before ``quarter``.

    Approved decisions on this department's proposals of earlier quarters of
    the sheet's year apply in quarter order; one whose new target the sheet
    already has changes nothing and logs nothing. Returns the log.
    """
    krs = sheet.annual_krs()
    mine = [
        d
        for d in decisions.decisions
        if d.department == sheet.department
        and d.decision == "approved"
        and d.change == "target"  # a new wording or a drop is the lead's edit of the sheet
        and d.annual_kr in krs
    ]
    changes = []
    for d in sorted(mine, key=lambda d: parse_quarter(d.quarter)):
        proposed = parse_quarter(d.quarter)
        if proposed.year != sheet.year or proposed >= quarter:
            continue
        kr = krs[d.annual_kr]
        if kr.target == d.new_target:
            continue
        changes.append(
            SheetChange(
                annual_kr=kr.id,
                old=kr.target,
                new=d.new_target,
                note=d.note,
                decided_on=d.decided_on,
                proposed_in=d.quarter,
            )
        )
        kr.target = d.new_target
    return changes
