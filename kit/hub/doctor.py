"""``iids hub doctor``: is a class server (JupyterHub + nbgrader) safe and ready?

Checks, each with a Dutch finding and the command that fixes it:

- the exchange: root not world-writable, course folders with the private modes of
  :mod:`kit.hub.exchange`, no submission or feedback file readable by everyone;
- deduce's cache: readable for students but writable by nobody but its owner
  (loading a pickle can run code);
- the vault: outside the exchange, the course folder and world-writable folders, mode 0700;
- the Dutch language pack and its setting;
- nbgrader per role: formgrader on for the course team, off for students; the private
  exchange selected in both roles' ``nbgrader_config.py``;
- students' home folders readable only by themselves;
- the sandbox pool for autograde (its users, the sudo rule for exactly them, the lock folder);
- nbgrader's assignment panel in Dutch (built by ``iids hub prepare`` for this nbgrader);
- the alert log: refused submissions (impersonation attempts) until someone read them;
- the course environment starts for a student and a lecturer (not only for root).

Settings come from the same ``IIDS_HUB_*`` variables as ``deploy/jupyterhub_config.py``.

>>> from kit.hub.doctor import HubSettings
>>> HubSettings.from_env({"IIDS_HUB_EXCHANGE": "/x"}).exchange
PosixPath('/x')
"""

from __future__ import annotations

import json
import os
import pwd
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kit.doctor import Check

__all__ = ["HubSettings", "run_hub_checks", "check_exchange", "check_submission_owners",
           "check_deduce_cache", "check_vaults", "check_formgrader", "check_sandbox",
           "check_vault", "check_language", "check_locale", "check_roles", "check_homes", "check_alerts",
           "check_lab_panel", "check_course_env"]


