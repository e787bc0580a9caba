"""The consent register: who agreed to what, until when (SQLite in the vault).

For each participant (a code such as ``P07``, never a name) the register keeps the
version of the consent form, the date it was signed, a SHA-256 hash of the signed
copy (the copy itself stays where it is), consent per purpose, the end of the
retention period and, after withdrawal, the withdrawal date. An optional name
may be stored so the pseudonymiser always catches it; the name stays in the
vault and never appears in :meth:`ConsentRegister.list`.

Processing for a purpose without consent is refused with
:class:`kit.errors.ConsentError` (see :meth:`ConsentRegister.require`).

>>> import tempfile, pathlib
>>> from kit.privacy.vault import open_vault
>>> reg = ConsentRegister(open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis"))
>>> _ = reg.add("P01", "v2", "2025-09-15", "a" * 64, ["onderwijs"], "2027-09-01")
>>> reg.has_consent("P01", "onderwijs"), reg.has_consent("P01", "publicatie")
(True, False)
>>> reg.require("P01", "publicatie")
Traceback (most recent call last):
...
kit.errors.ConsentError: P01 heeft geen toestemming gegeven voor publicatie ...
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kit.dates import parse_day
from kit.errors import ConsentError, InputError
from kit.privacy.vault import Vault, as_vault

__all__ = ["PURPOSES", "PURPOSE_TEXT", "ConsentRecord", "WithdrawalReport", "ConsentRegister",
           "REGISTER_FILE"]

#: Purposes a participant consents to separately.
PURPOSES = ("onderwijs", "programma-evaluatie", "publicatie")
#: What each purpose means, for messages and forms.
PURPOSE_TEXT = {
    "onderwijs": "gebruik in het onderwijs van de minor",
    "programma-evaluatie": "evaluatie van het programma (weegmoment)",
    "publicatie": "publicatie van geanonimiseerde citaten",
}
REGISTER_FILE = "toestemming.sqlite"
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,39}")
_SHA256 = re.compile(r"[0-9a-f]{64}")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS participants (
    code TEXT PRIMARY KEY,
    name TEXT,
    form_version TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    signed_copy_sha256 TEXT NOT NULL,
    retention_until TEXT NOT NULL,
    withdrawn_on TEXT
);
CREATE TABLE IF NOT EXISTS consents (
    code TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    PRIMARY KEY (code, purpose)
);
"""


@dataclass(frozen=True)
class ConsentRecord:
    """One participant's consent as registered."""

    participant: str
    form_version: str
    signed_on: date
    signed_copy_sha256: str
    purposes: frozenset[str]
    retention_until: date
    withdrawn_on: date | None = None
    has_name: bool = False

    def active(self, today: date | None = None) -> bool:
        """Not withdrawn and within the retention period."""
        today = today or date.today()
        return self.withdrawn_on is None and today <= self.retention_until


