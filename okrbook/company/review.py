"""Leadership's notebook (``company-review.ipynb``): the roll-up, read-only, and the decision form.

The views are the report's own parts (:func:`okrbook.company.report.view_html`),
so the notebook and ``okrbook rollup -o`` never disagree. The one form is on
the adjustments the departments proposed: approved or declined, with a
note. It is a :class:`~okrbook.notebook.binding.BoundForm` bound to
``decisions.yaml``, so it saves as the lead's forms save the record: at once,
atomically, revisioned; a save that meets a newer file is refused, this
side's version goes to ``decisions-unsaved.yaml`` and the status line offers
Reload; a decisions file that cannot be read is never overwritten.
"""

from __future__ import annotations

import getpass
import shutil
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as W
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from okrbook import i18n
from okrbook.company.decisions import CHOICES, Decisions, decisions_to_dict
from okrbook.company.folder import DECISIONS_FILE, load_company, load_decisions, save_decisions
from okrbook.company.gather import company_rollup
from okrbook.company.model import Company
from okrbook.company.report import view_html
from okrbook.core.numbers import format_number
from okrbook.core.sheet import Quarter, parse_quarter
from okrbook.errors import OkrbookError
from okrbook.io.files import dump_yaml
from okrbook.io.roster import COMPANY_FILE
from okrbook.io.workbook import example_company_path
from okrbook.notebook.binding import SAVE_DELAY, BoundForm, Unopened, display_html, show_open_error
from okrbook.notebook.template import notebook_of
from okrbook.notebook.wire import whole

REVIEW_NOTEBOOK = "company-review.ipynb"
VIEWS = ("glance", "problems", "strategy", "departments", "company_krs", "whiteboard", "homework", "history")


def current_person(company: Company) -> str:
    """Who is deciding: the roster's name for this login (the system's, on a hub), else the login."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        return ""
    return next((p.name for p in company.roster if p.login == login), login)


class DecisionForm(BoundForm, W.VBox):
    """A decision per proposed adjustment, bound to ``decisions.yaml``; ``controls`` keyed by proposal."""

    def __init__(
        self, folder: Path, rollup: dict[str, Any], company: Company, *, delay: float = SAVE_DELAY
    ) -> None:
        W.VBox.__init__(self)
        self.lang = rollup["language"]
        BoundForm.__init__(self, delay=delay)
        self.folder = Path(folder)
        self.rollup = rollup
        self.person = current_person(company)
        self.decisions: Decisions | None = None
        self._load()
        self.draw()

    # --- what the form is bound to ---------------------------------------------------------------

    def _load(self) -> None:
        try:
            self.decisions, self.problem = load_decisions(self.folder), None
        except OkrbookError as err:  # never overwrite a file this form cannot read
            self.decisions, self.problem = None, err

    def data(self) -> Decisions | None:
        return self.decisions

    def save(self) -> None:
        if self.decisions is not None:
            save_decisions(self.folder, self.decisions)

    def unsaved_copy(self) -> tuple[Path, str] | None:
        if self.decisions is None:
            return None
        return self.folder / "decisions-unsaved.yaml", dump_yaml(decisions_to_dict(self.decisions))

    def reread(self) -> int | None:
        self._load()
        self.draw()
        self.show_status()
        return None if self.decisions is None else self.decisions.revision

    def saved_suffix(self) -> str:
        return self.message("decision_saved_in", path=DECISIONS_FILE)

    # --- drawing ---------------------------------------------------------------------------------

    def draw(self) -> None:
        self.controls.clear()
        self.notes.clear()
        self.children = whole(self._rows)  # one message per new widget: see notebook.wire
        self.show_status()

    def _rows(self) -> list[W.Widget]:
        rows: list[W.Widget] = [W.HTML(f"<h3>{escape(self.label('decisions_title'))}</h3>"), self.status_bar]
        if not self.rollup["adjustments"]:
            rows.append(W.HTML(escape(self.message("decision_none_proposed"))))
        for a in self.rollup["adjustments"]:
            rows.append(self._row(a))
        return rows

    def _row(self, a: dict[str, Any]) -> W.Widget:
        dept, quarter, kr = a["department"], a["quarter"], a["annual_kr"]
        key = f"decision.{dept}.{quarter}.{kr}"
        change = a.get("change", "target")
        if change == "wording":
            proposed = f"{self.label('new_title')}: {a.get('new_title', '')}"
        elif change == "drop":
            proposed = self.label("adjust_drop")
        else:
            proposed = (
                f"{self.label('old_target')} {format_number(a['old_target'])} → "
                f"{self.label('new_target')} {format_number(a['new_target'])}"
            )
        facts = (
            f"<b>{escape(dept)}</b> · {escape(quarter)} · {escape(kr)} {escape(a['title'])}<br>"
            f"{escape(proposed)}<br><span style='color:#666'>{escape(a['why'])}</span>"
        )

        def found(d: Decisions | None) -> Any:
            return None if d is None else d.find(dept, quarter, kr)

        options = [(self.label("decision_awaiting"), "")] + [
            (self.label(f"decision_{c}"), c) for c in CHOICES
        ]
        choice = self.bind(
            key,
            W.Dropdown(options=options, description=self.label("rollup_decision")),
            lambda d: found(d).decision if found(d) else "",
            lambda d, v: d.decide(
                dept,
                quarter,
                kr,
                decision=v,
                old_target=a["old_target"],
                new_target=a["new_target"],
                change=change,
                new_title=a.get("new_title", ""),
                decided_by=self.person,
            ),
            row=True,
        )
        note = self.text(
            f"{key}.note",
            lambda d: found(d).note if found(d) else "",
            lambda d, v: d.decide(dept, quarter, kr, note=v),
            placeholder=self.label("decision_note"),
        )
        return W.VBox(
            [W.HTML(facts), choice, note], layout=W.Layout(border="1px solid #d9dee4", padding="6px")
        )


class CompanyReview:
    """The company notebook's object: one method per view, and :meth:`decisions` for the form."""

    def __init__(
        self, folder: str | Path = ".", quarter: str | Quarter | None = None, lang: str | None = None
    ) -> None:
        self.folder = Path(folder).resolve()
        self.company = load_company(self.folder)
        q = parse_quarter(quarter) if isinstance(quarter, str) else quarter
        self.rollup = company_rollup(self.folder, q, lang=lang or self.company.language)
        self.form: DecisionForm | None = None

    def show(self, part: str) -> None:
        display_html(str(view_html(self.rollup, part)))

    def decisions(self, *, delay: float = SAVE_DELAY) -> None:
        """Show the decision form (kept as ``self.form``); a form shown before saves what it had first."""
        if self.form is not None:
            self.form.flush()
        self.form = DecisionForm(self.folder, self.rollup, self.company, delay=delay)
        from IPython.display import display

        display(self.form)

    def __getattr__(self, name: str) -> Any:
        if name in VIEWS:
            return lambda: self.show(name)
        raise AttributeError(name)


