"""The roll-up across departments for one quarter: what leadership reads (a retro of retros).

A pure function of the company, each department's facts
(:func:`okrbook.company.folder.department_facts`: a department's scores are
its ``okrbook check --json``, taken as they are, never recomputed) and the
decisions. It gives one JSON-ready mapping that ``okrbook rollup --json``
prints, the reports render and the company notebook shows:

* per department: the retrospective held (a record with a meeting date) and
  its minutes; objective scores with bands and the committed ones missed; KR
  scores as the lead finalised them; annual verdicts (the meeting's and the
  projection's); pre-work participation; the targets a decision changed;
  its score over the quarters;
* across the company: each company KR with the departments that carry it and
  its projection; company KRs nobody carries (a gap) and department annual
  KRs that carry no company KR (drift); the adjustments proposed, decided or
  awaiting a decision; the open whiteboard questions on positioning, goals
  and value proposition; homework overdue;
* problems: a department that cannot be read (named, the others still
  covered), of another year or company, two folders for one department,
  a company KR a department names that the company lacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from okrbook.analysis.projection import project_kr
from okrbook.company.decisions import Decisions
from okrbook.company.model import Company
from okrbook.core.scoring import judgement, weighted_mean
from okrbook.core.sheet import Quarter, parse_quarter
from okrbook.errors import OkrbookError

# The whiteboard tags that concern the company's strategy (the other tags stay the department's).
STRATEGY_TAGS = ("positioning", "goals", "value_proposition")

Facts = dict[str, Any]


def default_quarter(company: Company, facts: Iterable[Facts]) -> Quarter:
    """The latest quarter of the company's year that some department has a record of (else Q1)."""
    found = [
        parse_quarter(q)
        for f in facts
        for q in f.get("quarters", {})
        if parse_quarter(q).year == company.year
    ]
    return max(found, default=Quarter(company.year, 1))


def quarter_mean(check: Mapping[str, Any], weights: Mapping[str, float], label: str) -> float | None:
    """A department's quarter score: its objectives' scores, as check gives them, by objective weight."""
    section = next((s for s in check["sections"] if s["scope"] == label), None)
    if section is None:
        return None
    pairs = [(o["score"], weights.get(o["id"], 1.0)) for o in section["objectives"] if o["score"] is not None]
    mean = weighted_mean(pairs)
    return None if mean is None else round(mean, 2)


def _objectives(check: Mapping[str, Any], label: str) -> list[dict[str, Any]]:
    section = next((s for s in check["sections"] if s["scope"] == label), {"objectives": []})
    out = []
    for o in section["objectives"]:
        verdict = judgement(o["score"], o["kind"])
        out.append(
            {
                "id": o["id"],
                "title": o["title"],
                "kind": o["kind"],
                "score": o["score"],
                "band": o["band"],
                "judgement": verdict,
                "committed_missed": verdict == "missed_commitment",
                "key_results": [
                    {
                        "id": k["id"],
                        "title": k["title"],
                        "score": k["score"],
                        "computed_score": k["computed_score"],
                        "overridden": k["overridden"],
                        "band": k["band"],
                    }
                    for k in o["key_results"]
                ],
            }
        )
    return out


def _latest(facts: Facts, quarter: Quarter) -> dict[str, Any] | None:
    """The department's latest record up to ``quarter``: what is still open stands there."""
    earlier = [q for q in facts["quarters"] if parse_quarter(q) <= quarter]
    return facts["quarters"][max(earlier, key=parse_quarter)] if earlier else None


