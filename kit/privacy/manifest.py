"""The vault's list of work folders that hold narratives (for withdrawal and retention).

The narratives store calls :func:`register_work_folder` each time it saves
``narratieven.csv`` in a folder. When a participant withdraws, the consent
register walks every registered folder and removes that person's narratives and
every derived row that refers to them. The list holds folder paths only, never
personal data; it lives in the vault (``werkmappen.json``, mode 0600).

>>> import tempfile, pathlib
>>> from kit.privacy.vault import open_vault
>>> base = pathlib.Path(tempfile.mkdtemp())
>>> vault = open_vault(base / "kluis")
>>> (base / "werk").mkdir()
>>> register_work_folder(vault, base / "werk").name
'werk'
>>> [p.name for p in work_folders(vault)]
['werk']
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kit.errors import InputError
from kit.privacy.vault import Vault, as_vault

__all__ = ["MANIFEST_NAME", "register_work_folder", "unregister_work_folder", "work_folders"]

MANIFEST_NAME = "werkmappen.json"


def _read(vault: Vault) -> list[str]:
    path = vault.file(MANIFEST_NAME)
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"de lijst met werkmappen is beschadigd ({exc})", path=path) from None
    folders = data.get("werkmappen") if isinstance(data, dict) else None
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise InputError("de lijst met werkmappen heeft een onverwachte vorm", path=path,
                         place="veld 'werkmappen'")
    return folders


def _write(vault: Vault, folders: list[str]) -> None:
    from kit.io import atomic_write_text

    text = json.dumps({"werkmappen": sorted(set(folders))}, ensure_ascii=False, indent=2) + "\n"
    atomic_write_text(vault.file(MANIFEST_NAME), text, permissions=0o600)


def register_work_folder(vault: Vault | str | os.PathLike | None, folder: str | os.PathLike) -> Path:
    """Remember ``folder`` (absolute) as a place that holds narratives; returns it.

    Args:
        vault: the vault (or its path; ``None`` for the default vault).
        folder: a work folder with (or about to get) ``narratieven.csv``.

    Returns:
        The absolute folder path.
    """
    from kit.io import locked

    v = as_vault(vault)
    target = Path(folder).expanduser().resolve()
    with locked(v.file(MANIFEST_NAME)):  # another notebook may register a folder at once
        folders = _read(v)
        if str(target) not in folders:
            folders.append(str(target))
            _write(v, folders)
    return target


def unregister_work_folder(vault: Vault | str | os.PathLike | None,
                           folder: str | os.PathLike) -> bool:
    """Forget ``folder``; returns whether it was registered.

    >>> import tempfile, pathlib
    >>> from kit.privacy.vault import open_vault
    >>> v = open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis")
    >>> unregister_work_folder(v, "/tmp/nergens")
    False
    """
    from kit.io import locked

    v = as_vault(vault)
    target = str(Path(folder).expanduser().resolve())
    with locked(v.file(MANIFEST_NAME)):
        folders = _read(v)
        if target not in folders:
            return False
        _write(v, [f for f in folders if f != target])
    return True


def work_folders(vault: Vault | str | os.PathLike | None, *, existing_only: bool = True) -> list[Path]:
    """The registered work folders (by default only those that still exist).

    Args:
        vault: the vault (or its path).
        existing_only: leave out folders that were deleted meanwhile.

    Returns:
        Absolute folder paths, sorted.
    """
    v = as_vault(vault)
    paths = [Path(f) for f in sorted(_read(v))]
    return [p for p in paths if p.is_dir()] if existing_only else paths
