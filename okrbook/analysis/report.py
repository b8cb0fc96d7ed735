"""What ``okrbook check`` reports: every objective and KR with progress, score and band.

:func:`summarise` builds one plain, JSON-ready structure; :func:`format_text`
turns it into the readable listing. The text and the ``--json`` output are
the same facts, so scripts and people never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from okrbook import i18n
from okrbook.analysis.checks import check_annual, check_quarter, check_record
from okrbook.core.findings import Finding
from okrbook.core.numbers import format_objective_score, format_percent, format_progress, format_score
from okrbook.core.record import SCHEMA, Record
from okrbook.core.scoring import score_objective
from okrbook.core.sheet import QUARTERS, Objective, Sheet, parse_quarter
from okrbook.io.files import read_mapping
from okrbook.io.stores import RECORD_NAME, load_record, load_sheet, record_sheet


def _objective_summary(obj: Objective, overrides: Mapping[str, float | None]) -> dict[str, Any]:
    scored = score_objective(obj, overrides)
    return {
        "id": obj.id,
        "title": obj.title,
        "kind": obj.kind,
        "score": scored.score,
        "band": scored.band,
        "key_results": [
            {
                "id": k.kr.id,
                "title": k.kr.title,
                "owner": k.kr.owner,
                "kind": k.kr.kind,
                "weight": k.kr.weight,
                "start": k.kr.start,
                "target": k.kr.target,
                "current": k.kr.latest,
                "unit": k.kr.unit,
                "progress": None if k.progress is None else round(k.progress, 4),
                "computed_score": k.computed,
                "owner_score": k.kr.owner_score,  # the owner's own, as the OKR tool exported it
                "score": k.score,
                "overridden": k.overridden,
                "band": k.band,
                "supports": list(k.kr.supports),
            }
            for k in scored.key_results
        ],
    }


def summarise(
    sheet: Sheet,
    quarter: str | None = None,
    overrides: Mapping[str, float | None] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The sheet's annual OKRs and its quarters (or just ``quarter``), scored and checked."""
    overrides = overrides or {}
    labels = [quarter] if quarter else [q for q in QUARTERS if q in sheet.quarters]
    sections = [{"scope": "annual", "objectives": [_objective_summary(o, {}) for o in sheet.annual]}]
    sections += [
        {"scope": q, "objectives": [_objective_summary(o, overrides) for o in sheet.quarter(q)]}
        for q in labels
    ]
    findings = [("annual", f) for f in check_annual(sheet)]
    findings += [(q, f) for q in labels for f in check_quarter(sheet, q)]
    return {
        "department": sheet.department,
        "year": sheet.year,
        "sections": sections,
        "findings": [finding_summary(scope, f, lang) for scope, f in findings],
    }


def record_check(path: Path, record: Record, sheet: Sheet, lang: str) -> dict[str, Any]:
    """What ``okrbook check`` says of a record (at ``path``) with its sheet already loaded.

    The company roll-up calls this very function for each department, so a
    department's numbers there are its ``check --json`` by construction.
    """
    quarter = parse_quarter(record.quarter).label if record.quarter else None
    summary = summarise(sheet, quarter, record.overrides(), lang)
    summary["findings"] += [finding_summary("record", f, lang) for f in check_record(record, sheet)]
    summary["record"] = {"quarter": record.quarter, "revision": record.revision}
    return {"file": str(path), "valid": True, **summary}


def sheet_check(path: Path, sheet: Sheet, lang: str) -> dict[str, Any]:
    """What ``okrbook check`` says of a sheet (at ``path``) already loaded."""
    return {"file": str(path), "valid": True, **summarise(sheet, lang=lang)}


def check_path(path: str | Path, lang: str) -> dict[str, Any]:
    """``okrbook check FILE``: a sheet, a record, or a workbook folder (its record), JSON-ready."""
    path = Path(path)
    if path.is_dir():
        path = path / RECORD_NAME
    raw = read_mapping(path)
    if isinstance(raw, dict) and raw.get("schema") == SCHEMA:
        record = load_record(path)
        return record_check(path, record, load_sheet(record_sheet(path, record)), lang)
    return sheet_check(path, load_sheet(path), lang)


def finding_summary(scope: str, f: Finding, lang: str) -> dict[str, Any]:
    """One finding as ``check`` prints it (and as ``--json`` gives it to scripts)."""
    return {
        "scope": scope,
        "check": f.check,
        "severity": f.severity,
        "id": f.target_id,
        "title": f.target_title,
        "message": f.message(lang),
        "why": f.why(lang),
        "fix": f.fix(lang),
    }


def _score(
    score: float | None, band: str | None, lang: str, shown: Callable[[float], str] = format_score
) -> str:
    if score is None:
        return i18n.label("no_measure", lang)
    return f"{shown(score)} ({i18n.label(band, lang)})" if band else shown(score)


def format_text(summary: Mapping[str, Any], lang: str = "en") -> str:
    """The readable listing ``okrbook check`` prints."""
    lab = lambda key: i18n.label(key, lang)  # noqa: E731
    lines = [f"{lab('department')}: {summary['department']}  {lab('year')}: {summary['year']}"]
    for section in summary["sections"]:
        scope = lab("annual") if section["scope"] == "annual" else section["scope"]
        lines += ["", f"== {scope} =="]
        for obj in section["objectives"]:
            lines.append(
                f"{obj['id']}  {obj['title']}  [{lab(obj['kind'])}]  "
                f"{lab('score')} {_score(obj['score'], obj['band'], lang, format_objective_score)}"
            )
            for kr in obj["key_results"]:
                if kr["kind"] == "milestone":
                    value = lab("milestone")
                elif kr["target"] is None:
                    value = lab("no_measure" if kr["progress"] is None else "progress_exported")
                else:
                    value = format_progress(kr["start"], kr["current"], kr["target"], kr["unit"] or "")
                progress = (
                    "" if kr["progress"] is None else f"  {lab('progress')} {format_percent(kr['progress'])}"
                )
                flag = f" [{lab('overridden')}]" if kr["overridden"] else ""
                own = kr.get("owner_score")
                own = "" if own is None else f"  {lab('owner_score_exported')} {format_score(own)}"
                lines.append(
                    f"  - {kr['id']}  {kr['title']}  ({value}){progress}  "
                    f"{lab('score')} {_score(kr['score'], kr['band'], lang)}{flag}{own}"
                )
    if summary.get("findings"):
        lines += ["", f"== {i18n.label('findings', lang)} =="]
        for f in summary["findings"]:
            scope = {"annual": lab("annual"), "record": lab("record")}.get(f["scope"], f["scope"])
            lines.append(f"  [{scope}] {f['id']}: {f['message']}")
            lines.append(f"      → {f['fix']}")
    return "\n".join(lines)
