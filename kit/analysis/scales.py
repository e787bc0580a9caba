"""Scoring questionnaires (belonging scales) from a YAML key.

A *key* describes a questionnaire without any scoring code: its items, which
items are reverse-scored, which subscale each item belongs to, the response
scale, how a score is made (mean or sum) and how many missing answers a
(sub)scale tolerates. The kit ships keys in ``kit/data/vragenlijsten/``: the
course's own short questionnaire (not validated), the single neighbourhood
item, and the keys of SOBI-P and the General Belongingness Scale *without*
their copyrighted item texts; a lecturer supplies licensed texts in a separate
file (:func:`load_item_texts`).

Key format (YAML)::

    id: iids-erbij-horen            # letters, digits, '-' and '_'
    title: Erbij horen in de stad   # Dutch title
    validated: false                # shown to students
    licensed_text: false            # true: item texts come from the lecturer
    note / source / licence / instruction / higher_means: Dutch text
    response_scale: {min: 1, max: 5, labels: {1: ..., 5: ...},
                     missing_codes: [9], missing_label: wil ik niet zeggen}
    score: mean | sum               # sum is prorated when answers are missing
    total: true                     # also score all items together
    missing: {max_missing_share: 0.34}   # per (sub)scale: at most floor(share * n) missing
    subscales: {naam: {title: ...}}
    items: [{id: ehs_01, text: ..., subscale: naam, reverse: false}, ...]
    bands: [{from: 1, to: 2.5, label: ...}, ...]   # optional, for the total

Scoring rule: a reverse-scored answer ``x`` becomes ``min + max - x``. A
(sub)scale with more missing answers than allowed gets no score (``None``);
otherwise ``mean`` is the mean of the answered items and ``sum`` is that mean
times the number of items (the usual prorating rule), rounded to 2 decimals.

>>> key = parse_key({"id": "demo", "title": "Demo", "response_scale": {"min": 1, "max": 5},
...                  "items": [{"id": "a"}, {"id": "b", "reverse": True}]})
>>> score_answers(key, {"a": 4, "b": 2}).scores
{'totaal': 4.0}
>>> score_answers(key, {"a": 4, "b": None}).scores
{'totaal': None}
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from kit.display import number
from kit.errors import InputError, row_place
from kit.ids import is_id
from kit.models import Id, Model, OptionalText, Text, key_path, validate

__all__ = [
    "TOTAL",
    "ResponseScale",
    "Item",
    "ScaleKey",
    "ScoreResult",
    "parse_key",
    "load_key",
    "available_keys",
    "load_item_texts",
    "score_answers",
    "score_table",
    "band_label",
    "band_table",
    "explain_result",
    "items_table",
    "describe_key",
]

#: Name of the score over all items.
TOTAL = "totaal"


@dataclass(frozen=True)
class ResponseScale:
    """The answer options: whole numbers from ``min`` to ``max``.

    >>> ResponseScale(1, 4).reverse(1)
    4
    """

    min: int
    max: int
    labels: dict[int, str] = field(default_factory=dict)
    missing_codes: tuple[int, ...] = ()
    missing_label: str = "geen antwoord"

    def reverse(self, value: int) -> int:
        """Turn an answer around (1 becomes max, max becomes 1)."""
        return self.min + self.max - value

    def label(self, value: int) -> str:
        """The Dutch label of an answer, or the number itself.

        >>> ResponseScale(1, 2, {1: "nee"}).label(1), ResponseScale(1, 2).label(2)
        ('nee', '2')
        """
        return self.labels.get(value, str(value))


@dataclass(frozen=True)
class Item:
    """One question of a questionnaire (``text`` is ``None`` for licensed items not yet supplied)."""

    id: str
    text: str | None = None
    subscale: str | None = None
    reverse: bool = False


@dataclass(frozen=True)
class ScaleKey:
    """A validated questionnaire key (see the module docstring for the YAML format)."""

    id: str
    title: str
    scale: ResponseScale
    items: tuple[Item, ...]
    subscales: dict[str, str] = field(default_factory=dict)
    score: str = "mean"
    total: bool = True
    max_missing_share: float = 0.0
    validated: bool = False
    licensed_text: bool = False
    note: str = ""
    source: str = ""
    licence: str = ""
    instruction: str = ""
    higher_means: str = "meer gevoel erbij te horen"
    bands: tuple[tuple[float, float, str], ...] = ()

    @property
    def item_ids(self) -> list[str]:
        """Item ids in questionnaire order."""
        return [item.id for item in self.items]

    def parts(self) -> dict[str, list[Item]]:
        """The scored parts: each subscale, then the total (when ``total`` is set).

        >>> k = parse_key({"id": "x", "title": "X", "response_scale": {"min": 1, "max": 3},
        ...                "subscales": {"s": {"title": "S"}},
        ...                "items": [{"id": "a", "subscale": "s"}, {"id": "b"}]})
        >>> {name: [i.id for i in items] for name, items in k.parts().items()}
        {'s': ['a'], 'totaal': ['a', 'b']}
        """
        parts = {name: [i for i in self.items if i.subscale == name] for name in self.subscales}
        if self.total:
            parts[TOTAL] = list(self.items)
        return parts

    def allowed_missing(self, n_items: int) -> int:
        """How many answers a part of ``n_items`` items may miss and still get a score.

        >>> replace(load_key("gbs")).allowed_missing(6)
        1
        """
        return math.floor(self.max_missing_share * n_items + 1e-9)

    def part_title(self, name: str) -> str:
        """Dutch title of a part (``'Totaal'`` for the total)."""
        return "Totaal" if name == TOTAL else self.subscales.get(name, name)

    def score_range(self, name: str = TOTAL) -> tuple[float, float]:
        """Lowest and highest possible score of a part.

        >>> load_key("sobi-p").score_range()
        (18.0, 72.0)
        """
        n = len(self.parts()[name])
        if self.score == "sum":
            return float(self.scale.min * n), float(self.scale.max * n)
        return float(self.scale.min), float(self.scale.max)


@dataclass(frozen=True)
class ScoreResult:
    """The scores of one respondent: per part a number or ``None`` (too many answers missing)."""

    scores: dict[str, float | None]
    missing: dict[str, int]
    reversed_items: tuple[str, ...]


class _ScaleModel(Model):
    low: int = Field(alias="min")
    high: int = Field(alias="max")
    labels: dict = Field(default_factory=dict, alias="labels")
    missing_codes: list = Field(default_factory=list, alias="missing_codes")
    missing_label: OptionalText = Field("geen antwoord", alias="missing_label")


class _SubscaleModel(Model):
    title: OptionalText = Field("", alias="title")


class _ItemModel(Model):
    id: Id = Field(alias="id")
    text: OptionalText = Field("", alias="text")
    subscale: OptionalText = Field("", alias="subscale")
    reverse: bool = Field(False, alias="reverse")


class _MissingModel(Model):
    max_missing_share: float = Field(0.0, alias="max_missing_share")


class _BandModel(Model):
    low: float = Field(alias="from")
    high: float = Field(alias="to")
    label: Text = Field(alias="label")


class KeyModel(Model):
    """A questionnaire key file (see the module docstring)."""

    id: Id = Field(alias="id")
    title: Text = Field(alias="title")
    validated: bool = Field(False, alias="validated")
    licensed_text: bool = Field(False, alias="licensed_text")
    note: OptionalText = Field("", alias="note")
    source: OptionalText = Field("", alias="source")
    licence: OptionalText = Field("", alias="licence")
    instruction: OptionalText = Field("", alias="instruction")
    higher_means: OptionalText = Field("meer gevoel erbij te horen", alias="higher_means")
    response_scale: _ScaleModel = Field(alias="response_scale")
    score: Literal["mean", "sum"] = Field("mean", alias="score")
    total: bool = Field(True, alias="total")
    missing: _MissingModel = Field(default_factory=_MissingModel, alias="missing")
    subscales: dict[str, _SubscaleModel] = Field(default_factory=dict, alias="subscales")
    items: list[_ItemModel] = Field(default_factory=list, alias="items")
    bands: list[_BandModel] = Field(default_factory=list, alias="bands")


def parse_key(data: Any, *, path: str | os.PathLike | None = None) -> ScaleKey:
    """Validate a key read from YAML and turn it into a :class:`ScaleKey`.

    Args:
        data: the parsed YAML (a mapping).
        path: the file it came from, for error messages.

    Returns:
        The key.

    Raises:
        InputError: with the field that is wrong, in Dutch.

    >>> parse_key({"id": "x", "title": "X", "response_scale": {"min": 1, "max": 5},
    ...            "items": [{"id": "a", "subscale": "onbekend"}]})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'items[0].subscale': subschaal 'onbekend' staat niet onder 'subscales'
    >>> parse_key({"id": "x", "title": "X", "respons_scale": {"min": 1, "max": 5}, "items": []})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'respons_scale': onbekend veld 'respons_scale'; bedoel je 'response_scale'?
    """
    model = validate(KeyModel, data, path=path,
                     what="een vragenlijstsleutel moet een tabel (sleutel: waarde) zijn")
    raw_scale = model.response_scale
    low, high = raw_scale.low, raw_scale.high
    if high <= low:
        raise InputError("'max' moet groter zijn dan 'min'", path=path,
                         place=key_path("response_scale", "max"))
    labels: dict[int, str] = {}
    for value, label in raw_scale.labels.items():
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InputError(f"antwoord {value!r} valt buiten {low}-{high}", path=path,
                             place=key_path("response_scale", "labels", str(value)))
        labels[value] = str(label)
    for code in raw_scale.missing_codes:
        if isinstance(code, bool) or not isinstance(code, int) or low <= code <= high:
            raise InputError("een code voor 'geen antwoord' moet een heel getal buiten de schaal "
                             "zijn", path=path, place=key_path("response_scale", "missing_codes"))
    scale = ResponseScale(low, high, labels, tuple(raw_scale.missing_codes),
                          raw_scale.missing_label)
    subscales = {name: spec.title or name for name, spec in model.subscales.items()}
    if not model.items:
        raise InputError("er staan geen items in de sleutel", path=path, place=key_path("items"))
    items: list[Item] = []
    for i, raw in enumerate(model.items):
        if any(item.id == raw.id for item in items):
            raise InputError(f"item-id '{raw.id}' komt twee keer voor", path=path,
                             place=key_path("items", i))
        if raw.subscale and raw.subscale not in subscales:
            raise InputError(f"subschaal '{raw.subscale}' staat niet onder 'subscales'", path=path,
                             place=key_path("items", i, "subscale"))
        items.append(Item(raw.id, raw.text or None, raw.subscale or None, raw.reverse))
    for name in subscales:
        if not any(item.subscale == name for item in items):
            raise InputError(f"subschaal '{name}' heeft geen items", path=path,
                             place=key_path("subscales", name))
    if not model.total and not subscales:
        raise InputError("zonder subschalen moet 'total' true zijn", path=path,
                         place=key_path("total"))
    share = model.missing.max_missing_share
    if not 0 <= share < 1:
        raise InputError("'max_missing_share' moet tussen 0 en 1 liggen", path=path,
                         place=key_path("missing", "max_missing_share"))
    return ScaleKey(
        id=model.id, title=model.title, scale=scale, items=tuple(items), subscales=subscales,
        score=model.score, total=model.total, max_missing_share=share,
        validated=model.validated, licensed_text=model.licensed_text, note=model.note,
        source=model.source, licence=model.licence, instruction=model.instruction,
        higher_means=model.higher_means,
        bands=tuple((band.low, band.high, band.label) for band in model.bands))


def _key_folder() -> Path:
    from kit.config import data_path

    return data_path("vragenlijsten")


def available_keys() -> list[str]:
    """Names of the keys shipped with the kit.

    >>> available_keys()
    ['buurt-item', 'gbs', 'iids-erbij-horen', 'sobi-p']
    """
    return sorted(p.stem for p in _key_folder().glob("*.yaml"))


def load_key(name_or_path: str | os.PathLike) -> ScaleKey:
    """Load a shipped key by name (``"sobi-p"``) or any key file by path.

    >>> key = load_key("iids-erbij-horen")
    >>> key.validated, len(key.items), list(key.subscales)
    (False, 9, ['mensen', 'plek', 'erkenning'])
    """
    from kit.io import read_yaml

    text = os.fspath(name_or_path)
    path = Path(text).expanduser()
    if not path.suffix and is_id(text):
        path = _key_folder() / f"{text}.yaml"
        if not path.is_file():
            raise InputError(f"onbekende vragenlijst; kies uit: {', '.join(available_keys())}",
                             path=text)
    return parse_key(read_yaml(path), path=path)


def load_item_texts(key: ScaleKey, path: str | os.PathLike) -> ScaleKey:
    """Add item texts a lecturer supplies (licensed scales) to a key.

    The file is YAML (``vragenlijst: <key id>`` and ``items: {item_id: text}``) or a
    CSV with the columns ``item`` and ``text``. Every item of the key needs a text.

    Args:
        key: the key (e.g. ``load_key("sobi-p")``).
        path: the lecturer's file; keep it out of git and out of assignment folders.

    Returns:
        A copy of the key with the texts filled in.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "teksten.csv"
    >>> _ = p.write_text("item,text\\nbuurt_01,Voel je je thuis?\\n")
    >>> load_item_texts(load_key("buurt-item"), p).items[0].text
    'Voel je je thuis?'
    """
    from kit.io import read_csv, read_yaml

    p = Path(path).expanduser()
    texts: dict[str, str] = {}
    if p.suffix.lower() == ".csv":
        frame = read_csv(p)
        for column in ("item", "text"):
            if column not in frame.columns:
                raise InputError(f"de kolom '{column}' ontbreekt", path=p, place="rij 1")
        for i, (item_id, text) in enumerate(zip(frame["item"], frame["text"], strict=True)):
            if not isinstance(text, str) or not text.strip():
                raise InputError("de tekst is leeg", path=p, place=row_place(i, "text"))
            texts[str(item_id).strip()] = text.strip()
    else:
        data = read_yaml(p)
        if not isinstance(data, Mapping) or not isinstance(data.get("items"), Mapping):
            raise InputError("verwacht 'vragenlijst:' en 'items:' (item-id: tekst)", path=p)
        if data.get("vragenlijst") not in (None, key.id):
            raise InputError(f"dit bestand hoort bij '{data.get('vragenlijst')}', niet bij '{key.id}'",
                             path=p, place="veld 'vragenlijst'")
        for item_id, text in data["items"].items():
            if not isinstance(text, str) or not text.strip():
                raise InputError("de tekst is leeg", path=p, place=f"veld 'items.{item_id}'")
            texts[str(item_id)] = text.strip()
    unknown = sorted(set(texts) - set(key.item_ids))
    if unknown:
        raise InputError(f"onbekende item-id's voor '{key.id}': {', '.join(unknown)}", path=p)
    absent = [i for i in key.item_ids if i not in texts]
    if absent:
        raise InputError(f"de tekst ontbreekt voor {len(absent)} item(s): {', '.join(absent)}", path=p)
    return replace(key, items=tuple(replace(item, text=texts[item.id]) for item in key.items))


def _clean(key: ScaleKey, item_id: str, value: Any, *, path=None, place=None) -> int | None:
    if value is None or type(value).__name__ == "NAType" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
        try:
            value = float(value.replace(",", "."))
        except ValueError:
            raise InputError(f"'{value}' is geen antwoordnummer", path=path, place=place) from None
    if isinstance(value, bool) or not isinstance(value, int | float) or float(value) != int(value):
        raise InputError(f"{value!r} is geen heel getal", path=path, place=place)
    value = int(value)
    if value in key.scale.missing_codes:
        return None
    if not key.scale.min <= value <= key.scale.max:
        raise InputError(f"antwoord {value} valt buiten de schaal {key.scale.min}-{key.scale.max}"
                         f" van '{item_id}'", path=path, place=place)
    return value


def score_answers(key: ScaleKey, answers: Mapping[str, Any], *, path: str | os.PathLike | None = None,
                  place: str | None = None) -> ScoreResult:
    """Score one respondent.

    Args:
        key: the questionnaire key.
        answers: item id -> answer (a number on the scale; ``None``, empty or a missing
            code for no answer). Items that are not in ``answers`` count as missing.
        path, place: where the answers came from, for error messages.

    Returns:
        A :class:`ScoreResult` with a score per part (``None`` when too many are missing).

    >>> key = load_key("iids-erbij-horen")
    >>> answers = {"ehs_01": 5, "ehs_02": 1, "ehs_03": 4, "ehs_04": 4, "ehs_05": 5,
    ...            "ehs_06": 9, "ehs_07": 2, "ehs_08": 2, "ehs_09": 5}
    >>> result = score_answers(key, answers)
    >>> result.scores
    {'mensen': 4.67, 'plek': 4.5, 'erkenning': 1.67, 'totaal': 3.5}
    >>> result.missing["plek"]
    1
    """
    unknown = sorted(set(answers) - set(key.item_ids))
    if unknown:
        raise InputError(f"onbekende item-id's voor '{key.id}': {', '.join(unknown)}", path=path, place=place)
    values: dict[str, int | None] = {}
    for item in key.items:
        raw = _clean(key, item.id, answers.get(item.id), path=path, place=place)
        values[item.id] = None if raw is None else (key.scale.reverse(raw) if item.reverse else raw)
    scores: dict[str, float | None] = {}
    missing: dict[str, int] = {}
    for name, items in key.parts().items():
        given = [values[i.id] for i in items if values[i.id] is not None]
        missing[name] = len(items) - len(given)
        if not given or missing[name] > key.allowed_missing(len(items)):
            scores[name] = None
            continue
        mean = sum(given) / len(given)
        scores[name] = round(mean * len(items) if key.score == "sum" else mean, 2)
    return ScoreResult(scores, missing, tuple(i.id for i in key.items if i.reverse))


def score_table(key: ScaleKey, frame, *, id_column: str | None = None,
                path: str | os.PathLike | None = None):
    """Score every row of a table of answers (one column per item).

    Args:
        key: the questionnaire key.
        frame: a pandas DataFrame; columns named after the item ids, other columns kept.
        id_column: optional column to keep first (e.g. a participant code).
        path: the file the table came from, for error messages.

    Returns:
        A DataFrame with the kept columns, one column per part and ``ontbrekend``
        (missing answers over all items). Parts without a score are empty (``<NA>``).

    >>> import pandas as pd
    >>> key = load_key("buurt-item")
    >>> table = pd.DataFrame({"code": ["P1", "P2", "P3"], "buurt_01": [4, 9, 2]})
    >>> score_table(key, table, id_column="code")
      code  totaal  ontbrekend
    0   P1     4.0           0
    1   P2    <NA>           1
    2   P3     2.0           0
    """
    import pandas as pd

    absent = [i for i in key.item_ids if i not in frame.columns]
    if absent:
        raise InputError(f"de kolom(men) ontbreken: {', '.join(absent)}", path=path, place="rij 1")
    kept = [id_column] if id_column else [c for c in frame.columns if c not in key.item_ids]
    if id_column and id_column not in frame.columns:
        raise InputError(f"de kolom '{id_column}' ontbreekt", path=path, place="rij 1")
    rows = []
    for i, record in enumerate(frame[key.item_ids].to_dict("records")):
        for item_id, value in record.items():
            _clean(key, item_id, value, path=path, place=row_place(i, item_id))
        result = score_answers(key, record, path=path, place=row_place(i))
        row = dict(result.scores)
        row["ontbrekend"] = sum(1 for item_id in key.item_ids
                                if _clean(key, item_id, record[item_id]) is None)
        rows.append(row)
    scores = pd.DataFrame(rows, index=frame.index)
    for name in key.parts():
        scores[name] = scores[name].astype("Float64")
    out = pd.concat([frame[kept].copy(), scores], axis=1)
    return out.reset_index(drop=True)


def band_label(key: ScaleKey, score: float | None) -> str | None:
    """The Dutch band label of a total score (first matching band), if the key has bands.

    >>> band_label(load_key("iids-erbij-horen"), 3.9)
    'veel gevoel erbij te horen'
    >>> band_label(load_key("iids-erbij-horen"), None) is None
    True
    """
    if score is None:
        return None
    for low, high, label in key.bands:
        if low <= score <= high:
            return label
    return None


def explain_result(key: ScaleKey, result: ScoreResult) -> list[str]:
    """Dutch sentences that explain a score to a student.

    >>> key = load_key("buurt-item")
    >>> explain_result(key, score_answers(key, {"buurt_01": 3}))[0]
    'Totaal: 3,0 (van 1 tot 4; hoger = sterker verbonden met de buurt)'
    """
    lines = []
    for name, value in result.scores.items():
        low, high = key.score_range(name)
        if value is None:
            lines.append(f"{key.part_title(name)}: geen score, want {result.missing[name]} "
                         f"antwoord(en) ontbreken (toegestaan: "
                         f"{key.allowed_missing(len(key.parts()[name]))})")
        else:
            lines.append(f"{key.part_title(name)}: {number(value, 1)} (van {number(low, 1, trim=True)} "
                         f"tot {number(high, 1, trim=True)}; hoger = {key.higher_means})")
    band = band_label(key, result.scores.get(TOTAL))
    if band:
        lines.append(f"Dat valt in de groep: {band}.")
    if result.reversed_items:
        position = {item.id: i for i, item in enumerate(key.items, start=1)}
        numbers = [str(position.get(item, item)) for item in result.reversed_items]
        listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} en {numbers[-1]}"
        lines.append(f"Omgedraaid gescoord ({len(result.reversed_items)} zinnen): "
                     f"{'zin' if len(numbers) == 1 else 'zinnen'} {listed}. Bij die zinnen betekent "
                     "'eens' juist minder gevoel erbij te horen.")
    if not key.validated:
        lines.append("Let op: deze vragenlijst is niet gevalideerd. Gebruik de uitkomst om over te "
                     "praten, niet als meting van iemand.")
    return lines


def band_table(key: ScaleKey, scored, group_column: str, *, part: str = TOTAL,
               bands: list[tuple[float, float, str]] | None = None, k: int = 10):
    """Count respondents per group and score band, ready to publish (small cells suppressed).

    Groups with fewer than ``k`` scored respondents are left out and named in the message
    (a group that small cannot be shown in a table at all). The rest goes through
    :func:`kit.privacy.disclosure.suppress_small_cells`; when that refuses (too much would
    be hidden), no table is returned.

    Args:
        key: the questionnaire key (its ``bands`` are the default).
        scored: the output of :func:`score_table` plus a group column.
        group_column: the column with the group label.
        part: which score to band (default the total).
        bands: ``[(from, to, label), ...]`` in order; default the key's bands.
        k: the small-cell threshold.

    Returns:
        ``(table, message)``: the table as text with ``"<k"`` in hidden cells, or ``None``
        when it may not be published; a Dutch message that says what was done.

    >>> import pandas as pd
    >>> key = load_key("buurt-item")
    >>> scored = pd.DataFrame({"groep": ["a"] * 30 + ["b"] * 3,
    ...                        "totaal": [4.0] * 15 + [1.0] * 15 + [2.0] * 3})
    >>> table, message = band_table(key, scored, "groep")
    >>> table.loc["a"].tolist()
    ['15', '15']
    >>> message
    'Weggelaten (minder dan 10 mensen): b. Geen cellen verborgen.'
    """
    import pandas as pd

    from kit.privacy.disclosure import DisclosureRefused, format_suppressed, suppress_small_cells

    for column in (group_column, part):
        if column not in scored.columns:
            raise InputError(f"de kolom '{column}' ontbreekt", place="rij 1")
    chosen = list(bands or key.bands)
    if not chosen:
        raise InputError("er zijn geen groepen (bands) om in te delen", path=key.id, place="veld 'bands'")
    known = scored[scored[part].notna()]
    sizes = known.groupby(group_column).size()
    small = sorted(str(g) for g, n in sizes.items() if n < k)
    kept = known[~known[group_column].astype(str).isin(small)]
    edges = [float(chosen[0][0])] + [float(high) for _low, high, _label in chosen]
    labels = [label for _low, _high, label in chosen]
    band = pd.cut(kept[part].astype(float), edges, labels=labels, include_lowest=True)
    counts = pd.crosstab(kept[group_column].astype(str), band).reindex(columns=labels, fill_value=0)
    left_out = f"Weggelaten (minder dan {k} mensen): {', '.join(small)}. " if small else ""
    if counts.empty:
        return None, left_out + "Er blijft geen groep over die groot genoeg is."
    try:
        safe = suppress_small_cells(counts, k=k)
    except DisclosureRefused as refused:
        reason = refused.message.replace(" (collapse_categories)", "")
        return None, left_out + f"Deze tabel mag niet gedeeld worden: {reason}."
    hidden = int(safe.isna().sum().sum())
    shown = format_suppressed(safe, k)
    shown.columns.name = None
    shown.index.name = group_column
    note = f"{hidden} cel(len) verborgen (minder dan {k}, of terug te rekenen)." if hidden else \
        "Geen cellen verborgen."
    return shown, left_out + note


def items_table(key: ScaleKey):
    """The items of a key as a Dutch table (number, sentence, subscale, reverse-scored).

    Items without text (licensed scales) show ``(tekst via je docent)``.

    >>> items_table(load_key("gbs")).iloc[2].tolist()
    ['3', '(tekst via je docent)', 'Geen afwijzing of uitsluiting (omgedraaid)', 'ja']
    """
    import pandas as pd

    return pd.DataFrame([{"nummer": str(i), "zin": item.text or "(tekst via je docent)",
                          "subschaal": key.subscales.get(item.subscale, "-") if item.subscale else "-",
                          "omgedraaid": "ja" if item.reverse else "nee"}
                         for i, item in enumerate(key.items, start=1)])


def describe_key(key: ScaleKey) -> str:
    """One Dutch sentence that describes a questionnaire key.

    >>> describe_key(load_key("sobi-p"))
    'Sense of Belonging Instrument - psychologisch deel (SOBI-P): 18 zinnen, 17 omgedraaid, geen subschalen, score van 18 tot 72 (gevalideerd; zinnen via je docent).'
    """
    reversed_count = sum(item.reverse for item in key.items)
    subscales = ("subschalen: " + ", ".join(key.subscales.values())) if key.subscales else "geen subschalen"
    low, high = key.score_range(TOTAL) if key.total else key.score_range(next(iter(key.subscales)))
    status = "gevalideerd" if key.validated else "niet gevalideerd"
    texts = "; zinnen via je docent" if key.licensed_text and any(i.text is None for i in key.items) else ""
    return (f"{key.title}: {len(key.items)} zinnen, {reversed_count} omgedraaid, {subscales}, "
            f"score van {low:g} tot {high:g} ({status}{texts}).")
