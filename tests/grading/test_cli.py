"""Bad input: a Dutch message, exit status 2, and the gradebook and grading log untouched."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from kit.cli import main
from kit.grading.autograde import autograde
from kit.grading.gradelog import log_path
from tests.grading.conftest import copy_course, submit_copy

pytestmark = pytest.mark.slow


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@pytest.fixture(scope="module")
def graded(generated_course, tmp_path_factory):
    course = copy_course(generated_course, tmp_path_factory.mktemp("slecht") / "cursus")
    submit_copy(course, "s1", "opdracht2")
    autograde(course, "opdracht2", workers=1, privacy_scan=False, progress=False)
    return course


def _run(args, capsys):
    capsys.readouterr()
    code = main(args)
    return code, capsys.readouterr().err


def test_unknown_assignment(graded, capsys):
    code, err = _run(["grade", "autograde", "opdracht9", "--cursus", str(graded.root)], capsys)
    assert code == 2
    assert "onbekende opdracht 'opdracht9'" in err and "opdracht1, opdracht2" in err


def test_rubric_points_do_not_add_up(graded, tmp_path, capsys):
    course = copy_course(graded, tmp_path / "c")
    rubric = course.root / "rubrics" / "opdracht2.yaml"
    rubric.write_text(rubric.read_text().replace("punten: 3\n", "punten: 5\n", 1))
    before = _digest(course.db_path)
    code, err = _run(["grade", "generate", "opdracht2", "--cursus", str(course.root)], capsys)
    assert code == 2
    assert "opdracht2.yaml" in err and "veld 'cellen[0].punten'" in err
    assert "de criteria tellen op tot 3 punten" in err
    assert _digest(course.db_path) == before


def test_rubric_differs_from_notebook(graded, tmp_path, capsys):
    course = copy_course(graded, tmp_path / "c")
    rubric = course.root / "rubrics" / "opdracht2.yaml"
    text = rubric.read_text().replace("punten: 3\n", "punten: 2\n", 1)
    text = text.replace("{id: sterk, naam: Sterk, punten: 2,", "{id: sterk, naam: Sterk, punten: 1.5,")
    text = text.replace("{id: redelijk, naam: Redelijk, punten: 1,", "{id: redelijk, naam: Redelijk, punten: 0.5,")
    text = text.replace("{id: aanwezig, naam: Aanwezig, punten: 1,", "{id: aanwezig, naam: Aanwezig, punten: 0.5,")
    rubric.write_text(text)
    code, err = _run(["grade", "generate", "--cursus", str(course.root)], capsys)
    assert code == 2
    assert "de rubriek geeft 2 punten (criteria en veld 'punten'), maar de cel " \
           "'opdracht2_plan' in het notebook" in err
    assert "opdracht2.ipynb) is 3 punten waard" in err


@pytest.mark.parametrize("column,value,message", [
    ("submission", "ZZZZ-ZZZZ", "onbekende inlevering 'ZZZZ-ZZZZ'"),
    ("level", "uitstekend", "onbekend niveau 'uitstekend' bij 'structuur'"),
    ("criterion", "spelling", "onbekend criterium 'spelling'"),
])
def test_grader_sheet_with_unknown_entries(graded, tmp_path, capsys, column, value, message):
    import csv

    sheet = tmp_path / "blad.csv"
    assert main(["grade", "rubric", "blad", "opdracht2", str(sheet), "--cursus", str(graded.root),
                 "--beoordelaar", "ana"]) == 0
    rows = list(csv.DictReader(sheet.open()))
    assert len(rows) == 3  # one submission x (2 + 1 criteria)
    for r in rows:
        r["level"] = {"structuur": "sterk", "ethiek": "aanwezig", "diepgang": "diep"}[r["criterion"]]
    rows[-1 if column != "level" else 0][column] = value
    with sheet.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    gradebook, log = _digest(graded.db_path), _digest(log_path(graded.root))
    code, err = _run(["grade", "rubric", "invoeren", "opdracht2", str(sheet), "--cursus",
                      str(graded.root), "--beoordelaar", "ana"], capsys)
    assert code == 2
    assert message in err and "blad.csv, rij" in err
    assert _digest(graded.db_path) == gradebook
    assert _digest(log_path(graded.root)) == log


def test_not_a_course(tmp_path, capsys):
    code, err = _run(["grade", "export", "--cursus", str(tmp_path)], capsys)
    assert code == 2 and "geen nbgrader-cursusmap" in err


def test_copy_is_independent(graded, tmp_path):
    course = copy_course(graded, tmp_path / "c")
    shutil.rmtree(course.root / "submitted")
    assert (graded.root / "submitted").is_dir()


def test_no_execute_is_refused_when_autograded_tests_would_not_run(generated_course, tmp_path):
    """Tests that never ran would get full points: --no-execute is refused for them."""
    import pytest

    from kit.errors import InputError
    from kit.grading.autograde import autograde
    from kit.grading.course import graded_cells
    from tests.grading.conftest import copy_course, submit_copy

    course = copy_course(generated_course, tmp_path / "cursus")
    with_tests = [a for a in ("opdracht1", "opdracht2")
                  if any(c.kind == "auto" for c in graded_cells(course, a))]
    assert with_tests, "een fixture-opdracht met automatisch nagekeken cellen is nodig"
    submit_copy(course, "s1", with_tests[0])
    with pytest.raises(InputError, match="--no-execute"):
        autograde(course, with_tests[0], workers=1, no_execute=True, progress=False)


def test_truncated_submission_is_set_aside_with_line_and_column(graded, tmp_path):
    from kit.grading.autograde import precheck

    course = copy_course(graded, tmp_path / "c")
    path = submit_copy(course, "s2", "opdracht2")
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    ok, aside = precheck(course, "opdracht2", ["s2"], privacy_scan=False)
    assert ok == [] and aside[0].reason == "geen geldig notebook"
    assert "regel" in aside[0].detail and "kolom" in aside[0].detail
    assert "NotJSONError" not in aside[0].detail
