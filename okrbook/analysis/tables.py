"""The workbook's tables: pandas DataFrames of the analysis, and Stylers that render them safely.

A builder returns a plain DataFrame with bilingual column labels (``lang``)
and raw values, so a caller can compute on it; it records in ``df.attrs``
how its columns should look. :func:`style` turns any of them into a Styler
that HTML-escapes every cell and every label (titles and owners are user
text and the minutes must carry no script from it), formats numbers, and
colours status cells. The colour always sits beside the status word, so the
table still reads when printed in grey.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from okrbook import i18n
from okrbook.analysis.alignment import Alignment
from okrbook.analysis.projection import Projection
from okrbook.core.findings import Finding
from okrbook.core.numbers import format_number, format_score
from okrbook.core.record import Record
from okrbook.core.scoring import BANDS, ObjectiveScore, score_objectives, weighted_mean
from okrbook.core.sheet import KeyResult, Sheet, quarter_label

_ATTR = "okrbook"
# Light fills that keep black text readable; the word in the cell carries the meaning.
_FILL = {"green": "#c9e7c4", "yellow": "#fff2b3", "red": "#efb3ae", "none": "#eeeeee"}
_STATUS_FILL = {
    **{key: key for key in BANDS},
    "verdict_on_track": "green",
    "verdict_at_risk": "yellow",
    "verdict_off_track": "red",
    "judgement_met": "green",
    "judgement_good": "green",
    "judgement_partial": "yellow",
    "judgement_missed_commitment": "red",
    "judgement_fell_short": "red",
    "severity_error": "red",
    "severity_warning": "yellow",
    "severity_info": "none",
    "unscored": "none",
}
JUDGEMENTS = ("met", "missed_commitment", "good", "partial", "fell_short")
MARK = "✓"


def _l(key: str, lang: str) -> str:
    return i18n.label(key, lang)


def frame(
    rows: list[dict[str, Any]], columns: list[str], dtype: Any = None, **kinds: list[str]
) -> pd.DataFrame:
    """A DataFrame with its formatting kinds (percent, score, number, ratio, status) in attrs."""
    df = pd.DataFrame(rows, columns=columns, dtype=dtype)
    df.attrs[_ATTR] = {kind: list(cols) for kind, cols in kinds.items()}
    return df


def _scores(sheet: Sheet, quarter: object, record: Record | None) -> list[ObjectiveScore]:
    overrides = record.overrides() if record is not None else None
    return score_objectives(sheet.quarter(quarter_label(quarter)), overrides)


def _band_word(band: str | None, lang: str) -> str:
    return _l(band or "unscored", lang)


def _unit(kr: KeyResult, lang: str) -> str:
    if kr.kind == "milestone":
        return f"{_l('milestone', lang)} · {_l('done' if kr.done else 'not_done', lang)}"
    return kr.unit


# --- the quarter's completion -------------------------------------------------------------


def kr_table(sheet: Sheet, quarter: object, record: Record | None = None, lang: str = "zh") -> pd.DataFrame:
    """Every KR of the quarter: who, where it started, aimed and got, progress, score and band.

    Scores are the lead's final ones where the record sets them (``overridden`` marks those).
    """
    cols = ["id", "objective", "key_result", "owner", "start", "target", "current", "unit"]
    cols += ["progress", "score", "band", "overridden"]
    labels = {c: _l(c, lang) for c in cols}
    rows = []
    for obj in _scores(sheet, quarter, record):
        for k in obj.key_results:
            kr = k.kr
            milestone = kr.kind == "milestone"
            values = {
                "id": kr.id,
                "objective": obj.objective.title,
                "key_result": kr.title,
                "owner": kr.owner,
                "start": None if milestone else kr.start,
                "target": None if milestone else kr.target,
                "current": None if milestone else kr.latest,
                "unit": _unit(kr, lang),
                "progress": k.progress,
                "score": k.score,
                "band": _band_word(k.band, lang),
                "overridden": MARK if k.overridden else "",
            }
            rows.append({labels[c]: values[c] for c in cols})
    lab = [labels[c] for c in cols]
    return frame(
        rows,
        lab,
        number=[labels["start"], labels["target"], labels["current"]],
        percent=[labels["progress"]],
        score=[labels["score"]],
        status=[labels["band"]],
    )


def objective_summary(scored: ObjectiveScore, lang: str = "zh") -> str:
    """One line: how many KRs in each band and, if not all green, the weakest one."""
    krs = [k for k in scored.key_results if k.score is not None]
    if not krs:
        return i18n.message("table_no_scored", lang)
    count = {b: sum(1 for k in krs if k.band == b) for b in BANDS}
    text = i18n.message("table_objective_summary", lang, count=len(scored.key_results), **count)
    unscored = len(scored.key_results) - len(krs)
    if unscored:
        text += i18n.message("table_unscored", lang, count=unscored)
    weakest = min(krs, key=lambda k: k.score)
    if weakest.band != "green":
        text += i18n.message("table_weakest", lang, title=weakest.kr.title, score=format_score(weakest.score))
    return text


def objective_table(
    sheet: Sheet, quarter: object, record: Record | None = None, lang: str = "zh"
) -> pd.DataFrame:
    """Each objective's score, band, judgement against its kind, and a one-line summary."""
    cols = ["id", "objective", "objective_kind", "owner", "score", "band", "judgement", "summary"]
    labels = {c: _l(c, lang) for c in cols}
    rows = []
    for s in _scores(sheet, quarter, record):
        values = {
            "id": s.objective.id,
            "objective": s.objective.title,
            "objective_kind": _l(s.objective.kind, lang),
            "owner": s.objective.owner,
            "score": s.score,
            "band": _band_word(s.band, lang),
            "judgement": _l(f"judgement_{s.judgement}", lang) if s.judgement else _l("unscored", lang),
            "summary": objective_summary(s, lang),
        }
        rows.append({labels[c]: values[c] for c in cols})
    return frame(
        rows,
        [labels[c] for c in cols],
        score=[labels["score"]],
        status=[labels["band"], labels["judgement"]],
    )


