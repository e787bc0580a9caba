"""Collection frameworks (kaders): prompts plus the signifiers a storyteller answers.

A framework is a YAML file with Dutch keys. It has one or more prompts and
signifiers of four kinds:

- ``triade``: three labelled corners; the answer is a point in the triangle
  (three shares that add up to 1);
- ``dyade``: a slider between two poles (``links`` = 0, ``rechts`` = 1);
- ``stenen``: a canvas with two labelled axes on which several named items
  (stones) are placed, each at ``x``, ``y`` between 0 and 1;
- ``keuze``: a multiple-choice question (one answer, or several with
  ``meerdere: true``), used as a filter.

:func:`validate_framework` explains every mistake in Dutch and names the field
(``veld 'signifiers[2].hoeken'``). :func:`signifier_columns` gives the CSV
columns a framework adds to the narrative store (see ``docs/formats/narratives.md``).

>>> fw = default_framework()
>>> fw.id, fw.kinds()["steun"]
('erbij-horen-den-haag', 'triade')
>>> signifier_columns(fw)[:3]
['steun.ikzelf', 'steun.eigen_kring', 'steun.instanties']
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from kit.errors import InputError
from kit.models import Id, Model, OptionalText, Text, key_path, validate

__all__ = [
    "KINDS",
    "CONTEXT_FIELDS",
    "Corner",
    "Signifier",
    "Prompt",
    "Framework",
    "validate_framework",
    "framework_from_dict",
    "framework_to_dict",
    "load_framework",
    "default_framework",
    "signifier_columns",
    "DEFAULT_FRAMEWORK",
]

#: The four kinds of signifier, by their Dutch name in the YAML.
KINDS = ("triade", "dyade", "stenen", "keuze")
#: Store columns a framework may declare as required context (``contextvelden``).
CONTEXT_FIELDS = ("month", "setting", "community", "collector", "title", "language", "notes")
#: Name of the framework shipped with the kit (``kit/data/kaders/<name>.yaml``).
DEFAULT_FRAMEWORK = "erbij-horen-den-haag"

@dataclass(frozen=True)
class Corner:
    """A labelled corner of a triad, a stone item, or a pole: ``id`` plus Dutch ``label``."""

    id: str
    label: str


@dataclass(frozen=True)
class Signifier:
    """One signifier of a framework.

    Attributes:
        id: snake_case id, used in the CSV column names.
        kind: ``triade``, ``dyade``, ``stenen`` or ``keuze``.
        question: the Dutch question the storyteller answers.
        corners: triad corners (top, left, right), or stone items.
        left, right: dyad poles, or the stones' x-axis ends.
        bottom, top: the stones' y-axis ends.
        options: multiple-choice values.
        multiple: several options allowed.
        required: an answer is required (otherwise it may stay empty: "n.v.t.").
        explanation: optional help text.
        direction: a dyad drawn ``horizontaal`` or ``verticaal`` (empty: the pole words decide).
    """

    id: str
    kind: str
    question: str
    corners: tuple[Corner, ...] = ()
    left: str = ""
    right: str = ""
    bottom: str = ""
    top: str = ""
    options: tuple[str, ...] = ()
    multiple: bool = False
    required: bool = False
    explanation: str = ""
    direction: str = ""

    def columns(self) -> list[str]:
        """The store columns of this signifier.

        >>> Signifier("welkom", "dyade", "?", left="a", right="b").columns()
        ['welkom']
        """
        if self.kind == "triade":
            return [f"{self.id}.{c.id}" for c in self.corners]
        if self.kind == "stenen":
            return [f"{self.id}.{c.id}.{axis}" for c in self.corners for axis in ("x", "y")]
        return [self.id]


@dataclass(frozen=True)
class Prompt:
    """A prompt: the question that invites a story, and the signifiers asked after it."""

    id: str
    text: str
    signifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    """A validated collection framework."""

    id: str
    version: int
    name: str
    description: str
    language: str
    prompts: tuple[Prompt, ...]
    signifiers: tuple[Signifier, ...]
    context_fields: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    source: str | None = field(default=None, compare=False)

    def signifier(self, signifier_id: str) -> Signifier:
        """The signifier with this id (``KeyError`` when there is none)."""
        for s in self.signifiers:
            if s.id == signifier_id:
                return s
        raise KeyError(signifier_id)

    def kinds(self) -> dict[str, str]:
        """``{signifier id: kind}`` in framework order."""
        return {s.id: s.kind for s in self.signifiers}

    def of_kind(self, kind: str) -> list[Signifier]:
        """All signifiers of one kind, in framework order."""
        return [s for s in self.signifiers if s.kind == kind]


class _Labelled(Model):
    id: Id = Field(alias="id")
    label: Text = Field(alias="label")


class _XAxis(Model):
    left: Text = Field(alias="links")
    right: Text = Field(alias="rechts")


class _YAxis(Model):
    bottom: Text = Field(alias="onder")
    top: Text = Field(alias="boven")


class _SignifierModel(Model):
    id: Id = Field(alias="id")
    kind: Text = Field(alias="soort")
    question: Text = Field(alias="vraag")
    required: bool = Field(False, alias="verplicht")
    explanation: OptionalText = Field("", alias="uitleg")


class TriadModel(_SignifierModel):
    """A ``triade``: three labelled corners."""

    corners: list[_Labelled] = Field(alias="hoeken")


class DyadModel(_SignifierModel):
    """A ``dyade``: a slider between two poles."""

    left: Text = Field(alias="links")
    right: Text = Field(alias="rechts")
    direction: OptionalText = Field("", alias="richting")


class StonesModel(_SignifierModel):
    """``stenen``: named items placed on a canvas with two labelled axes."""

    x_axis: _XAxis = Field(alias="x_as")
    y_axis: _YAxis = Field(alias="y_as")
    items: list[_Labelled] = Field(alias="items")


class ChoiceModel(_SignifierModel):
    """A ``keuze``: one or several of the options."""

    options: list[Text] = Field(default_factory=list, alias="opties")
    multiple: bool = Field(False, alias="meerdere")


SIGNIFIER_MODELS = {"triade": TriadModel, "dyade": DyadModel, "stenen": StonesModel,
                    "keuze": ChoiceModel}


class PromptModel(Model):
    """A prompt: ``id``, ``tekst`` and the ids of its signifiers (default: all)."""

    id: Id = Field(alias="id")
    text: Text = Field(alias="tekst")
    signifiers: list[str] | None = Field(None, alias="signifiers")


class FrameworkModel(Model):
    """The framework file (``kader.yaml``); each signifier is read by the model of its kind."""

    id: Id = Field(alias="id")
    version: Any = Field(None, alias="versie")
    name: Text = Field(alias="naam")
    description: OptionalText = Field("", alias="beschrijving")
    language: Text = Field("nl", alias="taal")
    signifiers: list[dict] = Field(default_factory=list, alias="signifiers")
    prompts: list[PromptModel] = Field(default_factory=list, alias="prompts")
    context_fields: list = Field(default_factory=list, alias="contextvelden")
    filters: list = Field(default_factory=list, alias="filters")


def _labelled(items: list[_Labelled], where: tuple, path) -> tuple[Corner, ...]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise InputError(f"de id '{item.id}' komt twee keer voor", path=path,
                             place=key_path(*where, i, "id"))
        seen.add(item.id)
    return tuple(Corner(item.id, item.label) for item in items)


def _signifier(raw: dict, where: tuple, path) -> Signifier:
    kind = str(raw.get("soort") or "").strip()
    if kind not in KINDS:  # the kind decides which keys are allowed, so it comes first
        message = (f"onbekende soort '{kind}': kies uit {', '.join(KINDS)}" if kind else
                   f"dit veld is verplicht: de soort ({', '.join(KINDS)})")
        raise InputError(message, path=path, place=key_path(*where, "soort"))
    model = validate(SIGNIFIER_MODELS[kind], raw, path=path, prefix=where)
    common = dict(id=model.id, kind=model.kind, question=model.question,
                  required=model.required, explanation=model.explanation)
    if isinstance(model, TriadModel):
        corners = _labelled(model.corners, (*where, "hoeken"), path)
        if len(corners) != 3:
            raise InputError(f"een triade heeft precies 3 hoeken, niet {len(corners)}",
                             path=path, place=key_path(*where, "hoeken"))
        return Signifier(corners=corners, **common)
    if isinstance(model, DyadModel):
        if model.direction not in ("", "horizontaal", "verticaal"):
            raise InputError(f"richting is 'horizontaal' of 'verticaal', niet '{model.direction}'",
                             path=path, place=key_path(*where, "richting"))
        return Signifier(left=model.left, right=model.right, direction=model.direction, **common)
    if isinstance(model, StonesModel):
        items = _labelled(model.items, (*where, "items"), path)
        if not 1 <= len(items) <= 12:
            raise InputError("geef 1 tot 12 stenen (items)", path=path,
                             place=key_path(*where, "items"))
        return Signifier(corners=items, left=model.x_axis.left, right=model.x_axis.right,
                         bottom=model.y_axis.bottom, top=model.y_axis.top, **common)
    assert isinstance(model, ChoiceModel)
    if len(model.options) < 2:
        raise InputError("een keuzevraag heeft een lijst 'opties' met minstens 2 antwoorden",
                         path=path, place=key_path(*where, "opties"))
    values: list[str] = []
    for i, value in enumerate(model.options):
        if "|" in value:
            raise InputError("een antwoord mag geen '|' bevatten (dat teken scheidt meerdere "
                             "antwoorden)", path=path, place=key_path(*where, "opties", i))
        if value in values:
            raise InputError(f"het antwoord '{value}' staat er twee keer in", path=path,
                             place=key_path(*where, "opties", i))
        values.append(value)
    return Signifier(options=tuple(values), multiple=model.multiple, **common)


def framework_from_dict(data: Any, *, path: str | os.PathLike | None = None) -> Framework:
    """Validate a framework given as a dict (as read from YAML) and build it.

    Args:
        data: the parsed YAML.
        path: the file it came from (for messages).

    Returns:
        The :class:`Framework`.

    Raises:
        InputError: with a Dutch message naming the field.

    >>> framework_from_dict({"id": "x", "versie": 1, "naam": "X", "prompts": [{"id": "p", "tekst": "Vertel"}],
    ...     "signifiers": [{"id": "a", "soort": "dyade", "vraag": "?", "links": "l", "rechts": "r"}]}).kinds()
    {'a': 'dyade'}
    >>> framework_from_dict({"id": "x", "versie": 1, "naam": "X", "prompts": [{"id": "p", "tekst": "Vertel"}],
    ...     "signifiers": [{"id": "a", "soort": "dyade", "vraag": "?", "links": "l", "recht": "r"}]})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'signifiers[0].recht': onbekend veld 'recht'; bedoel je 'rechts'?
    """
    model = validate(FrameworkModel, data, path=path,
                     what="een kader is een YAML-bestand met sleutels zoals 'id', 'prompts' en "
                          "'signifiers'")
    version = model.version
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError("de versie is een geheel getal vanaf 1", path=path,
                         place=key_path("versie"))
    if not model.signifiers:
        raise InputError("een kader heeft een lijst met minstens één signifier", path=path,
                         place=key_path("signifiers"))
    signifiers: list[Signifier] = []
    for i, raw in enumerate(model.signifiers):
        s = _signifier(raw, ("signifiers", i), path)
        if s.id in {t.id for t in signifiers}:
            raise InputError(f"de signifier '{s.id}' komt twee keer voor", path=path,
                             place=key_path("signifiers", i, "id"))
        signifiers.append(s)
    known = {s.id: s for s in signifiers}
    if not model.prompts:
        raise InputError("een kader heeft minstens één prompt (de vraag die een verhaal oproept)",
                         path=path, place=key_path("prompts"))
    prompts: list[Prompt] = []
    for i, raw in enumerate(model.prompts):
        if raw.id in {p.id for p in prompts}:
            raise InputError(f"de prompt '{raw.id}' komt twee keer voor", path=path,
                             place=key_path("prompts", i, "id"))
        refs = list(known) if raw.signifiers is None else raw.signifiers
        for j, ref in enumerate(refs):
            if ref not in known:
                raise InputError(f"de signifier '{ref}' wordt gebruikt maar staat niet onder "
                                 "'signifiers'", path=path,
                                 place=key_path("prompts", i, "signifiers", j))
        prompts.append(Prompt(raw.id, raw.text, tuple(refs)))
    for j, name in enumerate(model.context_fields):
        if name not in CONTEXT_FIELDS:
            raise InputError(f"'{name}' is geen contextveld; kies uit {', '.join(CONTEXT_FIELDS)}",
                             path=path, place=key_path("contextvelden", j))
    for j, ref in enumerate(model.filters):
        if ref not in known:
            raise InputError(f"de signifier '{ref}' wordt gebruikt maar staat niet onder "
                             "'signifiers'", path=path, place=key_path("filters", j))
        if known[ref].kind != "keuze":
            raise InputError(f"'{ref}' is een {known[ref].kind}; alleen keuzevragen kunnen "
                             "filter zijn", path=path, place=key_path("filters", j))
    return Framework(
        id=model.id, version=version, name=model.name, description=model.description,
        language=model.language, prompts=tuple(prompts), signifiers=tuple(signifiers),
        context_fields=tuple(model.context_fields), filters=tuple(model.filters),
        source=None if path is None else os.fspath(path))


def validate_framework(data: Any, *, path: str | os.PathLike | None = None) -> list[str]:
    """Check a framework and return the problems in Dutch (empty list: all good).

    Only the first problem is reported, the way a form shows one mistake at a time.

    >>> validate_framework({"id": "x", "versie": 1, "naam": "X", "prompts": [{"id": "p", "tekst": "Vertel",
    ...     "signifiers": ["zelf"]}], "signifiers": [{"id": "a", "soort": "dyade", "vraag": "?",
    ...     "links": "l", "rechts": "r"}]})
    ["veld 'prompts[0].signifiers[0]': de signifier 'zelf' wordt gebruikt maar staat niet onder 'signifiers'"]
    """
    try:
        framework_from_dict(data, path=path)
    except InputError as exc:
        return [str(exc)]
    return []


def _corners_out(items: tuple[Corner, ...]) -> list[dict[str, str]]:
    return [{"id": c.id, "label": c.label} for c in items]


def framework_to_dict(framework: Framework) -> dict[str, Any]:
    """The framework as a YAML-ready dict with the Dutch keys (round trip of :func:`framework_from_dict`).

    >>> fw = default_framework()
    >>> framework_from_dict(framework_to_dict(fw)) == fw
    True
    """
    signifiers = []
    for s in framework.signifiers:
        out: dict[str, Any] = {"id": s.id, "soort": s.kind, "vraag": s.question}
        if s.kind == "triade":
            out["hoeken"] = _corners_out(s.corners)
        elif s.kind == "dyade":
            out.update(links=s.left, rechts=s.right)
            if s.direction:
                out["richting"] = s.direction
        elif s.kind == "stenen":
            out.update(x_as={"links": s.left, "rechts": s.right},
                       y_as={"onder": s.bottom, "boven": s.top}, items=_corners_out(s.corners))
        else:
            out.update(opties=list(s.options), meerdere=s.multiple)
        out["verplicht"] = s.required
        if s.explanation:
            out["uitleg"] = s.explanation
        signifiers.append(out)
    data: dict[str, Any] = {"id": framework.id, "versie": framework.version, "naam": framework.name}
    if framework.description:
        data["beschrijving"] = framework.description
    data["taal"] = framework.language
    data["prompts"] = [{"id": p.id, "tekst": p.text, "signifiers": list(p.signifiers)}
                       for p in framework.prompts]
    data["signifiers"] = signifiers
    data["contextvelden"] = list(framework.context_fields)
    data["filters"] = list(framework.filters)
    return data


def load_framework(path_or_name: str | os.PathLike) -> Framework:
    """Read and validate a framework from a YAML file, a work folder, or a shipped name.

    Args:
        path_or_name: a ``.yaml`` file, a folder holding ``kader.yaml``, or the name of a
            framework shipped in ``kit/data/kaders`` (e.g. ``"erbij-horen-den-haag"``).

    Returns:
        The validated :class:`Framework`.

    Raises:
        InputError: when the file is missing or a field is wrong (Dutch, naming the field).

    >>> load_framework("erbij-horen-den-haag").version
    1
    >>> load_framework("bestaat-niet")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: bestaat-niet: geen kaderbestand en geen meegeleverd kader met deze naam
    """
    from kit.config import data_path
    from kit.io import read_yaml

    candidate = Path(path_or_name)
    if candidate.is_dir():
        candidate = candidate / "kader.yaml"
    elif not candidate.exists() and candidate.suffix not in {".yaml", ".yml"}:
        shipped = data_path("kaders", f"{path_or_name}.yaml")
        if not shipped.is_file():
            raise InputError("geen kaderbestand en geen meegeleverd kader met deze naam",
                             path=os.fspath(path_or_name))
        candidate = shipped
    return framework_from_dict(read_yaml(candidate), path=candidate)


_DEFAULT_CACHE: dict[str, Framework] = {}


def default_framework() -> Framework:
    """The framework shipped for this minor: belonging and exclusion in The Hague.

    >>> [s.kind for s in default_framework().signifiers]
    ['triade', 'triade', 'dyade', 'dyade', 'stenen', 'keuze', 'keuze', 'keuze']
    """
    if DEFAULT_FRAMEWORK not in _DEFAULT_CACHE:
        _DEFAULT_CACHE[DEFAULT_FRAMEWORK] = load_framework(DEFAULT_FRAMEWORK)
    return _DEFAULT_CACHE[DEFAULT_FRAMEWORK]


def signifier_columns(framework: Framework) -> list[str]:
    """All signifier columns of a framework, in order (after the base columns of the store).

    >>> len(signifier_columns(default_framework()))
    21
    """
    return [column for s in framework.signifiers for column in s.columns()]
