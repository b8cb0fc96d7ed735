"""Import a one-row-per-KR export (CSV or XLSX) of an OKR tool into the OKR sheet.

Reading the file (:func:`okrbook.io.spreadsheet.read_rows`) is kept apart from turning its rows into
the sheet (:func:`rows_to_sheet`, pure), so parsing is tested without files
and nothing is written until the whole export has been read. Every mistake
names the row as the spreadsheet shows it and the column header as written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrbook import i18n
from okrbook.core.fields import NO, YES, read_number
from okrbook.core.numbers import Parsed, format_number
from okrbook.core.sheet import QUARTERS, Objective, Quarter, Sheet, sheet_from_dict, sheet_to_dict
from okrbook.errors import OkrbookError
from okrbook.io import stores
from okrbook.io.spreadsheet import SCAN, cell_text, read_titled

# Accepted headers, Chinese first; matched ignoring case, spaces, "_-*:", a BOM and "(unit)".
COLUMNS: dict[str, tuple[str, ...]] = {
    "objective": ("目标", "目标名称", "目标内容", "Objective", "O"),
    "kr": ("关键结果", "KR名称", "关键结果名称", "KR", "Key Result"),
    "owner": ("负责人", "执行人", "Owner"),
    "start": ("起始值", "基线值", "初始值", "Start", "Baseline", "Initial"),
    "target": ("目标值", "Target"),
    "current": ("当前值", "实际值", "完成值", "Current", "Actual"),
    "weight": ("权重", "Weight"),
    "unit": ("单位", "Unit"),
    "objective_id": ("目标ID", "目标编号", "Objective ID", "O ID"),
    "kr_id": ("KR ID", "KR编号", "关键结果ID", "编号", "ID"),
    "period": ("周期", "季度", "Quarter", "Period"),
    "kind": ("类型", "KR类型", "Kind", "Type"),
    "done": ("是否完成", "Done"),
    "supports": ("支撑", "对齐", "支撑年度KR", "Supports", "Aligned to"),
    "objective_kind": ("目标类型", "Objective Kind", "Objective Type"),
    "lower_is_better": ("越低越好", "Lower is better"),
    "department": ("部门", "Department"),
    # what OKR tools (Feishu OKR among them) export instead of start/target/current
    "progress": ("进度", "完成度", "完成率", "进展", "Progress", "Completion"),
    "score": ("评分", "得分", "自评分", "自评", "Score", "Self score", "Rating"),
}
_KR_KINDS = dict.fromkeys(("里程碑", "milestone"), "milestone") | dict.fromkeys(
    ("指标", "数值", "量化", "metric", "numeric"), "metric"
)
_OBJECTIVE_KINDS = dict.fromkeys(("承诺型", "承诺", "committed"), "committed") | dict.fromkeys(
    ("挑战型", "挑战", "aspirational", "stretch"), "aspirational"
)
_YEAR = re.compile(r"(?<!\d)20\d{2}(?!\d)")
_CN_DIGITS = str.maketrans("一二三四", "1234")
_SEPARATORS = re.compile(r"\s*[,，、;；\n]+\s*")


def _header(cell: object) -> tuple[str, str]:
    """``" 目标值（%）："`` → ``("目标值", "%")``: the key to match and the unit hint in brackets."""
    text, hint = unicodedata.normalize("NFKC", "" if cell is None else str(cell)), ""
    if m := re.search(r"[(\[【](.*?)[)\]】]", text):
        hint, text = m[1].strip(), text[: m.start()] + text[m.end() :]
    return re.sub(r"[\s_\-*:\u200b\ufeff]+", "", text).lower(), hint


_LOOKUP = {_header(name)[0]: col for col, names in COLUMNS.items() for name in names}


def _known(row: Sequence[object]) -> set[str]:
    return {col for c in row if (col := _LOOKUP.get(_header(c)[0]))}


def _header_index(rows: Sequence[Sequence[object]], strict: bool = False) -> int | None:
    """The first top row naming two known columns, one the objective or KR; else the first non-blank."""
    for i, row in enumerate(rows[:SCAN]):
        if len(found := _known(row)) >= 2 and found & {"objective", "kr"}:
            return i
    return None if strict else next((i for i, row in enumerate(rows) if any(map(cell_text, row))), None)


_Cols = dict[str, tuple[int, str, str]]  # column → (index, header as written, unit hint)


@dataclass
class _Row:
    at: int  # the spreadsheet row number
    cells: Sequence[object]  # at least as long as the header
    cols: _Cols

    def cell(self, col: str) -> object:
        return self.cells[self.cols[col][0]] if col in self.cols else None

    def text(self, col: str) -> str:
        return cell_text(self.cell(col))

    def hint(self, col: str) -> str:
        return self.cols[col][2] if col in self.cols else ""

    def error(self, key: str, col: str, **params: Any) -> OkrbookError:
        return OkrbookError(key, params, row=self.at, column=self.cols.get(col, (0, None))[1])

    def number(self, col: str) -> Parsed | None:
        try:
            return read_number(self.cell(col))
        except OkrbookError as err:
            raise self.error(err.key, col, **{**err.params, "value": self.text(col)}) from None

    def flag(self, col: str) -> bool | None:
        value = self.text(col).lower()
        if value and value not in YES | NO:
            raise self.error("not_bool", col, value=self.text(col))
        return (value in YES) if value else None

    def choice(self, col: str, table: dict[str, str]) -> str:
        value = self.text(col)
        if value and value.lower() not in table:
            raise self.error("not_one_of", col, value=value, allowed=", ".join(table))
        return table.get(value.lower(), "")


@dataclass
class _Objective:
    title: str
    id: str
    at: int
    kind: str = ""
    krs: list[tuple[int, dict[str, Any], str]] = field(default_factory=list)  # (row, KR, supports cell)


@dataclass(frozen=True)
class Note:
    """What the import assumed or took from somewhere other than the options: said after the import.

    ``what`` is a message key taking ``value`` and ``source``; the source is itself a message
    (``source`` key and its ``params``), so the note reads whole in either language.
    """

    what: str
    value: str
    source: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        source = i18n.message(self.source, lang, **self.params)
        return i18n.message(self.what, lang, value=self.value, source=source)


@dataclass
class Imported:
    """An import's sheet, and what it assumed to make it (for the summary)."""

    sheet: Sheet
    notes: list[Note] = field(default_factory=list)
    quarters: list[str] = field(default_factory=list)  # the quarters the export's rows went to ("Q3")


