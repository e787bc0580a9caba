"""Small-cell suppression for every count table the kit publishes.

A cell with fewer than ``k`` people (default 10, never below 5) could point at
someone in a small cohort, so it is hidden (primary suppression). Row and column
totals are published, so more cells are hidden until no hidden cell can be
recomputed from the totals (complementary suppression): the kit checks this
exactly with linear algebra, not with a rule of thumb. Zeros and rows where
everyone falls in one cell can be treated as disclosive too. When more than
``max_suppressed_share`` of the non-empty cells would be hidden, the table is
refused (:class:`DisclosureRefused`); collapse categories first
(:func:`collapse_categories`).

Suppressed cells are ``<NA>`` in the returned table (pandas ``Int64``);
:func:`format_suppressed` writes them as ``"<10"``.

>>> import pandas as pd
>>> t = pd.DataFrame({"ja": [12, 3, 20], "nee": [15, 14, 11]}, index=["a", "b", "c"])
>>> s = suppress_small_cells(t, k=10, max_suppressed_share=0.7)
>>> format_suppressed(s, 10)["ja"].tolist()
['<10', '<10', '20']
>>> int(s.isna().sum().sum())
4
"""

from __future__ import annotations

from kit.errors import InputError

__all__ = ["DisclosureRefused", "MIN_K", "suppress_small_cells", "format_suppressed",
           "collapse_categories", "with_totals", "recomputable_cells"]

#: The smallest threshold the kit accepts.
MIN_K = 5


class DisclosureRefused(InputError):
    """The table would be mostly hidden (or cannot be protected): publishing is refused."""


def _validate(table, k: int):
    import numpy as np
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise InputError("de tabel moet een DataFrame met aantallen zijn")
    if int(k) < MIN_K:
        raise InputError(f"de drempel k={k} is te laag: de kit gebruikt nooit minder dan {MIN_K}",
                         place="k")
    for column in table.columns:
        values = pd.to_numeric(table[column], errors="coerce")
        if values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise InputError("de tabel bevat een lege of niet-numerieke cel",
                             place=f"rij '{table.index[row]}', kolom '{column}'")
        if (values < 0).any() or (values != values.round()).any():
            raise InputError("aantallen moeten hele getallen van 0 of meer zijn",
                             place=f"kolom '{column}'")
    return table.apply(pd.to_numeric).astype("int64")


def recomputable_cells(hidden, counts) -> list[tuple[int, int]]:
    """Hidden cells whose value follows exactly from the published row and column totals.

    Args:
        hidden: boolean array (rows x columns), ``True`` where hidden.
        counts: the original counts (only the shape is used).

    Returns:
        ``(row, column)`` positions of hidden cells that can be recomputed.

    >>> import numpy as np
    >>> recomputable_cells(np.array([[True, False], [False, False]]), np.ones((2, 2)))
    [(0, 0)]
    >>> recomputable_cells(np.array([[True, True], [True, True]]), np.ones((2, 2)))
    []
    """
    import numpy as np

    cells = [tuple(map(int, rc)) for rc in np.argwhere(hidden)]
    if not cells:
        return []
    n_rows, n_cols = np.shape(counts)
    # one equation per row and per column total, over the unknown (hidden) cells
    matrix = np.zeros((n_rows + n_cols, len(cells)))
    for j, (r, c) in enumerate(cells):
        matrix[r, j] = 1
        matrix[n_rows + c, j] = 1
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for j, cell in enumerate(cells):
        unit = np.zeros((1, len(cells)))
        unit[0, j] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


