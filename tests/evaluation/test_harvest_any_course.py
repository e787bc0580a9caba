"""Harvest of a course the kit did not make: nbgrader's own quickstart, graded by nbgrader alone."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.cli import main

pytestmark = pytest.mark.slow


def _nbgrader_totals(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="course101") as gb:
        students = {s["id"]: (s["score"], s["max_score"]) for s in gb.student_dicts()}
        cells = {(n.name, s.student.id, g.name): g.score
                 for s in gb.assignment_submissions("ps1") for n in s.notebooks for g in n.grades}
    return students, cells


def test_a_missing_notebook_is_a_zero_not_a_dropped_student(quickstart_course, tmp_path, capsys):
    out = tmp_path / "oogst"
    code = main(["harvest", str(quickstart_course), "-o", str(out), "--echte-ids"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    grades = pd.read_csv(out / "grades.csv")
    students, cells = _nbgrader_totals(quickstart_course)
    assert set(grades["student"]) == set(students) == {"bitdiddle", "hacker", "reasoner"}
    totals = grades.groupby("student")[["score", "max_score"]].sum()
    for student, (score, max_score) in students.items():
        assert totals.loc[student, "score"] == pytest.approx(score), student
        assert totals.loc[student, "max_score"] == pytest.approx(max_score), student
    assert totals.loc["reasoner", "score"] == 3.0  # problem1 solved, problem2 not handed in
    # every notebook and graded cell nbgrader has, for every student
    harvested = {(r.notebook, r.student, r.grade_id): r.score for r in grades.itertuples()}
    assert harvested.keys() == cells.keys()
    assert all(harvested[k] == pytest.approx(v) for k, v in cells.items())
    problems = pd.read_csv(out / "problems.csv", dtype=str, keep_default_na=False)
    note = problems[problems["student"] == "reasoner"]
    assert len(note) == 1 and "problem2" in note.iloc[0]["file"]
    assert note.iloc[0]["severity"] == "melding" and "0 punten" in note.iloc[0]["message"]
    submissions = pd.read_csv(out / "submissions.csv").set_index("student")["status"]
    assert submissions.to_dict() == {"bitdiddle": "geoogst", "hacker": "geoogst",
                                     "reasoner": "onvolledig"}
    answers = pd.read_csv(out / "answers.csv")
    assert set(answers[answers["student"] == "reasoner"]["notebook"]) == {"problem1"}
    assert "problem2" in captured.out + captured.err  # the note is shown, not hidden
