"""Grading by rubric: grader sheets, the final-score rule, and writing into nbgrader's gradebook.

A grader fills in a CSV sheet (or the widget in :mod:`kit.grading.widgets`) with one row
per submission code x cell x criterion: the level chosen and an optional comment. The
scores go into the grading log with grader id and time. Then :func:`apply_to_gradebook`
computes, per cell, the final points by the rule below and writes them into nbgrader's
``manual_score`` with a comment composed from the rubric's comment bank into
``manual_comment``, so the formgrader shows the same result.

Final-score rule (per student, cell and criterion):

1. a moderator's score, when there is one, is final;
2. otherwise, with a first and a second marker: levels at most one step apart -> the
   mean of their points; further apart -> the criterion goes to moderation and,
   until then, the first marker's score counts;
3. otherwise the single marker's score.

The cell's manual score is the sum over its criteria.

>>> final_points([("eerste", 0, 2.0), ("tweede", 1, 3.0)])
(2.5, False)
>>> final_points([("eerste", 0, 0.0), ("tweede", 2, 3.0)])
(0.0, True)
>>> final_points([("eerste", 0, 0.0), ("tweede", 2, 3.0), ("moderator", 1, 1.5)])
(1.5, False)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import InputError, row_place
from kit.grading.course import Course, assignment_rubric, require_assignment
from kit.grading.gradelog import ROLES, GradeLog, Score, log_path

__all__ = [
    "SHEET_COLUMNS",
    "graded_students",
    "allocated_students",
    "write_grader_sheet",
    "read_grader_sheet",
    "record_sheet",
    "final_points",
    "final_basis",
    "BASIS_TEXT",
    "CellResult",
    "final_results",
    "compose_comment",
    "apply_to_gradebook",
]

#: Columns of a grader sheet (CSV).
SHEET_COLUMNS = ["submission", "grade_id", "criterion", "level", "comment"]


def graded_students(course: Course, assignment: str) -> list[str]:
    """Students with an (autograded) submission of the assignment in the gradebook.

    Raises:
        InputError: when the course has no gradebook yet (none is created).
    """
    from kit.grading.course import read_gradebook

    con = read_gradebook(course)
    try:
        rows = con.execute("SELECT sa.student_id FROM submitted_assignment sa JOIN assignment a "
                           "ON sa.assignment_id = a.id WHERE a.name = ?", (assignment,)).fetchall()
    finally:
        con.close()
    return sorted(r[0] for r in rows)


def allocated_students(course: Course, assignment: str, grader: str, role: str) -> list[str]:
    """The submissions this grader marks in this role.

    First and second markers get their allocation (without allocations a first marker gets
    every submission); a moderator gets the submissions with a criterion in moderation.
    """
    if role == "moderator":
        return sorted({r.student for r in final_results(course, assignment)
                       if r.needs_moderation})
    log = GradeLog(log_path(course.root))
    mine = [a.student for a in log.allocations(assignment) if a.grader == grader and a.role == role]
    if mine or role != "eerste" or log.allocations(assignment):
        return mine
    return graded_students(course, assignment)


def write_grader_sheet(course: Course, assignment: str, grader: str, path: str | os.PathLike,
                       *, role: str = "eerste", seed: int = 0) -> Path:
    """Write an empty grader sheet: this grader's submissions as codes, in a random order.

    A moderator's sheet lists only the disputed criteria. Without allocations (see :mod:`kit.grading.double_mark`) a first marker gets every
    submission.
    """
    import csv
    import io

    from kit.grading.blind import code_table, grader_order
    from kit.io import atomic_write_text

    rubric = assignment_rubric(course, assignment)
    if role not in ROLES:
        raise InputError(f"onbekende rol '{role}'; kies uit {', '.join(ROLES)}")
    students = allocated_students(course, assignment, grader, role)
    codes = code_table(course.root, assignment, students)
    disputed = None
    if role == "moderator":  # only the criteria the two graders disagree on
        disputed = {(r.student, r.grade_id, c) for r in final_results(course, assignment)
                    for c in r.needs_moderation}
    rows = []
    for code in grader_order(list(codes), grader, seed):
        for cell in rubric.cells:
            for criterion in cell.criteria:
                if disputed is not None and \
                        (codes[code], cell.grade_id, criterion.id) not in disputed:
                    continue
                rows.append([code, cell.grade_id, criterion.id, "", ""])
    # (text only: the csv module writes what pandas' to_csv wrote, without importing pandas)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SHEET_COLUMNS)
    writer.writerows(rows)
    return atomic_write_text(path, buffer.getvalue())


def read_grader_sheet(course: Course, assignment: str, path: str | os.PathLike, grader: str,
                      *, role: str = "eerste") -> list[Score]:
    """Read and validate a filled-in grader sheet; rows with an empty level are skipped.

    Raises:
        InputError: an unknown submission code, cell, criterion or level (with the row).
    """
    from kit.grading.blind import code_table
    from kit.io import read_csv

    require_assignment(course, assignment)
    if role not in ROLES:
        raise InputError(f"onbekende rol '{role}'; kies uit {', '.join(ROLES)}")
    if not grader.strip():
        raise InputError("geef een beoordelaar op (--beoordelaar)")
    rubric = assignment_rubric(course, assignment)
    frame = read_csv(path, required=SHEET_COLUMNS[:4], allowed=SHEET_COLUMNS)
    codes = code_table(course.root, assignment, graded_students(course, assignment))
    scores: list[Score] = []
    seen: set[tuple] = set()
    for i, row in enumerate(frame.to_dict("records")):
        level_text = str(row.get("level", "")).strip()
        if not level_text:
            continue
        code = str(row["submission"]).strip().upper()
        if code not in codes:
            raise InputError(f"onbekende inlevering '{row['submission']}'", path=path,
                             place=row_place(i, "submission"))
        try:
            cell = rubric.cell(str(row["grade_id"]).strip())
        except KeyError:
            raise InputError(f"onbekende cel '{row['grade_id']}' (de rubriek kent: "
                             f"{', '.join(rubric.grade_ids)})", path=path,
                             place=row_place(i, "grade_id")) from None
        try:
            criterion = cell.criterion(str(row["criterion"]))
        except KeyError:
            raise InputError(f"onbekend criterium '{row['criterion']}' bij '{cell.grade_id}'",
                             path=path, place=row_place(i, "criterion")) from None
        try:
            level = criterion.level(level_text)
        except KeyError:
            names = ", ".join(lvl.id for lvl in criterion.levels)
            raise InputError(f"onbekend niveau '{level_text}' bij '{criterion.id}' (kies uit: "
                             f"{names})", path=path, place=row_place(i, "level")) from None
        key = (code, cell.grade_id, criterion.id)
        if key in seen:
            raise InputError("deze inlevering, cel en criterium staan er twee keer in",
                             path=path, place=row_place(i))
        seen.add(key)
        scores.append(Score(assignment, codes[code], cell.grade_id, criterion.id, level.id,
                            level.points, grader.strip(), role,
                            str(row.get("comment") or "").strip()))
    return scores


def record_sheet(course: Course, assignment: str, path: str | os.PathLike, grader: str,
                 *, role: str = "eerste") -> int:
    """Validate a grader sheet and append its scores to the grading log (all or nothing)."""
    scores = read_grader_sheet(course, assignment, path, grader, role=role)
    return GradeLog(log_path(course.root)).record(scores)


def final_points(judgements: list[tuple[str, int, float]]) -> tuple[float, bool]:
    """Apply the final-score rule to one criterion.

    Args:
        judgements: ``(role, level rank, points)`` per grader (latest per grader).

    Returns:
        ``(points, needs_moderation)``.
    """
    by_role: dict[str, list[tuple[int, float]]] = {}
    for role, rank, points in judgements:
        by_role.setdefault(role, []).append((rank, points))
    if by_role.get("moderator"):
        return by_role["moderator"][-1][1], False
    first = by_role.get("eerste", [])
    second = by_role.get("tweede", [])
    if first and second:
        (r1, p1), (r2, p2) = first[-1], second[-1]
        if abs(r1 - r2) <= 1:
            return (p1 + p2) / 2, False
        return p1, True
    only = (first or second)
    if not only:
        raise ValueError("no judgement")
    return only[-1][1], False


#: How a criterion's final points came about (``CellResult.basis``), in Dutch for the student.
BASIS_TEXT = {
    "beoordelaar": "",
    "eens": "twee beoordelaars eens",
    "gemiddelde": "gemiddelde van twee beoordelaars",
    "moderator": "keuze van de moderator",
    "moderatie": "voorlopig: de beoordelaars verschillen, een moderator beslist nog",
}


def final_basis(judgements: list[tuple[str, int, float]]) -> str:
    """How :func:`final_points` decided: a key of :data:`BASIS_TEXT`.

    >>> final_basis([("eerste", 0, 2.0), ("tweede", 1, 3.0)])
    'gemiddelde'
    >>> final_basis([("eerste", 1, 2.0), ("tweede", 1, 2.0)])
    'eens'
    >>> final_basis([("eerste", 0, 0.0), ("tweede", 2, 3.0), ("moderator", 1, 1.5)])
    'moderator'
    """
    roles = {role: (rank, points) for role, rank, points in judgements}
    if "moderator" in roles:
        return "moderator"
    if "eerste" in roles and "tweede" in roles:
        (r1, p1), (r2, p2) = roles["eerste"], roles["tweede"]
        if abs(r1 - r2) > 1:
            return "moderatie"
        return "eens" if r1 == r2 and p1 == p2 else "gemiddelde"
    return "beoordelaar"


@dataclass
class CellResult:
    """The final result of one cell for one student.

    ``levels`` holds the decisive level per criterion (the moderator's, else the first
    marker's); ``criterion_points`` the final points per criterion (they add up to
    ``points``); ``basis`` how each came about (:data:`BASIS_TEXT`); ``judged`` every
    grader's level per criterion, first marker first.
    """

    student: str
    grade_id: str
    points: float
    complete: bool
    needs_moderation: list[str]
    levels: dict[str, str]
    comments: list[str]
    criterion_points: dict[str, float] = field(default_factory=dict)
    basis: dict[str, str] = field(default_factory=dict)
    judged: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def final_results(course: Course, assignment: str) -> list[CellResult]:
    """Final per-cell results from the grading log (only cells with at least one score)."""
    rubric = assignment_rubric(course, assignment)
    log = GradeLog(log_path(course.root))
    grouped: dict[tuple[str, str], dict[str, list[Score]]] = {}
    for s in log.current(assignment):
        grouped.setdefault((s.student, s.grade_id), {}).setdefault(s.criterion, []).append(s)
    results = []
    order = {"eerste": 0, "tweede": 1, "moderator": 2}
    for (student, grade_id), per_criterion in sorted(grouped.items()):
        try:
            cell = rubric.cell(grade_id)
        except KeyError:
            continue
        total = 0.0
        moderation = []
        levels: dict[str, str] = {}
        comments: list[str] = []
        per_points: dict[str, float] = {}
        basis: dict[str, str] = {}
        judged: dict[str, list[tuple[str, str]]] = {}
        for criterion in cell.criteria:
            scores = sorted(per_criterion.get(criterion.id, []), key=lambda s: order[s.role])
            valid = [s for s in scores if s.level in {lvl.id for lvl in criterion.levels}]
            if not valid:
                continue
            judgements = [(s.role, criterion.rank(s.level), s.points) for s in valid]
            points, moderate = final_points(judgements)
            total += points
            if moderate:
                moderation.append(criterion.id)
            decisive = next((s for s in valid if s.role == "moderator"), valid[0])
            levels[criterion.id] = decisive.level
            per_points[criterion.id] = round(points, 4)
            basis[criterion.id] = final_basis(judgements)
            judged[criterion.id] = [(s.role, s.level) for s in valid]
            comments.extend(s.comment for s in valid if s.comment)
        complete = all(c.id in levels for c in cell.criteria)
        results.append(CellResult(student, grade_id, round(total, 4), complete, moderation,
                                  levels, comments, per_points, basis, judged))
    return results


def compose_comment(cell_rubric, levels: dict[str, str], extra: list[str],
                    points: dict[str, float] | None = None,
                    basis: dict[str, str] | None = None) -> str:
    """The student-facing comment: per criterion the level, the final points and the comment bank.

    With ``points`` and ``basis`` (from :class:`CellResult`) a criterion decided by two
    graders or a moderator shows its final points and how they came about, so the lines
    add up to the cell's score.

    >>> from kit.grading.rubrics import parse_rubric
    >>> r = parse_rubric({"opdracht": "a", "titel": "A", "cellen": [{"grade_id": "a_1",
    ...     "titel": "T", "punten": 2, "criteria": [{"id": "c", "naam": "Helderheid", "niveaus": [
    ...     {"id": "l", "naam": "Zwak", "punten": 0, "beschrijving": "d", "commentaar": "Vaag."},
    ...     {"id": "h", "naam": "Sterk", "punten": 2, "beschrijving": "d", "commentaar": "Helder!"}]}]}]})
    >>> print(compose_comment(r.cells[0], {"c": "h"}, ["Mooi voorbeeld."]))
    - **Helderheid** - Sterk (2 van 2): Helder!
    <BLANKLINE>
    Mooi voorbeeld.
    >>> print(compose_comment(r.cells[0], {"c": "h"}, [], {"c": 1.0}, {"c": "gemiddelde"}))
    - **Helderheid** - 1 van 2 (gemiddelde van twee beoordelaars): Helder!
    """
    lines = []
    for criterion in cell_rubric.criteria:
        if criterion.id not in levels:
            continue
        level = criterion.level(levels[criterion.id])
        how = (basis or {}).get(criterion.id, "beoordelaar")
        if how in ("beoordelaar", "eens") or points is None or criterion.id not in points:
            text = f"- **{criterion.name}** - {level.name} ({_dutch(level.points)} van " \
                   f"{_dutch(criterion.max_points)})"
        else:
            text = (f"- **{criterion.name}** - {_dutch(points[criterion.id])} van "
                    f"{_dutch(criterion.max_points)} ({BASIS_TEXT[how]})")
        lines.append(text + (f": {level.comment}" if level.comment else ""))
    out = "\n".join(lines)
    unique = list(dict.fromkeys(e for e in extra if e))
    if unique:
        out += "\n\n" + "\n".join(unique)
    return out


def _dutch(value: float) -> str:
    return f"{round(value, 4):g}".replace(".", ",")


def apply_to_gradebook(course: Course, assignment: str) -> int:
    """Write the final rubric results into nbgrader's manual scores and comments.

    Everything is computed and checked first; then one gradebook transaction.

    Returns:
        The number of cells written.
    """
    from kit.grading.course import require_gradebook

    require_gradebook(course)
    rubric = assignment_rubric(course, assignment)
    results = [r for r in final_results(course, assignment) if r.complete]
    if not results:  # nothing to write: no need to start nbgrader's gradebook
        return 0
    from nbgrader.api import Gradebook, MissingEntry
    notebook = assignment  # one notebook per assignment: source/<id>/<id>.ipynb
    written = 0
    with Gradebook(course.db_url, course.course_id) as gb:
        try:
            for result in results:
                try:
                    grade = gb.find_grade(result.grade_id, notebook, assignment, result.student)
                except MissingEntry:
                    raise InputError(f"geen inlevering van '{result.student}' met cel "
                                     f"'{result.grade_id}' in het cijferboek; is de opdracht "
                                     "automatisch nagekeken?", path=course.db_path) from None
                grade.manual_score = result.points
                grade.needs_manual_grade = bool(result.needs_moderation)
                try:
                    comment = gb.find_comment(result.grade_id, notebook, assignment,
                                              result.student)
                except MissingEntry:
                    comment = None
                if comment is not None:
                    comment.manual_comment = compose_comment(
                        rubric.cell(result.grade_id), result.levels, result.comments,
                        result.criterion_points, result.basis)
                written += 1
            gb.db.commit()
        except BaseException:
            gb.db.rollback()
            raise
    return written
