"""Browser tests: a real JupyterLab driven by a real Chromium (Playwright, sync API).

Each test file starts its own JupyterLab server (so an xdist worker runs at most one at a
time), on a free localhost port with a random token, in a temporary copy of the course
(``course/``) and the nbgrader course folder (``assignments/``). Jupyter's config, data, runtime and
settings folders, ``HOME`` and the vault (``IIDS_VAULT``) are fresh temporary folders;
the virtual environment's own data path (``sys.prefix/share/jupyter``) stays visible,
so the Dutch language pack, ``overrides.json`` and the widget and nbgrader extensions
are the ones a student gets. The server and its kernels are stopped afterwards.

Chromium is Debian's (``/usr/bin/chromium`` or ``chromium`` on PATH; ``IIDS_CHROMIUM``
points elsewhere). Without it every test here is skipped with the reason. When a test
fails, a screenshot, the page's console messages and the tail of the server log are
kept in ``test-screenshots/`` at the repository root.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = ROOT / "test-screenshots"
VENV_BIN = Path(sys.executable).parent

#: Flags that make Debian's Chromium start cleanly on these closed, screenless machines.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

SERVER_START_TIMEOUT = 120  # s; two cores shared with the rest of the suite
SERVER_STOP_TIMEOUT = 20
NAV_TIMEOUT_MS = 90_000
RUN_ALL_TIMEOUT_S = 180
# Every wait in the browser tests waits for a condition (an element, a text, a row in the
# gradebook). Under load a condition can take long; it only fails when it has not come true
# within WAIT_MS, close to the test's own pytest timeout (300 s), never after a fixed 30 s.
WAIT_MS = 240_000

_COPY_IGNORE = shutil.ignore_patterns(
    ".ipynb_checkpoints", "__pycache__", "mijn-werk", "release", "submitted", "autograded",
    "feedback", "exchange", "gradebook.db", "*.pyc",
)


# --------------------------------------------------------------------------- chromium


def chromium_path() -> str | None:
    """Debian's Chromium, or None when it is not installed."""
    override = os.environ.get("IIDS_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _skip_reason() -> str | None:
    if chromium_path() is None:
        return (
            "browsertests overgeslagen: Chromium ontbreekt (/usr/bin/chromium of 'chromium' op "
            "PATH); installeer het met 'apt-get install chromium' (.ci/run doet dat als root)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browsertests overgeslagen: het Python-pakket 'playwright' ontbreekt (pip install -e '.[dev]')"
    return None


def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    if not mine:
        return
    reason = _skip_reason()
    if reason is None:
        return
    # A warning reaches the summary of every run (also under xdist), a skip alone does not.
    warnings.warn(pytest.PytestWarning(reason))  # noqa: B028 - the place is this file
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)  # the page fixture keeps a screenshot on failure
    return report


def require_piece(relpath: str, piece: str) -> Path:
    """The path of a piece of the kit a scenario needs; a missing piece fails the scenario
    (the course content is committed: a renamed or deleted folder is a defect, not a skip)."""
    path = ROOT / relpath
    if not path.exists():
        pytest.fail(f"{piece} ontbreekt ({relpath})")
    return path


# --------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(proc: subprocess.Popen, url: str) -> bool:
    """Whether the server ``proc`` answers ``url`` with 200 before it exits or the start-up
    time (:data:`SERVER_START_TIMEOUT`) runs out."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.3)
    return False


def _outer_cache_dirs() -> dict[str, str]:
    """The kit's caches as ``make`` built them, before HOME is moved (deduce's cache)."""
    from kit.config import cache_dir, deduce_cache_dir

    return {"IIDS_CACHE": str(cache_dir()), "IIDS_DEDUCE_CACHE": str(deduce_cache_dir())}


def _write_settings(settings_dir: Path) -> None:
    """User settings of the temporary JupyterLab: no news pop-up, no update check."""
    apputils = settings_dir / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True, exist_ok=True)
    (apputils / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8"
    )


class JupyterLab:
    """One running JupyterLab server over a temporary copy of the course."""

    def __init__(self, base: Path):
        self.base = base
        self.root = base / "root"
        self.token = secrets.token_hex(16)
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.log_path = base / "jupyterlab.log"
        self._log = None

    # -- set-up
    def prepare(self) -> None:
        self.root.mkdir(parents=True)
        for name in ("course", "assignments"):
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, self.root / name, ignore=_COPY_IGNORE)
        if (self.root / "assignments").is_dir():  # nbgrader's exchange, as nbgrader_config.py sets it
            (self.root / "assignments" / "exchange").mkdir(exist_ok=True)
        for name in ("home", "config", "data", "runtime", "settings", "workspaces", "ipython"):
            (self.base / name).mkdir()
        _write_settings(self.base / "settings")
        vault = self.base / "kluis"
        vault.mkdir(mode=0o700)
        vault.chmod(0o700)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTEST_", "IPY"))}
        # A student's kernel: inline plots, not the test suite's Agg backend.
        for name in ("MPLBACKEND", "IIDS_TEST", "PYTHONPATH"):
            env.pop(name, None)
        if os.environ.get("PYTHONPATH", "").split(os.pathsep)[0] == str(ROOT):
            env["PYTHONPATH"] = str(ROOT)  # a work tree under test: its kit, not the installed one
        env.update(_outer_cache_dirs())
        env.update(
            HOME=str(self.base / "home"),
            JUPYTER_CONFIG_DIR=str(self.base / "config"),
            JUPYTER_DATA_DIR=str(self.base / "data"),
            JUPYTER_RUNTIME_DIR=str(self.base / "runtime"),
            JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"),
            JUPYTERLAB_SETTINGS_DIR=str(self.base / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(self.base / "workspaces"),
            IPYTHONDIR=str(self.base / "ipython"),
            IIDS_VAULT=str(self.base / "kluis"),
            # the student's one workspace, inside the file browser's root (as `make lab` does)
            IIDS_WERKMAP=str(self.workspace),
            PATH=str(VENV_BIN) + os.pathsep + os.environ.get("PATH", ""),
            PYTHONUNBUFFERED="1",
        )
        return env

    def start(self) -> None:
        self.prepare()
        # nbgrader's server extensions read nbgrader_config.py from the server's working folder.
        cwd = self.root / "assignments" if (self.root / "assignments").is_dir() else self.root
        last_error = ""
        for _attempt in range(3):
            self.port = _free_port()
            self._log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(
                [
                    str(VENV_BIN / "python"), "-m", "jupyterlab",
                    "--no-browser",
                    "--allow-root",  # CI runs as root
                    "--ServerApp.ip=127.0.0.1",
                    f"--ServerApp.port={self.port}",
                    "--ServerApp.port_retries=0",
                    f"--IdentityProvider.token={self.token}",
                    f"--ServerApp.root_dir={self.root}",
                    "--ServerApp.open_browser=False",
                    "--LabApp.news_url=None",
                    "--ServerApp.shutdown_no_activity_timeout=900",  # a server left behind ends itself
                    "--MappingKernelManager.cull_idle_timeout=0",
                ],
                cwd=cwd,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            if self._wait_ready():
                return
            last_error = self.log_tail()
            self.stop()
        raise RuntimeError(f"JupyterLab kwam niet op gang:\n{last_error}")

    def _wait_ready(self) -> bool:
        return wait_until_serving(self.proc, self.api_url("api/status"))

    # -- tear-down
    def _descendants(self) -> list:
        try:
            import psutil

            return psutil.Process(self.proc.pid).children(recursive=True)
        except Exception:
            return []

    def stop(self) -> None:
        if self.proc is None:
            return
        children = self._descendants()
        if self.proc.poll() is None:
            try:  # a clean shutdown also stops the kernels
                req = urllib.request.Request(self.api_url("api/shutdown"), method="POST", data=b"")
                urllib.request.urlopen(req, timeout=5).close()
            except Exception:
                pass
            try:
                self.proc.wait(SERVER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(5)
        for child in children:  # kernels live in their own process groups
            try:
                if child.is_running():
                    child.kill()
                    child.wait(5)
            except Exception:
                pass
        if self._log:
            self._log.close()
            self._log = None
        self.proc = None

    # -- addresses and files
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def api_url(self, path: str) -> str:
        return f"{self.base_url}{path}?token={self.token}"

    def lab_url(self, path: str = "") -> str:
        """A JupyterLab page; ``path`` is relative to the server root (``course/...``).

        ``reset`` starts from an empty workspace: tabs of an earlier test are not reopened.
        """
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}lab/{path}{sep}reset&token={self.token}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def path(self, relpath: str) -> Path:
        return self.root / relpath

    @property
    def workspace(self) -> Path:
        """The student's one workspace (``mijn-werk`` at the file browser's root)."""
        return self.root / "mijn-werk"

    def practice(self, name: str) -> Path:
        """A module's practice folder (beside the workspace, never handed in)."""
        return self.root / "mijn-werk-oefenen" / name

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def running_kernels(self) -> list[dict]:
        with urllib.request.urlopen(self.api_url("api/kernels"), timeout=10) as resp:
            return json.load(resp)

    def shutdown_kernels(self) -> None:
        """Stop every kernel (between tests: the next notebook starts clean and cores are free)."""
        for kernel in self.running_kernels():
            req = urllib.request.Request(self.api_url(f"api/kernels/{kernel['id']}"), method="DELETE")
            try:
                urllib.request.urlopen(req, timeout=20).close()
            except Exception:
                pass


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A running JupyterLab for one test file, stopped after its last test.

    Per file, not per session: under ``--dist loadfile`` a worker runs many other files
    between two browser files, and no idle server should wait through them.
    """
    lab = JupyterLab(tmp_path_factory.mktemp("jupyterlab"))
    try:
        lab.start()
        yield lab
    finally:
        lab.stop()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright; a fresh profile per launch (Playwright's own)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.skip(_skip_reason() or "Chromium ontbreekt")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1] if "::" in nodeid else nodeid)


@pytest.fixture
def page(request, browser, jupyterlab):
    """A fresh browser tab; on failure its screenshot, console and the server log are kept."""
    name = _safe_name(Path(request.node.nodeid).name)
    shot = SCREENSHOTS / f"{name}.png"
    notes = SCREENSHOTS / f"{name}.txt"
    for stale in (shot, notes):
        stale.unlink(missing_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="nl-NL")
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(NAV_TIMEOUT_MS)
    tab = context.new_page()
    tab.console_messages_seen = []
    tab.page_errors_seen = []
    tab.on("console", lambda msg: tab.console_messages_seen.append(msg))
    tab.on("pageerror", lambda exc: tab.page_errors_seen.append(exc))
    try:
        yield tab
    finally:
        failed = any(
            getattr(request.node, f"rep_{when}", None) is not None
            and getattr(request.node, f"rep_{when}").failed
            for when in ("setup", "call")
        )
        if failed:
            SCREENSHOTS.mkdir(exist_ok=True)
            try:
                tab.screenshot(path=str(shot), full_page=True, timeout=15_000)
            except Exception as exc:  # the page may be gone; keep the rest
                notes.write_text(f"screenshot mislukt: {exc}\n", encoding="utf-8")
            lines = [f"{m.type}: {m.text}" for m in tab.console_messages_seen]
            lines += [f"pageerror: {e}" for e in tab.page_errors_seen]
            with notes.open("a", encoding="utf-8") as fh:
                fh.write(f"url: {tab.url}\n\n-- console --\n" + "\n".join(lines))
                fh.write("\n\n-- jupyterlab log --\n" + jupyterlab.log_tail(120) + "\n")
        context.close()
        try:
            jupyterlab.shutdown_kernels()
        except Exception:
            pass


# --------------------------------------------------------------------------- JupyterLab helpers


def _cells_expected_to_fail(notebook: Path) -> set[int]:
    """Indices (among code cells) of the cells tagged ``raises-exception``."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return set()
    code = [c for c in cells if c.get("cell_type") == "code"]
    return {i for i, c in enumerate(code) if "raises-exception" in c.get("metadata", {}).get("tags", [])}