def department_summary(
    sheet: Sheet, quarter: object, record: Record | None = None, lang: str = "zh"
) -> pd.DataFrame:
    """The quarter at a glance: objectives by judgement, KRs by band, and the mean score."""
    scores = _scores(sheet, quarter, record)
    group, item, value = _l("group", lang), _l("item", lang), _l("count", lang)
    objectives, krs = _l("objectives", lang), _l("key_results", lang)
    rows: list[dict[str, Any]] = []
    judgements = [s.judgement for s in scores]
    for j in JUDGEMENTS:
        rows.append({group: objectives, item: _l(f"judgement_{j}", lang), value: judgements.count(j)})
    rows.append({group: objectives, item: _l("unscored", lang), value: judgements.count(None)})
    bands = [k.band for s in scores for k in s.key_results]
    for b in (*reversed(BANDS), None):
        rows.append({group: krs, item: _band_word(b, lang), value: bands.count(b)})
    mean = weighted_mean([(s.score, s.objective.weight) for s in scores if s.score is not None])
    rows.append(
        {group: objectives, item: _l("mean_score", lang), value: None if mean is None else round(mean, 2)}
    )
    # object dtype keeps the counts whole numbers beside the one mean score
    return frame(rows, [group, item, value], dtype=object, number=[value], status=[item])


# --- the year ------------------------------------------------------------------------------


def projection_table(
    projections: Iterable[Projection], lang: str = "zh", record: Record | None = None
) -> pd.DataFrame:
    """Each annual KR's pace, projected year end and verdict, with its caveats as a note.

    With a record, the meeting's own verdict (question 2.2) stands beside the computed one.
    """
    cols = ["id", "annual_kr", "start", "target", "current", "unit", "quarters_done", "pace"]
    cols += ["projected", "required_pace", "pace_ratio", "attainment", "verdict"]
    cols += ["meeting_verdict", "note"] if record is not None else ["note"]
    labels = {c: _l(c, lang) for c in cols}
    rows = []
    for p in projections:
        milestone = p.kr.kind == "milestone"
        values = {
            "id": p.kr.id,
            "annual_kr": p.kr.title,
            "start": p.start,
            "target": p.target,
            "current": p.current,
            "unit": _unit(p.kr, lang),
            "quarters_done": None if milestone else p.quarters_done,
            "pace": p.pace,
            "projected": p.projected,
            "required_pace": p.required_pace,
            "pace_ratio": p.ratio,
            "attainment": p.attainment,
            "verdict": _verdict_word(p.verdict, lang),
            "meeting_verdict": _verdict_word(record.verdicts.get(p.kr.id) if record else None, lang),
            "note": "; ".join(n.message(lang) for n in p.notes),
        }
        rows.append({labels[c]: values[c] for c in cols})
    number = [labels[c] for c in ("start", "target", "current", "quarters_done", "pace", "projected")]
    return frame(
        rows,
        [labels[c] for c in cols],
        number=[*number, labels["required_pace"]],
        ratio=[labels["pace_ratio"]],
        percent=[labels["attainment"]],
        status=[labels["verdict"], *([labels["meeting_verdict"]] if record is not None else [])],
    )


