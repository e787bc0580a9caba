"""The inside of the autograde sandbox (kit.grading.sandbox_run) refuses to run student code
anywhere but in its own process and network namespace. The full sandbox, with real Unix
users, is tested in tests/hub/test_sandbox.py."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys

import pytest

from kit.grading.sandbox import RUNNER
from kit.grading.sandbox_run import WRITABLE_BY_ALL, _kept_under

ARGS = ["--memory", str(2 * 1024 ** 3), "--cpu", "30", "--wall", "30"]


def _payload(marker) -> bytes:
    cell = {"cell_type": "code", "source": f"open({str(marker)!r}, 'w').write('gelopen')",
            "metadata": {}, "outputs": [], "execution_count": None}
    nb = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()
    return struct.pack(">I", len(nb)) + nb


def test_outside_a_process_namespace_nothing_runs(tmp_path):
    marker = tmp_path / "gelopen.txt"
    done = subprocess.run([sys.executable, str(RUNNER), *ARGS], input=_payload(marker),
                          capture_output=True, timeout=60)
    assert done.returncode == 3 and done.stdout == b""
    assert done.stderr.decode() == ("zandbak: niet in een eigen procesruimte gestart "
                                    "(unshare --pid --fork)\n")
    assert not marker.exists()


@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0,
                    reason="nodig: unshare als root (een eigen procesruimte zonder zandbakgebruiker)")
def test_with_network_nothing_runs(tmp_path):
    marker = tmp_path / "gelopen.txt"
    done = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", sys.executable,
                           str(RUNNER), *ARGS], input=_payload(marker), capture_output=True,
                          timeout=60)
    assert done.returncode == 3 and done.stdout == b""
    assert done.stderr.decode().startswith("zandbak: er is netwerk in de zandbak (lo, ")
    assert done.stderr.decode().endswith("; start met unshare --net\n")
    assert not marker.exists()


def test_only_the_outermost_needed_folders_are_kept_visible():
    assert "/tmp" in WRITABLE_BY_ALL and "/dev/shm" in WRITABLE_BY_ALL
    assert _kept_under("/tmp/", ["/tmp/a/b", "/tmp/a", "/tmp/ab", "/tmp", "", "/var/x"]) == [
        "/tmp/a", "/tmp/ab"]
    assert _kept_under("/dev/shm", ["/usr/lib/python3"]) == []


@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0,
                    reason="nodig: unshare als root (een eigen proces-, netwerk- en mountruimte)")
def test_the_kernel_talks_over_unix_sockets_not_tcp():
    import io
    import tarfile

    cell = {"id": "a1", "cell_type": "code", "source": "print(6 * 7)", "metadata": {},
            "outputs": [], "execution_count": None}
    nb = json.dumps({"cells": [cell], "metadata": {"kernelspec": {"name": "python3"}},
                     "nbformat": 4, "nbformat_minor": 5}).encode()
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w"):
        pass
    done = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "--net", "--mount",
                           sys.executable, str(RUNNER), *ARGS],
                          input=struct.pack(">I", len(nb)) + nb + archive.getvalue(),
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["cells"][0]["outputs"][0]["text"] == ["42\n"]
    assert "TCP" not in done.stderr.decode()  # ipykernel warns about a kernel over TCP
