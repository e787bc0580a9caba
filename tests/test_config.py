"""Where the kit keeps things (kit.config): every place from its variable, else XDG, else home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kit.config import (
    WORK_FOLDER,
    cache_dir,
    data_path,
    deduce_cache_dir,
    repo_root,
    using_vault,
    vault_dir,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def bare_env(monkeypatch, tmp_path):
    for name in ("IIDS_VAULT", "IIDS_CACHE", "IIDS_DEDUCE_CACHE", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "thuis"))
    return tmp_path


def test_defaults_under_home(bare_env):
    home = bare_env / "thuis"
    assert vault_dir() == home / ".local/share/iids-kit/kluis"
    assert cache_dir() == home / ".cache/iids-kit"
    assert deduce_cache_dir() == home / ".cache/iids-kit/deduce"
    assert not vault_dir().exists()  # nothing is created by asking


def test_xdg_then_own_variables_win(bare_env, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(bare_env / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(bare_env / "c"))
    assert vault_dir() == bare_env / "data/iids-kit/kluis"
    assert deduce_cache_dir() == bare_env / "c/iids-kit/deduce"
    monkeypatch.setenv("IIDS_VAULT", "~/kluis")
    monkeypatch.setenv("IIDS_CACHE", str(bare_env / "cache"))
    assert vault_dir() == bare_env / "thuis" / "kluis"
    assert deduce_cache_dir() == bare_env / "cache" / "deduce"
    monkeypatch.setenv("IIDS_DEDUCE_CACHE", "/srv/deduce")
    assert deduce_cache_dir() == Path("/srv/deduce")


def test_using_vault_restores_the_variable_even_after_an_error(bare_env, monkeypatch):
    with using_vault(bare_env / "demo") as vault:
        assert vault_dir() == vault == bare_env / "demo"
    assert "IIDS_VAULT" not in os.environ
    monkeypatch.setenv("IIDS_VAULT", "/eigen")
    with pytest.raises(RuntimeError), using_vault(bare_env / "demo"):
        raise RuntimeError
    assert os.environ["IIDS_VAULT"] == "/eigen"


def test_shipped_data_and_the_checkout():
    assert data_path("sjablonen", "feedback.html.j2").is_file()
    assert data_path() == ROOT / "kit" / "data"
    assert repo_root() == ROOT
    assert WORK_FOLDER == "mijn-werk"