class LabDriver:
    """What a person does in JupyterLab, with waits on JupyterLab's own DOM."""

    def __init__(self, page, server: JupyterLab):
        self.page = page
        self.server = server

    def path(self, relpath: str) -> Path:
        """A file in the server's temporary copy (``course/...``, ``assignments/...``)."""
        return self.server.path(relpath)

    @property
    def workspace(self) -> Path:
        """The student's one workspace."""
        return self.server.workspace

    def open_lab(self, path: str = "") -> None:
        self.page.goto(self.server.lab_url(path))
        self.page.locator("#jp-main-dock-panel").wait_for(timeout=NAV_TIMEOUT_MS)
        self.page.locator("#jp-menu-panel .lm-MenuBar-item").first.wait_for(timeout=NAV_TIMEOUT_MS)

    def menu_labels(self) -> list[str]:
        return [t.strip() for t in self.page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()]

    def open_notebook(self, relpath: str) -> None:
        """Open ``relpath`` (from the server root) and wait until its kernel is idle."""
        self.open_lab(f"tree/{relpath}")
        self._expected_errors = _cells_expected_to_fail(self.server.path(relpath))
        name = Path(relpath).name
        self.page.locator(".jp-NotebookPanel:has(.jp-Notebook) >> nth=0").wait_for(timeout=NAV_TIMEOUT_MS)
        self.page.locator(f'.lm-DockPanel-tabBar .lm-TabBar-tab[title*="{name}"]').first.wait_for()
        self.wait_kernel_idle()

    @property
    def notebook(self):
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first

    def wait_kernel_idle(self, timeout_s: float = 120) -> None:
        """Wait until the notebook has a kernel, connected and idle, for half a second.

        The execution indicator says 'idle' already before any kernel exists (JupyterLab
        4.6), so the toolbar's kernel name must be a real kernel's first; a run started
        before that is silently dropped.
        """
        self.page.wait_for_function(
            """(nb) => {
                const name = nb.querySelector('.jp-KernelName')?.textContent?.trim() || '';
                const status = nb.querySelector('.jp-Notebook-ExecutionIndicator')
                    ?.getAttribute('data-status');
                const ready = name !== '' && name !== 'No Kernel' && status === 'idle';
                if (!ready) { nb.__iidsIdleSince = undefined; return false; }
                nb.__iidsIdleSince = nb.__iidsIdleSince || Date.now();
                return Date.now() - nb.__iidsIdleSince > 500;
            }""",
            arg=self.notebook.element_handle(timeout=timeout_s * 1000),
            timeout=timeout_s * 1000,
            polling=100,
        )

    def click_menu(self, top_label: str, command: str) -> None:
        """Open the top menu named ``top_label`` (Dutch) and choose the item for ``command``."""
        self.page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=top_label).first.click()
        item = self.page.locator(f'.lm-Menu-item[data-command="{command}"]').first
        item.wait_for(state="visible")
        item.click()

    def run_all(self, timeout_s: float = RUN_ALL_TIMEOUT_S) -> None:
        """Menu Uitvoeren -> alle cellen uitvoeren; wait until every cell ran; fail on an error."""
        self.click_menu("Uitvoeren", "runmenu:run-all")
        try:
            self.page.wait_for_function(
                """(nb) => [...nb.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                    .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))""",
                arg=self.notebook.element_handle(),
                timeout=20_000,
            )
        except Exception as exc:
            prompts = self.notebook.locator(".jp-CodeCell .jp-InputArea-prompt").all_text_contents()
            raise AssertionError(f"'Uitvoeren > Run All Cells' startte geen enkele cel: {prompts}") from exc
        self.wait_cells_done(timeout_s)

    def wait_cells_done(self, timeout_s: float = RUN_ALL_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        quiet_since = None
        while time.monotonic() < deadline:
            state = self.notebook.evaluate(
                """(nb) => {
                    const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                        .map(p => p.textContent.trim());
                    const status = nb.querySelector('.jp-Notebook-ExecutionIndicator')
                        ?.getAttribute('data-status');
                    return {prompts, status};
                }"""
            )
            busy = any("*" in p for p in state["prompts"]) or state["status"] != "idle"
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > 1.5:
                break
            time.sleep(0.25)
        else:
            raise AssertionError(f"de cellen waren na {timeout_s} s nog niet klaar")
        # text_content, not inner_text: cells out of view are not rendered (content-visibility).
        # A cell tagged 'raises-exception' shows its error on purpose (JupyterLab runs on past it).
        per_cell = self.notebook.locator(".jp-CodeCell").evaluate_all(
            """(cells) => cells.map(c => [...c.querySelectorAll(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                .map(o => o.textContent).join('\\n'))"""
        )
        expected = getattr(self, "_expected_errors", set())
        error_texts = [
            f"codecel {i + 1}:\n{text}" for i, text in enumerate(per_cell)
            if i not in expected and ("Traceback" in text or "Error" in text)
        ]
        assert not error_texts, "een cel gaf een fout:\n" + "\n---\n".join(error_texts)[:4000]
        not_run = [p for p in state["prompts"] if re.fullmatch(r"\[\s*\]:", p)]
        assert not not_run, f"{len(not_run)} codecellen zijn niet uitgevoerd: {state['prompts']}"

    def cell_with_widget(self, css_class: str):
        """The output area that shows a widget with ``css_class`` (e.g. ``iids-triad``)."""
        loc = self.notebook.locator(f".jp-OutputArea-output .{css_class}").first
        loc.wait_for(state="attached", timeout=60_000)
        loc.scroll_into_view_if_needed()
        return loc


@pytest.fixture
def lab(page, jupyterlab):
    """Drive JupyterLab in ``page``: open notebooks, run all cells, find widgets."""
    return LabDriver(page, jupyterlab)


def module_notebook(number: str, piece: str) -> str:
    """``course/modules/NN-*/NN-*.ipynb`` (relative to the repository); a missing module fails."""
    found = sorted(ROOT.glob(f"course/modules/{number}-*/{number}-*.ipynb"))
    if not found:
        pytest.fail(f"{piece} ontbreekt (course/modules/{number}-*/)")
    return found[0].relative_to(ROOT).as_posix()


@pytest.fixture
def module():
    """``module("05", "module 05 ...")``: the module's main notebook (fails naming a missing one)."""
    return module_notebook


@pytest.fixture
def require():
    """``require(relpath, piece)``: the path; fails, naming the piece, when it is missing."""
    return require_piece
