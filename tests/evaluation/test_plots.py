"""Figures of the weegmoment report (kit.evaluation.plots): a hidden cell is never drawn as a
number, a bar that adds a hidden cell is hidden too, and the same data give the same SVG."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kit.evaluation.plots import (  # noqa: E402
    HIDDEN_HATCH,
    figure_svg,
    plot_attendance,
    plot_participation,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _bars(ax):
    return [(round(float(p.get_height()), 2), str(p.get_hatch())) for p in ax.patches]


def test_a_sum_with_a_hidden_cell_is_hidden_and_never_its_shown_part():
    table = pd.DataFrame({"period": ["jaar 1", "jaar 1", "jaar 2"],
                          "party_type": ["gemeente", "gemeente", "gemeente"],
                          "participants": ["12", "<10", "30"]})
    ax = plot_participation(table)
    bars = _bars(ax)
    assert bars[0][1] == HIDDEN_HATCH and bars[0][0] != 12.0  # 12 + (<10) is not drawn as 12
    assert bars[1] == (30.0, bars[1][1]) and bars[1][1] != HIDDEN_HATCH
    assert [t.get_text() for t in ax.texts if t.get_text() == "<10"] == ["<10"]
    assert any("Gearceerd = verborgen (<10" in t.get_text() for t in ax.texts)


def test_different_hidden_markers_combine_to_x():
    table = pd.DataFrame({"period": ["jaar 1"] * 2, "party_type": ["zorg"] * 2,
                          "attendance": ["<10", "1 org."]})
    ax = plot_attendance(table)
    assert _bars(ax)[0][1] == HIDDEN_HATCH
    assert "x" in [t.get_text() for t in ax.texts]


def test_nothing_hidden_means_no_note_and_real_heights():
    table = pd.DataFrame({"period": ["jaar 1", "jaar 2"], "party_type": ["gemeente"] * 2,
                          "participants": ["12", "15"]})
    ax = plot_participation(table)
    assert [h for h, _ in _bars(ax)] == [12.0, 15.0]
    assert not any("Gearceerd" in t.get_text() for t in ax.texts)
    assert ax.get_ylabel() == "deelnemers" and ax.get_title() == "Wie doet mee, per projectjaar"


def test_same_data_same_svg_bytes():
    table = pd.DataFrame({"period": ["jaar 1"], "party_type": ["gemeente"], "participants": ["12"]})
    first = figure_svg(plot_participation(table).figure)
    second = figure_svg(plot_participation(table).figure)
    assert first == second and "<dc:date>" not in first
