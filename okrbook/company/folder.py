"""The company folder on disk: ``company.yaml``, ``decisions.yaml`` and one folder per department.

::

    COMPANY/
      company.yaml            the company, its strategy, its annual OKRs (okrbook.company.model)
      decisions.yaml          leadership's decisions on proposed adjustments (okrbook.company.decisions)
      company-review.ipynb    leadership's notebook (okrbook new-company)
      用户增长部/              an ordinary okrbook root: okrs.yaml, 2026Q1/, 2026Q2/ …
      销售部/

A department's facts (:func:`department_facts`) are what the roll-up needs
of it, JSON-ready: for each quarter with a record, exactly what ``okrbook
check --json`` prints for that record (:func:`okrbook.analysis.report.record_check`,
the same function), and what the record says beyond scores. They are a pure
function of the department's files, so :mod:`okrbook.company.cache` may keep
them, checked against those files' contents on every read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from okrbook.analysis.projection import project_annual
from okrbook.analysis.report import record_check, sheet_check
from okrbook.company.decisions import Decisions, apply_decisions, decisions_from_dict, decisions_to_dict
from okrbook.company.model import Company, company_from_dict
from okrbook.core.record import Record, SheetChange, plain_data
from okrbook.core.sheet import QUARTERS, Quarter, Sheet, parse_quarter
from okrbook.errors import OkrbookError
from okrbook.io.files import read_mapping
from okrbook.io.revisions import save_revisioned
from okrbook.io.roster import COMPANY_FILE
from okrbook.io.stores import RECORD_NAME, SHEET_NAME, load_record, load_sheet
from okrbook.prework.summary import summarise_folder

DECISIONS_FILE = "decisions.yaml"
QUARTER_FOLDER = re.compile(r"^\d{4}Q[1-4]$")
MINUTES_FILE = re.compile(r"^(\d{4}Q[1-4])-minutes\.(html|md|pdf)$")


def is_company(path: str | Path) -> bool:
    """A folder with ``company.yaml`` at its root."""
    path = Path(path)
    return path.is_dir() and (path / COMPANY_FILE).is_file()


def company_of(department_root: str | Path) -> Path | None:
    """The company folder a department root sits in, if it does (for ``okrbook new``)."""
    parent = Path(department_root).resolve().parent
    return parent if is_company(parent) else None


def load_company(folder: str | Path) -> Company:
    path = Path(folder) / COMPANY_FILE
    try:
        return company_from_dict(read_mapping(path))
    except OkrbookError as err:
        raise err.located(file=path) from None


def decisions_path(folder: str | Path) -> Path:
    return Path(folder) / DECISIONS_FILE


def load_decisions(folder: str | Path) -> Decisions:
    """The company's decisions; none yet when the file does not exist."""
    path = decisions_path(folder)
    if not path.exists():
        return Decisions()
    try:
        return decisions_from_dict(read_mapping(path))
    except OkrbookError as err:
        raise err.located(file=path) from None


def _decisions_revision(path: Path) -> int:
    return decisions_from_dict(read_mapping(path)).revision


def save_decisions(folder: str | Path, decisions: Decisions, *, check_conflict: bool = True) -> Decisions:
    """Write the decisions as the next revision: the record's save (atomic, locked, conflict-checked)."""
    return save_revisioned(
        decisions_path(folder),
        decisions,
        decisions_to_dict,
        _decisions_revision,
        conflict="company_decisions_conflict",
        check_conflict=check_conflict,
    )


def department_folders(folder: str | Path) -> list[Path]:
    """Every subfolder but hidden ones (``.x``, ``_x``): each must be a department root."""
    return sorted(p for p in Path(folder).iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def quarter_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and QUARTER_FOLDER.match(p.name))


def adjust_for_company(department_root: str | Path, quarter: Quarter):
    """What ``okrbook new`` hands :func:`okrbook.io.workbook.new_workbook` inside a company folder.

    Returns None outside one; else a function that applies the approved
    decisions to the snapshot and returns the change log.
    """
    company = company_of(department_root)
    if company is None:
        return None
    decisions = load_decisions(company)

    def adjust(sheet: Sheet) -> list[SheetChange]:
        return apply_decisions(sheet, decisions, quarter)

    return adjust


