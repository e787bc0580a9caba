"""Feedback after double marking adds up: final points per criterion and how they came about,
criteria summing to the cell score, local time with its zone, Dutch decimals; the export
has the points per criterion too."""

from __future__ import annotations

import re

import pytest

from kit.cli import main
from kit.grading.autograde import autograde
from kit.grading.gradelog import GradeLog, Score, log_path
from kit.grading.scoring import apply_to_gradebook
from tests.grading.conftest import answer, copy_course, read_export, submit_copy

pytestmark = pytest.mark.slow

# (grader, role) -> {criterion: (level, points)} for student d1 on opdracht2
JUDGEMENTS = {
    ("ana", "eerste"): {"structuur": ("sterk", 2), "ethiek": ("aanwezig", 1),
                        "diepgang": ("diep", 3)},
    ("bob", "tweede"): {"structuur": ("redelijk", 1), "ethiek": ("aanwezig", 1),
                        "diepgang": ("oppervlakkig", 0)},
    ("mo", "moderator"): {"diepgang": ("redelijk", 1.5)},
}
CELL_OF = {"structuur": "opdracht2_plan", "ethiek": "opdracht2_plan",
           "diepgang": "opdracht2_reflectie"}


@pytest.fixture(scope="module")
def marked(generated_course, tmp_path_factory):
    course = copy_course(generated_course, tmp_path_factory.mktemp("optellen") / "cursus")
    submit_copy(course, "d1", "opdracht2",
                edit=lambda nb: (answer(nb, "opdracht2_plan", "Mijn plan."),
                                 answer(nb, "opdracht2_reflectie", "Mijn reflectie.")),
                timestamp="2026-10-01 13:00:00.000000 UTC")
    autograde(course, "opdracht2", workers=1, no_execute=True, privacy_scan=False,
              progress=False)
    GradeLog(log_path(course.root)).record(
        Score("opdracht2", "d1", CELL_OF[crit], crit, level, points, grader, role)
        for (grader, role), levels in JUDGEMENTS.items()
        for crit, (level, points) in levels.items())
    apply_to_gradebook(course, "opdracht2")
    assert main(["grade", "feedback", "opdracht2", "--cursus", str(course.root)]) == 0
    return course


def _page(course):
    return (course.root / "feedback" / "d1" / "opdracht2" / "opdracht2.html").read_text()


def test_final_points_per_criterion_add_up_to_the_cell(marked):
    page = _page(marked)
    text = re.sub(r"<[^>]+>", "", page.split("<body>", 1)[1])
    assert "Structuur: 1,5 van 2 punten (gemiddelde van twee beoordelaars)" in text
    assert "Ethiek: 1 van 1 punten (twee beoordelaars eens)" in text
    assert "Diepgang: 1,5 van 3 punten (keuze van de moderator)" in text
    assert "2,5 van 3 punten" in page and "1,5 van 3 punten</p>" in page
    assert "Totaal: 4 van 6 punten" in page
    assert not re.search(r"\d\.\d", text)  # Dutch decimals only
    # every criterion shown per cell sums to the cell score shown
    checked = 0
    for cell in page.split('<div class="cel">')[1:]:
        shown = re.findall(r"<strong>[^<]+: ([\d,]+) van [\d,]+ punten", cell)
        total = re.search(r'<p class="punten">([\d,]+) van', cell)
        if shown and total:
            checked += 1
            assert sum(float(x.replace(",", ".")) for x in shown) == \
                float(total.group(1).replace(",", "."))
    assert checked == 2


def test_submission_time_is_local_with_its_zone(marked):
    page = _page(marked)
    assert "ingeleverd: 01-10-2026 15:00 (CEST)" in page


def test_export_has_points_per_criterion(marked, tmp_path):
    out = tmp_path / "uit"
    assert main(["grade", "export", "--cursus", str(marked.root), "-o", str(out)]) == 0
    rows = read_export(out / "scores-per-criterium.csv")
    points = {r["criterium"]: float(r["punten"].replace(",", ".")) for r in rows
              if r["student"] == "d1"}
    assert points == {"structuur": 1.5, "ethiek": 1.0, "diepgang": 1.5}
    cells = {r["onderdeel"]: float(r["punten"].replace(",", ".")) for r in
             read_export(out / "scores-per-cel.csv") if r["student"] == "d1"}
    assert cells["opdracht2_plan"] == points["structuur"] + points["ethiek"]
    assert cells["opdracht2_reflectie"] == points["diepgang"]
    basis = {r["criterium"]: r["basis"] for r in rows if r["student"] == "d1"}
    assert basis["diepgang"] == "moderator" and basis["structuur"] == "gemiddelde"
