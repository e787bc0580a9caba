"""Withdrawal reaches every copy the kit can reach, and names the ones it cannot.

After the narratives and the rows that refer to them are gone (:mod:`kit.privacy.removal`),
:func:`clean_derived` walks

- every file of the lineage index (:mod:`kit.privacy.lineage`) that carries the participant;
- every file in the registered work folders that carries the participant by content:
  exports (``.csv``/``.xlsx`` with a ``participant`` column or a column of narrative ids),
  REFI-QDA projects (``.qdpx``: a source named after a withdrawn narrative), a handreiking's
  ``inhoud.yaml`` (a quote from a withdrawn narrative) with its HTML and Word files, keyness
  tables and pseudonymised notes made from the participant's narratives or notes;
- the raw notes of the participant in the vault (``ruwe-notities/<code>...``);
- the folders the kit's seams recorded: a collected submission's narratives store
  (``submitted/``, with ``autograded/`` and ``feedback/`` beside it) is cleaned row by row
  like a work folder; a harvest (``oogst.yaml``) or a weegmoment report (``index.html``)
  that carries the participant is removed whole, with the command that makes it again;

removes the participant's rows, or removes the file when it cannot be cleaned row by row
(a project, an aggregate, a document), and returns what it did and the command that makes
each removed file again. :data:`UNREACHABLE` lists, in Dutch, the copies outside the kit's
reach when no seam recorded them (copies made by hand, the class server) with the command
that cleans each.

:func:`erase` is the whole walk for one participant (the work folders and every copy the
lineage knows, then :func:`clean_derived`): ``iids privacy consent withdraw`` and
``iids privacy purge`` both run it. A place it cannot read stops nothing: every other copy is
still cleaned, and the place is named "niet te lezen, controleer met de hand"
(:attr:`DerivedCleanup.unreadable`); the commands then exit with status 1, and their report
never calls the erasure complete while such a place is left.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DerivedCleanup", "clean_derived", "erase", "UNREACHABLE", "UNCHECKED"]

#: Where copies live that the kit cannot clean itself, and how to clean each (Dutch).
UNREACHABLE = (
    ("inleveringen in nbgrader (submitted/, autograded/, feedback/ in de cursusmap)",
     "iids privacy consent withdraw {code} --werkmap CURSUSMAP/submitted/STUDENT/OPDRACHT/mijn-werk "
     "(voor elke inlevering met dit verhaal; daarna opnieuw nakijken met iids grade autograde)"),
    ("oogsten (uitvoermappen van iids harvest)",
     "iids harvest CURSUSMAP -o MAP (oogst opnieuw; de nieuwe oogst bevat het verhaal niet meer) "
     "en verwijder de oude oogstmap"),
    ("de klasserver (de werkmappen van studenten op JupyterHub)",
     "iids privacy consent withdraw {code} --werkmap /home/STUDENT/mijn-werk (op de server, per "
     "student die het verhaal gebruikte), daarna iids hub doctor"),
    ("het weegmomentrapport (iids evaluate)",
     "iids evaluate ... opnieuw uitvoeren nadat de oogst is vernieuwd"),
)

#: How a place the walk could not read is named (Dutch), before what to do about it.
UNCHECKED = "niet te lezen, controleer met de hand"

_REGENERATE = {
    "qdpx": "iids analysis refi-export ... (maak het REFI-QDA-project opnieuw)",
    "keyness": "iids analysis keyness ... (bereken de kenmerkende woorden opnieuw)",
    "handreiking": "iids dialogue handreiking ... (maak de handreiking opnieuw)",
    "notities": "iids privacy pseudonymise ... (op de notities die overblijven)",
    "aggregaat": "maak dit bestand opnieuw met de opdracht waarmee het gemaakt is",
    "oogst": "iids harvest CURSUSMAP -o MAP (oogst opnieuw)",
    "controlepunt": "niets te doen: JupyterLab maakt een nieuw controlepunt bij de volgende keer "
                    "opslaan",
    "rapport": "iids evaluate ... (maak het rapport opnieuw van de nieuwe oogst)",
}
_SKIP_DIRS = {".git", "__pycache__"}
#: JupyterLab's copies of the files a student opened (its "revert to checkpoint")
CHECKPOINTS = ".ipynb_checkpoints"
_ID_COLUMNS = ("id", "document", "narrative_id", "narratief", "verhaal")
_CODE_COLUMNS = ("participant", "deelnemer", "deelnemerscode")


@dataclass
class DerivedCleanup:
    """What :func:`clean_derived` did.

    Attributes:
        rows: ``{file: rows removed}`` for exports cleaned row by row (by :func:`erase`: also
            the narratives and the rows referring to them in the work folders and copies).
        removed: ``{file: command that makes it again}`` for files removed whole.
        raw_notes: how many raw notes in the vault were removed.
        unreadable: tables that could not be read (the report names them).
    """

    rows: dict[str, int] = field(default_factory=dict)
    removed: dict[str, str] = field(default_factory=dict)
    raw_notes: int = 0
    #: tables that could not be read (checked by hand; never skipped silently)
    unreadable: list[str] = field(default_factory=list)


def _files(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            yield Path(root) / name


def _table_rows(frame, codes: set[str], ids: set[str]):
    """A boolean Series: rows of ``frame`` that carry a withdrawn code or narrative id."""
    hit = None
    lowered = {str(c).strip().lower(): c for c in frame.columns}
    for name in _CODE_COLUMNS + _ID_COLUMNS:
        column = lowered.get(name)
        if column is None:
            continue
        wanted = codes if name in _CODE_COLUMNS else ids
        rows = frame[column].astype(str).str.strip().isin(wanted)
        hit = rows if hit is None else (hit | rows)
    return hit


def _clean_csv(path: Path, codes: set[str], ids: set[str]) -> int:
    from kit.io import read_csv_as_written, write_csv_as_written

    frame, dialect = read_csv_as_written(path)
    hit = _table_rows(frame, codes, ids)
    if hit is None or not hit.any():
        return 0
    write_csv_as_written(frame.loc[~hit], path, dialect)
    return int(hit.sum())


def _clean_xlsx(path: Path, codes: set[str], ids: set[str]) -> int:
    import io

    import pandas as pd

    from kit.io import atomic_write_bytes

    sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    removed = 0
    cleaned = {}
    for name, frame in sheets.items():
        hit = _table_rows(frame, codes, ids)
        if hit is not None and hit.any():
            removed += int(hit.sum())
            frame = frame.loc[~hit]
        cleaned[name] = frame
    if removed:
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            for name, frame in cleaned.items():
                frame.to_excel(writer, sheet_name=name, index=False)
        atomic_write_bytes(path, buffer.getvalue())
    return removed


def _qdpx_carries(path: Path, ids: set[str]) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("project.qde").decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    names = set(re.findall(r'<(?:\w+:)?TextSource[^>]*\bname="([^"]*)"', xml))
    return bool(names & ids)


def _handreiking_quotes(path: Path, ids: set[str]) -> int:
    """Remove quotes from withdrawn narratives from an ``inhoud.yaml``; how many went."""
    from kit.io import read_yaml, write_yaml

    try:
        data = read_yaml(path)
    except Exception:  # noqa: BLE001 - not a handreiking: leave it
        return 0
    quotes = data.get("citaten") if isinstance(data, dict) else None
    if not isinstance(quotes, list):
        return 0
    kept = [q for q in quotes if not (isinstance(q, dict) and str(q.get("narratief", "")).strip() in ids)]
    if len(kept) == len(quotes):
        return 0
    data["citaten"] = kept
    write_yaml(data, path)
    return len(quotes) - len(kept)


def _own_notes(path: Path, participant: str, pseudonymised: bool = True) -> bool:
    """Notes of this participant: the file name starts with the code (``P07_gesprek.txt``);
    in a work folder only pseudonymised copies (``P07_gesprek-gepseudonimiseerd.txt``).

    >>> _own_notes(Path("P07_gesprek-gepseudonimiseerd.txt"), "P07"), _own_notes(Path("P070.txt"), "P07")
    (True, False)
    """
    if not re.match(rf"{re.escape(participant)}(?![A-Za-z0-9])", path.name):
        return False
    return not pseudonymised or "gepseudonimiseerd" in path.name


def clean_derived(vault, participant: str, ids_by_folder: dict[Path, set[str]],
                  folders: Iterable[Path]) -> DerivedCleanup:
    """Remove ``participant`` (and their narratives) from every derived file.

    Args:
        vault: the vault (lineage index, raw notes).
        participant: the participant code.
        ids_by_folder: per work folder, the ids of the participant's narratives there (read
            before they were removed; ids are unique per folder only).
        folders: the work folders to walk.
    """
    def ids_for(path: Path) -> set[str]:
        found: set[str] = set()
        for folder, ids in ids_by_folder.items():
            if path == folder or folder in path.parents:
                found |= ids
        return found

    from kit.privacy.lineage import FOLDER_MARKERS, UNREADABLE_NOTE, entries, forget
    from kit.privacy.removal import NARRATIVES_FILE
    from kit.privacy.vault import RAW_NOTES

    codes = {participant}
    result = DerivedCleanup()
    done: set[Path] = set()
    gone: list[Path] = []

    def remove(path: Path, kind: str, regenerate: str = "") -> None:
        if path.is_dir():
            import shutil

            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        result.removed[str(path)] = regenerate or _REGENERATE.get(kind, _REGENERATE["aggregaat"])
        gone.append(path)

    # 1. files the lineage index knows
    for path, entry in entries(vault).items():
        if entry.get("soort") == "onleesbaar":  # nobody knows who is in it: check by hand
            if path.exists():
                result.unreadable.append(f"{path / NARRATIVES_FILE} ({UNREADABLE_NOTE})")
            else:
                gone.append(path)
            continue
        ids = ids_for(path) | set((entry.get("ids_per_code") or {}).get(participant, ()))
        carries = participant in entry.get("codes", ()) or bool(ids & set(entry.get("ids", ())))
        if not carries:
            continue
        done.add(path)
        if not path.exists():
            gone.append(path)
            continue
        kind = entry.get("soort", "aggregaat")
        if kind == "werkmap":
            continue  # cleaned row by row with the work folders (see ConsentRegister.withdraw)
        if kind in FOLDER_MARKERS:
            if path.is_dir() and (path / FOLDER_MARKERS[kind]).is_file():
                remove(path, kind, entry.get("opnieuw", ""))
            else:
                result.unreadable.append(f"{path} ({UNCHECKED})")
            continue
        if kind == "export" and path.suffix.lower() in {".csv", ".tsv", ".xlsx"}:
            try:
                count = (_clean_xlsx if path.suffix.lower() == ".xlsx" else _clean_csv)(
                    path, codes, ids)
            except Exception:  # noqa: BLE001 - a broken export: named in the report
                result.unreadable.append(f"{path} ({UNCHECKED})")
                count = 0
            if count:
                result.rows[str(path)] = count
        elif kind == "handreiking" and path.suffix.lower() in {".yaml", ".yml"}:
            if _handreiking_quotes(path, ids):
                result.rows[str(path)] = result.rows.get(str(path), 0) + 1
        else:
            remove(path, kind, entry.get("opnieuw", ""))
    # 2. files in the work folders, judged by content
    for folder in folders:
        if not Path(folder).is_dir():
            continue
        ids = ids_for(Path(folder))
        handreiking_folders = set()
        for path in _files(Path(folder)):
            if path in done or path.name == NARRATIVES_FILE:
                continue
            suffix = path.suffix.lower()
            if suffix in {".csv", ".tsv", ".xlsx"}:
                try:
                    count = (_clean_xlsx if suffix == ".xlsx" else _clean_csv)(path, codes, ids)
                except Exception:  # noqa: BLE001 - a broken table: named in the report
                    result.unreadable.append(f"{path} ({UNCHECKED})")
                    count = 0
                if count:
                    result.rows[str(path)] = count
            elif suffix == ".qdpx" and _qdpx_carries(path, ids):
                remove(path, "qdpx")
            elif path.name in {"inhoud.yaml", "inhoud.yml"} and _handreiking_quotes(path, ids):
                result.rows[str(path)] = result.rows.get(str(path), 0) + 1
                handreiking_folders.add(path.parent)
            elif _own_notes(path, participant):
                remove(path, "notities")
            if path.exists() and path.name.lower().startswith("keyness") and ids:
                remove(path, "keyness")  # word counts over all narratives, the withdrawn ones too
        if ids:
            # JupyterLab's checkpoints: copies of notebooks and tables as they were, with the
            # withdrawn stories in their outputs; removed whole (only the 'revert' point goes)
            for checkpoints in sorted(Path(folder).rglob(CHECKPOINTS)):
                if checkpoints.is_dir():
                    remove(checkpoints, "controlepunt")
        if handreiking_folders or ids:
            # the documents made from a handreiking whose quotes changed, or from a work folder
            # that held the participant's narratives (they may quote them): made again
            for document in _files(Path(folder)):
                if document.name.lower().startswith("handreiking") and document.exists() and \
                        document.suffix.lower() in {".html", ".docx", ".pdf"}:
                    remove(document, "handreiking")
    # 3. raw notes and pseudonymised notes in the vault
    from kit.privacy.vault import as_vault

    notes = as_vault(vault).file(RAW_NOTES)
    if notes.is_dir():
        for path in sorted(notes.rglob("*")):
            if path.is_file() and _own_notes(path, participant, pseudonymised=False):
                path.unlink()
                result.raw_notes += 1
    forget(vault, gone)
    return result


def erase(vault, participant: str, folders: Iterable[str | os.PathLike]) -> DerivedCleanup:
    """Remove ``participant`` from every place the kit knows: the whole walk of a withdrawal.

    The unreadable copies in the lineage index are read again first
    (:func:`kit.privacy.lineage.recheck_unreadable`); then, in ``folders`` and in every recorded
    copy of a work folder that carries the participant (:func:`kit.privacy.lineage.work_copies`),
    the narratives and the rows that refer to them go (:func:`kit.privacy.removal.remove_participants`,
    per folder: a folder is changed whole or not at all), and :func:`clean_derived` reaches the
    derived files. A folder that cannot be read is left untouched and named
    (:data:`UNCHECKED`) while the walk goes on; a recorded copy whose ``narratieven.csv`` broke
    after it was recorded becomes ``onleesbaar`` in the index, so every later withdrawal names it
    too until it reads again.

    Args:
        vault: the vault.
        participant: the participant code.
        folders: the work folders (registered and extra).

    Returns:
        A :class:`DerivedCleanup`; its ``rows`` include the narratives removed, its
        ``unreadable`` every place left unchecked (empty: nothing the kit knows is left).
    """
    from kit.errors import InputError
    from kit.io import read_csv
    from kit.privacy.lineage import recheck_unreadable, record_stores, work_copies
    from kit.privacy.removal import NARRATIVES_FILE, remove_participants

    recheck_unreadable(vault)
    copies = {p.resolve() for p in work_copies(vault, participant)}
    walk = sorted({Path(f).resolve() for f in folders} | copies)
    rows: dict[str, int] = {}
    ids: dict[Path, set[str]] = {}
    named: list[str] = []
    for folder in walk:
        try:
            store = folder / NARRATIVES_FILE
            if store.is_file():  # the ids of the participant's narratives, before they go
                frame = read_csv(store, required=["id", "participant"])
                mine = frame["participant"].astype(str).str.strip() == participant
                ids[folder] = set(frame.loc[mine, "id"].astype(str).str.strip())
            rows.update(remove_participants([participant], [folder]))
        except (InputError, OSError) as exc:
            ids.pop(folder, None)
            if folder in copies and record_stores(folder, vault):
                continue  # now 'onleesbaar' in the index: clean_derived names it
            where = getattr(exc, "path", None) or folder
            reason = exc.message if isinstance(exc, InputError) else (exc.strerror or str(exc))
            named.append(f"{where} ({UNCHECKED}: {reason}; niets in {folder} is opgeschoond; "
                         f"herstel het bestand en voer dit opnieuw uit)")
    result = clean_derived(vault, participant, ids, walk)
    result.rows = {**rows, **{p: rows.get(p, 0) + n for p, n in result.rows.items()}}
    seen = {entry.split(" (", 1)[0] for entry in named}
    result.unreadable = named + [u for u in result.unreadable if u.split(" (", 1)[0] not in seen]
    return result
