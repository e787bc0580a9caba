"""Quiz answers are kept out of the visible code (found in the course walk: every quiz cell
showed ``correct=...`` above its widget)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kit.widgets.selfcheck import load_selfchecks, zelftoets

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "course").rglob("*.ipynb"))


def _code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_no_course_notebook_shows_an_answer_in_its_code():
    shown = [(p.name, i) for p in NOTEBOOKS for i, code in enumerate(_code_cells(p))
             if re.search(r"\bcorrect\s*=|\b(multi_)?quiz\(|\breveal\(", code)]
    assert not shown, f"antwoorden zichtbaar in de code van: {shown[:5]}"


def test_every_selfcheck_a_notebook_shows_exists_and_works():
    keys = [key for p in NOTEBOOKS for code in _code_cells(p)
            for key in re.findall(r'zelftoets\("([^"]+)"\)', code)]
    assert len(keys) >= 60
    assert len(keys) == len(set(keys)), "een zelftoets staat in twee cellen"
    for key in keys:
        entry = load_selfchecks(key.rsplit("-", 1)[0])[key]
        if entry["soort"] == "keuze":
            assert entry["juist"] in entry["feedback"], key
        elif entry["soort"] == "meer":
            assert set(entry["juist"]) <= set(entry["opties"]), key
    box = zelftoets(keys[0])
    assert box.children