def _department(facts: Facts, quarter: Quarter, today: dt.date) -> dict[str, Any]:
    label = quarter.label
    here = facts["quarters"].get(str(quarter))
    if here is not None:
        check, weights, projections = here["check"], here["weights"], here["projections"]
    else:
        check = facts["sheet_check"]
        weights = facts["sheet_weights"].get(label, {})
        projections = facts["sheet_projections"][label]
    verdicts = here["verdicts"] if here else {}
    latest = _latest(facts, quarter)
    objectives = _objectives(check, label)
    history = []
    for q in sorted(facts["quarters"], key=parse_quarter):
        if parse_quarter(q) > quarter or parse_quarter(q).year != quarter.year:
            continue
        qf = facts["quarters"][q]
        q_label = parse_quarter(q).label
        history.append(
            {
                "quarter": q,
                "held": qf["held"],
                "mean": quarter_mean(qf["check"], qf["weights"], q_label),
                "objectives": [
                    {"id": o["id"], "score": o["score"], "band": o["band"]}
                    for s in qf["check"]["sections"]
                    if s["scope"] == q_label
                    for o in s["objectives"]
                ],
            }
        )
    overdue = []
    for h in (latest or {}).get("homework", []):
        due = dt.date.fromisoformat(h["due"]) if h.get("due") else None
        if due is not None and due < today:
            overdue.append({**h, "days_overdue": (today - due).days})
    return {
        "name": facts["department"],
        "folder": facts["folder"],
        "ok": True,
        "error": None,
        "record": here is not None,
        "held": bool(here and here["held"]),
        "meeting_date": here["meeting_date"] if here else None,
        "minutes": here["minutes"] if here else [],
        "check": check,
        "mean": quarter_mean(check, weights, label),
        "objectives": objectives,
        "committed_missed": [o["id"] for o in objectives if o["committed_missed"]],
        "annual": [
            {**p, "meeting_verdict": verdicts.get(p["id"]), "projected_verdict": p["verdict"]}
            for p in projections
        ],
        "prework": here["prework"] if here else None,
        "sheet_changes": here["sheet_changes"] if here else [],
        "history": history,
        "whiteboard": (latest or {}).get("whiteboard", []),
        "homework_overdue": overdue,
    }


def _broken(folder: str, err: dict[str, Any]) -> dict[str, Any]:
    return {"name": folder, "folder": folder, "ok": False, "error": err}


