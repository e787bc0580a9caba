"""Collected submissions pass the privacy gate again; what it refuses goes to quarantine.

The submit-time check runs on the student's side (:mod:`kit.hub.exchange`). A student who
puts files into the exchange's inbound folder by hand, or a download from the ELO, never
passed it. So ``iids grade collect`` and ``iids grade zip-collect`` send every collected
submission through the kit's egress gate (:func:`kit.privacy.gate.check`: every file type,
deduce on, the released text compared exactly). A refused submission is moved out of
``submitted/`` into ``quarantaine/<opdracht>/<student>/`` (folders 0700), so nothing grades,
harvests or feeds it back; the lecturer reads a Dutch line with the first masked finding.
A submission that passes and holds narratives is noted in the lineage index (participant
codes only), so a withdrawal reaches this copy too; one whose ``narratieven.csv`` cannot be
read is noted as ``onleesbaar`` and the lecturer reads a Dutch line (:func:`describe_unreadable`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["QUARANTINE", "Quarantined", "rescan", "describe", "describe_unreadable"]

#: The folder (in the course root) that holds refused submissions.
QUARANTINE = "quarantaine"


@dataclass(frozen=True)
class Quarantined:
    """One refused submission: who, how many findings, where the first is, where it went."""

    student: str
    findings: int
    first: str
    #: where the submission went; ``None``: left in place because it could not be read (a
    #: broken notebook, which the autograde pre-check sets aside)
    folder: Path | None


def describe(entry: Quarantined) -> str:
    """The Dutch line for the lecturer.

    >>> print(describe(Quarantined("s01", 2, "ps1.ipynb, cel 3: PERSOON F*****", Path("q"))))
    s01: inlevering in quarantaine (2 mogelijke persoonsgegeven(s), de eerste: ps1.ipynb, cel 3: PERSOON F*****); ze wordt niet nagekeken. Laat de student pseudonimiseren (iids privacy pseudonymise) en opnieuw inleveren. Map: q
    """
    if entry.folder is None:
        return (f"{entry.student}: inlevering niet te controleren ({entry.first}); ze wordt "
                f"niet nagekeken (autograde zet haar apart). Vraag de student opnieuw in te "
                f"leveren.")
    return (f"{entry.student}: inlevering in quarantaine ({entry.findings} mogelijke "
            f"persoonsgegeven(s), de eerste: {entry.first}); ze wordt niet nagekeken. Laat de "
            f"student pseudonimiseren (iids privacy pseudonymise) en opnieuw inleveren. "
            f"Map: {entry.folder}")


def describe_unreadable(student: str, store: str) -> str:
    """The Dutch line for the lecturer about a collected ``narratieven.csv`` that cannot be read
    (``student``: the nbgrader student id, the folder's name; never a name from the gradebook).

    >>> print(describe_unreadable("s02", "submitted/s02/ps1/mijn-werk/narratieven.csv"))
    s02: narratieven.csv is niet te lezen (submitted/s02/ps1/mijn-werk/narratieven.csv); de kit weet niet wiens verhalen erin staan en kan deze kopie bij een intrekking niet opschonen. Open het bestand en herstel het (of laat de student opnieuw inleveren); tot dan noemt elke intrekking deze kopie als 'niet te lezen, controleer met de hand'.
    """
    return (f"{student}: narratieven.csv is niet te lezen ({store}); de kit weet niet wiens "
            f"verhalen erin staan en kan deze kopie bij een intrekking niet opschonen. Open het "
            f"bestand en herstel het (of laat de student opnieuw inleveren); tot dan noemt elke "
            f"intrekking deze kopie als 'niet te lezen, controleer met de hand'.")


def _private_move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for folder in (target.parent.parent, target.parent):
        os.chmod(folder, 0o700)
    if target.exists():
        shutil.rmtree(target)
    shutil.move(str(source), str(target))
    os.chmod(target, 0o700)
    owner = source.parent
    if owner.is_dir() and not any(owner.iterdir()):
        owner.rmdir()


def _record_stores(folder: Path, course) -> None:
    """Note every narratives store in a collected submission in the lineage index (codes
    only), so a withdrawal cleans this copy too (:func:`kit.privacy.lineage.work_copies`);
    an unreadable store is noted as such and named to the lecturer, one line each."""
    from kit.privacy.lineage import record_stores
    from kit.privacy.removal import NARRATIVES_FILE

    for store in record_stores(folder):
        where = (store / NARRATIVES_FILE).relative_to(course.root).as_posix()
        print(describe_unreadable(folder.parent.name, where))


def rescan(course, assignment: str, students: Iterable[str] | None = None
           ) -> list[Quarantined]:
    """Send collected submissions of ``assignment`` through the gate; quarantine refusals.

    Args:
        course: the course.
        assignment: the assignment id.
        students: only these students (default: every folder in ``submitted/``).

    Returns:
        The quarantined submissions (empty when everything passed).

    Raises:
        InputError: when deduce's tables are missing (the gate never runs weaker).
    """
    from kit.errors import InputError
    from kit.privacy.gate import NBGRADER_IGNORE, Released, check, require_engine

    require_engine()
    base = course.root / "submitted"
    if students is None:
        folders = sorted(p for p in base.glob(f"*/{assignment}") if p.is_dir()) \
            if base.is_dir() else []
    else:
        folders = [base / s / assignment for s in sorted(set(students))]
        folders = [f for f in folders if f.is_dir()]
    if not folders:
        return []
    released = Released.from_paths([course.root / "release" / assignment,
                                     course.root / "source" / assignment])
    out: list[Quarantined] = []
    for folder in folders:
        student = folder.parent.name
        try:
            findings = check([folder], released=released,
                             ignore_names=(*NBGRADER_IGNORE, "timestamp.txt"))
        except InputError as exc:  # a broken notebook: named, never passed silently
            where = Path(exc.path).name if getattr(exc, "path", None) else ""
            out.append(Quarantined(student, 0, ": ".join(filter(None, (where, exc.message))),
                                   None))
            continue
        if not findings:
            _record_stores(folder, course)
            continue
        first = findings[0]
        where = ", ".join(x for x in (Path(first.path).relative_to(folder).as_posix(),
                                      first.place) if x)
        target = course.root / QUARANTINE / assignment / student
        _private_move(folder, target)
        out.append(Quarantined(student, len(findings), f"{where}: {first.category} "
                                                       f"{first.masked}", target))
    return out
