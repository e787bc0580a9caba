"""Unit tests of the grading area on a real generated nbgrader course (no mocks)."""

from __future__ import annotations

import csv
import stat

import nbformat
import pytest

from kit.errors import InputError
from kit.grading.autograde import autograde, merge_submission
from kit.grading.rubrics import (
    load_rubric,
    parse_rubric,
    render_rubric_markdown,
    rubric_cells_in_sync,
)
from tests.grading.conftest import FIXTURES, answer, copy_course, submit_copy


def test_fixture_rubrics_are_valid():
    rubric = load_rubric(FIXTURES / "rubrics" / "opdracht2.yaml")
    assert rubric.grade_ids == ["opdracht2_plan", "opdracht2_reflectie"]
    assert rubric.cell("opdracht2_reflectie").criterion("diepgang").rank("diep") == 2
    assert "| Diep | 3 |" in render_rubric_markdown(rubric.cell("opdracht2_reflectie"))


def test_levels_must_rise():
    data = {"opdracht": "a", "titel": "A", "cellen": [{"grade_id": "a_1", "titel": "T",
            "punten": 2, "criteria": [{"id": "c", "naam": "C", "niveaus": [
                {"id": "h", "naam": "H", "punten": 2, "beschrijving": "d"},
                {"id": "l", "naam": "L", "punten": 0, "beschrijving": "d"}]}]}]}
    with pytest.raises(InputError, match=r"niveaus\[1\].punten"):
        parse_rubric(data, "r.yaml")


@pytest.mark.slow
def test_generated_sources_carry_rubric_cells(generated_course):
    for aid in ("opdracht1", "opdracht2"):
        rubric = load_rubric(generated_course.root / "rubrics" / f"{aid}.yaml")
        source = nbformat.read(str(generated_course.source_notebook(aid)), as_version=4)
        assert rubric_cells_in_sync(source, rubric) == []
        released = (generated_course.root / "release" / aid / f"{aid}.ipynb").read_text()
        assert "Beoordelingsrubriek" in released
        assert "Model" not in released  # the model answers stay in source/


@pytest.mark.slow
def test_blind_key_is_private_and_codes_are_stable(generated_course, tmp_path):
    from kit.grading.blind import code_table, key_path, unblind

    course = copy_course(generated_course, tmp_path / "c")
    first = code_table(course.root, "opdracht1", ["s1", "s2"])
    assert code_table(course.root, "opdracht1", ["s2", "s1"]) == first
    assert stat.S_IMODE(key_path(course.root).stat().st_mode) == 0o600
    assert "s1" not in "".join(first)
    code = next(c for c, s in first.items() if s == "s2")
    assert unblind(course.root, "opdracht1", code.lower(), ["s1", "s2"]) == "s2"


@pytest.mark.slow
def test_resume_after_interruption_and_regrade_on_change(generated_course, tmp_path):
    course = copy_course(generated_course, tmp_path / "c")
    for s in ("a1", "a2", "a3"):
        submit_copy(course, s, "opdracht2",
                    edit=lambda nb, s=s: answer(nb, "opdracht2_plan", f"Plan van {s}"))
    # a run that stopped after one student: only a1 made it into the gradebook
    first = autograde(course, "opdracht2", workers=1, students=["a1"], no_execute=True,
                      privacy_scan=False, progress=False)
    assert first.graded == ["a1"]
    rest = autograde(course, "opdracht2", workers=2, no_execute=True, privacy_scan=False,
                     progress=False)
    assert rest.skipped == ["a1"] and sorted(rest.graded) == ["a2", "a3"]
    submit_copy(course, "a2", "opdracht2",
                edit=lambda nb: answer(nb, "opdracht2_plan", "Nieuw plan"))
    again = autograde(course, "opdracht2", workers=2, no_execute=True, privacy_scan=False,
                      progress=False)
    assert again.graded == ["a2"] and sorted(again.skipped) == ["a1", "a3"]
    report = list(csv.DictReader(again.report.open()))
    assert {r["student"]: r["status"] for r in report} == {
        "a1": "al nagekeken", "a2": "nagekeken", "a3": "al nagekeken"}


@pytest.mark.slow
def test_merge_is_all_or_nothing(generated_course, tmp_path):
    import hashlib
    import sqlite3

    course = copy_course(generated_course, tmp_path / "c")
    broken = tmp_path / "kapot.db"
    sqlite3.connect(broken).close()  # an empty database: the merge must fail
    before = hashlib.sha256(course.db_path.read_bytes()).hexdigest()
    with pytest.raises(sqlite3.OperationalError):
        merge_submission(course.db_path, broken, "opdracht1", "s1")
    assert hashlib.sha256(course.db_path.read_bytes()).hexdigest() == before