@dataclass
class HubSettings:
    """Where the class server keeps things (defaults as in ``deploy/jupyterhub_config.py``)."""

    exchange: Path = Path("/srv/nbgrader/exchange")
    course_id: str = "iids"
    course_dir: Path = Path("/srv/iids/assignments")
    role_config: Path = Path("/etc/iids-hub")
    deduce_cache: Path = Path("/srv/iids/deduce-cache")
    graders_group: str = "iids-docenten"
    students: list[str] = field(default_factory=list)
    unix_prefix: str = ""
    instructors: list[str] = field(default_factory=list)
    sandbox_user: str = "iids-sb"
    sandbox_pool: int = 8
    sandbox_locks: Path = Path("/var/lib/iids-hub/zandbak")
    alert_log: Path = Path("/var/log/iids-hub/meldingen.log")
    alert_command: str = ""
    user_env: Path | None = None

    @property
    def sandbox_users(self) -> list[str]:
        """The pool's users (``<user>-01`` ..), or the one user when the pool is 0.

        >>> HubSettings(sandbox_user="sb", sandbox_pool=2).sandbox_users
        ['sb-01', 'sb-02']
        """
        from kit.hub.pool import pool_names

        if self.sandbox_pool > 0:
            return pool_names(self.sandbox_user, self.sandbox_pool)
        return [self.sandbox_user]

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> HubSettings:
        """Read the ``IIDS_HUB_*`` variables (missing ones keep their default)."""
        env = os.environ if env is None else env
        base = cls()

        def get(name: str, default):
            value = env.get(name, "").strip()
            return value if value else default

        def names(var: str) -> list[str]:
            return [s.strip() for s in get(var, "").replace(";", ",").split(",") if s.strip()]

        students = names("IIDS_HUB_STUDENTS")
        return cls(
            exchange=Path(get("IIDS_HUB_EXCHANGE", base.exchange)),
            course_id=get("IIDS_HUB_COURSE_ID", base.course_id),
            course_dir=Path(get("IIDS_HUB_COURSE_DIR", base.course_dir)),
            role_config=Path(get("IIDS_HUB_ROLE_CONFIG", base.role_config)),
            deduce_cache=Path(get("IIDS_HUB_DEDUCE_CACHE", base.deduce_cache)),
            graders_group=get("IIDS_HUB_GRADERS_GROUP", base.graders_group),
            students=students,
            unix_prefix=get("IIDS_HUB_UNIX_PREFIX", ""),
            instructors=names("IIDS_HUB_INSTRUCTORS"),
            sandbox_user=get("IIDS_HUB_SANDBOX_USER", base.sandbox_user),
            sandbox_pool=int(get("IIDS_HUB_SANDBOX_POOL", base.sandbox_pool)),
            sandbox_locks=Path(get("IIDS_HUB_SANDBOX_LOCKS", base.sandbox_locks)),
            alert_log=Path(get("IIDS_HUB_ALERT_LOG", base.alert_log)),
            alert_command=get("IIDS_HUB_ALERT_COMMAND", ""),
            user_env=Path(get("IIDS_HUB_USER_ENV", "")) if get("IIDS_HUB_USER_ENV", "") else None,
        )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def check_exchange(settings: HubSettings) -> list[Check]:
    """The exchange root, the course folders and every file in inbound and feedback.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> os.chmod(root, 0o777)
    >>> [c.ok for c in check_exchange(HubSettings(exchange=root))][0]
    False
    """
    from kit.hub.exchange import COURSE_MODE, FEEDBACK_MODE, INBOUND_MODE

    root = settings.exchange
    name = "uitwisselmap"
    if not root.is_dir():
        return [Check(name, False, f"{root} bestaat niet",
                      f"iids hub prepare --exchange {root} --cursus-id {settings.course_id} "
                      "--owner DOCENT")]
    checks = []
    mode = _mode(root)
    if mode & stat.S_IWOTH:
        checks.append(Check(name, False, f"{root} is voor iedereen schrijfbaar ({mode:o}, nbgrader #1225)",
                            f"chmod 755 {root}"))
    else:
        checks.append(Check(name, True, f"{root} ({mode:o})"))
    course = root / settings.course_id
    expected = {course: COURSE_MODE, course / "inbound": INBOUND_MODE,
                course / "feedback": FEEDBACK_MODE}
    for path, want in expected.items():
        label = f"uitwisselmap {path.relative_to(root)}"
        if not path.is_dir():
            checks.append(Check(label, path != course,
                                "nog niet aangemaakt (gebeurt bij de eerste release_assignment)"
                                if path != course else f"{path} bestaat niet",
                                f"iids hub prepare --exchange {root} --cursus-id {settings.course_id}"
                                " --owner DOCENT"))
            continue
        have = _mode(path)
        # readable-by-others is the real danger; the setgid and sticky bits are checked too
        bad_read = path != course and have & stat.S_IROTH
        if bad_read or (have & 0o7777) != want:
            checks.append(Check(label, False, f"rechten {have:o}, verwacht {want:o}",
                                f"chmod {want:o} {path}"))
        else:
            checks.append(Check(label, True, f"rechten {have:o}"))
    leaks = []
    for sub in ("inbound", "feedback"):
        top = course / sub
        if not top.is_dir():
            continue
        for dirpath, dirs, files in os.walk(top):
            for entry in [*dirs, *files]:
                path = Path(dirpath) / entry
                if not path.is_symlink() and path.stat().st_mode & stat.S_IROTH:
                    leaks.append(path)
    if leaks:
        checks.append(Check("inleveringen en feedback", False,
                            f"{len(leaks)} bestand(en) leesbaar voor iedereen, bijv. {leaks[0]}",
                            "zet in nbgrader_config.py configure_exchange(...) uit "
                            "kit.hub.exchange en: chmod -R o-rwx " + str(course / 'inbound')))
    else:
        checks.append(Check("inleveringen en feedback", True, "niets leesbaar voor andere studenten"))
    return checks


