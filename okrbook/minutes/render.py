"""The minutes: each section of the meeting rendered from the record, as HTML or Markdown.

Pure functions of the workbook's data (ARCHITECTURE.md, principle 3: minutes are
rendered from the record, never from widget state). The templates in
``okrbook/templates/`` hold one macro per section; the notebook's static mode
calls :func:`render_section` cell by cell and :mod:`okrbook.minutes.export` gathers
the results into one file.

Everything a person typed reaches the page through Jinja2's autoescaping;
the Markdown environment also escapes Markdown's own syntax, so no answer
can become a link, an image, a heading, a list or markup. (A bare URL stays
the text it is, which some wikis show as a link.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from okrbook import i18n
from okrbook.core import method
from okrbook.core.numbers import format_number, format_objective_score, format_score
from okrbook.core.record import KRReview, Record
from okrbook.core.scoring import KRScore, ObjectiveScore, is_low, score_objectives
from okrbook.core.sheet import KeyResult, Quarter, Sheet, parse_quarter

TEMPLATES = Path(__file__).parent / "templates"
SECTIONS = (
    "header",
    "summary",
    "homework_review",
    "big_picture",
    "prework",
    "group1",
    "group2",
    "whiteboard",
    "homework",
)
FORMATS = ("html", "md")
# Set by okrbook.minutes.export while it runs the workbook headless (--execute): the sections
# draw nothing, since the minutes render them from the record.
MINUTES_ENV = "OKRBOOK_MINUTES"
# Each answer is kept on one line (newlines become <br>), so only inline syntax
# needs escaping: no emphasis, code, link/image brackets, table pipes or strikes.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


# A value may open a Markdown line (an answer under its question): these would make it a
# heading, a list or a rule there (a quote's > is already an entity). Its other lines are joined
# with <br>, so they never start a line. A number does not: "0.4", "-0.4", "+5%" and "1.5 万" stay
# as they are, since a list needs a space (or the line's end) after "1." or "-".
_MD_BLOCK_START = re.compile(r"^(?:([#=]|[+-](?!\d))|(\d+)([.)])(?=\s|$))")
_MD_LINES = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def md_escape(value: Any) -> Markup:
    """A value as inert Markdown text: inline and block syntax backslashed, HTML escaped, lines kept."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    text = _MD_SPECIAL.sub(r"\\\1", str(value).lstrip())
    text = _MD_BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)
    return Markup("<br>").join(_md_text(line) for line in _MD_LINES.split(text))


def _md_text(line: str) -> Markup:
    """HTML's specials escaped, so no tag can open; quotes stay quotes, which Markdown reads as text
    (with no ``<`` left there is no attribute for them to end), so the file reads as it was typed."""
    return Markup(str(escape(line)).replace("&#34;", '"').replace("&#39;", "'"))


@cache
def environment(fmt: str) -> jinja2.Environment:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return template_environment(TEMPLATES, fmt)


def template_environment(folder: Path, fmt: str) -> jinja2.Environment:
    """Templates that show people's words: every value escaped for HTML, or made inert Markdown,
    and numbers, scores and question numbers by okrbook's one formatter each (minutes, roll-up)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        finalize=md_escape if fmt == "md" else None,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = format_number
    env.filters["score"] = format_score
    env.filters["objective_score"] = format_objective_score
    env.globals["qno"] = method.question_number
    env.globals["name_sep"] = i18n.name_separator
    return env


@dataclass
class MinutesData:
    """What every section may show: the record, the sheet and what is derived from them.

    ``blocks`` hold pre-rendered, already-escaped pieces from the analysis (tables,
    charts as embedded images) in the format being written, keyed by name.
    """

    record: Record
    sheet: Sheet
    lang: str
    scores: list[ObjectiveScore]
    findings: list[Any] = field(default_factory=list)
    # the members' pre-work (okrbook.prework.summary.Summary), read from the workbook's prework/ folder
    prework: Any = None
    blocks: dict[str, Markup] = field(default_factory=dict)

    group1 = method.GROUP1
    group2 = method.GROUP2
    big_picture_fields = method.BIG_PICTURE_FIELDS

    @property
    def quarter(self) -> Quarter:
        return parse_quarter(self.record.quarter)

    @property
    def annual_krs(self) -> list[KeyResult]:
        return [kr for o in self.sheet.annual for kr in o.key_results]

    def annual_title(self, kr_id: str) -> str:
        kr = self.sheet.annual_krs().get(kr_id)
        return kr.title if kr else ""

    @property
    def obstacles(self) -> list[tuple[KeyResult, KRReview, KRScore]]:
        """KRs scored low (:func:`~okrbook.core.scoring.is_low`) or with an obstacle written, and why."""
        out = []
        for obj in self.scores:
            for s in obj.key_results:
                review = self.record.kr_reviews.get(s.kr.id, KRReview())
                low = is_low(s.score)
                if review.obstacle or (low and review.category):
                    out.append((s.kr, review, s))
        return out

    @property
    def owner_scores(self) -> list[KRScore]:
        """The KRs whose owner scored them in the OKR tool (imported as ``owner_score``), for Q1.2."""
        return [s for obj in self.scores for s in obj.key_results if s.kr.owner_score is not None]

    @property
    def whiteboard_open(self) -> int:
        return sum(1 for w in self.record.whiteboard if not w.resolved)

    @property
    def whiteboard_resolved(self) -> int:
        return sum(1 for w in self.record.whiteboard if w.resolved)


def minutes_data(record: Record, sheet: Sheet, **extra: Any) -> MinutesData:
    """Score the quarter with the lead's final scores and gather what the sections show."""
    objectives = sheet.quarter(parse_quarter(record.quarter).label)
    scores = score_objectives(objectives, record.overrides())
    return MinutesData(record=record, sheet=sheet, lang=record.language, scores=scores, **extra)


def render_section(section: str, data: MinutesData, fmt: str = "html") -> Markup:
    """One section of the minutes, as safe HTML or Markdown."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    module = (
        environment(fmt)
        .get_template(f"sections.{fmt}.j2")
        .make_module(
            {
                "t": lambda key, **kw: i18n.label(key, data.lang, **kw),
                "title": lambda section_id: method.section_title(section_id, data.lang),
            }
        )
    )
    return Markup(str(getattr(module, section)(data)).strip())


def render_page(data: MinutesData, fmt: str, sections: list[Markup]) -> str:
    """The whole file: the sections in a page with its style (HTML) or joined (Markdown)."""
    template = environment(fmt).get_template(f"page.{fmt}.j2")
    return template.render(
        sections=sections,
        t=lambda key, **kw: i18n.label(key, data.lang, **kw),
        m=data,
        lang=i18n.html_lang(data.lang),
    )