def _projections(sheet: Sheet, label: str) -> list[dict[str, Any]]:
    out = []
    for p in project_annual(sheet, as_of=label):
        out.append(
            {
                "id": p.kr.id,
                "objective": p.objective_id,
                "title": p.kr.title,
                "kind": p.kr.kind,
                "unit": p.kr.unit,
                "start": p.start,
                "target": p.kr.target if p.kr.kind == "metric" else None,
                "current": p.current,
                "projected": p.projected,
                "attainment": None if p.attainment is None else round(p.attainment, 4),
                "verdict": p.verdict,
                "volatile": p.volatile,
                "supports": list(p.kr.supports),
            }
        )
    return out


def _quarter_facts(folder: Path, record: Record, sheet: Sheet, path: Path, lang: str) -> dict[str, Any]:
    label = parse_quarter(record.quarter).label
    check = record_check(path, record, sheet, lang)
    prework = summarise_folder(folder, record, sheet)
    minutes = sorted(
        p.name
        for p in folder.iterdir()
        if (m := MINUTES_FILE.match(p.name)) and m.group(1) == str(parse_quarter(record.quarter))
    )
    return {
        "record_file": str(path),
        "sheet_file": str((folder / record.sheet).resolve()),
        "held": record.meeting.date is not None,
        "meeting_date": record.meeting.date.isoformat() if record.meeting.date else None,
        "minutes": minutes,
        "check": check,
        "weights": {o.id: o.weight for o in sheet.quarter(label)},
        "verdicts": dict(record.verdicts),
        "projections": _projections(sheet, label),
        "adjustments": [
            {**plain_data(a), "title": (kr.title if (kr := sheet.annual_krs().get(a.annual_kr)) else "")}
            for a in record.adjustments
            if a.annual_kr
        ],
        "sheet_changes": [plain_data(c) for c in record.sheet_changes],
        "whiteboard": [plain_data(w) for w in record.whiteboard if not w.resolved and w.text],
        "homework": [
            plain_data(h) for h in record.homework_review + record.homework if h.status == "open" and h.text
        ],
        "prework": {
            "expected": prework.expected,
            "expected_from": prework.expected_from,
            "handed_in": prework.handed_in,
            "missing": prework.missing,
            "unexpected": prework.unexpected,
            "problems": [e.facts(lang) for e in prework.problems],
        },
    }


def department_facts(root: Path, lang: str) -> tuple[dict[str, Any], set[Path]]:
    """What the roll-up needs of one department, and every file read for it.

    A sheet or record that cannot be read raises :class:`OkrbookError` naming
    it: the caller shows that department as broken and goes on with the others.
    """
    read: set[Path] = set()
    sheet_path = root / SHEET_NAME
    if not sheet_path.is_file():
        raise OkrbookError("company_not_a_department", {"name": root.name}, file=root)
    read.add(sheet_path.resolve())
    sheet = load_sheet(sheet_path)
    sheets = {sheet_path.resolve(): sheet}
    quarters: dict[str, Any] = {}
    for folder in quarter_folders(root):
        path = folder / RECORD_NAME
        if not path.is_file():
            continue
        read.add(path.resolve())
        record = load_record(path)
        if record.quarter and str(parse_quarter(record.quarter)) != folder.name:
            raise OkrbookError("company_record_elsewhere", {"quarter": record.quarter}, file=path)
        named = (folder / record.sheet).resolve()
        read.add(named)
        if named not in sheets:
            sheets[named] = load_sheet(named)
        own = sheets[named]
        if (
            parse_quarter(record.quarter).label not in own.quarters
            or own.year != parse_quarter(record.quarter).year
        ):
            raise OkrbookError("quarter_not_in_sheet", {"quarter": record.quarter}, file=named)
        read.update(p.resolve() for p in (folder / "prework").glob("*.yaml"))
        quarters[folder.name] = _quarter_facts(folder, record, own, path, lang)
    annual = [
        {
            "id": kr.id,
            "objective": o.id,
            "title": kr.title,
            "supports": list(kr.supports),
            "where": f"annual.objectives[{i}].key_results[{j}]",
        }
        for i, o in enumerate(sheet.annual)
        for j, kr in enumerate(o.key_results)
    ]
    facts = {
        "folder": root.name,
        "department": sheet.department,
        "company": sheet.company,
        "year": sheet.year,
        "sheet_file": str(sheet_path),
        "annual": annual,
        "sheet_check": sheet_check(sheet_path, sheet, lang),
        "sheet_weights": {q: {o.id: o.weight for o in sheet.quarter(q)} for q in sheet.quarters},
        "sheet_projections": {q: _projections(sheet, q) for q in QUARTERS},
        "quarters": quarters,
    }
    return facts, read