@dataclass
class WithdrawalReport:
    """What a withdrawal removed.

    Attributes:
        participant: the code.
        on: the withdrawal date.
        removed: ``{file path: rows removed}`` per changed file.
    """

    participant: str
    on: date
    removed: dict[str, int] = field(default_factory=dict)
    #: files removed whole (a project, an aggregate, a document) and the command that makes
    #: each again
    files: dict[str, str] = field(default_factory=dict)
    raw_notes: int = 0
    #: ``(place, command)`` for copies outside the kit's reach
    unreachable: tuple[tuple[str, str], ...] = ()
    #: places that could not be read, so were not cleaned (each named "niet te lezen,
    #: controleer met de hand"); the erasure is complete only when this is empty
    unreadable: tuple[str, ...] = ()
    #: rows of participants who withdrew earlier, removed now from a copy that was unreadable
    #: at their withdrawal and reads again (``{file: rows}``)
    finished: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Every place the kit knows was read and cleaned (the command exits 0 only then)."""
        return not self.unreadable

    @property
    def total(self) -> int:
        """Rows removed over all files."""
        return sum(self.removed.values())

    def to_text(self) -> str:
        """A Dutch summary for the command line and notebooks.

        >>> print(WithdrawalReport("P01", date(2026, 1, 5), {"/w/narratieven.csv": 2}).to_text())
        Toestemming van P01 ingetrokken op 2026-01-05.
        Verwijderd: 2 rij(en) uit 1 bestand(en):
          /w/narratieven.csv: 2
        """
        lines = [f"Toestemming van {self.participant} ingetrokken op {self.on.isoformat()}."]
        if self.unreadable:
            lines.append(f"De verhalen van {self.participant} zijn NIET overal verwijderd: "
                         f"{len(self.unreadable)} plek(ken) niet te lezen, controleer met de hand "
                         "(hieronder). Meld de verwijdering pas als afgerond wanneer die plekken "
                         "zijn opgeschoond.")
        if not self.removed and not self.files and not self.raw_notes:
            lines.append("Er stonden geen verhalen of afgeleide gegevens van deze persoon in de "
                         "geregistreerde werkmappen.")
        if self.removed:
            lines.append(f"Verwijderd: {self.total} rij(en) uit {len(self.removed)} bestand(en):")
            lines.extend(f"  {path}: {count}" for path, count in sorted(self.removed.items()))
        if self.files:
            lines.append(f"Verwijderd omdat ze dit verhaal bevatten: {len(self.files)} bestand(en); "
                         "maak ze opnieuw zonder dit verhaal:")
            lines.extend(f"  {path}: {command}" for path, command in sorted(self.files.items()))
        if self.raw_notes:
            lines.append(f"Ruwe notities in de kluis verwijderd: {self.raw_notes}.")
        if self.finished:
            lines.append("Ook afgemaakt: eerdere intrekkingen in kopieën die toen niet te lezen "
                         "waren en nu wel:")
            lines.extend(f"  {path}: {count}" for path, count in sorted(self.finished.items()))
        if self.unreadable:
            lines.append("Niet te lezen, controleer met de hand (niet opgeschoond; herstel het "
                         "bestand en trek opnieuw in, of haal de verhalen er zelf uit):")
            lines.extend(f"  {path}" for path in self.unreadable)
        if self.unreachable:
            lines.append("Niet door de kit te bereiken; ruim deze kopieën zelf op:")
            lines.extend(f"  - {place}: {command}" for place, command in self.unreachable)
        return "\n".join(lines)


def _check_purposes(purposes: Iterable[str]) -> list[str]:
    chosen = []
    for purpose in purposes:
        p = str(purpose).strip().lower()
        if p == "publicatie van geanonimiseerde citaten":
            p = "publicatie"
        if p not in PURPOSES:
            raise InputError(f"onbekend doel '{purpose}' (kies uit: {', '.join(PURPOSES)})",
                             place="doelen")
        if p not in chosen:
            chosen.append(p)
    return chosen


class ConsentRegister:
    """The consent register of one vault (SQLite file ``toestemming.sqlite``, mode 0600).

    Args:
        vault: the vault (a :class:`~kit.privacy.vault.Vault`, a path, or ``None`` for the default).
    """

    def __init__(self, vault: Vault | str | os.PathLike | None = None) -> None:
        self.vault = as_vault(vault)
        self.path = self.vault.file(REGISTER_FILE)
        fresh = not self.path.exists()
        with self._connect() as db:
            db.executescript(_SCHEMA)
        if fresh:
            self.path.chmod(0o600)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA foreign_keys = ON")
        return db

    # -- writing -----------------------------------------------------------------------------
    def add(self, participant: str, form_version: str, signed_on: date | str,
            signed_copy_sha256: str, purposes: Iterable[str], retention_until: date | str, *,
            name: str | None = None, replace: bool = False) -> ConsentRecord:
        """Register a participant's consent.

        Args:
            participant: a code such as ``P07`` (letters, digits, ``-``, ``_``; no names).
            form_version: version of the consent form that was signed.
            signed_on: date of signing.
            signed_copy_sha256: SHA-256 (hex) of the signed copy or its export.
            purposes: the purposes consented to (a subset of :data:`PURPOSES`, at least one).
            retention_until: the date after which the data must be deleted.
            name: optional real name, kept only in the vault so pseudonymisation always
                catches it.
            replace: allow re-registering an existing participant (a new form version).

        Returns:
            The stored record.

        Raises:
            InputError: on a bad value, or when the code exists and ``replace`` is false.
        """
        code = str(participant).strip()
        if not _CODE.fullmatch(code):
            raise InputError(f"'{participant}' is geen geldige deelnemerscode (gebruik letters, "
                             "cijfers, '-' of '_', zoals P07; nooit een naam)", place="deelnemer")
        version = str(form_version).strip()
        if not version:
            raise InputError("de versie van het toestemmingsformulier ontbreekt", place="formulier")
        signed = parse_day(signed_on, place="ondertekend op")
        until = parse_day(retention_until, place="bewaren tot")
        if until < signed:
            raise InputError("de bewaartermijn eindigt vóór de datum van ondertekening",
                             place="bewaren tot")
        digest = str(signed_copy_sha256).strip().lower()
        if not _SHA256.fullmatch(digest):
            raise InputError("de verwijzing naar het ondertekende exemplaar moet een SHA-256-hash "
                             "zijn (64 tekens 0-9/a-f); bereken hem met: sha256sum BESTAND",
                             place="sha256")
        chosen = _check_purposes(purposes)
        if not chosen:
            raise InputError("kies minstens één doel waarvoor toestemming is gegeven",
                             place="doelen")
        clean_name = " ".join(str(name).split()) if name else None
        with self._connect() as db:
            existing = db.execute("SELECT withdrawn_on FROM participants WHERE code = ?",
                                  (code,)).fetchone()
            if existing and not replace:
                raise InputError(f"deelnemer {code} staat al in het register "
                                 "(gebruik --vervang voor een nieuwe formulierversie)",
                                 place="deelnemer")
            if existing and existing[0]:
                raise InputError(f"deelnemer {code} heeft de toestemming ingetrokken; "
                                 "registreer nieuwe toestemming onder een nieuwe code",
                                 place="deelnemer")
            db.execute("DELETE FROM consents WHERE code = ?", (code,))
            db.execute(
                "INSERT OR REPLACE INTO participants (code, name, form_version, signed_on, "
                "signed_copy_sha256, retention_until, withdrawn_on) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (code, clean_name, version, signed.isoformat(), digest, until.isoformat()))
            db.executemany("INSERT INTO consents (code, purpose) VALUES (?, ?)",
                           [(code, p) for p in chosen])
        return self.get(code)

    def withdraw(self, participant: str, on: date | str | None = None, *,
                 work_folders: Iterable[str | os.PathLike] | None = None) -> WithdrawalReport:
        """Record a withdrawal and remove the person's narratives and derived rows.

        Args:
            participant: the code.
            on: the withdrawal date (default today).
            work_folders: extra folders to clean besides those registered in the vault's
                manifest (:mod:`kit.privacy.manifest`).

        Returns:
            A :class:`WithdrawalReport` with the rows removed per file.

        Raises:
            InputError: when the participant is unknown.
        """
        from kit.privacy.audit import by_file_name, log_event
        from kit.privacy.manifest import work_folders as registered
        record = self.get(participant)
        if record is None:
            raise InputError(f"deelnemer {participant} staat niet in het register",
                             place="deelnemer")
        from kit.privacy.withdrawal import UNREACHABLE, erase

        day = parse_day(on, place="ingetrokken op") if on is not None else date.today()
        folders = {Path(f).resolve() for f in registered(self.vault)}
        folders.update(Path(f).resolve() for f in (work_folders or ()))
        # the whole walk: work folders, the copies the kit's seams recorded (nbgrader's
        # submitted/ at collect, with autograded/ and feedback/ beside it), derived files;
        # a place that cannot be read is named and the rest still cleaned
        from kit.privacy.lineage import entries

        unreadable_before = {p for p, e in entries(self.vault).items()
                             if e.get("soort") == "onleesbaar"}
        derived = erase(self.vault, record.participant, sorted(folders))
        removed = derived.rows
        finished = self._finish_earlier(record.participant, unreadable_before, derived)
        with self._connect() as db:
            db.execute("UPDATE participants SET withdrawn_on = ? WHERE code = ?",
                       (record.withdrawn_on.isoformat() if record.withdrawn_on else day.isoformat(),
                        record.participant))
        log_event(self.vault, "intrekking", rijen=sum(removed.values()),
                  bestanden=by_file_name(removed),
                  verwijderd=len(derived.removed), ruwe_notities=derived.raw_notes,
                  niet_te_lezen=len(derived.unreadable), afgemaakt=sum(finished.values()))
        unreachable = tuple((place, command.format(code=record.participant))
                            for place, command in UNREACHABLE)
        return WithdrawalReport(record.participant, record.withdrawn_on or day, removed,
                                derived.removed, derived.raw_notes, unreachable,
                                tuple(derived.unreadable), finished)

    def _finish_earlier(self, participant: str, unreadable_before: set[Path], derived
                        ) -> dict[str, int]:
        """Finish earlier withdrawals in copies that were unreadable and read again now.

        Such a withdrawal was reported as not done (the copy was named); a copy repaired since
        may still hold that participant's stories, so it is cleaned now, whoever withdraws.

        Returns:
            ``{file: rows removed}`` for the earlier participants (empty: nothing to finish).
        """
        from kit.privacy.lineage import entries
        from kit.privacy.withdrawal import erase

        now = entries(self.vault)
        repaired = [now[p] for p in unreadable_before
                    if p in now and now[p].get("soort") == "werkmap"]
        earlier = {r.participant for r in self.records()
                   if r.withdrawn_on is not None and r.participant != participant}
        finished: dict[str, int] = {}
        for code in sorted(earlier & {c for e in repaired for c in e.get("codes", ())}):
            done = erase(self.vault, code, [])  # the recorded copies of that participant
            for path, count in done.rows.items():
                finished[path] = finished.get(path, 0) + count
            derived.unreadable.extend(u for u in done.unreadable if u not in derived.unreadable)
        return finished

    def delete(self, participant: str) -> bool:
        """Delete a participant's record completely (used by retention purge)."""
        with self._connect() as db:
            db.execute("DELETE FROM consents WHERE code = ?", (participant,))
            done = db.execute("DELETE FROM participants WHERE code = ?", (participant,))
            return done.rowcount > 0

    def forget_name(self, participant: str) -> None:
        """Clear the name kept for a participant (retention over, record still needed)."""
        with self._connect() as db:
            db.execute("UPDATE participants SET name = NULL WHERE code = ?", (participant,))

    # -- reading -----------------------------------------------------------------------------
    def get(self, participant: str) -> ConsentRecord | None:
        """The record of ``participant``, or ``None`` when unknown."""
        with self._connect() as db:
            row = db.execute(
                "SELECT code, form_version, signed_on, signed_copy_sha256, retention_until, "
                "withdrawn_on, name IS NOT NULL FROM participants WHERE code = ?",
                (str(participant).strip(),)).fetchone()
            if row is None:
                return None
            purposes = frozenset(p for (p,) in db.execute(
                "SELECT purpose FROM consents WHERE code = ?", (row[0],)))
        return ConsentRecord(row[0], row[1], date.fromisoformat(row[2]), row[3], purposes,
                             date.fromisoformat(row[4]),
                             date.fromisoformat(row[5]) if row[5] else None, bool(row[6]))

    def records(self) -> list[ConsentRecord]:
        """Every record, sorted by code."""
        with self._connect() as db:
            codes = [c for (c,) in db.execute("SELECT code FROM participants ORDER BY code")]
        return [r for r in (self.get(c) for c in codes) if r is not None]

    def list(self):
        """The register as a DataFrame (no names): one row per participant.

        Columns: ``participant, form_version, signed_on, signed_copy_sha256`` one boolean
        column per purpose, ``retention_until, withdrawn_on``.
        """
        import pandas as pd

        rows = []
        for r in self.records():
            row = {"participant": r.participant, "form_version": r.form_version,
                   "signed_on": r.signed_on.isoformat(),
                   "signed_copy_sha256": r.signed_copy_sha256}
            row.update({p: p in r.purposes for p in PURPOSES})
            row["retention_until"] = r.retention_until.isoformat()
            row["withdrawn_on"] = r.withdrawn_on.isoformat() if r.withdrawn_on else ""
            rows.append(row)
        columns = ["participant", "form_version", "signed_on", "signed_copy_sha256", *PURPOSES,
                   "retention_until", "withdrawn_on"]
        return pd.DataFrame(rows, columns=columns)

    def names(self) -> dict[str, str]:
        """``{code: name}`` for participants whose name is kept in the vault."""
        with self._connect() as db:
            return dict(db.execute("SELECT code, name FROM participants WHERE name IS NOT NULL"))

    def refusal_reason(self, participant: str, purpose: str, today: date | None = None) -> str | None:
        """Why processing for ``purpose`` is not allowed (``None`` when it is)."""
        chosen = _check_purposes([purpose])[0]
        record = self.get(participant)
        if record is None:
            return f"{participant} staat niet in het toestemmingsregister"
        if record.withdrawn_on is not None:
            return f"{participant} heeft de toestemming ingetrokken op {record.withdrawn_on.isoformat()}"
        if (today or date.today()) > record.retention_until:
            return (f"de bewaartermijn van {participant} is verlopen op "
                    f"{record.retention_until.isoformat()}; de gegevens moeten worden verwijderd")
        if chosen not in record.purposes:
            return (f"{participant} heeft geen toestemming gegeven voor {chosen} "
                    f"({PURPOSE_TEXT[chosen]})")
        return None

    def has_consent(self, participant: str, purpose: str, today: date | None = None) -> bool:
        """Whether ``participant`` consents to ``purpose`` now (not withdrawn, not expired).

        Raises:
            InputError: for an unknown purpose.
        """
        return self.refusal_reason(participant, purpose, today) is None

    def require(self, participant: str, purpose: str, today: date | None = None) -> None:
        """Raise :class:`~kit.errors.ConsentError` unless processing for ``purpose`` is allowed."""
        reason = self.refusal_reason(participant, purpose, today)
        if reason is not None:
            raise ConsentError(reason + "; deze verwerking mag niet", place=None)
