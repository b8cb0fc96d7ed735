"""``okrbook new``: the quarter's folder, and what it carries over from the last quarter."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from okrbook.core.record import HomeworkItem, Record, WhiteboardItem
from okrbook.errors import OkrbookError
from okrbook.io import stores
from okrbook.io.workbook import new_workbook, notebook_name, open_workbook


def previous_record(root: Path) -> None:
    record = Record(quarter="2026Q2", language="en", big_picture={"positioning": "上季度的定位"})
    record.agenda["group1"] = 30
    record.homework = [
        HomeworkItem(id="H1", text="open one", owner="王磊", due=dt.date(2026, 8, 1), status="open"),
        HomeworkItem(id="H2", text="finished", owner="李娜", status="done"),
        HomeworkItem(id="H3", text="dropped", owner="李娜", status="dropped"),
    ]
    # reviewed in Q2 and still open: carried again
    record.homework_review = [
        HomeworkItem(id="H9", text="from Q1", owner="陈晨", status="open", from_quarter="2026Q1")
    ]
    record.whiteboard = [
        WhiteboardItem(id="W1", text="谁是客户?", tag="customer"),
        WhiteboardItem(id="W2", text="settled", tag="goals", resolved=True, resolution="yes"),
    ]
    (root / "2026Q2").mkdir(parents=True)
    stores.save_record(root / "2026Q2" / "record.yaml", record)


def test_new_carries_over_open_homework_and_unresolved_whiteboard(tmp_path: Path, small_sheet: Path):
    previous_record(tmp_path)
    workbook, previous = new_workbook("2026-Q3", small_sheet, tmp_path)
    assert previous is not None and str(previous[0]) == "2026Q2"
    record = workbook.record
    assert [(h.id, h.from_quarter) for h in record.homework_review] == [("H9", "2026Q1"), ("H1", "2026Q2")]
    assert [(w.id, w.from_quarter) for w in record.whiteboard] == [("W1", "2026Q2")]
    assert record.homework == []
    assert record.big_picture == {"positioning": "上季度的定位"}
    assert record.agenda["group1"] == 30
    assert record.language == "en", "the language follows the last quarter unless chosen"
    folder = tmp_path / "2026Q3"
    assert (folder / "record.yaml").exists() and (folder / "okrs.yaml").exists()
    notebook = json.loads((folder / notebook_name(workbook.quarter)).read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    # the saved record is the one reopened
    assert open_workbook(folder).record == record


def test_new_without_previous_starts_from_the_sheets_big_picture(tmp_path: Path, small_sheet: Path):
    workbook, previous = new_workbook("2026Q3", small_sheet, tmp_path, lang="en")
    assert previous is None
    assert workbook.record.big_picture["positioning"] == "为中小企业提供自助式增长工具"
    assert workbook.record.language == "en"
    assert workbook.record.department == "测试部"


def test_new_refuses_to_overwrite(tmp_path: Path, small_sheet: Path):
    workbook, _ = new_workbook("2026Q3", small_sheet, tmp_path)
    workbook.record.answers["setting"] = "typed in the meeting"
    workbook.save()
    before = workbook.record_path.read_bytes()
    with pytest.raises(OkrbookError) as info:
        new_workbook("2026Q3", small_sheet, tmp_path)
    assert info.value.key == "workbook_exists"
    assert workbook.record_path.read_bytes() == before


def test_new_for_a_quarter_the_sheet_lacks_leaves_nothing(tmp_path: Path, small_sheet: Path):
    with pytest.raises(OkrbookError) as info:
        new_workbook("2026Q4", small_sheet, tmp_path)
    assert info.value.key == "new_quarter_not_in_sheet"
    # it says which quarters the sheet has, and how to import the missing one into it
    said = info.value.render("zh")
    assert "表中有:2026Q3" in said and f"--quarter 2026Q4 -o {small_sheet} --merge" in said
    assert "it has: 2026Q3" in info.value.render("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["okrs.yaml"]


def test_new_with_a_broken_previous_record_says_which(tmp_path: Path, small_sheet: Path):
    (tmp_path / "2026Q2").mkdir()
    (tmp_path / "2026Q2" / "record.yaml").write_text(
        "schema: okrbook.record\nschema_version: [", encoding="utf-8"
    )
    with pytest.raises(OkrbookError) as info:
        new_workbook("2026Q3", small_sheet, tmp_path)
    assert "2026Q2" in str(info.value)
    assert not (tmp_path / "2026Q3").exists()


def test_new_refuses_a_quarter_of_another_year(tmp_path: Path, small_sheet: Path):
    with pytest.raises(OkrbookError) as info:
        new_workbook("2031Q3", small_sheet, tmp_path)
    assert info.value.key == "new_quarter_not_in_sheet"
    assert not (tmp_path / "2031Q3").exists()


def test_a_record_for_a_quarter_the_sheet_lacks_is_named(tmp_path: Path, small_sheet: Path):
    workbook, _ = new_workbook("2026Q3", small_sheet, tmp_path)
    text = workbook.record_path.read_text(encoding="utf-8").replace("quarter: 2026Q3", "quarter: 2026Q4")
    workbook.record_path.write_text(text, encoding="utf-8")
    with pytest.raises(OkrbookError) as info:
        open_workbook(workbook.folder)
    assert info.value.key == "quarter_not_in_sheet" and "okrs.yaml" in str(info.value)
