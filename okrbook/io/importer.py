"""Import a one-row-per-KR export (CSV or XLSX) of an OKR tool into the OKR sheet.

Reading the file (:func:`okrbook.io.spreadsheet.read_rows`) is kept apart from turning its rows into
the sheet (:func:`rows_to_sheet`, pure), so parsing is tested without files
and nothing is written until the whole export has been read. Every mistake
names the row as the spreadsheet shows it and the column header as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrbook.core.fields import NO, YES, read_number
from okrbook.core.numbers import Parsed, format_number
from okrbook.core.sheet import QUARTERS, Sheet, sheet_from_dict
from okrbook.errors import OkrbookError
from okrbook.io import stores
from okrbook.io.spreadsheet import SCAN, cell_text, read_rows

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


def rows_to_sheet(
    rows: Sequence[Sequence[object]], *, year: int | None = None, department: str | None = None,
    quarter: str | None = None,
) -> Sheet:  # fmt: skip
    """The sheet in an export's rows (``rows[i]`` is spreadsheet row ``i + 1``).

    A row's period column places it (blank = as the row above, as merged cells
    export). With no period column every row goes to ``quarter`` if given, else
    to the annual OKRs: an export that names no period says nothing about
    quarters, and a guessed quarter would be silently wrong.
    """
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
    section = None
    if quarter:
        year_, section = _period(str(quarter)) or (None, None)
        if section is None:
            raise OkrbookError("bad_quarter", {"value": quarter})
        year = year or year_
    groups: dict[str | None, dict[str, _Objective]] = {}
    last: _Objective | None = None
    for i in range(at + 1, len(rows)):
        row = _Row(i + 1, [*rows[i], *[None] * len(rows[at])], cols)
        if not any(map(cell_text, row.cells)):
            continue
        department = department or row.text("department")
        if period := row.text("period"):
            if (found := _period(period)) is None:
                raise row.error("import_bad_period", "period", value=period)
            year_, section = found
            if year_ and year and year_ != year:
                raise row.error("import_year_mismatch", "period", value=period, year=year)
            year = year or year_
        last = _objective(row, groups.setdefault(section, {}), last)
        if kr := _key_result(row, section):
            last.krs.append(kr)
    if not groups:
        raise OkrbookError("import_no_rows")
    year = year or next((int(m[0]) for r in rows[:at] for c in r if (m := _YEAR.search(cell_text(c)))), None)
    if not year:
        raise OkrbookError("import_no_year")
    if not department:
        raise OkrbookError("import_no_department")
    data, places = _assemble(groups)
    try:
        return sheet_from_dict({"department": department, "year": year, **data})
    except OkrbookError as err:
        raise _relocate(err, places, cols) from None


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


def _key_result(row: _Row, section: str | None) -> tuple[int, dict[str, Any], str] | None:
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
        lower, target, start = row.flag("lower_is_better"), values.get("target"), values.get("start", 0.0)
        if lower is not None and target is not None and target != start and lower != (target < start):
            value = row.text("lower_is_better")
            params = {"value": value, "target": format_number(target), "start": format_number(start)}
            raise row.error("import_lower_is_better", "lower_is_better", **params)
    if (supports := row.text("supports")) and section is None:
        raise row.error("import_annual_supports", "supports")
    return row.at, {k: v for k, v in kr.items() if v != ""}, supports


def _assemble(groups: dict[str | None, dict[str, _Objective]]) -> tuple[dict[str, Any], dict[str, int]]:
    """The sheet mapping, with generated ids, and the row of each objective and KR by its field path."""
    data: dict[str, Any] = {"annual": {"objectives": []}, "quarters": {}}
    places: dict[str, int] = {}
    annual_ids: dict[str, str] = {}  # an annual KR's id, and its title, → its id
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
    return read_rows(
        path,
        lambda row: len(_known(row)),
        pick=lambda sheets: next((r for r in sheets if _header_index(r, strict=True) is not None), sheets[0]),
    )


def import_export(
    path: str | Path, *, year: int | None = None, department: str | None = None, quarter: str | None = None
) -> Sheet:
    """Read a one-row-per-KR export (CSV or XLSX) into a validated Sheet; raises OkrbookError naming file,
    row (1-based spreadsheet row number as the user sees it, header = row 1) and column header.

    No period column and no ``quarter`` → the rows are annual OKRs (see :func:`rows_to_sheet`).
    """
    path = Path(path)
    try:
        return rows_to_sheet(read_export(path), year=year, department=department, quarter=quarter)
    except OkrbookError as err:
        raise err.located(file=path) from None


def write_sheet(sheet: Sheet, out: str | Path, *, force: bool = False) -> None:
    """Write the imported sheet, never over an existing file unless ``force``; atomically either way."""
    out = Path(out)
    if out.exists() and not force:
        raise OkrbookError("output_exists", {"path": out})
    stores.save_sheet(out, sheet)  # atomic; an OS error names the file
