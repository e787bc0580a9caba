"""The evaluators' notebooks: papermill parameters reach the same kit functions."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "evaluation"


def test_notebooks_have_a_parameters_cell_and_no_outputs():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert "cohorten = []" in tagged[0].source and 'register = ""' in tagged[0].source
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.slow
def test_papermill_runs_the_harvest_notebook_on_given_courses(synthetic_pair, tmp_path):
    import papermill

    out = tmp_path / "oogst"
    papermill.execute_notebook(
        str(NOTEBOOKS / "01-oogsten.ipynb"), str(tmp_path / "uit.ipynb"),
        parameters={"cohorten": [str(p) for p in synthetic_pair.values()], "uitvoer": str(out)},
        cwd=str(NOTEBOOKS), progress_bar=False, kernel_name="python3")
    for label in synthetic_pair:
        assert (out / label / "grades.csv").is_file()
        assert (out / label / "oogst.yaml").is_file()
