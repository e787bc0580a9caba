"""The story form's consent and record logic (kit.apps.story), no browser."""

from __future__ import annotations

import json
import stat
from datetime import date

import pytest

from kit.apps.links import Session
from kit.apps.story import (
    CONSENT_FOLDER,
    FORM_VERSION,
    build_record,
    consent_purposes,
    register_consent,
)
from kit.errors import ConsentError
from kit.privacy.consent import ConsentRegister
from kit.privacy.vault import open_vault


@pytest.fixture
def vault(tmp_path):
    return open_vault(tmp_path / "kluis")


def test_consent_without_education_registers_nothing(vault):
    session = Session("S-aa11", "S-07", 10**10)
    with pytest.raises(ConsentError):
        register_consent(vault, session, {"onderwijs": False, "publicatie": True},
                         today=date(2026, 12, 2))
    assert ConsentRegister(vault).records() == []
    assert not (vault.path / CONSENT_FOLDER).exists()


def test_consent_copy_in_vault_matches_register(vault):
    import hashlib

    session = Session("S-aa11", "S-07", 10**10)
    code = register_consent(vault, session, {"onderwijs": True, "publicatie": True},
                            today=date(2026, 12, 2))
    record = ConsentRegister(vault).get(code)
    copy = vault.path / CONSENT_FOLDER / f"{code}.json"
    assert record.form_version == FORM_VERSION
    assert record.purposes == {"onderwijs", "publicatie"}
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == record.signed_copy_sha256
    answers = {q["doel"]: q["antwoord"] for q in json.loads(copy.read_text())["vragen"]}
    assert answers == {"onderwijs": "ja", "programma-evaluatie": "nee", "publicatie": "ja"}
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert consent_purposes({"onderwijs": True}) == ["onderwijs"]


def test_record_keeps_only_the_prompts_signifiers():
    from kit.narratives.framework import default_framework

    fw = default_framework()
    advies = next(p for p in fw.prompts if "plekken" not in p.signifiers)
    record = build_record(Session("S-aa11", "S-07", 0), "P-aa11-0001",
                          {"text": "Een verhaal.", "plekken": {"bank": (0.1, 0.2)}, "welkom": 0.5},
                          prompt=advies, today=date(2026, 12, 2))
    assert "plekken" not in record and record["welkom"] == 0.5
    assert record["collector"] == "S-07" and record["participant"] == "P-aa11-0001"
