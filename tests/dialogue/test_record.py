"""The live record: checks at every step, pseudonymised saving, nothing half-written."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from kit.dialogue.examples import example_record
from kit.dialogue.record import (
    LiveRecord,
    agreements_frame,
    load_record,
    save_record,
    summary,
    validate_record,
)
from kit.errors import InputError


def _live() -> LiveRecord:
    rec = LiveRecord("Oefentafel", date="20-1-2026")
    rec.add_participant("D1", party="gemeenschap", role="sekswerker")
    rec.add_participant("D2", party="gemeente", role="wethouder", consent_named=True,
                        name="Marloes Verbeek")
    return rec


def test_a_full_table_is_recorded():
    rec = _live()
    s1 = rec.add_statement("Iedereen heeft recht op een bankrekening.", by="D1")
    rec.add_position(s1, "eens", participant="D1")
    rec.record_vote(s1, votes_for=7, against=3, abstain=1)
    rec.add_minority_view(s1, "Banken moeten risico's kunnen wegen.", needs="Een evaluatie na een jaar.")
    a1 = rec.add_agreement("Gesprek met banken", owner="gemeente", due="1-3-2026", statement=s1)
    rec.add_follow_up(a1, "Uitnodiging sturen", due="2026-02-01")
    assert rec.record.date == "2026-01-20"
    assert rec.record.agreements[0].due == "2026-03-01"
    assert rec.record.votes[0].minority == 3
    assert summary(rec.record) == {"deelnemers": 2, "stellingen": 1, "posities": 1, "stemmingen": 1,
                                   "minderheidsstandpunten": 1, "afspraken": 1, "vervolgacties": 1}


@pytest.mark.parametrize("action, message", [
    (lambda r: r.add_position("S4", "eens"), "onbekende stelling 'S4'"),
    (lambda r: r.record_vote("S2", votes_for=1, against=0), "onbekende stelling 'S2'"),
    (lambda r: r.add_minority_view("S1", "", needs="x"), "standpunt van de minderheid ontbreekt"),
    (lambda r: r.add_minority_view("S1", "x", needs=""), "nodig heeft om mee te gaan ontbreekt"),
    (lambda r: r.add_agreement("Vervolg", owner="", due="2026-04-01"), "geen eigenaar"),
    (lambda r: r.add_agreement("Vervolg", owner="welzijn", due=""), "geen datum"),
    (lambda r: r.add_agreement("Vervolg", owner="welzijn", due="30-2-2026"), "geen geldige datum"),
    (lambda r: r.record_vote("S1", votes_for=0, against=0), "zonder stemmen"),
    (lambda r: r.add_position("S1", "misschien"), "onbekende positie"),
    (lambda r: r.add_follow_up("A3", "bellen"), "onbekende afspraak 'A3'"),
    (lambda r: r.add_participant("D3", name="Jan Jansen"), "toestemming"),
    (lambda r: r.add_statement("x", by="D9"), "onbekende deelnemer 'D9'"),
])
def test_bad_additions_are_refused_and_leave_the_record_as_it_was(action, message):
    rec = _live()
    rec.add_statement("Eerste stelling")
    before = rec.record.to_dict()
    with pytest.raises(InputError, match=message):
        action(rec)
    assert rec.record.to_dict() == before


def test_file_with_unknown_statement_names_the_field(tmp_path):
    data = example_record().to_dict()
    data["minderheid"][0]["stelling"] = "S7"
    path = tmp_path / "verslag.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_record(path)
    assert err.value.place == "veld 'minderheid[1].stelling'"
    assert str(path) in str(err.value)


def test_save_pseudonymises_but_keeps_consented_names(tmp_path):
    rec = _live()
    s1 = rec.add_statement("Marloes Verbeek zegt toe dat Sanne de Wit wordt teruggebeld.")
    rec.add_agreement("Terugbellen via 06-12345678", owner="gemeente", due="2026-03-01", statement=s1)
    fake = lambda text: text.replace("Sanne de Wit", "[PERSOON-aaaa]").replace("06-12345678", "[TELEFOON-bbbb]")  # noqa: E731
    files = save_record(rec.record, tmp_path, pseudonymise=fake)
    assert [p.name for p in files] == ["verslag.yaml", "afspraken.csv"]
    saved = load_record(tmp_path / "verslag.yaml")
    assert saved.pseudonymised
    assert saved.statements[0].text == "Marloes Verbeek zegt toe dat [PERSOON-aaaa] wordt teruggebeld."
    table = pd.read_csv(tmp_path / "afspraken.csv", dtype=str)
    assert table.loc[0, "text"] == "Terugbellen via [TELEFOON-bbbb]"


def test_save_with_the_real_pseudonymiser_removes_a_name_and_number(tmp_path, vault):
    from kit.dialogue.record import default_pseudonymiser

    rec = _live()
    rec.add_statement("Bel Anna de Vries op 0612345678 over de afspraak.")
    save_record(rec.record, tmp_path, pseudonymise=default_pseudonymiser(vault))
    text = (tmp_path / "verslag.yaml").read_text(encoding="utf-8")
    assert "Anna de Vries" not in text and "0612345678" not in text
    assert "Marloes Verbeek" in text  # consented to be named


def test_a_failing_pseudonymiser_writes_nothing(tmp_path):
    rec = _live()
    rec.add_statement("tekst")

    def broken(text):
        raise InputError("de kluis is niet te openen")

    with pytest.raises(InputError):
        save_record(rec.record, tmp_path, pseudonymise=broken)
    assert list(tmp_path.iterdir()) == []


def test_continue_a_saved_record(tmp_path):
    save_record(example_record("arbeidsmigranten"), tmp_path, pseudonymise=lambda t: t)
    live = LiveRecord.load(tmp_path / "verslag.yaml")
    sid = live.add_statement("Nog een stelling")
    assert sid == "S3"
    assert len(agreements_frame(live.record)) == 2
    assert validate_record(live.record.to_dict()).statements[-1].text == "Nog een stelling"


def test_follow_up_status_is_checked_and_readable_in_the_table():
    rec = _live()
    a1 = rec.add_agreement("Gesprek (met de bank)", owner="gemeente", due="2026-03-01")
    rec.add_follow_up(a1, "Bellen (GGD)", due="2026-02-01", status="gedaan")
    with pytest.raises(InputError, match="onbekende status 'klaar'"):
        rec.add_follow_up(a1, "Mailen", status="klaar")
    assert agreements_frame(rec.record).loc[0, "follow_up"] == "Bellen [GGD] (gedaan, 2026-02-01)"
