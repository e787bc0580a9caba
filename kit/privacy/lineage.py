"""Lineage: which participant codes each derived file carries, so withdrawal reaches every copy.

The index lives in the vault (``afgeleide-bestanden.json``, mode 0600) and holds, per derived
file, only its path, its kind, the participant codes and narrative ids it was made from (codes
and ids, never text) and the command that makes it again. Producers call :func:`record`;
:func:`derived_files` also finds the usual artefacts in a work folder by their content (a
``participant`` or narrative-id column, the sources of a REFI-QDA project, the quotes of a
handreiking), so a file made before the index existed, or by hand, is not missed. A
collected narratives store that cannot be read is recorded as ``onleesbaar``
(:func:`record_stores`), never skipped: every withdrawal names it as a place to check by hand.

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

__all__ = ["LINEAGE_FILE", "record", "entries", "forget", "KINDS", "FOLDER_MARKERS",
           "codes_in", "stores_in", "record_stores", "recheck_unreadable", "UNREADABLE_NOTE",
           "work_copies", "narratives_of", "record_narratives"]

LINEAGE_FILE = "afgeleide-bestanden.json"
#: Kinds of derived files and what withdrawal does with them.
KINDS = {
    "export": "rijen van de deelnemer weghalen",
    "qdpx": "verwijderen en opnieuw maken",
    "keyness": "verwijderen en opnieuw berekenen",
    "handreiking": "citaten weghalen, HTML en Word opnieuw maken",
    "notities": "verwijderen",
    "aggregaat": "verwijderen en opnieuw berekenen",
    # folders holding copies of a work folder (nbgrader's submitted/ after collect)
    "werkmap": "rijen van de deelnemer weghalen, zoals in een eigen werkmap",
    "oogst": "de oogstmap verwijderen en opnieuw oogsten",
    "rapport": "de rapportmap verwijderen en opnieuw maken",
    # a copy of a work folder whose narratieven.csv could not be read when it was recorded:
    # which participants it carries is unknown, so every withdrawal names it
    "onleesbaar": "zelf nakijken: de kit kon niet lezen wie erin staat",
}
#: What a withdrawal says about a folder recorded as ``onleesbaar`` (after its path).
UNREADABLE_NOTE = ("niet te lezen, controleer met de hand: verzamelde kopie van een werkmap "
                   "waarvan narratieven.csv onleesbaar is, dus de kit kan niet nagaan of deze "
                   "deelnemer erin staat; herstel het bestand en voer dit opnieuw uit, of haal de "
                   "verhalen van de deelnemer er zelf uit")
#: Folder kinds and the file that marks a folder as what it claims to be: withdrawal removes
#: a harvest or report folder whole only when that file is there.
FOLDER_MARKERS = {"oogst": "oogst.yaml", "rapport": "index.html"}


#: The index as last read or written by this process, per file: (its stat, the entries).
#: A harvest of many cohorts records each one; the index then holds every earlier cohort's
#: narrative ids, and parsing it again each time grew with the number of cohorts.
_SEEN: dict[str, tuple[tuple, dict[str, dict]]] = {}


def _stat_key(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _read(vault: Vault) -> dict[str, dict]:
    path = vault.file(LINEAGE_FILE)
    if not path.is_file():
        return {}
    key = _stat_key(path)
    seen = _SEEN.get(str(path))
    if seen is not None and key is not None and seen[0] == key:
        return {name: dict(entry) for name, entry in seen[1].items()}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        from kit.errors import InputError

        raise InputError("de lijst met afgeleide bestanden is beschadigd", path=path) from None
    files = data.get("bestanden") if isinstance(data, dict) else None
    files = files if isinstance(files, dict) else {}
    if key is not None and all(isinstance(entry, dict) for entry in files.values()):
        _SEEN[str(path)] = (key, {name: dict(entry) for name, entry in files.items()})
    return files


def _write(vault: Vault, files: dict[str, dict]) -> None:
    from kit.io import atomic_write_text

    path = vault.file(LINEAGE_FILE)
    _SEEN.pop(str(path), None)
    atomic_write_text(path, _lineage_json(files), permissions=0o600)
    key = _stat_key(path)
    if key is not None:
        _SEEN[str(path)] = (key, {name: dict(entry) for name, entry in files.items()})


def _lineage_json(files: dict[str, dict]) -> str:
    """The lineage file's text: one derived file per line, sorted by its path.

    Each line comes from :mod:`json`'s C encoder; an indented dump goes through the
    pure-Python one, which took a tenth of a second per harvest of one cohort, and the file
    grows with every cohort harvested.

    >>> text = _lineage_json({"/b": {"ids": ["n2"]}, "/a": {"ids": ["n1"], "codes": []}})
    >>> print(text)
    {"bestanden": {
    "/a": {"codes": [], "ids": ["n1"]},
    "/b": {"ids": ["n2"]}
    }}
    >>> json.loads(text)["bestanden"]["/b"]
    {'ids': ['n2']}
    """
    lines = [json.dumps(path, ensure_ascii=False) + ": "
             + json.dumps(entry, ensure_ascii=False, sort_keys=True)
             for path, entry in sorted(files.items())]
    return '{"bestanden": {\n' + ",\n".join(lines) + ("\n" if lines else "") + "}}"


def record(vault: Vault | str | os.PathLike | None, path: str | os.PathLike, *,
           codes: Iterable[str] = (), ids: Iterable[str] = (), kind: str = "export",
           regenerate: str | None = None, ids_per_code: dict[str, Iterable[str]] | None = None
           ) -> None:
    """Note that ``path`` was made from the narratives of ``codes`` (and narrative ``ids``).

    Args:
        vault: the vault (``None``: the user's vault).
        path: the derived file.
        codes: participant codes it carries.
        ids: narrative ids it carries.
        kind: a key of :data:`KINDS`.
        regenerate: the command that makes the file again (shown after a withdrawal).
        ids_per_code: the narrative ids per participant code (a handreiking's quotes: a
            withdrawal outside a work folder then knows which quotes to take out).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    v = as_vault(vault)
    entry = {"soort": kind, "codes": sorted({str(c) for c in codes if str(c)}),
             "ids": sorted({str(i) for i in ids if str(i)}), "opnieuw": regenerate or ""}
    if ids_per_code:
        entry["ids_per_code"] = {
            str(c): sorted({str(i) for i in v_ids}) for c, v_ids in ids_per_code.items() if str(c)}
    name = str(Path(path).resolve())
    from kit.io import locked

    with locked(v.file(LINEAGE_FILE)):  # another harvest or notebook may record at once
        files = _read(v)
        if files.get(name) == entry:
            return  # made again from the same narratives (a rerun): nothing new to note
        files[name] = entry
        _write(v, files)


def narratives_of(source) -> dict[str, str]:
    """``{narrative id: participant code}`` of a narratives source: a work folder (its
    ``narratieven.csv``), a narratives CSV or Excel file, or a table (DataFrame or rows) with
    an ``id`` and a ``participant`` column; ``{}`` when the source has no participants
    (a corpus of public texts).

    >>> narratives_of([{"id": "n1", "participant": "P01"}, {"id": "n2", "participant": ""}])
    {'n1': 'P01'}
    """
    rows = None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            path = path / "narratieven.csv"
        if not path.is_file() or path.suffix.lower() not in {".csv", ".tsv", ".xlsx"}:
            return {}
        import pandas as pd

        try:
            if path.suffix.lower() == ".xlsx":
                frame = pd.read_excel(path, dtype=str, keep_default_na=False)
            else:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None,
                                    engine="python", encoding="utf-8-sig")
        except Exception:  # noqa: BLE001 - not a table of narratives: nothing to record
            return {}
        rows = frame.to_dict("records")
    elif hasattr(source, "to_dict") and hasattr(source, "columns"):
        rows = source.to_dict("records")
    elif isinstance(source, (list, tuple)):
        rows = [r for r in source if isinstance(r, dict)]
    if not rows:
        return {}
    out = {}
    for row in rows:
        lowered = {str(k).strip().lower(): v for k, v in row.items()}
        narrative, code = str(lowered.get("id", "") or "").strip(), \
            str(lowered.get("participant", "") or "").strip()
        if narrative and code:
            out[narrative] = code
    return out


