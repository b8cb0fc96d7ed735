"""The quarter's workbook folder: making it, and opening it again.

A department keeps one folder per quarter beside each other::

    ROOT/
      2026Q2/  record.yaml  okrs.yaml  2026Q2-retro.ipynb
      2026Q3/  record.yaml  okrs.yaml  2026Q3-retro.ipynb  prework/

``okrbook new`` copies the template notebook (in the workbook's language) and a snapshot of the OKR sheet
into the new folder and starts its record with what the previous quarter
left open: homework not done, whiteboard questions not resolved, the big
picture and the agenda's time budgets.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from okrbook import i18n
from okrbook.core.record import Record, SheetChange, record_from_dict, record_to_dict
from okrbook.core.sheet import KeyResult, Quarter, Sheet, SheetDiff, diff_sheets, parse_quarter
from okrbook.errors import OkrbookError
from okrbook.io.files import os_error, read_mapping
from okrbook.io.importer import Imported, read_import
from okrbook.io.stores import (
    RECORD_NAME,
    SHEET_NAME,
    load_record,
    load_sheet,
    record_sheet,
    save_record,
    save_sheet,
)

TEMPLATE = "quarterly_retro.ipynb"
PREWORK_TEMPLATE = "prework.ipynb"


def _shipped(package: str, folder: str) -> Path:
    """A folder of the repository that an install ships as ``package``.

    From a source checkout (tests, editable installs run from the repo) the
    folder itself is used; from an installed wheel, the package.
    """
    source = Path(__file__).resolve().parents[2] / folder
    if source.is_dir():
        return source
    return Path(str(resources.files(package)))


def template_name(name: str, lang: str = "zh") -> str:
    """``quarterly_retro.ipynb`` is the Chinese notebook, ``quarterly_retro.en.ipynb`` the English."""
    if lang == "zh":
        return name
    stem, suffix = name.rsplit(".", 1)
    return f"{stem}.{lang}.{suffix}"


def template_path(name: str = TEMPLATE, lang: str = "zh") -> Path:
    """A notebook shipped in ``notebooks/`` (installed as ``okrbook.notebooks``), in ``lang``."""
    return _shipped("okrbook.notebooks", "notebooks") / template_name(name, lang)


def example_path() -> Path:
    """The example department shipped in ``data/example/``."""
    return _shipped("okrbook.example", "data/example")


def example_company_path() -> Path:
    """The example company shipped in ``data/example-company/`` (okrbook.company reads it)."""
    return _shipped("okrbook.example_company", "data/example-company")


def notebook_name(quarter: Quarter) -> str:
    return f"{quarter}-retro.ipynb"


@dataclass
class Workbook:
    folder: Path
    record: Record
    sheet: Sheet

    @property
    def quarter(self) -> Quarter:
        return parse_quarter(self.record.quarter)

    @property
    def record_path(self) -> Path:
        return self.folder / RECORD_NAME

    @property
    def lang(self) -> str:
        return self.record.language

    def objectives(self):
        """This quarter's objectives from the sheet."""
        return self.sheet.quarter(self.quarter.label)

    def save(self) -> Record:
        return save_record(self.record_path, self.record)

    def reload(self) -> Record:
        self.record = load_record(self.record_path)
        return self.record

    def earlier_records(self) -> dict[str, Record]:
        """Records of this year's earlier quarters found beside this folder, oldest first."""
        out = {}
        for n in range(1, self.quarter.number):
            q = Quarter(self.quarter.year, n)
            path = self.folder.parent / str(q) / RECORD_NAME
            if path.exists():
                out[str(q)] = load_record(path)
        return out


def open_workbook(folder: str | Path) -> Workbook:
    """Load a workbook folder's record and the sheet it names; errors name the file."""
    folder = Path(folder).resolve()
    record = load_record(folder / RECORD_NAME)
    sheet_path = record_sheet(folder / RECORD_NAME, record)
    sheet = load_sheet(sheet_path)
    quarter = parse_quarter(record.quarter)
    if quarter.label not in sheet.quarters or quarter.year != sheet.year:
        raise OkrbookError("quarter_not_in_sheet", {"quarter": quarter}, file=sheet_path)
    return Workbook(folder, record, sheet)


