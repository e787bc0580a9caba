"""Dutch number words for the report (kit.evaluation.numbers)."""

from __future__ import annotations

from kit.evaluation.numbers import agree, count, display_value, euro, number, percent


def test_thousands_get_a_dot_and_decimals_a_comma():
    assert number(1234567.891, 2) == "1.234.567,89"
    assert number(0.5, 1) == "0,5"
    assert percent(0.125, 1) == "12,5%"


def test_count_uses_the_plural_for_everything_but_one():
    assert count(1, "verhaal", "verhalen") == "1 verhaal"
    assert count(0, "verhaal", "verhalen") == "0 verhalen"
    assert count(1000, "verhaal", "verhalen") == "1.000 verhalen"
    assert [agree(n, "voldoet", "voldoen") for n in (0, 1, 2)] == ["voldoen", "voldoet", "voldoen"]


def test_euro_has_two_decimals_and_an_ordinary_space():
    assert euro(0.5) == "€ 0,50"
    assert euro(1234) == "€ 1.234,00"
    assert "\xa0" not in euro(1234)


def test_display_value_keeps_text_and_suppressed_cells():
    assert display_value("<10") == "<10"
    assert display_value("niet te bepalen") == "niet te bepalen"
    assert display_value("0.5") == "50%"
