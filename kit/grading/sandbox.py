"""Autograde in a sandbox: student code never runs as the lecturer.

nbgrader runs every submitted notebook in a kernel of whoever runs ``autograde``: the
lecturer. A student's answer cell can then read every other submission, the gradebook and
the lecturer's vault, and copy them where the student can read them (issue 25). Here the
execution step of nbgrader's autograde (its ``Execute`` preprocessor) is replaced by
:class:`SandboxedExecute`, which hands the notebook and a copy of its submission folder to
a fresh process that:

- runs as an unprivileged Unix user of the sandbox pool (``iids-sb-01`` ... ``iids-sb-08``,
  made by ``iids hub prepare``; through ``sudo -n -u`` when the grader is not root, with a
  sudoers rule that names exactly the pool's users, see deploy/README.md), which cannot read
  the course folder (2770, group graders), the exchange's submissions (770), the lecturer's
  home (700) or the vault (700). Every run that is going on holds one pool user (an
  ``flock`` on ``<lock_dir>/<user>.lock``, shared by all graders and grading processes), so
  two submissions graded at the same time never share a uid: files one run writes (mode
  0600, umask 077) are not the other's;
- in new namespaces (``unshare --user --net --mount --pid --ipc``): no network interface but
  its own loopback, an empty private ``/tmp``, ``/var/tmp``, ``/dev/shm`` and ``/run/lock`` that
  vanish with the run, its own process table (it cannot see or trace other runs, all its
  processes end with it) and its own System V shared memory and message queues;
- with limits (``setrlimit``): address space, CPU seconds, file size, processes, and a wall
  time after which everything is stopped.

The executed notebook comes back over a pipe; nbgrader grades it as usual, in the
lecturer's process.

Warm (the default, :class:`WarmSandbox`): each grading process starts that sandbox once per
pool user, as a server (``sandbox_run.py --server``) that imports ipykernel, nbclient and
the libraries of the lecturer's cells once, holds its pool user while the process grades
(freed after ``idle_seconds`` without a run), and forks every run from that template into
namespaces of its own again (user, mount, process, network, IPC; nested in the server's, so
the server's mounts are locked and the server is out of sight and reach), with a fresh empty
``/tmp`` and the same limits. No student code runs in the server: nothing passes from one
student to the next. ``warm = False`` starts every run from scratch. Each run is reported in the log (user, limits, duration, outcome), and a
run that could not be sandboxed fails that submission with a Dutch message: there is no
fallback to running unsandboxed.

Limits (documented in deploy/README.md): with a single sandbox user instead of a pool
(``configure_sandbox(c, user=...)``, the older set-up) runs in parallel share one uid and are
kept apart by the namespaces only; student
code can still change its own notebook's outputs (as always with nbgrader: hidden tests
help); world-readable files of the system (``/usr``, ``/etc/passwd``) stay readable;
a kernel exploit is out of scope.

Use it in ``nbgrader_config.py`` (the hub's docent role does this)::

    from kit.grading.sandbox import configure_sandbox
    configure_sandbox(c, users=["iids-sb-01", "iids-sb-02"], lock_dir="/var/lib/iids-hub/zandbak")

>>> from traitlets.config import Config
>>> c = Config()
>>> configure_sandbox(c, user="iids-sandbox")
>>> c.Autograde.autograde_preprocessors[0]
'kit.grading.sandbox.SandboxedExecute'
>>> sandbox_command("iids-sandbox", euid=1000)[:5]
['sudo', '-n', '-u', 'iids-sandbox', '--']
"""

from __future__ import annotations

import contextlib
import io
import os
import pwd
import shutil
import struct
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from nbgrader.preprocessors import Execute
from traitlets import Bool, Int, List, Unicode

