"""The two analysis assignments through real nbgrader: the solutions earn every automatic point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ("discoursanalyse", "narratieven")


@pytest.mark.slow
def test_solutions_get_full_automatic_scores(tmp_path, monkeypatch):
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    monkeypatch.chdir(tmp_path)
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    config.CourseDirectory.db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    api = NbGraderAPI(config=config)
    for assignment in ASSIGNMENTS:
        source = tmp_path / "source" / assignment
        source.mkdir(parents=True)
        shutil.copy(ROOT / "assignments" / "source" / assignment / f"{assignment}.ipynb", source)
        assert api.generate_assignment(assignment, force=True)["success"]
        released = (tmp_path / "release" / assignment / f"{assignment}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in released and "BEGIN HIDDEN TESTS" not in released
        submitted = tmp_path / "submitted" / "s1" / assignment
        submitted.mkdir(parents=True)
        shutil.copy(source / f"{assignment}.ipynb", submitted)
    with Gradebook(config.CourseDirectory.db_url) as gb:
        gb.add_student("s1")
    for assignment in ASSIGNMENTS:
        result = api.autograde(assignment, "s1", force=True)
        assert result["success"], result.get("log")
    with Gradebook(config.CourseDirectory.db_url) as gb:
        scores = {a: gb.find_submission(a, "s1") for a in ASSIGNMENTS}
        assert scores["discoursanalyse"].code_score == scores["discoursanalyse"].max_code_score == 9
        assert scores["narratieven"].code_score == scores["narratieven"].max_code_score == 8
        assert scores["discoursanalyse"].max_written_score == 14
        assert scores["narratieven"].max_written_score == 16
    assert (tmp_path / "autograded" / "s1" / "narratieven" / "mijn-werk" / "coderingen.csv").is_file()
