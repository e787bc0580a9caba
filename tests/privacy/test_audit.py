"""The vault's audit log (kit.privacy.audit): counts only, never a code, name or folder."""

from __future__ import annotations

import stat

from kit.privacy.audit import AUDIT_LOG, by_file_name, log_event, read_log
from kit.privacy.consent import ConsentRegister
from kit.privacy.manifest import register_work_folder

HASH = "0" * 63 + "1"


def _work(folder, rows):
    folder.mkdir(parents=True)
    (folder / "narratieven.csv").write_text(
        "id,participant,tekst\n" + "".join(f"{n},{p},tekst\n" for n, p in rows))
    (folder / "coderingen.csv").write_text(
        "document,code\n" + "".join(f"{n},thuis\n{n},werk\n" for n, _ in rows))


def test_a_withdrawal_over_two_folders_sums_the_files_by_name(vault, tmp_path):
    """Was: the count of the last folder's file replaced the first's (coderingen.csv: 2, not 6)."""
    reg = ConsentRegister(vault)
    reg.add("P01", "v2", "2025-09-15", HASH, ["onderwijs"], "2027-09-01", name="Agnieszka Zielińska")
    first, second = tmp_path / "P01-groep" / "mijn-werk", tmp_path / "b" / "mijn-werk"
    _work(first, [("n1", "P01"), ("n2", "P01"), ("n3", "P02")])
    _work(second, [("n7", "P01")])
    for folder in (first, second):
        register_work_folder(vault, folder)
    reg.withdraw("P01", "2026-01-05")
    event = read_log(vault)[-1]
    assert event["actie"] == "intrekking" and event["rijen"] == 3 + 6
    assert event["bestanden"] == {"narratieven.csv": 3, "coderingen.csv": 6}
    text = vault.file(AUDIT_LOG).read_text(encoding="utf-8")
    for secret in ("P01", "Zielińska", "P01-groep", str(tmp_path)):
        assert secret not in text
    assert stat.S_IMODE(vault.file(AUDIT_LOG).stat().st_mode) == 0o600


def test_events_are_appended_oldest_first(vault):
    assert read_log(vault) == []
    log_event(vault, "bewaartermijn", deelnemers=1)
    log_event(vault, "sleutel-vervangen")
    assert [e["actie"] for e in read_log(vault)] == ["bewaartermijn", "sleutel-vervangen"]
    assert all(e["tijd"].endswith("+00:00") for e in read_log(vault))


def test_by_file_name_sums_and_drops_folders():
    assert by_file_name({"/x/a.csv": 1, "/y/a.csv": 2, "b.csv": 0}) == {"a.csv": 3, "b.csv": 0}
