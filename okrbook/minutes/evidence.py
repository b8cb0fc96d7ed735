"""The evidence the meeting looks at, made ready for the minutes: tables and charts.

Kept apart from :mod:`okrbook.minutes.render`, which needs neither pandas nor
matplotlib; :mod:`okrbook.minutes.compose` draws each chart once per export.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Callable
from typing import Any

import pandas as pd
from markupsafe import Markup
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from okrbook import i18n
from okrbook.analysis import charts, tables
from okrbook.analysis.alignment import align
from okrbook.analysis.checks import check_quarter
from okrbook.analysis.projection import project_annual
from okrbook.core.numbers import format_number
from okrbook.minutes.render import MinutesData, md_escape

# Charts are flat colours: a 64-colour palette keeps them sharp at a quarter of the bytes.
PALETTE = 64


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """A chart as a compact PNG (the workbook shows it; the minutes embed it)."""
    # Drawn straight into Agg's buffer: a PNG written only to be read back cost a third of the time.
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # runs the figure's layout engine, as savefig does: nothing is cut
    size = canvas.get_width_height(physical=True)
    drawn = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    # A fast octree palette and zlib's default level: a tenth of median cut with `optimize`, and smaller.
    image = drawn.convert("RGB").quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE)
    packed = io.BytesIO()
    image.save(packed, format="PNG", compress_level=6)
    return packed.getvalue()


def figure_uri(fig: Figure, dpi: int = 100) -> str:
    """A chart as an embedded PNG (a ``data:`` URI: the minutes load nothing from outside)."""
    return "data:image/png;base64," + base64.b64encode(figure_png(fig, dpi)).decode("ascii")


def md_table(df: pd.DataFrame) -> Markup:
    """A DataFrame as a Markdown table, every cell and header escaped as user text."""

    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        return str(md_escape(format_number(value) if isinstance(value, float) else value))

    lines = ["| " + " | ".join(cell(c) for c in df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return Markup("\n".join(lines))


def html_table(df: pd.DataFrame) -> Markup:
    """A DataFrame as an HTML table through :func:`okrbook.analysis.tables.style` (every cell escaped)."""
    return Markup(tables.style(df).to_html())


def html_figure(uri: str, caption: str) -> Markup:
    return Markup('<figure><img src="{}" alt="{}"><figcaption>{}</figcaption></figure>').format(
        uri, caption, caption
    )


def md_figure(uri: str, caption: str) -> Markup:
    return Markup("![{}]({})").format(md_escape(caption), uri)


# How each minutes format writes a table and a chart: the one place that says it.
EVIDENCE_FORMATS: dict[str, tuple[Callable[[pd.DataFrame], Markup], Callable[[str, str], Markup]]] = {
    "html": (html_table, html_figure),
    "md": (md_table, md_figure),
}


def analysis_blocks(data: MinutesData, fmt: str = "html", dpi: int = 100) -> dict[str, Markup]:
    """The evidence the sections show, in ``fmt``: KR, alignment and projection tables, and the charts.

    Tables and charts (embedded PNGs) are written as :data:`EVIDENCE_FORMATS` says, in the
    format being written only: a hundred KRs' tables in the other cost a tenth of a second for
    nothing. Also fills ``data.findings`` with the microscope's findings.
    """
    record, sheet, lang, label = data.record, data.sheet, data.lang, data.quarter.label
    data.findings = check_quarter(sheet, label)
    projections = project_annual(sheet, as_of=label)
    frames = {
        "completion_table": tables.kr_table(sheet, label, record, lang),
        "alignment_table": tables.alignment_table(align(sheet, label), lang),
        "projection_table": tables.projection_table(projections, lang, record),
    }
    figures = {
        "completion_chart": charts.completion_chart(sheet, label, record, lang),
        "projection_overview": charts.attainment_chart(projections, lang),
        "projection_charts": charts.annual_kr_grid(projections, lang),
    }
    table, figure = EVIDENCE_FORMATS[fmt]
    blocks = {k: table(df) for k, df in frames.items()}
    for key, fig in figures.items():
        blocks[key] = figure(figure_uri(fig, dpi), i18n.label(f"figure_{key}", lang))
    return blocks
