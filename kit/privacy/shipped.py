"""The kit's own synthetic teaching texts, known by content hash.

Course material shows invented people on purpose (a cell tagged ``synthetisch``, a CSV
row or a YAML object with ``synthetic: true``, text between ``<!-- iids-scan: uit -->``
and ``<!-- iids-scan: aan -->``). Such a mark may not switch the privacy scan off for
what a student or an evaluator writes: anyone can type a tag. The scan therefore
honours a mark only when the marked text is, character for character, a text the kit
ships: its SHA-256 is in the manifest ``kit/data/privacy/eigen-teksten.json``, made
from the repository's own tracked files by :func:`build_manifest`
(``iids privacy eigen-teksten --bijwerken``; a test fails when it is out of date).

>>> unit_hash("Jan  \\r\\n") == unit_hash("Jan")
True
>>> is_shipped("een tekst die een student typte")
False
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["MANIFEST", "unit_hash", "is_shipped", "shipped_hashes", "marked_units",
           "build_manifest", "write_manifest", "stale_units", "OFF", "ON", "marked_regions"]

#: Where the manifest lives (inside the package, so an installed kit has it).
MANIFEST = Path(__file__).resolve().parent.parent / "data" / "privacy" / "eigen-teksten.json"
OFF = re.compile(r"<!--\s*iids-scan:\s*uit\s*-->")
ON = re.compile(r"<!--\s*iids-scan:\s*aan\s*-->")
#: File types in the repository that may carry marked synthetic texts.
_SUFFIXES = (".ipynb", ".md", ".txt", ".csv", ".tsv", ".json", ".jsonl", ".yaml", ".yml",
             ".html")


def unit_hash(text: str) -> str:
    """SHA-256 (hex) of a text with line ends and trailing spaces normalised."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    normal = "\n".join(line.rstrip() for line in lines)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _load(path: str, mtime_ns: int) -> frozenset[str]:
    from kit.errors import InputError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return frozenset(data["sha256"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"de lijst met eigen teksten van de kit is onleesbaar ({exc}); "
                         "zonder die lijst telt geen enkele markering 'synthetisch'",
                         path=path) from None


def shipped_hashes() -> frozenset[str]:
    """The hashes of the kit's own marked texts (empty when the manifest is missing)."""
    try:
        mtime = MANIFEST.stat().st_mtime_ns
    except OSError:
        return frozenset()
    return _load(str(MANIFEST), mtime)


def is_shipped(text: str) -> bool:
    """Whether ``text`` is one of the kit's own marked texts."""
    return unit_hash(text) in shipped_hashes()


def marked_regions(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the text between each closed pair of scan-off/scan-on markers.

    An unclosed marker marks nothing.

    >>> t = "a <!-- iids-scan: uit -->Jan<!-- iids-scan: aan --> b <!-- iids-scan: uit --> Piet"
    >>> [t[a:b] for a, b in marked_regions(t)]
    ['Jan']
    """
    position = 0
    for off in OFF.finditer(text):
        if off.start() < position:
            continue
        on = ON.search(text, off.end())
        if on is None:
            return
        yield off.end(), on.start()
        position = on.end()


def marked_units(path: Path) -> Iterator[str]:
    """Every text a file marks as synthetic (cells, rows, objects, marked regions)."""
    from kit.privacy.readers import Unreadable, pieces

    try:
        for piece in pieces(path):
            if piece.marked:
                yield piece.text
            if "iids-scan" in piece.text:
                for start, end in marked_regions(piece.text):
                    yield piece.text[start:end]
    except Unreadable:
        return


def _tracked(root: Path) -> list[Path]:
    try:
        done = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True,
                              check=True, timeout=60)
        names = [n for n in done.stdout.decode("utf-8").split("\0") if n]
    except (OSError, subprocess.SubprocessError):
        names = [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
                 and ".git" not in p.parts and ".venv" not in p.parts]
    return [root / n for n in sorted(names) if n.lower().endswith(_SUFFIXES)
            and (root / n).is_file()]


def build_manifest(root: str | os.PathLike) -> list[str]:
    """The sorted hashes of every marked text in the repository's tracked files."""
    hashes: set[str] = set()
    for path in _tracked(Path(root)):
        try:
            hashes.update(unit_hash(text) for text in marked_units(path) if text.strip())
        except Exception:  # noqa: BLE001, S112 - a broken fixture file marks nothing
            continue
    return sorted(hashes)


def write_manifest(root: str | os.PathLike, target: Path = MANIFEST) -> int:
    """Write the manifest for the repository at ``root``; return the number of texts."""
    from kit.io import atomic_write_text

    hashes = build_manifest(root)
    text = json.dumps({"uitleg": "SHA-256 van de synthetische teksten die de kit zelf meelevert "
                                 "(cellen met tag 'synthetisch', rijen en objecten met "
                                 "synthetic: true, tekst tussen iids-scan: uit en aan). "
                                 "Bijwerken: iids privacy eigen-teksten --bijwerken",
                       "sha256": hashes}, indent=0, ensure_ascii=False) + "\n"
    atomic_write_text(target, text, permissions=0o644)
    _load.cache_clear()
    return len(hashes)


def stale_units(root: str | os.PathLike, known: Iterable[str] | None = None) -> list[str]:
    """Marked texts in the repository that the manifest does not hold (hashes)."""
    have = set(known if known is not None else shipped_hashes())
    return [h for h in build_manifest(root) if h not in have]
