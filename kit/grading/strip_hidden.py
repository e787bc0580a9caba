"""The nbgrader preprocessor that keeps hidden tests out of nbgrader's own feedback.

Separate from :mod:`kit.grading.hidden` because it imports nbgrader's preprocessors (and
with them nbconvert); nbgrader imports it by name when it converts
(:data:`kit.grading.hidden.FEEDBACK_PREPROCESSORS`).

>>> from nbformat.v4 import new_code_cell
>>> cell = new_code_cell("assert True\\n### BEGIN HIDDEN TESTS\\nassert 1\\n### END HIDDEN TESTS",
...                      metadata={"nbgrader": {"grade": True, "grade_id": "t", "points": 1,
...                                             "solution": False, "locked": True}})
>>> out, _ = StripHiddenTests(enforce_metadata=False).preprocess_cell(cell, {}, 0)
>>> out.source, out.outputs
('assert True', [])
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests

from kit.grading.hidden import failure_summary, hidden_lines

__all__ = ["StripHiddenTests"]


class StripHiddenTests(ClearHiddenTests):
    """nbgrader preprocessor for feedback: hidden tests and their traces out of every cell.

    Cells without a hidden region are left alone (their outputs show only visible code).
    """

    def preprocess_cell(self, cell, resources, cell_index):
        """Remove the hidden region; replace the outputs of a cell that had one."""
        original = cell.source if cell.cell_type == "code" else ""
        had_hidden = bool(hidden_lines(original)) if original else False
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if had_hidden:
            from nbformat.v4 import new_output

            summary = failure_summary(original, cell.get("outputs", []))
            cell.outputs = ([new_output("stream", name="stdout", text=summary + "\n")]
                            if summary else [])
        return cell, resources
