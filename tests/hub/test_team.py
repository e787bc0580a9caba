"""A course folder the whole course team can grade in (kit.hub.team)."""

from __future__ import annotations

import os
import stat

import pytest

from kit.hub.team import TEAM_UMASK, share_course_files


@pytest.fixture(autouse=True)
def _keep_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_gradebook_is_group_writable_and_umask_is_007(tmp_path):
    share_course_files(tmp_path)
    assert _mode(tmp_path / "gradebook.db") == 0o660
    assert os.umask(0o022) == TEAM_UMASK == 0o007


def test_existing_own_gradebook_gets_group_write(tmp_path):
    db = tmp_path / "gradebook.db"
    db.write_bytes(b"")
    db.chmod(0o644)
    share_course_files(tmp_path)
    assert _mode(db) == 0o664
    assert db.read_bytes() == b""  # never truncated


def test_absent_course_folder_creates_nothing(tmp_path):
    share_course_files(tmp_path / "nog-niet")
    assert not (tmp_path / "nog-niet").exists()