def record_narratives(path: str | os.PathLike, narratives: dict[str, str], *, kind: str,
                      regenerate: str, ids: Iterable[str] | None = None, vault=None,
                      per_code: bool = False) -> None:
    """Note ``path`` in the lineage index with the participants of ``narratives``
    (``{id: code}``, see :func:`narratives_of`), or of ``ids`` among them only; nothing when
    no participant is behind it.

    Args:
        per_code: also note which narrative ids belong to which code (a handreiking's quotes).
    """
    chosen = narratives if ids is None else {i: narratives[i] for i in ids if i in narratives}
    if not chosen:
        return
    grouped: dict[str, list[str]] = {}
    for narrative, code in chosen.items():
        grouped.setdefault(code, []).append(narrative)
    record(vault, path, codes=grouped, ids=chosen, kind=kind, regenerate=regenerate,
           ids_per_code=grouped if per_code else None)


def entries(vault: Vault | str | os.PathLike | None) -> dict[Path, dict]:
    """Every recorded derived file and its entry."""
    return {Path(p): e for p, e in _read(as_vault(vault)).items()}


def forget(vault: Vault | str | os.PathLike | None, paths: Iterable[str | os.PathLike]) -> None:
    """Remove entries (files that no longer exist or no longer carry anyone)."""
    from kit.io import locked

    v = as_vault(vault)
    gone = {str(Path(p).resolve()) for p in paths}
    with locked(v.file(LINEAGE_FILE)):
        files = _read(v)
        if gone & set(files):
            _write(v, {p: e for p, e in files.items() if p not in gone})


