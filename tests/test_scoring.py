"""Scoring by the common OKR convention (README, "Scores"), on hand-worked numbers."""

from __future__ import annotations

import pytest

from okrbook.core.scoring import band, judgement, progress, score_kr, score_objective, to_step
from okrbook.core.sheet import KeyResult, Objective


def metric(start, target, current, weight=1.0, kr_id="K"):
    return KeyResult(id=kr_id, title=kr_id, start=start, target=target, current=current, weight=weight)


def test_progress_increasing_metric():
    assert progress(metric(30, 40, 37)) == pytest.approx(0.7)
    assert score_kr(metric(30, 40, 37)).score == 0.7


def test_progress_lower_is_better():
    kr = metric(3200, 2400, 2800)
    assert kr.lower_is_better
    assert progress(kr) == pytest.approx(0.5)
    # getting worse is negative progress and scores 0
    worse = metric(3200, 2400, 3400)
    assert progress(worse) == pytest.approx(-0.25)
    assert score_kr(worse).score == 0.0


def test_over_achievement_keeps_raw_progress_but_clips_score():
    s = score_kr(metric(0, 100, 130))
    assert s.progress == pytest.approx(1.3)
    assert s.score == 1.0


def test_milestone_scores_zero_or_one():
    done = KeyResult(id="M", title="M", kind="milestone", done=True)
    assert score_kr(done).score == 1.0
    assert score_kr(KeyResult(id="N", title="N", kind="milestone")).score == 0.0


def test_kr_without_measure_has_no_score():
    s = score_kr(KeyResult(id="X", title="做好用户运营"))
    assert s.progress is None and s.score is None and s.band is None


@pytest.mark.parametrize(
    "raw, stepped", [(0.25, 0.3), (0.649, 0.6), (0.65, 0.7), (0.7000000001, 0.7), (0.0, 0.0)]
)
def test_scores_are_kept_to_steps_of_a_tenth(raw, stepped):
    assert to_step(raw) == stepped


def test_override_wins_and_is_marked():
    s = score_kr(metric(0, 100, 20), override=0.6)
    assert (s.computed, s.score, s.overridden) == (0.2, 0.6, True)


def test_objective_score_is_weighted_mean():
    obj = Objective(
        id="O",
        title="O",
        key_results=[metric(0, 10, 10, 0.5, "a"), metric(0, 10, 5, 0.3, "b"), metric(0, 10, 0, 0.2, "c")],
    )
    assert score_objective(obj).score == pytest.approx(0.65)
    # an override on KR c moves the objective
    assert score_objective(obj, {"c": 1.0}).score == pytest.approx(0.85)


def test_objective_ignores_krs_without_measure_and_handles_zero_weights():
    obj = Objective(id="O", title="O", key_results=[metric(0, 10, 4, 0, "a"), metric(0, 10, 8, 0, "b")])
    assert score_objective(obj).score == pytest.approx(0.6)
    obj.key_results.append(KeyResult(id="c", title="no number"))
    assert score_objective(obj).score == pytest.approx(0.6)
    assert score_objective(Objective(id="E", title="E")).score is None


@pytest.mark.parametrize(
    "score, expected",
    [
        (0.0, "red"),
        (0.3, "red"),
        (0.34, "red"),
        (0.4, "yellow"),
        (0.6, "yellow"),
        (0.7, "green"),
        (1.0, "green"),
    ],
)
def test_bands(score, expected):
    assert band(score) == expected


def test_judgement_depends_on_objective_kind():
    assert judgement(1.0, "committed") == "met"
    assert judgement(0.9, "committed") == "missed_commitment"
    assert judgement(0.7, "aspirational") == "good"
    assert judgement(0.5, "aspirational") == "partial"
    assert judgement(0.2, "aspirational") == "fell_short"


def test_progress_beyond_floating_point_is_no_progress():
    assert progress(metric(0, 1e-320, 5)) is None
    assert score_kr(metric(-1e308, 1e308, 0)).score is not None  # large but finite spans still score


def test_an_objectives_band_is_judged_on_its_score_as_shown():
    """0.68 is shown as 0.68 (two decimals), so it is yellow, as the README's "green from 0.7" says."""
    from okrbook.core.numbers import format_objective_score

    assert format_objective_score(0.68) == "0.68"
    assert band(0.68, objective=True) == "yellow"
    assert judgement(0.68, "aspirational") == "partial"
    assert band(0.7, objective=True) == "green"
    assert band(0.699999, objective=True) == "green"  # shown as 0.70
    assert band(0.394, objective=True) == "red"  # shown as 0.39
    assert band(0.65) == "green"  # a KR's score is shown kept to 0.1: 0.7
