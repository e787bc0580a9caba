# JupyterHub-instellingen voor de minor Inclusiviteit in de Stad: een klas op een server.
#
# Gebruik:
#   - The Littlest JupyterHub: kopieer dit bestand naar
#     /opt/tljh/config/jupyterhub_config.d/iids.py en zet de waarden hieronder in
#     /etc/iids-hub.env (zie deploy/tljh.md). Daarna: sudo tljh-config reload hub
#   - Elders: jupyterhub -f deploy/jupyterhub_config.py
#
# Alles is in te stellen met omgevingsvariabelen (IIDS_HUB_*), zodat de test van de kit
# precies dit bestand gebruikt (tests/hub/test_hub_e2e.py). Dit bestand gebruikt alleen de
# standaardbibliotheek: de hub draait vaak in een andere Python-omgeving dan de cursus.
#
# Wat het regelt:
#   - de cursusomgeving (met de kit, nbgrader en het Nederlandse taalpakket) als omgeving
#     van elke gebruiker; de interface in het Nederlands;
#   - nbgrader's uitwisselmap in een gedeelde map, met de privé-uitwisseling van de kit
#     (kit.hub.exchange): studenten zien elkaars inleveringen en feedback niet;
#   - de cursuseigenaar en de beoordelaars zijn nbgrader-docent (formgrader, aanmaken van
#     opdrachten); studenten zien alleen de studentkant (opdrachtenlijst, valideren,
#     inleveren, feedback);
#   - elke thuismap wordt alleen voor de eigenaar leesbaar (0700) voordat de server start;
#   - elke server krijgt een eigen poort, ook als de hele klas tegelijk inlogt (zie onder).
import json
import os
import random
import shlex
import socket
import sys
import threading
import time

c = get_config()  # noqa: F821 - provided by JupyterHub


def _env(name, default=""):
    return os.environ.get(name, default).strip()


def _names(name):
    return [n.strip() for n in _env(name).replace(";", ",").split(",") if n.strip()]


COURSE_ID = _env("IIDS_HUB_COURSE_ID", "iids")
EXCHANGE = _env("IIDS_HUB_EXCHANGE", "/srv/nbgrader/exchange")
COURSE_DIR = _env("IIDS_HUB_COURSE_DIR", "/srv/iids/assignments")
GRADERS_GROUP = _env("IIDS_HUB_GRADERS_GROUP", "iids-docenten")
DEDUCE_CACHE = _env("IIDS_HUB_DEDUCE_CACHE", "/srv/iids/deduce-cache")
ROLE_CONFIG = _env("IIDS_HUB_ROLE_CONFIG", "/etc/iids-hub")
LAB_OVERRIDES = os.path.join(ROLE_CONFIG, "labextensions")  # iids hub prepare --role-config
USER_ENV = _env("IIDS_HUB_USER_ENV")  # bin-map van de cursusomgeving; leeg: standaard van de hub
SCAN_WITH_DEDUCE = _env("IIDS_HUB_SCAN_DEDUCE", "1") not in {"0", "nee", "no", "false"}
INSTRUCTORS = _names("IIDS_HUB_INSTRUCTORS")  # cursuseigenaar eerst, dan beoordelaars
STUDENTS = _names("IIDS_HUB_STUDENTS")
ADMINS = _names("IIDS_HUB_ADMINS")
MEM_LIMIT = _env("IIDS_HUB_MEM_LIMIT", "2G")
CPU_LIMIT = float(_env("IIDS_HUB_CPU_LIMIT", "1") or 1)
UNIX_PREFIX = _env("IIDS_HUB_UNIX_PREFIX")  # TLJH: "jupyter-"
PORTS = _env("IIDS_HUB_PORTS", "20000-29999")  # buiten net.ipv4.ip_local_port_range
# Unix-gebruiker die studentcode draait bij het nakijken (kit.grading.sandbox); "uit": geen
# zandbak (alleen voor een proef: iids hub doctor meldt het als fout).
# Map met de cursusnotebooks die elke student bij de eerste start in ~/cursus krijgt (leeg: niet).
COURSE_NOTEBOOKS = _env("IIDS_HUB_COURSE_NOTEBOOKS")
# Map met de Voila-apps (apps/ van de kit: verhaalformulier en verhalenwand) die elke student
# bij de eerste start in ~/apps krijgt; de server van elke gebruiker toont ze op
# /user/NAAM/voila/render/apps/verhalenwand.ipynb (leeg: niet).
APPS = _env("IIDS_HUB_APPS")
# De zandbakpool (iids hub prepare): IIDS_HUB_SANDBOX_POOL gebruikers <IIDS_HUB_SANDBOX_USER>-01 ..;
# elke run die tegelijk loopt krijgt er een eigen (slotbestanden in IIDS_HUB_SANDBOX_LOCKS).
# IIDS_HUB_SANDBOX_POOL=0: een enkele gebruiker met precies de naam IIDS_HUB_SANDBOX_USER.
SANDBOX_USER = _env("IIDS_HUB_SANDBOX_USER", "iids-sb")
SANDBOX_POOL = int(_env("IIDS_HUB_SANDBOX_POOL", "8") or 0)
SANDBOX_LOCKS = _env("IIDS_HUB_SANDBOX_LOCKS", "/var/lib/iids-hub/zandbak")
SANDBOX_USERS = ([f"{SANDBOX_USER}-{i:02d}" for i in range(1, SANDBOX_POOL + 1)]
                 if SANDBOX_POOL > 0 else [SANDBOX_USER])
