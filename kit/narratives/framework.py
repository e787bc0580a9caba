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

from kit.errors import InputError
from kit.ids import ID_RULE, is_id

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

_TOP_KEYS = {"id", "versie", "naam", "beschrijving", "taal", "prompts", "signifiers",
             "contextvelden", "filters"}
_SIGNIFIER_KEYS = {
    "triade": {"id", "soort", "vraag", "hoeken", "verplicht", "uitleg"},
    "dyade": {"id", "soort", "vraag", "links", "rechts", "verplicht", "uitleg"},
    "stenen": {"id", "soort", "vraag", "x_as", "y_as", "items", "verplicht", "uitleg"},
    "keuze": {"id", "soort", "vraag", "opties", "meerdere", "verplicht", "uitleg"},
}


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


def _fail(message: str, place: str, path) -> InputError:
    return InputError(message, path=path, place=f"veld '{place}'")


def _text(value: Any, place: str, path, *, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _fail("dit veld is verplicht en mag niet leeg zijn", place, path)
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise _fail("hier hoort een tekst", place, path)
    return str(value).strip()


def _ident(value: Any, place: str, path) -> str:
    text = _text(value, place, path)
    if not is_id(text):
        raise _fail(f"'{text}' is geen geldige id: {ID_RULE}", place, path)
    return text


def _bool(value: Any, place: str, path, default: bool = False) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _fail("hier hoort 'true' of 'false'", place, path)
    return value


def _labelled_list(value: Any, place: str, path, *, what: str) -> tuple[Corner, ...]:
    if not isinstance(value, list):
        raise _fail(f"hier hoort een lijst met {what} (elk met 'id' en 'label')", place, path)
    items: list[Corner] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        here = f"{place}[{i}]"
        if not isinstance(item, dict):
            raise _fail("hier hoort een item met 'id' en 'label'", here, path)
        unknown = set(item) - {"id", "label"}
        if unknown:
            raise _fail(f"onbekende sleutel '{sorted(unknown)[0]}' (alleen 'id' en 'label')", here, path)
        cid = _ident(item.get("id"), f"{here}.id", path)
        if cid in seen:
            raise _fail(f"de id '{cid}' komt twee keer voor", f"{here}.id", path)
        seen.add(cid)
        items.append(Corner(cid, _text(item.get("label"), f"{here}.label", path)))
    return tuple(items)


def _axis(value: Any, place: str, path, ends: tuple[str, str]) -> tuple[str, str]:
    if not isinstance(value, dict) or set(value) != set(ends):
        raise _fail(f"hier horen precies de sleutels '{ends[0]}' en '{ends[1]}'", place, path)
    return (_text(value[ends[0]], f"{place}.{ends[0]}", path),
            _text(value[ends[1]], f"{place}.{ends[1]}", path))


def _signifier(raw: Any, place: str, path) -> Signifier:
    if not isinstance(raw, dict):
        raise _fail("hier hoort een signifier met 'id', 'soort' en 'vraag'", place, path)
    sid = _ident(raw.get("id"), f"{place}.id", path)
    kind = _text(raw.get("soort"), f"{place}.soort", path)
    if kind not in KINDS:
        raise _fail(f"onbekende soort '{kind}': kies uit {', '.join(KINDS)}", f"{place}.soort", path)
    unknown = set(raw) - _SIGNIFIER_KEYS[kind]
    if unknown:
        raise _fail(f"onbekende sleutel '{sorted(unknown)[0]}' voor een {kind}; toegestaan: "
                    + ", ".join(sorted(_SIGNIFIER_KEYS[kind])), place, path)
    common = dict(id=sid, kind=kind, question=_text(raw.get("vraag"), f"{place}.vraag", path),
                  required=_bool(raw.get("verplicht"), f"{place}.verplicht", path),
                  explanation=_text(raw.get("uitleg"), f"{place}.uitleg", path, required=False))
    if kind == "triade":
        corners = _labelled_list(raw.get("hoeken"), f"{place}.hoeken", path, what="hoeken")
        if len(corners) != 3:
            raise _fail(f"een triade heeft precies 3 hoeken, niet {len(corners)}",
                        f"{place}.hoeken", path)
        return Signifier(corners=corners, **common)
    if kind == "dyade":
        return Signifier(left=_text(raw.get("links"), f"{place}.links", path),
                         right=_text(raw.get("rechts"), f"{place}.rechts", path), **common)
    if kind == "stenen":
        left, right = _axis(raw.get("x_as"), f"{place}.x_as", path, ("links", "rechts"))
        bottom, top = _axis(raw.get("y_as"), f"{place}.y_as", path, ("onder", "boven"))
        items = _labelled_list(raw.get("items"), f"{place}.items", path, what="stenen")
        if not 1 <= len(items) <= 12:
            raise _fail("geef 1 tot 12 stenen (items)", f"{place}.items", path)
        return Signifier(corners=items, left=left, right=right, bottom=bottom, top=top, **common)
    options = raw.get("opties")
    if not isinstance(options, list) or len(options) < 2:
        raise _fail("een keuzevraag heeft een lijst 'opties' met minstens 2 antwoorden",
                    f"{place}.opties", path)
    values: list[str] = []
    for i, option in enumerate(options):
        value = _text(option, f"{place}.opties[{i}]", path)
        if "|" in value:
            raise _fail("een antwoord mag geen '|' bevatten (dat teken scheidt meerdere antwoorden)",
                        f"{place}.opties[{i}]", path)
        if value in values:
            raise _fail(f"het antwoord '{value}' staat er twee keer in", f"{place}.opties[{i}]", path)
        values.append(value)
    return Signifier(options=tuple(values),
                     multiple=_bool(raw.get("meerdere"), f"{place}.meerdere", path), **common)


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
    """
    if not isinstance(data, dict):
        raise InputError("een kader is een YAML-bestand met sleutels zoals 'id', 'prompts' en "
                         "'signifiers'", path=path)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise _fail(f"onbekende sleutel; toegestaan: {', '.join(sorted(_TOP_KEYS))}", key, path)
    fid = _ident(data.get("id"), "id", path)
    version = data.get("versie")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _fail("de versie is een geheel getal vanaf 1", "versie", path)
    raw_signifiers = data.get("signifiers")
    if not isinstance(raw_signifiers, list) or not raw_signifiers:
        raise _fail("een kader heeft een lijst met minstens één signifier", "signifiers", path)
    signifiers: list[Signifier] = []
    for i, raw in enumerate(raw_signifiers):
        s = _signifier(raw, f"signifiers[{i}]", path)
        if s.id in {t.id for t in signifiers}:
            raise _fail(f"de signifier '{s.id}' komt twee keer voor", f"signifiers[{i}].id", path)
        signifiers.append(s)
    known = {s.id: s for s in signifiers}
    raw_prompts = data.get("prompts")
    if not isinstance(raw_prompts, list) or not raw_prompts:
        raise _fail("een kader heeft minstens één prompt (de vraag die een verhaal oproept)",
                    "prompts", path)
    prompts: list[Prompt] = []
    for i, raw in enumerate(raw_prompts):
        here = f"prompts[{i}]"
        if not isinstance(raw, dict):
            raise _fail("hier hoort een prompt met 'id' en 'tekst'", here, path)
        unknown = set(raw) - {"id", "tekst", "signifiers"}
        if unknown:
            raise _fail(f"onbekende sleutel '{sorted(unknown)[0]}' (alleen id, tekst, signifiers)",
                        here, path)
        pid = _ident(raw.get("id"), f"{here}.id", path)
        if pid in {p.id for p in prompts}:
            raise _fail(f"de prompt '{pid}' komt twee keer voor", f"{here}.id", path)
        refs = raw.get("signifiers", list(known))
        if not isinstance(refs, list):
            raise _fail("hier hoort een lijst met ids van signifiers", f"{here}.signifiers", path)
        for j, ref in enumerate(refs):
            if ref not in known:
                raise _fail(f"de signifier '{ref}' wordt gebruikt maar staat niet onder 'signifiers'",
                            f"{here}.signifiers[{j}]", path)
        prompts.append(Prompt(pid, _text(raw.get("tekst"), f"{here}.tekst", path), tuple(refs)))
    context = data.get("contextvelden", [])
    if not isinstance(context, list):
        raise _fail("hier hoort een lijst met kolommen", "contextvelden", path)
    for j, name in enumerate(context):
        if name not in CONTEXT_FIELDS:
            raise _fail(f"'{name}' is geen contextveld; kies uit {', '.join(CONTEXT_FIELDS)}",
                        f"contextvelden[{j}]", path)
    filters = data.get("filters", [])
    if not isinstance(filters, list):
        raise _fail("hier hoort een lijst met ids van keuzevragen", "filters", path)
    for j, ref in enumerate(filters):
        if ref not in known:
            raise _fail(f"de signifier '{ref}' wordt gebruikt maar staat niet onder 'signifiers'",
                        f"filters[{j}]", path)
        if known[ref].kind != "keuze":
            raise _fail(f"'{ref}' is een {known[ref].kind}; alleen keuzevragen kunnen filter zijn",
                        f"filters[{j}]", path)
    return Framework(
        id=fid, version=version, name=_text(data.get("naam"), "naam", path),
        description=_text(data.get("beschrijving"), "beschrijving", path, required=False),
        language=_text(data.get("taal", "nl"), "taal", path),
        prompts=tuple(prompts), signifiers=tuple(signifiers), context_fields=tuple(context),
        filters=tuple(filters), source=None if path is None else os.fspath(path))


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
