"""Keyword in context (kit.analysis.concordance): lemma, prefix, context, limit, layout."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.analysis.concordance import format_kwic, kwic
from kit.errors import InputError


def test_kwic_by_lemma_prefix_and_format():
    texts = {"a": "Overlast in de straat. De overlastmeldingen stegen.", "b": "Geen overlast hier."}
    assert len(kwic(texts, "overlast")) == 2
    assert len(kwic(texts, "overlast*")) == 3
    assert "[overlast]" in format_kwic(kwic(texts, "overlast"))
    with pytest.raises(InputError):
        kwic(texts, "twee woorden")


def test_rows_hold_the_place_and_the_context():
    text = "De huizen werden\ngecontroleerd. Ons huis is klein."
    rows = kwic(pd.DataFrame({"id": ["t1"], "text": [text]}), "huis", width=10)
    assert rows.columns.tolist() == ["document", "start", "end", "links", "woord", "rechts"]
    assert rows["woord"].tolist() == ["huizen", "huis"]
    first = rows.iloc[0]
    assert text[first["start"]:first["end"]] == "huizen"
    assert (first["links"], first["rechts"]) == ("De", "werden ge")  # newline read as a space
    assert kwic({"t1": text}, "huis", lemmatise=False)["woord"].tolist() == ["huis"]
    assert len(kwic({"t1": text, "t2": text}, "huis", limit=3)) == 3


@pytest.mark.parametrize("query", ["", "  ", "twee woorden"])
def test_one_word_only(query):
    with pytest.raises(InputError, match="zoek op één woord"):
        kwic({"t": "tekst"}, query)


def test_no_hits_is_an_empty_table_and_a_dutch_line():
    rows = kwic({"t": "niets hier"}, "huis")
    assert rows.empty and list(rows.columns) == ["document", "start", "end", "links", "woord", "rechts"]
    assert format_kwic(rows) == "(geen vindplaatsen)"


def test_format_aligns_the_keyword():
    rows = kwic({"a": "kort huis", "bb": "een veel langer stuk voor het huis"}, "huis")
    lines = format_kwic(rows).splitlines()
    assert len(lines) == 2 and lines[0].index("[huis]") == lines[1].index("[huis]")
