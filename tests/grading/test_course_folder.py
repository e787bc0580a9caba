"""The course folder is found as nbgrader finds it, and opening a course never creates a gradebook.

A lecturer copies the course (``cp -r assignments /elders/cursus``), stands in the copy and
runs ``iids grade ...`` without ``--cursus``: the kit works in that folder, like
``nbgrader`` does with the ``nbgrader_config.py`` in the folder it runs in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.cli import main
from tests.grading.conftest import REPO

pytestmark = pytest.mark.slow


def _run(args, capsys):
    capsys.readouterr()
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def copied_course(tmp_path, isolated_jupyter, monkeypatch):
    """A copy of the repository's course, without its gradebook, in a folder elsewhere."""
    root = shutil.copytree(REPO / "assignments", tmp_path / "elders" / "cursus",
                           ignore=shutil.ignore_patterns(
                               "gradebook.db", "release", "submitted", "autograded", "feedback",
                               "exchange", ".iids", "downloaded"))
    monkeypatch.delenv("IIDS_COURSE", raising=False)
    monkeypatch.chdir(root)
    return root


def test_autograde_in_the_course_folder_you_stand_in(copied_course, capsys):
    repo_db = REPO / "assignments" / "gradebook.db"
    repo_db_before = repo_db.stat().st_mtime_ns if repo_db.exists() else None
    code, out, err = _run(["grade", "generate", "discoursanalyse"], capsys)
    assert code == 0, err
    assert (copied_course / "release" / "discoursanalyse" / "discoursanalyse.ipynb").is_file()
    assert (copied_course / "gradebook.db").is_file()
    # the generated header and rubric cells keep their ids: git sees no change in source/
    source = Path("source") / "discoursanalyse" / "discoursanalyse.ipynb"
    assert (copied_course / source).read_bytes() == (REPO / "assignments" / source).read_bytes()
    for student in ("s1", "s2"):
        dest = copied_course / "submitted" / student / "discoursanalyse"
        shutil.copytree(copied_course / "release" / "discoursanalyse", dest)
        (dest / "timestamp.txt").write_text("2026-10-01 12:00:00.000000 UTC")
    code, out, err = _run(["grade", "autograde", "discoursanalyse", "--workers", "2", "--stil"],
                          capsys)
    assert code == 0, out + err
    assert "Nagekeken: 2" in out
    assert (copied_course / "autograded" / "s1" / "discoursanalyse").is_dir()
    # the repository's own course was not touched
    assert (repo_db.stat().st_mtime_ns if repo_db.exists() else None) == repo_db_before


def test_explicit_course_option_wins_over_the_folder_you_stand_in(copied_course, tmp_path,
                                                                   capsys):
    code, _, err = _run(["grade", "export", "--cursus", str(tmp_path / "leeg")], capsys)
    assert code == 2 and "geen nbgrader-cursusmap" in err


def test_a_folder_that_is_no_course(tmp_path, isolated_jupyter, monkeypatch, capsys):
    empty = tmp_path / "geen-cursus"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.setenv("IIDS_COURSE", str(empty))
    code, out, err = _run(["grade", "agreement", "discoursanalyse"], capsys)
    assert code == 2
    assert "geen nbgrader-cursusmap" in err and str(empty) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_opening_a_course_never_creates_a_gradebook(copied_course, capsys):
    for args in (["grade", "autograde", "discoursanalyse", "--stil"],
                 ["grade", "export", "-o", str(copied_course.parent / "uit")],
                 ["grade", "feedback", "discoursanalyse"],
                 ["grade", "agreement", "discoursanalyse"]):
        code, out, err = _run(args, capsys)
        assert code == 2, (args, out, err)
        assert "iids grade generate" in err, err
        assert not (copied_course / "gradebook.db").exists(), args


def test_course_resolution_order(tmp_path, monkeypatch):
    from kit.grading.course import default_course_root, is_course_folder

    here = tmp_path / "hier"
    (here / "source").mkdir(parents=True)
    env = tmp_path / "omgeving"
    (env / "source").mkdir(parents=True)
    elsewhere = tmp_path / "ergens"
    elsewhere.mkdir()
    assert is_course_folder(here) and not is_course_folder(elsewhere)
    monkeypatch.setenv("IIDS_COURSE", str(env))
    monkeypatch.chdir(here)
    assert default_course_root() == here.resolve()
    monkeypatch.chdir(elsewhere)
    assert default_course_root() == env.resolve()
    monkeypatch.delenv("IIDS_COURSE")
    assert default_course_root() == (REPO / "assignments").resolve()
