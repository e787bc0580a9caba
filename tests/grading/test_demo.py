"""The grading demo stage in quick mode: two cohorts, five assignments, a graded course each."""

from __future__ import annotations

import pytest

from kit.demo import DemoContext

pytestmark = pytest.mark.slow


def test_demo_stage_quick(tmp_path, isolated_jupyter):
    from nbgrader.api import Gradebook

    from kit.grading.demo import demo_stage

    ctx = DemoContext(out=tmp_path, quick=True)
    summary = demo_stage(ctx)
    assert "2 cohorten x 6 studenten x 5 opdrachten" in summary and "gemodereerd" in summary
    courses = ctx.results["courses"]
    assert list(courses) == ctx.cohorts
    for root in courses.values():
        with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "iids") as gb:
            assert len(gb.students) == 6
            assert {a.name for a in gb.assignments} == {
                "discoursanalyse", "onderzoeksplan", "narratieven", "dialoogtafel",
                "handreiking"}
            submissions = gb.assignment_submissions("narratieven")
            assert len(submissions) == 6
            assert all(not s.needs_manual_grade or any(
                g.needs_manual_grade for nb in s.notebooks for g in nb.grades)
                for s in submissions)
        assert (root / "export" / "brightspace-import.csv").is_file()
        # after moderation every submission has a grade
        import csv

        rows = list(csv.DictReader((root / "export" / "cijfers-per-opdracht.csv").open()))
        assert len(rows) == 30 and all(r["complete"] == "True" and r["grade"] for r in rows)
        assert len(list((root / "feedback").glob("*/*/*.html"))) == 30
