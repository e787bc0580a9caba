"""Indirect identifiers: a Dutch warning when origin, "de enige" and a place point at one person.

Issue 16 part B, item 3. All sentences synthetic.
"""

from __future__ import annotations

import pytest

from kit.cli import main
from kit.privacy.indirect import indirect_identifiers
from kit.privacy.pseudonymise import Pseudonymiser

ONE_PERSON = [
    "Ik sprak de enige Bulgaarse vrouw achter het derde raam naast de Lidl.",
    "Een Eritrese jongen slaapt elke nacht in de portiek van de bibliotheek.",
    "Ze is de enige Roemeense op de afdeling.",
    "De Marokkaanse buurvrouw op nummer 12 past op de kinderen.",
    "Hij is als enige Somaliër bij de moskee aan de Hoefkade.",
]
GROUPS = [
    "Veel Poolse mannen werken in de kassen in het Westland.",
    "Ze komt uit Polen.",
    "De enige oplossing is meer tijd.",
    "Bulgaarse en Roemeense arbeidsmigranten delen vaak een kamer.",
    "We spraken over werk en wonen bij het buurthuis.",
    "Een Roemeense vrouw die al vijf seizoenen in de kassen werkt, vertelt over haar kamer.",
]


@pytest.mark.parametrize("text", ONE_PERSON)
def test_one_person_described_gets_a_dutch_warning(text):
    warnings = indirect_identifiers(text)
    assert len(warnings) == 1
    message = warnings[0].message()
    assert message.startswith("Zin 1:") and "herkenbaar" in message and "algemener" in message


@pytest.mark.parametrize("text", GROUPS)
def test_groups_and_single_parts_get_no_warning(text):
    assert indirect_identifiers(text) == []


def test_the_issue_sentence_names_all_three_parts_and_no_name():
    text = "Viorica is de enige Bulgaarse vrouw achter het derde raam naast de Lidl."
    (warning,) = indirect_identifiers(text)
    assert warning.kinds == ("herkomst", "de enige", "plek")
    assert "Viorica" not in warning.message()


def test_pseudonymise_returns_the_warning(vault):
    result = Pseudonymiser(vault, use_deduce=False).pseudonymise(ONE_PERSON[0] + " Daarna koffie.")
    assert len(result.warnings) == 1 and "Zin 1" in result.warnings[0]


def test_cli_pseudonymise_prints_the_warning(tmp_path, vault, capsys):
    source = tmp_path / "notitie.txt"
    source.write_text("Eerst koffie.\n" + ONE_PERSON[0] + "\n")
    assert main(["privacy", "pseudonymise", str(source), "--kluis", str(vault.path)]) == 0
    out = capsys.readouterr().out
    assert "Let op: 1 beschrijving(en) die iemand herkenbaar kunnen maken" in out
    assert "derde raam" in out and "Bulgaarse" in out  # cue words: the writer finds the sentence


def test_import_report_lists_the_warning(tmp_path):
    from kit.narratives.framework import default_framework
    from kit.narratives.schema import example_row
    from kit.narratives.store import NarrativeStore
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault

    vault = open_vault(tmp_path / "kluis")
    ConsentRegister(vault).add("P-0001", "v1", "2025-09-01", "a" * 64, ["onderwijs"], "2030-09-01")
    framework = default_framework()
    store = NarrativeStore(tmp_path / "w", framework, vault=vault, use_deduce=False)
    record = {**example_row(framework), "id": "", "participant": "P-0001", "text": ONE_PERSON[2],
              "synthetic": "false"}
    report = store.add_many([record])
    assert report.saved and len(report.warnings) == 1
    assert "veld 'text'" in report.to_text() and "herkenbaar" in report.to_text()
