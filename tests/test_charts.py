"""Charts: every one renders Chinese with no missing glyph and no font fallback warning."""

from __future__ import annotations

import io
import logging
import warnings

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from okrbook import i18n
from okrbook.analysis import charts
from okrbook.analysis.charts import (
    annual_kr_chart,
    annual_kr_grid,
    attainment_chart,
    completion_chart,
    find_cjk_font,
    use_cjk_font,
)
from okrbook.analysis.projection import project_annual
from okrbook.core.record import KRReview, Record
from okrbook.core.sheet import sheet_from_dict
from okrbook.errors import OkrbookError

RAW = {
    "department": "数据平台部",
    "year": 2026,
    "annual": {
        "objectives": [
            {
                "id": "A1",
                "title": "成为华东区客户首选的数据平台",
                "key_results": [
                    {"id": "A1.KR1", "title": "年收入达到 1200 万元($)", "target": 1200, "unit": "万元",
                     "values": {"Q1": 200, "Q2": 500}},
                    {"id": "A1.KR2", "title": "客户流失率从 10% 降到 5%", "start": 10, "target": 5, "unit": "%",
                     "values": {"Q1": 9.5}},
                    {"id": "A1.KR3", "title": "通过等保三级认证", "kind": "milestone", "done": True},
                    {"id": "A1.KR4", "title": "新客户签约数(尚无数据)", "target": 40},
                    {"id": "A1.KR5", "title": "交付周期缩短到 10 天", "start": 20, "target": 10,
                     "values": {"Q1": 21, "Q2": 23}},
                ],
            }
        ]
    },
    "quarters": {
        "Q2": {
            "objectives": [
                {
                    "id": "Q2.O1",
                    "title": "提升客户续约率",
                    "kind": "committed",
                    "key_results": [
                        {"id": "Q2.O1.KR1", "title": "续约率从 80% 提升到 90%", "start": 80, "target": 90,
                         "current": 86, "supports": ["A1.KR1"]},
                        {"id": "Q2.O1.KR2", "title": "完成客户成功体系搭建", "kind": "milestone"},
                        {"id": "Q2.O1.KR3", "title": "客户满意度明显改善"},
                    ],
                }
            ]
        }
    },
}  # fmt: skip


@pytest.fixture
def sheet():
    return sheet_from_dict(RAW)


