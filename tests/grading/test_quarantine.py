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
