"""The roll-up as people read it: a self-contained HTML page, Markdown, PDF, and the CLI's text.

Rendered like the minutes (:mod:`okrbook.minutes.render`): Jinja2 with
autoescaping, and for Markdown the minutes' own :func:`~okrbook.minutes.render.md_escape`
on every value, so a department's name, a title or an answer stays text.
The page loads nothing and runs nothing. Each part is one macro, so the
company notebook shows the very parts the report prints. PDF is the
minutes' (``okrbook.minutes.pdf``), where this installation has it.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from okrbook import i18n
from okrbook.core.numbers import format_number, format_objective_score
from okrbook.core.scoring import band
from okrbook.errors import OkrbookError
from okrbook.io.files import atomic_write
from okrbook.minutes.render import template_environment

TEMPLATES = Path(__file__).parent / "templates"
PARTS = (
    "glance",
    "problems",
    "strategy",
    "departments",
    "company_krs",
    "adjustments",
    "whiteboard",
    "homework",
    "history",
)
FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf"}
RED, PLAIN = "\033[31m", "\033[0m"


@cache
def environment(fmt: str) -> jinja2.Environment:
    return template_environment(TEMPLATES, fmt)


def _history_quarters(r: dict[str, Any]) -> list[str]:
    """The quarters any department has a record of, up to the roll-up's."""
    found = {h["quarter"] for d in r["departments"] if d["ok"] for h in d["history"]}
    return sorted(found | {r["quarter"]})


def _module(r: dict[str, Any], fmt: str) -> Any:
    lang = r["language"]
    return (
        environment(fmt)
        .get_template(f"rollup.{fmt}.j2")
        .make_module(
            {
                "t": lambda key, **kw: i18n.label(key, lang, **kw) if kw else i18n.label(key, lang),
                "band_of": band,
                "history_quarters": _history_quarters,
                "history_of": lambda d: {h["quarter"]: h for h in d["history"]},
                "html_lang": i18n.html_lang(lang),
                "names": lambda names: i18n.join_names(names, lang),
            }
        )
    )


def render_part(r: dict[str, Any], part: str, fmt: str = "html") -> Markup:
    """One part of the roll-up (``departments``, ``adjustments``…), as safe HTML or Markdown."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}")
    return Markup(str(getattr(_module(r, fmt), part)(r)).strip())


def render_report(r: dict[str, Any], fmt: str = "html") -> str:
    """The whole report: every part in a page (HTML) or one after another (Markdown)."""
    module = _module(r, fmt)
    parts = [Markup(str(getattr(module, p)(r)).strip()) for p in PARTS]
    return str(module.page(r, parts)).strip() + "\n"


def write_report(r: dict[str, Any], out: str | Path) -> Path:
    """Write the report to ``out``, its kind from the suffix; a failure leaves no half-written file."""
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise OkrbookError("rollup_output_kind", {"path": out})
    if fmt == "pdf":
        try:
            from okrbook.minutes import pdf  # the minutes' PDF (the machine's Chromium), where it exists
        except ImportError:
            raise OkrbookError("rollup_pdf_unavailable", file=out) from None
        atomic_write(out, pdf.html_to_pdf(render_report(r, "html")), backups=0)
        return out
    atomic_write(out, render_report(r, fmt), backups=0)
    return out


def _mean(score: float | None, lang: str) -> str:
    """An objective's or a department's score (a weighted mean: two decimals) with its band."""
    b = band(score, objective=True)
    return f"{format_objective_score(score)} ({i18n.label(b, lang)})" if b else format_objective_score(score)


def format_text(r: dict[str, Any], color: bool | None = None) -> str:
    """What ``okrbook rollup`` prints: a line per department (a broken one in red), then the company."""
    lang = r["language"]
    lab = lambda key, **kw: i18n.label(key, lang, **kw)  # noqa: E731
    color = sys.stdout.isatty() if color is None else color
    red = (lambda s: f"{RED}{s}{PLAIN}") if color else (lambda s: s)
    t = r["totals"]
    lines = [lab("rollup_title", company=r["company"], quarter=r["quarter"]), ""]
    lines.append(
        lab(
            "rollup_totals",
            departments=t["departments"],
            held=t["held"],
            minutes=t["minutes"],
            missed=t["committed_missed"],
            awaiting=t["awaiting"],
            gaps=t["gaps"],
            overdue=t["overdue"],
        )
    )
    lines += ["", f"== {lab('rollup_departments')} =="]
    for d in r["departments"]:
        if not d["ok"]:
            lines.append(red(f"⚠ {d['folder']}: {lab('rollup_broken')}: {d['error']['message']}"))
            continue
        held = f"{lab('rollup_held')} {d['meeting_date']}" if d["held"] else lab("rollup_not_held")
        objectives = ", ".join(f"{o['id']} {_mean(o['score'], lang)}" for o in d["objectives"])
        missed = ", ".join(d["committed_missed"]) or "—"
        prework = (
            lab(
                "rollup_prework_count",
                handed=len(d["prework"]["handed_in"]),
                expected=len(d["prework"]["expected"]),
            )
            if d["prework"]
            else "—"
        )
        lines.append(f"{d['name']}  [{held}]  {lab('rollup_mean')} {_mean(d['mean'], lang)}")
        lines.append(f"    {objectives}")
        lines.append(f"    {lab('rollup_committed_missed')}: {missed}  ·  {lab('rollup_prework')}: {prework}")
    lines += ["", f"== {lab('rollup_company_krs')} =="]
    for k in r["company_krs"]:
        verdict = i18n.label(f"verdict_{k['verdict']}", lang) if k["verdict"] else "—"
        carried = ", ".join(f"{c['department']} {c['kr']}" for c in k["carried_by"]) or red(
            lab("rollup_gaps")
        )
        lines.append(f"{k['id']}  {k['title']}  [{verdict}]  ← {carried}")
    if r["drift"]:
        lines += ["", f"== {lab('rollup_drift')} =="]
        lines += [f"{d['department']} {d['kr']}  {d['title']}" for d in r["drift"]]
    lines += ["", f"== {lab('rollup_adjustments')} =="]
    for a in r["adjustments"]:
        old, new = format_number(a["old_target"]), format_number(a["new_target"])
        status = lab(f"decision_{a['status']}")
        lines.append(f"{a['department']} {a['quarter']} {a['annual_kr']}  {old} → {new}  [{status}]")
    if not r["adjustments"]:
        lines.append(lab("none_yet"))
    if r["problems"]:
        lines += ["", f"== {lab('rollup_problems')} =="]
        lines += [
            red(f"⚠ {p['department']}: {p['message']} ({p['file']}, {p['field']})") for p in r["problems"]
        ]
    return "\n".join(lines)


def view_html(r: dict[str, Any], part: str) -> Markup:
    """One part as the company notebook shows it: the part with its (scoped) style."""
    style = str(_module(r, "html").style())
    return Markup(f'{style}<div class="okrbook-rollup">{render_part(r, part, "html")}</div>')
