"""What an analysis export may publish (kit.analysis.publishable): codes and words resting on
fewer than k narratives, or nearly all on one or two, are hidden or left out, and said so."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.analysis.agreement import AgreementResult
from kit.analysis.publishable import publishable_agreement, publishable_keyness
from kit.errors import InputError


def _agreement(rows, units):
    per_code = pd.DataFrame([{"code": c, "naam": c.title(), "eenheden": n, "teksten": t,
                              "A": n, "B": n - 1, "percentage": 0.9, "kappa": 0.8, "alpha": 0.7,
                              "oordeel": "betrouwbaar"} for c, n, t in rows])
    return AgreementResult(coders=["A", "B"], per_code=per_code, overall={}, disagreements=None,
                           units_per_text=units)


def test_agreement_hides_small_and_dominated_codes_but_never_their_text_count_above_k():
    result = _agreement([("werk", 30, 12), ("schuld", 5, 3), ("thuis", 110, 11), ("trots", 20, 10)],
                        {"werk": [3] * 10 + [0], "schuld": [2, 2, 1],
                         "thuis": [100] + [1] * 10, "trots": [2] * 10})
    table, log = publishable_agreement(result, k=10)
    rows = {r["code"]: r for r in table.to_dict("records")}
    assert rows["werk"]["eenheden"] == "30" and rows["werk"]["kappa"] == "0.8000"
    assert rows["schuld"]["teksten"] == "<10"  # small: the count of texts is never shown
    assert {rows["schuld"][c] for c in ("eenheden", "A", "B", "kappa")} == {"x"}
    assert rows["thuis"]["teksten"] == "11" and rows["thuis"]["eenheden"] == "x"  # one text dominates
    assert rows["schuld"]["oordeel"] == rows["thuis"]["oordeel"] == "niet te bepalen"
    assert rows["trots"]["eenheden"] == "20"  # exactly k texts, evenly: published
    assert log.refused == []


def test_agreement_table_mostly_hidden_is_refused():
    result = _agreement([("a", 5, 3), ("b", 4, 2), ("c", 30, 12)],
                        {"a": [2, 2, 1], "b": [2, 2], "c": [3] * 10})
    table, log = publishable_agreement(result, k=10, file="o.csv")
    assert table.empty and list(table.columns)[:4] == ["code", "naam", "teksten", "eenheden"]
    assert log.refused == ["o.csv"]


def _keyness(words):
    return pd.DataFrame({"woord": [w for w, _ in words], "freq_a": [5] * len(words),
                         "freq_b": [n for _, n in words]})


def test_keyness_leaves_out_words_of_few_or_dominant_narrators():
    narratives = [f"werk buurt bank verhaal{i}" for i in range(10)] + ["werk " + "bank " * 100]
    table = _keyness([("werk", 11), ("buurt", 10), ("verhaal1", 1), ("bank", 110), ("loket", 0)])
    out, log = publishable_keyness(table, narratives, k=10, lemmatise=False,
                                   stopwords=frozenset())
    # buurt: exactly k narratives; loket: a zero describes all narrators together
    assert list(out["woord"]) == ["werk", "buurt", "loket"]
    notes = [e["toelichting"] for e in log.entries if e["regel"] == "weggelaten"]
    assert len(notes) == 2
    assert "1 woorden komen in minder dan 10 narratieven voor" in notes[0]  # verhaal1
    assert "1 woorden komen (bijna) allemaal uit één of twee" in notes[1]  # bank
    assert not any("verhaal1" in e["toelichting"] or "bank" in e["toelichting"]
                   for e in log.entries)  # the log says how many, never which
    assert log.refused == []


def test_keyness_with_fewer_than_k_narratives_is_refused():
    out, log = publishable_keyness(_keyness([("werk", 3)]), ["werk"] * 9 + ["  "], k=10,
                                   lemmatise=False, stopwords=frozenset(), file="k.csv")
    assert out.empty and log.refused == ["k.csv"]


@pytest.mark.parametrize("k", [4, 0])
def test_threshold_below_five_is_refused(k):
    with pytest.raises(InputError) as info:
        publishable_keyness(_keyness([]), [], k=k)
    assert info.value.place == "--k"
