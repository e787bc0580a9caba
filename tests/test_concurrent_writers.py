"""Vault keys and caches that several processes make or add to at once: nothing is lost."""

from __future__ import annotations

import multiprocessing as mp

import pytest


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

    ctx = mp.get_context("fork")
    path = tmp_path / "cache" / "controle.json"
    workers = [ctx.Process(target=_save_many, args=(path, p, 100)) for p in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert len(json.loads(path.read_text())) == 200
