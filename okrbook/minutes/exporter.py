"""The minutes as nbconvert exporters: ``jupyter nbconvert --to okrbook_minutes 2026Q3-retro.ipynb``.

Registered under the ``nbconvert.exporters`` entry point (pyproject.toml), so
nbconvert's command line, JupyterLab's File → Save and Export Notebook As
(which lists what the server's ``/api/nbconvert`` reports) and ``okrbook
export`` all go through these classes. The workbook folder is the
notebook's own folder; every section is rendered from its record in this
process (:mod:`okrbook.minutes.compose`): no kernel is started.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import nbformat
from nbconvert.exporters import Exporter

from okrbook import i18n
from okrbook.errors import OkrbookError

# nbconvert imports every registered exporter to list them (every `jupyter nbconvert`, every
# server's /api/nbconvert): the composer, with pandas and matplotlib, is imported on use only.
if TYPE_CHECKING:
    from okrbook.minutes.compose import Progress

_DATA_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


class MinutesExporter(Exporter):
    """The quarter's minutes as one self-contained HTML page: no code, no script, nothing external."""

    export_from_notebook = "okrbook minutes (HTML)"
    output_mimetype = "text/html"
    minutes_format = "html"
    chart_dpi = 100  # on screen; a printed page wants more
    # set by okrbook export to show the sections as they are rendered
    progress: Progress | None = None

    def _file_extension_default(self) -> str:
        return ".html"

    def from_notebook_node(
        self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[Any, dict[str, Any]]:
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        from okrbook.io.workbook import open_workbook
        from okrbook.minutes.compose import compose

        folder = Path(resources.get("metadata", {}).get("path") or ".")
        try:
            workbook = open_workbook(folder)
            text = compose(workbook, nb_copy, self.minutes_format, self.progress, self.chart_dpi)
        except OkrbookError as err:
            _refuse(self, err)
        resources["output_extension"] = self.file_extension
        return self.finish(text, resources), resources

    def finish(self, text: str, resources: dict[str, Any]) -> Any:
        """The page as this format writes it (text here; images as files for Markdown, bytes for PDF)."""
        return text


class MarkdownMinutesExporter(MinutesExporter):
    """The minutes in Markdown for a wiki; charts become PNG files in ``<name>_files/`` beside it."""

    export_from_notebook = "okrbook minutes (Markdown)"
    output_mimetype = "text/markdown"
    minutes_format = "md"

    def _file_extension_default(self) -> str:
        return ".md"

    def finish(self, text: str, resources: dict[str, Any]) -> str:
        folder = (
            resources.get("output_files_dir")
            or f"{resources.get('metadata', {}).get('name', 'minutes')}_files"
        )
        outputs = resources.setdefault("outputs", {})
        count = 0

        def save(match: re.Match) -> str:
            nonlocal count
            count += 1
            name = f"{folder}/chart-{count}.png"
            outputs[name] = base64.b64decode(match.group(1))
            return name

        return _DATA_PNG.sub(save, text)


class PdfMinutesExporter(MinutesExporter):
    """The HTML minutes printed to A4 by the machine's Chromium (:mod:`okrbook.minutes.pdf`)."""

    export_from_notebook = "okrbook minutes (PDF)"
    output_mimetype = "application/pdf"
    chart_dpi = 200

    def _file_extension_default(self) -> str:
        return ".pdf"

    def finish(self, text: str, resources: dict[str, Any]) -> bytes:
        from okrbook.minutes.pdf import html_to_pdf

        try:
            return html_to_pdf(text)
        except OkrbookError as err:
            _refuse(self, err)


EXPORTERS: dict[str, type[MinutesExporter]] = {
    "html": MinutesExporter,
    "md": MarkdownMinutesExporter,
    "pdf": PdfMinutesExporter,
}


def exporter_for(fmt: str, progress: Progress | None = None) -> MinutesExporter:
    exporter = EXPORTERS[fmt]()
    exporter.progress = progress
    return exporter


def _refuse(exporter: Exporter, err: OkrbookError) -> NoReturn:
    """A user's mistake, not a bug: under nbconvert's command line say it in a line and exit 1.

    Elsewhere (``okrbook export``, a Jupyter server's nbconvert handler) the
    error goes to the caller, who shows it as okrbook's own message.
    """
    from nbconvert.nbconvertapp import NbConvertApp

    if NbConvertApp.initialized():
        lang = i18n.detect_lang()
        exporter.log.error("okrbook: %s", err.render(lang))
        raise SystemExit(1)
    raise err
