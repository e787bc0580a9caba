"""The sandbox pool's users, sudoers rule and lock folder (kit.hub.pool). What needs a real
hub (users made with useradd, sudo as them) is in tests/hub/test_sandbox.py."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from kit.errors import InputError
from kit.hub.pool import (
    ensure_pool_users,
    pool_names,
    prepare_lock_dir,
    sudoers_rule,
    write_sudoers,
)


def test_names_and_the_one_rule():
    users = pool_names("iids-sb", 10)
    assert users[0] == "iids-sb-01" and users[-1] == "iids-sb-10" and len(set(users)) == 10
    assert sudoers_rule("docenten", users[:2], "/usr/bin/unshare") == (
        "%docenten ALL=(iids-sb-01,iids-sb-02) NOPASSWD: /usr/bin/unshare\n")


def test_an_existing_user_that_is_no_sandbox_user_is_refused():
    with pytest.raises(InputError, match="de gebruiker 'root' bestaat al en is geen zandbakgebruiker"):
        ensure_pool_users(["root"])
    assert ensure_pool_users(["nobody"]) == []  # exists, no login shell: accepted, not made


@pytest.mark.skipif(shutil.which("visudo") is None, reason="nodig: visudo (sudo)")
def test_sudoers_file_only_when_visudo_accepts_it(tmp_path):
    path = write_sudoers(tmp_path / "iids-zandbak", sudoers_rule("root", ["nobody"], "/usr/bin/unshare"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o440
    assert path.read_text().endswith("%root ALL=(nobody) NOPASSWD: /usr/bin/unshare\n")
    with pytest.raises(InputError, match="visudo keurt de regel af"):
        write_sudoers(tmp_path / "kapot", "%root ALL=( NOPASSWD\n")
    assert not (tmp_path / "kapot").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["iids-zandbak"]  # no temporary file left


def test_without_visudo_no_sudoers_file_is_put_in_place(tmp_path, monkeypatch):
    """An unchecked sudoers file can lock everyone out of sudo: refuse instead (fail loudly)."""
    monkeypatch.setattr("kit.hub.pool.shutil.which", lambda _name: str(tmp_path / "geen-visudo"))
    with pytest.raises(InputError, match="visudo ontbreekt"):
        write_sudoers(tmp_path / "iids-zandbak", sudoers_rule("root", ["nobody"], "/usr/bin/unshare"))
    assert list(tmp_path.iterdir()) == []  # nothing in place, no temporary file left


@pytest.mark.skipif(os.geteuid() != 0, reason="nodig: root (chown naar een groep)")
def test_lock_folder_is_setgid_and_closed_to_others(tmp_path):
    path = prepare_lock_dir(tmp_path / "sloten", "root")
    assert stat.S_IMODE(path.stat().st_mode) == 0o2770 and path.stat().st_gid == 0