def open_review(folder: str | Path = ".", quarter: str | None = None) -> CompanyReview | Unopened:
    """The review of the company folder the notebook sits in; an unreadable one is said in both languages."""
    try:
        return CompanyReview(folder, quarter)
    except OkrbookError as err:
        show_open_error(err, "company_open_failed")
        return Unopened(err, "company_not_opened")


def build_review_notebook(lang: str = "zh") -> nbformat.NotebookNode:
    intro = f"# {i18n.guide('company_title', lang)}\n\n{i18n.guide('company_use', lang)}"
    cells = [
        new_markdown_cell(intro, id="intro"),
        new_code_cell("from okrbook.company.review import open_review\n\nreview = open_review()", id="open"),
    ]
    for view in (*VIEWS, "decisions"):
        cells.append(
            new_code_cell(
                f"review.{view}()", id=view.replace("_", "-"), metadata={"okrbook": {"section": view}}
            )
        )
    return notebook_of(cells)


def write_review_notebook(folder: str | Path, lang: str | None = None) -> Path:
    """``okrbook new-company``: the review notebook in the company folder (never over an existing one)."""
    folder = Path(folder)
    company = load_company(folder)  # a folder that is no company gets its error, not a notebook
    path = folder / REVIEW_NOTEBOOK
    if path.exists():
        raise OkrbookError("company_notebook_exists", {"path": path})
    path.write_text(nbformat.writes(build_review_notebook(lang or company.language)) + "\n", encoding="utf-8")
    return path


def make_company_demo(root: str | Path, lang: str | None = None) -> Path:
    """``okrbook demo --company``: the example company at ``root`` and its notebook; run again, reopens it."""
    root = Path(root)
    if not (root / COMPANY_FILE).exists():
        shutil.copytree(example_company_path(), root, dirs_exist_ok=True)
    path = root / REVIEW_NOTEBOOK
    if not path.exists():
        write_review_notebook(root, lang)
    return path
