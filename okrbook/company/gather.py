"""Reading a whole company folder for the roll-up: the company, every department's facts, the decisions.

Each department is read on its own (through :mod:`okrbook.company.cache`), so
one that cannot be read becomes its error and every other is still covered.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from okrbook.company.cache import cached_facts
from okrbook.company.decisions import Decisions
from okrbook.company.folder import department_facts, department_folders, load_company, load_decisions
from okrbook.company.model import Company
from okrbook.company.rollup import build_rollup
from okrbook.core.sheet import Quarter
from okrbook.errors import OkrbookError

Departments = list[tuple[str, dict[str, Any] | OkrbookError]]


def gather(folder: str | Path, lang: str) -> tuple[Company, Departments, Decisions]:
    """The company (its file must read), each department's facts or error, and the decisions."""
    folder = Path(folder)
    company = load_company(folder)
    decisions = load_decisions(folder)
    departments: Departments = []
    for root in department_folders(folder):
        try:
            facts = cached_facts(root, lang, lambda root=root: department_facts(root, lang))
        except OkrbookError as err:
            departments.append((root.name, err))
            continue
        departments.append((root.name, facts))
    return company, departments, decisions


def company_rollup(
    folder: str | Path,
    quarter: Quarter | None = None,
    today: dt.date | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """``okrbook rollup``'s data for the company folder (language: ``lang``, else the company's)."""
    lang = lang or load_company(folder).language
    company, departments, decisions = gather(folder, lang)
    return build_rollup(company, departments, decisions, quarter, today, lang)


def check_company(folder: str | Path, lang: str) -> dict[str, Any]:
    """``okrbook check COMPANY_DIR``: every department read and checked as the roll-up reads it.

    Valid when every department can be read and no link or name is wrong; the
    problems are the roll-up's own (the same function finds them).
    """
    company, departments, decisions = gather(folder, lang)
    r = build_rollup(company, departments, decisions, lang=lang)
    facts = {name: f for name, f in departments if not isinstance(f, OkrbookError)}
    rows = []
    for d in r["departments"]:
        quarters = sorted(facts[d["folder"]]["quarters"]) if d["ok"] else []
        rows.append(
            {
                "folder": d["folder"],
                "name": d["name"],
                "valid": d["ok"],
                "quarters": quarters,
                "error": d.get("error"),
            }
        )
    broken = sum(1 for row in rows if not row["valid"])
    return {
        "file": str(Path(folder) / "company.yaml"),
        "valid": not broken and not r["problems"],
        "company": company.name,
        "year": company.year,
        "departments": rows,
        "problems": r["problems"],
        "problem_count": broken + len(r["problems"]),
    }
