"""Reading and writing the sheet and the record: atomic, backed up, and honest about conflicts."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from okrbook.core.record import (
    HomeworkItem,
    KRReview,
    Record,
    WhiteboardItem,
    record_from_dict,
    record_to_dict,
)
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io import files, stores


def a_record() -> Record:
    record = Record(quarter="2026Q3", department="测试部")
    record.meeting.date = dt.date(2026, 10, 9)
    record.meeting.attendees = ["王磊", "李娜"]
    record.answers["setting"] = "目标把两件事粘在了一起。"
    record.kr_reviews["Q3.KR1"] = KRReview(final_score=0.6, obstacle="依赖平台组", category="dependency")
    record.whiteboard.append(WhiteboardItem(id="W1", text="我们的客户到底是谁?", tag="customer"))
    record.homework.append(
        HomeworkItem(id="H1", text="访谈 10 家客户", owner="李娜", due=dt.date(2026, 11, 1))
    )
    return record


def test_record_round_trip(tmp_path: Path):
    path = tmp_path / "record.yaml"
    saved = stores.save_record(path, a_record())
    assert saved.revision == 1 and saved.saved_at
    loaded = stores.load_record(path)
    assert loaded == saved
    # Chinese is written as text, not escapes
    assert "我们的客户到底是谁" in path.read_text(encoding="utf-8")


def test_save_interrupted_midway_leaves_previous_record_intact(tmp_path: Path, monkeypatch):
    path = tmp_path / "record.yaml"
    stores.save_record(path, a_record())
    before = path.read_bytes()
    record = stores.load_record(path)
    record.answers["setting"] = "改过的答案"

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "fsync", crash)
    with pytest.raises(OkrbookError) as info:
        stores.save_record(path, record)
    assert info.value.key == "output_unwritable" and "disk full" in str(info.value)
    assert path.read_bytes() == before
    assert record.revision == 1, "a failed save does not advance the revision"
    assert not list(tmp_path.glob(".record.yaml.*.tmp")), "no temporary file left behind"


def test_backups_rotate(tmp_path: Path):
    path = tmp_path / "record.yaml"
    record = a_record()
    for i in range(5):
        record.answers["pace"] = f"v{i}"
        stores.save_record(path, record)
    backups = files.backup_paths(path)
    assert [stores.load_record(b).answers["pace"] for b in backups] == ["v3", "v2", "v1"]
    assert stores.load_record(path).answers["pace"] == "v4"


def test_conflicting_saves_are_refused(tmp_path: Path):
    path = tmp_path / "record.yaml"
    stores.save_record(path, a_record())
    mine, theirs = stores.load_record(path), stores.load_record(path)
    theirs.answers["pace"] = "theirs"
    stores.save_record(path, theirs)
    mine.answers["pace"] = "mine"
    with pytest.raises(ConflictError) as info:
        stores.save_record(path, mine)
    assert "revision 2" in str(info.value)
    assert stores.load_record(path).answers["pace"] == "theirs"


@pytest.mark.parametrize(
    "text, key",
    [
        (
            "schema: okrbook.record\nschema_version: 1\nquarter: 2026Q3\nanswers: {setting: [unterminated\n",
            "yaml_invalid",
        ),
        ("schema: something.else\nschema_version: 1\n", "schema_unknown"),
        ("quarter: 2026Q3\n", "schema_unknown"),
        ("schema: okrbook.record\nschema_version: 99\n", "schema_newer"),
        (
            "schema: okrbook.record\nschema_version: 1\nhomework: [{id: H1, due: next week}]\n",
            "not_date",
        ),
        (
            "schema: okrbook.record\nschema_version: 1\nkr_reviews: {K: {final_score: 1.5}}\n",
            "score_range",
        ),
        (
            "schema: okrbook.record\nschema_version: 1\nwhiteboard: [{id: W1, tag: politics}]\n",
            "not_one_of",
        ),
        ("schema: okrbook.record\nschema_version: 1\nanswers: {why: x}\n", "unknown_field"),
        ("schema: okrbook.record\nschema_version: 1\nquarter: 2026Q7\n", "bad_quarter"),
        (
            "schema: okrbook.record\nschema_version: 1\nquarter: 2026Q3\nverdicts: {A1.KR1: great}\n",
            "not_one_of",
        ),
        ("schema: okrbook.record\nschema_version: 1\nanswers: {}\n", "required"),
        (
            "schema: okrbook.record\nschema_version: 1\nquarter: 2026Q3\nagenda: {group1: -5}\n",
            "minutes_range",
        ),
        (
            "schema: okrbook.record\nschema_version: 1\nquarter: 2026Q3\nhomework: [{id: H1}, {id: H1}]\n",
            "duplicate_id",
        ),
    ],
)
def test_bad_records_are_named(tmp_path: Path, text: str, key: str):
    path = tmp_path / "record.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OkrbookError) as info:
        stores.load_record(path)
    assert info.value.key == key
    assert str(path) in str(info.value)


def test_bad_record_error_names_the_field():
    raw = record_to_dict(a_record())
    raw["homework"][0]["due"] = "soon"
    with pytest.raises(OkrbookError) as info:
        record_from_dict(raw)
    assert info.value.field == "homework[0].due"


def test_truncated_json_names_the_line(tmp_path: Path):
    path = tmp_path / "okrs.json"
    path.write_text('{"department": "D",\n "year": 2026,\n "annual": {"objectives": [', encoding="utf-8")
    with pytest.raises(OkrbookError) as info:
        stores.load_sheet(path)
    assert info.value.key == "json_invalid"
    assert "line 3" in str(info.value)


def test_sheet_saved_by_excel_in_gbk_is_read(tmp_path: Path, small_sheet: Path):
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(small_sheet.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    assert stores.load_sheet(gbk).department == "测试部"
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + small_sheet.read_bytes())
    assert stores.load_sheet(bom).department == "测试部"


def test_unreadable_encoding_is_named(tmp_path: Path):
    path = tmp_path / "okrs.yaml"
    path.write_bytes(bytes([0xFF, 0xFE, 0x80, 0x81, 0xFF]) * 10)
    with pytest.raises(OkrbookError) as info:
        stores.load_sheet(path)
    assert info.value.key == "encoding_unknown"


def test_missing_file(tmp_path: Path):
    with pytest.raises(OkrbookError) as info:
        stores.load_sheet(tmp_path / "nope.yaml")
    assert info.value.key == "file_missing"
    assert "nope.yaml" in info.value.render("zh")


def test_atomic_write_never_leaves_a_half_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "okrs.yaml"
    path.write_text("old", encoding="utf-8")
    real_replace = os.replace

    def fail_on_final_replace(src, dst):
        if Path(dst) == path:
            raise OSError("power cut")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", fail_on_final_replace)
    with pytest.raises(OkrbookError) as info:
        files.atomic_write(path, "new " * 1000)
    assert "power cut" in info.value.render("zh")
    assert path.read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("written, kept", [(0.25, 0.3), (0.35, 0.4), ("70%", 0.7), (1, 1.0)])
def test_final_scores_in_a_record_follow_the_forms_rule(written, kept):
    raw = record_to_dict(a_record())
    raw["kr_reviews"]["Q3.KR1"]["final_score"] = written
    assert record_from_dict(raw).kr_reviews["Q3.KR1"].final_score == kept
