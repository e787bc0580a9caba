"""The inside of the autograde sandbox: runs one notebook and prints the executed notebook.

This file is run as a script (``python sandbox_run.py ...``) by :mod:`kit.grading.sandbox`,
as the unprivileged sandbox user, inside ``unshare --user --map-root-user --net --mount
--pid --fork --mount-proc``. It runs with ``python -I``; of the kit it imports only the
kernel client's channels (:mod:`kit.grading.channels`) and, as a server, the template's
imports (:func:`kit.grading.forkserver.preload`): the sandbox user can read the kit, since
this file and the course notebooks' imports live there.

Before any student code runs it:

1. checks that the network namespace has no interface but ``lo`` (so no network), and
   brings ``lo`` up (the kernel and this process talk over Unix sockets in the private
   ``/tmp``, never over TCP);
2. mounts an empty, private tmpfs on ``/tmp``, ``/var/tmp``, ``/dev/shm`` and ``/run/lock``
   (every folder where anyone may write: nothing left by an earlier run, nothing left for a
   later one), makes ``/tmp/home`` the home folder and sets the umask to 077;
3. sets CPU, memory, file-size and process limits (``setrlimit``) that the kernel inherits;
4. unpacks the submission folder (a tar on stdin after the notebook) in ``/tmp/werk``;
5. enters one more user and mount namespace, nested in the first, so every mount above is
   locked: student code cannot unmount ``/proc`` or ``/tmp`` to see what lies beneath.

With ``--server`` it stays (see :func:`serve`): set up once, import once, then run each
request on stdin in a child with namespaces of its own, forked from this template.

Protocol (one run): stdin holds a 4-byte big-endian length, the notebook JSON of that length, then a
tar archive of the submission folder. stdout gets the executed notebook's JSON. Exit codes:
0 done, 3 the sandbox could not be set up (nothing ran), 4 the run took longer than the wall
time limit.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import fcntl
import io
import os
import resource
import signal
import socket
import struct
import sys
import tarfile

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
#: the folders where anyone may write (``/var/lock`` is a link to ``/run/lock``)
WRITABLE_BY_ALL = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock")


#: In a warm server's run: the pipe the run's result goes back through (its refusals too).
_RESULT_FD: list[int] = []


_LIBC: list = []


def _libc():
    """The C library (looked up once: the lookup starts helper processes)."""
    if not _LIBC:
        _LIBC.append(ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True))
    return _LIBC[0]


def _refuse(message: str, code: int = 3) -> None:
    sys.stderr.write(f"zandbak: {message}\n")
    sys.stderr.flush()
    if _RESULT_FD:
        _send_result(_RESULT_FD[0], code, message.encode("utf-8"))
    os._exit(code)


def _send_result(fd: int, code: int, payload: bytes) -> None:
    data = struct.pack(">B", code) + payload
    while data:
        data = data[os.write(fd, data):]


def _mount_tmpfs(target: str) -> None:
    libc = _libc()
    flags = 0x2 | 0x4  # MS_NOSUID | MS_NODEV
    if libc.mount(b"tmpfs", target.encode(), b"tmpfs", flags, b"mode=1777,size=512m") != 0:
        err = ctypes.get_errno()
        _refuse(f"kan geen eigen {target} maken ({os.strerror(err)})")


def _kept_under(target: str, paths) -> list[str]:
    """The outermost of ``paths`` that lie under ``target``: the Python environment and the
    kit's own folders, which must stay visible when an empty tmpfs covers ``target``.

    >>> _kept_under("/tmp", ["/tmp/k/.venv", "/tmp/k", "/usr/lib", "/tmp/k/.venv/lib", "/tmpx"])
    ['/tmp/k']
    """
    inside = sorted({os.path.normpath(p) for p in paths if p
                     and os.path.normpath(p).startswith(target.rstrip("/") + "/")})
    kept: list[str] = []
    for path in inside:
        if not any(path.startswith(k + "/") for k in kept):
            kept.append(path)
    return kept


def _mount_tmpfs_keeping(target: str, keep: list[str]) -> None:
    """An empty tmpfs on ``target``, with ``keep`` (folders under it) bound back in place."""
    libc = _libc()
    handles = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY)) for path in keep
               if os.path.isdir(path)]
    _mount_tmpfs(target)
    for path, handle in handles:
        os.makedirs(path, exist_ok=True)
        source = f"/proc/self/fd/{handle}".encode()
        if libc.mount(source, path.encode(), None, 0x1000 | 0x4000, None) != 0:  # MS_BIND|MS_REC
            err = ctypes.get_errno()
            _refuse(f"kan {path} niet zichtbaar houden in de zandbak ({os.strerror(err)})")
        os.close(handle)


def _network_off() -> None:
    names = [name for _index, name in socket.if_nameindex()]
    if names != ["lo"]:
        _refuse(f"er is netwerk in de zandbak ({', '.join(names)}); start met unshare --net")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        req = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(sock, SIOCGIFFLAGS, req + b"\0" * 22)[:18])[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP) + b"\0" * 22)


def _limits(memory: int, cpu: int, fsize: int, nproc: int) -> None:
    for limit, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu),
                         (resource.RLIMIT_FSIZE, fsize), (resource.RLIMIT_NPROC, nproc),
                         (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(limit, (value, value))


def _read_input() -> tuple[str, bytes]:
    data = sys.stdin.buffer.read()
    (length,) = struct.unpack(">I", data[:4])
    return data[4:4 + length].decode("utf-8"), data[4 + length:]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--memory", type=int, default=2 * 1024 ** 3, help="bytes of address space")
    parser.add_argument("--cpu", type=int, default=300, help="CPU seconds")
    parser.add_argument("--wall", type=int, default=900, help="seconds for the whole run")
    parser.add_argument("--cell-timeout", type=int, default=60)
    parser.add_argument("--fsize", type=int, default=256 * 1024 * 1024)
    parser.add_argument("--nproc", type=int, default=256)
    parser.add_argument("--kernel", default="python3")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the kernel")
    parser.add_argument("--server", action="store_true",
                        help="stay, import once, and run one notebook per request on stdin")
    parser.add_argument("--preload", action="append", default=[],
                        help="a module the server imports once (with --server)")
    return parser


def _cover_writable_folders(env_items: list[str]) -> None:
    """An empty private tmpfs on every folder where anyone may write; the Python environment
    and the kit stay visible when they live under one (a clone in a temporary folder)."""
    # the kit itself too (this file's package): an editable install finds it through an
    # import hook, not through sys.path
    kit_folder = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    needed = [sys.prefix, os.path.dirname(sys.executable), kit_folder, *sys.path]
    needed += [part for item in env_items if item.startswith("PYTHONPATH=")
               for part in item.partition("=")[2].split(os.pathsep)]
    for target in WRITABLE_BY_ALL:
        if os.path.isdir(target) and not os.path.islink(target):
            _mount_tmpfs_keeping(target, _kept_under(target, needed))


def _prepare_work(archive: bytes, env_items: list[str]) -> tuple[str, dict[str, str]]:
    """``/tmp/werk`` with the submission's files and ``/tmp/home``; the kernel's environment."""
    os.umask(0o077)
    work, home = "/tmp/werk", "/tmp/home"
    os.makedirs(work)
    os.makedirs(home)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        tar.extractall(work, filter="data")
    env = {"HOME": home, "TMPDIR": "/tmp", "USER": "zandbak", "LOGNAME": "zandbak",
           "PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin",
           "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "PYTHONNOUSERSITE": "1",
           "NBGRADER_EXECUTION": "autograde", "JUPYTER_RUNTIME_DIR": "/tmp/runtime"}
    for item in env_items:
        name, _, value = item.partition("=")
        env[name] = value
    os.makedirs("/tmp/runtime", mode=0o700, exist_ok=True)
    return work, env


def _use_pythonpath(env_items: list[str]) -> None:
    """Put the kernel's ``PYTHONPATH`` in front of this (``-I``) interpreter's path, as a
    kernel started with it has them, so what the server imports is what a kernel would."""
    parts = [part for item in env_items if item.startswith("PYTHONPATH=")
             for part in item.partition("=")[2].split(os.pathsep) if part]
    sys.path[0:0] = [p for p in parts if p not in sys.path]


def _kernel_client_class():
    """The kit's kernel client channels, which never sleep through an arrived reply (an
    Output widget's mirror sends on the shell socket while nbclient waits on it: see
    kit/grading/channels.py); the kit is readable here, course notebooks import it too."""
    from jupyter_client.asynchronous import AsyncKernelClient

    from kit.grading.channels import SlicedPollChannel

    class Client(AsyncKernelClient):
        shell_channel_class = SlicedPollChannel
        iopub_channel_class = SlicedPollChannel
        stdin_channel_class = SlicedPollChannel
        control_channel_class = SlicedPollChannel

    return Client


def _execute(notebook_json: str, work: str, cell_timeout: int, kernel: str,
             km=None) -> str:
    """Run the notebook with nbclient (a new kernel, or the one ``km`` already has)."""
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    nb = nbformat.reads(notebook_json, as_version=4)
    if km is None:
        # the kernel talks over Unix sockets in this run's own /tmp (no TCP port, no warning
        # about unencrypted TCP, nothing another run could reach)
        km = AsyncKernelManager(kernel_name=kernel, transport="ipc", ip="/tmp/runtime/kernel")
    km.client_factory = _kernel_client_class()
    client = NotebookClient(nb, km=km, timeout=cell_timeout, kernel_name=kernel,
                            allow_errors=True, interrupt_on_timeout=True,
                            resources={"metadata": {"path": work}},
                            extra_arguments=["--HistoryManager.hist_file=:memory:"],
                            shutdown_kernel="immediate")
    client.execute()
    return nbformat.writes(nb)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if os.getpid() != 1:
        _refuse("niet in een eigen procesruimte gestart (unshare --pid --fork)")
    if args.server:
        return serve(args)
    notebook_json, archive = _read_input()
    _network_off()
    _cover_writable_folders(args.env)
    work, env = _prepare_work(archive, args.env)
    # as in a warm run: one more user and mount namespace locks every mount above (the empty
    # /tmp, the /proc of unshare --mount-proc), so student code cannot unmount one to see
    # the host's process table or what lies beneath
    _own_root(CLONE_NEWUSER | CLONE_NEWNS)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(work)
    _limits(args.memory, args.cpu, args.fsize, args.nproc)

    def too_long(_signum, _frame):
        _refuse(f"de uitvoering duurde langer dan {args.wall} s en is gestopt", 4)

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(args.wall)
    _use_pythonpath(args.env)
    # the kernel inherits fd 1 and 2: point them away from the pipe the result goes through
    result = os.fdopen(os.dup(1), "wb")  # not inheritable
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    executed = _execute(notebook_json, work, args.cell_timeout, args.kernel)
    signal.alarm(0)
    result.write(executed.encode("utf-8"))
    result.flush()
    return 0

# --- the warm server: one per pool user and grading worker ---------------------------------

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER = 0x00020000, 0x08000000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x8, 0x4000, 0x40000
PR_SET_DUMPABLE = 4


def _read_exact(stream, size: int) -> bytes | None:
    data = stream.read(size)
    if len(data) != size:
        return None
    return data


def _read_request(stream) -> dict | None:
    """One request: three length-prefixed parts (JSON settings, notebook, tar); ``None`` at
    the end of the input."""
    import json

    parts = []
    for _ in range(3):
        head = _read_exact(stream, 4)
        if head is None:
            return None
        (length,) = struct.unpack(">I", head)
        body = _read_exact(stream, length)
        if body is None:
            return None
        parts.append(body)
    request = json.loads(parts[0])
    request["notebook"] = parts[1].decode("utf-8")
    request["archive"] = parts[2]
    return request


class _Child:
    """Enough of :class:`subprocess.Popen` for a kernel forked by this process."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = 0
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                import subprocess

                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.002)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _plain_kernel_args(kernel: str, connection_file: str) -> list[str] | None:
    """The ``ipykernel_launcher`` arguments of ``kernel`` when its command is this Python's
    ipykernel (then it can be forked from this process), else ``None``."""
    from jupyter_client.kernelspec import KernelSpecManager

    argv = list(KernelSpecManager().get_kernel_spec(kernel).argv)
    if argv and argv[0] in {"python", "python3", f"python3.{sys.version_info[1]}"}:
        argv[0] = sys.executable
    if len(argv) < 3 or argv[1:3] != ["-m", "ipykernel_launcher"] \
            or os.path.realpath(argv[0]) != os.path.realpath(sys.executable):
        return None
    return [a.replace("{connection_file}", connection_file) for a in argv[3:]]


