"""One workspace per student: every module and assignment finds it the same way."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kit.errors import InputError
from kit.workspace import COPY_MARK, assignment_workspace, hand_in_copy, practice_folder, workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def werkmap(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("IIDS_WERKMAP", str(tmp_path / "home" / "mijn-werk"))
    return tmp_path / "home" / "mijn-werk"


def test_workspace_is_the_home_folder_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("IIDS_WERKMAP", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert workspace() == tmp_path / "mijn-werk"
    assert (tmp_path / "mijn-werk").is_dir()


def test_workspace_that_is_a_file_is_refused(werkmap):
    werkmap.parent.mkdir(parents=True)
    werkmap.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="geen map maar een bestand"):
        workspace()


def test_assignment_reads_the_workspace_and_hands_in_a_copy(werkmap, tmp_path):
    (workspace() / "dialoog").mkdir()
    (werkmap / "dialoog" / "stakeholders.csv").write_text("id\n", encoding="utf-8")
    opdracht = tmp_path / "home" / "dialoogtafel"
    opdracht.mkdir()
    assert assignment_workspace(opdracht) == werkmap
    copy = opdracht / "mijn-werk"
    assert (copy / "dialoog" / "stakeholders.csv").read_text(encoding="utf-8") == "id\n"
    # a change in the workspace reaches the copy on the next call; a removal too
    (werkmap / "dialoog" / "stakeholders.csv").unlink()
    (werkmap / "coderingen.csv").write_text("document,code\n", encoding="utf-8")
    assignment_workspace(opdracht)
    assert sorted(p.name for p in copy.rglob("*") if p.is_file()) == [COPY_MARK, "coderingen.csv"]
    assert str(werkmap) not in (copy / COPY_MARK).read_text(encoding="utf-8")


def test_a_submission_being_graded_keeps_its_own_files(werkmap, tmp_path):
    """The lecturer's autograde: the copy came from another person's workspace."""
    student = tmp_path / "student" / "mijn-werk"
    student.mkdir(parents=True)
    (student / "narratieven.csv").write_text("id,text\n", encoding="utf-8")
    import os

    os.environ["IIDS_WERKMAP"] = str(student)
    submission = tmp_path / "autograded" / "s1" / "narratieven"
    submission.mkdir(parents=True)
    hand_in_copy(submission)
    os.environ["IIDS_WERKMAP"] = str(werkmap)  # now the lecturer
    (workspace() / "narratieven.csv").write_text("van de docent\n", encoding="utf-8")
    assert assignment_workspace(submission) == submission / "mijn-werk"
    assert (submission / "mijn-werk" / "narratieven.csv").read_text(encoding="utf-8") == "id,text\n"
    # an older hand-in without the mark is used as it is, and never emptied
    old = tmp_path / "oud"
    (old / "mijn-werk").mkdir(parents=True)
    (old / "mijn-werk" / "coderingen.csv").write_text("x\n", encoding="utf-8")
    assert assignment_workspace(old) == old / "mijn-werk"
    with pytest.raises(InputError, match="geen kopie van je werkmap"):
        hand_in_copy(old)


def test_practice_never_enters_the_workspace(werkmap):
    folder = practice_folder("05-verhalen")
    assert werkmap not in folder.parents
    (folder / "narratieven.csv").write_text("id\n", encoding="utf-8")
    assert not any(practice_folder("05-verhalen").iterdir()), "een rerun begint niet leeg"


def _code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


NOTEBOOKS = sorted((ROOT / "course" / "modules").glob("*/*.ipynb")) + sorted(
    (ROOT / "assignments" / "source").glob("*/*.ipynb"))


def test_every_notebook_finds_the_workspace_the_same_way():
    """No notebook makes its own work folder beside itself (``mijn-werk`` or WORK_FOLDER)."""
    assert len(NOTEBOOKS) >= 18
    wrong = []
    for path in NOTEBOOKS:
        code = _code(path)
        if "WORK_FOLDER" in code or re.search(r"Path\(\s*[\"']mijn-werk", code):
            wrong.append(path.name)
    assert not wrong, f"eigen werkmap naast het notebook in: {wrong}"



def test_a_submission_without_work_never_gets_the_graders_workspace(werkmap, tmp_path):
    (workspace() / "narratieven.csv").write_text("van de docent\n", encoding="utf-8")
    for submission in (tmp_path / "autograded" / "s2" / "narratieven", tmp_path / "inbound" / "x"):
        submission.mkdir(parents=True)
        if submission.parent.name == "inbound":
            (submission / "timestamp.txt").write_text("2026-12-04 17:00:00", encoding="utf-8")
        assert assignment_workspace(submission) == submission / "mijn-werk"
        assert not (submission / "mijn-werk" / "narratieven.csv").exists()