def render(fig: Figure, caplog) -> bytes:
    """PNG bytes; fails on any missing-glyph warning or font fallback logged while drawing."""
    assert isinstance(fig, Figure)
    buf = io.BytesIO()
    with (
        caplog.at_level(logging.DEBUG, logger="matplotlib.font_manager"),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        fig.savefig(buf, format="png", dpi=60)
    glyphs = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert not glyphs, glyphs
    fallbacks = [
        r.getMessage()
        for r in caplog.records
        if "findfont" in r.getMessage() and "not found" in r.getMessage()
    ]
    assert not fallbacks, fallbacks
    data = buf.getvalue()
    assert data.startswith(b"\x89PNG")
    return data


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_renders_chinese_cleanly(sheet, caplog, lang):
    projections = project_annual(sheet)
    record = Record(quarter="2026Q2", kr_reviews={"Q2.O1.KR3": KRReview(final_score=0.4)})
    figures = [annual_kr_chart(p, lang) for p in projections]
    figures += [
        annual_kr_grid(projections, lang),
        attainment_chart(projections, lang),
        completion_chart(sheet, "2026Q2", record, lang),
        completion_chart(sheet, "Q1", None, lang),  # a quarter with no OKRs still draws
        attainment_chart([], lang),
        annual_kr_grid([], lang),
    ]
    for fig in figures:
        assert len(render(fig, caplog)) > 1000
    assert matplotlib.rcParams["font.sans-serif"][0] == find_cjk_font()


def test_the_chart_uses_the_cjk_font_for_chinese_text(sheet, caplog):
    fig = annual_kr_chart(project_annual(sheet)[0], "zh")
    render(fig, caplog)
    title = fig.axes[0].title
    names = {font_name(title)}
    assert names & set(charts.CJK_FONTS)


def font_name(text) -> str:
    return font_manager.FontProperties(fname=font_manager.findfont(text.get_fontproperties())).get_name()


def test_the_plan_actual_projection_and_target_lines_differ_by_style(sheet):
    fig = annual_kr_chart(project_annual(sheet)[0], "en")
    lines = fig.axes[0].get_lines()
    styles = {(ln.get_linestyle(), ln.get_marker()) for ln in lines}
    assert len(styles) == len(lines) == 4
    projection = [ln for ln in lines if ln.get_label() == "Projection at the current pace"][0]
    assert projection.get_linestyle() == "--"
    assert list(projection.get_ydata()) == [500, 1000]


def test_volatile_and_missing_data_are_said_on_the_chart(sheet):
    projections = project_annual(sheet)
    assert "一个季度" in annual_kr_chart(projections[1], "zh").axes[0].get_title(loc="left")
    texts = [t.get_text() for t in annual_kr_chart(projections[3], "en").axes[0].texts]
    assert any("A1.KR4" in t for t in texts)


def test_bars_are_hatched_by_status(sheet):
    fig = attainment_chart(project_annual(sheet), "en")
    hatches = {patch.get_hatch() for patch in fig.axes[0].patches}
    assert len(hatches) >= 3  # on track, off track, no data at least


def test_dollar_signs_do_not_turn_into_math(sheet):
    fig = annual_kr_chart(project_annual(sheet)[0], "zh")
    assert r"\$" in fig.axes[0].get_title(loc="left")


def test_missing_cjk_font_is_a_clear_bilingual_error():
    assert find_cjk_font(["No Such Font 123"]) is None
    with pytest.raises(OkrbookError) as err:
        use_cjk_font(["No Such Font 123"])
    assert "fonts-wqy-microhei" in err.value.render("zh")
    assert "fonts-wqy-microhei" in err.value.render("en")
    assert "中文" in err.value.render("zh")


def test_use_cjk_font_puts_the_font_first():
    name = use_cjk_font()
    assert name == "WenQuanYi Micro Hei"
    assert matplotlib.rcParams["font.sans-serif"][0] == name
    assert matplotlib.rcParams["font.sans-serif"].count(name) == 1
    use_cjk_font()
    assert matplotlib.rcParams["font.sans-serif"].count(name) == 1


def test_the_glyph_guard_itself_catches_boxes(caplog):
    fig = Figure()
    fig.add_subplot().set_title("没有中文字体")
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"], "font.family": ["sans-serif"]}):
        with pytest.raises(AssertionError, match="missing from"):
            render(fig, caplog)


def test_a_control_character_in_a_title_is_drawn_as_a_space_not_a_missing_glyph():
    from okrbook.analysis.charts import short_text

    assert short_text("渠道\r周报\t$5") == "渠道 周报 \\$5"


def outside(fig: Figure) -> list[str]:
    """The texts of a drawn figure that reach past its edge (a label cut off)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer, box = canvas.get_renderer(), fig.bbox
    texts = [t for ax in fig.axes for t in (*ax.texts, ax.title, ax._left_title, ax.xaxis.label)]
    for ax in fig.axes:  # the tick labels drawn: those within the view
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        texts += [t for t in ax.get_xticklabels() if x0 <= t.get_position()[0] <= x1]
        texts += [t for t in ax.get_yticklabels() if y0 <= t.get_position()[1] <= y1]
    cut = []
    for t in texts:
        if t.get_visible() and t.get_text():
            extent = t.get_window_extent(renderer)
            if not (box.contains(*extent.p0) and box.contains(*extent.p1)):
                cut.append(t.get_text())
    return cut


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "title", ["每周新增付费企业数从三十家提升到八十家以上并保持", "Weekly WWW MMM paid accounts up", "短"]
)
def test_the_bar_charts_leave_room_for_their_widest_label(sheet, lang, title):
    """The bar charts' layout is fixed but for the left margin, which fits the widest label at 1 and 100 rows."""
    for n in (1, 100):
        raw = {**RAW, "quarters": {"Q2": {"objectives": [{**RAW["quarters"]["Q2"]["objectives"][0], "key_results": [
            {"id": f"Q2.O1.KR{i + 1}", "title": title, "start": 0, "target": 10, "current": i % 11}
            for i in range(n)
        ]}]}}}  # fmt: skip
        many = sheet_from_dict(raw)
        fig = completion_chart(many, "2026Q2", None, lang)
        assert outside(fig) == []
        assert fig.get_size_inches()[1] == pytest.approx(0.95 + 0.4 * n)
    assert outside(attainment_chart(project_annual(sheet), lang)) == []
    assert outside(annual_kr_grid(project_annual(sheet), lang)) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_milestone_bar_says_done_or_not_and_no_line_runs_through_a_bar_label(sheet, lang):
    """A milestone is done or not: "0%" of one not yet due read as a failure. Labels sit on white, over the lines."""
    raw = {**RAW, "annual": {"objectives": [{**RAW["annual"]["objectives"][0], "key_results": [
        *RAW["annual"]["objectives"][0]["key_results"],
        {"id": "A1.KR6", "title": "上线数据安全审计", "kind": "milestone", "done": False},
    ]}]}}  # fmt: skip
    fig = attainment_chart(project_annual(sheet_from_dict(raw)), lang)
    ax = fig.axes[0]
    said = [t for t in ax.texts if t.get_bbox_patch() is not None]  # beside the bars, not the KR names
    words = [t.get_text() for t in said]
    assert len(said) == len(project_annual(sheet_from_dict(raw)))
    done, not_done = (i18n.label(k, lang) for k in ("done", "not_done"))
    milestone = i18n.label("milestone", lang)
    assert any(w.startswith(f"{milestone} · {done} ·") for w in words), words
    assert any(w.startswith(f"{milestone} · {not_done} ·") for w in words), words
    assert not any(w.startswith("0%") for w in words), words
    top = max(line.get_zorder() for line in ax.lines)
    for text in said:
        assert text.get_zorder() > top and text.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)
