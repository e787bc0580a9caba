"""The vault's index of derived files (kit.privacy.lineage): what a withdrawal must reach."""

from __future__ import annotations

import stat

import pytest

from kit.errors import InputError
from kit.privacy.lineage import (
    LINEAGE_FILE,
    entries,
    forget,
    record,
    record_narratives,
    work_copies,
)


def test_an_entry_holds_sorted_unique_codes_and_ids_of_the_resolved_path(vault, tmp_path):
    record(vault, tmp_path / "x" / ".." / "export.csv", codes=["P02", "P01", "P02", ""],
           ids=["n2", "n1"], kind="export", regenerate="iids analysis export")
    assert entries(vault) == {(tmp_path / "export.csv").resolve(): {
        "soort": "export", "codes": ["P01", "P02"], "ids": ["n1", "n2"],
        "opnieuw": "iids analysis export"}}
    assert stat.S_IMODE(vault.file(LINEAGE_FILE).stat().st_mode) == 0o600
    with pytest.raises(ValueError):
        record(vault, tmp_path / "y.csv", kind="verzonnen")


def test_narratives_per_code_and_nothing_without_a_participant(vault, tmp_path):
    narratives = {"n1": "P01", "n2": "P02", "n3": "P01"}
    record_narratives(tmp_path / "h.html", narratives, kind="handreiking", regenerate="iids ...",
                      ids=["n3", "n9"], vault=vault, per_code=True)
    entry = entries(vault)[(tmp_path / "h.html").resolve()]
    assert entry["codes"] == ["P01"] and entry["ids"] == ["n3"]
    assert entry["ids_per_code"] == {"P01": ["n3"]}
    record_narratives(tmp_path / "leeg.csv", narratives, kind="export", regenerate="", ids=[],
                      vault=vault)
    assert (tmp_path / "leeg.csv").resolve() not in entries(vault)


def test_forget_and_a_broken_index(vault, tmp_path):
    record(vault, tmp_path / "a.csv", codes=["P01"])
    record(vault, tmp_path / "b.csv", codes=["P01"])
    forget(vault, [tmp_path / "a.csv", tmp_path / "nooit.csv"])
    assert list(entries(vault)) == [(tmp_path / "b.csv").resolve()]
    vault.file(LINEAGE_FILE).write_text("{kapot")
    with pytest.raises(InputError, match="de lijst met afgeleide bestanden is beschadigd"):
        entries(vault)


def test_work_copies_follow_a_submission_to_autograded_and_feedback(vault, tmp_path):
    submitted = tmp_path / "cursus" / "submitted" / "s1" / "opdracht" / "mijn-werk"
    autograded = tmp_path / "cursus" / "autograded" / "s1" / "opdracht" / "mijn-werk"
    for folder in (submitted, autograded):
        folder.mkdir(parents=True)
    record(vault, submitted, codes=["P01"], kind="werkmap")
    record(vault, tmp_path / "ander", codes=["P01"], kind="werkmap")  # gone: left out
    assert work_copies(vault, "P01") == [submitted.resolve(), autograded.resolve()]
    assert work_copies(vault, "P02") == []
