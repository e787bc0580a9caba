"""The evaluator's sections of the weegmoment report, on small hand-made tables (fast)."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.errors import InputError
from kit.evaluation.indicators import REQUIREMENTS, registered
from kit.evaluation.publication import PUBLISHED_COLUMNS
from kit.evaluation.sections import build_sections, written_lessons


def _tables(**rows) -> dict[str, pd.DataFrame]:
    """Published tables (text cells), empty except the rows given per table."""
    tables = {name: pd.DataFrame(rows.get(name, []), columns=columns, dtype=object)
              for name, columns in PUBLISHED_COLUMNS.items()}
    for name in ("planning", "budget", "reflection", "lessons"):
        tables[name] = pd.DataFrame(rows.get(name, []))
    return tables


def _trend(indicator_id: str, first: str, last: str, periods=("jaar 1", "jaar 2")) -> dict:
    ind = next(i for i in registered() if i.id == indicator_id)
    return {"indicator_id": ind.id, "theme": ind.theme, "name": ind.name,
            "first_period": periods[0], "first_value": first, "last_period": periods[1],
            "last_value": last, "direction": "hoger"}


def _section(sections, prefix: str) -> dict:
    return next(s for s in sections["sections"] if s["title"].startswith(prefix))


def _table(section, caption: str) -> dict:
    return next(t for t in section["tables"] if t["caption"] == caption)


def test_every_indicator_declares_the_requirements_it_evidences():
    ids = {r for r, _title in REQUIREMENTS}
    assert len(REQUIREMENTS) == 4
    for indicator in registered():
        assert indicator.evidences and set(indicator.evidences) <= ids, indicator.id
    for requirement in ids:
        assert any(requirement in i.evidences for i in registered()), requirement


def test_requirement_evidence_follows_the_declared_indicators_not_the_words():
    """A link of the theory counts as evidence for a requirement when one of the indicators it
    declares evidences that requirement; words in its evidence text do not matter."""
    studenten = next(i for i in registered() if i.id == "doorwerking_studenten")
    eigenaar = next(i for i in registered() if i.id == "praktijkvragen_community_eigenaar")
    tables = _tables(
        trend=[_trend("doorwerking_studenten", "12", "14", ("2023-2024", "2024-2025")),
               _trend("praktijkvragen_community_eigenaar", "2", "3")],
        contribution=[
            {"link_id": "L1", "cause": "minor", "effect": "leren", "assumption": "", "risk": "",
             # the text names a samenwerking indicator, the link declares only students
             "evidence": "Deelnemers (actief in de periode): meer", "indicators_found": "1",
             "indicators_named": "1", "evidence_status": "onderbouwd"},
            {"link_id": "L2", "cause": "vragen", "effect": "eigenaarschap", "assumption": "",
             "risk": "", "evidence": "zie tabel", "indicators_found": "1",
             "indicators_named": "1", "evidence_status": "deels onderbouwd"}],
        decision=[{"criterion_id": "C9", "criterion": "De community is eigenaar",
                   "indicator_id": eigenaar.id, "indicator": eigenaar.name, "threshold": "2",
                   "direction": "minimaal", "latest_period": "jaar 2", "latest_value": "3",
                   "earlier_value": "2", "trend": "hoger", "comparison": "voldoet",
                   "note": ""}])
    theory = {"L1": [studenten.id], "L2": [eigenaar.id]}
    sections = build_sections(tables, {}, theory=theory)
    links = {title: [row[0] for row in _table(_section(sections, f"Eis van het ministerie: {title}"),
                                              "Bewijs uit de bijdrage-analyse")["rows"]]
             for _r, title in REQUIREMENTS}
    assert links == {"Gelijkwaardige samenwerking": ["L2"], "Actuele praktijkvragen": ["L2"],
                     "Dynamische agenda": [], "Doorwerking in het onderwijs": ["L1"]}
    criteria = {title: [row[0] for row in _table(_section(sections, f"Eis van het ministerie: {title}"),
                                                 "Criteria")["rows"]]
                for _r, title in REQUIREMENTS}
    assert criteria["Gelijkwaardige samenwerking"] == ["C9"] == criteria["Actuele praktijkvragen"]
    assert criteria["Doorwerking in het onderwijs"] == []
    onderwijs = _table(_section(sections, "Eis van het ministerie: Doorwerking"), "Indicatoren")
    assert [row[0] for row in onderwijs["rows"]] == [studenten.name]


def test_each_aim_shows_its_own_reach_per_target_group():
    """Reach per aim: the published attendance cells of the activity types that serve the aim
    (as published, never summed into a new count), and the students for education."""
    attendance = [
        {"period": "jaar 1", "activity_type": "kenniscafé", "activities": "4",
         "party_type": "gemeente", "attendance": "31"},
        {"period": "jaar 1", "activity_type": "kenniscafé", "activities": "4",
         "party_type": "de community zelf", "attendance": "<10"},
        {"period": "jaar 1", "activity_type": "dialoogtafel", "activities": "2",
         "party_type": "de community zelf", "attendance": "17"},
        {"period": "jaar 1", "activity_type": "overig", "activities": "1",
         "party_type": "gemeente", "attendance": "x"}]
    tables = _tables(attendance=attendance,
                     trend=[_trend("doorwerking_studenten", "12", "14", ("2023-2024", "2024-2025"))])
    sections = build_sections(tables, {}, theory={})
    reach = {aim: _table(_section(sections, f"Doel: {title}"), "Bereik per doelgroep")["rows"]
             for aim, title in __import__("kit.evaluation.registry", fromlist=["AIMS"]).AIMS}
    assert [r[1] for r in reach["kennis"]] == ["kenniscafé", "kenniscafé"]
    assert [r[-1] for r in reach["kennis"]] == ["31", "<10"]  # as published
    assert [r[1] for r in reach["uitsluiting"]] == ["dialoogtafel"]
    assert ["2024-2025", "studenten (cohort)", "studenten", "14"] in reach["onderwijs"]
    assert not any("overig" in row for rows in reach.values() for row in rows)
    kennis = _section(sections, "Doel: Kennis")
    assert any("kenniscafé" in p and "overig" in p for p in kennis["paragraphs"])


def _lessons(rows):
    return pd.DataFrame(rows, columns=["id", "datum", "doel", "les", "gevolg", "partij_type",
                                       "bron"])


def test_written_lessons_are_shown_apart_from_the_kits_prompts():
    lessons = _lessons([
        {"id": "L02", "datum": "2024-11-02", "doel": "kennis", "les": "Kenniscafés in de avond "
         "trekken meer mensen uit de community.", "gevolg": "Vaker 's avonds.",
         "partij_type": "de community zelf", "bron": "synthetisch"},
        {"id": "L01", "datum": "2024-06-01", "doel": "", "les": "Bel haar op 06-12345678.",
         "gevolg": "", "partij_type": "", "bron": "synthetisch"}])
    from kit.privacy.scan import scan_text

    # the kit's own scanner with its fast detectors (the report runs the full gate, deduce on)
    shown, notes = written_lessons(lessons, scan=lambda text: [
        f.category for f in scan_text(text, use_deduce=False)])
    assert [r["les"] for r in shown] == ["Kenniscafés in de avond trekken meer mensen uit de "
                                         "community."]
    assert notes and "L01" in notes[0] and "privacyscan" in notes[0]
    tables = _tables(lessons=shown)
    section = _section(build_sections(tables, {}, theory={}), "Wat er te leren valt")
    written = _table(section, "Lessen uit het register (blad 'Lessen')")
    assert written["rows"][0][2].startswith("Kenniscafés in de avond")
    assert any("door de kit" in p for p in section["paragraphs"])  # prompts are labelled
    empty = _section(build_sections(_tables(), {}, theory={}), "Wat er te leren valt")
    assert any("blad 'Lessen'" in p for p in empty["paragraphs"])


def test_the_lessons_sheet_is_in_the_template_and_validated(tmp_path):
    from openpyxl import load_workbook

    from kit.evaluation.registry import (
        read_registry,
    )
    from kit.evaluation.workbook import write_registry, write_registry_template
    from kit.synthetic.registry import synthetic_registry

    template = write_registry_template(tmp_path / "sjabloon.xlsx")
    sheet = load_workbook(template)["Lessen"]
    assert [c.value for c in sheet[1]] == ["id", "datum", "doel", "les", "gevolg",
                                           "partij_type", "bron"]
    tables = synthetic_registry(seed=4)
    assert len(tables["Lessen"]) >= 3 and set(tables["Lessen"]["bron"]) == {"synthetisch"}
    good = read_registry(write_registry(tables, tmp_path / "goed"))
    assert len(good["Lessen"]) == len(tables["Lessen"])
    bad = dict(tables)
    bad["Lessen"] = tables["Lessen"].copy()
    bad["Lessen"].loc[1, "doel"] = "geluk"
    with pytest.raises(InputError) as caught:
        read_registry(write_registry(bad, tmp_path / "fout.xlsx"))
    text = str(caught.value)
    assert "fout.xlsx" in text and "blad 'Lessen'" in text and "rij 3" in text
    assert "kolom 'doel'" in text and "geen geldige keuze" in text
    bad["Lessen"] = tables["Lessen"].copy()
    bad["Lessen"].loc[0, "les"] = ""
    with pytest.raises(InputError) as caught:
        read_registry(write_registry(bad, tmp_path / "map"))
    text = str(caught.value)
    assert "lessen.csv" in text and "rij 2" in text and "kolom 'les'" in text


def test_each_aim_ends_in_a_conclusion_from_its_indicators_and_criteria():
    rise = _trend("producten_onderwijs", "1", "3")
    fall = {**_trend("leeruitkomst_gemiddeld", "0.7", "0.6", ("2023-2024", "2024-2025")),
            "direction": "lager"}
    tables = _tables(trend=[rise, fall], decision=[
        {"criterion_id": "C4", "criterion": "Studenten halen gemiddeld twee derde van de punten",
         "indicator_id": "leeruitkomst_gemiddeld", "indicator": "Gemiddeld behaald deel",
         "threshold": "0.66", "direction": "minimaal", "latest_period": "2024-2025",
         "latest_value": "60%", "earlier_value": "70%", "trend": "lager",
         "comparison": "voldoet niet", "note": ""}])
    sections = build_sections(tables, {}, theory={})
    onderwijs = _section(sections, "Doel: Doorwerking")["paragraphs"]
    conclusion = next(p for p in onderwijs if p.startswith("Conclusie"))
    assert "1 indicator steeg" in conclusion and "1 indicator daalde" in conclusion
    assert "C4 voldoet niet" in conclusion and "bijsturen" in conclusion
    kennis = _section(sections, "Doel: Kennis")["paragraphs"]
    conclusion = next(p for p in kennis if p.startswith("Conclusie"))
    assert "geen gegevens" in conclusion and "geen criterium" in conclusion