@dataclass(frozen=True)
class _Claim:
    """A year or a period the file (title line, file name) or an option states."""

    year: int | None
    section: str | None  # "Q3"; ANNUAL for a stated annual period; None when only the year is stated
    text: str  # as written, for messages
    row: int | None = None  # the title line's spreadsheet row; None for the file name or an option
    option: str = ""  # "--year 2026", "--quarter 2026Q3" (or where the refresh took them from)
    sheet: bool = False  # the XLSX sheet's title


ANNUAL = "annual"


def rows_to_sheet(
    rows: Sequence[Sequence[object]], *, year: int | None = None, department: str | None = None,
    quarter: str | None = None, name: str = "", today: dt.date | None = None,
) -> Sheet:  # fmt: skip
    """The sheet in the rows (``rows[i]`` is spreadsheet row ``i + 1``); see :func:`rows_to_import`."""
    return rows_to_import(
        rows, year=year, department=department, quarter=quarter, name=name, today=today
    ).sheet


def rows_to_import(
    rows: Sequence[Sequence[object]], *, year: int | None = None, department: str | None = None,
    quarter: str | None = None, name: str = "", today: dt.date | None = None, keep: Sheet | None = None,
    sheet_title: str = "",
) -> Imported:  # fmt: skip
    """The sheet in an export's rows, with what was assumed to place them.

    A row's period column places it (blank = as the row above, as merged cells
    export). Rows with no period go to the period ``--quarter``, a title line
    or the file ``name`` states; with none stated and no period column, to the
    quarter that ended last before ``today`` (an export of one quarter's OKRs
    has no annual ones), else to the annual OKRs. The department comes from the
    option, a department column or the file name; the year from the options, the
    periods, the title lines or the file name, else the quarter's or this year.
    What the options, the title lines and the file name state must agree.

    ``keep`` is the sheet this import refreshes (a workbook's snapshot): its big
    picture, company, other quarters and, when the export holds none, its annual
    OKRs stay, and a KR's supports may name its annual KRs.
    """
    today = today or dt.date.today()
    at = _header_index(rows)
    if at is None:
        raise OkrbookError("import_no_rows")
    cols: _Cols = {}
    for i, cell in enumerate(rows[at]):
        if (col := _LOOKUP.get(_header(cell)[0])) and col not in cols:
            cols[col] = (i, cell_text(cell), _header(cell)[1])
    for col in ["objective", "kr"] + (["target"] if {"start", "current"} & set(cols) else []):
        if col not in cols:
            label = f"{COLUMNS[col][0]} / {next(n for n in COLUMNS[col] if n.isascii())}"
            synonyms = ", ".join(COLUMNS[col])
            raise OkrbookError("import_missing_column", {"column": label, "synonyms": synonyms}, row=at + 1)
    notes: list[Note] = []
    missing: list[str] = []  # the options the file cannot stand in for, named together at the end
    claims = _claims(rows[:at], name, year, quarter, sheet_title)
    stated_year = _agree(claims, lambda c: c.year)
    stated = _agree(claims, lambda c: c.section)
    year = stated_year.year if stated_year else None
    section: str | None = None
    if stated is not None:
        section = None if stated.section == ANNUAL else stated.section
        if not stated.option:
            notes.append(_noted("import_note_period", section, year, stated))
    elif "period" not in cols:
        found = _last_ended(today, year)
        if found is None:
            missing.append("--quarter")
        else:
            year, section = found.year, found.label
            notes.append(Note("import_note_period", str(found), "import_src_last_quarter", {"today": today}))
    scales = {col: _scale(rows, at, cols, col) for col in ("progress", "score") if col in cols}
    groups: dict[str | None, dict[str, _Objective]] = {}
    last: _Objective | None = None
    dept_row: _Row | None = None
    for i in range(at + 1, len(rows)):
        row = _Row(i + 1, [*rows[i], *[None] * len(rows[at])], cols)
        if not any(map(cell_text, row.cells)):
            continue
        if named := row.text("department"):
            if department and named != department and dept_row is None:
                option = f"--department {department}"
                raise row.error("import_conflicts_option", "department", value=named, option=option)
            if dept_row is not None and named != dept_row.text("department"):
                other = dept_row.text("department")
                raise row.error(
                    "import_conflicts_row", "department", value=named, other=other, at=dept_row.at
                )
            dept_row = dept_row or row
        if period := row.text("period"):
            if (found_period := _period(period)) is None:
                raise row.error("import_bad_period", "period", value=period)
            year_, section = found_period
            if year_ and year and year_ != year:
                raise row.error("import_year_mismatch", "period", value=period, year=year)
            if section and stated and not stated.option and stated.section not in (None, ANNUAL, section):
                raise _conflict(_Claim(year_, section, period), stated).located(
                    row=row.at, column=row.cols["period"][1]
                )
            year = year or year_
        last = _objective(row, groups.setdefault(section, {}), last)
        if kr := _key_result(row, section, scales):
            last.krs.append(kr)
    if not groups:
        raise OkrbookError("import_no_rows")
    said_with_period = stated is stated_year  # "2026Q3", "2026年度" say the year too
    if stated_year and not stated_year.option and stated_year.year == year and not said_with_period:
        notes.insert(0, _noted("import_note_year", None, year, stated_year))
    if not year:
        year = today.year
        notes.insert(0, Note("import_note_year", str(year), "import_src_this_year", {"today": today}))
    if not department and dept_row is not None:
        department = dept_row.text("department")
        notes.insert(
            0,
            Note(
                "import_note_department", department, "import_src_column", {"column": cols["department"][1]}
            ),
        )
    if not department:
        if department := department_from_name(name):
            notes.insert(0, Note("import_note_department", department, "import_src_name", {"name": name}))
        else:
            missing.insert(0, "--department")
    if missing:
        raise OkrbookError("import_needs_options", {"options": " ".join(missing)})
    data, places = _assemble(groups, keep.annual if keep is not None and None not in groups else [])
    if keep is not None:
        kept = sheet_to_dict(keep)
        if None not in groups:
            data["annual"] = kept["annual"]
        quarters = {**kept["quarters"], **data["quarters"]}
        data["quarters"] = {q: quarters[q] for q in QUARTERS if q in quarters}
        data.update({k: kept[k] for k in ("company", "big_picture") if k in kept})
    try:
        sheet = sheet_from_dict({"department": department, "year": year, **data})
    except OkrbookError as err:
        raise _relocate(err, places, cols) from None
    return Imported(sheet, notes, [q for q in QUARTERS if q in groups])