def build_rollup(
    company: Company,
    departments: list[tuple[str, Facts | OkrbookError]],
    decisions: Decisions,
    quarter: Quarter | None = None,
    today: dt.date | None = None,
    lang: str = "zh",
) -> dict[str, Any]:
    """The roll-up for ``quarter`` (default: the latest recorded); departments as (folder, facts or error)."""
    today = today or dt.date.today()
    problems: list[dict[str, Any]] = []
    good: dict[str, Facts] = {}
    broken: dict[str, dict[str, Any]] = {}
    for folder, facts in departments:
        if isinstance(facts, OkrbookError):
            broken[folder] = facts.facts(lang)
            continue
        if facts["year"] != company.year:
            err = OkrbookError(
                "company_department_year",
                {"year": facts["year"], "company_year": company.year},
                file=facts["sheet_file"],
                field="year",
            )
            broken[folder] = err.facts(lang)
        elif facts["company"] and facts["company"] != company.name:
            err = OkrbookError(
                "company_other_company",
                {"company": facts["company"], "expected": company.name},
                file=facts["sheet_file"],
                field="company",
            )
            broken[folder] = err.facts(lang)
        else:
            good[folder] = facts
    by_name: dict[str, list[str]] = {}
    for folder, facts in good.items():
        by_name.setdefault(facts["department"], []).append(folder)
    for name, folders in by_name.items():
        if len(folders) > 1:
            for folder in folders:
                others = ", ".join(f for f in folders if f != folder)
                err = OkrbookError(
                    "company_duplicate_department",
                    {"name": name, "folders": others},
                    file=good[folder]["sheet_file"],
                    field="department",
                )
                broken[folder] = err.facts(lang)
                del good[folder]
    if quarter is None:
        quarter = default_quarter(company, good.values())
    label = quarter.label
    company_krs = company.krs()

    # each department annual KR and the company KRs it names (an unknown one is a problem, and no link)
    carriers: dict[str, list[dict[str, Any]]] = {kr_id: [] for kr_id in company_krs}
    drift = []
    rows = {}
    for folder, facts in good.items():
        row = _department(facts, quarter, today)
        rows[folder] = row
        by_id = {a["id"]: a for a in row["annual"]}
        for kr in facts["annual"]:
            known = []
            for k, target in enumerate(kr["supports"]):
                if target in company_krs:
                    known.append(target)
                    continue
                err = OkrbookError(
                    "company_unknown_kr",
                    {"id": target},
                    file=facts["sheet_file"],
                    field=f"{kr['where']}.supports[{k}]",
                )
                problems.append({"department": facts["department"], **err.facts(lang)})
            projected = by_id.get(kr["id"], {})
            for target in known:
                carriers[target].append(
                    {
                        "department": facts["department"],
                        "folder": folder,
                        "kr": kr["id"],
                        "title": kr["title"],
                        "projected_verdict": projected.get("projected_verdict"),
                        "meeting_verdict": projected.get("meeting_verdict"),
                    }
                )
            if not known:
                drift.append(
                    {
                        "department": facts["department"],
                        "folder": folder,
                        "kr": kr["id"],
                        "title": kr["title"],
                    }
                )

    krs_out = []
    for kr_id, (obj, kr) in company_krs.items():
        p = project_kr(kr, obj.id, as_of=label)
        krs_out.append(
            {
                "id": kr.id,
                "objective": obj.id,
                "objective_title": obj.title,
                "title": kr.title,
                "kind": kr.kind,
                "unit": kr.unit,
                "start": p.start,
                "target": kr.target if kr.kind == "metric" else None,
                "current": p.current,
                "projected": p.projected,
                "attainment": None if p.attainment is None else round(p.attainment, 4),
                "verdict": p.verdict,
                "volatile": p.volatile,
                "carried_by": carriers[kr_id],
            }
        )

    adjustments = []
    for folder, facts in good.items():
        for q, qf in sorted(facts["quarters"].items(), key=lambda item: parse_quarter(item[0])):
            proposed = parse_quarter(q)
            if proposed > quarter or proposed.year != quarter.year:
                continue
            for a in qf["adjustments"]:
                d = decisions.find(facts["department"], q, a["annual_kr"])
                decided = d is not None and d.decision
                if proposed != quarter and decided:
                    continue  # decided earlier: the department's change log shows it; still waiting: shown
                adjustments.append(
                    {
                        "department": facts["department"],
                        "folder": folder,
                        "quarter": q,
                        **a,
                        "status": d.decision if decided else "awaiting",
                        "decision": None
                        if not decided
                        else {
                            "decision": d.decision,
                            "note": d.note,
                            "decided_by": d.decided_by,
                            "decided_on": d.decided_on.isoformat() if d.decided_on else None,
                            "old_target": d.old_target,
                            "new_target": d.new_target,
                        },
                    }
                )
    names = {facts["department"] for facts in good.values()} | set(broken)
    for i, d in enumerate(decisions.decisions):
        if d.department not in names:
            err = OkrbookError(
                "company_decision_unknown", {"name": d.department}, field=f"decisions[{i}].department"
            )
            problems.append({"department": d.department, **err.facts(lang)})

    whiteboard: dict[str, list[dict[str, Any]]] = {tag: [] for tag in STRATEGY_TAGS}
    overdue = []
    for row in rows.values():
        for w in row["whiteboard"]:
            if w["tag"] in whiteboard:
                whiteboard[w["tag"]].append({"department": row["name"], **w})
        overdue += [{"department": row["name"], **h} for h in row["homework_overdue"]]
    overdue.sort(key=lambda h: (-h["days_overdue"], h["department"]))

    ordered = [rows[f] if f in rows else _broken(f, broken[f]) for f, _ in departments]
    held = [r for r in ordered if r["ok"] and r["held"]]
    return {
        "company": company.name,
        "year": company.year,
        "quarter": str(quarter),
        "as_of": today.isoformat(),
        "language": lang,
        "strategy": dict(company.strategy),
        "totals": {
            "departments": len(ordered),
            "broken": sum(1 for r in ordered if not r["ok"]),
            "held": len(held),
            "minutes": sum(1 for r in held if r["minutes"]),
            "committed_missed": sum(len(r["committed_missed"]) for r in ordered if r["ok"]),
            "awaiting": sum(1 for a in adjustments if a["status"] == "awaiting"),
            "gaps": sum(1 for k in krs_out if not k["carried_by"]),
            "drift": len(drift),
            "overdue": len(overdue),
        },
        "departments": ordered,
        "company_krs": krs_out,
        "gaps": [k["id"] for k in krs_out if not k["carried_by"]],
        "drift": drift,
        "adjustments": adjustments,
        "whiteboard": whiteboard,
        "homework_overdue": overdue,
        "problems": problems,
    }
