"""The private vault: one folder per user for raw notes, the consent register and the key.

Nothing in the vault may travel with coursework. The kit therefore refuses a
vault that sits inside a git work tree (unless git ignores it), inside an
nbgrader course or exchange folder, inside any folder nbgrader may collect,
release or feed back (an assignment folder: one that holds a notebook, nbgrader's
``timestamp.txt`` or a work folder, such as ``~/handreiking/kluis``), inside a
student's work folder (``mijn-werk``), or that other users can read. The vault is created with mode
0700; its files with 0600.

>>> import tempfile, pathlib, stat
>>> v = open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis")
>>> oct(stat.S_IMODE(v.path.stat().st_mode))
'0o700'
>>> v.file("toestemming.sqlite").name
'toestemming.sqlite'
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kit.config import WORK_FOLDER, vault_dir
from kit.errors import InputError

__all__ = ["Vault", "open_vault", "check_vault_location", "as_vault", "RAW_NOTES"]

#: The vault folder with raw field notes (before pseudonymisation).
RAW_NOTES = "ruwe-notities"

#: Folder names nbgrader uses inside a course folder.
_NBGRADER_STEPS = ("source", "release", "submitted", "autograded", "feedback")


@dataclass(frozen=True)
class Vault:
    """An opened, checked vault folder.

    Attributes:
        path: the absolute folder (mode 0700).
    """

    path: Path

    def file(self, name: str) -> Path:
        """A file inside the vault (not created here)."""
        return self.path / name

    def folder(self, name: str) -> Path:
        """A sub-folder inside the vault, created with mode 0700."""
        sub = self.path / name
        sub.mkdir(mode=0o700, parents=True, exist_ok=True)
        return sub


def _git_work_tree(path: Path) -> Path | None:
    for parent in (path, *path.parents):
        if (parent / ".git").exists():
            return parent
    return None


def _ignored_by_git(path: Path, tree: Path) -> bool:
    # the vault is a folder: ask with a trailing slash so "kluis/" patterns match before it exists
    try:
        done = subprocess.run(["git", "-C", str(tree), "check-ignore", "-q", str(path) + "/"],
                              capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _nbgrader_folder(path: Path) -> tuple[Path, str] | None:
    import tempfile

    # a home folder or the temporary folder holding a notebook is no assignment folder
    shared = {Path.home().resolve(), Path(tempfile.gettempdir()).resolve()}
    for parent in (path, *path.parents):
        if parent == Path(parent.anchor):
            break
        if (parent / "nbgrader_config.py").is_file() or (parent / "gradebook.db").is_file():
            return parent, "een nbgrader-cursusmap"
        if (parent / "inbound").is_dir() and (parent / "outbound").is_dir():
            return parent, "een nbgrader-uitwisselmap (exchange)"
        if parent.name == "exchange" and parent.parent.name == "nbgrader":
            return parent, "een nbgrader-uitwisselmap (exchange)"
        steps = sum((parent / step).is_dir() for step in _NBGRADER_STEPS)
        if (parent / "source").is_dir() and steps >= 2:
            return parent, "een nbgrader-cursusmap"
        if parent not in shared and parent.parent != Path(parent.anchor) \
                and _assignment_folder(parent):
            return parent, "een opdrachtmap (nbgrader levert die hele map in)"
    return None


def _assignment_folder(folder: Path) -> bool:
    """Whether ``folder`` looks like an assignment folder nbgrader may submit, collect, release
    or feed back: it holds a notebook or nbgrader's ``timestamp.txt``.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp())
    >>> _assignment_folder(f)
    False
    >>> _ = (f / "handreiking.ipynb").write_text("{}")
    >>> _assignment_folder(f)
    True
    """
    if (folder / "timestamp.txt").is_file() or (folder / ".ipynb_checkpoints").is_dir():
        return True
    try:
        return any(entry.name.endswith(".ipynb") for entry in os.scandir(folder))
    except OSError:
        return False


def check_vault_location(path: str | os.PathLike) -> Path:
    """Refuse a vault location that could leak raw data; return the absolute path.

    Args:
        path: the vault folder (it need not exist yet).

    Returns:
        The resolved path.

    Raises:
        InputError: with a Dutch reason (inside git, nbgrader, ``mijn-werk``, readable by others).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_vault_location(folder / "kluis").name
    'kluis'
    >>> _ = (folder / ".git").mkdir()
    >>> check_vault_location(folder / "kluis")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: ...kluis: de kluis staat in een git-map ...
    """
    target = Path(path).expanduser().resolve()
    tree = _git_work_tree(target)
    if tree is not None and not _ignored_by_git(target, tree):
        raise InputError(f"de kluis staat in een git-map ({tree}); ruwe gegevens kunnen zo in git "
                         "terechtkomen. Kies een map buiten de repository (zet IIDS_VAULT)",
                         path=target)
    found = _nbgrader_folder(target)
    if found is not None:
        folder, what = found
        raise InputError(f"de kluis staat in {what} ({folder}); nbgrader verzamelt of deelt "
                         "die bestanden. Kies een map daarbuiten (zet IIDS_VAULT)", path=target)
    if WORK_FOLDER in target.parts:
        raise InputError(f"de kluis staat in een werkmap '{WORK_FOLDER}', die met je opdracht "
                         "wordt ingeleverd. Kies een map daarbuiten (zet IIDS_VAULT)", path=target)
    if target.exists():
        if not target.is_dir():
            raise InputError("de kluis moet een map zijn, maar dit is een bestand", path=target)
        info = target.stat()
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise InputError("de kluis is van een andere gebruiker", path=target)
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            raise InputError(f"de kluis is leesbaar of schrijfbaar voor anderen (rechten {mode:o}); "
                             f"maak hem privé met: chmod 700 {target}", path=target)
    return target


def open_vault(path: str | os.PathLike | None = None) -> Vault:
    """Check and open the vault, creating it with mode 0700 when it does not exist.

    Args:
        path: the vault folder (default: :func:`kit.config.vault_dir`, env ``IIDS_VAULT``).

    Returns:
        The opened :class:`Vault`.

    Raises:
        InputError: when the location is not safe (see :func:`check_vault_location`).

    >>> import tempfile, pathlib
    >>> open_vault(pathlib.Path(tempfile.mkdtemp()) / "k").path.name
    'k'
    """
    target = check_vault_location(path if path is not None else vault_dir())
    if not target.exists():
        old = os.umask(0o077)
        try:
            target.mkdir(mode=0o700, parents=True, exist_ok=True)
        finally:
            os.umask(old)
        target.chmod(0o700)
    return Vault(target)


def as_vault(vault: Vault | str | os.PathLike | None) -> Vault:
    """Accept a :class:`Vault`, a folder path or ``None`` (the default vault).

    >>> import tempfile, pathlib
    >>> v = as_vault(pathlib.Path(tempfile.mkdtemp()) / "k")
    >>> as_vault(v) is v
    True
    """
    if isinstance(vault, Vault):
        return vault
    return open_vault(vault)