def _noted(what: str, section: str | None, year: int | None, claim: _Claim) -> Note:
    """A note for a year or a period taken from a title line or the file name."""
    if what == "import_note_year":
        value = str(year)
    elif section is None:
        what, value = "import_note_annual", str(year or "")
    else:
        value = f"{year or ''}{section}"
    if claim.row is not None:
        return Note(what, value, "import_src_title", {"row": claim.row, "text": claim.text})
    if claim.sheet:
        return Note(what, value, "import_src_sheet", {"name": claim.text})
    return Note(what, value, "import_src_name", {"name": claim.text})


def _claims(
    title_rows: Sequence[Sequence[object]], name: str, year: int | None, quarter: str | None,
    sheet_title: str = "",
) -> list[_Claim]:  # fmt: skip
    """What the options, the title lines (the rows above the header) and the file name say of the period."""
    claims = []
    if year:
        claims.append(_Claim(int(year), None, str(year), option=f"--year {year}"))
    if quarter:
        found = _period(str(quarter))
        if found is None or found[1] is None:
            raise OkrbookError("bad_quarter", {"value": quarter})
        claims.append(_Claim(found[0], found[1], str(quarter), option=f"--quarter {quarter}"))
    for i, row in enumerate(title_rows):
        text = " ".join(filter(None, map(cell_text, row)))
        if said := _period_in(text):
            claims.append(_Claim(*said, text=text, row=i + 1))
            break
    if sheet_title and (said := _period_in(sheet_title)):
        claims.append(_Claim(*said, text=sheet_title, sheet=True))
    if name and (said := _period_in(Path(name).stem)):
        claims.append(_Claim(*said, text=name))
    return claims


