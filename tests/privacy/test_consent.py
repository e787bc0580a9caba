"""Consent per purpose and withdrawal across work folders (kit.privacy.consent); retention,
manifest and audit log: test_retention.py, test_manifest.py, test_audit.py."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kit.errors import ConsentError, InputError
from kit.io import read_csv
from kit.privacy.audit import read_log
from kit.privacy.consent import PURPOSES, ConsentRegister
from kit.privacy.manifest import register_work_folder

HASH = "0" * 63 + "1"


def _register(vault):
    reg = ConsentRegister(vault)
    reg.add("P01", "v2", "2025-09-15", HASH, ["onderwijs", "publicatie"], "2027-09-01",
            name="Agnieszka Zielińska")
    reg.add("P02", "v2", "2025-09-16", HASH, ["onderwijs", "programma-evaluatie"], "2025-12-31")
    return reg


def test_consent_per_purpose(vault):
    reg = _register(vault)
    today = date(2026, 1, 10)
    assert reg.has_consent("P01", "onderwijs", today)
    assert reg.has_consent("P01", "publicatie", today)
    assert not reg.has_consent("P01", "programma-evaluatie", today)
    with pytest.raises(ConsentError, match="geen toestemming gegeven voor programma-evaluatie"):
        reg.require("P01", "programma-evaluatie", today)
    # retention over: no processing at all
    with pytest.raises(ConsentError, match="bewaartermijn"):
        reg.require("P02", "onderwijs", today)
    with pytest.raises(ConsentError, match="niet in het toestemmingsregister"):
        reg.require("P99", "onderwijs")
    with pytest.raises(InputError, match="onbekend doel"):
        reg.has_consent("P01", "marketing")


def test_list_has_no_names(vault):
    frame = _register(vault).list()
    assert list(frame["participant"]) == ["P01", "P02"]
    assert set(PURPOSES) <= set(frame.columns)
    assert "Zielińska" not in frame.to_csv()
    assert "Zielińska" in ConsentRegister(vault).names()["P01"]


@pytest.mark.parametrize("kwargs, message", [
    ({"participant": "Jan Jansen"}, "geen geldige deelnemerscode"),
    ({"signed_copy_sha256": "abc"}, "SHA-256"),
    ({"purposes": []}, "minstens één doel"),
    ({"retention_until": "2020-01-01"}, "vóór de datum"),
    ({"signed_on": "morgen"}, "geen geldige datum"),
])
def test_bad_input_refused(vault, kwargs, message):
    args = dict(participant="P03", form_version="v1", signed_on="2025-09-01",
                signed_copy_sha256=HASH, purposes=["onderwijs"], retention_until="2026-09-01")
    args.update(kwargs)
    with pytest.raises(InputError, match=message):
        ConsentRegister(vault).add(**args)
    assert ConsentRegister(vault).get("P03") is None


def test_duplicate_needs_replace(vault):
    reg = _register(vault)
    with pytest.raises(InputError, match="staat al in het register"):
        reg.add("P01", "v3", "2025-10-01", HASH, ["onderwijs"], "2027-01-01")
    assert reg.add("P01", "v3", "2025-10-01", HASH, ["onderwijs"], "2027-01-01",
                   replace=True).form_version == "v3"


def _work_folder(path, rows):
    path.mkdir(parents=True)
    lines = ["id,participant,text"] + [f"{i},{p},verhaal {i}" for i, p in rows]
    (path / "narratieven.csv").write_text("\n".join(lines) + "\n")
    (path / "coderingen.csv").write_text(
        "document,start,end,code,coder,memo\n" +
        "".join(f"{i},0,5,thuis,A,\n{i},2,9,werk,B,\n" for i, _p in rows))
    (path / "dialoog").mkdir()
    (path / "dialoog" / "citaten.csv").write_text(
        "narrative_id;quote\n" + "".join(f"{i};citaat {i}\n" for i, _p in rows))
    (path / "overig.csv").write_text("a,b\n1,2\n")


def test_withdrawal_removes_narratives_and_derived_rows(vault, tmp_path):
    reg = _register(vault)
    cohort_a = tmp_path / "a" / "mijn-werk"
    cohort_b = tmp_path / "b" / "mijn-werk"
    _work_folder(cohort_a, [("n1", "P01"), ("n2", "P02"), ("n3", "P01")])
    _work_folder(cohort_b, [("n1", "P02"), ("n7", "P01")])
    register_work_folder(vault, cohort_a)
    register_work_folder(vault, cohort_b)
    before_other = (cohort_a / "overig.csv").read_text()
    report = reg.withdraw("P01", "2026-01-05")
    assert report.removed == {
        str(cohort_a / "narratieven.csv"): 2, str(cohort_a / "coderingen.csv"): 4,
        str(cohort_a / "dialoog" / "citaten.csv"): 2,
        str(cohort_b / "narratieven.csv"): 1, str(cohort_b / "coderingen.csv"): 2,
        str(cohort_b / "dialoog" / "citaten.csv"): 1,
    }
    assert list(read_csv(cohort_a / "narratieven.csv")["id"]) == ["n2"]
    assert set(read_csv(cohort_a / "coderingen.csv")["document"]) == {"n2"}
    # cohort b's narrative n1 belongs to P02 and must stay (ids are per folder)
    assert list(read_csv(cohort_b / "narratieven.csv")["id"]) == ["n1"]
    assert (cohort_a / "overig.csv").read_text() == before_other
    assert not reg.has_consent("P01", "onderwijs")
    assert reg.get("P01").withdrawn_on == date(2026, 1, 5)
    assert "2 rij(en)" in report.to_text() or report.total == 12
    log = json.dumps(read_log(vault))
    assert "P01" not in log and "Zielińska" not in log and "intrekking" in log
    with pytest.raises(InputError, match="ingetrokken"):
        reg.add("P01", "v3", "2026-02-01", HASH, ["onderwijs"], "2027-01-01", replace=True)


def test_a_broken_csv_leaves_its_folder_whole_named_and_the_rest_cleaned(vault, tmp_path):
    """A folder with a table that cannot be read is not written at all (no half-cleaned
    folder), named 'niet te lezen, controleer met de hand', and the erasure is not called
    complete; another folder is still cleaned. Before, the whole withdrawal stopped."""
    reg = _register(vault)
    folder, other = tmp_path / "w", tmp_path / "v"
    _work_folder(folder, [("n1", "P01")])
    _work_folder(other, [("n1", "P01"), ("n2", "P02")])
    (folder / "coderingen.csv").write_text('document,code\n"n1,kapot\n')
    before = (folder / "narratieven.csv").read_text()
    report = reg.withdraw("P01", work_folders=[folder, other])
    assert (folder / "narratieven.csv").read_text() == before
    assert "P01" not in (other / "narratieven.csv").read_text()
    assert not report.complete and len(report.unreadable) == 1
    assert report.unreadable[0].startswith(
        f"{(folder / 'coderingen.csv').resolve()} (niet te lezen, controleer met de hand: ")
    assert "NIET overal verwijderd: 1 plek(ken) niet te lezen" in report.to_text()


def test_unknown_participant_withdrawal(vault):
    with pytest.raises(InputError, match="staat niet in het register"):
        ConsentRegister(vault).withdraw("P42")
