"""Autograde in the sandbox: a malicious answer cell, run by the lecturer's real nbgrader."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kit.grading.sandbox import SandboxError, run_in_sandbox
from kit.hub.localhub import run_as, source_notebook

BIN = Path(sys.executable).parent
NBGRADER = str(BIN / "nbgrader")
COURSE = "iids"

pytestmark = [pytest.mark.timeout(900)]


def _requirements():
    if not shutil.which("unshare"):
        pytest.skip("nodig: unshare (util-linux)")
    if not shutil.which("sudo"):
        pytest.skip("nodig: sudo (de docent start de zandbak met sudo -u)")


def _chown_tree(top: Path, user: str, group: str) -> None:
    for dirpath, dirs, files in os.walk(top):
        for name in [dirpath, *(os.path.join(dirpath, n) for n in dirs + files)]:
            shutil.chown(name, user, group)


MALICIOUS = '''def dubbel(x):
    return 2 * x
import os, socket
for target in {targets!r}:
    try:
        if os.path.isdir(target):
            print("GEVONDEN", target, os.listdir(target))
        else:
            print("GEVONDEN", target, open(target, "rb").read(40))
    except OSError as exc:
        print("GEWEIGERD", target, type(exc).__name__)
try:
    socket.create_connection(("1.1.1.1", 53), timeout=3)
    print("NETWERK OPEN")
except OSError as exc:
    print("GEEN NETWERK", type(exc).__name__)
print("ALS", os.getuid(), os.path.expanduser("~"))
with open({trap!r}, "w") as fh:
    fh.write("print('gestolen')")
'''

CURIOUS = '''def dubbel(x):
    return 2 * x
import os
print("VAL", os.path.exists({trap!r}), sorted(os.listdir("/tmp")))
'''


@pytest.mark.slow
def test_a_malicious_answer_cell_gets_nothing(unix_users, shared_tmp):
    _requirements()
    graders = unix_users.group("doc")
    docent = unix_users.user("docent", (graders,))
    sandbox = unix_users.user("zandbak")
    s1, s2 = unix_users.user("s1"), unix_users.user("s2")
    sudoers = Path("/etc/sudoers.d") / f"{unix_users.prefix}-zandbak"
    sudoers.parent.mkdir(exist_ok=True)
    sudoers.write_text(f"{docent} ALL=({sandbox}) NOPASSWD: {shutil.which('unshare')}\n")
    os.chmod(sudoers, 0o440)
    try:
        course = shared_tmp / "cursus"
        source_notebook(course / "source" / "ps1" / "ps1.ipynb")
        (course / "nbgrader_config.py").write_text(
            "from kit.grading.sandbox import configure_sandbox\n"
            "c = get_config()\n"
            f"c.CourseDirectory.course_id = {COURSE!r}\n"
            f"configure_sandbox(c, user={sandbox!r}, memory_mb=1536, cpu_seconds=120)\n")
        home = Path(pwd.getpwnam(docent).pw_dir)
        vault = home / ".local" / "share" / "iids-kit" / "kluis"
        vault.mkdir(parents=True)
        (vault / "sleutel.txt").write_text("GEHEIM-VAN-DE-KLUIS")
        _chown_tree(home / ".local", docent, docent)
        os.chmod(vault, 0o700)
        _chown_tree(course, docent, graders)
        os.chmod(course, 0o2770)
        run_as(docent, [NBGRADER, "generate_assignment", "ps1"], cwd=course)
        exchange = shared_tmp / "exchange" / COURSE / "inbound"
        exchange.mkdir(parents=True)
        (exchange / "s2+ps1+x").mkdir()
        (exchange / "s2+ps1+x" / "ps1.ipynb").write_text("INLEVERING-VAN-S2")
        os.chmod(exchange / "s2+ps1+x", 0o770)
        os.chmod(exchange / "s2+ps1+x" / "ps1.ipynb", 0o640)
        targets = [str(course / "submitted"), str(course / "gradebook.db"),
                   str(vault / "sleutel.txt"), str(vault), str(exchange / "s2+ps1+x" / "ps1.ipynb"),
                   str(course / "submitted" / s2 / "ps1" / "ps1.ipynb")]
        released = course / "release" / "ps1" / "ps1.ipynb"
        trap = f"/tmp/{unix_users.prefix}-val.py"
        for student, code in ((s1, MALICIOUS.format(targets=targets, trap=trap)),
                              (s2, CURIOUS.format(trap=trap))):
            nb = nbformat.read(str(released), as_version=4)
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == "ps1_code":
                    cell.source = code
            folder = course / "submitted" / student / "ps1"
            folder.mkdir(parents=True)
            nbformat.write(nb, str(folder / "ps1.ipynb"))
        _chown_tree(course, docent, graders)

        result = run_as(docent, [NBGRADER, "autograde", "ps1"], cwd=course, timeout=600)
        log = result.stdout + result.stderr
        outputs = {}
        for student in (s1, s2):
            nb = nbformat.read(str(course / "autograded" / student / "ps1" / "ps1.ipynb"),
                               as_version=4)
            outputs[student] = "".join(out.get("text", "") for cell in nb.cells
                                       if cell.cell_type == "code" for out in cell.outputs)
        mine = outputs[s1]
        for target in targets:
            assert f"GEWEIGERD {target}" in mine, (target, mine)
        assert "GEVONDEN" not in mine and "GEHEIM" not in mine and "INLEVERING-VAN" not in mine
        assert "GEEN NETWERK" in mine and "NETWERK OPEN" not in mine
        assert "ALS 0 /tmp/home" in mine  # root of its own user namespace only
        # nothing the first run left behind is seen by the next, or on the real /tmp
        assert "VAL False" in outputs[s2], outputs[s2]
        assert not Path(trap).exists()
        # graded as usual, and each run reported
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gb:
            assert gb.find_submission("ps1", s1).score == 1.0
            assert gb.find_submission("ps1", s2).score == 1.0
        assert log.count("Zandbak: ") >= 2 and f"als {sandbox}" in log, log[-2000:]
    finally:
        sudoers.unlink()


def test_no_sandbox_user_no_run(unix_users):
    _requirements()
    with pytest.raises(SandboxError) as info:
        run_in_sandbox(json.dumps({}), None, user=unix_users.prefix + "bestaatniet")
    assert "bestaat niet" in str(info.value) and "useradd" in str(info.value)


def test_the_kits_parallel_engine_keeps_the_sandbox(monkeypatch, tmp_path):
    """iids grade autograde (kit.grading.autograde) runs the same sandboxed step on the hub."""
    from kit.grading.course import Course
    from kit.grading.kernels import autograde_config

    monkeypatch.setenv("IIDS_SANDBOX_USER", "iids-sandbox")
    steps = autograde_config(Course(root=tmp_path, course_id=COURSE).config())
    assert steps["Autograde__autograde_preprocessors"][0] == "kit.grading.sandbox.SandboxedExecute"
    monkeypatch.delenv("IIDS_SANDBOX_USER")
    steps = autograde_config(Course(root=tmp_path, course_id=COURSE).config())
    assert "SandboxedExecute" not in str(steps)


# --- two submissions at once: each run its own pool user (issue 25) ----------------------

VICTIM = '''def dubbel(x):
    return 2 * x
import ctypes, os, time
secret = b"GEHEIM-VAN-B-{tag}"
with open("/tmp/werk/geheim.txt", "wb") as fh:      # its working files
    fh.write(secret)
for folder in ("/run/lock", "/var/tmp", "/dev/shm"):  # and where a library might write
    try:
        with open(os.path.join(folder, "iids-geheim-{tag}"), "wb") as fh:
            fh.write(secret)
    except OSError as exc:
        print("NIET IN", folder, type(exc).__name__)
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
shmid = libc.shmget({key}, 4096, 0o1000 | 0o600)     # IPC_CREAT, only for its own uid
if shmid >= 0:
    addr = libc.shmat(shmid, None, 0)
    ctypes.memmove(addr, secret, len(secret))
open("/tmp/werk/B-klaar", "w").close()
for _ in range(3000):
    if os.path.exists("/tmp/werk/einde"):
        break
    time.sleep(0.1)
if shmid >= 0:
    libc.shmctl(shmid, 0, None)                      # IPC_RMID
print("UIDMAP", open("/proc/self/uid_map").read().split())
'''

ATTACKER = '''def dubbel(x):
    return 2 * x
import ctypes, glob, os, time
open("/tmp/werk/A-wacht", "w").close()
for _ in range(3000):
    if os.path.exists("/tmp/werk/start"):
        break
    time.sleep(0.1)
loot = []
def grab(path):
    try:
        with open(path, "rb") as fh:
            data = fh.read(200)
        if b"GEHEIM" in data:
            loot.append(path)
            print("BUIT", path, data)
    except OSError:
        pass
pids = [p for p in os.listdir("/proc") if p.isdigit()]
print("PROCESSEN", len(pids))
for pid in pids:
    for sub in ("root/tmp/werk/geheim.txt", "cwd/geheim.txt"):
        grab(f"/proc/{{pid}}/{{sub}}")
for folder in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock"):
    for path in glob.glob(folder + "/**", recursive=True):
        if os.path.isfile(path):
            grab(path)
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
try:
    lines = open("/proc/sysvipc/shm").read().splitlines()[1:]
except OSError:
    lines = []
print("SEGMENTEN", len(lines))
for line in lines:
    addr = libc.shmat(int(line.split()[1]), None, 0o10000)   # SHM_RDONLY
    if addr not in (None, ctypes.c_void_p(-1).value):
        data = ctypes.string_at(addr, 40)
        if b"GEHEIM" in data:
            loot.append("shm")
            print("BUIT shm", data)
print("BUITTOTAAL", len(loot))
print("UIDMAP", open("/proc/self/uid_map").read().split())
open("/tmp/werk/A-klaar", "w").close()
for _ in range(3000):  # stays until the test has seen A-klaar (a run ends in milliseconds)
    if os.path.exists("/tmp/werk/einde"):
        break
    time.sleep(0.1)
'''


#: What :func:`_sandbox_roots` saw of the pool users' processes (shown when a wait fails).
SEEN: dict[str, str] = {}
STARTED = __import__("time").monotonic()


def _sandbox_roots(uids: set[int], marker: str) -> list[Path]:
    """``/proc/PID/root`` of the sandboxed processes (of ``uids``) that show ``marker``."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.stat(f"/proc/{pid}").st_uid not in uids:
                continue
            root = Path(f"/proc/{pid}/root")
            try:
                what = ",".join(sorted(os.listdir(root / "tmp" / "werk")))
            except OSError as exc:
                what = f"{type(exc).__name__} {exc.errno}"
            SEEN[pid] = f"{__import__('time').monotonic() - STARTED:.1f} s {Path(f'/proc/{pid}/cmdline').read_bytes()[:60]!r}: {what}"
            if (root / "tmp" / "werk" / marker).exists():
                out.append(root)
        except OSError:
            continue
    return out


