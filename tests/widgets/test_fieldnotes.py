"""The field-notes form (kit.widgets.fieldnotes): the raw text goes to the vault only, and the
field is emptied so the notebook never holds it."""

from __future__ import annotations

import stat

from kit.privacy.fieldnotes import raw_path
from kit.widgets.fieldnotes import notes_form

RAW = "Jan de Vries belde op 06-12345678\nover de buurtkamer.\n\nTweede notitie: de markt."


def test_saving_empties_the_field_and_keeps_the_notes_in_the_vault(tmp_path):
    work, vault = tmp_path / "mijn-werk", tmp_path / "kluis"
    form = notes_form(work, vault=vault, display=False)
    area, _button, status = form.children
    area.value = RAW
    form.save()
    assert area.value == ""
    assert status.value.startswith("2 notitie(s) bewaard in je kluis")
    kept = raw_path(work, vault)
    assert kept.read_text() == ("Jan de Vries belde op 06-12345678 over de buurtkamer.\n\n"
                                "Tweede notitie: de markt.\n")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not work.exists() or not any("12345678" in p.read_text() for p in work.rglob("*") if p.is_file())


def test_the_button_saves_too_and_an_empty_field_saves_nothing(tmp_path):
    work, vault = tmp_path / "mijn-werk", tmp_path / "kluis"
    form = notes_form(work, vault=vault, display=False)
    area, button, status = form.children
    area.value = "  \n\n "
    button.click()
    assert status.value == "Er staat nog geen notitie in het veld."
    assert not raw_path(work, vault).exists()
    area.value = "Eén notitie."
    button.click()
    assert raw_path(work, vault).read_text() == "Eén notitie.\n" and area.value == ""
