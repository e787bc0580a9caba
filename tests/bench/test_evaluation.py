"""The evaluation's benchmark runs on its quick data set and reports every figure beside a floor."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_quick_benchmark_reports_figures_with_floors(monkeypatch):
    from kit.bench import evaluation as bench

    # the rows, not the figures: the smallest data that gives every row (CI's `iids bench
    # --quick` measures the quick size)
    monkeypatch.setitem(bench.SIZES, True, (3, 4, 5, (1, 3)))
    monkeypatch.setitem(bench.REPEATS, True, 1)
    figures = bench.run(quick=True)
    names = [f.name for f in figures]
    assert any(name.startswith("oogst 3 cohorten") for name in names)
    assert "oogsten + rapport, 3 cohorten" in names
    assert any(name.startswith("piekgeheugen") for name in names)
    for figure in figures:
        assert figure.kit > 0
        if figure.name != "oogsten + rapport, 1 cohort":
            assert figure.peer and figure.peer > 0, figure.name
    memory = next(f for f in figures if f.unit == "MB")
    assert memory.kit > memory.peer  # the report itself uses memory beyond the imports