def suppress_small_cells(table, k: int = 10, *, zeros_disclosive: bool = False,
                         full_rows_disclosive: bool = False, max_suppressed_share: float = 0.5):
    """Hide small cells (and enough others) so no count below ``k`` can be read or recomputed.

    Args:
        table: a DataFrame of counts (rows x columns), without total row or column.
        k: threshold; cells with ``0 < count < k`` are hidden (never below 5).
        zeros_disclosive: also hide zeros (a zero says "nobody in this group ...").
        full_rows_disclosive: hide a cell that holds a whole non-empty row (everyone in the
            row shares that answer).
        max_suppressed_share: refuse when more than this share of the non-empty cells
            would be hidden.

    Returns:
        A copy with ``Int64`` dtype where hidden cells are ``<NA>``.

    Raises:
        InputError: bad input (not counts, k below 5).
        DisclosureRefused: too much would be hidden, or the table cannot be protected.
    """
    import pandas as pd

    counts = _validate(table, k)
    values = counts.to_numpy()
    hidden = (values > 0) & (values < k)
    if zeros_disclosive:
        hidden |= values == 0
    if full_rows_disclosive:
        totals = values.sum(axis=1, keepdims=True)
        hidden |= (values == totals) & (totals > 0) & (values.shape[1] > 1)
    # complementary suppression until no hidden cell can be recomputed from the totals
    for _round in range(values.size + 1):  # every round hides at least one more cell
        exposed = recomputable_cells(hidden, values)
        if not exposed:
            break
        options: list[tuple[int, ...]] = []
        n_rows, n_cols = values.shape
        for r, c in exposed:
            # one more cell in the same row or column ...
            options += [((r, j),) for j in range(n_cols) if not hidden[r, j]]
            options += [((i, c),) for i in range(n_rows) if not hidden[i, c]]
            # ... or the classic rectangle: (r, j), (i, c) and (i, j)
            for i in range(n_rows):
                for j in range(n_cols):
                    if i != r and j != c:
                        cells = tuple(x for x in ((r, j), (i, c), (i, j)) if not hidden[x])
                        if cells:
                            options.append(cells)
        candidates = []
        for cells in set(options):
            trial = hidden.copy()
            for cell in cells:
                trial[cell] = True
            # fewest cells left exposed, then fewest new cells, then small non-zero counts
            candidates.append((len(recomputable_cells(trial, values)), len(cells),
                               sum(values[x] == 0 for x in cells), sum(values[x] for x in cells),
                               sorted(cells)))
        if not candidates:
            raise DisclosureRefused("de kleine cellen zijn niet te beschermen: een hele rij of "
                                    "kolom zou verborgen moeten worden; voeg categorieën samen "
                                    "(collapse_categories)")
        best = min(candidates)[-1]
        for cell in best[:-1]:
            hidden[cell] = True
        rr, cc = best[-1]
        hidden[rr, cc] = True
    else:  # pragma: no cover - the loop always ends: every round hides one more cell
        raise DisclosureRefused("de tabel is niet te beschermen")
    relevant = (values > 0) | hidden
    share = hidden.sum() / max(1, relevant.sum())
    if share > max_suppressed_share:
        raise DisclosureRefused(
            f"{int(hidden.sum())} van de {int(relevant.sum())} cellen zouden verborgen worden "
            f"({share:.0%}, meer dan {max_suppressed_share:.0%}); voeg eerst categorieën samen "
            "(collapse_categories) of publiceer de tabel niet")
    mask = pd.DataFrame(hidden, index=counts.index, columns=counts.columns)
    return counts.astype("Int64").mask(mask)


def format_suppressed(table, k: int = 10, marker: str | None = None):
    """The table as strings with ``"<k"`` (or ``marker``) in hidden cells (for reports).

    A hidden cell is either small or hidden to protect a small one, so a report must
    explain the marker as "verborgen (kleiner dan k, of verborgen om een kleine cel te
    beschermen)"; pass ``marker="x"`` for a neutral sign.

    >>> import pandas as pd
    >>> format_suppressed(pd.DataFrame({"n": pd.array([12, None], dtype="Int64")}), 10)["n"].tolist()
    ['12', '<10']
    """
    import pandas as pd

    sign = marker if marker is not None else f"<{k}"
    return table.apply(lambda col: col.map(lambda v: sign if pd.isna(v) else str(int(v))))


def with_totals(original, suppressed, k: int = 10, label: str = "Totaal"):
    """Add a total row and column (from the original counts) to a suppressed table, as
    strings; totals below ``k`` are hidden too.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"ja": [12, 20], "nee": [15, 11]}, index=["a", "b"])
    >>> with_totals(t, suppress_small_cells(t)).loc["Totaal"].tolist()
    ['32', '26', '58']
    """
    import pandas as pd

    counts = _validate(original, k)
    shown = format_suppressed(suppressed, k)
    row_totals = counts.sum(axis=1)
    shown[label] = [str(v) if v >= k or v == 0 else f"<{k}" for v in row_totals]
    col_totals = list(counts.sum(axis=0)) + [int(counts.to_numpy().sum())]
    shown.loc[label] = [str(v) if v >= k or v == 0 else f"<{k}" for v in col_totals]
    return shown.astype("string") if isinstance(shown, pd.DataFrame) else shown


def collapse_categories(table, mapping: dict | None = None, *, k: int = 10, axis: int = 0,
                        other: str = "overig"):
    """Merge rows (``axis=0``) or columns (``axis=1``) before suppressing.

    Args:
        table: a DataFrame of counts.
        mapping: ``{old label: new label}``; labels not in it stay. Without a mapping, every
            row (column) whose total is below ``k`` goes into ``other``.
        k: the threshold used without a mapping.
        axis: 0 merges rows, 1 merges columns.
        other: the label of the merged group.

    Returns:
        The collapsed table (order of first appearance kept).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"n": [30, 4, 3]}, index=["Den Haag", "Leiden", "Delft"])
    >>> collapse_categories(t, k=10)["n"].to_dict()
    {'Den Haag': 30, 'overig': 7}
    """
    counts = _validate(table, max(k, MIN_K))
    frame = counts if axis == 0 else counts.T
    if mapping is None:
        totals = frame.sum(axis=1)
        mapping = {label: other for label, total in totals.items() if total < k}
    unknown = [key for key in mapping if key not in frame.index]
    if unknown:
        raise InputError(f"deze categorie staat niet in de tabel: {unknown[0]!r}",
                         place="samenvoegen")
    new_labels = [mapping.get(label, label) for label in frame.index]
    collapsed = frame.groupby(new_labels, sort=False).sum()
    return collapsed if axis == 0 else collapsed.T
