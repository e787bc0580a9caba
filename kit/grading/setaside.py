"""What happened to each submission beyond its scores: set aside, or graded with restored cells.

``iids grade autograde`` sets a submission aside when it cannot be graded as handed in
(no notebook, no valid notebook, a changed or deleted locked cell, personal data found).
With ``--herstel-vergrendeld`` a submission whose only problem is a changed or deleted
locked cell is graded anyway: nbgrader puts the original locked cells back (as
``nbgrader autograde`` always does) and the kit keeps a note. These notes live in
``<course>/.iids/autograde/<assignment>/status.json`` so that feedback and export can
show them.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> save_notes(root, "a", {"s1": Note("apart gezet", "notebook ontbreekt", "a.ipynb")})
>>> load_notes(root, "a")["s1"].label()
'apart gezet: notebook ontbreekt (a.ipynb)'
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from kit.errors import InputError

__all__ = ["SET_ASIDE", "RESTORED", "LOCKED_REASON", "Note", "status_path", "load_notes",
           "save_notes", "update_notes"]

SET_ASIDE = "apart gezet"
RESTORED = "vergrendelde cel teruggezet"
#: The reason precheck gives for a changed or deleted locked cell.
LOCKED_REASON = "vergrendelde cel gewijzigd of verwijderd"


@dataclass(frozen=True)
class Note:
    """A submission's status beside its scores (``SET_ASIDE`` or ``RESTORED``)."""

    status: str
    reason: str
    detail: str = ""
    fingerprint: str = ""

    def label(self) -> str:
        """One Dutch line for export and messages."""
        text = f"{self.status}: {self.reason}" if self.reason != self.status else self.status
        return text + (f" ({self.detail})" if self.detail else "")


def status_path(course_root: str | os.PathLike, assignment: str) -> Path:
    """``<course>/.iids/autograde/<assignment>/status.json``."""
    return Path(course_root) / ".iids" / "autograde" / assignment / "status.json"


def load_notes(course_root: str | os.PathLike, assignment: str) -> dict[str, Note]:
    """``{student: Note}``; empty when nothing was ever set aside or restored."""
    path = status_path(course_root, assignment)
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as exc:  # never treat a broken file as "nothing set aside"
        raise InputError(f"dit bestand is geen geldige JSON ({exc.msg}); zet een reservekopie "
                         "terug of verwijder het en draai 'iids grade autograde' opnieuw",
                         path=path, place=f"regel {exc.lineno}, kolom {exc.colno}") from None
    if not isinstance(raw, dict) or not all(isinstance(n, dict) and {"status", "reason"} <= set(n)
                                            for n in raw.values()):
        raise InputError("hier hoort per student een notitie met 'status' en 'reason'",
                         path=path)
    return {str(s): Note(**{k: str(v) for k, v in n.items() if k in Note.__dataclass_fields__})
            for s, n in raw.items()}


def save_notes(course_root: str | os.PathLike, assignment: str, notes: dict[str, Note]) -> None:
    """Write the notes atomically."""
    from kit.io import atomic_write_text

    atomic_write_text(status_path(course_root, assignment),
                      json.dumps({s: asdict(n) for s, n in sorted(notes.items())}, indent=1,
                                 ensure_ascii=False))


def update_notes(course_root: str | os.PathLike, assignment: str, *, graded: list[str],
                 set_aside: list, restored: dict[str, Note]) -> dict[str, Note]:
    """After a run: set-aside students get a note, graded ones lose an old one or get
    their restore note. Students not in this run keep what they had."""
    notes = load_notes(course_root, assignment)
    for student in graded:
        notes.pop(student, None)
    notes.update(restored)
    for entry in set_aside:
        notes[entry.student] = Note(SET_ASIDE, entry.reason, entry.detail)
    save_notes(course_root, assignment, notes)
    return notes