def _become_kernel(args: list[str], work: str, env: dict[str, str]) -> None:
    """The forked kernel of one run: never returns."""
    code = 1
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)
        os.environ.clear()
        os.environ.update(env)
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        sys.path.insert(0, work)  # as `python -m ipykernel_launcher` started in work has it
        if "numpy.random" in sys.modules:
            sys.modules["numpy.random"].seed()  # a fresh process gets fresh entropy
        sys.argv = ["ipykernel_launcher", *args]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - the run sees a dead kernel and says so
        code = 1
    finally:
        os._exit(code)


def _forked_kernel(kernel: str, work: str, env: dict[str, str]):
    """A kernel manager whose kernel is a fork of this process (which imported ipykernel and
    the notebook's libraries in the server, before any student code), or ``None`` when the
    kernel is not this Python's ipykernel (nbclient then starts it the ordinary way)."""
    import threading
    import uuid

    from jupyter_client.connect import write_connection_file
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner

    connection_file = "/tmp/runtime/kernel.json"
    args = _plain_kernel_args(kernel, connection_file)
    if args is None:
        return None
    write_connection_file(connection_file, ip="/tmp/runtime/kernel", transport="ipc")
    args.append("--HistoryManager.hist_file=:memory:")
    if threading.active_count() > 1:  # forking a process with threads is not safe
        _refuse("de zandbak heeft threads voordat de kernel start")
    pid = os.fork()
    if pid == 0:
        os.close(_RESULT_FD[0])
        _become_kernel(args, work, env)
    km = AsyncKernelManager(kernel_name=kernel, transport="ipc", ip="/tmp/runtime/kernel",
                            connection_file=connection_file)
    km.load_connection_file(connection_file)
    provisioner = LocalProvisioner(kernel_id=str(uuid.uuid4()), kernel_spec=km.kernel_spec,
                                   parent=km)
    provisioner.process = _Child(pid)
    provisioner.pid = provisioner.pgid = pid
    provisioner.connection_info = km.get_connection_info()
    km.provisioner = provisioner
    return km


