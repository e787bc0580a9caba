"""The lecturer and the evaluator in the browser: nbgrader's formgrader, the handreiking
and the weegmoment report.

The documents are made by the kit's own functions or command line into the server's
temporary folder, then opened the way a person opens them: through the Jupyter server in
Chromium. "Without errors" means: no console errors, no uncaught exceptions, no failed
requests (a missing figure or style sheet counts).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import WAIT_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]


def _open_document(page, url: str) -> list[str]:
    """Open ``url`` and return every problem the browser reported while loading it."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"requestfailed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response.status if response else '-'}"
    page.wait_for_load_state("networkidle")
    broken = page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    problems += [f"afbeelding laadt niet: {src}" for src in broken]
    return problems


ASSIGNMENT = "narratieven"
STUDENT = "s2026-07"
ANSWERS = {
    "narratieven_overeenstemming_duiden": "Onze kappa was 0,62 voor erbij horen; bij sociale uitsluiting twijfelden we vaker.",
    "narratieven_patronen_duiden": "Uitsluiting bij de bank komt het vaakst terug, ook trots op het eigen werk.",
    "narratieven_tegenverhaal": "Het stockverhaal noemt sekswerkers slachtoffers; de verhalen tonen zelfstandige "
                      "ondernemers die gewoon klant willen zijn.",
}


def _iids(course: Path, env: dict, *args: str) -> str:
    done = subprocess.run([str(Path(sys.executable).parent / "iids"), "grade", *args, "--cursus", str(course)],
                          cwd=course, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"iids grade {' '.join(args)}:\n{done.stdout}{done.stderr}"
    return done.stdout


def _submit(course: Path, env: dict) -> None:
    """One student's submission of the narratives assignment, autograded: the lecturer's starting point."""
    import nbformat

    _iids(course, env, "generate", ASSIGNMENT)
    folder = course / "submitted" / STUDENT / ASSIGNMENT
    folder.mkdir(parents=True)
    nb = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in ANSWERS:
            cell.source = ANSWERS[grade_id]
    nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    (folder / "timestamp.txt").write_text("2026-11-27 15:00:00.000000 UTC", encoding="utf-8")
    # The manual answers are what the lecturer grades here; the checks need not run. The kit's
    # own autograde refuses --no-execute for an assignment with tests, so call nbgrader directly.
    done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", ASSIGNMENT,
                           "--no-execute"], cwd=course, env=env, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr


