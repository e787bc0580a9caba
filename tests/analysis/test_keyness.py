"""Keyness: the statistics, lemmas, stop-words, and the real corpora (concordance:
test_concordance.py)."""

from __future__ import annotations

import math

import pytest

from kit.analysis.discourse_corpus import load_dominant_corpus
from kit.analysis.keyness import (
    keyness,
    lemma,
    load_stopwords,
    log_likelihood,
    tokenize,
    word_counts,
)
from kit.errors import InputError


def test_log_likelihood_by_hand():
    a, b, ta, tb = 40, 10, 10_000, 20_000
    ea, eb = ta * 50 / 30_000, tb * 50 / 30_000
    assert log_likelihood(a, b, ta, tb) == pytest.approx(2 * (a * math.log(a / ea) + b * math.log(b / eb)))
    assert log_likelihood(0, 5, 100, 100) > 0


def test_stopwords_and_modality():
    stop = load_stopwords()
    assert {"de", "het", "een", "en", "van"} <= stop
    assert not {"moeten", "moet", "kunnen", "mogen", "zullen"} & stop
    counts = word_counts(["De panden moeten worden gecontroleerd en de ramen moeten dicht."])
    assert counts["moeten"] == 2 and "de" not in counts and counts["raam"] == 1


def test_lemmas_respect_the_words_of_the_course():
    assert lemma("sekswerkers") == "sekswerker" and lemma("sekswerker") == "sekswerker"
    assert lemma("arbeidsmigranten") == "arbeidsmigrant"
    assert "_" not in lemma("aangetroffen")


def test_pseudonym_labels_are_not_words():
    assert tokenize("[PERSOON-3f2a] en [LOCATIE-1] bellen") == ["en", "bellen"]


def test_dominant_corpus_against_narratives_finds_the_frames():
    from kit.synthetic.narratives import generate_corpus

    narratives = generate_corpus(150, seed=4)
    table = keyness(load_dominant_corpus()["text"], narratives["text"],
                    names=("dominant discours", "narratieven"))
    dominant_words = set(table[(table["meer_in"] == "dominant discours")
                               & (table["significantie"] != "niet significant")]["woord"])
    assert {"overlast", "handhaving"} & dominant_words
    narrative_top = table[table["meer_in"] == "narratieven"].head(30)
    assert (narrative_top["log_ratio"] < 0).all()
    assert table["log_likelihood"].is_monotonic_decreasing


def test_empty_corpus_is_refused():
    with pytest.raises(InputError, match="leeg"):
        keyness(["de het een"], ["werk en huis"])
