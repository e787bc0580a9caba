"""Modules 05, 07 and 10 put the student's own work in the workspace, and practice never (issue 20).

Module 05's second entry form saves a story, after the consent check and pseudonymised, in
the workspace (the first one practises in a practice folder); module 10's second record form
saves the record of the student's own table in ``dialoog/`` of the workspace, pseudonymised,
and shows it again on a rerun. Module 08 quotes no practice story in the counter-story sheet
it writes into the workspace. Module 07 codes the student's own stories (``narratieven.csv`` in the workspace) and writes its
codings, coding table and codebook beside them; without own stories everything goes to a
practice folder, never into the workspace. A Restart & Run All changes nothing in the
workspace. The notebooks run in a real kernel (nbclient) with ``IIDS_WERKMAP`` pointing at
a workspace of the test's own, as the lab does for a student.
"""

from __future__ import annotations

import hashlib
import os
import time
import warnings
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
STORY = ("Op de markt zei iemand dat ik er niet bij hoorde. Later zei ze sorry. "
         "Nu drinken we elke zaterdag koffie bij de kraam van mijn neef.")


def _module(number: str) -> Path:
    return next(ROOT.glob(f"course/modules/{number}-*/{number}-*.ipynb"))


#: A step of a module run that takes longer than this is named in a warning (alone: < 5 s).
SLOW_STEP_SECONDS = 30


def _run(number: str, work: Path, vault: Path, then: str = "") -> str:
    """Run a module like Restart & Run All, then ``then`` (what the student types and clicks,
    as code on the widgets) in the same kernel; returns all text it showed."""
    path = _module(number)
    nb = nbformat.read(str(path), as_version=4)
    if then:
        nb.cells.append(nbformat.v4.new_code_cell(then))
    env = {**os.environ, "IIDS_WERKMAP": str(work), "IIDS_VAULT": str(vault), "MPLBACKEND": "Agg"}
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    slow = []  # a full test run once spent 305 s in this test (7 s alone): name the step
    start = time.monotonic()
    with client.setup_kernel(env=env):
        slow.append(("de kernel starten", time.monotonic() - start))
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                start = time.monotonic()
                client.execute_cell(cell, index)
                slow.append((f"cel {index}", time.monotonic() - start))
        start = time.monotonic()
    slow.append(("de kernel stoppen", time.monotonic() - start))
    for step, seconds in slow:
        if seconds > SLOW_STEP_SECONDS:
            warnings.warn(f"module {number}: {step} duurde {seconds:.0f} s", stacklevel=2)
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


#: The student at module 05's own entry form (found as a person finds it: the form that says
#: it saves in the workspace).
FILL_05 = """
import gc
from kit.narratives.widgets import NarrativeEntryForm
forms = [o for o in gc.get_objects() if isinstance(o, NarrativeEntryForm)]
eigen = [f for f in forms if "iids-entry-werkmap" in f.box._dom_classes]
print("formulieren:", len(forms), "in de werkmap:", len(eigen))
f = eigen[0]
f.title.value = "Koffie op de markt"
f.text.value = ("Op de markt zei Jolanda de Wit dat ik er niet bij hoorde. Later belde ze me op "
                "06-48213597 om sorry te zeggen. Nu drinken we elke zaterdag koffie bij de kraam.")
f.community.value = "arbeidsmigranten"
f.collector.value = "S1"
f.inputs["steun"].choose((0.7, 0.2, 0.1))
f.inputs["welkom"].slider.value = 0.8
f.inputs["gevoel"].set("geamuseerd")
f.participant.value = "P-OEF-01"
print("oefendeelnemer:", f.check_consent())
f.participant.value = "P07"
print("voorbeeld zonder toestemming:", f.show_preview())
print("toestemming:", f.check_consent())
print("voorbeeld:", f.show_preview(), f.message.value)
print("bewaard als:", f.save())
"""


