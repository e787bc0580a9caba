"""The iids command: Dutch help, exit codes, one-line errors, python -m kit."""

from __future__ import annotations

import subprocess
import sys

from kit.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kit", *args], capture_output=True, text=True)


def test_help_is_dutch_and_lists_areas():
    result = run("--help")
    assert result.returncode == 0
    assert "gebruik: iids" in result.stdout
    assert "toon deze hulp en stop" in result.stdout
    for command in ("doctor", "demo", "setup"):
        assert command in result.stdout


def test_unknown_command_is_one_dutch_line_with_status_2():
    result = run("bestaatniet")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "ongeldige keuze" in result.stderr and "Traceback" not in result.stderr


def test_missing_argument_is_dutch(capsys):
    assert main(["demo", "--seed"]) == 2
    err = capsys.readouterr().err
    assert "verwacht één waarde" in err


def test_input_error_becomes_status_2_without_traceback(capsys, monkeypatch):
    from kit import doctor
    from kit.errors import InputError

    def broken(args):
        raise InputError("kapot", path="x.csv", place="rij 3")

    monkeypatch.setattr(doctor, "_run", broken)
    assert main(["doctor"]) == 2
    err = capsys.readouterr().err
    assert err == "iids: fout: x.csv, rij 3: kapot\n"


def test_unexpected_error_is_one_line_status_3(capsys, monkeypatch):
    from kit import doctor

    monkeypatch.setattr(doctor, "_run", lambda args: 1 / 0)
    monkeypatch.delenv("IIDS_DEBUG", raising=False)
    assert main(["doctor"]) == 3
    assert "interne fout" in capsys.readouterr().err


def test_doctor_reports_every_check():
    result = run("doctor")
    assert result.returncode in (0, 1)
    for name in ("python", "pakketten", "deduce-tabellen", "Nederlandse interface", "nbgrader",
                 "getekende widgets", "kluis"):
        assert name in result.stdout


def test_iids_finds_alembic_without_an_activated_environment():
    """nbgrader calls alembic; `iids` started by its full path must still find it."""
    import os
    from pathlib import Path

    iids = Path(sys.executable).parent / "iids"
    env = {k: v for k, v in os.environ.items() if k != "PATH"}
    env["PATH"] = "/usr/bin:/bin"
    code = "import os, shutil; from kit.cli import _venv_on_path; _venv_on_path(); print(shutil.which('alembic'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.stdout.strip().endswith("/alembic"), result.stdout + result.stderr
    assert iids.exists()
