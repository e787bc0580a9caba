"""The evaluation's benchmark runs on its quick data set and reports every figure beside a floor."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_quick_benchmark_reports_figures_with_floors():
    from kit.evaluation.bench import run

    figures = run(quick=True)
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
