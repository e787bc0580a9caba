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
from kit.pdf import html_to_pdf

__all__ = ["render_markdown", "local_time", "feedback_html", "set_aside_html",
           "set_aside_students", "feedback_files", "generate_feedback"]

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1d1d1d}
h1{font-size:1.6rem}.meta{color:#555}.cel{border-top:1px solid #ccc;margin-top:1.5rem;
padding-top:.5rem}.antwoord{background:#f6f7f9;border-left:4px solid #5a6b8c;padding:.5rem 1rem}
.punten{font-weight:600}.rubriek td,.rubriek th{border:1px solid #ccc;padding:.3rem .5rem;
vertical-align:top}.rubriek{border-collapse:collapse;margin:.5rem 0}
.gekozen{background:#e3f1e0;font-weight:600}.commentaar{background:#fff8e1;padding:.5rem 1rem}
.cijfer{font-size:1.3rem}
"""


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


def _rubric_table(cell_rubric, result) -> str:
    """Per criterion its final points and how they came about, then the levels.

    ``result`` is the student's :class:`kit.grading.scoring.CellResult` for the cell (or
    ``None`` before anyone graded it). With two graders both chosen levels are marked.
    """
    from kit.grading.scoring import BASIS_TEXT

    parts = []
    for criterion in cell_rubric.criteria:
        judged = dict(result.judged.get(criterion.id, []) if result else [])
        single = len(judged) == 1
        heading = f"<strong>{html.escape(criterion.name)}"
        if result is not None and criterion.id in result.criterion_points:
            how = BASIS_TEXT.get(result.basis.get(criterion.id, ""), "")
            heading += (f": {_num(result.criterion_points[criterion.id])} van "
                        f"{_num(criterion.max_points)} punten</strong>"
                        + (f" ({html.escape(how)})" if how else ""))
        else:
            heading += "</strong> (nog niet beoordeeld)"
        rows = []
        for level in criterion.levels:
            by = [role for role, chosen in judged.items() if chosen == level.id]
            if result is not None and result.basis.get(criterion.id) == "moderator":
                by = [r for r in by if r == "moderator"]
            css = ' class="gekozen"' if by else ""
            mark = ("" if not by else " (gekozen)" if single else
                    " (gekozen door " + " en ".join(_ROLE_MARK[r] for r in by) + ")")
            rows.append(f"<tr{css}><td>{html.escape(level.name)}{mark}</td>"
                        f"<td>{_num(level.points)}</td><td>{html.escape(level.descriptor)}"
                        "</td></tr>")
        parts.append(f"<p>{heading}</p>"
                     f'<table class="rubriek"><tr><th>Niveau</th><th>Punten</th>'
                     f"<th>Beschrijving</th></tr>{''.join(rows)}</table>")
    return "".join(parts)


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

    ``results`` (from :func:`kit.grading.scoring.final_results`) and an open nbgrader
    ``gradebook`` save recomputing and reconnecting for every student.
    """
    import nbformat
    from nbgrader.api import Gradebook, MissingEntry

    from kit.grading.export import GradeScale, dutch_grade
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
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            raise InputError(f"geen inlevering van '{student}' in het cijferboek",
                             path=course.db_path) from None
        return ({g.name: (float(g.score), float(g.max_score), bool(g.needs_manual_grade))
                 for nb in sub.notebooks for g in nb.grades},
                {c.name: (c.manual_comment or "") for nb in sub.notebooks for c in nb.comments},
                float(sub.score), float(sub.max_score), float(sub.total_seconds_late or 0) > 0,
                not sub.needs_manual_grade, sub.timestamp)

    if gradebook is not None:
        grades, comments, total, max_total, late, complete, when = read(gradebook)
    else:
        with Gradebook(course.db_url, course.course_id) as gb:
            grades, comments, total, max_total, late, complete, when = read(gb)
    grade = dutch_grade(total, max_total, scale or GradeScale()) if max_total and complete \
        else None
    body = [f"<h1>Feedback: {html.escape(rubric.title)}</h1>",
            f'<p class="meta">Student: {html.escape(student)}'
            + (f" &middot; ingeleverd: {local_time(when)}" if when else "")
            + (" &middot; <strong>te laat ingeleverd</strong>" if late else "") + "</p>",
            _restored_notice(note if note is not None
                             else _notes(course, assignment).get(student)),
            f'<p class="punten">Totaal: {_num(total)} van {_num(max_total)} punten'
            + (f' &middot; <span class="cijfer">cijfer {grade:.1f}</span>'.replace(".", ",")
               if grade is not None else " &middot; nog niet alles is beoordeeld") + "</p>"]
    for cell in question_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if cell.metadata.get("iids", {}).get("rubric_for"):
            continue  # shown with the scored answer below
        if meta.get("grade") and not meta.get("solution"):
            score, maximum, _ = grades.get(gid, (0.0, float(meta.get("points", 0)), False))
            check = checks.get(gid)
            why = failure_summary(check.source, check.get("outputs", [])) if check else None
            body.append(f'<div class="cel"><p class="punten">Automatische controle: '
                        f"{_num(score)} van {_num(maximum)} punten</p>"
                        + (f'<p class="toets">{render_markdown(why)}</p>' if why else "")
                        + "</div>")
            continue
        if meta.get("solution"):
            answer = answers.get(gid)
            text = answer.source if answer is not None else ""
            shown = (render_markdown(text) if cell.cell_type == "markdown"
                     else f"<pre>{html.escape(text)}</pre>")
            block = [f'<div class="cel"><p><em>Jouw antwoord</em></p>'
                     f'<div class="antwoord">{shown}</div>']
            if meta.get("grade"):
                score, maximum, pending = grades.get(gid, (0.0, float(meta.get("points", 0)),
                                                           True))
                block.append(f'<p class="punten">{_num(score)} van {_num(maximum)} punten'
                             + (" (nog niet beoordeeld)" if pending else "") + "</p>")
                if gid in rubric.grade_ids:
                    found = rubric_results.get(gid)
                    block.append(_rubric_table(rubric.cell(gid), found))
                    if (found is not None and found.complete and not pending
                            and abs(found.points - score) > 1e-6):
                        block.append(f"<p>De rubriek gaf {_num(found.points)} punten; je docent "
                                     f"heeft de score daarna aangepast naar {_num(score)}.</p>")
                if comments.get(gid):
                    block.append(f'<div class="commentaar">{render_markdown(comments[gid])}'
                                 "</div>")
            block.append("</div>")
            body.append("".join(block))
            continue
        if cell.cell_type == "markdown":
            body.append(f'<div class="vraag">{render_markdown(cell.source)}</div>')
    return ("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
            f"<title>Feedback {html.escape(rubric.title)}</title><style>{_STYLE}</style>"
            f"</head><body>{''.join(body)}</body></html>\n")


def _notes(course: Course, assignment: str) -> dict:
    from kit.grading.setaside import load_notes

    return load_notes(course.root, assignment)


def _restored_notice(note) -> str:
    from kit.grading.setaside import RESTORED

    if note is None or note.status != RESTORED:
        return ""
    return ('<p class="commentaar"><strong>Let op:</strong> in je inlevering was een '
            f"vergrendelde cel veranderd of verwijderd ({html.escape(note.detail)}). Voor het "
            "nakijken is de oorspronkelijke cel teruggezet; daarmee is je werk nagekeken.</p>")


def set_aside_html(title: str, student: str, note) -> str:
    """The page for a submission that was set aside: the reason, no points.

    >>> from kit.grading.setaside import Note
    >>> page = set_aside_html("Opdracht", "s1", Note("apart gezet", "notebook ontbreekt"))
    >>> "apart gezet" in page and "notebook ontbreekt" in page
    True
    """
    detail = f" ({html.escape(note.detail)})" if note.detail else ""
    body = (f"<h1>Feedback: {html.escape(title)}</h1>"
            f'<p class="meta">Student: {html.escape(student)}</p>'
            '<p class="commentaar">Je inlevering is <strong>apart gezet</strong> en nog niet '
            f"nagekeken. Reden: {html.escape(note.reason)}{detail}. Je docent neemt contact "
            "met je op; je kunt ook zelf contact opnemen.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
            f"<title>Feedback {html.escape(title)}</title><style>{_STYLE}</style>"
            f"</head><body>{body}</body></html>\n")


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
    from nbgrader.api import Gradebook

    from kit.grading.scoring import final_results

    rubric = assignment_rubric(course, assignment)
    results = final_results(course, assignment)
    paths = []
    with Gradebook(course.db_url, course.course_id) as gb:
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
