"""The course folder (kit.grading.course): zip-collect from an LMS download, generate --controleer."""

from __future__ import annotations

import nbformat
import pytest

from tests.grading.conftest import copy_course


@pytest.mark.slow
def test_zip_collect_from_lms_download(generated_course, tmp_path):
    import shutil

    from kit.grading.course import zip_collect

    course = copy_course(generated_course, tmp_path / "c")
    download = tmp_path / "download"
    for student in ("12345", "67890"):
        folder = download / "Inleveringen" / student
        shutil.copytree(course.root / "release" / "opdracht2", folder)
        (folder / "mijn-werk").mkdir()
        (folder / "mijn-werk" / "coderingen.csv").write_text(f"document,code\n{student},x\n")
    archive = shutil.make_archive(str(tmp_path / "brightspace"), "zip", root_dir=download)
    assert zip_collect(course, "opdracht2", archive) == 2
    for student in ("12345", "67890"):
        base = course.root / "submitted" / student / "opdracht2"
        assert (base / "opdracht2.ipynb").is_file()
        assert (base / "mijn-werk" / "coderingen.csv").read_text().endswith(f"{student},x\n")


def test_generate_check_reports_stale_rubric_cells(course_root, capsys):
    from kit.cli import main

    assert main(["grade", "generate", "--controleer", "--cursus", str(course_root)]) == 1
    assert "opdracht2: opdracht2_plan" in capsys.readouterr().out
    # refreshing the cells (what generate does before nbgrader) makes the check pass
    from kit.grading.course import assignment_rubric, open_course
    from kit.grading.rubrics import sync_rubric_cells

    course = open_course(course_root)
    for aid in ("opdracht1", "opdracht2"):
        path = course.source_notebook(aid)
        nb = nbformat.read(str(path), as_version=4)
        sync_rubric_cells(nb, assignment_rubric(course, aid))
        nbformat.write(nb, str(path))
    assert main(["grade", "generate", "--controleer", "--cursus", str(course_root)]) == 0
