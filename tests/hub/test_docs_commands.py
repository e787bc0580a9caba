"""The administrator's commands in deploy/README.md and deploy/tljh.md, run here for real.

Each command is taken from the document itself (so the test fails when the document
changes it) and run with the server's paths replaced by temporary ones. Commands that need
a real TLJH installation, DNS or the institution's SSO (tljh-config, letsencrypt, systemctl)
cannot run here and are not listed.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
README = (DEPLOY / "README.md").read_text(encoding="utf-8")
TLJH = (DEPLOY / "tljh.md").read_text(encoding="utf-8")


def _command(text: str, pattern: str) -> str:
    """The one line of ``text`` that matches ``pattern`` (a command in a code block)."""
    lines = [ln.strip() for ln in text.splitlines() if re.search(pattern, ln)]
    assert lines, f"geen opdracht voor {pattern!r} in de documentatie"
    return lines[0]


def _run(command: str, **subs: str) -> subprocess.CompletedProcess:
    for old, new in subs.items():
        command = command.replace(old, new)
    command = command.replace("sudo ", "")  # the tests run as root
    return subprocess.run(["bash", "-euo", "pipefail", "-c", command], capture_output=True,
                          text=True, timeout=120)


pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="nodig: root (zoals de beheerder)")


def test_prepare_as_documented_makes_the_sandbox_pool(unix_users, tmp_path, capsys):
    import pwd
    import shlex

    from kit.cli import main

    block = TLJH[TLJH.index("sudo /opt/tljh/user/bin/iids hub prepare"):]
    line = " ".join(part.strip().rstrip("\\") for part in block.splitlines()[:2])
    args = shlex.split(line)[2:]  # after "sudo /opt/tljh/user/bin/iids"
    assert args[:2] == ["hub", "prepare"] and "--zandbak-pool" in args, line
    group = unix_users.group("dc")
    owner = unix_users.user("docent", (group,))
    prefix = unix_users.prefix + "sb"
    subs = {"/srv/nbgrader/exchange": str(tmp_path / "exchange"), "jupyter-docent": owner,
            "iids-docenten": group}
    args = [subs.get(a, a) for a in args]
    sudoers = Path("/etc/sudoers.d") / f"{unix_users.prefix}-zandbak"
    try:
        status = main(args + ["--role-config", str(tmp_path / "etc"), "--zandbak-voorvoegsel",
                              prefix, "--zandbak-sloten", str(tmp_path / "sloten"),
                              "--sudoers", str(sudoers), "--meldingen",
                              str(tmp_path / "log" / "meldingen.log")])
        pool = [f"{prefix}-{i:02d}" for i in range(1, 9)]
        unix_users.users.extend(pool)  # removed at the end
        assert status == 0, capsys.readouterr()
        for name in pool:
            assert not os.path.exists(pwd.getpwnam(name).pw_dir)
        assert subprocess.run(["visudo", "-c", "-f", str(sudoers)],
                              capture_output=True).returncode == 0
        assert f"({','.join(pool)})" in sudoers.read_text()
    finally:
        sudoers.unlink(missing_ok=True)


def test_shared_course_folder_commands(unix_users, tmp_path):
    group = unix_users.group("dc")
    course = tmp_path / "assignments"
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "gradebook.db").write_text("")
    os.chmod(course / "gradebook.db", 0o644)
    subs = {"/srv/iids/assignments": str(course), "iids-docenten": group}
    for pattern in (r"chgrp -R iids-docenten /srv/iids/assignments",
                    r"chmod -R g\+rwX,o-rwx /srv/iids/assignments",
                    r"find /srv/iids/assignments -type d -exec chmod g\+s"):
        result = _run(_command(README, pattern), **subs)
        assert result.returncode == 0, (pattern, result.stderr)
    from kit.hub.doctor import HubSettings, check_formgrader

    etc = tmp_path / "etc" / "docent"
    etc.mkdir(parents=True)
    (etc / "jupyter_server_config.json").write_text('{"ServerApp": {"root_dir": "/"}}')
    checks = check_formgrader(HubSettings(role_config=tmp_path / "etc", course_dir=course,
                                          graders_group=group))
    assert all(c.ok for c in checks), [c.line() for c in checks]
    assert os.stat(course / "source" / "ps1").st_mode & 0o2000


def test_backup_and_restore_keep_the_feedback_acl(unix_users, shared_tmp):
    from kit.hub.exchange import read_acl_users, set_user_read_acl

    student = unix_users.user("st")
    uid = __import__("pwd").getpwnam(student).pw_uid
    srv = shared_tmp / "srv"
    feedback = srv / "nbgrader" / "exchange" / "iids" / "feedback"
    feedback.mkdir(parents=True)
    (feedback / "abc.html").write_text("<p>feedback</p>")
    os.chmod(feedback / "abc.html", 0o640)
    set_user_read_acl(feedback / "abc.html", uid)
    db = srv / "jupyterhub.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("create table users (name text)")
        con.execute("insert into users values ('x')")
    backups = shared_tmp / "backups"
    backups.mkdir()
    backup_db = _command(README, r'sqlite3 /opt/tljh/state/jupyterhub.sqlite "\.backup')
    result = _run(backup_db, **{"/opt/tljh/state/jupyterhub.sqlite": str(db),
                                "/var/backups/iids": str(backups)})
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(backups / "jupyterhub.sqlite") as con:
        assert con.execute("select name from users").fetchall() == [("x",)]
    block = README[README.index("sudo tar --acls --xattrs -czf"):]
    tar = " ".join(part.strip().rstrip("\\") for part in block.splitlines()[:2])
    tar = tar.replace(" /home /etc/iids-hub.env /etc/iids-hub", "")
    result = _run(tar, **{"/var/backups/iids": str(backups), "/srv/iids/assignments ": "",
                          "/srv/nbgrader/exchange": str(srv / "nbgrader" / "exchange")})
    assert result.returncode == 0, result.stderr
    [archive] = backups.glob("iids-*.tar.gz")
    shutil.rmtree(srv / "nbgrader")
    restore = _command(README, r"tar --acls --xattrs -xzf iids-DATUM\.tar\.gz -C /")
    restore = re.search(r"`(sudo tar [^`]+)`", restore).group(1)
    result = _run(restore, **{"iids-DATUM.tar.gz": str(archive)})
    assert result.returncode == 0, result.stderr
    assert read_acl_users(feedback / "abc.html") == {uid: 4}


def test_env_file_as_documented_is_read_by_the_doctor(tmp_path, capsys):
    from kit.cli import main

    doctor = _command(TLJH, r"iids hub doctor --env-file /etc/iids-hub\.env")
    assert doctor.startswith("sudo /opt/tljh/user/bin/iids hub doctor --env-file")
    env = tmp_path / "iids-hub.env"
    shutil.copy(DEPLOY / "iids-hub.env", env)
    status = main(["hub", "doctor", "--env-file", str(env)])
    out = capsys.readouterr().out
    assert status in (0, 1) and "uitwisselmap" in out and "zandbak" in out