__all__ = ["SandboxedExecute", "SandboxError", "configure_sandbox", "configure_from_env",
           "sandbox_command",
           "run_in_sandbox", "pool_user", "acquire_pool_user", "WarmSandbox", "warm_sandbox",
           "release_warm_sandbox", "lecturer_imports", "RUNNER", "RUNNER_ENV", "UNSHARE_ARGS",
           "DEFAULT_LOCK_DIR"]

RUNNER = Path(__file__).resolve().parent / "sandbox_run.py"
UNSHARE_ARGS = ["--user", "--map-root-user", "--net", "--mount", "--pid", "--ipc", "--fork",
                "--mount-proc", "--kill-child"]
DEFAULT_USER = "iids-sandbox"
DEFAULT_LOCK_DIR = "/var/lib/iids-hub/zandbak"
#: The environment the sandbox is started with (nothing of the lecturer's).
RUNNER_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}


class SandboxError(RuntimeError):
    """The sandbox could not run a notebook (its Dutch message says why)."""


def sandbox_command(user: str, *, euid: int | None = None,
                    unshare: str | None = None) -> list[str]:
    """The command prefix that starts a process as ``user`` in new namespaces.

    Root switches user itself (see :func:`run_in_sandbox`); anyone else goes through
    ``sudo -n -u user`` (``-n``: fail at once instead of asking for a password).

    >>> sandbox_command("zb", euid=0, unshare="/usr/bin/unshare")[:2]
    ['/usr/bin/unshare', '--user']
    """
    euid = os.geteuid() if euid is None else euid
    unshare = unshare or shutil.which("unshare") or "/usr/bin/unshare"
    prefix = [] if euid == 0 else ["sudo", "-n", "-u", user, "--"]
    return prefix + [unshare, *UNSHARE_ARGS]


def _tar(folder: str | os.PathLike | None) -> bytes:
    """A tar of the submission folder (empty without one)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:") as tar:
        if folder and os.path.isdir(folder):
            for name in sorted(os.listdir(folder)):
                tar.add(os.path.join(folder, name), arcname=name)
    return buffer.getvalue()


def _pack(notebook_json: str, folder: str | os.PathLike | None) -> bytes:
    """The runner's stdin: length, notebook JSON, tar of the submission folder."""
    data = notebook_json.encode("utf-8")
    return struct.pack(">I", len(data)) + data + _tar(folder)


def _checked_user(user: str):
    """The sandbox user's passwd entry, or a Dutch :class:`SandboxError`."""
    try:
        info = pwd.getpwnam(user)
    except KeyError:
        raise SandboxError(f"de zandbakgebruiker '{user}' bestaat niet; de beheerder maakt hem "
                           f"met: useradd --system --no-create-home --shell /usr/sbin/nologin "
                           f"{user} (zie deploy/README.md)") from None
    if info.pw_uid == 0 or info.pw_uid == os.geteuid():
        raise SandboxError(f"de zandbakgebruiker '{user}' moet een eigen, gewone gebruiker zijn "
                           "(niet root en niet de docent zelf)")
    return info


def _as_user(info) -> dict:
    """``subprocess`` arguments that switch to the sandbox user (root only; others use sudo)."""
    if os.geteuid() == 0:
        return {"user": info.pw_uid, "group": info.pw_gid, "extra_groups": []}
    return {}


def _why(user: str, returncode: int | None, stderr: bytes) -> str:
    """The Dutch reason a sandbox did not run, from its stderr."""
    messages = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines()
                if ln.strip()]
    mine = [ln[len("zandbak: "):] for ln in messages if ln.startswith("zandbak: ")]
    if mine:
        return mine[-1]
    if any("password is required" in ln or "a password" in ln or "sudoers" in ln
           for ln in messages):
        return (f"deze docent mag geen code draaien als '{user}': de beheerder "
                f"zet de sudo-regel uit deploy/README.md (/etc/sudoers.d/iids-zandbak)")
    detail = messages[-1] if messages else f"exitcode {returncode}"
    return f"de zandbak liep niet: {detail[:200]}"


