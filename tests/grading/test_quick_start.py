"""``iids grade`` starts quickly: no Jupyter server, no nbgrader applications, no pkg_resources.

The time itself is measured in ``iids bench`` (no timed assertions here); this checks the
cause of a slow start: which heavy modules a command pulls in. Each command runs in a fresh
Python process on a real graded course, and must still do its work (exit 0, its output).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.grading.conftest import copy_course

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

#: Modules that only a Jupyter server (or nbgrader's own command line) needs.
SERVER_ONLY = ("jupyter_server", "nbgrader.server_extensions", "nbgrader.apps.nbgraderapp",
               "nbgrader.apps.formgradeapp", "pkg_resources", "setuptools.dist")
#: Modules that commands which execute or convert no notebook do not need (nbconvert
#: imports Tornado's web server for its "serve" post-processor).
CONVERTING = ("nbconvert", "nbclient", "bs4", "tornado.web")

_PROBE = """
import json, sys
from kit.cli import main
codes = [main(args) for args in json.loads(sys.argv[1])]
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""


def _probe(commands: list[list[str]], cwd: Path) -> tuple[list[int], set[str], str]:
    """Run ``iids grade`` commands one after the other in one fresh Python process."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", _PROBE,
                           json.dumps([["grade", *args] for args in commands])],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["codes"], set(result["modules"]), done.stdout + done.stderr


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules)


@pytest.fixture(scope="module")
def graded(collected, tmp_path_factory):
    """A copy of the shared zip-collected, autograded course, and the download it came from."""
    course = copy_course(collected, tmp_path_factory.mktemp("snel") / "cursus")
    return course, collected.root.parent / "download.zip"


def test_light_commands_import_no_server_and_no_converter(graded):
    course, _ = graded
    codes, modules, out = _probe([["feedback", "opdracht2"], ["export", "-o", "cijfers"],
                                  ["release-feedback", "opdracht2"],
                                  ["rubric", "toon", "opdracht2"]], course.root)
    assert codes == [0, 0, 0, 0], out
    assert "2 feedbackpagina's" in out and "1001, 1002" in out and "Beoordelingsrubriek" in out
    assert (course.root / "cijfers" / "brightspace-import.csv").is_file()
    assert _loaded(modules, SERVER_ONLY) == []
    assert _loaded(modules, CONVERTING) == []


def test_nbgrader_commands_import_no_server(graded):
    """Commands that run nbgrader's own steps import those steps, not its server or apps."""
    course, download = graded
    codes, modules, out = _probe([["zip-collect", "opdracht2", str(download)],
                                  ["release", "opdracht2"], ["collect", "opdracht2"],
                                  ["generate", "--controleer"],
                                  ["autograde", "opdracht2", "--opnieuw", "--no-execute",
                                   "--stil", "--geen-privacyscan"]], course.root)
    assert codes == [0, 0, 0, 0, 0], out
    assert "Nagekeken: 2" in out
    assert _loaded(modules, SERVER_ONLY) == []


#: What a command that only reads the gradebook or finds nothing to grade does not need.
HEAVY = ("sqlalchemy", "nbformat", "jupyter_client", "pandas", "numpy")


def _nbgrader_code_ran(modules: set[str], out: str) -> list[str]:
    """nbgrader's own modules that were imported; ``nbgrader`` and ``nbgrader.apps`` are
    registered by kit.grading.lean without running any of their code."""
    return sorted(m for m in modules if m.startswith("nbgrader.") and m != "nbgrader.apps")


