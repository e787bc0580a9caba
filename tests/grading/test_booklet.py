"""The answer booklet of a blind grader (kit.grading.booklet): answers under codes, the real
rubric beside them, the answer escaped. The whole flow on real nbgrader output is in
tests/grading/test_blind_booklet.py."""

from __future__ import annotations

from pathlib import Path

from kit.grading.booklet import booklet_html, cell_answers
from kit.grading.course import assignment_rubric, open_course

ROOT = Path(__file__).resolve().parents[2]


def test_only_graded_answer_cells_are_taken_and_list_sources_joined():
    nb = {"cells": [
        {"cell_type": "markdown", "source": ["Mijn ", "plan"],
         "metadata": {"nbgrader": {"grade_id": "a_plan", "solution": True}}},
        {"cell_type": "markdown", "source": "De opdracht", "metadata": {}},
        {"cell_type": "code", "source": "assert True",
         "metadata": {"nbgrader": {"grade_id": "a_test", "solution": False, "grade": True}}},
        {"cell_type": "code", "source": "x = 1", "metadata": {"nbgrader": {"solution": True}}},
    ]}
    assert cell_answers(nb) == {"a_plan": "Mijn plan"}


def test_booklet_page_has_code_answer_and_rubric_and_escapes_the_answer():
    rubric = assignment_rubric(open_course(ROOT / "assignments"), "discoursanalyse")
    cell = rubric.cells[0]
    entries = [{"code": "K-7Q2", "grade_id": cell.grade_id, "title": cell.title,
                "answer": "<script>alert('x')</script> De tekst framet bewoners."}]
    page = booklet_html(rubric, entries, "docent2", "tweede")
    assert f"Antwoordenboekje {rubric.title} (docent2, tweede)" in page
    assert "K-7Q2" in page and "De tekst framet bewoners." in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    for criterion in cell.criteria:
        assert criterion.name in page
        for level in criterion.levels:
            assert level.descriptor.split("<")[0][:30] in page or not level.descriptor