def run_in_sandbox(notebook_json: str, folder: str | os.PathLike | None, *,
                   user: str = DEFAULT_USER, memory_mb: int = 2048, cpu_seconds: int = 300,
                   wall_seconds: int = 600, cell_timeout: int = 60, kernel: str = "python3",
                   env: dict[str, str] | None = None) -> str:
    """Execute a notebook as ``user`` in the sandbox and return the executed notebook's JSON.

    Args:
        notebook_json: the notebook (nbformat JSON).
        folder: the submission folder; its files are copied in (the notebook's working folder).
        user: the sandbox's Unix user.
        memory_mb, cpu_seconds, wall_seconds, cell_timeout: the limits.
        kernel: the kernel name.
        env: extra environment variables for the kernel.

    Raises:
        SandboxError: with a Dutch message, when the sandbox could not be set up or the
            run went over its wall time.
    """
    info = _checked_user(user)
    args = [sys.executable, "-I", str(RUNNER), "--memory", str(memory_mb * 1024 * 1024),
            "--cpu", str(cpu_seconds), "--wall", str(wall_seconds),
            "--cell-timeout", str(cell_timeout), "--kernel", kernel]
    for name, value in (env or {}).items():
        args += ["--env", f"{name}={value}"]
    command = sandbox_command(user) + args
    try:
        proc = subprocess.run(command, input=_pack(notebook_json, folder), capture_output=True,
                              timeout=wall_seconds + 60, cwd="/", env=RUNNER_ENV,
                              **_as_user(info))
    except subprocess.TimeoutExpired:
        raise SandboxError(f"de zandbak stopte niet binnen {wall_seconds + 60} s") from None
    except FileNotFoundError as exc:
        raise SandboxError(f"{exc.filename} ontbreekt (nodig voor de zandbak)") from None
    if proc.returncode != 0 or not proc.stdout:
        raise SandboxError(_why(user, proc.returncode, proc.stderr))
    return proc.stdout.decode("utf-8")


class WarmSandbox:
    """A warm sandbox server (``sandbox_run.py --server``) for one pool user.

    Started once per grading process and pool user, as that user and in new namespaces,
    like a single run; it imports ipykernel, nbclient and the lecturer's cells' libraries
    once. Every :meth:`run` is still a fresh process in namespaces of its own (own ``/tmp``,
    process table, network and IPC, nested user namespace), forked from a server in which
    no student code ever runs. Only one run at a time.
    """

    def __init__(self, user: str, modules: list[str], env: dict[str, str] | None = None) -> None:
        info = _checked_user(user)
        self.user, self.modules, self.owner = user, list(modules), os.getpid()
        args = [sys.executable, "-I", str(RUNNER), "--server"]
        for module in self.modules:
            args += ["--preload", module]
        for name, value in (env or {}).items():
            args += ["--env", f"{name}={value}"]
        import tempfile

        self._stderr = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(sandbox_command(user) + args, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._stderr,
                                         bufsize=0, cwd="/", env=RUNNER_ENV, **_as_user(info))
        except FileNotFoundError as exc:
            raise SandboxError(f"{exc.filename} ontbreekt (nodig voor de zandbak)") from None
        if self._read_line(120) != b"klaar":
            raise SandboxError(self._stopped())

    def _stopped(self) -> str:
        """Stop the server; the Dutch reason it stopped (from its stderr)."""
        self.close()
        self._stderr.seek(0)
        return _why(self.user, self.proc.returncode, self._stderr.read())

    def _read(self, size: int, timeout: float) -> bytes:
        import select

        data = b""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                break
            chunk = os.read(fd, size - len(data))
            if not chunk:
                break
            data += chunk
        return data

    def _read_line(self, timeout: float) -> bytes:
        line = b""
        while not line.endswith(b"\n"):
            chunk = self._read(1, timeout)
            if not chunk:
                return line.strip()
            line += chunk
        return line.strip()

    def alive(self) -> bool:
        return os.getpid() == self.owner and self.proc.poll() is None

    def run(self, notebook_json: str, folder: str | os.PathLike | None, *,
            memory_mb: int = 2048, cpu_seconds: int = 300, wall_seconds: int = 600,
            cell_timeout: int = 60, kernel: str = "python3", env: dict[str, str] | None = None,
            fsize: int = 256 * 1024 * 1024, nproc: int = 256) -> str:
        """Execute one notebook in its own run; the executed notebook's JSON."""
        import json

        items = [f"{name}={value}" for name, value in (env or {}).items()]
        settings = json.dumps({"memory": memory_mb * 1024 * 1024, "cpu": cpu_seconds,
                               "wall": wall_seconds, "cell_timeout": cell_timeout,
                               "kernel": kernel, "env": items, "fsize": fsize,
                               "nproc": nproc}).encode()
        parts = [settings, notebook_json.encode("utf-8"), _tar(folder)]
        try:
            self.proc.stdin.write(b"".join(struct.pack(">I", len(p)) + p for p in parts))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise SandboxError(self._stopped()) from None
        head = self._read(5, wall_seconds + 60)
        if len(head) < 5:
            if self.proc.poll() is None:
                self.close()
                raise SandboxError(f"de zandbak stopte niet binnen {wall_seconds + 60} s")
            raise SandboxError(self._stopped())
        code, length = struct.unpack(">BI", head)
        payload = self._read(length, 120)
        if len(payload) < length:
            raise SandboxError(self._stopped())
        if code != 0:
            raise SandboxError(payload.decode("utf-8", "replace"))
        return payload.decode("utf-8")

    def close(self) -> None:
        """Stop the server (its stdin closes; it leaves at once)."""
        if os.getpid() != self.owner:
            return
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


