"""The rubric grading widget (kit.grading.widgets) on a real generated course."""

from __future__ import annotations

import pytest

from kit.grading.autograde import autograde
from tests.grading.conftest import answer, copy_course, submit_copy


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