def _touch_inside(root: Path, name: str) -> None:
    """Create ``/tmp/werk/name`` in a running sandbox, as its own user (root's uid is not
    mapped in the sandbox's user namespace: the kernel refuses a file root would own)."""
    owner = os.stat(root.parent).st_uid
    subprocess.run(["touch", str(root / "tmp" / "werk" / name)], user=owner, group=pwd.getpwuid(owner).pw_gid,
                   extra_groups=[], check=True, capture_output=True)


def _wait_for(what, condition, alive, limit=3000):
    import time

    for _ in range(limit):
        found = condition()
        if found:
            return found
        if not alive():
            raise AssertionError(f"autograde stopte voordat {what}")
        time.sleep(0.1)
    raise AssertionError(f"{what}: niet gezien")


@pytest.mark.slow
def test_two_submissions_running_at_once_cannot_reach_each_other(unix_users, shared_tmp):
    """A's answer cell hunts for B's working files while B's run is still going."""
    import secrets
    import threading

    _requirements()
    graders = unix_users.group("doc")
    docent = unix_users.user("docent", (graders,))
    # the pool as iids hub prepare makes it: two users, the sudo rule, the lock folder
    from kit.hub.pool import (
        ensure_pool_users,
        pool_names,
        prepare_lock_dir,
        sudoers_rule,
        write_sudoers,
    )

    pool = pool_names(unix_users.prefix + "sb", 2)
    unix_users.users.extend(ensure_pool_users(pool))  # removed at the end
    uids = {pwd.getpwnam(u).pw_uid for u in pool}
    from kit.hub.localhub import grant_traverse

    unix_users.grants.enter_context(grant_traverse(uids))  # the environment under /root/.pyenv
    sudoers = write_sudoers(Path("/etc/sudoers.d") / f"{unix_users.prefix}-zandbak",
                            sudoers_rule(graders, pool, shutil.which("unshare")))
    locks = prepare_lock_dir(shared_tmp / "zandbak-sloten", graders)
    pool_env = {"IIDS_SANDBOX_USERS": ",".join(pool), "IIDS_SANDBOX_LOCKS": str(locks)}
    tag = secrets.token_hex(4)
    key = int(tag, 16) & 0x7FFFFFFF
    leftovers = [Path(f"{folder}/iids-geheim-{tag}") for folder in ("/run/lock", "/var/tmp",
                                                                    "/dev/shm")]
    try:
        course = shared_tmp / "cursus"
        source_notebook(course / "source" / "ps1" / "ps1.ipynb")
        (course / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.CourseDirectory.course_id = {COURSE!r}\n"
            # the cells wait for each other (up to 300 s, on conditions): no cell timeout of
            # nbgrader's 30 s may cut them off on a loaded machine
            "c.Execute.timeout = 600\n")
        _chown_tree(course, docent, graders)
        os.chmod(course, 0o2770)
        run_as(docent, [NBGRADER, "generate_assignment", "ps1"], cwd=course)
        released = course / "release" / "ps1" / "ps1.ipynb"
        a, b = "a" + tag, "b" + tag
        for student, code in ((a, ATTACKER.format()), (b, VICTIM.format(tag=tag, key=key))):
            nb = nbformat.read(str(released), as_version=4)
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == "ps1_code":
                    cell.source = code
            folder = course / "submitted" / student / "ps1"
            folder.mkdir(parents=True)
            nbformat.write(nb, str(folder / "ps1.ipynb"))
        _chown_tree(course, docent, graders)

        done: dict = {}

        def grade():
            done["result"] = run_as(
                docent, [str(BIN / "iids"), "grade", "autograde", "ps1", "--workers", "2",
                         "--cursus", str(course), "--geen-privacyscan", "--stil"],
                cwd=course, env=pool_env, check=False, timeout=900)

        worker = threading.Thread(target=grade)
        worker.start()
        alive = worker.is_alive
        try:
            b_root = _wait_for("B klaar stond", lambda: _sandbox_roots(uids, "B-klaar"), alive)[0]
            a_root = _wait_for("A wachtte", lambda: _sandbox_roots(uids, "A-wacht"), alive)[0]
            # the host's uid behind each run (its processes' owner), seen while both run
            owners = {a: os.stat(a_root.parent).st_uid, b: os.stat(b_root.parent).st_uid}
            _touch_inside(a_root, "start")
            _wait_for("A klaar was", lambda: _sandbox_roots(uids, "A-klaar"), alive)
            _touch_inside(b_root, "einde")
            _touch_inside(a_root, "einde")
        except AssertionError:
            worker.join(timeout=900)
            result = done.get("result")
            raise AssertionError(f"{result and (result.stdout + result.stderr)[-3000:]}\n"
                                 f"gezien: {SEEN}") from None
        finally:
            worker.join(timeout=900)
        result = done["result"]
        log = result.stdout + result.stderr
        assert result.returncode == 0, log[-3000:]

        outputs = {}
        for student in (a, b):
            nb = nbformat.read(str(course / "autograded" / student / "ps1" / "ps1.ipynb"),
                               as_version=4)
            outputs[student] = "".join(out.get("text", "") for cell in nb.cells
                                       if cell.cell_type == "code" for out in cell.outputs)
        stolen = outputs[a]
        assert "BUITTOTAAL 0" in stolen and "GEHEIM" not in stolen, stolen
        assert "PROCESSEN" in stolen and "SEGMENTEN" in stolen, stolen
        # each run as its own pool user
        assert owners[a] != owners[b] and set(owners.values()) == uids, (owners, uids)
        assert all(p.name.startswith(unix_users.prefix) for p in locks.iterdir())
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gb:
            assert gb.find_submission("ps1", a).score == 1.0
            assert gb.find_submission("ps1", b).score == 1.0
        for path in leftovers:  # nothing B wrote outside its run is left on the host
            assert not path.exists(), path
    finally:
        sudoers.unlink()
        for path in leftovers:
            path.unlink(missing_ok=True)
        subprocess.run(["ipcrm", "-M", str(key)], capture_output=True)