def check_submission_owners(settings: HubSettings) -> Check:
    """Every folder in inbound belongs to the student it names and carries the kit's files.

    A folder another student made in someone's name is refused by collect; here it is named
    before anyone collects, with its owner, so the course team can talk to that student.

    >>> import tempfile
    >>> check_submission_owners(HubSettings(exchange=Path(tempfile.mkdtemp()))).ok
    True
    """
    from kit.hub.exchange import INCOMING_PREFIX, submission_refusal

    name = "inleveringen op naam van hun eigenaar"
    inbound = settings.exchange / settings.course_id / "inbound"
    if not inbound.is_dir():
        return Check(name, True, "nog geen inleveringen")
    refused, count = [], 0
    for entry in sorted(os.listdir(inbound)):
        if entry.startswith(INCOMING_PREFIX):
            continue
        count += 1
        reason = submission_refusal(inbound / entry)
        if reason is not None:
            refused.append(f"inbound/{entry}: {reason}")
    if refused:
        more = f" (en nog {len(refused) - 1})" if len(refused) > 1 else ""
        return Check(name, False, refused[0] + more,
                     "nbgrader collect slaat deze map(pen) over; bespreek het met de eigenaar "
                     f"en verwijder ze: rm -r '{inbound}/<map>'")
    return Check(name, True, f"{count} inlevering(en), alle van de student op wiens naam ze staan")


def check_deduce_cache(settings: HubSettings) -> Check:
    """deduce's cache: readable for everyone, writable by its owner only (root or the admin).

    >>> import tempfile
    >>> check_deduce_cache(HubSettings(deduce_cache=Path(tempfile.mkdtemp()) / "nee")).ok
    False
    """
    path = settings.deduce_cache
    name = "deduce-tabellen (studenten alleen lezen)"
    if not path.exists():
        return Check(name, False, f"{path} bestaat niet",
                     f"IIDS_DEDUCE_CACHE={path} iids setup  (als beheerder) en chmod -R a+rX,go-w {path}")
    problems, pickles = [], 0
    for dirpath, _dirs, files in os.walk(path):
        for entry in [dirpath, *(os.path.join(dirpath, f) for f in files)]:
            st = os.stat(entry)
            if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                problems.append(f"{entry} is schrijfbaar voor anderen")
            if not st.st_mode & stat.S_IROTH:
                problems.append(f"{entry} is niet leesbaar voor studenten")
            if entry.endswith(".pickle"):
                pickles += 1
    if problems:
        return Check(name, False, problems[0] + (f" (en {len(problems) - 1} meer)" if len(problems) > 1 else ""),
                     f"chmod -R a+rX,go-w {path}")
    owner = pwd.getpwuid(path.stat().st_uid).pw_name if _has_uid(path.stat().st_uid) else path.stat().st_uid
    return Check(name, True, f"{path} (eigenaar {owner}, {pickles} pickle-bestand(en), alleen-lezen)")


