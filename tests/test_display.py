"""What a reader sees (kit.display): Dutch numbers, Dutch headers, one notation per column.

The wrap style on real widgets is tested in tests/widgets/test_wrapping.py.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kit.display import display_value, dutch_header, dutch_table, mapping_line, number, percent


def test_numbers_and_percentages():
    assert number(1234567) == "1.234.567"
    assert number(2.5, 2) == "2,50" and number(2.5, 2, trim=True) == "2,5"
    assert percent(0.125) == "12%" and percent(0.135) == "14%"  # half to even
    assert percent(1.5, 1) == "150,0%"


@pytest.mark.parametrize("value, unit, shown", [
    (None, "", ""), (math.nan, "", ""), ("nan", "", ""), ("inf", "", "inf"),
    (np.int64(12), "", "12"), (np.float64(0.5), "", "50%"), (np.bool_(False), "", "nee"),
    (12.0, "", "12"), (12.34, "", "12,3"), (1.234, "", "1,23"), (-0.5, "", "-50%"),
    (0.5, "getal", "0,5"), ("1", "aandeel", "100%"), ("<10", "", "<10"), (" verborgen ", "", "verborgen"),
])
def test_display_value(value, unit, shown):
    assert display_value(value, unit) == shown


def test_headers_fall_back_to_words():
    assert dutch_header("log_likelihood") == "log-likelihood"
    assert dutch_header("eigen_kolom") == "eigen kolom"
    assert dutch_header(3) == "3"


def test_one_notation_per_column():
    frame = pd.DataFrame({"n": [3, 12], "mean": [0.76, 0.8], "share": [0.5, 0.25],
                          "synthetic": ["true", "false"], "label": ["a", None]},
                         index=pd.Index(["x", "y"], name="group"))
    out = dutch_table(frame, percent_columns=["share"], index=True, headers={"label": "etiket"})
    assert list(out.columns) == ["groep", "aantal", "gemiddelde", "aandeel", "synthetisch", "etiket"]
    assert out.values.tolist() == [["x", "3", "0,76", "50%", "ja", "a"],
                                   ["y", "12", "0,80", "25%", "nee", ""]]
    series = dutch_table(pd.Series([1.0, 2.0], name="count"))
    assert series.values.tolist() == [["1"], ["2"]] and list(series.columns) == ["aantal"]


def test_mapping_line_is_never_a_python_dict():
    line = mapping_line({"ikzelf": 0.333333, "instanties": 2, "leeg": None})
    assert line == "ikzelf 0,33 · instanties 2 · leeg "
    assert "{" not in line and "'" not in line