def language_of(path: str | Path) -> str | None:
    """The language of the workbook ``path`` is, or whose record or file it names; None if none.

    The command line speaks it when it works on a workbook. Read leniently: a
    record that cannot be read gets its own error from the command itself.
    """
    path = Path(path)
    record = path if path.name == RECORD_NAME else path / RECORD_NAME
    if not record.is_file():
        record = path.parent / RECORD_NAME
    try:
        lang = read_mapping(record).get("language") if record.is_file() else None
    except (OkrbookError, OSError, AttributeError):
        return None
    return lang if lang in i18n.LANGS else None


def find_previous_record(root: Path, quarter: Quarter) -> tuple[Quarter, Record] | None:
    """The nearest earlier quarter's record under ``root`` (the one just before, or older)."""
    q = quarter.previous()
    for _ in range(8):
        path = root / str(q) / RECORD_NAME
        if path.exists():
            return q, load_record(path)
        q = q.previous()
    return None


def carry_over(previous: Record, prev_quarter: Quarter, new: Record) -> None:
    """Hand what the last meeting left open to this one (pure: edits ``new`` only)."""
    still_open = [h for h in previous.homework_review + previous.homework if h.status == "open" and h.text]
    new.homework_review = [
        dataclasses.replace(copy.deepcopy(h), from_quarter=h.from_quarter or str(prev_quarter))
        for h in still_open
    ]
    new.whiteboard = [
        dataclasses.replace(copy.deepcopy(w), from_quarter=w.from_quarter or str(prev_quarter))
        for w in previous.whiteboard
        if not w.resolved and w.text
    ]
    if any(previous.big_picture.values()):
        new.big_picture = dict(previous.big_picture)
    new.agenda = dict(previous.agenda)


def new_workbook(
    quarter: str | Quarter,
    okrs: str | Path,
    root: str | Path = ".",
    lang: str | None = None,
    adjust: Callable[[Sheet], list[SheetChange]] | None = None,
    first_lang: str | None = None,
) -> tuple[Workbook, tuple[Quarter, Record] | None]:
    """Make ``ROOT/<quarter>/``; refuse if it exists. Returns the workbook and what it carried from.

    Its language is ``lang``, else the previous quarter's, else ``first_lang``
    (the CLI's ``OKRBOOK_LANG``), else Chinese.

    ``adjust`` (a company's decisions, :mod:`okrbook.company`) may change the
    snapshot; what it returns is the record's change log, and a snapshot it
    changed is written from the sheet rather than copied.
    """
    q = quarter if isinstance(quarter, Quarter) else parse_quarter(quarter)
    root = Path(root)
    folder = root / str(q)
    if folder.exists():
        raise OkrbookError("workbook_exists", {"path": folder})
    sheet = load_sheet(okrs)
    if q.label not in sheet.quarters or q.year != sheet.year:
        has = ", ".join(f"{sheet.year}{label}" for label in sheet.quarters) or "—"
        params = {"quarter": str(q), "has": has, "okrs": str(okrs)}
        raise OkrbookError("new_quarter_not_in_sheet", params, file=Path(okrs))
    previous = find_previous_record(root, q)
    record = Record(
        quarter=str(q),
        department=sheet.department,
        sheet=SHEET_NAME,
        big_picture=dict(sheet.big_picture),
    )
    if previous is not None:
        carry_over(previous[1], previous[0], record)
        record.language = previous[1].language
    elif first_lang in i18n.LANGS:
        record.language = first_lang
    if lang is not None:
        record.language = lang if lang in i18n.LANGS else record.language
    changes = adjust(sheet) if adjust is not None else []
    record.sheet_changes = list(changes)
    record_from_dict(record_to_dict(record))  # what is written must read back: fail before writing
    template = template_path(TEMPLATE, record.language)
    # Build in a hidden folder and rename at the end, so a failure leaves nothing half-made.
    staging = root / f".{q}.partial"
    try:
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
    except OSError as err:
        raise os_error(err, root) from None
    try:
        if changes:
            save_sheet(staging / SHEET_NAME, sheet)
        else:
            shutil.copyfile(okrs, staging / SHEET_NAME)
        shutil.copyfile(template, staging / notebook_name(q))
        (staging / "prework").mkdir()
        # the members' form (okrbook.notebook.prework_form) sits with the files it writes
        form = template_path(PREWORK_TEMPLATE, record.language)
        shutil.copyfile(form, staging / "prework" / PREWORK_TEMPLATE)
        save_record(staging / RECORD_NAME, record)
        staging.rename(folder)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise os_error(err, folder) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return open_workbook(folder), previous


