"""Agreement between graders (kit.grading.agreement): the hand-written weighted kappa equals
scikit-learn's on any ratings; the ordinal alpha's edge cases. The report on a real course is
in test_units.py and test_blind_booklet.py."""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from kit.grading.agreement import ordinal_alpha, weighted_kappa


@st.composite
def ratings(draw):
    k = draw(st.integers(2, 5))
    n = draw(st.integers(2, 30))
    level = st.integers(0, k - 1)
    return k, draw(st.lists(level, min_size=n, max_size=n)), draw(st.lists(level, min_size=n, max_size=n))


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(ratings(), st.sampled_from(["quadratic", "linear"]))
def test_weighted_kappa_equals_scikit_learn(data, weights):
    k, a, b = data
    ours = weighted_kappa(a, b, k, weights)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns when kappa is undefined
        theirs = cohen_kappa_score(a, b, labels=list(range(k)), weights=weights)
    if math.isnan(theirs):  # no variation at all: scikit-learn says NaN, the kit 1 or 0
        assert ours == (1.0 if a == b else 0.0)
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)


def test_kappa_without_pairs_is_nan():
    assert math.isnan(weighted_kappa([], [], 3)) and math.isnan(weighted_kappa([1], [1, 2], 3))


def test_ordinal_alpha_edge_cases():
    assert ordinal_alpha([0, 1, 2, 3], [0, 1, 2, 3]) == pytest.approx(1.0)
    assert ordinal_alpha([2, 2], [2, 2]) == 1.0  # full agreement on one level
    assert math.isnan(ordinal_alpha([1], [2]))  # one pair: undefined
    assert ordinal_alpha([0, 0, 3, 3], [3, 3, 0, 0]) < 0  # systematic disagreement


def test_agreement_counts_disagreements():
    from kit.grading.agreement import ordinal_alpha, weighted_kappa

    assert weighted_kappa([0, 1, 2], [2, 1, 0], 3) < 0
    assert ordinal_alpha([0, 0, 1, 1], [0, 0, 1, 1]) == 1.0
