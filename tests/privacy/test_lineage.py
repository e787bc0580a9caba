"""The vault's index of derived files (kit.privacy.lineage): what a withdrawal must reach."""

from __future__ import annotations

import stat

import pytest

from kit.cli import main
from kit.errors import InputError
from kit.privacy.lineage import (
    LINEAGE_FILE,
    entries,
    forget,
    record,
    record_narratives,
    record_stores,
    stores_in,
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


def test_the_same_entry_again_leaves_the_index_as_it_was(vault, tmp_path):
    """A rerun (a harvest made again from the same narratives) does not rewrite the index."""
    record(vault, tmp_path / "oogst.csv", codes=["P01"], ids=["n1"])
    index = vault.file(LINEAGE_FILE)
    before = index.stat()
    record(vault, tmp_path / "oogst.csv", codes=["P01"], ids=["n1"])
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    record(vault, tmp_path / "oogst.csv", codes=["P01", "P02"], ids=["n1"])
    assert index.stat().st_ino != before.st_ino  # written again (a new file, renamed in place)
    assert entries(vault)[(tmp_path / "oogst.csv").resolve()]["codes"] == ["P01", "P02"]


def test_a_change_by_another_process_is_seen(vault, tmp_path):
    """This process keeps the index it read or wrote, but reads it again once the file changed
    (another notebook or command recorded or forgot something)."""
    import json
    import os

    record(vault, tmp_path / "a.csv", codes=["P01"])
    assert list(entries(vault)) == [(tmp_path / "a.csv").resolve()]
    index = vault.file(LINEAGE_FILE)
    data = json.loads(index.read_text())
    data["bestanden"][str((tmp_path / "b.csv").resolve())] = {"soort": "export", "codes": ["P09"],
                                                             "ids": [], "opnieuw": ""}
    other = index.with_name("ander-proces.json")
    other.write_text(json.dumps(data))
    os.replace(other, index)
    assert entries(vault)[(tmp_path / "b.csv").resolve()]["codes"] == ["P09"]
    record(vault, tmp_path / "c.csv", codes=["P02"])
    assert len(entries(vault)) == 3  # the other process's entry was kept


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


def _submission(root, student, text):
    folder = root / "submitted" / student / "opdracht" / "mijn-werk"
    folder.mkdir(parents=True)
    (folder / "narratieven.csv").write_text(text, encoding="utf-8")
    return folder


def test_an_unreadable_store_is_recorded_and_named_at_every_withdrawal(vault, tmp_path, capsys):
    """collect goes on past a broken narratieven.csv, but it is no longer passed over: the
    folder is recorded as 'onleesbaar' and a withdrawal names it, in Dutch, to be checked by
    hand; once it reads again, the next withdrawal cleans it like any other copy."""
    from kit.privacy.consent import ConsentRegister

    register = ConsentRegister(vault)
    for code in ("P01", "P02"):
        register.add(code, "v1", "2026-01-05", "a" * 64, ["onderwijs"], "2030-01-05")
    course = tmp_path / "cursus"
    good = _submission(course, "s1", "id,participant,text\nn1,P01,Op de markt.\n")
    broken = _submission(course, "s2", "id,participant,text\nn2,P02,Bus.\nn4,P02,Te,laat,ja\n")
    with pytest.raises(InputError, match="narratieven.csv, rij 3: 5 velden"):
        stores_in(broken)  # a broken store is never read as an empty one
    assert record_stores(course / "submitted", vault) == [broken]  # no exception: collect goes on
    recorded = entries(vault)
    assert recorded[good.resolve()]["codes"] == ["P01"]
    assert recorded[broken.resolve()] == {"soort": "onleesbaar", "codes": [], "ids": [], "opnieuw": ""}

    # left unchecked: the erasure is not done, so the command exits 1
    assert main(["privacy", "consent", "withdraw", "P02", "--kluis", str(vault.path)]) == 1
    out = capsys.readouterr().out
    assert "De verhalen van P02 zijn NIET overal verwijderd: 1 plek(ken) niet te lezen" in out
    named = out.split("Niet te lezen, controleer met de hand (niet opgeschoond; herstel het "
                      "bestand en trek opnieuw in, of haal de verhalen er zelf uit):\n")[1]
    assert named.splitlines()[0] == (
        f"  {broken.resolve() / 'narratieven.csv'} (niet te lezen, controleer met de hand: "
        "verzamelde kopie van een werkmap waarvan narratieven.csv onleesbaar is, dus de kit kan "
        "niet nagaan of deze deelnemer erin staat; herstel het bestand en voer dit opnieuw uit, "
        "of haal de verhalen van de deelnemer er zelf uit)")
    assert "P02" in (broken / "narratieven.csv").read_text()  # not touched: it could not be read

    # repaired by hand: read again before the next withdrawal, and cleaned like a work copy
    (broken / "narratieven.csv").write_text("id,participant,text\nn2,P01,Bus te laat.\n"
                                            "n3,P03,Een ander.\n", encoding="utf-8")
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 0
    out = capsys.readouterr().out
    assert "Niet te lezen" not in out
    assert f"{broken.resolve() / 'narratieven.csv'}: 1" in out and f"{good.resolve() / 'narratieven.csv'}: 1" in out
    assert "n2" not in (broken / "narratieven.csv").read_text()
    assert entries(vault)[broken.resolve()]["soort"] == "werkmap"