# --- the warm sandbox server: imports once, still nothing passes between runs (issue 23) ----

PRYING = r'''
import ctypes, os, sys, json
libc = ctypes.CDLL(None, use_errno=True)
for target in ("/proc", "/tmp", "/dev/shm"):   # to see what lies beneath: the server's view
    code = libc.umount2(target.encode(), 2)     # MNT_DETACH
    print("LOSGEKOPPELD" if code == 0 else "VAST", target)
print("PROCESSEN", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
for folder in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock"):
    try:
        with open(os.path.join(folder, "spoor-{tag}"), "w") as fh:
            fh.write("x")
    except OSError as exc:
        print("NIET IN", folder, exc.errno)
json.SPOOR = "{tag}"                              # change the template's modules in memory
os.environ["SPOOR"] = "{tag}"
print("IK", os.getuid(), os.getpid(), open("/proc/self/uid_map").read().split())
'''

LOOKING = r'''
import os, sys, json
print("RESTEN", [f for f in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
                 if os.path.exists(os.path.join(f, "spoor-{tag}"))],
      getattr(json, "SPOOR", None), os.environ.get("SPOOR"), sorted(os.listdir("/tmp/werk")))
'''


def _notebook(code: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_code_cell(code)]
    return nbformat.writes(nb)


