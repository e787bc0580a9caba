"""The assessment framework: modules name learning outcomes, and those map to the framework."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from kit.coursecheck import framework_problems, load_framework, module_outcomes, outcome_problems
from kit.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "course" / "modules").glob("[0-9][0-9]-*/"))
GUIDE = ROOT / "course" / "docent" / "toetskader.md"


def rubric_criteria() -> dict[str, list[str]]:
    out = {}
    for path in sorted((ROOT / "assignments" / "rubrics").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["opdracht"]] = [f"{cell['grade_id']}.{c['id']}" for cell in data["cellen"]
                                 for c in cell["criteria"]]
    return out


def test_framework_covers_every_rubric_criterion_and_descriptor():
    framework = load_framework()
    assert len(framework["leeruitkomsten"]) >= 5
    assert set(framework["dublin"]) == {"D1", "D2", "D3", "D4", "D5"}
    assert framework_problems(framework, rubric_criteria()) == []


def test_framework_check_finds_gaps():
    framework = load_framework()
    criteria = rubric_criteria()
    criteria["narratieven"] = criteria["narratieven"] + ["narratieven_nieuw.iets"]
    framework["opdrachten"][0]["gewicht"] = 10
    problems = framework_problems(framework, criteria)
    assert "narratieven: criterium narratieven_nieuw.iets hoort bij geen leeruitkomst" in problems
    assert "de gewichten tellen op tot 95, niet tot 100" in problems


@pytest.mark.parametrize("folder", MODULES, ids=[m.name for m in MODULES])
def test_every_module_names_learning_outcomes_from_the_framework(folder):
    nb = nbformat.read(str(folder / f"{folder.name}.ipynb"), as_version=4)
    assert outcome_problems(nb, load_framework()) == []


def test_every_outcome_is_worked_on_in_some_module():
    named = set()
    for folder in MODULES:
        named.update(module_outcomes(nbformat.read(str(folder / f"{folder.name}.ipynb"), as_version=4)))
    assert named == {lu["id"] for lu in load_framework()["leeruitkomsten"]}


def test_lecturer_guide_states_the_same_weights():
    text = GUIDE.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z]+)` \| (\d+) ?% \|", text, flags=re.MULTILINE))
    weights = {a["id"]: str(a["gewicht"]) for a in load_framework()["opdrachten"]}
    assert rows == weights


def test_student_readme_states_the_same_weights():
    text = (ROOT / "course" / "README.md").read_text(encoding="utf-8")
    for a in load_framework()["opdrachten"]:
        assert f"{a['id']} {a['gewicht']} %" in text, a["id"]


@pytest.mark.parametrize("change,place,message", [
    (lambda f: f["opdrachten"][1].update(gewigt=f["opdrachten"][1].pop("gewicht")),
     "veld 'opdrachten[2].gewigt'", "onbekend veld 'gewigt'; bedoel je 'gewicht'?"),
    (lambda f: f["opdrachten"][0].update(gewicht="veel"),
     "veld 'opdrachten[1].gewicht'", "hier hoort een getal, niet 'veel'"),
    (lambda f: f["leeruitkomsten"][2].pop("naam"),
     "veld 'leeruitkomsten[3].naam'", "dit veld is verplicht en ontbreekt of is leeg"),
    (lambda f: f["opdrachten"][0]["criteria"].update({"x.y": "LU1"}),
     "veld 'opdrachten[1].criteria.x.y'", "hier hoort een lijst, bijvoorbeeld [a, b]"),
])
def test_a_broken_framework_is_one_dutch_line_with_file_and_key_path(tmp_path, change, place,
                                                                     message):
    import yaml

    framework = load_framework()
    change(framework)
    path = tmp_path / "toetskader.yaml"
    path.write_text(yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_framework(path)
    assert (info.value.path, info.value.place) == (str(path), place)
    assert info.value.message == message
    # the final grade's weights read the same model: no KeyError (exit 3) on a misspelt key
    from kit.grading.export import framework_weights

    with pytest.raises(InputError):
        framework_weights(path)
