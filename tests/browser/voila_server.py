"""One Voila server per browser test module, started the way ``iids apps`` starts it.

The command and the kernels' environment come from :mod:`kit.apps.cli` (so the test covers
what a student runs); HOME, Jupyter's folders and the vault are fresh temporary folders.
Every request the page makes to anything but this server is recorded (and aborted), so
a test can assert that the app works without internet.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

from tests.browser.conftest import _free_port, _outer_cache_dirs, wait_until_serving

PHONE = {"width": 360, "height": 740}


class VoilaServer:
    """``iids apps formulier|wand`` in a temporary home, on a free port."""

    def __init__(self, base: Path, app: str, *, folder: Path, demo: Path | None = None,
                 vault: Path | None = None):
        self.base, self.app, self.folder, self.demo = base, app, folder, demo
        self.vault = vault or base / "kluis"
        self.log_path = base / "voila.log"
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def env(self) -> dict[str, str]:
        from kit.apps.cli import app_env

        for name in ("home", "config", "data", "runtime"):
            (self.base / name).mkdir(exist_ok=True)
        env = app_env(self.folder, demo=str(self.demo) if self.demo else None)
        env = {k: v for k, v in env.items() if not k.startswith(("PYTEST_", "IPY"))}
        env.pop("MPLBACKEND", None)
        env.update(_outer_cache_dirs())
        env.update(HOME=str(self.base / "home"), JUPYTER_CONFIG_DIR=str(self.base / "config"),
                   JUPYTER_DATA_DIR=str(self.base / "data"),
                   JUPYTER_RUNTIME_DIR=str(self.base / "runtime"), IIDS_VAULT=str(self.vault),
                   PYTHONUNBUFFERED="1")
        return env

    def start(self) -> None:
        from kit.apps.cli import voila_command

        env = self.env()
        for _attempt in range(3):
            self.port = _free_port()
            log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
            self._log = log
            self.proc = subprocess.Popen(voila_command(self.app, port=self.port), env=env,
                                         cwd=self.base, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
            if self._wait_ready():
                return
            self.stop()
        raise RuntimeError("Voila kwam niet op gang:\n" + self.log_tail())

    def _wait_ready(self) -> bool:
        return wait_until_serving(self.proc, f"{self.url}voila/static/voila.js")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log_tail(self, lines: int = 80) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(20)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(5)
        self._log.close()
        self.proc = None


@contextlib.contextmanager
def serving(server: VoilaServer) -> Iterator[VoilaServer]:
    """The server, started; stopped afterwards whatever happens (a module fixture's body)."""
    try:
        server.start()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def phone(browser, request, server: VoilaServer) -> Iterator:
    """A phone-sized page on ``server``; a screenshot and the log are kept on failure."""
    context, page = phone_page(browser, request, server)
    try:
        yield page
    finally:
        keep_failure(request, page, server)
        context.close()


def phone_page(browser, request, server: VoilaServer):  # noqa: ARG001 - same shape as fixtures
    """A new tab at a phone's size (360 px, touch); external requests aborted and recorded."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  locale="nl-NL", device_scale_factor=2)
    context.set_default_timeout(240_000)
    page = context.new_page()
    page.external_requests = []

    def route(r):
        if r.request.url.startswith(server.url) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            page.external_requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.errors_seen = []
    page.on("pageerror", lambda exc: page.errors_seen.append(str(exc)))
    return context, page


def keep_failure(request, page, server: VoilaServer) -> None:
    """On failure: a screenshot and the server log in ``test-screenshots/``."""
    from tests.browser.conftest import SCREENSHOTS, _safe_name

    failed = any(getattr(request.node, f"rep_{w}", None) is not None
                 and getattr(request.node, f"rep_{w}").failed for w in ("setup", "call"))
    if not failed:
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    name = _safe_name(Path(request.node.nodeid).name)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, timeout=15_000)
    except Exception:  # noqa: BLE001 - the page may be gone; keep the log
        pass
    (SCREENSHOTS / f"{name}.txt").write_text(
        f"url: {page.url}\nerrors: {page.errors_seen}\n\n-- voila log --\n{server.log_tail(150)}\n",
        encoding="utf-8")


def small_targets(page, selector: str = ".iids-app button") -> list[str]:
    """Visible buttons smaller than 44 × 44 CSS pixels (their text and size)."""
    return page.eval_on_selector_all(selector, """(els) => els.filter(e => e.offsetParent !== null)
        .map(e => [e.innerText.trim().slice(0, 30), e.getBoundingClientRect()])
        .filter(([t, r]) => r.width < 44 || r.height < 44)
        .map(([t, r]) => `${t} ${Math.round(r.width)}x${Math.round(r.height)}`)""")


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0 when it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