def test_module_05_saves_an_own_story_in_the_workspace_and_practice_outside(student):
    from kit.narratives.store import load_narratives

    work, vault = student
    shown = _run("05", work, vault, then=FILL_05)
    assert "in de werkmap: 1" in shown, shown[-1500:]
    assert "oefendeelnemer: False" in shown, "de oefendeelnemer werd in de eigen kluis gevonden"
    assert "voorbeeld zonder toestemming: False" in shown and "voorbeeld: True" in shown
    assert "bewaard als: N-" in shown, shown[-1500:]
    raw = (work / "narratieven.csv").read_text(encoding="utf-8")
    for secret in ("Jolanda", "de Wit", "06-48213597", "48213597"):
        assert secret not in raw, f"'{secret}' staat in de werkmap"
    own = load_narratives(work)
    assert len(own) == 1 and "koffie bij de kraam" in own.loc[0, "text"], own
    assert own.loc[0, "participant"] == "P07" and not own.loc[0, "synthetic"]
    practice = load_narratives(work.with_name("mijn-werk-oefenen") / "05-verhalen")
    assert len(practice) >= 1 and not practice["text"].str.contains("koffie").any()
    before = _files(work)
    assert set(before) == {"narratieven.csv", "kader.yaml"}, sorted(before)
    _run("05", work, vault)  # Restart & Run All: the practice stories stay out
    assert _files(work) == before, "een nieuwe run veranderde de werkmap"


FILL_10 = """
import gc
import ipywidgets as w
boxes = [o for o in gc.get_objects() if isinstance(o, w.VBox) and "iids-record" in o._dom_classes]
eigen = [b for b in boxes if "iids-record-werkmap" in b._dom_classes]
print("verslagen:", len(boxes), "in de werkmap:", len(eigen))
b = eigen[0]
print("stellingen bij het openen:", len(b.record.record.statements))
if not b.record.record.statements:
    b.controls["statement"].value = "De nachtopvang gaat overdag open. Bel Piet Jansen op 06-12345678."
    b.actions["add_statement"]()
    for key, count in (("vote_for", 7), ("vote_against", 3), ("vote_abstain", 1)):
        b.controls[key].value = count
    b.actions["add_vote"]()
    b.actions["save"]()
    print(b.controls["status"].value)
"""


def test_module_10_saves_the_own_record_in_the_workspace_and_shows_it_again(student):
    from kit.dialogue.record import load_record

    work, vault = student
    shown = _run("10", work, vault, then=FILL_10)
    assert "in de werkmap: 1" in shown, shown[-1500:]
    assert "Bewaard (gepseudonimiseerd)" in shown, shown[-1500:]
    saved = work / "dialoog" / "verslag.yaml"
    raw = saved.read_text(encoding="utf-8")
    assert "06-12345678" not in raw and "Piet Jansen" not in raw, raw
    record = load_record(saved)
    assert record.pseudonymised and record.votes[0].votes_for == 7
    assert "Oefentafel" not in raw and "werk en wonen" not in raw
    before = _files(work)
    assert set(before) == {"dialoog/verslag.yaml", "dialoog/afspraken.csv"}, sorted(before)
    shown = _run("10", work, vault, then=FILL_10)  # Restart & Run All: the record is back
    assert "stellingen bij het openen: 1" in shown, shown[-1500:]
    assert _files(work) == before, "een nieuwe run veranderde de werkmap"


def test_module_08_puts_no_practice_quotes_in_the_workspace(student):
    """Without own stories 08 works with synthetic ones; its counter-story sheet (in the
    workspace, handed in with the narratieven assignment) must not quote them."""
    work, vault = student
    shown = _run("08", work, vault)
    assert "synthetische verhalen" in shown, shown[:1500]
    assert _files(work).keys() == {"tegenverhaal-dd01.md"}, sorted(_files(work))
    sheet = (work / "tegenverhaal-dd01.md").read_text(encoding="utf-8")
    assert "— narratief" not in sheet and "N-2526-" not in sheet, sheet
    assert "nog geen eigen verhalen" in sheet
    # the student enters an own story later: the next run puts its quotes in, and keeps the rest
    sheet_path = work / "tegenverhaal-dd01.md"
    sheet_path.write_text(sheet + "\nMijn eerste aantekening.\n", encoding="utf-8")
    nid = _own_story(work, vault)
    _run("08", work, vault)
    sheet = sheet_path.read_text(encoding="utf-8")
    assert f"— narratief {nid}" in sheet and "nog geen eigen verhalen" not in sheet, sheet
    assert "Mijn eerste aantekening." in sheet and "N-2526-" not in sheet
