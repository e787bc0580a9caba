"""Every reference in every module's reading list is in one bibliography file."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kit.coursecheck import load_bibliography, reading_list, reading_list_problems
from kit.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
BIBLIOGRAPHY = ROOT / "course" / "bibliografie.yaml"
MODULES = sorted((ROOT / "course" / "modules").glob("[0-9][0-9]-*/"))


def _module(folder: Path):
    return nbformat.read(str(folder / f"{folder.name}.ipynb"), as_version=4)


def test_bibliography_entries_are_complete():
    bib = load_bibliography(BIBLIOGRAPHY)
    assert len(bib) >= 30
    for (author, year), entry in bib.items():
        assert year == "z.d." or (year.isdigit() and 1900 < int(year) < 2030), entry["id"]
        assert entry["titel"].strip() and entry["bron"].strip() and author


@pytest.mark.parametrize("folder", MODULES, ids=[m.name for m in MODULES])
def test_every_reading_list_reference_is_in_the_bibliography(folder):
    nb = _module(folder)
    assert reading_list(nb), f"{folder.name}: de leeslijst is leeg"
    assert reading_list_problems(nb, load_bibliography(BIBLIOGRAPHY)) == []


def test_every_bibliography_entry_is_read_somewhere():
    bib = load_bibliography(BIBLIOGRAPHY)
    cited = set()
    for folder in MODULES:
        for line in reading_list(_module(folder)):
            cited.update(key for key in bib if line.startswith(f"{key[0]} ({key[1]})"))
    assert set(bib) - cited == set()


def test_checker_catches_unknown_and_unverifiable_references():
    bib = load_bibliography(BIBLIOGRAPHY)
    nb = _module(MODULES[2])
    cell = next(c for c in nb.cells if c.source.startswith("## Verder lezen"))
    cell.source += ("\n- QED Insight (2016), over het lezen van triades."
                    "\n- Hagerty, B. M. K. & Patusky, K. (1992). Sense of belonging."
                    "\n- Fairclough, N. (1992). *Language and Power*.")
    problems = reading_list_problems(nb, bib)
    assert len(problems) == 3
    assert "geen bronvermelding" in problems[0]
    assert "staat niet in de bibliografie" in problems[1]
    assert "de titel wijkt af" in problems[2]


def test_bad_bibliography_names_the_entry(tmp_path):
    path = tmp_path / "bib.yaml"
    path.write_text("bronnen:\n  - {id: a, auteur: 'X, Y.', jaar: 2001, titel: T, bron: B}\n"
                    "  - {id: b, auteur: 'Z, Q.', jaar: 2002, titel: T}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_bibliography(path)
    assert info.value.path == str(path) and info.value.place == "veld 'bronnen[2].bron'"
    assert info.value.message == "dit veld is verplicht en ontbreekt of is leeg"


def test_a_misspelt_key_in_the_bibliography_is_named_with_the_right_one(tmp_path):
    path = tmp_path / "bib.yaml"
    path.write_text("bronnen:\n  - {id: a, auteur: 'X, Y.', jaar: 2001, titl: T, bron: B}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_bibliography(path)
    assert info.value.place == "veld 'bronnen[1].titl'"
    assert info.value.message == "onbekend veld 'titl'; bedoel je 'titel'?"


def test_a_source_written_twice_is_named(tmp_path):
    path = tmp_path / "bib.yaml"
    path.write_text("bronnen:\n  - {id: a, auteur: 'X, Y.', jaar: 2001, titel: T, bron: B}\n"
                    "  - {id: b, auteur: 'X, Y.', jaar: 2001, titel: U, bron: C}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_bibliography(path)
    assert info.value.place == "veld 'bronnen[2]'" and "twee keer" in info.value.message
