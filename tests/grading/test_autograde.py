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