@contextlib.contextmanager
def pool_user(users: list[str], lock_dir: str | os.PathLike | None, *,
              wait_seconds: float = 900) -> Iterator[str]:
    """Hold one free user of the sandbox pool for as long as the ``with`` block runs.

    Each pool user has a lock file in ``lock_dir`` (made by ``iids hub prepare``, group
    graders, 2770); an exclusive ``flock`` on it is held by the process that runs a
    submission as that user, so runs at the same time, in any process of any grader, never
    share a uid. When every user is busy this waits (up to ``wait_seconds``).

    A single user without a lock folder is the older set-up: it is handed out to every run.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with pool_user(["sb-01", "sb-02"], folder) as first:
    ...     with pool_user(["sb-01", "sb-02"], folder) as second:
    ...         sorted([first, second])
    ['sb-01', 'sb-02']
    >>> try:
    ...     with pool_user(["sb-01", "sb-02"], folder + "/nee"):
    ...         pass
    ... except SandboxError as exc:
    ...     "iids hub prepare" in str(exc)
    True
    """
    user, handle = acquire_pool_user(users, lock_dir, wait_seconds=wait_seconds)
    try:
        yield user
    finally:
        if handle is not None:
            os.close(handle)  # releases the lock


def acquire_pool_user(users: list[str], lock_dir: str | os.PathLike | None, *,
                      wait_seconds: float = 900) -> tuple[str, int | None]:
    """A free pool user and the open lock file that holds it (close it to free the user;
    ``None``: the older single-user set-up, nothing to hold). See :func:`pool_user`."""
    import fcntl
    import random

    users = [u for u in users if u]
    if not users:
        raise SandboxError("geen zandbakgebruikers ingesteld (IIDS_HUB_SANDBOX_POOL)")
    if lock_dir is None or (len(users) == 1 and not os.path.isdir(lock_dir)
                            and str(lock_dir) == DEFAULT_LOCK_DIR):
        return users[0], None
    if not os.path.isdir(lock_dir):
        raise SandboxError(f"de map voor de zandbakgebruikers {lock_dir} ontbreekt; de "
                           "beheerder maakt hem met: iids hub prepare (deploy/README.md)")
    offset = random.randrange(len(users))
    deadline = time.monotonic() + wait_seconds
    while True:
        for i in range(len(users)):
            user = users[(offset + i) % len(users)]
            path = os.path.join(lock_dir, f"{user}.lock")
            try:
                handle = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o660)
            except OSError as exc:
                raise SandboxError(f"kan {path} niet openen ({exc.strerror}); de beheerder "
                                   "zet de map goed met: iids hub prepare") from None
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                continue
            return user, handle
        if time.monotonic() > deadline:
            raise SandboxError(f"alle {len(users)} zandbakgebruikers bleven {wait_seconds:.0f} s "
                               "bezet; nakijken met minder workers of een grotere pool "
                               "(IIDS_HUB_SANDBOX_POOL)")
        time.sleep(0.2)