def test_export_settings_and_brightspace(tmp_path):
    import pandas as pd

    from kit.grading.export import ExportSettings, brightspace_rows, load_settings

    path = tmp_path / "export.yaml"
    path.write_text("schaal:\n  cesuur: 0.6\nkolommen:\n  a: Opdracht A\nwaarde: cijfer\n")
    settings = load_settings(path)
    assert settings.scale.cesuur == 0.6
    scores = {"students": {"s1": {"id": "s1"}, "s2": {"id": "s2"}},
              "assignments": pd.DataFrame([
                  {"student": "s1", "assignment": "a", "score": 6.0, "grade": 7.3,
                   "complete": True},
                  {"student": "s2", "assignment": "a", "score": None, "grade": None,
                   "complete": False}])}
    rows = brightspace_rows(scores, settings, ["a"])
    assert rows == [["OrgDefinedId", "Opdracht A Points Grade", "End-of-Line Indicator"],
                    ["s1", "7.3", "#"], ["s2", "", "#"]]
    path.write_text("kleur: rood\n")
    with pytest.raises(InputError, match="veld 'kleur'"):
        load_settings(path)
    assert ExportSettings().scale.pass_mark == 5.5


def test_agreement_counts_disagreements():
    from kit.grading.agreement import ordinal_alpha, weighted_kappa

    assert weighted_kappa([0, 1, 2], [2, 1, 0], 3) < 0
    assert ordinal_alpha([0, 0, 1, 1], [0, 0, 1, 1]) == 1.0


@pytest.mark.slow
def test_widget_saves_into_log_and_gradebook(generated_course, tmp_path):
    from nbgrader.api import Gradebook

    from kit.grading.gradelog import GradeLog, log_path
    from kit.grading.widgets import rubric_grader

    course = copy_course(generated_course, tmp_path / "c")
    submit_copy(course, "w1", "opdracht2",
                edit=lambda nb: answer(nb, "opdracht2_plan", "Mijn plan met toestemming."))
    autograde(course, "opdracht2", workers=1, no_execute=True, privacy_scan=False,
              progress=False)
    box = rubric_grader(course, "opdracht2", "ana")
    assert "iids-rubric" in box._dom_classes
    pick, cell_pick, answer_html, criteria = box.children[1:5]
    assert "w1" not in pick.value and "Mijn plan met toestemming." in answer_html.value
    save, status = box.children[6], box.children[7]
    save.click()  # nothing chosen yet: a Dutch message, nothing saved
    assert "kies een niveau" in status.value
    assert GradeLog(log_path(course.root)).history("opdracht2") == []
    for crit, level in zip(criteria.children, ("sterk", "aanwezig"), strict=True):
        crit.children[1].value = level
    save.click()
    assert "Opgeslagen: 3 punten" in status.value
    scores = GradeLog(log_path(course.root)).history("opdracht2")
    assert {(s.criterion, s.level, s.grader) for s in scores} == {
        ("structuur", "sterk", "ana"), ("ethiek", "aanwezig", "ana")}
    with Gradebook(course.db_url, course.course_id) as gb:
        grade = gb.find_grade("opdracht2_plan", "opdracht2", "opdracht2", "w1")
        assert grade.manual_score == 3 and not grade.needs_manual_grade


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


@pytest.mark.slow
def test_feedback_pdf(generated_course, tmp_path):
    from kit.grading.feedback import generate_feedback
    from kit.pdf import find_browser

    if find_browser() is None:
        pytest.skip("geen Chromium op deze machine")
    course = copy_course(generated_course, tmp_path / "c")
    submit_copy(course, "f1", "opdracht2",
                edit=lambda nb: answer(nb, "opdracht2_plan", "Een plan."))
    autograde(course, "opdracht2", workers=1, no_execute=True, privacy_scan=False,
              progress=False)
    [page] = generate_feedback(course, "opdracht2", pdf=True)
    assert page.with_suffix(".pdf").read_bytes()[:4] == b"%PDF"
    assert "Een plan." in page.read_text() and "Modelplan" not in page.read_text()


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


def test_generated_cells_have_stable_ids():
    import nbformat

    from kit.grading.header import sync_header_cell
    from kit.grading.rubrics import sync_rubric_cells

    rubric = load_rubric(FIXTURES / "rubrics" / "opdracht2.yaml")
    path = FIXTURES / "source" / "opdracht2" / "opdracht2.ipynb"
    texts = []
    for _ in range(2):
        nb = nbformat.read(str(path), as_version=4)
        sync_rubric_cells(nb, rubric)
        sync_header_cell(nb, "opdracht2", "2026-10-02T17:00:00+02:00", 5)
        texts.append(nbformat.writes(nb))
    assert texts[0] == texts[1]
    ids = [c.id for c in nbformat.reads(texts[0], as_version=4).cells]
    assert len(set(ids)) == len(ids)
    assert "iids-kop-" in texts[0] and "iids-rubriek-opdracht2_plan-" in texts[0]
