"""Figures tell groups apart with a second channel (marker or hatch), not colour alone, and write
every number the Dutch way (decimal comma, thousands dot, percentages), also on ternary axes."""

from __future__ import annotations

import re

import matplotlib
import matplotlib.text

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


# --------------------------------------------------------------------------- Dutch numbers on the axes

def _cases():
    from kit.analysis import plots as ap
    from kit.analysis.agreement import agreement
    from kit.dialogue import plots as dp
    from kit.dialogue.examples import example_record, example_relations, example_stakeholders
    from kit.evaluation import plots as ep
    from kit.narratives import plots as nplots
    from kit.narratives.framework import default_framework
    from kit.synthetic.narratives import generate_corpus

    fw, corpus = default_framework(), generate_corpus(120, seed=1)
    codings = pd.DataFrame({"document": ["d"] * 4, "start": [0, 0, 5, 5], "end": [4, 4, 9, 9],
                            "code": ["x", "x", "y", "x"], "coder": ["A", "B", "A", "B"]})
    keyness = pd.DataFrame({"woord": ["overlast", "vriendin"], "log_likelihood": [30.0, 20.0],
                            "log_ratio": [1.5, -0.7], "meer_in": ["A", "B"]})
    keyness.attrs["namen"] = ("A", "B")
    return {
        "plot_code_frequencies": lambda: ap.plot_code_frequencies(
            pd.DataFrame({"sekswerkers": [1400, 3, 25], "vluchtelingen": [30, 22, 1800]}, index=["a", "b", "c"]), k=None),
        "plot_code_frequencies (aandelen)": lambda: ap.plot_code_frequencies(
            pd.DataFrame({"a": [0.2, 0.1], "b": [0.3, 0.45]}, index=["x", "y"]), relative=True, k=None),
        "plot_cooccurrence": lambda: ap.plot_cooccurrence(pd.DataFrame([[2, 1], [1, 3]], index=["a", "b"], columns=["a", "b"])),
        "plot_keyness": lambda: ap.plot_keyness(keyness),
        "plot_agreement": lambda: ap.plot_agreement(agreement(codings)),
        "plot_codes_by_signifier": lambda: ap.plot_codes_by_signifier(
            pd.DataFrame({"ik": [30, 12, 3], "wij": [10, 20, 25], "zij": [20, 4, 30]}, index=["a", "b", "c"]), k=None),
        "plot_dispersion": lambda: ap.plot_dispersion(pd.DataFrame({"document": ["a"], "start": [5], "woord": ["huis"]}),
                                                      {"a": "Ons huis is klein."}),
        "power_interest_grid": lambda: dp.power_interest_grid(example_stakeholders()),
        "relation_diagram": lambda: dp.relation_diagram(example_stakeholders(), example_relations()),
        "vote_chart": lambda: dp.vote_chart(example_record()),
        "plot_participation": lambda: ep.plot_participation(pd.DataFrame(
            {"period": ["jaar 1", "jaar 1"], "party_type": ["gemeente", "bedrijfsleven"], "participants": ["1200", "2500"]})),
        "plot_attendance": lambda: ep.plot_attendance(pd.DataFrame(
            {"period": ["jaar 1"], "party_type": ["gemeente"], "attendance": ["35"]})),
        "plot_products": lambda: ep.plot_products(pd.DataFrame({"period": ["jaar 1"], "o": ["onderwijs"], "products": ["3"]})),
        "plot_learning_outcomes": lambda: ep.plot_learning_outcomes(pd.DataFrame(
            {"assignment": ["a", "b"], "cohort": ["2026", "2026"], "mean_fraction": ["0.62", "0.81"]})),
        "plot_signifiers": lambda: ep.plot_signifiers(pd.DataFrame(
            {"signifier": ["plekken.buurt.x", "steun.ik"], "cohort": ["2026", "2026"], "mean": ["0.62", "0.41"]})),
        "ternary_plot": lambda: nplots.ternary_plot(corpus, fw, "steun", color_by="community"),
        "groups_side_by_side": lambda: nplots.groups_side_by_side(corpus, fw, "steun", "community"),
        "dyad_plot": lambda: nplots.dyad_plot(corpus, fw, "welkom", by="community"),
        "stones_plot": lambda: nplots.stones_plot(corpus, fw, "plekken"),
        "predict_first_plot": lambda: nplots.predict_first_plot((0.6, 0.2, 0.2), corpus, fw, "steun"),
    }


_CASES = list(_cases())


