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


def test_demo_stage_quick(tmp_path, isolated_jupyter, capfd, monkeypatch):
    import os

    import nbformat
    from nbgrader.api import Gradebook

    from kit.demo.grading import QUICK_COHORT_SIZE, demo_stage
    from kit.grading import kernels

    # who starts fork servers (the cohort processes write here too: a file, not a list)
    starts = tmp_path / "fork-servers.txt"
    real_init = kernels.ForkServer.__init__

    def counted_init(self, modules=()):
        with starts.open("a") as f:
            f.write(f"{os.getpid()} {' '.join(modules)}\n")
        real_init(self, modules)

    monkeypatch.setattr(kernels.ForkServer, "__init__", counted_init)
    # what an earlier run left: a gradebook and a page of a student who is not in this run
    old = tmp_path / "beoordeling" / "2023-2024"
    (old / "feedback" / "st9999999" / "narratieven").mkdir(parents=True)
    (old / "gradebook.db").write_bytes(b"")
    (old / "feedback" / "st9999999" / "narratieven" / "narratieven.html").write_text("oud")
    n = QUICK_COHORT_SIZE
    ctx = DemoContext(out=tmp_path, quick=True)
    summary = demo_stage(ctx)
    assert f"2 cohorten x {n} studenten x 5 opdrachten" in summary and "gemodereerd" in summary
    assert "elke inlevering uitgevoerd" in summary and "synthetisch" in summary
    captured = capfd.readouterr()
    # a rerun says what it found and that it grades again; nothing of the old run stays
    assert "een beoordeling van een eerdere run gevonden (2023-2024)" in captured.out
    assert "opnieuw ingeleverd en nagekeken" in captured.out
    assert not (old / "feedback" / "st9999999").exists()
    # the cohorts were graded side by side, each in a process of its own, and shared one
    # fork server per kind of notebook, all started by the demo process before the fork
    graded_by = ctx.results["graded_by"]
    assert len(set(graded_by.values())) == 2 and os.getpid() not in graded_by.values()
    servers = starts.read_text().splitlines()
    assert {line.split()[0] for line in servers} == {str(os.getpid())}
    assert len(servers) == len(set(servers))
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


def test_an_error_in_a_cohort_process_reaches_the_demo(tmp_path, monkeypatch):
    """A cohort graded in its own process that stops with a Dutch error stops the demo with
    that same error (exit 2 through the CLI, no traceback); the other cohort still ends."""
    import os

    import kit.demo.grading as grading
    from kit.errors import InputError

    def grade(ctx, template, base, cohort, n):
        if cohort == "2024-2025":
            raise InputError("de rubriek ontbreekt", path=base / cohort / "rubriek.yaml")
        (base / f"{cohort}.klaar").write_text(str(os.getpid()))
        return base / cohort, {"graded": n}

    monkeypatch.setattr(grading, "_grade_demo_cohort", grade)
    ctx = DemoContext(out=tmp_path, quick=True)
    with pytest.raises(InputError, match="de rubriek ontbreekt") as caught:
        grading._grade_side_by_side(ctx, None, tmp_path, 3)
    assert caught.value.path == str(tmp_path / "2024-2025" / "rubriek.yaml")
    done = tmp_path / "2023-2024.klaar"
    assert done.is_file() and done.read_text() != str(os.getpid())
