from __future__ import annotations

from decimal import Decimal

import pytest

from broadsheet.enrich.quantities import mentions, values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6", {6}),
        ("six", {6}),
        ("sixth", {6}),
        ("6th", {6}),
        ("1,000", {1000}),
        ("one thousand", {1000}),
        ("twenty-five", {25}),
        ("two hundred and fifty", {250}),
        ("twenty-first", {21}),
        ("three dozen", {36}),
        ("$5bn", {5_000_000_000}),
        ("5 billion", {5_000_000_000}),
        ("£2.5 million", {2_500_000}),
        ("$15million", {15_000_000}),
        ("5m", {5, 5_000_000}),
        ("12%", {12}),
        ("3.50", {Decimal("3.5")}),
        ("20kg", {20}),
        ("9pm", {9}),
        ("a million", {1_000_000}),
    ],
)
def test_each_way_of_writing_a_number_has_its_value(text, expected):
    assert values(text) == {Decimal(v) for v in expected}


def test_digits_inside_a_name_are_no_quantity():
    assert values("the G20 met; the A380 flew") == frozenset()


def test_a_lone_one_or_first_is_no_claim_but_backs_a_1():
    assert mentions("one of the first planes") == []
    assert values("one of the first planes") == {Decimal(1)}
    assert [q.text for q in mentions("the first 2 planes and one 747")] == ["2", "747"]


def test_a_scale_is_read_once():
    assert [q.text for q in mentions("It cost 2 million dollars.")] == ["2 million"]
