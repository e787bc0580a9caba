"""A harvest or report made again does not pseudonymise its clean texts again
(kit.privacy.gate.clean_frame with the gate's verdict cache), and everything a text's spans
depend on is part of what is remembered: a name added to the vault's consent register is
found in a text that passed before."""

from __future__ import annotations

import pandas as pd

from kit.privacy import gate, verdicts
from kit.privacy.consent import ConsentRegister
from kit.privacy.pseudonymise import Pseudonymiser

CLEAN = "We kookten samen soep in het buurthuis. Xandrielle kookte soep."
NAMED = "Vandaag vertelde Ionela Popescu over haar werk in de kassen."
HARMLESS = "4"


def _clean_calls(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = gate.clean_text

    def counted(text, p):
        seen.append(text)
        return real(text, p)

    monkeypatch.setattr(gate, "clean_text", counted)
    return seen


def test_a_clean_text_is_remembered_and_a_text_with_a_name_never(vault, monkeypatch, tmp_path):
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    frame = pd.DataFrame({"text": [CLEAN, NAMED, HARMLESS, CLEAN]})
    seen = _clean_calls(monkeypatch)
    first = gate.clean_frame(frame, Pseudonymiser(vault, use_deduce=False), ["text"])
    assert seen == [CLEAN, NAMED]  # equal values once, a harmless value never
    assert first["text"][0] == CLEAN and "Popescu" not in first["text"][1]
    cache = verdicts.cache_file().read_text(encoding="utf-8")
    assert "buurthuis" not in cache and "Ionela" not in cache  # hashes, never the text

    seen.clear()  # a rerun, with a fresh pseudonymiser and memo (as in a new process)
    again = gate.clean_frame(frame, Pseudonymiser(vault, use_deduce=False), ["text"])
    assert seen == [NAMED]
    assert again.equals(first)

    # the consent register is part of the context: its new name is found in the clean text
    ConsentRegister(vault).add("P07", "v1", "2025-09-01", "d" * 64, ["onderwijs"],
                               "2027-09-01", name="Xandrielle")
    seen.clear()
    after = gate.clean_frame(frame, Pseudonymiser(vault, use_deduce=False), ["text"])
    assert seen == [CLEAN, NAMED]
    assert "Xandrielle" not in after["text"][0]


def test_another_allow_list_or_engine_is_another_context(vault, monkeypatch, tmp_path):
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    frame = pd.DataFrame({"text": [CLEAN]})
    gate.clean_frame(frame, Pseudonymiser(vault, use_deduce=False), ["text"])
    seen = _clean_calls(monkeypatch)
    gate.clean_frame(frame, Pseudonymiser(vault, use_deduce=False, allow_list=["Xandrielle"]),
                     ["text"])
    assert seen == [CLEAN]


def test_a_stand_in_pseudonymiser_is_never_cached(monkeypatch, tmp_path):
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))

    class Upper:
        def pseudonymise(self, text):
            return type("R", (), {"text": text})()

    frame = pd.DataFrame({"text": [CLEAN]})
    gate.clean_frame(frame, Upper(), ["text"])
    assert not verdicts.cache_file().exists()


def test_a_frame_without_text_does_not_read_the_cache(vault, monkeypatch, tmp_path):
    """A report cleans many tables of counts and scores: the verdict cache (up to 100.000
    hashes) is read only when a table has a text to clean."""
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    reads: list[int] = []
    real = verdicts.load
    monkeypatch.setattr(verdicts, "load", lambda: reads.append(1) or real())
    p = Pseudonymiser(vault, use_deduce=False)
    gate.clean_frame(pd.DataFrame({"n": ["4", "12"], "score": [1.5, 2.0]}), p)
    assert reads == []
    gate.clean_frame(pd.DataFrame({"text": [CLEAN, NAMED]}), p)
    assert reads == [1]
