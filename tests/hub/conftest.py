"""Fixtures for the hub tests: real Unix users and groups (CI runs as root), removed afterwards."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from kit.hub.localhub import UnixUsers, can_read, run_as  # noqa: F401 - used by the tests

BIN = Path(sys.executable).parent


def _acl_supported(folder: str) -> bool:
    from kit.hub.exchange import read_acl_users, set_user_read_acl

    probe = Path(folder) / ".acl-probe"
    probe.write_text("")
    try:
        set_user_read_acl(probe, 65534)
        return 65534 in read_acl_users(probe)
    except OSError:
        return False
    finally:
        probe.unlink()




@pytest.fixture
def unix_users():
    if os.geteuid() != 0:
        pytest.skip("nodig: root (de test maakt echte Unix-gebruikers; CI draait als root)")
    if not shutil.which("useradd"):
        pytest.skip("nodig: useradd")
    users = UnixUsers()
    try:
        yield users
    finally:
        users.cleanup()


@pytest.fixture
def shared_tmp():
    """A temporary folder other users can enter (pytest's own tmp_path is 0700)."""
    folder = tempfile.mkdtemp(prefix="iids-hub-test-", dir="/tmp")
    os.chmod(folder, 0o755)
    if not _acl_supported(folder):
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip("het bestandssysteem van /tmp ondersteunt geen POSIX-ACL's")
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
