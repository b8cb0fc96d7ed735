"""``okrbook export``: a workbook's minutes in one file, safe with any text; ``--execute`` runs it first."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from okrbook.cli import main
from okrbook.core.record import KRReview, Lesson, WhiteboardItem
from okrbook.errors import OkrbookError
from okrbook.io import stores
from okrbook.io.workbook import make_demo, open_workbook
from okrbook.minutes import render
from okrbook.minutes.export import export_minutes
from tests.browser import artifact, offline_page
from tests.xss import PAYLOADS, assert_inert_html, assert_inert_markdown, poisoned_record, poisoned_sheet

pytestmark = pytest.mark.kernel

ANSWER = "Q3 的激活目标把两件事粘在了一起,下季度拆开。"
# every section of the minutes but the header, which is the page's title
SECTIONS = tuple(s for s in render.SECTIONS if s != "header")


def meeting(root: Path, lang: str) -> Path:
    """The example department's Q3 workbook with a few answers typed in."""
    workbook = make_demo(root, lang)
    record = workbook.record
    record.answers["setting"] = ANSWER
    record.answers["pace"] = "CAC 偏离轨道。\n第二行。"
    record.kr_reviews["Q3.O1.KR1"] = KRReview(
        final_score=0.3, obstacle="依赖平台组的通讯录同步", category="dependency"
    )
    record.lessons["keep"] = [Lesson("每周看一次激活漏斗", "王磊")]
    record.whiteboard.append(WhiteboardItem(id="W9", text="我们到底服务多大的企业?", tag="customer"))
    workbook.save()
    return workbook.folder


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("export")
    return {lang: meeting(root / lang, lang) for lang in ("zh", "en")}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_export_holds_answers_tables_and_charts(workbooks, lang, fmt):
    folder = workbooks[lang]
    record_before = (folder / "record.yaml").read_bytes()
    out = export_minutes(folder, fmt)
    assert out == folder / f"2026Q3-minutes.{fmt}"
    text = out.read_text(encoding="utf-8")
    assert (folder / "record.yaml").read_bytes() == record_before, "an export never changes the record"
    heading = {"zh": "第一组", "en": "Group 1"}[lang]
    assert heading in text and "每周看一次激活漏斗" in text and "我们到底服务多大的企业" in text
    assert "依赖平台组的通讯录同步" in text
    assert "Q3.O1.KR1" in text and "A2.KR1" in text  # the KR table and the projection table
    assert "<script" not in text.lower()
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), "no external URL"
    if fmt == "html":
        assert ANSWER in text
        assert text.count("data:image/png;base64,") >= 3
        assert_inert_html(text)
    else:
        assert ANSWER in text
        images = sorted((folder / "2026Q3-minutes_files").glob("*.png"))
        assert len(images) >= 3 and all(img.read_bytes()[:4] == b"\x89PNG" for img in images)
        assert "](2026Q3-minutes_files/chart-1.png)" in text
        assert "base64" not in text


def test_html_minutes_open_offline_in_chromium(workbooks):
    out = export_minutes(workbooks["zh"], "html")
    with offline_page() as (page, attempted):
        page.goto(out.as_uri())
        for section in SECTIONS:
            assert page.locator(f"section#{section}").is_visible(), section
        assert page.get_by_text(ANSWER).is_visible()
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        assert len(widths) >= 3 and all(w > 100 for w in widths), "every chart decoded and drawn"
        page.screenshot(path=str(artifact("minutes-zh.png")), full_page=True)
    assert attempted == [], f"the minutes tried to load {attempted}"


def test_no_user_text_can_inject_into_exported_minutes(tmp_path):
    folder = make_demo(tmp_path, "zh").folder
    workbook = open_workbook(folder)
    stores.save_sheet(folder / "okrs.yaml", poisoned_sheet(copy.deepcopy(workbook.sheet)))
    stores.save_record(folder / "record.yaml", poisoned_record(copy.deepcopy(workbook.record)))
    html = export_minutes(folder, "html").read_text(encoding="utf-8")
    visible = assert_inert_html(html)
    # the file is read back with universal newlines: a typed CR shows as a line break
    missing = [p for p in PAYLOADS if p.replace("\r", "\n") not in visible]
    assert not missing, f"payloads not shown as text: {missing}"
    assert_inert_markdown(export_minutes(folder, "md").read_text(encoding="utf-8"))


def test_failing_section_names_itself_and_leaves_no_file(tmp_path, capsys):
    folder = make_demo(tmp_path, "en").folder
    notebook = folder / "2026Q3-retro.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if "meeting.group2()" in c.source)
    cell.source = "meeting.group2(); raise RuntimeError('boom')"
    nbformat.write(nb, notebook)
    code = main(["--lang", "en", "export", str(folder), "--execute"])
    err = capsys.readouterr().err
    assert code == 1 and "Group 2: how the quarter carries the year" in err and "boom" in err
    assert "Traceback" not in err
    assert not list(folder.glob("*minutes*")), "no half-written minutes"


def test_export_of_a_folder_without_notebook_or_with_a_bad_record(tmp_path):
    folder = make_demo(tmp_path, "en").folder
    (folder / "2026Q3-retro.ipynb").unlink()
    with pytest.raises(OkrbookError) as info:
        export_minutes(folder)
    assert info.value.key == "export_no_notebook"
    (folder / "record.yaml").write_text("schema: okrbook.record\nschema_version: 7\n", encoding="utf-8")
    with pytest.raises(OkrbookError) as info:
        export_minutes(folder)
    assert info.value.key == "schema_newer"
    assert not list(folder.glob("*minutes*"))


def test_failed_export_keeps_the_previous_minutes(tmp_path):
    folder = make_demo(tmp_path, "en").folder
    good = export_minutes(folder, "html")
    before = good.read_bytes()
    notebook = folder / "2026Q3-retro.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1/0"))
    nbformat.write(nb, notebook)
    with pytest.raises(OkrbookError):
        export_minutes(folder, "html", execute=True)
    assert good.read_bytes() == before


def test_export_never_writes_over_the_record_or_the_sheet(tmp_path):
    folder = make_demo(tmp_path, "en").folder
    for name in ("record.yaml", "okrs.yaml", "2026Q3-retro.ipynb"):
        before = (folder / name).read_bytes()
        with pytest.raises(OkrbookError) as info:
            export_minutes(folder, "html", folder / name)
        assert info.value.key == "export_output_kind"
        assert (folder / name).read_bytes() == before
