"""Score history over the recorded quarters."""

from __future__ import annotations

import io
import warnings

import pytest

from okrbook.analysis.history import history_chart, history_table, score_history
from okrbook.analysis.tables import style
from okrbook.core.record import KRReview, Record
from okrbook.core.sheet import sheet_from_dict


def quarter(q: str, current: float, weight: float = 1.0) -> dict:
    return {
        "objectives": [
            {
                "id": f"{q}.O1",
                "title": f"{q} 提升续约",
                "weight": weight,
                "key_results": [
                    {"id": f"{q}.KR1", "title": "续约率", "start": 0, "target": 10, "current": current},
                    {"id": f"{q}.KR2", "title": "通过认证", "kind": "milestone", "done": True},
                ],
            },
            {
                "id": f"{q}.O2",
                "title": f"{q} 打造团队",
                "key_results": [
                    {"id": f"{q}.KR3", "title": "满意度", "start": 0, "target": 10, "current": 2}
                ],
            },
        ]
    }


@pytest.fixture
def sheet():
    raw = {
        "department": "数据平台部",
        "year": 2026,
        "quarters": {"Q1": quarter("Q1", 4), "Q2": quarter("Q2", 8, weight=3)},
    }
    return sheet_from_dict(raw)


def test_scores_by_quarter_use_each_records_final_scores(sheet):
    records = {
        "2026Q2": Record(quarter="2026Q2", kr_reviews={"Q2.KR1": KRReview(final_score=0.6)}),
        "Q1": Record(quarter="2026Q1"),
    }
    history, notes = score_history(sheet, records)
    assert notes == []
    assert [q.quarter for q in history] == ["Q1", "Q2"]  # quarter order, not dict order
    q1, q2 = history
    # Q1: O1 = (0.4 + 1.0)/2 = 0.7, O2 = 0.2; mean (equal weights) 0.45
    assert [o.score for o in q1.objectives] == [0.7, 0.2]
    assert q1.mean == 0.45
    # Q2: the override 0.6 wins over the computed 0.8: O1 = 0.8, O2 = 0.2; mean (3:1) = 0.65
    assert [o.score for o in q2.objectives] == [0.8, 0.2]
    assert q2.mean == 0.65


def test_history_table(sheet):
    history, _ = score_history(sheet, {"Q1": Record(quarter="2026Q1")})
    df = history_table(history, "en")
    assert list(df.columns) == ["Quarter", "Level", "ID", "Item", "Objective", "Score", "Band"]
    assert list(df["ID"]) == ["Q1.O1", "Q1.KR1", "Q1.KR2", "Q1.O2", "Q1.KR3"]
    assert list(df["Level"]) == ["objective", "key result", "key result", "objective", "key result"]
    assert list(df["Band"]) == ["green", "yellow", "green", "red", "red"]
    assert "季度" in history_table(history, "zh").columns
    html = style(history_table(history, "zh")).to_html()
    assert "0.7" in html and "绿" in html


def test_records_that_do_not_fit_are_left_out_with_a_note(sheet):
    records = {
        "Q1": Record(quarter="2026Q1"),
        "2025Q2": Record(quarter="2025Q2"),  # another year
        "Q3": Record(quarter="2026Q3"),  # no Q3 OKRs in the sheet
        "Q4": Record(quarter="2024Q4"),  # the record says another year
        "later": Record(),
    }
    history, notes = score_history(sheet, records)
    assert [q.quarter for q in history] == ["Q1"]
    assert [(n.check, n.target_id) for n in notes] == [
        ("record_year", "2025Q2"),
        ("record_no_quarter", "Q3"),
        ("record_year", "Q4"),
        ("record_no_quarter", "later"),
    ]
    for n in notes:
        for lang in ("zh", "en"):
            assert n.target_id in n.message(lang) and n.why(lang) and n.fix(lang)
    assert "2025" in notes[0].message("zh") and "2026" in notes[0].message("en")


def test_history_chart_renders_chinese_cleanly(sheet, caplog):
    records = {"Q1": Record(quarter="2026Q1"), "Q2": Record(quarter="2026Q2")}
    history, _ = score_history(sheet, records)
    for h in (history, []):
        fig = history_chart(h, "zh")
        buf = io.BytesIO()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(buf, format="png", dpi=60)
        assert not [w for w in caught if "Glyph" in str(w.message) or "missing from" in str(w.message)]
        assert not [
            r for r in caplog.records if "findfont" in r.getMessage() and "not found" in r.getMessage()
        ]
        assert buf.getvalue().startswith(b"\x89PNG")
    ax = history_chart(history, "en").axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Q1", "Q2"]
    (mean,) = ax.get_lines()[:1]
    assert list(mean.get_ydata()) == [q.mean for q in history] == [0.45, pytest.approx(0.725, abs=0.006)]