def make_demo(root: str | Path, lang: str | None = None) -> Workbook:
    """The example department at ``root``: its sheet, Q1 and Q2 records, and a Q3 workbook.

    Run again, it reopens the Q3 workbook already there rather than replace the
    answers a person typed into it.
    """
    root = Path(root)
    example = example_path()
    sheet = root / SHEET_NAME
    if not sheet.exists():
        root.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(example / SHEET_NAME, sheet)
    for past in ("2026Q1", "2026Q2"):
        target = root / past / RECORD_NAME
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(example / past / RECORD_NAME, target)
    folder = root / "2026Q3"
    if folder.exists():
        return open_workbook(folder)
    workbook, _ = new_workbook("2026Q3", sheet, root, lang)
    for member in sorted((example / "2026Q3-prework").glob("*.yaml")):  # four members handed in
        shutil.copyfile(member, workbook.folder / "prework" / member.name)
    return workbook


@dataclass
class Refreshed:
    """A workbook's sheet snapshot replaced by a new import: what changed, and whose answers it kept."""

    path: Path  # the snapshot written
    imported: Imported
    diff: SheetDiff
    orphans: list[tuple[KeyResult, list[str]]]  # KRs gone from the sheet, and the record's fields naming them


def refresh_sheet(
    folder: str | Path, export: str | Path, *, force: bool = False, today: dt.date | None = None
) -> Refreshed:
    """Replace the quarter's sheet snapshot with a new import of ``export``; the record is not touched.

    The export is read as this workbook's quarter, year and department (rows with
    no period are the quarter's; a period or department that says otherwise is an
    error), and keeps the snapshot's annual OKRs when it holds none. The record's
    answers stay keyed by KR id: a KR the new import drops while the record holds
    answers for it is refused, naming each, unless ``force`` (the answers are then
    kept in the record, and named). Nothing is written on any error.
    """
    workbook = open_workbook(folder)
    path = record_sheet(workbook.record_path, workbook.record)
    q = workbook.quarter
    department = workbook.sheet.department
    try:
        imported = read_import(
            export, year=q.year, quarter=str(q), department=department, today=today, keep=workbook.sheet
        )
    except OkrbookError as err:
        if err.key != "import_conflicts_option":
            raise
        # the "options" were the workbook's own quarter and department: say so
        params = {"value": err.params["value"], "path": workbook.record_path, "quarter": str(q)}
        raise OkrbookError(
            "refresh_conflict",
            {**params, "department": department},
            file=err.file,
            row=err.row,
            column=err.column,
        ) from None
    diff = diff_sheets(workbook.sheet, imported.sheet)
    gone = {kr.id: kr for kr in diff.removed}
    orphans: dict[str, tuple[KeyResult, list[str]]] = {}
    for place, ident, _ in workbook.record.kr_references():
        if ident in gone:
            orphans.setdefault(ident, (gone[ident], []))[1].append(place)
    if orphans and not force:
        items = "; ".join(f"{kr.id} “{kr.title}” ({', '.join(places)})" for kr, places in orphans.values())
        raise OkrbookError("refresh_drops_answers", {"items": items}, file=workbook.record_path)
    save_sheet(path, imported.sheet)  # atomic, with the old snapshot kept as okrs.yaml.bak1
    return Refreshed(path, imported, diff, list(orphans.values()))
