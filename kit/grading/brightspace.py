"""Brightspace (D2L) "download all submissions" zips, turned into one folder per student number.

Brightspace puts every submitted file flat in the zip, its name starting with the
submission's ids, the student's name and the submission time, plus an ``index.html``::

    80551-13394 - Voornaam Achternaam - Oct 1, 2026 905 PM - discoursanalyse.ipynb

The kit needs student numbers, never names, in ``submitted/``: the names are mapped to
student numbers with the course's class list (Brightspace's grade or class list export,
CSV with ``OrgDefinedId``, ``First Name`` and ``Last Name``). Per student and file the
newest submission wins; the newest time becomes the student's ``timestamp.txt`` (the
download shows local time, Europe/Amsterdam; nbgrader keeps UTC).

>>> entry = parse_entry("80551-13394 - Voornaam Achternaam - Oct 1, 2026 905 PM - a - b.ipynb")
>>> entry.name, entry.moment.isoformat(), entry.file
('Voornaam Achternaam', '2026-10-01T21:05:00', 'a - b.ipynb')
>>> parse_entry("index.html") is None
True
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kit.errors import InputError

__all__ = ["BrightspaceEntry", "parse_entry", "is_brightspace_download", "read_classlist",
           "name_key", "unpack_by_student_number", "ZONE"]

#: The time zone of the times in a download (the course's Brightspace is set to it).
ZONE = "Europe/Amsterdam"

_ENTRY = re.compile(
    r"^(?P<ids>\d+-\d+) - (?P<name>.+?) - "
    r"(?P<month>[A-Z][a-z]{2}) (?P<day>\d{1,2}), (?P<year>\d{4}) (?P<hour>\d{1,2})(?P<minute>\d{2}) "
    r"(?P<half>AM|PM) - (?P<file>.+)$")
_MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
#: What Brightspace adds beside the submissions.
EXTRA_FILES = ("index.html",)
EXPECTED = "'<nummer>-<nummer> - <naam> - <Mon D, JJJJ UMM AM/PM> - <bestand>'"


@dataclass(frozen=True)
class BrightspaceEntry:
    """One file of a download: who (by name), when (local time), which file."""

    entry: str
    ids: str
    name: str
    moment: datetime
    file: str


def parse_entry(entry: str) -> BrightspaceEntry | None:
    """The parts of a download's file name, or ``None`` when it is not in Brightspace's form.

    >>> parse_entry("1-2 - Voornaam Achternaam - Oct 1, 2026 905 AM - plan.ipynb").moment.hour
    9
    >>> parse_entry("1-2 - Voornaam - Oct 1, 2026 1259 AM - x.csv").moment.hour
    0
    >>> parse_entry("12345/discoursanalyse.ipynb") is None
    True
    """
    match = _ENTRY.match(entry)
    if not match or match["month"] not in _MONTHS:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if not (1 <= hour <= 12 and minute < 60):
        return None
    hour = hour % 12 + (12 if match["half"] == "PM" else 0)
    try:
        moment = datetime(int(match["year"]), _MONTHS[match["month"]], int(match["day"]),
                          hour, minute)
    except ValueError:
        return None
    return BrightspaceEntry(entry, match["ids"], match["name"].strip(), moment,
                            match["file"].strip())


def is_brightspace_download(names: list[str]) -> bool:
    """Whether a zip's entries are Brightspace's flat layout (no folders, named entries).

    >>> is_brightspace_download(["index.html", "1-2 - Voornaam - Oct 1, 2026 905 AM - a.ipynb"])
    True
    >>> is_brightspace_download(["12345/a.ipynb", "index.html"])
    False
    """
    files = [n for n in names if not n.endswith("/")]
    return (bool(files) and all("/" not in n for n in files)
            and any(parse_entry(n) for n in files))


def name_key(name: str) -> str:
    """A name compared without case, accents-as-typed differences or extra spaces.

    >>> name_key("  Voornaam   ACHTERNAAM ") == name_key("voornaam achternaam")
    True
    """
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


_NUMBER = ("OrgDefinedId", "Studentnummer", "Student number")
_FIRST = ("First Name", "Voornaam")
_LAST = ("Last Name", "Achternaam")


def _column(header: list[str], options: tuple[str, ...]) -> str | None:
    lowered = {h.strip().casefold(): h for h in header}
    return next((lowered[o.casefold()] for o in options if o.casefold() in lowered), None)


def read_classlist(path: str | os.PathLike) -> dict[str, str]:
    """``{name_key(first + last): student number}`` from a Brightspace class list export.

    Bad input (missing column, empty number, a name twice with different numbers) is an
    :class:`~kit.errors.InputError` naming the file and the row.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("de klaslijst bestaat niet", path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("de klaslijst is geen UTF-8-tekst (sla hem op als CSV UTF-8)",
                         path=path) from None
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = "excel"
    rows = list(csv.reader(text.splitlines(), dialect))
    if not rows:
        raise InputError("de klaslijst is leeg", path=path)
    header = rows[0]
    number, first, last = (_column(header, o) for o in (_NUMBER, _FIRST, _LAST))
    missing = [o[0] for o, c in ((_NUMBER, number), (_FIRST, first), (_LAST, last)) if c is None]
    if missing:
        raise InputError(f"kolom {', '.join(repr(m) for m in missing)} ontbreekt in de "
                         f"klaslijst (Brightspace: Cijfers > Exporteren, met OrgDefinedId en "
                         f"namen)", path=path, place="rij 1")
    index = {h: i for i, h in enumerate(header)}
    out: dict[str, str] = {}
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        sid = cells[index[number]].strip().lstrip("#")
        full = f"{cells[index[first]].strip()} {cells[index[last]].strip()}"
        if not re.fullmatch(r"[A-Za-z0-9_.@-]+", sid):
            raise InputError(f"ongeldig studentnummer {sid!r} in kolom {number!r}", path=path,
                             place=f"rij {row_number}")
        key = name_key(full)
        if key in out and out[key] != sid:
            raise InputError(f"twee studenten met dezelfde naam en verschillende nummers "
                             f"({out[key]} en {sid}); een download met namen kan hen niet "
                             f"uit elkaar houden", path=path, place=f"rij {row_number}")
        out[key] = sid
    return out


def _utc_text(moment: datetime) -> str:
    from datetime import UTC
    from zoneinfo import ZoneInfo

    return moment.replace(tzinfo=ZoneInfo(ZONE)).astimezone(UTC).strftime(
        "%Y-%m-%d %H:%M:%S.%f UTC")


def unpack_by_student_number(archive: str | os.PathLike, classlist: dict[str, str],
                             target: str | os.PathLike, *, classlist_path=None) -> list[str]:
    """Write ``<target>/<student number>/<file>`` (+ ``timestamp.txt``) from a download.

    Everything is checked before anything is written; an entry that is not Brightspace's
    form, a name missing from the class list or an unsafe file name stops with an
    :class:`~kit.errors.InputError` naming the zip entry.

    Returns:
        The student numbers, sorted.
    """
    archive = Path(archive)
    chosen: dict[str, dict[str, BrightspaceEntry]] = {}
    with zipfile.ZipFile(archive) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        for entry in names:
            if entry in EXTRA_FILES:
                continue
            parsed = parse_entry(entry)
            where = f"bestand '{entry}'"
            if parsed is None:
                raise InputError(f"geen Brightspace-inlevering; verwacht {EXPECTED}",
                                 path=archive, place=where)
            if parsed.file in (".", "..") or "\\" in parsed.file or parsed.file.startswith("."):
                raise InputError("onveilige bestandsnaam", path=archive, place=where)
            sid = classlist.get(name_key(parsed.name))
            if sid is None:
                raise InputError(f"de naam staat niet in de klaslijst"
                                 f"{f' {Path(classlist_path).name}' if classlist_path else ''}"
                                 f"; voeg de student toe of exporteer de klaslijst opnieuw",
                                 path=archive, place=where)
            files = chosen.setdefault(sid, {})
            known = files.get(parsed.file)
            if known is None or parsed.moment >= known.moment:
                files[parsed.file] = parsed
        target = Path(target)
        for sid, files in chosen.items():
            folder = target / sid
            folder.mkdir(parents=True, exist_ok=True)
            for file, parsed in files.items():
                (folder / file).write_bytes(zf.read(parsed.entry))
            newest = max(p.moment for p in files.values())
            (folder / "timestamp.txt").write_text(_utc_text(newest), encoding="utf-8")
    return sorted(chosen)
