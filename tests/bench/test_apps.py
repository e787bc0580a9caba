"""The apps benchmark (kit.bench.apps) measures the real form and wall, beside their floors.

No timed assertion: the figures are checked for what they say, not for how fast."""

from __future__ import annotations

import pytest

from kit.bench.apps import run

pytestmark = pytest.mark.slow


def test_two_figures_each_beside_its_floor(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    figures = run(quick=True)
    assert list(tmp_path.iterdir()) == []  # its scratch folders are gone
    assert [f.name.split(":")[0] for f in figures] == ["verhaalformulier", "verhalenwand"]
    for figure in figures:
        assert figure.unit == "s" and figure.peer is not None and figure.peer > 0
        low, high = figure.spread
        assert 0 < low <= figure.kit <= high
        assert figure.row().startswith(f"| {figure.name} |")