#: This process's warm sandbox: {"pid", "server", "handle", "key", "timer"} (see warm_sandbox).
_WARM: dict = {}
_WARM_LOCK = threading.RLock()


def warm_sandbox(users: list[str], lock_dir: str | os.PathLike | None, *, modules: list[str],
                 env: dict[str, str], wait_seconds: float = 900) -> WarmSandbox:
    """This process's warm sandbox server for ``modules``, holding one pool user.

    Started at the first submission a grading process runs, and kept (with its pool user)
    for the next ones until :func:`release_warm_sandbox`, the end of the process, or
    ``idle`` seconds without a run (see :meth:`SandboxedExecute.preprocess`). A process
    forked from the owner never uses the owner's server. Call with ``_WARM_LOCK`` held.
    """
    if _WARM.get("pid") != os.getpid():
        _WARM.clear()  # inherited from the process we were forked from: not ours
    key = (tuple(users), str(lock_dir), tuple(modules), tuple(sorted(env.items())))
    server = _WARM.get("server")
    if server is not None and _WARM.get("key") == key and server.alive():
        return server
    release_warm_sandbox()
    user, handle = acquire_pool_user(users, lock_dir, wait_seconds=wait_seconds)
    try:
        server = WarmSandbox(user, modules, env)
    except BaseException:
        if handle is not None:
            os.close(handle)
        raise
    _WARM.update(pid=os.getpid(), server=server, handle=handle, key=key)
    return server


def release_warm_sandbox() -> None:
    """Stop this process's warm sandbox server and free its pool user."""
    with _WARM_LOCK:
        if _WARM.get("pid") != os.getpid():
            _WARM.clear()
            return
        timer = _WARM.pop("timer", None)
        if timer is not None:
            timer.cancel()
        server, handle = _WARM.pop("server", None), _WARM.pop("handle", None)
        _WARM.clear()
        if server is not None:
            server.close()
        if handle is not None:
            os.close(handle)


def _release_when_idle(seconds: float) -> None:
    """Free the pool user after ``seconds`` without a run (a long-lived process, such as
    the formgrader's Jupyter server, must not hold it between grading runs)."""
    old = _WARM.pop("timer", None)
    if old is not None:
        old.cancel()
    timer = threading.Timer(seconds, release_warm_sandbox)
    timer.daemon = True
    _WARM["timer"] = timer
    timer.start()


def lecturer_imports(nb) -> list[str]:
    """The modules the lecturer's code cells import (locked cells and tests, which nbgrader
    has put back from the gradebook before execution); a student's own cells are not read,
    so a submission cannot choose what the warm server imports.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("import pandas"),
    ...             nbformat.v4.new_code_cell("import json", metadata={"nbgrader": {
    ...                 "locked": True, "grade": False, "solution": False}}),
    ...             nbformat.v4.new_code_cell("import csv", metadata={"nbgrader": {
    ...                 "locked": False, "grade": True, "solution": True}})]
    >>> lecturer_imports(nb)
    ['json']
    """
    from kit.grading.forkserver import modules_to_preload

    sources = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and not meta.get("solution") and (
                meta.get("locked") or meta.get("grade")):
            sources.append(cell.source)
    return modules_to_preload(sources)


