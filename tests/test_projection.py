"""Annual projection, each case worked by hand in the comments."""

from __future__ import annotations

import pytest

from okrbook.analysis.projection import (
    project_annual,
    project_kr,
    projection_notes,
    quarters_elapsed,
    verdict,
)
from okrbook.core.sheet import KeyResult, sheet_from_dict


def metric(values: dict, start: float = 0, target: float = 100, **extra) -> KeyResult:
    return KeyResult("A1.KR1", "年收入(万元)", start=start, target=target, values=values, **extra)


def test_at_risk_by_hand():
    # 0 → 1200; Q1 200, Q2 500: q = 2, pace 250, projected 1000, required (1200−500)/2 = 350,
    # ratio 250/350 = 0.714, attainment 1000/1200 = 0.833 → at risk.
    p = project_kr(metric({"Q1": 200, "Q2": 500}, target=1200))
    assert p.quarters_done == 2 and p.quarters_left == 2
    assert p.pace == 250
    assert p.projected == 1000
    assert p.required_pace == 350
    assert p.ratio == pytest.approx(250 / 350)
    assert p.attainment == pytest.approx(1000 / 1200)
    assert p.verdict == "at_risk"
    assert not p.volatile and p.notes == ()


def test_on_track_by_hand():
    # 0 → 100; Q2 55: pace 27.5, projected 110, required 22.5, ratio 1.22, attainment 1.1.
    p = project_kr(metric({"Q1": 30, "Q2": 55}))
    assert (p.pace, p.projected, p.required_pace) == (27.5, 110, 22.5)
    assert p.ratio == pytest.approx(27.5 / 22.5)
    assert p.attainment == pytest.approx(1.1)
    assert p.verdict == "on_track"


def test_off_track_by_hand():
    # 0 → 100; Q3 30: pace 10, projected 40, required 70, attainment 0.4.
    p = project_kr(metric({"Q1": 10, "Q2": 20, "Q3": 30}))
    assert (p.quarters_done, p.pace, p.projected, p.required_pace) == (3, 10, 40, 70)
    assert p.ratio == pytest.approx(1 / 7)
    assert p.verdict == "off_track"


def test_exactly_on_pace_is_on_track():
    p = project_kr(metric({"Q1": 25, "Q2": 50}))
    assert p.attainment == 1.0 and p.ratio == 1.0 and p.verdict == "on_track"


def test_lower_is_better_by_hand():
    # churn 10% → 5%; Q2 8: pace −1, projected 6, required (5−8)/2 = −1.5, ratio 0.667,
    # attainment (6−10)/(5−10) = 0.8 → at risk.
    p = project_kr(metric({"Q1": 9, "Q2": 8}, start=10, target=5))
    assert p.kr.lower_is_better
    assert (p.pace, p.projected, p.required_pace) == (-1, 6, -1.5)
    assert p.ratio == pytest.approx(2 / 3)
    assert p.attainment == pytest.approx(0.8)
    assert p.verdict == "at_risk"


def test_lower_is_better_moving_the_wrong_way_is_off_track():
    # 10 → 5; Q2 12: pace +1, projected 14, attainment (14−10)/(5−10) = −0.8.
    p = project_kr(metric({"Q2": 12, "Q1": 11}, start=10, target=5))
    assert p.pace == 1 and p.projected == 14
    assert p.attainment == pytest.approx(-0.8)
    assert p.ratio < 0
    assert p.verdict == "off_track"


def test_lower_is_better_past_its_target():
    p = project_kr(metric({"Q1": 7, "Q2": 4}, start=10, target=5))
    assert p.reached and p.verdict == "on_track"
    assert p.required_pace == 0 and p.ratio is None
    assert p.attainment == pytest.approx((-2 - 10) / -5)


def test_past_target_is_on_track_with_no_pace_required():
    p = project_kr(metric({"Q1": 60, "Q2": 120}))
    assert p.reached and p.verdict == "on_track"
    assert p.required_pace == 0 and p.ratio is None
    assert p.projected == 240


def test_target_reached_exactly_is_on_track():
    p = project_kr(metric({"Q3": 100, "Q1": 10, "Q2": 20}))
    assert p.reached and p.required_pace == 0 and p.verdict == "on_track"


def test_one_quarter_of_data_is_volatile():
    # Q1 40: projected 160 — four times one quarter, flagged.
    p = project_kr(metric({"Q1": 40}))
    assert p.quarters_done == 1 and p.projected == 160 and p.required_pace == 20
    assert p.volatile
    (note,) = p.notes
    assert note.check == "volatile" and note.target_id == "A1.KR1"
    assert "一个季度" in note.message("zh") and "one quarter" in note.message("en")


def test_year_end_has_no_remaining_pace():
    # Q4 90 of 100: projected = current, attainment 0.9, nothing left to require.
    p = project_kr(metric({"Q1": 20, "Q2": 45, "Q3": 70, "Q4": 90}))
    assert p.quarters_done == 4 and p.quarters_left == 0
    assert p.projected == 90 and p.attainment == pytest.approx(0.9)
    assert p.required_pace is None and p.ratio is None
    assert p.verdict == "at_risk"


