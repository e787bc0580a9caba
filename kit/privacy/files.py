"""Pseudonymise whole files: text and Markdown, CSV and Excel, notebooks.

- ``.txt``/``.md``: line structure kept (line n of the output is line n of the input);
- ``.csv``/``.xlsx``: the chosen columns (default: every column with letters or digits,
  checked by content whatever its name; codes that identify nobody stay as they are);
- ``.ipynb``: every part the privacy scan reads (:func:`kit.privacy.readers.notebook_pieces`):
  cell sources, outputs of every text-like type (text, HTML, SVG, JSON, Markdown, ...), output,
  cell and notebook metadata (saved widget state too), text attachments; a picture as an
  attachment cannot be cleaned and is refused, as the scan refuses it.

Everything is read and checked first, then written atomically.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "n.txt").write_text("Bel 0612345678\\n\\nik ben 19\\n")
>>> from kit.privacy.pseudonymise import Pseudonymiser
>>> p = Pseudonymiser(folder / "kluis", use_deduce=False)
>>> out, counts = pseudonymise_file(folder / "n.txt", pseudonymiser=p)
>>> out.name, counts
('n-gepseudonimiseerd.txt', {'TELEFOON': 1, 'LEEFTIJD': 1})
>>> len(out.read_text().splitlines())
3
"""

from __future__ import annotations

import os
from pathlib import Path

from kit.errors import InputError

__all__ = ["pseudonymise_file", "clean_strings", "default_output", "CODE_COLUMNS", "SUPPORTED"]

SUPPORTED = (".txt", ".md", ".csv", ".xlsx", ".ipynb")
#: Columns that hold codes of the kit itself (no longer skipped: checked by content like
#: every column; kept for callers that name them).
CODE_COLUMNS = frozenset({"id", "participant", "document", "narrative_id", "start", "end",
                          "code", "coder", "cohort", "framework", "synthetic", "kader"})


def default_output(path: str | os.PathLike) -> Path:
    """``notities.txt`` -> ``notities-gepseudonimiseerd.txt`` beside it.

    >>> default_output("map/notities.md").as_posix()
    'map/notities-gepseudonimiseerd.md'
    """
    p = Path(path)
    return p.with_name(f"{p.stem}-gepseudonimiseerd{p.suffix}")


class _Collecting:
    """A pseudonymiser that also keeps the warnings of every text it pseudonymises."""

    def __init__(self, pseudonymiser, warnings: list[str]) -> None:
        self._inner = pseudonymiser
        self._warnings = warnings

    def pseudonymise(self, text: str):
        result = self._inner.pseudonymise(text)
        self._warnings.extend(result.warnings)
        return result


def _add(counts: dict[str, int], new: dict[str, int]) -> None:
    for key, value in new.items():
        counts[key] = counts.get(key, 0) + value


def _text_columns(frame) -> list[str]:
    """Every column with a letter or a digit in some cell: columns are checked by their
    content, never trusted by their name (a ``participant`` column may hold a name, a
    column of digits a phone number, BSN or date of birth). Codes and numbers that identify
    nobody come through unchanged.

    >>> import pandas as pd
    >>> _text_columns(pd.DataFrame({"participant": ["P01"], "tel": ["06 12 34 56 78"], "leeg": [None]}))
    ['participant', 'tel']
    """
    chosen = []
    for column in frame.columns:
        values = frame[column].dropna().astype(str)
        if values.str.contains(r"[^\W_]", regex=True).any():
            chosen.append(column)
    return chosen


def _frame(frame, columns, pseudonymiser, counts, path, sheet=None):
    missing = [c for c in (columns or []) if c not in frame.columns]
    if missing:
        where = f"blad '{sheet}', " if sheet else ""
        raise InputError("deze kolom staat niet in het bestand", path=path,
                         place=f"{where}kolom '{missing[0]}'")
    chosen = list(columns) if columns else _text_columns(frame)
    out = frame.copy()
    for column in chosen:
        new_values = []
        for value in out[column].tolist():
            if value is None or (isinstance(value, float) and value != value) or str(value) == "":
                new_values.append(value)
                continue
            result = pseudonymiser.pseudonymise(str(value))
            _add(counts, result.counts)
            new_values.append(result.text)
        out[column] = new_values
    return out


