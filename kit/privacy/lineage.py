"""Lineage: which participant codes each derived file carries, so withdrawal reaches every copy.

The index lives in the vault (``afgeleide-bestanden.json``, mode 0600) and holds, per derived
file, only its path, its kind, the participant codes and narrative ids it was made from (codes
and ids, never text) and the command that makes it again. Producers call :func:`record`;
:func:`derived_files` also finds the usual artefacts in a work folder by their content (a
``participant`` or narrative-id column, the sources of a REFI-QDA project, the quotes of a
handreiking), so a file made before the index existed, or by hand, is not missed.

>>> import tempfile, pathlib
>>> from kit.privacy.vault import open_vault
>>> base = pathlib.Path(tempfile.mkdtemp())
>>> vault = open_vault(base / "kluis")
>>> record(vault, base / "export.csv", codes=["P01", "P02"], kind="export")
>>> [(p.name, e["soort"], e["codes"]) for p, e in entries(vault).items()]
[('export.csv', 'export', ['P01', 'P02'])]
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from kit.privacy.vault import Vault, as_vault

__all__ = ["LINEAGE_FILE", "record", "entries", "forget", "KINDS"]

LINEAGE_FILE = "afgeleide-bestanden.json"
#: Kinds of derived files and what withdrawal does with them.
KINDS = {
    "export": "rijen van de deelnemer weghalen",
    "qdpx": "verwijderen en opnieuw maken",
    "keyness": "verwijderen en opnieuw berekenen",
    "handreiking": "citaten weghalen, HTML en Word opnieuw maken",
    "notities": "verwijderen",
    "aggregaat": "verwijderen en opnieuw berekenen",
}


def _read(vault: Vault) -> dict[str, dict]:
    path = vault.file(LINEAGE_FILE)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        from kit.errors import InputError

        raise InputError("de lijst met afgeleide bestanden is beschadigd", path=path) from None
    files = data.get("bestanden") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else {}


def _write(vault: Vault, files: dict[str, dict]) -> None:
    from kit.io import atomic_write_text

    atomic_write_text(vault.file(LINEAGE_FILE),
                      json.dumps({"bestanden": files}, ensure_ascii=False, indent=1, sort_keys=True),
                      permissions=0o600)


def record(vault: Vault | str | os.PathLike | None, path: str | os.PathLike, *,
           codes: Iterable[str] = (), ids: Iterable[str] = (), kind: str = "export",
           regenerate: str | None = None) -> None:
    """Note that ``path`` was made from the narratives of ``codes`` (and narrative ``ids``).

    Args:
        vault: the vault (``None``: the user's vault).
        path: the derived file.
        codes: participant codes it carries.
        ids: narrative ids it carries.
        kind: a key of :data:`KINDS`.
        regenerate: the command that makes the file again (shown after a withdrawal).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    v = as_vault(vault)
    files = _read(v)
    files[str(Path(path).resolve())] = {
        "soort": kind, "codes": sorted({str(c) for c in codes if str(c)}),
        "ids": sorted({str(i) for i in ids if str(i)}), "opnieuw": regenerate or ""}
    _write(v, files)


def entries(vault: Vault | str | os.PathLike | None) -> dict[Path, dict]:
    """Every recorded derived file and its entry."""
    return {Path(p): e for p, e in _read(as_vault(vault)).items()}


def forget(vault: Vault | str | os.PathLike | None, paths: Iterable[str | os.PathLike]) -> None:
    """Remove entries (files that no longer exist or no longer carry anyone)."""
    v = as_vault(vault)
    files = _read(v)
    gone = {str(Path(p).resolve()) for p in paths}
    if gone & set(files):
        _write(v, {p: e for p, e in files.items() if p not in gone})
