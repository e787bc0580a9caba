"""One disclosure-control pass over everything published together (kit.privacy.disclosure_pass),
checked by the kit's attacker: every small count keeps enough possible values. The pass over a
whole report is tested in tests/evaluation/test_disclosure_pass.py."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.privacy.attacker import protection
from kit.privacy.disclosure_pass import (
    DOMINANT,
    PROTECTING,
    SMALL,
    Model,
    markers,
    protect,
)


def _table(counts: dict[str, int], total: int | None = None) -> Model:
    model = Model()
    for name, n in counts.items():
        model.quantity(name, n)
        model.cell(name, "deelname", 0, name)
    if total is not None:
        model.quantity("totaal", total)
        model.cell("totaal", "indicatoren", 0, "waarde")
        model.relate("totaal", list(counts))
    return model


def test_a_small_count_next_to_a_published_total_takes_a_second_one_with_it():
    result = protect(_table({"gemeente": 13, "bedrijfsleven": 3, "community": 10, "zorg": 41},
                            total=67), k=10)
    # not the community's 10: an x means 10 or more, and 3 + 10 = 13 would pin the small one
    assert result.hidden == {"bedrijfsleven": SMALL, "gemeente": PROTECTING}
    assert result.marker("bedrijfsleven") == "<10" and result.marker("gemeente") == "x"
    assert result.marker("zorg") is None and result.refused == set()


def test_relations_are_the_strongest_that_hold():
    model = _table({"a": 4, "b": 6}, total=10)
    assert model.relations[-1]["kind"] == "sum"
    model = _table({"a": 7, "b": 6}, total=10)  # people in both parts
    assert model.relations[-1]["kind"] == "sum_at_least"
    model = _table({"a": 7, "b": 2}, total=10)
    assert [r["kind"] for r in model.relations] == ["at_most", "at_most"]


def test_a_count_with_two_values_is_an_inconsistent_report():
    model = Model()
    model.quantity("n", 12)
    model.quantity("n", 12)
    with pytest.raises(InputError, match="de telling 'n' heeft twee waarden \\(12 en 13\\)"):
        model.quantity("n", 13)


def test_a_count_of_one_organisation_is_hidden_as_dominant():
    model = _table({"gemeente": 25, "zorg": 30, "onderwijs": 40})
    model.quantity("gemeente", 25, dominated=True)
    result = protect(model, k=10)
    assert result.hidden.get("gemeente") == DOMINANT and result.marker("gemeente") == "1 org."


def test_k_below_five_is_refused():
    with pytest.raises(InputError):
        protect(_table({"a": 3, "b": 20}), k=4)


def test_markers_say_what_a_reader_may_conclude():
    assert markers(10)["<10"]["min"] == 1 and markers(10)["<10"]["max"] == 9
    assert markers(10)["x"]["min"] == 10 and protection(10) >= 2