SANDBOX_MEM_MB = int(_env("IIDS_HUB_SANDBOX_MEM_MB", "2048") or 2048)
SANDBOX_CPU_S = int(_env("IIDS_HUB_SANDBOX_CPU_S", "300") or 300)

# Inactieve servers stoppen na zoveel seconden (jupyterhub-idle-culler als dienst van de hub);
# 0: niet. Op TLJH doet TLJH dat zelf (tljh-config services.cull.*): daar start dit bestand
# geen tweede.
IDLE_TIMEOUT = int(_env("IIDS_HUB_IDLE_TIMEOUT", "3600") or 0)
ON_TLJH = "tljh" in sys.modules

# --- users and roles ----------------------------------------------------------------------
if INSTRUCTORS or STUDENTS:
    c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS)
if ADMINS:
    c.Authenticator.admin_users = set(ADMINS)
c.JupyterHub.load_groups = {
    "docenten": {"users": INSTRUCTORS},
    "studenten": {"users": STUDENTS},
}

# --- idle culler (outside TLJH) -------------------------------------------------------------
if IDLE_TIMEOUT > 0 and not ON_TLJH:
    import importlib.util

    if importlib.util.find_spec("jupyterhub_idle_culler") is None:
        raise RuntimeError(
            "IIDS_HUB_IDLE_TIMEOUT staat aan, maar jupyterhub-idle-culler ontbreekt in de "
            "omgeving van de hub: pip install jupyterhub-idle-culler (of zet "
            "IIDS_HUB_IDLE_TIMEOUT=0)")
    c.JupyterHub.services.append({
        "name": "iids-idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={IDLE_TIMEOUT}", f"--cull-every={max(IDLE_TIMEOUT // 6, 5)}"],
    })
    c.JupyterHub.load_roles.append({
        "name": "iids-idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["iids-idle-culler"],
    })

# --- the Dutch interface and the single-user environment -----------------------------------
c.Spawner.default_url = "/lab"
if USER_ENV:
    c.Spawner.cmd = [os.path.join(USER_ENV, "jupyterhub-singleuser")]
