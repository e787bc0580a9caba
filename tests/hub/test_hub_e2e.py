"""End to end against a REAL JupyterHub on 127.0.0.1: one instructor, three students.

The hub runs ``deploy/jupyterhub_config.py`` with the test authenticator, the real
configurable-http-proxy and LocalProcessSpawner, so every single-user server runs as its
own Unix user. Students fetch and submit through their own server's nbgrader REST
handlers; the instructor releases, collects, autogrades and releases feedback with
nbgrader's commands as the instructor's Unix user, with the config the hub gives that role.
"""

from __future__ import annotations

import grp
import importlib.util
import json
import os
import pwd
import re
import shutil
import sys
from pathlib import Path

import pytest

from kit.hub.doctor import HubSettings, run_hub_checks
from kit.hub.exchange import prepare_root
from kit.hub.localhub import (
    LocalHub,
    answer_notebook,
    can_read,
    find_proxy,
    run_as,
    source_notebook,
)

COURSE = "iids"
BIN = Path(sys.executable).parent
NBGRADER = str(BIN / "nbgrader")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def _requirements():
    if os.geteuid() != 0:
        pytest.skip("nodig: root (echte Unix-gebruikers voor de hub; CI draait als root)")
    if importlib.util.find_spec("jupyterhub") is None:
        pytest.skip("jupyterhub is niet geïnstalleerd (pip install 'iids-kit[hub]')")
    if find_proxy() is None:
        pytest.skip("configurable-http-proxy ontbreekt (npm install --prefix .venv/chp "
                    "configurable-http-proxy)")


def _chown_tree(top: Path, user: str, group: str) -> None:
    shutil.chown(top, user, group)
    for dirpath, dirs, files in os.walk(top):
        for name in dirs + files:
            shutil.chown(os.path.join(dirpath, name), user, group)


def _disabled_extensions(hub: LocalHub, user: str) -> list[str]:
    """The lab extensions JupyterLab's page config disables for ``user``."""
    status, page = hub.user_api(user, "GET", "/lab")
    assert status == 200
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      page, re.S)
    assert match, page[:500]
    config = json.loads(match.group(1))
    disabled = config.get("disabledExtensions", [])
    return list(disabled) if not isinstance(disabled, dict) else [k for k, v in disabled.items() if v]


def _action(hub: LocalHub, user: str, action: str) -> dict:
    status, body = hub.user_api(user, "POST", f"/assignments/{action}",
                                params={"course_id": COURSE, "assignment_id": "ps1"})
    assert status == 200, (user, action, status, body)
    return body


