"""The rubrics (kit.grading.rubrics): valid fixtures, rising levels, rubric cells in the sources, stable ids."""

from __future__ import annotations

import nbformat
import pytest

from kit.errors import InputError
from kit.grading.rubrics import (
    load_rubric,
    parse_rubric,
    render_rubric_markdown,
    rubric_cells_in_sync,
)
from tests.grading.conftest import FIXTURES


def test_fixture_rubrics_are_valid():
    rubric = load_rubric(FIXTURES / "rubrics" / "opdracht2.yaml")
    assert rubric.grade_ids == ["opdracht2_plan", "opdracht2_reflectie"]
    assert rubric.cell("opdracht2_reflectie").criterion("diepgang").rank("diep") == 2
    assert "| Diep | 3 |" in render_rubric_markdown(rubric.cell("opdracht2_reflectie"))


def test_levels_must_rise():
    data = {"opdracht": "a", "titel": "A", "cellen": [{"grade_id": "a_1", "titel": "T",
            "punten": 2, "criteria": [{"id": "c", "naam": "C", "niveaus": [
                {"id": "h", "naam": "H", "punten": 2, "beschrijving": "d"},
                {"id": "l", "naam": "L", "punten": 0, "beschrijving": "d"}]}]}]}
    with pytest.raises(InputError, match=r"niveaus\[1\].punten"):
        parse_rubric(data, "r.yaml")


@pytest.mark.slow
def test_generated_sources_carry_rubric_cells(generated_course):
    for aid in ("opdracht1", "opdracht2"):
        rubric = load_rubric(generated_course.root / "rubrics" / f"{aid}.yaml")
        source = nbformat.read(str(generated_course.source_notebook(aid)), as_version=4)
        assert rubric_cells_in_sync(source, rubric) == []
        released = (generated_course.root / "release" / aid / f"{aid}.ipynb").read_text()
        assert "Beoordelingsrubriek" in released
        assert "Model" not in released  # the model answers stay in source/


def test_generated_cells_have_stable_ids():
    import nbformat

    from kit.grading.header import sync_header_cell
    from kit.grading.rubrics import sync_rubric_cells

    rubric = load_rubric(FIXTURES / "rubrics" / "opdracht2.yaml")
    path = FIXTURES / "source" / "opdracht2" / "opdracht2.ipynb"
    texts = []
    for _ in range(2):
        nb = nbformat.read(str(path), as_version=4)
        sync_rubric_cells(nb, rubric)
        sync_header_cell(nb, "opdracht2", "2026-10-02T17:00:00+02:00", 5)
        texts.append(nbformat.writes(nb))
    assert texts[0] == texts[1]
    ids = [c.id for c in nbformat.reads(texts[0], as_version=4).cells]
    assert len(set(ids)) == len(ids)
    assert "iids-kop-" in texts[0] and "iids-rubriek-opdracht2_plan-" in texts[0]