def _tick_labels(out) -> dict[str, list[str]]:
    """Every tick label a reader sees, per axis, after drawing the figure for real."""
    first = out[0] if isinstance(out, (list, tuple)) else out
    figure = first.figure
    figure.canvas.draw()
    seen: dict[str, list[str]] = {}
    for i, ax in enumerate(figure.get_axes()):
        for name in ("xaxis", "yaxis", "taxis", "laxis", "raxis"):
            axis = getattr(ax, name, None)
            if axis is not None:
                seen[f"{i}.{name}"] = [t.get_text() for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
    return seen


#: What a Dutch reader expects on one axis of one figure (the figure's numeric axes).
_EXPECTED = {
    "plot_code_frequencies": ("0.xaxis", "1.500"),
    "plot_code_frequencies (aandelen)": ("0.xaxis", "20%"),
    "plot_agreement": ("0.xaxis", "0,2"),
    "plot_dispersion": ("0.xaxis", "40%"),
    "relation_diagram": ("0.xaxis", "0,5"),
    "plot_participation": ("0.yaxis", "1.000"),
    "plot_learning_outcomes": ("0.yaxis", "60%"),
    "plot_signifiers": ("0.yaxis", "0,6"),
    "plot_signifiers ": ("0.xaxis", "plekken: buurt (horizontaal)"),  # a label, not the column id
}


@pytest.mark.parametrize("case", _CASES)
def test_every_plot_writes_dutch_numbers_on_its_axes(case):
    seen = _tick_labels(_cases()[case]())
    numeric = [label for labels in seen.values() for label in labels if re.search(r"\d", label)]
    wrong = [label for label in numeric
             if re.search(r"\d\.\d{1,2}(?!\d)", label) or re.fullmatch(r"[\u2212-]?\d{4,}", label)]
    assert not wrong, f"{case}: Engelse notatie op de as: {wrong} ({seen})"
    figure = plt.gcf()  # titles, labels, legends and numbers written in the plot: no 0.5 either
    written = [t.get_text() for t in figure.findobj(matplotlib.text.Text)]
    assert not [t for t in written if re.search(r"\d\.\d{1,2}(?!\d)", t)], (case, written)
    for name in (case, case + " "):
        if name in _EXPECTED:
            axis, label = _EXPECTED[name]
            assert label in seen[axis], (case, seen)


def test_ternary_axes_count_in_dutch_percentages():
    import mpltern  # noqa: F401

    from kit.narratives.framework import default_framework
    from kit.narratives.plots import ternary_plot
    from kit.plotstyle import dutch_axes
    from kit.synthetic.narratives import generate_corpus

    fig = plt.figure()
    ax = fig.add_subplot(projection="ternary")
    ax.scatter([0.2, 0.5], [0.3, 0.25], [0.5, 0.25])
    dutch_axes(fig)
    seen = _tick_labels(ax)
    for name in ("0.taxis", "0.laxis", "0.raxis"):
        assert seen[name] == ["0%", "20%", "40%", "60%", "80%", "100%"], seen
    # the kit's own triad figures hide these ticks (the corners say it), but write them the same way
    kit_ax = ternary_plot(generate_corpus(60, seed=1), default_framework(), "steun")
    kit_ax.figure.canvas.draw()
    for axis in (kit_ax.taxis, kit_ax.laxis, kit_ax.raxis):
        assert axis.get_major_formatter().format_ticks([0.0, 0.25, 0.5]) == ["0%", "25%", "50%"]


def _plot_functions():
    """Every public function of the kit that draws a figure someone sees: it takes an ``ax`` or
    makes a figure itself (the bench's timing figures are never shown)."""
    import importlib
    import inspect
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "kit"
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        timing = {"bench", "benchmarking.py", "bench.py"} & set(path.parts)
        if ("matplotlib" not in text and "mpltern" not in text) or timing or path.name == "plotstyle.py":
            continue
        name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        module = importlib.import_module(name)
        for attr, fn in vars(module).items():
            if not inspect.isfunction(fn) or attr.startswith("_") or fn.__module__ != name:
                continue
            source = inspect.getsource(inspect.unwrap(fn))
            if "ax" in inspect.signature(fn).parameters or re.search(r"subplots?\(|plt\.figure\(", source):
                found.append((name, attr, fn, source))
    return found


def test_every_plot_function_of_the_kit_goes_through_dutch_numbers():
    functions = _plot_functions()
    assert len(functions) >= 20, [f"{m}.{a}" for m, a, _f, _s in functions]
    dutch = {a for _m, a, fn, _s in functions if getattr(fn, "dutch_numbers", False)}
    # a function passes when it is wrapped, calls dutch_axes, or draws only through a wrapped one
    missing = [f"{m}.{a}" for m, a, fn, source in functions
               if a not in dutch and "dutch_axes(" not in source and not any(f"{d}(" in source for d in dutch)]
    assert not missing, f"plotfuncties zonder Nederlandse getallen (kit.plotstyle.dutch_numbers): {missing}"
