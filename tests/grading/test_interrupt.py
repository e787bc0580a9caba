"""A killed ``iids grade autograde`` picks up where it stopped, and personal data is set aside."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.grading.autograde import autograde
from tests.grading.conftest import answer, copy_course, submit_copy

pytestmark = pytest.mark.slow


def _scores(course, assignment):
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gb:
        return {(sub.student_id, g.name): (g.auto_score, g.needs_manual_grade)
                for sub in gb.assignment_submissions(assignment)
                for nb in sub.notebooks for g in nb.grades}


#: An extra (ungraded) code cell in every submission: the first two kernels to run it go on,
#: every later one waits until the test opens the gate. So the kill always lands mid-run,
#: however fast grading gets or however slow the test is woken.
GATED = """import os, time
os.makedirs({seen!r}, exist_ok=True)
earlier = len(os.listdir({seen!r}))
open(os.path.join({seen!r}, str(os.getpid())), "w").close()
while earlier >= 2 and not os.path.exists({gate!r}):
    time.sleep(0.05)
"""


def _submit_gated(course, students, cell):
    import nbformat

    def edit(nb, s):
        answer(nb, "opdracht2_plan", f"Plan {s}")
        nb.cells.append(nbformat.v4.new_code_cell(cell))

    for s in students:
        submit_copy(course, s, "opdracht2", edit=lambda nb, s=s: edit(nb, s))


def test_killed_run_resumes(generated_course, tmp_path):
    course = copy_course(generated_course, tmp_path / "c")
    students = [f"k{i}" for i in range(8)]
    gate = tmp_path / "poort-open"
    cell = GATED.format(seen=str(tmp_path / "gestart"), gate=str(gate))
    _submit_gated(course, students, cell)
    progress = course.private / "autograde" / "opdracht2" / "voortgang.json"
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    proc = subprocess.Popen([sys.executable, "-m", "kit", "grade", "autograde", "opdracht2",
                             "--cursus", str(course.root), "--workers", "2",
                             "--geen-privacyscan", "--stil"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            done = json.loads(progress.read_text()) if progress.exists() else {}
            if len(done) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group
    finally:
        proc.wait(timeout=30)
        gate.touch()  # a kernel left waiting outside the killed group goes on and ends
    before = json.loads(progress.read_text())
    assert proc.returncode == -signal.SIGKILL  # it was really killed mid-run
    assert len(before) == 2  # the two ungated ones; every other one waited at the gate
    rest = autograde(course, "opdracht2", workers=2, privacy_scan=False, progress=False)
    assert sorted(rest.skipped) == sorted(before)
    assert sorted(rest.graded + rest.skipped) == students
    # the same as one uninterrupted serial run
    reference = copy_course(generated_course, tmp_path / "ref")
    _submit_gated(reference, students, cell)
    autograde(reference, "opdracht2", workers=1, privacy_scan=False, progress=False)
    assert _scores(course, "opdracht2") == _scores(reference, "opdracht2")


def test_personal_data_in_work_folder_is_set_aside(generated_course, tmp_path):
    course = copy_course(generated_course, tmp_path / "c")
    for s in ("p1", "p2"):
        path = submit_copy(course, s, "opdracht2")
        work = path.parent / "mijn-werk"
        work.mkdir()
        text = ("Jan de Vries belde me op 06-12345678 en mailde jan.devries@example.nl."
                if s == "p1" else "Een bewoner vertelde over het buurthuis en de markt.")
        (work / "notities.txt").write_text(text + "\n")
    result = autograde(course, "opdracht2", workers=1, no_execute=True, progress=False)
    assert [e.student for e in result.set_aside] == ["p1"]
    assert "privacyscan" in result.set_aside[0].reason
    assert result.graded == ["p2"]
