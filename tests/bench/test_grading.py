"""The grading benchmark's course (kit.bench.grading): real assignments, filled submissions,
scores read back through nbgrader's gradebook. The timings themselves belong to ``iids bench``."""

from __future__ import annotations

import nbformat
import pytest

from kit.bench.grading import build_bench_course, gradebook_scores
from kit.grading.autograde import autograde
from kit.grading.course import graded_cells_of

pytestmark = pytest.mark.slow


def test_bench_course_is_graded_and_read_back(tmp_path):
    course, qualities = build_bench_course(tmp_path / "cursus", ["onderzoeksplan"], 3, seed=5)
    assert list(qualities) == ["onderzoeksplan"]
    assert sorted(qualities["onderzoeksplan"]) == ["b000", "b001", "b002"]
    assert all(0 <= q < 1 for q in qualities["onderzoeksplan"].values())
    again = build_bench_course(tmp_path / "nog-een", ["onderzoeksplan"], 3, seed=5)[1]
    assert again == qualities  # seeded
    for student in qualities["onderzoeksplan"]:
        folder = course.root / "submitted" / student / "onderzoeksplan"
        assert (folder / "timestamp.txt").is_file()
        nbformat.read(str(folder / "onderzoeksplan.ipynb"), as_version=4)
    assert not (course.root / "kluis").exists()  # the synthetic vault lies outside the course
    assert gradebook_scores(course, "onderzoeksplan") == {}
    autograde(course, "onderzoeksplan", workers=1, privacy_scan=False, progress=False)
    scores = gradebook_scores(course, "onderzoeksplan")
    released = nbformat.read(str(course.root / "release" / "onderzoeksplan" / "onderzoeksplan.ipynb"),
                             as_version=4)
    cells = {c.grade_id for c in graded_cells_of(released)}
    assert {g for _s, g in scores} == cells
    assert {s for s, _g in scores} == set(qualities["onderzoeksplan"])
