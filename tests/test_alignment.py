"""The connector: support matrix, unsupported annual KRs, drift and weight share."""

from __future__ import annotations

import pytest

from okrbook.analysis.alignment import align, normalised
from okrbook.core.sheet import Objective, sheet_from_dict


def annual_kr(ident: str) -> dict:
    return {"id": ident, "title": f"年度指标 {ident}", "target": 100}


def q_kr(ident: str, supports: list[str], weight: float = 1.0) -> dict:
    return {"id": ident, "title": f"季度指标 {ident}", "target": 10, "weight": weight, "supports": supports}


RAW = {
    "department": "数据平台部",
    "year": 2026,
    "annual": {
        "objectives": [
            {"id": "A1", "title": "成为客户首选", "key_results": [annual_kr("A1.KR1"), annual_kr("A1.KR2")]},
            {"id": "A2", "title": "打造高效团队", "key_results": [annual_kr("A2.KR1"), annual_kr("A2.KR2")]},
        ]
    },
    "quarters": {
        "Q3": {
            "objectives": [
                {
                    "id": "Q3.O1",
                    "title": "提升续约",
                    "weight": 2,
                    "key_results": [
                        q_kr("Q3.O1.KR1", ["A1.KR1"], 0.6),
                        q_kr("Q3.O1.KR2", ["A1.KR2", "A2.KR1"], 0.4),
                    ],
                },
                {
                    "id": "Q3.O2",
                    "title": "办一场年会",
                    "key_results": [q_kr("Q3.O2.KR1", []), q_kr("Q3.O2.KR2", [])],
                },
            ]
        }
    },
}


@pytest.fixture
def sheet():
    return sheet_from_dict(RAW)


def test_matrix(sheet):
    a = align(sheet, "2026Q3")
    assert a.quarter == "Q3"
    assert [kr.id for _, kr in a.quarterly] == ["Q3.O1.KR1", "Q3.O1.KR2", "Q3.O2.KR1", "Q3.O2.KR2"]
    assert [kr.id for _, kr in a.annual] == ["A1.KR1", "A1.KR2", "A2.KR1", "A2.KR2"]
    assert a.matrix() == [
        [True, False, False, False],
        [False, True, True, False],
        [False, False, False, False],
        [False, False, False, False],
    ]
    assert a.linked("Q3.O1.KR2", "A2.KR1") and not a.linked("Q3.O1.KR1", "A2.KR1")


def test_unsupported_annual_krs_and_drift(sheet):
    a = align(sheet, "Q3")
    assert [kr.id for kr in a.unsupported] == ["A2.KR2"]
    assert [o.id for o in a.drifting] == ["Q3.O2"]
    assert a.notes == ()


def test_weight_share_by_hand(sheet):
    # O1 has 2/3 of the quarter, O2 1/3. O1.KR1: 2/3 × 0.6 = 0.4 → A1.KR1.
    # O1.KR2: 2/3 × 0.4 = 0.2667, split between A1.KR2 and A2.KR1 (0.1333 each). O2: unaligned.
    a = align(sheet, "Q3")
    assert a.kr_share == pytest.approx({"A1.KR1": 0.4, "A1.KR2": 0.4 / 3, "A2.KR1": 0.4 / 3, "A2.KR2": 0.0})
    assert a.objective_share == pytest.approx({"A1": 0.4 + 0.4 / 3, "A2": 0.4 / 3})
    assert a.unaligned_share == pytest.approx(1 / 3)
    assert a.aligned_share + a.unaligned_share == pytest.approx(1.0)


def test_default_weights_share_equally():
    raw = dict(RAW)
    raw["quarters"] = {
        "Q1": {
            "objectives": [
                {
                    "id": "Q1.O1",
                    "title": "t",
                    "key_results": [q_kr("Q1.KR1", ["A1.KR1"]), q_kr("Q1.KR2", ["A2.KR2"])],
                },
                {"id": "Q1.O2", "title": "u", "key_results": [q_kr("Q1.KR3", ["A2.KR1"])]},
            ]
        }
    }
    a = align(sheet_from_dict(raw), "Q1")
    assert a.objective_share == pytest.approx({"A1": 0.25, "A2": 0.75})
    assert a.unaligned_share == 0
    assert a.drifting == ()


def test_broken_link_is_a_note_and_the_rest_still_computed(sheet):
    sheet.quarter("Q3")[0].key_results[0].supports = ["A9.KR9"]  # impossible in a validated sheet
    a = align(sheet, "Q3")
    (note,) = a.notes
    assert note.check == "unknown_support" and note.target_id == "Q3.O1.KR1"
    assert "A9.KR9" in note.message("zh") and "A9.KR9" in note.message("en")
    assert "A1.KR1" in [kr.id for kr in a.unsupported]
    assert a.unaligned_share == pytest.approx(1 / 3 + 0.4)
    assert a.matrix()[0] == [False, False, False, False]


def test_objective_without_krs_counts_as_drift_and_unaligned(sheet):
    sheet.quarters["Q3"].append(Objective("Q3.O3", "空目标"))
    a = align(sheet, "Q3")
    assert [o.id for o in a.drifting] == ["Q3.O2", "Q3.O3"]
    assert a.aligned_share + a.unaligned_share == pytest.approx(1.0)


def test_empty_quarter_and_no_annual():
    a = align(sheet_from_dict(RAW), "Q1")
    assert a.quarterly == () and a.matrix() == [] and a.unaligned_share == 0 and a.aligned_share == 0
    assert len(a.unsupported) == 4
    raw = {"department": "x", "year": 2026, "quarters": {"Q1": {"objectives": [{"title": "t"}]}}}
    b = align(sheet_from_dict(raw), "Q1")
    assert b.drifting == () and b.annual == () and b.unaligned_share == 1.0


def test_normalised():
    assert normalised([]) == []
    assert normalised([0, 0]) == [0.5, 0.5]
    assert normalised([60, 40]) == [0.6, 0.4]
