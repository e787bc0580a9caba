"""The demo stage on a small synthetic cohort, the benchmark data, and the plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kit.analysis import plots  # noqa: E402
from kit.analysis.agreement import agreement  # noqa: E402
from kit.analysis.coding import read_codings  # noqa: E402
from kit.analysis.concordance import kwic  # noqa: E402
from kit.analysis.cooccurrence import cooccurrence  # noqa: E402
from kit.analysis.keyness import keyness  # noqa: E402
from kit.bench.analysis import make_codings, make_texts  # noqa: E402
from kit.demo import DemoContext  # noqa: E402
from kit.demo.analysis import demo_stage  # noqa: E402


def test_demo_stage_codes_two_cohorts(tmp_path):
    from kit.narratives.framework import default_framework
    from kit.narratives.store import write_store
    from kit.synthetic.narratives import generate_corpus

    ctx = DemoContext(out=tmp_path, seed=11, quick=True)
    folders = {}
    for cohort in ctx.cohorts:
        folder = tmp_path / cohort / "mijn-werk"
        write_store(generate_corpus(60, seed=2, cohorts=[cohort]), folder, default_framework())
        folders[cohort] = folder
    ctx.results["narratives"] = folders
    summary = demo_stage(ctx)
    assert "coderingen in 2 cohorten" in summary
    for cohort, path in ctx.results["codings"].items():
        codings = read_codings(path)
        assert set(codings["coder"]) == {"A", "B"}
        assert (path.parent / "codeboek.yaml").exists()
        assert (path.parent / "analyse" / "keyness.csv").exists()
        assert 0.4 < ctx.results["agreement"][cohort]["alpha"] < 0.99
    assert ctx.results["dominant_corpus"].exists()
    again = DemoContext(out=tmp_path, seed=11, quick=True)  # `iids demo --stap analyse`: no results
    demo_stage(again)
    assert again.results["codings"] == ctx.results["codings"]


def test_demo_stage_without_narratives_says_so(tmp_path):
    from kit.errors import InputError

    with pytest.raises(InputError, match="draai eerst de stap 'narratieven'"):
        demo_stage(DemoContext(out=tmp_path, quick=True))


def test_benchmark_data_is_seeded():
    assert make_texts(5, ["a.", "b.", "c."], seed=3) == make_texts(5, ["a.", "b.", "c."], seed=3)
    codings = make_codings(100, ["x", "y"], seed=1)
    assert codings.equals(make_codings(100, ["x", "y"], seed=1))
    assert (codings["end"] > codings["start"]).all()


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


@pytest.mark.slow
def test_benchmark_runs_small_and_reports_three_figures_beside_peers():
    from kit.bench.analysis import run

    figures = run(quick=True)
    assert [f.name.split()[0].rstrip(",") for f in figures] == ["keyness", "samen", "overeenstemming"]
    assert all(f.kit > 0 and f.peer and f.peer > 0 and f.unit == "s" for f in figures)
