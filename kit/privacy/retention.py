"""Retention: delete what is past its date (``iids privacy purge``).

Each participant's record in the consent register has an end date. :func:`purge`
removes, for every participant whose date has passed, everything a withdrawal removes (the
same walk, :func:`kit.privacy.withdrawal.erase`): their narratives and the derived rows in all
registered work folders, every copy the lineage index knows (collected submissions with
``autograded/`` and ``feedback/``, exports, projects, harvests, reports, handreikingen), their
raw notes in the vault (``ruwe-notities/<code>...``), and then their record in the register,
name included (the only link between a label and a person besides the key). A place that
cannot be read is named "niet te lezen, controleer met de hand"; then the records stay (their
names cleared), so the next purge, after the repair, finishes the job, and the command exits
with status 1. The audit log gets one line with counts only.

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
    #: files removed whole (a project, a harvest ...) and the command that makes each again;
    #: in a dry run: the recorded copies that would be cleaned or removed
    files: dict[str, str] = field(default_factory=dict)
    #: places that could not be read (each named "niet te lezen, controleer met de hand")
    unreadable: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every place the kit knows was read (the command exits 0 only then)."""
        return not self.unreadable

    def to_text(self) -> str:
        """A Dutch summary.

        >>> print(PurgeReport(date(2026, 1, 1)).to_text())
        Bewaartermijn gecontroleerd op 2026-01-01: niets verlopen.
        """
        if not self.participants:
            return f"Bewaartermijn gecontroleerd op {self.today.isoformat()}: niets verlopen."
        verb = "zou verwijderen" if self.dry_run else "verwijderd"
        kept = bool(self.unreadable) and not self.dry_run
        records = (f"0 registerregel(s) ({self.participants} blijven staan, zonder naam, tot de "
                   "plekken hieronder zijn opgeschoond)" if kept
                   else f"{self.participants} registerregel(s)")
        lines = [f"Bewaartermijn verlopen op {self.today.isoformat()} voor {self.participants} "
                 f"deelnemer(s); {verb}: {sum(self.rows.values())} rij(en) in "
                 f"{len(self.rows)} bestand(en), {len(self.files)} "
                 + ("vastgelegde kopie(ën)" if self.dry_run else "bestand(en) of map(pen) geheel")
                 + f", {self.raw_files} ruwe notitie(s), {records}."]
        if self.unreadable and not self.dry_run:
            lines.append("De gegevens zijn NIET overal verwijderd: "
                         f"{len(self.unreadable)} plek(ken) niet te lezen, controleer met de "
                         "hand (hieronder); herstel ze en voer iids privacy purge opnieuw uit.")
        lines.extend(f"  {path}: {count}" for path, count in sorted(self.rows.items()))
        if self.files:
            lines.append("Vastgelegde kopieën die " + ("opgeschoond of verwijderd zouden worden:"
                                                      if self.dry_run else
                                                      "geheel verwijderd zijn (maak ze opnieuw):"))
            lines.extend(f"  {path}: {what}" for path, what in sorted(self.files.items()))
        if self.unreadable:
            lines.append("Niet te lezen, controleer met de hand (niet opgeschoond):")
            lines.extend(f"  {path}" for path in self.unreadable)
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
    from kit.privacy.withdrawal import erase

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
        _preview(v, codes, folders, report)
        return report
    for path in raw:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for code in codes:  # the withdrawal's walk, per participant
        done = erase(v, code, sorted(folders))
        for path, count in done.rows.items():
            report.rows[path] = report.rows.get(path, 0) + count
        report.files.update(done.removed)
        report.raw_files += done.raw_notes  # raw notes the walk found beyond those above
        report.unreadable.extend(u for u in done.unreadable if u not in report.unreadable)
    for code in codes:
        if report.unreadable:  # kept, so the next purge finds the code and finishes the job
            register.forget_name(code)
        else:
            register.delete(code)
    log_event(v, "bewaartermijn", deelnemers=len(codes), rijen=sum(report.rows.values()),
              ruwe_notities=report.raw_files, bestanden=by_file_name(report.rows),
              verwijderd=len(report.files), niet_te_lezen=len(report.unreadable))
    return report


def _preview(vault: Vault, codes: list[str], folders: set[Path], report: PurgeReport) -> None:
    """What a purge would reach (nothing written): rows of the codes' narratives in the work
    folders and recorded copies, the other recorded copies that carry them, unreadable places."""
    from kit.errors import InputError
    from kit.io import read_csv
    from kit.privacy.lineage import UNREADABLE_NOTE, entries, work_copies
    from kit.privacy.removal import NARRATIVES_FILE
    from kit.privacy.withdrawal import UNCHECKED

    wanted = set(codes)
    walk = set(folders)
    for code in codes:
        walk.update(p.resolve() for p in work_copies(vault, code))
    for folder in sorted(walk):
        path = folder / NARRATIVES_FILE
        if not path.is_file():
            continue
        try:
            frame = read_csv(path, required=["id", "participant"])
        except (InputError, OSError):
            report.unreadable.append(f"{path} ({UNCHECKED})")
            continue
        count = int(frame["participant"].astype(str).str.strip().isin(wanted).sum())
        if count:
            report.rows[str(path)] = count
    from kit.privacy.lineage import KINDS

    for path, entry in entries(vault).items():
        if entry.get("soort") == "onleesbaar":
            if path.exists():
                report.unreadable.append(f"{path / NARRATIVES_FILE} ({UNREADABLE_NOTE})")
        elif entry.get("soort") != "werkmap" and wanted & set(entry.get("codes", ())) \
                and path.exists():
            report.files[str(path)] = KINDS.get(entry.get("soort", ""), "")