class SandboxedExecute(Execute):
    """nbgrader's Execute step, but the kernel runs in the sandbox as another user."""

    sandbox_user = Unicode(DEFAULT_USER, help="Unix user that runs student code (one user "
                           "for every run; sandbox_users takes precedence)").tag(config=True)
    sandbox_users = List(Unicode(), help="the sandbox pool: each run at the same time gets "
                         "its own user").tag(config=True)
    lock_dir = Unicode(DEFAULT_LOCK_DIR, help="folder with the pool's lock files "
                       "(iids hub prepare)").tag(config=True)
    memory_mb = Int(2048, help="address space per run (MB)").tag(config=True)
    cpu_seconds = Int(300, help="CPU seconds per run").tag(config=True)
    wall_seconds = Int(900, help="seconds per notebook before it is stopped").tag(config=True)
    warm = Bool(True, help="one warm sandbox server per grading process and pool user "
                "(ipykernel and the lecturer's libraries imported once; every notebook still "
                "runs in a fresh process with namespaces of its own); False: every notebook "
                "starts the sandbox from scratch").tag(config=True)
    idle_seconds = Int(60, help="free the warm server's pool user after this many seconds "
                       "without a run").tag(config=True)

    def preprocess(self, nb, resources):
        import nbformat

        folder = resources.get("metadata", {}).get("path")
        student = resources.get("nbgrader", {}).get("student", "?")
        kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
        env = {name: os.environ[name] for name in ("PYTHONPATH", "IIDS_DEDUCE_CACHE", "LANG")
               if os.environ.get(name)}
        start = time.monotonic()
        users = list(self.sandbox_users) or [self.sandbox_user]
        user = users[0]
        limits = {"memory_mb": self.memory_mb, "cpu_seconds": self.cpu_seconds,
                  "wall_seconds": self.wall_seconds, "cell_timeout": self.timeout or 60,
                  "kernel": kernel}
        try:
            if self.warm:
                with _WARM_LOCK:
                    server = warm_sandbox(users, self.lock_dir, modules=lecturer_imports(nb),
                                          env=env, wait_seconds=self.wall_seconds)
                    user = server.user
                    try:
                        executed = server.run(nbformat.writes(nb), folder, env=env, **limits)
                    except SandboxError:
                        release_warm_sandbox()  # the next submission starts a new one
                        raise
                    _release_when_idle(self.idle_seconds)
            else:
                with pool_user(users, self.lock_dir, wait_seconds=self.wall_seconds) as user:
                    executed = run_in_sandbox(nbformat.writes(nb), folder, user=user, env=env,
                                              **limits)
        except SandboxError as exc:
            self.log.error("Zandbak: %s niet nagekeken: %s", student, exc)
            raise
        result = nbformat.reads(executed, as_version=4)
        errors = sum(1 for cell in result.cells if cell.cell_type == "code"
                     for out in cell.get("outputs", []) if out.get("output_type") == "error")
        self.log.info("Zandbak: %s uitgevoerd als %s (geen netwerk, eigen /tmp, max %d MB, "
                      "%d s CPU) in %.1f s; %d cel(len) met een fout", student,
                      user, self.memory_mb, self.cpu_seconds,
                      time.monotonic() - start, errors)
        # keep nbgrader's cell objects (ids, metadata) and take over the outputs
        if len(result.cells) != len(nb.cells):
            raise SandboxError(f"de zandbak gaf {len(result.cells)} cellen terug in plaats van "
                               f"{len(nb.cells)}; {student} niet nagekeken")
        for cell, done in zip(nb.cells, result.cells, strict=True):
            if cell.cell_type == "code":
                cell.outputs = done.get("outputs", [])
                cell.execution_count = done.get("execution_count")
        return nb, resources


