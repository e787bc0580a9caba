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


def test_the_codes_the_kit_makes_pass_the_check_of_the_store(vault):
    """Sessions and tellers get codes of letters without vowels: the privacy check that a
    story's code fields go through never takes one for a phone number, date or name (random
    hex gave 'P-010570-6823', a phone number, and 'P-1f3be8-ebba', a name, about once in
    700 sessions, and that teller's story could not be saved)."""
    from kit.apps.links import new_session
    from kit.apps.story import new_participant_code
    from kit.privacy.scan import scan_text

    codes = []
    for _ in range(3000):
        session = new_session("S-07", hours=1, now=0).session
        codes += [session, new_participant_code(session)]
    assert not any(ch.isdigit() or ch in "aeiouy" for code in codes for ch in code[2:])
    assert [code for code in codes if scan_text(code, use_deduce=True)] == []


def test_a_code_the_store_would_refuse_is_never_given(vault, monkeypatch):
    import kit.apps.story as story
    from kit.errors import InputError

    drawn = iter(["P-010570-6823", "P-bkdfrt-hjsz"])  # a phone number first, then a good code
    monkeypatch.setattr(story, "new_participant_code", lambda session: next(drawn))
    session = Session("S-bkdfrt", "S-07", 10**10)
    assert register_consent(vault, session, {"onderwijs": True},
                            today=date(2026, 12, 2)) == "P-bkdfrt-hjsz"
    monkeypatch.setattr(story, "new_participant_code", lambda session: "P-010570-6823")
    with pytest.raises(InputError, match="geeft geen bruikbare deelnemerscode"):
        register_consent(vault, session, {"onderwijs": True}, today=date(2026, 12, 2))
    assert [r.participant for r in ConsentRegister(vault).records()] == ["P-bkdfrt-hjsz"]
