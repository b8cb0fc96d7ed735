"""Importing OKR-tool exports: real-world files in, a valid sheet out, or an error naming row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from okrbook.errors import OkrbookError
from okrbook.io import stores
from okrbook.io.importer import import_export, read_import, rows_to_sheet, write_sheet

FIXTURES = Path(__file__).parent / "fixtures" / "import"
ZH = FIXTURES / "zh_gbk_title.csv"
EN = FIXTURES / "en_bom.csv"


def csv_file(tmp_path: Path, text: str, name: str = "export.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def kr_of(sheet, kr_id):
    return next(
        kr
        for objs in [sheet.annual, *sheet.quarters.values()]
        for o in objs
        for kr in o.key_results
        if kr.id == kr_id
    )


# --- realistic exports ---------------------------------------------------------------------------------


def test_chinese_gbk_export_with_title_row():
    sheet = import_export(ZH, department="客服部")
    assert (sheet.department, sheet.year) == ("客服部", 2026)  # the year comes from the periods
    assert [o.id for o in sheet.annual] == ["A1", "A2"]
    assert [o.kind for o in sheet.annual] == ["committed", "aspirational"]
    # a blank objective cell continues the objective above (merged cells)
    assert [kr.id for kr in sheet.annual[0].key_results] == ["A1.KR1", "A1.KR2"]
    a1kr2 = kr_of(sheet, "A1.KR2")
    assert (a1kr2.start, a1kr2.target, a1kr2.current, a1kr2.unit, a1kr2.weight) == (20, 35, 28, "%", 0.4)
    paid = kr_of(sheet, "A2.KR1")  # 1,200 and a full-width １０２０, unit column 家
    assert (paid.start, paid.target, paid.current, paid.unit, paid.weight) == (800, 1200, 1020, "家", 1.0)
    q3 = sheet.quarters["Q3"]
    assert [o.id for o in q3] == ["Q3.O1", "Q3.O2"]
    assert [kr.id for kr in q3[0].key_results] == ["Q3.KR1", "Q3.KR2", "Q3.KR3"]
    rate = kr_of(sheet, "Q3.KR1")  # ３５％ full-width
    assert (rate.target, rate.unit, rate.weight, rate.supports) == (35, "%", 0.5, ["A1.KR1"])
    cost = kr_of(sheet, "Q3.KR2")  # ￥150万 → 1,500,000 yuan, lower is better
    assert (cost.start, cost.target, cost.current, cost.unit) == (1_500_000, 1_200_000, 1_320_000, "¥")
    assert cost.lower_is_better and cost.supports == ["A1.KR2", "A2.KR1"]
    deals = kr_of(sheet, "Q3.KR3")  # 3.5万 with unit column 元
    assert (deals.target, deals.current, deals.unit) == (35_000, 21_000, "元")


def test_kr_with_no_numbers_is_imported_unmeasured():
    kr = kr_of(import_export(ZH, department="客服部"), "Q3.KR4")
    assert (kr.start, kr.target, kr.current, kr.kind) == (None, None, None, "metric")
    assert not kr.measurable  # the analysis flags it; the import does not refuse it


def test_english_utf8_bom_export_goes_to_the_quarter_given():
    sheet = import_export(EN, department="Growth", year=2026, quarter="Q3")
    assert sheet.annual == [] and list(sheet.quarters) == ["Q3"]
    grow, ship = sheet.quarters["Q3"]
    assert [kr.id for kr in grow.key_results] == ["Q3.O1.KR1", "Q3.O1.KR2", "Q3.O1.KR3"]
    revenue = grow.key_results[0]  # $80k
    assert (revenue.start, revenue.target, revenue.current, revenue.unit) == (80_000, 120_000, 95_000, "$")
    # weights 40 / 35 / 25 sum to 100: percentages
    assert [kr.weight for kr in grow.key_results] == [0.4, 0.35, 0.25]
    assert grow.key_results[2].lower_is_better
    launch, faq = ship.key_results
    assert (launch.kind, launch.done) == ("milestone", True)
    assert (faq.kind, faq.done) == ("milestone", False)  # "Done" filled and no numbers: a milestone


def objectives(sheet):
    """Every objective of the sheet, annual first: where the rows went does not matter to the test."""
    return [o for objs in [sheet.annual, *sheet.quarters.values()] for o in objs]


TODAY = dt.date(2026, 12, 1)  # the quarter that ended last: 2026Q3


@pytest.mark.parametrize(
    "today, year, where",
    [(TODAY, None, "2026Q3"), (dt.date(2026, 2, 14), None, "2025Q4"), (TODAY, 2025, "2025Q4")],
)
def test_no_period_column_goes_to_the_quarter_that_ended_last(today: dt.date, year: int | None, where: str):
    imported = read_import(EN, department="Growth", year=year, today=today)
    sheet = imported.sheet
    assert sheet.annual == [] and f"{sheet.year}{''.join(sheet.quarters)}" == where
    assert sheet.quarters[where[-2:]][0].key_results[0].id == f"{where[-2:]}.O1.KR1"
    (note,) = imported.notes  # the summary says where the rows went, and why
    assert note.render("zh") == f"没有周期的行归入 {where}(最近结束的季度,今天是 {today};可用 --quarter 指定)"
    assert f"rows with no period go to {where} (the quarter that ended last" in note.render("en")


def test_an_annual_period_keeps_blank_periods_annual():
    rows = [["周期", "目标", "关键结果"], ["", "O", "K"], ["年度", "O2", "K2"]]
    sheet = rows_to_sheet(rows, department="D", year=2026, today=TODAY)
    assert [o.title for o in sheet.annual] == ["O", "O2"] and sheet.quarters == {}


def test_generated_ids_are_stable():
    assert import_export(EN, department="G", year=2026) == import_export(EN, department="G", year=2026)


def make_xlsx(path: Path, bad_target: object = None) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active["A1"] = "本文件由 OKR 系统导出,请勿修改表头"
    ws = book.create_sheet("OKR")
    ws.append(["2026年第三季度 OKR 导出"])
    ws.merge_cells("A1:H1")
    ws.append(["季度", "目标", "关键结果", "负责人", "起始值", "目标值", "当前值", "权重"])
    ws.append(["2026年第三季度", "提升交付质量", "线上缺陷数降到 5 个以下", "王磊", 20, 5, 9, 0.6])
    ws.append([None, None, "自动化测试覆盖率", "李娜", 0.4, bad_target or 0.8, 0.65, 0.4])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    for ref in ("E4", "F4", "G4", "H3", "H4"):
        ws[ref].number_format = "0%"
    book.save(path)
    return path


def test_xlsx_picks_the_sheet_with_headers_and_reads_percent_cells(tmp_path: Path):
    sheet = import_export(make_xlsx(tmp_path / "export.xlsx"), department="研发部")
    assert sheet.year == 2026 and sheet.annual == []
    (obj,) = sheet.quarters["Q3"]
    bugs, coverage = obj.key_results
    assert (bugs.start, bugs.target, bugs.current, bugs.weight) == (20, 5, 9, 0.6)
    assert (coverage.start, coverage.target, coverage.current, coverage.unit) == (40, 80, 65, "%")
    assert coverage.weight == 0.4


def test_xlsx_error_names_the_spreadsheet_row(tmp_path: Path):
    path = make_xlsx(tmp_path / "export.xlsx", bad_target="八成")
    with pytest.raises(OkrbookError) as info:
        import_export(path, department="研发部")
    err = info.value
    assert (err.key, err.row, err.column, err.file) == ("not_number", 4, "目标值", path)


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_tab_and_semicolon_separated(tmp_path: Path, sep: str):
    text = "\n".join(
        sep.join(r) for r in [["目标", "关键结果", "目标值", "当前值"], ["提效", "交付周期", "1,200", "900"]]
    )
    sheet = import_export(csv_file(tmp_path, text), department="D", year=2026, today=TODAY)
    kr = sheet.quarters["Q3"][0].key_results[0]
    assert (kr.title, kr.target, kr.current) == ("交付周期", 1200, 900)


def test_headers_are_matched_loosely_and_carry_unit_hints():
    rows = [["\ufeff 目标：", "ＫＲ名称", "Owner:", "目标值（%）", " 当前\u3000值 ", "权重(%)", "备注"]]
    rows.append(["提效", "交付周期达标率", "王磊", "90", "70", "50", "无"])
    kr = objectives(rows_to_sheet(rows, department="D", year=2026))[0].key_results[0]
    assert (kr.title, kr.owner, kr.target, kr.current, kr.unit, kr.weight) == (
        "交付周期达标率",
        "王磊",
        90,
        70,
        "%",
        0.5,
    )


@pytest.mark.parametrize(
    "period, where, year",
    [
        ("2026Q3", "Q3", 2026),
        ("Q3", "Q3", None),
        ("2026年第三季度", "Q3", 2026),
        ("2026-Q2", "Q2", 2026),
        ("第4季度", "Q4", None),
        ("年度", "annual", None),
        ("Annual", "annual", None),
        ("2026年度", "annual", 2026),
        ("FY2026", "annual", 2026),
    ],
)
def test_period_values(period: str, where: str, year: int | None):
    rows = [["周期", "目标", "关键结果"], [period, "O", "K"]]
    sheet = rows_to_sheet(rows, department="D", year=year or 2026)
    assert (sheet.annual if where == "annual" else sheet.quarters[where])[0].key_results[0].title == "K"


def test_supports_by_id_or_title_with_chinese_separators():
    rows = [["周期", "KR ID", "目标", "关键结果", "支撑"]]
    rows += [["年度", "", "增长", "收入翻倍", ""], ["年度", "", "", "留存 90%", ""]]
    rows += [["Q3", "", "拉新", "新客 100 家", "收入翻倍；A1.KR2"]]
    sheet = rows_to_sheet(rows, department="D", year=2026)
    assert sheet.quarters["Q3"][0].key_results[0].supports == ["A1.KR1", "A1.KR2"]


def test_weights_that_do_not_sum_to_100_stay_relative():
    rows = [["目标", "关键结果", "权重"], ["O", "a", "3"], ["", "b", "2"], ["", "c", "1"]]
    assert [
        kr.weight for kr in objectives(rows_to_sheet(rows, department="D", year=2026))[0].key_results
    ] == [
        3,
        2,
        1,
    ]


def test_year_from_title_row_and_quarter_argument():
    rows = [["市场部 2025 年 OKR 导出"], ["目标", "关键结果"], ["O", "K"]]
    assert rows_to_sheet(rows, department="D").year == 2025
    assert rows_to_sheet(rows[1:], department="D", quarter="2027Q1").year == 2027


def test_row_numbers_count_spreadsheet_rows_not_text_lines(tmp_path: Path):
    text = '目标,关键结果,目标值\nO,"两行\n的 KR",10\n,K2,十\n'
    with pytest.raises(OkrbookError) as info:
        import_export(csv_file(tmp_path, text), department="D", year=2026)
    assert (info.value.row, info.value.column) == (3, "目标值")


# --- bad input: a clear error naming file, row and column ---------------------------------------------

HEADER = "周期,目标,KR ID,关键结果,起始值,目标值,当前值,权重,支撑,是否完成,类型,越低越好\n"
GOOD = "年度,提升满意度,A1.KR1,NPS,30,50,41,,,,,\n"


@pytest.mark.parametrize(
    "rows, key, row, column, zh",
    [
        ("年度,提升满意度,,NPS,30,五十,41,,,,,\n", "not_number", 2, "目标值", "“五十”不是数字"),
        (GOOD + ",,,复购率,20%,20%,25%,,,,,\n", "target_equals_start", 3, "目标值", "目标值等于起始值(20)"),
        (GOOD + ",,,复购率,20%,,25%,,,,,\n", "target_missing", 3, "目标值", "却没有目标值"),
        (GOOD + ",,A1.KR1,复购率,,35%,,,,,,\n", "import_duplicate_id", 3, "KR ID", "第 2 行已使用"),
        (GOOD + ",,,复购率,,35%,,-20%,,,,\n", "negative_weight", 3, "权重", "权重不能为负数(-20%)"),
        (GOOD + "2026Q3,拉新,,新客,,100,,,A9.KR9,,,\n", "unknown_annual_kr", 3, "支撑", "“A9.KR9”不存在"),
        (GOOD + ",,,复购率,,35%,,,A1.KR1,,,\n", "import_annual_supports", 3, "支撑", "只有季度 KR"),
        (GOOD + ",,,,20,35,,,,,,\n", "required", 3, "关键结果", "缺少必填项"),
        (",,,NPS,30,50,41,,,,,\n", "required", 2, "目标", "缺少必填项"),
        ("下半年,提升满意度,,NPS,30,50,41,,,,,\n", "import_bad_period", 2, "周期", "“下半年”不是周期"),
        (GOOD + "2025Q4,拉新,,新客,,100,,,,,,\n", "import_year_mismatch", 3, "周期", "不在 2026 年"),
        ("年度,提升满意度,,上线,,,,,,也许,,\n", "not_bool", 2, "是否完成", "“也许”应为是/否"),
        ("年度,提升满意度,,上线,,,,,,,任务,\n", "not_one_of", 2, "类型", "“任务”不是允许的取值"),
        ("年度,降成本,,工单量,100,80,90,,,,,否\n", "import_lower_is_better", 2, "越低越好", "越低越好"),
    ],
)
def test_bad_rows_name_row_and_column(tmp_path: Path, rows: str, key: str, row: int, column: str, zh: str):
    path = csv_file(tmp_path, HEADER + rows)
    with pytest.raises(OkrbookError) as info:
        import_export(path, department="D", year=2026)
    err = info.value
    assert (err.key, err.row, err.column, err.file) == (key, row, column, path)
    assert err.render("zh").startswith(f"{path}, 第 {row} 行, 列“{column}”: ") and zh in err.render("zh")
    assert f'row {row}, column "{column}"' in err.render("en")


@pytest.mark.parametrize(
    "header, missing",
    [
        ("目标,负责人,目标值", "关键结果 / KR"),
        ("Key Result,Owner,Target", "目标 / Objective"),
        ("目标,关键结果,起始值,当前值", "目标值 / Target"),
    ],
)
def test_missing_required_column(tmp_path: Path, header: str, missing: str):
    with pytest.raises(OkrbookError) as info:
        import_export(csv_file(tmp_path, f"{header}\nA,B,1,2\n"), department="D", year=2026)
    err = info.value
    assert (err.key, err.params["column"], err.row) == ("import_missing_column", missing, 1)
    assert missing in err.render("zh") and "可用的列名" in err.render("zh")
    assert "accepted headers" in err.render("en")


@pytest.mark.parametrize("text", ["", "\n\n", ",,,\n", "目标,关键结果,目标值\n", "目标,关键结果\n,,\n"])
def test_no_data_rows(tmp_path: Path, text: str):
    with pytest.raises(OkrbookError) as info:
        import_export(csv_file(tmp_path, text), department="D", year=2026)
    assert info.value.key == "import_no_rows" and info.value.render("zh").endswith("没有数据行")


def test_file_level_errors(tmp_path: Path):
    cases = {
        "import_format": tmp_path / "export.xls",
        "encoding_unknown": csv_file(tmp_path, "目标,关键结果", "utf16.csv", "utf-16"),
        "file_missing": tmp_path / "nowhere.csv",
        "xlsx_unreadable": csv_file(tmp_path, "not a zip", "broken.xlsx"),
    }
    cases["import_format"].write_bytes(b"\xd0\xcf\x11\xe0")
    for key, path in cases.items():
        with pytest.raises(OkrbookError) as info:
            import_export(path, department="D", year=2026)
        assert (info.value.key, info.value.file) == (key, path)
        assert str(path) in info.value.render("zh")


def test_department_from_the_column_or_the_option(tmp_path: Path):
    found = read_import(csv_file(tmp_path, "部门,目标,关键结果\n市场部,O,K\n"), year=2026, today=TODAY)
    assert found.sheet.department == "市场部"
    assert (
        found.notes[0].render("en")
        == 'department: 市场部 (from the column "部门"; give --department to change it)'
    )
    with pytest.raises(OkrbookError) as info:
        import_export(csv_file(tmp_path, "目标,关键结果\nO,K\n"), department="D", quarter="下半年")
    assert info.value.key == "bad_quarter"


# --- writing the result safely ------------------------------------------------------------------------


def test_round_trip_through_write_sheet(tmp_path: Path):
    for source, kwargs in [
        (ZH, {"department": "客服部"}),
        (EN, {"department": "G", "year": 2026, "quarter": "Q3"}),
    ]:
        sheet = import_export(source, **kwargs)
        out = tmp_path / f"{source.stem}.yaml"
        write_sheet(sheet, out)
        assert stores.load_sheet(out) == sheet


def test_write_sheet_refuses_to_overwrite_unless_forced(tmp_path: Path):
    out = tmp_path / "okrs.yaml"
    out.write_bytes(b"department: old\n")
    sheet = import_export(ZH, department="客服部")
    with pytest.raises(OkrbookError) as info:
        write_sheet(sheet, out)
    assert info.value.key == "output_exists" and "--force" in info.value.render("zh")
    assert out.read_bytes() == b"department: old\n"
    write_sheet(sheet, out, force=True)
    assert stores.load_sheet(out) == sheet


def test_failed_import_leaves_existing_output_byte_identical(tmp_path: Path):
    out = tmp_path / "okrs.yaml"
    write_sheet(import_export(ZH, department="客服部"), out)
    before = out.read_bytes()
    bad = csv_file(tmp_path, HEADER + GOOD + ",,A1.KR1,复购率,,35%,,,,,,\n")
    with pytest.raises(OkrbookError):
        write_sheet(import_export(bad, department="D"), out, force=True)  # as the CLI calls it
    assert out.read_bytes() == before


def test_write_sheet_reports_an_unwritable_place(tmp_path: Path):
    sheet = import_export(EN, department="G", year=2026)
    with pytest.raises(OkrbookError) as info:
        write_sheet(sheet, tmp_path / "no" / "such" / "dir" / "okrs.yaml")
    assert info.value.key == "output_unwritable"