c.Spawner.environment = {
    "LANG": "nl_NL.UTF-8",
    "LANGUAGE": "nl_NL:nl",
    "IIDS_DEDUCE_CACHE": DEDUCE_CACHE,
}
c.Spawner.mem_limit = MEM_LIMIT  # honoured by SystemdSpawner (TLJH) and KubeSpawner
c.Spawner.cpu_limit = CPU_LIMIT
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120

# the login page in Dutch (deploy/templates/login.html); on TLJH, where this file is copied
# elsewhere, IIDS_HUB_TEMPLATES names the folder (/srv/iids/iids-kit/deploy/templates)
_TEMPLATES = [p for p in (_env("IIDS_HUB_TEMPLATES"),
                          os.path.join(os.path.dirname(os.path.abspath(globals().get(
                              "__file__", "."))), "templates"))
              if p and os.path.isfile(os.path.join(p, "login.html"))]
if _TEMPLATES:
    c.JupyterHub.template_paths = _TEMPLATES[:1]

# --- per-role Jupyter configuration ---------------------------------------------------------
_STUDENT_HIDDEN_LAB = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                       "@jupyter/nbgrader:course-list"]


def _role_files(role):
    """The files of one role's Jupyter config folder: name -> text."""
    docent = role == "docent"
    lines = [
        "# Gemaakt door deploy/jupyterhub_config.py; niet met de hand bewerken.",
        "from kit.hub.exchange import configure_exchange",
        "c = get_config()",
        f"configure_exchange(c, root={EXCHANGE!r}, graders_group={GRADERS_GROUP!r}, "
        f"course_id={COURSE_ID!r}, scan_with_deduce={SCAN_WITH_DEDUCE!r})",
    ]
    if docent:
        lines += [
            f"c.CourseDirectory.root = {COURSE_DIR!r}",
            "# feedback uit de formgrader: nooit verborgen toetsen (nbgrader #917)",
            "from kit.grading.hidden import configure_feedback",
            "configure_feedback(c)",
            "# docenten en beoordelaars delen de cursusmap: nieuwe bestanden (ook de cijferlijst)",
            "# schrijfbaar voor de groep",
            "from kit.hub.team import share_course_files",
            f"share_course_files({COURSE_DIR!r})",
        ]
        if SANDBOX_USER.lower() not in {"uit", "off", "nee", "no"}:
            lines += [
                "from kit.grading.sandbox import configure_sandbox",
                f"configure_sandbox(c, user={SANDBOX_USERS[0]!r}, users={SANDBOX_USERS!r}, "
                f"lock_dir={SANDBOX_LOCKS!r}, memory_mb={SANDBOX_MEM_MB!r}, "
                f"cpu_seconds={SANDBOX_CPU_S!r})",
            ]
    server = {"ServerApp": {"jpserver_extensions": {
        "nbgrader.server_extensions.formgrader": docent,
        "nbgrader.server_extensions.course_list": docent,
        "nbgrader.server_extensions.assignment_list": True,
        "nbgrader.server_extensions.validate_assignment": True,
        "kit.hub.serverext": True,  # Dutch messages instead of tracebacks in the assignment list
        # the story form and the story wall (issue 24) behind the hub's login, per user:
        # /user/NAAM/voila/render/apps/verhaal-vertellen.ipynb?sessie=... (iids apps link)
        "voila.server_extension": True,
    }}, "VoilaConfiguration": {"template": "iids", "show_tracebacks": False}}
    # nbgrader's lab extension in Dutch: the translated copy that `iids hub prepare` builds
    # there (kit/hub/labstrings.py) is served instead of the English original
    server["LabServerApp"] = {"extra_labextensions_path": [LAB_OVERRIDES]}
    if docent:
        # nbgrader's formgrader works only when the course folder lies inside the server's
        # root folder; the course lives in /srv, the home in /home: the root is "/" for the
        # course team (they see no more than their Unix user may read anyway)
        server["ServerApp"]["root_dir"] = "/"
    # JupyterLab's English news pop-up (it would also fetch news from the internet): off for all
    hidden = ["@jupyterlab/apputils-extension:announcements"] + ([] if docent else _STUDENT_HIDDEN_LAB)
    page = {"disabledExtensions": {name: True for name in hidden}}
    # the kit's Voila template ("iids": no stylesheets from the internet) on Jupyter's data path
    voila = ("# Gemaakt door deploy/jupyterhub_config.py; niet met de hand bewerken.\n"
             "import os\nfrom kit.config import data_path\n"
             "os.environ['JUPYTER_PATH'] = os.pathsep.join(p for p in (str(data_path('apps', "
             "'jupyter')), os.environ.get('JUPYTER_PATH', '')) if p)\n")
    return {
        "jupyter_server_config.py": voila,
        "nbgrader_config.py": "\n".join(lines) + "\n",
        "jupyter_server_config.json": json.dumps(server, indent=2) + "\n",
        os.path.join("labconfig", "page_config.json"): json.dumps(page, indent=2) + "\n",
    }


