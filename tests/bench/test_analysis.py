"""The analysis benchmark (kit.bench.analysis): seeded data, three figures beside peers."""

from __future__ import annotations

import pytest

from kit.bench.analysis import make_codings, make_texts


def test_benchmark_data_is_seeded():
    assert make_texts(5, ["a.", "b.", "c."], seed=3) == make_texts(5, ["a.", "b.", "c."], seed=3)
    codings = make_codings(100, ["x", "y"], seed=1)
    assert codings.equals(make_codings(100, ["x", "y"], seed=1))
    assert (codings["end"] > codings["start"]).all()


@pytest.mark.slow
def test_benchmark_runs_small_and_reports_three_figures_beside_peers():
    from kit.bench.analysis import run

    figures = run(quick=True)
    assert [f.name.split()[0].rstrip(",") for f in figures] == ["keyness", "samen", "overeenstemming"]
    assert all(f.kit > 0 and f.peer and f.peer > 0 and f.unit == "s" for f in figures)
