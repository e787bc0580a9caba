"""Codebooks: hierarchical codes with a definition, when to use them, when not, and an example.

A codebook is a YAML file (keys in Dutch, see ``docs/formats/analysis.md``). Codes can
be nested under ``subcodes`` or point to a parent with ``ouder``; both give the same tree.
:func:`parse_codebook` checks everything and raises :class:`kit.errors.InputError` with a
Dutch message naming the field: a duplicate code, a parent or ``zie_ook`` reference to a
code that is not defined, a missing definition.

The two codebooks shipped with the kit are teaching material to argue with, not truth.

>>> book = parse_codebook({"id": "klein", "titel": "Klein", "codes": [
...     {"code": "thuis", "naam": "Thuis", "definitie": "Zich thuis voelen.",
...      "subcodes": [{"code": "buurt", "naam": "Buurt", "definitie": "Een plek."}]}]})
>>> book.ids()
['thuis', 'buurt']
>>> book["buurt"].parent
'thuis'
>>> parse_codebook({"id": "x", "titel": "X", "codes": [
...     {"code": "a", "naam": "A", "definitie": "d"},
...     {"code": "a", "naam": "A2", "definitie": "d"}]}, path="boek.yaml")
Traceback (most recent call last):
...
kit.errors.InputError: boek.yaml, veld 'codes[1].code': de code 'a' staat er twee keer in ...
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kit.errors import InputError
from kit.models import Id, Model, OptionalText, Text, TextList, fail, key_path, validate

__all__ = [
    "Code",
    "Codebook",
    "SHIPPED_CODEBOOKS",
    "parse_codebook",
    "load_codebook",
    "codebook_path",
    "codebook_table",
    "codebook_to_data",
    "save_codebook",
]

#: Codebooks shipped in ``kit/data/codeboeken`` (name -> what it is for).
SHIPPED_CODEBOOKS = {
    "frames-dominant-discours": "frames in beleids- en nieuwsteksten over sekswerk en arbeidsmigratie",
    "erbij-horen-en-uitsluiting": "thema's van erbij horen en uitsluiting in narratieven",
}

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


@dataclass(frozen=True)
class Code:
    """One code of a codebook.

    Attributes:
        id: short identifier used in ``coderingen.csv`` (lower case, digits, ``-``, ``_``).
        name: the name a student reads.
        definition: what the code means.
        when: when to use it.
        when_not: when not to use it (and what to use instead).
        example: an example passage.
        parent: the id of the parent code, or ``None`` for a top-level code.
        see_also: ids of related codes.
        colour: ``#rrggbb`` used in plots and the REFI-QDA export.
        signal_words: words that may point to this code (a hint, never a rule).
    """

    id: str
    name: str
    definition: str
    when: str = ""
    when_not: str = ""
    example: str = ""
    parent: str | None = None
    see_also: tuple[str, ...] = ()
    colour: str | None = None
    signal_words: tuple[str, ...] = ()


@dataclass
class Codebook:
    """A validated codebook: codes in reading order (each parent before its children)."""

    id: str
    title: str
    version: str = "1"
    description: str = ""
    status: str = ""
    codes: dict[str, Code] = field(default_factory=dict)
    source: str | None = None

    def __getitem__(self, code_id: str) -> Code:
        return self.codes[code_id]

    def __contains__(self, code_id: object) -> bool:
        return code_id in self.codes

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes.values())

    def __len__(self) -> int:
        return len(self.codes)

    def ids(self) -> list[str]:
        """All code ids in reading order."""
        return list(self.codes)

    def children(self, code_id: str | None) -> list[Code]:
        """The direct children of ``code_id`` (``None``: the top-level codes)."""
        return [c for c in self.codes.values() if c.parent == code_id]

    def top_level(self, code_id: str) -> str:
        """The top-level ancestor of a code (the code itself when it has no parent)."""
        code = self.codes[code_id]
        while code.parent is not None:
            code = self.codes[code.parent]
        return code.id

    def label(self, code_id: str) -> str:
        """The readable name of a code, or the id itself when it is unknown."""
        return self.codes[code_id].name if code_id in self.codes else code_id


def _colour(value: Any) -> str | None:
    if value is None:
        return None
    if not (isinstance(value, str) and _COLOUR.match(value)):
        fail("een kleur schrijf je als '#rrggbb', bijvoorbeeld '#1b7837'")
    return value


class CodeModel(Model):
    """One code as written in the codebook file; ``subcodes`` nests codes under it."""

    code: Id = Field(alias="code")
    name: Text = Field(alias="naam")
    definition: Text = Field(alias="definitie")
    when: OptionalText = Field("", alias="wanneer")
    when_not: OptionalText = Field("", alias="wanneer_niet")
    example: OptionalText = Field("", alias="voorbeeld")
    subcodes: list[CodeModel] = Field(default_factory=list, alias="subcodes")
    parent: OptionalText = Field("", alias="ouder")
    see_also: TextList = Field((), alias="zie_ook")
    colour: Annotated[str | None, BeforeValidator(_colour)] = Field(None, alias="kleur")
    signal_words: TextList = Field((), alias="signaalwoorden")


class CodebookModel(Model):
    """The codebook file (see ``docs/formats/analysis.md``)."""

    id: Text = Field(alias="id")
    title: Text = Field(alias="titel")
    version: OptionalText = Field("1", alias="versie")
    language: OptionalText = Field("", alias="taal")
    description: OptionalText = Field("", alias="beschrijving")
    status: OptionalText = Field("", alias="status")
    codes: list[CodeModel] = Field(default_factory=list, alias="codes")


def parse_codebook(data: Any, *, path: str | os.PathLike | None = None) -> Codebook:
    """Check codebook data (as read from YAML) and build a :class:`Codebook`.

    Args:
        data: the parsed YAML (a mapping with ``id``, ``titel`` and ``codes``).
        path: the file it came from, for error messages.

    Returns:
        The codebook, with codes in reading order.

    Raises:
        InputError: a Dutch message naming the field, e.g. a duplicate or undefined code.

    >>> parse_codebook({"id": "x", "titel": "X", "codes": [
    ...     {"code": "a", "naam": "A", "definitie": "d", "ouder": "b"}]}).ids()
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'codes[0].ouder': de bovenliggende code 'b' is niet gedefinieerd ...
    """
    where_path = None if path is None else os.fspath(path)
    model = validate(CodebookModel, data, path=where_path,
                     what="een codeboek is een lijst met velden (id, titel, codes)")
    if not model.codes:
        raise InputError("het codeboek heeft geen codes (verwacht een lijst onder 'codes')",
                         path=where_path, place=key_path("codes"))
    staged: list[tuple[tuple, Code]] = []  # (key path, code), parents before their subcodes
    seen: dict[str, tuple] = {}

    def walk(items: list[CodeModel], prefix: tuple, parent: str | None) -> None:
        for i, item in enumerate(items):
            where = (*prefix, i)
            if parent is not None and item.parent not in ("", parent):
                raise InputError(f"deze subcode staat onder '{parent}' maar noemt een andere ouder",
                                 path=where_path, place=key_path(*where, "ouder"))
            if item.code in seen:
                raise InputError(f"de code '{item.code}' staat er twee keer in (ook in "
                                 f"{key_path(*seen[item.code])[6:-1]}); geef elke code een eigen "
                                 "naam", path=where_path, place=key_path(*where, "code"))
            seen[item.code] = where
            staged.append((where, Code(
                id=item.code, name=item.name, definition=item.definition, when=item.when,
                when_not=item.when_not, example=item.example,
                parent=parent if parent is not None else (item.parent or None),
                see_also=item.see_also, colour=item.colour,
                signal_words=tuple(s.lower() for s in item.signal_words))))
            walk(item.subcodes, (*where, "subcodes"), item.code)

    walk(model.codes, ("codes",), None)
    for where, code in staged:
        if code.parent is not None and code.parent not in seen:
            raise InputError(f"de bovenliggende code '{code.parent}' is niet gedefinieerd in dit "
                             "codeboek", path=where_path, place=key_path(*where, "ouder"))
        if code.parent == code.id:
            raise InputError("een code kan niet zijn eigen ouder zijn", path=where_path,
                             place=key_path(*where, "ouder"))
        for i, other in enumerate(code.see_also):
            if other not in seen:
                raise InputError(f"'zie_ook' verwijst naar de code '{other}', die niet is "
                                 "gedefinieerd", path=where_path,
                                 place=key_path(*where, "zie_ook", i))
    by_id = {code.id: code for _, code in staged}
    for where, code in staged:  # a parent chain must end (no cycles through 'ouder')
        steps, current = 0, code
        while current.parent is not None:
            current = by_id[current.parent]
            steps += 1
            if steps > len(by_id):
                raise InputError("de codes verwijzen in een kring naar elkaar als ouder",
                                 path=where_path, place=key_path(*where, "ouder"))
    ordered: dict[str, Code] = {}

    def add(parent: str | None) -> None:
        for _, code in staged:
            if code.parent == parent and code.id not in ordered:
                ordered[code.id] = code
                add(code.id)

    add(None)
    return Codebook(id=model.id, title=model.title, version=model.version or "1",
                    description=model.description, status=model.status, codes=ordered,
                    source=where_path)


def codebook_path(name: str) -> Path:
    """The path of a shipped codebook, by name (without ``.yaml``).

    >>> codebook_path("erbij-horen-en-uitsluiting").name
    'erbij-horen-en-uitsluiting.yaml'
    """
    from kit.config import data_path

    if name not in SHIPPED_CODEBOOKS:
        raise InputError(f"onbekend codeboek '{name}'; kies uit: {', '.join(SHIPPED_CODEBOOKS)}")
    return data_path("codeboeken", f"{name}.yaml")


def load_codebook(source: str | os.PathLike) -> Codebook:
    """Read and check a codebook: a YAML file, or the name of a shipped codebook.

    Args:
        source: a path to a ``.yaml`` file or one of :data:`SHIPPED_CODEBOOKS`.

    Returns:
        The validated :class:`Codebook`.

    >>> book = load_codebook("frames-dominant-discours")
    >>> book["mensenhandel"].parent
    'slachtofferschap'
    """
    from kit.io import read_yaml

    if isinstance(source, str) and source in SHIPPED_CODEBOOKS:
        path = codebook_path(source)
    else:
        path = Path(source)
    return parse_codebook(read_yaml(path), path=path)


def codebook_table(book: Codebook):
    """The codebook as a table (one row per code) to read in a notebook.

    Returns:
        A DataFrame with columns ``code, naam, niveau, ouder, definitie, wanneer, wanneer_niet, voorbeeld``.

    >>> codebook_table(load_codebook("erbij-horen-en-uitsluiting")).iloc[0]["code"]
    'erbij-horen'
    """
    import pandas as pd

    rows = []
    for code in book:
        level, current = 1, code
        while current.parent is not None:
            level += 1
            current = book[current.parent]
        rows.append({"code": code.id, "naam": code.name, "niveau": level, "ouder": code.parent or "",
                     "definitie": code.definition, "wanneer": code.when,
                     "wanneer_niet": code.when_not, "voorbeeld": code.example})
    return pd.DataFrame(rows)


def codebook_to_data(book: Codebook) -> dict[str, Any]:
    """Turn a codebook back into YAML-ready data (nested ``subcodes``).

    >>> data = codebook_to_data(load_codebook("frames-dominant-discours"))
    >>> parse_codebook(data).ids() == load_codebook("frames-dominant-discours").ids()
    True
    """

    def entry(code: Code) -> dict[str, Any]:
        out: dict[str, Any] = {"code": code.id, "naam": code.name, "definitie": code.definition}
        for key, value in (("wanneer", code.when), ("wanneer_niet", code.when_not),
                           ("voorbeeld", code.example), ("kleur", code.colour)):
            if value:
                out[key] = value
        if code.see_also:
            out["zie_ook"] = list(code.see_also)
        if code.signal_words:
            out["signaalwoorden"] = list(code.signal_words)
        children = book.children(code.id)
        if children:
            out["subcodes"] = [entry(c) for c in children]
        return out

    data: dict[str, Any] = {"id": book.id, "titel": book.title, "versie": book.version}
    if book.description:
        data["beschrijving"] = book.description
    if book.status:
        data["status"] = book.status
    data["codes"] = [entry(c) for c in book.children(None)]
    return data


def save_codebook(book: Codebook, path: str | os.PathLike) -> Path:
    """Write a codebook as YAML (atomically), e.g. to ``mijn-werk/codeboek.yaml``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "codeboek.yaml"
    >>> load_codebook(save_codebook(load_codebook("erbij-horen-en-uitsluiting"), target)).id
    'erbij-horen-en-uitsluiting'
    """
    from kit.io import write_yaml

    return write_yaml(codebook_to_data(book), path)
