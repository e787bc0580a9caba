"""Session links and the story form's consent and record logic (no browser)."""

from __future__ import annotations

import json
import stat
import time
from datetime import date

import pytest

from kit.apps.links import LinkRefused, Session, make_token, new_session, read_token, vault_key
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


def test_key_is_private_and_stable(vault):
    key = vault_key(vault)
    assert key == vault_key(vault) and len(key) == 32
    assert stat.S_IMODE(vault.file("app-sleutel").stat().st_mode) == 0o600


def test_token_round_trip_and_refusals(vault):
    key = vault_key(vault)
    now = time.time()
    session = new_session("S-07", hours=3, now=now, community="buurt")
    token = make_token(key, session)
    assert read_token(token, key, now=now + 60) == session
    with pytest.raises(LinkRefused, match="verlopen"):
        read_token(token, key, now=now + 3 * 3600 + 1)
    payload, signature = token.split(".")
    forged = make_token(b"0" * 32, Session(session.session, "S-99", session.expires + 10**6))
    with pytest.raises(LinkRefused, match="niet geldig"):
        read_token(forged.split(".")[0] + "." + signature, key, now=now)
    with pytest.raises(LinkRefused, match="niet geldig"):
        read_token(forged, key, now=now)
    with pytest.raises(LinkRefused, match="sessielink"):
        read_token(None, key, now=now)
    with pytest.raises(LinkRefused, match="niet geldig"):
        read_token("zomaar-iets", key, now=now)


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


def test_handout_of_the_demo_wall(tmp_path, capsys):
    """``iids apps hand-out --demo``: one printable page, through the gate, no ids, counts >= 10."""
    import re

    from kit.cli import main

    target = tmp_path / "wand.html"
    assert main(["apps", "hand-out", "--demo", str(tmp_path / "demo"), "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "@media print" in page and page.count("<img") >= 3
    assert "Rondetafelgesprek met twee banken" in page  # the record's agreements
    assert not re.search(r"\bN-\d{6}-\d{4}\b|\bP-\d{4}-\d{4}\b", page)
    counts = [int(n) for n in re.findall(r"<td>(\d+)</td>", page)]
    assert counts and min(counts) >= 10
