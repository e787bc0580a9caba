"""The gate's verdict cache: content hashes of files it passed, and nothing else.

Checking a file with deduce costs time; a harvest or a collect that runs again reads the
same files. The gate remembers, per file, only a SHA-256 over the file's bytes, its type
and everything the verdict depends on (the detectors' code and word lists, the package
versions of the name sources and deduce, the kit's own texts, the allow list and what the
lecturer released). Only "clean" verdicts are kept: a file with findings is read again
every time, so the cache never holds text, a finding or even a masked value. The cache
file is the owner's alone (folder 0700, file 0600); a cache that cannot be read or written
only costs time.

>>> import os, tempfile, pathlib
>>> before = os.environ.get("IIDS_CACHE")
>>> os.environ["IIDS_CACHE"] = tempfile.mkdtemp()
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("niets")
>>> key = file_key(p, "ctx")
>>> key in load()
False
>>> add([key]); key in load(), len(key)
(True, 64)
>>> _ = p.write_text("iets anders")
>>> file_key(p, "ctx") in load()
False
>>> _ = os.environ.pop("IIDS_CACHE") if before is None else os.environ.update(IIDS_CACHE=before)
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["context", "file_key", "load", "add", "cache_file", "MAX_ENTRIES", "TextVerdicts",
           "text_verdicts", "MAX_TEXTS"]

#: Kept at most (the newest); about 70 bytes each.
MAX_ENTRIES = 100_000
_VERSION = "1"


def cache_file() -> Path:
    """Where the verdicts live (in the kit's cache folder)."""
    from kit.config import cache_dir

    return cache_dir() / "privacy" / f"poort-oordelen-v{_VERSION}.json"


@functools.lru_cache(maxsize=1)
def _detectors_digest() -> str:
    """A SHA-256 over the privacy code, its word lists and the name sources' versions."""
    from kit.privacy.names import _sources_key

    digest = hashlib.sha256(_sources_key().encode())
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")) + sorted((here.parent / "data" / "privacy").glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def context(released_digest: str, allow_list) -> str:
    """The part of every key that is not the file: detectors, lists, allow list, release."""
    from kit.privacy.pseudonymise import load_allow_list

    allow = "\n".join(sorted(load_allow_list(allow_list)))
    return hashlib.sha256("\0".join((_detectors_digest(), allow, released_digest)).encode()
                          ).hexdigest()


def file_key(path: str | os.PathLike, context_digest: str) -> str | None:
    """The key of one file under ``context_digest`` (``None`` when it cannot be read)."""
    digest = hashlib.sha256((context_digest + "\0" + Path(path).suffix.lower() + "\0").encode())
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def load() -> frozenset[str]:
    """The keys of the files the gate passed (empty when there is no readable cache)."""
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    keys = data.get("schoon") if isinstance(data, dict) else None
    return frozenset(k for k in keys if isinstance(k, str)) if isinstance(keys, list) \
        else frozenset()


def add(keys: Iterable[str]) -> None:
    """Remember that the gate passed the files of ``keys``."""
    from kit.io import atomic_write_text, locked

    path = cache_file()
    keys = list(dict.fromkeys(keys))
    new = set(keys)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        with locked(path):  # another process may add at once: read and write as one step
            current = [k for k in _ordered() if k not in new] + keys
            text = json.dumps({"uitleg": "Hashes van bestanden die de privacypoort goedkeurde; "
                                         "geen tekst, geen vondsten.",
                               "schoon": current[-MAX_ENTRIES:]})
            atomic_write_text(path, text, permissions=0o600)
    except OSError:
        pass


def _ordered() -> list[str]:
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
        return [k for k in data.get("schoon", []) if isinstance(k, str)]
    except (OSError, ValueError, AttributeError):
        return []


# --- verdicts per text, in this process only ------------------------------------------------
#: Texts remembered per process at most (a 16-byte hash each, about 80 bytes with the set: at
#: most some 40 MB, also in a long-running server; never the text). Past this the memory
#: starts afresh, which only costs time (the first harvest of 10 cohorts needs about 250,000).
MAX_TEXTS = 500_000


class TextVerdicts:
    """The texts (table cells, notebook cells, strings) the gate found clean in this process.

    A harvest checks its artefacts and then the tables it wrote from them: the same narrative
    text, category or framework id comes by many times. The gate scans a piece of a file
    (a table row, a cell, a field) only for its texts it has not yet passed under the same
    context (:func:`context` plus the scan's options); a text passes only as part of a piece
    in which the scan found nothing. Only a 16-byte BLAKE2 hash of each text is kept, in
    memory, never the text and never a finding; a text that was part of a piece with a
    finding is never remembered, so it is scanned again every time it comes by.

    >>> memo = TextVerdicts()
    >>> memo.known("Een verhaal."), memo.learn(["Een verhaal."]), memo.known("Een verhaal.")
    (False, None, True)
    >>> memo.recording = True
    >>> memo.learn(["Nog een."]); len(memo.drain()), memo.drain()
    (1, [])
    """

    def __init__(self) -> None:
        self._clean: set[bytes] = set()
        self._fresh: list[bytes] = []
        #: Keep the newly learned hashes for :meth:`drain` (in a forked scan).
        self.recording = False

    @staticmethod
    def hashes(texts: Iterable[str]) -> list[bytes]:
        """The hashes under which the memory keeps ``texts`` (16-byte BLAKE2, in order)."""
        blake2b = hashlib.blake2b
        return [blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
                for text in texts]

    def known(self, text: str) -> bool:
        """Whether ``text`` passed the gate before in this process (same context)."""
        return self.hashes((text,))[0] in self._clean

    def known_hashes(self, digests: Iterable[bytes]) -> list[bool]:
        """For each hash (:meth:`hashes`), whether its text passed the gate before."""
        clean = self._clean
        return [digest in clean for digest in digests]

    def learn(self, texts: Iterable[str]) -> None:
        """Remember that the gate passed ``texts`` (as parts of a piece without findings)."""
        self._add(self.hashes(texts), record=self.recording)

    def learn_hashed(self, digests: Iterable[bytes]) -> None:
        """:meth:`learn` for texts already hashed with :meth:`hashes`."""
        self._add(list(digests), record=self.recording)

    def drain(self) -> list[bytes]:
        """The hashes learned since the last drain (a forked scan hands them back)."""
        fresh, self._fresh = self._fresh, []
        return fresh

    def merge(self, digests: Iterable[bytes]) -> None:
        """Take over hashes another process learned under the same context."""
        self._add(list(digests), record=False)

    def _add(self, digests: list[bytes], *, record: bool) -> None:
        """Add hashes; a memory that would pass :data:`MAX_TEXTS` starts afresh with these,
        the newest, which the caller is about to rely on (a harvest checks the tables it
        writes right after the artefacts they come from).

        >>> import kit.privacy.verdicts as v
        >>> old, v.MAX_TEXTS = v.MAX_TEXTS, 3
        >>> memo = TextVerdicts()
        >>> memo.learn(["a", "b"]); memo.learn(["c", "d"])
        >>> [memo.known(t) for t in "abcd"], len(memo)
        ([False, False, True, True], 2)
        >>> v.MAX_TEXTS = old
        """
        new = [d for d in dict.fromkeys(digests) if d not in self._clean]
        if len(self._clean) + len(new) > MAX_TEXTS:
            self._clean.clear()
            self._fresh.clear()
            new = new[-MAX_TEXTS:]
        self._clean.update(new)
        if record:
            self._fresh.extend(new)

    def __len__(self) -> int:
        return len(self._clean)


_TEXT_VERDICTS: dict[str, TextVerdicts] = {}


def text_verdicts(context_digest: str) -> TextVerdicts:
    """This process's :class:`TextVerdicts` for one context (see :func:`context`)."""
    memo = _TEXT_VERDICTS.get(context_digest)
    if memo is None:
        if len(_TEXT_VERDICTS) >= 16:
            _TEXT_VERDICTS.clear()
        memo = _TEXT_VERDICTS[context_digest] = TextVerdicts()
    return memo
