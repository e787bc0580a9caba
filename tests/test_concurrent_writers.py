"""Vault files, keys and caches that several processes make or add to at once: nothing is lost."""

from __future__ import annotations

import multiprocessing as mp

import pytest


def _at_once(target, arg_sets) -> None:
    """Run ``target`` in one forked process per set of arguments, all at the same time."""
    ctx = mp.get_context("fork")
    workers = [ctx.Process(target=target, args=args) for args in arg_sets]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0] * len(workers)


def _record_many(vault_dir, folder, prefix, n):
    from kit.privacy.lineage import record

    for i in range(n):
        record(vault_dir, folder / f"{prefix}-{i}.csv", codes=[f"P{i}"], kind="export")


def test_two_processes_recording_at_once_lose_no_entry(tmp_path):
    """Two harvests (or a harvest and a notebook) that record derived files at the same time:
    every file is in the vault's index afterwards, or a withdrawal would not reach it."""
    from kit.privacy.lineage import entries
    from kit.privacy.vault import open_vault

    vault = open_vault(tmp_path / "kluis")
    _at_once(_record_many, [(vault.path, tmp_path, name, 120) for name in ("a", "b")])
    names = {p.name for p in entries(vault)}
    assert len(names) == 240, f"{240 - len(names)} van de 240 bestanden ontbreken in de index"


def _register_many(vault_dir, folder, prefix, n):
    from kit.privacy.manifest import register_work_folder

    for i in range(n):
        register_work_folder(vault_dir, folder / f"{prefix}-{i}")


def test_two_notebooks_registering_at_once_lose_no_folder(tmp_path):
    """Every work folder registered, also when two processes register at the same time: a
    folder missing from the list is missed by retention and withdrawal."""
    from kit.privacy.manifest import work_folders
    from kit.privacy.vault import open_vault

    vault = open_vault(tmp_path / "kluis")
    _at_once(_register_many, [(vault.path, tmp_path, name, 120) for name in ("a", "b")])
    assert len(work_folders(vault, existing_only=False)) == 240


def _keys(make, paths, barrier, out):
    got = []
    for path in paths:
        barrier.wait(10)  # every process asks for the same new key at the same moment
        got.append(make(path))
    out.put(got)


def _harvest_key(path):
    from kit.evaluation.harvest import harvest_key

    return harvest_key(path / "oogst-sleutel.key")


def _pseudonym_key(path):
    from kit.privacy.pseudonymise import _load_key
    from kit.privacy.vault import open_vault

    return _load_key(open_vault(path))


def _blind_key(path):
    from kit.grading.blind import load_key

    return load_key(path, create=True)


def _link_key(path):
    from kit.apps.links import vault_key
    from kit.privacy.vault import open_vault

    return vault_key(open_vault(path))


@pytest.mark.parametrize("make", [_harvest_key, _pseudonym_key, _blind_key, _link_key])
def test_processes_that_make_a_key_at_once_all_use_the_same_key(make, tmp_path):
    ctx = mp.get_context("fork")
    paths = [tmp_path / f"k{i}" for i in range(25)]
    for p in paths:
        p.mkdir(mode=0o700)
    barrier, out = ctx.Barrier(3), ctx.Queue()
    workers = [ctx.Process(target=_keys, args=(make, paths, barrier, out)) for _ in range(3)]
    for w in workers:
        w.start()
    results = [out.get(timeout=60) for _ in workers]
    for w in workers:
        w.join(10)
    differ = sum(len(set(keys)) > 1 for keys in zip(*results, strict=True))
    assert differ == 0, f"bij {differ} van de 25 sleutels kregen de processen verschillende sleutels"


def _save_many(path, prefix, n):
    from kit.evaluation.adapters import _save_json_cache

    for i in range(n):
        _save_json_cache(path, {f"{prefix}{i}": "ok"})


def test_two_harvests_adding_to_a_check_cache_at_once_keep_both_additions(tmp_path):
    """A cache lost by a race only costs time, but two harvests that run side by side (one
    per cohort) would then check again, every time, what the other one checked."""
    import json

    path = tmp_path / "cache" / "controle.json"
    _at_once(_save_many, [(path, p, 100) for p in ("a", "b")])
    assert len(json.loads(path.read_text())) == 200
