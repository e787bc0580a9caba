"""The kit's five assignments as their real sources define them (one source of truth).

The course in the repository's ``assignments/`` folder holds each assignment's source
notebook (``source/<id>/<id>.ipynb``) and rubric (``rubrics/<id>.yaml``). Everything that needs
an assignment's id, title, graded cells (grade id, kind, points) or rubric criteria reads
them here: the grading demo and benchmark, the evaluation's synthetic cohorts
(:mod:`kit.synthetic.cohorts`), the tests and the notebooks. There is no second, invented
model of the assignments; when the sources are missing, this says so (exit 2).

>>> spec = assignment_spec("discoursanalyse")
>>> spec.title, [(c.grade_id, c.kind, c.points) for c in spec.cells][-1]
('Discoursanalyse', ('discoursanalyse_frames_vergelijken', 'manual', 6.0))
>>> spec.cell("discoursanalyse_fairclough").criteria
('tekst', 'praktijk', 'sociaal')
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit.config import repo_root
from kit.errors import InputError
from kit.grading.course import (
    ASSIGNMENT_ORDER,
    Course,
    _read_json_notebook,
    assignment_rubric,
    graded_cells,
    open_course,
)

__all__ = ["CellSpec", "AssignmentSpec", "source_course", "assignment_spec",
           "course_assignments", "grade_ids", "copy_assignment"]


@dataclass(frozen=True)
class CellSpec:
    """One graded cell of an assignment's source notebook.

    Attributes:
        grade_id: nbgrader ``grade_id``.
        kind: ``"manual"`` (an answer graded by hand with the rubric) or ``"auto"`` (a test cell).
        points: maximum score.
        prompt: the question above it (the first line of the Markdown cell before it).
        criteria: the rubric's criterion ids (manual cells).
        answer: the grade id of the student's code cell the test checks (auto cells; may be
            empty when the test checks a file).
    """

    grade_id: str
    kind: str
    points: float
    prompt: str
    criteria: tuple[str, ...] = ()
    answer: str = ""


@dataclass(frozen=True)
class AssignmentSpec:
    """One of the kit's five assignments, as its source notebook and rubric define it."""

    id: str
    title: str
    cells: tuple[CellSpec, ...]

    def cell(self, grade_id: str) -> CellSpec:
        return next(c for c in self.cells if c.grade_id == grade_id)


def source_course() -> Course:
    """The course in the repository's ``assignments/`` folder (the real sources)."""
    repo = repo_root()
    root = repo / "assignments" if repo else None
    if root is None or not (root / "source").is_dir():
        raise InputError("de opdrachten van de kit ontbreken (assignments/source): de kit draait "
                         "niet vanuit de repository", path=root or Path("assignments"))
    return open_course(root)


def _prompt(cells: list[dict], index: int) -> str:
    """The first line of the nearest Markdown cell before ``index`` that is no answer and none
    of the kit's own cells (the rubric shown to the student, the hand-in box)."""
    for cell in reversed(cells[:index]):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "markdown" and not meta.get("solution") \
                and "iids" not in cell.get("metadata", {}):
            text = "".join(cell.get("source", "")).strip()
            for line in text.splitlines():
                line = line.replace("**", "").strip().lstrip("#").strip()
                if line:
                    return line
    return ""


@cache
def assignment_spec(assignment: str) -> AssignmentSpec:
    """The assignment's graded cells and rubric criteria, read from its real sources."""
    course = source_course()
    rubric = assignment_rubric(course, assignment)  # checked against the notebook's cells
    notebook = _read_json_notebook(course.source_notebook(assignment))["cells"]
    specs = []
    previous = -1
    for cell in graded_cells(course, assignment):
        criteria: tuple[str, ...] = ()
        answer = ""
        if cell.kind in ("manual", "task"):
            criteria = tuple(c.id for c in rubric.cell(cell.grade_id).criteria)
        else:
            for other in notebook[previous + 1:cell.index]:
                meta = other.get("metadata", {}).get("nbgrader", {})
                if meta.get("solution") and other.get("cell_type") == "code":
                    answer = str(meta.get("grade_id"))
        specs.append(CellSpec(cell.grade_id, "manual" if cell.kind == "task" else cell.kind,
                              cell.points, _prompt(notebook, cell.index), criteria, answer))
        previous = cell.index
    return AssignmentSpec(assignment, rubric.title, tuple(specs))


def course_assignments() -> tuple[AssignmentSpec, ...]:
    """The five assignments in the minor's order.

    >>> [a.id for a in course_assignments()]
    ['discoursanalyse', 'onderzoeksplan', 'narratieven', 'dialoogtafel', 'handreiking']
    """
    return tuple(assignment_spec(a) for a in ASSIGNMENT_ORDER)


def grade_ids() -> set[str]:
    """Every grade id of the real sources (graded cells and the answer cells they test)."""
    return {i for a in course_assignments() for c in a.cells for i in (c.grade_id, c.answer) if i}


def copy_assignment(assignment: str, course_root: str | Path) -> None:
    """Copy an assignment's source folder and rubric from the real sources into a course."""
    course = source_course()
    root = Path(course_root)
    source = course.root / "source" / assignment
    rubric = course.root / "rubrics" / f"{assignment}.yaml"
    for path in (source / f"{assignment}.ipynb", rubric):
        if not path.is_file():
            raise InputError("dit bestand van de opdracht ontbreekt", path=path)
    shutil.copytree(source, root / "source" / assignment,
                    ignore=shutil.ignore_patterns("mijn-werk", ".ipynb_checkpoints"))
    (root / "rubrics").mkdir(parents=True, exist_ok=True)
    shutil.copy(rubric, root / "rubrics" / rubric.name)
