"""Stakeholder map: validation, the grid's quadrants, gaps, participation plan, saving."""

from __future__ import annotations

import pytest

from kit.dialogue.examples import example_participation, example_relations, example_stakeholders
from kit.dialogue.stakeholders import (
    Invitation,
    ParticipationPlan,
    Stakeholder,
    gaps,
    load_participation,
    load_relations,
    load_stakeholders,
    quadrant,
    save_stakeholder_map,
    validate_stakeholders,
)
from kit.errors import InputError


def test_quadrants_follow_the_power_interest_grid():
    assert quadrant(5, 5) == "nauw betrekken"
    assert quadrant(5, 2) == "tevreden houden"
    assert quadrant(2, 5) == "informeren"
    assert quadrant(2, 2) == "in de gaten houden"
    assert quadrant(3, 3) == "nauw betrekken"


def test_round_trip_of_the_whole_map(tmp_path):
    parties = example_stakeholders("arbeidsmigranten")
    files = save_stakeholder_map(tmp_path, parties, example_relations("arbeidsmigranten"),
                                 example_participation("arbeidsmigranten"))
    assert sorted(p.name for p in files) == ["deelnameplan.yaml", "relaties.csv", "stakeholders.csv"]
    loaded = load_stakeholders(tmp_path / "stakeholders.csv")
    assert loaded == parties
    assert len(load_relations(tmp_path / "relaties.csv", loaded)) == len(example_relations("arbeidsmigranten"))
    plan = load_participation(tmp_path / "deelnameplan.yaml", loaded)
    assert plan.interpreters == ["Pools"]


def test_bad_csv_names_row_and_column(tmp_path):
    path = tmp_path / "stakeholders.csv"
    path.write_text("id;name;type;influence;interest;relation\n"
                    "s1;Buurtwerk;zorg en welzijn;3;4;kent de buurt\n"
                    "s2;Raad;politiek;9;2;besluit\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_stakeholders(path)
    assert err.value.place == "rij 3, kolom 'influence'"
    assert "1 tot en met 5" in err.value.message


def test_duplicate_ids_and_unknown_columns_are_refused(tmp_path):
    rows = [{"id": "s1", "name": "A", "type": "gemeente", "influence": 3, "interest": 3, "relation": "x"}] * 2
    with pytest.raises(InputError, match="twee keer"):
        validate_stakeholders(rows)
    path = tmp_path / "stakeholders.csv"
    path.write_text("id,name,type,influence,interest,relation,telefoon\n", encoding="utf-8")
    with pytest.raises(InputError, match="onbekende kolom"):
        load_stakeholders(path)


def test_gaps_name_who_is_missing():
    parties = example_stakeholders("sekswerkers")
    notes = gaps(parties)
    assert any("Banken" in n and "ontbreekt" in n for n in notes)
    assert not any("Niemand uit de gemeenschap" in n for n in notes)
    only_officials = [p for p in parties if p.type != "gemeenschap"]
    assert any("Niemand uit de gemeenschap" in n for n in gaps(only_officials))


def test_participation_plan_needs_the_community_and_safety(tmp_path):
    parties = example_stakeholders("sekswerkers")
    no_community = ParticipationPlan("stadhuis", "maandag", [Invitation("s3", "brief")], ["geen namen"])
    with pytest.raises(InputError, match="gemeenschap"):
        save_stakeholder_map(tmp_path, parties, [], no_community)
    unsafe = ParticipationPlan("buurthuis", "zaterdag", [Invitation("s1", "persoonlijk")], [])
    with pytest.raises(InputError, match="veilig"):
        save_stakeholder_map(tmp_path, parties, [], unsafe)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_relation_to_unknown_party_writes_nothing(tmp_path):
    from kit.dialogue.stakeholders import Relation

    parties = [Stakeholder("s1", "Buurtwerk", "zorg en welzijn", 2, 4, "x")]
    with pytest.raises(InputError, match="onbekende partij 's7'"):
        save_stakeholder_map(tmp_path, parties, [Relation("s1", "s7", "samenwerking")])
    assert not (tmp_path / "stakeholders.csv").exists()