def pseudonymise_file(path: str | os.PathLike, output: str | os.PathLike | None = None, *,
                      columns: list[str] | None = None, pseudonymiser=None,
                      warnings: list[str] | None = None) -> tuple[Path, dict[str, int]]:
    """Pseudonymise ``path`` into ``output`` (default: ``<name>-gepseudonimiseerd<ext>``).

    Args:
        path: the input file (.txt, .md, .csv, .xlsx, .ipynb).
        output: where to write.
        columns: for CSV/Excel, the columns to pseudonymise (default: every text column).
        pseudonymiser: a :class:`~kit.privacy.pseudonymise.Pseudonymiser` (default: one on
            the user's vault).
        warnings: a list that receives the Dutch warnings about indirect identifiers
            (descriptions that point at one person), with their place.

    Returns:
        ``(output path, {category: number replaced})``.

    Raises:
        InputError: unsupported type, unreadable file, unknown column.
    """
    from kit.io import atomic_write_text, read_text

    source = Path(path)
    suffix = source.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError("dit bestandstype kan niet gepseudonimiseerd worden (wel: "
                         + ", ".join(SUPPORTED) + ")", path=source)
    if not source.is_file():
        raise InputError("het bestand bestaat niet", path=source)
    target = Path(output) if output is not None else default_output(source)
    if pseudonymiser is None:
        from kit.privacy.pseudonymise import Pseudonymiser

        pseudonymiser = Pseudonymiser()
    counts: dict[str, int] = {}
    if warnings is not None:
        pseudonymiser = _Collecting(pseudonymiser, warnings)
    if suffix in {".txt", ".md"}:
        text = read_text(source)
        result = pseudonymiser.pseudonymise(text)
        if len(result.text.splitlines()) != len(text.splitlines()):  # pragma: no cover - guard
            raise InputError("de regelindeling veranderde bij het pseudonimiseren", path=source)
        _add(counts, result.counts)
        atomic_write_text(target, result.text)
    elif suffix == ".csv":
        from kit.io import read_csv, write_csv

        frame = _frame(read_csv(source), columns, pseudonymiser, counts, source)
        write_csv(frame, target)
    elif suffix == ".xlsx":
        import pandas as pd

        try:
            sheets = pd.read_excel(source, sheet_name=None, dtype=str)
        except Exception as exc:  # noqa: BLE001
            raise InputError(f"geen leesbaar Excel-bestand ({type(exc).__name__})",
                             path=source) from None
        done = {name: _frame(frame, columns, pseudonymiser, counts, source, name)
                for name, frame in sheets.items()}
        from kit.io import atomic_write

        with atomic_write(target, "wb") as fh, pd.ExcelWriter(fh, engine="openpyxl") as writer:
            for name, frame in done.items():
                frame.to_excel(writer, sheet_name=name, index=False)
    else:
        import nbformat

        try:
            nb = nbformat.read(str(source), as_version=4)
        except Exception as exc:  # noqa: BLE001
            raise InputError(f"geen geldig notebook ({type(exc).__name__})", path=source) from None

        def clean(value: str) -> str:
            result = pseudonymiser.pseudonymise(value)
            _add(counts, result.counts)
            return result.text

        _notebook(nb, clean, source)
        atomic_write_text(target, nbformat.writes(nb) + "\n")
    return target, counts


#: Output types that are pictures: no text to clean (a plot is drawn from data that was cleaned).
_RASTER = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp")


def clean_strings(data, clean):
    """``data`` (JSON-like) with every string, values and keys, passed through ``clean``.

    >>> clean_strings({"Jan": ["Jan", 3, {"x": "Jan"}]}, lambda t: t.replace("Jan", "[P]"))
    {'[P]': ['[P]', 3, {'x': '[P]'}]}
    """
    if isinstance(data, str):
        return clean(data)
    if isinstance(data, dict):
        return {clean(k) if isinstance(k, str) else k: clean_strings(v, clean)
                for k, v in data.items()}
    if isinstance(data, list):
        return [clean_strings(v, clean) for v in data]
    return data


def _notebook(nb, clean, source: Path) -> None:
    """Clean every part of a notebook in place (the parts the scan reads, same places)."""
    import nbformat

    def node(data):
        return nbformat.from_dict(clean_strings(data, clean))

    nb.metadata = node(dict(nb.get("metadata") or {}))
    for number, cell in enumerate(nb.cells, start=1):
        cell.source = clean(cell.source)
        meta = dict(cell.get("metadata") or {})
        keep = {"tags": meta.pop("tags", None)}
        grading = meta.pop("nbgrader", None)
        if isinstance(grading, dict):  # the checksum is a hash of the cell, not text
            checksum = grading.get("checksum")
            grading = clean_strings({k: v for k, v in grading.items() if k != "checksum"}, clean)
            if checksum is not None:
                grading["checksum"] = checksum
        cell.metadata = node(meta)
        for key, value in (("tags", keep["tags"]), ("nbgrader", grading)):
            if value is not None:
                cell.metadata[key] = nbformat.from_dict(value) if isinstance(value, dict) else value
        for name, bundle in (cell.get("attachments") or {}).items():
            for mime in bundle or {}:
                if mime.startswith("image/") and mime != "image/svg+xml" or \
                        mime in ("application/pdf", "application/octet-stream"):
                    raise InputError(f"cel {number}: de bijlage '{name}' ({mime}) is een plaatje "
                                     "of bestand en kan niet gepseudonimiseerd worden; haal het "
                                     "weg of zet de tekst erin als tekst", path=source)
        if cell.get("attachments"):
            cell.attachments = node(dict(cell.attachments))
        for output in cell.get("outputs", []) or []:
            for key in ("text", "ename", "evalue"):
                if isinstance(output.get(key), str):
                    output[key] = clean(output[key])
            if output.get("traceback"):
                output["traceback"] = [clean(line) for line in output["traceback"]]
            data = output.get("data") or {}
            for mime in list(data):
                if mime not in _RASTER:
                    data[mime] = clean_strings(data[mime], clean)
            if output.get("metadata"):
                output["metadata"] = node(dict(output["metadata"]))
