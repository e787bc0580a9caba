"""One id rule: a codebook code, a framework id, a questionnaire item and a rubric criterion
are refused by the same rule with the same Dutch words."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from kit.config import data_path
from kit.errors import InputError
from kit.ids import ID_RULE, check_id, is_id
from kit.io import read_yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text,ok", [("gbs", True), ("ehs_01", True), ("dwang-uitbuiting", True),
                                     ("1a", True), ("B1", False), ("draait om", False),
                                     ("a.b", False), ("-a", False), ("", False), (None, False)])
def test_the_rule(text, ok):
    assert is_id(text) is ok


def _codebook():
    from kit.analysis.codebook import parse_codebook

    data = read_yaml(data_path("codeboeken", "erbij-horen-en-uitsluiting.yaml"))
    data["codes"][0]["code"] = "Draait Om"
    parse_codebook(data, path="codeboek.yaml")


def _framework():
    from kit.narratives.framework import validate_framework

    data = read_yaml(data_path("kaders", "erbij-horen-den-haag.yaml"))
    data["signifiers"][0]["id"] = "Draait Om"
    problems = validate_framework(data, path="kader.yaml")
    raise InputError(problems[0])


def _questionnaire():
    from kit.analysis.scales import parse_key

    data = read_yaml(data_path("vragenlijsten", "iids-erbij-horen.yaml"))
    data["id"] = "Draait Om"
    parse_key(data, path="sleutel.yaml")


def _rubric():
    from kit.grading.rubrics import parse_rubric

    data = copy.deepcopy(read_yaml(ROOT / "assignments" / "rubrics" / "narratieven.yaml"))
    data["cellen"][0]["criteria"][0]["id"] = "Draait Om"
    parse_rubric(data, "rubriek.yaml")


@pytest.mark.parametrize("reader", [_codebook, _framework, _questionnaire, _rubric])
def test_every_reader_refuses_with_the_one_rule(reader):
    with pytest.raises(InputError) as info:
        reader()
    assert f"'Draait Om' is geen geldige id: {ID_RULE}" in str(info.value)


def test_check_id_names_file_and_place():
    with pytest.raises(InputError) as info:
        check_id("a b", path="x.yaml", place="veld 'id'")
    assert str(info.value).startswith("x.yaml, veld 'id': 'a b' is geen geldige id")
