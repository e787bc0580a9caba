"""Test set-up shared by the whole suite (unit tests, doctests and notebooks).

Every test process gets its own private vault in a fresh temporary folder, the
virtual environment's ``bin`` on PATH (nbgrader calls ``alembic``), and a
non-interactive matplotlib backend. deduce's lookup cache is the one ``make``
built (``IIDS_DEDUCE_CACHE`` or ``~/.cache/iids-kit/deduce``).
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent


#: Test files that take minutes, heaviest first, with the seconds one file took in a serial
#: run on the shared 2-core machine under load (2026-12-02; only the order matters). `make
#: test` hands whole files to its two workers (``--dist loadfile``) in collection order
#: (``--no-loadscope-reorder``): starting the long files first and filling in with the short
#: ones lets both workers finish together. xdist's own order (most tests first) put these
#: single-test files last, so one worker ran the hub test alone at the end.
HEAVY_FILES = {
    "tests/hub/test_exchange_collect.py": 380,
    "tests/hub/test_exchange.py": 340,
    "tests/browser/test_browser_walk.py": 450,
    "tests/hub/test_hub_e2e.py": 290,
    "tests/demo/test_grading.py": 225,
    "tests/bench/test_grading.py": 40,
    "tests/demo/test_evaluation.py": 150,
    "tests/hub/test_idle_culler.py": 150,
    "tests/hub/test_sandbox.py": 180,
    "tests/demo/test_evaluation_courses.py": 122,
    "tests/demo/test_quiet.py": 60,
    "tests/evaluation/test_harvest_gate.py": 60,
    "tests/evaluation/test_report.py": 120,
    "tests/grading/test_end_to_end.py": 100,
    "tests/privacy/test_red_team_seams.py": 90,
    "tests/browser/test_browser_signifiers.py": 90,
    "tests/grading/test_interrupt.py": 72,
    "tests/evaluation/test_harvest_any_course.py": 68,
    "tests/evaluation/test_notebooks.py": 64,
    "tests/course/test_own_work_modules.py": 85,
    "tests/grading/test_hidden_feedback.py": 59,
    "tests/grading/test_quick_start.py": 60,
    "tests/evaluation/test_disclosure_pass.py": 45,
    "tests/analysis/test_assignments.py": 85,
    "tests/grading/test_assignments.py": 42,
    "tests/grading/test_cli.py": 40,
    "tests/grading/test_course_folder.py": 35,
    "tests/apps/test_make_targets.py": 35,
    "tests/grading/test_gradebook_read.py": 60,
}


def _file_weight(item) -> float:
    """Seconds a file is known to take (:data:`HEAVY_FILES`); 1 for other slow files."""
    path = item.nodeid.split("::", 1)[0]
    if path in HEAVY_FILES:
        return HEAVY_FILES[path]
    return 1.0 if item.get_closest_marker("slow") else 0.0


def pytest_collection_modifyitems(session, config, items):
    """Long files first (stable: each file's tests keep their order), see HEAVY_FILES.

    >>> class I:
    ...     def __init__(self, nodeid): self.nodeid = nodeid
    ...     def get_closest_marker(self, name): return None
    >>> items = [I("tests/a.py::t"), I("tests/hub/test_hub_e2e.py::t"), I("tests/b.py::t")]
    >>> pytest_collection_modifyitems(None, None, items)
    >>> [i.nodeid for i in items]
    ['tests/hub/test_hub_e2e.py::t', 'tests/a.py::t', 'tests/b.py::t']
    """
    weight = {}
    for item in items:  # a file weighs what its heaviest test says
        path = item.nodeid.split("::", 1)[0]
        weight[path] = max(weight.get(path, 0.0), _file_weight(item))
    items.sort(key=lambda item: -weight[item.nodeid.split("::", 1)[0]])


def pytest_configure(config):
    vault = Path(tempfile.mkdtemp(prefix="iids-test-kluis-"))
    os.environ["IIDS_VAULT"] = str(vault / "kluis")
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["IIDS_TEST"] = "1"
    # deduce's tables stay where `make` built them; every other cache of the kit (the privacy
    # gate's verdicts, the harvest's checks) starts empty, so no verdict of an earlier run on
    # this machine makes a test pass (or faster) than on a clean machine
    from kit.config import deduce_cache_dir

    os.environ.setdefault("IIDS_DEDUCE_CACHE", str(deduce_cache_dir()))
    os.environ["IIDS_CACHE"] = tempfile.mkdtemp(prefix="iids-test-cache-")
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    # Jupyter's config and runtime must not leak in from the developer's home folder.
    runtime = Path(tempfile.mkdtemp(prefix="iids-test-jupyter-"))
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", str(runtime))
    # Each test file (each notebook) gets its own fresh student workspace, so no notebook
    # sees what another one left behind, whatever the order or the xdist worker.
    config.pluginmanager.register(_WorkspacePerFile(), "iids-werkmap-per-bestand")


class _WorkspacePerFile:
    """Sets ``IIDS_WERKMAP`` to a fresh folder when the first test of a file starts."""

    def __init__(self) -> None:
        self.current: str | None = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        name = str(item.path)
        if name != self.current:
            self.current = name
            os.environ["IIDS_WERKMAP"] = tempfile.mkdtemp(prefix="iids-test-werkmap-")
            if item.path.suffix == ".ipynb" and item.path.parent.parent == _ASSIGNMENT_SOURCES:
                _model_work(item.path.parent.name, Path(os.environ["IIDS_WERKMAP"]))


#: The assignment sources; nbval runs them with a model student's work in the workspace.
_ASSIGNMENT_SOURCES = Path(__file__).resolve().parents[1] / "assignments" / "source"


def _model_work(assignment: str, work: Path) -> None:
    """What a model student saved with the forms before running ``assignment`` (issue #20)."""
    from kit.bench import model_student_work

    model_student_work(assignment, work)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], T]) -> T:
    """``build(folder)`` once per test run, shared read-only by every xdist worker.

    The expensive fixtures (a course generated and autograded by real nbgrader, synthetic
    cohorts, nbgrader's quickstart course) are the same for every worker, so the first
    worker that needs one builds it under a file lock in the run's common temporary
    folder; the others wait for it and read the result (``build``'s return value, pickled).
    A build that fails leaves nothing behind, so the next worker tries again and fails the
    same way. Tests must never change what they get: they work on a copy.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # popen-gwN's parent is shared by the run's workers
    folder = base / f"gedeeld-{name}"
    done = base / f"gedeeld-{name}.pickle"
    with open(base / f"gedeeld-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            result = build(folder)
            done.with_suffix(".tmp").write_bytes(pickle.dumps(result))
            done.with_suffix(".tmp").rename(done)
        return pickle.loads(done.read_bytes())


@pytest.fixture(scope="session")
def real_course(tmp_path_factory) -> Path:
    """A real nbgrader course (generated and autograded), shared read-only by the tests.

    Built by :func:`tests.evaluation.conftest.build_real_course` once per run.
    """
    from tests.evaluation.conftest import build_real_course

    return built_once(tmp_path_factory, "echte-cursus",
                      lambda folder: build_real_course(folder / "iids-test"))


@pytest.fixture()
def course_copy(real_course, tmp_path) -> Path:
    """A private copy of the real course that a test may damage."""
    target = tmp_path / "kopie"
    shutil.copytree(real_course, target)
    return target


@pytest.fixture(scope="session")
def synthetic_pair(tmp_path_factory) -> dict[str, Path]:
    """Two small synthetic cohorts (gradebooks written through nbgrader.api), read-only."""
    def build(folder):
        import warnings

        from kit.synthetic.cohorts import build_synthetic_courses

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return build_synthetic_courses(folder, ["2023-2024", "2024-2025"], students=12,
                                           narratives_per_student=6, seed=7)

    return built_once(tmp_path_factory, "synthetische-cohorten", build)


@pytest.fixture(scope="session")
def generated_course(tmp_path_factory):
    """A generated grading course (both fixture assignments of tests/grading/fixtures).

    Generating takes seconds, so it is built once per test run. Tests never change it: they
    work on a copy (:func:`tests.grading.conftest.copy_course`).
    """
    from kit.grading.course import generate, open_course
    from tests.grading.conftest import build_course

    def build(folder):
        course = open_course(build_course(folder / "cursus"))
        generate(course)
        return course

    return built_once(tmp_path_factory, "nakijkcursus", build)


@pytest.fixture()
def count_scans(monkeypatch) -> Callable[[], list[str]]:
    """``count_scans()`` starts counting: from then on, every text the privacy scan looks at
    (``kit.privacy.scan.find_spans``, still run) is appended, in order, to the list it
    returns. For tests that show a text already passed is not scanned again."""
    from kit.privacy import scan

    def start() -> list[str]:
        seen: list[str] = []
        real = scan.find_spans

        def counted(text, **kwargs):
            seen.append(text)
            return real(text, **kwargs)

        monkeypatch.setattr(scan, "find_spans", counted)
        return seen

    return start
