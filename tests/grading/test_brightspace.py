"""The Brightspace round trip: zip-collect in, feedback out as one file per student, grades
in Brightspace's import format; release-feedback does not stumble over LMS submissions."""

from __future__ import annotations

import csv
import shutil
import zipfile

import pytest

from kit.cli import main
from tests.grading.conftest import copy_course

pytestmark = pytest.mark.slow


def _run(args, capsys):
    capsys.readouterr()
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_release_feedback_names_lms_submissions_instead_of_failing(collected, capsys):
    code, out, err = _run(["grade", "release-feedback", "opdracht2", "--cursus",
                           str(collected.root)], capsys)
    assert code == 0, err
    assert "FileNotFoundError" not in out + err
    assert "2 studenten leverden niet in via de exchange" in out and "1001, 1002" in out
    assert "feedback-bestanden" in out


def test_one_feedback_file_per_student(collected, tmp_path, capsys):
    out_dir = tmp_path / "terug"
    code, out, _ = _run(["grade", "feedback-bestanden", "opdracht2", "--cursus",
                         str(collected.root), "-o", str(out_dir)], capsys)
    assert code == 0
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == ["1001_opdracht2_feedback.html", "1002_opdracht2_feedback.html"]
    assert "Plan van 1001." in (out_dir / files[0]).read_text()
    zipped = tmp_path / "zips"
    assert main(["grade", "feedback-bestanden", "opdracht2", "--cursus", str(collected.root),
                 "-o", str(zipped), "--zip"]) == 0
    with zipfile.ZipFile(zipped / "1002_opdracht2_feedback.zip") as archive:
        assert archive.namelist() == ["1002_opdracht2_feedback.html"]
        assert b"Plan van 1002." in archive.read("1002_opdracht2_feedback.html")


@pytest.mark.parametrize("column", ["OrgDefinedId", "Username"])
def test_grade_import_with_the_chosen_id_column(collected, tmp_path, column):
    out_dir = tmp_path / "cijfers"
    assert main(["grade", "export", "--cursus", str(collected.root), "-o", str(out_dir),
                 "--brightspace-id", column]) == 0
    with (out_dir / "brightspace-import.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == column and rows[0][-1] == "End-of-Line Indicator"
    assert all(h.endswith(" Points Grade") for h in rows[0][1:-1])
    assert {r[0] for r in rows[1:]} == {"1001", "1002"}
    assert all(r[-1] == "#" for r in rows[1:])


def test_release_feedback_without_feedback_is_bad_input(collected, tmp_path, capsys):
    course = copy_course(collected, tmp_path / "c")
    shutil.rmtree(course.root / "feedback")
    code, _, err = _run(["grade", "release-feedback", "opdracht2", "--cursus",
                         str(course.root)], capsys)
    assert code == 2 and "iids grade feedback opdracht2" in err


def test_zip_without_student_folders_is_bad_input(collected, tmp_path, capsys):
    course = copy_course(collected, tmp_path / "c")
    download = tmp_path / "los.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("Jan - Jansen, 1 okt/opdracht2.ipynb", "{}")
    code, _, err = _run(["grade", "zip-collect", "opdracht2", str(download), "--cursus",
                         str(course.root)], capsys)
    assert code == 2 and "geen enkele inlevering herkend" in err and "los.zip" in err
