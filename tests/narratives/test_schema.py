"""The record schema: allow-list, every kind of bad value named by row and column."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.errors import InputError
from kit.narratives.schema import (
    SCHEMA_VERSION,
    columns_for,
    example_row,
    find_problems,
    flatten_answers,
    to_store_frame,
    validate_frame,
    validate_rows,
)


def frame(*rows):
    return pd.DataFrame(list(rows))


def test_valid_rows_become_typed(framework):
    typed = validate_frame(frame(example_row(framework), example_row(framework, id="N-2")), framework)
    assert list(typed.columns) == columns_for(framework)
    assert typed["steun.ikzelf"].dtype == "float64"
    assert typed["synthetic"].tolist() == [True, True]
    assert typed["invloed"].isna().all()


@pytest.mark.parametrize("changes, column, words", [
    ({"steun.ikzelf": "0.5"}, "steun.ikzelf", "tellen op tot 0,90"),
    ({"welkom": "1.5"}, "welkom", "buiten het bereik"),
    ({"welkom": "veel"}, "welkom", "geen getal"),
    ({"month": "oktober"}, "month", "geen maand"),
    ({"setting": "koffie"}, "setting", "manier van verzamelen"),
    ({"gevoel": "trots|blij"}, "gevoel", "maar één antwoord"),
    ({"wie": "buren|de kat"}, "wie", "'de kat' is geen antwoord"),
    ({"text": " "}, "text", "verplicht"),
    ({"framework_id": "ander-kader"}, "framework_id", "ander-kader"),
    ({"plekken.buurt.x": "0.3"}, "plekken.buurt.x", "allemaal in of laat ze allemaal leeg"),
    ({"synthetic": "ja"}, "synthetic", "'true' of 'false'"),
    ({"collector": ""}, "collector", "verplicht"),
])
def test_bad_values_name_row_and_column(framework, changes, column, words):
    rows = [example_row(framework, id="N-1"), example_row(framework, id="N-2", **changes)]
    with pytest.raises(InputError) as info:
        validate_frame(frame(*rows), framework, path="narratieven.csv")
    assert info.value.place == f"rij 3, kolom '{column}'"
    assert words in info.value.message
    assert info.value.path == "narratieven.csv"


def test_duplicate_ids_point_to_the_first(framework):
    problems = find_problems(frame(example_row(framework), example_row(framework)), framework)
    assert [(p.row, p.column) for p in problems] == [(1, "id")]
    assert "rij 2" in problems[0].message


def test_missing_and_extra_columns_are_refused(framework):
    row = example_row(framework)
    del row["notes"]
    with pytest.raises(InputError) as info:
        validate_frame(frame(row), framework)
    assert info.value.place == "kolom 'notes'" and "ontbreekt" in info.value.message
    with pytest.raises(InputError) as info:
        validate_frame(frame({**example_row(framework), "email": "x"}), framework)
    assert info.value.place == "kolom 'email'" and "onbekende kolom" in info.value.message
    with pytest.raises(InputError) as info:
        validate_frame(frame({**example_row(framework), "thuis.a": "x"}), framework)
    assert "geen signifier 'thuis'" in info.value.message


def test_comma_decimals_from_dutch_excel_are_read(framework):
    typed = validate_frame(frame(example_row(framework, welkom="0,75")), framework)
    assert typed.loc[0, "welkom"] == 0.75


def test_store_frame_round_trip(framework, corpus):
    strings = to_store_frame(corpus, framework)
    again = validate_frame(strings, framework)
    assert again["id"].tolist() == corpus["id"].tolist()
    assert (again["steun.ikzelf"] - corpus["steun.ikzelf"]).abs().max() < 1e-4
    assert again["wie"].tolist() == corpus["wie"].tolist()


def test_flatten_answers_refuses_unknown_fields(framework):
    with pytest.raises(InputError) as info:
        flatten_answers({"telefoon": "06"}, framework)
    assert info.value.place == "veld 'telefoon'"
    flat = flatten_answers({"steun": {"ikzelf": 0.5, "eigen_kring": 0.25, "instanties": 0.25}},
                           framework)
    assert flat["steun.eigen_kring"] == "0.25"


def test_rows_are_typed_as_the_frame_is(framework, corpus):
    strings = to_store_frame(corpus, framework).astype(object)
    strings.loc[0, "welkom"] = " 0.25 "  # white space around a number
    strings.loc[1, "welkom"] = "0,75"  # a decimal comma
    strings.loc[2, "title"] = "  Een titel  "
    header = list(strings.columns)
    rows = strings.to_numpy().tolist()
    expected = validate_frame(strings, framework)
    typed = validate_rows(header, rows, framework)
    pd.testing.assert_frame_equal(typed, expected)
    assert typed["welkom"].tolist()[:2] == [0.25, 0.75]
    assert typed.loc[2, "title"] == "Een titel"
    pd.testing.assert_frame_equal(validate_rows(header, rows, framework, checked=True), expected)
    front = validate_rows(header, rows, framework, front={"bron": ["x"] * len(rows)})
    assert list(front.columns) == ["bron"] + columns_for(framework)
    pd.testing.assert_frame_equal(front.drop(columns="bron"), expected)


def test_number_cells_are_read_with_and_without_white_space(framework):
    cells = ["0.25", " 0.5", "\u00a01\t", "", "0,125", ".5"]
    rows = [example_row(framework, id=f"N-{i}", invloed=v) for i, v in enumerate(cells)]
    typed = validate_frame(frame(*rows), framework)
    got = typed["invloed"].tolist()
    assert got[:3] == [0.25, 0.5, 1.0] and got[3] != got[3] and got[4:] == [0.125, 0.5]
    # every cell a number or empty (the fast way), white space read as float() reads it
    rows = [example_row(framework, id=f"N-{i}", invloed=v) for i, v in
            enumerate([" 0.5", "0.25\n", "", "1e-1"])]
    got = validate_frame(frame(*rows), framework)["invloed"].tolist()
    assert got[:2] == [0.5, 0.25] and got[3] == 0.1 and got[2] != got[2]


def test_rows_with_bad_values_are_refused_unless_checked_before(framework):
    rows = [example_row(framework, id="N-1"), example_row(framework, id="N-2", month="oktober")]
    header = columns_for(framework)
    cells = [[row[c] for c in header] for row in rows]
    with pytest.raises(InputError) as info:
        validate_rows(header, cells, framework, path="n.csv")
    assert info.value.place == "rij 3, kolom 'month'" and info.value.path == "n.csv"
    # checked=True trusts an earlier verdict: the checks are skipped, the table only typed
    assert validate_rows(header, cells, framework, checked=True)["month"].tolist() == [
        "2025-10", "oktober"]
    with pytest.raises(InputError) as info:
        validate_rows(header, [cells[0], cells[1][:-1]], framework)
    assert info.value.place == "rij 3" and "33 cellen" in info.value.message


def test_a_new_schema_version_invalidates_cached_verdicts(monkeypatch):
    """A verdict cached under older checks is not trusted: the version is part of the key."""
    from kit.evaluation.adapters import check_key
    from kit.narratives import schema

    before = check_key(b"id: kader", ["aa"])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    assert check_key(b"id: kader", ["aa"]) != before
