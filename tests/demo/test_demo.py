"""The demo and the benchmarks keep their synthetic participants out of the user's vault."""

from __future__ import annotations

import os
import sys

import kit.demo
from kit.config import vault_dir


def test_every_demo_stage_sees_the_demo_vault_and_the_users_vault_is_restored(
        tmp_path, monkeypatch):
    probe = tmp_path / "stage_probe.py"
    probe.write_text("from kit.config import vault_dir\n"
                     "SEEN = []\n"
                     "def demo_stage(ctx):\n"
                     "    SEEN.append((vault_dir(), ctx.vault))\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(kit.demo, "STAGES", [("proef", "stage_probe", "kijkt welke kluis")])
    monkeypatch.setenv("IIDS_VAULT", str(tmp_path / "eigen-kluis"))
    kit.demo.run_demo(tmp_path / "demo")
    [(seen, given)] = sys.modules["stage_probe"].SEEN
    assert seen == given == (tmp_path / "demo" / "kluis").resolve()
    assert vault_dir() == tmp_path / "eigen-kluis" and os.environ["IIDS_VAULT"].endswith("eigen-kluis")


def test_the_benchmarks_run_with_a_vault_of_their_own(monkeypatch, tmp_path):
    import kit.bench

    seen = []
    monkeypatch.setenv("IIDS_VAULT", str(tmp_path / "eigen-kluis"))
    monkeypatch.setattr(kit.bench, "_run_benches", lambda quick, only: seen.append(vault_dir()))
    kit.bench.run_all(quick=True, only=["niets"])
    assert seen and seen[0] != tmp_path / "eigen-kluis" and seen[0].name.startswith("iids-bench-kluis-")
    assert not seen[0].exists()  # removed afterwards
