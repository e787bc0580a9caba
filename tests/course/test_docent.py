"""The lecturer's guide (course/docent/) agrees with the route and the modules."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCENT = ROOT / "course" / "docent"
ROUTE = yaml.safe_load((ROOT / "kit" / "data" / "route.yaml").read_text(encoding="utf-8"))
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"], start=1)}
GUIDE_FILES = ("README.md", "weekplanning.md", "toetskader.md", "antwoorden.md", "deep-democracy.md",
               "veldwerk-en-veiligheid.md", "ervaringsdeskundigen.md")


def weeks_in_plan() -> dict[int, dict]:
    text = (DOCENT / "weekplanning.md").read_text(encoding="utf-8")
    parts = re.split(r"^## Week (\d+) · (\d{1,2}) ([a-z]{3}) (\d{4})(.*)$", text, flags=re.MULTILINE)
    weeks = {}
    for i in range(1, len(parts), 6):
        week, day, month, year, rest, body = parts[i:i + 6]
        weeks[int(week)] = {"monday": dt.date(int(year), MONTHS[month], int(day)),
                            "modules": re.findall(r"`(\d\d-[a-z0-9-]+)`", rest), "body": body}
    return weeks


def module_minutes(module: str) -> int:
    nb = nbformat.read(str(ROOT / "course" / "modules" / module / f"{module}.ipynb"), as_version=4)
    cell = next(c for c in nb.cells if c.source.startswith("## Wat je nodig hebt"))
    return int(re.search(r"Tijd: ongeveer \*\*(\d+) minuten", cell.source).group(1))


def test_guide_has_all_parts():
    for name in GUIDE_FILES:
        assert (DOCENT / name).is_file(), name
        assert len((DOCENT / name).read_text(encoding="utf-8")) > 1500, name


def test_week_plan_follows_the_route():
    plan = weeks_in_plan()
    assert sorted(plan) == list(range(1, 21))
    for w in ROUTE["weeks"]:
        row = plan[w["week"]]
        assert row["monday"].isoformat() == w["start"], w["week"]
        assert row["modules"] == w["modules"], w["week"]
        for part in ("**Doelen:**", "**Activiteiten:**", "**Materiaal:**", "**Notebooktijd:**",
                     "**Inleveren:**"):
            assert part in row["body"], (w["week"], part)
        for module in w["modules"]:
            assert f"{module_minutes(module)} minuten (module {module[:2]})" in row["body"], module
    for a in ROUTE["assignments"]:
        assert f"`{a['id']}` (vr" in plan[a["week"]]["body"], a["id"]


def test_licensed_texts_stay_out_of_git_but_the_guide_does_not():
    import subprocess

    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0

    assert ignored("course/docent/vragenlijsten-licentie/sobi-p-teksten.yaml")
    assert ignored("course/docent/gbs-teksten.yaml")
    assert not any(ignored(f"course/docent/{name}") for name in GUIDE_FILES)
