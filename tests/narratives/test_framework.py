"""Frameworks: the shipped one is valid, mistakes are explained in Dutch with the field."""

from __future__ import annotations

import copy

import pytest
import yaml

from kit.errors import InputError
from kit.narratives.framework import (
    default_framework,
    framework_from_dict,
    framework_to_dict,
    load_framework,
    signifier_columns,
    validate_framework,
)


def base():
    return framework_to_dict(default_framework())


def test_default_framework_has_all_four_kinds_and_two_prompts():
    fw = default_framework()
    assert {s.kind for s in fw.signifiers} == {"triade", "dyade", "stenen", "keuze"}
    assert len(fw.prompts) == 2
    assert fw.filters == ("gevoel", "wie", "hoe_vaak")
    assert "steun.ikzelf" in signifier_columns(fw)
    assert "plekken.bank.y" in signifier_columns(fw)


def test_load_from_folder_and_file(tmp_path):
    (tmp_path / "kader.yaml").write_text(yaml.safe_dump(base(), allow_unicode=True))
    assert load_framework(tmp_path) == default_framework()
    assert load_framework(tmp_path / "kader.yaml").id == "erbij-horen-den-haag"


@pytest.mark.parametrize("change, field, words", [
    (lambda d: d["prompts"][0]["signifiers"].append("thuis"), "prompts[0].signifiers[8]", "thuis"),
    (lambda d: d["filters"].append("welkom"), "filters[3]", "alleen keuzevragen"),
    (lambda d: d["signifiers"][0]["hoeken"].pop(), "signifiers[0].hoeken", "precies 3 hoeken"),
    (lambda d: d["signifiers"][2].update(soort="schuif"), "signifiers[2].soort", "onbekende soort"),
    (lambda d: d["signifiers"][1].update(id="Draait om"), "signifiers[1].id", "geen geldige id"),
    (lambda d: d["signifiers"][5]["opties"].append("trots"), "signifiers[5].opties[8]", "twee keer"),
    (lambda d: d.update(versie="een"), "versie", "geheel getal"),
    (lambda d: d["signifiers"][3].pop("links"), "signifiers[3].links", "verplicht"),
    (lambda d: d.update(kleur="rood"), "kleur", "onbekend veld 'kleur'"),
    (lambda d: d["signifiers"][3].update(link=d["signifiers"][3].pop("links")),
     "signifiers[3].link", "onbekend veld 'link'; bedoel je 'links'?"),
    (lambda d: d["contextvelden"].append("adres"), "contextvelden[4]", "geen contextveld"),
])
def test_mistakes_name_the_field(change, field, words):
    data = copy.deepcopy(base())
    change(data)
    with pytest.raises(InputError) as info:
        framework_from_dict(data, path="kader.yaml")
    assert info.value.place == f"veld '{field}'"
    assert words in info.value.message
    assert str(info.value).startswith("kader.yaml, ")
    assert validate_framework(data) == [str(InputError(info.value.message, place=info.value.place))]


def test_broken_yaml_names_the_line(tmp_path):
    (tmp_path / "kader.yaml").write_text("id: x\nsignifiers: [\n")
    with pytest.raises(InputError) as info:
        load_framework(tmp_path / "kader.yaml")
    assert "regel" in info.value.place


def test_round_trip_keeps_everything():
    data = base()
    assert framework_to_dict(framework_from_dict(data)) == data
