"""Collected submissions pass the privacy gate again (kit.grading.quarantine), with deduce on:
a refused one moves to a private quarantine folder and is named in Dutch, a clean one stays
and is noted in the lineage index."""

from __future__ import annotations

import stat

import pytest

from kit.grading.quarantine import QUARANTINE, describe, rescan
from kit.privacy.lineage import entries
from tests.grading.conftest import copy_course, submit_copy

pytestmark = pytest.mark.slow


def test_personal_data_goes_to_quarantine_and_clean_work_stays(generated_course, tmp_path,
                                                                 deduce_ready_for_grading):
    course = copy_course(generated_course, tmp_path / "cursus")
    for student in ("s1", "s2"):
        folder = submit_copy(course, student, "opdracht2").parent
        work = folder / "mijn-werk"
        work.mkdir()
        text = ("Jan de Vries belde me op 06-12345678." if student == "s1"
                else "Een bewoner vertelde over het buurthuis.")
        (work / "notities.txt").write_text(text + "\n")
    (course.root / "submitted" / "s2" / "opdracht2" / "mijn-werk" / "narratieven.csv").write_text(
        "id,participant,text\nn1,P01,Een verhaal over de markt.\n")
    refused = rescan(course, "opdracht2")
    assert [q.student for q in refused] == ["s1"]
    entry = refused[0]
    target = course.root / QUARANTINE / "opdracht2" / "s1"
    assert entry.folder == target and (target / "mijn-werk" / "notities.txt").is_file()
    assert not (course.root / "submitted" / "s1").exists()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    line = describe(entry)
    assert line.startswith("s1: inlevering in quarantaine (") and "mijn-werk/notities.txt" in line
    assert "Jan de Vries" not in line and "12345678" not in line  # the finding is masked
    assert (course.root / "submitted" / "s2" / "opdracht2").is_dir()
    store = (course.root / "submitted" / "s2" / "opdracht2" / "mijn-werk").resolve()
    assert entries(None)[store]["codes"] == ["P01"]
    assert rescan(course, "opdracht2", students=["s9"]) == []


@pytest.fixture
def deduce_ready_for_grading():
    from kit.privacy import engine

    assert engine.cache_ready(), "deduce-tabellen niet gebouwd: draai eerst iids setup"


def test_an_unreadable_narratives_store_is_named_to_the_lecturer(generated_course, tmp_path,
                                                                 capsys, monkeypatch,
                                                                 deduce_ready_for_grading):
    """zip-collect of a real course: a submission whose narratieven.csv cannot be read is
    recorded as 'onleesbaar' and the lecturer reads one Dutch line naming the student's folder
    (the student id, never a name) and the file, and what to do; a readable one gets no line."""
    import zipfile

    from kit.cli import main

    monkeypatch.setenv("IIDS_VAULT", str(tmp_path / "kluis"))  # its 'onleesbaar' entry stays here
    course = copy_course(generated_course, tmp_path / "cursus")
    released = (course.root / "release" / "opdracht2" / "opdracht2.ipynb").read_text()
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        for student, store in (("1001", "id,participant,text\nn1,P01,Markt.\n"),
                               ("1002", "id,participant,text\nn2,P02,Bus.\nn3,P02,Te,laat,ja\n")):
            archive.writestr(f"{student}/opdracht2.ipynb", released)
            archive.writestr(f"{student}/mijn-werk/narratieven.csv", store)
    assert main(["grade", "zip-collect", "opdracht2", str(download), "--cursus",
                 str(course.root)]) == 0
    out = capsys.readouterr().out
    broken = course.root / "submitted" / "1002" / "opdracht2" / "mijn-werk"
    assert broken.is_dir()
    lines = [line for line in out.splitlines() if "narratieven.csv" in line]
    assert lines == [
        "1002: narratieven.csv is niet te lezen (submitted/1002/opdracht2/mijn-werk/"
        "narratieven.csv); de kit weet niet wiens verhalen erin staan en kan deze kopie bij een "
        "intrekking niet opschonen. Open het bestand en herstel het (of laat de student opnieuw "
        "inleveren); tot dan noemt elke intrekking deze kopie als 'niet te lezen, controleer met "
        "de hand'."]
    assert entries(None)[broken.resolve()]["soort"] == "onleesbaar"
