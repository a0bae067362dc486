"""Quantities keep value, qualifier and unit, and render back as written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi_writer.facts.quantity import parse_quantity


@pytest.mark.parametrize(
    ("raw", "text", "value", "approx"),
    [
        (19, "19", Decimal(19), False),
        ("19名", "19名", Decimal(19), False),
        ("近50场", "近50场", Decimal(50), True),
        ("16000余名", "16000余名", Decimal(16000), True),
        ("12.6万余人次", "12.6万余人次", Decimal(126000), True),
        ("73余万名", "73余万名", Decimal(730000), True),
        ("100%", "100%", Decimal(100), False),
        ("86.38%", "86.38%", Decimal("86.38"), False),
        ("100％", "100％", Decimal(100), False),
        ("十三名", "十三名", Decimal(13), False),
        ("200人左右", "200人左右", Decimal(200), True),
        ("692 名", "692名", Decimal(692), False),
        (89.25, "89.25", Decimal("89.25"), False),
        ("共20份", "共20份", Decimal(20), False),
    ],
)
def test_parse_and_render(raw: object, text: str, value: Decimal, approx: bool) -> None:
    q = parse_quantity(raw)
    assert q.text() == text
    assert q.value == value
    assert q.approximate is approx


def test_default_unit_only_when_none_was_written() -> None:
    assert parse_quantity(19).text("名") == "19名"
    assert parse_quantity("19人").text("名") == "19人"


@pytest.mark.parametrize(
    "raw", ["很多", "", "1至2次", True, None, [1], "名19", -5, -0.5, float("inf"), float("nan")]
)
def test_rejects_what_is_not_a_quantity(raw: object) -> None:
    with pytest.raises(ValueError, match="数量"):
        parse_quantity(raw)
