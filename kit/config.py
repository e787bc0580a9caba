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

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "WORK_FOLDER",
    "vault_dir",
    "using_vault",
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
    """The private vault folder of this user (not created here): ``IIDS_VAULT``, else
    ``$XDG_DATA_HOME/iids-kit/kluis``, else ``~/.local/share/iids-kit/kluis``."""
    return _home_based("IIDS_VAULT", "XDG_DATA_HOME", ".local/share", "iids-kit", "kluis")


@contextlib.contextmanager
def using_vault(path: str | os.PathLike) -> Iterator[Path]:
    """Within the block, ``path`` is this process's vault (``IIDS_VAULT``); restored after.

    For the demo and the benchmarks: their synthetic participants, keys and the index of
    derived files belong in their own vault, never in the user's (where a withdrawal would
    then list demo files).

    >>> before = os.environ.get("IIDS_VAULT")
    >>> with using_vault("/tmp/demo-kluis") as vault:
    ...     vault_dir() == vault
    True
    >>> os.environ.get("IIDS_VAULT") == before
    True
    """
    before = os.environ.get("IIDS_VAULT")
    os.environ["IIDS_VAULT"] = str(path)
    try:
        yield Path(path)
    finally:
        if before is None:
            os.environ.pop("IIDS_VAULT", None)
        else:
            os.environ["IIDS_VAULT"] = before


def cache_dir() -> Path:
    """The kit's cache folder (not created here): ``IIDS_CACHE``, else
    ``$XDG_CACHE_HOME/iids-kit``, else ``~/.cache/iids-kit``."""
    return _home_based("IIDS_CACHE", "XDG_CACHE_HOME", ".cache", "iids-kit")


def deduce_cache_dir() -> Path:
    """Where deduce's lookup structures are cached (built once by ``make``):
    ``IIDS_DEDUCE_CACHE``, else ``deduce`` in :func:`cache_dir`."""
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
    """The repository folder when the kit runs from a checkout, else ``None``."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "course").is_dir() and (root / "pyproject.toml").is_file() else None
