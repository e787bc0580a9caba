"""The read-only gradebook (kit.grading.gradebook_read) reads what nbgrader's Gradebook reads.

A property test: gradebooks are written by real nbgrader (its ``Gradebook`` API, as
``generate_assignment``, ``autograde`` and the formgrader use it) with several students
(names, ties, none), assignments (due dates or none), notebooks, grade cells (code and
markdown), task cells, solution cells, submissions (timestamps, extensions, none) and
automatic, manual and extra-credit scores and comments; every value the kit reads is then
compared with :class:`nbgrader.api.Gradebook` on the same file. Plus the gradebook of a
course that real ``nbgrader autograde`` (through the kit) graded.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kit.grading.gradebook_read import ReadOnlyGradebook

NAMES = st.one_of(st.none(), st.sampled_from(["Jansen", "de Vries", "Bakker", "Öztürk"]))
SCORES = st.one_of(st.none(), st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.25]))
TIMES = st.one_of(st.none(), st.datetimes(min_value=dt.datetime(2026, 9, 1),
                                          max_value=dt.datetime(2026, 12, 31)))


@st.composite
def gradebooks(draw):
    """A description of a gradebook: assignments with cells, students, submissions."""
    n_assignments = draw(st.integers(1, 3))
    assignments = []
    for a in range(n_assignments):
        notebooks = []
        for n in range(draw(st.integers(1, 2))):
            cells = []
            for c in range(draw(st.integers(1, 4))):
                kind = draw(st.sampled_from(["grade-code", "grade-markdown", "task", "solution",
                                             "manual-answer"]))
                cells.append((f"c{a}{n}{c}", kind, draw(st.sampled_from([1.0, 2.0, 2.5, 4.0]))))
            notebooks.append((f"nb{n}", cells))
        assignments.append((f"opdracht{a}", draw(TIMES), notebooks))
    students = [(f"s{i}", draw(NAMES), draw(NAMES), draw(st.one_of(st.none(), st.just(
        f"s{i}@example.org"))), draw(st.one_of(st.none(), st.just(f"lms{i}"))))
        for i in range(draw(st.integers(1, 4)))]
    submissions = []
    for aname, due, notebooks in assignments:
        for sid, *_ in students:
            if not draw(st.booleans()):
                continue
            # (nbgrader itself fails on an extension without a due date)
            extension = draw(st.one_of(st.none(), st.integers(0, 5 * 86400))) if due else None
            grades = {cell[0]: (draw(SCORES), draw(SCORES), draw(SCORES), draw(st.booleans()),
                                draw(st.one_of(st.none(), st.just("auto"))),
                                draw(st.one_of(st.none(), st.just(f"Goed, {sid}."))))
                      for _, cells in notebooks for cell in cells}
            submissions.append((aname, sid, draw(TIMES), extension, grades))
    return assignments, students, submissions


_EMPTY: dict = {}


def build(path, spec) -> None:
    """Write the described gradebook with nbgrader's own Gradebook.

    nbgrader creates a new gradebook's tables once (with alembic, seconds); every example
    starts from a copy of that empty gradebook.
    """
    import shutil
    import tempfile

    from nbgrader.api import Gradebook

    if "path" not in _EMPTY:
        _EMPTY["path"] = f"{tempfile.mkdtemp()}/leeg.db"
        Gradebook(f"sqlite:///{_EMPTY['path']}").close()
    shutil.copy(_EMPTY["path"], path)
    assignments, students, submissions = spec
    with Gradebook(f"sqlite:///{path}") as gb:
        for aname, due, notebooks in assignments:
            gb.add_assignment(aname, duedate=due)
            for nname, cells in notebooks:
                gb.add_notebook(nname, aname)
                for cname, kind, points in cells:
                    if kind.startswith("grade"):
                        gb.add_grade_cell(cname, nname, aname, max_score=points,
                                          cell_type=kind.split("-")[1])
                    elif kind == "task":
                        gb.add_task_cell(cname, nname, aname, max_score=points,
                                         cell_type="markdown")
                    elif kind == "solution":
                        gb.add_solution_cell(cname, nname, aname)
                    else:  # a manually graded answer: grade cell and solution cell
                        gb.add_grade_cell(cname, nname, aname, max_score=points,
                                          cell_type="markdown")
                        gb.add_solution_cell(cname, nname, aname)
        for sid, first, last, email, lms in students:
            gb.add_student(sid, first_name=first, last_name=last, email=email,
                           lms_user_id=lms)
        for aname, sid, stamp, extension, grades in submissions:
            sub = gb.add_submission(aname, sid, timestamp=stamp)
            if extension is not None:
                sub.extension = dt.timedelta(seconds=extension)
            for nb in sub.notebooks:
                for grade in nb.grades:
                    auto, manual, extra, needs, _, _ = grades[grade.name]
                    grade.auto_score, grade.manual_score = auto, manual
                    grade.extra_credit, grade.needs_manual_grade = extra, needs
                for comment in nb.comments:
                    *_, auto_c, manual_c = grades[comment.name]
                    comment.auto_comment, comment.manual_comment = auto_c, manual_c
            gb.db.commit()


def as_nbgrader_reads(path) -> dict:
    """Everything the kit reads, as nbgrader's Gradebook gives it."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict = {}
    with Gradebook(f"sqlite:///{path}") as gb:
        out["students"] = [(s.id, s.first_name, s.last_name, s.email, s.lms_user_id)
                           for s in gb.students]
        out["assignments"] = [a.name for a in gb.assignments]
        for a in gb.assignments:
            out[("max", a.name)] = gb.find_assignment(a.name).max_score
            for s in gb.students:
                try:
                    sub = gb.find_submission(a.name, s.id)
                except MissingEntry:
                    out[(a.name, s.id)] = None
                    continue
                out[(a.name, s.id)] = (
                    sub.timestamp, sub.score, sub.max_score, sub.needs_manual_grade,
                    float(sub.total_seconds_late),
                    [(nb.name,
                      [(g.name, g.cell.cell_type, g.auto_score, g.manual_score, g.extra_credit,
                        g.score, g.max_score, g.needs_manual_grade) for g in nb.grades],
                      [(c.name, c.auto_comment, c.manual_comment) for c in nb.comments])
                     for nb in sub.notebooks])
    return out


