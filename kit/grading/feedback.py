"""Feedback per student: an HTML page with the rubric levels and comments, never hidden tests.

nbgrader's own feedback shows the autograded notebook, hidden tests and their
tracebacks included (nbgrader #917, #1156, #1363). This feedback is built from what
the student already had (the released notebook's questions) and what they wrote
(their answers), plus scores and comments from the gradebook and the rubric levels
from the grading log. Autograded checks appear only as "x van y punten", without
their code or output. The source notebook (with the model solutions) is never read.

The page is written to ``feedback/<student>/<assignment>/<assignment>.html``, where
``nbgrader release_feedback`` finds it; with ``pdf=True`` also a PDF beside it, printed by
the kit's one printer (:func:`kit.pdf.html_to_pdf`, headless Chromium).

>>> "BEGIN HIDDEN" in render_markdown("**vet**")
False
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from kit.errors import InputError
from kit.grading.course import Course, assignment_rubric, require_assignment
from kit.grading.setaside import RESTORED
from kit.pdf import html_to_pdf
from kit.render import render_template

__all__ = ["render_markdown", "local_time", "feedback_html", "set_aside_html",
           "set_aside_students", "feedback_files", "generate_feedback"]

def render_markdown(text: str) -> str:
    """Markdown to HTML (mistune, the renderer nbconvert uses; raw HTML escaped, math as typed).

    mistune is called directly: nbconvert's wrapper imports all of nbconvert (its exporters,
    Tornado, nbclient), a second or more before the first page.

    >>> render_markdown("**vet** en $x^2$ <b>").strip()
    '<p><strong>vet</strong> en $x^2$ &lt;b&gt;</p>'
    """
    global _MARKDOWN
    if _MARKDOWN is None:
        import mistune

        _MARKDOWN = mistune.create_markdown(escape=False, plugins=["strikethrough", "table"])
    return _MARKDOWN(html.escape(text, quote=False).replace("&gt;", ">"))


_MARKDOWN = None


def _num(value: float) -> str:
    """Points in Dutch notation: ``5,5``, ``8``.

    >>> _num(5.5), _num(8.0), _num(0.25)
    ('5,5', '8', '0,25')
    """
    return f"{round(value, 4):g}".replace(".", ",")


_ROLE_MARK = {"eerste": "beoordelaar 1", "tweede": "beoordelaar 2", "moderator": "moderator"}


def _rubric_criteria(cell_rubric, result) -> list[dict]:
    """Per criterion its final points and how they came about, then the levels (for the
    template). ``result`` is the student's :class:`kit.grading.scoring.CellResult` for the cell
    (or ``None`` before anyone graded it). With two graders both chosen levels are marked.
    """
    from kit.grading.scoring import BASIS_TEXT

    criteria = []
    for criterion in cell_rubric.criteria:
        judged = dict(result.judged.get(criterion.id, []) if result else [])
        single = len(judged) == 1
        scored = result is not None and criterion.id in result.criterion_points
        levels = []
        for level in criterion.levels:
            by = [role for role, chosen in judged.items() if chosen == level.id]
            if result is not None and result.basis.get(criterion.id) == "moderator":
                by = [r for r in by if r == "moderator"]
            mark = ("" if not by else " (gekozen)" if single else
                    " (gekozen door " + " en ".join(_ROLE_MARK[r] for r in by) + ")")
            levels.append({"name": level.name, "mark": mark, "chosen": bool(by),
                           "points": _num(level.points), "descriptor": level.descriptor})
        criteria.append({
            "name": criterion.name, "max": _num(criterion.max_points), "levels": levels,
            "points": _num(result.criterion_points[criterion.id]) if scored else None,
            "how": BASIS_TEXT.get(result.basis.get(criterion.id, ""), "") if scored else ""})
    return criteria


def local_time(moment, zone: str = "Europe/Amsterdam") -> str:
    """nbgrader's naive UTC timestamp as local time with its zone.

    >>> from datetime import datetime
    >>> local_time(datetime(2026, 10, 1, 13, 0)), local_time(datetime(2026, 12, 1, 13, 0))
    ('01-10-2026 15:00 (CEST)', '01-12-2026 14:00 (CET)')
    """
    from datetime import UTC
    from zoneinfo import ZoneInfo

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    here = moment.astimezone(ZoneInfo(zone))
    return f"{here:%d-%m-%Y %H:%M} ({here.tzname()})"


def feedback_html(course: Course, assignment: str, student: str, *, scale=None,
                  results=None, gradebook=None, note=None) -> str:
    """The feedback page of one student for one assignment (an HTML string).

    Raises:
        InputError: when the student has no autograded submission.

    ``results`` (from :func:`kit.grading.scoring.final_results`) and an open
    :class:`kit.grading.gradebook_read.ReadOnlyGradebook` save recomputing and reconnecting
    for every student.
    """
    import nbformat

    from kit.grading.export import GradeScale, dutch_grade
    from kit.grading.gradebook_read import ReadOnlyGradebook
    from kit.grading.hidden import failure_summary
    from kit.grading.scoring import final_results

    rubric = assignment_rubric(course, assignment)
    released = course.root / "release" / assignment / f"{assignment}.ipynb"
    answered = course.root / "autograded" / student / assignment / f"{assignment}.ipynb"
    if not answered.is_file():
        raise InputError(f"geen nagekeken inlevering van '{student}'", path=answered)
    question_nb = nbformat.read(str(released), as_version=4)
    answer_nb = nbformat.read(str(answered), as_version=4)
    answers = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in answer_nb.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    checks = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in answer_nb.cells
              if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
              and not c.metadata.get("nbgrader", {}).get("solution")}
    rubric_results = {r.grade_id: r for r in (results if results is not None
                                              else final_results(course, assignment))
                      if r.student == student}
    def read(gb):
        sub = gb.submission(assignment, student)
        if sub is None:
            raise InputError(f"geen inlevering van '{student}' in het cijferboek",
                             path=course.db_path)
        return ({g.name: (float(g.score), float(g.max_score), bool(g.needs_manual_grade))
                 for nb in sub.notebooks for g in nb.grades},
                {c.name: (c.manual_comment or "") for nb in sub.notebooks for c in nb.comments},
                float(sub.score), float(sub.max_score), float(sub.total_seconds_late or 0) > 0,
                not sub.needs_manual_grade, sub.timestamp)

    if gradebook is not None:
        grades, comments, total, max_total, late, complete, when = read(gradebook)
    else:
        with ReadOnlyGradebook(course.db_path) as gb:
            grades, comments, total, max_total, late, complete, when = read(gb)
    grade = dutch_grade(total, max_total, scale or GradeScale()) if max_total and complete \
        else None
    restored = note if note is not None else _notes(course, assignment).get(student)
    blocks: list[dict] = []
    for cell in question_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if cell.metadata.get("iids", {}).get("rubric_for"):
            continue  # shown with the scored answer below
        if meta.get("grade") and not meta.get("solution"):
            score, maximum, _ = grades.get(gid, (0.0, float(meta.get("points", 0)), False))
            check = checks.get(gid)
            why = failure_summary(check.source, check.get("outputs", [])) if check else None
            blocks.append({"kind": "check", "score": _num(score), "maximum": _num(maximum),
                           "why": render_markdown(why) if why else ""})
            continue
        if meta.get("solution"):
            answer = answers.get(gid)
            text = answer.source if answer is not None else ""
            block = {"kind": "answer", "markdown": cell.cell_type == "markdown",
                     "answer": render_markdown(text) if cell.cell_type == "markdown" else text,
                     "graded": bool(meta.get("grade")), "criteria": [], "adjusted": "",
                     "comment": ""}
            if meta.get("grade"):
                score, maximum, pending = grades.get(gid, (0.0, float(meta.get("points", 0)),
                                                           True))
                block.update(score=_num(score), maximum=_num(maximum), pending=pending)
                if gid in rubric.grade_ids:
                    found = rubric_results.get(gid)
                    block["criteria"] = _rubric_criteria(rubric.cell(gid), found)
                    if (found is not None and found.complete and not pending
                            and abs(found.points - score) > 1e-6):
                        block["adjusted"] = _num(found.points)
                if comments.get(gid):
                    block["comment"] = render_markdown(comments[gid])
            blocks.append(block)
            continue
        if cell.cell_type == "markdown":
            blocks.append({"kind": "question", "html": render_markdown(cell.source)})
    return render_template("feedback.html.j2", {
        "title": rubric.title, "student": student, "submitted": local_time(when) if when else "",
        "late": late, "aside": None,
        "restored": restored.detail if restored is not None and restored.status == RESTORED
        else None,
        "total": _num(total), "max_total": _num(max_total),
        "grade": f"{grade:.1f}".replace(".", ",") if grade is not None else "",
        "blocks": blocks})


def _notes(course: Course, assignment: str) -> dict:
    from kit.grading.setaside import load_notes

    return load_notes(course.root, assignment)


def set_aside_html(title: str, student: str, note) -> str:
    """The page for a submission that was set aside: the reason, no points.

    >>> from kit.grading.setaside import Note
    >>> page = set_aside_html("Opdracht", "s1", Note("apart gezet", "notebook ontbreekt"))
    >>> "apart gezet" in page and "notebook ontbreekt" in page
    True
    """
    return render_template("feedback.html.j2", {
        "title": title, "student": student, "submitted": "", "late": False,
        "aside": {"reason": note.reason, "detail": note.detail}, "restored": None,
        "total": "", "max_total": "", "grade": "", "blocks": []})


def generate_feedback(course: Course, assignment: str, students: list[str] | None = None,
                      *, pdf: bool = False) -> list[Path]:
    """Write the feedback pages (and PDFs with ``pdf=True``); returns the HTML paths.

    A submission that was set aside gets a page with the reason and no points (see
    :func:`set_aside_students`); a graded one with restored locked cells says so.
    """
    from kit.grading.scoring import graded_students
    from kit.grading.setaside import SET_ASIDE
    from kit.io import atomic_write_text

    require_assignment(course, assignment)
    everyone = graded_students(course, assignment)
    notes = _notes(course, assignment)
    aside = {s: n for s, n in notes.items() if n.status == SET_ASIDE and s not in everyone}
    chosen = students or (everyone + sorted(aside))
    for s in chosen:
        if s not in everyone and s not in aside:
            raise InputError(f"geen nagekeken inlevering van '{s}' voor '{assignment}'")
    from kit.grading.gradebook_read import ReadOnlyGradebook
    from kit.grading.scoring import final_results

    rubric = assignment_rubric(course, assignment)
    results = final_results(course, assignment)
    paths = []
    with ReadOnlyGradebook(course.db_path) as gb:
        for student in chosen:
            path = course.root / "feedback" / student / assignment / f"{assignment}.html"
            if student in aside:
                paths.append(atomic_write_text(path, set_aside_html(rubric.title, student,
                                                                    aside[student])))
                origin = course.root / "submitted" / student / assignment
            elif (course.root / "autograded" / student / assignment).is_dir():
                page = feedback_html(course, assignment, student, results=results,
                                     gradebook=gb, note=notes.get(student))
                paths.append(atomic_write_text(path, page))
                origin = course.root / "autograded" / student / assignment
            else:
                continue
            # nbgrader release_feedback needs these two beside the page (only submissions
            # that came through the exchange have a secret)
            for name in ("timestamp.txt", "submission_secret.txt"):
                src = origin / name
                if src.is_file():
                    atomic_write_text(path.parent / name, src.read_text("utf-8"))
    if pdf:
        for path in paths:
            html_to_pdf(path, path.with_suffix(".pdf"), timeout=120)
    return paths


def set_aside_students(course: Course, assignment: str) -> dict:
    """``{student: Note}`` of the submissions set aside and not graded since."""
    from kit.grading.setaside import SET_ASIDE

    return {s: n for s, n in _notes(course, assignment).items() if n.status == SET_ASIDE}


def feedback_files(course: Course, assignment: str, out_dir: str | os.PathLike, *,
                   zip_per_student: bool = False, id_field: str = "id") -> list[Path]:
    """One feedback file per student to hand back through Brightspace (or another LMS).

    Each student's page (and PDF, when printed with ``--pdf``) is copied as
    ``<id>_<assignment>_feedback.html``, or packed as ``<id>_<assignment>_feedback.zip``
    with ``zip_per_student``; ``<id>`` is the student's id, or the gradebook's
    ``lms_user_id`` or ``email`` with ``id_field``. Attach the file to the student's
    submission in Brightspace (Evaluate Submission, Add Feedback File).

    Raises:
        InputError: when there is no feedback yet.

    Returns:
        The files written.
    """
    import io
    import re
    import zipfile

    from kit.io import atomic_write_bytes

    require_assignment(course, assignment)
    pages = sorted((course.root / "feedback").glob(f"*/{assignment}/{assignment}.html"))
    if not pages:
        raise InputError(f"er is nog geen feedback voor '{assignment}'; draai eerst "
                         f"'iids grade feedback {assignment}'", path=course.root / "feedback")
    ids = _student_field(course, id_field)
    out = Path(out_dir)
    written = []
    for page in pages:
        student = page.parent.parent.name
        name = re.sub(r"[^A-Za-z0-9@._-]", "_", ids.get(student) or student)
        stem = f"{name}_{assignment}_feedback"
        files = [page] + [p for p in (page.with_suffix(".pdf"),) if p.is_file()]
        if zip_per_student:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in files:
                    archive.write(file, f"{stem}{file.suffix}")
            written.append(atomic_write_bytes(out / f"{stem}.zip", buffer.getvalue()))
        else:
            for file in files:
                written.append(atomic_write_bytes(out / f"{stem}{file.suffix}",
                                                  file.read_bytes()))
    return written


def _student_field(course: Course, field_name: str) -> dict[str, str]:
    """``{student id: value of field}`` from the gradebook (read-only)."""
    if field_name == "id":
        return {}
    if field_name not in {"lms_user_id", "email"}:
        raise InputError(f"onbekend veld '{field_name}'; kies id, lms_user_id of email")
    from kit.grading.course import read_gradebook

    con = read_gradebook(course)
    try:
        rows = con.execute(f"SELECT id, {field_name} FROM student").fetchall()
    finally:
        con.close()
    return {str(sid): str(value) for sid, value in rows if value}
