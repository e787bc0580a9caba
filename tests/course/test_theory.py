"""The theory is woven through the route: each concept is explained, worked out, practised and checked."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kit.widgets.selfcheck import with_selfcheck_text

ROOT = Path(__file__).resolve().parents[2]
# concept -> (module, word in the explanation, word in its exercise and self-check)
CONCEPTS = {
    "stigma": ("01", "Goffman", "Link & Phelan"),
    "whore stigma": ("01", "Pheterson", "Pheterson"),
    "othering": ("01", "Othering", "othering"),
    "intersectionaliteit": ("01", "Crenshaw", "intersectio"),
    "sociale actoren": ("02", "Van Leeuwen", "Van Leeuwen"),
    "ideologisch vierkant": ("02", "Van Dijk", "ideologisch vierkant"),
    "framing": ("02", "Entman", "Entman"),
    "hegemonie": ("02", "Gramsci", "hegemon"),
    "epistemisch onrecht": ("04", "Fricker", "onrecht"),
    "genre en keyness": ("08", "verstoring", "keyness"),
}


def _module(number: str):
    folder = next((ROOT / "course" / "modules").glob(f"{number}-*/"))
    return nbformat.read(str(folder / f"{folder.name}.ipynb"), as_version=4)


@pytest.mark.parametrize("concept", sorted(CONCEPTS))
def test_concept_has_explanation_example_exercise_and_selfcheck(concept):
    number, explained, practised = CONCEPTS[concept]
    nb = _module(number)
    text = [c.source for c in nb.cells if c.cell_type == "markdown" and explained in c.source]
    assert text, f"{concept}: geen uitleg in module {number}"
    examples = [c.source for c in nb.cells if c.cell_type == "markdown" and "Uitgewerkt voorbeeld" in c.source
                and (explained.lower() in c.source.lower() or practised.lower() in c.source.lower())]
    assert examples, f"{concept}: geen uitgewerkt voorbeeld"
    tagged = {tag for c in nb.cells if c.cell_type == "code"
              and practised.lower() in with_selfcheck_text(c.source).lower()
              for tag in c.metadata.get("tags", [])}
    assert {"oefening", "zelftoets"} <= tagged, f"{concept}: oefening of zelftoets ontbreekt ({tagged})"
