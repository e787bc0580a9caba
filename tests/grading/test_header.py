"""The standard "Inleveren" cell (kit.grading.header): from the route and the notebook's own
points, the same after every generate."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from kit.grading.cells import graded_cells_of
from kit.grading.course import due_dates, route_weeks
from kit.grading.header import (
    HEADER_TAG,
    dutch_datetime,
    render_header,
    stable_cell_id,
    sync_header_cell,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("iso, words", [
    ("2026-10-02T17:00:00+02:00", "vrijdag 2 oktober 2026 om 17:00"),
    ("2027-01-31T09:05:00+01:00", "zondag 31 januari 2027 om 09:05"),
    ("2026-03-29T23:59:00", "zondag 29 maart 2026 om 23:59"),
])
def test_dutch_datetime(iso, words):
    assert dutch_datetime(iso) == words


def test_points_with_a_comma_and_lines_only_when_there_is_something_to_say():
    text = render_header(7.5, 0, 7.5, None, None)
    assert "**Inleveren:**" not in text and "automatisch" not in text
    assert "- **Punten:** 7,5 punten: 7,5 door je docent beoordeeld" in text
    assert render_header(0, 0, 0, None, None).count("- **Punten:** 0 punten.") == 1


def test_the_real_assignment_gets_its_route_date_points_and_a_locked_cell():
    aid = "discoursanalyse"
    source = nbformat.read(str(ROOT / "assignments/source" / aid / f"{aid}.ipynb"), as_version=4)
    nb = copy.deepcopy(source)
    sync_header_cell(nb, aid, due_dates()[aid], route_weeks()[aid])
    once = nbformat.writes(nb)
    sync_header_cell(nb, aid, due_dates()[aid], route_weeks()[aid])
    assert nbformat.writes(nb) == once  # idempotent: git diff stays quiet
    headers = [c for c in nb.cells if HEADER_TAG in c.metadata.get("tags", [])]
    assert len(headers) == 1 and nb.cells[1] is headers[0]
    cell = headers[0]
    assert cell.id == stable_cell_id(aid, "kop") and cell.metadata["editable"] is False
    assert cell.metadata["nbgrader"]["locked"] is True and not cell.metadata["nbgrader"]["grade"]
    total = sum(c.points for c in graded_cells_of(source))
    assert f"**Punten:** {f'{total:g}'.replace('.', ',')} punten" in cell.source
    assert dutch_datetime(due_dates()[aid]) in cell.source
    assert f"(week {route_weeks()[aid]} van de minor)" in cell.source


def test_cell_ids_are_valid_nbformat_ids_and_differ_per_role():
    ids = {stable_cell_id("a", role) for role in ("kop", "rubriek: 1", "x" * 80)}
    assert len(ids) == 3
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T")])
    for i in ids:
        cell = nbformat.v4.new_markdown_cell("x")
        cell["id"] = i
        nb.cells.append(cell)
    nbformat.validate(nb)
