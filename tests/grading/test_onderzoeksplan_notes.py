"""onderzoeksplan part 5 through real nbgrader: the demo's filled submission earns the 3 points."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_filled_notes_are_autograded_from_the_pseudonymised_file(tmp_path, tmp_path_factory, monkeypatch):
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    from kit.privacy.fieldnotes import example_notes
    from kit.privacy.pseudonymise import find_spans
    from kit.synthetic.grading import fill_notebook, fill_work_folder

    monkeypatch.chdir(tmp_path)
    vaults = tmp_path_factory.mktemp("kluizen")  # outside the course folder
    monkeypatch.setenv("IIDS_VAULT", str(vaults / "kluis-docent"))
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    config.CourseDirectory.db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    api = NbGraderAPI(config=config)
    aid = "onderzoeksplan"
    (tmp_path / "source" / aid).mkdir(parents=True)
    shutil.copy(ROOT / "assignments" / "source" / aid / f"{aid}.ipynb", tmp_path / "source" / aid)
    assert api.generate_assignment(aid, force=True)["success"]
    released_text = (tmp_path / "release" / aid / f"{aid}.ipynb").read_text()
    assert "BEGIN SOLUTION" not in released_text and "write_example" not in released_text
    released = nbformat.read(str(tmp_path / "release" / aid / f"{aid}.ipynb"), 4)
    source = nbformat.read(str(tmp_path / "source" / aid / f"{aid}.ipynb"), 4)
    for student, quality in (("s1", 1.0),):
        folder = tmp_path / "submitted" / student / aid
        folder.mkdir(parents=True)
        nbformat.write(fill_notebook(released, source, quality, random.Random(1)),
                       str(folder / f"{aid}.ipynb"))
        fill_work_folder(aid, folder, quality, vaults / "kluis-demo")
    with Gradebook(config.CourseDirectory.db_url) as gb:
        gb.add_student("s1")
    assert api.autograde(aid, "s1", force=True)["success"]
    with Gradebook(config.CourseDirectory.db_url) as gb:
        full = gb.find_submission(aid, "s1")
        assert full.code_score == full.max_code_score == 3
    graded = (tmp_path / "autograded" / "s1" / aid / f"{aid}.ipynb").read_text()
    assert "Je notities zijn compleet." in graded
    names = [s.text for n in example_notes() for s in find_spans(n) if s.category == "PERSOON"]
    assert names and not any(n in graded for n in names)
    assert not (vaults / "kluis-docent" / "voorbeeldnotities").exists()