def test_nothing_to_grade_and_export_import_no_nbgrader(collected, tmp_path):
    """Autograde with every submission unchanged decides so before nbgrader, a kernel or the
    fork server; export and feedback read the gradebook without nbgrader, SQLAlchemy or
    pandas."""
    course = copy_course(collected, tmp_path / "cursus")
    codes, modules, out = _probe([["autograde", "opdracht2", "--stil", "--geen-privacyscan"]],
                                 course.root)
    assert codes == [0], out
    assert "Nagekeken: 0; al nagekeken: 2; apart gezet: 0; mislukt: 0" in out
    assert _nbgrader_code_ran(modules, out) == []
    assert _loaded(modules, HEAVY + ("openpyxl", "kit.grading.kernels",
                                     "kit.grading.forkserver", "multiprocessing")) == []
    codes, modules, out = _probe([["export", "-o", "cijfers"]], course.root)
    assert codes == [0], out
    assert (course.root / "cijfers" / "cijfers.xlsx").is_file()
    assert _nbgrader_code_ran(modules, out) == []
    assert _loaded(modules, HEAVY) == []
    # feedback reads the notebooks (nbformat), the scores without nbgrader
    codes, modules, out = _probe([["feedback", "opdracht2"]], course.root)
    assert codes == [0], out
    assert "2 feedbackpagina's" in out
    assert _nbgrader_code_ran(modules, out) == []
    assert _loaded(modules, ("sqlalchemy", "pandas", "numpy", "openpyxl")) == []
    # graded without the privacy scan: asking for it now runs the full check (scan included)
    codes, modules, out = _probe([["autograde", "opdracht2", "--stil", "--no-execute"]],
                                 course.root)
    assert codes == [0], out
    assert "Nagekeken: 0; al nagekeken: 2; apart gezet: 0" in out
    assert "kit.privacy.gate" in modules and "nbgrader.utils" in modules
    codes, modules, out = _probe([["autograde", "opdracht2", "--stil", "--no-execute"]],
                                 course.root)  # and passed with it: quick again
    assert codes == [0] and "al nagekeken: 2" in out, out
    assert _nbgrader_code_ran(modules, out) == [] and "kit.privacy.gate" not in modules
    # a changed submission is graded again (through nbgrader)
    nb = course.root / "submitted" / "1001" / "opdracht2" / "opdracht2.ipynb"
    nb.write_text(nb.read_text("utf-8").replace("Plan van 1001.", "Nieuw plan van 1001."),
                  "utf-8")
    codes, modules, out = _probe([["autograde", "opdracht2", "--stil", "--geen-privacyscan",
                                   "--no-execute", "--workers", "1"]], course.root)
    assert codes == [0], out
    assert "Nagekeken: 1; al nagekeken: 1" in out
    assert "nbgrader.api" in modules


_FIRST_LINE_PROBE = """
import json, sys
from kit.cli import main

class Watch:
    '''A stream that notes which modules were loaded when its first line was written.'''
    def __init__(self, out):
        self.out, self.at_first = out, None
    def write(self, text):
        if self.at_first is None and text.strip():
            self.at_first = sorted(sys.modules)
        return self.out.write(text)
    def flush(self):
        self.out.flush()

watch, errors = Watch(sys.stdout), Watch(sys.stderr)
sys.stdout, sys.stderr = watch, errors
code = main(json.loads(sys.argv[1]))
sys.stdout, sys.stderr = watch.out, errors.out
firsts = [w.at_first for w in (watch, errors) if w.at_first is not None]
print(json.dumps({"codes": [code], "modules": sorted(sys.modules),
                  "first": min(firsts, key=len) if firsts else []}))
"""


