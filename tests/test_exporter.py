"""The minutes through nbconvert's own machinery: the okrbook exporters, with no kernel on the way."""

from __future__ import annotations

import copy
import io
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from okrbook.core.record import Lesson
from okrbook.errors import OkrbookError
from okrbook.io import stores
from okrbook.io.workbook import make_demo, open_workbook
from okrbook.minutes.compose import compose
from okrbook.minutes.export import export_minutes
from okrbook.minutes.exporter import MarkdownMinutesExporter, MinutesExporter
from tests.xss import PAYLOADS, assert_inert_html, poisoned_record, poisoned_sheet

ANSWER = "阻碍:依赖平台组的通讯录同步,Q3 一直没排上。"


@pytest.fixture
def workbook(tmp_path: Path):
    """The example department's Q3 workbook with an answer typed in."""
    wb = make_demo(tmp_path, "zh")
    wb.record.answers["obstacles"] = ANSWER
    wb.record.lessons["keep"] = [Lesson("每周看一次激活漏斗", "王磊")]
    wb.save()
    return wb


def notebook_of(workbook) -> Path:
    return workbook.folder / f"{workbook.quarter}-retro.ipynb"


def nbconvert(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbconvert", *args], cwd=cwd, capture_output=True, text=True)


def test_the_exporters_are_registered_with_nbconvert():
    from nbconvert.exporters import get_export_names, get_exporter

    names = get_export_names()
    for name in ("okrbook_minutes", "okrbook_minutes_md", "okrbook_minutes_pdf"):
        assert name in names
        assert get_exporter(name).export_from_notebook, "JupyterLab's export menu lists it"


def test_listing_the_exporters_imports_neither_pandas_nor_matplotlib():
    """Every `jupyter nbconvert` and every server's /api/nbconvert imports all exporters to list them:
    okrbook's must not make each of them pay for the composer's pandas and matplotlib."""
    probe = (
        "import sys; from nbconvert.exporters import get_export_names, get_exporter; "
        "assert 'okrbook_minutes' in get_export_names(); get_exporter('okrbook_minutes_pdf'); "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'okrbook.minutes.compose') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_exporting_imports_no_spreadsheet_reader(workbook):
    """openpyxl is for reading a lead's XLSX; an export (or a workbook opened) never pays its import."""
    probe = (
        "import sys; from pathlib import Path; from okrbook.minutes.export import export_minutes; "
        f"export_minutes(Path({str(workbook.folder)!r}), 'html'); "
        "print('openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_no_kernel_is_started_on_the_export_path(workbook, monkeypatch):
    """The sections come from the record: starting a kernel (or a notebook client) would fail here."""
    import jupyter_client
    import nbclient

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(jupyter_client.KernelManager, "start_kernel", no_kernel)
    monkeypatch.setattr(nbclient.NotebookClient, "execute", no_kernel)
    text = export_minutes(workbook.folder, "html").read_text(encoding="utf-8")
    assert ANSWER in text and "每周看一次激活漏斗" in text
    assert "Q1.3" in text and "Q3.O1.KR1" in text, "questions numbered, the KR table drawn"


def test_the_leads_own_cells_keep_their_saved_outputs_and_widgets_are_left_out(workbook):
    path = notebook_of(workbook)
    nb = nbformat.read(path, as_version=4)
    own = nbformat.v4.new_code_cell("print('渠道周报')", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="渠道周报 <b>不是标记</b>\n"),
        nbformat.v4.new_output("stream", name="stderr", text="a warning for the lead\n"),
    ])  # fmt: skip
    nb.cells.insert(6, own)
    group1 = next(c for c in nb.cells if c.get("metadata", {}).get("okrbook", {}).get("section") == "group1")
    group1.outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "x", "version_major": 2, "version_minor": 0},
        "text/plain": "SectionView(children=...)",
    })]  # fmt: skip
    nbformat.write(nb, path)
    text = export_minutes(workbook.folder, "html").read_text(encoding="utf-8")
    assert "渠道周报 &lt;b&gt;不是标记&lt;/b&gt;" in text, "a cell's text is shown as text"
    assert "a warning for the lead" not in text and "SectionView" not in text
    assert text.count('<section id="group1">') == 1


def test_a_section_whose_cell_was_deleted_is_still_in_the_minutes(workbook):
    nb = nbformat.read(notebook_of(workbook), as_version=4)
    nb.cells = [
        c for c in nb.cells if c.get("metadata", {}).get("okrbook", {}).get("section") != "whiteboard"
    ]
    text = compose(workbook, nb, "html")
    assert text.index('<section id="group2">') < text.index('<section id="whiteboard">')
    assert text.index('<section id="whiteboard">') < text.index('<section id="homework">')


