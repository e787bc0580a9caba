"""Set-aside submissions have a way forward: the reason in the exit message, in feedback and
in the export, and ``--herstel-vergrendeld`` grades them with the original locked cells."""

from __future__ import annotations

import pytest

from kit.cli import main
from tests.grading.conftest import answer, copy_course, read_export, submit_copy

pytestmark = pytest.mark.slow

GOOD = "def aantal_woorden(tekst):\n    return len(tekst.split())"


def _run(args, capsys):
    capsys.readouterr()
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _export(course, out):
    assert main(["grade", "export", "--cursus", str(course.root), "-o", str(out)]) == 0
    return {r["student"]: r for r in read_export(out / "cijfers-per-opdracht.csv")
            if r["opdracht"] == "opdracht1"}


def test_set_aside_then_restored(generated_course, tmp_path, capsys):
    from nbgrader.api import Gradebook

    course = copy_course(generated_course, tmp_path / "cursus")
    root = str(course.root)
    submit_copy(course, "ok", "opdracht1",
                edit=lambda nb: answer(nb, "opdracht1_woorden_antwoord", GOOD))
    submit_copy(course, "slot", "opdracht1",
                edit=lambda nb: (answer(nb, "opdracht1_woorden_antwoord", GOOD),
                                 answer(nb, "opdracht1_woorden_toets", "pass  # uitgezet")))

    def drop_test(nb):
        answer(nb, "opdracht1_woorden_antwoord", GOOD)
        nb.cells = [c for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") != "opdracht1_woorden_toets"]

    submit_copy(course, "weg", "opdracht1", edit=drop_test)

    code, out, _ = _run(["grade", "autograde", "opdracht1", "--cursus", root, "--workers", "1",
                         "--stil", "--geen-privacyscan"], capsys)
    assert code == 1
    assert "Niet alles is nagekeken (exit-status 1): 2x vergrendelde cel gewijzigd" in out
    assert "--herstel-vergrendeld" in out

    code, out, _ = _run(["grade", "feedback", "opdracht1", "--cursus", root], capsys)
    assert code == 0 and "slot: apart gezet: vergrendelde cel gewijzigd" in out
    page = (course.root / "feedback" / "slot" / "opdracht1" / "opdracht1.html").read_text()
    assert "apart gezet" in page and "opdracht1_woorden_toets" in page
    rows = _export(course, tmp_path / "uit1")
    assert rows["slot"]["ingeleverd"] == "ja" and rows["slot"]["cijfer"] == ""
    assert rows["slot"]["status"].startswith("apart gezet: vergrendelde cel")
    assert rows["ok"]["status"] == "nagekeken"

    code, out, _ = _run(["grade", "autograde", "opdracht1", "--cursus", root, "--workers", "1",
                         "--stil", "--geen-privacyscan", "--herstel-vergrendeld"], capsys)
    assert code == 0, out
    assert "slot: nagekeken met de oorspronkelijke vergrendelde cellen" in out
    with Gradebook(course.db_url, course.course_id) as gb:
        for student in ("slot", "weg"):  # the restored test ran and passed
            assert gb.find_grade("opdracht1_woorden_toets", "opdracht1", "opdracht1",
                                 student).auto_score == 2

    # unchanged since: a later plain run keeps them graded, nothing set aside
    code, out, _ = _run(["grade", "autograde", "opdracht1", "--cursus", root, "--workers", "1",
                         "--stil", "--geen-privacyscan"], capsys)
    assert code == 0 and "apart gezet: 0" in out

    assert main(["grade", "feedback", "opdracht1", "--cursus", root]) == 0
    page = (course.root / "feedback" / "slot" / "opdracht1" / "opdracht1.html").read_text()
    assert "oorspronkelijke cel teruggezet" in page and "apart gezet" not in page
    rows = _export(course, tmp_path / "uit2")
    assert "vergrendelde cel teruggezet" in rows["weg"]["status"]
    assert rows["slot"]["punten"] != ""
