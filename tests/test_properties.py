"""Property: whatever file a user hands okrbook, it reads it or says, in one line, which file is wrong.

Generated inputs go through every entry point that reads a user's file: the
OKR import (CSV and XLSX, valid and damaged, in every encoding the README
names), ``prework import``, the sheet, record and member-file loaders, and
``okrbook check``. Each call returns a result or raises :class:`OkrbookError`
naming the file; any other exception fails the test, and so does a failed
call that changed a file already on disk. Sizes are bounded by the
strategies, so time and memory are too (no timed assertion: see benchmarks/).

The CI profile tries a few dozen inputs per entry point; ``--hypothesis-profile=long``
(tests/conftest.py) tries thousands. ``--hypothesis-show-statistics`` counts them.
"""

from __future__ import annotations

import contextlib
import copy
import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from okrbook.cli import main
from okrbook.errors import OkrbookError
from okrbook.io import stores
from okrbook.io.importer import COLUMNS, import_export
from okrbook.io.workbook import new_workbook
from okrbook.prework.members import load_prework
from okrbook.prework.survey import import_survey
from tests import hostile

EXAMPLE = Path(__file__).parent.parent / "data" / "example"
SHEET = Path(__file__).parent / "fixtures" / "small.yaml"
VALID = {
    "sheet": yaml.safe_load(SHEET.read_text(encoding="utf-8")),
    "record": yaml.safe_load((EXAMPLE / "2026Q2" / "record.yaml").read_text(encoding="utf-8")),
    "member": yaml.safe_load((EXAMPLE / "2026Q3-prework" / "李娜.yaml").read_text(encoding="utf-8")),
}

# --- hostile values, texts and files -----------------------------------------------------------

HUGE = ["9" * 400, "9" * 5000, "1e1000000", "-1e1000000", "1e308", ".nan", ".inf", "-.inf", "0x" + "f" * 300]
HOSTILE_TEXT = [
    "2026-02-30", "2026-13-01", "2026-10-09T25:00:00", "0000-00-00", "\x00", "𝟙𝟚", "１２０", "35%", "3.5万",
    "¥120万", "—", "N/A", "a/b", "..", "ａ／ｂ", "<script>alert(1)</script>", "长" * 300, "x" * 20_000,
]  # fmt: skip


def _as_value(text: str) -> Any:
    """A huge or non-finite number as YAML reads it (an integer past Python's 4,300 digits stays text)."""
    return text if len(text) > 4000 else int(text, 0) if text[:1] in "90" else yaml.safe_load(text)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(HUGE).map(_as_value),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(data: Any, here: tuple = ()) -> Iterator[tuple]:
    yield here
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*here, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*here, i))


def _set(data: Any, path: tuple, value: Any, delete: bool = False) -> Any:
    if not path:
        return value
    parent = data
    for k in path[:-1]:
        parent = parent[k]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


@st.composite
def mutated_data(draw, kind: str) -> Any:
    """A valid file's data with a few places changed: types swapped, huge, non-finite, deleted, unknown."""
    data = copy.deepcopy(VALID[kind])
    for _ in range(draw(st.integers(1, 3))):
        places = list(_paths(data))
        path = draw(st.sampled_from(places))
        how = draw(st.sampled_from(["value", "delete", "add", "nest"]))
        if how == "delete" and path:
            data = _set(data, path, None, delete=True)
        elif how == "add" and isinstance(_get(data, path), dict):
            _get(data, path)[draw(st.text(max_size=10))] = draw(values)
        elif how == "nest":
            deep: Any = draw(scalars)
            for _ in range(draw(st.integers(1, 200))):
                deep = [deep]
            data = _set(data, path, deep)
        else:
            data = _set(data, path, draw(values))
    return data


def _get(data: Any, path: tuple) -> Any:
    for k in path:
        data = data[k]
    return data


