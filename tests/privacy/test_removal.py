"""Removing a person's narratives and everything derived from them (kit.privacy.removal)."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.privacy.removal import remove_participants


def _folder(tmp_path):
    folder = tmp_path / "werk"
    folder.mkdir()
    (folder / "narratieven.csv").write_text("id,participant,tekst\nn1, P01 ,a\nn2,P02,b\nn3,P01,c\n")
    return folder


def test_derived_files_in_subfolders_keep_their_dialect(tmp_path):
    folder = _folder(tmp_path)
    sub = folder / "dialoog"
    sub.mkdir()
    table = sub / "uitspraken.csv"
    table.write_bytes(b"\xef\xbb\xbfnarrative_id;uitspraak\r\nn3;ja\r\nn2;nee\r\n")
    report = remove_participants(["P01"], [folder])
    assert report == {str(folder / "narratieven.csv"): 2, str(table): 1}
    assert table.read_bytes() == b"\xef\xbb\xbfnarrative_id;uitspraak\r\nn2;nee\r\n"
    assert "n1" not in (folder / "narratieven.csv").read_text()


def test_files_without_a_reference_column_and_checkpoints_are_left_alone(tmp_path):
    folder = _folder(tmp_path)
    other = folder / "codes.csv"
    other.write_text("code,betekenis\nn1,geen verwijzing\n")
    checkpoint = folder / ".ipynb_checkpoints"
    checkpoint.mkdir()
    (checkpoint / "coderingen.csv").write_text("document,code\nn1,x\n")
    before = other.read_text(), (checkpoint / "coderingen.csv").read_text()
    remove_participants({"P01"}, [folder])
    assert (other.read_text(), (checkpoint / "coderingen.csv").read_text()) == before


def test_nobody_to_remove_changes_nothing(tmp_path):
    folder = _folder(tmp_path)
    before = (folder / "narratieven.csv").read_bytes()
    assert remove_participants({"P99"}, [folder, tmp_path / "leeg"]) == {}
    assert (folder / "narratieven.csv").read_bytes() == before


def test_a_narratives_file_without_participant_column_is_refused_and_nothing_written(tmp_path):
    good = _folder(tmp_path)
    bad = tmp_path / "ander"
    bad.mkdir()
    (bad / "narratieven.csv").write_text("id,tekst\nn1,a\n")
    before = (good / "narratieven.csv").read_bytes()
    with pytest.raises(InputError) as info:
        remove_participants({"P01"}, [good, bad])
    assert str(bad / "narratieven.csv") in str(info.value) and "participant" in str(info.value)
    assert (good / "narratieven.csv").read_bytes() == before
