"""End to end with real nbgrader: generate, release, fetch and submit through a local exchange,
collect, parallel autograde, rubric grading by two graders, agreement, feedback, export.

Every score is checked through nbgrader's own Gradebook against serial ``nbgrader
autograde`` (run on a copy of the same course) and against the rubrics.
"""

from __future__ import annotations

import csv
import shutil
import time
from datetime import UTC, datetime, timedelta

import nbformat
import pytest

from kit.cli import main
from kit.grading.autograde import autograde
from kit.grading.course import (
    collect,
    ensure_assignments,
    generate,
    open_course,
    release,
    student_fetch,
    student_submit,
)
from tests.grading.conftest import answer, read_export

pytestmark = pytest.mark.slow

GOOD_CODE = "def aantal_woorden(tekst):\n    return len(tekst.split())"
HALF_CODE = "def aantal_woorden(tekst):\n    return 2"  # passes the visible test only


def _scores(course, assignment):
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(course.db_url, course.course_id) as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                for g in nb.grades:
                    out[(sub.student_id, g.name)] = (g.auto_score, g.manual_score,
                                                     g.needs_manual_grade)
    return out


def _edit(home, student, assignment, change):
    path = home / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    change(nb)
    nbformat.write(nb, str(path))


def test_whole_course_round(course_root, tmp_path, capsys):
    course = open_course(course_root)  # exchange: <course>/exchange, as in nbgrader_config.py
    generate(course)
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    ensure_assignments(course, ["opdracht1"], due={"opdracht1": soon})
    release(course, "opdracht1")

    homes = {}
    plans = {
        "s01": "compleet", "s02": "deels", "s03": "leeg", "s04": "slot",
        "s05": "kapot", "s06": "mist", "s07": "laat",
    }
    for student, plan in plans.items():
        home = tmp_path / "studenten" / student
        home.mkdir(parents=True)
        homes[student] = home
        folder = student_fetch(course, "opdracht1", student, home)
        assert (folder / "opdracht1.ipynb").is_file()
        # the student sees the rubric, never the model answer or the hidden test
        text = (folder / "opdracht1.ipynb").read_text()
        assert "Beoordelingsrubriek: Reflectie" in text
        assert "Inleveren en beoordeling" in text and "6 punten" in text
        assert "geheime" not in text
        if plan == "compleet":
            _edit(home, student, "opdracht1", lambda nb: (
                answer(nb, "opdracht1_woorden_antwoord", GOOD_CODE),
                answer(nb, "opdracht1_reflectie", "Uitsluiting zit in regels en taal.")))
            (folder / "mijn-werk").mkdir()
            (folder / "mijn-werk" / "coderingen.csv").write_text("document,code\nd1,thuis\n")
        elif plan in {"deels", "laat"}:
            _edit(home, student, "opdracht1", lambda nb: (
                answer(nb, "opdracht1_woorden_antwoord", HALF_CODE),
                answer(nb, "opdracht1_reflectie", "Iets over de stad.")))
        elif plan == "slot":
            _edit(home, student, "opdracht1", lambda nb: (
                answer(nb, "opdracht1_woorden_antwoord", GOOD_CODE),
                answer(nb, "opdracht1_woorden_toets", "pass  # toets uitgezet")))
        elif plan == "kapot":
            (folder / "opdracht1.ipynb").write_text("{ dit is geen notebook")
        elif plan == "mist":
            (folder / "opdracht1.ipynb").unlink()
            (folder / "aantekeningen.txt").write_text("notebook kwijt")
        if plan != "laat":
            student_submit(course, "opdracht1", student, homes[student])
    # the due date passes, then the late student submits
    ensure_assignments(course, ["opdracht1"],
                       due={"opdracht1": datetime.now(UTC).isoformat()})
    time.sleep(1.1)
    student_submit(course, "opdracht1", "s07", homes["s07"])
    collect(course, "opdracht1")
    assert (course.root / "submitted" / "s01" / "opdracht1" / "mijn-werk" /
            "coderingen.csv").is_file()

    # serial nbgrader on a copy of the same course, as the reference
    reference = open_course(shutil.copytree(course.root, tmp_path / "referentie", symlinks=True))
    gradable = ["s01", "s02", "s03", "s07"]
    api_result = autograde(reference, "opdracht1", workers=1, students=gradable,
                           privacy_scan=False, progress=False)
    assert sorted(api_result.graded) == gradable

    result = autograde(course, "opdracht1", workers=2, privacy_scan=False, progress=False)
    assert sorted(result.graded) == gradable
    reasons = {e.student: e.reason for e in result.set_aside}
    assert reasons == {"s04": "vergrendelde cel gewijzigd of verwijderd",
                       "s05": "geen geldig notebook", "s06": "notebook ontbreekt"}
    report = list(csv.DictReader(result.report.open()))
    assert {r["student"]: r["status"] for r in report}["s05"] == "apart gezet"

    parallel, serial = _scores(course, "opdracht1"), _scores(reference, "opdracht1")
    assert parallel == serial
    assert parallel[("s01", "opdracht1_woorden_toets")][0] == 2
    assert parallel[("s02", "opdracht1_woorden_toets")][0] == 0
    assert parallel[("s03", "opdracht1_woorden_toets")][0] == 0
    assert parallel[("s01", "opdracht1_reflectie")][2] is True  # waits for a grader
    # the student's artefact travelled with the submission
    assert (course.root / "autograded" / "s01" / "opdracht1" / "mijn-werk" /
            "coderingen.csv").read_text().startswith("document,code")

    # resuming: nothing to do, and a later submission is graded again
    again = autograde(course, "opdracht1", workers=2, privacy_scan=False, progress=False)
    assert again.graded == [] and sorted(again.skipped) == gradable

    # blind double marking: all to ana as first marker, 50% to bob as second
    assert main(["grade", "double-mark", "opdracht1", "--cursus", str(course.root),
                 "--beoordelaars", "ana,bob", "--sample", "50%"]) == 0
    from kit.grading.gradelog import GradeLog, log_path

    allocations = GradeLog(log_path(course.root)).allocations("opdracht1")
    firsts = {a.student: a.grader for a in allocations if a.role == "eerste"}
    seconds = {a.student: a.grader for a in allocations if a.role == "tweede"}
    assert sorted(firsts) == gradable and len(seconds) == 2
    assert all(seconds[s] != firsts[s] for s in seconds)

    levels_first = {"s01": ("goed", "goed"), "s02": ("voldoende", "goed"),
                    "s03": ("onvoldoende", "onvoldoende"), "s07": ("onvoldoende", "voldoende")}
    levels_second = {"s01": ("goed", "voldoende"), "s02": ("goed", "goed"),
                     "s03": ("goed", "onvoldoende"), "s07": ("goed", "voldoende")}
    points = {"onvoldoende": 0, "voldoende": 1, "goed": 2}

    def fill(grader, role, levels):
        sheet = tmp_path / f"blad-{grader}-{role}.csv"
        assert main(["grade", "rubric", "blad", "opdracht1", str(sheet), "--cursus",
                     str(course.root), "--beoordelaar", grader, "--rol", role]) == 0
        rows = list(csv.DictReader(sheet.open()))
        assert all("s0" not in r["submission"] for r in rows)  # blind: codes, not ids
        from kit.grading.blind import code_table

        codes = code_table(course.root, "opdracht1", gradable)
        for r in rows:
            inhoud, taal = levels[codes[r["submission"]]]
            r["level"] = inhoud if r["criterion"] == "inhoud" else taal
        with sheet.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        assert main(["grade", "rubric", "invoeren", "opdracht1", str(sheet), "--cursus",
                     str(course.root), "--beoordelaar", grader, "--rol", role]) == 0
        return {codes[r["submission"]] for r in rows}

    first_students: set[str] = set()
    second_students: set[str] = set()
    for grader in ("ana", "bob"):
        mine = fill(grader, "eerste", levels_first)
        assert mine == {s for s, g in firsts.items() if g == grader}
        first_students |= mine
        mine = fill(grader, "tweede", levels_second)
        assert mine == {s for s, g in seconds.items() if g == grader}
        second_students |= mine
    assert first_students == set(gradable) and second_students == set(seconds)

    def expected(student):
        a = levels_first[student]
        if student not in second_students:
            return points[a[0]] + points[a[1]], False
        b = levels_second[student]
        total, moderate = 0.0, False
        for x, y in zip(a, b, strict=True):
            if abs(points[x] - points[y]) <= 1:
                total += (points[x] + points[y]) / 2
            else:
                total += points[x]
                moderate = True
        return total, moderate

    final = _scores(course, "opdracht1")
    for student in gradable:
        total, moderate = expected(student)
        auto, manual, needs = final[(student, "opdracht1_reflectie")]
        assert manual == pytest.approx(total), student
        assert needs is moderate
        # autograded scores are untouched by rubric grading
        assert final[(student, "opdracht1_woorden_toets")] == serial[(student,
                                                                      "opdracht1_woorden_toets")]
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gb:
        comment = gb.find_comment("opdracht1_reflectie", "opdracht1", "opdracht1", "s01")
        assert "**Inhoud** - Goed" in comment.manual_comment

    capsys.readouterr()
    assert main(["grade", "agreement", "opdracht1", "--cursus", str(course.root)]) == 0
    out = capsys.readouterr().out
    assert "opdracht1_reflectie | inhoud" in out
    assert second_students == {"s02", "s07"}  # seed 0
    assert expected("s07")[1] and not expected("s02")[1]
    assert "Voor moderatie" in out and "onvoldoende (bob) tegenover goed (ana)" in out

    # the moderator sees only the submission in moderation and decides
    sheet = tmp_path / "blad-moderator.csv"
    assert main(["grade", "rubric", "blad", "opdracht1", str(sheet), "--cursus",
                 str(course.root), "--beoordelaar", "mo", "--rol", "moderator"]) == 0
    rows = list(csv.DictReader(sheet.open()))
    from kit.grading.blind import code_table

    codes = code_table(course.root, "opdracht1", gradable)
    assert {codes[r["submission"]] for r in rows} == {"s07"}
    for r in rows:
        r["level"] = "voldoende" if r["criterion"] == "inhoud" else ""
    with sheet.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["grade", "rubric", "invoeren", "opdracht1", str(sheet), "--cursus",
                 str(course.root), "--beoordelaar", "mo", "--rol", "moderator"]) == 0
    moderated = _scores(course, "opdracht1")[("s07", "opdracht1_reflectie")]
    assert moderated[1] == pytest.approx(1 + (1 + 1) / 2) and moderated[2] is False

    assert main(["grade", "feedback", "opdracht1", "--cursus", str(course.root)]) == 0
    page = (course.root / "feedback" / "s01" / "opdracht1" / "opdracht1.html").read_text()
    assert "Uitsluiting zit in regels en taal." in page
    assert "gekozen" in page and "Automatische controle: 2 van 2 punten" in page
    for secret in ("geheime", "vijf woorden", "HIDDEN", "Modelantwoord"):
        assert secret not in page

    assert main(["grade", "release-feedback", "opdracht1", "--cursus", str(course.root)]) == 0
    released = list((course.root / "exchange" / "iids" / "feedback").glob("*.html"))
    # the graded pages, and for the three set-aside students a page with the reason
    assert len(released) == len(gradable) + 3
    assert sum("apart gezet" in p.read_text() for p in released) == 3
    assert any("Uitsluiting zit in regels en taal." in p.read_text() for p in released)

    # the late submission is recorded as late (no penalty: penalty_method none)
    from nbgrader.api import Gradebook as _Gb

    with _Gb(course.db_url, course.course_id) as gb:
        assert gb.find_submission("opdracht1", "s07").total_seconds_late > 0
        assert gb.find_submission("opdracht1", "s01").total_seconds_late == 0

    out_dir = tmp_path / "export"
    assert main(["grade", "export", "--cursus", str(course.root), "-o", str(out_dir)]) == 0
    with (out_dir / "brightspace-import.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["OrgDefinedId", "opdracht1 Points Grade", "opdracht2 Points Grade",
                       "End-of-Line Indicator"]
    by_id = {r[0]: r for r in rows[1:]}
    assert all(r[-1] == "#" for r in rows[1:])
    from kit.grading.export import dutch_grade

    s01_total = serial[("s01", "opdracht1_woorden_toets")][0] + expected("s01")[0]
    assert not expected("s01")[1]
    assert by_id["s01"][1] == f"{dutch_grade(s01_total, 6):.1f}"
    assert by_id["s04"][1] == ""  # set aside: no grade is exported
    late = {r["student"]: r["te_laat"] for r in read_export(
        out_dir / "cijfers-per-opdracht.csv") if r["opdracht"] == "opdracht1"}
    assert late["s07"] == "ja" and late["s01"] == "nee"
    assert (out_dir / "cijfers.xlsx").stat().st_size > 1000
