"""The model layer: pydantic models for the files people fill in, and one Dutch error formatter.

Every area describes the shape of its YAML/JSON files (rubric, codebook, questionnaire key,
dialogue record, ...) as subclasses of :class:`Model` and reads them with :func:`validate`.
The model checks the shape: required fields, types, unknown keys. What depends on several
fields at once (a duplicate id, points that must add up) stays a plain function in the area,
which raises :class:`kit.errors.InputError` with :func:`key_path` as the place.

When the data does not fit, :func:`validate` raises one :class:`~kit.errors.InputError` for
the first problem, in Dutch, naming the file, the key path and, for an unknown key, the
nearest known one:

>>> from pydantic import Field
>>> class Level(Model):
...     id: Text = Field(alias="id")
...     points: Points = Field(alias="punten")
>>> class Criterion(Model):
...     levels: list[Level] = Field(alias="niveaus")
>>> validate(Criterion, {"nivaus": []}, path="r.yaml")
Traceback (most recent call last):
...
kit.errors.InputError: r.yaml, veld 'nivaus': onbekend veld 'nivaus'; bedoel je 'niveaus'?
>>> validate(Criterion, {"niveaus": [{"id": "a", "punten": "veel"}]}, path="r.yaml")
Traceback (most recent call last):
...
kit.errors.InputError: r.yaml, veld 'niveaus[0].punten': hier hoort een getal, niet 'veel'
>>> validate(Criterion, {"niveaus": [{"id": "a", "punten": 2}]}, path="r.yaml").levels[0].points
2.0
"""

import difflib
import os
import types
import typing
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from kit.errors import InputError, row_place
from kit.ids import ID_RULE, is_id

__all__ = [
    "Model",
    "Text",
    "OptionalText",
    "Points",
    "Id",
    "TextList",
    "YesNo",
    "none_as_empty",
    "list_of",
    "validate",
    "input_error",
    "key_path",
    "unknown_key_message",
    "check_header",
    "validate_row",
    "fail",
    "as_text",
]

M = TypeVar("M", bound=BaseModel)


class Model(BaseModel):
    """Base of every file model: unknown keys are refused, values are not silently coerced.

    Fields carry English names and the Dutch key of the file as their alias
    (``points: Points = Field(alias="punten")``).
    """

    # defer_build: a model's validator is built when a file of its kind is first read, not
    # when its module is imported (measured: the six readers' own import time about halves).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=False,
                              hide_input_in_errors=False, defer_build=True)


def fail(message: str) -> typing.NoReturn:
    """Raise a Dutch validation error from inside a validator (its text is shown as is)."""
    raise PydanticCustomError("iids", message)


def as_text(value: Any, *, required: bool = True) -> str:
    """The text rule of :data:`Text`/:data:`OptionalText`, for a validator that builds on it."""
    if (value is None or (isinstance(value, str) and not value.strip())
            or (isinstance(value, float) and value != value)):  # NaN: an empty spreadsheet cell
        if required:
            fail("dit veld is verplicht en ontbreekt of is leeg")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        fail("hier hoort een tekst")
    return str(value).strip()


def _points(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(f"hier hoort een getal, niet {value!r}")
    if value < 0:
        fail("punten kunnen niet negatief zijn")
    return float(value)


def _id(value: Any) -> str:
    text = as_text(value, required=True)
    if not is_id(text):
        fail(f"'{text}' is geen geldige id: {ID_RULE}")
    return text


def _text_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        fail("hier hoort een lijst, bijvoorbeeld [a, b]")
    return tuple(as_text(item) for item in value)


def none_as_empty(value: Any) -> Any:
    """``null`` (or a key with nothing after it) for a list: an empty list."""
    return [] if value is None else value


def list_of(item: Any) -> Any:
    """A list field where ``null`` (a key with nothing after it) is an empty list."""
    return Annotated[list[item], BeforeValidator(none_as_empty)]


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = as_text(value, required=False).lower()
    if text in {"ja", "j", "yes", "true", "waar", "1"}:
        return True
    if text in {"", "nee", "n", "no", "false", "onwaar", "0"}:
        return False
    fail(f"vul 'ja' of 'nee' in (gevonden: '{text}')")


#: Required text: a string (a number written without quotes counts), stripped, not empty.
Text = Annotated[str, BeforeValidator(lambda v: as_text(v, required=True))]
#: Optional text: absent, ``null`` or empty becomes ``""``.
OptionalText = Annotated[str, BeforeValidator(lambda v: as_text(v, required=False))]
#: Points: a number of 0 or more (``true``/``"3"`` are refused).
Points = Annotated[float, BeforeValidator(_points)]
#: A list of texts (``null`` is an empty list); each item a required text.
TextList = Annotated[tuple[str, ...], BeforeValidator(_text_list)]
#: ja/nee (also true/false, 1/0); empty is ``False``.
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
#: An id a person writes in a kit file: the one rule of :mod:`kit.ids`.
Id = Annotated[str, BeforeValidator(_id)]


def key_path(*parts: str | int, first: int = 0) -> str:
    """The Dutch place of a key in a nested file: ``veld 'cellen[0].criteria[1].niveaus'``.

    Args:
        parts: keys and list positions (0-based) from the top of the file down.
        first: how the area numbers list items for its readers (0 or 1).

    >>> key_path("cellen", 0, "criteria", 1, "niveaus")
    "veld 'cellen[0].criteria[1].niveaus'"
    >>> key_path("afspraken", 0, "eigenaar", first=1)
    "veld 'afspraken[1].eigenaar'"
    """
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part + first}]"
        else:
            name += ("." if name else "") + str(part)
    return f"veld '{name}'"


