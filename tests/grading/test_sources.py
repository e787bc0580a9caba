"""One source of truth for the assignments: the real notebooks and rubrics in assignments/."""

from __future__ import annotations

import json

import nbformat
import pytest

from kit.errors import InputError
from kit.grading.course import ASSIGNMENT_ORDER
from kit.grading.sources import assignment_spec, copy_assignment, course_assignments, grade_ids
from kit.io import read_yaml


def test_the_five_assignments_come_from_their_notebooks_and_rubrics():
    specs = course_assignments()
    assert [a.id for a in specs] == list(ASSIGNMENT_ORDER)
    for spec in specs:
        rubric = read_yaml(f"assignments/rubrics/{spec.id}.yaml")
        assert spec.title == rubric["titel"]
        manual = {c.grade_id: (c.points, c.criteria) for c in spec.cells if c.kind == "manual"}
        assert manual == {cell["grade_id"]: (float(cell["punten"]),
                                             tuple(k["id"] for k in cell["criteria"]))
                          for cell in rubric["cellen"]}, spec.id
        source = nbformat.read(f"assignments/source/{spec.id}/{spec.id}.ipynb", 4)
        graded = {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
                  for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")}
        assert {c.grade_id: c.points for c in spec.cells} == graded, spec.id
        assert all(c.prompt for c in spec.cells), spec.id


def test_every_grade_id_of_the_synthetic_data_exists_in_the_real_sources(tmp_path):
    from kit.synthetic.cohorts import build_synthetic_course

    course = build_synthetic_course(tmp_path / "cohort", "2025-2026", students=2,
                                    narratives_per_student=1, artefacts=False)
    real = grade_ids()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        points = {cell.name: cell.max_score for assignment in gb.assignments
                  for notebook in assignment.notebooks for cell in notebook.grade_cells}
    in_gradebook = set(points)
    assert in_gradebook == {c.grade_id for a in course_assignments() for c in a.cells}
    assert in_gradebook <= real
    for spec in course_assignments():
        for cell in spec.cells:
            assert points[cell.grade_id] == cell.points
    in_notebooks = set()
    for path in (course / "autograded").glob("*/*/*.ipynb"):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id:
                in_notebooks.add(grade_id)
    assert in_notebooks and in_notebooks <= real, sorted(in_notebooks - real)


def test_a_missing_source_is_named_not_replaced(tmp_path, monkeypatch):
    """No stand-ins: copying an assignment that has no source stops with the file named."""
    from kit.grading import sources

    spec = assignment_spec("handreiking")
    assert spec.cell("handreiking_samen").criteria == ("meelezen", "stem")
    with pytest.raises(InputError, match="ontbreekt"):
        copy_assignment("bestaat-niet", tmp_path)
    assert not (tmp_path / "source" / "bestaat-niet").exists()
    monkeypatch.setattr(sources, "repo_root", lambda: None)
    with pytest.raises(InputError, match="opdrachten van de kit ontbreken"):
        sources.source_course()
