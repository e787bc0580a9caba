"""A real JupyterHub on 127.0.0.1 for the kit's tests and benchmark.

:class:`LocalHub` starts ``jupyterhub`` with ``deploy/jupyterhub_config.py`` (the file a
server uses), a test authenticator and configurable-http-proxy, all bound to 127.0.0.1;
waits until the Hub API answers; and stops the hub, the proxy and every single-user
server at the end. :func:`grant_traverse` lets the hub's Unix users run the course
environment when it lives below a private folder (such as ``/root/.pyenv``).

>>> free_port() > 1024
True
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

from kit.hub.exchange import (
    ACL_GROUP_OBJ,
    ACL_MASK,
    ACL_OTHER,
    ACL_USER,
    ACL_USER_OBJ,
    ACL_XATTR,
    decode_acl,
    encode_acl,
)

__all__ = ["LocalHub", "HubError", "UnixUsers", "run_as", "can_read", "source_notebook",
           "answer_notebook", "find_proxy", "free_port", "grant_traverse",
           "private_ancestors", "DEPLOY_CONFIG"]

DEPLOY_CONFIG = Path(__file__).resolve().parent.parent.parent / "deploy" / "jupyterhub_config.py"
_LOCK = "/tmp/.iids-hub-acl.lock"


class HubError(RuntimeError):
    """The local hub did not start or a request failed."""


def find_proxy() -> Path | None:
    """configurable-http-proxy: on PATH, in ``.venv/chp`` of the checkout, or None."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return Path(found)
    local = Path(sys.prefix) / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
    return local if local.exists() else None


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def private_ancestors(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Folders above ``paths`` (symlinks resolved) that others may not enter.

    >>> private_ancestors(["/"])
    []
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(os.path.realpath(raw))
        for folder in [path, *path.parents]:
            if folder.is_dir() and not os.stat(folder).st_mode & stat.S_IXOTH and folder not in out:
                out.append(folder)
    return out


def _acl_entries(path: Path) -> list[tuple[int, int, int | None]]:
    try:
        return decode_acl(os.getxattr(path, ACL_XATTR))
    except OSError:
        mode = os.stat(path).st_mode
        return [(ACL_USER_OBJ, (mode >> 6) & 7, None), (ACL_GROUP_OBJ, (mode >> 3) & 7, None),
                (ACL_OTHER, mode & 7, None)]


def _write_acl(path: Path, entries: list[tuple[int, int, int | None]]) -> None:
    named = [e for e in entries if e[0] == ACL_USER]
    base = [e for e in entries if e[0] in (ACL_USER_OBJ, ACL_GROUP_OBJ, ACL_OTHER)]
    if not named:
        with contextlib.suppress(OSError):
            os.removexattr(path, ACL_XATTR)
        perms = {tag: perm for tag, perm, _ in base}
        special = stat.S_IMODE(os.stat(path).st_mode) & 0o7000
        os.chmod(path, special | perms[ACL_USER_OBJ] << 6 | perms[ACL_GROUP_OBJ] << 3
                 | perms[ACL_OTHER])
        return
    mask = 0
    for tag, perm, _ in entries:
        if tag in (ACL_USER, ACL_GROUP_OBJ):
            mask |= perm
    os.setxattr(path, ACL_XATTR, encode_acl(base + named + [(ACL_MASK, mask, None)]))


@contextlib.contextmanager
def grant_traverse(uids: Iterable[int], paths: Iterable[str | os.PathLike] | None = None
                   ) -> Iterator[list[Path]]:
    """Let ``uids`` enter (``--x``, never list) the private folders above ``paths``.

    Adds named-user ACL entries and removes exactly those again afterwards, under a
    lock so that parallel tests do not undo each other. Default paths: the Python
    interpreter, this environment and the kit.
    """
    uids = sorted(set(uids))
    if paths is None:
        paths = [sys.executable, sys.prefix, Path(__file__).resolve().parent]
        if _shared_deduce_cache():
            paths.append(_shared_deduce_cache())
    folders = private_ancestors(paths)

    def change(add: bool) -> None:
        with open(_LOCK, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            for folder in folders:
                entries = [e for e in _acl_entries(folder) if e[0] != ACL_MASK]
                entries = [e for e in entries if not (e[0] == ACL_USER and e[2] in uids)]
                if add:
                    entries += [(ACL_USER, 1, uid) for uid in uids]
                _write_acl(folder, entries)

    if folders:
        change(True)
    try:
        yield folders
    finally:
        if folders:
            change(False)


class LocalHub:
    """A JupyterHub on 127.0.0.1 with the kit's deploy config and a fixed-password login.

    Args:
        workdir: a folder for the hub's database, cookie secret and logs.
        env: ``IIDS_HUB_*`` settings for ``deploy/jupyterhub_config.py``.
        password: the shared password of the test authenticator.
    """

    def __init__(self, workdir: str | os.PathLike, env: dict[str, str],
                 password: str | None = None) -> None:
        self.workdir = Path(workdir)
        self.env = dict(env)
        self.password = password or secrets.token_urlsafe(12)
        self.port = free_port()
        self.api_port = free_port()
        self.proxy_api_port = free_port()
        self.token = secrets.token_hex(32)
        self.process: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    # --- life cycle ---------------------------------------------------------------------------
    def _config(self) -> Path:
        proxy = find_proxy()
        if proxy is None:
            raise HubError("configurable-http-proxy ontbreekt")
        text = f"""
c = get_config()
load_subconfig({str(DEPLOY_CONFIG)!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {self.api_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{self.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///{self.workdir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(self.workdir / 'cookie_secret')!r}
c.JupyterHub.pid_file = {str(self.workdir / 'hub.pid')!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {self.password!r}
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
c.JupyterHub.services.append({{"name": "iids-test", "api_token": {self.token!r}}})
c.JupyterHub.load_roles.append({{"name": "iids-test", "services": ["iids-test"],
    "scopes": ["read:hub", "admin:users", "admin:servers", "access:servers", "tokens", "list:users",
               "read:users", "read:services"]}})
c.JupyterHub.concurrent_spawn_limit = 40
c.JupyterHub.active_server_limit = 0
c.JupyterHub.log_level = "INFO"
"""
        path = self.workdir / "jupyterhub_test_config.py"
        path.write_text(text)
        return path

    def start(self, timeout: float = 60) -> None:
        """Start the hub and wait until its API answers (HubError on time-out)."""
        config = self._config()
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
        env.update(self.env)
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
        env["CONFIGPROXY_AUTH_TOKEN"] = secrets.token_hex(16)
        self.log_path = self.workdir / "hub.log"
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
            cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubError(f"de hub stopte meteen:\n{self.log_tail()}")
            try:
                status, _ = self.api("GET", "/")
                if status == 200:
                    return
            except (OSError, HubError):
                pass
            time.sleep(0.3)
        raise HubError(f"de hub antwoordde niet binnen {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the hub's log."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, users: Iterable[str] = ()) -> None:
        """Stop every server, the hub and the proxy (escalating to SIGKILL)."""
        if self.process is None:
            return
        for user in users:
            with contextlib.suppress(Exception):
                self.api("DELETE", f"/users/{user}/server", timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        # the proxy runs in its own session: end it by its pid file if the hub did not
        pid_file = self.workdir / "jupyterhub-proxy.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)
        self.process = None

    # --- HTTP ---------------------------------------------------------------------------------
    def request(self, method: str, url: str, *, data: dict | None = None,
                params: dict | None = None, token: str | None = None,
                timeout: float = 60) -> tuple[int, object]:
        """One HTTP request to 127.0.0.1; returns (status, decoded JSON or text)."""
        if not url.startswith("http://127.0.0.1:"):
            raise HubError(f"alleen verkeer naar 127.0.0.1: {url}")
        if params:
            from urllib.parse import urlencode

            url += "?" + urlencode(params)
        body = json.dumps(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, method=method)
        req.add_header("Authorization", f"token {token or self.token}")
        if body is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        text = raw.decode("utf-8", errors="replace")
        try:
            return status, json.loads(text) if text else None
        except ValueError:
            return status, text

    def api(self, method: str, path: str, **kwargs) -> tuple[int, object]:
        """A request to the Hub REST API (``/hub/api{path}``) as the test service."""
        return self.request(method, f"{self.url}/hub/api{path}", **kwargs)

    def user_api(self, user: str, method: str, path: str, **kwargs) -> tuple[int, object]:
        """A request to ``user``'s single-user server (``/user/<user>{path}``)."""
        return self.request(method, f"{self.url}/user/{user}{path}", **kwargs)

    def spawn(self, user: str, timeout: float = 90) -> None:
        """Create ``user`` in the hub, start their server and wait until it answers."""
        self.api("POST", f"/users/{user}")
        status, body = self.api("POST", f"/users/{user}/server")
        if status not in (201, 202, 400):
            raise HubError(f"server van {user} start niet ({status}: {body})")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, body = self.api("GET", f"/users/{user}")
            server = (body or {}).get("servers", {}).get("", {}) if status == 200 else {}
            if server.get("ready"):
                # "ready" only means something answered on the server's port: when two
                # servers got one port, that is another student's server (404 here)
                status, _ = self.user_api(user, "GET", "/api", timeout=30)
                if status == 200:
                    return
                raise HubError(f"server van {user} 'klaar', maar {self.url}/user/{user}/api "
                               f"geeft {status}: een andere server op die poort?\n"
                               f"{self.log_tail()}")
            if status == 200 and not server.get("pending") and not server:
                raise HubError(f"server van {user} stopte:\n{self.log_tail()}")
            time.sleep(0.5)
        raise HubError(f"server van {user} niet klaar binnen {timeout:.0f} s:\n{self.log_tail()}")


class UnixUsers:
    """Creates users and groups with useradd/groupadd and removes them all at the end."""

    def __init__(self) -> None:
        self.prefix = "iids" + secrets.token_hex(2)
        self.users: list[str] = []
        self.groups: list[str] = []
        self.grants = contextlib.ExitStack()

    def group(self, role: str) -> str:
        name = f"{self.prefix}{role}"[:31]
        subprocess.run(["groupadd", name], check=True, capture_output=True)
        self.groups.append(name)
        return name

    def user(self, role: str, groups: tuple[str, ...] = ()) -> str:
        name = f"{self.prefix}{role}"[:31]
        cmd = ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group"]
        if groups:
            cmd += ["--groups", ",".join(groups)]
        subprocess.run(cmd + [name], check=True, capture_output=True)
        self.users.append(name)
        home = pwd.getpwnam(name).pw_dir
        os.chmod(home, 0o700)  # Debian's useradd makes 0755 homes; the hub's spawn hook does this too
        # the course environment may sit below a private folder (/root/.pyenv): let them in
        self.grants.enter_context(grant_traverse([pwd.getpwnam(name).pw_uid]))
        return name

    def cleanup(self) -> None:
        self.grants.close()
        for name in self.users:
            subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
        for name in self.users:
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        for name in self.groups:
            subprocess.run(["groupdel", name], capture_output=True)


def _shared_deduce_cache() -> str | None:
    """This process's built deduce tables, when others can read them (else None)."""
    from kit.config import deduce_cache_dir

    folder = deduce_cache_dir()
    return str(folder) if (folder / "cache").is_dir() else None


def run_as(user: str, args: list[str], *, cwd: str | os.PathLike | None = None,
           env: dict | None = None, check: bool = True, timeout: float = 600):
    """Run a command as ``user`` with that user's HOME and groups; return the CompletedProcess."""
    info = pwd.getpwnam(user)
    full_env = {"HOME": info.pw_dir, "USER": user, "LOGNAME": user, "LANG": "C.UTF-8",
                "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"}
    if os.environ.get("PYTHONPATH"):  # the kit under test (a work tree), not the installed one
        full_env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    deduce = _shared_deduce_cache()
    if deduce:  # the submit-time privacy gate always runs deduce: the built tables, read-only
        full_env["IIDS_DEDUCE_CACHE"] = deduce
    full_env.update(env or {})
    result = subprocess.run(args, cwd=cwd or info.pw_dir, env=full_env, user=info.pw_uid,
                            group=info.pw_gid, extra_groups=os.getgrouplist(user, info.pw_gid),
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} as {user} failed ({result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def can_read(user: str, path: str | os.PathLike) -> bool:
    """Whether ``user`` can open ``path`` for reading (a file) or list it (a folder)."""
    code = ("import os,sys\np=sys.argv[1]\n"
            "try:\n"
            "    os.listdir(p) if os.path.isdir(p) else open(p,'rb').read(1)\n"
            "except PermissionError:\n    sys.exit(1)\n")
    return run_as(user, [sys.executable, "-c", code, str(path)], check=False).returncode == 0


def source_notebook(path: str | os.PathLike, prefix: str = "ps1") -> None:
    """Write a small nbgrader source notebook: one autograded function, one written answer."""
    import nbformat

    def meta(**kw):
        return {"nbgrader": {"schema_version": 3, **kw}}

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Proefopdracht\nVul de code en het antwoord in."),
        nbformat.v4.new_code_cell("def dubbel(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n"
                                  "    ### END SOLUTION",
                                  metadata=meta(grade=False, solution=True, locked=False,
                                                grade_id=f"{prefix}_code")),
        nbformat.v4.new_code_cell("assert dubbel(2) == 4", metadata=meta(
            grade=True, solution=False, locked=True, points=1, grade_id=f"{prefix}_test")),
        nbformat.v4.new_markdown_cell("JOUW ANTWOORD HIER", metadata=meta(
            grade=True, solution=True, locked=False, points=2, grade_id=f"{prefix}_antwoord")),
    ]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def answer_notebook(nb: dict, code: str, text: str, prefix: str = "ps1") -> dict:
    """Fill in the answers of a :func:`source_notebook` (as JSON from the contents API).

    >>> nb = {"cells": [{"metadata": {"nbgrader": {"grade_id": "ps1_antwoord"}}, "source": ""}]}
    >>> answer_notebook(nb, "x = 1", "Mijn antwoord")["cells"][0]["source"]
    'Mijn antwoord'
    """
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id == f"{prefix}_code":
            cell["source"] = code
        elif grade_id == f"{prefix}_antwoord":
            cell["source"] = text
    return nb