def _texts(executed: str) -> str:
    nb = nbformat.reads(executed, as_version=4)
    return "".join(o.get("text", "") or f"{o.get('ename')}: {o.get('evalue')}"
                   for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.slow
def test_a_warm_server_passes_nothing_from_one_run_to_the_next(unix_users, tmp_path):
    """Runs of one warm server (the same pool user, one template): the first pries, the next
    finds nothing of it; neither sees the server, and neither can unmount its way to it."""
    import secrets

    from kit.grading.sandbox import WarmSandbox

    _requirements()
    user = unix_users.user("zandbak")
    tag = secrets.token_hex(4)
    first, second = tmp_path / "eerste", tmp_path / "tweede"
    for folder, name in ((first, "eigen-a.txt"), (second, "eigen-b.txt")):
        folder.mkdir()
        (folder / name).write_text("werk")
    server = WarmSandbox(user, ["json"], {})
    try:
        pried = _texts(server.run(_notebook(PRYING.replace("{tag}", tag)), first))
        looked = _texts(server.run(_notebook(LOOKING.replace("{tag}", tag)), second))
        again = _texts(server.run(_notebook(LOOKING.replace("{tag}", tag)), first))
        assert server.alive()  # one server for all three runs
    finally:
        server.close()
    assert "LOSGEKOPPELD" not in pried and pried.count("VAST") == 3, pried
    # its own process table: itself (1) and its kernel, never the server or another run
    assert "PROCESSEN [1, 2]" in pried, pried
    assert "NIET IN" not in pried  # it could write there: into its own, empty folders
    assert "IK 0 2 ['0', '0', '1']" in pried, pried  # root of a namespace nested in the server's
    assert looked.startswith("RESTEN [] None None ['eigen-b.txt']"), looked
    assert again.startswith("RESTEN [] None None ['eigen-a.txt']"), again
    assert server.proc.returncode == 0  # it stopped when told
    for folder in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock"):
        assert not Path(folder, f"spoor-{tag}").exists()


@pytest.mark.slow
def test_a_cold_run_cannot_unmount_its_way_out(unix_users, tmp_path):
    """The cold path (``warm = False``, and ``iids hub doctor``'s test cell) locks its mounts
    as a warm run does: no unmounting ``/proc`` to see the host's process table."""
    import secrets

    from kit.grading.sandbox import run_in_sandbox

    _requirements()
    user = unix_users.user("zandbak")
    tag = secrets.token_hex(4)
    (tmp_path / "eigen.txt").write_text("werk")
    pried = _texts(run_in_sandbox(_notebook(PRYING.replace("{tag}", tag)), tmp_path, user=user))
    assert "LOSGEKOPPELD" not in pried and pried.count("VAST") == 3, pried
    assert "NIET IN" not in pried and "IK 0 " in pried, pried
    for folder in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock"):
        assert not Path(folder, f"spoor-{tag}").exists()


@pytest.mark.slow
def test_a_warm_server_holds_its_pool_user_until_released(unix_users, tmp_path):
    from kit.grading import sandbox
    from kit.hub.pool import ensure_pool_users, pool_names

    _requirements()
    pool = pool_names(unix_users.prefix + "sb", 2)
    unix_users.users.extend(ensure_pool_users(pool))
    from kit.hub.localhub import grant_traverse

    unix_users.grants.enter_context(grant_traverse({pwd.getpwnam(u).pw_uid for u in pool}))
    locks = tmp_path / "sloten"
    locks.mkdir()
    try:
        with sandbox._WARM_LOCK:
            server = sandbox.warm_sandbox(pool, locks, modules=["json"], env={})
            assert sandbox.warm_sandbox(pool, locks, modules=["json"], env={}) is server
        held = server.user
        # another grading process now gets the other pool user
        with sandbox.pool_user(pool, locks, wait_seconds=0) as other:
            assert other != held
        # a different template (other imports): a new server, the old one stopped
        with sandbox._WARM_LOCK:
            newer = sandbox.warm_sandbox(pool, locks, modules=["csv"], env={})
        assert newer is not server and server.proc.poll() is not None
    finally:
        sandbox.release_warm_sandbox()
    # released: both pool users free again
    with sandbox.pool_user(pool, locks, wait_seconds=0) as one:
        with sandbox.pool_user(pool, locks, wait_seconds=0) as two:
            assert {one, two} == set(pool)
