"""The model layer's one Dutch error formatter: file, key path, unknown keys with a suggestion."""

from __future__ import annotations

import pytest
from pydantic import Field

from kit.errors import InputError
from kit.models import Id, Model, OptionalText, Points, Text, validate


class Level(Model):
    id: Id = Field(alias="id")
    points: Points = Field(alias="punten")
    comment: OptionalText = Field("", alias="commentaar")


class Part(Model):
    title: Text = Field(alias="titel")
    levels: list[Level] = Field(default_factory=list, alias="niveaus")


class Book(Model):
    title: Text = Field(alias="titel")
    parts: dict[str, Part] = Field(default_factory=dict, alias="delen")
    items: list[Part] = Field(default_factory=list, alias="items")


def _error(data, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        validate(Book, data, path="boek.yaml", **kwargs)
    return info.value


def test_unknown_key_deep_in_a_list_names_path_and_nearest_key():
    err = _error({"titel": "B", "items": [{"titel": "p"}, {"titel": "q", "nivaus": []}]})
    assert err.path == "boek.yaml"
    assert err.place == "veld 'items[1].nivaus'"
    assert err.message == "onbekend veld 'nivaus'; bedoel je 'niveaus'?"
    assert err.exit_code == 2


def test_unknown_key_inside_a_mapping_of_models_suggests_that_models_keys():
    err = _error({"titel": "B", "delen": {"een": {"titel": "x", "niveaus": [
        {"id": "a", "punten": 1, "comentaar": "c"}]}}})
    assert err.place == "veld 'delen.een.niveaus[0].comentaar'"
    assert err.message == "onbekend veld 'comentaar'; bedoel je 'commentaar'?"


def test_unknown_key_without_a_near_miss_lists_the_keys_in_file_order():
    err = _error({"titel": "B", "items": [{"titel": "p", "xyz": 1}]})
    assert err.message == "onbekend veld 'xyz'; toegestaan zijn: titel, niveaus"


def test_misspelt_required_key_is_reported_as_the_typo_not_as_missing():
    err = _error({"titl": "B"})
    assert err.place == "veld 'titl'" and "bedoel je 'titel'?" in err.message


@pytest.mark.parametrize("data,place,words", [
    ({}, "veld 'titel'", "verplicht"),
    ({"titel": "  "}, "veld 'titel'", "verplicht"),
    ({"titel": ["x"]}, "veld 'titel'", "hier hoort een tekst"),
    ({"titel": "B", "items": "x"}, "veld 'items'", "hier hoort een lijst"),
    ({"titel": "B", "items": [3]}, "veld 'items[0]'", "hier hoort een tabel"),
    ({"titel": "B", "items": [{"titel": "p", "niveaus": [{"id": "a", "punten": True}]}]},
     "veld 'items[0].niveaus[0].punten'", "hier hoort een getal, niet True"),
    ({"titel": "B", "items": [{"titel": "p", "niveaus": [{"id": "a", "punten": -1}]}]},
     "veld 'items[0].niveaus[0].punten'", "niet negatief"),
    ({"titel": "B", "items": [{"titel": "p", "niveaus": [{"id": "Hoog", "punten": 1}]}]},
     "veld 'items[0].niveaus[0].id'", "'Hoog' is geen geldige id"),
])
def test_each_kind_of_problem_is_one_dutch_line(data, place, words):
    err = _error(data)
    assert err.place == place
    assert words in err.message
    assert "\n" not in str(err) and "validation error" not in str(err)


def test_positions_can_be_counted_from_one_and_prefixed():
    err = _error({"titel": "B", "items": [{"titel": "p"}, {}]}, first=1, prefix=("boek",))
    assert err.place == "veld 'boek.items[2].titel'"


def test_not_a_mapping_uses_the_areas_sentence():
    err = _error(["a"], what="een boek is een lijst van velden (titel, items)")
    assert str(err) == "boek.yaml: een boek is een lijst van velden (titel, items)"


def test_valid_data_gives_typed_stripped_values():
    book = validate(Book, {"titel": " B ", "items": [{"titel": 2024, "niveaus": [
        {"id": "a", "punten": 2}]}]})
    assert book.title == "B"
    assert book.items[0].title == "2024"
    assert book.items[0].levels[0].points == 2.0 and book.items[0].levels[0].comment == ""