def _has_uid(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        return False


def check_vault(settings: HubSettings, vault: Path | None = None) -> Check:
    """The vault lies outside shared folders and only its owner can enter it.

    >>> import tempfile
    >>> shared = Path(tempfile.mkdtemp())
    >>> check_vault(HubSettings(exchange=shared), shared / "kluis").ok
    False
    """
    from kit.config import vault_dir

    path = Path(os.path.realpath(vault or vault_dir()))
    name = "kluis"
    shared = [Path(os.path.realpath(p)) for p in (settings.exchange, settings.course_dir)]
    for folder in shared:
        if path == folder or folder in path.parents:
            return Check(name, False, f"{path} ligt in de gedeelde map {folder}",
                         "zet IIDS_VAULT op een map in je eigen thuismap (standaard ~/.local/share/iids-kit/kluis)")
    for parent in path.parents:
        if parent.is_dir() and parent.stat().st_mode & stat.S_IWOTH and not parent.stat().st_mode & stat.S_ISVTX:
            return Check(name, False, f"{path} ligt in {parent}, waar iedereen mag schrijven",
                         "zet IIDS_VAULT op een map in je eigen thuismap")
    if path.exists() and _mode(path) & 0o077:
        return Check(name, False, f"{path} is leesbaar voor anderen ({_mode(path):o})", f"chmod 700 {path}")
    return Check(name, True, f"{path} (buiten de gedeelde mappen)")


def check_vaults(settings: HubSettings) -> list[Check]:
    """The vault of every course-team member (their home's default vault), not the caller's.

    >>> [c.ok for c in check_vaults(HubSettings(instructors=[]))]
    [False]
    """
    if not settings.instructors:
        return [Check("kluis", False, "geen docenten ingesteld, dus geen kluis gecontroleerd",
                      "zet IIDS_HUB_INSTRUCTORS (zoals in /etc/iids-hub.env)")]
    out = []
    for name in settings.instructors:
        unix = settings.unix_prefix + name
        try:
            info = pwd.getpwnam(unix)
        except KeyError:
            out.append(Check(f"kluis van {unix}", True, "nog nooit ingelogd"))
            continue
        vault = Path(info.pw_dir) / ".local" / "share" / "iids-kit" / "kluis"
        check = check_vault(settings, vault)
        if check.ok and vault.exists() and vault.stat().st_uid != info.pw_uid:
            check = Check("kluis", False, f"{vault} is niet van {unix}",
                          f"chown -R {unix} {vault}")
        if check.ok and not vault.exists():
            check = Check("kluis", True, f"{vault} (nog niet aangemaakt)")
        out.append(Check(f"kluis van {unix}", check.ok, check.detail, check.fix))
    return out


def check_formgrader(settings: HubSettings) -> list[Check]:
    """The formgrader can work: the course folder inside the course team's server root,
    shared with the graders (group-writable, setgid, the gradebook writable for the group).

    >>> import tempfile
    >>> [c.ok for c in check_formgrader(HubSettings(role_config=Path(tempfile.mkdtemp())))][0]
    False
    """
    import grp

    name = "formgrader"
    config = settings.role_config / "docent" / "jupyter_server_config.json"
    try:
        server = json.loads(config.read_text(encoding="utf-8")).get("ServerApp", {})
    except (OSError, ValueError):
        return [Check(name, False, f"geen instellingen in {config}",
                      "start de hub opnieuw met deploy/jupyterhub_config.py")]
    root = server.get("root_dir")
    course = Path(os.path.realpath(settings.course_dir))
    if not root:
        return [Check(name, False, "de hoofdmap van de docentenserver is de thuismap; de "
                                   f"cursusmap {course} ligt daarbuiten: de formgrader geeft "
                                   "een foutpagina", "start de hub opnieuw met "
                                   "deploy/jupyterhub_config.py (root_dir /)")]
    top = Path(os.path.realpath(root))
    if top != course and top not in course.parents:
        return [Check(name, False, f"cursusmap {course} ligt niet in de hoofdmap {top}: de "
                                   "formgrader geeft een foutpagina",
                      "zet IIDS_HUB_COURSE_DIR goed en start de hub opnieuw")]
    if not course.is_dir():
        return [Check(name, False, f"cursusmap {course} bestaat niet",
                      f"zie deploy/tljh.md stap 3 (cp -r assignments {course})")]
    checks = [Check(name, True, f"cursusmap {course} in de hoofdmap {top}")]
    try:
        gid = grp.getgrnam(settings.graders_group).gr_gid
    except KeyError:
        return checks + [Check("gedeelde cursusmap", False,
                               f"groep {settings.graders_group} bestaat niet",
                               f"groupadd {settings.graders_group}")]
    problems = []
    st = course.stat()
    if st.st_gid != gid or (st.st_mode & 0o2070) != 0o2070:
        problems.append(f"{course} ({_mode(course):o}, groep {st.st_gid})")
    db = course / "gradebook.db"
    if db.exists() and (db.stat().st_gid != gid or (db.stat().st_mode & 0o060) != 0o060):
        problems.append(f"{db} ({_mode(db):o})")
    fix = (f"chgrp -R {settings.graders_group} {course} && chmod -R g+rwX,o-rwx {course} && "
           f"find {course} -type d -exec chmod g+s {{}} +")
    if problems:
        checks.append(Check("gedeelde cursusmap", False,
                            "niet schrijfbaar voor de tweede beoordelaar: " + ", ".join(problems),
                            fix))
    else:
        checks.append(Check("gedeelde cursusmap", True,
                            f"groep {settings.graders_group} schrijft mee (cijferlijst ook)"))
    return checks


def check_sandbox(settings: HubSettings, *, run: bool = True) -> list[Check]:
    """Student code at autograde runs in the sandbox: the pool's users, the graders' sudo rule
    for exactly those users, the lock folder, and a trial run.

    >>> [c.ok for c in check_sandbox(HubSettings(sandbox_user="uit"))]
    [False]
    """
    import grp
    import shutil
    import subprocess

    name = "zandbak bij nakijken"
    user = settings.sandbox_user
    if user.lower() in {"uit", "off", "nee", "no", ""}:
        return [Check(name, False, "uitgezet: studentcode draait als de docent bij autograde",
                      "zet IIDS_HUB_SANDBOX_USER=iids-sb en IIDS_HUB_SANDBOX_POOL=8 en voer "
                      "iids hub prepare uit (deploy/README.md)")]
    users = settings.sandbox_users
    prepare = (f"iids hub prepare --owner DOCENT --group {settings.graders_group} "
               f"--zandbak-voorvoegsel {user} --zandbak-pool {max(settings.sandbox_pool, 1)} "
               f"--zandbak-sloten {settings.sandbox_locks}")
    missing_users, bad_users = [], []
    for member in users:
        try:
            info = pwd.getpwnam(member)
        except KeyError:
            missing_users.append(member)
            continue
        if info.pw_uid == 0 or not info.pw_shell.endswith(("nologin", "false")):
            bad_users.append(member)
    if missing_users:
        return [Check(name, False, f"{len(missing_users)} van {len(users)} zandbakgebruiker(s) "
                                   f"bestaan niet, bijv. {missing_users[0]}", prepare)]
    if bad_users:
        return [Check(name, False, f"{bad_users[0]} is root of kan inloggen; een "
                                   "zandbakgebruiker is een systeemgebruiker zonder inlog",
                      "kies een ander voorvoegsel (IIDS_HUB_SANDBOX_USER) en: " + prepare)]
    checks = []
    if settings.sandbox_pool > 0:
        folder = settings.sandbox_locks
        try:
            gid = grp.getgrnam(settings.graders_group).gr_gid
        except KeyError:
            gid = None
        if not folder.is_dir():
            checks.append(Check(f"{name}: slotmap", False, f"{folder} bestaat niet: het "
                                "nakijken in de zandbak weigert", prepare))
        elif folder.stat().st_gid != gid or _mode(folder) & 0o007 or \
                (_mode(folder) & 0o070) != 0o070:
            checks.append(Check(f"{name}: slotmap", False, f"{folder} ({_mode(folder):o}) is niet "
                                f"van groep {settings.graders_group} alleen (2770)", prepare))
        else:
            checks.append(Check(f"{name}: pool", True, f"{len(users)} gebruikers {users[0]} .. "
                                f"{users[-1]}, elk tegelijk lopend nakijkwerk een eigen"))
    else:
        checks.append(Check(f"{name}: pool", False, f"een enkele gebruiker {user}: inleveringen "
                            "die tegelijk worden nagekeken delen die gebruiker",
                            "zet IIDS_HUB_SANDBOX_USER=iids-sb en IIDS_HUB_SANDBOX_POOL=8, en: "
                            + prepare.replace(f"--zandbak-voorvoegsel {user}",
                                              "--zandbak-voorvoegsel iids-sb")))
    missing = []
    if os.geteuid() == 0 and shutil.which("sudo"):
        for teacher in settings.instructors:
            unix = settings.unix_prefix + teacher
            try:
                pwd.getpwnam(unix)
            except KeyError:
                continue
            rules = subprocess.run(["sudo", "-n", "-l", "-U", unix], capture_output=True,
                                   text=True).stdout
            allowed = set()
            for line in rules.splitlines():
                if "NOPASSWD" in line and "unshare" in line and "(" in line:
                    inside = line[line.index("(") + 1:line.index(")")].split(":")[0]
                    allowed |= {u.strip() for u in inside.split(",")}
            if not set(users) <= allowed:
                missing.append(unix)
    elif not shutil.which("sudo"):
        missing = ["(sudo ontbreekt)"]
    if missing:
        checks.append(Check(f"{name}: sudo-regel", False,
                            f"mag de zandbak niet (als elke poolgebruiker) starten: "
                            f"{', '.join(missing)}", prepare))
    if run:
        import nbformat

        from kit.grading.sandbox import SandboxError, pool_user, run_in_sandbox

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(
            "import os, socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n"
            "    print('NETWERK')\nexcept OSError:\n    print('GEEN-NETWERK')\n"
            "print(os.listdir('/tmp'))")]
        try:
            locks = settings.sandbox_locks if settings.sandbox_pool > 0 else None
            with pool_user(users, locks, wait_seconds=120) as member:
                out = nbformat.reads(run_in_sandbox(nbformat.writes(nb), None, user=member,
                                                    wall_seconds=60), as_version=4)
            text = "".join(o.get("text", "") for o in out.cells[0].outputs)
            ok = "GEEN-NETWERK" in text and "NETWERK\n" not in text.replace("GEEN-NETWERK", "")
            checks.append(Check(name, ok, f"proefcel als {member}: " + ("geen netwerk, eigen /tmp"
                                if ok else text.strip()[:120])))
        except SandboxError as exc:
            checks.append(Check(name, False, f"proefcel liep niet: {exc}",
                                "zie deploy/README.md, 'Nakijken in een zandbak'"))
    return checks


