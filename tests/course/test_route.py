"""The course route: course/README.md, kit/data/route.yaml and the folders on disk agree.

The README table is the route students read; route.yaml is its machine-readable twin
(read for nbgrader due dates). Modules and assignments are compared with what exists on
disk: anything on disk must be in the route; a planned module or assignment that is not
written yet is reported as skipped, not hidden.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "course" / "README.md"
ROUTE = ROOT / "kit" / "data" / "route.yaml"
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"], start=1)}
ASSIGNMENT_IDS = {"discoursanalyse", "onderzoeksplan", "narratieven", "dialoogtafel", "handreiking"}


def _date(text: str) -> dt.date:
    day, month, year = re.search(r"(\d{1,2}) ([a-z]{3}) (\d{4})", text).groups()
    return dt.date(int(year), MONTHS[month], int(day))


def readme_route() -> dict[int, dict]:
    """Parse the README route table: week -> monday, modules, assignments with due dates."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("## De route")
    weeks: dict[int, dict] = {}
    for line in lines[start:]:
        if line.startswith("## ") and line != "## De route":
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].isdigit():
            continue
        week = int(cells[0])
        assert week not in weeks, f"week {week} staat twee keer in de tabel"
        modules = re.findall(r"\]\(modules/(\d\d-[a-z0-9-]+)/(\d\d-[a-z0-9-]+)\.ipynb\)", cells[2])
        for folder, notebook in modules:
            assert folder == notebook, f"week {week}: link naar {folder}/{notebook}.ipynb"
        due = {aid: _date(rest) for aid, rest in re.findall(r"`([a-z]+)` \(([^)]*)\)", cells[3])}
        weeks[week] = {"monday": _date(cells[1]), "modules": [f for f, _ in modules], "due": due}
    return weeks


def route_yaml() -> dict:
    return yaml.safe_load(ROUTE.read_text(encoding="utf-8"))


def test_route_yaml_is_complete_and_consistent():
    route = route_yaml()
    assert route["format"] == 1 and route["timezone"] == "Europe/Amsterdam"
    weeks = route["weeks"]
    assert [w["week"] for w in weeks] == list(range(1, 21))
    first = dt.date.fromisoformat(route["first_monday"])
    assert first.weekday() == 0 and weeks[0]["start"] == route["first_monday"]
    holidays = [(dt.date.fromisoformat(h["start"]), dt.date.fromisoformat(h["end"]))
                for h in route["holidays"]]
    expected, monday = [], first
    while len(expected) < 20:
        if not any(a <= monday <= b for a, b in holidays):
            expected.append(monday)
        monday += dt.timedelta(days=7)
    assert [dt.date.fromisoformat(w["start"]) for w in weeks] == expected
    modules = [m for w in weeks for m in w["modules"]]
    assert modules == sorted(modules) and len(modules) == len(set(modules)) == 13
    assert [m[:2] for m in modules] == [f"{n:02d}" for n in range(13)]
    assert {a["id"] for a in route["assignments"]} == ASSIGNMENT_IDS
    for a in route["assignments"]:
        due = dt.datetime.fromisoformat(a["due"])
        week_start = dt.date.fromisoformat(weeks[a["week"] - 1]["start"])
        assert week_start <= due.date() < week_start + dt.timedelta(days=7), a["id"]
        assert due.utcoffset() == dt.timedelta(hours=2 if due.date() < dt.date(2026, 10, 25) else 1)
        assert set(a["modules"]) <= set(modules)
        # a module that prepares for an assignment starts before the deadline week ends
        for m in a["modules"]:
            assert next(w["week"] for w in weeks if m in w["modules"]) <= a["week"], (a["id"], m)
    table = route["dialogue_table"]
    table_week = dt.date.fromisoformat(weeks[table["week"] - 1]["start"])
    assert table_week <= dt.date.fromisoformat(table["date"]) < table_week + dt.timedelta(days=5)
    assert 16 <= table["week"] <= 17
    handreiking = next(a for a in route["assignments"] if a["id"] == "handreiking")
    assert route["handreiking"]["due"] == handreiking["due"] and handreiking["week"] == 20


