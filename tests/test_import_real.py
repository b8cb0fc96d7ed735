"""A lead's own export, as it comes: no department, year or period column; progress and scores instead of
start/target/current; a refreshed export into a workbook that already holds answers (issue 11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okrbook.cli import main
from okrbook.core.record import KRReview
from okrbook.core.scoring import computed_score, progress
from okrbook.errors import OkrbookError
from okrbook.io import stores
from okrbook.io.importer import read_import, rows_to_import
from okrbook.io.workbook import new_workbook, open_workbook, refresh_sheet

TODAY = dt.date(2026, 12, 1)  # the quarter that ended last: 2026Q3
PLAIN = "目标,关键结果,负责人,权重,起始值,目标值,当前值,单位\n"
PLAIN += "提升新用户激活,7 日激活率从 30% 提升到 40%,王磊,50%,30,40,37,%\n"
PLAIN += ",上线新手引导 2.0,李娜,50%,0,1,1,\n"
PLAIN += "降低获客成本,CAC 降到 2400 元,陈晨,100%,3200,2400,2650,元\n"


def export(tmp_path: Path, text: str, name: str = "用户增长部-OKR导出.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def all_krs(sheet):
    return [kr for objs in [sheet.annual, *sheet.quarters.values()] for o in objs for kr in o.key_results]


# --- a plain export: department, year and period taken or assumed, and said -------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_plain_export_becomes_the_quarter_that_ended_last(tmp_path: Path, encoding: str):
    imported = read_import(export(tmp_path, PLAIN, encoding=encoding), today=TODAY)
    sheet = imported.sheet
    assert (sheet.department, sheet.year, list(sheet.quarters), sheet.annual) == (
        "用户增长部",
        2026,
        ["Q3"],
        [],
    )
    assert [kr.id for kr in all_krs(sheet)] == ["Q3.O1.KR1", "Q3.O1.KR2", "Q3.O2.KR1"]
    assert imported.quarters == ["Q3"]
    said = [n.render("zh") for n in imported.notes]
    assert said == [
        "部门:用户增长部(取自文件名“用户增长部-OKR导出.csv”;可用 --department 指定)",
        "没有周期的行归入 2026Q3(最近结束的季度,今天是 2026-12-01;可用 --quarter 指定)",
    ]


@pytest.mark.parametrize(
    "title, name, where, note",
    [
        ("2026年第二季度 OKR 导出", "导出.csv", "2026Q2", "取自第 1 行的标题“2026年第二季度 OKR 导出”"),
        ("", "growth-2026Q2.csv", "2026Q2", "取自文件名“growth-2026Q2.csv”"),
        ("", "客服部 2025年第四季度 OKR.csv", "2025Q4", "取自文件名“客服部 2025年第四季度 OKR.csv”"),
        ("用户增长部 2026 年度 OKR", "导出.csv", "2026", "取自第 1 行的标题"),
    ],
)
def test_the_period_from_a_title_line_or_the_file_name(
    tmp_path: Path, title: str, name: str, where: str, note: str
):
    text = (f"{title}\n" if title else "") + PLAIN
    imported = read_import(export(tmp_path, text, name), department="D", today=TODAY)
    sheet = imported.sheet
    placed = f"{sheet.year}{''.join(sheet.quarters)}" if sheet.quarters else str(sheet.year)
    assert placed == where and (not sheet.quarters) == (len(where) == 4)
    assert any(note in n.render("zh") for n in imported.notes)


def test_the_department_from_the_file_name_and_when_it_cannot_be_guessed(tmp_path: Path):
    assert read_import(export(tmp_path, PLAIN, "客服部_2026Q3_飞书OKR导出.csv")).sheet.department == "客服部"
    for name in ("导出.csv", "export (1).csv", "OKR-2026Q3.csv"):
        with pytest.raises(OkrbookError) as info:
            read_import(export(tmp_path, PLAIN, name), today=TODAY)
        assert (info.value.key, info.value.file) == ("import_needs_options", tmp_path / name)
        assert "--department" in info.value.render("zh") and "--department" in info.value.render("en")


def test_a_year_no_quarter_of_has_ended_needs_the_quarter(tmp_path: Path):
    with pytest.raises(OkrbookError) as info:
        read_import(export(tmp_path, PLAIN), year=2027, today=TODAY)
    assert info.value.key == "import_needs_options" and "--quarter" in info.value.render("en")


def test_the_current_year_is_assumed_and_said_when_rows_are_annual(tmp_path: Path):
    text = "周期,目标,关键结果\n年度,O,K\n"
    imported = read_import(export(tmp_path, text), today=TODAY)
    assert imported.sheet.year == 2026 and imported.sheet.annual
    assert imported.notes[-1].render("en") == "year: 2026 (this year; give --year to change it)"


# --- contradictions: file, row and column named, nothing written ---------------------------------------------


@pytest.mark.parametrize(
    "text, name, options, key, row, column",
    [
        ("2026年第三季度 OKR\n" + PLAIN, "x-2026Q2.csv", {}, "import_conflicts_row", None, None),
        ("2026Q3 OKR 导出\n" + PLAIN, "x.csv", {"quarter": "2026Q2"}, "import_conflicts_option", 1, None),
        ("2026 年 OKR\n" + PLAIN, "x.csv", {"year": 2025}, "import_conflicts_option", 1, None),
        (PLAIN, "x-2025Q3.csv", {"quarter": "2026Q3"}, "import_conflicts_option", None, None),
        (
            "2025Q4 OKR\n周期," + PLAIN.replace("\n", "\n2026Q1,")[:-6],
            "x.csv",
            {},
            "import_year_mismatch",
            3,
            "周期",
        ),
        ("部门,目标,关键结果\n市场部,O,K\n销售部,O2,K2\n", "x.csv", {}, "import_conflicts_row", 3, "部门"),
        (
            "部门,目标,关键结果\n市场部,O,K\n",
            "x.csv",
            {"department": "销售部"},
            "import_conflicts_option",
            2,
            "部门",
        ),
    ],
)
def test_what_the_file_and_the_options_say_must_agree(
    tmp_path: Path, text: str, name: str, options: dict, key: str, row: int | None, column: str | None
):
    path = export(tmp_path, text, name)
    out = tmp_path / "okrs.yaml"
    out.write_bytes(b"department: old\n")
    argv = ["--lang", "en", "import", str(path), "-o", str(out), "--force", "--department", "D"]
    with pytest.raises(OkrbookError) as info:
        read_import(path, **({"department": "D"} if "部门" not in text else {}), **options, today=TODAY)
    err = info.value
    assert (err.key, err.row, err.column, err.file) == (key, row, column, path)
    assert "contradicts" in err.render("en") or key == "import_year_mismatch"
    if not options and "部门" not in text:
        assert main(argv) == 1 and out.read_bytes() == b"department: old\n"


# --- progress and scores (Feishu OKR and the like) -------------------------------------------------------------

SCALED = {
    # score scale: the owner's scores as exported → as kept (0.0–1.0)
    "0–1": (["0.7", "0.35", "1"], [0.7, 0.4, 1.0]),
    "0–10": (["7", "3.5", "10"], [0.7, 0.4, 1.0]),
    "0–100": (["70", "35", "100"], [0.7, 0.4, 1.0]),
    "percent": (["70%", "35%", "100%"], [0.7, 0.4, 1.0]),
}
PROGRESS = {
    # the progress as exported → kept raw (120 % stays 1.2, −10 % stays −0.1)
    "percent": (["85%", "120%", "-10%"], [0.85, 1.2, -0.1]),
    "0–100": (["85", "120", "-10"], [0.85, 1.2, -0.1]),
    "0–1": (["0.85", "1.2", "-0.1"], [0.85, 1.2, -0.1]),
}


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("scale", list(SCALED))
@pytest.mark.parametrize("shown", list(PROGRESS))
def test_progress_and_score_columns_on_every_scale(tmp_path: Path, encoding: str, scale: str, shown: str):
    scores, kept = SCALED[scale]
    progresses, raw = PROGRESS[shown]
    lines = ["目标,关键结果,负责人,进度,自评分"]
    lines += [
        f"{'提升激活' if i == 0 else ''},KR {i},王磊,{p},{s}"
        for i, (p, s) in enumerate(zip(progresses, scores, strict=True))
    ]
    imported = read_import(export(tmp_path, "\n".join(lines) + "\n", encoding=encoding), today=TODAY)
    krs = all_krs(imported.sheet)
    assert [kr.owner_score for kr in krs] == kept
    assert [round(kr.progress, 6) for kr in krs] == raw
    assert [round(progress(kr), 6) for kr in krs] == raw  # shown raw: over-achievement and a fall visible
    assert [computed_score(kr) for kr in krs] == [0.9, 1.0, 0.0]  # scored clipped to 0.0–1.0
    assert all(kr.measurable for kr in krs)
    out = tmp_path / "okrs.yaml"
    stores.save_sheet(out, imported.sheet)
    assert stores.load_sheet(out) == imported.sheet  # progress and owner_score survive the snapshot


@pytest.mark.parametrize("header", ["Progress,Score", "完成度,得分", "完成率,评分"])
def test_progress_and_score_headers_in_both_languages(tmp_path: Path, header: str):
    text = f"Objective,Key Result,{header}\nGrow,Revenue,40%,6\n"
    (kr,) = all_krs(read_import(export(tmp_path, text, "growth.csv"), today=TODAY).sheet)
    assert (kr.progress, kr.owner_score, computed_score(kr)) == (0.4, 0.6, 0.4)


def test_a_percent_scale_named_in_the_header_wins(tmp_path: Path):
    text = "目标,关键结果,得分(百分制)\nO,a,8\n,b,9\n"  # 0–10 by the values alone
    assert [kr.owner_score for kr in all_krs(read_import(export(tmp_path, text), today=TODAY).sheet)] == [
        0.1,
        0.1,
    ]


def test_a_score_scale_named_in_the_header_wins(tmp_path: Path):
    text = "目标,关键结果,评分(10分制)\nO,a,0.8\n,b,10\n"
    assert [kr.owner_score for kr in all_krs(read_import(export(tmp_path, text), today=TODAY).sheet)] == [
        0.1,
        1.0,
    ]


@pytest.mark.parametrize(
    "scores, seen",
    [
        (["-1", "0.5"], "-1, 0.5"),
        (["150", "80"], "150, 80"),
        (["0.7", "70", "80"], "0.7, 70, 80"),  # fractions beside values above 1: no one scale
        (["0.7", "8"], "0.7, 8"),
    ],
)
def test_a_score_column_on_an_unknown_scale_names_the_column_and_the_values(
    tmp_path: Path, scores: list[str], seen: str
):
    lines = ["标题行:2026Q3 OKR", "目标,关键结果,自评分"] + [f"O,KR {i},{s}" for i, s in enumerate(scores)]
    path = export(tmp_path, "\n".join(lines) + "\n")
    out = tmp_path / "okrs.yaml"
    out.write_bytes(b"department: old\n")
    with pytest.raises(OkrbookError) as info:
        read_import(path, today=TODAY)
    err = info.value
    assert (err.key, err.file, err.row, err.column) == ("import_score_scale", path, 2, "自评分")
    assert f"看到的值:{seen}" in err.render("zh") and f"values seen: {seen}" in err.render("en")
    assert main(["import", str(path), "-o", str(out), "--force"]) == 1
    assert out.read_bytes() == b"department: old\n"


def test_a_score_beyond_a_scale_named_in_the_header(tmp_path: Path):
    path = export(tmp_path, "目标,关键结果,评分(10分制)\nO,a,12\n")
    with pytest.raises(OkrbookError) as info:
        read_import(path, today=TODAY)
    assert (info.value.key, info.value.row, info.value.column) == ("import_score_scale", 1, "评分(10分制)")


def test_an_unreadable_progress_names_its_row_and_column(tmp_path: Path):
    path = export(tmp_path, "目标,关键结果,进度\nO,a,50%\n,b,过半\n")
    with pytest.raises(OkrbookError) as info:
        read_import(path, today=TODAY)
    assert (info.value.key, info.value.row, info.value.column) == ("not_number", 3, "进度")


def test_numbers_win_over_an_exported_progress():
    rows = [["目标", "关键结果", "起始值", "目标值", "当前值", "进度"], ["O", "K", "0", "10", "5", "90%"]]
    (kr,) = all_krs(rows_to_import(rows, department="D", today=TODAY).sheet)
    assert (progress(kr), kr.progress) == (0.5, 0.9)


def test_check_shows_the_owners_score_beside_the_computed(tmp_path: Path, capsys):
    path = export(tmp_path, "目标,关键结果,进度,评分\n提升激活,激活率,85%,6\n")
    out = tmp_path / "okrs.yaml"
    assert main(["--lang", "en", "import", str(path), "-o", str(out), "--quarter", "2026Q3"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "check", str(out)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "激活率" in x)
    assert "Progress 85%" in line and "Score 0.9 (green)" in line and "Owner's score (OKR tool) 0.6" in line


# --- re-importing over a sheet, and okrbook new for a quarter it lacks ---------------------------------------------


def test_reimporting_says_what_changed(tmp_path: Path, capsys):
    out = tmp_path / "okrs.yaml"
    first = export(tmp_path, PLAIN)
    assert main(["--lang", "en", "import", str(first), "-o", str(out), "--quarter", "2026Q3"]) == 0
    said = capsys.readouterr().out
    assert "the OKRs of 2026Q3: 2 objectives, 3 KRs" in said and "next: okrbook new 2026Q3 --okrs" in said
    changed = PLAIN.replace("40,37,%", "40,38,%").replace(",上线新手引导 2.0,李娜,50%,0,1,1,\n", "")
    second = export(tmp_path, changed + ",新客留存,陈晨,,,,,\n", "用户增长部-2.csv")
    before = out.read_bytes()
    assert main(["--lang", "en", "import", str(second), "-o", str(out), "--quarter", "2026Q3"]) == 1
    assert out.read_bytes() == before  # without --force: only said what would change
    assert (
        main(["--lang", "en", "import", str(second), "-o", str(out), "--quarter", "2026Q3", "--force"]) == 0
    )
    said = capsys.readouterr().out
    assert "KRs added: 1, dropped: 1, changed: 1" in said
    assert "added Q3.O2.KR2 新客留存" in said and "dropped Q3.O1.KR2 上线新手引导 2.0" in said
    assert "changed Q3.O1.KR1: Current 37 → 38" in said


def test_merge_adds_a_quarter_to_a_sheet_and_new_then_finds_it(tmp_path: Path, capsys):
    out = tmp_path / "okrs.yaml"
    assert main(["import", str(export(tmp_path, PLAIN)), "-o", str(out), "--quarter", "2026Q3"]) == 0
    assert main(["--lang", "en", "new", "2026Q2", "--okrs", str(out), "--dir", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "it has: 2026Q3" in err and f"--quarter 2026Q2 -o {out} --merge" in err
    assert (
        main(
            [
                "import",
                str(export(tmp_path, PLAIN, "q2.csv")),
                "--quarter",
                "2026Q2",
                "-o",
                str(out),
                "--merge",
            ]
        )
        == 0
    )
    sheet = stores.load_sheet(out)
    assert list(sheet.quarters) == ["Q2", "Q3"] and sheet.department == "用户增长部"
    assert main(["new", "2026Q2", "--okrs", str(out), "--dir", str(tmp_path / "r")]) == 0


# --- a workbook folder takes a refreshed sheet ---------------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path: Path):
    """A 2026Q3 workbook from an annual-and-quarterly sheet, with answers for two KRs and a verdict."""
    text = "周期,目标,关键结果,起始值,目标值,当前值,支撑\n"
    text += "年度,更多企业用上产品,月活企业 2000 家,1200,2000,1710,\n"
    text += "2026Q3,提升新用户激活,7 日激活率 40%,30,40,37,月活企业 2000 家\n"
    text += ",,上线新手引导 2.0,,,,\n"
    text += ",降低获客成本,CAC 降到 2400 元,3200,2400,2650,\n"
    okrs = tmp_path / "okrs.yaml"
    stores.save_sheet(okrs, read_import(export(tmp_path, text), department="用户增长部", today=TODAY).sheet)
    wb, _ = new_workbook("2026Q3", okrs, tmp_path / "复盘")
    wb.record.kr_reviews["Q3.O1.KR2"] = KRReview(final_score=0.3, obstacle="引导上线晚了一个月")
    wb.record.kr_reviews["Q3.O1.KR1"] = KRReview(final_score=0.6)
    wb.record.verdicts["A1.KR1"] = "at_risk"
    wb.save()
    return wb


REFRESHED = "目标,关键结果,负责人,进度,评分\n提升新用户激活,7 日激活率 40%,王磊,80%,7\n"
REFRESHED += "降低获客成本,CAC 降到 2400 元,陈晨,60%,5\n,新客 30 日留存,陈晨,50%,5\n"


def test_a_refresh_that_drops_answered_krs_names_them_and_writes_nothing(workbook, tmp_path: Path, capsys):
    sheet_before = (workbook.folder / "okrs.yaml").read_bytes()
    record_before = workbook.record_path.read_bytes()
    path = export(tmp_path, REFRESHED, "新导出.csv")
    with pytest.raises(OkrbookError) as info:
        refresh_sheet(workbook.folder, path, today=TODAY)
    err = info.value
    assert (err.key, err.file) == ("refresh_drops_answers", workbook.record_path)
    assert "Q3.O1.KR2 “上线新手引导 2.0” (kr_reviews.Q3.O1.KR2)" in err.render("zh")
    assert main(["import", str(path), "--into", str(workbook.folder)]) == 1
    assert (workbook.folder / "okrs.yaml").read_bytes() == sheet_before
    assert workbook.record_path.read_bytes() == record_before


def test_a_forced_refresh_keeps_the_record_and_names_the_kept_answers(workbook, tmp_path: Path, capsys):
    record_before = workbook.record_path.read_bytes()
    sheet_before = (workbook.folder / "okrs.yaml").read_bytes()
    path = export(tmp_path, REFRESHED, "新导出.csv")
    assert main(["--lang", "en", "import", str(path), "--into", str(workbook.folder), "--force"]) == 0
    said = capsys.readouterr().out
    assert "record.yaml is unchanged" in said
    assert "added Q3.O2.KR2 新客 30 日留存" in said and "dropped Q3.O1.KR2 上线新手引导 2.0" in said
    assert (
        'Q3.O1.KR2 "上线新手引导 2.0" is no longer in the sheet; its answers stay in the record: kr_reviews'
        in said
    )
    assert workbook.record_path.read_bytes() == record_before  # the record is never written
    assert (workbook.folder / "okrs.yaml.bak1").read_bytes() == sheet_before  # the old snapshot kept
    reopened = open_workbook(workbook.folder)
    kr1 = reopened.sheet.quarters["Q3"][0].key_results[0]
    assert (kr1.id, kr1.progress, kr1.owner_score) == ("Q3.O1.KR1", 0.8, 0.7)
    assert [o.title for o in reopened.sheet.annual] == ["更多企业用上产品"]  # the export had none: kept
    assert reopened.record.kr_reviews["Q3.O1.KR2"].obstacle == "引导上线晚了一个月"
    assert reopened.record.verdicts == {"A1.KR1": "at_risk"}


def test_a_refresh_keeps_the_supports_and_the_answers_when_nothing_drops(workbook, tmp_path: Path):
    text = "目标,关键结果,进度,支撑\n提升新用户激活,7 日激活率 40%,80%,月活企业 2000 家\n,上线新手引导 2.0,100%,\n"
    text += "降低获客成本,CAC 降到 2400 元,60%,A1.KR1\n"
    done = refresh_sheet(workbook.folder, export(tmp_path, text, "q3.csv"), today=TODAY)
    assert done.orphans == [] and not done.diff.removed
    krs = open_workbook(workbook.folder).sheet.quarters["Q3"]
    assert [kr.supports for o in krs for kr in o.key_results] == [["A1.KR1"], [], ["A1.KR1"]]


@pytest.mark.parametrize(
    "text, key, row, column",
    [
        ("2026Q2 OKR\n" + REFRESHED, "refresh_conflict", 1, None),
        ("部门," + REFRESHED.replace("\n", "\n销售部,")[:-4], "refresh_conflict", 2, "部门"),
        ("目标,关键结果,评分\nO,K,300\n", "import_score_scale", 1, "评分"),
    ],
)
def test_a_refresh_from_an_export_of_another_quarter_or_department(
    workbook, tmp_path, text, key, row, column
):
    before = (workbook.folder / "okrs.yaml").read_bytes()
    path = export(tmp_path, text, "other.csv")
    with pytest.raises(OkrbookError) as info:
        refresh_sheet(workbook.folder, path, force=True, today=TODAY)
    err = info.value
    assert (err.key, err.row, err.column, err.file) == (key, row, column, path)
    if key != "import_score_scale":
        assert f"contradicts the workbook: {workbook.record_path} is 用户增长部's 2026Q3" in err.render("en")
    assert (workbook.folder / "okrs.yaml").read_bytes() == before


# --- the owner's exported score beside the computed one: the workbook's Q1.2 and the minutes -------------------


@pytest.fixture
def scored_workbook(tmp_path: Path):
    """A workbook made from a progress-and-score export, one KR title hostile."""
    text = "目标,关键结果,负责人,进度,自评分\n提升激活,激活率达到 40%,王磊,85%,6\n"
    text += ',"<img src=x onerror=alert(1)> | *KR*",李娜,30%,9\n'
    okrs = tmp_path / "okrs.yaml"
    stores.save_sheet(okrs, read_import(export(tmp_path, text), today=TODAY).sheet)
    workbook, _ = new_workbook("2026Q3", okrs, tmp_path / "复盘", lang="zh")
    workbook.record.kr_reviews["Q3.O1.KR1"] = KRReview(final_score=0.8)
    workbook.save()
    return workbook


def test_q12_shows_the_owners_score_beside_the_computed(scored_workbook):
    from okrbook.notebook.meeting import MeetingForms

    m = MeetingForms(open_workbook(scored_workbook.folder), delay=30.0)
    try:
        m.group1()
        facts = m.controls["kr.Q3.O1.KR1.facts"].value
        assert "进度 85%" in facts and "计算得分: 0.9" in facts and "负责人自评(OKR 工具): 0.6" in facts
        hostile = m.controls["kr.Q3.O1.KR2.facts"].value
        assert "<img" not in hostile and "&lt;img" in hostile and "负责人自评(OKR 工具): 0.9" in hostile
    finally:
        m.close()


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_minutes_show_the_owners_score_beside_the_computed_and_the_final(scored_workbook, fmt):
    from okrbook.minutes import render

    data = render.minutes_data(scored_workbook.record, scored_workbook.sheet)
    page = render.render_section("group1", data, fmt)
    assert "负责人自评(OKR 工具)" in page
    assert "<img" not in page
    if fmt == "html":
        rows = page[page.index('class="grid owner-scores"') :].split("</tr>")
        first = rows[1]
        assert "Q3.O1.KR1" in first and "<td>0.9</td><td>0.6</td>" in first and "0.8 · " in first
    else:
        line = next(x for x in page.splitlines() if x.startswith("| Q3.O1.KR1"))
        cells = [c.strip().replace("\\.", ".") for c in line.strip("|").split("|")]  # 0\.9 or 0.9
        assert cells[1:] == ["0.9", "0.6", "0.8"]


def test_a_refresh_takes_no_period_or_department_options(workbook, tmp_path: Path, capsys):
    path = export(tmp_path, REFRESHED, "新导出.csv")
    before = (workbook.folder / "okrs.yaml").read_bytes()
    assert (
        main(["--lang", "en", "import", str(path), "--into", str(workbook.folder), "--quarter", "2026Q2"])
        == 1
    )
    assert "--year, --quarter and --department do not apply" in capsys.readouterr().err
    assert (workbook.folder / "okrs.yaml").read_bytes() == before


def test_a_long_title_line_full_of_years_is_read_quickly():
    rows = [["2026 " * 20_000 + "FY2027"], ["目标", "关键结果"], ["O", "K"]]
    sheet = rows_to_import(rows, department="D", today=TODAY).sheet  # a period stated wins over a bare year
    assert sheet.year == 2027 and sheet.annual and not sheet.quarters


def xlsx(path: Path, title: str, rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_the_period_from_the_xlsx_sheets_title(tmp_path: Path):
    rows = [["目标", "关键结果", "进度"], ["O", "K", "50%"]]
    imported = read_import(xlsx(tmp_path / "客服部.xlsx", "2026年第二季度", rows), today=TODAY)
    assert (imported.sheet.department, imported.sheet.year, list(imported.sheet.quarters)) == (
        "客服部",
        2026,
        ["Q2"],
    )
    assert "没有周期的行归入 2026Q2(取自工作表名“2026年第二季度”" in imported.notes[-1].render("zh")
    with pytest.raises(OkrbookError) as info:
        read_import(xlsx(tmp_path / "客服部-2026Q3.xlsx", "2026Q2", rows), today=TODAY)
    assert info.value.key == "import_conflicts_sheet"
    assert 'contradicts the sheet\'s title "2026Q2"' in info.value.render("en")


def test_a_period_column_saying_another_quarter_than_the_title(tmp_path: Path):
    text = "2026年第三季度 OKR 导出\n周期,目标,关键结果\n年度,A,a\n2026Q3,O,K\n2026Q2,O2,K2\n"
    path = export(tmp_path, text, "x.csv")
    with pytest.raises(OkrbookError) as info:
        read_import(path, department="D", today=TODAY)
    err = info.value
    assert (err.key, err.row, err.column, err.file) == ("import_conflicts_row", 5, "周期", path)
    assert err.render("zh").endswith("“2026Q2”与第 1 行的“2026年第三季度 OKR 导出”不一致")
    # a --quarter only places the rows with no period: a period column may hold others
    sheet = read_import(
        export(tmp_path, text.split("\n", 1)[1], "y.csv"), department="D", quarter="2026Q3"
    ).sheet
    assert list(sheet.quarters) == ["Q2", "Q3"]


@pytest.mark.parametrize("name", ["用户增长部-OKR导出-2027-01-05.csv", "用户增长部 导出 2027年1月5日.csv"])
def test_the_date_an_export_was_made_is_not_its_period(tmp_path: Path, name: str):
    imported = read_import(export(tmp_path, PLAIN, name), today=dt.date(2027, 1, 5))
    sheet = imported.sheet
    assert (sheet.department, sheet.year, list(sheet.quarters)) == ("用户增长部", 2026, ["Q4"])


def test_xlsx_percent_cells_of_progress_and_a_0_to_10_score(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["目标", "关键结果", "完成度", "评分"])
    ws.append(["O", "a", 0.85, 8])
    ws.append([None, "b", 1.2, 7.5])
    for ref in ("C2", "C3"):
        ws[ref].number_format = "0%"
    book.save(tmp_path / "研发部.xlsx")
    krs = all_krs(read_import(tmp_path / "研发部.xlsx", today=TODAY).sheet)
    assert [(kr.progress, kr.owner_score, computed_score(kr)) for kr in krs] == [
        (0.85, 0.8, 0.9),
        (1.2, 0.8, 1.0),
    ]


def test_check_shows_progress_raw_and_scores_clipped(tmp_path: Path, capsys):
    path = export(tmp_path, "目标,关键结果,进度\n提升激活,超额,120%\n,倒退,-10%\n")
    out = tmp_path / "okrs.yaml"
    assert main(["import", str(path), "-o", str(out), "--quarter", "2026Q3"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "check", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Progress 120%  Score 1.0 (green)" in next(x for x in lines if "超额" in x)
    assert "Progress -10%  Score 0.0 (red)" in next(x for x in lines if "倒退" in x)


def test_pre_work_shows_the_exported_owners_score_until_the_owner_hands_in(tmp_path: Path):
    from okrbook.core.record import Record
    from okrbook.prework import members as pw
    from okrbook.prework.members import MemberScore, Prework
    from okrbook.prework.summary import summarise

    text = "目标,关键结果,负责人,进度,评分\n提升激活,激活率,王磊,50%,0.6\n,引导,李娜,20%,\n"
    sheet = read_import(export(tmp_path, text), today=TODAY).sheet
    record = Record(quarter="2026Q3", language="zh")
    rows = {r.kr.id: r for r in summarise(pw.Loaded(), record, sheet).krs}
    assert (rows["Q3.O1.KR1"].owner_score, rows["Q3.O1.KR2"].owner_score) == (0.6, None)
    handed_in = Prework(quarter="2026Q3", member="王磊", source="form")
    handed_in.scores = {"Q3.O1.KR1": MemberScore(0.3)}
    rows = {r.kr.id: r for r in summarise(pw.Loaded(members={"王磊": handed_in}), record, sheet).krs}
    assert rows["Q3.O1.KR1"].owner_score == 0.3  # written for this meeting: it wins


def test_every_missing_option_is_named_in_one_message(tmp_path: Path, capsys):
    path = export(tmp_path, PLAIN, "导出.csv")
    with pytest.raises(OkrbookError) as info:
        read_import(path, year=2027, today=TODAY)
    assert info.value.params["options"] == "--department --quarter"
    assert (
        main(["--lang", "zh", "import", str(path), "-o", str(tmp_path / "okrs.yaml"), "--year", "2027"]) == 1
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "请在命令中加上:--department --quarter" in err
    assert not (tmp_path / "okrs.yaml").exists()


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_owners_score_table_keeps_every_payload_inert(fmt):
    import copy

    from okrbook.io.workbook import example_path
    from okrbook.minutes import render
    from tests.xss import PAYLOADS, assert_inert_html, assert_inert_markdown, poisoned_sheet

    q2 = open_workbook(example_path() / "2026Q2")
    sheet = poisoned_sheet(copy.deepcopy(q2.sheet))
    krs = [kr for o in sheet.quarters["Q2"] for kr in o.key_results]
    for i, kr in enumerate(krs):
        kr.owner_score = (i % 11) / 10
    data = render.minutes_data(q2.record, sheet)
    assert len(data.owner_scores) == len(krs)
    section = render.render_section("group1", data, fmt)
    assert section.count("Q2.O1.KR1") >= 1
    if fmt == "html":
        visible = assert_inert_html(render.render_page(data, fmt, [section]))
        titles = {kr.title for kr in krs}
        assert any(p in visible for p in PAYLOADS if any(p in t for t in titles))
    else:
        assert_inert_markdown(render.render_page(data, fmt, [section]))
