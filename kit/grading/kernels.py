"""Kernels for autograde: over IPC, and forked from a warm template when possible.

Two things make the stock kernel start slow and noisy when a class is graded:

- every kernel listens on five TCP ports picked before it binds them (two kernels
  starting at once can pick the same port) and ipykernel warns, in English, that
  TCP is not encrypted. :class:`IpcKernelManager` puts the kernel's sockets in a
  private folder (mode 0700) as Unix sockets instead: no port race, no warning,
  nothing reachable from the network.
- every kernel imports ipykernel, IPython, pandas and the course's libraries again
  (about a second of CPU). :class:`ForkKernelManager` asks a :class:`ForkServer`
  (see :mod:`kit.grading.forkserver`) for the kernel process: a fresh ``os.fork()``
  of a template that imported all that once and never ran student code.

A kernel command that is not this Python's ``-m ipykernel_launcher`` (another
kernel, or a sandbox launcher that runs student code as another user) is started
the ordinary way, through that command, still over IPC.

:class:`FastExecute` is nbgrader's ``Execute`` preprocessor with this kernel
manager; it also adds up how long the cells themselves ran (the floor of grading).

>>> is_plain_ipykernel([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
True
>>> is_plain_ipykernel(["sudo", "-u", "student", sys.executable, "-m", "ipykernel_launcher"])
False
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from nbgrader.preprocessors import Execute
from traitlets import Type, default

from kit.grading.channels import SlicedPollChannel

__all__ = ["IpcKernelManager", "ForkKernelManager", "ForkServer", "FastExecute",
           "is_plain_ipykernel", "use_fork_server", "cell_seconds", "autograde_config",
           "warm_fork_servers", "fork_server_for"]

_STATE: dict = {"server": None, "cell_seconds": 0.0, "warm": None}


def _short_tmp() -> str:
    """A folder for Unix sockets (their paths may hold at most 107 characters)."""
    base = tempfile.gettempdir()
    return base if len(base) <= 40 else "/tmp"


def is_plain_ipykernel(cmd: list[str]) -> bool:
    """Whether ``cmd`` starts this Python's ipykernel directly (no launcher in front)."""
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return False
    return os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)


#: How often a stopped kernel is checked for being gone, and how soon a socket that found no
#: kernel listening yet tries again (jupyter_client and ZeroMQ: 0.1 s each).
QUICK_POLL = 0.002


class QuickReconnectClient(AsyncKernelClient):
    """jupyter_client's async client whose sockets retry a connection after 10 ms.

    The client connects while a fresh kernel is still binding its sockets; ZeroMQ then tries
    again after its reconnect interval (100 ms by default), which a forked kernel, ready in a
    fraction of that, would spend waiting. Its channels never sleep through a message that
    has already arrived (:class:`~kit.grading.channels.SlicedPollChannel`). The messages are
    the same.
    """

    shell_channel_class = Type(SlicedPollChannel)
    iopub_channel_class = Type(SlicedPollChannel)
    stdin_channel_class = Type(SlicedPollChannel)
    control_channel_class = Type(SlicedPollChannel)

    @default("context")
    def _context_default(self):
        import zmq
        import zmq.asyncio

        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RECONNECT_IVL, 10)
        return context


