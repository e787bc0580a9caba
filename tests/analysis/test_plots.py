"""The analysis plots (kit.analysis.plots): Dutch labels, no small counts shown."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kit.analysis import plots  # noqa: E402
from kit.analysis.agreement import agreement  # noqa: E402
from kit.analysis.concordance import kwic  # noqa: E402
from kit.analysis.cooccurrence import cooccurrence  # noqa: E402
from kit.analysis.keyness import keyness  # noqa: E402


def test_every_plot_returns_axes_with_dutch_labels():
    codings = pd.DataFrame({"document": ["a", "a", "b"], "start": [0, 5, 0], "end": [4, 9, 4],
                            "code": ["x", "y", "x"], "coder": ["A", "A", "B"]})
    matrix = cooccurrence(codings)
    assert plots.plot_cooccurrence(matrix).get_title() == "Welke codes komen samen voor?"
    result = agreement(pd.concat([codings, codings.assign(coder="C")]))
    assert "betrouwbaar" in plots.plot_agreement(result).get_xlabel()
    table = keyness(["overlast overlast handhaving"] * 4, ["vriendin markt werk"] * 4, min_freq=1)
    assert "log ratio" in plots.plot_keyness(table).get_xlabel()
    signif = pd.DataFrame({"ik": [20, 0], "wij": [10, 30]}, index=["x", "y"])
    assert plots.plot_codes_by_signifier(signif).get_title() == "Bij welke hoek horen de codes?"
    rows = kwic({"a": "Ons huis. Een huis."}, "huis")
    assert plots.plot_dispersion(rows, {"a": "Ons huis. Een huis."}).get_title() == "Waar staat 'huis'?"


THEMES = pd.DataFrame({"sekswerkers": [40, 3, 25, 12], "vluchtelingen": [30, 22, 18, 6],
                       "woonwageninwoners": [15, 14, 11, 20]},
                      index=["erbij-horen", "wonen", "eigen-regie", "humor-veerkracht"])


def test_code_frequency_bars_never_show_a_small_count():
    from kit.analysis.frequencies import protected_counts, publishable

    ax = plots.plot_code_frequencies(THEMES)
    expected = protected_counts(THEMES)
    hidden = int(expected.isna().sum().sum())
    assert hidden >= 3  # the 3 and the 6, plus at least one cell that would give them away
    widths = sorted(p.get_width() for c in ax.containers for p in c)
    assert [w for w in widths if w] == sorted(float(v) for v in expected.stack().dropna())
    assert not any(0 < w < 10 for w in widths)
    # honest markers: "<10" on the small counts, "x" on the cells that protect them
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == hidden and texts.count("<10") == int(((THEMES > 0) & (THEMES < 10)).sum().sum())
    assert set(texts) <= {"<10", "x"}
    assert "verborgen" in ax.get_xlabel() and ax.get_xlabel().startswith("aantal narratieven")
    # the first code on top, the groups in the legend in the same order as the bars
    ticks = dict(zip((t.get_text() for t in ax.get_yticklabels()), ax.get_yticks(), strict=True))
    assert max(ticks, key=ticks.get) == "erbij-horen"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(THEMES.columns)
    # a table protected already (numbers or the strings of publishable) is drawn the same
    for protected in (expected, publishable(THEMES)):
        again = plots.plot_code_frequencies(protected)
        assert sorted(p.get_width() for c in again.containers for p in c) == widths


def test_code_frequency_bars_refuse_what_cannot_be_protected():
    from kit.errors import InputError
    from kit.privacy.disclosure import DisclosureRefused

    with pytest.raises(DisclosureRefused):
        plots.plot_code_frequencies(pd.DataFrame({"a": [3, 2], "b": [4, 40]}, index=["x", "y"]))
    half_protected = THEMES.astype("Int64").mask(THEMES == 40)
    with pytest.raises(InputError, match="niet goed beschermd"):
        plots.plot_code_frequencies(half_protected)
    with pytest.raises(InputError, match="aandelen"):
        plots.plot_code_frequencies(THEMES / 50, relative=True)
    ax = plots.plot_code_frequencies(THEMES / 50, relative=True, k=None)
    assert ax.get_xlabel() == "aandeel van de narratieven" and not ax.texts


def test_codes_by_signifier_heatmap_hides_small_cells():
    from kit.analysis.frequencies import protected_counts, publishable
    from kit.errors import InputError

    ax = plots.plot_codes_by_signifier(THEMES)
    texts = [t.get_text() for t in ax.texts]
    hidden = protected_counts(THEMES).isna().to_numpy().ravel()
    assert [text in ("<10", "x") for text in texts] == hidden.tolist()
    # shares are of all narratives with the code: 40 of 85 for erbij-horen
    assert texts[0] == "47%" and "verborgen" in ax.get_xlabel()
    with pytest.raises(InputError, match="aantallen zelf"):
        plots.plot_codes_by_signifier(publishable(THEMES))
