"""Feedback pages (kit.grading.feedback): the PDF through a local Chromium."""

from __future__ import annotations

import pytest

from kit.grading.autograde import autograde
from tests.grading.conftest import answer, copy_course, submit_copy


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
