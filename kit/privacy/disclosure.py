"""Small-cell suppression for every count table the kit publishes.

A cell with fewer than ``k`` people (default 10, never below 5) could point at
someone in a small cohort, so it is hidden (primary suppression). Row and column
totals are published, so more cells are hidden until no hidden small cell can be
narrowed down from the totals (complementary suppression): the kit checks this
with the attacker's linear programme of :mod:`kit.privacy.attacker` (the same
rule as the weegmoment report, :mod:`kit.privacy.disclosure_pass`), not with
a rule of thumb. Zeros and rows where
everyone falls in one cell can be treated as disclosive too. When more than
``max_suppressed_share`` of the non-empty cells would be hidden, the table is
refused (:class:`DisclosureRefused`); collapse categories first
(:func:`collapse_categories`).

Suppressed cells are ``<NA>`` in the returned table (pandas ``Int64``);
:func:`format_suppressed` writes ``"<10"`` in a small cell and ``"x"`` in a cell
hidden to protect one.

>>> import pandas as pd
>>> t = pd.DataFrame({"ja": [12, 3, 20], "nee": [15, 14, 11]}, index=["a", "b", "c"])
>>> s = suppress_small_cells(t, k=10, max_suppressed_share=0.7)
>>> format_suppressed(s, 10)["ja"].tolist()
['x', '<10', '20']
>>> int(s.isna().sum().sum())
4
"""

from __future__ import annotations

from kit.errors import CheckFailed, InputError
from kit.privacy.attacker import MIN_K
from kit.privacy.disclosure_pass import DOMINANT, Model, protect

__all__ = ["DisclosureRefused", "MIN_K", "suppress_small_cells", "format_suppressed",
           "collapse_categories", "with_totals", "recomputable_cells", "dominance_rules",
           "NK_N", "NK_K", "P_RATIO"]


#: acro's defaults for a total that sums contributions (a magnitude): the largest ``NK_N``
#: contributors may hold at most ``NK_K`` of the total (nk rule), and what the others
#: contribute must be at least ``P_RATIO`` of the largest (p-ratio rule).
NK_N, NK_K, P_RATIO = 2, 0.9, 0.1


