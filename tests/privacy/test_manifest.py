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


def _register_many(vault_dir, folder, prefix, n):
    from kit.privacy.manifest import register_work_folder as register

    for i in range(n):
        register(vault_dir, folder / f"{prefix}-{i}")


def test_two_notebooks_registering_at_once_lose_no_folder(vault, tmp_path):
    """Every work folder registered, also when two processes register at the same time: a
    folder missing from the list is missed by retention and withdrawal."""
    import multiprocessing as mp

    from kit.privacy.manifest import work_folders

    ctx = mp.get_context("fork")
    workers = [ctx.Process(target=_register_many, args=(vault.path, tmp_path, name, 120))
               for name in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert len(work_folders(vault, existing_only=False)) == 240
