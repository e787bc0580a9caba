"""The five real assignments form one consistent set.

Every present source has: the nbgrader schema-3 metadata with descriptive grade_ids
``<id>_<part>``, a Dutch H1 header, a due date in the route, and a rubric whose points match
each manually graded cell. Generating a copy of the course with real nbgrader puts the
rubric, rendered from the YAML, into the released notebook.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from kit.grading.course import (
    ASSIGNMENT_ORDER,
    due_dates,
    graded_cells_of,
    open_course,
    route_weeks,
)

COURSE = Path(__file__).resolve().parents[2] / "assignments"
PRESENT = list(ASSIGNMENT_ORDER)  # every assignment; a missing source fails, never skips


def test_every_assignment_has_its_source():
    missing = [a for a in ASSIGNMENT_ORDER if not (COURSE / "source" / a / f"{a}.ipynb").is_file()]
    assert not missing, f"assignments/source mist: {missing}"


def test_config_and_due_dates():
    text = (COURSE / "nbgrader_config.py").read_text()
    assert 'course_id = "iids"' in text and ".ipynb_checkpoints" in text
    assert "mijn-werk" not in re.search(r"ignore = \[(.*?)\]", text, re.S).group(1)
    dates = due_dates()
    assert [dates[a] for a in ASSIGNMENT_ORDER] == sorted(dates[a] for a in ASSIGNMENT_ORDER)


@pytest.mark.parametrize("assignment", PRESENT)
def test_assignment_is_consistent(assignment):
    from kit.grading.course import assignment_rubric

    nb = nbformat.read(str(COURSE / "source" / assignment / f"{assignment}.ipynb"), as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids))
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta:
            assert meta.get("schema_version") == 3
            assert re.fullmatch(rf"{assignment}_[A-Za-z0-9_-]+", meta["grade_id"]), meta
    graded = graded_cells_of(nb)
    assert graded, "een opdracht heeft beoordeelde cellen"
    rubric = assignment_rubric(open_course(COURSE), assignment)  # points must match
    assert set(rubric.grade_ids) == {c.grade_id for c in graded if c.kind in {"manual", "task"}}


@pytest.mark.slow
def test_generate_puts_rubric_into_release(tmp_path):
    from kit.grading.course import generate
    from kit.grading.rubrics import render_rubric_markdown

    root = tmp_path / "cursus"
    shutil.copytree(COURSE, root, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", ".iids", "exchange",
        "mijn-werk", ".ipynb_checkpoints"))
    course = open_course(root)
    generate(course, PRESENT)
    from kit.grading.course import assignment_rubric

    for aid in PRESENT:
        released = nbformat.read(str(root / "release" / aid / f"{aid}.ipynb"), as_version=4)
        shown = [c.source for c in released.cells if c.metadata.get("iids", {}).get("rubric_for")]
        rubric = assignment_rubric(course, aid)
        assert shown == [render_rubric_markdown(c) for c in rubric.cells]
        header = released.cells[1]
        assert header.metadata["iids"]["header"] and "**Inleveren:**" in header.source
        assert f"week {route_weeks()[aid]} van de minor" in header.source
