"""Find personal data in files before they reach a notebook, a report or git.

:func:`scan_paths` walks folders recursively and reads notebooks (Markdown, code and
outputs), Markdown, text, CSV, Excel, JSON and YAML. Every finding names the file,
the place (line, cell, row and column, field) and the category, with the value
masked (``06-****5678``), so the report itself leaks nothing. Labels the kit wrote
(``[PERSOON-3f2a]``) and public names from an allow-list are not findings.

Course material must be able to show synthetic examples, so these are skipped, each
visibly marked in the file itself: notebook cells tagged ``synthetisch``; lines between
``<!-- iids-scan: uit -->`` and ``<!-- iids-scan: aan -->``; CSV rows and JSON/YAML
objects with ``synthetic`` set to true (the kit's convention for synthetic records).
Dates on their own (``DATUM``) and plain web addresses (``URL``) are not reported unless
asked (schedules, deadlines and sources are not personal data); dates of birth, e-mail
addresses and social-media profiles always are.

>>> mask("06-12345678", "TELEFOON")
'06-****5678'
>>> mask("Fatima El Amrani", "PERSOON")
'F***** E* A*****'
>>> [(f.category, f.masked) for f in scan_text("Bel 06-12345678", use_deduce=False)]
[('TELEFOON', '06-****5678')]
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kit.errors import InputError
from kit.privacy.pseudonymise import DEFAULT_ALLOW_LIST, LABEL_PATTERN, find_spans, load_allow_list

__all__ = ["Finding", "mask", "scan_text", "scan_paths", "SCANNED_SUFFIXES", "format_findings",
           "DEFAULT_IGNORED", "SYNTHETIC_TAG"]

SCANNED_SUFFIXES = (".ipynb", ".md", ".txt", ".csv", ".xlsx", ".json", ".yaml", ".yml")
_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".ipynb_checkpoints",
              ".pytest_cache", ".mypy_cache", ".ruff_cache", "build", "dist"}
_NUMBERISH = {"TELEFOON", "BSN", "IBAN", "ID", "KENTEKEN", "POSTCODE"}
#: Categories the scan leaves out unless asked (see the module text).
DEFAULT_IGNORED = ("DATUM", "URL")
SYNTHETIC_TAG = "synthetisch"
_OFF = re.compile(r"<!--\s*iids-scan:\s*uit\s*-->")
_ON = re.compile(r"<!--\s*iids-scan:\s*aan\s*-->")
_TRUE = {"true", "1", "ja", "yes", "waar", "y", "j"}


def _blank_marked_regions(text: str) -> str:
    """Replace text between scan-off and scan-on markers by spaces (offsets and lines kept).

    >>> _blank_marked_regions("a <!-- iids-scan: uit -->Jan<!-- iids-scan: aan --> b").split()
    ['a', '<!--', 'iids-scan:', 'uit', '-->', '<!--', 'iids-scan:', 'aan', '-->', 'b']
    """
    out, position = [], 0
    for off in _OFF.finditer(text):
        if off.start() < position:
            continue
        on = _ON.search(text, off.end())
        end = on.start() if on else len(text)
        out.append(text[position:off.end()])
        out.append("".join(ch if ch == "\n" else " " for ch in text[off.end():end]))
        position = end
    out.append(text[position:])
    return "".join(out)


def _is_synthetic(value) -> bool:
    return str(value).strip().lower() in _TRUE


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a file.

    Attributes:
        path: the file ("" for a text scanned on its own).
        place: where in the file ("regel 3", "cel 7 (uitvoer)", "rij 5, kolom 'tekst'").
        category: a key of :data:`kit.privacy.detectors.CATEGORIES`.
        masked: the value with most characters hidden.
    """

    path: str
    place: str
    category: str
    masked: str

    def line(self) -> str:
        """One Dutch report line.

        >>> Finding("a.md", "regel 2", "TELEFOON", "06-****5678").line()
        'a.md, regel 2: TELEFOON 06-****5678'
        """
        where = ", ".join(p for p in (self.path, self.place) if p)
        return f"{where}: {self.category} {self.masked}"