def unknown_key_message(key: str, allowed: Sequence[str], *, label: str = "onbekend veld") -> str:
    """Name an unknown key with the nearest allowed one (difflib), or list what is allowed.

    >>> unknown_key_message("nivaus", ["id", "naam", "niveaus"])
    "onbekend veld 'nivaus'; bedoel je 'niveaus'?"
    >>> unknown_key_message("xyz", ["id", "naam"])
    "onbekend veld 'xyz'; toegestaan zijn: id, naam"
    >>> unknown_key_message("partij_typ", ["code", "partij_type"], label="onbekende kolom")
    "onbekende kolom 'partij_typ'; bedoel je 'partij_type'?"
    """
    close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
    hint = f"; bedoel je '{close[0]}'?" if close else f"; toegestaan zijn: {', '.join(allowed)}"
    return f"{label} '{key}'{hint}"


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``X``, ``list[X]``, ``tuple[X, ...]``, ``dict[str, X]``, ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """Walk a model class along an error location (aliases and list positions)."""
    current: type[BaseModel] | None = model
    for step in loc:
        if current is None:
            return None
        if isinstance(step, int):
            continue
        fields = {(f.alias or name): f for name, f in current.model_fields.items()}
        if step in fields:  # otherwise a key of a free mapping (dict[str, X]): stay on X
            current = _inner_model(fields[step].annotation)
    return current