def _probe_first_line(args: list[str], cwd: Path) -> tuple[int, set[str], set[str], str]:
    """One ``iids grade`` command in a fresh process: exit status, modules at the end, modules
    loaded when its first line of output (stdout or stderr) appeared, and the output."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", _FIRST_LINE_PROBE, json.dumps(["grade", *args])],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return (result["codes"][0], set(result["modules"]), set(result["first"]),
            done.stdout + done.stderr)


def test_nothing_submitted_and_empty_exchange_load_no_nbgrader(collected, tmp_path):
    """Autograde with no submission at all and collect with an empty exchange decide so from
    the folders, before nbgrader, SQLAlchemy, a kernel or the fork server: a Dutch line, exit
    0, and the gradebook untouched."""
    course = copy_course(collected, tmp_path / "cursus")
    shutil.rmtree(course.root / "submitted")
    before = course.db_path.read_bytes()
    codes, modules, out = _probe([["autograde", "opdracht2", "--stil"]], course.root)
    assert codes == [0], out
    assert "Nog geen inleveringen van 'opdracht2'" in out and "iids grade collect" in out
    assert _nbgrader_code_ran(modules, out) == []
    assert _loaded(modules, HEAVY + ("kit.grading.kernels", "kit.grading.forkserver",
                                     "multiprocessing", "kit.privacy.gate")) == []
    assert course.db_path.read_bytes() == before
    # an assignment the gradebook does not know: the same Dutch error as a full run (exit 2)
    codes, modules, out = _probe([["autograde", "opdracht1", "--stil", "--cursus",
                                   str(_without_gradebook(course, tmp_path))]], course.root)
    assert codes == [2] and "nog geen cijferboek" in out, out
    # collect: no exchange yet is a Dutch error; an empty exchange collects nothing, quickly
    codes, modules, out = _probe([["collect", "opdracht2"]], course.root)
    assert codes == [2] and "is 'opdracht2' al vrijgegeven" in out, out
    assert "Traceback" not in out and _nbgrader_code_ran(modules, out) == []
    codes, _, out = _probe([["release", "opdracht2"]], course.root)
    assert codes == [0], out
    codes, modules, out = _probe([["collect", "opdracht2"]], course.root)
    assert codes == [0] and "Geen inleveringen van 'opdracht2' in de exchange" in out, out
    assert _nbgrader_code_ran(modules, out) == []
    assert _loaded(modules, HEAVY + ("kit.privacy.gate",)) == []
    assert not (course.root / "submitted").exists()
    # a submission in the exchange is collected through nbgrader, as before
    inbound = course.root / "exchange" / course.course_id / "inbound"
    entry = inbound / "1003+opdracht2+2026-10-01 12:00:00.000000 UTC"
    shutil.copytree(collected.root / "submitted" / "1001" / "opdracht2", entry)
    codes, modules, out = _probe([["collect", "opdracht2"]], course.root)
    assert codes == [0], out
    assert (course.root / "submitted" / "1003" / "opdracht2" / "opdracht2.ipynb").is_file()
    assert "nbgrader.exchange" in modules


def _without_gradebook(course, tmp_path: Path) -> Path:
    target = tmp_path / "zonder-cijferboek"
    shutil.copytree(course.root / "source", target / "source")
    shutil.copy(course.root / "nbgrader_config.py", target / "nbgrader_config.py")
    return target


def test_generate_and_release_start_before_nbgrader_loads(collected, tmp_path):
    """generate says it is working before nbgrader or SQLAlchemy is loaded, then runs
    nbgrader's own converter without building nbgrader's API or any application; release
    replaces a released version only when asked (--opnieuw)."""
    course = copy_course(collected, tmp_path / "cursus")
    released = course.root / "release" / "opdracht2" / "opdracht2.ipynb"
    before = released.read_bytes()
    released.unlink()
    code, modules, first, out = _probe_first_line(["generate", "opdracht2"], course.root)
    assert code == 0, out
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert lines[0].startswith("Rubrieken en punten kloppen; studentversies maken van opdracht2")
    assert "opdracht2: studentversie gemaakt" in out
    assert _loaded(first, HEAVY) == [] and _nbgrader_code_ran(first, out) == []
    assert "nbgrader.converters.generate_assignment" in modules
    assert _loaded(modules, SERVER_ONLY + ("nbgrader.apps.api",)) == []
    assert released.read_bytes() == before  # the same student version as before
    code, modules, first, out = _probe_first_line(["release", "opdracht2"], course.root)
    assert code == 0, out
    assert _loaded(modules, SERVER_ONLY + CONVERTING + ("nbgrader.apps.api",)) == []
    code, modules, first, out = _probe_first_line(["release", "opdracht2"], course.root)
    assert code == 2 and "staat al klaar voor studenten" in out and "--opnieuw" in out, out
    assert "Traceback" not in out
    outbound = course.root / "exchange" / course.course_id / "outbound" / "opdracht2"
    (outbound / "opdracht2.ipynb").write_text("oud", "utf-8")
    code, modules, first, out = _probe_first_line(["release", "opdracht2", "--opnieuw"],
                                                  course.root)
    assert code == 0, out
    assert (outbound / "opdracht2.ipynb").read_bytes() == before


def test_autograde_says_it_is_working_before_nbgrader_loads(collected, tmp_path):
    """With a submission to grade, autograde names what it is doing (stderr, beside its
    progress bar) before nbgrader, SQLAlchemy or a kernel load; --stil keeps it quiet."""
    course = copy_course(collected, tmp_path / "cursus")
    nb = course.root / "submitted" / "1002" / "opdracht2" / "opdracht2.ipynb"
    nb.write_text(nb.read_text("utf-8").replace("Plan van 1002.", "Nieuw plan van 1002."),
                  "utf-8")
    code, modules, first, out = _probe_first_line(
        ["autograde", "opdracht2", "--no-execute", "--geen-privacyscan", "--workers", "1"],
        course.root)
    assert code == 0, out
    assert "'opdracht2': 2 inlevering(en) eerst controleren, dan nakijken ..." in out
    assert "Nagekeken: 1; al nagekeken: 1" in out
    assert first and _nbgrader_code_ran(first, out) == [] and _loaded(first, HEAVY) == []
    assert "nbgrader.api" in modules
    nb.write_text(nb.read_text("utf-8").replace("Nieuw plan", "Ander plan"), "utf-8")
    code, _, _, out = _probe_first_line(
        ["autograde", "opdracht2", "--no-execute", "--geen-privacyscan", "--stil"], course.root)
    assert code == 0 and "eerst controleren" not in out, out


_FIRST_LINE = """
import json, sys
HEAVY = ("nbformat", "nbgrader.api", "nbgrader.preprocessors", "sqlalchemy", "jinja2", "pandas",
         "openpyxl", "yaml")


