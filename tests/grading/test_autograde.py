"""Autograde (kit.grading.autograde) on a real generated course: resume, regrade on change, all-or-nothing merge."""

from __future__ import annotations

import csv

import pytest

from kit.grading.autograde import autograde, merge_submission
from tests.grading.conftest import answer, copy_course, submit_copy


@pytest.mark.slow
def test_resume_after_interruption_and_regrade_on_change(generated_course, tmp_path):
    course = copy_course(generated_course, tmp_path / "c")
    for s in ("a1", "a2", "a3"):
        submit_copy(course, s, "opdracht2",
                    edit=lambda nb, s=s: answer(nb, "opdracht2_plan", f"Plan van {s}"))
    # a run that stopped after one student: only a1 made it into the gradebook
    first = autograde(course, "opdracht2", workers=1, students=["a1"], no_execute=True,
                      privacy_scan=False, progress=False)
    assert first.graded == ["a1"]
    rest = autograde(course, "opdracht2", workers=2, no_execute=True, privacy_scan=False,
                     progress=False)
    assert rest.skipped == ["a1"] and sorted(rest.graded) == ["a2", "a3"]
    submit_copy(course, "a2", "opdracht2",
                edit=lambda nb: answer(nb, "opdracht2_plan", "Nieuw plan"))
    again = autograde(course, "opdracht2", workers=2, no_execute=True, privacy_scan=False,
                      progress=False)
    assert again.graded == ["a2"] and sorted(again.skipped) == ["a1", "a3"]
    report = list(csv.DictReader(again.report.open()))
    assert {r["student"]: r["status"] for r in report} == {
        "a1": "al nagekeken", "a2": "nagekeken", "a3": "al nagekeken"}


@pytest.mark.slow
def test_merge_is_all_or_nothing(generated_course, tmp_path):
    import hashlib
    import sqlite3

    course = copy_course(generated_course, tmp_path / "c")
    broken = tmp_path / "kapot.db"
    sqlite3.connect(broken).close()  # an empty database: the merge must fail
    before = hashlib.sha256(course.db_path.read_bytes()).hexdigest()
    with pytest.raises(sqlite3.OperationalError):
        merge_submission(course.db_path, broken, "opdracht1", "s1")
    assert hashlib.sha256(course.db_path.read_bytes()).hexdigest() == before


def _hold_a_run(course_root: str, flags: str) -> None:
    """Autograde a1 in a forked process and hold the run at its end for a while (a grader
    whose run is still busy), noting when the run began and when it was over."""
    import time
    from pathlib import Path

    import kit.grading.autograde as ag
    from kit.grading.course import open_course

    real = ag._finish_report

    def slow_finish(*args, **kwargs):
        Path(flags, "begonnen").touch()
        time.sleep(3)
        real(*args, **kwargs)
        Path(flags, "klaar").write_text(repr(time.time()))

    ag._finish_report = slow_finish
    ag.autograde(open_course(course_root), "opdracht2", workers=1, students=["a1"],
                 no_execute=True, privacy_scan=False, progress=False)


@pytest.mark.slow
def test_a_second_run_of_an_assignment_waits_for_the_first(generated_course, tmp_path, capsys,
                                                            monkeypatch):
    """Two graders autograde one assignment at once: the second run waits (and says so) until
    the first is over, then both students are graded and remembered."""
    import json
    import multiprocessing
    import time

    import kit.grading.autograde as ag

    course = copy_course(generated_course, tmp_path / "c")
    for s in ("a1", "a2"):
        submit_copy(course, s, "opdracht2",
                    edit=lambda nb, s=s: answer(nb, "opdracht2_plan", f"Plan van {s}"))
    flags = tmp_path / "vlaggen"
    flags.mkdir()
    first = multiprocessing.get_context("fork").Process(
        target=_hold_a_run, args=(str(course.root), str(flags)))
    first.start()
    deadline = time.time() + 120
    while not (flags / "begonnen").exists() and first.is_alive() and time.time() < deadline:
        time.sleep(0.05)
    assert (flags / "begonnen").exists()
    began: list[float] = []
    real = ag._autograde_in_turn
    monkeypatch.setattr(ag, "_autograde_in_turn",
                        lambda *a, **k: began.append(time.time()) or real(*a, **k))
    second = autograde(course, "opdracht2", workers=1, students=["a2"], no_execute=True,
                       privacy_scan=False, progress=True)
    first.join(60)
    assert first.exitcode == 0 and second.graded == ["a2"]
    assert began[0] >= float((flags / "klaar").read_text())  # after the first run was over
    assert "'opdracht2' wordt al nagekeken" in capsys.readouterr().err
    state = json.loads((course.private / "autograde" / "opdracht2" / "voortgang.json").read_text())
    assert sorted(state) == ["a1", "a2"]
