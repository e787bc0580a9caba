"""The one date reader of the kit: every file a person fills in (registry, consent register,
session plan, dialogue record) writes a day the same way, and a wrong one gets the same
Dutch message naming the file and the place.

Accepted: a ``date``/``datetime`` (from Excel), ``JJJJ-MM-DD`` (also with a midnight time,
as Excel exports it) and the Dutch ``DD-MM-JJJJ`` (also with ``/`` or ``.``).

>>> parse_day("2026-03-15"), parse_day("15-3-2026"), parse_day("15/03/2026")
(datetime.date(2026, 3, 15), datetime.date(2026, 3, 15), datetime.date(2026, 3, 15))
>>> iso_day("2024-03-01 00:00:00")
'2024-03-01'
>>> iso_day("31-02-2026", path="verslag.yaml", place="veld 'datum'")
Traceback (most recent call last):
...
kit.errors.InputError: verslag.yaml, veld 'datum': '31-02-2026' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-15
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from kit.errors import InputError

__all__ = ["parse_day", "iso_day", "EXAMPLE"]

#: The example every message gives.
EXAMPLE = "2026-03-15"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_day(value: Any, *, path: str | os.PathLike | None = None, place: str | None = None) -> dt.date:
    """Read one day.

    Args:
        value: a ``date``, ``datetime`` or text.
        path: the file, for the message.
        place: where in the file (row, column, field), for the message.

    Returns:
        The day as :class:`datetime.date`.

    Raises:
        InputError: when the value is empty or no existing day (31 February).

    >>> parse_day(dt.datetime(2023, 5, 2, 14, 30))
    datetime.date(2023, 5, 2)
    >>> parse_day("", place="kolom 'datum'")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: kolom 'datum': er staat geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-15
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        raise InputError(f"er staat geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld {EXAMPLE}",
                         path=path, place=place)
    iso, dutch = _ISO.match(text), _DUTCH.match(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dutch:
            return dt.date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
    except ValueError:
        pass
    raise InputError(f"'{text}' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld {EXAMPLE}",
                     path=path, place=place)


def iso_day(value: Any, *, path: str | os.PathLike | None = None, place: str | None = None) -> str:
    """Read one day and give it as ``JJJJ-MM-DD`` text (see :func:`parse_day`).

    >>> iso_day(dt.date(2025, 9, 1))
    '2025-09-01'
    """
    return parse_day(value, path=path, place=place).isoformat()
