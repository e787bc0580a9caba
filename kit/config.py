"""Where the kit keeps things: the private vault, caches, shipped data.

Every location can be set with an environment variable, so a shared server
(JupyterHub) or a test can move it:

=====================  =================================================  =========================
variable               meaning                                            default
=====================  =================================================  =========================
``IIDS_VAULT``         the private vault (raw notes, consent, key)        ``~/.local/share/iids-kit/kluis``
``IIDS_CACHE``         the kit's caches                                   ``~/.cache/iids-kit``
``IIDS_DEDUCE_CACHE``  deduce's lookup cache (read-only for students)     ``$IIDS_CACHE/deduce``
=====================  =================================================  =========================

>>> import os
>>> os.environ["IIDS_VAULT"] = "/tmp/voorbeeld-kluis"
>>> str(vault_dir())
'/tmp/voorbeeld-kluis'
>>> del os.environ["IIDS_VAULT"]
>>> WORK_FOLDER
'mijn-werk'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "WORK_FOLDER",
    "vault_dir",
    "cache_dir",
    "deduce_cache_dir",
    "data_path",
    "repo_root",
]

#: Folder beside a notebook where a student's artefacts (narratives, codings,
#: dialogue records) are saved; nbgrader collects it with the assignment.
WORK_FOLDER = "mijn-werk"


def _home_based(env: str, xdg: str, fallback: str, *parts: str) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env]).expanduser()
    base = os.environ.get(xdg) or str(Path.home() / fallback)
    return Path(base).expanduser().joinpath(*parts)


def vault_dir() -> Path:
    """The private vault folder of this user (not created here).

    >>> vault_dir().name in {"kluis"} or "IIDS_VAULT" in os.environ
    True
    """
    return _home_based("IIDS_VAULT", "XDG_DATA_HOME", ".local/share", "iids-kit", "kluis")


def cache_dir() -> Path:
    """The kit's cache folder (not created here).

    >>> cache_dir().name in {"iids-kit"} or "IIDS_CACHE" in os.environ
    True
    """
    return _home_based("IIDS_CACHE", "XDG_CACHE_HOME", ".cache", "iids-kit")


def deduce_cache_dir() -> Path:
    """Where deduce's lookup structures are cached (built once by ``make``).

    >>> deduce_cache_dir().name in {"deduce"} or "IIDS_DEDUCE_CACHE" in os.environ
    True
    """
    if os.environ.get("IIDS_DEDUCE_CACHE"):
        return Path(os.environ["IIDS_DEDUCE_CACHE"]).expanduser()
    return cache_dir() / "deduce"


def data_path(*parts: str) -> Path:
    """A file shipped with the kit in ``kit/data``.

    >>> data_path("README.md").name
    'README.md'
    """
    return Path(__file__).resolve().parent.joinpath("data", *parts)


def repo_root() -> Path | None:
    """The repository folder when the kit runs from a checkout, else ``None``.

    >>> root = repo_root()
    >>> root is None or (root / "course").is_dir()
    True
    """
    root = Path(__file__).resolve().parent.parent
    return root if (root / "course").is_dir() and (root / "pyproject.toml").is_file() else None
