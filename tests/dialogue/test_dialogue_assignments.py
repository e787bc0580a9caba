"""The two assignment sources: nbgrader metadata, release by real nbgrader, the record check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {aid: ROOT / "assignments" / "source" / aid / f"{aid}.ipynb" for aid in ("dialoogtafel", "handreiking")}


def _graded(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize("aid", SOURCES)
def test_metadata_follows_the_conventions(aid):
    nb = nbformat.read(str(SOURCES[aid]), as_version=4)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)) and all(i.startswith(f"{aid}_") for i in ids)
    for cell in _graded(nb):
        meta = cell.metadata["nbgrader"]
        assert meta["schema_version"] == 3 and meta["points"] > 0
        if cell.cell_type == "markdown":
            assert meta["solution"] and not meta["locked"]
        else:
            assert meta["locked"] and not meta["solution"]
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
    manual = sum(c.metadata["nbgrader"]["points"] for c in _graded(nb) if c.cell_type == "markdown")
    assert manual == {"dialoogtafel": 20, "handreiking": 22}[aid]


@pytest.mark.slow
def test_release_by_nbgrader_and_the_record_check(tmp_path):
    course = tmp_path / "cursus"
    for aid, path in SOURCES.items():
        (course / "source" / aid).mkdir(parents=True)
        shutil.copy(path, course / "source" / aid)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'iids-test'\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{course / 'gradebook.db'}'\n", encoding="utf-8")
    bindir = Path(sys.executable).parent
    for aid in SOURCES:
        subprocess.run([str(bindir / "nbgrader"), "generate_assignment", aid, "--force"], cwd=course,
                       check=True, capture_output=True)
    released = nbformat.read(str(course / "release" / "dialoogtafel" / "dialoogtafel.ipynb"), as_version=4)
    answers = [c for c in released.cells if c.metadata.get("nbgrader", {}).get("solution")
               and c.cell_type == "markdown"]
    assert answers and all(c.source == "YOUR ANSWER HERE" for c in answers)
    # the record check is the kit's locked cell: nothing for the student to program
    check = next(c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "dialoogtafel_verslag")
    assert check.metadata["nbgrader"]["locked"] and "NotImplementedError" not in check.source
    assert not any("NotImplementedError" in c.source for c in released.cells)

    # Without a record the check says so in Dutch; the autograded checks then fail.
    from nbclient import NotebookClient

    empty = tmp_path / "leeg" / "dialoogtafel"
    empty.mkdir(parents=True)
    (empty / "timestamp.txt").write_text("2027-01-22 12:00:00.000000 UTC")  # a hand-in: reads mijn-werk/
    blank = nbformat.reads(nbformat.writes(released), as_version=4)
    NotebookClient(blank, timeout=60, allow_errors=True, resources={"metadata": {"path": str(empty)}}).execute()
    said = "".join(o.get("text", "") for c in blank.cells if c.cell_type == "code" for o in c.outputs)
    assert "Nog geen verslag: klik in de widget hierboven op 'Bewaren'" in said
    assert "Het verslag is compleet" not in said

    # A student who saved a record with the widget passes the autograded checks.
    from kit.dialogue.examples import example_record
    from kit.dialogue.record import save_record

    student = tmp_path / "student" / "dialoogtafel"
    student.mkdir(parents=True)
    save_record(example_record("arbeidsmigranten"), student / "mijn-werk" / "dialoog", pseudonymise=lambda t: t)
    NotebookClient(released, timeout=60, resources={"metadata": {"path": str(student)}}).execute()
    outputs = "".join(o.get("text", "") for c in released.cells if c.cell_type == "code" for o in c.outputs)
    assert "Het verslag is geldig en gepseudonimiseerd." in outputs
    assert "Het verslag is compleet" in outputs
