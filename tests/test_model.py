"""The OKR sheet: what it accepts, and how it names what it refuses."""

from __future__ import annotations

import copy

import pytest
import yaml

from okrbook.core.sheet import Quarter, parse_quarter, sheet_from_dict, sheet_to_dict
from okrbook.errors import OkrbookError
from tests.conftest import FIXTURES

BASE = yaml.safe_load((FIXTURES / "small.yaml").read_text(encoding="utf-8"))


def sheet_with(change) -> dict:
    raw = copy.deepcopy(BASE)
    change(raw)
    return raw


def q3_kr(raw, i=0):
    return raw["quarters"]["Q3"]["objectives"][0]["key_results"][i]


def test_small_sheet_loads():
    sheet = sheet_from_dict(BASE)
    assert sheet.department == "测试部" and sheet.year == 2026
    assert [kr.id for kr in sheet.annual[0].key_results] == ["A1.KR1", "A1.KR2", "A1.KR3"]
    cac = sheet.annual_krs()["A1.KR2"]
    assert cac.lower_is_better and cac.latest == 3000
    assert sheet.quarter("Q3")[0].key_results[0].supports == ["A1.KR1"]


def test_round_trip_through_dict():
    sheet = sheet_from_dict(BASE)
    assert sheet_from_dict(sheet_to_dict(sheet)) == sheet


def test_ids_are_generated_when_missing():
    sheet = sheet_from_dict(
        {
            "department": "D",
            "year": 2026,
            "quarters": {"Q1": {"objectives": [{"title": "o", "key_results": [{"title": "k"}]}]}},
        }
    )
    assert sheet.quarter("Q1")[0].id == "Q1.O1"
    assert sheet.quarter("Q1")[0].key_results[0].id == "Q1.O1.KR1"


def test_kr_without_numbers_is_accepted_but_not_measurable():
    raw = sheet_with(lambda r: q3_kr(r).update(start=None, target=None, current=None))
    kr = sheet_from_dict(raw).quarter("Q3")[0].key_results[0]
    assert not kr.measurable


@pytest.mark.parametrize(
    "change, key, field",
    [
        (
            lambda r: q3_kr(r).update(target=30),
            "target_equals_start",
            "quarters.Q3.objectives[0].key_results[0].target",
        ),
        (
            lambda r: q3_kr(r).update(current="三十七"),
            "not_number",
            "quarters.Q3.objectives[0].key_results[0].current",
        ),
        (
            lambda r: q3_kr(r).pop("target"),
            "target_missing",
            "quarters.Q3.objectives[0].key_results[0].target",
        ),
        (
            lambda r: q3_kr(r, 1).update(id="Q3.KR1"),
            "duplicate_id",
            "quarters.Q3.objectives[0].key_results[1].id",
        ),
        (
            lambda r: q3_kr(r).update(supports=["A9.KR9"]),
            "unknown_annual_kr",
            "quarters.Q3.objectives[0].key_results[0].supports[0]",
        ),
        (
            lambda r: q3_kr(r).update(weight=-0.5),
            "negative_weight",
            "quarters.Q3.objectives[0].key_results[0].weight",
        ),
        (
            lambda r: q3_kr(r).update(kind="task"),
            "not_one_of",
            "quarters.Q3.objectives[0].key_results[0].kind",
        ),
        (
            lambda r: q3_kr(r).update(colour="red"),
            "unknown_field",
            "quarters.Q3.objectives[0].key_results[0]",
        ),
        (lambda r: r["quarters"].update(Q5={}), "unknown_field", "quarters"),
        (lambda r: r.pop("department"), "required", "department"),
        (lambda r: r.update(year="明年"), "not_number", "year"),
        (lambda r: r["annual"]["objectives"][0].update(title=""), "required", "annual.objectives[0].title"),
    ],
)
def test_bad_sheets_name_the_field(change, key, field):
    with pytest.raises(OkrbookError) as info:
        sheet_from_dict(sheet_with(change))
    assert info.value.key == key
    assert info.value.field == field
    # the message exists in both languages and names the field
    assert field in info.value.render("zh") and field in info.value.render("en")


def test_duplicate_objective_and_kr_ids_across_quarters():
    raw = sheet_with(lambda r: r["quarters"].update(Q2=copy.deepcopy(r["quarters"]["Q3"])))
    with pytest.raises(OkrbookError) as info:
        sheet_from_dict(raw)
    assert info.value.key == "duplicate_id"
    assert "Q3.O1" in str(info.value)


@pytest.mark.parametrize("text", ["2026Q3", "2026-Q3", "2026q3", " 2026 - Q3 "])
def test_parse_quarter(text):
    assert parse_quarter(text) == Quarter(2026, 3)


@pytest.mark.parametrize("text", ["2026Q5", "Q3", "2026-3", ""])
def test_parse_quarter_rejects(text):
    with pytest.raises(OkrbookError) as info:
        parse_quarter(text)
    assert info.value.key == "bad_quarter"


def test_previous_quarter_crosses_the_year():
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert str(Quarter(2026, 3).previous()) == "2026Q2"


def test_weights_written_as_percentages_mean_fractions():
    def weights(r):
        q3_kr(r, 0)["weight"] = "40%"
        q3_kr(r, 1)["weight"] = "60%"
        q3_kr(r, 2)["weight"] = 0

    sheet = sheet_from_dict(sheet_with(weights))
    assert [kr.weight for kr in sheet.quarter("Q3")[0].key_results] == [0.4, 0.6, 0.0]


def test_big_picture_knows_its_parts():
    with pytest.raises(OkrbookError) as info:
        sheet_from_dict(sheet_with(lambda r: r["big_picture"].update(vision="x")))
    assert (info.value.key, info.value.field) == ("unknown_field", "big_picture")