def check_course_env(settings: HubSettings) -> Check:
    """Every user can run the course environment: a student and a lecturer start its Python
    and import the kit and nbgrader, as themselves (an environment below a private folder
    such as ``/root`` starts for root only, and every server then fails to start).

    >>> check_course_env(HubSettings(students=[], instructors=[])).ok
    True
    """
    import subprocess
    import sys

    name = "cursusomgeving voor iedereen"
    if settings.user_env:
        bin_dir = settings.user_env
    elif Path("/opt/tljh/user/bin").is_dir():
        bin_dir = Path("/opt/tljh/user/bin")
    else:
        bin_dir = Path(sys.executable).parent
    python = bin_dir / "python"
    if not python.exists():
        return Check(name, False, f"{python} bestaat niet", "zet IIDS_HUB_USER_ENV op de bin-map "
                     "van de cursusomgeving")
    if not (bin_dir / "jupyterhub-singleuser").exists():
        return Check(name, False, f"{bin_dir} heeft geen jupyterhub-singleuser",
                     f"{python} -m pip install jupyterhub (de versie van de hub)")
    users = []
    for group in (settings.students, settings.instructors):
        for member in group:
            try:
                users.append(pwd.getpwnam(settings.unix_prefix + member))
                break
            except KeyError:
                continue
    if not users or os.geteuid() != 0:
        return Check(name, True, f"{bin_dir} (niet als gebruiker geprobeerd: "
                     + ("nog niemand ingelogd)" if not users else "alleen als beheerder)"))
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    for info in users:
        try:
            result = subprocess.run([str(python), "-c", "import kit, nbgrader"], cwd="/",
                                    env=dict(env, HOME=info.pw_dir), user=info.pw_uid,
                                    group=info.pw_gid,
                                    extra_groups=os.getgrouplist(info.pw_name, info.pw_gid),
                                    capture_output=True, text=True, timeout=120)
        except OSError as exc:  # the interpreter itself cannot be run by this user
            result = subprocess.CompletedProcess([], 126, "", exc.strerror or str(exc))
        if result.returncode != 0:
            from kit.hub.localhub import private_ancestors

            closed = private_ancestors([python])
            detail = (f"{info.pw_name} kan {python} niet starten"
                      + (f": {closed[0]} is afgesloten voor anderen" if closed else
                         f": {(result.stderr.strip().splitlines() or ['?'])[-1][:160]}"))
            return Check(name, False, detail,
                         "installeer de cursusomgeving buiten een privémap (TLJH: /opt/tljh/user)"
                         + (f" of: chmod o+x {' '.join(str(c) for c in closed)}" if closed else ""))
    return Check(name, True, f"{python} start voor " + " en ".join(u.pw_name for u in users))


