"""The record and stakeholder widgets: the buttons call the checked functions, classes are stable."""

from __future__ import annotations

import yaml

from kit.dialogue.examples import example_stakeholders
from kit.dialogue.widgets import RECORD_CLASSES, record_widget, stakeholder_widget


def test_record_widget_adds_statement_vote_minority_and_saves(tmp_path):
    box = record_widget(title="Oefentafel", folder=tmp_path, pseudonymise=lambda t: t.replace("Eva", "[PERSOON-1]"))
    assert "iids-record" in box._dom_classes
    for key, css in RECORD_CLASSES.items():
        assert css in box.controls[key]._dom_classes
    c, act = box.controls, box.actions
    c["statement"].value = "Eva vindt dat iedereen een bankrekening moet kunnen openen."
    act["add_statement"]()
    assert c["vote_statement"].value == "S1"
    c["vote_for"].value, c["vote_against"].value = 8, 2
    act["add_vote"]()
    c["minority_view"].value = "Banken hebben eigen regels."
    c["minority_needs"].value = "Een gesprek met een bank erbij."
    act["add_minority"]()
    c["agreement_text"].value = "Gesprek met banken"
    c["agreement_owner"].value = "gemeente"
    c["agreement_date"].value = "2026-04-01"
    c["agreement_statement"].value = "S1"
    act["add_agreement"]()
    assert "A1" in c["overview"].value and "8 voor, 2 tegen" in c["overview"].value
    act["save"]()
    assert "Bewaard" in c["status"].value
    saved = yaml.safe_load((tmp_path / "verslag.yaml").read_text(encoding="utf-8"))
    assert saved["stellingen"][0]["tekst"].startswith("[PERSOON-1] vindt")
    assert saved["minderheid"][0]["nodig"] == "Een gesprek met een bank erbij."
    assert saved["stemmingen"][0] == {"stelling": "S1", "voor": 8, "tegen": 2, "onthouden": 0}


def test_record_widget_shows_the_dutch_reason_when_refused(tmp_path):
    box = record_widget(folder=tmp_path, pseudonymise=lambda t: t)
    box.actions["add_vote"]()
    assert "Niet toegevoegd" in box.controls["status"].value
    assert "de stelling ontbreekt" in box.controls["status"].value
    assert box.record.record.votes == []


def test_stakeholder_widget_adds_and_saves(tmp_path):
    box = stakeholder_widget(example_stakeholders()[:2], folder=tmp_path)
    c = box.controls
    c["name"].value = "Woningcorporatie"
    c["type"].value = "bedrijfsleven"
    c["relation"].value = "verhuurt niet aan sekswerkers"
    box.actions["add"]()
    assert [p.name for p in box.parties][-1] == "Woningcorporatie"
    c["name"].value = ""
    box.actions["add"]()
    assert "Niet toegevoegd" in c["message"].value and len(box.parties) == 3
    box.actions["save"]()
    assert (tmp_path / "stakeholders.csv").read_text(encoding="utf-8").count("\n") == 4


def test_record_widget_follow_up_with_status(tmp_path):
    box = record_widget(folder=tmp_path, pseudonymise=lambda t: t)
    c, act = box.controls, box.actions
    c["agreement_text"].value, c["agreement_owner"].value, c["agreement_date"].value = "Folder", "buurtwerk", "1-4-2026"
    act["add_agreement"]()
    assert c["follow_agreement"].options == ("A1",)
    c["follow_agreement"].value = "A1"
    c["follow_action"].value = "Folder vertalen in het Pools"
    c["follow_status"].value = "bezig"
    act["add_follow"]()
    assert box.record.record.follow_up[0].status == "bezig"
    assert box.record.record.agreements[0].due == "2026-04-01"


