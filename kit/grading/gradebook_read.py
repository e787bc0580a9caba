"""Reading nbgrader's gradebook quickly: read-only, on :mod:`sqlite3`, without the ORM.

``import nbgrader.api`` costs more than a second (SQLAlchemy and nbgrader's mapped
classes) before a command has read one row. The commands that only *read* scores
(``iids grade export``) use this small module instead. It is the only place in the kit
that computes scores from nbgrader's tables itself, and it computes them as nbgrader's
own column properties do (same SQL expressions, so the same floating-point sums):

- a grade's score: the manual score when set, else the automatic score, else 0, plus
  the extra credit; its maximum: the grade cell's or task cell's ``max_score``, else 0;
- a submission's score: the sum of its grades' scores; ``needs_manual_grade``: any of
  its grades needs one; late: seconds past the due date plus any extension;
- students ordered by last name and first name, assignments by due date and name.

The database is opened read-only (``mode=ro``): nothing is created or changed.
``tests/grading/test_gradebook_read.py`` keeps every value equal to
:class:`nbgrader.api.Gradebook` on gradebooks that real nbgrader wrote.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

__all__ = ["ReadOnlyGradebook", "StudentRow", "GradeRow", "CommentRow", "NotebookRow",
           "SubmissionRow"]

#: nbgrader's Grade.score (nbgrader/api.py), as SQL over table ``grade`` (alias g).
_SCORE = ("CASE WHEN g.manual_score IS NOT NULL THEN g.manual_score + CASE WHEN "
          "g.extra_credit IS NOT NULL THEN g.extra_credit ELSE 0.0 END "
          "WHEN g.auto_score IS NOT NULL THEN g.auto_score + CASE WHEN "
          "g.extra_credit IS NOT NULL THEN g.extra_credit ELSE 0.0 END ELSE 0.0 END")
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class StudentRow:
    id: str
    first_name: str | None
    last_name: str | None
    email: str | None
    lms_user_id: str | None


@dataclass(frozen=True)
class GradeRow:
    name: str
    cell_type: str | None
    auto_score: float | None
    manual_score: float | None
    extra_credit: float | None
    score: float
    max_score: float
    needs_manual_grade: bool


@dataclass(frozen=True)
class CommentRow:
    name: str
    auto_comment: str | None
    manual_comment: str | None


@dataclass(frozen=True)
class NotebookRow:
    name: str
    grades: list[GradeRow] = field(default_factory=list)
    comments: list[CommentRow] = field(default_factory=list)


@dataclass(frozen=True)
class SubmissionRow:
    assignment: str
    student: str
    timestamp: datetime | None
    score: float
    max_score: float
    needs_manual_grade: bool
    total_seconds_late: float
    notebooks: list[NotebookRow] = field(default_factory=list)


def _datetime(text: str | None) -> datetime | None:
    """SQLAlchemy's SQLite ``DateTime`` text (``2026-10-01 12:00:00.000000``) as a datetime."""
    return None if text is None else datetime.fromisoformat(text)


class ReadOnlyGradebook:
    """nbgrader's ``gradebook.db`` opened read-only.

    >>> import tempfile
    >>> ReadOnlyGradebook(Path(tempfile.mkdtemp()) / "gradebook.db")
    Traceback (most recent call last):
    ...
    FileNotFoundError: ...gradebook.db
    """

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(str(path))
        self.path = path
        self.con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> ReadOnlyGradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def students(self) -> list[StudentRow]:
        """Every student, ordered as :attr:`nbgrader.api.Gradebook.students`."""
        return [StudentRow(*r) for r in self.con.execute(
            "SELECT id, first_name, last_name, email, lms_user_id FROM student "
            "ORDER BY last_name, first_name")]

    def assignments(self) -> list[str]:
        """Assignment names, ordered as :attr:`nbgrader.api.Gradebook.assignments`."""
        return [r[0] for r in self.con.execute(
            "SELECT name FROM assignment ORDER BY duedate, name")]

    def assignment_max_score(self, name: str) -> float | None:
        """nbgrader's ``Assignment.max_score`` (``None`` when there is no such assignment)."""
        row = self.con.execute(
            "SELECT (SELECT coalesce(sum(gc.max_score), 0.0) FROM grade_cells gc "
            "  JOIN base_cell bc ON bc.id = gc.id JOIN notebook n ON bc.notebook_id = n.id "
            "  WHERE n.assignment_id = a.id) + "
            "(SELECT coalesce(sum(tc.max_score), 0.0) FROM task_cells tc "
            "  JOIN base_cell bc ON bc.id = tc.id JOIN notebook n ON bc.notebook_id = n.id "
            "  WHERE n.assignment_id = a.id) FROM assignment a WHERE a.name = ?",
            (name,)).fetchone()
        return None if row is None else row[0]

    def submission(self, assignment: str, student: str) -> SubmissionRow | None:
        """One student's submission with its notebooks, grades and comments, else ``None``."""
        row = self.con.execute(
            "SELECT sa.id, sa.timestamp, sa.extension, a.duedate, a.id FROM submitted_assignment sa "
            "JOIN assignment a ON sa.assignment_id = a.id "
            "WHERE a.name = ? AND sa.student_id = ?", (assignment, student)).fetchone()
        if row is None:
            return None
        sa_id, stamp, extension, due, a_id = row
        timestamp = _datetime(stamp)
        duedate = _datetime(due)
        if duedate is not None and extension is not None:
            duedate = duedate + (_datetime(extension) - _EPOCH)
        late = 0 if timestamp is None or duedate is None else max(
            0, (timestamp - duedate).total_seconds())
        notebooks = []
        for sn_id, name in self.con.execute(
                "SELECT sn.id, n.name FROM submitted_notebook sn JOIN notebook n "
                "ON sn.notebook_id = n.id WHERE sn.assignment_id = ? ORDER BY sn.rowid", (sa_id,)).fetchall():
            grades = [GradeRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
                      for r in self.con.execute(
                          "SELECT bc.name, coalesce(gc.cell_type, tc.cell_type), g.auto_score, "
                          f"g.manual_score, g.extra_credit, {_SCORE}, "
                          "coalesce(gc.max_score, tc.max_score, 0.0), g.needs_manual_grade "
                          "FROM grade g JOIN base_cell bc ON g.cell_id = bc.id "
                          "LEFT JOIN grade_cells gc ON gc.id = g.cell_id "
                          "LEFT JOIN task_cells tc ON tc.id = g.cell_id "
                          "WHERE g.notebook_id = ? ORDER BY g.rowid", (sn_id,))]
            comments = [CommentRow(*r) for r in self.con.execute(
                "SELECT bc.name, c.auto_comment, c.manual_comment FROM comment c "
                "JOIN base_cell bc ON c.cell_id = bc.id WHERE c.notebook_id = ? "
                "ORDER BY c.rowid", (sn_id,))]
            notebooks.append(NotebookRow(name, grades, comments))
        score, needs = self.con.execute(
            f"SELECT coalesce(sum({_SCORE}), 0.0), count(CASE WHEN g.needs_manual_grade "
            "THEN 1 END) > 0 FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id "
            "WHERE sn.assignment_id = ?", (sa_id,)).fetchone()
        return SubmissionRow(assignment=assignment, student=student, timestamp=timestamp,
                             score=score, max_score=self.assignment_max_score(assignment) or 0.0,
                             needs_manual_grade=bool(needs), total_seconds_late=late,
                             notebooks=notebooks)
