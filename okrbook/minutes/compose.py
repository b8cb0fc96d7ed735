"""The minutes of a workbook, composed in the exporting process: no kernel on the way.

Every section is rendered from the record and the sheet
(:mod:`okrbook.minutes.render`); the evidence (tables, charts) is drawn here,
once per export. The notebook only says the order: a cell the template
marked as a section (``metadata.okrbook.section``) stands for that section,
and a cell the lead added keeps its saved outputs (text and images; never
its code, never HTML it printed, never a widget, which shows nothing offline).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import nbformat
from markupsafe import Markup

from okrbook.core import method
from okrbook.io.workbook import Workbook
from okrbook.minutes.evidence import analysis_blocks
from okrbook.minutes.render import MinutesData, minutes_data, render_page, render_section
from okrbook.prework.summary import summarise_folder

Progress = Callable[[int, int, str], None]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
OPEN_CELL_ID = "open-meeting"


def workbook_data(workbook: Workbook, fmt: str = "html", dpi: int = 100) -> MinutesData:
    """What every section shows: the scored quarter, the evidence in ``fmt`` and the members' pre-work."""
    data = minutes_data(workbook.record, workbook.sheet)
    data.blocks = analysis_blocks(data, fmt, dpi)
    data.prework = summarise_folder(workbook.folder, workbook.record, workbook.sheet)
    return data


def cell_section(cell: nbformat.NotebookNode) -> str | None:
    """The part of the method a cell stands for, as the template marked it; None for the lead's own."""
    section = cell.get("metadata", {}).get("okrbook", {}).get("section")
    if section:
        return str(section)
    return "open" if cell.get("id") == OPEN_CELL_ID else None


def cell_outputs(cell: nbformat.NotebookNode, fmt: str) -> list[Markup]:
    """A lead's cell in the minutes: its saved images, and its text as text."""
    pieces: list[Markup] = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if WIDGET_MIME in data or output.get("name") == "stderr":
            continue  # a widget shows nothing offline; warnings are for the lead's screen
        if "image/png" in data:
            uri = f"data:image/png;base64,{str(data['image/png']).strip()}"
            pieces.append(
                Markup('<figure><img alt="" src="{}"></figure>').format(uri)
                if fmt == "html"
                else Markup("![]({})").format(uri)
            )
        elif output.get("output_type") == "stream" or "text/plain" in data:
            text = output.get("text") or data.get("text/plain", "")
            pieces.append(Markup("<pre>{}</pre>").format("".join(text) if isinstance(text, list) else text))
    return pieces


def _parts(section: str) -> Iterable[str]:
    """The meeting header is followed by the summary a reader takes in at a glance."""
    return (section, "summary") if section == "header" else (section,)


def compose(
    workbook: Workbook,
    nb: nbformat.NotebookNode | None,
    fmt: str,
    progress: Progress | None = None,
    dpi: int = 100,
) -> str:
    """The whole minutes file: each section once, in the notebook's order, the lead's cells between.

    A section the notebook lacks comes right after the one before it in the agenda.
    """
    data = workbook_data(workbook, fmt, dpi)
    cells = [c for c in (nb.cells if nb is not None else []) if c.cell_type == "code"]
    order: list[str | nbformat.NotebookNode] = []
    for cell in cells:
        section = cell_section(cell)
        if section is None:
            order.append(cell)
        elif section in method.SECTION_IDS and section not in order:
            order.append(section)
    for i, section in enumerate(method.SECTION_IDS):  # a section whose cell was deleted still counts
        if section not in order:
            before = [s for s in method.SECTION_IDS[:i] if s in order]
            order.insert(order.index(before[-1]) + 1 if before else 0, section)
    total = sum(isinstance(x, str) for x in order)
    pieces: list[Markup] = []
    done = 0
    for item in order:
        if isinstance(item, str):
            separator = "\n" if fmt == "html" else "\n\n"
            pieces.append(Markup(separator.join(render_section(p, data, fmt) for p in _parts(item))))
            done += 1
            if progress is not None:
                progress(done, total, item)
        else:
            pieces.extend(cell_outputs(item, fmt))
    return render_page(data, fmt, pieces)
