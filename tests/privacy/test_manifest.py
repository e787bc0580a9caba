"""The vault's list of work folders (kit.privacy.manifest)."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.privacy.manifest import (
    MANIFEST_NAME,
    register_work_folder,
    unregister_work_folder,
    work_folders,
)


def test_manifest_lists_existing_folders(vault, tmp_path):
    (tmp_path / "x").mkdir()
    register_work_folder(vault, tmp_path / "x")
    register_work_folder(vault, tmp_path / "gone")
    assert work_folders(vault) == [(tmp_path / "x").resolve()]
    assert len(work_folders(vault, existing_only=False)) == 2


def test_registering_twice_keeps_one_and_unregister_forgets(vault, tmp_path):
    (tmp_path / "x").mkdir()
    register_work_folder(vault, tmp_path / "x")
    register_work_folder(vault, tmp_path / "x" / ".." / "x")
    assert work_folders(vault) == [(tmp_path / "x").resolve()]
    assert unregister_work_folder(vault, tmp_path / "x") is True
    assert unregister_work_folder(vault, tmp_path / "x") is False
    assert work_folders(vault) == []


@pytest.mark.parametrize("content, message", [("{kapot", "beschadigd"), ('{"a": 1}', "onverwachte vorm")])
def test_a_broken_list_is_named_not_ignored(vault, content, message):
    vault.file(MANIFEST_NAME).write_text(content)
    with pytest.raises(InputError, match=message) as info:
        work_folders(vault)
    assert info.value.path == str(vault.file(MANIFEST_NAME))

