"""Hidden tests never reach a student: not through the kit's feedback and not through
nbgrader's own ``generate_feedback`` (the formgrader's button), run as plain nbgrader."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kit.cli import main
from kit.grading.autograde import autograde
from kit.grading.hidden import HIDDEN_FAILED
from tests.grading.conftest import answer, copy_course, submit_copy

pytestmark = pytest.mark.slow

CODE = {
    "goed": "def aantal_woorden(tekst):\n    return len(tekst.split())",
    "half": "def aantal_woorden(tekst):\n    return 2",  # visible passes, hidden fails
    "fout": "def aantal_woorden(tekst):\n    return 0",  # visible fails
}
SECRETS = ("BEGIN HIDDEN", "END HIDDEN", "geheime", "vijf woorden")


@pytest.fixture(scope="module")
def graded(generated_course, tmp_path_factory):
    course = copy_course(generated_course, tmp_path_factory.mktemp("verborgen") / "cursus")
    for student, code in CODE.items():
        submit_copy(course, student, "opdracht1",
                    edit=lambda nb, code=code: answer(nb, "opdracht1_woorden_antwoord", code))
    result = autograde(course, "opdracht1", workers=1, privacy_scan=False, progress=False)
    assert sorted(result.graded) == sorted(CODE)
    autograded = (course.root / "autograded" / "half" / "opdracht1" / "opdracht1.ipynb")
    assert "geheime" in autograded.read_text()  # autograde put the hidden test back
    return course


def _pages(course) -> dict[str, str]:
    return {student: (course.root / "feedback" / student / "opdracht1" / "opdracht1.html")
            .read_text("utf-8") for student in CODE}


def test_plain_nbgrader_generate_feedback_strips_hidden_tests(graded):
    nbgrader = Path(sys.executable).parent / "nbgrader"
    done = subprocess.run([str(nbgrader), "generate_feedback", "opdracht1", "--force"],
                          cwd=graded.root, capture_output=True, text=True,
                          env=dict(os.environ), check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    pages = _pages(graded)
    for student, page in pages.items():
        for secret in SECRETS:
            assert secret not in page, (student, secret)
    assert HIDDEN_FAILED in pages["half"]
    assert "tel de woorden met split" in pages["fout"]
    assert HIDDEN_FAILED not in pages["goed"] and "Niet geslaagd" not in pages["goed"]


def test_kit_feedback_shows_visible_assert_messages_only(graded):
    assert main(["grade", "feedback", "opdracht1", "--cursus", str(graded.root)]) == 0
    pages = _pages(graded)
    for student, page in pages.items():
        for secret in SECRETS:
            assert secret not in page, (student, secret)
    assert "tel de woorden met split" in pages["fout"]
    assert HIDDEN_FAILED in pages["half"] and "tel de woorden" not in pages["half"]
    assert "Automatische controle: 2 van 2 punten" in pages["goed"]


def test_class_server_docent_config_strips_hidden_tests(tmp_path, monkeypatch):
    """The formgrader on the class server reads the docent role's config, not the course's."""
    import runpy

    import jupyterhub.spawner
    from traitlets.config import Config

    from kit.grading.strip_hidden import StripHiddenTests

    deploy = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub_config.py"
    monkeypatch.setattr(jupyterhub.spawner, "random_port", jupyterhub.spawner.random_port)
    monkeypatch.setenv("IIDS_HUB_ROLE_CONFIG", str(tmp_path / "etc"))
    runpy.run_path(str(deploy), init_globals={"get_config": lambda: Config()})
    text = (tmp_path / "etc" / "docent" / "nbgrader_config.py").read_text()
    cfg = Config()
    exec(compile(text, "nbgrader_config.py", "exec"), {"get_config": lambda: cfg})
    assert "kit.grading.strip_hidden.StripHiddenTests" in cfg.GenerateFeedback.preprocessors
    assert StripHiddenTests.__module__ == "kit.grading.strip_hidden"
