"""Alerts for the course team and the administrator: something on the class server needs a person.

Used when ``collect`` refuses a folder in ``inbound`` (a submission in another student's
name: an impersonation attempt). Besides the Dutch line in collect's output, an alert

- is appended as one line to the alert log (``IIDS_HUB_ALERT_LOG``, default
  ``/var/log/iids-hub/meldingen.log``; ``iids hub prepare`` makes its folder, group graders,
  2770), which ``iids hub doctor`` reports until someone has read it and moved it aside;
- is handed to the command in ``IIDS_HUB_ALERT_COMMAND`` when one is set (for example a
  script that mails the lecturer or posts to a chat): the alert line on its stdin and in the
  variable ``IIDS_MELDING``; it runs as whoever collects, with a time limit of 60 s.

Settings come from the environment (the hub gives them to the course team's servers) or else
from ``/etc/iids-hub.env`` (``IIDS_HUB_ENV_FILE``), so a collect from an ssh shell alerts too.

>>> import tempfile, os
>>> log = os.path.join(tempfile.mkdtemp(), "meldingen.log")
>>> raise_alert("proef", env={"IIDS_HUB_ALERT_LOG": log, "IIDS_HUB_ENV_FILE": "/geen"})
[]
>>> open(log).read().split(" ", 2)[2]
'proef\\n'
"""

from __future__ import annotations

import datetime
import getpass
import os
import shlex
import subprocess
from pathlib import Path

__all__ = ["alert_settings", "raise_alert", "read_alerts", "ENV_FILE", "DEFAULT_LOG"]

ENV_FILE = "/etc/iids-hub.env"
DEFAULT_LOG = "/var/log/iids-hub/meldingen.log"


def alert_settings(env: dict[str, str] | None = None) -> tuple[Path, str]:
    """The alert log and the alert command (environment first, then ``/etc/iids-hub.env``).

    >>> alert_settings({"IIDS_HUB_ENV_FILE": "/geen", "IIDS_HUB_ALERT_COMMAND": "mail x"})
    (PosixPath('/var/log/iids-hub/meldingen.log'), 'mail x')
    """
    env = dict(os.environ) if env is None else env
    values: dict[str, str] = {}
    path = env.get("IIDS_HUB_ENV_FILE", ENV_FILE)
    if os.path.isfile(path):
        from kit.errors import InputError
        from kit.hub.envfile import read_env_file

        try:
            values = read_env_file(path)
        except InputError:
            values = {}
    values.update({k: v for k, v in env.items() if k.startswith("IIDS_HUB_ALERT_")})
    log = values.get("IIDS_HUB_ALERT_LOG", "").strip() or DEFAULT_LOG
    return Path(log), values.get("IIDS_HUB_ALERT_COMMAND", "").strip()


def raise_alert(message: str, *, env: dict[str, str] | None = None) -> list[str]:
    """Log ``message`` as an alert and run the alert command; return what went wrong (Dutch)."""
    log, command = alert_settings(env)
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = str(os.getuid())
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = f"{stamp} {who} {' '.join(message.split())}"
    problems = []
    try:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o660)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError as exc:
        problems.append(f"melding niet in {log} gezet ({exc.strerror}); de beheerder maakt "
                        "de map met: iids hub prepare")
    if command:
        try:
            result = subprocess.run(shlex.split(command), input=line + "\n", text=True,
                                    capture_output=True, timeout=60,
                                    env={**os.environ, "IIDS_MELDING": line})
            if result.returncode != 0:
                problems.append(f"meldingsopdracht '{command}' gaf exitcode {result.returncode}")
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            problems.append(f"meldingsopdracht '{command}' liep niet ({type(exc).__name__})")
    return problems


def read_alerts(log: str | os.PathLike) -> list[str]:
    """The alert lines in ``log`` (none when it does not exist)."""
    try:
        with open(log, encoding="utf-8", errors="replace") as fh:
            return [ln.rstrip("\n") for ln in fh if ln.strip()]
    except FileNotFoundError:
        return []
