"""``okrbook export``: run the workbook headless and write one minutes file.

The notebook runs with :data:`MINUTES_ENV` set, so each section cell draws
its static view from the record (see :mod:`okrbook.minutes.static_view`) instead of
widgets. The outputs are gathered in cell order into one page: code is never
shown, and only outputs okrbook rendered itself are taken as HTML: anything
else a cell prints is shown as text. The record is only read. The file is
written atomically, so a failed export leaves nothing half-written.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import nbformat
from markupsafe import Markup

from okrbook.errors import OkrbookError
from okrbook.io.files import atomic_write
from okrbook.io.workbook import Workbook, open_workbook
from okrbook.minutes.render import FORMATS, MINUTES_ENV, SECTION_MIME, minutes_data, render_page

_DATA_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")

Progress = Callable[[int, int, str], None]
MINUTES_SUFFIXES = {"html": (".html", ".htm"), "md": (".md", ".markdown")}


def find_notebook(workbook: Workbook) -> Path:
    """The workbook's retrospective notebook (``<quarter>-retro.ipynb``, else the only one)."""
    named = workbook.folder / f"{workbook.quarter}-retro.ipynb"
    if named.exists():
        return named
    found = sorted(p for p in workbook.folder.glob("*.ipynb") if "prework" not in p.name)
    if not found:
        raise OkrbookError("export_no_notebook", file=workbook.folder)
    return found[0]


def default_output(workbook: Workbook, fmt: str) -> Path:
    return workbook.folder / f"{workbook.quarter}-minutes.{fmt}"


def _cell_section(cell: nbformat.NotebookNode) -> str:
    """The section a cell belongs to, as the template marks it (``metadata.okrbook.section``)."""
    section = cell.get("metadata", {}).get("okrbook", {}).get("section")
    return str(section) if section else f"cell {cell.get('execution_count') or '?'}"


def execute(notebook: Path, fmt: str, progress: Progress | None = None) -> nbformat.NotebookNode:
    """Run the notebook in its folder with the minutes switch on; a failing cell names its section."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    nb = nbformat.read(notebook, as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    if progress is not None:
        client.on_cell_executed = lambda cell, **_: progress(
            code_cells.index(cell) + 1 if cell in code_cells else 0,
            len(code_cells),
            _cell_section(cell),
        )
    env = {**os.environ, MINUTES_ENV: fmt}
    try:
        # the kernel's own start-up chatter is not the lead's concern; failures still surface
        client.execute(env=env, stderr=subprocess.DEVNULL)
    except CellExecutionError as err:
        failed = next(
            (c for c in code_cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
            None,
        )
        section = _cell_section(failed) if failed is not None else "?"
        params = {"section": section, "cause": f"{err.ename}: {err.evalue}"}
        raise OkrbookError("export_cell_failed", params, file=notebook) from None
    except DeadKernelError as err:
        raise OkrbookError("export_cell_failed", {"section": "?", "cause": str(err)}, file=notebook) from None
    return nb


def gather(nb: nbformat.NotebookNode, fmt: str) -> list[Markup]:
    """The sections' outputs in cell order; other outputs only as text or images."""
    mime = "text/html" if fmt == "html" else "text/markdown"
    pieces: list[Markup] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SECTION_MIME in data and mime in data:
                pieces.append(Markup(data[mime]))
            elif "image/png" in data:
                uri = f"data:image/png;base64,{data['image/png'].strip()}"
                pieces.append(
                    Markup('<figure><img alt="" src="{}"></figure>').format(uri)
                    if fmt == "html"
                    else Markup("![]({})").format(uri)
                )
            elif output.get("name") == "stderr":
                continue  # warnings and the like are for the lead's screen, not the department's minutes
            elif output.get("output_type") == "stream" or "text/plain" in data:
                text = output.get("text") or data.get("text/plain", "")
                pieces.append(Markup("<pre>{}</pre>").format(text))
    return pieces


def _images_beside(text: str, out: Path) -> str:
    """Markdown for a wiki: embedded PNGs become files in ``<name>_files/`` beside it."""
    folder = out.with_name(f"{out.stem}_files")
    for stale in folder.glob("chart-*.png"):  # a longer earlier export's charts would linger
        stale.unlink()
    count = 0

    def save(match: re.Match) -> str:
        nonlocal count
        count += 1
        folder.mkdir(exist_ok=True)
        name = f"chart-{count}.png"
        (folder / name).write_bytes(base64.b64decode(match.group(1)))
        return f"{folder.name}/{name}"

    return _DATA_PNG.sub(save, text)


def export_minutes(
    folder: str | Path,
    fmt: str = "html",
    out: str | Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Run the workbook at ``folder`` headless and write its minutes; returns the file written."""
    if fmt not in FORMATS:
        raise OkrbookError("not_one_of", {"value": fmt, "allowed": ", ".join(FORMATS)}, field="format")
    workbook = open_workbook(folder)
    target = Path(out) if out is not None else default_output(workbook, fmt)
    if target.suffix.lower() not in MINUTES_SUFFIXES[fmt]:
        # never the record, the sheet or the notebook: minutes only replace minutes
        raise OkrbookError("export_output_kind", {"path": target, "suffix": MINUTES_SUFFIXES[fmt][0]})
    notebook = find_notebook(workbook)
    nb = execute(notebook, fmt, progress)
    sections = gather(nb, fmt)
    if not sections:
        raise OkrbookError("export_empty", file=notebook)
    text = render_page(minutes_data(workbook.record, workbook.sheet), fmt, sections)
    if fmt == "md":
        text = _images_beside(text, target)
    atomic_write(target, text, backups=0)
    return target
