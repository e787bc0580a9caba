"""The grading log (kit.grading.gradelog), real SQLite: append-only, the latest counts, all or none."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from kit.grading.gradelog import Allocation, GradeLog, Score, log_path


def _score(level="goed", points=2.0, grader="ab", role="eerste", student="s1", time=""):
    return Score("opdracht", student, "opdracht_plan", "inhoud", level, points, grader, role,
                 time=time)


def test_private_file_in_a_private_folder(tmp_path):
    log = GradeLog(log_path(tmp_path))
    assert log.path == tmp_path / ".iids" / "beoordelingen.sqlite"
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.path.parent.stat().st_mode) == 0o700


def test_a_correction_is_a_new_row_and_the_latest_counts_per_grader_and_role(tmp_path):
    log = GradeLog(tmp_path / "log.sqlite")
    log.record([_score("matig", 1.0, time="2026-01-01T10:00:00+00:00")])
    log.record([_score("goed", 2.0, time="2026-01-01T11:00:00+00:00"),
                _score("voldoende", 1.5, grader="cd", role="tweede")])
    assert [s.level for s in log.history("opdracht")] == ["matig", "goed", "voldoende"]
    current = {(s.grader, s.role): (s.level, s.points) for s in log.current("opdracht")}
    assert current == {("ab", "eerste"): ("goed", 2.0), ("cd", "tweede"): ("voldoende", 1.5)}
    assert log.history("andere") == [] and len(GradeLog(tmp_path / "log.sqlite").history()) == 3
    assert all(s.time for s in log.history())  # stamped when not given


def test_a_batch_with_a_bad_row_writes_nothing(tmp_path):
    log = GradeLog(tmp_path / "log.sqlite")
    with pytest.raises(sqlite3.IntegrityError):
        log.record([_score(), _score(role="baas")])
    assert log.history() == []


def test_allocations_replace_per_submission_and_role(tmp_path):
    log = GradeLog(tmp_path / "log.sqlite")
    log.allocate([Allocation("opdracht", "s1", "eerste", "ab"), Allocation("opdracht", "s1", "tweede", "cd"),
                  Allocation("opdracht", "s2", "eerste", "ab")])
    log.allocate([Allocation("opdracht", "s1", "tweede", "ef")])
    assert log.allocations("opdracht") == [Allocation("opdracht", "s1", "eerste", "ab"),
                                           Allocation("opdracht", "s1", "tweede", "ef"),
                                           Allocation("opdracht", "s2", "eerste", "ab")]
    assert log.allocations("andere") == []
