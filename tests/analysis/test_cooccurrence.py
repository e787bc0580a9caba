"""Co-occurrence of codes (kit.analysis.cooccurrence), against a count by hand."""

from __future__ import annotations

from itertools import combinations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.analysis.cooccurrence import cooccurrence, cooccurrence_pairs
from kit.errors import InputError

CODINGS = pd.DataFrame({
    "document": ["n1", "n1", "n1", "n2", "n3", "n4"], "start": [0, 20, 25, 0, 0, 0],
    "end": [10, 30, 35, 10, 10, 10],
    "code": ["geldzaken-bank", "geldzaken-bank", "stigma-oordeel", "netwerk-vriendschap", "wonen",
             "wonen"],
    "coder": ["A", "A", "A", "A", "B", "A"], "memo": ""})


def test_cooccurrence_document_and_passage():
    doc = cooccurrence(CODINGS)
    assert doc.loc["geldzaken-bank", "stigma-oordeel"] == 1 and doc.loc["wonen", "wonen"] == 2
    assert (doc.to_numpy() == doc.to_numpy().T).all()
    passage = cooccurrence(CODINGS, level="passage")
    assert passage.loc["geldzaken-bank", "stigma-oordeel"] == 1
    assert passage.loc["geldzaken-bank", "geldzaken-bank"] == 2
    assert cooccurrence_pairs(doc).values.tolist() == [["geldzaken-bank", "stigma-oordeel", 1]]


def test_coder_and_code_selection():
    only_b = cooccurrence(CODINGS, coder="B")
    assert only_b.index.tolist() == ["wonen"] and only_b.loc["wonen", "wonen"] == 1
    chosen = cooccurrence(CODINGS, codes=["wonen", "geldzaken-bank", "humor"])
    assert chosen.index.tolist() == ["wonen", "geldzaken-bank", "humor"]
    assert chosen.loc["humor"].sum() == 0 and chosen.index.name == "code"


@pytest.mark.parametrize("kwargs, message", [
    ({"coder": "Z"}, "er zijn geen coderingen om te vergelijken"),
    ({"level": "zin"}, "kies als niveau 'document' of 'passage'"),
])
def test_refusals_are_dutch(kwargs, message):
    with pytest.raises(InputError, match=message):
        cooccurrence(CODINGS, **kwargs)


def test_pairs_sorted_by_count_then_name():
    m = pd.DataFrame([[5, 2, 3], [2, 4, 0], [3, 0, 1]], index=list("abc"), columns=list("abc"))
    assert cooccurrence_pairs(m).values.tolist() == [["a", "c", 3], ["a", "b", 2]]
    assert cooccurrence_pairs(m, top=1).values.tolist() == [["a", "c", 3]]


segment = st.tuples(st.sampled_from(["n1", "n2", "n3"]), st.integers(0, 20), st.integers(1, 10),
                    st.sampled_from(["a", "b", "c"]))


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(st.lists(segment, min_size=1, max_size=12))
def test_both_levels_equal_a_count_by_hand(segments):
    codings = pd.DataFrame([{"document": d, "start": s, "end": s + n, "code": c, "coder": "A"}
                            for d, s, n, c in segments])
    codes = sorted(codings["code"].unique())
    doc, passage = cooccurrence(codings), cooccurrence(codings, level="passage")
    for x in codes:
        for y in codes:
            docs = {d for d, *_ in segments if any(s[0] == d and s[3] == x for s in segments)
                    and any(s[0] == d and s[3] == y for s in segments)}
            assert doc.loc[x, y] == len(docs)
            if x == y:
                expected = sum(1 for s in segments if s[3] == x)
            else:
                expected = sum(1 for p, q in combinations(segments, 2)
                               if p[0] == q[0] and {p[3], q[3]} == {x, y}
                               and p[1] < q[1] + q[2] and q[1] < p[1] + p[2])
            assert passage.loc[x, y] == expected, (x, y)


def test_passage_level_without_any_overlap():
    """Was an IndexError (exit 3): with no overlapping segments the pair index was not integer."""
    codings = pd.DataFrame({"document": ["n1", "n2"], "start": [0, 0], "end": [5, 5],
                            "code": ["a", "b"], "coder": "A"})
    passage = cooccurrence(codings, level="passage")
    assert passage.values.tolist() == [[1, 0], [0, 1]]
