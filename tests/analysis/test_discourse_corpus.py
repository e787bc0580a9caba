"""The synthetic dominant corpus: marked synthetic, Fairclough's devices visible, frames coded."""

from __future__ import annotations

import pytest

from kit.analysis.codebook import load_codebook
from kit.analysis.coding import validate_codings
from kit.analysis.discourse_corpus import (
    DEVICES,
    corpus_devices,
    corpus_frames,
    load_dominant_corpus,
    text_devices,
    write_dominant_corpus,
)
from kit.errors import InputError


def test_corpus_is_synthetic_varied_and_about_the_programmes_groups():
    corpus = load_dominant_corpus()
    assert corpus["synthetic"].all() and corpus["source"].str.contains("synthetisch").all()
    assert {"beleidstekst", "nieuwsbericht", "raadsdebat", "persbericht"} <= set(corpus["genre"])
    assert {"sekswerkers", "arbeidsmigranten"} <= set(corpus["group"])
    assert corpus["id"].is_unique and (corpus["text"].str.split().str.len() > 40).all()


def test_model_frames_are_valid_codings_of_the_frames_codebook():
    corpus = load_dominant_corpus()
    frames = corpus_frames()
    clean = validate_codings(frames, texts=corpus, codebook=load_codebook("frames-dominant-discours"))
    assert len(clean) == len(frames) >= 40
    assert len(set(frames["code"])) >= 10


def test_every_device_is_shown_somewhere():
    devices = corpus_devices()
    assert set(devices["middel"]) == set(DEVICES)
    texts = dict(zip(load_dominant_corpus()["id"], load_dominant_corpus()["text"], strict=True))
    for row in devices.itertuples():
        assert texts[row.document][row.start:row.end] == row.fragment


def test_text_devices_finds_the_textbook_cases():
    found = text_devices('Er wordt veel overlast ervaren. De registratie van bewoners is noodzakelijk, '
                         'zegt de wethouder. De panden worden gecontroleerd.')
    kinds = set(found["middel"])
    assert {"ontbrekende-actor", "nominalisatie", "modaliteit", "geciteerd", "passief"} <= kinds
    assert "gecontroleerd" in " ".join(found[found["middel"] == "passief"]["fragment"])


@pytest.mark.parametrize("yaml_text, words", [
    ("id: x\nsynthetisch: true\nteksten: []\n", "leeg"),
    ("id: x\nteksten:\n  - {id: a, genre: g, groep: g, titel: t, tekst: t}\n", "synthetisch"),
    ("id: x\nsynthetisch: true\nteksten:\n  - {id: a, genre: g, groep: g, titel: t, tekst: Hallo.}\n"
     "  - {id: a, genre: g, groep: g, titel: t, tekst: Hoi.}\n", "twee keer"),
    ("id: x\nsynthetisch: true\nteksten:\n  - {id: a, genre: g, groep: g, titel: t, tekst: Hallo.,"
     " frames: [{code: moraal, fragment: Dag}]}\n", "niet letterlijk"),
])
def test_bad_corpora_are_refused(tmp_path, yaml_text, words):
    path = tmp_path / "corpus.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(InputError, match=words) as err:
        load_dominant_corpus(path)
    assert err.value.path == str(path)


def test_csv_export_roundtrip_and_empty_csv(tmp_path):
    path = write_dominant_corpus(tmp_path / "dominant.csv")
    assert load_dominant_corpus(path)["text"].tolist() == load_dominant_corpus()["text"].tolist()
    empty = tmp_path / "leeg.csv"
    empty.write_text("id,text\n")
    with pytest.raises(InputError, match="leeg"):
        load_dominant_corpus(empty)