def mask(value: str, category: str) -> str:
    """Hide most of ``value``: numbers keep their first 2 and last 4 characters, words
    their first letter.

    >>> mask("NL91ABNA0417164300", "IBAN")
    'NL****4300'
    >>> mask("ana.k@mail.com", "EMAIL")
    'a****@m***.com'
    >>> mask("19", "LEEFTIJD")
    '**'
    """
    value = " ".join(value.split())
    if category in _NUMBERISH:
        alnum = [i for i, ch in enumerate(value) if ch.isalnum()]
        if len(alnum) >= 8:
            head = value[:alnum[1] + 1]
            if alnum[1] + 1 < len(value) and not value[alnum[1] + 1].isalnum():
                head = value[:alnum[1] + 2]
            return head + "****" + value[alnum[-4]:]
        return value[:1] + "****"
    if category == "EMAIL" and "@" in value:
        user, _, domain = value.partition("@")
        host, dot, tld = domain.rpartition(".")
        return f"{user[:1]}****@{host[:1]}***{dot}{tld}"
    if category in {"LEEFTIJD", "DATUM", "GEBOORTEDATUM"}:
        return re.sub(r"[0-9A-Za-zÀ-ÿ]", "*", value)
    if category in {"ACCOUNT", "URL"}:
        return value[:2] + "*" * min(8, max(3, len(value) - 2))
    return " ".join(w[:1] + "*" * (len(w) - 1) for w in value.split())


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _findings(text: str, path: str, place_of, allow: list[str], use_deduce: bool,
              ignore: Iterable[str] = DEFAULT_IGNORED) -> list[Finding]:
    if not text or not text.strip():
        return []
    if "iids-scan" in text:
        text = _blank_marked_regions(text)
    labels = [m.span() for m in LABEL_PATTERN.finditer(text)]
    out = []
    for span in find_spans(text, use_deduce=use_deduce, allow_list=allow):
        if span.category in ignore or any(a < span.end and span.start < b for a, b in labels):
            continue
        out.append(Finding(path, place_of(span.start), span.category, mask(span.text, span.category)))
    return out


def scan_text(text: str, *, path: str = "", allow_list=DEFAULT_ALLOW_LIST,
              use_deduce: bool = True, ignore: Iterable[str] = DEFAULT_IGNORED) -> list[Finding]:
    """Find personal data in ``text``; places are line numbers.

    Args:
        text: the text.
        path: the file name to put in the findings.
        allow_list: public names to ignore (file, names, ``None``, or the kit's default list).
        use_deduce: also run deduce (default).
        ignore: categories not to report (default: ``DATUM`` and ``URL``; ``()`` for all).

    Returns:
        The findings in text order.
    """
    allow = load_allow_list(allow_list)
    return _findings(text, path, lambda o: f"regel {_line_of(text, o)}", allow, use_deduce,
                     tuple(ignore))


# --- readers: each yields (place function, text) -------------------------------------------------
def _cells_text(path: Path) -> Iterator[tuple[str, str]]:
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable notebook is bad input
        raise InputError(f"geen geldig notebook ({type(exc).__name__})", path=path) from None
    for number, cell in enumerate(nb.cells, start=1):
        if SYNTHETIC_TAG in (cell.get("metadata", {}).get("tags") or []):
            continue
        yield f"cel {number}", cell.get("source", "")
        for output in cell.get("outputs", []) or []:
            parts = []
            if "text" in output:
                parts.append(output["text"])
            for mime, value in (output.get("data") or {}).items():
                if mime.startswith("text/") or mime == "application/json":
                    parts.append(value if isinstance(value, str) else json.dumps(value))
            if output.get("traceback"):
                parts.append("\n".join(output["traceback"]))
            if output.get("evalue"):
                parts.append(output["evalue"])
            text = "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)
            if text.strip():
                yield f"cel {number} (uitvoer)", text


def _rows_text(frame, sheet: str | None = None) -> Iterator[tuple[list[tuple[int, int, str]], str]]:
    columns = [str(c) for c in frame.columns]
    header_parts, pieces, offset = [], [], 0
    for column in columns:
        header_parts.append((offset, offset + len(column), column))
        offset += len(column) + 2
    yield [(a, b, f"{'blad ' + repr(sheet) + ', ' if sheet else ''}rij 1 (kopregel)")
           for a, b, _c in header_parts], "\n\n".join(columns)
    synthetic = next((i for i, c in enumerate(columns) if c.strip().lower() == "synthetic"), None)
    for index, row in enumerate(frame.itertuples(index=False)):
        if synthetic is not None and _is_synthetic(row[synthetic]):
            continue
        pieces, places, offset = [], [], 0
        for column, value in zip(columns, row, strict=False):
            text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
            places.append((offset, offset + len(text),
                           f"{'blad ' + repr(sheet) + ', ' if sheet else ''}rij {index + 2}, "
                           f"kolom '{column}'"))
            pieces.append(text)
            offset += len(text) + 2
        yield places, "\n\n".join(pieces)


