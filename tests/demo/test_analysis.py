"""The analysis demo stage (kit.demo.analysis) on a small synthetic cohort."""

from __future__ import annotations

import pytest

from kit.analysis.coding import read_codings
from kit.demo import DemoContext
from kit.demo.analysis import demo_stage


def test_demo_stage_codes_two_cohorts(tmp_path, capsys):
    from kit.narratives.framework import default_framework
    from kit.narratives.store import write_store
    from kit.synthetic.narratives import generate_corpus

    ctx = DemoContext(out=tmp_path, seed=11, quick=True)
    folders = {}
    for cohort in ctx.cohorts:
        folder = tmp_path / cohort / "mijn-werk"
        write_store(generate_corpus(60, seed=2, cohorts=[cohort]), folder, default_framework())
        folders[cohort] = folder
    ctx.results["narratives"] = folders
    summary = demo_stage(ctx)
    assert "coderingen in 2 cohorten" in summary
    for cohort, path in ctx.results["codings"].items():
        codings = read_codings(path)
        assert set(codings["coder"]) == {"A", "B"}
        assert (path.parent / "codeboek.yaml").exists()
        assert (path.parent / "analyse" / "keyness.csv").exists()
        assert 0.4 < ctx.results["agreement"][cohort]["alpha"] < 0.99
    assert ctx.results["dominant_corpus"].exists()
    assert "opnieuw" not in capsys.readouterr().out
    first = {c: p.read_bytes() for c, p in ctx.results["codings"].items()}
    again = DemoContext(out=tmp_path, seed=11, quick=True)  # `iids demo --stap analyse`: no results
    demo_stage(again)
    assert again.results["codings"] == ctx.results["codings"]
    # a rerun says it made the analysis again; the result is the same
    log = capsys.readouterr().out
    for cohort, path in again.results["codings"].items():
        assert f"{cohort}: 60 narratieven coderen door codeur A en B (opnieuw gemaakt: de " \
            "coderingen en analyse van een eerdere run worden vervangen)" in log
        assert path.read_bytes() == first[cohort]


def test_demo_stage_without_narratives_says_so(tmp_path):
    from kit.errors import InputError

    with pytest.raises(InputError, match="draai eerst de stap 'narratieven'"):
        demo_stage(DemoContext(out=tmp_path, quick=True))