def as_kit_reads(path) -> dict:
    out: dict = {}
    with ReadOnlyGradebook(path) as gb:
        students = gb.students()
        out["students"] = [(s.id, s.first_name, s.last_name, s.email, s.lms_user_id)
                           for s in students]
        out["assignments"] = gb.assignments()
        for name in gb.assignments():
            out[("max", name)] = gb.assignment_max_score(name)
            for s in students:
                sub = gb.submission(name, s.id)
                out[(name, s.id)] = None if sub is None else (
                    sub.timestamp, sub.score, sub.max_score, sub.needs_manual_grade,
                    float(sub.total_seconds_late),
                    [(nb.name,
                      [(g.name, g.cell_type, g.auto_score, g.manual_score, g.extra_credit,
                        g.score, g.max_score, g.needs_manual_grade) for g in nb.grades],
                      [(c.name, c.auto_comment, c.manual_comment) for c in nb.comments])
                     for nb in sub.notebooks])
    return out


@settings(max_examples=15, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(spec=gradebooks())
def test_same_as_nbgrader_on_gradebooks_nbgrader_wrote(spec, tmp_path_factory):
    path = tmp_path_factory.mktemp("cijferboek") / "gradebook.db"
    build(path, spec)
    before = path.read_bytes()
    expected = as_nbgrader_reads(path)
    assert as_kit_reads(path) == expected
    assert path.read_bytes() == before  # read-only: not a byte changed


def test_same_as_nbgrader_on_an_autograded_course(collected, tmp_path):
    """The course real nbgrader autograded (zip-collected, two students), with manual scores."""
    import shutil

    path = tmp_path / "gradebook.db"
    shutil.copy(collected.db_path, path)
    con = sqlite3.connect(path)
    with con:  # a grader's manual score and comment on the first student's answer
        con.execute("UPDATE grade SET manual_score = 1.5, needs_manual_grade = 0 WHERE id = "
                    "(SELECT min(id) FROM grade)")
        con.execute("UPDATE comment SET manual_comment = 'Helder.' WHERE id = "
                    "(SELECT min(id) FROM comment)")
    con.close()
    expected = as_nbgrader_reads(path)
    assert [k for k, v in expected.items() if isinstance(k, tuple) and k[0] != "max"
            and v is not None], "no submissions to compare"
    assert as_kit_reads(path) == expected


def test_never_creates_a_gradebook(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError):
        ReadOnlyGradebook(tmp_path / "gradebook.db")
    assert not (tmp_path / "gradebook.db").exists()
