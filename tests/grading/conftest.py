"""Fixtures for the grading tests: a real nbgrader course in a temporary folder.

Modelled on nbgrader/tests/apps/conftest.py: a temporary course folder, its own
exchange, an isolated HOME and JUPYTER_* folders. The course is built by hand
(copying the fixture sources and the repository's nbgrader_config.py), not with
``nbgrader quickstart`` (25 s here).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]

# The fixture notebooks are inputs for nbgrader, not notebooks to run under nbval.
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture
def isolated_jupyter(tmp_path, monkeypatch):
    """Fresh HOME and Jupyter folders, so nothing leaks in from the developer's machine."""
    home = tmp_path / "home"
    for sub in ("", "config", "data", "runtime"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(home / "runtime"))
    return home


def build_course(root: Path, assignments=("opdracht1", "opdracht2")) -> Path:
    """A course folder with the fixture sources, rubrics and the real nbgrader_config.py."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "assignments" / "nbgrader_config.py", root / "nbgrader_config.py")
    for aid in assignments:
        shutil.copytree(FIXTURES / "source" / aid, root / "source" / aid)
        (root / "rubrics").mkdir(exist_ok=True)
        shutil.copy(FIXTURES / "rubrics" / f"{aid}.yaml", root / "rubrics" / f"{aid}.yaml")
    return root


@pytest.fixture
def course_root(tmp_path, isolated_jupyter):
    """A fresh, not yet generated course folder."""
    return build_course(tmp_path / "cursus")


# ``generated_course`` (both fixture assignments generated, built once per test run and
# shared read-only) lives in tests/conftest.py: the privacy red team uses it too.


def copy_course(course, target: Path):
    """A private copy of a course folder (nbgrader paths are relative to the root)."""
    from kit.grading.course import open_course

    shutil.copytree(course.root, target, symlinks=True)
    return open_course(target)


def submit_copy(course, student: str, assignment: str, *, edit=None, timestamp=None) -> Path:
    """Put the released notebook into submitted/<student>/<assignment>/ (optionally edited)."""
    import nbformat

    src = course.root / "release" / assignment
    dest = course.root / "submitted" / student / assignment
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    path = dest / f"{assignment}.ipynb"
    if edit is not None:
        nb = nbformat.read(str(path), as_version=4)
        edit(nb)
        nbformat.write(nb, str(path))
    (dest / "timestamp.txt").write_text(timestamp or "2026-10-01 12:00:00.000000 UTC")
    return path


def answer(nb, grade_id: str, source: str) -> None:
    """Fill in the cell with ``grade_id``."""
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
            return
    raise KeyError(grade_id)


os.environ.setdefault("IIDS_TEST", "1")


@pytest.fixture(scope="session")
def collected(generated_course, tmp_path_factory):
    """Two students' opdracht2 from a Brightspace zip, autograded and with feedback (shared:
    tests that change it work on a copy)."""
    import zipfile

    import nbformat

    from kit.cli import main

    base = tmp_path_factory.mktemp("brightspace")
    course = copy_course(generated_course, base / "cursus")
    download = base / "download.zip"
    released = course.root / "release" / "opdracht2" / "opdracht2.ipynb"
    with zipfile.ZipFile(download, "w") as archive:
        for student in ("1001", "1002"):
            nb = nbformat.read(str(released), as_version=4)
            answer(nb, "opdracht2_plan", f"Plan van {student}.")
            archive.writestr(f"{student}/opdracht2.ipynb", nbformat.writes(nb))
    assert main(["grade", "zip-collect", "opdracht2", str(download), "--cursus",
                 str(course.root)]) == 0
    assert main(["grade", "autograde", "opdracht2", "--cursus", str(course.root), "--workers",
                 "1", "--no-execute", "--stil", "--geen-privacyscan"]) == 0
    assert main(["grade", "feedback", "opdracht2", "--cursus", str(course.root)]) == 0
    return course


def read_export(path: Path) -> list[dict]:
    """The rows of an exported table as Dutch Excel reads it (``;``, decimal comma, BOM)."""
    import csv

    with Path(path).open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh, delimiter=";"))
