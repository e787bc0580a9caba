"""nbgrader's own feedback without hidden tests (kit.grading.strip_hidden), through nbgrader's
real preprocessor chain on a cell run by a real kernel."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from kit.grading.hidden import HIDDEN_FAILED
from kit.grading.strip_hidden import StripHiddenTests

META = {"nbgrader": {"grade": True, "grade_id": "t", "points": 1, "solution": False,
                     "locked": True, "schema_version": 3}}


def test_hidden_code_and_its_traceback_are_gone_and_one_dutch_line_remains():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        'assert 1 + 1 == 2\n### BEGIN HIDDEN TESTS\nassert 2 + 2 == 5, "geheim"\n### END HIDDEN TESTS',
        metadata=META), nbformat.v4.new_code_cell("print('zichtbaar')")]
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True).execute()
    assert "geheim" in str(nb.cells[0].outputs)  # what autograde leaves for nbgrader's feedback
    out, _ = StripHiddenTests(enforce_metadata=True).preprocess(nb, {})
    hidden_cell, other = out.cells
    assert hidden_cell.source == "assert 1 + 1 == 2"
    assert [o.get("text") for o in hidden_cell.outputs] == [HIDDEN_FAILED + "\n"]
    assert "geheim" not in nbformat.writes(out)
    assert other.outputs[0]["text"] == "zichtbaar\n"  # a cell without hidden tests is left alone
