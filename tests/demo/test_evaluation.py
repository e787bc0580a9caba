"""The evaluation demo stage (kit.demo.evaluation) builds its own courses and writes the report."""

from __future__ import annotations

import pytest

from kit.demo import DemoContext


@pytest.mark.slow
def test_demo_stage_builds_its_own_courses_and_writes_the_report(tmp_path):
    vault = tmp_path / "kluis"
    vault.mkdir(mode=0o700)
    ctx = DemoContext(out=tmp_path, vault=vault, quick=True)
    summary = ctx_summary = None
    from kit.demo.evaluation import demo_stage

    summary = demo_stage(ctx)
    ctx_summary = ctx.results["report"]
    assert ctx_summary.name == "index.html" and ctx_summary.is_file()
    assert "2 cohorten geoogst" in summary
    # the method section names what is synthetic, and says the test scores were really run
    html = ctx_summary.read_text("utf-8")
    method = html[html.index('id="bronnen"'):html.index('id="indicatoren"')]
    assert "Synthetisch in dit oefenrapport" in method and "echt uitgevoerd" in method
    assert "gesimuleerd)" not in html  # no simulated test output anywhere in the report
    for cohort in ctx.cohorts:
        assert (tmp_path / "evaluatie" / "oogst" / cohort / "grades.csv").is_file()
    assert (vault / "oogst-sleutel.key").stat().st_mode & 0o077 == 0