def _mount(source, target: str, fstype, flags: int) -> None:
    libc = _libc()
    if libc.mount(source, target.encode(), fstype, flags, None) != 0:
        err = ctypes.get_errno()
        _refuse(f"kan {target} niet inrichten in de zandbak ({os.strerror(err)})")


def _own_root(flags: int) -> None:
    """Enter new namespaces (``flags`` with a new user namespace) as their root, which is
    the root (the pool user) of the namespaces this process was in."""
    libc = _libc()
    if libc.unshare(flags) != 0:
        err = ctypes.get_errno()
        _refuse(f"kan geen eigen naamruimten maken ({os.strerror(err)})")
    for name, text in (("setgroups", "deny"), ("uid_map", "0 0 1"), ("gid_map", "0 0 1")):
        with open(f"/proc/self/{name}", "w") as fh:
            fh.write(text)


def _run_isolated(request: dict) -> None:
    """One run, as process 1 of fresh namespaces: never returns.

    Nested in the server's user namespace, so the server's mounts are locked for it and it
    has no capability over the server; its own mount, process, network and IPC namespaces,
    an empty ``/tmp`` (and the other writable folders), its own ``/proc``, the limits, the
    wall-time alarm; the kernel is a fork of this process.
    """
    try:
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
        _network_off()
        _cover_writable_folders(request["env"])
        _mount(b"proc", "/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        work, env = _prepare_work(request["archive"], request["env"])
        # one more user and mount namespace: every mount above (the empty /tmp, /proc) is
        # now locked, so student code cannot unmount one to see what lies beneath
        _own_root(CLONE_NEWUSER | CLONE_NEWNS)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(work)
        _limits(request["memory"], request["cpu"], request["fsize"], request["nproc"])
        wall = request["wall"]

        def too_long(_signum, _frame):
            _refuse(f"de uitvoering duurde langer dan {wall} s en is gestopt", 4)

        signal.signal(signal.SIGALRM, too_long)
        signal.alarm(wall)
        km = _forked_kernel(request["kernel"], work, env)
        executed = _execute(request["notebook"], work, request["cell_timeout"],
                            request["kernel"], km=km)
        signal.alarm(0)
        _send_result(_RESULT_FD[0], 0, executed.encode("utf-8"))
        os._exit(0)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - said to the grader, in one line
        _refuse(f"de zandbak liep niet: {type(exc).__name__}: {str(exc)[:200]}", 1)


def _fork_run(request: dict) -> tuple[int, bytes]:
    """Run one request in a child in new namespaces; its result code and payload."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            _RESULT_FD.append(write_end)
            _own_root(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC)
            inner = os.fork()  # process 1 of the new process namespace
            if inner == 0:
                _run_isolated(request)
            os.close(write_end)
            os.waitpid(inner, 0)
            os._exit(0)
        except BaseException as exc:  # noqa: BLE001
            _refuse(f"de zandbak kon niet starten: {type(exc).__name__}: {exc}")
        finally:
            os._exit(3)
    os.close(write_end)
    chunks = []
    while True:
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    data = b"".join(chunks)
    if not data:
        return 3, b"de zandbak gaf geen resultaat"
    return data[0], data[1:]


def serve(args) -> int:
    """The warm server: set up once, import once, then one isolated run per request.

    Started like a single run (as the pool user, in new user, network, mount, process and
    IPC namespaces), it covers the writable folders, imports ipykernel, nbclient and the
    modules named by ``--preload`` (the lecturer's cells' imports), makes itself
    undumpable (no process of its user can read or trace it) and says ``klaar``. Each
    request on stdin then runs in a child with namespaces of its own (see
    :func:`_run_isolated`): no student code ever runs in the server, so no state passes
    from one student to the next. Each answer on stdout: one byte (0 done, 3 the sandbox
    could not be set up, 4 over the wall time, 1 the run failed), the length, the executed
    notebook or the Dutch message. It stops when its stdin closes.
    """
    out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    _network_off()
    _cover_writable_folders(args.env)
    os.umask(0o077)
    os.chdir("/tmp")
    _use_pythonpath(args.env)
    for item in args.env:
        name, _, value = item.partition("=")
        os.environ[name] = value
    os.environ.update({"MPLBACKEND": "Agg", "HOME": "/tmp", "PYTHONNOUSERSITE": "1"})
    import nbclient  # noqa: F401 - each run uses them: imported once
    import nbformat  # noqa: F401
    from jupyter_client import connect, kernelspec, manager, provisioning  # noqa: F401

    from kit.grading.forkserver import preload

    _kernel_client_class()
    try:
        preload(args.preload)
    except SystemExit as exc:
        _refuse(str(exc))
    _libc().prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    out.write(b"klaar\n")
    out.flush()
    stdin = sys.stdin.buffer
    while True:
        request = _read_request(stdin)
        if request is None:
            return 0
        code, payload = _fork_run(request)
        out.write(struct.pack(">BI", code, len(payload)) + payload)
        out.flush()

if __name__ == "__main__":
    sys.exit(main())