def test_formgrader_shows_assignments_and_a_submission_with_its_rubric(lab, require):
    require("kit/grading/cli.py", "de beoordelingscommando's (kit/grading/cli.py)")
    require(f"assignments/source/{ASSIGNMENT}/{ASSIGNMENT}.ipynb", f"de opdracht {ASSIGNMENT}")
    require(f"assignments/rubrics/{ASSIGNMENT}.yaml", f"de rubriek van {ASSIGNMENT}")
    from nbgrader.api import Gradebook

    from kit.grading.rubrics import load_rubric

    course = lab.path("assignments")
    _submit(course, lab.server.env())
    rubric = load_rubric(course / "rubrics" / f"{ASSIGNMENT}.yaml").cell(f"{ASSIGNMENT}_overeenstemming_duiden")

    lab.open_lab()
    lab.click_menu("Nbgrader", "nbgrader:open-formgrader")
    grader = lab.page.frame_locator("iframe[src*='formgrader']")
    table = grader.locator("table").first
    table.locator("td", has_text=ASSIGNMENT).first.wait_for(timeout=WAIT_MS)
    listed = table.inner_text()
    for source in sorted((course / "source").iterdir()):
        if source.is_dir():
            assert source.name in listed, f"{source.name} ontbreekt in de formgrader:\n{listed}"

    grader.locator("a", has_text="Manual Grading").click()
    grader.locator("td a", has_text=ASSIGNMENT).first.click()  # the assignment
    grader.locator("td a", has_text=ASSIGNMENT).first.click()  # its notebook
    grader.locator("a", has_text="Submission #1").click()
    answer = grader.locator(".nbgrader_cell", has=grader.locator(f"input#{ASSIGNMENT}_overeenstemming_duiden"))
    answer.wait_for(timeout=WAIT_MS)
    assert ANSWERS[f"{ASSIGNMENT}_overeenstemming_duiden"] in answer.inner_text()

    shown = grader.locator("body").inner_text()
    assert f"Beoordelingsrubriek: {rubric.title}" in shown or rubric.title in shown, shown[:2000]
    for criterion in rubric.criteria:
        assert criterion.name in shown, f"criterium '{criterion.name}' ontbreekt in de formgrader"
        for level in criterion.levels:
            assert level.descriptor.strip()[:40] in shown, f"niveau '{level.name}' ontbreekt"

    # The lecturer gives points; the formgrader stores them in the gradebook.
    # The formgrader saves on change; right after the page loads its handler may not be bound
    # yet, so (as a lecturer would) type the score again until the gradebook holds it: each
    # try waits for the gradebook itself, not for a fixed time.
    import time

    def stored():
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            return gb.find_grade(f"{ASSIGNMENT}_overeenstemming_duiden", ASSIGNMENT, ASSIGNMENT,
                                 STUDENT).manual_score

    score = grader.locator(f"input#{ASSIGNMENT}_overeenstemming_duiden")
    saved, deadline = None, time.monotonic() + WAIT_MS / 1000
    while saved != 3 and time.monotonic() < deadline:
        score.fill("")
        score.fill("3")
        score.press("Tab")
        retype = time.monotonic() + 5  # a bound handler saves well within this
        while (saved := stored()) != 3 and time.monotonic() < min(retype, deadline):
            time.sleep(0.2)
    assert saved == 3


def test_handreiking_opens_without_errors(page, jupyterlab, require):
    require("kit/dialogue/handreiking.py", "de handreiking (kit/dialogue/handreiking.py)")
    require("kit/dialogue/examples.py", "de voorbeeldinhoud (kit/dialogue/examples.py)")
    from kit.dialogue.examples import example_content, example_record
    from kit.dialogue.handreiking import build_handreiking

    work = jupyterlab.path("course/handreiking-test/mijn-werk")
    content = example_content()
    files = build_handreiking(content, [], record=example_record(), refusal=lambda p: None,
                              work=work)
    rel = files.html.relative_to(jupyterlab.root).as_posix()

    problems = _open_document(page, jupyterlab.url(f"files/{rel}"))
    assert not problems, "\n".join(problems)
    body = page.locator("body").inner_text()
    assert content["titel"] in body
    assert content["aanbevelingen"][0]["tekst"][:40] in body
    assert page.locator("html").get_attribute("lang", timeout=5_000) in {"nl", "nl-NL"}


def test_weegmoment_report_opens_without_errors(page, jupyterlab, require, tmp_path):
    require("kit/evaluation/report.py", "het weegmomentrapport (kit/evaluation/report.py)")
    require("kit/evaluation/cli.py", "het commando 'iids evaluate' (kit/evaluation/cli.py)")
    from kit.synthetic.cohorts import build_synthetic_courses

    courses = build_synthetic_courses(tmp_path / "cohorten", ["2024-2025", "2025-2026"], students=12)
    out = jupyterlab.path("evaluatie/rapport")
    cmd = [str(Path(sys.executable).parent / "iids"), "evaluate"]
    for folder in courses.values():
        cmd += ["--cohort", str(folder)]
    done = subprocess.run([*cmd, "-o", str(out)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    index = out / "index.html"
    assert index.is_file(), sorted(p.name for p in out.iterdir())

    problems = _open_document(page, jupyterlab.url(f"files/{index.relative_to(jupyterlab.root).as_posix()}"))
    assert not problems, "\n".join(problems)
    assert page.locator("h1").count() >= 1
    figures = page.locator("img, svg")
    assert figures.count() >= 1, "het rapport toont geen enkele figuur"
    body = page.locator("body").inner_text()
    assert "2025-2026" in body and "2024-2025" in body
