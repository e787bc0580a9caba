"""Figures that tell groups apart do it with a second channel (marker or hatch), not colour alone."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kit.plotstyle import PALETTE, group_style  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _shape(collection) -> tuple:
    path = collection.get_paths()[0]
    return tuple(map(tuple, path.vertices.round(3)))


def test_the_palette_is_okabe_ito_and_every_group_differs_in_shape_too():
    assert PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")
    styles = [group_style(i) for i in range(12)]
    assert len({(s["color"], s["marker"]) for s in styles}) == 12
    assert len({s["marker"] for s in styles[:8]}) == 8 and len({s["hatch"] for s in styles[:8]}) == 8


def test_ternary_groups_have_their_own_markers():
    from kit.narratives.framework import default_framework
    from kit.narratives.plots import ternary_plot
    from kit.synthetic.narratives import generate_corpus

    ax = ternary_plot(generate_corpus(120, seed=1), default_framework(), "steun", color_by="community")
    groups = [c for c in ax.collections if len(c.get_offsets())]
    assert len(groups) >= 3 and len({_shape(c) for c in groups}) == len(groups)


def test_bars_of_groups_have_their_own_hatches():
    from kit.analysis.plots import plot_code_frequencies
    from kit.narratives.framework import default_framework
    from kit.narratives.plots import dyad_plot
    from kit.synthetic.narratives import generate_corpus

    ax = plot_code_frequencies(pd.DataFrame({"a": [0.2, 0.1], "b": [0.3, 0.4], "c": [0.1, 0.2]},
                                            index=["x", "y"]), relative=True, k=None)
    assert len({str(p.get_hatch()) for p in ax.patches}) == 3
    ax = dyad_plot(generate_corpus(120, seed=1), default_framework(), "welkom", by="community")
    assert len({str(p.get_hatch()) for p in ax.patches}) >= 3


def test_party_types_have_their_own_markers():
    from kit.dialogue.examples import example_stakeholders
    from kit.dialogue.plots import power_interest_grid

    parties = example_stakeholders("sekswerkers")
    ax = power_interest_grid(parties)
    shapes = {}
    for party, collection in zip(parties, ax.collections, strict=False):
        shapes.setdefault(party.type, set()).add(_shape(collection))
    assert len(shapes) >= 3
    assert len({next(iter(s)) for s in shapes.values()}) == len(shapes)  # one shape per type
