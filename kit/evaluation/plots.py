"""Figures of the weegmoment report (thin matplotlib layers over published tables).

Every helper takes ``ax=None`` and returns the Axes. They draw from the
*published* tables, so a suppressed cell (``"<10"``) is never drawn.
:func:`figure_svg` renders a figure reproducibly: a fixed font, a fixed SVG
hash salt and no date in the metadata, so the same data give the same bytes.

>>> import pandas as pd
>>> t = pd.DataFrame({"period": ["jaar 1", "jaar 1"], "party_type": ["gemeente", "bedrijfsleven"],
...                   "participants": ["12", "<10"]})
>>> ax = plot_participation(t)
>>> sorted(float(bar.get_height()) for bar in ax.patches)
[0.0, 12.0]
>>> svg = figure_svg(ax.figure)
>>> svg == figure_svg(ax.figure), svg.startswith("<?xml")
(True, True)
"""

from __future__ import annotations

from typing import Any

__all__ = ["STYLE", "numeric", "plot_participation", "plot_attendance", "plot_products",
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

_COLOURS = ["#1b6ca8", "#e07b39", "#3a9e6f", "#b8446b", "#7c5cbf", "#8c8c3a", "#4d4d4d"]


def numeric(series):
    """Published values as numbers; suppressed cells become 0 (never drawn as data).

    >>> import pandas as pd
    >>> numeric(pd.Series(["3", "<10", ""])).tolist()
    [3.0, 0.0, 0.0]
    """
    import pandas as pd

    return pd.to_numeric(series, errors="coerce").fillna(0.0).astype("float64")


def _axes(ax, size=(7.0, 3.8)):
    import matplotlib.pyplot as plt

    if ax is None:
        with plt.rc_context(STYLE):
            _fig, ax = plt.subplots(figsize=size)
    return ax


def _grouped(ax, labels: list[str], groups: dict[str, list[float]], *, stacked: bool = False):
    import numpy as np

    x = np.arange(len(labels))
    n = max(1, len(groups))
    width = 0.8 / (1 if stacked else n)
    bottom = np.zeros(len(labels))
    for i, (name, values) in enumerate(groups.items()):
        colour = _COLOURS[i % len(_COLOURS)]
        if stacked:
            ax.bar(x, values, width, bottom=bottom, label=name, color=colour)
            bottom += np.asarray(values)
        else:
            ax.bar(x - 0.4 + width * (i + 0.5), values, width, label=name, color=colour)
    ax.set_xticks(x, labels)
    if groups:
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def _note_hidden(ax, series) -> None:
    """Say under the figure that suppressed cells are not counted in the bars."""
    if series.astype(str).str.startswith("<").any():
        ax.text(0.0, -0.16, "Verborgen cellen (kleine aantallen) tellen in deze figuur niet mee.",
                transform=ax.transAxes, fontsize=7, color="#555555", va="top")


def _bars_per_period(table, value: str, group: str, ax, *, ylabel: str, title: str,
                     stacked: bool = False, note_hidden: bool = True):
    """Sum ``value`` per project year and ``group`` and draw grouped (or stacked) bars."""
    ax = _axes(ax)
    data = table.assign(n=numeric(table[value]))
    pivot = data.pivot_table(index="period", columns=group, values="n", aggfunc="sum",
                             fill_value=0.0, sort=True)
    _grouped(ax, list(pivot.index), {c: list(pivot[c]) for c in pivot.columns}, stacked=stacked)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if note_hidden:
        _note_hidden(ax, table[value])
    return ax


def plot_participation(table, ax=None):
    """Participants per project year, stacked by party type (suppressed cells left out)."""
    return _bars_per_period(table, "participants", "party_type", ax, ylabel="deelnemers",
                            title="Wie doet mee, per projectjaar", stacked=True)


def plot_attendance(table, ax=None):
    """Attendance at activities per project year and party type."""
    return _bars_per_period(table, "attendance", "party_type", ax, ylabel="aanwezigen",
                            title="Opkomst bij activiteiten per soort partij")


def plot_products(table, ax=None):
    """Products per project year by the 4 O's."""
    return _bars_per_period(table, "products", "o", ax, ylabel="producten",
                            title="Producten naar de 4 O's", note_hidden=False)


def plot_learning_outcomes(table, ax=None):
    """Mean share of points per assignment and cohort (suppressed rows left out)."""
    ax = _axes(ax)
    data = table.assign(v=numeric(table["mean_fraction"]))
    pivot = data.pivot_table(index="assignment", columns="cohort", values="v", aggfunc="mean",
                             fill_value=0.0, sort=True)
    _grouped(ax, list(pivot.index), {c: list(pivot[c]) for c in pivot.columns})
    ax.set_ylim(0, 1)
    ax.set_ylabel("deel van de punten")
    ax.set_title("Leeruitkomsten per opdracht en cohort")
    ax.tick_params(axis="x", labelsize=7)
    _note_hidden(ax, table["mean_fraction"])
    return ax


def plot_signifiers(table, ax=None):
    """Mean signifier answers per cohort (triad corners and dyads)."""
    ax = _axes(ax)
    data = table.assign(v=numeric(table["mean"]))
    pivot = data.pivot_table(index="signifier", columns="cohort", values="v", aggfunc="mean",
                             fill_value=0.0, sort=True)
    _grouped(ax, list(pivot.index), {c: list(pivot[c]) for c in pivot.columns})
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