YAML_DAMAGE = [
    lambda t: t.replace("revision: ", "revision: &r ", 1) + "\nextra: *r\n",
    lambda t: hostile.alias_bomb("bomb") + t,
    lambda t: t.replace("quarter: ", "quarter: !!timestamp ", 1),
    lambda t: t.replace(": ", ": [", 1),
    lambda t: t.replace("\n", "\n\t", 1),
    lambda t: t[: len(t) // 2],
    lambda t: "[" * 30_000 + t,
    lambda t: t + "\n---\nsecond: document\n",
    lambda t: t.replace("schema_version: 1", "schema_version: 99"),
    lambda t: t.replace("start: ", "start: 1e1000000 #", 1),
    lambda t: t.replace("date: ", "date: 2026-02-30 #", 1),
]


@st.composite
def yaml_bytes(draw, kind: str) -> bytes:
    """A file of ``kind`` as bytes: mutated data, then maybe damaged text, maybe in another encoding."""
    text = yaml.safe_dump(draw(mutated_data(kind)), allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):
        text = draw(st.sampled_from(YAML_DAMAGE))(text)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from(HOSTILE_TEXT + HUGE + ["&a x", "*a", "{", "]", ":", "- "]))
            + text[at:]
        )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "latin-1", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


HEADERS = [name for names in COLUMNS.values() for name in names] + [
    "姓名",
    "Q1.1",
    "Q2.4",
    "Q3.KR1 得分",
    "?",
]
CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(HOSTILE_TEXT + HUGE + ["40%", "1,200", "2026Q3", "Q3", "年度", "是", "里程碑", "A1.KR1"]),
    st.integers(min_value=-(10**300), max_value=10**300),  # openpyxl writes no more; big_int_cell does
    st.floats(allow_nan=False, allow_infinity=False),
)


@st.composite
def sheet_rows(draw) -> list[list[object]]:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 1), max_size=6))
    title = draw(st.lists(st.lists(CELLS, max_size=2), max_size=2))
    return [*title, header, *rows]


@st.composite
def csv_bytes(draw) -> bytes:
    rows = draw(sheet_rows())
    sep = draw(st.sampled_from([",", "\t", ";"]))
    out = io.StringIO()
    import csv

    csv.writer(out, delimiter=sep).writerows([["" if c is None else str(c) for c in r] for r in rows])
    text = out.getvalue()
    if draw(st.integers(0, 5)) == 0:
        text = text.replace(sep, "\n", 1) + '"unclosed' + "长" * draw(st.sampled_from([10, 140_000]))
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "latin-1"])), errors="replace")
    if draw(st.integers(0, 5)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


XLSX_DAMAGE = [
    hostile.damaged_xml,
    hostile.corrupt_deflate,
    hostile.no_sheets,
    hostile.bad_style,
    hostile.undefined_number_format,
    hostile.big_int_cell,
    lambda d: hostile.big_int_cell(d, 5000),
    lambda d: d[: len(d) // 2],
    lambda d: d[:100] + b"\x00" * 50 + d[150:],
]


@st.composite
def xlsx_bytes(draw) -> bytes:
    rows = draw(sheet_rows())
    book = openpyxl.Workbook()
    try:
        for row in rows:
            book.active.append(row)
        out = io.BytesIO()
        book.save(out)
    except (ValueError, TypeError, OverflowError, openpyxl.utils.exceptions.IllegalCharacterError):
        assume(False)  # openpyxl will not write it: no such file can exist
    data = out.getvalue()
    damage = draw(st.sampled_from([None, *XLSX_DAMAGE]))
    if damage is not None:
        try:
            data = damage(data)
        except (KeyError, ValueError):
            pass  # this file lacks the part the damage changes: it stays valid
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, 10**6)) % len(data)  # openpyxl's bytes vary in length with the clock
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return data


