"""Validation messages that say what is wrong and where: unknown keys with a suggestion,
which side of a points mismatch is off, line and column of broken notebook JSON."""

from __future__ import annotations

import copy

import pytest

from kit.errors import InputError
from kit.grading.rubrics import check_points, parse_rubric

BASE = {"opdracht": "a", "titel": "A", "cellen": [{
    "grade_id": "a_1", "titel": "T", "punten": 8, "criteria": [
        {"id": "inhoud", "naam": "Inhoud", "niveaus": [
            {"id": "l", "naam": "L", "punten": 0, "beschrijving": "d"},
            {"id": "h", "naam": "H", "punten": 5, "beschrijving": "d"}]},
        {"id": "taal", "naam": "Taal", "niveaus": [
            {"id": "l", "naam": "L", "punten": 0, "beschrijving": "d"},
            {"id": "h", "naam": "H", "punten": 3, "beschrijving": "d"}]}]}]}


def _message(data, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        parse_rubric(data, "r.yaml", **kwargs)
    return str(info.value)


@pytest.mark.parametrize("where,typo,right", [
    ((), "titell", "titel"),
    (("cellen", 0), "critera", "criteria"),
    (("cellen", 0, "criteria", 1), "nivaus", "niveaus"),
    (("cellen", 0, "criteria", 0, "niveaus", 1), "beschijving", "beschrijving"),
])
def test_unknown_key_is_named_with_a_suggestion(where, typo, right):
    data = copy.deepcopy(BASE)
    node = data
    for step in where:
        node = node[step]
    node[typo] = node.pop(right)
    message = _message(data)
    assert f"onbekend veld '{typo}'; bedoel je '{right}'?" in message
    assert "r.yaml" in message


def test_unknown_key_without_a_near_miss():
    data = copy.deepcopy(BASE)
    data["cellen"][0]["xyz"] = 1
    message = _message(data)
    assert "onbekend veld 'xyz'" in message and "bedoel je" not in message
    assert "grade_id, titel, punten, criteria" in message


def test_criteria_wrong_where_field_and_notebook_agree():
    data = copy.deepcopy(BASE)
    data["cellen"][0]["criteria"][0]["niveaus"][1]["punten"] = 6  # criteria now 9, cell 8
    message = _message(data, cell_points={"a_1": 8})
    assert "cellen[0].criteria" in message
    assert "de criteria tellen op tot 9 punten (Inhoud 6 + Taal 3)" in message
    assert "8 punten" in message and "pas de punten van de niveaus aan" in message


def test_points_field_wrong_where_criteria_and_notebook_agree():
    data = copy.deepcopy(BASE)
    data["cellen"][0]["punten"] = 9
    message = _message(data, cell_points={"a_1": 8})
    assert "cellen[0].punten" in message
    assert "zet 'punten' op 8" in message


def test_notebook_differs_from_a_consistent_rubric():
    rubric = parse_rubric(BASE, "r.yaml")
    with pytest.raises(InputError) as info:
        check_points(rubric, {"a_1": 9}, "r.yaml", notebook="source/a/a.ipynb")
    message = str(info.value)
    assert "de rubriek geeft 8 punten" in message and "is 9 punten waard" in message
    assert "source/a/a.ipynb" in message


def test_truncated_notebook_gives_line_and_column(tmp_path):
    from kit.grading.course import notebook_problem

    path = tmp_path / "a.ipynb"
    path.write_text('{\n "cells": [\n  {"cell_type": "markdown",\n   "source": "x"')
    problem = notebook_problem(path)
    assert problem is not None
    assert "regel 4" in problem and "kolom" in problem
    assert "NotJSONError" not in problem
