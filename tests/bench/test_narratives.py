"""The narratives benchmark (kit.bench.narratives): load two store sizes and draw a triad, each
beside its floor in the same run. No timed assertion: the figures are checked for what they say."""

from __future__ import annotations

import pytest

from kit.bench.narratives import run, sizes

pytestmark = pytest.mark.slow


def test_figures_name_their_sizes_and_floors():
    small, large = sizes(True)
    assert small < large and sizes(False) == (5000, 50000)
    figures = run(quick=True)
    assert [f.name for f in figures] == [
        "narratieven valideren en laden (2.000 verhalen)",
        "narratieven valideren en laden (20.000 verhalen)",
        "gefilterde driehoek tekenen (4.000 punten)",
        "groei laden 2.000 -> 20.000"]
    assert [f.peer_name for f in figures] == ["pandas.read_csv", "pandas.read_csv",
                                              "matplotlib-scatter", "lineair"]
    assert all(f.kit > 0 and f.peer > 0 for f in figures)
    growth = figures[3]
    assert growth.peer == 10 and growth.kit == pytest.approx(figures[1].kit / figures[0].kit)
    assert growth.goal == "≤ 15× (lineair)"
