"""Each broken or hostile input the fuzzing campaign of issue 12 found, as a test of its own.

Every one ended in a traceback, a hang, a huge message or a silent overwrite
before the fix; now each is one line naming the file and the field (or row
and column), and nothing on disk is changed by a failure.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrbook.cli import main
from okrbook.core import method
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io import files, stores
from okrbook.io.importer import import_export
from okrbook.io.workbook import new_workbook, open_workbook
from okrbook.prework.members import Prework, file_name, load_prework, member_key, path_for, save_prework
from okrbook.prework.survey import import_survey
from tests import hostile

SHEET = Path(__file__).parent / "fixtures" / "small.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    wb, _ = new_workbook("2026Q3", SHEET, tmp_path, lang="en")
    return wb.folder


def sheet_with(tmp_path: Path, old: str, new: str) -> Path:
    text = SHEET.read_text(encoding="utf-8")
    assert old in text
    return hostile.write(tmp_path / "okrs.yaml", text.replace(old, new, 1))


def record_with(folder: Path, old: str, new: str) -> Path:
    path = folder / "record.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    return hostile.write(path, text.replace(old, new, 1))


def check(capsys, path: Path, lang: str = "en") -> tuple[int, str]:
    """``okrbook check``: its exit code and its one line on stderr."""
    code = main(["--lang", lang, "check", str(path)])
    _, err = capsys.readouterr()
    return code, err


def one_line(err: str, *parts: str) -> None:
    assert err.count("\n") == 1 and err.startswith("okrbook: "), err
    assert "Traceback" not in err and len(err) < 400, err[:400]
    for part in parts:
        assert part in err, err


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, field",
    [
        ("1e1000000", "target"),  # decimal.Overflow
        ("9" * 400, "target"),  # int too large to convert to float
        ("9" * 5000, "target"),  # PyYAML: Exceeds the limit (4300 digits)
        (".nan", "start"),  # read as blank and accepted
        ("1e308", "target"),
    ],
)
def test_a_huge_or_not_finite_number_in_a_sheet_names_its_field(
    capsys, tmp_path: Path, written: str, field: str
):
    path = sheet_with(tmp_path, f"{field}: {30 if field == 'start' else 40}\n", f"{field}: {written}\n")
    code, err = check(capsys, path)
    assert code == 1
    one_line(err, str(path), f"quarters.Q3.objectives[0].key_results[0].{field}")


def test_weights_of_1e308_are_refused_rather_than_make_the_mean_nan(capsys, tmp_path: Path):
    path = sheet_with(tmp_path, "weight: 0.5", "weight: 1.0e+308")
    path.write_text(
        path.read_text(encoding="utf-8").replace("weight: 0.3", "weight: 1.0e+308"), encoding="utf-8"
    )
    code, err = check(capsys, path)
    assert code == 1
    one_line(err, "key_results[0].weight")


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("revision: 1\n", "revision: " + "9" * 400 + "\n", "revision"),
        ("group1: 25\n", "group1: " + "9" * 400 + "\n", "agenda.group1"),
        ("revision: 1\n", "revision: 1e1000000\n", "revision"),
        ("revision: 1\n", "revision: -3\n", "revision"),
    ],
)
def test_a_huge_number_in_a_record_names_its_field(capsys, folder: Path, old: str, new: str, field: str):
    path = record_with(folder, old, new)
    code, err = check(capsys, path)
    assert code == 1
    one_line(err, str(path), f"field {field}")


def test_a_400_digit_integer_in_an_xlsx_cell_names_the_row_and_column(tmp_path: Path):
    path = hostile.write(tmp_path / "export.xlsx", hostile.big_int_cell(hostile.xlsx_bytes()))
    with pytest.raises(OkrbookError) as info:
        import_export(path, department="研发部", year=2026)
    assert (info.value.row, info.value.column, info.value.file) == (2, "目标值", path)
    assert len(str(info.value)) < 300


# --- dates ---------------------------------------------------------------------------------------


def test_an_impossible_date_in_a_record_names_its_field(capsys, folder: Path):
    path = record_with(folder, "  date: null\n", "  date: 2026-02-30\n")
    code, err = check(capsys, path)
    assert code == 1
    one_line(err, "field meeting.date", "2026-02-30")
    with pytest.raises(OkrbookError) as info:
        open_workbook(folder)
    assert info.value.field == "meeting.date"


def test_a_good_date_still_reads_as_a_date(folder: Path):
    record_with(folder, "  date: null\n", "  date: 2026-10-09\n")
    assert str(open_workbook(folder).record.meeting.date) == "2026-10-09"


# --- CSV -----------------------------------------------------------------------------------------


def test_a_csv_cell_over_the_field_limit_in_the_first_rows_is_a_clear_error(tmp_path: Path):
    path = hostile.write(
        tmp_path / "export.csv", "目标,关键结果,目标值\n提升激活," + "长" * 140_000 + ",40\n"
    )
    with pytest.raises(OkrbookError) as info:
        import_export(path, department="研发部", year=2026)
    assert info.value.file == path and info.value.row == 2
    assert len(str(info.value)) < 300


# --- XLSX ----------------------------------------------------------------------------------------

DAMAGES = {
    "damaged sheet XML": hostile.damaged_xml,
    "corrupt deflate stream": hostile.corrupt_deflate,
    "no sheets": hostile.no_sheets,
    "bad style index": hostile.bad_style,
    "undefined number format": hostile.undefined_number_format,
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_an_xlsx_openpyxl_cannot_read_is_named_in_import(tmp_path: Path, damage):
    path = hostile.write(tmp_path / "export.xlsx", damage(hostile.xlsx_bytes()))
    out = hostile.write(tmp_path / "okrs.yaml", "keep me")
    code = main(["--lang", "en", "import", str(path), "-o", str(out), "--force"])
    assert code == 1 and out.read_text() == "keep me"
    with pytest.raises(OkrbookError) as info:
        import_export(path, department="研发部", year=2026)
    assert info.value.file == path and info.value.key in ("xlsx_unreadable", "xlsx_no_sheets")


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_an_xlsx_openpyxl_cannot_read_is_named_in_prework_import(folder: Path, tmp_path: Path, damage):
    rows = [["姓名", "Q1.1", "Q3.KR1 得分"], ["王磊", "KR 写成了任务", 0.7]]
    path = hostile.write(tmp_path / "survey.xlsx", damage(hostile.xlsx_bytes(rows)))
    with pytest.raises(OkrbookError) as info:
        import_survey(path, folder)
    assert info.value.file == path and info.value.key in ("xlsx_unreadable", "xlsx_no_sheets")
    assert not list((folder / "prework").glob("*.yaml"))


# --- YAML bombs ----------------------------------------------------------------------------------


def test_an_alias_bomb_in_a_record_is_refused_in_one_short_line(capsys, folder: Path):
    path = record_with(folder, "revision: 1\n", hostile.alias_bomb("revision"))  # a number field
    code, err = check(capsys, path)
    assert code == 1
    one_line(err, str(path))


def test_aliases_are_refused_in_sheets_and_member_files(tmp_path: Path, folder: Path):
    sheet = sheet_with(tmp_path, "owner: 王磊\n", "owner: &who 王磊\n")
    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace("owner: 李娜", "owner: *who", 1), encoding="utf-8"
    )
    with pytest.raises(OkrbookError) as info:
        stores.load_sheet(sheet)
    assert info.value.key == "yaml_alias" and info.value.file == sheet
    member = folder / "prework" / "王磊.yaml"
    save_prework(member, Prework(quarter="2026Q3", member="王磊", answers={"setting": "x"}))
    member.write_text(member.read_text(encoding="utf-8").replace("setting: x", "setting: &s x\n  pace: *s"))
    with pytest.raises(OkrbookError) as info:
        load_prework(member)
    assert info.value.key == "yaml_alias"


def test_a_bad_value_is_shown_as_a_short_excerpt(capsys, tmp_path: Path):
    path = sheet_with(tmp_path, "target: 40\n", "target: " + "x" * 100_000 + "\n")
    code, err = check(capsys, path)
    assert code == 1
    one_line(err, "key_results[0].target")


# --- paths from files ----------------------------------------------------------------------------


@pytest.mark.parametrize("named", ["/etc/passwd", "/dev/zero", "../../outside.yaml", "okrs\x00.yaml", "."])
def test_the_sheet_a_record_names_must_be_a_file_in_its_workbook(capsys, folder: Path, named: str):
    (folder.parent.parent / "outside.yaml").write_text(SHEET.read_text(encoding="utf-8"), encoding="utf-8")
    path = record_with(folder, "sheet: okrs.yaml\n", f"sheet: {named!r}\n".replace("'", '"'))
    code, err = check(capsys, path)
    assert code == 1
    one_line(err, "field sheet")
    with pytest.raises(OkrbookError) as info:
        open_workbook(folder)
    assert info.value.field == "sheet"


def test_a_fifo_as_the_sheet_is_refused_without_blocking(capsys, folder: Path):
    os.mkfifo(folder / "pipe.yaml")
    path = record_with(folder, "sheet: okrs.yaml\n", "sheet: pipe.yaml\n")
    code, err = check(capsys, path)  # before the fix: blocked for ever, waiting for a writer
    assert code == 1
    one_line(err, "field sheet")


def test_the_shared_sheet_one_folder_up_is_still_read(folder: Path):
    (folder.parent / "okrs.yaml").write_text(SHEET.read_text(encoding="utf-8"), encoding="utf-8")
    record_with(folder, "sheet: okrs.yaml\n", "sheet: ../okrs.yaml\n")
    assert open_workbook(folder).sheet.department == "测试部"


# --- a file that became unreadable under an open form: a conflict, never an overwrite -------------


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: t.replace("schema_version: 1", "schema_version: 2"),
        lambda t: t.replace("answers: {}", "answers: [oops"),
        lambda t: t.replace("answers: {}", "answers: 3"),
    ],
    ids=["newer schema", "hand edit gone wrong", "wrong type"],
)
def test_a_record_made_unreadable_under_the_form_is_kept_and_the_form_says_so(folder: Path, spoil):
    from okrbook.notebook.lead_form import UNSAVED_NAME
    from okrbook.notebook.meeting import MeetingForms

    m = MeetingForms(open_workbook(folder), delay=30.0)
    try:
        for section in method.SECTIONS:
            getattr(m, section.id)()
        path = folder / "record.yaml"
        spoiled = spoil(path.read_text(encoding="utf-8"))
        path.write_text(spoiled, encoding="utf-8")
        m.controls["answers.setting"].value = "typed in the meeting"
        assert m.flush() is False
        assert path.read_text(encoding="utf-8") == spoiled, "the file on disk is left as it is"
        assert isinstance(m.saver.last_error, ConflictError)
        assert "✓" not in m.status.value and "⚠" in m.status.value
        assert UNSAVED_NAME in m.status.value
        assert stores.load_record(folder / UNSAVED_NAME).answers["setting"] == "typed in the meeting"
    finally:
        m.close()


def test_a_member_file_made_unreadable_under_the_form_is_kept(folder: Path):
    from okrbook.notebook.prework_form import PreworkForm

    form = PreworkForm(open_workbook(folder), delay=30.0)
    form.name.value = "王磊"
    form.controls["answers.setting"].value = "first"
    assert form.flush()
    path = folder / "prework" / "王磊.yaml"
    spoiled = path.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 9")
    path.write_text(spoiled, encoding="utf-8")
    form.controls["answers.setting"].value = "second"
    assert form.flush() is False
    assert path.read_text(encoding="utf-8") == spoiled
    assert (
        "✓" not in form.status.value and "⚠" in form.status.value and "王磊-unsaved.yaml" in form.status.value
    )
    assert load_prework(folder / "prework" / "王磊-unsaved.yaml").answers["setting"] == "second"


# --- member names --------------------------------------------------------------------------------


def test_a_member_name_over_255_bytes_gets_a_file(folder: Path):
    from okrbook.notebook.prework_form import PreworkForm

    name = "长" * 200  # 600 bytes in UTF-8
    form = PreworkForm(open_workbook(folder), delay=30.0)
    form.name.value = name  # before the fix: File name too long, out of the observer
    form.controls["answers.setting"].value = "x"
    assert form.flush()
    assert load_prework(form.path).member == name and len(form.path.name.encode()) <= 255


@pytest.mark.parametrize(
    "names",
    [(".", "..", "...", "_"), ("a/b", "a_b", "a:b"), ("x" * 300, "x" * 301), ("A.", "A")],
)
def test_different_names_never_share_a_file(names: tuple[str, ...]):
    assert len({member_key(n) for n in names}) == len(names)
    assert len({file_name(n) for n in names}) == len(names)


@pytest.mark.parametrize(
    "a, b", [("a/b", "ａ／ｂ"), ("李娜", "李娜  "), ("Li Na", " Li  Na"), ("王磊", "王磊\u3000")]
)
def test_the_same_name_however_typed_is_one_file(a: str, b: str):
    assert member_key(a) == member_key(b) and file_name(a) == file_name(b)


def test_a_name_typed_in_another_case_finds_the_members_file(folder: Path):
    prework = folder / "prework"
    save_prework(prework / file_name("Li Na"), Prework(quarter="2026Q3", member="Li Na"))
    assert path_for(prework, " li  NA ") == prework / file_name("Li Na")


def test_a_clash_with_another_members_file_is_refused(folder: Path):
    prework = folder / "prework"
    save_prework(
        prework / file_name("王磊"), Prework(quarter="2026Q3", member="李娜", answers={"setting": "李娜's"})
    )
    with pytest.raises(OkrbookError) as info:
        path_for(prework, "王磊")
    assert info.value.key == "prework_name_clash" and "李娜" in str(info.value)


# --- messages ------------------------------------------------------------------------------------


def test_a_read_only_folder_gets_okrbooks_own_message_in_the_workbooks_language(folder: Path, monkeypatch):
    real_open = open

    def read_only(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+"):
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", read_only)
    wb = open_workbook(folder)
    with pytest.raises(OkrbookError) as info:
        wb.save()
    zh = info.value.render("zh")
    assert "Read-only" not in zh and "Errno" not in zh and "只读" in zh
    assert str(folder / "record.yaml") in zh or str(folder) in zh
    assert "read-only" in info.value.render("en")


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC, errno.ENAMETOOLONG, errno.EISDIR])
def test_os_errors_are_named_in_chinese(tmp_path: Path, code: int):
    err = files.os_error(OSError(code, os.strerror(code), str(tmp_path / "x")), tmp_path / "x")
    zh = err.render("zh")
    assert os.strerror(code) not in zh and str(tmp_path / "x") in zh


def test_the_cli_names_a_folder_it_cannot_write_in_chinese(capsys, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(
        files.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space"))
    )
    code = main(["--lang", "zh", "import", str(Path(__file__).parent / "fixtures/import/en_bom.csv"),
                 "-o", str(tmp_path / "o.yaml"), "--department", "x", "--year", "2026"])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 1 and "No space" not in err and "空间" in err and str(tmp_path / "o.yaml") in err


# --- litter --------------------------------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporaries_of_dead_writers_are_removed_on_the_next_save(folder: Path):
    stale = folder / f".record.yaml.{dead_pid()}.tmp"
    stale.write_text("half a record")
    alive = folder / f".record.yaml.{os.getppid()}.tmp"  # a live writer's is left alone
    alive.write_text("being written")
    open_workbook(folder).save()
    assert not stale.exists() and alive.exists()


# --- the journal: nothing typed is lost ----------------------------------------------------------


def test_a_cleared_answer_comes_back_from_the_journal(capsys, folder: Path):
    wb = open_workbook(folder)
    for text in ("一", "一二", "一二三", ""):
        wb.record.answers["setting"] = text
        wb.save()
    code = main(["--lang", "en", "history", str(folder)])
    out, _ = capsys.readouterr()
    assert code == 0
    revisions = [line.split()[0] for line in out.splitlines() if line[:1].isdigit()]
    assert revisions == ["1", "2", "3", "4", "5"]
    assert main(["--lang", "en", "restore", str(folder), "4"]) == 0
    capsys.readouterr()
    restored = stores.load_record(folder / "record.yaml")
    assert restored.answers["setting"] == "一二三" and restored.revision == 6
    assert main(["--lang", "en", "restore", str(folder), "5"]) == 0, "a restore can itself be undone"
    assert stores.load_record(folder / "record.yaml").answers.get("setting", "") == ""


def test_a_members_cleared_answer_comes_back(capsys, folder: Path):
    path = folder / "prework" / file_name("李娜")
    p = Prework(quarter="2026Q3", member="李娜")
    for text in ("写了很多", ""):
        p.answers["setting"] = text
        save_prework(path, p)
    assert main(["--lang", "en", "history", str(folder), "--member", "李娜 "]) == 0
    out, _ = capsys.readouterr()
    assert "1" in out and "2" in out
    assert main(["--lang", "en", "restore", str(folder), "1", "--member", "李娜"]) == 0
    assert load_prework(path).answers["setting"] == "写了很多"


def test_restore_of_a_revision_the_journal_lacks_is_one_line(capsys, folder: Path):
    code = main(["--lang", "en", "restore", str(folder), "99"])
    _, err = capsys.readouterr()
    assert code == 1
    one_line(err, "99")


def test_the_journal_is_compacted_by_age():
    from okrbook.io import journal

    day = 20_000 * 86400.0  # midnight UTC
    now = day + 10 * 86400
    hour_ago = now - 2 * 3600 - (now % 60)  # the start of a minute two hours back
    times = [
        day + 100,
        day + 200,
        day + 300,
        hour_ago + 5,
        hour_ago + 40,
        hour_ago + 70,
        now - 600,
        now - 599,
    ]
    entries = [journal.Entry.of(i + 1, t, f"text {i + 1}") for i, t in enumerate(times)]
    kept = [e.revision for e in journal.compact(entries, now)]
    # a week back: the last of the day; an hour back: the last of each minute; the last hour: all
    assert kept == [3, 5, 6, 7, 8]


def test_a_journal_larger_than_any_input_file_still_takes_every_save(folder: Path, monkeypatch):
    from okrbook.io import journal

    wb = open_workbook(folder)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 2 * len((folder / "record.yaml").read_bytes()) + 20_000)
    for i in range(40):  # found by the crash test: past the bound on inputs, every save failed
        wb.record.answers["setting"] = f"{i} " + "长" * 3000
        wb.save()
    assert journal.journal_path(folder / "record.yaml").stat().st_size > files.MAX_FILE_BYTES
    assert [e.revision for e in journal.entries(folder / "record.yaml")][-1] == wb.record.revision == 41


def test_a_damaged_journal_line_is_named_on_restore(capsys, folder: Path):
    from okrbook.io import journal

    wb = open_workbook(folder)
    wb.save()
    path = journal.journal_path(folder / "record.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace('"z": "', '"z": "!!', 1), encoding="utf-8")
    code = main(["--lang", "en", "restore", str(folder), "1"])
    _, err = capsys.readouterr()
    assert code == 1
    one_line(err, "record.yaml.journal", "revision 1")
