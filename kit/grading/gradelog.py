"""The grading log: per-criterion rubric scores with grader id and time (SQLite beside the gradebook).

nbgrader keeps one score per cell, without who gave it or when. The log keeps every
rubric judgement (append-only: a corrected score is a new row, the latest counts) and
the allocation of submissions to graders for blind double marking. It lives in
``<course>/.iids/beoordelingen.sqlite`` (owner-only folder).

>>> import tempfile, pathlib
>>> log = GradeLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
>>> log.record([Score("a", "s1", "a_1", "inhoud", "goed", 2.0, "docent1", "eerste")])
1
>>> [(s.student, s.level, s.grader) for s in log.current("a")]
[('s1', 'goed', 'docent1')]
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["Score", "Allocation", "GradeLog", "ROLES", "log_path"]

#: Roles of a grader for one submission: first marker, second marker, moderator.
ROLES = ("eerste", "tweede", "moderator")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scores (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    grade_id TEXT NOT NULL,
    criterion TEXT NOT NULL,
    level TEXT NOT NULL,
    points REAL NOT NULL,
    grader TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('eerste', 'tweede', 'moderator')),
    comment TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS scores_lookup ON scores (assignment, student, grade_id, criterion);
CREATE TABLE IF NOT EXISTS allocations (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('eerste', 'tweede', 'moderator')),
    grader TEXT NOT NULL,
    time TEXT NOT NULL,
    PRIMARY KEY (assignment, student, role)
);
"""


@dataclass(frozen=True)
class Score:
    """One rubric judgement: the level a grader chose for one criterion of one cell."""

    assignment: str
    student: str
    grade_id: str
    criterion: str
    level: str
    points: float
    grader: str
    role: str = "eerste"
    comment: str = ""
    time: str = ""


@dataclass(frozen=True)
class Allocation:
    """Which grader marks which submission in which role."""

    assignment: str
    student: str
    role: str
    grader: str


def log_path(course_root: str | os.PathLike) -> Path:
    """``<course>/.iids/beoordelingen.sqlite``.

    >>> log_path("/cursus").as_posix()
    '/cursus/.iids/beoordelingen.sqlite'
    """
    return Path(course_root) / ".iids" / "beoordelingen.sqlite"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class GradeLog:
    """The SQLite grading log (created on first use, mode 0600)."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        new = not self.path.exists()
        with self._connect() as con:
            con.executescript(_SCHEMA)
        if new:
            os.chmod(self.path, 0o600)

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30)
        con.row_factory = sqlite3.Row
        return con

    def record(self, scores: Iterable[Score]) -> int:
        """Append scores in one transaction (all or none); returns how many."""
        now = _now()
        rows = [(s.assignment, s.student, s.grade_id, s.criterion, s.level, float(s.points),
                 s.grader, s.role, s.comment or "", s.time or now) for s in scores]
        con = self._connect()
        try:
            with con:
                con.executemany(
                    "INSERT INTO scores (assignment, student, grade_id, criterion, level, points,"
                    " grader, role, comment, time) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        finally:
            con.close()
        return len(rows)

    def history(self, assignment: str | None = None) -> list[Score]:
        """Every score ever recorded, oldest first."""
        sql = "SELECT * FROM scores" + (" WHERE assignment = ?" if assignment else "") + \
              " ORDER BY id"
        con = self._connect()
        try:
            rows = con.execute(sql, (assignment,) if assignment else ()).fetchall()
        finally:
            con.close()
        return [Score(r["assignment"], r["student"], r["grade_id"], r["criterion"], r["level"],
                      r["points"], r["grader"], r["role"], r["comment"], r["time"]) for r in rows]

    def current(self, assignment: str | None = None) -> list[Score]:
        """The latest score per (assignment, student, cell, criterion, role, grader)."""
        latest: dict[tuple, Score] = {}
        for s in self.history(assignment):
            latest[(s.assignment, s.student, s.grade_id, s.criterion, s.role, s.grader)] = s
        return list(latest.values())

    def allocate(self, allocations: Iterable[Allocation]) -> int:
        """Store allocations (replacing earlier ones for the same submission and role)."""
        now = _now()
        rows = [(a.assignment, a.student, a.role, a.grader, now) for a in allocations]
        con = self._connect()
        try:
            with con:
                con.executemany("INSERT OR REPLACE INTO allocations VALUES (?,?,?,?,?)", rows)
        finally:
            con.close()
        return len(rows)

    def allocations(self, assignment: str) -> list[Allocation]:
        """The allocations of an assignment."""
        con = self._connect()
        try:
            rows = con.execute("SELECT assignment, student, role, grader FROM allocations "
                               "WHERE assignment = ? ORDER BY student, role",
                               (assignment,)).fetchall()
        finally:
            con.close()
        return [Allocation(*tuple(r)) for r in rows]
