"""Reading a whole company folder for the roll-up: the company, every department's facts, the decisions.

Each department is read on its own (through :mod:`okrbook.company.cache`), so
one that cannot be read becomes its error and every other is still covered.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from okrbook.company.cache import cached_facts, lookup
from okrbook.company.decisions import Decisions
from okrbook.company.folder import department_facts, department_folders, load_company, load_decisions
from okrbook.company.model import Company
from okrbook.company.rollup import build_rollup
from okrbook.core.sheet import Quarter
from okrbook.errors import OkrbookError
from okrbook.io.roster import COMPANY_FILE

Departments = list[tuple[str, dict[str, Any] | OkrbookError]]
# below this many departments to compute, starting worker processes costs more than it saves
PARALLEL_FROM = 8


def _department(root: str, lang: str) -> dict[str, Any] | tuple[Any, ...]:
    """One department's facts, or its error as plain values (a worker process hands it back pickled)."""
    try:
        return cached_facts(Path(root), lang, lambda: department_facts(Path(root), lang))
    except OkrbookError as err:
        return ("error", err.key, err.params, err.file, err.row, err.column, err.field)


def _facts_or_error(result: dict[str, Any] | tuple[Any, ...]) -> dict[str, Any] | OkrbookError:
    if isinstance(result, tuple):
        _, key, params, file, row, column, field = result
        return OkrbookError(key, params, file=file, row=row, column=column, field=field)
    return result


def gather(
    folder: str | Path, lang: str, company: Company | None = None, workers: int = 1
) -> tuple[Company, Departments, Decisions]:
    """The company (its file must read), each department's facts or error, and the decisions.

    Departments the cache does not hold are computed in ``workers`` processes
    when there are enough of them to pay for starting those (the command line
    asks for one per core; the notebook stays in its kernel).
    """
    folder = Path(folder)
    company = company or load_company(folder)
    decisions = load_decisions(folder)
    roots = department_folders(folder)
    found: dict[Path, dict[str, Any] | tuple[Any, ...]] = {}
    missing = []
    for root in roots:
        hit = lookup(root, lang)
        if hit is None:
            missing.append(root)
        else:
            found[root] = hit
    if workers > 1 and len(missing) >= PARALLEL_FROM:
        with ProcessPoolExecutor(min(workers, len(missing))) as pool:
            results = pool.map(_department, [str(r) for r in missing], [lang] * len(missing), chunksize=4)
            found.update(zip(missing, results, strict=True))
    else:
        found.update((root, _department(str(root), lang)) for root in missing)
    departments: Departments = [(root.name, _facts_or_error(found[root])) for root in roots]
    return company, departments, decisions


def company_rollup(
    folder: str | Path,
    quarter: Quarter | None = None,
    today: dt.date | None = None,
    lang: str | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """``okrbook rollup``'s data for the company folder (language: ``lang``, else the company's)."""
    company = load_company(folder)
    lang = lang or company.language
    company, departments, decisions = gather(folder, lang, company, workers)
    return build_rollup(company, departments, decisions, quarter, today, lang)


def check_company(folder: str | Path, lang: str, workers: int = 1) -> dict[str, Any]:
    """``okrbook check COMPANY_DIR``: every department read and checked as the roll-up reads it.

    Valid when every department can be read and no link or name is wrong; the
    problems are the roll-up's own (the same function finds them).
    """
    company, departments, decisions = gather(folder, lang, workers=workers)
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
        "file": str(Path(folder) / COMPANY_FILE),
        "valid": not broken and not r["problems"],
        "company": company.name,
        "year": company.year,
        "departments": rows,
        "problems": r["problems"],
        "problem_count": broken + len(r["problems"]),
    }