def test_class_on_a_real_hub(unix_users, shared_tmp):
    _requirements()
    graders = unix_users.group("doc")
    docent = unix_users.user("docent", (graders,))
    grader2 = unix_users.user("beoordelaar", (graders,))
    from kit.hub.pool import ensure_pool_users, pool_names, prepare_lock_dir, sudoers_rule

    pool = pool_names(unix_users.prefix + "sb", 2)  # as iids hub prepare makes them
    unix_users.users.extend(ensure_pool_users(pool))
    from kit.hub.localhub import grant_traverse

    unix_users.grants.enter_context(grant_traverse([pwd.getpwnam(u).pw_uid for u in pool]))
    students = [unix_users.user(f"s{i}") for i in (1, 2, 3)]
    s1, s2, s3 = students
    everyone = [docent, grader2, *students]
    sudoers = Path("/etc/sudoers.d") / f"{unix_users.prefix}-zandbak"
    if shutil.which("sudo"):  # the graders start the autograde sandbox with sudo -u
        sudoers.parent.mkdir(exist_ok=True)
        sudoers.write_text(sudoers_rule(graders, pool, shutil.which("unshare")))
        os.chmod(sudoers, 0o440)

    exchange = prepare_root(shared_tmp / "exchange", COURSE, owner=docent, group=graders)
    course = shared_tmp / "cursus"
    source_notebook(course / "source" / "ps1" / "ps1.ipynb")
    # the course folder's own settings, as in assignments/nbgrader_config.py: an exchange of
    # its own for a laptop, which must not win over the hub's
    (course / "nbgrader_config.py").write_text(
        "import os\nc = get_config()\n_here = os.path.dirname(os.path.abspath(__file__))\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\nc.CourseDirectory.root = _here\n"
        "c.Exchange.root = os.path.join(_here, 'exchange')\n")
    _chown_tree(course, docent, graders)
    os.chmod(course, 0o2770)
    handout = shared_tmp / "cursusnotebooks"
    (handout / "01-inleiding").mkdir(parents=True)
    (handout / "01-inleiding" / "les.md").write_text("# Welkom bij de minor\n")
    os.chmod(handout / "01-inleiding" / "les.md", 0o644)
    for folder in (handout, handout / "01-inleiding"):
        os.chmod(folder, 0o755)
    # the submit-time privacy gate always runs deduce: the built tables, read-only for all
    from kit.hub.localhub import _shared_deduce_cache

    if not _shared_deduce_cache():
        pytest.skip("nodig: de gebouwde deduce-tabellen (make of iids setup)")
    deduce_cache = Path(_shared_deduce_cache())
    locks = prepare_lock_dir(shared_tmp / "zandbak-sloten", graders)
    alert_log = prepare_lock_dir(shared_tmp / "log", graders) / "meldingen.log"
    from kit.hub.labstrings import build_dutch_labextension

    build_dutch_labextension(shared_tmp / "etc" / "labextensions")  # iids hub prepare does this
    hubdir = shared_tmp / "hub"
    hubdir.mkdir(mode=0o700)
    env = {
        "IIDS_HUB_EXCHANGE": str(exchange),
        "IIDS_HUB_COURSE_DIR": str(course),
        "IIDS_HUB_COURSE_ID": COURSE,
        "IIDS_HUB_GRADERS_GROUP": graders,
        "IIDS_HUB_ROLE_CONFIG": str(shared_tmp / "etc"),
        "IIDS_HUB_USER_ENV": str(BIN),
        "IIDS_HUB_DEDUCE_CACHE": str(deduce_cache),
        "IIDS_HUB_SCAN_DEDUCE": "0",  # regexes find phone numbers; deduce would add ~8 s a server
        "IIDS_HUB_INSTRUCTORS": f"{docent},{grader2}",
        "IIDS_HUB_STUDENTS": ",".join(students),
        "IIDS_HUB_SANDBOX_USER": unix_users.prefix + "sb",
        "IIDS_HUB_SANDBOX_POOL": "2",
        "IIDS_HUB_SANDBOX_LOCKS": str(locks),
        "IIDS_HUB_ALERT_LOG": str(alert_log),
        "IIDS_HUB_COURSE_NOTEBOOKS": str(handout),
        "IIDS_HUB_APPS": str(Path(__file__).resolve().parents[2] / "apps"),
    }
    docent_env = {"JUPYTER_CONFIG_PATH": str(shared_tmp / "etc" / "docent"),
                  "TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR": "1"}
    hub = LocalHub(hubdir, env)
    if True:
        try:
            hub.start()
            # the login page speaks Dutch
            status, login = hub.request("GET", f"{hub.url}/hub/login")
            assert status == 200 and "Gebruikersnaam" in login and "Wachtwoord" in login, login[:300]
            assert "Sign in" not in login
            # the config wrote one Jupyter config folder per role
            assert "formgrader\": false" in (shared_tmp / "etc" / "student" /
                                             "jupyter_server_config.json").read_text()

            # the instructor prepares and releases (as the instructor's Unix user)
            run_as(docent, [NBGRADER, "generate_assignment", "ps1"], cwd=course, env=docent_env)
            run_as(docent, [NBGRADER, "release_assignment", "ps1"], cwd=course, env=docent_env)
            assert (exchange / COURSE / "outbound" / "ps1" / "ps1.ipynb").is_file()
            assert not (course / "exchange").exists()  # the hub's exchange, not the course's
            # new files are the course team's: group-writable (a second grader writes too)
            db = course / "gradebook.db"
            assert os.stat(db).st_mode & 0o060 == 0o060 and os.stat(db).st_gid == \
                grp.getgrnam(graders).gr_gid

            for user in everyone:
                hub.api("POST", f"/users/{user}")
                hub.api("POST", f"/users/{user}/server")
            for user in everyone:
                hub.spawn(user)
            # every home folder is private after the spawn hook
            for user in everyone:
                assert os.stat(pwd.getpwnam(user).pw_dir).st_mode & 0o077 == 0

            # nbgrader per role: formgrader for the course team only, and it works (its
            # error page answers 200 too: read what it says)
            for user in (docent, grader2):
                status, page = hub.user_api(user, "GET", "/formgrader/")
                assert status == 200 and "encountered an error" not in page, page[:300]
                status, listing = hub.user_api(user, "GET", "/formgrader/api/assignments")
                assert status == 200, (user, status, listing)
                assert [a["name"] for a in listing] == ["ps1"], listing
            assert hub.user_api(s1, "GET", "/formgrader/")[0] == 404
            # students find the course notebooks in their home
            home1 = Path(pwd.getpwnam(s1).pw_dir)
            assert (home1 / "cursus" / "01-inleiding" / "les.md").read_text().startswith("# Welkom")
            assert os.stat(home1 / "cursus" / "01-inleiding" / "les.md").st_uid == \
                pwd.getpwnam(s1).pw_uid
            # ... and the Voila apps (issue 24), which their own server renders behind the
            # hub's login: the story wall and the story form run in the student's kernel
            wall = home1 / "apps" / "verhalenwand.ipynb"
            assert wall.is_file() and os.stat(wall).st_uid == pwd.getpwnam(s1).pw_uid
            for app, marker in (("verhalenwand", ".iids-wand {"), ("verhaal-vertellen",
                                                                    ".iids-app {")):
                status, page = hub.user_api(s1, "GET", f"/voila/render/apps/{app}.ipynb")
                assert status == 200 and marker in page, (app, status, page[-1500:])
                assert "from kit.apps" not in page and "Traceback" not in page, page[-1500:]
            # the form opens only with the student's own session link (signed with the key in
            # the student's vault, made with `iids apps link` as the README says); a link whose
            # signature does not match shows the refusal and nothing of the form
            form = "/voila/render/apps/verhaal-vertellen.ipynb"
            link = run_as(s1, [str(BIN / "iids"), "apps", "link", "--verzamelaar", "S-01",
                               "--adres", f"{hub.url}/user/{s1}{form}"]).stdout.strip()
            token = link.split("sessie=", 1)[1]
            pages = {}
            for name, sent in (("geldig", token), ("vervalst", token[:-4] + "AAAA")):
                status, pages[name] = hub.user_api(s1, "GET", f"{form}?sessie={sent}")
                assert status == 200, (name, status, pages[name][-1500:])
            # (a refusal is a plain page; the form itself is widgets the browser draws)
            assert "Deze link werkt niet" in pages["vervalst"], pages["vervalst"][-1500:]
            assert "application/vnd.jupyter.widget-view+json" not in pages["vervalst"]
            assert "Deze link werkt niet" not in pages["geldig"], pages["geldig"][-1500:]
            assert "application/vnd.jupyter.widget-view+json" in pages["geldig"]
            disabled = {user: _disabled_extensions(hub, user) for user in (s1, docent)}
            assert "@jupyter/nbgrader:formgrader" in disabled[s1], disabled
            assert "@jupyter/nbgrader:create-assignment" in disabled[s1], disabled
            assert "@jupyter/nbgrader:course-list" in disabled[s1], disabled
            assert hub.user_api(s1, "GET", "/formgrader/api/assignments")[0] == 404
            assert not any(name.startswith("@jupyter/nbgrader") for name in disabled[docent])
            for user in (s1, docent):  # no English news pop-up
                assert "@jupyterlab/apputils-extension:announcements" in disabled[user]
            # the Dutch interface: the language pack answers and is the default locale
            status, settings = hub.user_api(
                s1, "GET", "/lab/api/settings/@jupyterlab/translation-extension:plugin")
            locale = settings["settings"].get("locale") or \
                settings["schema"]["properties"]["locale"]["default"]
            assert status == 200 and locale == "nl_NL", settings
            status, nl = hub.user_api(s1, "GET", "/lab/api/translations/nl_NL")
            assert status == 200 and nl["data"], nl
            # the exchange missing (say, before prepare): a Dutch sentence, not nbgrader's
            # English "The exchange directory does not exist and could not be created"
            os.rename(exchange, exchange.with_name("weg"))
            try:
                status, listing = hub.user_api(s1, "GET", "/assignments",
                                               params={"course_id": COURSE})
            finally:
                os.rename(exchange.with_name("weg"), exchange)
            assert status == 200 and listing["success"] is False, listing
            assert listing["value"].startswith("De opdrachtenlijst kon niet"), listing
            assert "exchange" not in listing["value"] and "Traceback" not in listing["value"]
            status, listing = hub.user_api(s1, "GET", "/assignments", params={"course_id": COURSE})
            assert status == 200 and listing["success"], listing
            assert [a["assignment_id"] for a in listing["value"]] == ["ps1"]

            # each student fetches and submits through their own server
            for user in students:
                body = _action(hub, user, "fetch")
                assert body["success"], body
                status, model = hub.user_api(user, "GET", "/api/contents/ps1/ps1.ipynb")
                assert status == 200, model
                text = ("Een buurtbewoner ([PERSOON-7c1d]) vertelt over de markt."
                        if user != s3 else "Bel haar op 06-12345678, ze wil meer vertellen.")
                nb = answer_notebook(model["content"], "def dubbel(x):\n    return 2 * x", text)
                status, _ = hub.user_api(user, "PUT", "/api/contents/ps1/ps1.ipynb",
                                         data={"type": "notebook", "format": "json", "content": nb})
                assert status == 200
                body = _action(hub, user, "submit")
                if user == s3:
                    assert body["success"] is False
                    assert "NIET verstuurd" in body["value"] and "06-****5678" in body["value"]
                    assert "06-12345678" not in body["value"]
                    assert "Traceback" not in body["value"] and "/" not in body["value"].split(
                        "\n")[0], body["value"]
                else:
                    assert body["success"] is True, body
            inbound = exchange / COURSE / "inbound"
            submitted = sorted(p.name.split("+")[0] for p in inbound.iterdir())
            assert submitted == sorted([s1, s2])  # student 3's leaking submission never arrived

            # the instructor collects, autogrades, makes and releases feedback
            run_as(docent, [NBGRADER, "collect", "ps1"], cwd=course, env=docent_env)
            run_as(docent, [NBGRADER, "autograde", "ps1"], cwd=course, env=docent_env,
                   timeout=600)
            from nbgrader.api import Gradebook

            with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gb:
                for user in (s1, s2):
                    assert gb.find_submission("ps1", user).score == 1.0
                notebook_id = gb.find_submission_notebook("ps1", "ps1", s1).id
            # the second grader grades the written answer in the formgrader
            status, grades = hub.user_api(grader2, "GET", "/formgrader/api/grades",
                                          params={"submission_id": notebook_id})
            assert status == 200, grades
            [answer] = [g for g in grades if g["name"] == "ps1_antwoord"]
            status, body = hub.user_api(grader2, "PUT", f"/formgrader/api/grade/{answer['id']}",
                                        data={"manual_score": 2})
            assert status == 200, body
            with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gb:
                assert gb.find_submission("ps1", s1).score == 3.0
            run_as(docent, [NBGRADER, "generate_feedback", "ps1"], cwd=course, env=docent_env)
            run_as(docent, [NBGRADER, "release_feedback", "ps1"], cwd=course, env=docent_env)

            for user in (s1, s2):
                body = _action(hub, user, "fetch_feedback")
                assert body["success"], body
                status, folder = hub.user_api(user, "GET", "/api/contents/ps1/feedback")
                assert status == 200 and folder["content"], folder

            # --- student 2 and student 1's work: no path leads there --------------------------
            sub1 = next(inbound.glob(f"{s1}+ps1+*"))
            feedback = sorted((exchange / COURSE / "feedback").glob("*.html"))
            assert len(feedback) == 2
            fb1 = [p for p in feedback if can_read(s1, p)]
            assert len(fb1) == 1
            local_fb1 = next(home1.glob("ps1/feedback/*/ps1.html"))
            for path in [inbound, sub1, sub1 / "ps1.ipynb", sub1 / "submission_secret.txt",
                         exchange / COURSE / "feedback", fb1[0], home1, local_fb1,
                         course, course / "submitted", course / "gradebook.db"]:
                assert not can_read(s2, path), path
            assert can_read(s1, local_fb1)
            # ... nor through student 2's own server (contents API stays in s2's home)
            for api_path in [f"/api/contents/../{s1}/ps1/ps1.ipynb", "/api/contents/%2E%2E/",
                             f"/files/..%2F{s1}%2Fps1%2Fps1.ipynb"]:
                status, body = hub.user_api(s2, "GET", api_path)
                # refused, or (".." folded back by URL normalisation) an answer about s2's own server
                assert status in (400, 403, 404) or (status == 200 and s1 not in json.dumps(body)), \
                    (api_path, status)
            status, listing = hub.user_api(s2, "GET", "/assignments", params={"course_id": COURSE})
            subs = [a for a in listing["value"] if a.get("status") == "submitted"]
            assert {a["student_id"] for a in subs} == {s2}
            # ... nor with student 2's token on student 1's server
            status, token = hub.api("POST", f"/users/{s2}/tokens", data={"expires_in": 600})
            assert status == 201
            assert hub.user_api(s1, "GET", "/api/contents/ps1", token=token["token"])[0] == 403

            # iids hub doctor on this running installation: all in order ...
            settings = HubSettings.from_env(env)
            checks = run_hub_checks(settings)
            assert all(c.ok for c in checks), "\n".join(c.line() for c in checks)
            # ... and it notices a submission made readable for everyone
            os.chmod(sub1 / "ps1.ipynb", 0o644)
            bad = [c for c in run_hub_checks(settings) if not c.ok]
            assert [c.name for c in bad] == ["inleveringen en feedback"]
        finally:
            hub.stop(everyone)
            sudoers.unlink(missing_ok=True)
