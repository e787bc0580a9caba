"""Plots for the analysis: code frequencies, co-occurrence, keyness, agreement, codes by signifier, dispersion.

Every helper takes ``ax=None`` (a new figure when missing) and returns the Axes; labels are Dutch.

>>> import pandas as pd
>>> ax = plot_code_frequencies(pd.DataFrame({"a": [2, 1], "b": [0, 3]}, index=["bank", "werk"]))
>>> ax.get_xlabel()
'aantal narratieven'
"""

from __future__ import annotations

__all__ = [
    "plot_code_frequencies",
    "plot_cooccurrence",
    "plot_keyness",
    "plot_agreement",
    "plot_codes_by_signifier",
    "plot_dispersion",
]


def _axes(ax, size=(7, 4)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, new = plt.subplots(figsize=size)
    return new


def plot_code_frequencies(table, ax=None, *, title: str | None = None, relative: bool = False):
    """Grouped horizontal bars: codes (rows) per group (columns) of :func:`code_frequencies`."""
    ax = _axes(ax, (7, max(3, 0.45 * len(table) + 1)))
    table.iloc[::-1].plot.barh(ax=ax, width=0.8)
    ax.set_xlabel("aandeel van de narratieven" if relative else "aantal narratieven")
    ax.set_ylabel("code")
    ax.set_title(title or "Codes per groep")
    ax.legend(title=None, fontsize="small")
    return ax


def _heatmap(ax, values, rows, columns, fmt):
    image = ax.imshow(values, cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(columns)), [str(c) for c in columns], rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), [str(r) for r in rows])
    top = values.max() if values.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, fmt(values[i, j]), ha="center", va="center", fontsize=8,
                    color="white" if top and values[i, j] > 0.6 * top else "black")
    return image


def plot_cooccurrence(matrix, ax=None, *, title: str | None = None):
    """A heatmap of a co-occurrence matrix (numbers in the cells).

    >>> import pandas as pd
    >>> m = pd.DataFrame([[2, 1], [1, 3]], index=["a", "b"], columns=["a", "b"])
    >>> len(plot_cooccurrence(m).texts)
    4
    """
    ax = _axes(ax, (6, 5))
    _heatmap(ax, matrix.to_numpy(), matrix.index, matrix.columns, lambda v: f"{int(v)}")
    ax.set_title(title or "Welke codes komen samen voor?")
    return ax


def plot_keyness(table, ax=None, *, n: int = 10, title: str | None = None):
    """Diverging bars of the log ratio for the strongest words of each corpus (by log-likelihood).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"woord": ["overlast", "vriendin"], "log_likelihood": [30.0, 20.0],
    ...                   "log_ratio": [3.0, -2.0], "meer_in": ["A", "B"]})
    >>> t.attrs["namen"] = ("A", "B")
    >>> [label.get_text() for label in plot_keyness(t).get_yticklabels()]
    ['vriendin', 'overlast']
    """
    names = table.attrs.get("namen", ("corpus A", "corpus B"))
    first = table[table["meer_in"] == names[0]].nlargest(n, "log_likelihood")
    second = table[table["meer_in"] == names[1]].nlargest(n, "log_likelihood")
    rows = [*second.itertuples()][::-1] + [*first.itertuples()][::-1]
    rows = sorted(rows, key=lambda r: r.log_ratio)
    ax = _axes(ax, (7, max(3, 0.3 * len(rows) + 1)))
    colours = ["#b2182b" if r.log_ratio > 0 else "#2166ac" for r in rows]
    ax.barh(range(len(rows)), [r.log_ratio for r in rows], color=colours)
    ax.set_yticks(range(len(rows)), [r.woord for r in rows])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"log ratio (← meer in {names[1]} | meer in {names[0]} →)")
    ax.set_title(title or "Kenmerkende woorden")
    return ax


def plot_agreement(result, ax=None, *, title: str | None = None):
    """Kappa and alpha per code, with the bands 0.667 and 0.800 as lines.

    >>> import pandas as pd
    >>> from kit.analysis.agreement import agreement
    >>> c = pd.DataFrame({"document": ["d", "d", "d"], "start": [0, 0, 5], "end": [4, 4, 9],
    ...                   "code": ["x", "x", "x"], "coder": ["A", "B", "A"]})
    >>> [t.get_text() for t in plot_agreement(agreement(c)).get_yticklabels()]
    ['x']
    """
    table = result.per_code.iloc[::-1]
    ax = _axes(ax, (7, max(3, 0.4 * len(table) + 1)))
    positions = range(len(table))
    ax.barh([p + 0.2 for p in positions], table["kappa"].fillna(0), height=0.4, label="kappa",
            color="#92c5de")
    ax.barh([p - 0.2 for p in positions], table["alpha"].fillna(0), height=0.4, label="alfa",
            color="#2166ac")
    ax.set_yticks(list(positions), list(table["naam"]))
    for limit, style in ((0.667, ":"), (0.8, "--")):
        ax.axvline(limit, color="grey", linestyle=style, linewidth=1)
    ax.set_xlim(min(-0.1, float(table[["kappa", "alpha"]].min().min() or 0) - 0.05), 1.0)
    ax.set_xlabel("overeenstemming (0,667 voorlopig · 0,800 betrouwbaar)")
    ax.set_title(title or "Overeenstemming per code")
    ax.legend(fontsize="small", loc="lower right")
    return ax


def plot_codes_by_signifier(table, ax=None, *, title: str | None = None):
    """A heatmap of :func:`codes_by_signifier`, each row as shares of that code's narratives.

    >>> import pandas as pd
    >>> ax = plot_codes_by_signifier(pd.DataFrame({"ik": [3, 0], "wij": [1, 2]}, index=["x", "y"]))
    >>> ax.texts[0].get_text()
    '75%'
    """
    import numpy as np

    values = table.to_numpy(dtype=float)
    totals = values.sum(axis=1, keepdims=True)
    shares = np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)
    ax = _axes(ax, (6, max(3, 0.4 * len(table) + 1)))
    _heatmap(ax, shares, table.index, table.columns, lambda v: f"{v:.0%}")
    ax.set_title(title or "Bij welke hoek horen de codes?")
    return ax


def plot_dispersion(rows, texts, ax=None, *, title: str | None = None, max_documents: int = 30):
    """Where a word occurs inside each text (relative position), one line per text.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"document": ["a"], "start": [5], "woord": ["huis"]})
    >>> [float(x) for x in plot_dispersion(r, {"a": "Ons huis is klein."}).get_xlim()]
    [0.0, 1.0]
    """
    from kit.analysis.coding import as_texts

    text_map = as_texts(texts)
    documents = list(dict.fromkeys(rows["document"]))[:max_documents]
    ax = _axes(ax, (7, max(2, 0.3 * len(documents) + 1)))
    for i, doc in enumerate(documents):
        hits = rows[rows["document"] == doc]
        length = max(1, len(text_map.get(doc, "")))
        ax.plot([s / length for s in hits["start"]], [i] * len(hits), "|", markersize=12, color="#b2182b")
    ax.set_yticks(range(len(documents)), documents)
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel("plaats in de tekst (begin → eind)")
    word = rows["woord"].iloc[0] if len(rows) else ""
    ax.set_title(title or f"Waar staat '{word}'?")
    return ax
