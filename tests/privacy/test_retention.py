"""The retention purge (kit.privacy.retention): expired consent removes the person everywhere,
a dry run removes nothing, the log keeps counts only."""

from __future__ import annotations

import pytest

from kit.cli import main
from kit.io import read_csv
from kit.privacy.audit import read_log
from kit.privacy.manifest import register_work_folder
from kit.privacy.retention import purge
from tests.privacy.test_consent import _register, _work_folder
from tests.privacy.test_withdrawal import collected_course


def test_retention_purge(vault, tmp_path):
    reg = _register(vault)
    folder = tmp_path / "w"
    _work_folder(folder, [("n1", "P01"), ("n2", "P02")])
    register_work_folder(vault, folder)
    raw = vault.folder("ruwe-notities")
    (raw / "P02_interview.txt").write_text("ruwe tekst")
    (raw / "P01_interview.txt").write_text("ruwe tekst")
    trial = purge(vault, "2026-01-10", dry_run=True)
    assert trial.participants == 1 and (raw / "P02_interview.txt").exists()
    report = purge(vault, "2026-01-10")
    assert report.participants == 1 and report.raw_files == 1
    assert not (raw / "P02_interview.txt").exists() and (raw / "P01_interview.txt").exists()
    assert reg.get("P02") is None and reg.get("P01") is not None
    assert list(read_csv(folder / "narratieven.csv")["participant"]) == ["P01"]
    events = read_log(vault)
    assert events[-1]["actie"] == "bewaartermijn" and events[-1]["deelnemers"] == 1
    text = (vault.path / "auditlog.jsonl").read_text()
    assert "P02" not in text and "P01" not in text and str(folder) not in text
    assert purge(vault, "2026-01-10").participants == 0


@pytest.mark.slow
def test_purge_reaches_every_copy_the_lineage_knows(generated_course, tmp_path, monkeypatch,
                                                    capsys, deduce_ready):
    """``iids privacy purge`` walks what a withdrawal walks: a submission collected from a real
    nbgrader course and an export outside the work folders, both in the lineage index, lose the
    expired participant's rows (before: only registered work folders were cleaned). A copy
    that cannot be read is named 'niet te lezen, controleer met de hand', the command exits 1
    and the register record stays (name cleared), so the purge after the repair finishes it."""
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.lineage import record

    course, work = collected_course(generated_course, tmp_path, monkeypatch, {
        "1001": "id,participant,text\nn1,P01,Op de markt.\nn2,P02,In de bus.\n",
        "1002": "id,participant,text\nn3,P01,Bij de bakker.\nn4,P01,Te,laat,ja\n"})
    capsys.readouterr()
    register = ConsentRegister(None)
    register.add("P01", "v1", "2024-01-05", "a" * 64, ["onderwijs"], "2025-12-31",
                 name="Agnieszka Zielińska")
    register.add("P02", "v1", "2024-01-05", "a" * 64, ["onderwijs"], "2030-01-05")
    export = tmp_path / "usb" / "verhalen.csv"
    export.parent.mkdir()
    export.write_text("id,participant,text\nn1,P01,Op de markt.\nn2,P02,In de bus.\n")
    record(None, export, codes=["P01", "P02"], ids=["n1", "n2"], kind="export")
    store, broken = work["1001"] / "narratieven.csv", work["1002"] / "narratieven.csv"

    assert main(["privacy", "purge", "--datum", "2026-01-10", "--proef"]) == 1
    out = capsys.readouterr().out
    assert f"{store.resolve()}: 1" in out and f"{export.resolve()}: " in out
    assert f"{broken.resolve()} (niet te lezen, controleer met de hand" in out
    assert "P01" in store.read_text() and "P01" in export.read_text()  # a dry run

    assert main(["privacy", "purge", "--datum", "2026-01-10"]) == 1
    out = capsys.readouterr().out
    assert "De gegevens zijn NIET overal verwijderd: 1 plek(ken) niet te lezen" in out
    assert f"  {broken.resolve()} (niet te lezen, controleer met de hand" in out
    assert "P01" not in store.read_text() and "P02" in store.read_text()
    assert "P01" not in export.read_text() and "P02" in export.read_text()
    kept = register.get("P01")
    assert kept is not None and not kept.has_name and register.names() == {}

    broken.write_text("id,participant,text\nn3,P01,Bij de bakker.\nn4,P02,Op het plein.\n")
    assert main(["privacy", "purge", "--datum", "2026-01-10"]) == 0
    out = capsys.readouterr().out
    assert "NIET" not in out and f"{broken.resolve()}: 1" in out
    assert "P01" not in broken.read_text() and register.get("P01") is None
    assert main(["privacy", "purge", "--datum", "2026-01-10"]) == 0
    assert "niets verlopen" in capsys.readouterr().out
