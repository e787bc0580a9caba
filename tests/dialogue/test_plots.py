"""Plots: each helper draws on a given Axes and returns it, with what the reader needs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from kit.dialogue.examples import example_record, example_relations, example_stakeholders  # noqa: E402
from kit.dialogue.plots import power_interest_grid, relation_diagram, vote_chart  # noqa: E402


def test_grid_places_every_party_on_the_given_axes():
    fig, ax = plt.subplots()
    parties = example_stakeholders()
    assert power_interest_grid(parties, ax=ax) is ax
    labels = {t.get_text() for t in ax.texts}
    assert {"nauw betrekken", "informeren"} <= labels
    assert len(ax.collections) == len(parties)
    offsets = [tuple(c.get_offsets()[0]) for c in ax.collections]
    assert offsets[0] == (5.0, 2.0)  # community: interest 5, influence 2
    plt.close(fig)


def test_relation_diagram_draws_one_line_per_relation_and_centres_the_community():
    fig, ax = plt.subplots()
    relations = example_relations("arbeidsmigranten")
    relation_diagram(example_stakeholders("arbeidsmigranten"), relations, ax=ax)
    assert len(ax.lines) == len(relations)
    assert tuple(ax.collections[0].get_offsets()[0]) == (0.0, 0.0)
    plt.close(fig)


def test_vote_chart_stacks_the_counts():
    fig, ax = plt.subplots()
    vote_chart(example_record("arbeidsmigranten"), ax=ax)
    widths = sorted(round(p.get_width()) for p in ax.patches)
    assert widths == [0, 0, 1, 3, 8, 11]  # S1: 8 voor, 3 tegen, 0; S2: 11 voor, 0 tegen, 1
    plt.close(fig)