def check_alerts(settings: HubSettings) -> Check:
    """The alert log (:mod:`kit.hub.alerts`): can collect write it, and is there anything in it?

    A refused submission (impersonation attempt) stays reported here until someone has read
    the log and moved it aside.

    >>> import tempfile
    >>> check_alerts(HubSettings(alert_log=Path(tempfile.mkdtemp()) / "meldingen.log")).ok
    True
    """
    from kit.hub.alerts import read_alerts

    name = "meldingen"
    log = settings.alert_log
    if not log.parent.is_dir():
        return Check(name, False, f"de map {log.parent} ontbreekt: een geweigerde inlevering "
                                  "komt dan alleen in de uitvoer van collect",
                     f"iids hub prepare --owner DOCENT --group {settings.graders_group} "
                     f"--meldingen {log}")
    lines = read_alerts(log)
    if lines:
        more = f" (en nog {len(lines) - 1})" if len(lines) > 1 else ""
        return Check(name, False, f"{len(lines)} melding(en), laatste: {lines[-1][:300]}{more}",
                     f"lees ze (less {log}), handel ze af en zet ze opzij: "
                     f"mv {log} {log}.gelezen")
    hook = f"; opdracht: {settings.alert_command}" if settings.alert_command else \
        "; geen meldingsopdracht (IIDS_HUB_ALERT_COMMAND)"
    return Check(name, True, f"geen meldingen in {log}{hook}")


