"""Plot helpers draw what they are given and return their Axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from kit.errors import InputError  # noqa: E402
from kit.narratives.plots import (  # noqa: E402
    dyad_plot,
    groups_side_by_side,
    predict_first_plot,
    stones_plot,
    ternary_plot,
)


def test_ternary_plot_filters_and_colours(framework, corpus):
    ax = ternary_plot(corpus, framework, "steun", color_by="community",
                      filters={"month_from": "2025-01"}, minimum=60)
    later = corpus[corpus["month"] >= "2025-01"]
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == len(later)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    small = {g for g, n in later["community"].value_counts().items() if n < 60}
    assert small and len(labels) == 6
    assert {t.split(" (")[0] for t in labels if "te weinig" in t} == small
    plt.close("all")


def test_small_sample_title_warns(framework, corpus):
    ax = ternary_plot(corpus.head(20), framework, "steun")
    assert "maar 20 verhalen" in ax.get_title()
    plt.close("all")


def test_wrong_axes_and_kinds(framework, corpus):
    _, ax = plt.subplots()
    with pytest.raises(InputError):
        ternary_plot(corpus, framework, "steun", ax=ax)
    with pytest.raises(InputError):
        ternary_plot(corpus, framework, "welkom")
    with pytest.raises(InputError):
        ternary_plot(corpus, framework, "steun", color_by="wie")
    plt.close("all")


def test_side_by_side_dyad_stones_predict(framework, corpus):
    axes = groups_side_by_side(corpus, framework, "steun", "community", groups=["sekswerkers", "vluchtelingen"])
    assert [a.get_title().split(" (")[0] for a in axes] == ["sekswerkers", "vluchtelingen"]
    ax = dyad_plot(corpus, framework, "welkom", by="setting")
    assert len(ax.get_yticklabels()) == corpus["setting"].nunique()
    ax = stones_plot(corpus, framework, "plekken")
    assert len(ax.get_legend().get_texts()) == 5
    ax = predict_first_plot((0.2, 0.2, 0.6), corpus, framework, "steun", show_data=False)
    assert len(ax.collections) == 1
    plt.close("all")
