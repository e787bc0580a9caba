"""The benchmark's notebook row runs an assignment source as a model student would have it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_notebook_row_runs_an_assignment_source_with_a_model_students_work(tmp_path, monkeypatch):
    """An assignment's checks read what the forms saved: without a model student's work the
    row stopped with an internal error (issue #20 took the code answers out)."""
    from kit.bench import notebook_figures

    source = tmp_path / "assignments" / "source" / "discoursanalyse"
    shutil.copytree(ROOT / "assignments" / "source" / "discoursanalyse", source,
                    ignore=shutil.ignore_patterns("mijn-werk", ".ipynb_checkpoints"))
    monkeypatch.setenv("IIDS_WERKMAP", str(tmp_path / "eigen-werk"))
    figures = notebook_figures(tmp_path)
    assert figures[-1].name.startswith("alle 1 notebooks") and figures[-1].kit > 0
    assert not (tmp_path / "eigen-werk").exists()  # the student's own workspace is untouched
