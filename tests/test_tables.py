"""Tables: content, bilingual labels, and HTML that carries no tag from user text."""

from __future__ import annotations

import re
from html import escape as html_escape

import pandas as pd
import pytest

from okrbook.analysis.alignment import align
from okrbook.analysis.checks import check_quarter
from okrbook.analysis.projection import project_annual
from okrbook.analysis.tables import (
    alignment_table,
    department_summary,
    findings_table,
    kr_table,
    objective_summary,
    objective_table,
    projection_table,
    share_table,
    style,
)
from okrbook.core.record import KRReview, Record
from okrbook.core.scoring import score_objective
from okrbook.core.sheet import sheet_from_dict

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def raw_sheet(title: str = "提升客户续约", owner: str = "王芳", annual_id: str = "A1.KR1") -> dict:
    return {
        "department": "数据平台部",
        "year": 2026,
        "annual": {
            "objectives": [
                {
                    "id": "A1",
                    "title": f"成为客户首选 {title}",
                    "key_results": [
                        {"id": annual_id, "title": f"年收入 {title}", "target": 1200, "values": {"Q1": 200}},
                        {"id": "A1.KR2", "title": "流失率降到 5%", "start": 10, "target": 5, "values": {}},
                    ],
                }
            ]
        },
        "quarters": {
            "Q1": {
                "objectives": [
                    {
                        "id": "Q1.O1",
                        "title": title,
                        "kind": "committed",
                        "owner": owner,
                        "key_results": [
                            {
                                "id": "Q1.O1.KR1",
                                "title": f"续约率 {title}",
                                "owner": owner,
                                "start": 80,
                                "target": 90,
                                "current": 87,
                                "unit": "%",
                                "weight": 0.5,
                                "supports": [annual_id],
                            },
                            {
                                "id": "Q1.O1.KR2",
                                "title": "通过等保认证",
                                "kind": "milestone",
                                "weight": 0.5,
                                "owner": owner,
                                "done": True,
                            },
                        ],
                    },
                    {
                        "id": "Q1.O2",
                        "title": "打造高效团队",
                        "key_results": [
                            {"id": "Q1.O2.KR1", "title": "交付周期从 20 天缩短到 10 天", "start": 20, "target": 10,
                             "current": 17},
                            {"id": "Q1.O2.KR2", "title": "团队氛围改善"},
                        ],
                    },
                ]
            }
        },
    }  # fmt: skip


@pytest.fixture
def sheet():
    return sheet_from_dict(raw_sheet())


def test_kr_table_content(sheet):
    df = kr_table(sheet, "Q1", lang="zh")
    assert list(df.columns) == [
        "编号", "目标", "关键结果", "负责人", "起始值", "目标值", "当前值", "单位", "进度", "得分", "评级", "已调整",
    ]  # fmt: skip
    assert list(df["编号"]) == ["Q1.O1.KR1", "Q1.O1.KR2", "Q1.O2.KR1", "Q1.O2.KR2"]
    first = df.iloc[0]
    assert first["进度"] == pytest.approx(0.7) and first["得分"] == 0.7 and first["评级"] == "绿"
    assert df.iloc[1]["单位"] == "里程碑 · 已完成" and df.iloc[1]["得分"] == 1.0
    assert df.iloc[2]["进度"] == pytest.approx(0.3) and df.iloc[2]["评级"] == "红"
    assert pd.isna(df.iloc[3]["得分"]) and df.iloc[3]["评级"] == "未评分"


def test_kr_table_uses_the_records_final_scores(sheet):
    record = Record(quarter="2026Q1", kr_reviews={"Q1.O2.KR1": KRReview(final_score=0.5)})
    df = kr_table(sheet, "2026Q1", record, lang="en")
    row = df[df["ID"] == "Q1.O2.KR1"].iloc[0]
    assert row["Score"] == 0.5 and row["Band"] == "yellow" and row["overridden"] == "✓"
    assert df[df["ID"] == "Q1.O1.KR1"].iloc[0]["overridden"] == ""


def test_objective_table_and_summary(sheet):
    df = objective_table(sheet, "Q1", lang="en")
    assert list(df["ID"]) == ["Q1.O1", "Q1.O2"]
    o1, o2 = df.iloc[0], df.iloc[1]
    assert o1["Score"] == 0.85 and o1["Kind"] == "committed"
    assert o1["Judgement"] == "commitment missed: look at why"
    assert o1["Summary"] == "2 KRs: 2 green, 0 yellow, 0 red"
    assert (
        o2["Summary"]
        == "2 KRs: 0 green, 0 yellow, 1 red, 1 unscored; weakest: 交付周期从 20 天缩短到 10 天 (0.3)"
    )
    zh = objective_table(sheet, "Q1", lang="zh").iloc[1]["小结"]
    assert zh == "2 个 KR:绿 0、黄 0、红 1,1 个未评分;最弱:交付周期从 20 天缩短到 10 天(0.3)"


