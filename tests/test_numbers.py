"""The numbers people type into OKR sheets and exports, read the same way everywhere."""

from __future__ import annotations

import math

import pytest

from okrbook.core.numbers import Parsed, parse_number


@pytest.mark.parametrize(
    "raw, value, unit",
    [
        ("35%", 35, "%"),
        ("35 %", 35, "%"),
        ("３５％", 35, "%"),
        ("+20%", 20, "%"),
        ("1,200", 1200, ""),
        ("1,234.5", 1234.5, ""),
        ("1，200", 1200, ""),  # full-width comma
        ("１２０", 120, ""),
        ("3.5万", 35_000, ""),
        ("12.5 万", 125_000, ""),
        ("1.15万", 11_500, ""),  # exactly, not 11499.999…
        ("1.2亿", 120_000_000, ""),
        ("1千万", 10_000_000, ""),
        ("3w", 30_000, ""),
        ("5k", 5_000, ""),
        ("$1.5M", 1_500_000, "$"),
        ("¥120万", 1_200_000, "¥"),
        ("￥120万", 1_200_000, "¥"),  # the full-width yen a Chinese keyboard types
        ("-¥100", -100, "¥"),
        ("100元", 100, "元"),
        ("3.5万元", 35_000, "元"),
        ("50家", 50, "家"),
        ("30天", 30, "天"),
        ("200ms", 200, "ms"),  # a unit word, not "m" for million
        ("5km", 5, "km"),
        ("2次/周", 2, "次/周"),
        ("1e5", 100_000, ""),
        ("−3", -3, ""),  # the minus sign U+2212
        ("\u00a07\u00a0", 7, ""),
        (42, 42, ""),
        (0.35, 0.35, ""),
    ],
)
def test_readable(raw: object, value: float, unit: str):
    assert parse_number(raw) == Parsed(value, unit)


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000", "-", "--", "—", "——", "/", "N/A", "无"])
def test_blank(raw: object):
    assert parse_number(raw) is None


@pytest.mark.parametrize(
    "raw",
    ["abc", "TBD", "五十", "约100", "100+", "1,20", "12.3.4", "万", "¥", "%", "1e400", True, math.inf,
            float("nan"), "1e1000000", 10**400, "9" * 5000, 1e308, "-1e16"]
)  # fmt: skip
def test_unreadable(raw: object):
    with pytest.raises(ValueError):
        parse_number(raw)
