"""``okrbook export``: a workbook's minutes in one file, through the okrbook nbconvert exporters.

The sections are rendered from the record in this process
(:mod:`okrbook.minutes.exporter`); the notebook gives their order and the
saved outputs of the cells the lead added. ``execute=True`` (``okrbook export
--execute``) first runs the notebook headless, for a lead whose own cells have
no saved outputs; the section cells draw nothing then (``OKRBOOK_MINUTES``).
The record is only read. The file is written atomically, so a failed export
leaves nothing half-written, and only ever over minutes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nbformat

from okrbook import i18n
from okrbook.core import method
from okrbook.errors import OkrbookError, Phrase
from okrbook.io.files import atomic_write
from okrbook.io.workbook import Workbook, open_workbook
from okrbook.minutes.compose import Progress, cell_section
from okrbook.minutes.exporter import exporter_for
from okrbook.minutes.render import MINUTES_ENV

MINUTES_SUFFIXES = {"html": (".html", ".htm"), "md": (".md", ".markdown"), "pdf": (".pdf",)}
FORMATS = tuple(MINUTES_SUFFIXES)


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


def _cell_section(cell: nbformat.NotebookNode) -> Phrase:
    """The section a failing cell belongs to, or which cell it is, in the reader's language."""
    section = cell_section(cell)
    if section in method.SECTION_IDS:
        return Phrase(lambda lang: method.section_title(section, lang))
    if section in ("open", "export"):  # the cell that opens the meeting, the export buttons
        return Phrase(lambda lang: i18n.label(f"export_part_{section}", lang))
    count = cell.get("execution_count") or "?"
    return Phrase(lambda lang: i18n.label("export_part_cell", lang, n=count))


def read_notebook(notebook: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(notebook, as_version=4)
    except (OSError, ValueError) as err:  # nbformat's errors are ValueErrors: not JSON, not a notebook
        raise OkrbookError("file_unreadable", {"reason": str(err).splitlines()[0]}, file=notebook) from None


def run(notebook: Path) -> nbformat.NotebookNode:
    """Run the notebook in its folder with the minutes switch on; a failing cell names its section."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    nb = read_notebook(notebook)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    env = {**os.environ, MINUTES_ENV: "headless"}
    try:
        # the kernel's own start-up chatter is not the lead's concern; failures still surface
        client.execute(env=env, stderr=subprocess.DEVNULL)
    except CellExecutionError as err:
        failed = next(
            (c for c in code_cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
            None,
        )
        section = _cell_section(failed) if failed is not None else Phrase(lambda lang: "?")
        params = {"section": section, "cause": f"{err.ename}: {err.evalue}"}
        raise OkrbookError("export_cell_failed", params, file=notebook) from None
    except DeadKernelError as err:
        raise OkrbookError("export_cell_failed", {"section": "?", "cause": str(err)}, file=notebook) from None
    return nb


def export_minutes(
    folder: str | Path,
    fmt: str = "html",
    out: str | Path | None = None,
    progress: Progress | None = None,
    *,
    execute: bool = False,
) -> Path:
    """Write the minutes of the workbook at ``folder``; returns the file written."""
    if fmt not in FORMATS:
        raise OkrbookError("not_one_of", {"value": fmt, "allowed": ", ".join(FORMATS)}, field="format")
    workbook = open_workbook(folder)
    target = Path(out) if out is not None else default_output(workbook, fmt)
    if target.suffix.lower() not in MINUTES_SUFFIXES[fmt]:
        # never the record, the sheet or the notebook: minutes only replace minutes
        raise OkrbookError("export_output_kind", {"path": target, "suffix": MINUTES_SUFFIXES[fmt][0]})
    notebook = find_notebook(workbook)
    nb = run(notebook) if execute else read_notebook(notebook)
    files_dir = f"{target.stem}_files"
    resources = {
        "metadata": {"path": str(workbook.folder), "name": target.stem},
        "output_files_dir": files_dir,
    }
    body, resources = exporter_for(fmt, progress).from_notebook_node(nb, resources)
    if fmt == "md":
        for stale in (target.parent / files_dir).glob("chart-*.png"):  # a longer earlier export's charts
            stale.unlink()
        for name, data in resources.get("outputs", {}).items():
            (target.parent / name).parent.mkdir(exist_ok=True)
            atomic_write(target.parent / name, data, backups=0)
    atomic_write(target, body, backups=0)
    return target