class Watch:
    def __init__(self, inner):
        self.inner, self.first = inner, None

    def write(self, text):
        if self.first is None and text.strip():
            self.first = {"line": text.strip(),
                          "loaded": sorted(m for m in HEAVY if m in sys.modules)}
        return self.inner.write(text)

    def __getattr__(self, name):
        return getattr(self.inner, name)


real = sys.stdout
sys.stdout = watch = Watch(real)
from kit.cli import main
code = main(json.loads(sys.argv[1]))
sys.stdout = real
print(json.dumps({"code": code, "first": watch.first}))
"""


@pytest.mark.parametrize("args, first", [
    (["release", "opdracht2", "--opnieuw"], "'opdracht2' opnieuw vrijgeven ..."),
    (["feedback", "opdracht2"], "Feedback van 'opdracht2' maken ..."),
    (["export", "-o", "cijfers"], "Cijfers exporteren ..."),
    (["rubric", "boekje", "opdracht2", "--beoordelaar", "ab", "-o", "boekje.html"],
     "Antwoordenboekje voor ab maken ..."),
])
def test_slower_commands_say_what_they_do_before_their_libraries_load(graded, args, first):
    course, _ = graded
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", _FIRST_LINE, json.dumps(["grade", *args])],
                          cwd=course.root, env=env, capture_output=True, text=True, timeout=900)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stdout + done.stderr
    assert result["first"] == {"line": first, "loaded": []}, done.stdout
    assert done.stdout.splitlines()[0] == first  # and then what it did
    assert len(done.stdout.strip().splitlines()) >= 3  # the working line, the result, JSON
