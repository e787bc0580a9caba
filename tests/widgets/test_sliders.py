"""A slider with a Dutch read-out (kit.widgets.sliders): labels with a decimal comma, values floats."""

from __future__ import annotations

from kit.widgets.sliders import dutch_slider


def test_every_step_from_low_to_high_with_a_dutch_label():
    s = dutch_slider("materieel", 6.0, 0, 10, 0.5)
    assert len(s.options) == 21 and s.options[0] == ("0", 0.0) and s.options[-1] == ("10", 10.0)
    assert all("." not in label for label, _ in s.options)
    assert all(isinstance(value, float) for _, value in s.options)
    assert s.continuous_update is False and s.description == "materieel"


def test_small_steps_keep_their_decimals_and_no_float_noise():
    s = dutch_slider("aandeel", 0.3, 0, 1, 0.1)
    assert [label for label, _ in s.options][:4] == ["0", "0,1", "0,2", "0,3"]
    assert s.value == 0.3 and s.label == "0,3"  # 0.1 * 3 is 0.30000000000000004 without rounding
    assert dutch_slider("x", 12, 0, 10, 1).value == 10.0  # outside the range: the nearest step
    assert dutch_slider("x", 1, 0, 10, 1, continuous_update=True).continuous_update is True
