"""Collecting from the private exchange with real Unix users and real nbgrader commands.

Split from test_exchange.py (same helpers) so that ``make test``'s two workers can run the
exchange's long real-user tests side by side.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
from pathlib import Path

import pytest

from kit.hub.exchange import SUBMISSION_FILE_MODE, prepare_root, read_acl_users
from kit.hub.localhub import can_read, run_as
from tests.hub.test_exchange import COURSE, NBGRADER, _notebook, _set_answer, write_config


@pytest.mark.slow
def test_collect_keeps_going_past_a_submission_it_cannot_read(unix_users, shared_tmp):
    graders = unix_users.group("doc")
    docent = unix_users.user("docent", (graders,))
    s1, s2 = unix_users.user("s1"), unix_users.user("s2")
    root = prepare_root(shared_tmp / "exchange", COURSE, owner=docent, group=graders)
    env = {"JUPYTER_CONFIG_DIR": str(write_config(shared_tmp, root, graders))}
    course = shared_tmp / "cursus"
    _notebook(course / "release" / "ps1" / "ps1.ipynb", "Jouw antwoord")
    for dirpath, dirs, files in os.walk(course):
        for name in [dirpath, *(os.path.join(dirpath, n) for n in dirs + files)]:
            shutil.chown(name, docent, graders)
    os.chmod(course, 0o2770)
    run_as(docent, [NBGRADER, "release_assignment", "ps1"], cwd=course, env=env)
    homes = {u: Path(pwd.getpwnam(u).pw_dir) for u in (s1, s2)}

    def submit(user: str, text: str) -> None:
        _set_answer(homes[user] / "ps1" / "ps1.ipynb", text)
        run_as(user, [NBGRADER, "submit", "ps1"], env=env)

    for user in (s1, s2):
        run_as(user, [NBGRADER, "fetch_assignment", "ps1"], env=env)
        submit(user, f"Eerste versie van {user}")
    run_as(docent, [NBGRADER, "collect", "ps1"], cwd=course, env=env)
    for user in (s1, s2):
        submit(user, f"Tweede versie van {user}")
    # student 1's newest submission cannot be read by the graders (say, a folder half-written
    # by an older exchange): the others are still collected, student 1 is named, and the copy
    # collected before stays whole
    inbound = root / COURSE / "inbound"
    newest = max(inbound.glob(f"{s1}+ps1+*"), key=lambda p: p.name.split("+")[2])
    os.chmod(newest / "ps1.ipynb", 0o600)
    result = run_as(docent, [NBGRADER, "collect", "--update", "ps1"], cwd=course, env=env,
                    check=False)
    assert result.returncode != 0
    assert "niet verzameld" in result.stdout + result.stderr and s1 in result.stdout + result.stderr
    submitted = course / "submitted"
    assert "Tweede versie" in (submitted / s2 / "ps1" / "ps1.ipynb").read_text()
    assert "Eerste versie" in (submitted / s1 / "ps1" / "ps1.ipynb").read_text()
    assert sorted(os.listdir(submitted / s1)) == ["ps1"]  # no half copy beside it
    # once the folder is readable again, the next collect takes it
    os.chmod(newest / "ps1.ipynb", SUBMISSION_FILE_MODE)
    run_as(docent, [NBGRADER, "collect", "--update", "ps1"], cwd=course, env=env)
    assert "Tweede versie" in (submitted / s1 / "ps1" / "ps1.ipynb").read_text()


@pytest.mark.slow
def test_a_submission_in_another_students_name_is_refused(unix_users, shared_tmp):
    """Student 2 plants ``<student1>+ps1+<time>+<random>`` in inbound (issue 25)."""
    import secrets as _secrets

    from kit.hub.doctor import HubSettings, check_submission_owners

    graders = unix_users.group("doc")
    docent = unix_users.user("docent", (graders,))
    s1, s2 = unix_users.user("s1"), unix_users.user("s2")
    root = prepare_root(shared_tmp / "exchange", COURSE, owner=docent, group=graders)
    env = {"JUPYTER_CONFIG_DIR": str(write_config(shared_tmp, root, graders))}
    course = shared_tmp / "cursus"
    _notebook(course / "release" / "ps1" / "ps1.ipynb", "Jouw antwoord")
    for dirpath, dirs, files in os.walk(course):
        for name in [dirpath, *(os.path.join(dirpath, n) for n in dirs + files)]:
            shutil.chown(name, docent, graders)
    os.chmod(course, 0o2770)
    run_as(docent, [NBGRADER, "release_assignment", "ps1"], cwd=course, env=env)
    home1 = Path(pwd.getpwnam(s1).pw_dir)
    run_as(s1, [NBGRADER, "fetch_assignment", "ps1"], env=env)
    _set_answer(home1 / "ps1" / "ps1.ipynb", "Het echte werk van student 1.")
    run_as(s1, [NBGRADER, "submit", "ps1"], env=env)
    run_as(docent, [NBGRADER, "collect", "ps1"], cwd=course, env=env)
    mine = course / "submitted" / s1 / "ps1"
    assert "echte werk" in (mine / "ps1.ipynb").read_text()

    # the attack: a folder in student 1's name, later than any real one, made by student 2
    inbound = root / COURSE / "inbound"
    stamp = "2099-01-01 00:00:00.000000 UTC"
    planted = inbound / f"{s1}+ps1+{stamp}+{_secrets.token_hex(16)}"
    script = ("import os,sys,nbformat\n"
              "d=sys.argv[1]; os.mkdir(d)\n"
              "nb=nbformat.v4.new_notebook(); nb.cells=[nbformat.v4.new_markdown_cell('Vervalst')]\n"
              "nbformat.write(nb, os.path.join(d,'ps1.ipynb'))\n"
              f"open(os.path.join(d,'timestamp.txt'),'w').write({stamp!r})\n"
              "open(os.path.join(d,'submission_secret.txt'),'w').write('ab'*64)\n"
              "os.chmod(d,0o770)\n")
    run_as(s2, [sys.executable, "-c", script, str(planted)])
    assert planted.is_dir() and os.stat(planted).st_uid == pwd.getpwnam(s2).pw_uid

    # iids hub doctor sees it before anyone collects
    settings = HubSettings(exchange=root, course_id=COURSE)
    check = check_submission_owners(settings)
    assert not check.ok and planted.name in check.detail and s2 in check.detail

    # the alert: a line in the alert log (as iids hub prepare makes its folder) and a real
    # command of the administrator's that gets the alert on its stdin
    from kit.hub.pool import prepare_lock_dir

    logs = prepare_lock_dir(shared_tmp / "log" / "iids-hub", graders)
    alert_log = logs / "meldingen.log"
    received = shared_tmp / "ontvangen"
    received.mkdir(mode=0o777)
    os.chmod(received, 0o777)
    hook = shared_tmp / "melding.sh"
    hook.write_text(f"#!/bin/sh\ncat >> {received / 'meldingen.txt'}\n"
                    f"echo \"$IIDS_MELDING\" >> {received / 'variabele.txt'}\n")
    os.chmod(hook, 0o755)
    alert_env = dict(env, IIDS_HUB_ALERT_LOG=str(alert_log),
                     IIDS_HUB_ALERT_COMMAND=f"{hook} --cursus {COURSE}",
                     IIDS_HUB_ENV_FILE=str(shared_tmp / "geen.env"))
    result = run_as(docent, [NBGRADER, "collect", "--update", "ps1"], cwd=course, env=alert_env,
                    check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    refusal = [ln for ln in output.splitlines() if planted.name in ln]
    assert refusal and "geweigerd" in refusal[0] and s2 in refusal[0], output
    assert "Melding:" not in output, output  # the log and the command both worked
    [line] = alert_log.read_text().splitlines()
    assert planted.name in line and s2 in line and docent in line and "geweigerd" in line, line
    assert (received / "meldingen.txt").read_text().strip() == line
    assert (received / "variabele.txt").read_text().strip() == line
    # ... which iids hub doctor reports until someone moves the log aside
    from kit.hub.doctor import check_alerts

    alert = check_alerts(HubSettings(alert_log=alert_log))
    assert not alert.ok and planted.name in alert.detail and str(alert_log) in alert.fix
    alert_log.rename(logs / "meldingen.log.gelezen")
    assert check_alerts(HubSettings(alert_log=alert_log)).ok
    assert "Traceback" not in output
    assert "echte werk" in (mine / "ps1.ipynb").read_text()
    assert "Vervalst" not in (mine / "ps1.ipynb").read_text()

    # feedback goes to student 1 by name, never to whoever owns a folder in that name
    fb = course / "feedback" / s1 / "ps1"
    fb.mkdir(parents=True)
    (fb / "ps1.html").write_text("<p>Feedback voor student 1</p>")
    for name in ("timestamp.txt", "submission_secret.txt"):
        shutil.copy(mine / name, fb / name)
    for dirpath, dirs, files in os.walk(course / "feedback"):
        for name in [dirpath, *(os.path.join(dirpath, n) for n in dirs + files)]:
            shutil.chown(name, docent, graders)
    run_as(docent, [NBGRADER, "release_feedback", "ps1"], cwd=course, env=env)
    [released] = (root / COURSE / "feedback").glob("*.html")
    assert set(read_acl_users(released)) == {pwd.getpwnam(s1).pw_uid}
    assert can_read(s1, released) and not can_read(s2, released)