def _walk_strings(data, field: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield field or "hele bestand", data
    elif isinstance(data, dict):
        if _is_synthetic(data.get("synthetic", "")):
            return
        for key, value in data.items():
            yield from _walk_strings(value, f"{field}.{key}" if field else str(key))
            if isinstance(key, str):
                yield from ((f"{field}.{key} (sleutel)" if field else f"{key} (sleutel)", key),)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_strings(value, f"{field}[{i}]")


def _scan_file(path: Path, allow: list[str], use_deduce: bool,
               ignore: tuple[str, ...] = DEFAULT_IGNORED) -> list[Finding]:
    from kit.io import read_text

    suffix = path.suffix.lower()
    name = str(path)
    if suffix in {".md", ".txt"}:
        text = read_text(path)
        return _findings(text, name, lambda o: f"regel {_line_of(text, o)}", allow, use_deduce, ignore)
    if suffix == ".ipynb":
        out = []
        for place, text in _cells_text(path):
            out += _findings(text, name, lambda o, p=place, t=text: f"{p}, regel {_line_of(t, o)}",
                             allow, use_deduce, ignore)
        return out
    if suffix in {".csv", ".xlsx"}:
        frames = []
        if suffix == ".csv":
            from kit.io import read_csv

            frames.append((None, read_csv(path)))
        else:
            import pandas as pd

            try:
                sheets = pd.read_excel(path, sheet_name=None, dtype=str, header=0)
            except Exception as exc:  # noqa: BLE001
                raise InputError(f"geen leesbaar Excel-bestand ({type(exc).__name__})",
                                 path=path) from None
            frames.extend(sheets.items())
        out = []
        for sheet, frame in frames:
            for places, text in _rows_text(frame, sheet):
                def place_of(offset, places=places):
                    for a, b, place in places:
                        if a <= offset <= b:
                            return place
                    return places[-1][2] if places else ""
                out += _findings(text, name, place_of, allow, use_deduce, ignore)
        return out
    if suffix in {".json", ".yaml", ".yml"}:
        if suffix == ".json":
            try:
                data = json.loads(read_text(path))
            except ValueError as exc:
                raise InputError(f"geen geldige JSON ({exc})", path=path) from None
        else:
            from kit.io import read_yaml

            data = read_yaml(path)
        out = []
        for field, text in _walk_strings(data):
            out += _findings(text, name, lambda _o, f=field: f"veld '{f}'", allow, use_deduce, ignore)
        return out
    raise InputError("dit bestandstype kan de scan niet lezen (wel: "
                     + ", ".join(SCANNED_SUFFIXES) + ")", path=path)


def _files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for file in sorted(files):
                    if file.lower().endswith(SCANNED_SUFFIXES) and not file.startswith("."):
                        yield Path(root) / file
        elif path.is_file():
            yield path
        else:
            raise InputError("dit bestand of deze map bestaat niet", path=path)


def scan_paths(paths: Iterable[str | os.PathLike], allow_list=DEFAULT_ALLOW_LIST, *,
               use_deduce: bool = True, ignore: Iterable[str] = DEFAULT_IGNORED) -> list[Finding]:
    """Scan files and folders (recursively) for personal data.

    Args:
        paths: files and folders.
        allow_list: public names to ignore: a file, names, ``None``, or the kit's default list.
        use_deduce: also run deduce (default).
        ignore: categories not to report (default: ``DATUM`` and ``URL``; ``()`` for all).

    Returns:
        All findings, file by file.

    Raises:
        InputError: for a missing path or a file that cannot be read.
    """
    allow = load_allow_list(allow_list)
    findings: list[Finding] = []
    for path in _files(paths):
        findings.extend(_scan_file(path, allow, use_deduce, tuple(ignore)))
    return findings


def format_findings(findings: list[Finding]) -> str:
    """A Dutch report of the findings (one line each plus a count).

    >>> print(format_findings([]))
    Geen persoonsgegevens gevonden.
    """
    if not findings:
        return "Geen persoonsgegevens gevonden."
    files = len({f.path for f in findings})
    lines = [f.line() for f in findings]
    lines.append(f"{len(findings)} mogelijke persoonsgegeven(s) in {files} bestand(en). "
                 "Pseudonimiseer ze (iids privacy pseudonymise) of haal ze weg.")
    return "\n".join(lines)