def test_participants_by_code_and_a_name_only_with_consent(tmp_path):
    box = record_widget(folder=tmp_path, pseudonymise=lambda t: t)
    c, act = box.controls, box.actions
    c["participant_code"].value, c["participant_role"].value = "D1", "wethouder"
    c["participant_name"].value = "Iemand Bekends"
    act["add_participant"]()
    assert "toestemming" in c["status"].value and box.record.record.participants == []
    c["participant_consent"].value = True
    act["add_participant"]()
    assert box.record.record.participants[0].name == "Iemand Bekends"
    c["statement"].value = "Stelling"
    act["add_statement"]()
    c["position_participant"].value = "D1"
    act["add_position"]()
    assert box.record.record.positions[0].participant == "D1"


def test_participation_widget_refuses_then_saves_a_plan(tmp_path):
    from kit.dialogue.stakeholders import load_participation
    from kit.dialogue.widgets import participation_widget

    parties = example_stakeholders("sekswerkers")
    box = participation_widget(parties, folder=tmp_path)
    assert "iids-participation" in box._dom_classes
    c, act = box.controls, box.actions
    c["place"].value, c["when"].value = "het buurthuis", "zaterdag 11 uur"
    act["save"]()
    assert not (tmp_path / "deelnameplan.yaml").exists()
    assert "Nog niet bewaard" in c["message"].value
    community = next(p.id for p in parties if p.type == "gemeenschap")
    c["party"].value, c["how"].value = community, "persoonlijk, via een sleutelpersoon"
    act["add"]()
    c["safety"].value = "geen namen in het verslag\ngeen foto's\n"
    c["interpreters"].value = "Engels, Spaans"
    act["save"]()
    plan = load_participation(tmp_path / "deelnameplan.yaml", parties)
    assert plan.safety == ["geen namen in het verslag", "geen foto's"]
    assert plan.interpreters == ["Engels", "Spaans"] and plan.invitations[0].party == community


def test_show_refusal_and_check_folder_print_dutch_lines(tmp_path, capsys):
    from kit.dialogue.examples import example_record
    from kit.dialogue.record import LiveRecord, save_record
    from kit.dialogue.widgets import check_folder, show_refusal

    live = LiveRecord("t", record=example_record())
    assert show_refusal(live.add_agreement, "Nog eens praten", owner="", due="2027-06-01") is None
    refusal = capsys.readouterr().out
    assert refusal.startswith("De kit weigert: ") and "eigenaar" in refusal
    assert "veld" not in refusal  # the message only, without the technical place
    assert len(live.record.agreements) == 2
    assert show_refusal(live.add_agreement, "Vervolg", owner="gemeente", due="2027-06-01") == "A3"
    assert len(live.record.agreements) == 3 and capsys.readouterr().out == ""
    save_record(live.record, tmp_path, pseudonymise=lambda t: t)
    lines = check_folder(tmp_path)
    assert "verslag.yaml: in orde" in lines[0] and "3 afspraken" in lines[0], lines
    (tmp_path / "verslag.yaml").write_text("sessie: {titel: ''}\n", encoding="utf-8")
    assert check_folder(tmp_path)[0].startswith("Niet in orde")


def test_handreiking_widget_builds_with_the_choices_and_leaves_content_alone(tmp_path):
    from kit.dialogue.examples import example_content, example_narratives, example_record
    from kit.dialogue.widgets import handreiking_widget
    from kit.io import read_csv

    content = example_content("sekswerkers")
    box = handreiking_widget(content, example_narratives(), work=tmp_path,
                             record=example_record("sekswerkers"), refusal=lambda p: None)
    assert "iids-handreiking" in box._dom_classes
    box.controls["audience"].value = "huisartsen"
    box.controls["recommendation"].value = "Vraag naar werk en veiligheid zonder oordeel."
    box.actions["build"]()
    assert box.files is not None and box.files.html.is_file(), box.controls["message"].value
    table = read_csv(box.files.recommendations)
    assert table.loc[0, "text"] == "Vraag naar werk en veiligheid zonder oordeel."
    assert set(table["audience"]) == {"huisartsen"}
    assert content["beroepsgroep"] == "sociaal werkers"
