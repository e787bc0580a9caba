"""The final grade: weights and the minimum per assignment come from the assessment framework."""

from __future__ import annotations

from pathlib import Path

from kit.cli import main
from kit.grading.export import GradeScale, final_grade, framework_weights
from tests.grading.conftest import copy_course, read_export

ROOT = Path(__file__).resolve().parents[2]


def test_framework_weights_cover_the_five_assignments():
    weights, minimum = framework_weights()
    on_disk = {p.name for p in (ROOT / "assignments" / "source").iterdir() if p.is_dir()}
    assert set(weights) == on_disk
    assert sum(weights.values()) == 100 and minimum == 5.0
    assert weights["narratieven"] > weights["discoursanalyse"]


def test_weighted_final_grade_with_the_framework():
    weights, minimum = framework_weights()
    grades = {"discoursanalyse": 6.0, "onderzoeksplan": 7.0, "narratieven": 8.0,
              "dialoogtafel": 6.5, "handreiking": 7.5}
    # (6*15 + 7*15 + 8*25 + 6.5*20 + 7.5*25) / 100 = 7.125 -> 7.1
    assert final_grade(grades, weights, minimum=minimum) == (7.1, True)
    # equal weights would give 7.0: the framework's weights change the outcome
    assert final_grade(grades, dict.fromkeys(grades, 1.0)) == (7.0, True)


def test_minimum_per_assignment_blocks_a_pass():
    weights, minimum = framework_weights()
    grades = {"discoursanalyse": 4.9, "onderzoeksplan": 8.0, "narratieven": 8.0,
              "dialoogtafel": 8.0, "handreiking": 8.0}
    value, passed = final_grade(grades, weights, minimum=minimum)
    assert value >= 5.5 and passed is False
    assert final_grade(grades, weights)[1] is True  # without the minimum it would pass


def test_no_final_grade_while_an_assignment_is_open():
    weights, _ = framework_weights()
    assert final_grade({"discoursanalyse": 8.0, "handreiking": None}, weights) == (None, None)


def test_own_framework_file_and_scale(tmp_path):
    path = tmp_path / "kader.yaml"
    path.write_text("opdrachten:\n  - {id: a, gewicht: 1}\n  - {id: b, gewicht: 3}\n", encoding="utf-8")
    weights, minimum = framework_weights(path)
    assert weights == {"a": 1.0, "b": 3.0} and minimum is None
    assert final_grade({"a": 5.0, "b": 7.0}, weights, GradeScale(decimals=2)) == (6.5, True)


def test_resit_counts_once_with_the_highest_grade(collected, tmp_path):
    """A real gradebook: opdracht2 declared the resit of opdracht1 in export.yaml. Without the
    resit rule no student has a final grade (opdracht1 was never handed in); with it the
    resit's grade counts for opdracht1 and the resit gets no weight of its own."""
    from nbgrader.api import Gradebook

    course = copy_course(collected, tmp_path / "c")
    with Gradebook(course.db_url, course.course_id) as gb:
        for nb in gb.find_submission("opdracht2", "1001").notebooks:
            for grade in nb.grades:
                if grade.needs_manual_grade:
                    grade.manual_score = grade.max_score  # what the formgrader stores
                    grade.needs_manual_grade = False
        gb.db.commit()
    plain, resit = tmp_path / "zonder", tmp_path / "met"
    assert main(["grade", "export", "--cursus", str(course.root), "-o", str(plain)]) == 0
    settings = tmp_path / "export.yaml"
    settings.write_text("herkansingen: {opdracht2: opdracht1}\n", encoding="utf-8")
    assert main(["grade", "export", "--cursus", str(course.root), "-o", str(resit),
                 "--instellingen", str(settings)]) == 0

    def finals(folder):
        return {r["student"]: r["eindcijfer"] for r in read_export(folder / "eindcijfers.csv")}

    def grade_of(folder, student, assignment):
        return next(r["cijfer"] for r in read_export(folder / "cijfers-per-opdracht.csv")
                    if r["student"] == student and r["opdracht"] == assignment)

    assert finals(plain)["1001"] == ""
    resit_grade = grade_of(resit, "1001", "opdracht2")
    assert resit_grade != "" and finals(resit)["1001"] == resit_grade
    assert finals(resit)["1002"] == ""  # 1002's resit still needs manual grading


def test_resit_of_an_unknown_assignment_is_bad_input(collected, tmp_path, capsys):
    settings = tmp_path / "export.yaml"
    settings.write_text("herkansingen: {opdracht2: bestaat-niet}\n", encoding="utf-8")
    code = main(["grade", "export", "--cursus", str(collected.root), "-o", str(tmp_path / "e"),
                 "--instellingen", str(settings)])
    assert code == 2 and "bestaat-niet" in capsys.readouterr().err


def test_weight_of_an_unknown_assignment_is_bad_input(collected, tmp_path, capsys):
    # A typo in 'gewichten' would weigh the real assignment 1 and the typo nothing, silently.
    settings = tmp_path / "export.yaml"
    settings.write_text("gewichten: {opdracht1: 1, opdrach2: 3}\n", encoding="utf-8")
    code = main(["grade", "export", "--cursus", str(collected.root), "-o", str(tmp_path / "e"),
                 "--instellingen", str(settings)])
    err = capsys.readouterr().err
    assert code == 2
    assert "gewichten.opdrach2" in err and "bedoel je 'opdracht2'?" in err
    assert not (tmp_path / "e").exists()  # nothing half-written
