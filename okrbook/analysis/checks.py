"""The microscope (显微镜): flag OKRs that were set badly, before the meeting argues about them.

Each check is a small, explainable heuristic over the sheet. A check never
raises on odd input: whatever it sees becomes a :class:`Finding` that names
the objective or KR, says what looks wrong, why it matters and how to fix it,
in 简体中文 and English. Findings are prompts for the discussion of question
1.1 ("was the quarter's OKR set badly?"), not verdicts, so the heuristics
prefer missing a case to crying wolf.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from okrbook.analysis.text import joined_goals, read_kr
from okrbook.core.findings import Finding, finding
from okrbook.core.numbers import format_number
from okrbook.core.record import Record
from okrbook.core.sheet import KeyResult, Objective, Sheet, quarter_label

MIN_KRS = 2
MAX_KRS = 5
WEIGHT_TOLERANCE = 0.01


# --- KRs: tasks, output, no measure ---------------------------------------------------------
#
# The wording is read by :mod:`okrbook.analysis.text`; here the reading and the KR's measure
# become findings. A task in place of a result is worth discussing (warning); a KR that
# counts the team's activities or products measures output and is only noted (info).

TASK_CHECKS = ("kr_is_task", "kr_makes_document", "kr_zero_to_one")


def _zero_to_one(kr: KeyResult) -> bool:
    """Done or not done: a milestone, or a metric that goes from 0 to 1."""
    return kr.kind == "milestone" or (kr.start in (0, None) and kr.target == 1 and not kr.unit.strip("%"))


def kr_findings(kr: KeyResult) -> list[Finding]:
    """What the microscope sees in one KR's wording and measure, each with its own reason."""
    out: list[Finding] = []
    reading = read_kr(kr.title)
    if not kr.measurable:
        check = "kr_untracked_number" if reading.number else "no_measure"
        out.append(finding(check, "warning", kr.id, kr.title))
    if reading.result:
        return out
    done_or_not = _zero_to_one(kr)
    if reading.activity and (reading.counted or (kr.measurable and not done_or_not)):
        out.append(finding("kr_counts_output", "info", kr.id, kr.title, activity=reading.activity))
    elif reading.document:
        out.append(finding("kr_makes_document", "warning", kr.id, kr.title, document=reading.document))
    elif reading.head and (done_or_not or not kr.measurable or reading.leads and not reading.counted):
        out.append(finding("kr_is_task", "warning", kr.id, kr.title, verb=reading.head))
    elif done_or_not and kr.measurable:
        out.append(finding("kr_zero_to_one", "warning", kr.id, kr.title))
    elif reading.counted and reading.head:
        out.append(finding("kr_counts_output", "info", kr.id, kr.title, activity=reading.head))
    return out


# --- the checks ----------------------------------------------------------------------------


_NOT_WORD = re.compile(r"[^\w%]+")


def normalise_title(title: str) -> str:
    """Title with case, width, spaces and punctuation ignored: what makes two KRs 'the same'."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", title).casefold())


def _weights_explicit_and_wrong(krs: list[KeyResult]) -> float | None:
    """The weight total when weights were set on purpose and do not add up, else None.

    Every weight at its default 1.0 means "equal weights" and is fine. Any other
    value means the author set weights, so they must total 1 (or 100, written as
    percentages) within 1%.
    """
    weights = [kr.weight for kr in krs]
    if not weights or all(w == 1.0 for w in weights):
        return None
    total = sum(weights)
    if abs(total - 1.0) <= WEIGHT_TOLERANCE or abs(total - 100.0) <= 100.0 * WEIGHT_TOLERANCE:
        return None
    return total


def _objective_findings(obj: Objective) -> list[Finding]:
    out: list[Finding] = []
    connector = joined_goals(obj.title)
    if connector:
        out.append(finding("two_goals", "warning", obj.id, obj.title, connector=connector))
    n = len(obj.key_results)
    if n > MAX_KRS:
        out.append(finding("too_many_krs", "warning", obj.id, obj.title, count=n, limit=MAX_KRS))
    elif n < MIN_KRS:
        out.append(finding("too_few_krs", "warning", obj.id, obj.title, count=n, limit=MIN_KRS))
    total = _weights_explicit_and_wrong(obj.key_results)
    if total is not None:
        out.append(finding("weights_sum", "warning", obj.id, obj.title, total=format_number(total)))
    for kr in obj.key_results:
        out.extend(kr_findings(kr))
    return out


def _duplicates(objectives: Iterable[Objective]) -> list[Finding]:
    seen: dict[str, KeyResult] = {}
    out = []
    for obj in objectives:
        for kr in obj.key_results:
            key = normalise_title(kr.title)
            if key in seen:
                out.append(finding("duplicate_kr", "warning", kr.id, kr.title, first=seen[key].id))
            elif key:
                seen[key] = kr
    return out


def supported_annual(kr: KeyResult, annual_ids: set[str] | frozenset[str]) -> list[str]:
    """The annual KRs ``kr`` supports that actually exist (a broken link supports nothing)."""
    return [a for a in kr.supports if a in annual_ids]


def check_quarter(sheet: Sheet, quarter: object) -> list[Finding]:
    """Everything the microscope sees in one quarter's OKRs, in sheet order.

    ``quarter`` is ``Q3`` or ``2026Q3``. Beyond the per-objective checks this
    flags drift (an objective none of whose KRs supports an annual KR) and links
    to annual KRs that do not exist.
    """
    label = quarter_label(quarter)
    objectives = sheet.quarter(label)
    if not objectives:
        return [finding("no_objectives", "warning", label, label, quarter=label)]
    annual_ids = set(sheet.annual_krs())
    out: list[Finding] = []
    for obj in objectives:
        out.extend(_objective_findings(obj))
        for kr in obj.key_results:
            for target in kr.supports:
                if target not in annual_ids:
                    out.append(finding("unknown_support", "error", kr.id, kr.title, annual=target))
        if annual_ids and not any(supported_annual(kr, annual_ids) for kr in obj.key_results):
            out.append(finding("drift", "warning", obj.id, obj.title))
    out.extend(_duplicates(objectives))
    return out


def check_annual(sheet: Sheet) -> list[Finding]:
    """The microscope on the annual OKRs: the same per-objective checks, and none at all."""
    if not sheet.annual:
        return [finding("no_annual", "warning", str(sheet.year), sheet.department)]
    out: list[Finding] = []
    for obj in sheet.annual:
        out.extend(_objective_findings(obj))
    out.extend(_duplicates(sheet.annual))
    return out


def check_record(record: Record, sheet: Sheet) -> list[Finding]:
    """What a record says about KRs the sheet does not have (renamed ids after a re-import, typos).

    The minutes would silently leave such final scores, obstacles and verdicts out.
    """
    quarter_krs = {kr.id for o in sheet.quarter(quarter_label(record.quarter)) for kr in o.key_results}
    annual_krs = set(sheet.annual_krs())
    return [
        finding("record_unknown_kr", "warning", ident, "", field=field)
        for field, ident, annual in record.kr_references()
        if ident not in (annual_krs if annual else quarter_krs)
    ]
