"""Synthetic cohorts (kit.synthetic.cohorts): a real nbgrader gradebook whose ids all exist in
the kit's real assignment sources, seeded, every narrative marked synthetic."""

from __future__ import annotations

from nbgrader.api import Gradebook

from kit.grading.sources import grade_ids
from kit.synthetic.cohorts import (
    build_synthetic_course,
    student_ids,
    synthetic_narratives,
)


def test_a_cohort_course_is_a_real_gradebook_on_the_real_assignments(tmp_path):
    root = build_synthetic_course(tmp_path / "2025-2026", "2025-2026", students=3,
                                  narratives_per_student=2)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        assert sorted(s.id for s in gb.students) == student_ids(3, "2025-2026")
        cells = {c.name for a in gb.assignments for nb in a.notebooks for c in nb.grade_cells}
        assert cells and cells <= grade_ids()
        assert {a.name for a in gb.assignments} == {"discoursanalyse", "onderzoeksplan",
                                                    "narratieven", "dialoogtafel", "handreiking"}
    assert (root / "autograded").is_dir()


def test_narratives_are_seeded_synthetic_and_triads_sum_to_one():
    rows = synthetic_narratives(20, seed=3, collector="s1", cohort="2025-2026")
    assert rows == synthetic_narratives(20, seed=3, collector="s1", cohort="2025-2026")
    assert rows != synthetic_narratives(20, seed=3, collector="s2", cohort="2025-2026")
    assert all(r["notes"] == "synthetisch" for r in rows)
    assert all(abs(r["triad_a"] + r["triad_b"] + r["triad_c"] - 1) < 1e-9 for r in rows)
    assert len({r["id"] for r in rows}) == 20