def test_year_end_met():
    p = project_kr(metric({"Q4": 101}))
    assert p.verdict == "on_track" and p.required_pace == 0


def test_no_values_gives_no_projection_and_a_note_naming_the_kr():
    p = project_kr(metric({}))
    assert p.verdict is None and p.projected is None and p.quarters_done == 0
    (note,) = p.notes
    assert note.check == "no_values"
    for lang in ("zh", "en"):
        assert "A1.KR1" in note.message(lang) and "年收入" in note.message(lang)
        assert note.why(lang) and "A1.KR1" in note.fix(lang)


def test_no_target_gives_a_note():
    p = project_kr(KeyResult("A1.KR2", "客户满意度改善", values={"Q1": 3}))
    assert p.verdict is None and [n.check for n in p.notes] == ["no_target"]


def test_a_gap_is_noted_but_the_projection_uses_the_last_quarter():
    # Q1 20, Q3 60: q = 3, pace 20, projected 80.
    p = project_kr(metric({"Q1": 20, "Q3": 60}))
    assert p.quarters_done == 3 and p.projected == 80 and p.verdict == "at_risk"
    (note,) = p.notes
    assert note.check == "values_gap" and note.param("missing") == "Q2"


def test_as_of_ignores_later_values():
    p = project_kr(metric({"Q1": 20, "Q2": 45, "Q3": 90}), as_of="2026Q2")
    assert p.quarters_done == 2 and p.current == 45 and p.projected == 90


@pytest.mark.parametrize(
    ("done", "as_of", "expected"),
    [
        (True, "Q4", "on_track"),
        (True, None, "on_track"),
        (False, "Q1", "on_track"),
        (False, "Q2", "on_track"),
        (False, "Q3", "at_risk"),
        (False, "Q4", "off_track"),
    ],
)
def test_milestone_by_quarters_left(done, as_of, expected):
    kr = KeyResult("A1.KR3", "通过等保三级认证", kind="milestone", done=done)
    p = project_kr(kr, "A1", as_of)
    assert p.verdict == expected
    assert p.attainment == (1.0 if done else 0.0)
    assert p.reached is done


def test_verdict_thresholds():
    assert verdict(None) is None
    assert verdict(1.0) == "on_track"
    assert verdict(0.9999999999) == "on_track"
    assert verdict(0.8) == "at_risk"
    assert verdict(0.79) == "off_track"


SHEET = {
    "department": "数据平台部",
    "year": 2026,
    "annual": {
        "objectives": [
            {
                "id": "A1",
                "title": "成为客户首选",
                "key_results": [
                    {
                        "id": "A1.KR1",
                        "title": "年收入 1200 万",
                        "target": 1200,
                        "values": {"Q1": 200, "Q2": 500},
                    },
                    {"id": "A1.KR2", "title": "流失率降到 5%", "start": 10, "target": 5},
                    {"id": "A1.KR3", "title": "通过认证", "kind": "milestone"},
                ],
            }
        ]
    },
    "quarters": {"Q2": {"objectives": []}},
}


def test_project_annual_goes_on_past_a_kr_with_no_values():
    sheet = sheet_from_dict(SHEET)
    assert quarters_elapsed(sheet) == 2
    projections = project_annual(sheet)
    assert [p.kr.id for p in projections] == ["A1.KR1", "A1.KR2", "A1.KR3"]
    assert [p.verdict for p in projections] == ["at_risk", None, "on_track"]
    assert [n.check for n in projection_notes(projections)] == ["no_values"]
    assert projections[0].objective_id == "A1"


def test_project_annual_as_of_judges_milestones_by_that_quarter():
    projections = project_annual(sheet_from_dict(SHEET), as_of="Q3")
    assert projections[2].verdict == "at_risk"
    assert projections[0].quarters_done == 2


def test_empty_sheet():
    sheet = sheet_from_dict({"department": "x", "year": 2026})
    assert quarters_elapsed(sheet) == 0
    assert project_annual(sheet) == []


def test_stale_values_are_named_and_never_on_track():
    """Only Q1 reported, asked as of Q3: the missing Q2 and Q3 are named, and the old pace is no promise."""
    from okrbook.analysis.projection import project_kr
    from okrbook.core.sheet import KeyResult

    p = project_kr(KeyResult(id="K", title="K", start=0, target=100, values={"Q1": 30}), as_of="Q3")
    assert p.quarters_done == 1 and p.verdict == "at_risk"
    gaps = [n for n in p.notes if n.check == "values_gap"]
    assert gaps and gaps[0].param("missing") == "Q2, Q3"
    fresh = project_kr(KeyResult(id="K", title="K", start=0, target=100, values={"Q1": 30}), as_of="Q1")
    assert fresh.verdict == "on_track" and not [n for n in fresh.notes if n.check == "values_gap"]
