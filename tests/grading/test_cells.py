"""Which cells of an nbgrader notebook score points (kit.grading.cells)."""

from __future__ import annotations

from kit.grading.cells import GradedCell, graded_cells_of


def _cell(cell_type="code", **nbgrader):
    return {"cell_type": cell_type, "source": "", "metadata": {"nbgrader": nbgrader} if nbgrader else {}}


def test_kinds_points_and_positions():
    nb = {"cells": [
        _cell("markdown"),                                                    # plain text
        _cell(grade=True, solution=False, grade_id="t1", points=2),            # autograded test
        _cell("markdown", grade=True, solution=True, grade_id="m1", points=4),  # manual answer
        _cell(solution=True, grade_id="s1"),                                  # answer, no points
        _cell("markdown", task=True, grade_id="task1", points=3),              # task
        _cell(grade=True, grade_id="t2", points=None),                         # points missing
        _cell(grade=False, locked=True, grade_id="l1"),                         # locked only
    ]}
    assert graded_cells_of(nb) == [
        GradedCell("t1", "auto", 2.0, 1, "code"),
        GradedCell("m1", "manual", 4.0, 2, "markdown"),
        GradedCell("task1", "task", 3.0, 4, "markdown"),
        GradedCell("t2", "auto", 0.0, 5, "code"),
    ]


def test_a_notebook_without_graded_cells():
    assert graded_cells_of({"cells": [_cell(), _cell("markdown")]}) == []
