"""Retention: delete what is past its date (``iids privacy purge``).

Each participant's record in the consent register has an end date. :func:`purge`
removes, for every participant whose date has passed: their narratives and the
derived rows in all registered work folders, their raw notes in the vault
(``ruwe-notities/<code>...``), and their record in the register, name included
(the only link between a label and a person besides the key). The audit log gets
one line with counts only.

>>> import tempfile, pathlib
>>> from kit.privacy.vault import open_vault
>>> from kit.privacy.consent import ConsentRegister
>>> v = open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis")
>>> reg = ConsentRegister(v)
>>> _ = reg.add("P01", "v1", "2024-01-10", "b" * 64, ["onderwijs"], "2025-01-10")
>>> _ = reg.add("P02", "v1", "2024-01-10", "c" * 64, ["onderwijs"], "2030-01-10")
>>> report = purge(v, today="2026-01-01")
>>> report.participants, [r.participant for r in reg.records()]
(1, ['P02'])
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kit.dates import parse_day
from kit.privacy.vault import RAW_NOTES, Vault, as_vault

__all__ = ["PurgeReport", "purge", "expired", "RAW_NOTES"]


@dataclass
class PurgeReport:
    """What :func:`purge` removed (counts; no codes in :meth:`to_text` beyond the number)."""

    today: date
    participants: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    raw_files: int = 0
    dry_run: bool = False

    def to_text(self) -> str:
        """A Dutch summary.

        >>> print(PurgeReport(date(2026, 1, 1)).to_text())
        Bewaartermijn gecontroleerd op 2026-01-01: niets verlopen.
        """
        if not self.participants:
            return f"Bewaartermijn gecontroleerd op {self.today.isoformat()}: niets verlopen."
        verb = "zou verwijderen" if self.dry_run else "verwijderd"
        lines = [f"Bewaartermijn verlopen op {self.today.isoformat()} voor {self.participants} "
                 f"deelnemer(s); {verb}: {sum(self.rows.values())} rij(en) in "
                 f"{len(self.rows)} bestand(en), {self.raw_files} ruwe notitie(s), "
                 f"{self.participants} registerregel(s)."]
        lines.extend(f"  {path}: {count}" for path, count in sorted(self.rows.items()))
        return "\n".join(lines)


def expired(vault: Vault | str | os.PathLike | None = None, today: date | str | None = None
            ) -> list[str]:
    """Codes of participants whose retention date has passed.

    >>> import tempfile, pathlib
    >>> expired(pathlib.Path(tempfile.mkdtemp()) / "k")
    []
    """
    from kit.privacy.consent import ConsentRegister

    day = parse_day(today, place="datum") if today is not None else date.today()
    return [r.participant for r in ConsentRegister(vault).records() if r.retention_until < day]


def _raw_notes(vault: Vault, code: str) -> list[Path]:
    folder = vault.path / RAW_NOTES
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.iterdir())
            if p.name == code or p.name.startswith((f"{code}.", f"{code}_", f"{code}-"))]


def purge(vault: Vault | str | os.PathLike | None = None, today: date | str | None = None, *,
          work_folders=None, dry_run: bool = False) -> PurgeReport:
    """Delete everything of participants whose retention date has passed.

    Args:
        vault: the vault (default: the user's vault).
        today: the date to compare with (default: today).
        work_folders: extra work folders besides those registered in the vault.
        dry_run: only report what would be removed.

    Returns:
        A :class:`PurgeReport`.
    """
    from kit.privacy.audit import by_file_name, log_event
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.manifest import work_folders as registered
    from kit.privacy.removal import remove_participants

    v = as_vault(vault)
    day = parse_day(today, place="datum") if today is not None else date.today()
    register = ConsentRegister(v)
    codes = expired(v, day)
    report = PurgeReport(day, participants=len(codes), dry_run=dry_run)
    if not codes:
        return report
    folders = {Path(f).resolve() for f in registered(v)}
    folders.update(Path(f).resolve() for f in (work_folders or ()))
    raw = [p for code in codes for p in _raw_notes(v, code)]
    report.raw_files = len(raw)
    if dry_run:
        from kit.io import read_csv
        from kit.privacy.removal import NARRATIVES_FILE

        for folder in sorted(folders):
            path = folder / NARRATIVES_FILE
            if path.is_file():
                frame = read_csv(path, required=["id", "participant"])
                count = int(frame["participant"].astype(str).str.strip().isin(codes).sum())
                if count:
                    report.rows[str(path)] = count
        return report
    report.rows = remove_participants(codes, sorted(folders))
    for path in raw:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for code in codes:
        register.delete(code)
    log_event(v, "bewaartermijn", deelnemers=len(codes), rijen=sum(report.rows.values()),
              ruwe_notities=len(raw), bestanden=by_file_name(report.rows))
    return report