def configure_sandbox(c, *, user: str = DEFAULT_USER, memory_mb: int | None = None,
                      cpu_seconds: int | None = None, users: list[str] | None = None,
                      lock_dir: str | None = None) -> None:
    """Make nbgrader's autograde run student code in the sandbox (in ``nbgrader_config.py``).

    Args:
        c: the traitlets config.
        user: the sandbox's Unix user (when there is no pool).
        users: the sandbox pool (``iids hub prepare``): every run at the same time its own user.
        lock_dir: the pool's lock folder (default /var/lib/iids-hub/zandbak).
        memory_mb, cpu_seconds: limits per notebook (defaults: 2048 MB, 300 s).
    """
    from nbgrader.converters import Autograde

    names = []
    for pp in Autograde.class_traits()["autograde_preprocessors"].default():
        name = pp if isinstance(pp, str) else f"{pp.__module__}.{pp.__name__}"
        names.append("kit.grading.sandbox.SandboxedExecute" if name.endswith(".execute.Execute")
                     else name)
    c.Autograde.autograde_preprocessors = names
    c.SandboxedExecute.sandbox_user = user
    if users:
        c.SandboxedExecute.sandbox_users = list(users)
    if lock_dir:
        c.SandboxedExecute.lock_dir = str(lock_dir)
    if memory_mb:
        c.SandboxedExecute.memory_mb = memory_mb
    if cpu_seconds:
        c.SandboxedExecute.cpu_seconds = cpu_seconds


def _whole_number(env, name: str) -> int | None:
    """A positive whole number from the environment (empty or 0: none), else a Dutch error.

    >>> _whole_number({"X": "2048"}, "X"), _whole_number({}, "X")
    (2048, None)
    >>> _whole_number({"X": "2 GB"}, "X")
    Traceback (most recent call last):
    kit.errors.InputError: omgevingsvariabele X: '2 GB' is geen heel getal (bijvoorbeeld 2048)
    """
    from kit.errors import InputError

    value = str(env.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError(f"'{value}' is geen heel getal (bijvoorbeeld 2048)",
                         place=f"omgevingsvariabele {name}")
    return int(value) or None


def configure_from_env(c, env: dict[str, str] | None = None) -> bool:
    """Sandbox autograde when ``IIDS_SANDBOX_USER`` or ``IIDS_SANDBOX_USERS`` (the pool, with
    ``IIDS_SANDBOX_LOCKS``) is set (the hub sets them for the course team).

    The kit's own ``iids grade autograde`` builds its nbgrader config from the course folder;
    this makes it use the sandbox exactly where ``nbgrader autograde`` does.

    >>> from traitlets.config import Config
    >>> c = Config()
    >>> configure_from_env(c, {"IIDS_SANDBOX_USER": "iids-sandbox", "IIDS_SANDBOX_MEM_MB": "1024"})
    True
    >>> c.SandboxedExecute.memory_mb
    1024
    >>> configure_from_env(Config(), {})
    False
    >>> c = Config()
    >>> configure_from_env(c, {"IIDS_SANDBOX_USERS": "sb-01,sb-02", "IIDS_SANDBOX_LOCKS": "/l"})
    True
    >>> c.SandboxedExecute.sandbox_users, c.SandboxedExecute.lock_dir
    (['sb-01', 'sb-02'], '/l')
    """
    env = os.environ if env is None else env
    users = [u.strip() for u in env.get("IIDS_SANDBOX_USERS", "").split(",") if u.strip()]
    user = env.get("IIDS_SANDBOX_USER", "").strip() or (users[0] if users else "")
    if not user:
        return False
    configure_sandbox(c, user=user, memory_mb=_whole_number(env, "IIDS_SANDBOX_MEM_MB"),
                      cpu_seconds=_whole_number(env, "IIDS_SANDBOX_CPU_S"),
                      users=users or None,
                      lock_dir=env.get("IIDS_SANDBOX_LOCKS", "").strip() or None)
    return True
