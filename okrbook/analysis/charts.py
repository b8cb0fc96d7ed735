"""The workbook's charts, as matplotlib Figures the caller shows, saves or embeds.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot
state, nothing to close); saving one renders with Agg. Two rules hold for
every chart:

* Chinese must render: :func:`use_cjk_font` puts an installed CJK font first
  in ``font.sans-serif`` (matplotlib falls back to the next font for a glyph
  the CJK font lacks), and refuses clearly when none is installed rather than
  draw empty boxes.
* Printed in grey a chart still reads: series differ by line style, marker
  and hatching as well as colour, and bars carry their band or verdict word.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, PercentFormatter
from matplotlib.transforms import offset_copy

from okrbook import i18n
from okrbook.analysis.projection import AT_RISK, ON_TRACK, Projection
from okrbook.core.numbers import format_score
from okrbook.core.record import Record
from okrbook.core.scoring import GREEN_FROM, YELLOW_FROM, score_objectives
from okrbook.core.sheet import QUARTERS, KeyResult, Sheet, quarter_label
from okrbook.errors import OkrbookError

# Preferred first; the Debian package fonts-wqy-microhei provides the first one.
CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Sarasa Gothic SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "SimHei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)

# Colours differ in lightness too, and each status has its own hatch.
STATUS_STYLE = {
    "green": {"color": "#4e9a50", "hatch": ""},
    "yellow": {"color": "#f2c94c", "hatch": "//"},
    "red": {"color": "#d9534f", "hatch": "xx"},
    None: {"color": "#bbbbbb", "hatch": ".."},
}
VERDICT_BAND = {"on_track": "green", "at_risk": "yellow", "off_track": "red", None: None}
INK = "#222222"


def find_cjk_font(candidates: Iterable[str] = CJK_FONTS) -> str | None:
    """The first installed font family among ``candidates``, or None."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in candidates if name in installed), None)


def use_cjk_font(candidates: Iterable[str] = CJK_FONTS) -> str:
    """Make an installed CJK font the first sans-serif font; return its name.

    Raises :class:`OkrbookError` (``cjk_font_missing``) naming the package to install.
    """
    name = find_cjk_font(candidates)
    if name is None:
        raise OkrbookError("cjk_font_missing")
    rc = matplotlib.rcParams
    rc["font.sans-serif"] = [name, *[f for f in rc["font.sans-serif"] if f != name]]
    rc["font.family"] = ["sans-serif"]
    return name


