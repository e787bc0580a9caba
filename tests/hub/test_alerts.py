"""Alerts for the course team (kit.hub.alerts): the log line, the command, the settings."""

from __future__ import annotations

import sys
from pathlib import Path

from kit.hub.alerts import DEFAULT_LOG, alert_settings, raise_alert, read_alerts


def test_settings_from_the_env_file_unless_the_environment_says_otherwise(tmp_path):
    envfile = tmp_path / "iids-hub.env"
    envfile.write_text(f"IIDS_HUB_ALERT_LOG={tmp_path / 'uit-bestand.log'}\n"
                       "IIDS_HUB_ALERT_COMMAND=mail docent\n")
    env = {"IIDS_HUB_ENV_FILE": str(envfile)}
    assert alert_settings(env) == (tmp_path / "uit-bestand.log", "mail docent")
    env["IIDS_HUB_ALERT_COMMAND"] = " "
    assert alert_settings(env) == (tmp_path / "uit-bestand.log", "")


def test_a_broken_env_file_falls_back_to_the_default_log(tmp_path):
    envfile = tmp_path / "iids-hub.env"
    envfile.write_text("geen regel\n")
    assert alert_settings({"IIDS_HUB_ENV_FILE": str(envfile)}) == (Path(DEFAULT_LOG), "")


def test_alert_is_one_line_in_the_log_and_reaches_the_command(tmp_path):
    log, seen = tmp_path / "meldingen.log", tmp_path / "gezien.txt"
    script = tmp_path / "meld.py"
    script.write_text("import os, sys\n"
                      f"open({str(seen)!r}, 'w').write(sys.stdin.read() + os.environ['IIDS_MELDING'])\n")
    env = {"IIDS_HUB_ENV_FILE": "/geen", "IIDS_HUB_ALERT_LOG": str(log),
           "IIDS_HUB_ALERT_COMMAND": f"{sys.executable} {script}"}
    assert raise_alert("inlevering van s2\nin map van s1", env=env) == []
    assert raise_alert("tweede", env=env) == []
    lines = read_alerts(log)
    assert len(lines) == 2
    assert lines[0].endswith(" inlevering van s2 in map van s1")
    assert seen.read_text() == f"{lines[1]}\n{lines[1]}"


def test_problems_are_reported_in_dutch_not_raised(tmp_path):
    env = {"IIDS_HUB_ENV_FILE": "/geen", "IIDS_HUB_ALERT_LOG": str(tmp_path / "geen-map" / "x.log"),
           "IIDS_HUB_ALERT_COMMAND": f"{sys.executable} -c 'raise SystemExit(4)'"}
    problems = raise_alert("proef", env=env)
    assert len(problems) == 2
    assert problems[0].startswith(f"melding niet in {tmp_path / 'geen-map' / 'x.log'} gezet")
    assert "iids hub prepare" in problems[0]
    assert problems[1].endswith("gaf exitcode 4")
    env["IIDS_HUB_ALERT_COMMAND"] = "/bestaat/niet"
    assert raise_alert("proef", env=env)[1] == ("meldingsopdracht '/bestaat/niet' liep niet "
                                                "(FileNotFoundError)")


def test_no_log_no_alerts(tmp_path):
    assert read_alerts(tmp_path / "weg.log") == []