def test_objective_summary_with_nothing_scored(sheet):
    obj = sheet.quarter("Q1")[1]
    obj.key_results = obj.key_results[1:]
    assert objective_summary(score_objective(obj), "en") == "no KR has a score"


def test_department_summary(sheet):
    df = department_summary(sheet, "Q1", lang="en")
    counts = dict(zip(df["Item"], df["Count"], strict=True))
    assert counts["commitment missed: look at why"] == 1
    assert counts["fell short"] == 1
    assert counts["green"] == 2 and counts["red"] == 1 and counts["yellow"] == 0
    assert counts["Mean score (weighted)"] == pytest.approx((0.85 + 0.3) / 2, abs=0.01)
    assert list(df.columns) == ["Group", "Item", "Count"]
    assert "目标" in department_summary(sheet, "Q1", lang="zh")["分组"].tolist()


def test_projection_table(sheet):
    df = projection_table(project_annual(sheet), lang="en")
    assert list(df["ID"]) == ["A1.KR1", "A1.KR2"]
    kr1, kr2 = df.iloc[0], df.iloc[1]
    assert kr1["Projected year end"] == 800 and kr1["Verdict"] == "off track"
    assert "one quarter" in kr1["Note"]
    assert kr2["Verdict"] == "" and "A1.KR2" in kr2["Note"]
    assert "年度 KR" in projection_table(project_annual(sheet), lang="zh").columns


def test_a_verdict_is_never_wrapped_a_character_per_line(sheet):
    html = style(projection_table(project_annual(sheet), lang="zh")).to_html()
    cell = re.search(r'<td id="(T_\w+)"[^>]*>难达成</td>', html)
    assert cell, html
    css = html[: html.index("</style>")]
    blocks = re.findall(r"([^{}]+)\{([^}]*)\}", css)
    nowrap = {sel.strip() for selectors, props in blocks if "nowrap" in props for sel in selectors.split(",")}
    assert f"#{cell.group(1)}" in nowrap, blocks


def test_alignment_and_share_tables(sheet):
    a = align(sheet, "Q1")
    df = alignment_table(a, lang="zh")
    assert list(df.columns) == ["目标", "季度 KR", "A1.KR1", "A1.KR2"]
    assert df.iloc[0]["A1.KR1"] == "✓" and df.iloc[0]["A1.KR2"] == ""
    shares = share_table(a, sheet, lang="en")
    assert shares.iloc[0]["Share of the quarter"] == pytest.approx(0.25)
    assert shares.iloc[-1]["Share of the quarter"] == pytest.approx(0.75)


def test_findings_table(sheet):
    df = findings_table(check_quarter(sheet, "Q1"), lang="en")
    assert list(df.columns) == ["Severity", "ID", "Issue", "Why it matters", "How to fix"]
    assert "Q1.O2.KR2" in df["ID"].tolist()
    assert all(df["Why it matters"]) and all(df["How to fix"])


def test_style_formats_numbers_and_colours_bands(sheet):
    html = style(kr_table(sheet, "Q1", lang="zh")).to_html()
    assert "70%" in html and "0.7" in html and "—" in html
    assert "#c9e7c4" in html and "#efb3ae" in html  # green and red fills
    assert ">绿<" in html.replace(" ", "")  # the word sits in the coloured cell
    html = style(projection_table(project_annual(sheet), lang="en")).to_html()
    assert "67%" in html and "800" in html


@pytest.mark.parametrize("evil", [SCRIPT, IMG])
def test_every_table_escapes_user_text(evil):
    sheet = sheet_from_dict(raw_sheet(title=evil, owner=evil, annual_id=evil))
    a = align(sheet, "Q1")
    record = Record(quarter="2026Q1")
    frames = [
        kr_table(sheet, "Q1", record, "zh"),
        objective_table(sheet, "Q1", record, "en"),
        department_summary(sheet, "Q1", record, "zh"),
        projection_table(project_annual(sheet), "en"),
        alignment_table(a, "zh"),
        share_table(a, sheet, "en"),
        findings_table(check_quarter(sheet, "Q1") + [], "zh"),
    ]
    for df in frames:
        html = style(df).to_html()
        assert not re.search(r"<\s*(script|img)", html, re.I), html
        assert "onerror=alert(1)>" not in html
    shown = html_escape(evil, quote=False)
    assert shown in style(frames[0]).to_html(), "the title shows as the text it is"
    assert "&lt;" in style(frames[4]).to_html()  # the annual KR id is a column label there


def test_projection_table_shows_the_meetings_verdict_beside_the_computed_one(sheet):
    record = Record(quarter="2026Q1", verdicts={"A1.KR1": "at_risk"})
    df = projection_table(project_annual(sheet), "en", record)
    assert list(df["Meeting's verdict"]) == ["at risk", ""]
    assert list(df["Verdict"]) == ["off track", ""]
    assert "#fff2b3" in style(df).to_html()
