"""Fixtures for the narratives tests: a fresh vault with consent, a work folder, a small corpus."""

from __future__ import annotations

import pytest


@pytest.fixture
def vault(tmp_path):
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault

    v = open_vault(tmp_path / "kluis")
    register = ConsentRegister(v)
    register.add("P-0001", "v1", "2025-09-01", "a" * 64, ["onderwijs"], "2030-09-01",
                 name="Joanna Nowak")
    register.add("P-0002", "v1", "2025-09-01", "b" * 64, ["publicatie"], "2030-09-01")
    return v


@pytest.fixture
def framework():
    from kit.narratives.framework import default_framework

    return default_framework()


@pytest.fixture(scope="module")
def corpus():
    from kit.synthetic.narratives import generate_corpus

    return generate_corpus(600, seed=11, cohorts=["2024-2025", "2025-2026"])