def check_lab_panel(settings: HubSettings) -> Check:
    """nbgrader's assignment panel in Dutch: the copy ``iids hub prepare`` builds, for the
    nbgrader that is installed now (a newer nbgrader brings the English panel back).

    >>> import tempfile
    >>> check_lab_panel(HubSettings(role_config=Path(tempfile.mkdtemp()))).ok
    False
    """
    from kit.hub.labstrings import EXTENSION, _version, installed_labextension

    name = "opdrachtenpaneel in het Nederlands"
    copy = settings.role_config / "labextensions" / EXTENSION
    fix = (f"iids hub prepare --owner DOCENT --group {settings.graders_group} "
           f"--role-config {settings.role_config}  (als beheerder, na elke update van nbgrader)")
    if not (copy / "package.json").is_file():
        return Check(name, False, f"niet gemaakt ({copy} ontbreekt): studenten zien het "
                                  "Engelse paneel van nbgrader", fix)
    try:
        source = installed_labextension(exclude=settings.role_config / "labextensions")
    except Exception:  # noqa: BLE001 - no nbgrader lab extension in this environment
        return Check(name, False, "de lab-extensie van nbgrader is niet geïnstalleerd",
                     "pip install nbgrader in de cursusomgeving")
    have, want = _version(copy), _version(source)
    if have != want:
        return Check(name, False, f"gemaakt voor nbgrader-extensie {have}, geïnstalleerd is "
                                  f"{want}: studenten zien (deels) Engels", fix)
    text = "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in (copy / "static").glob("*.js"))
    if "Vrijgegeven opdrachten" not in text or "Released assignments" in text:
        return Check(name, False, f"{copy} is niet (helemaal) vertaald", fix)
    return Check(name, True, f"{copy} (versie {have})")


def check_language() -> Check:
    """The Dutch language pack is installed and JupyterLab starts in Dutch."""
    from importlib import metadata

    from kit.setup_env import dutch_interface_set, lab_overrides_path

    name = "Nederlandse interface"
    try:
        version = metadata.version("jupyterlab-language-pack-nl-NL")
    except metadata.PackageNotFoundError:
        return Check(name, False, "taalpakket jupyterlab-language-pack-nl-NL ontbreekt",
                     "pip install jupyterlab-language-pack-nl-NL in de cursusomgeving")
    if not dutch_interface_set():
        return Check(name, False, f"taalpakket {version}, maar niet ingesteld in {lab_overrides_path()}",
                     "iids setup (in de cursusomgeving, als beheerder)")
    return Check(name, True, f"taalpakket {version}, standaardtaal nl_NL")


def _available_locales() -> list[str]:
    """What ``locale -a`` lists on this server (empty when the command is missing)."""
    import subprocess

    try:
        result = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    return result.stdout.split()


def check_locale(available: list[str] | None = None) -> Check:
    """The server has the Dutch locale the hub gives every server (``LANG=nl_NL.UTF-8``).

    Without it, a student's terminal and the kernels fall back to English messages and
    to ``C`` sorting, and Python warns about the locale in every kernel.

    >>> check_locale(["C", "C.utf8", "nl_NL.utf8"]).ok
    True
    >>> check = check_locale(["C", "POSIX"])
    >>> check.ok, check.fix
    (False, "sudo sed -i 's/^# *nl_NL.UTF-8/nl_NL.UTF-8/' /etc/locale.gen && sudo locale-gen")
    """
    name = "Nederlandse locale"
    have = _available_locales() if available is None else available
    normal = {entry.lower().replace("-", "") for entry in have}
    if "nl_nl.utf8" in normal:
        return Check(name, True, "nl_NL.UTF-8 is geïnstalleerd")
    return Check(name, False, "nl_NL.UTF-8 ontbreekt (de hub zet LANG=nl_NL.UTF-8)",
                 "sudo sed -i 's/^# *nl_NL.UTF-8/nl_NL.UTF-8/' /etc/locale.gen && sudo locale-gen")


