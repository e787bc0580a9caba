"""Invented field notes (kit.privacy.fieldnotes): raw only in the vault, pseudonymised in the
work folder, read back the same way by the grader."""

from __future__ import annotations

import stat

import pytest

from kit.errors import InputError
from kit.privacy.fieldnotes import (
    COUNT,
    PSEUDONYMISED,
    example_notes,
    from_vault,
    raw_path,
    read_result,
    save_raw,
    split_notes,
    write_example,
)

RAW = "Gesprek met Jan de Vries\nin de Schilderswijk.\n\n\nHij belde met 06-12345678."


def test_notes_are_paragraphs_and_each_folder_has_its_own_raw_file(tmp_path):
    assert split_notes(RAW) == ["Gesprek met Jan de Vries in de Schilderswijk.",
                                "Hij belde met 06-12345678."]
    assert split_notes("") == [] and split_notes(None) == []
    a, b = raw_path(tmp_path / "a", tmp_path / "kluis"), raw_path(tmp_path / "b", tmp_path / "kluis")
    assert a != b and a.parent == b.parent == tmp_path / "kluis" / "voorbeeldnotities"


def test_raw_notes_are_private_and_pseudonymised_into_the_work_folder(tmp_path, deduce_ready):
    work, vault = tmp_path / "mijn-werk", tmp_path / "kluis"
    kept = save_raw(RAW, work, vault)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    notes, count = from_vault(work, vault)
    assert len(notes) == 2 and count >= 2
    written = (work / PSEUDONYMISED).read_text()
    assert "Jan de Vries" not in written and "12345678" not in written
    assert read_result(work) == (notes, count)  # what the grader reads without the vault
    assert from_vault(work, tmp_path / "andere-kluis") == (notes, count)


def test_the_model_answer_hides_every_name_of_the_example(tmp_path, deduce_ready):
    notes, count = write_example(tmp_path / "w", tmp_path / "kluis")
    assert len(notes) == len(example_notes()) and count > 0
    assert (tmp_path / "w" / COUNT).is_file()


def test_nothing_written_reads_as_nothing(tmp_path):
    assert read_result(tmp_path) == ([], 0)


@pytest.mark.parametrize("count", [None, "", "{kapot", '{"vervangingen": "drie"}', "[]",
                                   '{"aantal": 2}', '{"vervangingen": true}',
                                   '{"vervangingen": -1}', '{"vervangingen": 2.5}', b"\xff\xfe"])
def test_a_broken_count_is_an_error_naming_the_file_not_zero(tmp_path, count):
    """Was: read as 0 replacements, so the grader told the student to add a name."""
    (tmp_path / PSEUDONYMISED).write_text("Een notitie over [PERSOON-1a2b3c4d5e6f].\n")
    if isinstance(count, bytes):
        (tmp_path / COUNT).write_bytes(count)
    elif count is not None:
        (tmp_path / COUNT).write_text(count)
    with pytest.raises(InputError) as info:
        read_result(tmp_path)
    message = str(info.value)
    assert info.value.path == str(tmp_path / COUNT) and info.value.exit_code == 2
    assert message.startswith(f"{tmp_path / COUNT}: ") and "\n" not in message
    assert ("ontbreekt" if count is None else "geen geldig aantal vervangingen") in message
    assert "pseudonimiseer je notities opnieuw" in message
    (tmp_path / COUNT).write_text('{"vervangingen": 2}\n')
    assert read_result(tmp_path) == (["Een notitie over [PERSOON-1a2b3c4d5e6f]."], 2)


def test_a_new_vault_is_made_private_by_saving_notes(tmp_path):
    """Was: the vault folder was made 0755 as a side effect (then refused by the pseudonymiser)."""
    save_raw(RAW, tmp_path / "w", tmp_path / "nieuwe-kluis")
    assert stat.S_IMODE((tmp_path / "nieuwe-kluis").stat().st_mode) == 0o700
