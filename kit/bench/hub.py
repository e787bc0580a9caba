"""The class-server benchmark: thirty students fetch and submit at once on a real local hub.

A JupyterHub on 127.0.0.1 (``deploy/jupyterhub_config.py``, LocalProcessSpawner, the
private exchange with the privacy scan) gets one instructor and ``n`` students, each a
real Unix user with their own server. Every figure stands beside its floor measured in
the same run: the same steps for one student alone.

- start the servers of students 2..n at once (floor: student 1's server alone, so the
  figure names ``n - 1`` servers; student 1 takes part in everything else);
- ``n`` students fetch, save and submit at once through their servers' nbgrader API
  (floor: one student);
- collect and autograde all submissions (floor: one submission);
- submissions lost, counted per student (:func:`account`): *submitted* is what the
  student's own server acknowledged (the new timestamp in its submitted list), *collected*
  what ``submitted/<student>/ps1`` holds, *graded* what the gradebook holds for exactly
  that timestamp, with full marks. Every student who fell out is listed on stderr with
  the reason; when anything went wrong the logs are kept in a folder named there (with
  ``IIDS_BENCH_HUB_SPOREN=altijd`` after every run).

Needs root (it creates Unix users), jupyterhub and configurable-http-proxy; otherwise
:func:`run` returns no figures and says why on stderr.

>>> callable(run)
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["run", "missing_requirement", "StudentOutcome", "account", "submitted_timestamps"]

COURSE = "iids"
ASSIGNMENT = "ps1"
FULL_SCORE = 1.0  # the autograded test cell; the written answer waits for a person
#: Students whose rounds alone give the floor (their median), one after the other.
FLOOR_STUDENTS = 3


def missing_requirement() -> str | None:
    """Why the benchmark cannot run here (Dutch), or None."""
    import importlib.util

    from kit.hub.localhub import _shared_deduce_cache, find_proxy

    if os.geteuid() != 0:
        return "nodig: root (maakt echte Unix-gebruikers)"
    if importlib.util.find_spec("jupyterhub") is None:
        return "jupyterhub is niet geïnstalleerd"
    if find_proxy() is None:
        return "configurable-http-proxy ontbreekt"
    if not shutil.which("sudo") or not shutil.which("unshare"):
        return "nodig: sudo en unshare (de zandbak bij het nakijken, zoals op de klasserver)"
    if _shared_deduce_cache() is None:
        return "nodig: de gebouwde deduce-tabellen (iids setup): de privacypoort bij inleveren gebruikt ze"
    return None


# --- accounting --------------------------------------------------------------------------------
def _utc(stamp) -> dt.datetime | None:
    """A submission timestamp (nbgrader string or datetime) as naive UTC, or None."""
    if stamp is None or stamp == "":
        return None
    if isinstance(stamp, str):
        from nbgrader.utils import parse_utc

        stamp = parse_utc(stamp)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


@dataclass
class StudentOutcome:
    """What happened to one student's submission, from the student's side to the gradebook.

    Attributes:
        user: the student.
        error: why the student's own steps failed ("" when the server acknowledged).
        acknowledged: the timestamp the student's server acknowledged, or None.
        inbound: timestamps of this student's submissions in the exchange's inbound.
        collected: the timestamp in ``submitted/<user>/<assignment>/timestamp.txt``.
        graded: the timestamp of the student's submission in the gradebook.
        score: the gradebook's score of that submission.
    """

    user: str
    error: str = ""
    acknowledged: str | None = None
    inbound: list[str] = field(default_factory=list)
    collected: str | None = None
    graded: dt.datetime | str | None = None
    score: float | None = None

    @property
    def submitted(self) -> bool:
        """The student's server acknowledged a new submission."""
        return self.acknowledged is not None

    @property
    def is_collected(self) -> bool:
        """The acknowledged submission is the one in the course's ``submitted`` folder."""
        return self.submitted and _utc(self.collected) == _utc(self.acknowledged)

    @property
    def is_graded(self) -> bool:
        """The gradebook holds the acknowledged submission with full marks."""
        return (self.is_collected and _utc(self.graded) == _utc(self.acknowledged)
                and self.score == FULL_SCORE)

    @property
    def lost(self) -> bool:
        """Acknowledged to the student, but not collected and graded."""
        return self.submitted and not self.is_graded

    def reason(self) -> str:
        """Why this student fell out (Dutch), "" when all went well."""
        if not self.submitted:
            return f"niet ingeleverd: {self.error or 'geen bevestiging van de eigen server'}"
        ack = _utc(self.acknowledged)
        if ack not in {_utc(s) for s in self.inbound}:
            return (f"VERLOREN: bevestigd ({self.acknowledged}) maar niet in de inbound van de "
                    f"uitwisselmap (daar: {', '.join(self.inbound) or 'niets'})")
        if not self.is_collected:
            return (f"VERLOREN: in de inbound ({self.acknowledged}) maar niet verzameld "
                    f"(verzameld: {self.collected or 'niets'})")
        if _utc(self.graded) != ack:
            return (f"VERLOREN: verzameld ({self.acknowledged}) maar niet nagekeken "
                    f"(cijferlijst: {self.graded or 'niets'})")
        if self.score != FULL_SCORE:
            return f"VERLOREN: nagekeken met score {self.score} in plaats van {FULL_SCORE}"
        return ""