# --- the property --------------------------------------------------------------------------------


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder per generated input (Hypothesis runs many inputs in one test call)."""
    folder = Path(tempfile.mkdtemp(prefix="okrbook-prop-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_named(err: OkrbookError, *files: Path) -> None:
    """okrbook's own error: it names one of ``files`` (or a file beside them) and is one short line."""
    assert err.file is not None, err
    assert any(str(err.file).startswith(str(f)) or Path(err.file).name == f.name for f in files), (
        err.file,
        files,
    )
    for lang in ("zh", "en"):
        text = err.render(lang)
        assert "\n" not in text and len(text) < 1000, text[:300]


def imported(path: Path, out: Path) -> None:
    """``okrbook import``'s two steps: read the export, write the sheet (never over a file on failure)."""
    from okrbook.io.importer import write_sheet

    sheet = import_export(path, department=None, year=None)
    write_sheet(sheet, out, force=True)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@given(data=st.data())
def test_the_okr_import_reads_or_names_the_file(kind: str, data):
    raw = data.draw(csv_bytes() if kind == "csv" else xlsx_bytes(), label="file")
    with scratch() as folder:
        # the department from the name, the period guessed: every row reaches the sheet's checks
        path = hostile.write(folder / f"用户增长部-export.{kind}", raw)
        out = hostile.write(folder / "okrs.yaml", "keep: me\n")
        try:
            imported(path, out)
        except OkrbookError as err:
            assert_named(err, path, out)
            assert out.read_text() == "keep: me\n", "a failed import leaves the output as it was"
        else:
            stores.load_sheet(out)  # what was written reads back


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    wb, _ = new_workbook("2026Q3", SHEET, tmp_path_factory.mktemp("survey"), lang="zh")
    return wb.folder


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@given(data=st.data())
def test_prework_import_reads_or_names_the_file(workbook: Path, kind: str, data):
    raw = data.draw(csv_bytes() if kind == "csv" else xlsx_bytes(), label="file")
    with scratch() as folder:
        path = hostile.write(folder / f"survey.{kind}", raw)
        before = snapshot(workbook)
        try:
            written = import_survey(path, workbook, force=True)
        except OkrbookError as err:
            assert_named(err, path, workbook)
            assert snapshot(workbook) == before, "a failed import changes no member file"
        else:
            for _, member_file in written:
                load_prework(member_file)


LOADERS = {"sheet": stores.load_sheet, "record": stores.load_record, "member": load_prework}


@pytest.mark.parametrize("kind", LOADERS)
@given(data=st.data())
def test_the_loaders_read_or_name_the_file_and_field(kind: str, data):
    raw = data.draw(yaml_bytes(kind), label="file")
    suffix = data.draw(st.sampled_from([".yaml", ".yaml", ".json"]), label="suffix")
    if suffix == ".json":
        import json

        try:
            raw = json.dumps(yaml.safe_load(raw.decode("utf-8", "replace")), ensure_ascii=False).encode()
        except Exception:  # noqa: BLE001 (PyYAML's own loader trips on some tags): the text is tried as JSON
            pass
    with scratch() as folder:
        path = hostile.write(folder / f"{kind}{suffix}", raw)
        try:
            LOADERS[kind](path)
        except OkrbookError as err:
            assert_named(err, path)


@given(data=st.data())
def test_check_reads_or_says_in_one_line_what_is_wrong(data):
    kind = data.draw(st.sampled_from(["sheet", "record"]), label="kind")
    raw = data.draw(yaml_bytes(kind), label="file")
    with scratch() as root:
        folder = root / "2026Q2"
        folder.mkdir()
        shutil.copyfile(EXAMPLE / "okrs.yaml", root / "okrs.yaml")
        path = hostile.write(folder / ("record.yaml" if kind == "record" else "okrs.yaml"), raw)
        before = snapshot(root)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", str(path)])
        assert snapshot(root) == before, "check writes nothing"
        if code != 0:
            said = err.getvalue()
            assert said.startswith("okrbook: ") and said.count("\n") == 1 and str(root) in said, said[:300]
            assert len(said) < 1000
