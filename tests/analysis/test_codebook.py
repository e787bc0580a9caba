"""Codebooks: the shipped ones are valid; mistakes get a Dutch message with the field."""

from __future__ import annotations

import pytest

from kit.analysis.codebook import (
    SHIPPED_CODEBOOKS,
    codebook_table,
    load_codebook,
    parse_codebook,
    save_codebook,
)
from kit.errors import InputError


def _book(codes):
    return {"id": "t", "titel": "Test", "codes": codes}


@pytest.mark.parametrize("name", list(SHIPPED_CODEBOOKS))
def test_shipped_codebooks_are_complete(name):
    book = load_codebook(name)
    assert len(book) >= 10
    assert "lesmateriaal" in book.status
    for code in book:
        assert code.definition and code.when and code.when_not and code.example, code.id
        assert code.signal_words, code.id
    assert any(code.parent for code in book), "hierarchisch: er zijn subcodes"


def test_frames_codebook_covers_the_frames_of_the_issue():
    ids = set(load_codebook("frames-dominant-discours").ids())
    assert {"criminaliteit-overlast", "slachtofferschap", "mensenhandel", "werk-rechten", "gezondheid",
            "moraal", "economie-arbeidsmarkt", "huisvesting"} <= ids


def test_duplicate_code_in_a_subcode_names_both_places():
    data = _book([{"code": "a", "naam": "A", "definitie": "d",
                   "subcodes": [{"code": "b", "naam": "B", "definitie": "d"}]},
                  {"code": "c", "naam": "C", "definitie": "d",
                   "subcodes": [{"code": "b", "naam": "B2", "definitie": "d"}]}])
    with pytest.raises(InputError) as err:
        parse_codebook(data, path="boek.yaml")
    assert err.value.place == "veld 'codes[1].subcodes[0].code'"
    assert "twee keer" in err.value.message and "codes[0].subcodes[0]" in err.value.message


@pytest.mark.parametrize("codes, place, words", [
    ([{"code": "a", "naam": "A", "definitie": "d", "ouder": "x"}], "veld 'codes[0].ouder'", "niet gedefinieerd"),
    ([{"code": "a", "naam": "A", "definitie": "d", "zie_ook": ["b"]}], "veld 'codes[0].zie_ook[0]'", "niet is gedefinieerd"),
    ([{"code": "A b", "naam": "A", "definitie": "d"}], "veld 'codes[0].code'", "kleine letters"),
    ([{"code": "a", "naam": "A"}], "veld 'codes[0].definitie'", "verplicht"),
    ([{"code": "a", "naam": "A", "definitie": "d", "kleuren": "#fff"}], "veld 'codes[0].kleuren'", "onbekend veld"),
    ([{"code": "a", "naam": "A", "definitie": "d", "kleur": "rood"}], "veld 'codes[0].kleur'", "#rrggbb"),
    ([{"code": "a", "naam": "A", "definitie": "d", "ouder": "b"},
      {"code": "b", "naam": "B", "definitie": "d", "ouder": "a"}], "veld 'codes[0].ouder'", "kring"),
    ([], "veld 'codes'", "geen codes"),
])
def test_bad_codebooks_are_refused(codes, place, words):
    with pytest.raises(InputError) as err:
        parse_codebook(_book(codes), path="b.yaml")
    assert err.value.place == place
    assert words in err.value.message


def test_flat_parent_references_give_the_same_tree_as_nesting():
    flat = parse_codebook(_book([{"code": "kind", "naam": "K", "definitie": "d", "ouder": "top"},
                                 {"code": "top", "naam": "T", "definitie": "d"}]))
    assert flat.ids() == ["top", "kind"]
    assert flat.top_level("kind") == "top"


def test_table_and_roundtrip(tmp_path):
    book = load_codebook("frames-dominant-discours")
    table = codebook_table(book)
    assert list(table["code"]) == book.ids()
    assert set(table["niveau"]) == {1, 2}
    again = load_codebook(save_codebook(book, tmp_path / "mijn-werk" / "codeboek.yaml"))
    assert again.ids() == book.ids() and again["mensenhandel"] == book["mensenhandel"]


def test_invalid_yaml_file_names_the_line(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("id: x\ncodes: [\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_codebook(path)
    assert err.value.path == str(path) and err.value.place.startswith("regel")
