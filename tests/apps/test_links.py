"""Session links (kit.apps.links): signed, expiring, refused when changed."""

from __future__ import annotations

import stat
import time

import pytest

from kit.apps.links import LinkRefused, Session, make_token, new_session, read_token, vault_key
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
