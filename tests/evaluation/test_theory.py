"""The default theory of change (kit.evaluation.theory) names only indicators that exist."""

from __future__ import annotations

import kit.evaluation.indicators  # noqa: F401  (registers the indicators)
from kit.evaluation.indicator_registry import registered
from kit.evaluation.theory import THEORY_COLUMNS, default_theory


def test_columns_and_unique_ids():
    theory = default_theory()
    assert list(theory.columns) == THEORY_COLUMNS
    assert theory["id"].is_unique and len(theory) >= 1
    assert not (theory[["van", "naar", "aanname", "risico"]] == "").any().any()


def test_every_link_names_registered_indicators():
    known = {ind.id for ind in registered()}
    for link in default_theory().itertuples():
        ids = link.indicatoren.split(";")
        assert ids and all(ids), link.id
        assert set(ids) <= known, f"{link.id}: onbekend {sorted(set(ids) - known)}"


def test_a_fresh_copy_each_call():
    first = default_theory()
    first.loc[0, "van"] = "gewijzigd"
    assert default_theory().loc[0, "van"] != "gewijzigd"