def _write_role_config(role):
    folder = os.path.join(ROLE_CONFIG, role)
    for name, text in _role_files(role).items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    for dirpath, _dirs, _files in os.walk(ROLE_CONFIG):
        os.chmod(dirpath, 0o755)
    return folder


try:
    _ROLE_DIRS = {role: _write_role_config(role) for role in ("docent", "student")}
except PermissionError:  # e.g. a syntax check as an ordinary user
    _ROLE_DIRS = {role: os.path.join(ROLE_CONFIG, role) for role in ("docent", "student")}


def _unix_name(username):
    return UNIX_PREFIX + username


# --- one port per single-user server ------------------------------------------------------
# JupyterHub's random_port() binds port 0, closes the socket and passes the number on; the
# server binds it seconds later (jupyterhub#3005). When a class logs in at once, two servers
# can get the same number: the second cannot start, yet the hub sees the first student's
# server answer on that port, calls the second one ready and routes that student there
# (404 on every request until the hub's poll notices, ~30 s later). Seen here: 1 in 9 runs of
# 30 servers (kit/bench/hub.py). Here ports come from a range the kernel never hands out for
# port 0, are checked to be free, and are never handed out twice within _PORT_HOLD seconds.
_PORT_HOLD = 600  # longer than start_timeout + http_timeout: the server has bound it by then
_PORTS_GIVEN = {}
_PORT_LOCK = threading.Lock()


def _port_range():
    try:
        low, high = (int(x) for x in PORTS.split("-"))
    except ValueError:
        low, high = 20000, 29999
    return low, max(low, high)


def _port_is_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("", port))
        except OSError:
            return False
    return True


def pick_port():
    """A free port in IIDS_HUB_PORTS that was not handed out in the last _PORT_HOLD seconds."""
    low, high = _port_range()
    with _PORT_LOCK:
        now = time.monotonic()
        for port, given in list(_PORTS_GIVEN.items()):
            if now - given > _PORT_HOLD:
                del _PORTS_GIVEN[port]
        candidates = [p for p in range(low, high + 1) if p not in _PORTS_GIVEN]
        random.shuffle(candidates)
        for port in candidates[:200]:
            if _port_is_free(port):
                _PORTS_GIVEN[port] = now
                return port
        for _ in range(100):  # the range is full: a port the kernel picks, still never twice
            with socket.socket() as sock:
                sock.bind(("", 0))
                port = sock.getsockname()[1]
            if port not in _PORTS_GIVEN:
                break
        _PORTS_GIVEN[port] = now
        return port