def account(outcomes: list[StudentOutcome]) -> dict[str, int]:
    """Count the class's outcomes.

    Args:
        outcomes: one :class:`StudentOutcome` per student.

    Returns:
        ``students``, ``submitted`` (acknowledged by the student's server), ``collected``,
        ``graded`` (acknowledged, collected and graded with full marks) and ``lost``
        (acknowledged but not graded).

    >>> ts = "2026-01-05 10:00:00.000001 UTC"
    >>> ok = StudentOutcome("s1", acknowledged=ts, inbound=[ts], collected=ts,
    ...                     graded=dt.datetime(2026, 1, 5, 10, 0, 0, 1), score=1.0)
    >>> stale = StudentOutcome("s2", acknowledged=ts, inbound=[ts, "2026-01-05 09:00:00.0 UTC"],
    ...                        collected="2026-01-05 09:00:00.0 UTC")
    >>> account([ok, stale, StudentOutcome("s3", error="ophalen 503")])
    {'students': 3, 'submitted': 2, 'collected': 1, 'graded': 1, 'lost': 1}
    >>> stale.reason()
    'VERLOREN: in de inbound (2026-01-05 10:00:00.000001 UTC) maar niet verzameld (verzameld: 2026-01-05 09:00:00.0 UTC)'
    """
    return {
        "students": len(outcomes),
        "submitted": sum(o.submitted for o in outcomes),
        "collected": sum(o.is_collected for o in outcomes),
        "graded": sum(o.is_graded for o in outcomes),
        "lost": sum(o.lost for o in outcomes),
    }


def submitted_timestamps(listing, assignment: str = ASSIGNMENT) -> set[str]:
    """The submission timestamps in a student's assignment list (the server's JSON answer).

    >>> sorted(submitted_timestamps({"success": True, "value": [
    ...     {"assignment_id": "ps1", "status": "fetched"},
    ...     {"assignment_id": "ps1", "status": "submitted", "submissions": [
    ...         {"timestamp": "t1"}, {"timestamp": "t2"}]}]}))
    ['t1', 't2']
    """
    out: set[str] = set()
    if not isinstance(listing, dict) or not isinstance(listing.get("value"), list):
        return out
    for entry in listing["value"]:
        if not isinstance(entry, dict) or entry.get("assignment_id") != assignment:
            continue
        if entry.get("status") == "submitted":
            subs = entry.get("submissions") or [entry]
            out.update(s["timestamp"] for s in subs if isinstance(s, dict) and s.get("timestamp"))
    return out


def _fetched(listing, assignment: str = ASSIGNMENT) -> bool:
    return isinstance(listing, dict) and any(
        isinstance(e, dict) and e.get("assignment_id") == assignment and e.get("status") == "fetched"
        for e in listing.get("value") or [])


# --- the student's steps -----------------------------------------------------------------------
def _student_round(hub, outcome: StudentOutcome, text: str) -> None:
    """Fetch, answer and submit through the student's server; fills ``outcome``."""
    from kit.hub.localhub import answer_notebook

    user = outcome.user
    params = {"course_id": COURSE, "assignment_id": ASSIGNMENT}
    status, listing = hub.user_api(user, "GET", "/assignments", params={"course_id": COURSE},
                                   timeout=120)
    if status != 200 or not isinstance(listing, dict) or not listing.get("success"):
        outcome.error = f"opdrachtenlijst {status} {str(listing)[-300:]}"
        return
    before = submitted_timestamps(listing)
    if not _fetched(listing):  # a student who fetched before does not fetch again
        status, listing = hub.user_api(user, "POST", "/assignments/fetch", params=params,
                                       timeout=120)
        if status != 200 or not _fetched(listing):
            outcome.error = f"ophalen {status} {str(listing)[-300:]}"
            return
    path = f"/api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    status, model = hub.user_api(user, "GET", path, timeout=120)
    if status != 200:
        outcome.error = f"notebook lezen {status} {str(model)[:300]}"
        return
    nb = answer_notebook(model["content"], "def dubbel(x):\n    return 2 * x", text)
    status, body = hub.user_api(user, "PUT", path, timeout=120,
                                data={"type": "notebook", "format": "json", "content": nb})
    if status != 200:
        outcome.error = f"opslaan {status} {str(body)[:300]}"
        return
    status, body = hub.user_api(user, "POST", "/assignments/submit", params=params, timeout=180)
    new = sorted(submitted_timestamps(body) - before, key=_utc)
    if status == 200 and isinstance(body, dict) and body.get("success") is True and new:
        outcome.acknowledged = new[-1]
        return
    outcome.error = f"inleveren {status} {str(body)[-600:]}"


