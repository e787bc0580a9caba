"""Blind graders can read the answers (a booklet per grader, codes only), the moderator sees
only disputed criteria, and agreement tracks moderation and warns about too few pairs."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from kit.cli import main
from kit.grading.autograde import autograde
from kit.grading.blind import code_table
from kit.grading.gradelog import GradeLog, Score, log_path
from tests.grading.conftest import answer, copy_course, submit_copy

pytestmark = pytest.mark.slow

STUDENTS = ("b1", "b2", "b3")


def _run(args, capsys):
    capsys.readouterr()
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def course(generated_course, tmp_path_factory):
    course = copy_course(generated_course, tmp_path_factory.mktemp("blind") / "cursus")
    for s in STUDENTS:
        submit_copy(course, s, "opdracht2",
                    edit=lambda nb, s=s: (answer(nb, "opdracht2_plan", f"Het plan van {s}."),
                                          answer(nb, "opdracht2_reflectie", f"Reflectie {s}.")))
    autograde(course, "opdracht2", workers=1, no_execute=True, privacy_scan=False,
              progress=False)
    assert main(["grade", "double-mark", "opdracht2", "--cursus", str(course.root),
                 "--beoordelaars", "ana,bob", "--sample", "100%"]) == 0
    return course


def test_answer_booklet_per_grader(course, tmp_path, capsys):
    code, out, err = _run(["grade", "rubric", "boekje", "opdracht2", str(tmp_path / "ana"),
                           "--cursus", str(course.root), "--beoordelaar", "ana"], capsys)
    assert code == 0, err
    page = (tmp_path / "ana.html").read_text()
    codes = code_table(course.root, "opdracht2", list(STUDENTS))
    log = GradeLog(log_path(course.root))
    mine = {a.student for a in log.allocations("opdracht2")
            if a.grader == "ana" and a.role == "eerste"}
    assert mine
    for c, student in codes.items():
        assert (c in page) == (student in mine)
        assert (f"Het plan van {student}." in page) == (student in mine)
    assert "Vraag en aanpak sluiten op elkaar aan." in page  # the rubric beside the answer
    for student in STUDENTS:
        assert f">{student}<" not in page and f"'{student}'" not in page
    sheet = load_workbook(tmp_path / "ana.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("code", "cel", "titel", "antwoord", "rubriek")
    assert len(rows) - 1 == 2 * len(mine)  # one row per code and rubric cell
    assert all(r[0] in codes and codes[r[0]] in mine for r in rows[1:])
    assert any("Het plan van" in r[3] and "sterk" in r[4] for r in rows[1:])


def test_moderator_sheet_and_agreement(course, tmp_path, capsys):
    log = GradeLog(log_path(course.root))
    firsts = {a.student: a.grader for a in log.allocations("opdracht2") if a.role == "eerste"}
    seconds = {a.student: a.grader for a in log.allocations("opdracht2") if a.role == "tweede"}
    scores = []
    for s in STUDENTS:  # all agree, except b1's diepgang: oppervlakkig vs diep
        for role, grader in (("eerste", firsts[s]), ("tweede", seconds[s])):
            diep = "diep" if (role == "tweede" and s == "b1") else "oppervlakkig"
            points = {"diep": 3, "oppervlakkig": 0}[diep]
            scores += [Score("opdracht2", s, "opdracht2_plan", "structuur", "sterk", 2, grader,
                             role),
                       Score("opdracht2", s, "opdracht2_plan", "ethiek", "aanwezig", 1, grader,
                             role),
                       Score("opdracht2", s, "opdracht2_reflectie", "diepgang", diep, points,
                             grader, role)]
    log.record(scores)
    code, out, _ = _run(["grade", "agreement", "opdracht2", "--cursus", str(course.root)],
                        capsys)
    assert code == 0
    assert "Let op: te weinig paren" in out and "opdracht2_plan/structuur (3)" in out
    assert "Voor moderatie" in out and "opdracht2_reflectie/diepgang" in out

    sheet = tmp_path / "mo.csv"
    assert main(["grade", "rubric", "blad", "opdracht2", str(sheet), "--cursus",
                 str(course.root), "--beoordelaar", "mo", "--rol", "moderator"]) == 0
    rows = list(csv.DictReader(sheet.open()))
    assert [(r["grade_id"], r["criterion"]) for r in rows] == [("opdracht2_reflectie",
                                                                "diepgang")]
    rows[0]["level"] = "redelijk"
    with sheet.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["grade", "rubric", "invoeren", "opdracht2", str(sheet), "--cursus",
                 str(course.root), "--beoordelaar", "mo", "--rol", "moderator"]) == 0
    code, out, _ = _run(["grade", "agreement", "opdracht2", "--cursus", str(course.root)],
                        capsys)
    assert "Voor moderatie" not in out
    assert "Opgelost door de moderator" in out and "moderator: redelijk" in out