def _verdict_word(verdict: str | None, lang: str) -> str:
    return _l(f"verdict_{verdict}", lang) if verdict else ""


def alignment_table(alignment: Alignment, lang: str = "zh") -> pd.DataFrame:
    """The support matrix: one row per quarterly KR, a ✓ under each annual KR it supports."""
    first, objective = _l("quarterly_kr", lang), _l("objective", lang)
    annual_ids = [kr.id for _, kr in alignment.annual]
    rows = []
    for obj, kr in alignment.quarterly:
        row = {objective: obj.id, first: f"{kr.id} {kr.title}"}
        row.update({a: MARK if alignment.linked(kr.id, a) else "" for a in annual_ids})
        rows.append(row)
    return frame(rows, [objective, first, *annual_ids])


def share_table(alignment: Alignment, sheet: Sheet, lang: str = "zh") -> pd.DataFrame:
    """Where the quarter's weight landed: share per annual objective, and the part that drifted."""
    idc, title, share = _l("id", lang), _l("annual_objective", lang), _l("share", lang)
    rows = [
        {idc: o.id, title: o.title, share: alignment.objective_share.get(o.id, 0.0)} for o in sheet.annual
    ]
    rows.append({idc: "", title: _l("unaligned", lang), share: alignment.unaligned_share})
    return frame(rows, [idc, title, share], percent=[share])


def findings_table(findings: Iterable[Finding], lang: str = "zh") -> pd.DataFrame:
    """What the microscope saw: severity, which OKR, what, why it matters, how to fix it."""
    cols = ["severity", "id", "issue", "why_it_matters", "fix"]
    labels = {c: _l(c, lang) for c in cols}
    rows = [
        {
            labels["severity"]: _l(f"severity_{f.severity}", lang),
            labels["id"]: f.target_id,
            labels["issue"]: f.message(lang),
            labels["why_it_matters"]: f.why(lang),
            labels["fix"]: f.fix(lang),
        }
        for f in findings
    ]
    return frame(rows, [labels[c] for c in cols], status=[labels["severity"]])


# --- rendering -----------------------------------------------------------------------------


def _fill_for(text: object) -> str:
    for key, colour in _STATUS_FILL.items():
        if key in i18n.LABELS and text in i18n.LABELS[key]:
            return f"background-color: {_FILL[colour]}; color: #000000"
    return ""


def style(df: pd.DataFrame) -> Styler:
    """A Styler for a table built here: every cell and label HTML-escaped, numbers formatted.

    Formatting callables only ever see raw numbers: pandas escapes strings before
    any formatter runs, so user text cannot reach the HTML unescaped.
    """
    kinds = df.attrs.get(_ATTR, {})
    formatters: dict[Any, Any] = {}
    for col in kinds.get("number", []):
        formatters[col] = format_number
    for col in kinds.get("score", []):
        formatters[col] = format_score
    for col in kinds.get("ratio", []):
        formatters[col] = "{:.2f}"
    for col in kinds.get("percent", []):
        formatters[col] = "{:.0%}"
    styler = (
        df.style.format(escape="html", na_rep="—")
        .format(formatters, escape="html", na_rep="—")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .hide(axis="index")
        .set_table_styles(
            [
                {"selector": "", "props": "border-collapse: collapse;"},
                {
                    "selector": "th",
                    "props": "text-align: left; border-bottom: 2px solid #333; padding: 2px 6px;",
                },
                {"selector": "td", "props": "border-bottom: 1px solid #bbb; padding: 2px 6px;"},
            ]
        )
    )
    status = [c for c in kinds.get("status", []) if c in df.columns]
    if status:
        # a verdict or band is one short word: never wrapped a character per line (难/达/成)
        styler = styler.map(_fill_for, subset=status).set_properties(
            subset=status, **{"white-space": "nowrap"}
        )
    ids = [c for c in df.columns[:1] if str(c).lower() in ("id", "编号")]
    if ids:
        styler = styler.set_properties(subset=ids, **{"white-space": "nowrap"})
    return styler
