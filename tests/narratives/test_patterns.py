"""Pattern functions: clicks to shares, regions, filters, predict first, small-group warnings."""

from __future__ import annotations

import numpy as np
import pytest

from kit.errors import InputError
from kit.narratives.patterns import (
    barycentric_to_xy,
    click_to_barycentric,
    compare_prediction,
    dyad_summary,
    filter_narratives,
    group_warnings,
    region_mask,
    stories_like_these,
    triad_means,
)


@pytest.mark.parametrize("shares", [(1, 0, 0), (0.2, 0.3, 0.5), (0.5, 0.5, 0), (0.33, 0.33, 0.34)])
def test_click_round_trip(shares):
    x, y = barycentric_to_xy(shares)
    assert click_to_barycentric(x, y) == pytest.approx(shares, abs=0.011)
    assert sum(click_to_barycentric(x, y)) == pytest.approx(1)


def test_clicks_outside_land_on_the_edge():
    for x, y in [(-50, -50), (150, 400), (0, 140), (299, 0)]:
        shares = click_to_barycentric(x, y)
        assert min(shares) == 0 and sum(shares) == pytest.approx(1)


def test_regions(framework, corpus):
    ids = [c.id for c in framework.signifier("steun").corners]
    pts = np.array([[0.05, 0.9, 0.05], [0.45, 0.5, 0.05], [0.3, 0.35, 0.35], [0.5, 0.3, 0.2]])
    assert region_mask(pts, "hoek:eigen_kring", ids).tolist() == [True, False, False, False]
    assert region_mask(pts, "rand:ikzelf-eigen_kring", ids).tolist() == [False, True, False, False]
    assert region_mask(pts, "midden").tolist() == [False, False, True, False]
    with pytest.raises(InputError):
        region_mask(pts, "hoek:bank", ids)
    with pytest.raises(InputError):
        region_mask(pts, "ergens")


def test_stories_like_these_with_polygon(framework, corpus):
    lower_half = [(0.5, 0.5, 0), (0, 1, 0), (0, 0, 1), (0.5, 0, 0.5)]
    found = stories_like_these(corpus, framework, "steun", lower_half)
    assert len(found) > 0 and (found["steun.ikzelf"] <= 0.501).all()
    others = corpus.drop(found.index).dropna(subset=["steun.ikzelf"])
    assert (others["steun.ikzelf"] >= 0.499).all()
    assert {"title", "text"} <= set(found.columns)


def test_filters(framework, corpus):
    f = filter_narratives(corpus, framework, community=["sekswerkers", "vluchtelingen"],
                          month_from="2025-01", wie=["bank", "politie"])
    assert len(f) > 0
    assert set(f["community"]) <= {"sekswerkers", "vluchtelingen"} and (f["month"] >= "2025-01").all()
    assert f["wie"].str.contains("bank|politie").all()
    with pytest.raises(InputError):
        filter_narratives(corpus, framework, adres="x")


def test_predict_first(framework, corpus):
    sex = corpus[corpus["community"] == "sekswerkers"]
    far = compare_prediction((0, 0, 1), sex, framework, "steun")
    near = compare_prediction(tuple(triad_means(sex, framework, "steun").iloc[0, :3]), sex, framework, "steun")
    assert near["afstand"] < 0.01 < far["afstand"]
    assert "ver van je voorspelling" in far["uitleg"]
    with pytest.raises(InputError):
        compare_prediction((0.5, 0.6, 0.2), sex, framework, "steun")


def test_small_groups_warn(corpus):
    warnings = group_warnings(corpus.head(120), "community")
    assert warnings and all("te" in w or "minder dan 50" in w for w in warnings)
    assert group_warnings(corpus, "synthetic") == []


def test_dyad_summary_per_group(framework, corpus):
    table = dyad_summary(corpus, framework, "welkom", by="community")
    assert table["aantal"].sum() == len(corpus)
    assert (table["kwartiel_1"] <= table["mediaan"]).all()
    with pytest.raises(InputError):
        dyad_summary(corpus, framework, "steun")
