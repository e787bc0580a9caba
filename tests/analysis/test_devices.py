"""The text devices a student marks in one corpus text (kit.analysis.devices)."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.analysis.devices import DEVICES_FILE, load_devices, save_devices
from kit.errors import InputError

CORPUS = pd.DataFrame({"id": ["t1", "t2"],
                       "text": ["Er wordt overlast ervaren door de buurt.", "De Polen moeten weg."]})


def test_saved_devices_read_back(tmp_path):
    path = save_devices(tmp_path, "t1", [("ontbrekende-actor", "  Er wordt overlast ervaren "),
                                         ("passief", "wordt overlast")], CORPUS)
    assert path == tmp_path / DEVICES_FILE
    assert load_devices(tmp_path) == {"tekst": "t1", "middelen": [
        {"middel": "ontbrekende-actor", "fragment": "Er wordt overlast ervaren"},
        {"middel": "passief", "fragment": "wordt overlast"}]}
    assert sorted(p.name for p in path.parent.iterdir()) == ["tekstmiddelen.yaml"]


def test_nothing_saved_is_empty(tmp_path):
    assert load_devices(tmp_path) == {}


@pytest.mark.parametrize("text_id, devices, message", [
    ("t9", [], "tekst 't9' staat niet in het corpus"),
    ("t2", [("verzonnen", "Polen")], "onbekend middel 'verzonnen'; kies uit benoeming, passief"),
    ("t2", [("benoeming", "  ")], "vul bij 'benoeming' een fragment uit de tekst in"),
    ("t2", [("benoeming", "polen")], "het fragment 'polen' staat niet letterlijk in t2"),
])
def test_bad_devices_are_refused_and_the_earlier_file_stays(tmp_path, text_id, devices, message):
    save_devices(tmp_path, "t1", [("passief", "wordt overlast")], CORPUS)
    before = (tmp_path / DEVICES_FILE).read_bytes()
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        save_devices(tmp_path, text_id, [("benoeming", "Polen"), *devices], CORPUS)
    assert (tmp_path / DEVICES_FILE).read_bytes() == before


def test_a_broken_devices_file_is_named(tmp_path):
    path = tmp_path / DEVICES_FILE
    path.parent.mkdir(parents=True)
    path.write_text("tekst: t1\nmiddelen: geen lijst\n")
    with pytest.raises(InputError, match="een tekst en een lijst middelen") as info:
        load_devices(tmp_path)
    assert info.value.path == str(path)
