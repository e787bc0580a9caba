"""The demo stage, the command line's help, indicators and contribution on known numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.cli import main
from kit.demo import DemoContext
from kit.evaluation import indicators as ind
from kit.evaluation.contribution import contribution_table, decision_table, default_theory
from kit.evaluation.registry import Registry, synthetic_registry


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


def test_help_is_dutch(capsys):
    assert main(["harvest", "--help"]) == 0
    out = capsys.readouterr().out
    assert "gebruik: iids harvest" in out and "pseudoniemen" in out
    assert main(["evaluate", "--help"]) == 0
    assert "--registry-template" in capsys.readouterr().out
    assert main(["evaluate"]) == 2
    assert "uitvoermap" in capsys.readouterr().err


def _registry(seed=8):
    return Registry(synthetic_registry(seed=seed), source="synthetisch.xlsx", checksum="")


def test_registry_indicators_count_what_the_registry_holds():
    registry = _registry()
    frame = ind.compute_indicators({}, registry)
    value = frame.set_index(["indicator_id", "period"])["value"]
    acts = registry["Activiteiten"]
    start = ind.project_start(registry)
    first_year = acts[acts["datum"].map(lambda d: ind.period_of(d, start)) == "jaar 1"]
    assert value[("activiteiten_aantal", "jaar 1")] == len(first_year)
    products = registry["Producten"]
    total = sum(value[(f"producten_{o.lower()}", p)] for o in
                ("Onderzoek", "Ontwikkeling", "Onderwijs", "Ondersteuning")
                for p in ("jaar 1", "jaar 2"))
    assert total == len(products)
    assert 0 <= value[("praktijkvragen_aandeel", "jaar 1")] <= 1


def test_contribution_and_decision_on_known_numbers():
    rows = [ind._row("samenwerking_community_deelnemers", "jaar 1", 4, 4),
            ind._row("samenwerking_community_deelnemers", "jaar 2", 25, 25),
            ind._row("praktijkvragen_aandeel", "jaar 1", 0.7),
            ind._row("praktijkvragen_aandeel", "jaar 2", 0.4)]
    trend = ind.trend(pd.DataFrame(rows))
    criteria = pd.DataFrame([
        {"id": "C1", "criterium": "community", "indicator": "samenwerking_community_deelnemers",
         "drempel": 10.0, "richting": "minimaal", "toelichting": ""},
        {"id": "C2", "criterium": "praktijk", "indicator": "praktijkvragen_aandeel",
         "drempel": 0.5, "richting": "minimaal", "toelichting": ""},
        {"id": "C3", "criterium": "onbekend", "indicator": "bestaat_niet",
         "drempel": None, "richting": "minimaal", "toelichting": ""}])
    decision = decision_table(criteria, trend).set_index("criterion_id")
    assert decision.loc["C1", "comparison"] == "voldoet"
    assert decision.loc["C1", "earlier_value"] == "<10"  # 4 persons are never shown
    assert decision.loc["C2", "comparison"] == "voldoet niet"
    assert decision.loc["C2", "latest_value"] == "40%"
    assert decision.loc["C3", "comparison"] == "geen gegevens"
    links = contribution_table(default_theory(), trend).set_index("link_id")
    assert links.loc["L2", "evidence_status"] == "deels onderbouwd"  # falls and incomplete
    assert "<10 -> 25" in links.loc["L1", "evidence"]
    assert links.loc["L5", "evidence_status"] == "geen bewijs"


def test_follow_up_of_dialogue_agreements():
    assert ind.follow_up_state({"follow_up": "Plan (bezig, 2026-01-01)"}) == "vervolg in gang of gedaan"
    assert ind.follow_up_state({"status": "open"}) == "vervolg gepland"