def dominance_rules(contributions, *, n: int = NK_N, k: float = NK_K,
                    p: float = P_RATIO) -> list[str]:
    """The dominance rules a total of contributions breaks (acro's ``nk-rule``, ``p-ratio``).

    A count of words or text units sums what each narrative (each person) contributes; when
    one or two of them make up nearly all of it, the total tells about them.

    >>> dominance_rules([50, 50] + [1] * 9)
    ['nk-rule']
    >>> dominance_rules([3, 2, 2, 2, 1, 1, 1, 1, 1, 1])
    []
    >>> dominance_rules([100] + [1] * 9)
    ['nk-rule', 'p-ratio']
    """
    values = sorted((float(v) for v in contributions if v > 0), reverse=True)
    total = sum(values)
    if total <= 0:
        return []
    broken = []
    if sum(values[:n]) / total > k:
        broken.append("nk-rule")
    if (total - sum(values[:2])) / values[0] < p:
        broken.append("p-ratio")
    return broken


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

    The table is published with its row, column and grand totals (:func:`with_totals`), so
    the attacker knows them. Cells from 1 to ``k - 1`` are hidden (primary); then more cells
    (never a total) are hidden until the attacker's linear programme
    (:mod:`kit.privacy.attacker`, the same check as the weegmoment report) can narrow no
    small hidden cell to fewer whole values than :func:`kit.privacy.attacker.protection`
    (5 for ``k = 10``), knowing that a cell marked ``<k`` lies between 1 and ``k - 1`` and a
    cell marked ``x`` is ``k`` or more.

    Args:
        table: a DataFrame of counts (rows x columns), without total row or column.
        k: threshold; cells with ``0 < count < k`` are hidden (never below 5).
        zeros_disclosive: also hide zeros (a zero says "nobody in this group ...").
        full_rows_disclosive: hide a cell that holds a whole non-empty row (everyone in the
            row shares that answer).
        max_suppressed_share: refuse when more than this share of the non-empty cells
            would be hidden.

    Returns:
        A copy with ``Int64`` dtype where hidden cells are ``<NA>``; ``attrs["verborgen"]``
        maps ``(row, column)`` of each hidden cell to its reason (``klein``,
        ``ter bescherming``, ``hele rij``), which :func:`format_suppressed` turns into
        ``<k`` or ``x``.

    Raises:
        InputError: bad input (not counts, k below 5).
        DisclosureRefused: too much would be hidden, or the table cannot be protected.
    """
    import numpy as np
    import pandas as pd


    counts = _validate(table, k)
    values = counts.to_numpy()
    n_rows, n_cols = values.shape
    primary = ((values > 0) & (values < k)) | ((values == 0) if zeros_disclosive else False)
    relevant = (values > 0) | primary
    if primary.sum() / max(1, relevant.sum()) > max_suppressed_share:
        raise DisclosureRefused(
            f"{int(primary.sum())} van de {int(relevant.sum())} cellen zouden verborgen worden "
            f"(kleiner dan {k}; meer dan {max_suppressed_share:.0%}); voeg eerst categorieën "
            "samen (collapse_categories) of publiceer de tabel niet")
    model = Model(small_min=0 if zeros_disclosive else 1)
    names = {}
    for i in range(n_rows):
        for j in range(n_cols):
            names[i, j] = model.quantity(f"c{i}_{j}", int(values[i, j]),
                                         dominated=bool(full_rows_disclosive and n_cols > 1
                                                        and values[i, j] > 0
                                                        and values[i, j] == values[i].sum()))
            model.cell(names[i, j], "tabel", i, str(j))
    if zeros_disclosive:
        model.zeros = {names[i, j] for i in range(n_rows) for j in range(n_cols) if values[i, j] == 0}
    totals = []
    for i in range(n_rows):
        totals.append(model.quantity(f"rij{i}", int(values[i].sum())))
        model.relate(totals[-1], [names[i, j] for j in range(n_cols)])
    for j in range(n_cols):
        totals.append(model.quantity(f"kolom{j}", int(values[:, j].sum())))
        model.relate(totals[-1], [names[i, j] for i in range(n_rows)])
    totals.append(model.quantity("totaal", int(values.sum())))
    model.relate("totaal", [f"rij{i}" for i in range(n_rows)])
    for name in totals:
        model.cell(name, "totalen", 0, name)
        model.fixed.add(name)
    try:
        result = protect(model, k=k)
    except CheckFailed:
        raise DisclosureRefused("de kleine cellen zijn niet te beschermen: een hele rij of "
                                "kolom zou verborgen moeten worden; voeg categorieën samen "
                                "(collapse_categories)") from None
    hidden = np.zeros(values.shape, dtype=bool)
    reasons = {}
    for (i, j), name in names.items():
        reason = result.hidden.get(name)
        if reason is not None:
            hidden[i, j] = True
            reasons[(counts.index[i], counts.columns[j])] = "hele rij" if reason == DOMINANT \
                else reason
    if any(result.hidden.get(t) not in (None, "klein") for t in totals):
        raise DisclosureRefused("de tabel is niet te beschermen zonder een totaal te verbergen; "
                                "voeg categorieën samen (collapse_categories)")
    relevant = (values > 0) | hidden
    share = hidden.sum() / max(1, relevant.sum())
    if share > max_suppressed_share:
        raise DisclosureRefused(
            f"{int(hidden.sum())} van de {int(relevant.sum())} cellen zouden verborgen worden "
            f"({share:.0%}, meer dan {max_suppressed_share:.0%}); voeg eerst categorieën samen "
            "(collapse_categories) of publiceer de tabel niet")
    mask = pd.DataFrame(hidden, index=counts.index, columns=counts.columns)
    out = counts.astype("Int64").mask(mask)
    out.attrs["verborgen"] = reasons
    return out


def format_suppressed(table, k: int = 10, marker: str | None = None):
    """The table as strings with honest markers in hidden cells (for reports).

    A cell hidden because it is small shows ``"<k"``; a cell hidden to protect a small one
    (or because it holds a whole row) shows ``"x"``: explain both beside the table. Without
    the reasons of :func:`suppress_small_cells` (``attrs["verborgen"]``) a hidden cell shows
    ``"x"``; ``marker`` puts one sign in every hidden cell.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"ja": [12, 3, 20], "nee": [15, 14, 11]}, index=["a", "b", "c"])
    >>> format_suppressed(suppress_small_cells(t, max_suppressed_share=0.7), 10)["ja"].tolist()
    ['x', '<10', '20']
    """
    import pandas as pd

    reasons = table.attrs.get("verborgen", {}) if hasattr(table, "attrs") else {}

    def sign(row, column) -> str:
        if marker is not None:
            return marker
        return f"<{k}" if reasons.get((row, column)) == "klein" else "x"

    shown = table.copy().astype(object)
    for column in table.columns:
        for row in table.index:
            value = table.at[row, column]
            shown.at[row, column] = sign(row, column) if pd.isna(value) else str(int(value))
    shown.attrs = {}
    return shown


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
