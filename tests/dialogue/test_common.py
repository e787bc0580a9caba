"""Shared field readers of the dialogue area (kit.dialogue.common): one Dutch way to fail."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kit.dialogue.common import (
    dialogue_dir,
    field_place,
    handreiking_dir,
    int_field,
    optional_text,
    text_field,
)
from kit.errors import InputError


def test_folders_inside_the_work_folder():
    assert dialogue_dir(Path("w")) == Path("w/dialoog")
    assert handreiking_dir("w") == Path("w/handreiking")


def test_places_count_list_items_from_one():
    assert field_place("stemmingen", 0, "stelling") == "veld 'stemmingen[1].stelling'"


@pytest.mark.parametrize("value", [None, "", "   ", math.nan])
def test_an_empty_required_text_names_file_and_field(value):
    with pytest.raises(InputError) as info:
        text_field({"doel": value}, "doel", path="sessieplan.yaml", place="veld 'doel'")
    assert str(info.value) == "sessieplan.yaml, veld 'doel': doel ontbreekt"


def test_texts_are_stripped_and_non_mappings_are_empty():
    assert text_field({"n": 12}, "n") == "12"
    assert optional_text({"a": "  x "}, "a") == "x"
    assert optional_text(["geen", "mapping"], "a") == ""
    with pytest.raises(InputError, match="de naam ontbreekt"):
        text_field(["geen mapping"], "naam", what="de naam")


@pytest.mark.parametrize("value, expected", [("3", 3), (3, 3), ("3,0", 3), (5.0, 5), (" 1 ", 1)])
def test_whole_numbers_in_range(value, expected):
    assert int_field(value, low=1, high=5) == expected


@pytest.mark.parametrize("value", ["2,5", "0", "6", "veel", None, "nan"])
def test_other_numbers_are_refused_with_what_was_found(value):
    with pytest.raises(InputError) as info:
        int_field(value, low=1, high=5, path="s.csv", place="rij 3", what="de macht")
    text = "" if value is None else str(value)
    assert str(info.value) == (f"s.csv, rij 3: de macht moet een heel getal van 1 tot en met 5 "
                               f"zijn (gevonden: '{text}')")
