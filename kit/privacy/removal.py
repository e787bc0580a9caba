"""Remove a person's narratives, and everything derived from them, from work folders.

The contract the other areas follow: narratives live in
``<work folder>/narratieven.csv`` with the columns ``id`` and ``participant``;
derived CSV files anywhere under that folder (``coderingen.csv``, dialogue
tables ...) point to narratives in a column ``document`` or ``narrative_id``.
:func:`remove_participants` first reads and checks every file, then rewrites
each changed file atomically, and reports how many rows left each file.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "narratieven.csv").write_text("id,participant,tekst\\nn1,P01,a\\nn2,P02,b\\n")
>>> _ = (folder / "coderingen.csv").write_text("document,code\\nn1,thuis\\nn2,werk\\nn1,steun\\n")
>>> report = remove_participants({"P01"}, [folder])
>>> sorted((pathlib.Path(p).name, n) for p, n in report.items())
[('coderingen.csv', 2), ('narratieven.csv', 1)]
>>> (folder / "coderingen.csv").read_text()
'document,code\\nn2,werk\\n'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["NARRATIVES_FILE", "REFERENCE_COLUMNS", "remove_participants"]

NARRATIVES_FILE = "narratieven.csv"
#: Columns in derived CSV files that hold a narrative id.
REFERENCE_COLUMNS = ("document", "narrative_id")
_SKIP_DIRS = {".ipynb_checkpoints", ".git", "__pycache__"}


def _csv_header(path: Path) -> list[str]:
    from kit.io import read_text

    first = read_text(path).split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    return [c.strip().strip('"') for c in first.split(sep)]


def _derived_csvs(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.lower().endswith(".csv") and not name.startswith("."):
                path = Path(root) / name
                if path != folder / NARRATIVES_FILE:
                    found.append(path)
    return found


def remove_participants(participants: Iterable[str], folders: Iterable[str | os.PathLike]
                        ) -> dict[str, int]:
    """Remove the participants' narratives and every row that refers to them.

    Args:
        participants: participant codes.
        folders: work folders (each may hold ``narratieven.csv`` and derived CSVs).

    Returns:
        ``{file path: rows removed}`` for every file that changed.

    Raises:
        InputError: when a file that must be changed cannot be read; nothing is written then.
    """
    from kit.io import read_csv, read_csv_as_written, write_csv, write_csv_as_written

    codes = {str(p) for p in participants}
    plans: list[tuple[Path, object, int]] = []
    for folder in (Path(f) for f in folders):
        narratives = folder / NARRATIVES_FILE
        if not narratives.is_file():
            continue
        frame = read_csv(narratives, required=["id", "participant"])
        gone = frame["participant"].astype(str).str.strip().isin(codes)
        removed_ids = set(frame.loc[gone, "id"].astype(str).str.strip())
        if gone.any():
            plans.append((narratives, frame.loc[~gone], int(gone.sum()), None))
        if not removed_ids:
            continue
        for path in _derived_csvs(folder):
            header = _csv_header(path)
            columns = [c for c in REFERENCE_COLUMNS if c in header]
            if not columns:
                continue
            derived, dialect = read_csv_as_written(path)
            hit = derived[columns].apply(
                lambda col, ids=frozenset(removed_ids): col.astype(str).str.strip().isin(ids))
            rows = hit.any(axis=1)
            if rows.any():
                plans.append((path, derived.loc[~rows], int(rows.sum()), dialect))
    report: dict[str, int] = {}
    for path, kept, count, dialect in plans:
        if dialect is None:
            write_csv(kept, path)
        else:  # a table someone else wrote keeps its separator, BOM and line ending
            write_csv_as_written(kept, path, dialect)
        report[str(path)] = count
    return report
