"""Indicators computed from the registry (kit.evaluation.indicators) count what it holds."""

from __future__ import annotations

from kit.evaluation import indicators as ind
from kit.evaluation.registry import Registry
from kit.synthetic.registry import synthetic_registry


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
