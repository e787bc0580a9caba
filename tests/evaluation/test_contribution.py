"""Decision and contribution tables (kit.evaluation.contribution) on known numbers."""

from __future__ import annotations

import pandas as pd

from kit.evaluation import indicators as ind
from kit.evaluation.contribution import contribution_table, decision_table, default_theory


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
