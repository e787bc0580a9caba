"""The dominant-discourse corpus: synthetic policy, news and council texts for teaching.

The kit ships ``kit/data/discours/corpus.yaml``: Dutch texts *written for the kit* (all
synthetic, marked as such) that look like the "Haags discours" about sex workers, labour
migrants, homeless people and woonwageninwoners. Each text carries two teaching layers:

- ``frames``: passages coded with the codebook ``frames-dominant-discours`` (a model
  coding by the kit's authors, to compare with your own, not the truth);
- ``middelen``: Fairclough's text-level devices: naming of actors (``benoeming``), passive
  voice (``passief``), a missing agent (``ontbrekende-actor``), nominalisation
  (``nominalisatie``), modality (``modaliteit``), who is quoted (``geciteerd``) and who
  is not (``niet-geciteerd``).

:func:`text_devices` finds candidate devices in any text with simple patterns, as a
starting point for a student's own reading.

>>> corpus = load_dominant_corpus()
>>> len(corpus) >= 12, bool(corpus["synthetic"].all())
(True, True)
>>> frames = corpus_frames()
>>> sorted(set(frames["document"])) == sorted(corpus["id"])
True
>>> text_devices("De panden worden gecontroleerd.")["middel"].tolist()
['passief']
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import Field

from kit.errors import InputError
from kit.models import Model, OptionalText, Text, key_path, list_of, validate

__all__ = [
    "DEVICES",
    "device_label",
    "CORPUS_COLUMNS",
    "default_corpus_path",
    "load_dominant_corpus",
    "corpus_frames",
    "corpus_devices",
    "text_devices",
    "write_dominant_corpus",
]

#: Fairclough's text-level devices used in the corpus, with a Dutch explanation.
DEVICES = {
    "benoeming": "Hoe worden mensen genoemd? ('prostituees', 'deze groep', 'sekswerkers', 'Polen')",
    "passief": "Een lijdende vorm: er gebeurt iets met iemand ('worden gecontroleerd').",
    "ontbrekende-actor": "Wie doet het? De zin zegt het niet ('er wordt overlast ervaren': door wie?).",
    "nominalisatie": "Een handeling als zelfstandig naamwoord ('de registratie', 'de instroom'): "
                     "wie registreert en wie stroomt in, verdwijnt uit beeld.",
    "modaliteit": "Hoe zeker of dwingend is de tekst? ('moet', 'noodzakelijk', 'mogelijk').",
    "geciteerd": "Wie krijgt het woord? Wiens woorden staan tussen aanhalingstekens?",
    "niet-geciteerd": "Wie komt níet aan het woord, terwijl het over hen gaat?",
}


def device_label(device: str) -> str:
    """The name of a text device as a reader sees it (the id without its hyphen).

    >>> device_label("ontbrekende-actor"), device_label("modaliteit")
    ('ontbrekende actor', 'modaliteit')
    """
    return device.replace("-", " ")


#: Columns of the corpus table (values are Dutch).
CORPUS_COLUMNS = ("id", "genre", "group", "title", "year", "source", "synthetic", "text")

_PASSIVE = re.compile(r"\b(?:word|wordt|worden|werd|werden|is|zijn|was|waren)\b(?:\s+[\w']+){0,8}?\s+"
                      r"(\w*ge\w+(?:d|t|en)|\w*(?:eerd|iseerd|ificeerd))\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(moet|moeten|moest|moesten|noodzakelijk|nodig|dient|dienen|zal|zullen|"
                    r"kan|kunnen|mogelijk|mogelijkerwijs|wellicht|onvermijdelijk|vanzelfsprekend)\b",
                    re.IGNORECASE)
_NOMINAL = re.compile(r"\b(?:de|het|een)\s+(\w+(?:ing|atie|tie|heid|ering))\b", re.IGNORECASE)
_QUOTE = re.compile(r"(?:\b(zegt|zei|stelt|vertelt|aldus|laat weten|klaagt|antwoordt|volgens)\b)",
                    re.IGNORECASE)
_NO_AGENT = re.compile(r"\ber\s+(?:wordt|worden|werd|werden)\b", re.IGNORECASE)
_NOMINAL_SKIP = {"ding", "ring", "koning", "woning", "regering", "mening", "richting", "leiding",
                 "tijding", "ervaring", "omgeving", "vergadering", "rekening", "verzekering"}


def default_corpus_path() -> Path:
    """The corpus shipped with the kit.

    >>> default_corpus_path().name
    'corpus.yaml'
    """
    from kit.config import data_path

    return data_path("discours", "corpus.yaml")


class _FrameMark(Model):
    code: OptionalText = Field("", alias="code")
    fragment: OptionalText = Field("", alias="fragment")


class _DeviceMark(Model):
    device: OptionalText = Field("", alias="middel")
    fragment: OptionalText = Field("", alias="fragment")


class _TextModel(Model):
    id: Text = Field(alias="id")
    genre: Text = Field(alias="genre")
    group: Text = Field(alias="groep")
    title: Text = Field(alias="titel")
    year: int | None = Field(None, alias="jaar")
    text: Text = Field(alias="tekst")
    frames: list_of(_FrameMark) = Field(default_factory=list, alias="frames")
    devices: list_of(_DeviceMark) = Field(default_factory=list, alias="middelen")


class CorpusModel(Model):
    """The shape of a corpus file (``kit/data/discours/corpus.yaml``)."""

    id: OptionalText = Field("", alias="id")
    title: OptionalText = Field("", alias="titel")
    source: OptionalText = Field("", alias="bron")
    synthetic: bool = Field(False, alias="synthetisch")
    texts: list_of(_TextModel) = Field(default_factory=list, alias="teksten")


def _read(path: str | os.PathLike | None) -> tuple[Path, list[dict[str, Any]]]:
    from kit.io import read_yaml

    p = default_corpus_path() if path is None else Path(path)
    data = read_yaml(p)
    if isinstance(data, dict) and "teksten" not in data:
        raise InputError("een corpus heeft een lijst 'teksten'", path=p, place=key_path("teksten"))
    corpus = validate(CorpusModel, data, path=p, what="een corpus heeft een lijst 'teksten'")
    if not corpus.texts:
        raise InputError("het corpus is leeg: er staan geen teksten in", path=p,
                         place=key_path("teksten"))
    if not corpus.synthetic and "synthetisch" not in corpus.source:
        raise InputError("een lescorpus moet als synthetisch gemarkeerd zijn ('synthetisch: true')",
                         path=p, place=key_path("synthetisch"))
    seen: set[str] = set()
    for i, item in enumerate(corpus.texts):
        if item.id in seen:
            raise InputError(f"de tekst-id '{item.id}' staat er twee keer in", path=p,
                             place=key_path("teksten", i, "id"))
        seen.add(item.id)
        text = " ".join(item.text.split())
        for layer, key, marks in (("frames", "code", item.frames),
                                  ("middelen", "middel", item.devices)):
            for j, mark in enumerate(marks):
                fragment = " ".join(mark.fragment.split())
                if not fragment or fragment not in text:
                    raise InputError(f"dit fragment staat niet letterlijk in de tekst: '{fragment}'",
                                     path=p, place=key_path("teksten", i, layer, j, "fragment"))
                value = mark.code if layer == "frames" else mark.device
                if not value:
                    raise InputError(f"het veld '{key}' ontbreekt", path=p,
                                     place=key_path("teksten", i, layer, j, key))
                if layer == "middelen" and value not in DEVICES:
                    raise InputError(f"onbekend tekstmiddel '{value}'; kies uit: "
                                     f"{', '.join(DEVICES)}", path=p,
                                     place=key_path("teksten", i, layer, j, "middel"))
    return p, data["teksten"]


def load_dominant_corpus(path: str | os.PathLike | None = None):
    """Read the dominant-discourse corpus (the shipped YAML, your own YAML, or a CSV export).

    Args:
        path: a corpus ``.yaml`` or a ``.csv`` with :data:`CORPUS_COLUMNS`; default the shipped one.

    Returns:
        A DataFrame with :data:`CORPUS_COLUMNS`.

    Raises:
        InputError: an empty corpus, a duplicate id, a fragment that is not in its text.
    """
    import pandas as pd

    if path is not None and str(path).lower().endswith(".csv"):
        from kit.io import read_csv

        frame = read_csv(path, required=["id", "text"])
        if frame.empty:
            raise InputError("het corpus is leeg: er staan geen teksten in", path=path)
        dup = frame["id"].duplicated()
        if dup.any():
            from kit.errors import row_place

            i = int(dup.to_numpy().nonzero()[0][0])
            raise InputError(f"de tekst-id '{frame['id'].iloc[i]}' staat er twee keer in",
                             path=path, place=row_place(i, "id"))
        for column in CORPUS_COLUMNS:
            if column not in frame.columns:
                frame[column] = ""
        frame["synthetic"] = frame["synthetic"].astype(str).str.lower().isin(["true", "1", "ja"])
        # an imported corpus (kit.analysis.corpus_import) keeps its date and speaker
        extra = [c for c in ("date", "speaker") if c in frame.columns]
        return frame[list(CORPUS_COLUMNS) + extra]
    p, items = _read(path)
    rows = [{"id": str(t["id"]), "genre": t["genre"], "group": t["groep"], "title": t["titel"],
             "year": int(t.get("jaar") or 0), "source": "synthetisch, geschreven voor IIDS-kit",
             "synthetic": True, "text": " ".join(str(t["tekst"]).split())} for t in items]
    return pd.DataFrame(rows, columns=list(CORPUS_COLUMNS))


def _marks(path, layer: str, key: str):
    import pandas as pd

    _p, items = _read(path)
    rows = []
    for item in items:
        text = " ".join(str(item["tekst"]).split())
        for mark in item.get(layer) or []:
            fragment = " ".join(str(mark["fragment"]).split())
            start = text.find(fragment)
            rows.append({"document": str(item["id"]), "start": start, "end": start + len(fragment),
                         key: str(mark[key]), "fragment": fragment})
    return pd.DataFrame(rows)


def corpus_frames(path: str | os.PathLike | None = None):
    """The model frame coding of the corpus as codings (``coder`` = ``kit-docenten``).

    Returns:
        A DataFrame with ``document, start, end, code, coder, memo``.

    >>> corpus_frames()[["document", "code"]].iloc[0].tolist()
    ['dd01', 'handhaving-controle']
    """
    marks = _marks(path, "frames", "code")
    marks["coder"] = "kit-docenten"
    marks["memo"] = "modelcodering (lesmateriaal, om over te discussiëren)"
    return marks[["document", "start", "end", "code", "coder", "memo"]]


def corpus_devices(path: str | os.PathLike | None = None):
    """The marked text devices of the corpus (``document, start, end, middel, fragment``).

    >>> "passief" in set(corpus_devices()["middel"])
    True
    """
    return _marks(path, "middelen", "middel")


def text_devices(text: str):
    """Find candidate text devices in any Dutch text with simple patterns.

    A pattern only points: read the sentence yourself before you call it a device.

    Returns:
        A DataFrame with ``middel, start, end, fragment, uitleg``, in text order.

    >>> text_devices("Er wordt overlast ervaren. Handhaving moet beter.")["middel"].tolist()
    ['ontbrekende-actor', 'nominalisatie', 'modaliteit']
    """
    import pandas as pd

    rows = []
    for match in _NO_AGENT.finditer(text):
        rows.append(("ontbrekende-actor", match.start(), match.end()))
    for match in _PASSIVE.finditer(text):
        if any(r[0] == "ontbrekende-actor" and r[1] <= match.start() < r[2] + 1 for r in rows):
            continue
        rows.append(("passief", match.start(), match.end()))
    for match in _NOMINAL.finditer(text):
        if match.group(1).lower() not in _NOMINAL_SKIP:
            rows.append(("nominalisatie", match.start(1), match.end(1)))
    for match in re.finditer(r"(?:^|[.!?]\s+)([A-Z]\w+(?:ing|atie|heid))\b", text):
        if match.group(1).lower() not in _NOMINAL_SKIP:
            rows.append(("nominalisatie", match.start(1), match.end(1)))
    for match in _MODAL.finditer(text):
        rows.append(("modaliteit", match.start(), match.end()))
    for match in _QUOTE.finditer(text):
        rows.append(("geciteerd", match.start(), match.end()))
    for match in re.finditer(r"[\"“][^\"”]+[\"”]", text):
        rows.append(("geciteerd", match.start(), match.end()))
    frame = pd.DataFrame(rows, columns=["middel", "start", "end"]).drop_duplicates()
    frame = frame.sort_values(["start", "end"]).reset_index(drop=True)
    frame["fragment"] = [text[s:e] for s, e in zip(frame["start"], frame["end"], strict=True)]
    frame["uitleg"] = frame["middel"].map(DEVICES)
    return frame


def write_dominant_corpus(path: str | os.PathLike, source: str | os.PathLike | None = None) -> Path:
    """Write the corpus as an open CSV (e.g. for the demo or another tool).

    >>> import tempfile, pathlib
    >>> p = write_dominant_corpus(pathlib.Path(tempfile.mkdtemp()) / "dominant-discours.csv")
    >>> len(load_dominant_corpus(p)) == len(load_dominant_corpus())
    True
    """
    from kit.io import write_csv

    return write_csv(load_dominant_corpus(source), path, columns=CORPUS_COLUMNS)