def _round(hub, outcome: StudentOutcome, text: str) -> StudentOutcome:
    try:
        _student_round(hub, outcome, text)
    except Exception as exc:  # noqa: BLE001 - a time-out or refused connection is an outcome
        outcome.error = f"{type(exc).__name__}: {exc}"
    return outcome


def _spawn(hub, user: str, timeout: float) -> str:
    """Start ``user``'s server: "" when it answers, else why not (one line)."""
    try:
        hub.spawn(user, timeout=timeout)
        return ""
    except Exception as exc:  # noqa: BLE001 - every failed server is reported, not raised
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


# --- the instructor's steps and the record -----------------------------------------------------
def _grade(run_as, docent: str, course: Path, env: dict, nbgrader: str,
           logs: list[str]) -> tuple[float, list[str]]:
    """Collect and autograde as the instructor: (seconds, problems)."""
    problems = []
    start = time.perf_counter()
    for args, timeout in (([nbgrader, "collect", "--update", ASSIGNMENT], 600),
                          ([nbgrader, "autograde", ASSIGNMENT], 1200)):
        result = run_as(docent, args, cwd=course, env=env, timeout=timeout, check=False)
        logs.append(f"$ {' '.join(args[1:])} (exit {result.returncode})\n{result.stdout}"
                    f"{result.stderr}")
        if result.returncode != 0:
            problems.append(f"{args[1]} stopte met code {result.returncode}: "
                            f"{(result.stderr or result.stdout).strip().splitlines()[-1:]}")
    return time.perf_counter() - start, problems


def _record(outcomes: list[StudentOutcome], exchange: Path, course: Path) -> None:
    """Fill in what the exchange, the course folder and the gradebook hold for each student."""
    from nbgrader.api import Gradebook, MissingEntry

    inbound = exchange / COURSE / "inbound"
    names = os.listdir(inbound) if inbound.is_dir() else []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gb:
        for outcome in outcomes:
            prefix = f"{outcome.user}+{ASSIGNMENT}+"
            outcome.inbound = sorted(n[len(prefix):].split("+")[0] for n in names
                                     if n.startswith(prefix))
            stamp = course / "submitted" / outcome.user / ASSIGNMENT / "timestamp.txt"
            outcome.collected = stamp.read_text().strip() if stamp.is_file() else None
            try:
                submission = gb.find_submission(ASSIGNMENT, outcome.user)
            except MissingEntry:
                continue
            outcome.graded, outcome.score = submission.timestamp, submission.score


def _keep_traces(tmp: Path, hub, logs: list[str], outcomes: list[StudentOutcome]) -> Path:
    """Copy the logs and listings that explain a failure to a folder that stays."""
    keep = Path(tempfile.mkdtemp(prefix="iids-bench-hub-sporen-", dir="/tmp"))
    if hub is not None and getattr(hub, "log_path", None) and hub.log_path.is_file():
        shutil.copy(hub.log_path, keep / "hub.log")
    (keep / "nbgrader.log").write_text("\n".join(logs))
    lines = []
    for folder in (tmp / "exchange" / COURSE / "inbound", tmp / "cursus" / "submitted"):
        for dirpath, dirs, files in os.walk(folder):
            for name in sorted(dirs + files):
                path = Path(dirpath) / name
                st = path.lstat()
                when = dt.datetime.fromtimestamp(st.st_mtime).isoformat(timespec="microseconds")
                lines.append(f"{st.st_mode:o} {st.st_uid}:{st.st_gid} {st.st_size} {when} {path}")
    (keep / "bestanden.txt").write_text("\n".join(lines) + "\n")
    (keep / "studenten.txt").write_text("\n".join(
        f"{o.user}\t{o.acknowledged}\t{o.inbound}\t{o.collected}\t{o.graded}\t{o.score}\t"
        f"{o.reason()}" for o in outcomes) + "\n")
    return keep


