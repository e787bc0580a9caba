"""Shared fixtures for the privacy tests: a fresh vault per test, deduce when built."""

from __future__ import annotations

import pytest

from kit.privacy import engine


@pytest.fixture
def vault(tmp_path):
    from kit.privacy.vault import open_vault

    return open_vault(tmp_path / "kluis")


@pytest.fixture(scope="session")
def deduce_ready():
    if not engine.cache_ready():  # make test runs iids setup first: a missing cache is a fault
        pytest.fail("deduce-tabellen niet gebouwd: draai eerst iids setup (of make)")
    engine.get_deduce()
    return True
