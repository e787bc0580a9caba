"""The attacker of disclosure control (kit.privacy.attacker): its integer linear programme gives
exactly the interval a brute-force attacker finds by trying every whole-number table."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.privacy.attacker import MIN_K, Problem, factor_bound, possible_values, protection


@pytest.mark.parametrize("k, values", [(5, 3), (6, 3), (7, 3), (8, 4), (10, 5), (11, 5), (20, 10)])
def test_protection_is_half_the_values_of_the_marker_and_at_least_three(k, values):
    assert protection(k) == values
    assert protection(k) >= math.ceil((k - 1) / 2) and protection(k) >= 3
    assert MIN_K == 5


@pytest.mark.parametrize("interval, n", [
    ((1.0, 9.0), 9), ((3.0, 3.0), 1), ((1.5, 4.5), 3), ((2.9999999, 4.0000001), 2),
    ((5.0, 4.0), 0), ((10.0, math.inf), math.inf), ((math.nan, math.nan), 0),
])
def test_possible_values_counts_whole_numbers(interval, n):
    assert possible_values(interval) == n


def test_factor_bound_uses_the_largest_value_the_attacker_allows():
    assert factor_bound({"factor": 2}, {}, {}) == 2.0
    assert factor_bound({"factor_of": "n"}, {"n": 4.0}, {"n": (1.0, 9.0)}) == 4.0  # published wins
    assert factor_bound({"factor_of": "n"}, {}, {"n": (1.0, 9.0)}) == 9.0
    assert factor_bound({"factor_of": "n"}, {}, {}) is None  # unknown and unbounded


def _brute_force(table, hidden, bounds):
    """Every whole-number filling of the hidden cells that keeps every row and column total."""
    rows, cols = len(table), len(table[0])
    ranges = []
    for (i, j) in hidden:
        low, high = bounds[i, j]
        cap = min(sum(table[i]), sum(table[r][j] for r in range(rows)))
        ranges.append(range(int(low), int(min(cap, high if high is not None else cap)) + 1))
    found = {cell: [math.inf, -math.inf] for cell in hidden}
    for guess in itertools.product(*ranges):
        filled = [row[:] for row in table]
        for (i, j), v in zip(hidden, guess, strict=True):
            filled[i][j] = v
        if all(sum(filled[i]) == sum(table[i]) for i in range(rows)) and all(
                sum(filled[r][j] for r in range(rows)) == sum(table[r][j] for r in range(rows))
                for j in range(cols)):
            for cell, v in zip(hidden, guess, strict=True):
                found[cell][0] = min(found[cell][0], v)
                found[cell][1] = max(found[cell][1], v)
    return {cell: (float(lo), float(hi)) for cell, (lo, hi) in found.items()}


@st.composite
def published_tables(draw):
    rows, cols = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    table = [[draw(st.integers(0, 14)) for _ in range(cols)] for _ in range(rows)]
    nonzero = [(i, j) for i in range(rows) for j in range(cols) if table[i][j] > 0]
    if not nonzero:
        table[0][0], nonzero = 1, [(0, 0)]
    hidden = draw(st.lists(st.sampled_from(nonzero), min_size=1, max_size=3, unique=True))
    k = draw(st.sampled_from([5, 10]))
    return table, sorted(hidden), k


@settings(max_examples=60, deadline=None)
@given(published_tables())
def test_intervals_equal_the_brute_force_attacker(case):
    table, hidden, k = case
    rows, cols = len(table), len(table[0])
    name = {(i, j): f"c{i}{j}" for i in range(rows) for j in range(cols)}
    # A hidden small cell shows '<k' (1 to k-1), a hidden other cell 'x' (k or more).
    bounds = {cell: ((1.0, float(k - 1)) if table[cell[0]][cell[1]] < k else (float(k), None))
              for cell in hidden}
    known = {name[c]: float(table[c[0]][c[1]]) for c in name if c not in hidden}
    constraints = []
    for i in range(rows):
        known[f"r{i}"] = float(sum(table[i]))
        constraints.append(("eq", {f"r{i}": 1, **{name[i, j]: -1 for j in range(cols)}}, 0.0))
    for j in range(cols):
        known[f"k{j}"] = float(sum(table[r][j] for r in range(rows)))
        constraints.append(("eq", {f"k{j}": 1, **{name[r, j]: -1 for r in range(rows)}}, 0.0))
    problem = Problem(known=known, bounds={name[c]: b for c, b in bounds.items()},
                      constraints=constraints)
    got = problem.intervals([name[c] for c in hidden])
    expected = _brute_force(table, hidden, bounds)
    for cell in hidden:
        assert got[name[cell]] == expected[cell], (table, hidden, cell)
        true = table[cell[0]][cell[1]]
        assert got[name[cell]][0] <= true <= got[name[cell]][1]  # the truth is always possible


def test_a_small_cell_beside_one_published_cell_is_pinned():
    # row total 13, one cell 10 published: the hidden '<10' cell must be 3.
    problem = Problem(known={"totaal": 13.0, "b": 10.0}, bounds={"a": (1.0, 9.0)},
                      constraints=[("eq", {"totaal": 1, "a": -1, "b": -1}, 0.0)])
    interval = problem.intervals(["a"])["a"]
    assert interval == (3.0, 3.0)
    assert possible_values(interval) < protection(10)
