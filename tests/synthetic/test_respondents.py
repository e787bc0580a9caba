"""Synthetic respondents (kit.synthetic.respondents): seeded, marked synthetic, in range, and
shaped so the real scoring shows what was put in (group means, reverse items)."""

from __future__ import annotations

import pandas as pd

from kit.analysis.exclusion_index import DIMENSIONS
from kit.analysis.scales import TOTAL, load_key, score_answers
from kit.synthetic.respondents import (
    VIGNETTES,
    belonging_responses,
    exclusion_vignettes,
    reference_population,
)

KEY = load_key("iids-erbij-horen")


def test_population_is_seeded_in_range_and_synthetic():
    a, b = reference_population(n=120, seed=4), reference_population(n=120, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(reference_population(n=120, seed=5))
    assert a[list(DIMENSIONS)].min().min() >= 0 and a[list(DIMENSIONS)].max().max() <= 10
    assert a["synthetic"].all() and a["person"].is_unique


def test_vignettes_are_all_synthetic():
    table = exclusion_vignettes()
    assert len(table) == len(VIGNETTES) and table["synthetic"].all()


def test_group_means_come_back_through_the_real_scoring():
    answers = belonging_responses(KEY, {"laag": 60, "hoog": 60}, seed=7, missing_rate=0.0,
                                  group_means={"laag": 1.8, "hoog": 4.2})
    assert answers["code"].is_unique and answers["synthetic"].all()
    low, high = KEY.scale.min, KEY.scale.max
    items = [item.id for item in KEY.items]
    assert answers[items].min().min() >= low and answers[items].max().max() <= high
    totals = {group: sum(score_answers(KEY, {i: int(row[i]) for i in items}).scores[TOTAL]
                         for _, row in rows.iterrows()) / len(rows)
              for group, rows in answers.groupby("groep")}
    assert totals["laag"] < 2.6 < 3.4 < totals["hoog"]  # reverse items scored back the right way


def test_missing_answers_at_about_the_asked_rate():
    answers = belonging_responses(KEY, {"a": 200}, seed=2, missing_rate=0.2)
    share = answers[[item.id for item in KEY.items]].isna().to_numpy().mean()
    assert 0.15 < share < 0.25