class IpcKernelManager(AsyncKernelManager):
    """An async kernel manager whose kernel talks over Unix sockets in a private folder.

    Its clients reconnect quickly (:class:`QuickReconnectClient`), and a stopped kernel is
    checked for being gone every 2 ms instead of every 100 ms (each submission's kernel is
    stopped once: 0.1 s of waiting each time).
    """

    @default("client_factory")
    def _client_factory_default(self):
        return QuickReconnectClient

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        await super()._async_wait(pollinterval=min(pollinterval, QUICK_POLL))

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        self._ipc_dir = tempfile.mkdtemp(prefix="iids-k-", dir=_short_tmp())
        return os.path.join(self._ipc_dir, "k")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        folder = getattr(self, "_ipc_dir", None)
        if folder and not restart:
            shutil.rmtree(folder, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources


class _ForkedProcess:
    """Enough of :class:`subprocess.Popen` for a kernel that is not our child."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.002)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(9)

    def terminate(self) -> None:
        self.send_signal(15)


class ForkProvisioner(LocalProvisioner):
    """Starts the kernel through the fork server when the command allows it."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        server: ForkServer | None = _STATE["server"]
        if server is None or not is_plain_ipykernel(cmd):
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = dict(kwargs.get("env") or os.environ)
        try:
            pid = server.spawn(cmd[3:], cwd=cwd, env=env)
        except (OSError, RuntimeError, ValueError):
            # no template (it could not start or has stopped): an ordinary kernel
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _ForkedProcess(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info

    async def wait(self) -> int | None:
        if isinstance(self.process, _ForkedProcess):
            while self.process.poll() is None:
                await asyncio.sleep(0.002)
            code = self.process.returncode
            self.process = None
            return code
        return await super().wait()


class ForkKernelManager(IpcKernelManager):
    """:class:`IpcKernelManager` whose kernels come from the fork server, if one is in use."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None and _STATE["server"] is not None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id,
                                               kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


class ForkServer:
    """A running :mod:`kit.grading.forkserver` with ``modules`` imported.

    Start it early (the import runs in the background); :meth:`spawn` waits until it
    is ready. :meth:`close` stops it; so does the end of this process.
    """

    def __init__(self, modules: list[str] = ()) -> None:
        self.folder = tempfile.mkdtemp(prefix="iids-f-", dir=_short_tmp())
        self.path = os.path.join(self.folder, "s")
        self.proc = subprocess.Popen([sys.executable, "-m", "kit.grading.forkserver", self.path,
                                      *modules], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     cwd=self.folder)
        self.owner = os.getpid()
        self._ready = False

    def wait_ready(self) -> bool:
        """Wait for the imports; ``False`` when the server could not start."""
        if not self._ready:
            line = self.proc.stdout.readline() if self.proc.stdout else b""
            self._ready = line.strip() == b"klaar"
        return self._ready

    def alive(self) -> bool:
        """Whether the server still runs; also right in a process forked from its owner.

        Only the owner can ask ``Popen.poll()``: in a forked process the server is no child,
        and ``poll()`` would call it stopped (``ECHILD``). There the process id is checked.
        """
        if os.getpid() == self.owner:
            return self.proc.poll() is None
        try:
            os.kill(self.proc.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return os.path.exists(self.folder)

    def wait_listening(self, timeout: float = 30.0) -> bool:
        """Wait until the server listens (it does so before its imports); ``False`` when it
        stopped first. Forked grading workers may then ask it for kernels: their requests
        are answered once the imports are done."""
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.path):
            if not self.alive() or time.monotonic() > deadline:
                return False
            time.sleep(0.002)
        return True

    def spawn(self, args: list[str], *, cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel (``ipykernel_launcher`` arguments); return its process id."""
        if os.getpid() == self.owner and not self.wait_ready():
            raise RuntimeError("de kernelserver is niet gestart")
        request = json.dumps({"args": args, "cwd": cwd, "env": env}).encode() + b"\n"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(self.path)
            conn.sendall(request)
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(4096)
                if not chunk:
                    raise RuntimeError("de kernelserver gaf geen antwoord")
                data += chunk
        return int(json.loads(data)["pid"])

    def close(self) -> None:
        """Stop the server (kernels it started are not touched)."""
        if os.getpid() != self.owner:
            return
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def warm_fork_servers():
    """Within this block, autograde runs share their fork servers.

    A run's fork server is kept after the run and used again by a later run whose notebooks
    import the same modules (the same template: another cohort of the same assignment), so
    ipykernel, pandas and the course's libraries are imported once per kind of notebook
    instead of once per run. Every kernel is still a fresh fork of a template that never
    ran student code. The servers stop when the block ends.
    """
    outer = _STATE.get("warm")
    if outer is not None:  # nested: the outer block owns the servers
        yield
        return
    _STATE["warm"] = {}
    try:
        yield
    finally:
        servers = _STATE.pop("warm", None) or {}
        _STATE["warm"] = None
        for server in servers.values():
            server.close()


def fork_server_for(modules: list[str]) -> tuple[ForkServer, bool]:
    """A fork server with ``modules`` imported, and whether the caller must close it.

    Inside :func:`warm_fork_servers` a running server with the same modules is reused (and
    kept), also by a process forked inside the block (the demo grades its cohorts in
    processes of their own: a server started before the fork serves both); otherwise a new
    one is started, which the caller closes after its run.
    """
    warm = _STATE.get("warm")
    key = tuple(sorted(modules))
    if warm is not None:
        server = warm.get(key)
        if server is not None and server.alive():
            return server, False
        server = warm[key] = ForkServer(list(key))
        return server, False
    return ForkServer(list(key)), True


def use_fork_server(server: ForkServer | None) -> None:
    """Let :class:`ForkKernelManager` use ``server`` in this process (``None``: stop)."""
    _STATE["server"] = server


def cell_seconds(reset: bool = False) -> float:
    """Seconds the executed cells ran, added up over :class:`FastExecute` runs here."""
    value = _STATE["cell_seconds"]
    if reset:
        _STATE["cell_seconds"] = 0.0
    return value


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


class FastExecute(Execute):
    """nbgrader's ``Execute`` with :class:`ForkKernelManager`; records cell run time."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", ForkKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        nb, resources = super().preprocess(nb, resources, km=km)
        total = 0.0
        for cell in nb.cells:
            timing = cell.get("metadata", {}).get("execution", {})
            start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
            if start and end:
                total += max(0.0, (_parse(end) - _parse(start)).total_seconds())
        _STATE["cell_seconds"] += total
        return nb, resources


def autograde_config(config=None) -> dict:
    """nbgrader settings that put :class:`FastExecute` in place of ``Execute``.

    Args:
        config: the course's traitlets config; its own list of autograde steps is kept, so
            a sandboxed execute step (``kit.grading.sandbox``, issue 25) stays in place.

    >>> from traitlets.config import Config
    >>> c = Config()
    >>> c.Autograde.autograde_preprocessors = ["kit.grading.sandbox.SandboxedExecute", "x.Y"]
    >>> autograde_config(c)["Autograde__autograde_preprocessors"]
    ['kit.grading.sandbox.SandboxedExecute', 'x.Y']
    >>> FastExecute in autograde_config()["Autograde__autograde_preprocessors"]
    True
    """
    from nbgrader.converters import Autograde

    steps = Autograde.class_traits()["autograde_preprocessors"].default()
    if config is not None and "autograde_preprocessors" in config.get("Autograde", {}):
        steps = config.Autograde.autograde_preprocessors
    names = {"Execute", "nbgrader.preprocessors.Execute",
             "nbgrader.preprocessors.execute.Execute"}
    steps = [FastExecute if step is Execute or step in names else step for step in steps]
    return {"Autograde__autograde_preprocessors": steps}


def preload_modules(notebooks: list[Path]) -> list[str]:
    """The modules the code cells of these notebooks import (see :mod:`~kit.grading.forkserver`)."""
    import nbformat

    from kit.grading.forkserver import modules_to_preload

    sources = []
    for path in notebooks:
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:  # noqa: BLE001 - the precheck reports unreadable notebooks
            continue
        sources += [c.source for c in nb.cells if c.cell_type == "code"]
    return modules_to_preload(sources)


__all__.append("preload_modules")
