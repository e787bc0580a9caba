"""The class-server benchmark: thirty students fetch and submit at once on a real local hub.

A JupyterHub on 127.0.0.1 (``deploy/jupyterhub_config.py``, LocalProcessSpawner, the
private exchange with the privacy scan) gets one instructor and ``n`` students, each a
real Unix user with their own server. Every figure stands beside its floor measured in
the same run: the same steps for one student alone.

- start ``n`` servers at once (floor: one server);
- ``n`` students fetch, save and submit at once through their servers' nbgrader API
  (floor: one student);
- collect and autograde all submissions (floor: one submission);
- submissions lost: collected and graded must equal submitted.

Needs root (it creates Unix users), jupyterhub and configurable-http-proxy; otherwise
:func:`run` returns no figures and says why on stderr.

>>> callable(run)
True
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

__all__ = ["run", "missing_requirement"]

COURSE = "iids"


def missing_requirement() -> str | None:
    """Why the benchmark cannot run here (Dutch), or None.

    >>> missing_requirement() is None or isinstance(missing_requirement(), str)
    True
    """
    import importlib.util

    from kit.hub.localhub import find_proxy

    if os.geteuid() != 0:
        return "nodig: root (maakt echte Unix-gebruikers)"
    if importlib.util.find_spec("jupyterhub") is None:
        return "jupyterhub is niet geïnstalleerd"
    if find_proxy() is None:
        return "configurable-http-proxy ontbreekt"
    return None


def _student_round(hub, user: str, text: str) -> str:
    """Fetch, answer and submit through the student's server; "" when it worked, else why."""
    from kit.hub.localhub import answer_notebook

    params = {"course_id": COURSE, "assignment_id": "ps1"}
    status, body = hub.user_api(user, "POST", "/assignments/fetch", params=params, timeout=120)
    if status != 200:
        return f"{user}: ophalen {status} {str(body)[:200]}"
    status, model = hub.user_api(user, "GET", "/api/contents/ps1/ps1.ipynb", timeout=120)
    if status != 200:
        return f"{user}: notebook lezen {status} {str(model)[:200]}"
    nb = answer_notebook(model["content"], "def dubbel(x):\n    return 2 * x", text)
    status, body = hub.user_api(user, "PUT", "/api/contents/ps1/ps1.ipynb", timeout=120,
                                data={"type": "notebook", "format": "json", "content": nb})
    if status != 200:
        return f"{user}: opslaan {status} {str(body)[:200]}"
    status, body = hub.user_api(user, "POST", "/assignments/submit", params=params, timeout=180)
    if status == 200 and isinstance(body, dict) and body.get("success") is True:
        return ""
    return f"{user}: inleveren {status} {str(body)[-600:]}"


def _grade(run_as, docent: str, course: Path, env: dict, nbgrader: str) -> float:
    start = time.perf_counter()
    run_as(docent, [nbgrader, "collect", "--update", "ps1"], cwd=course, env=env, timeout=600)
    run_as(docent, [nbgrader, "autograde", "ps1"], cwd=course, env=env, timeout=1200)
    return time.perf_counter() - start


