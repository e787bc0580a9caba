"""The rubric grading widget: blind, one submission at a time, per criterion a level.

A thin ipywidgets layer over :mod:`kit.grading.scoring` and :mod:`kit.grading.gradelog`.
The grader sees the submission code (never the name), the student's answer and, per
criterion, the levels with their descriptors. "Opslaan" writes the judgements into the
grading log (grader id and time) and the result into nbgrader's gradebook, so the
formgrader shows the same.

Stable CSS classes for tests and styling: ``iids-rubric`` (the whole widget),
``iids-rubric-criterion`` (one criterion), ``iids-rubric-save`` (the save button),
``iids-rubric-status`` (the message line).

>>> answer_text({"cells": [{"cell_type": "markdown", "source": "Mijn antwoord",
...     "metadata": {"nbgrader": {"grade_id": "a_1", "solution": True}}}]}, "a_1")
'Mijn antwoord'
"""

from __future__ import annotations

from typing import Any

__all__ = ["answer_text", "save_judgement", "rubric_grader"]


def answer_text(nb: Any, grade_id: str) -> str:
    """The student's answer in the cell with ``grade_id`` (empty when absent)."""
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") == grade_id and meta.get("solution"):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    return ""


def save_judgement(course, assignment: str, student: str, grade_id: str,
                   levels: dict[str, str], grader: str, role: str = "eerste",
                   comment: str = "") -> float:
    """Record one cell's judgement (all criteria) and update the gradebook.

    Returns:
        The cell's final points after the update.

    Raises:
        InputError: an unknown criterion or level, or a criterion left open.
    """
    from kit.errors import InputError
    from kit.grading.course import assignment_rubric
    from kit.grading.gradelog import GradeLog, Score, log_path
    from kit.grading.scoring import apply_to_gradebook, final_results

    rubric = assignment_rubric(course, assignment)
    cell = rubric.cell(grade_id)
    scores = []
    for criterion in cell.criteria:
        if not levels.get(criterion.id):
            raise InputError(f"kies een niveau voor '{criterion.name}'")
        try:
            level = criterion.level(levels[criterion.id])
        except KeyError:
            raise InputError(f"onbekend niveau '{levels[criterion.id]}' bij "
                             f"'{criterion.name}'") from None
        scores.append(Score(assignment, student, grade_id, criterion.id, level.id, level.points,
                            grader, role, comment if criterion is cell.criteria[0] else ""))
    GradeLog(log_path(course.root)).record(scores)
    apply_to_gradebook(course, assignment)
    for result in final_results(course, assignment):
        if result.student == student and result.grade_id == grade_id:
            return result.points
    return 0.0


def rubric_grader(course, assignment: str, grader: str, *, role: str = "eerste", seed: int = 0):
    """The grading widget for one grader (submissions as codes, in the grader's own order)."""
    import html

    import ipywidgets as w
    import nbformat

    from kit.errors import InputError
    from kit.grading.blind import code_table, grader_order
    from kit.grading.course import assignment_rubric
    from kit.grading.scoring import allocated_students

    rubric = assignment_rubric(course, assignment)
    students = allocated_students(course, assignment, grader, role)
    codes = code_table(course.root, assignment, students)
    order = grader_order(list(codes), grader, seed)
    pick = w.Dropdown(options=order, description="Inlevering")
    cell_pick = w.Dropdown(options=[(c.title, c.grade_id) for c in rubric.cells],
                           description="Vraag")
    answer = w.HTML()
    criteria_box = w.VBox()
    comment = w.Textarea(placeholder="Eigen opmerking voor de student (mag leeg)",
                         layout=w.Layout(width="100%"))
    save = w.Button(description="Opslaan", button_style="primary", icon="check")
    save.add_class("iids-rubric-save")
    status = w.HTML()
    status.add_class("iids-rubric-status")
    toggles: dict[str, w.ToggleButtons] = {}

    def show(*_):
        if not order:
            answer.value = "<p>Er zijn (nog) geen inleveringen voor jou.</p>"
            return
        student = codes[pick.value]
        path = course.root / "autograded" / student / assignment / f"{assignment}.ipynb"
        text = answer_text(nbformat.read(str(path), as_version=4), cell_pick.value) \
            if path.is_file() else ""
        answer.value = (f"<div style='white-space:pre-wrap;border-left:4px solid #5a6b8c;"
                        f"padding:.5em'>{html.escape(text) or '<em>(leeg)</em>'}</div>")
        cell = rubric.cell(cell_pick.value)
        rows = []
        toggles.clear()
        for criterion in cell.criteria:
            tb = w.ToggleButtons(options=[(f"{lvl.name} ({lvl.points:g})", lvl.id)
                                          for lvl in criterion.levels], value=None,
                                 tooltips=[lvl.descriptor for lvl in criterion.levels])
            toggles[criterion.id] = tb
            box = w.VBox([w.HTML(f"<b>{html.escape(criterion.name)}</b>"), tb])
            box.add_class("iids-rubric-criterion")
            rows.append(box)
        criteria_box.children = rows
        status.value = ""

    def on_save(_):
        try:
            points = save_judgement(course, assignment, codes[pick.value], cell_pick.value,
                                    {k: t.value for k, t in toggles.items()}, grader, role,
                                    comment.value.strip())
        except InputError as exc:
            status.value = f"<span style='color:#a00'>{html.escape(exc.message)}</span>"
            return
        status.value = f"Opgeslagen: {points:g} punten voor {pick.value}."
        comment.value = ""

    pick.observe(show, names="value")
    cell_pick.observe(show, names="value")
    save.on_click(on_save)
    show()
    box = w.VBox([w.HTML(f"<h3>{html.escape(rubric.title)}: beoordelen als {html.escape(grader)}"
                         f" ({role})</h3>"), pick, cell_pick, answer, criteria_box, comment,
                  save, status])
    box.add_class("iids-rubric")
    return box
