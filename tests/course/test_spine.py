"""One voice across the course: every module passes the spine checker."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kit.coursecheck import spine_problems

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "course" / "modules").glob("[0-9][0-9]-*/"))


def test_module_folders_hold_one_main_notebook():
    assert MODULES
    for folder in MODULES:
        notebooks = [p for p in folder.glob("*.ipynb")]
        assert [p.stem for p in notebooks] == [folder.name], folder.name


@pytest.mark.parametrize("folder", MODULES, ids=[m.name for m in MODULES])
def test_module_has_the_spine(folder):
    nb = nbformat.read(str(folder / f"{folder.name}.ipynb"), as_version=4)
    assert spine_problems(nb) == []


def test_checker_catches_a_broken_module():
    nb = nbformat.read(str(MODULES[0] / f"{MODULES[0].name}.ipynb"), as_version=4)
    nb.cells = [c for c in nb.cells if "zelftoets" not in c.metadata.get("tags", [])]
    nb.cells.append(nbformat.v4.new_markdown_cell("De prostituee werd opgepakt."))
    problems = spine_problems(nb)
    assert "er is geen zelftoets met feedback (codecel met tag 'zelftoets')" in problems
    assert any("stigmatiserend woord 'prostituee'" in p for p in problems)