def codes_in(tables) -> set[str]:
    """The participant codes in a set of tables (``{name: DataFrame}``; a ``participant``
    column of any of them).

    >>> import pandas as pd
    >>> sorted(codes_in({"narratives": pd.DataFrame({"participant": ["P01", "P02", ""]})}))
    ['P01', 'P02']
    """
    codes: set[str] = set()
    for table in tables.values():
        columns = getattr(table, "columns", ())
        if "participant" in columns:
            codes |= {str(v).strip() for v in table["participant"].tolist() if str(v).strip()}
    return codes


def _store_codes(path: Path) -> set[str]:
    """The participant codes in one ``narratieven.csv``.

    Raises:
        InputError: when it cannot be read (naming the file).
    """
    from kit.errors import InputError
    from kit.io import read_csv

    try:
        frame = read_csv(path)
    except OSError as exc:
        raise InputError(f"kan dit bestand niet lezen ({exc.strerror or exc})", path=path) from None
    return codes_in({"s": frame})


def stores_in(folder: str | os.PathLike) -> set[str]:
    """The participant codes of every narratives store (``narratieven.csv``) under ``folder``.

    Raises:
        InputError: when a store cannot be read (a broken store is never taken for an empty
            one; :func:`record_stores` records it as ``onleesbaar`` instead).
    """
    from kit.privacy.removal import NARRATIVES_FILE

    codes: set[str] = set()
    for path in sorted(Path(folder).rglob(NARRATIVES_FILE)):
        codes |= _store_codes(path)
    return codes


def record_stores(folder: str | os.PathLike, vault: Vault | str | os.PathLike | None = None
                  ) -> list[Path]:
    """Note every narratives store under ``folder`` (a collected submission) in the index.

    A readable store with participant codes becomes a ``werkmap`` entry (a withdrawal cleans it
    row by row); a store that cannot be read becomes an ``onleesbaar`` entry, so that every
    withdrawal names its folder as a place to check by hand (:func:`recheck_unreadable` reads
    it again first). A broken store never stops the caller: ``collect`` goes on for the class.

    Returns:
        The folders whose store could not be read.
    """
    from kit.errors import InputError
    from kit.privacy.removal import NARRATIVES_FILE

    unreadable: list[Path] = []
    for store in sorted(Path(folder).rglob(NARRATIVES_FILE)):
        try:
            codes = _store_codes(store)
        except InputError:
            record(vault, store.parent, kind="onleesbaar")
            unreadable.append(store.parent)
            continue
        if codes:
            record(vault, store.parent, codes=codes, kind="werkmap")
        elif store.parent.resolve() in entries(vault):  # read now, and nobody in it
            forget(vault, [store.parent])
    return unreadable


def recheck_unreadable(vault: Vault | str | os.PathLike | None) -> list[Path]:
    """Read the stores recorded as ``onleesbaar`` again (before a withdrawal).

    A store that reads now becomes a ``werkmap`` entry with its codes (or is forgotten when
    nobody is in it); a folder that is gone is forgotten.

    Returns:
        The folders still unreadable.
    """
    from kit.privacy.removal import NARRATIVES_FILE

    still: list[Path] = []
    for path, entry in entries(vault).items():
        if entry.get("soort") != "onleesbaar":
            continue
        if not (path / NARRATIVES_FILE).is_file():
            forget(vault, [path])
        elif record_stores(path, vault):
            still.append(path)
    return still


def work_copies(vault: Vault | str | os.PathLike | None, participant: str) -> list[Path]:
    """Recorded copies of work folders that carry ``participant``, with nbgrader's later copies
    of each submission (``autograded/`` and ``feedback/`` beside ``submitted/``)."""
    out: list[Path] = []
    for path, entry in entries(vault).items():
        if entry.get("soort") != "werkmap" or participant not in entry.get("codes", ()):
            continue
        out.append(path)
        parts = path.parts
        if "submitted" in parts:
            at = len(parts) - 1 - parts[::-1].index("submitted")
            for step in ("autograded", "feedback"):
                sibling = Path(*parts[:at], step, *parts[at + 1:])
                if sibling.is_dir():
                    out.append(sibling)
    return [p for p in out if p.is_dir()]
