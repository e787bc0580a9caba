"""A real nbgrader course for the evaluation tests, built once per test run.

nbgrader's own apps (through :class:`nbgrader.apps.NbGraderAPI`, in process) generate the
assignment from a source notebook and autograde real submissions, as nbgrader's
end-to-end tests do. Three students hand in; one with a ``mijn-werk/`` folder full of
artefacts, one with an artefact holding a phone number (the privacy scan refuses it).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

ASSIGNMENT = "ps1"
STUDENTS = ["jan01", "fatima02", "piotr03"]


def _source_notebook() -> dict:
    def md(source, **nbgrader):
        meta = {"nbgrader": {**nbgrader, "schema_version": 3}} if nbgrader else {}
        return {"cell_type": "markdown", "metadata": meta, "source": source}

    def code(source, **nbgrader):
        meta = {"nbgrader": {**nbgrader, "schema_version": 3}} if nbgrader else {}
        return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [],
                "execution_count": None}

    cells = [
        md("# Opdracht 1"),
        md("Wat is een dominant discours?"),
        md("JOUW ANTWOORD HIER", grade=True, solution=True, locked=False, points=4,
           grade_id="ps1_uitleg"),
        code("def dubbel(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
             grade=False, solution=True, locked=False, grade_id="ps1_functie"),
        code("assert dubbel(2) == 4", grade=True, solution=False, locked=True, points=2,
             grade_id="ps1_toets"),
    ]
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "language": "python",
                                                        "display_name": "Python 3"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build_real_course(root: Path) -> Path:
    """Generate, submit and autograde a small course with nbgrader's own apps."""
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    root.mkdir(parents=True)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    (root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text(
        json.dumps(_source_notebook()), encoding="utf-8")
    cfg = Config()
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.course_id = "iids-test"
    cfg.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    cfg.Exchange.root = str(root / "exchange")
    api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
    with Gradebook(cfg.CourseDirectory.db_url, course_id="iids-test") as gb:
        gb.update_or_create_assignment(ASSIGNMENT)
        for student in STUDENTS:
            gb.update_or_create_student(student)
    result = api.generate_assignment(ASSIGNMENT)
    assert result["success"], result["log"]
    released = json.loads((root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    answers = {"jan01": ("Het verhaal dat de meeste macht heeft.", "    return 2 * x"),
               "fatima02": ("Een discours dat andere stemmen wegdrukt.", "    return x + x"),
               "piotr03": ("Weet ik niet.", "    return x")}
    for student, (text, body) in answers.items():
        nb = json.loads(json.dumps(released))
        for cell in nb["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id == "ps1_uitleg":
                cell["source"] = text
            elif grade_id == "ps1_functie":
                cell["source"] = "def dubbel(x):\n" + body
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-01-15 12:00:00.000000 UTC")
    work = root / "submitted" / "jan01" / ASSIGNMENT / "mijn-werk"
    _write_csv(work / "coderingen.csv", [
        {"document": "N-1", "start": 0, "end": 12, "code": "werk", "coder": "jan01", "memo": ""},
        {"document": "N-1", "start": 5, "end": 20, "code": "humor", "coder": "tweede", "memo": ""}])
    _write_csv(work / "dialoog" / "afspraken.csv", [
        {"id": "A1", "text": "De gemeente plant een vervolg.", "owner": "gemeente",
         "due": "2026-03-01", "statement": "S1", "follow_up": "Uitnodigen (gedaan, 2026-02-01)"},
        {"id": "A2", "text": "Het buurthuis opent een spreekuur.", "owner": "buurthuis",
         "due": "2026-04-01", "statement": "", "follow_up": ""}])
    _write_csv(work / "dialoog" / "aanbevelingen.csv", [
        {"id": "R1", "text": "Betrek de community bij beleid.", "audience": "politici",
         "evidence": "Uit de narratieven.", "minority_view": "Eerst meer tijd.", "source": "A1",
         "co_developed": "ja", "handreiking": "Samen beleid maken"}])
    leak = root / "submitted" / "fatima02" / ASSIGNMENT / "mijn-werk" / "coderingen.csv"
    _write_csv(leak, [{"document": "N-2", "start": 0, "end": 5, "code": "werk",
                       "coder": "fatima02", "memo": "bel haar op 06-12345678"}])
    for student in STUDENTS:
        result = api.autograde(ASSIGNMENT, student)
        assert result["success"], result["log"]
    return root


# ``real_course``, ``course_copy`` and ``synthetic_pair`` live in tests/conftest.py: the
# privacy red team uses the same course, and each is built once per test run.


QUICKSTART_STUDENTS = {"bitdiddle": ("problem1", "problem2"), "hacker": ("problem1", "problem2"),
                       "reasoner": ("problem1",)}


def build_quickstart_course(root: Path) -> Path:
    """nbgrader's own example course, graded with nbgrader alone (no part of the kit).

    The files of ``nbgrader quickstart course101`` (its example course, copied the way the
    quickstart copies it: the quickstart app itself starts six nbgrader processes, a minute of
    imports), ``ps1`` generated, three students:
    ``bitdiddle`` hands in the released notebooks untouched, ``hacker`` the instructor's
    solutions, ``reasoner`` only ``problem1`` (the solution); then plain ``nbgrader autograde``.
    """
    import nbgrader
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    course = root / "course101"
    example = Path(nbgrader.__file__).parent / "docs" / "source" / "user_guide" / "source"
    shutil.copytree(example, course / "source",
                    ignore=shutil.ignore_patterns("*.html", "autotests.yml", "ps1_autotest"))
    cfg = Config()
    cfg.CourseDirectory.root = str(course)
    cfg.CourseDirectory.course_id = "course101"
    cfg.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
    cfg.IncludeHeaderFooter.header = "source/header.ipynb"
    cfg.Exchange.root = str(root / "exchange")
    api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
    with Gradebook(cfg.CourseDirectory.db_url, course_id="course101") as gb:
        gb.update_or_create_assignment("ps1")
        for student in QUICKSTART_STUDENTS:
            gb.update_or_create_student(student)
    result = api.generate_assignment("ps1")
    assert result["success"], result["log"]
    for student, notebooks in QUICKSTART_STUDENTS.items():
        folder = course / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        for notebook in notebooks:
            step = "release" if student == "bitdiddle" else "source"
            shutil.copy(course / step / "ps1" / f"{notebook}.ipynb", folder)
        (folder / "timestamp.txt").write_text("2026-01-15 12:00:00.000000 UTC")
        result = api.autograde("ps1", student)
        assert result["success"], result["log"]
    return course


@pytest.fixture(scope="session")
def quickstart_course(tmp_path_factory) -> Path:
    """``nbgrader quickstart course101`` graded with plain nbgrader (read-only for the tests)."""
    from tests.conftest import built_once

    return built_once(tmp_path_factory, "quickstart", build_quickstart_course)
