"""The grading demo stage in quick mode: two cohorts, five assignments, a graded course each.

The demo grades honestly: every submission was executed by the autograder (each test
cell has run), nothing in the gradebook's outputs, feedback or export carries a
simulated marker, and the kernels ran quietly over IPC.
"""

from __future__ import annotations

import pytest

from kit.demo import DemoContext
from tests.grading.conftest import read_export

pytestmark = pytest.mark.slow

ASSIGNMENTS = {"discoursanalyse", "onderzoeksplan", "narratieven", "dialoogtafel", "handreiking"}


def test_demo_stage_quick(tmp_path, isolated_jupyter, capfd):
    import nbformat
    from nbgrader.api import Gradebook

    from kit.demo.grading import QUICK_COHORT_SIZE, demo_stage

    n = QUICK_COHORT_SIZE
    ctx = DemoContext(out=tmp_path, quick=True)
    summary = demo_stage(ctx)
    assert f"2 cohorten x {n} studenten x 5 opdrachten" in summary and "gemodereerd" in summary
    assert "elke inlevering uitgevoerd" in summary and "synthetisch" in summary
    captured = capfd.readouterr()
    assert "Kernel is running over TCP" not in captured.out + captured.err
    assert "MissingIDFieldWarning" not in captured.out + captured.err
    courses = ctx.results["courses"]
    assert list(courses) == ctx.cohorts
    for root in courses.values():
        with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "iids") as gb:
            assert len(gb.students) == n
            assert {a.name for a in gb.assignments} == ASSIGNMENTS
            submissions = gb.assignment_submissions("narratieven")
            assert len(submissions) == n
            assert all(not s.needs_manual_grade or any(
                g.needs_manual_grade for nb in s.notebooks for g in nb.grades)
                for s in submissions)
        assert (root / "export" / "brightspace-import.csv").is_file()
        # every submission of every assignment was executed: each code cell has run
        graded = sorted((root / "autograded").glob("*/*/*.ipynb"))
        assert len(graded) == n * len(ASSIGNMENTS)
        for path in graded:
            nb = nbformat.read(str(path), as_version=4)
            tests = [c for c in nb.cells if c.cell_type == "code"
                     and c.metadata.get("nbgrader", {}).get("grade")]
            assert all(c.execution_count for c in tests), path
        # nothing the demo produced carries a simulated test output
        for folder in ("autograded", "feedback", "export"):
            for path in (root / folder).rglob("*"):
                if path.suffix in {".ipynb", ".html", ".csv"}:
                    assert "gesimuleerd" not in path.read_text("utf-8"), path
        # after moderation every submission has a grade
        rows = read_export(root / "export" / "cijfers-per-opdracht.csv")
        assert len(rows) == n * len(ASSIGNMENTS)
        assert all(r["compleet"] == "ja" and r["cijfer"] for r in rows)
        assert len(list((root / "feedback").glob("*/*/*.html"))) == n * len(ASSIGNMENTS)
