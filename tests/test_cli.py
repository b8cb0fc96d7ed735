"""The command line: readable output, JSON for scripts, one clear line for a mistake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from okrbook import i18n
from okrbook.cli import main
from okrbook.core import method
from okrbook.io.stores import load_record, save_record


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_prints_every_objective_and_kr(capsys, small_sheet: Path):
    code, out, _ = run(capsys, "--lang", "en", "check", str(small_sheet))
    assert code == 0
    for text in ("A1", "A1.KR2", "Q3.O1", "Q3.KR1", "Q3.KR3", "Score 0.7 (green)", "Progress 70%", "valid"):
        assert text in out


def test_check_in_chinese(capsys, small_sheet: Path):
    code, out, _ = run(capsys, "check", str(small_sheet), "--lang", "zh")
    assert code == 0 and "得分 0.7 (绿)" in out and "有效" in out


def test_check_json(capsys, small_sheet: Path):
    code, out, _ = run(capsys, "check", "--json", str(small_sheet))
    assert code == 0
    data = json.loads(out)
    assert data["valid"] is True
    q3 = next(s for s in data["sections"] if s["scope"] == "Q3")
    objective = q3["objectives"][0]
    # 0.7 × 0.5 + 0.4 × 0.3 + 1.0 × 0.2
    assert (objective["id"], objective["title"], objective["score"]) == ("Q3.O1", "提升新用户激活", 0.67)
    krs = {kr["id"]: kr for kr in objective["key_results"]}
    assert krs["Q3.KR2"]["progress"] == 0.4 and krs["Q3.KR2"]["score"] == 0.4
    assert krs["Q3.KR2"]["title"] == "首月流失率从 8.5% 降到 6%"


def test_check_a_workbook_applies_the_leads_overrides(capsys, tmp_path: Path, small_sheet: Path):
    assert run(capsys, "new", "2026Q3", "--okrs", str(small_sheet), "--dir", str(tmp_path))[0] == 0
    record = tmp_path / "2026Q3" / "record.yaml"
    text = record.read_text(encoding="utf-8").replace(
        "kr_reviews: {}", "kr_reviews: {Q3.KR1: {final_score: 1.0}}"
    )
    record.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--json", str(tmp_path / "2026Q3"))
    assert code == 0
    data = json.loads(out)
    krs = {kr["id"]: kr for s in data["sections"] for o in s["objectives"] for kr in o["key_results"]}
    assert krs["Q3.KR1"]["score"] == 1.0 and krs["Q3.KR1"]["overridden"] is True
    assert [s["scope"] for s in data["sections"]] == ["annual", "Q3"]


def test_check_bad_file_names_it_and_fails(capsys, tmp_path: Path, small_sheet: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        small_sheet.read_text(encoding="utf-8").replace("target: 40", "target: 30"), encoding="utf-8"
    )
    code, out, err = run(capsys, "--lang", "en", "check", str(bad))
    assert code == 1
    assert "bad.yaml" in err and "target equals the start" in err and "Traceback" not in err
    code, out, _ = run(capsys, "check", "--json", str(bad))
    assert code == 1 and json.loads(out)["error"]["key"] == "target_equals_start"


def test_new_reports_carry_over_and_refuses_twice(capsys, tmp_path: Path, small_sheet: Path):
    code, out, _ = run(
        capsys, "--lang", "en", "new", "2026-Q3", "--okrs", str(small_sheet), "--dir", str(tmp_path)
    )
    assert code == 0 and "workbook created" in out and "no previous quarter" in out
    code, _, err = run(
        capsys, "--lang", "en", "new", "2026Q3", "--okrs", str(small_sheet), "--dir", str(tmp_path)
    )
    assert code == 1 and "already exists" in err


def test_a_first_quarter_is_in_okrbook_lang_and_a_next_keeps_the_last_ones(
    capsys, monkeypatch, tmp_path: Path, small_sheet: Path
):
    """OKRBOOK_LANG=en makes an English first workbook (not the locale, not Chinese); later quarters keep theirs."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("OKRBOOK_LANG", "en")
    assert run(capsys, "new", "2026Q3", "--okrs", str(small_sheet), "--dir", str(tmp_path))[0] == 0
    record = load_record(tmp_path / "2026Q3" / "record.yaml")
    assert record.language == "en"
    notebook = nbformat.read(next((tmp_path / "2026Q3").glob("*-retro.ipynb")), as_version=4)
    assert "Quarterly OKR retrospective" in notebook.cells[0].source
    monkeypatch.delenv("OKRBOOK_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the locale never picks a workbook's language
    assert run(capsys, "new", "2026Q3", "--okrs", str(small_sheet), "--dir", str(tmp_path / "b"))[0] == 0
    assert load_record(tmp_path / "b" / "2026Q3" / "record.yaml").language == "zh"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_commands_on_a_workbook_speak_its_language(capsys, monkeypatch, tmp_path: Path, lang: str):
    """On a machine set to the other language, export and check speak the workbook's, and never mix."""
    other = "en" if lang == "zh" else "zh"
    monkeypatch.setenv("OKRBOOK_LANG", other)
    assert run(capsys, "demo", "--no-lab", "--dir", str(tmp_path), "--lang", lang)[0] == 0
    folder = str(tmp_path / "2026Q3")
    code, out, err = run(capsys, "export", folder)
    assert code == 0
    progress = err.replace("\r", "\n").replace("\033[K", "")
    titles = [method.section_title(s, lang) for s in method.SECTION_IDS]
    assert all(f"] {t}" in progress for t in titles), progress
    assert not [s for s in method.SECTION_IDS if f"] {s}\n" in progress]  # titles, not ids
    said = {"zh": ("正在生成纪要", "纪要已写入"), "en": ("writing the minutes", "minutes written to")}
    assert said[lang][0] in progress and said[lang][1] in out
    assert said[other][0] not in progress + out and said[other][1] not in out
    code, out, _ = run(capsys, "check", folder)
    assert code == 0 and i18n.message("valid", lang) in out and i18n.message("valid", other) not in out
    if lang == "en":  # the whole report: no Chinese but the department's own words
        from tests.language import cjk_outside, department_strings

        files = [tmp_path / "okrs.yaml", *tmp_path.glob("*/record.yaml")]
        assert not cjk_outside(out, department_strings(files))
    code, out, _ = run(capsys, "history", folder)
    assert code == 0 and i18n.message("history_current", lang).strip() in out
    # --lang still wins
    code, out, _ = run(capsys, "check", folder, "--lang", other)
    assert i18n.message("valid", other) in out


def test_a_failing_cell_is_named_in_the_workbooks_language(capsys, tmp_path: Path):
    from okrbook.errors import OkrbookError, Phrase
    from okrbook.minutes.export import _cell_section

    cell = nbformat.v4.new_code_cell("1/0", execution_count=7)
    err = OkrbookError("export_cell_failed", {"section": _cell_section(cell), "cause": "boom"})
    assert "第 7 个单元格" in err.render("zh") and "cell 7" in err.render("en")
    assert "cell" not in err.render("zh")
    group2 = nbformat.v4.new_code_cell("meeting.group2()", metadata={"okrbook": {"section": "group2"}})
    assert method.section_title("group2", "zh") in OkrbookError(
        "export_cell_failed", {"section": _cell_section(group2), "cause": "x"}
    ).render("zh")
    assert isinstance(_cell_section(group2), Phrase)


def test_bad_quarter_is_a_clear_error(capsys, small_sheet: Path, tmp_path: Path):
    code, _, err = run(
        capsys, "--lang", "zh", "new", "Q3", "--okrs", str(small_sheet), "--dir", str(tmp_path)
    )
    assert code == 1 and "不是季度" in err


@pytest.mark.parametrize("lang, word", [("zh", "文件不存在"), ("en", "file not found")])
def test_console_script_prints_no_traceback(tmp_path: Path, lang: str, word: str):
    proc = subprocess.run(
        [sys.executable, "-m", "okrbook.cli", "--lang", lang, "check", str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert word in proc.stderr and "Traceback" not in proc.stderr


def test_demo_makes_the_example_workbook_and_reopens_it(capsys, tmp_path: Path):
    code, out, _ = run(capsys, "--lang", "en", "demo", "--no-lab", "--dir", str(tmp_path))
    assert code == 0 and "2026Q3-retro.ipynb" in out
    record = load_record(tmp_path / "2026Q3" / "record.yaml")
    # the example's Q2 left homework open and whiteboard questions unresolved: both carried over
    assert record.homework_review and all(h.status == "open" for h in record.homework_review)
    assert record.whiteboard and not any(w.resolved for w in record.whiteboard)
    record.answers["setting"] = "typed in the meeting"
    save_record(tmp_path / "2026Q3" / "record.yaml", record)
    # run again: the answers typed are kept
    assert run(capsys, "demo", "--no-lab", "--dir", str(tmp_path))[0] == 0
    assert load_record(tmp_path / "2026Q3" / "record.yaml").answers["setting"] == "typed in the meeting"


def test_demo_opens_jupyterlab_without_the_news_prompt_in_its_own_config(capsys, monkeypatch, tmp_path: Path):
    """The demo's JupyterLab disables the announcements plugin ("get notified about Jupyter news?")
    in a config folder of the demo's own, found before the user's, which stays untouched."""
    import okrbook.cli as cli

    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/elsewhere")
    started = []
    monkeypatch.setattr(cli.subprocess, "call", lambda command, **kw: started.append((command, kw)) or 0)
    assert run(capsys, "demo", "--dir", str(tmp_path / "demo"))[0] == 0
    [(command, kw)] = started
    assert command[1:4] == ["-m", "jupyter", "lab"] and kw["cwd"] == tmp_path / "demo" / "2026Q3"
    config = (tmp_path / "demo" / ".jupyter").resolve()
    assert kw["env"]["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(config), "/elsewhere"]
    page_config = json.loads((config / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert page_config == {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
    assert not home.exists(), "the user's own Jupyter config is not written"
    # JupyterLab reads it: its page config, built from the Jupyter config path, disables the plugin
    from jupyterlab_server.config import get_static_page_config

    monkeypatch.setenv("JUPYTER_CONFIG_PATH", kw["env"]["JUPYTER_CONFIG_PATH"])
    assert get_static_page_config()["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"]


def test_import_writes_a_sheet_that_checks(capsys, tmp_path: Path):
    export = Path(__file__).parent / "fixtures" / "import" / "zh_gbk_title.csv"
    out = tmp_path / "okrs.yaml"
    argv = ["--lang", "en", "import", str(export), "-o", str(out), "--department", "用户增长部"]
    code, said, _ = run(capsys, *argv)
    assert code == 0 and "imported" in said
    code, text, _ = run(capsys, "--lang", "en", "check", str(out))
    assert code == 0 and "1,500,000 → 1,320,000 / 1,200,000" in text
    before = out.read_bytes()
    code, _, err = run(capsys, *argv)
    assert code == 1 and "--force" in err
    assert out.read_bytes() == before


def test_check_reports_the_microscopes_findings(capsys):
    sheet = Path(__file__).parent.parent / "data" / "example" / "okrs.yaml"
    code, out, _ = run(capsys, "--lang", "en", "check", "--json", str(sheet))
    assert code == 0
    found = {(f["check"], f["id"]) for f in json.loads(out)["findings"]}
    assert {("two_goals", "Q3.O1"), ("drift", "Q3.O3"), ("no_measure", "Q3.O4.KR3")} <= found
    first = json.loads(out)["findings"][0]
    assert {"check", "message", "id", "title", "severity"} <= set(first)
    code, text, _ = run(capsys, "--lang", "zh", "check", str(sheet))
    assert "把两件事粘在了一起" in text


def test_a_folder_that_cannot_be_written_is_named_without_a_traceback(
    capsys, tmp_path: Path, small_sheet: Path
):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x", encoding="utf-8")
    code, _, err = run(
        capsys, "--lang", "en", "new", "2026Q3", "--okrs", str(small_sheet), "--dir", str(not_a_folder)
    )
    assert code == 1 and "cannot write" in err and "a-file" in err and "Traceback" not in err
    code, _, err = run(capsys, "--lang", "en", "demo", "--no-lab", "--dir", str(not_a_folder))
    assert code == 1 and "a-file" in err and "Traceback" not in err


def test_check_warns_of_record_entries_for_krs_the_sheet_lacks(capsys, tmp_path: Path, small_sheet: Path):
    assert run(capsys, "new", "2026Q3", "--okrs", str(small_sheet), "--dir", str(tmp_path))[0] == 0
    record = tmp_path / "2026Q3" / "record.yaml"
    text = record.read_text(encoding="utf-8").replace(
        "kr_reviews: {}", "kr_reviews: {ZZ.KR9: {final_score: 0.3}}"
    )
    record.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "--lang", "en", "check", "--json", str(record))
    assert code == 0
    found = [f for f in json.loads(out)["findings"] if f["check"] == "record_unknown_kr"]
    assert [(f["id"], f["scope"]) for f in found] == [("ZZ.KR9", "record")]
    assert "kr_reviews.ZZ.KR9" in found[0]["message"]


@pytest.mark.parametrize("argv", [["--help"], ["new", "--help"], ["prework", "import", "--help"]])
def test_help_is_in_one_language_each(capsys, monkeypatch, argv: list[str]):
    """``okrbook --help`` follows --lang / OKRBOOK_LANG, argparse's own words included."""
    from tests.language import CJK

    for lang in ("zh", "en"):
        monkeypatch.setenv("OKRBOOK_LANG", lang)
        with pytest.raises(SystemExit) as done:
            main(argv)
        out = capsys.readouterr().out
        assert done.value.code == 0
        if lang == "zh":
            assert out.startswith("用法:okrbook") and "选项:" in out and "显示本帮助并退出" in out
            assert "usage:" not in out and "options:" not in out and "show this help" not in out
        else:
            assert out.startswith("usage: okrbook") and not CJK.search(out.replace("云帆科技", ""))
    # --lang anywhere on the line picks the help's language over OKRBOOK_LANG
    with pytest.raises(SystemExit):
        main([*argv, "--lang", "en"])
    assert capsys.readouterr().out.startswith("usage: okrbook")


def test_argparse_errors_speak_the_chosen_language_and_argparse_is_put_back(capsys):
    import argparse

    english = argparse._
    with pytest.raises(SystemExit) as done:
        main(["--lang", "zh", "new", "2026Q3"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "okrbook new:错误:缺少以下参数:--okrs" in err and "用法:" in err
    assert argparse._ is english, "argparse's own words are English again for everyone else"
    with pytest.raises(SystemExit):
        main(["--lang", "en", "new", "2026Q3"])
    assert "the following arguments are required: --okrs" in capsys.readouterr().err
