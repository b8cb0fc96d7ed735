"""The template runs top to bottom, headless, on the example department (starts a kernel)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from okrbook.core import method
from okrbook.io import stores
from okrbook.io.workbook import example_path, new_workbook, notebook_name
from okrbook.minutes.render import MINUTES_ENV

pytestmark = pytest.mark.kernel


def run(folder: Path, notebook: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    env = {k: v for k, v in os.environ.items() if k != MINUTES_ENV}
    client.execute(env=env)
    return nb


def outputs_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_runs_on_the_example_department(tmp_path: Path, lang: str):
    sheet = example_path() / "okrs.yaml"
    workbook, _ = new_workbook("2026Q3", sheet, tmp_path, lang=lang)
    before = workbook.record
    nb = run(workbook.folder, workbook.folder / notebook_name(workbook.quarter))

    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    text = outputs_text(nb)
    for number, section in enumerate(method.SECTIONS, start=1):
        assert f"{number}. {section.title(lang)}" in text
    widgets = [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widgets) == len(method.SECTIONS) + 1, (
        "each section cell shows its form, then the export buttons"
    )
    assert stores.load_record(workbook.record_path) == before, "running the notebook changes nothing"


def test_a_notebook_made_before_the_layers_still_opens(tmp_path):
    """Its first cell imports from the old flat modules."""
    from okrbook.io.workbook import make_demo

    folder = make_demo(tmp_path, "en").folder
    code = (
        "from okrbook.forms import open_meeting; meeting = open_meeting(); meeting.header()\n"
        "from okrbook.forms_prework import open_prework; form = open_prework()\n"
        "print(type(meeting).__name__, type(form).__name__)"
    )
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != MINUTES_ENV}
    out = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["MeetingForms", "PreworkForm"]