def _sandbox_cost(quick: bool) -> list:
    """Autograde in the sandbox beside the same autograde without it (needs root, unshare)."""
    from kit.bench.grading import sandbox_figures
    from kit.hub.localhub import UnixUsers

    if os.geteuid() != 0 or not shutil.which("useradd") or not shutil.which("unshare"):
        print("zandbakmeting overgeslagen: nodig zijn root, useradd en unshare", file=sys.stderr)
        return []
    tmp = Path(tempfile.mkdtemp(prefix="iids-bench-zandbak-", dir="/tmp"))
    users = UnixUsers()
    try:
        return sandbox_figures(tmp, quick, users.user("zandbak"))
    finally:
        users.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


def run(quick: bool = False) -> list:
    """The hub benchmark (``quick``: 5 students instead of 30)."""
    from kit.bench.figures import Figure
    from kit.hub.exchange import prepare_root
    from kit.hub.localhub import LocalHub, UnixUsers, _shared_deduce_cache, run_as, source_notebook

    figures = _sandbox_cost(quick)
    reason = missing_requirement()
    if reason:
        print(f"hub-meting overgeslagen: {reason}", file=sys.stderr)
        return figures
    n = 5 if quick else 30
    bin_dir = Path(sys.executable).parent
    nbgrader = str(bin_dir / "nbgrader")
    tmp = Path(tempfile.mkdtemp(prefix="iids-bench-hub-", dir="/tmp"))
    os.chmod(tmp, 0o755)
    users = UnixUsers()
    hub = None
    everyone: list[str] = []
    logs: list[str] = []
    try:
        graders = users.group("doc")
        docent = users.user("docent", (graders,))
        # autograde as on the class server: student code in the sandbox (kit.grading.sandbox)
        sandbox = users.user("zandbak")
        sudoers = Path("/etc/sudoers.d") / f"{users.prefix}-zandbak"
        sudoers.parent.mkdir(exist_ok=True)
        sudoers.write_text(f"%{graders} ALL=({sandbox}) NOPASSWD: {shutil.which('unshare')}\n")
        os.chmod(sudoers, 0o440)
        students = [users.user(f"s{i:02d}") for i in range(1, n + 1)]
        everyone = [docent, *students]
        exchange = prepare_root(tmp / "exchange", COURSE, owner=docent, group=graders)
        course = tmp / "cursus"
        source_notebook(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        for dirpath, dirs, files in os.walk(course):
            for name in [dirpath, *(os.path.join(dirpath, x) for x in dirs + files)]:
                shutil.chown(name, docent, graders)
        os.chmod(course, 0o2770)
        (tmp / "hub").mkdir(mode=0o700)
        env = {
            "IIDS_HUB_EXCHANGE": str(exchange), "IIDS_HUB_COURSE_DIR": str(course),
            "IIDS_HUB_COURSE_ID": COURSE, "IIDS_HUB_GRADERS_GROUP": graders,
            "IIDS_HUB_ROLE_CONFIG": str(tmp / "etc"), "IIDS_HUB_USER_ENV": str(bin_dir),
            "IIDS_HUB_INSTRUCTORS": docent,
            "IIDS_HUB_STUDENTS": ",".join(students), "IIDS_HUB_SANDBOX_USER": sandbox,
            "IIDS_HUB_SANDBOX_POOL": "0",
        }
        # the submit-time privacy gate always runs deduce: the built tables, read-only for all
        env["IIDS_HUB_DEDUCE_CACHE"] = _shared_deduce_cache()
        docent_env = {"JUPYTER_CONFIG_PATH": str(tmp / "etc" / "docent"),
                      "TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR": "1"}
        hub = LocalHub(tmp / "hub", env)
        hub.start()
        run_as(docent, [nbgrader, "generate_assignment", ASSIGNMENT], cwd=course, env=docent_env)
        run_as(docent, [nbgrader, "release_assignment", ASSIGNMENT], cwd=course, env=docent_env)

        # floor: a student alone (spawn, fetch + submit, collect + autograde). A single
        # student's first round varied from 0,7 to 2,9 s between runs on this shared machine,
        # so the spawn and round floors are the median of FLOOR_STUDENTS students, one after
        # the other, each alone; collect + autograde is measured once, for the first.
        floor_users = students[:min(FLOOR_STUDENTS, n)]
        first, rest = floor_users[0], students[len(floor_users):]
        spawn_ones, submit_ones, spawn_errors = [], [], {}
        floors: list[StudentOutcome] = []
        grade_one, floor_problems = 0.0, []
        for number, user in enumerate(floor_users):
            start = time.perf_counter()
            spawn_errors[user] = _spawn(hub, user, 180)
            spawn_ones.append(time.perf_counter() - start)
            start = time.perf_counter()
            floors.append(_round(hub, StudentOutcome(user),
                                 "Een buurtbewoner vertelt over de markt."))
            submit_ones.append(time.perf_counter() - start)
            if number == 0:
                grade_one, floor_problems = _grade(run_as, docent, course, docent_env, nbgrader,
                                                   logs)
                _record(floors[:1], exchange, course)
        floor = floors[0]
        spawn_one, submit_one = statistics.median(spawn_ones), statistics.median(submit_ones)
        ok_one = (floor.is_graded and not floor_problems
                  and all(o.submitted and not o.error for o in floors))

        # the class: the other students' servers at once, then everyone submits at once
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(rest) or 1) as pool:
            spawn_errors.update(zip(rest, pool.map(lambda u: _spawn(hub, u, 600), rest), strict=True))
        spawn_all = time.perf_counter() - start
        started = [u for u in rest if not spawn_errors[u]]
        outcomes = [StudentOutcome(u, error=spawn_errors[u] and f"server start niet: "
                                                            f"{spawn_errors[u]}")
                    for u in students]
        live = [o for o in outcomes if not o.error]
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(live) or 1) as pool:
            list(pool.map(lambda o: _round(
                hub, o, f"Antwoord van student {o.user[-2:]} over de buurt."), live))
        submit_all = time.perf_counter() - start
        grade_all, problems = _grade(run_as, docent, course, docent_env, nbgrader, logs)
        total = submit_all + grade_all
        _record(outcomes, exchange, course)

        counts = account(outcomes)
        for outcome in outcomes:
            if outcome.reason():
                print(f"hub-meting: {outcome.user}: {outcome.reason()}", file=sys.stderr)
        for problem in floor_problems + problems:
            print(f"hub-meting: docent: {problem}", file=sys.stderr)
        if floor.reason():
            print(f"hub-meting: vloer {first}: {floor.reason()}", file=sys.stderr)
        if (counts["lost"] or counts["submitted"] < n or problems or not ok_one
                or os.environ.get("IIDS_BENCH_HUB_SPOREN") == "altijd"):
            keep = _keep_traces(tmp, hub, logs, outcomes)
            print(f"hub-meting: logboeken en bestandslijsten staan in {keep}", file=sys.stderr)
        servers = (not spawn_errors[first]) + len(started)
        print(f"hub-meting: servers {servers}/{n}, bevestigd {counts['submitted']}, "
              f"verzameld {counts['collected']}, nagekeken {counts['graded']}, "
              f"verloren {counts['lost']}", file=sys.stderr)
        lost = counts["lost"]
        return figures + [
            Figure(f"hub: {len(started)} van {len(rest)} servers tegelijk starten "
                   f"(+{len(floor_users)} vloer)",
                   spawn_all, spawn_one, f"1 server (mediaan van {len(floor_users)})", "s",
                   "≤ aantal × vloer (niet trager dan na elkaar)",
                   len(started) == len(rest)
                   and spawn_all <= max(1, len(rest)) * spawn_one + 5,
                   limit=max(1, len(rest)) * spawn_one + 5, condition=len(started) == len(rest)),
            Figure(f"hub: {n} studenten halen op en leveren in, tegelijk", submit_all,
                   submit_one, f"1 student alleen (mediaan van {len(floor_users)})", "s",
                   "≤ aantal × vloer", ok_one and
                   submit_all <= n * submit_one + 5, limit=n * submit_one + 5, condition=ok_one),
            Figure(f"hub: verzamelen + autograde van {counts['submitted']} inleveringen",
                   grade_all, grade_one, "1 inlevering", "s", "≤ aantal × vloer",
                   not problems and grade_all <= n * grade_one + 5, limit=n * grade_one + 5,
                   condition=not problems),
            Figure(f"hub: van ophalen tot alles nagekeken ({n} studenten)", total,
                   submit_one + grade_one, "1 student", "s", "< 5 minuten", total < 300,
                   limit=300.0),
            Figure(f"hub: verloren inleveringen (bevestigd {counts['submitted']} van {n}, "
                   f"verzameld {counts['collected']}, nagekeken {counts['graded']})",
                   float(lost), 0.0, "geen", "stuks", "0",
                   lost == 0 and counts["graded"] == n, limit=0.0, relax=False,
                   condition=counts["graded"] == n),
        ]
    finally:
        if hub is not None:
            hub.stop(everyone)
        with contextlib.suppress(OSError):
            (Path("/etc/sudoers.d") / f"{users.prefix}-zandbak").unlink()
        users.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