def _text(value: str) -> str:
    """User text shown literally: a ``$`` must not switch matplotlib to mathtext, and a control
    character (a carriage return pasted into a title) is a space, not a missing glyph."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" and ch != "\n" else ch for ch in value)
    return text.replace("$", r"\$")


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def short_text(value: str, width: int = 30) -> str:
    """Cut to about ``width`` columns, counting a CJK character as two."""
    out, used = [], 0
    for ch in value:
        used += _width(ch)
        if used > width:
            return _text("".join(out)) + "…"
        out.append(ch)
    return _text(value)


def _wrap(value: str, width: int = 40) -> str:
    """Break into lines of about ``width`` columns; CJK text has no spaces to break at."""
    lines, line, used = [], "", 0
    for ch in value:
        if used + _width(ch) > width and line:
            cut = line.rfind(" ")
            tail = line[cut + 1 :]
            if cut > 0 and ch.isascii() and ch != " " and tail.isascii():  # keep a Latin word whole
                lines.append(line[:cut])
                line = line[cut + 1 :]
            else:
                lines.append(line)
                line = ""
            used = sum(_width(c) for c in line)
        line += ch
        used += _width(ch)
    return _text("\n".join([*lines, line]))


def new_figure(width: float, height: float) -> Figure:
    use_cjk_font()
    return Figure(figsize=(width, height), layout="constrained")


def set_margins(
    fig: Figure,
    margins: dict[str, float],
    gaps: tuple[float, float] = (0.0, 0.0),
    grid: tuple[int, int] = (1, 1),
) -> None:
    """Place the axes by margins and gaps in inches, the same for any number of rows.

    Charts whose parts are known in advance get a fixed layout: constrained layout measured
    every label of every bar and panel, and was most of the minutes' drawing time.
    """
    width, height = fig.get_size_inches()
    rows, columns = grid
    axes_w = (width - margins["left"] - margins["right"] - gaps[0] * (columns - 1)) / columns
    axes_h = (height - margins["top"] - margins["bottom"] - gaps[1] * (rows - 1)) / rows
    fig.subplots_adjust(
        left=margins["left"] / width,
        right=1 - margins["right"] / width,
        top=1 - margins["top"] / height,
        bottom=margins["bottom"] / height,
        wspace=gaps[0] / axes_w,
        hspace=gaps[1] / axes_h,
    )


# A bar per KR: the title above, the score axis below, each bar's label (cut to BAR_LABEL columns)
# at its left, measured once with the renderer that will draw it.
BAR_ROW = 0.4  # inches per bar
BAR_MARGINS = {"right": 0.2, "top": 0.4, "bottom": 0.55}
BAR_LABEL = 34


def bar_figure(rows: int) -> tuple[Figure, Axes]:
    """A figure of horizontal bars, one row per KR, its height following the rows."""
    use_cjk_font()
    height = BAR_MARGINS["top"] + BAR_MARGINS["bottom"] + BAR_ROW * max(1, rows)
    fig = Figure(figsize=(7.5, height))
    ax = fig.add_subplot()
    ax.set_ylim(-0.6, max(1, rows) - 0.4)
    return fig, ax


def draw_bars(ax: Axes, values: list[float], bands: list[str | None]) -> None:
    """One bar per row, coloured and hatched by band, in one call: a call per bar built a
    container and re-fitted the axes each time, a tenth of a second for a hundred KRs."""
    styles = [STATUS_STYLE[band] for band in bands]
    ax.barh(
        range(len(values)), values, edgecolor=INK, linewidth=0.8,
        color=[st["color"] for st in styles], hatch=[st["hatch"] for st in styles],
    )  # fmt: skip


def fit_bar_labels(fig: Figure, ax: Axes, labels: list[str]) -> None:
    """Write each bar's label at its left and leave exactly the room the widest needs.

    Plain texts rather than tick labels: a tick is a handful of artists, and with a hundred
    KRs drawing them was most of the chart's time.
    """
    ax.set_yticks([])
    air = 6  # points between a label and the axis
    at_left = offset_copy(ax.get_yaxis_transform(), fig, x=-air, units="points")  # x: axes, y: bars
    texts = [
        ax.text(0, i, label, transform=at_left, ha="right", va="center", fontsize=8)
        for i, label in enumerate(labels)
    ]
    renderer = FigureCanvasAgg(fig).get_renderer()
    widest = max((t.get_window_extent(renderer).width for t in texts), default=0.0)
    pad = 2 * air / 72  # inches
    set_margins(fig, {**BAR_MARGINS, "left": widest / fig.dpi + pad})


def _milestone_state(kr: KeyResult, lang: str) -> str:
    """ "里程碑 · 已完成": what a milestone is, where a metric would show its percent."""
    return f"{i18n.label('milestone', lang)} · {i18n.label('done' if kr.done else 'not_done', lang)}"


def _status_word(band: str | None, lang: str) -> str:
    return i18n.label(band or "unscored", lang)


# --- one annual KR -------------------------------------------------------------------------


def _draw_annual(ax: Axes, p: Projection, lang: str, legend: bool = True) -> None:
    kr = p.kr
    title = f"{kr.id} {short_text(kr.title, 40)}"
    status = [i18n.label(f"verdict_{p.verdict}", lang)] if p.verdict else []
    if p.volatile:
        status.append(i18n.label("volatile_mark", lang))
    ax.set_title("\n".join([title, " · ".join(status)]) if status else title, fontsize=10, loc="left")
    ax.set_xticks(range(len(QUARTERS) + 1), [i18n.label("chart_year_start", lang), *QUARTERS])
    ax.set_xlim(-0.2, len(QUARTERS) + 0.2)
    if kr.kind == "milestone" or p.current is None or p.start is None or p.target is None:
        message = "\n".join(n.message(lang) for n in p.notes) or _status_word(None, lang)
        if kr.kind == "milestone":
            message = _milestone_state(kr, lang)
        ax.text(0.5, 0.5, _wrap(message, 44), ha="center", va="center", transform=ax.transAxes, fontsize=9)
        ax.set_yticks([])
        return
    year = len(QUARTERS)
    ax.plot([0, year], [p.start, p.target], linestyle=":", color="#777777", linewidth=1.5,
            label=i18n.label("chart_plan", lang))  # fmt: skip
    ax.axhline(p.target, linestyle="-.", color=INK, linewidth=1, label=i18n.label("target", lang))
    points = [(0, p.start)] + [
        (QUARTERS.index(q) + 1, v) for q, v in sorted(kr.values.items()) if q in QUARTERS
    ]
    points = [(x, y) for x, y in points if x <= p.quarters_done]
    xs, ys = zip(*points, strict=True)
    ax.plot(
        xs,
        ys,
        linestyle="-",
        marker="o",
        color="#1f4e79",
        linewidth=2,
        label=i18n.label("chart_actual", lang),
    )
    if p.projected is not None and p.quarters_done < year:
        ax.plot([p.quarters_done, year], [p.current, p.projected], linestyle="--", marker="s",
                markerfacecolor="white", color="#c0504d", linewidth=1.5,
                label=i18n.label("chart_projection", lang))  # fmt: skip
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))  # a panel reads at a glance; each tick costs a draw
    if kr.unit:
        ax.set_ylabel(_text(kr.unit))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    if legend:
        ax.legend(fontsize=7, loc="best", framealpha=0.8)


def annual_kr_chart(projection: Projection, lang: str = "zh") -> Figure:
    """One annual KR: actual values by quarter, the plan line, the dashed projection and the target."""
    fig = new_figure(6.4, 3.6)
    _draw_annual(fig.add_subplot(), projection, lang)
    return fig


# The small multiples' panels, in inches: every panel has the same parts (a two-line title, the
# quarters below, values and a unit at the left), so a fixed layout fits them all.
PANEL = (5.0, 3.2)
PANEL_MARGINS = {"left": 0.95, "right": 0.25, "top": 0.8, "bottom": 0.45}  # around the whole grid
PANEL_GAPS = (1.15, 0.95)  # between panels: across (the next panel's values), down (its title)


def annual_kr_grid(projections: list[Projection], lang: str = "zh", columns: int = 2) -> Figure:
    """Every annual KR's chart as small multiples in one figure (for the minutes)."""
    use_cjk_font()
    n = max(1, len(projections))
    rows = -(-n // columns)
    fig = Figure(figsize=(PANEL[0] * columns, PANEL[1] * rows + PANEL_MARGINS["top"]))
    set_margins(fig, PANEL_MARGINS, PANEL_GAPS, (rows, columns))
    axes = [fig.add_subplot(rows, columns, i + 1) for i in range(len(projections))]
    for ax, p in zip(axes, projections, strict=True):
        _draw_annual(ax, p, lang, legend=False)
    # one legend for all: the series look the same in every panel
    drawn = max(axes, key=lambda ax: len(ax.get_lines()), default=None)
    if drawn is not None and drawn.get_lines():
        fig.legend(*drawn.get_legend_handles_labels(), loc="upper center", ncols=4, fontsize=8, frameon=False)
    return fig


# --- every annual KR at once ---------------------------------------------------------------


def attainment_chart(projections: list[Projection], lang: str = "zh") -> Figure:
    """Each annual KR's projected attainment as a bar, against the 80% and 100% lines."""
    fig, ax = bar_figure(len(projections))
    labels: list[str] = []
    said: list[Text] = []  # the percent and verdict beside each bar
    shown_in_order = list(reversed(projections))
    values = [p.attainment if p.attainment is not None else 0.0 for p in shown_in_order]
    draw_bars(ax, values, [VERDICT_BAND.get(p.verdict) for p in shown_in_order])
    for i, (p, value) in enumerate(zip(shown_in_order, values, strict=True)):
        word = i18n.label(f"verdict_{p.verdict}", lang) if p.verdict else _status_word(None, lang)
        if p.kr.kind == "milestone":  # done or not: a percent would say "0%" of a milestone not yet due
            shown = _milestone_state(p.kr, lang) + " ·"
        else:
            shown = "—" if p.attainment is None else f"{p.attainment:.0%}"
        mark = " *" if p.volatile else ""
        # on a white ground, above the 80% and 100% lines, so a line never runs through the words
        said.append(ax.text(
            max(value, 0) + 0.02, i, f"{shown} {word}{mark}", va="center", fontsize=8, zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
        ))  # fmt: skip
        labels.append(short_text(f"{p.kr.id} {p.kr.title}", BAR_LABEL))
    fit_bar_labels(fig, ax, labels)
    ax.axvline(ON_TRACK, color=INK, linestyle="-", linewidth=1)
    ax.axvline(AT_RISK, color=INK, linestyle="--", linewidth=1)
    ax.axvline(0, color="#999999", linewidth=0.6)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    left = min([0.0] + [p.attainment for p in projections if p.attainment is not None]) - 0.05
    ax.set_xlim(left, _room_for(said, fig, ax, left, 1.2))
    title = i18n.label("chart_attainment_title", lang)
    if any(p.volatile for p in projections):
        title += f"  (* {i18n.label('volatile_mark', lang)})"
    ax.set_title(title, fontsize=10, loc="left")
    return fig


def _room_for(texts: list[Text], fig: Figure, ax: Axes, left: float, least: float) -> float:
    """The right end of the x axis at which every text beside a bar ends inside the axes (at least ``least``).

    A label at x, w pixels wide, in axes W pixels wide, ends inside when
    (x - left) / (right - left) · W + w ≤ W: solved for ``right``, one label at a time.
    """
    renderer = FigureCanvasAgg(fig).get_renderer()
    width = ax.get_window_extent(renderer).width
    right = least
    for text in texts:
        room = width - text.get_window_extent(renderer).width - 6  # a few pixels of air
        if room > 0:
            right = max(right, left + (text.get_position()[0] - left) * width / room)
    return right


# --- the quarter ---------------------------------------------------------------------------


def completion_chart(sheet: Sheet, quarter: object, record: Record | None = None, lang: str = "zh") -> Figure:
    """Every KR's score in the quarter, grouped by objective, hatched and labelled by band."""
    label = quarter_label(quarter)
    scores = score_objectives(sheet.quarter(label), record.overrides() if record else None)
    rows = [(o, k) for o in scores for k in o.key_results]
    fig, ax = bar_figure(len(rows))
    ticks = []
    rows.reverse()  # the first KR on top
    values = [k.score if k.score is not None else 0.0 for _, k in rows]
    draw_bars(ax, values, [k.band for _, k in rows])
    for i, ((obj, k), value) in enumerate(zip(rows, values, strict=True)):
        shown = format_score(k.score)
        ax.text(value + 0.02, i, f"{shown} {_status_word(k.band, lang)}", va="center", fontsize=8)
        ticks.append(short_text(f"{obj.objective.id} · {k.kr.title}", BAR_LABEL))
    fit_bar_labels(fig, ax, ticks)
    for x, style in ((YELLOW_FROM, ":"), (GREEN_FROM, "--"), (1.0, "-")):
        ax.axvline(x, color=INK, linestyle=style, linewidth=0.8)
    ax.set_xlim(0, 1.25)
    ax.set_xlabel(i18n.label("score", lang))
    ax.set_title(i18n.label("chart_completion_title", lang).format(quarter=label), fontsize=10, loc="left")
    return fig