def test_readme_table_matches_route_yaml():
    table = readme_route()
    route = route_yaml()
    assert sorted(table) == list(range(1, 21))
    for w in route["weeks"]:
        row = table[w["week"]]
        assert row["monday"].isoformat() == w["start"], w["week"]
        assert row["modules"] == w["modules"], w["week"]
    due_in_readme = {aid: (week, date) for week, row in table.items() for aid, date in row["due"].items()}
    due_in_yaml = {a["id"]: (a["week"], dt.datetime.fromisoformat(a["due"]).date())
                   for a in route["assignments"]}
    assert due_in_readme == due_in_yaml
    text = README.read_text(encoding="utf-8")
    dialogue = dt.date.fromisoformat(route["dialogue_table"]["date"])
    assert f"week {route['dialogue_table']['week']}" in text.lower()
    assert f"{dialogue.day} jan {dialogue.year}" in text


def test_every_module_folder_on_disk_is_in_the_route():
    planned = {m for w in route_yaml()["weeks"] for m in w["modules"]}
    on_disk = {p.name for p in (ROOT / "course" / "modules").glob("[0-9][0-9]-*") if p.is_dir()}
    assert on_disk <= planned, f"niet in de route: {sorted(on_disk - planned)}"


def test_every_assignment_on_disk_is_in_the_route():
    source = ROOT / "assignments" / "source"
    on_disk = {p.name for p in source.glob("*") if p.is_dir() and not p.name.startswith(".")}
    assert on_disk <= {a["id"] for a in route_yaml()["assignments"]}


@pytest.mark.parametrize("module", sorted({m for w in yaml.safe_load(ROUTE.read_text(encoding="utf-8"))["weeks"]
                                           for m in w["modules"]}))
def test_planned_module_exists(module):
    notebook = ROOT / "course" / "modules" / module / f"{module}.ipynb"
    assert notebook.parent.is_dir(), f"module {module} staat in de route maar de map ontbreekt"
    assert notebook.is_file(), f"{module}: het hoofdnotebook {notebook.name} ontbreekt"


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENT_IDS))
def test_planned_assignment_exists(assignment):
    folder = ROOT / "assignments" / "source" / assignment
    assert folder.is_dir(), f"opdracht {assignment} staat in de route maar de map ontbreekt"
    assert (folder / f"{assignment}.ipynb").is_file()


def test_start_notebook_links_the_readme_route():
    import nbformat

    nb = nbformat.read(str(ROOT / "course" / "start.ipynb"), as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "route.yaml" in text and "README.md" in text
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_readme_assignment_table_matches_route_yaml():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## De opdrachten"):text.index("## Hulp vragen")]
    rows = re.findall(r"^\| `([a-z]+)` \| week (\d+), vr ([^|]+?), 17:00 \|", section, flags=re.MULTILINE)
    in_readme = {aid: (int(week), _date(day)) for aid, week, day in rows}
    in_yaml = {a["id"]: (a["week"], dt.datetime.fromisoformat(a["due"]).date())
               for a in route_yaml()["assignments"]}
    assert in_readme == in_yaml


# The subtitle line of a module ("*Minor Inclusiviteit in de Stad · week N*") must name the week
# in which the route starts it.
_ROUTE_WEEK = {m: w["week"] for w in yaml.safe_load(ROUTE.read_text(encoding="utf-8"))["weeks"]
               for m in w["modules"]}


@pytest.mark.parametrize("module", sorted(_ROUTE_WEEK))
def test_module_subtitle_names_the_route_week(module):
    import nbformat

    path = ROOT / "course" / "modules" / module / f"{module}.ipynb"
    first = nbformat.read(str(path), as_version=4).cells[0].source
    found = re.search(r"week (\d+)", first)
    assert found, f"{module}: de eerste cel noemt geen week"
    assert int(found.group(1)) == _ROUTE_WEEK[module], f"{module}: week {found.group(1)} in de ondertitel"
