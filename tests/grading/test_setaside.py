"""Notes beside the scores (kit.grading.setaside): who was set aside or graded with restored
locked cells, kept across runs, and a broken status file refused instead of read as empty."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kit.errors import InputError
from kit.grading.setaside import (
    RESTORED,
    SET_ASIDE,
    Note,
    load_notes,
    save_notes,
    status_path,
    update_notes,
)


@dataclass
class Entry:  # what autograde's precheck hands over for a set-aside submission
    student: str
    reason: str
    detail: str = ""


def test_label_is_one_dutch_line():
    assert Note(SET_ASIDE, "notebook ontbreekt", "a.ipynb").label() == \
        "apart gezet: notebook ontbreekt (a.ipynb)"
    assert Note(RESTORED, RESTORED).label() == "vergrendelde cel teruggezet"


def test_update_keeps_students_outside_the_run_and_clears_the_graded(tmp_path):
    save_notes(tmp_path, "a", {"ana": Note(SET_ASIDE, "notebook ontbreekt"),
                               "bob": Note(SET_ASIDE, "geen geldig notebook"),
                               "cas": Note(SET_ASIDE, "persoonsgegevens gevonden")})
    notes = update_notes(tmp_path, "a", graded=["ana"],
                         set_aside=[Entry("dia", "notebook ontbreekt", "a.ipynb")],
                         restored={"bob": Note(RESTORED, RESTORED, "cel a_2")})
    assert set(notes) == {"bob", "cas", "dia"}  # ana graded now: her old note is gone
    assert notes["bob"].status == RESTORED and notes["bob"].detail == "cel a_2"
    assert notes["cas"].reason == "persoonsgegevens gevonden"  # not in this run: kept
    assert notes["dia"] == Note(SET_ASIDE, "notebook ontbreekt", "a.ipynb")
    assert load_notes(tmp_path, "a") == notes  # what was returned is what was written


def test_no_file_means_no_notes(tmp_path):
    assert load_notes(tmp_path, "a") == {}


def test_a_broken_status_file_is_refused_not_read_as_empty(tmp_path):
    save_notes(tmp_path, "a", {"ana": Note(SET_ASIDE, "notebook ontbreekt")})
    path = status_path(tmp_path, "a")
    path.write_text(path.read_text(encoding="utf-8")[:-3], encoding="utf-8")  # cut off
    with pytest.raises(InputError) as info:
        load_notes(tmp_path, "a")
    assert info.value.path == str(path) and info.value.place.startswith("regel ")
    with pytest.raises(InputError):  # and a new run does not overwrite it silently
        update_notes(tmp_path, "a", graded=["bob"], set_aside=[], restored={})
    assert "ana" in path.read_text(encoding="utf-8")


def test_a_status_file_of_the_wrong_shape_is_refused(tmp_path):
    path = status_path(tmp_path, "a")
    path.parent.mkdir(parents=True)
    path.write_text('{"ana": "apart gezet"}', encoding="utf-8")
    with pytest.raises(InputError, match="per student een notitie"):
        load_notes(tmp_path, "a")
