"""One deduce engine per process, loaded on first use from the kit's cache.

deduce builds lookup structures (a 77 MB pickle) the first time it runs, which
takes minutes. ``make`` builds that cache once with :func:`build_cache` into
:func:`kit.config.deduce_cache_dir` (outside the repository and site-packages;
on a shared server it must not be writable by students, since a pickle can run
code when loaded). :func:`get_deduce` refuses to start the long build by
surprise: without a cache it raises a Dutch message with the command to run.

>>> cache_file(Path("/tmp/x")).name
'lookup_structs.pickle'
"""

from __future__ import annotations

import threading
from pathlib import Path

from kit.config import deduce_cache_dir
from kit.errors import InputError

__all__ = ["cache_file", "cache_ready", "build_cache", "get_deduce"]

_ENGINE = None
_LOCK = threading.Lock()


def cache_file(folder: Path | None = None) -> Path:
    """The pickle deduce writes inside ``folder`` (default: the kit's deduce cache)."""
    return Path(folder or deduce_cache_dir()) / "cache" / "lookup_structs.pickle"


def cache_ready(folder: Path | None = None) -> bool:
    """Whether deduce's lookup cache has been built.

    >>> cache_ready(Path("/nonexistent"))
    False
    """
    return cache_file(folder).is_file()


def build_cache(folder: Path | None = None) -> Path:
    """Build deduce's lookup cache in ``folder`` (about a minute and a half) and return it."""
    import logging

    from deduce import Deduce

    folder = Path(folder or deduce_cache_dir())
    folder.mkdir(parents=True, exist_ok=True)
    logging.getLogger().setLevel(logging.WARNING)
    Deduce(cache_path=folder)
    return cache_file(folder)


def get_deduce():
    """The process-wide deduce engine, loaded from the cache on first use.

    Raises:
        InputError: when the cache has not been built yet (with the command that builds it).
    """
    global _ENGINE
    if _ENGINE is not None:
        return _ENGINE
    with _LOCK:
        if _ENGINE is None:
            folder = deduce_cache_dir()
            if not cache_ready(folder):
                raise InputError("de opzoektabellen van deduce zijn nog niet gebouwd; "
                                 "voer eerst 'make' of 'iids setup' uit (duurt ongeveer 2 minuten)",
                                 path=folder)
            from deduce import Deduce

            _ENGINE = Deduce(cache_path=folder)
    return _ENGINE
