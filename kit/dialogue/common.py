"""Small shared pieces of the dialogue area: folder names and field readers (dates: :mod:`kit.dates`).

Every reader here raises :class:`kit.errors.InputError` with a Dutch message and
the place (``veld 'afspraken[2].eigenaar'``), so records, plans and handreikingen
explain their mistakes the same way.

>>> dialogue_dir("/tmp/opdracht/mijn-werk").as_posix()
'/tmp/opdracht/mijn-werk/dialoog'
>>> text_field({"doel": "  samen leren  "}, "doel", place="veld 'doel'")
'samen leren'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.models import key_path

__all__ = [
    "DIALOGUE_FOLDER",
    "HANDREIKING_FOLDER",
    "dialogue_dir",
    "handreiking_dir",
    "text_field",
    "optional_text",
    "int_field",
    "field_place",
]

#: Sub-folder of ``mijn-werk`` with stakeholders, session plan, record and recommendations.
DIALOGUE_FOLDER = "dialoog"
#: Sub-folder of ``mijn-werk`` with the generated handreiking.
HANDREIKING_FOLDER = "handreiking"


def dialogue_dir(work: str | os.PathLike | None = None) -> Path:
    """The dialogue folder inside a work folder (default: the student's workspace).

    Args:
        work: the work folder; ``None`` means the student's one workspace
            (:func:`kit.workspace.workspace`).

    Returns:
        The path (not created).
    """
    return _work(work) / DIALOGUE_FOLDER


def _work(work: str | os.PathLike | None) -> Path:
    from kit.workspace import workspace

    return Path(work) if work is not None else workspace()


def handreiking_dir(work: str | os.PathLike | None = None) -> Path:
    """The handreiking folder inside a work folder (default: the student's workspace).

    >>> handreiking_dir("w").as_posix()
    'w/handreiking'
    """
    return _work(work) / HANDREIKING_FOLDER


def field_place(*parts: str | int) -> str:
    """Name a field inside a nested structure the Dutch way (the one rule,
    :func:`kit.models.key_path`; the dialogue area counts list items from 1).

    >>> field_place("afspraken", 1, "eigenaar")
    "veld 'afspraken[2].eigenaar'"
    >>> field_place("doel")
    "veld 'doel'"
    """
    return key_path(*parts, first=1)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from a spreadsheet
        return ""
    return str(value).strip()


def text_field(data: Mapping[str, Any], key: str, *, path: str | os.PathLike | None = None,
               place: str | None = None, what: str | None = None) -> str:
    """A required, non-empty text field.

    Args:
        data: the mapping to read from.
        key: the field name.
        path: the file, for the error message.
        place: where the field is, for the error message.
        what: Dutch name of the field in the message (default: ``key``).

    Returns:
        The stripped text.

    Raises:
        InputError: when the field is missing or empty.

    >>> text_field({}, "eigenaar", place="veld 'afspraken[1].eigenaar'", what="de eigenaar")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'afspraken[1].eigenaar': de eigenaar ontbreekt
    """
    value = _clean(data.get(key)) if isinstance(data, Mapping) else ""
    if not value:
        raise InputError(f"{what or key} ontbreekt", path=path, place=place)
    return value


def optional_text(data: Mapping[str, Any], key: str) -> str:
    """An optional text field ('' when absent).

    >>> optional_text({"notitie": None}, "notitie")
    ''
    """
    return _clean(data.get(key)) if isinstance(data, Mapping) else ""


def int_field(value: Any, *, low: int, high: int, path: str | os.PathLike | None = None,
              place: str | None = None, what: str = "de waarde") -> int:
    """A whole number within ``low..high``.

    >>> int_field("4", low=1, high=5)
    4
    >>> int_field("7", low=1, high=5, what="de invloed")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: de invloed moet een heel getal van 1 tot en met 5 zijn (gevonden: '7')
    """
    text = _clean(value)
    try:
        real = float(text.replace(",", ".")) if text else None
    except ValueError:
        real = None
    number = int(real) if real is not None and real.is_integer() else None
    if number is None or not low <= number <= high:
        raise InputError(f"{what} moet een heel getal van {low} tot en met {high} zijn "
                         f"(gevonden: '{text}')", path=path, place=place)
    return number