def test_jupyter_nbconvert_writes_the_minutes_with_every_payload_as_text(tmp_path):
    folder = make_demo(tmp_path, "zh").folder
    wb = open_workbook(folder)
    stores.save_sheet(folder / "okrs.yaml", poisoned_sheet(copy.deepcopy(wb.sheet)))
    stores.save_record(folder / "record.yaml", poisoned_record(copy.deepcopy(wb.record)))
    done = nbconvert("--to", "okrbook_minutes", "2026Q3-retro.ipynb", cwd=folder)
    assert done.returncode == 0, done.stderr
    html = (folder / "2026Q3-retro.html").read_text(encoding="utf-8")
    visible = assert_inert_html(html)
    missing = [p for p in PAYLOADS if p.replace("\r", "\n") not in visible]
    assert not missing, f"payloads not shown as text: {missing}"
    assert "<script" not in html.lower()


def test_jupyter_nbconvert_markdown_puts_the_charts_beside_it(workbook):
    done = nbconvert("--to", "okrbook_minutes_md", notebook_of(workbook).name, cwd=workbook.folder)
    assert done.returncode == 0, done.stderr
    text = (workbook.folder / "2026Q3-retro.md").read_text(encoding="utf-8")
    charts = sorted((workbook.folder / "2026Q3-retro_files").glob("chart-*.png"))
    assert ANSWER in text and len(charts) >= 3
    assert "](2026Q3-retro_files/chart-1.png)" in text and "base64" not in text


@pytest.mark.parametrize("case", ["not_a_workbook", "broken_record"])
def test_nbconvert_says_a_users_mistake_in_one_line(tmp_path, case):
    if case == "not_a_workbook":
        folder = tmp_path / "loose"
        folder.mkdir()
        nbformat.write(nbformat.v4.new_notebook(), folder / "notes.ipynb")
        name, expected = "notes.ipynb", "record.yaml"
    else:
        folder = make_demo(tmp_path, "zh").folder
        (folder / "record.yaml").write_text("schema: okrbook.record\nschema_version: 7\n", encoding="utf-8")
        name, expected = "2026Q3-retro.ipynb", "record.yaml"
    done = nbconvert("--to", "okrbook_minutes", name, cwd=folder)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and expected in done.stderr
    assert "okrbook:" in done.stderr
    assert not list(folder.glob("*.html")), "nothing half-written"


def test_in_a_server_the_exporter_raises_okrbooks_own_error(tmp_path):
    folder = tmp_path / "loose"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    with pytest.raises(OkrbookError):
        MinutesExporter().from_notebook_node(nb, {"metadata": {"path": str(folder), "name": "x"}})


def test_markdown_exporter_hands_the_charts_to_nbconverts_writer(workbook):
    nb = nbformat.read(notebook_of(workbook), as_version=4)
    resources = {"metadata": {"path": str(workbook.folder), "name": "m"}, "output_files_dir": "m_files"}
    text, resources = MarkdownMinutesExporter().from_notebook_node(nb, resources)
    assert set(resources["outputs"]) == {
        f"m_files/chart-{i}.png" for i in range(1, len(resources["outputs"]) + 1)
    }
    assert all(data[:4] == b"\x89PNG" for data in resources["outputs"].values())
    assert "(m_files/chart-1.png)" in text


@pytest.mark.browser
def test_pdf_minutes_hold_the_answers_as_text_with_a_cjk_font(workbook):
    pypdf = pytest.importorskip("pypdf")
    out = export_minutes(workbook.folder, "pdf")
    data = out.read_bytes()
    assert data[:5] == b"%PDF-"
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    squashed = "".join(text.split())
    assert "".join(ANSWER.split())[:12] in squashed and "每周看一次激活漏斗" in squashed
    fonts = {
        str(font.get_object().get("/BaseFont"))
        for page in reader.pages
        for font in page.get("/Resources", {}).get("/Font", {}).values()
    }
    assert any(("WenQuanYi" in f or "CJK" in f or "Han" in f) for f in fonts), fonts
    for page in reader.pages:  # A4 is 595.3 × 841.9 pt; Chromium rounds to whole pixels
        assert abs(float(page.mediabox.width) - 595.3) < 2 and abs(float(page.mediabox.height) - 841.9) < 2
    assert len(reader.pages) >= 6, "each section starts a page"


def test_pdf_without_a_browser_says_how_to_install_one(workbook, monkeypatch):
    monkeypatch.setenv("OKRBOOK_CHROMIUM", str(workbook.folder / "no-such-browser"))
    monkeypatch.setenv("PATH", str(workbook.folder))
    with pytest.raises(OkrbookError) as info:
        export_minutes(workbook.folder, "pdf")
    assert info.value.key == "pdf_no_chromium"
    assert "apt-get install chromium" in info.value.render("en")
    assert not list(workbook.folder.glob("*.pdf"))