def check_roles(settings: HubSettings) -> list[Check]:
    """nbgrader per role, from the config folders the hub gives each role.

    >>> import tempfile
    >>> [c.ok for c in check_roles(HubSettings(role_config=Path(tempfile.mkdtemp())))]
    [False, False]
    """
    checks = []
    for role, formgrader in (("docent", True), ("student", False)):
        folder = settings.role_config / role
        name = f"nbgrader voor rol {role}"
        try:
            server = json.loads((folder / "jupyter_server_config.json").read_text(encoding="utf-8"))
            config = (folder / "nbgrader_config.py").read_text(encoding="utf-8")
        except (OSError, ValueError):
            checks.append(Check(name, False, f"geen instellingen in {folder}",
                                "start de hub opnieuw met deploy/jupyterhub_config.py"))
            continue
        ext = server.get("ServerApp", {}).get("jpserver_extensions", {})
        problems = []
        if bool(ext.get("nbgrader.server_extensions.formgrader")) != formgrader:
            problems.append("formgrader " + ("uit" if formgrader else "aan"))
        if not ext.get("nbgrader.server_extensions.assignment_list"):
            problems.append("opdrachtenlijst uit")
        if "configure_exchange" not in config:
            problems.append("niet de privé-uitwisseling van de kit")
        if not formgrader:
            try:
                page = json.loads((folder / "labconfig" / "page_config.json").read_text())
                if not page.get("disabledExtensions", {}).get("@jupyter/nbgrader:formgrader"):
                    problems.append("formgrader-menu zichtbaar")
            except (OSError, ValueError):
                problems.append("labconfig/page_config.json ontbreekt")
        if problems:
            checks.append(Check(name, False, ", ".join(problems),
                                "start de hub opnieuw met deploy/jupyterhub_config.py"))
        else:
            what = "formgrader, opdrachten maken" if formgrader else "alleen de studentkant"
            checks.append(Check(name, True, f"{what}; privé-uitwisseling"))
    return checks


def check_homes(settings: HubSettings) -> Check:
    """Students' home folders are readable by nobody else.

    >>> check_homes(HubSettings(students=[])).ok
    True
    """
    open_homes, missing = [], []
    for student in settings.students:
        try:
            home = Path(pwd.getpwnam(settings.unix_prefix + student).pw_dir)
        except KeyError:
            missing.append(student)
            continue
        if home.is_dir() and _mode(home) & 0o077:
            open_homes.append(f"{home} ({_mode(home):o})")
    name = "thuismappen studenten"
    if open_homes:
        return Check(name, False, f"leesbaar voor anderen: {', '.join(open_homes[:3])}",
                     "chmod 700 " + " ".join(h.split(" ")[0] for h in open_homes))
    detail = f"{len(settings.students) - len(missing)} privé"
    if missing:
        detail += f"; nog nooit ingelogd: {len(missing)}"
    return Check(name, True, detail)


def run_hub_checks(settings: HubSettings | None = None) -> list[Check]:
    """Every hub check; a check that crashes is reported as failed."""
    settings = settings or HubSettings.from_env()
    out: list[Check] = []
    for fn in (lambda: check_exchange(settings), lambda: check_submission_owners(settings),
               lambda: check_deduce_cache(settings),
               lambda: check_vaults(settings), check_language, check_locale, lambda: check_roles(settings),
               lambda: check_formgrader(settings), lambda: check_sandbox(settings),
               lambda: check_homes(settings), lambda: check_lab_panel(settings),
               lambda: check_alerts(settings), lambda: check_course_env(settings)):
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - doctor reports, it does not crash
            result = Check("controle", False, f"controle mislukt: {type(exc).__name__}: {exc}")
        out.extend(result if isinstance(result, list) else [result])
    return out
