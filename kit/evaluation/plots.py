"""Figures of the weegmoment report (thin matplotlib layers over published tables).

Every helper takes ``ax=None`` and returns the Axes. They draw from the
*published* tables: a hidden cell (``"<10"``, ``"x"``, ``"1 org."``) is never drawn as a
number and never as 0, but as an empty hatched bar of fixed height labelled with its
marker; a bar that adds up cells of which one is hidden is hidden too.
:func:`figure_svg` renders a figure reproducibly: a fixed font, a fixed SVG
hash salt and no date in the metadata, so the same data give the same bytes.

>>> import pandas as pd
>>> t = pd.DataFrame({"period": ["jaar 1", "jaar 1"], "party_type": ["gemeente", "bedrijfsleven"],
...                   "participants": ["12", "<10"]})
>>> ax = plot_participation(t)
>>> [(str(p.get_hatch()), round(float(p.get_height()), 1)) for p in ax.patches]
[('///', 1.2), ('..', 12.0)]
>>> [t.get_text() for t in ax.texts][:1]
['<10']
>>> svg = figure_svg(ax.figure)
>>> svg == figure_svg(ax.figure), svg.startswith("<?xml")
(True, True)
"""

from __future__ import annotations

from typing import Any

from kit.evaluation.numbers import signifier_label
from kit.plotstyle import bar_style, dutch_numbers, percent_axis

__all__ = ["STYLE", "HIDDEN_HATCH", "numeric", "hidden_marks", "plot_participation", "plot_attendance", "plot_products",
           "plot_learning_outcomes", "plot_signifiers", "figure_svg"]

#: rcParams that make figures identical from run to run.
STYLE = {
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "iids-weegmoment",
    "svg.fonttype": "path",
    "figure.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

#: The hatch of a hidden cell's empty placeholder bar (groups get their own hatches, never this one).
HIDDEN_HATCH = "///"


def numeric(series):
    """Published values as numbers; hidden cells and empty cells become NaN (not data).

    >>> import pandas as pd
    >>> numeric(pd.Series(["3", "<10", ""])).tolist()
    [3.0, nan, nan]
    """
    import pandas as pd

    return pd.to_numeric(series, errors="coerce").astype("float64")


def hidden_marks(series):
    """The marker of each hidden cell, ``""`` for a shown or empty cell.

    >>> import pandas as pd
    >>> hidden_marks(pd.Series(["3", "<10", "x", ""])).tolist()
    ['', '<10', 'x', '']
    """
    import pandas as pd

    text = series.astype(str).str.strip()
    shown = pd.to_numeric(text, errors="coerce").notna() | (text == "") | (text == "nan")
    return text.where(~shown, "")


def _axes(ax, size=(7.0, 3.8)):
    import matplotlib.pyplot as plt

    if ax is None:
        with plt.rc_context(STYLE):
            _fig, ax = plt.subplots(figsize=size)
    return ax


def _grouped(ax, labels: list[str], groups: dict[str, list[float]], *, stacked: bool = False,
             hidden: dict[str, list[str]] | None = None):
    """Grouped (or stacked) bars; a bar with a marker in ``hidden`` is drawn as an empty
    hatched placeholder (its height means nothing) with the marker above it."""
    import numpy as np

    hidden = hidden or {}
    x = np.arange(len(labels))
    n = max(1, len(groups))
    width = 0.8 / (1 if stacked else n)
    bottom = np.zeros(len(labels))
    shown_max = max([v for values in groups.values() for v in values if v == v] + [1.0])
    placeholder = 0.1 * shown_max
    for i, (name, values) in enumerate(groups.items()):
        style = bar_style(i)  # colour and hatch: groups differ in more than colour
        colour = style["color"]
        marks = hidden.get(name, [""] * len(values))
        heights = [placeholder if m else (0.0 if v != v else v) for v, m in zip(values, marks, strict=True)]
        positions = x if stacked else x - 0.4 + width * (i + 0.5)
        bars = ax.bar(positions, heights, width, bottom=bottom if stacked else None, label=name,
                      **style)
        for bar, mark in zip(bars, marks, strict=True):
            if mark:
                bar.set_facecolor("none")
                bar.set_edgecolor(colour)
                bar.set_hatch(HIDDEN_HATCH)
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height(), mark,
                        ha="center", va="bottom", fontsize=6, color="#333333")
        if stacked:
            bottom += np.asarray(heights)
    ax.set_xticks(x, labels)
    if groups:
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def _note_hidden(ax, series) -> None:
    """Say under the figure what a hatched bar means."""
    marks = sorted(set(hidden_marks(series)) - {""})
    if marks:
        ax.text(0.0, -0.16, "Gearceerd = verborgen (" + ", ".join(marks) + "; zie de uitleg bij "
                "kleine aantallen); de hoogte van zo'n staaf zegt niets.",
                transform=ax.transAxes, fontsize=7, color="#555555", va="top")