def _allowed(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


_MESSAGES = {
    "missing": "dit veld is verplicht en ontbreekt of is leeg",
    "string_type": "hier hoort een tekst",
    "int_type": "hier hoort een heel getal",
    "int_from_float": "hier hoort een heel getal",
    "float_type": "hier hoort een getal",
    "bool_type": "hier hoort true of false",
    "list_type": "hier hoort een lijst, bijvoorbeeld [a, b]",
    "tuple_type": "hier hoort een lijst, bijvoorbeeld [a, b]",
    "dict_type": "hier hoort een tabel (sleutel: waarde)",
    "model_type": "hier hoort een tabel (sleutel: waarde)",
    "model_attributes_type": "hier hoort een tabel (sleutel: waarde)",
}


def _describe(error: dict[str, Any], root: type[BaseModel]) -> str:
    kind = error["type"]
    loc = error["loc"]
    value = error.get("input")
    if kind == "extra_forbidden":
        return unknown_key_message(str(loc[-1]), _allowed(_model_at(root, loc[:-1])))
    if kind == "iids":
        return str(error["msg"])
    if kind in ("too_short", "too_long"):
        ctx = error.get("ctx") or {}
        low = ctx.get("min_length")
        if kind == "too_short" and low:
            return f"hier horen er minstens {low}" if low > 1 else "deze lijst is leeg"
        return f"hier horen er hoogstens {ctx.get('max_length')}"
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"onbekende waarde {value!r}; kies uit: {expected.replace(' or ', ' of ')}"
    if kind in ("greater_than_equal", "greater_than", "less_than", "less_than_equal"):
        ctx = error.get("ctx") or {}
        bound = next(iter(ctx.values()), "")
        words = {"greater_than_equal": "minstens", "greater_than": "groter dan",
                 "less_than": "kleiner dan", "less_than_equal": "hoogstens"}
        return f"dit getal moet {words[kind]} {bound} zijn (gevonden: {value!r})"
    base = _MESSAGES.get(kind)
    if base is None:
        return f"deze waarde klopt niet ({error['msg']})"
    if kind in ("missing",) or value is None or isinstance(value, dict | list):
        return base
    return f"{base}, niet {value!r}"


def input_error(exc: ValidationError, model: type[BaseModel], *,
                path: str | os.PathLike | None = None, first: int = 0,
                prefix: Sequence[str | int] = ()) -> InputError:
    """Turn pydantic's first error into the kit's one Dutch line (file, key path, what to do).

    Args:
        exc: the validation error.
        model: the model that was validated (to suggest the right key for an unknown one).
        path: the file, named in the message.
        first: 0 or 1, how list positions are numbered for this file's readers.
        prefix: key path of the validated part inside a bigger file.
    """
    errors = exc.errors(include_url=False)
    # A misspelt key also makes the right one "missing": name the unknown key, it explains both.
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(error["loc"])
    place = key_path(*prefix, *loc, first=first) if (prefix or loc) else None
    return InputError(_describe(error, model), path=path, place=place)


def validate(model: type[M], data: Any, *, path: str | os.PathLike | None = None,
             first: int = 0, what: str | None = None,
             prefix: Sequence[str | int] = ()) -> M:
    """Validate data (as read from YAML/JSON) against a model; bad data is one Dutch InputError.

    Args:
        model: the :class:`Model` subclass.
        data: the parsed data.
        path: the file, for the message.
        first: 0 or 1, how list positions are numbered in the message.
        what: the sentence used when the data is not a mapping at all
            (``"een rubriek is een lijst van velden (opdracht, titel, cellen)"``).
        prefix: key path of this part inside a bigger file.
    """
    where = None if path is None else os.fspath(path)
    if not isinstance(data, dict):
        place = key_path(*prefix, first=first) if prefix else None
        raise InputError(what or "hier hoort een tabel (sleutel: waarde)", path=where, place=place)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise input_error(exc, model, path=where, first=first, prefix=prefix) from None


# --- spreadsheets: one model per row ---------------------------------------------------------

def check_header(header: Sequence[str], model: type[BaseModel], *,
                 path: str | os.PathLike | None = None, prefix: str = "",
                 optional: Sequence[str] = ()) -> None:
    """Check a spreadsheet's header row against a row model (its aliases are the columns).

    An unknown column is named with the nearest known one (a misspelt column is reported as
    the typo, not as a missing column); then a column the model has but the sheet lacks, and
    a column written twice. ``optional`` columns may be left out of the sheet.

    Args:
        header: the column names as read (empty names are ignored).
        model: the row model.
        path: the file, for the message.
        prefix: the place before the column (``"blad 'Deelnemers', "`` in a workbook).
        optional: columns that may be absent.

    >>> from pydantic import Field
    >>> class Row(Model):
    ...     code: Text = Field(alias="code")
    ...     party: Text = Field(alias="partij_type")
    >>> check_header(["code", "partij_typ"], Row, path="deelnemers.csv")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: deelnemers.csv, kolom 'partij_typ': onbekende kolom 'partij_typ'; bedoel je 'partij_type'?
    """
    known = _allowed(model)
    names = [str(h) for h in header if h is not None and str(h) != ""]
    where = None if path is None else os.fspath(path)
    for name in names:
        if name not in known:
            raise InputError(unknown_key_message(name, known, label="onbekende kolom"),
                             path=where, place=f"{prefix}kolom '{name}'")
    for name in known:
        if name not in names and name not in optional:
            raise InputError("deze kolom ontbreekt", path=where, place=f"{prefix}kolom '{name}'")
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        raise InputError("deze kolom staat er twee keer in", path=where,
                         place=f"{prefix}kolom '{name}'")


def validate_row(model: type[M], row: dict[str, Any], *, index: int,
                 path: str | os.PathLike | None = None, prefix: str = "") -> M:
    """Validate one spreadsheet row (``{column: cell}``) against a row model.

    Bad data is one Dutch :class:`~kit.errors.InputError` from the same formatter as
    :func:`validate`, placed the way a spreadsheet shows it: ``rij 4, kolom 'datum'``
    (:func:`kit.errors.row_place`, the header is row 1), after ``prefix``
    (``"blad 'Activiteiten', "`` in a workbook).

    Args:
        model: the row model (its aliases are the column names).
        row: the row's cells by column name.
        index: the 0-based position of the data row.
        path: the file, for the message.
        prefix: the place before the row.
    """
    try:
        return model.model_validate(row)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        column = str(error["loc"][0]) if error["loc"] else None
        where = None if path is None else os.fspath(path)
        raise InputError(_describe(error, model), path=where,
                         place=prefix + row_place(index, column)) from None
