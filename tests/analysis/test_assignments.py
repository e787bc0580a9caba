"""The two analysis assignments through real nbgrader, filled in the way a student does.

A student never writes code: a synthetic submission is the released notebook with text answers
and the files the forms and widgets save (:func:`kit.synthetic.grading.fill_work_folder`, which
calls the widgets' save functions). Full work earns every automatic point, an empty submission
none, and one wrong reading of a table costs exactly that question's points (the hidden test).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ("discoursanalyse", "narratieven")


@pytest.mark.slow
def test_form_answers_get_the_automatic_scores(tmp_path, monkeypatch):
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    from kit.answers import load_choices, save_choices
    from kit.grading.answerkeys import DISCOURSE_FORM
    from kit.synthetic.grading import fill_notebook, fill_work_folder

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IIDS_WERKMAP", str(tmp_path / "werkmap-docent"))
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    config.CourseDirectory.db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    api = NbGraderAPI(config=config)
    students = {"s1": 1.0, "s2": 0.0, "s3": 1.0}
    for assignment in ASSIGNMENTS:
        source = tmp_path / "source" / assignment
        source.mkdir(parents=True)
        shutil.copy(ROOT / "assignments" / "source" / assignment / f"{assignment}.ipynb", source)
        assert api.generate_assignment(assignment, force=True)["success"]
        released_path = tmp_path / "release" / assignment / f"{assignment}.ipynb"
        text = released_path.read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "NotImplementedError" not in text and "discourse_key" not in text
        released = nbformat.read(str(released_path), 4)
        model = nbformat.read(str(source / f"{assignment}.ipynb"), 4)
        for student, quality in students.items():
            submitted = tmp_path / "submitted" / student / assignment
            submitted.mkdir(parents=True)
            nbformat.write(fill_notebook(released, model, quality, random.Random(1)),
                           str(submitted / f"{assignment}.ipynb"))
            fill_work_folder(assignment, submitted, quality, None)
    # s3 coded apart from the partner: two files, put together with the partner widget's button
    import pandas as pd

    from kit.analysis.codebook import load_codebook
    from kit.analysis.widgets import partner_widget

    werk3 = tmp_path / "submitted" / "s3" / "narratieven" / "mijn-werk"
    both = pd.read_csv(werk3 / "coderingen.csv", dtype=str, keep_default_na=False)
    both[both["coder"] == "A"].to_csv(werk3 / "coderingen.csv", index=False)
    both[both["coder"] == "B"].to_csv(werk3 / "coderingen-partner.csv", index=False)
    box = partner_widget(werk3, {}, load_codebook(werk3 / "codeboek.yaml") if (werk3 / "codeboek.yaml").exists()
                         else load_codebook("erbij-horen-en-uitsluiting"))
    assert box.compare() is not None, box.parts["status"].value
    assert (werk3 / "coderingen-samen.csv").is_file()
    # s3 reads table 1a wrongly (one text too many): the hidden test costs 1a's 2 points
    work = tmp_path / "submitted" / "s3" / "discoursanalyse" / "mijn-werk"
    save_choices(work, DISCOURSE_FORM, {"meer_frames": load_choices(work, DISCOURSE_FORM)["meer_frames"] + 1})
    with Gradebook(config.CourseDirectory.db_url) as gb:
        for student in students:
            gb.add_student(student)
    for assignment in ASSIGNMENTS:
        for student in students:
            result = api.autograde(assignment, student, force=True)
            assert result["success"], result.get("log")
    with Gradebook(config.CourseDirectory.db_url) as gb:
        def score(assignment, student):
            return gb.find_submission(assignment, student)

        for assignment, auto, written in (("discoursanalyse", 9, 14), ("narratieven", 8, 16)):
            full = score(assignment, "s1")
            assert full.code_score == full.max_code_score == auto, assignment
            assert full.max_written_score == written
            assert score(assignment, "s2").code_score == 0, assignment
        assert score("narratieven", "s3").code_score == 8
        assert score("discoursanalyse", "s3").code_score == 7
        grades = {g.name: g.auto_score for nb in score("discoursanalyse", "s3").notebooks for g in nb.grades}
        assert grades["discoursanalyse_frames_per_tekst_toets"] == 0
        assert grades["discoursanalyse_hoofdframe_toets"] == 2
    assert (tmp_path / "autograded" / "s1" / "narratieven" / "mijn-werk" / "coderingen.csv").is_file()
    partner_run = (tmp_path / "autograded" / "s3" / "narratieven" / "narratieven.ipynb").read_text()
    assert "De kit gebruikt coderingen-samen.csv" in partner_run
    graded = (tmp_path / "autograded" / "s1" / "discoursanalyse" / "discoursanalyse.ipynb").read_text()
    assert "Goed: drie of meer middelen, letterlijk uit de tekst." in graded

    # What the lecturer (formgrader) and the student (feedback) read in the graded notebook: the
    # codebook's labels, never the internal ids the saved answers and the hidden checks use.
    from kit.analysis.codebook import load_codebook
    from kit.analysis.discourse_corpus import DEVICES

    def shown(student: str) -> str:
        nb = nbformat.read(str(tmp_path / "autograded" / student / "discoursanalyse" / "discoursanalyse.ipynb"), 4)
        parts = []
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                parts.append(out.get("text", "") + "".join(str(out.get(k, "")) for k in ("ename", "evalue")))
                parts += [str(v) for k, v in out.get("data", {}).items() if k.startswith("text/")]
        return "\n".join(parts)

    internal = [c for c in load_codebook("frames-dominant-discours").ids() if "-" in c]
    internal += [d for d in DEVICES if "-" in d]
    for student in ("s1", "s3"):
        text = shown(student)
        assert not [i for i in internal if i in text], (student, [i for i in internal if i in text])
    text = shown("s1")
    assert "Handhaving en controle" in text and "Werk en rechten" in text
    assert "Bewaarde antwoorden:" in text and "VBox(" not in text  # the forms as a Dutch summary
    assert "Bewaarde tekstmiddelen in dd07:" in text and "niet geciteerd: " in text
    assert "AssertionError" in shown("s3") and "1a: " in shown("s3")  # s3's wrong 1a, said in Dutch
