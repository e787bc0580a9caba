"""Plots for the analysis: code frequencies, co-occurrence, keyness, agreement, codes by signifier, dispersion.

Every helper takes ``ax=None`` (a new figure when missing) and returns the Axes; labels are Dutch.
Figures that count narratives per group (:func:`plot_code_frequencies`,
:func:`plot_codes_by_signifier`) go through the same small-cell protection as the tables
(:func:`kit.analysis.frequencies.protected_counts`): a hidden cell is drawn empty and marked
``<10`` (small) or ``x`` (hidden to protect a small one), and the axis label says why.

>>> import pandas as pd
>>> t = pd.DataFrame({"sekswerkers": [40, 3, 25], "vluchtelingen": [30, 22, 18]},
...                  index=["bank", "wonen", "werk"])
>>> ax = plot_code_frequencies(t)
>>> ax.get_xlabel().splitlines()[0]
'aantal narratieven'
>>> sorted(label.get_text() for label in ax.texts)
['<10', 'x', 'x', 'x']
"""

from __future__ import annotations

from kit.plotstyle import bar_style, dutch_numbers, percent_axis

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


def _hidden_note(k: int) -> str:
    return f"<{k} = verborgen (kleiner dan {k}); x = verborgen om een kleine cel te beschermen"


def _is_hidden(value) -> bool:
    import pandas as pd

    if isinstance(value, str):
        return value.strip().startswith("<") or value.strip() in ("x", "1 org.")
    return bool(pd.isna(value))


def _protect(table, k: int | None):
    """Counts ready to draw: ``(values, hidden, marks)`` as float, bool and text DataFrames.

    Raw counts are protected with :func:`~kit.analysis.frequencies.protected_counts`; a table
    that is already protected (``<NA>`` cells, or the ``"<k"``/``"x"`` strings of
    ``publishable``) is taken as it is, after checking that no small count was left visible.
    ``marks`` holds the honest marker of each hidden cell (``<k`` small, ``x`` protecting).
    """
    import pandas as pd

    from kit.analysis.frequencies import protected_counts
    from kit.errors import InputError
    from kit.privacy.disclosure import format_suppressed

    if k is None:
        values = table.apply(pd.to_numeric).astype(float)
        none = pd.DataFrame(False, index=values.index, columns=values.columns)
        return values, none, none.astype(str).replace("False", "")
    hidden = table.apply(lambda col: col.map(_is_hidden)).astype(bool)
    if not hidden.to_numpy().any():
        protected = protected_counts(table, k=k)
        marks = format_suppressed(protected, k).where(protected.isna(), "")
        return protected.astype(float), protected.isna(), marks
    values = table.mask(hidden).apply(pd.to_numeric, errors="coerce").astype(float)
    if (values.isna() & ~hidden).to_numpy().any():
        raise InputError("de tabel bevat een cel die geen aantal is")
    if ((values > 0) & (values < k)).to_numpy().any():
        raise InputError(f"deze tabel is niet goed beschermd: er staat nog een aantal onder {k} in; "
                         "geef de gewone aantallen, dan beschermt de kit ze zelf")
    marks = table.astype(object).where(hidden, "").map(
        lambda v: "x" if not isinstance(v, str) else v.strip())
    return values, hidden, marks


@dutch_numbers
def plot_code_frequencies(table, ax=None, *, title: str | None = None, relative: bool = False,
                          k: int | None = 10):
    """Grouped horizontal bars: codes (rows) per group (columns) of :func:`code_frequencies`.

    Like every count the kit publishes, the counts are protected first: cells under ``k``
    (and the cells that would give them away) are hidden, drawn as an empty bar marked
    ``<k``; the axis label explains the mark. A table that is already protected (from
    ``publishable`` or ``protected_counts``) is drawn as it is.

    Args:
        table: counts, one row per code and one column per group.
        ax: the Axes to draw on (a new figure when missing).
        title: the title.
        relative: the table holds shares (``code_frequencies(..., relative=True)``); shares
            cannot be protected here, so this needs ``k=None``.
        k: threshold of the small-cell protection (never below 5); ``None`` draws the table
            as it is, only for shares or counts that are not about people.

    Returns:
        The Axes; the first group is the top bar of each code.

    Raises:
        InputError: (``DisclosureRefused``) when too much would have to be hidden; collapse
            groups or codes first (e.g. ``code_frequencies(..., top_level=True)``).

    >>> import pandas as pd
    >>> ax = plot_code_frequencies(pd.DataFrame({"a": [0.2, 0.1]}, index=["x", "y"]),
    ...                            relative=True, k=None)
    >>> ax.get_xlabel()
    'aandeel van de narratieven'
    """
    import numpy as np

    from kit.errors import InputError

    if relative and k is not None:
        raise InputError("aandelen kan de kit niet tegen kleine aantallen beschermen: teken de "
                         "aantallen (relative=False), of geef k=None voor aandelen die al "
                         "beschermd zijn", place="relative")
    values, hidden, marks = _protect(table, k)
    # room for one "<k" mark per bar: about 0.13 inch per bar, at least 0.45 per code
    ax = _axes(ax, (7, max(3, len(values) * max(0.45, 0.13 * len(values.columns)) + 1)))
    positions = np.arange(len(values))[::-1]  # the first code on top
    height = 0.8 / max(1, len(values.columns))
    for j, column in enumerate(values.columns):
        where = positions + 0.4 - height * (j + 0.5)
        ax.barh(where, values[column].fillna(0).to_numpy(), height=height, label=str(column),
                **bar_style(j))  # colour and hatch: groups differ in more than colour
        for y, is_hidden, mark in zip(where, hidden[column], marks[column], strict=True):
            if is_hidden:
                ax.annotate(mark, (0, y), xytext=(3, 0), textcoords="offset points",
                            va="center", ha="left", fontsize=6.5, color="dimgrey")
    ax.set_yticks(positions, [str(code) for code in values.index])
    label = "aandeel van de narratieven" if relative else "aantal narratieven"
    ax.set_xlabel(f"{label}\n{_hidden_note(k)}" if hidden.to_numpy().any() else label)
    ax.set_ylabel("code")
    if relative:
        percent_axis(ax.xaxis)
    ax.set_title(title or "Codes per groep")
    ax.legend(title=None, fontsize="small")
    return ax


