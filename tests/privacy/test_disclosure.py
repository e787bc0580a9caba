"""Small-cell suppression: thresholds, complementary suppression, refusal, collapsing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import InputError
from kit.privacy.disclosure import (
    DisclosureRefused,
    collapse_categories,
    format_suppressed,
    recomputable_cells,
    suppress_small_cells,
    with_totals,
)


def _table():
    return pd.DataFrame({"ja": [40, 12, 30, 25], "nee": [35, 9, 28, 31], "weet niet": [22, 18, 15, 27]},
                        index=["a", "b", "c", "d"])


def test_k_minus_one_hidden_k_shown():
    t = _table()
    t.loc["b", "nee"] = 9
    hidden = suppress_small_cells(t, k=10).isna()
    assert hidden.loc["b", "nee"]
    t.loc["b", "nee"] = 10
    assert not suppress_small_cells(t, k=10).isna().any().any()


def test_complementary_cells_make_recomputation_impossible():
    out = suppress_small_cells(_table(), k=10)
    hidden = out.isna().to_numpy()
    assert hidden.sum() >= 4
    for axis in (0, 1):
        counts = hidden.sum(axis=axis)
        assert all(c == 0 or c >= 2 for c in counts)
    assert recomputable_cells(hidden, _table().to_numpy()) == []
    shown = out.to_numpy()[~hidden]
    assert (shown >= 10).all()


def test_bridge_case_needs_more_than_two_per_line():
    # hidden cells that pass "two per row and column" can still be solvable: the exact check
    hidden = np.zeros((4, 4), dtype=bool)
    hidden[0, 0] = hidden[0, 1] = hidden[1, 0] = hidden[1, 1] = True  # a rectangle: safe
    assert recomputable_cells(hidden, np.ones((4, 4))) == []
    hidden[2, 1] = True
    hidden[2, 2] = True  # a lone cell in column 2 -> (2, 2) recomputable
    assert (2, 2) in recomputable_cells(hidden, np.ones((4, 4)))


def test_zeros_and_full_rows():
    t = pd.DataFrame({"x": [30, 0, 20], "y": [25, 40, 22], "z": [20, 15, 0]}, index=list("abc"))
    assert not suppress_small_cells(t, k=10).isna().any().any()
    assert suppress_small_cells(t, k=10, zeros_disclosive=True,
                                max_suppressed_share=0.9).isna().loc["b", "x"]
    full = pd.DataFrame({"x": [30, 0], "y": [25, 40]}, index=["a", "b"])
    with pytest.raises(DisclosureRefused):
        suppress_small_cells(full, k=10, full_rows_disclosive=True)


def test_refusal_when_mostly_hidden():
    t = pd.DataFrame({"x": [3, 4, 30], "y": [2, 6, 40]}, index=list("abc"))
    with pytest.raises(DisclosureRefused, match="voeg eerst categorieën samen"):
        suppress_small_cells(t, k=10)
    assert issubclass(DisclosureRefused, InputError)


def test_k_never_below_five_and_bad_counts():
    with pytest.raises(InputError, match="nooit minder dan 5"):
        suppress_small_cells(_table(), k=4)
    bad = _table().astype(float)
    bad.loc["a", "ja"] = 1.5
    with pytest.raises(InputError, match="hele getallen"):
        suppress_small_cells(bad)
    with pytest.raises(InputError, match="niet-numerieke"):
        suppress_small_cells(pd.DataFrame({"x": ["a"]}))


def test_collapse_then_suppress():
    t = pd.DataFrame({"ja": [30, 4, 3, 25], "nee": [28, 5, 2, 26]},
                     index=["Den Haag", "Leiden", "Delft", "Rijswijk"])
    collapsed = collapse_categories(t, k=10)
    assert list(collapsed.index) == ["Den Haag", "overig", "Rijswijk"]
    assert collapsed.loc["overig", "ja"] == 7
    out = suppress_small_cells(collapsed, k=5)
    assert not out.isna().any().any()
    merged = collapse_categories(t, {"Leiden": "rest", "Delft": "rest"})
    assert merged.loc["rest"].tolist() == [7, 7]
    with pytest.raises(InputError, match="staat niet in de tabel"):
        collapse_categories(t, {"Zoetermeer": "rest"})


def test_format_and_totals():
    out = suppress_small_cells(_table(), k=10)
    shown = format_suppressed(out, 10)
    small = (_table() < 10).to_numpy()
    # honest markers: "<10" only where the count is small, "x" where a cell protects one
    assert ((shown == "<10").to_numpy() == small).all()
    assert ((shown == "x").to_numpy() == (out.isna().to_numpy() & ~small)).all()
    assert (shown == "x").sum().sum() >= 3
    assert format_suppressed(out, 10, marker="x").isin(["x"]).sum().sum() >= 4
    totals = with_totals(_table(), out, 10)
    assert totals.loc["Totaal", "Totaal"] == str(int(_table().to_numpy().sum()))


@settings(max_examples=20, deadline=None, database=None)
@given(st.lists(st.lists(st.sampled_from([0, 1, 2, 3, 9, 10, 12, 25, 40]), min_size=2, max_size=4),
                min_size=2, max_size=4).filter(lambda rows: len({len(r) for r in rows}) == 1),
       st.sampled_from([5, 10]))
def test_no_small_cell_of_a_single_table_can_be_pinned(rows, k):
    """Random tables with groups of 1, 2, 3 or 9: either refused, or every '<k' cell keeps an
    interval of at least the protection width against the row, column and grand totals."""
    from kit.privacy.attacker import Problem, possible_values, protection

    table = pd.DataFrame(rows, index=[f"r{i}" for i in range(len(rows))],
                         columns=[f"c{j}" for j in range(len(rows[0]))])
    try:
        out = suppress_small_cells(table, k=k, max_suppressed_share=0.9)
    except DisclosureRefused:
        return
    shown = format_suppressed(out, k)
    known, bounds, constraints = {}, {}, []
    for r in table.index:
        for c in table.columns:
            name, value, mark = f"{r}|{c}", int(table.at[r, c]), shown.at[r, c]
            if mark == f"<{k}":
                assert 0 < value < k
                bounds[name] = (1.0, k - 1.0)
            elif mark == "x":
                assert value >= k
                bounds[name] = (float(k), None)
            else:
                assert int(mark) == value and not 0 < value < k
                known[name] = float(value)
    lines = [(f"rij {r}", [f"{r}|{c}" for c in table.columns], int(table.loc[r].sum()))
             for r in table.index]
    lines += [(f"kolom {c}", [f"{r}|{c}" for r in table.index], int(table[c].sum()))
              for c in table.columns]
    for name, cells, total in lines:  # totals as with_totals publishes them ('<k' when small)
        if 0 < total < k:
            bounds[name] = (1.0, k - 1.0)
        else:
            known[name] = float(total)
        constraints.append(("eq", {name: -1.0, **{cell: 1.0 for cell in cells}}, 0.0))
    small = [n for n, b in bounds.items() if b == (1.0, k - 1.0) and "|" in n]
    for name, (low, high) in Problem(known, bounds, constraints).intervals(small).items():
        assert possible_values((low, high)) >= protection(k), (name, low, high)