def _pivot(table, value: str, index: str, group: str, how: str):
    """Pivot published values; a cell that combines a hidden one is hidden itself (``x``
    unless all combined hidden cells share one marker)."""
    data = table.assign(_v=numeric(table[value]), _m=hidden_marks(table[value]))
    values = data.pivot_table(index=index, columns=group, values="_v", aggfunc=how, sort=True,
                                dropna=False)
    marks = data.pivot_table(index=index, columns=group, values="_m", sort=True, dropna=False,
                             aggfunc=lambda m: (lambda s: "" if not s else s.pop() if len(s) == 1
                                                else "x")(set(m) - {""}))
    marks = marks.reindex(index=values.index, columns=values.columns).fillna("")
    return values, marks


def _bars_per_period(table, value: str, group: str, ax, *, ylabel: str, title: str,
                     stacked: bool = False, note_hidden: bool = True):
    """Sum ``value`` per project year and ``group`` and draw grouped (or stacked) bars."""
    ax = _axes(ax)
    values, marks = _pivot(table, value, "period", group, "sum")
    _grouped(ax, list(values.index), {c: list(values[c]) for c in values.columns}, stacked=stacked,
             hidden={c: list(marks[c]) for c in marks.columns})
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if note_hidden:
        _note_hidden(ax, table[value])
    return ax


@dutch_numbers
def plot_participation(table, ax=None):
    """Participants per project year and party type (hidden cells hatched and labelled)."""
    return _bars_per_period(table, "participants", "party_type", ax, ylabel="deelnemers",
                            title="Wie doet mee, per projectjaar")


@dutch_numbers
def plot_attendance(table, ax=None):
    """Attendance at activities per project year and party type."""
    return _bars_per_period(table, "attendance", "party_type", ax, ylabel="aanwezigen",
                            title="Opkomst bij activiteiten per soort partij")


@dutch_numbers
def plot_products(table, ax=None):
    """Products per project year by the 4 O's."""
    return _bars_per_period(table, "products", "o", ax, ylabel="producten",
                            title="Producten naar de 4 O's", note_hidden=False)


@dutch_numbers
def plot_learning_outcomes(table, ax=None):
    """Mean share of points per assignment and cohort (suppressed rows left out)."""
    ax = _axes(ax)
    values, marks = _pivot(table, "mean_fraction", "assignment", "cohort", "mean")
    _grouped(ax, list(values.index), {c: list(values[c]) for c in values.columns},
             hidden={c: list(marks[c]) for c in marks.columns})
    ax.set_ylim(0, 1)
    ax.set_ylabel("deel van de punten")
    percent_axis(ax.yaxis)
    ax.set_title("Leeruitkomsten per opdracht en cohort")
    ax.tick_params(axis="x", labelsize=7)
    _note_hidden(ax, table["mean_fraction"])
    return ax


@dutch_numbers
def plot_signifiers(table, ax=None):
    """Mean signifier answers per cohort (triad corners and dyads)."""
    ax = _axes(ax)
    values, marks = _pivot(table, "mean", "signifier", "cohort", "mean")
    _grouped(ax, [signifier_label(s) for s in values.index], {c: list(values[c]) for c in values.columns},
             hidden={c: list(marks[c]) for c in marks.columns})
    ax.set_ylim(0, 1)
    ax.set_ylabel("gemiddelde")
    ax.set_title("Signifiers van de narratieven per cohort")
    ax.tick_params(axis="x", labelsize=7, labelrotation=90)
    _note_hidden(ax, table["mean"])
    return ax


def figure_svg(fig: Any) -> str:
    """The figure as SVG text, byte-identical for identical data (no date, fixed ids)."""
    import io

    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    with plt.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "IIDS-kit"},
                    bbox_inches="tight")
    return buffer.getvalue()
