"""The export writes its CSV tables without pandas, byte for byte as pandas wrote them.

``kit.grading.export.write_dutch_table`` replaces ``kit.io.write_dutch_csv`` (pandas) in
``iids grade export``; a property test keeps both equal on tables with the export's kinds
of values: text (with ``;``, quotes, newlines), whole and broken numbers, true/false, and
missing values in any column.
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from kit.grading.export import DUTCH_COLUMNS, write_dutch_table
from kit.io import write_dutch_csv

VALUES = {
    "text": st.one_of(st.none(), st.text(alphabet="ab;\"\n ,ë", max_size=6)),
    "float": st.one_of(st.none(), st.floats(-1e6, 1e17, allow_nan=False),
                       st.sampled_from([0.0, 5.5, 8.0, 1e-05, 7.25])),
    "int": st.integers(-5, 10**6),
    "int_or_none": st.one_of(st.none(), st.integers(0, 10)),
    "mixed_number": st.one_of(st.integers(0, 10), st.sampled_from([2.5, 0.1])),
    "bool": st.booleans(),
    "bool_or_none": st.one_of(st.none(), st.booleans()),
    "none": st.none(),
}


@st.composite
def tables(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=5))
    columns = [f"{k}{i}" for i, k in enumerate(kinds)]
    n = draw(st.integers(0, 6))
    rows = [{c: draw(VALUES[k]) for c, k in zip(columns, kinds, strict=True)} for _ in range(n)]
    return rows, columns


@settings(max_examples=200, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate])
@given(table=tables())
def test_same_bytes_as_pandas(table, tmp_path_factory):
    rows, columns = table
    folder = tmp_path_factory.mktemp("tabel")
    names = {columns[0]: "eerste"}
    ours = write_dutch_table(rows, columns, folder / "kit.csv", names)
    theirs = write_dutch_csv(pd.DataFrame(rows, columns=columns), folder / "pandas.csv", names)
    assert ours.read_bytes() == theirs.read_bytes()


def test_the_export_tables_as_pandas_writes_them(tmp_path):
    """The export's own columns with typical values (points, grades, ja/nee, missing)."""
    rows = [{"student": "b001", "assignment": "a", "score": 6.0, "max_score": 8.0,
             "grade": 7.3, "passed": True, "complete": True, "late": False, "submitted": True,
             "status": "nagekeken"},
            {"student": "b002", "assignment": "a", "score": None, "max_score": 8.0,
             "grade": None, "passed": None, "complete": False, "late": False,
             "submitted": False, "status": "niet ingeleverd"}]
    columns = list(rows[0])
    ours = write_dutch_table(rows, columns, tmp_path / "kit.csv", DUTCH_COLUMNS)
    theirs = write_dutch_csv(pd.DataFrame(rows, columns=columns), tmp_path / "p.csv",
                             DUTCH_COLUMNS)
    assert ours.read_bytes() == theirs.read_bytes()
    assert "7,3;ja;ja;nee;ja" in ours.read_text(encoding="utf-8-sig")


def test_writing_a_table_imports_no_pandas(tmp_path):
    code = ("import sys; from kit.grading.export import write_dutch_table; "
            f"write_dutch_table([{{'a': 1.5}}], ['a'], {str(tmp_path / 't.csv')!r}); "
            "print('pandas' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
