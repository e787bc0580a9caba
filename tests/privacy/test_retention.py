"""The retention purge (kit.privacy.retention): expired consent removes the person everywhere,
a dry run removes nothing, the log keeps counts only."""

from __future__ import annotations

from kit.io import read_csv
from kit.privacy.audit import read_log
from kit.privacy.manifest import register_work_folder
from kit.privacy.retention import purge
from tests.privacy.test_consent import _register, _work_folder


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
