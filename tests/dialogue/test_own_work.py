"""Module 09 and 11 build on the student's own work in the one workspace.

Found in the course walk: the draaiboek of module 09 was made from the example (sex
workers, interpreters "Spaans, Roemeens") while the student had saved a map and a plan for
homeless people, and "Alles controleren" said "in orde". These tests make a student's
workspace through the widgets (as the buttons do) and read the files that come out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.dialogue.own_work import own_parties, practice_handreiking_inputs
from kit.dialogue.widgets import (
    check_own_work,
    participation_widget,
    session_plan_widget,
    stakeholder_widget,
)

COUNTER_STORY = ("# Stockverhaal\n\n## 3. Jouw tegenverhaal\n\nSchrijf een kort tegenverhaal.\n\n"
                 "> *Jouw antwoord:* Wij slapen buiten, maar we zijn geen overlast. We zoeken "
                 "een plek waar we mogen blijven.\n\n## 4. Terugblik\n\n> *Jouw antwoord:* \n")


@pytest.fixture
def werkmap(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "mijn-werk"
    monkeypatch.setenv("IIDS_WERKMAP", str(folder))
    folder.mkdir()
    return folder


def _own_map(werkmap: Path):
    kaart = stakeholder_widget(folder=werkmap / "dialoog")
    for name, kind, relation in [("Dak- en thuisloze mensen", "gemeenschap", "slapen buiten"),
                                 ("Nachtopvang", "zorg en welzijn", "bedden voor de nacht"),
                                 ("Afdeling maatschappelijke opvang", "gemeente", "beleid")]:
        kaart.controls["name"].value = name
        kaart.controls["type"].value = kind
        kaart.controls["relation"].value = relation
        kaart.actions["add"]()
    kaart.actions["save"]()
    return kaart


def test_session_plan_and_script_use_the_students_own_work(werkmap):
    kaart = _own_map(werkmap)
    plan = participation_widget(own_parties(werkmap).value, folder=werkmap / "dialoog", follow=kaart)
    c = plan.controls
    c["place"].value, c["when"].value = "de inloop van de nachtopvang", "dinsdag 14 uur"
    c["party"].value = "s1"
    c["how"].value = "persoonlijk, via de straatadvocaat"
    plan.actions["add"]()
    c["safety"].value = "geen namen in het verslag"
    c["interpreters"].value = "Pools"
    plan.actions["save"]()
    assert "Bewaard" in c["message"].value, c["message"].value
    (werkmap / "coderingen.csv").write_text(
        "document,start,end,code,coder\nN1,0,10,erbij-horen,A\nN2,0,10,erbij-horen,A\n"
        "N3,0,10,eigen-regie,A\n", encoding="utf-8")
    (werkmap / "tegenverhaal-dd01.md").write_text(COUNTER_STORY, encoding="utf-8")

    form = session_plan_widget(work=werkmap, folder=werkmap / "dialoog")
    form.controls["goal"].value = "Een plek om overdag te blijven"
    form.actions["make"]()
    assert "Sessieplan van" in form.controls["message"].value, form.controls["message"].value
    script = (werkmap / "dialoog" / "draaiboek.html").read_text(encoding="utf-8")
    assert "Nachtopvang" in script and "de inloop van de nachtopvang" in script
    assert "Pools" in script
    assert "Roemeens" not in script and "sekswerk" not in script.lower()
    assert "we zijn geen overlast" in form.plan.counter_story
    assert {t.codes[0] for t in form.plan.themes} >= {"erbij-horen"}

    lines = check_own_work(werkmap)
    assert lines[-1] == "Alles komt uit je eigen werk.", lines


def test_an_empty_workspace_says_it_uses_the_example(werkmap):
    form = session_plan_widget(work=werkmap, folder=werkmap / "dialoog")
    form.controls["goal"].value = "Afspraken met de bank"
    form.actions["make"]()
    message = form.controls["message"].value
    assert message.count("Nog geen eigen") >= 3, message
    lines = check_own_work(werkmap)
    assert lines[-1].startswith("Nog niet alles is van jezelf"), lines
    assert sum(line.startswith("Voorbeeld:") for line in lines) == 4


def test_participation_form_follows_the_map_without_a_rerun(werkmap):
    kaart = stakeholder_widget(folder=werkmap / "dialoog")
    plan = participation_widget(own_parties(werkmap).value, folder=werkmap / "dialoog", follow=kaart)
    assert any("sekswerkers" in label.lower() for label, _ in plan.controls["party"].options)
    kaart.controls["name"].value, kaart.controls["relation"].value = "Buurtbewoners", "buren"
    kaart.controls["type"].value = "gemeenschap"
    kaart.actions["add"]()
    assert [label for label, _ in plan.controls["party"].options] == ["Buurtbewoners (gemeenschap)"]


def test_parties_are_removable_and_a_persons_name_is_warned_about(werkmap):
    kaart = _own_map(werkmap)
    made_up = " ".join(("Jan", "de", "Vries"))  # a made-up person: the widget must warn
    kaart.controls["name"].value, kaart.controls["relation"].value = made_up, "wethouder"
    kaart.actions["add"]()
    assert "naam van een persoon" in kaart.controls["message"].value
    assert made_up not in [p.name for p in kaart.parties]
    kaart.controls["remove_choice"].value = "s2"
    kaart.actions["remove"]()
    kaart.actions["save"]()
    again = stakeholder_widget(folder=werkmap / "dialoog")  # a rerun shows the saved map
    assert [p.name for p in again.parties] == ["Dak- en thuisloze mensen",
                                               "Afdeling maatschappelijke opvang"]


def test_practice_handreiking_carries_the_own_counter_story(werkmap):
    (werkmap / "tegenverhaal-dd01.md").write_text(COUNTER_STORY, encoding="utf-8")
    inputs = practice_handreiking_inputs(werkmap)
    assert "we zijn geen overlast" in inputs.content["analyse"]
    assert "jouw tegenverhaal" in inputs.notes[0]


def test_handreiking_content_is_a_form_and_module_11_uses_it(werkmap):
    """Found in the course walk: the handreiking's content had to be written as YAML."""
    from kit.dialogue.widgets import content_form

    form = content_form()
    c = form.controls
    c["titel"].value, c["beroepsgroep"].value = "Overdag een plek", "sociaal werkers"
    c["context"].value = "Dak- en thuisloze mensen in de binnenstad."
    c["analyse"].value = "Uitsluiting uit de openbare ruimte komt het vaakst terug."
    c["wat_de_gemeenschap_wil"].value = "Een plek om overdag te zijn."
    form.actions["save"]()
    assert "Nog niet bewaard" in c["message"].value  # no recommendation yet
    for text in ("Vraag eerst waar iemand overdag kan zijn.", "Per ongeluk toegevoegd."):
        c["rec_tekst"].value, c["rec_onderbouwing"].value = text, "narratieven"
        c["rec_minderheid"].value = "Er was geen minderheid."
        form.actions["add_recommendation"]()
    c["rec_choice"].value = 1
    form.actions["remove_recommendation"]()
    form.actions["save"]()
    assert "Bewaard" in c["message"].value, c["message"].value
    inputs = practice_handreiking_inputs(werkmap)
    assert inputs.content["titel"] == "Overdag een plek"
    assert [r["tekst"] for r in inputs.content["aanbevelingen"]] == [
        "Vraag eerst waar iemand overdag kan zijn."]
    assert inputs.notes[0].startswith("De inhoud van je eigen handreiking")
