"""The autograde sandbox's pool and protocol (kit.grading.sandbox): one user per run across
processes, a Dutch message when the pool stays busy, the runner's input as it reads it. Runs as
the sandbox users themselves are in tests/hub/test_sandbox.py (root, real Unix users)."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import tarfile

import pytest

from kit.grading.sandbox import SandboxError, _pack, pool_user, sandbox_command

HOLD = ("import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_RDONLY | os.O_CREAT, 0o660)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('vast', flush=True)\ntime.sleep(60)\n")


@pytest.fixture
def holder(tmp_path):
    """Another process that holds pool user sb-01, as a second grader's run would."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "sb-01.lock")],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "vast"
    yield proc
    proc.kill()
    proc.wait()


def test_a_user_held_by_another_process_is_never_handed_out(tmp_path, holder):
    for _ in range(5):
        with pool_user(["sb-01", "sb-02"], tmp_path) as user:
            assert user == "sb-02"


def test_a_busy_pool_says_so_in_dutch_after_waiting(tmp_path, holder):
    with pytest.raises(SandboxError, match="alle 1 zandbakgebruikers bleven 0 s bezet"):
        with pool_user(["sb-01"], tmp_path, wait_seconds=0.3):
            pass


def test_no_users_is_a_dutch_error(tmp_path):
    with pytest.raises(SandboxError, match="geen zandbakgebruikers ingesteld"):
        with pool_user(["", ""], tmp_path):
            pass


def test_only_root_starts_the_sandbox_without_sudo():
    assert sandbox_command("sb-01", euid=1000, unshare="/u")[:6] == ["sudo", "-n", "-u", "sb-01",
                                                                   "--", "/u"]
    assert sandbox_command("sb-01", euid=0, unshare="/u")[0] == "/u"


def test_the_runner_input_holds_the_notebook_and_the_work_folder(tmp_path):
    (tmp_path / "mijn-werk").mkdir()
    (tmp_path / "mijn-werk" / "notities.txt").write_text("tekst")
    notebook = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    data = _pack(notebook, tmp_path)
    (length,) = struct.unpack(">I", data[:4])
    assert data[4:4 + length].decode() == notebook
    with tarfile.open(fileobj=io.BytesIO(data[4 + length:])) as tar:
        assert tar.extractfile("mijn-werk/notities.txt").read() == b"tekst"
    assert _pack(notebook, None)[4 + length:] == _pack(notebook, tmp_path / "weg")[4 + length:]
