"""Simulated coders (kit.synthetic.coders): the first codes by signal words, the second differs
the way people do; the real agreement measure sees the difference grow with the noise."""

from __future__ import annotations

import pandas as pd

from kit.analysis.agreement import agreement
from kit.analysis.codebook import load_codebook
from kit.synthetic.coders import second_coder, signal_coding
from kit.synthetic.narratives import generate_corpus

BOOK = load_codebook("erbij-horen-en-uitsluiting")


def _first():
    corpus = generate_corpus(40, seed=3)
    return signal_coding(dict(zip(corpus["id"], corpus["text"], strict=True)), BOOK, coder="A")


def test_first_coder_uses_known_codes_and_no_parent_with_its_child():
    codings = _first()
    assert len(codings) > 0 and set(codings["code"]) <= {c.id for c in BOOK}
    assert set(codings["coder"]) == {"A"} and (codings["end"] > codings["start"]).all()
    for (_doc, _start), group in codings.groupby(["document", "start"]):
        codes = set(group["code"])
        assert len(codes) <= 2
        assert not any(BOOK[c].parent in codes for c in codes)


def test_second_coder_is_seeded_and_disagrees_more_with_more_noise():
    first = _first()
    same = second_coder(first, BOOK, seed=1, miss=0, switch=0, extra=0, shift=0)
    assert same[["document", "start", "end", "code"]].equals(first[["document", "start", "end", "code"]])
    a = second_coder(first, BOOK, seed=4)
    assert a.equals(second_coder(first, BOOK, seed=4)) and set(a["coder"]) == {"B"}
    noisy = second_coder(first, BOOK, seed=4, miss=0.4, switch=0.4, extra=0.2)
    alpha = {name: agreement(pd.concat([first, b], ignore_index=True)).overall["alpha"]
             for name, b in (("gewoon", a), ("ruis", noisy))}
    assert alpha["ruis"] < alpha["gewoon"]