def run(quick: bool = False) -> list:
    """The hub benchmark (``quick``: 5 students instead of 30)."""
    from kit.benchmarking import Figure
    from kit.hub.exchange import prepare_root
    from kit.hub.localhub import LocalHub, UnixUsers, run_as, source_notebook

    reason = missing_requirement()
    if reason:
        print(f"hub-meting overgeslagen: {reason}", file=sys.stderr)
        return []
    n = 5 if quick else 30
    bin_dir = Path(sys.executable).parent
    nbgrader = str(bin_dir / "nbgrader")
    tmp = Path(tempfile.mkdtemp(prefix="iids-bench-hub-", dir="/tmp"))
    os.chmod(tmp, 0o755)
    users = UnixUsers()
    hub = None
    everyone: list[str] = []
    try:
        graders = users.group("doc")
        docent = users.user("docent", (graders,))
        students = [users.user(f"s{i:02d}") for i in range(1, n + 1)]
        everyone = [docent, *students]
        exchange = prepare_root(tmp / "exchange", COURSE, owner=docent, group=graders)
        course = tmp / "cursus"
        source_notebook(course / "source" / "ps1" / "ps1.ipynb")
        for dirpath, dirs, files in os.walk(course):
            for name in [dirpath, *(os.path.join(dirpath, x) for x in dirs + files)]:
                shutil.chown(name, docent, graders)
        os.chmod(course, 0o2770)
        (tmp / "hub").mkdir(mode=0o700)
        env = {
            "IIDS_HUB_EXCHANGE": str(exchange), "IIDS_HUB_COURSE_DIR": str(course),
            "IIDS_HUB_COURSE_ID": COURSE, "IIDS_HUB_GRADERS_GROUP": graders,
            "IIDS_HUB_ROLE_CONFIG": str(tmp / "etc"), "IIDS_HUB_USER_ENV": str(bin_dir),
            "IIDS_HUB_SCAN_DEDUCE": "0", "IIDS_HUB_INSTRUCTORS": docent,
            "IIDS_HUB_STUDENTS": ",".join(students),
        }
        docent_env = {"JUPYTER_CONFIG_PATH": str(tmp / "etc" / "docent")}
        hub = LocalHub(tmp / "hub", env)
        hub.start()
        run_as(docent, [nbgrader, "generate_assignment", "ps1"], cwd=course, env=docent_env)
        run_as(docent, [nbgrader, "release_assignment", "ps1"], cwd=course, env=docent_env)

        # floor: one student alone (spawn, fetch + submit, collect + autograde)
        first, rest = students[0], students[1:]
        start = time.perf_counter()
        hub.spawn(first, timeout=180)
        spawn_one = time.perf_counter() - start
        start = time.perf_counter()
        ok_one = not _student_round(hub, first, "Een buurtbewoner vertelt over de markt.")
        submit_one = time.perf_counter() - start
        grade_one = _grade(run_as, docent, course, docent_env, nbgrader)

        # the class: the other students' servers at once, then everyone submits at once
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(rest) or 1) as pool:
            list(pool.map(lambda u: hub.spawn(u, timeout=600), rest))
        spawn_all = time.perf_counter() - start
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=n) as pool:
            results = list(pool.map(
                lambda u: _student_round(hub, u, f"Antwoord van student {u[-2:]} over de buurt."),
                students))
        submit_all = time.perf_counter() - start
        grade_all = _grade(run_as, docent, course, docent_env, nbgrader)
        total = submit_all + grade_all

        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gb:
            scores = {s: _score(gb, s) for s in students}
        graded = sum(1 for score in scores.values() if score == 1.0)
        for student, score in scores.items():
            if score != 1.0:
                print(f"hub-meting: {student} score {score}", file=sys.stderr)
        failures = [r for r in results if r]
        for failure in failures:
            print(f"hub-meting: {failure}", file=sys.stderr)
        submitted_ok = n - len(failures)
        lost = n - graded
        return [
            Figure(f"hub: {n - 1} servers tegelijk starten", spawn_all, spawn_one,
                   "1 server", "s", "≤ aantal × vloer / 2 (2 kernen)",
                   spawn_all <= max(1, n - 1) * spawn_one / 2 + 5),
            Figure(f"hub: {n} studenten halen op en leveren in, tegelijk", submit_all,
                   submit_one, "1 student", "s", "≤ aantal × vloer", ok_one and
                   submit_all <= n * submit_one + 5),
            Figure(f"hub: verzamelen + autograde van {n} inleveringen", grade_all, grade_one,
                   "1 inlevering", "s", "≤ aantal × vloer", grade_all <= n * grade_one + 5),
            Figure(f"hub: van ophalen tot alles nagekeken ({n} studenten)", total,
                   submit_one + grade_one, "1 student", "s", "< 5 minuten", total < 300),
            Figure(f"hub: verloren inleveringen (van {n}; {submitted_ok} geslaagd)", float(lost),
                   0.0, "geen", "stuks", "0", lost == 0 and submitted_ok == n),
        ]
    finally:
        if hub is not None:
            hub.stop(everyone)
        users.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


def _score(gb, student: str) -> float | None:
    from nbgrader.api import MissingEntry

    try:
        return gb.find_submission("ps1", student).score
    except MissingEntry:
        return None
