"""The graded cells of an nbgrader notebook: which cells score points, of what kind, how many.

>>> cells = graded_cells_of({"cells": [{"cell_type": "markdown", "source": "x",
...     "metadata": {"nbgrader": {"grade": True, "solution": True, "grade_id": "a_1",
...                               "points": 3, "schema_version": 3}}}]})
>>> [(c.grade_id, c.kind, c.points) for c in cells]
[('a_1', 'manual', 3.0)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["GradedCell", "graded_cells_of"]


@dataclass(frozen=True)
class GradedCell:
    """A graded cell in a source notebook (``kind``: manual, auto or task)."""

    grade_id: str
    kind: str
    points: float
    index: int
    cell_type: str


def graded_cells_of(nb: Any) -> list[GradedCell]:
    """The graded cells of a notebook (dict or nbformat node), in order."""
    cells = []
    for index, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade") and not meta.get("task"):
            continue
        if meta.get("task"):
            kind = "task"
        elif meta.get("solution"):
            kind = "manual"
        else:
            kind = "auto"
        cells.append(GradedCell(grade_id=str(meta.get("grade_id")), kind=kind,
                                points=float(meta.get("points") or 0), index=index,
                                cell_type=cell.get("cell_type", "")))
    return cells