def _heatmap(ax, values, rows, columns, fmt, hidden_mark=""):
    """Draw ``values`` with ``fmt`` in each cell; NaN cells stay empty and show ``hidden_mark``
    (one text, or an array of texts per cell)."""
    import numpy as np

    image = ax.imshow(values, cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(columns)), [str(c) for c in columns], rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), [str(r) for r in rows])
    shown = values[~np.isnan(values)] if values.size else values
    top = shown.max() if shown.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if np.isnan(values[i, j]):
                mark = hidden_mark if isinstance(hidden_mark, str) else hidden_mark[i][j]
                ax.text(j, i, mark, ha="center", va="center", fontsize=8, color="dimgrey")
                continue
            ax.text(j, i, fmt(values[i, j]), ha="center", va="center", fontsize=8,
                    color="white" if top and values[i, j] > 0.6 * top else "black")
    return image


@dutch_numbers
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


@dutch_numbers
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
    # the side of zero says it, and colour plus hatch say it again (kit.plotstyle)
    bars = ax.barh(range(len(rows)), [r.log_ratio for r in rows])
    for bar, r in zip(bars, rows, strict=True):
        style = bar_style(0 if r.log_ratio > 0 else 1)
        bar.set_facecolor(style["color"])
        bar.set_hatch(style["hatch"])
        bar.set_edgecolor(style["edgecolor"])
    ax.set_yticks(range(len(rows)), [r.woord for r in rows])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"log ratio (← meer in {names[1]} | meer in {names[0]} →)")
    ax.set_title(title or "Kenmerkende woorden")
    return ax


@dutch_numbers
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
            **bar_style(4))
    ax.barh([p - 0.2 for p in positions], table["alpha"].fillna(0), height=0.4, label="alfa",
            **bar_style(0))
    ax.set_yticks(list(positions), list(table["naam"]))
    for limit, style in ((0.667, ":"), (0.8, "--")):
        ax.axvline(limit, color="grey", linestyle=style, linewidth=1)
    ax.set_xlim(min(-0.1, float(table[["kappa", "alpha"]].min().min() or 0) - 0.05), 1.0)
    ax.set_xlabel("overeenstemming (0,667 voorlopig · 0,800 betrouwbaar)")
    ax.set_title(title or "Overeenstemming per code")
    ax.legend(fontsize="small", loc="lower right")
    return ax


@dutch_numbers
def plot_codes_by_signifier(table, ax=None, *, title: str | None = None, k: int | None = 10):
    """A heatmap of :func:`codes_by_signifier`, each row as shares of that code's narratives.

    The counts behind the shares are protected first, like every count the kit publishes:
    a cell under ``k`` (or one that would give it away) stays empty and shows ``<k``. The
    shares are taken of all narratives with the code, so they can only be drawn from the
    counts themselves, not from a table that was protected already.

    Args:
        table: counts, one row per code and one column per corner.
        ax: the Axes to draw on (a new figure when missing).
        title: the title.
        k: threshold of the small-cell protection (never below 5); ``None`` draws the
            table as it is, only for counts that are not about people.

    Returns:
        The Axes.

    Raises:
        InputError: (``DisclosureRefused``) when too much would have to be hidden.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"ik": [30, 12, 3], "wij": [10, 20, 25], "zij": [20, 4, 30]},
    ...                  index=["x", "y", "z"])
    >>> [label.get_text() for label in plot_codes_by_signifier(t).texts]
    ['50%', '17%', '33%', 'x', '56%', '<10', '<10', '43%', 'x']
    """
    import numpy as np

    from kit.errors import InputError

    if k is not None and table.apply(lambda col: col.map(_is_hidden)).to_numpy().any():
        raise InputError("geef de aantallen zelf: de kit beschermt ze bij het tekenen en rekent "
                         "de aandelen uit over alle verhalen met de code")
    values, hidden, marks = _protect(table, k)
    totals = table.to_numpy(dtype=float).sum(axis=1, keepdims=True)
    counts = values.to_numpy(dtype=float)
    shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    shares[hidden.to_numpy()] = np.nan
    ax = _axes(ax, (6, max(3, 0.4 * len(table) + 1)))
    _heatmap(ax, shares, table.index, table.columns, lambda v: f"{v:.0%}",
             "" if k is None else marks.to_numpy().tolist())
    if hidden.to_numpy().any():
        ax.set_xlabel(_hidden_note(k))
    ax.set_title(title or "Bij welke hoek horen de codes?")
    return ax


@dutch_numbers
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
    percent_axis(ax.xaxis)
    word = rows["woord"].iloc[0] if len(rows) else ""
    ax.set_title(title or f"Waar staat '{word}'?")
    return ax
