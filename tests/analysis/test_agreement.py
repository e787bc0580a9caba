"""Agreement: kappa and alpha computed right (krippendorff's coders x units orientation), disagreements listed."""

from __future__ import annotations

import re

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from kit.analysis.agreement import agreement, interpret_alpha, interpret_kappa, unit_presence
from kit.analysis.codebook import load_codebook
from kit.errors import InputError

TEXT = "Zin een. Zin twee. Zin drie. Zin vier. Zin vijf. Zin zes."
UNITS = [(0, 8), (9, 18), (19, 28), (29, 38), (39, 48), (49, 57)]


def _codings(marks):
    rows = [("d", *UNITS[u], code, coder) for coder, u, code in marks]
    return pd.DataFrame(rows, columns=["document", "start", "end", "code", "coder"])


def test_perfect_agreement():
    marks = [(c, u, "x") for c in "AB" for u in (0, 2, 4)]
    result = agreement(_codings(marks), texts={"d": TEXT})
    assert result.overall["kappa"] == pytest.approx(1.0)
    assert result.overall["alpha"] == pytest.approx(1.0)
    assert result.disagreements.empty


def test_values_match_sklearn_and_krippendorff_directly():
    a_units, b_units = {0, 1, 2}, {1, 2, 3, 5}
    marks = [("A", u, "x") for u in a_units] + [("B", u, "x") for u in b_units]
    result = agreement(_codings(marks), texts={"d": TEXT})
    a = [int(u in a_units) for u in range(6)]
    b = [int(u in b_units) for u in range(6)]
    row = result.per_code.iloc[0]
    assert row["kappa"] == pytest.approx(cohen_kappa_score(a, b))
    expected_alpha = krippendorff.alpha(reliability_data=np.array([a, b], dtype=float),
                                        level_of_measurement="nominal")
    assert row["alpha"] == pytest.approx(expected_alpha)
    assert row["percentage"] == pytest.approx(3 / 6)
    assert row["A"] == 3 and row["B"] == 4


def test_three_coders_use_coders_as_rows():
    marks = [("A", 0, "x"), ("A", 1, "x"), ("B", 0, "x"), ("C", 0, "x"), ("C", 1, "x"), ("C", 2, "x")]
    _units, coders, codes, presence = unit_presence(_codings(marks), texts={"d": TEXT})
    assert coders == ["A", "B", "C"] and presence.shape == (3, 6, 1)
    result = agreement(_codings(marks), texts={"d": TEXT})
    expected = krippendorff.alpha(reliability_data=presence[:, :, 0].astype(float),
                                  level_of_measurement="nominal")
    assert result.per_code.iloc[0]["alpha"] == pytest.approx(expected)
    transposed_would_differ = krippendorff.alpha(reliability_data=presence[:, :, 0].T.astype(float),
                                                 level_of_measurement="nominal")
    assert expected != pytest.approx(transposed_would_differ)


def test_disagreements_are_side_by_side():
    marks = [("A", 0, "x"), ("B", 0, "x"), ("A", 1, "x"), ("B", 1, "y"), ("A", 3, "z")]
    result = agreement(_codings(marks), texts={"d": TEXT})
    table = result.disagreements
    assert table["passage"].tolist() == ["Zin twee.", "Zin vier."]
    assert table[["A", "B", "verschil"]].values.tolist() == [["x", "y", "x, y"], ["z", "", "z"]]


def test_segment_borders_that_differ_a_little_still_agree():
    rows = [("d", 9, 18, "x", "A"), ("d", 10, 17, "x", "B")]
    result = agreement(pd.DataFrame(rows, columns=["document", "start", "end", "code", "coder"]),
                       texts={"d": TEXT})
    assert result.disagreements.empty


def test_without_texts_units_are_the_coded_segments():
    marks = [("A", 0, "x"), ("B", 0, "x"), ("A", 1, "x")]
    result = agreement(_codings(marks))
    assert result.overall["eenheden"] == 2


def test_one_coder_only_is_refused():
    with pytest.raises(InputError) as err:
        agreement(_codings([("A", 0, "x"), ("A", 1, "y")]), path="coderingen.csv")
    assert "maar één codeur ('A')" in err.value.message
    assert err.value.place == "kolom 'coder'" and err.value.path == "coderingen.csv"


def test_no_codings_is_refused():
    with pytest.raises(InputError, match="geen coderingen"):
        agreement(_codings([]))


def test_code_names_from_the_codebook_and_bands():
    book = load_codebook("erbij-horen-en-uitsluiting")
    marks = [("A", 0, "wonen"), ("B", 0, "wonen"), ("B", 1, "wonen")]
    result = agreement(_codings(marks), texts={"d": TEXT}, codebook=book)
    assert result.per_code["naam"].tolist() == ["Wonen"]
    assert "kappa" in result.summary() and "passages om samen te bespreken" in result.summary()
    assert re.search(r"kappa (-|-?\d,\d\d), alfa (-|-?\d,\d\d)", result.summary()), result.summary()
    assert interpret_kappa(-0.1).startswith("minder dan toeval")
    assert interpret_kappa(0.5) == "redelijke overeenstemming"
    assert interpret_alpha(0.81) == "betrouwbaar"