def _agree(claims: list[_Claim], what: Callable[[_Claim], object]) -> _Claim | None:
    """The first claim stating ``what``; any later one stating otherwise is an error naming both."""
    first = None
    for claim in claims:
        value = what(claim)
        if value is None:
            continue
        if first is None:
            first = claim
        elif value != what(first):
            raise _conflict(claim, first)
    return first


def _conflict(claim: _Claim, first: _Claim) -> OkrbookError:
    if first.option:
        return OkrbookError(
            "import_conflicts_option",
            {"value": claim.text, "option": first.option},
            row=claim.row,
        )
    if first.row is not None:
        return OkrbookError(
            "import_conflicts_row", {"value": claim.text, "other": first.text, "at": first.row}, row=claim.row
        )
    key = "import_conflicts_sheet" if first.sheet else "import_conflicts_name"
    return OkrbookError(key, {"value": claim.text, "other": first.text}, row=claim.row)


def _last_ended(today: dt.date, year: int | None) -> Quarter | None:
    """The quarter that ended last before ``today``; of ``year``, its last quarter once it is past."""
    current = Quarter(today.year, (today.month - 1) // 3 + 1)
    last = current.previous()
    if year is None or year == last.year:
        return last
    return Quarter(year, 4) if year < last.year else None


_PERIOD_AFTER_YEAR = re.compile(
    r"\s*(?:年\s*)?[-_/.\s]*(?:(?:q|第)\s*([1-4一二三四])\s*(?:季度?)?|([1-4一二三四])\s*季度|(年度|全年|annual))",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"(?<!\d)20\d{2}(?:\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)"
)
_QUARTER_ALONE = re.compile(r"(?<![a-z0-9])(?:q([1-4])(?!\d)|第([1-4一二三四])季度)", re.IGNORECASE)


def _period_in(text: str) -> tuple[int | None, str | None] | None:
    """A period written somewhere in a line of text: ``2026Q3``, ``2026年第三季度``, ``FY2026``, ``Q3 OKR``,
    ``2026 年`` (the year alone); None when the text names no period."""
    t = _DATE.sub(" ", unicodedata.normalize("NFKC", text))  # an export's date is not its period
    for m in _YEAR.finditer(t):
        if after := _PERIOD_AFTER_YEAR.match(t, m.end()):
            if after[3]:
                return int(m[0]), ANNUAL
            return int(m[0]), "Q" + (after[1] or after[2]).translate(_CN_DIGITS)
        if re.search(r"fy\s*$", t[max(0, m.start() - 8) : m.start()], re.IGNORECASE):
            return int(m[0]), ANNUAL
    if q := _QUARTER_ALONE.search(t):
        year = next((int(m[0]) for m in _YEAR.finditer(t)), None)
        return year, "Q" + (q[1] or q[2]).translate(_CN_DIGITS)
    if m := _YEAR.search(t):
        return int(m[0]), None
    return None


# What an export's file name holds besides the department: the period, the tool, the words for "export".
_NOT_DEPARTMENT = re.compile(
    r"(?<![a-z])(?:fy)?20\d{2}(?:[-_.]?\d{1,2}){0,2}|(?:年\s*)?(?:第?[1-4一二三四]季度|年度|全年|年)|(?<![a-z])q[1-4](?![a-z0-9])"
    r"|okrs?|导出表?|数据|报表|复盘|目标|关键结果|飞书|钉钉|企业微信|(?<![a-z])(?:export(?:ed)?|feishu|lark|dingtalk|sheet|data|report)(?![a-z])"
    r"|[(\[【(]\s*\d*\s*[)\]】)]|[-_.,，、\s()\[\]【】()]+",
    re.IGNORECASE,
)


def department_from_name(name: str) -> str:
    """``用户增长部-2026Q3-OKR导出.xlsx`` → ``用户增长部``; ``导出.xlsx`` → "" (the name tells nothing)."""
    stem = _DATE.sub(" ", unicodedata.normalize("NFKC", Path(name).stem)) if name else ""
    words = [w for w in _NOT_DEPARTMENT.split(stem) if w and not w.isdigit()]
    text = " ".join(words).strip()
    return text if len(text) >= 2 else ""


# A score column's scales, by the largest value they allow; a header hint such as 评分(10分制) picks one.
SCALES = (1, 10, 100)
_SCALE_HINT = re.compile(r"(?:0\s*[-~–至到]\s*|满分\s*|/\s*)?(1|10|100)\s*(?:分制|分)?$")


def _scale(rows: Sequence[Sequence[object]], at: int, cols: _Cols, col: str) -> float:
    """What a progress or score column's numbers are out of: the whole column decides.

    Progress: ``85%`` or a ``(%)`` header is a percent; otherwise values up to 1
    (or fractions up to 2, an over-achievement) are fractions, larger ones
    percents. A score: 0–1, 0–10 or 0–100, the smallest scale holding every value;
    values no one scale fits (below 0, above 100, or fractions below 1 beside
    values above 1) are an error naming the column and the values seen.
    """
    index, header, hint = cols[col]
    seen: list[Parsed] = []
    for i in range(at + 1, len(rows)):
        raw = rows[i][index] if index < len(rows[i]) else None
        try:
            if (parsed := read_number(raw)) is not None:
                seen.append(parsed)
        except OkrbookError as err:
            raise OkrbookError(
                err.key, {**err.params, "value": cell_text(raw)}, row=i + 1, column=header
            ) from None
    plain = [p.value for p in seen if p.unit != "%"]
    if col == "progress":
        if hint == "%" or not plain:
            return 100
        fractions = max(plain) <= 1 or (max(plain) <= 2 and not all(v.is_integer() for v in plain))
        return 1 if fractions else 100
    if (
        m := _SCALE_HINT.search(unicodedata.normalize("NFKC", hint).replace("百分制", "100"))
    ) and hint != "%":
        scale = int(m[1])
        if all(0 <= v <= scale for v in plain):
            return scale
    elif hint == "%" and all(0 <= v <= 100 for v in plain):
        return 100
    elif plain and min(plain) >= 0:
        scale = next((s for s in SCALES if max(plain) <= s), None)
        mixed = scale and scale > 1 and any(0 < v < 1 and not v.is_integer() for v in plain)
        if scale and not mixed:
            return scale
    elif not plain:
        return 1
    values = ", ".join(dict.fromkeys(format_number(v) for v in plain))
    raise OkrbookError("import_score_scale", {"values": values}, row=at + 1, column=header)


def _objective(row: _Row, group: dict[str, _Objective], last: _Objective | None) -> _Objective:
    """The row's objective: named by id or title, or (both blank, as merged cells export) the one above."""
    title, oid = row.text("objective"), row.text("objective_id")
    obj = group.get(oid or title) if title or oid else last
    if obj is None:
        if not title:
            raise row.error("required", "objective")
        obj = group[oid or title] = _Objective(title, oid, row.at)
    obj.kind = obj.kind or row.choice("objective_kind", _OBJECTIVE_KINDS)
    return obj


def _key_result(
    row: _Row, section: str | None, scales: dict[str, float]
) -> tuple[int, dict[str, Any], str] | None:
    """The row's KR; one with no number is kept (a badly set KR the checks flag), unreadable ones are not."""
    title, done = row.text("kr"), row.flag("done")
    nums = {n: row.number(n) for n in ("start", "target", "current")}
    if not title:
        if any(nums.values()) or row.text("kr_id"):
            raise row.error("required", "kr")
        return None  # an objective's own row, with no KR on it
    kr: dict[str, Any] = {"id": row.text("kr_id"), "title": title, "owner": row.text("owner")}
    if (weight := row.number("weight")) is not None:
        if weight.value < 0:
            raise row.error("negative_weight", "weight", value=row.text("weight"))
        kr["weight"] = round(weight.value / 100, 10) if row.hint("weight") == "%" else weight.fraction
    kind = row.choice("kind", _KR_KINDS)
    if kind == "milestone" or (not kind and done is not None and not any(nums.values())):
        kr.update(kind="milestone", done=bool(done))
    else:
        values = {n: p.value for n, p in nums.items() if p is not None}
        units = [p.unit or row.hint(n) for n, p in nums.items() if p is not None]
        kr.update(values, unit=row.text("unit") or next(filter(None, units), ""))
        if (done_share := row.number("progress")) is not None:  # shown raw: 120 % stays 1.2
            kr["progress"] = (
                done_share.fraction if done_share.unit == "%" else done_share.value / scales["progress"]
            )
        lower, target, start = row.flag("lower_is_better"), values.get("target"), values.get("start", 0.0)
        if lower is not None and target is not None and target != start and lower != (target < start):
            value = row.text("lower_is_better")
            params = {"value": value, "target": format_number(target), "start": format_number(start)}
            raise row.error("import_lower_is_better", "lower_is_better", **params)
    if (own := row.number("score")) is not None:  # the owner's own score in the tool, on its scale
        kr["owner_score"] = round(own.fraction if own.unit == "%" else own.value / scales["score"], 10)
    if (supports := row.text("supports")) and section is None:
        raise row.error("import_annual_supports", "supports")
    return row.at, {k: v for k, v in kr.items() if v != ""}, supports


def _assemble(
    groups: dict[str | None, dict[str, _Objective]], annual: Sequence[Objective] = ()
) -> tuple[dict[str, Any], dict[str, int]]:
    """The sheet mapping, with generated ids, and the row of each objective and KR by its field path.

    ``annual``: annual objectives kept from elsewhere, which supports may name by id or title.
    """
    data: dict[str, Any] = {"annual": {"objectives": []}, "quarters": {}}
    places: dict[str, int] = {}
    annual_ids: dict[str, str] = {}  # an annual KR's id, and its title, → its id
    for kr in (kr for o in annual for kr in o.key_results):
        annual_ids.setdefault(kr.title, kr.id)
        annual_ids[kr.id] = kr.id
    for section in (None, *QUARTERS):
        where = "annual.objectives" if section is None else f"quarters.{section}.objectives"
        objectives = []
        for i, obj in enumerate(groups.get(section, {}).values()):
            oid = obj.id or (f"A{i + 1}" if section is None else f"{section}.O{i + 1}")
            places[f"{where}[{i}]"] = obj.at
            weights = [kr["weight"] for _, kr, _ in obj.krs if "weight" in kr]
            # 40, 35, 25: numbers summing to ~100 are percentages
            scale = 100 if weights and max(weights) > 1 and abs(sum(weights) - 100) <= 1 else 1
            krs = []
            for j, (at, kr, supports) in enumerate(obj.krs):
                places[f"{where}[{i}].key_results[{j}]"] = at
                kr = {**kr, "id": kr.get("id") or f"{oid}.KR{j + 1}"}
                if "weight" in kr:
                    kr["weight"] = round(kr["weight"] / scale, 10)
                if section is None:
                    annual_ids.setdefault(kr["title"], kr["id"])
                    annual_ids[kr["id"]] = kr["id"]
                elif supports:  # annual KRs by id or title, separated by , ， 、 ; or a new line
                    names = [supports] if supports in annual_ids else _SEPARATORS.split(supports)
                    kr["supports"] = [annual_ids.get(n, n) for n in names if n]
                krs.append(kr)
            objectives.append({"id": oid, "title": obj.title, "kind": obj.kind or None, "key_results": krs})
        if section is None:
            data["annual"]["objectives"] = objectives
        elif objectives:
            data["quarters"][section] = {"objectives": objectives}
    return data, places


def _period(text: str) -> tuple[int | None, str | None] | None:
    """``2026Q3``, ``Q3``, ``2026年第三季度`` → (year, "Q3"); ``年度``, ``Annual`` → (year, None)."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    year, rest = (int(m[0]), t.replace(m[0], "", 1)) if (m := _YEAR.search(t)) else (None, t)
    if q := re.fullmatch(r"(?:年|[-/._])?(?:q([1-4])|第?([1-4一二三四])季度?)[-/._]?", rest):
        return year, "Q" + (q[1] or q[2]).translate(_CN_DIGITS)
    if re.fullmatch(r"(fy)?(年|年度|全年|全年度|annual|year|yearly)?", rest) and (year or rest):
        return year, None
    return None


_PLACE = re.compile(r"(.*?objectives\[\d+\](?:\.key_results\[\d+\])?)(?:\.([a-z_]+))?")


def _relocate(err: OkrbookError, places: dict[str, int], cols: _Cols) -> OkrbookError:
    """The model names a field path; the user needs the row and the column header."""
    m = _PLACE.match(err.field or "")
    if not m or m[1] not in places:
        return err
    on_kr = ".key_results[" in m[1]
    names = {"id": "kr_id", "title": "kr", "kind": "kind"} if on_kr else {}
    col = {"id": "objective_id", "title": "objective", "kind": "objective_kind", **names}.get(m[2], m[2])
    key, params = err.key, dict(err.params)
    if key == "duplicate_id" and (first := _PLACE.match(str(params.get("first")))) and first[1] in places:
        key, params["first"] = "import_duplicate_id", places[first[1]]
    return OkrbookError(key, params, row=places[m[1]], column=cols[col][1] if col in cols else None)


def read_export(path: Path) -> list[list[object]]:
    """The export's rows: the separator and the XLSX sheet are the ones that name OKR columns."""
    return _read_titled(path)[0]


def _read_titled(path: Path) -> tuple[list[list[object]], str]:
    """The export's rows and its XLSX sheet's title."""
    return read_titled(
        path,
        lambda row: len(_known(row)),
        pick=lambda sheets: next((r for r in sheets if _header_index(r, strict=True) is not None), sheets[0]),
    )


def import_export(
    path: str | Path, *, year: int | None = None, department: str | None = None, quarter: str | None = None,
    today: dt.date | None = None,
) -> Sheet:  # fmt: skip
    """Read a one-row-per-KR export (CSV or XLSX) into a validated Sheet; see :func:`read_import`."""
    return read_import(path, year=year, department=department, quarter=quarter, today=today).sheet


def read_import(
    path: str | Path, *, year: int | None = None, department: str | None = None, quarter: str | None = None,
    today: dt.date | None = None, keep: Sheet | None = None,
) -> Imported:  # fmt: skip
    """The export's sheet and what was assumed to make it; raises OkrbookError naming the file, row
    (1-based spreadsheet row number as the user sees it, header = row 1) and column header.

    The file's name counts: it may state the department and the period (see :func:`rows_to_import`).
    """
    path = Path(path)
    try:
        rows, title = _read_titled(path)
        where = {"name": path.name, "sheet_title": title, "today": today, "keep": keep}
        return rows_to_import(rows, year=year, department=department, quarter=quarter, **where)
    except OkrbookError as err:
        raise err.located(file=path) from None


def write_sheet(sheet: Sheet, out: str | Path, *, force: bool = False) -> None:
    """Write the imported sheet, never over an existing file unless ``force``; atomically either way."""
    out = Path(out)
    if out.exists() and not force:
        raise OkrbookError("output_exists", {"path": out})
    stores.save_sheet(out, sheet)  # atomic; an OS error names the file
