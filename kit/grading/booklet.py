"""The answer booklet of a blind grader: each allocated answer under its code, the rubric beside it.

A blind grader sees submission codes, never names (:mod:`kit.grading.blind`); to read an
answer they should not have to open ``autograded/<student>/``. The booklet holds, for
this grader and role and in the grader's own order (the order of their sheet), per code
and rubric-graded cell the student's answer and the rubric of that cell: an HTML page to
read and an Excel workbook (one row per code and cell). Student ids appear nowhere.

>>> cell_answers({"cells": [{"cell_type": "markdown", "source": "Mijn plan",
...     "metadata": {"nbgrader": {"grade_id": "a_plan", "solution": True}}}]})
{'a_plan': 'Mijn plan'}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.grading.course import Course, assignment_rubric
from kit.render import render_template

__all__ = ["cell_answers", "booklet_entries", "booklet_html", "write_booklet"]

def cell_answers(nb: Any) -> dict[str, str]:
    """``{grade_id: source}`` of the answer (solution) cells of a notebook (dict or node)."""
    out = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id"):
            source = cell.get("source", "")
            out[str(meta["grade_id"])] = "".join(source) if isinstance(source, list) else source
    return out


def booklet_entries(course: Course, assignment: str, grader: str, role: str = "eerste",
                    *, seed: int = 0) -> list[dict[str, str]]:
    """One entry per code and rubric cell: ``code``, ``grade_id``, ``title``, ``answer``.

    Raises:
        InputError: when the grader has nothing to grade in this role.
    """
    import nbformat

    from kit.grading.blind import code_table, grader_order
    from kit.grading.scoring import allocated_students, final_results

    rubric = assignment_rubric(course, assignment)
    students = allocated_students(course, assignment, grader, role)
    if not students:
        raise InputError(f"'{grader}' heeft als {role} beoordelaar niets te beoordelen bij "
                         f"'{assignment}'", place="optie --beoordelaar")
    disputed = None
    if role == "moderator":
        disputed = {(r.student, r.grade_id) for r in final_results(course, assignment)
                    if r.needs_moderation}
    codes = code_table(course.root, assignment, students)
    entries = []
    for code in grader_order(list(codes), grader, seed):
        student = codes[code]
        path = course.root / "autograded" / student / assignment / f"{assignment}.ipynb"
        answers = cell_answers(nbformat.read(str(path), as_version=4)) if path.is_file() else {}
        for cell in rubric.cells:
            if disputed is not None and (student, cell.grade_id) not in disputed:
                continue
            entries.append({"code": code, "grade_id": cell.grade_id, "title": cell.title,
                            "answer": answers.get(cell.grade_id, "").strip()
                            or "(geen antwoord)"})
    return entries


def _rubric_text(cell) -> str:
    lines = []
    for criterion in cell.criteria:
        lines.append(f"{criterion.name} ({criterion.id}):")
        lines += [f"  {lvl.id} = {f'{lvl.points:g}'.replace('.', ',')} p: {lvl.descriptor}"
                  for lvl in criterion.levels]
    return "\n".join(lines)


def booklet_html(rubric, entries: list[dict[str, str]], grader: str, role: str) -> str:
    """The booklet as one HTML page (``antwoordenboekje.html.j2``): per entry the answer left,
    the rubric right."""
    items = [{**e, "criteria": [
        {"name": c.name, "id": c.id,
         "levels": [{"name": lvl.name, "id": lvl.id, "descriptor": lvl.descriptor,
                     "points": f"{lvl.points:g}".replace(".", ",")} for lvl in c.levels]}
        for c in rubric.cell(e["grade_id"]).criteria]} for e in entries]
    return render_template("antwoordenboekje.html.j2", {
        "title": f"Antwoordenboekje {rubric.title} ({grader}, {role})", "items": items})


def write_booklet(course: Course, assignment: str, grader: str, out: str | os.PathLike, *,
                  role: str = "eerste", seed: int = 0) -> tuple[Path, Path]:
    """Write ``<out>.html`` and ``<out>.xlsx`` for one grader; returns both paths."""
    import io

    from kit.grading.lean import import_openpyxl

    Workbook = import_openpyxl().Workbook
    from openpyxl.styles import Alignment, Font

    from kit.io import atomic_write_bytes, atomic_write_text

    rubric = assignment_rubric(course, assignment)
    entries = booklet_entries(course, assignment, grader, role, seed=seed)
    base = Path(out)
    base = base.with_suffix("") if base.suffix.lower() in {".html", ".xlsx"} else base
    html_path = atomic_write_text(base.with_suffix(".html"),
                                  booklet_html(rubric, entries, grader, role))
    wb = Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    ws.append(["code", "cel", "titel", "antwoord", "rubriek"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for e in entries:
        ws.append([e["code"], e["grade_id"], e["title"], e["answer"],
                   _rubric_text(rubric.cell(e["grade_id"]))])
        for cell in ws[ws.max_row]:
            cell.alignment = wrap
    for column, width in zip("ABCDE", (12, 24, 24, 70, 70), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    data = io.BytesIO()
    wb.save(data)
    xlsx_path = atomic_write_bytes(base.with_suffix(".xlsx"), data.getvalue())
    return html_path, xlsx_path