def _use_pick_port():
    """Spawners that choose their own port (SystemdSpawner on TLJH) call random_port()."""
    import importlib

    for module_name in ("jupyterhub.spawner", "systemdspawner.systemdspawner"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if hasattr(module, "random_port"):
            module.random_port = pick_port


_use_pick_port()


def _pre_spawn(spawner):
    """Per user: a port of its own, the role's config, a home only the owner can read."""
    try:
        from jupyterhub.spawner import LocalProcessSpawner

        if isinstance(spawner, LocalProcessSpawner):  # keeps its port between restarts otherwise
            spawner.port = pick_port()
    except ImportError:
        pass
    name = spawner.user.name
    role = "docent" if name in INSTRUCTORS else "student"
    spawner.environment["JUPYTER_CONFIG_PATH"] = _ROLE_DIRS[role]
    spawner.environment["IIDS_HUB_ROLE"] = role
    # traitlets only logs an error in a config file and goes on: without the role's config a
    # student would get nbgrader's open exchange, a lecturer autograde without the sandbox.
    # Here such an error stops the server or the nbgrader command instead.
    spawner.environment["TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR"] = "1"
    if role == "docent":  # collect's alerts (kit.hub.alerts): the log and the hook
        spawner.environment.update({k: _env(k) for k in ("IIDS_HUB_ALERT_LOG",
                                                         "IIDS_HUB_ALERT_COMMAND") if _env(k)})
    if role == "docent" and SANDBOX_USER.lower() not in {"uit", "off", "nee", "no"}:
        # iids grade autograde reads these (nbgrader autograde reads the role's config)
        spawner.environment.update({"IIDS_SANDBOX_USER": SANDBOX_USERS[0],
                                    "IIDS_SANDBOX_USERS": ",".join(SANDBOX_USERS),
                                    "IIDS_SANDBOX_LOCKS": SANDBOX_LOCKS,
                                    "IIDS_SANDBOX_MEM_MB": str(SANDBOX_MEM_MB),
                                    "IIDS_SANDBOX_CPU_S": str(SANDBOX_CPU_S)})
    try:
        import pwd

        home = pwd.getpwnam(_unix_name(name)).pw_dir
    except (KeyError, ImportError):
        return
    if os.path.isdir(home) and os.geteuid() == 0:
        os.chmod(home, 0o700)
        if role == "docent":
            _add_to_graders(_unix_name(name))
            # formgrader: the course folder inside the server's root (see _role_files)
            spawner.notebook_dir = "/"
            spawner.default_url = "/lab/tree" + home
            notebook_dir = os.path.join(home, "cursus")
            if not os.path.lexists(notebook_dir) and os.path.isdir(COURSE_DIR):
                os.symlink(COURSE_DIR, notebook_dir)
        else:
            _hand_out(_unix_name(name), home)


def _hand_out(unix_name, home):
    """Copy the course notebooks to ~/cursus and the Voila apps to ~/apps at a student's
    first start, as that student.

    The copy runs as the student (never root writing in a home the student controls); a
    ~/cursus or ~/apps that exists already, with the student's own changes, is left alone.
    """
    import pwd
    import subprocess

    info = pwd.getpwnam(unix_name)
    for source, name in ((COURSE_NOTEBOOKS, "cursus"), (APPS, "apps")):
        target = os.path.join(home, name)
        if not source or not os.path.isdir(source) or os.path.lexists(target):
            continue
        subprocess.run(["cp", "-R", "--no-preserve=mode,ownership", source, target],
                       user=info.pw_uid, group=info.pw_gid, extra_groups=[], check=False,
                       capture_output=True, timeout=120)


def _add_to_graders(unix_name):
    """Put a course owner or grader in the graders group (takes effect at this spawn)."""
    import grp
    import subprocess

    try:
        members = grp.getgrnam(GRADERS_GROUP).gr_mem
    except KeyError:
        return
    if unix_name not in members:
        subprocess.run(["gpasswd", "-a", unix_name, GRADERS_GROUP], check=False,
                       capture_output=True)


c.Spawner.pre_spawn_hook = _pre_spawn

# --- extra settings for a test or a local trial (never on a real server) -------------------
_extra = _env("IIDS_HUB_EXTRA_ARGS")
if _extra:
    c.Spawner.args = shlex.split(_extra)
