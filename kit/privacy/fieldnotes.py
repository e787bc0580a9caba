"""Invented field notes for the onderzoeksplan exercise: raw in the vault, pseudonymised out.

The raw notes a student types live only in the private vault
(``<kluis>/voorbeeldnotities/``, one file per work folder); what nbgrader collects is the
pseudonymised text (:data:`PSEUDONYMISED`) and the number of replacements beside it
(:data:`COUNT`), both in the work folder.

>>> split_notes("Eerste notitie.\\n\\n\\nTweede\\nnotitie. ")
['Eerste notitie.', 'Tweede notitie.']
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

__all__ = ["PSEUDONYMISED", "COUNT", "split_notes", "raw_path", "save_raw", "pseudonymise_notes",
           "read_result", "example_notes", "write_example", "from_vault"]

PSEUDONYMISED = "voorbeeldnotities-gepseudonimiseerd.txt"
COUNT = "voorbeeldnotities-vervangingen.json"


def split_notes(text: str) -> list[str]:
    """One note per paragraph (blank lines between notes), inner line breaks joined."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def raw_path(workdir: str | os.PathLike, vault: str | os.PathLike | None = None) -> Path:
    """Where the raw notes of ``workdir`` are kept in the vault (another folder: another file).

    >>> raw_path("mijn-werk", "/tmp/kluis").parent
    PosixPath('/tmp/kluis/voorbeeldnotities')
    """
    from kit.config import vault_dir

    key = hashlib.sha256(str(Path(workdir).resolve()).encode("utf-8")).hexdigest()[:16]
    base = Path(vault) if vault is not None else vault_dir()
    return base / "voorbeeldnotities" / f"onderzoeksplan-{key}.txt"


def save_raw(text: str, workdir, vault=None) -> Path:
    """Keep the raw notes in the vault only (owner-only permissions).

    The vault is opened first: a vault that does not exist yet is made with mode 0700 (it was
    made 0755 as a side effect of the notes folder), an unsafe place is refused.
    """
    from kit.io import atomic_write_text
    from kit.privacy.vault import as_vault

    path = raw_path(workdir, as_vault(vault).path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return atomic_write_text(path, "\n\n".join(split_notes(text)) + "\n", permissions=0o600)


def pseudonymise_notes(notes: list[str], workdir, pseudonymiser) -> tuple[list[str], int]:
    """Write the pseudonymised notes and the number of replacements into ``workdir``."""
    from kit.io import atomic_write_text

    results = [pseudonymiser.pseudonymise(n) for n in notes]
    texts = [r.text for r in results]
    count = sum(len(r.replacements) for r in results)
    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    atomic_write_text(work / PSEUDONYMISED, "\n\n".join(texts) + "\n")
    atomic_write_text(work / COUNT, json.dumps({"vervangingen": count}) + "\n")
    return texts, count


def read_result(workdir) -> tuple[list[str], int]:
    """The pseudonymised notes and the replacement count in ``workdir`` (none: ``([], 0)``).

    Raises:
        InputError: when the notes are there but a file cannot be read, or the count file is
            missing or holds no count (never read as 0 replacements: that would tell the
            student to add a name to notes that may have them).

    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> read_result(work)
    ([], 0)
    >>> _ = (work / PSEUDONYMISED).write_text("Een notitie.\\n")
    >>> _ = (work / COUNT).write_text('{"vervangingen": "drie"}')
    >>> read_result(work)
    Traceback (most recent call last):
    ...
    kit.errors.InputError: ...voorbeeldnotities-vervangingen.json: geen geldig aantal vervangingen ...
    """
    from kit.errors import InputError

    work = Path(workdir)
    if not (work / PSEUDONYMISED).is_file():
        return [], 0
    again = "pseudonimiseer je notities opnieuw (de cel met from_vault)"
    try:
        notes = split_notes((work / PSEUDONYMISED).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"kan de gepseudonimiseerde notities niet lezen ({exc}); {again}",
                         path=work / PSEUDONYMISED) from None
    path = work / COUNT
    if not path.is_file():
        raise InputError(f"het aantal vervangingen ontbreekt naast {PSEUDONYMISED}; {again}",
                         path=path)
    try:
        count = json.loads(path.read_text(encoding="utf-8"))["vervangingen"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        count = None
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InputError(f'geen geldig aantal vervangingen (verwacht: {{"vervangingen": getal}}); '
                         f"{again}", path=path)
    return notes, count


def example_notes() -> list[str]:
    """The kit's own invented notes (``kit/data/voorbeeldnotities.yaml``, synthetic)."""
    from kit.config import data_path
    from kit.io import read_yaml

    return [item["tekst"] for item in read_yaml(data_path("voorbeeldnotities.yaml"))["notities"]]


def write_example(workdir, vault) -> tuple[list[str], int]:
    """The model answer: the example notes pseudonymised into ``workdir`` (demo, solutions)."""
    from kit.privacy.gate import pseudonymiser

    return pseudonymise_notes(example_notes(), workdir, pseudonymiser(vault))


def from_vault(workdir, vault=None) -> tuple[list[str], int]:
    """Pseudonymise the raw notes of ``workdir`` kept in the vault, if there are any.

    Without raw notes (a lecturer's machine, the autograder) the pseudonymised files in
    ``workdir`` are read as they are.
    """
    path = raw_path(workdir, vault)
    if path.is_file():
        from kit.privacy.gate import pseudonymiser

        return pseudonymise_notes(split_notes(path.read_text(encoding="utf-8")), workdir,
                                  pseudonymiser(vault))
    return read_result(workdir)
