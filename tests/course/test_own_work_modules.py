"""Modules 05, 07 and 10 put the student's own work in the workspace, and practice never (issue 20).

Module 07 codes the student's own stories (``narratieven.csv`` in the workspace) and writes its
codings, coding table and codebook beside them; without own stories everything goes to a
practice folder, never into the workspace. A Restart & Run All changes nothing in the
workspace. The notebooks run in a real kernel (nbclient) with ``IIDS_WERKMAP`` pointing at
a workspace of the test's own, as the lab does for a student.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
STORY = ("Op de markt zei iemand dat ik er niet bij hoorde. Later zei ze sorry. "
         "Nu drinken we elke zaterdag koffie bij de kraam van mijn neef.")


def _module(number: str) -> Path:
    return next(ROOT.glob(f"course/modules/{number}-*/{number}-*.ipynb"))


def _run(number: str, work: Path, vault: Path) -> str:
    """Run a module like Restart & Run All; returns all text it showed."""
    path = _module(number)
    nb = nbformat.read(str(path), as_version=4)
    env = {**os.environ, "IIDS_WERKMAP": str(work), "IIDS_VAULT": str(vault), "MPLBACKEND": "Agg"}
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
    shown = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            shown.append(out.get("text", ""))
            shown.extend(str(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(shown)


def _files(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` with its hash (the hand-in data as it is now)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def student(tmp_path, monkeypatch):
    """A student's workspace and vault, with consent of participant P07 for education."""
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault

    work, vault = tmp_path / "mijn-werk", tmp_path / "kluis"
    work.mkdir()
    monkeypatch.setenv("IIDS_WERKMAP", str(work))
    monkeypatch.setenv("IIDS_VAULT", str(vault))
    ConsentRegister(open_vault(vault)).add("P07", "toestemming-v2", "2026-10-05", "a" * 64,
                                           ["onderwijs"], "2027-09-01")
    return work, vault


def _own_story(work: Path, vault: Path) -> str:
    from kit.narratives.store import NarrativeStore

    store = NarrativeStore(work, vault=vault, use_deduce=False)
    return store.add({"participant": "P07", "month": "2026-10", "setting": "gesprek",
                      "community": "dak- en thuisloze mensen", "collector": "S1",
                      "title": "Koffie op de markt", "text": STORY, "steun": (0.7, 0.2, 0.1),
                      "welkom": 0.8, "gevoel": "geamuseerd", "wie": ["buren"]})


def test_module_07_without_own_stories_practises_outside_the_workspace(student):
    work, vault = student
    shown = _run("07", work, vault)
    assert "Nog geen eigen verhalen" in shown and "oefenmap" in shown, shown[:2000]
    assert _files(work) == {}, f"oefenwerk in de werkmap: {sorted(_files(work))}"
    practice = work.with_name("mijn-werk-oefenen") / "07-coderen"
    assert (practice / "codeertabel.csv").is_file() and (practice / "codeboek.yaml").is_file()


def test_module_07_codes_the_own_stories_and_a_rerun_changes_nothing(student):
    from kit.io import read_csv

    work, vault = student
    nid = _own_story(work, vault)
    shown = _run("07", work, vault)
    assert "Je codeert je eigen verhaal (1)" in shown, shown[:2000]
    table = read_csv(work / "codeertabel.csv")
    assert set(table["document"]) == {nid}, set(table["document"])
    assert (work / "codeboek.yaml").is_file()
    before = _files(work)
    _run("07", work, vault)  # Restart & Run All
    assert _files(work) == before, "een nieuwe run veranderde de werkmap"
    practice_ids = {f"N-2526-{i:05d}" for i in range(1, 13)}  # the twelve practice stories
    for name in before:
        text = (work / name).read_text(encoding="utf-8")
        assert not any(pid in text for pid in practice_ids), f"een oefenverhaal staat in {name}"
