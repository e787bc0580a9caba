"""The inside of the autograde sandbox: runs one notebook and prints the executed notebook.

This file is run as a script (``python sandbox_run.py ...``) by :mod:`kit.grading.sandbox`,
as the unprivileged sandbox user, inside ``unshare --user --map-root-user --net --mount
--pid --fork --mount-proc``. It imports nothing from the kit (the sandbox user may not be
able to read it) and only the standard library plus nbformat and nbclient.

Before any student code runs it:

1. checks that the network namespace has no interface but ``lo`` (so no network), and
   brings ``lo`` up (the kernel and this process talk over Unix sockets in the private
   ``/tmp``, never over TCP);
2. mounts an empty, private tmpfs on ``/tmp``, ``/var/tmp``, ``/dev/shm`` and ``/run/lock``
   (every folder where anyone may write: nothing left by an earlier run, nothing left for a
   later one), makes ``/tmp/home`` the home folder and sets the umask to 077;
3. sets CPU, memory, file-size and process limits (``setrlimit``) that the kernel inherits;
4. unpacks the submission folder (a tar on stdin after the notebook) in ``/tmp/werk``.

Protocol: stdin holds a 4-byte big-endian length, the notebook JSON of that length, then a
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


def _refuse(message: str, code: int = 3) -> None:
    sys.stderr.write(f"zandbak: {message}\n")
    sys.stderr.flush()
    os._exit(code)


def _mount_tmpfs(target: str) -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
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
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--memory", type=int, required=True, help="bytes of address space")
    parser.add_argument("--cpu", type=int, required=True, help="CPU seconds")
    parser.add_argument("--wall", type=int, required=True, help="seconds for the whole run")
    parser.add_argument("--cell-timeout", type=int, default=60)
    parser.add_argument("--fsize", type=int, default=256 * 1024 * 1024)
    parser.add_argument("--nproc", type=int, default=256)
    parser.add_argument("--kernel", default="python3")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the kernel")
    args = parser.parse_args(argv)

    if os.getpid() != 1:
        _refuse("niet in een eigen procesruimte gestart (unshare --pid --fork)")
    notebook_json, archive = _read_input()
    _network_off()
    # the Python environment and the kit may live under /tmp (a clone in a temporary folder):
    # they stay visible, bound back into the otherwise empty /tmp
    needed = [sys.prefix, os.path.dirname(sys.executable), *sys.path]
    needed += [part for item in args.env if item.startswith("PYTHONPATH=")
               for part in item.partition("=")[2].split(os.pathsep)]
    for target in WRITABLE_BY_ALL:
        if os.path.isdir(target) and not os.path.islink(target):
            _mount_tmpfs_keeping(target, _kept_under(target, needed))
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
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value
    os.environ.clear()
    os.environ.update(env)
    os.chdir(work)
    _limits(args.memory, args.cpu, args.fsize, args.nproc)

    def too_long(_signum, _frame):
        _refuse(f"de uitvoering duurde langer dan {args.wall} s en is gestopt", 4)

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(args.wall)

    import nbformat
    from nbclient import NotebookClient

    # the kernel inherits fd 1 and 2: point them away from the pipe the result goes through
    result = os.fdopen(os.dup(1), "wb")  # not inheritable
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    nb = nbformat.reads(notebook_json, as_version=4)
    from jupyter_client.manager import AsyncKernelManager

    # the kernel talks over Unix sockets in this run's own /tmp (no TCP port, no warning
    # about unencrypted TCP, nothing another run could reach)
    os.makedirs("/tmp/runtime", mode=0o700, exist_ok=True)
    km = AsyncKernelManager(kernel_name=args.kernel, transport="ipc", ip="/tmp/runtime/kernel")
    client = NotebookClient(nb, km=km, timeout=args.cell_timeout, kernel_name=args.kernel,
                            allow_errors=True, interrupt_on_timeout=True,
                            resources={"metadata": {"path": work}},
                            extra_arguments=["--HistoryManager.hist_file=:memory:"],
                            shutdown_kernel="immediate")
    client.execute()
    signal.alarm(0)
    result.write(nbformat.writes(nb).encode("utf-8"))
    result.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
