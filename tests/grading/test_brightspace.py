"""The Brightspace round trip: zip-collect in, feedback out as one file per student, grades
in Brightspace's import format; release-feedback does not stumble over LMS submissions."""

from __future__ import annotations

import csv
import shutil
import zipfile

import nbformat
import pytest

from kit.cli import main
from tests.grading.conftest import answer, copy_course

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


# A download in Brightspace's own layout: every file flat, named
# "<id>-<id> - <First Last> - <Mon D, YYYY HMM AM/PM> - <file>", plus index.html.
# The names are made up (synthetic test data).
CLASSLIST = ("OrgDefinedId,Username,Last Name,First Name,Email,End-of-Line Indicator\n"
             "1001,#tvoorbeeld,Voorbeeldstudent,Testa,t@example.invalid,#\n"
             "1002,#pproef,Proefpersoon,Pim,p@example.invalid,#\n")


def _brightspace_zip(course, path, entries):
    released = course.root / "release" / "opdracht2" / "opdracht2.ipynb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("index.html", "<html><body>Inleveringen</body></html>")
        for entry, plan in entries:
            nb = nbformat.read(str(released), as_version=4)
            answer(nb, "opdracht2_plan", plan)
            archive.writestr(entry, nbformat.writes(nb))
    return path


BRIGHTSPACE_ENTRIES = [
    ("80551-13394 - Testa Voorbeeldstudent - Oct 1, 2026 905 AM - opdracht2.ipynb", "Eerste plan."),
    ("80551-13401 - Testa Voorbeeldstudent - Oct 1, 2026 1015 AM - opdracht2.ipynb", "Tweede plan."),
    ("80552-13398 - Pim Proefpersoon - Sep 30, 2026 1159 PM - opdracht2.ipynb", "Plan over de markt."),
]


def test_brightspace_download_is_collected_by_student_number(generated_course, tmp_path, capsys):
    course = copy_course(generated_course, tmp_path / "c")
    download = _brightspace_zip(course, tmp_path / "Opdracht 2 Download.zip", BRIGHTSPACE_ENTRIES)
    classlist = tmp_path / "klaslijst.csv"
    classlist.write_text(CLASSLIST, encoding="utf-8")
    code, out, err = _run(["grade", "zip-collect", "opdracht2", str(download), "--klaslijst",
                           str(classlist), "--cursus", str(course.root)], capsys)
    assert code == 0, err
    assert "2 inleveringen" in out
    submitted = course.root / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["1001", "1002"]
    newest = nbformat.read(str(submitted / "1001" / "opdracht2" / "opdracht2.ipynb"), 4)
    assert any("Tweede plan." in c.source for c in newest.cells)
    assert not any("Eerste plan." in c.source for c in newest.cells)
    # 10:15 in Amsterdam (summer time) is 08:15 UTC.
    assert (submitted / "1001" / "opdracht2" / "timestamp.txt").read_text().startswith(
        "2026-10-01 08:15:00")
    assert (submitted / "1002" / "opdracht2" / "timestamp.txt").read_text().startswith(
        "2026-09-30 21:59:00")
    # No name anywhere in the course folder's file names (submitted/, downloaded/ ...).
    for path in course.root.rglob("*"):
        assert "Voorbeeldstudent" not in str(path) and "Proefpersoon" not in str(path), path


def test_brightspace_download_without_classlist_or_unknown_name(generated_course, tmp_path,
                                                                 capsys):
    course = copy_course(generated_course, tmp_path / "c")
    download = _brightspace_zip(course, tmp_path / "download.zip", BRIGHTSPACE_ENTRIES)
    code, _, err = _run(["grade", "zip-collect", "opdracht2", str(download), "--cursus",
                         str(course.root)], capsys)
    assert code == 2 and "--klaslijst" in err and "Traceback" not in err
    classlist = tmp_path / "klaslijst.csv"
    classlist.write_text(CLASSLIST.splitlines()[0] + "\n" + CLASSLIST.splitlines()[1] + "\n",
                         encoding="utf-8")
    code, _, err = _run(["grade", "zip-collect", "opdracht2", str(download), "--klaslijst",
                         str(classlist), "--cursus", str(course.root)], capsys)
    assert code == 2 and "niet in de klaslijst" in err
    assert BRIGHTSPACE_ENTRIES[2][0] in err and len(err.strip().splitlines()) == 1
    assert not (course.root / "submitted").exists()
    classlist.write_text("OrgDefinedId,Naam\n1001,Testa\n", encoding="utf-8")
    code, _, err = _run(["grade", "zip-collect", "opdracht2", str(download), "--klaslijst",
                         str(classlist), "--cursus", str(course.root)], capsys)
    assert code == 2 and "klaslijst.csv, rij 1" in err and "'First Name'" in err
