"""Importing pre-work from an online survey's export: headers in Chinese or English, GBK or UTF-8, CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from okrbook.cli import main
from okrbook.core import method
from okrbook.errors import OkrbookError
from okrbook.io import files
from okrbook.io.workbook import new_workbook
from okrbook.prework.members import FOLDER, load_folder, load_prework
from okrbook.prework.survey import FIXED, classify, import_survey, loose

FIXTURES = Path(__file__).parent / "fixtures"
SURVEYS = FIXTURES / "prework"
SHEET = FIXTURES / "forms" / "okrs.yaml"


@pytest.fixture
def workbook(tmp_path: Path):
    wb, _ = new_workbook("2026Q3", SHEET, tmp_path, lang="zh")
    return wb


@pytest.fixture
def krs(workbook):
    return [kr for o in workbook.objectives() for kr in o.key_results]


def survey(tmp_path: Path, text: str, name: str = "survey.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def member_files(workbook) -> dict[str, bytes]:
    folder = workbook.folder / FOLDER
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".yaml"}


def test_chinese_gbk_survey_with_a_title_line(workbook):
    written = import_survey(SURVEYS / "zh_gbk.csv", workbook.folder)
    assert [m for m, _ in written] == ["王磊", "李娜"]
    wang = load_prework(workbook.folder / FOLDER / "王磊.yaml")
    assert (wang.quarter, wang.source, wang.language) == ("2026Q3", "zh_gbk.csv", "zh")
    assert set(wang.answers) == {q.id for q in method.GROUP1 + method.GROUP2}
    assert (
        wang.answers["setting"] == "KR 写成了任务"
    )  # "1. 季度OKR的设定是否有问题？": numbered question text
    assert wang.answers["obstacles"] == "依赖平台组的接口"  # "Q1.3 阻碍原因"
    assert wang.answers["annual_adjustment"] == "下调 A1.KR1"  # short name
    assert (wang.scores["Q3.KR1"].score, wang.scores["Q3.KR1"].why) == (0.7, "接近目标")
    assert wang.scores["Q3.KR2"].score == 0.4, "named by the KR's title: 得分:首月流失率从 8.5% 降到 6%"
    assert wang.topics == ["我们的客户到底是谁？", "激活率算不算目标？"]
    li = load_prework(workbook.folder / FOLDER / "李娜.yaml")
    assert li.answers == {"setting": "目标把两件事粘在一起"}, "blank answers are left out"
    assert (li.scores["Q3.KR1"].score, li.scores["Q3.KR2"].score) == (0.3, 0.6), "60% is 0.6"
    assert list(load_folder(workbook.folder / FOLDER, "2026Q3").members) == ["李娜", "王磊"]


def test_english_utf8_survey_separated_by_semicolons(workbook):
    written = import_survey(SURVEYS / "en_bom.csv", workbook.folder)
    assert [m for m, _ in written] == ["Wang Lei", "Li Na"]
    wang = load_prework(written[0][1])
    assert written[0][1].name == "Wang Lei.yaml"
    assert wang.answers["setting"] == "Two goals glued together"  # the question's English text
    assert wang.answers["completion"] == "Mostly green"  # "Q1.2"
    assert wang.answers["annual_setting"] == "Set too high"
    scores = {k: (v.score, v.why) for k, v in wang.scores.items()}
    assert scores == {
        "Q3.KR2": (0.4, "Churn fell but not enough"),  # "Q3.KR2 Score" and "Why: Q3.KR2"
        "Q3.KR1": (0.7, ""),  # "Score: 7 日激活率从 30% 提升到 40%"
        "Q3.KR4": (0.2, ""),  # "Score (Q3.KR4)"
    }
    assert wang.topics == ["Who is the customer?", "Is activation a goal?"]


def test_xlsx_survey(workbook, tmp_path: Path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["提交答卷时间", "您的姓名", "设定问题", "Q2.2", "Q3.KR3 评分", "Q3.KR4 得分", "白板议题"])
    ws.append(["2026-10-08", "赵敏", "计费 KR 是任务", "有风险", 1, 0.2, "计费要不要延期？"])
    ws.append([None, None, None, None, None, None, None])
    path = tmp_path / "问卷.xlsx"
    book.save(path)
    ((name, file),) = import_survey(path, workbook.folder)
    zhao = load_prework(file)
    assert (name, zhao.answers) == ("赵敏", {"setting": "计费 KR 是任务", "pace": "有风险"})
    assert {k: v.score for k, v in zhao.scores.items()} == {"Q3.KR3": 1.0, "Q3.KR4": 0.2}
    assert zhao.topics == ["计费要不要延期？"]


@pytest.mark.parametrize(
    "header, target",
    [
        ("姓名", "member"),
        ("Your name", "member"),
        ("季度 OKR 的设定是否有问题?", "answer:setting"),
        ("季度OKR的设定是否有问题？", "answer:setting"),
        ("Q2.4", "answer:annual_adjustment"),
        ("2.3 年度 OKR 是否设定得当？", "answer:annual_setting"),
        ("Q1.3 阻碍原因", "answer:obstacles"),
        (
            "(4) 如何通过对经验教训的反思,固化措施,确保正确的事情可以保持,错误的事情不再发生?",
            "answer:measures",
        ),
        ("Do the quarter's objectives closely support the annual ones?", "answer:support"),
        ("pace", "answer:pace"),
        ("Q3.KR1 得分", "score:Q3.KR1"),
        ("q3.kr1 score", "score:Q3.KR1"),
        ("Q3.KR1", "score:Q3.KR1"),
        ("得分:7 日激活率从 30% 提升到 40%", "score:Q3.KR1"),
        ("Score (Q3.KR5)", "score:Q3.KR5"),
        ("Q3.KR5 评分理由", "why:Q3.KR5"),
        ("Reason: Q3.KR2", "why:Q3.KR2"),
        ("白板议题", "topics"),
        ("Whiteboard topics", "topics"),
        ("提交时间", "ignore"),
        ("Timestamp", "ignore"),
        ("心情", None),
    ],
)
def test_headers(krs, header, target):
    assert classify(header, krs, "2026Q3") == target


def test_no_two_synonyms_collide():
    names = [n for q in method.GROUP1 + method.GROUP2 for n in (q.zh, q.en, q.id)]
    assert len({loose(n) for n in names}) == len(names)
    assert all(FIXED[loose(n)].startswith("answer:") for n in names)


def test_a_kr_named_in_a_header_must_be_this_quarters(krs):
    with pytest.raises(OkrbookError) as info:
        classify("Q2.KR1 得分", krs, "2026Q3")
    assert info.value.key == "survey_unknown_kr" and "Q2.KR1 得分" in info.value.render("en")


# --- bad input: a clear message, nothing written ------------------------------------------------


@pytest.mark.parametrize(
    "text, key, row, column",
    [
        ("姓名,设定问题,心情,Mood\n王磊,x,好,ok\n", "survey_unknown_columns", 1, "心情"),
        ("姓名,设定问题,Q1.1\n王磊,x,y\n", "survey_duplicate_column", 1, "Q1.1"),
        ("姓名,Q3.KR1 得分\n王磊,0.5\n李娜,1.5\n", "score_range", 3, "Q3.KR1 得分"),
        ("姓名,Q3.KR1 得分\n王磊,很好\n", "not_number", 2, "Q3.KR1 得分"),
        ("姓名,Q3.KR1 得分\n王磊,0.5\n 王磊 ,0.6\n", "survey_duplicate_member", 3, "姓名"),
        ("姓名,Q3.KR1 得分\n,0.5\n", "required", 2, "姓名"),
        ("Q1.1,Q3.KR1 得分\nx,0.5\n", "import_missing_column", None, None),
        ("姓名,Q3.KR1 得分\n", "import_no_rows", None, None),
        ("姓名,Q9.KR1 得分\n王磊,0.5\n", "survey_unknown_kr", 1, "Q9.KR1 得分"),
    ],
)
def test_bad_surveys_name_the_row_and_column_and_write_nothing(workbook, tmp_path, text, key, row, column):
    before = member_files(workbook)
    path = survey(tmp_path, text)
    with pytest.raises(OkrbookError) as info:
        import_survey(path, workbook.folder)
    err = info.value
    assert (err.key, err.row, err.column, Path(err.file)) == (key, row, column, path)
    assert member_files(workbook) == before


def test_unknown_columns_are_all_named_in_both_languages(workbook, tmp_path):
    path = survey(tmp_path, "姓名,心情,Mood\n王磊,好,ok\n")
    with pytest.raises(OkrbookError) as info:
        import_survey(path, workbook.folder)
    for lang in ("zh", "en"):
        text = info.value.render(lang)
        assert "survey.csv" in text and "“心情”" in text and "“Mood”" in text


def test_an_existing_member_file_is_kept_unless_forced(workbook, tmp_path):
    import_survey(SURVEYS / "zh_gbk.csv", workbook.folder)
    before = member_files(workbook)
    again = survey(tmp_path, "姓名,Q3.KR1 得分\n陈晨,0.5\n李娜,0.9\n")
    with pytest.raises(OkrbookError) as info:
        import_survey(again, workbook.folder)
    assert (info.value.key, info.value.row) == ("survey_member_exists", 3)
    assert "prework/李娜.yaml" in info.value.render("zh") and "--force" in info.value.render("en")
    assert member_files(workbook) == before, "not even 陈晨's file: all or nothing"
    import_survey(again, workbook.folder, force=True)
    li = load_prework(workbook.folder / FOLDER / "李娜.yaml")
    assert li.scores["Q3.KR1"].score == 0.9 and li.answers == {}
    backup = files.backup_paths(workbook.folder / FOLDER / "李娜.yaml")[0]
    assert backup.read_bytes() == before["李娜.yaml"], "the replaced file is kept as a backup"


def test_cli_imports_and_reports_errors(workbook, tmp_path, capsys):
    code = main(["--lang", "en", "prework", "import", str(SURVEYS / "en_bom.csv"), str(workbook.folder)])
    out, _ = capsys.readouterr()
    assert code == 0 and "imported the pre-work of 2 members" in out and "Wang Lei, Li Na" in out
    code = main(["prework", "import", str(SURVEYS / "en_bom.csv"), str(workbook.folder), "--lang", "zh"])
    _, err = capsys.readouterr()
    assert code == 1 and "已存在" in err and "--force" in err
    assert main(["prework", "import", str(SURVEYS / "en_bom.csv"), str(workbook.folder), "--force"]) == 0
    bad = survey(tmp_path, "姓名,心情\n王磊,好\n")
    code = main(["--lang", "en", "prework", "import", str(bad), str(workbook.folder)])
    _, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and 'column "心情"' in err
