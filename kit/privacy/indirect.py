"""Indirect identifiers: descriptions that point at one person without a name.

"De enige Bulgaarse vrouw achter het derde raam naast de Lidl" names nobody, yet everyone in
the street knows who it is. No detector can replace such a description by a label without
losing the story, so the kit warns the person who wrote it, in Dutch, and names the parts
that together make someone recognisable:

- an origin or nationality ("Bulgaarse", "uit Eritrea", "Marokkaan");
- a place: a street, neighbourhood or address the detectors found, a window, a shop, a corner
  ("achter het derde raam", "naast de Lidl", "op de hoek van");
- "de enige ..." / "als enige": a group of one.

A warning is given when an origin comes with a place or with "de enige", or when "de enige"
comes with a place. Warnings quote only these cue words, never a name.

>>> [w.kinds for w in indirect_identifiers(
...     "Ik sprak de enige Bulgaarse vrouw achter het derde raam naast de Lidl.")]
[('herkomst', 'de enige', 'plek')]
>>> indirect_identifiers("Veel Bulgaarse vrouwen werken in de kassen.")
[]
>>> print(indirect_identifiers("Hij is de enige Eritreeër in de Schilderswijk.")[0].message())
Zin 1: herkomst ('Eritreeër') + 'de enige' + plek ('in de Schilderswijk') samen maken iemand herkenbaar, ook zonder naam. Maak de beschrijving algemener (bijvoorbeeld 'een vrouw', 'in de buurt') of laat een van de delen weg.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kit.privacy.pattern_detectors import _casefolded_words

__all__ = ["IndirectWarning", "indirect_identifiers", "ORIGIN_WORDS"]

#: Countries and regions of origin that matter in this minor, with their Dutch adjectives and
#: nouns for people (stems: every inflection starts with one: "Bulgaar", "Bulgaarse", ...).
ORIGIN_WORDS = (
    "bulgaar", "bulgarije", "roemeen", "roemenië", "pool", "poolse", "polen", "hongaar",
    "hongarije", "oekraïn", "oekraine", "oekraïne", "marokka", "marokko", "turk", "turkije",
    "surina", "somali", "somalië", "eritre", "syri", "syrië", "afgha", "irak", "iraan", "iran",
    "ethiopi", "soedan", "nigeria", "ghana", "kaapverdi", "antilliaan", "curaçao", "arub",
    "litouw", "letland", "lets", "slowa", "tsjech", "moldavi", "russ", "rusland", "koerd",
    "berber", "amazigh", "roma", "sinti", "chinees", "chinese", "vietnam", "filipijn", "thai",
    "indonesi", "molukk", "hindostan", "creool", "brazilia", "colombia", "venezola", "dominica",
    "portugees", "portugese", "spaans", "spaanse", "italiaan", "grieks", "griekse", "albanees",
    "albanese", "servi", "kroa", "bosni", "macedoni", "kosova", "jemen", "libanees",
    "libanese", "palestijn", "egyptenaar", "egyptisch", "algerij", "tunesi", "libi", "jordaan",
    "pakistan", "indiaas", "indiase", "bengaal", "bangladesh", "sri lanka", "tamil", "congo",
    "kameroen", "angola", "guinee", "senegal", "gambia", "sierra leon", "liberia", "uganda",
    "kenia", "keniaan", "rwanda", "burundi",
)
_ORIGIN_PREFIXES = frozenset(w[:4] for w in ORIGIN_WORDS)
_ORIGIN = re.compile(r"(?<![\w-])(?:uit\s+)?(?:" + "|".join(sorted(ORIGIN_WORDS, key=len, reverse=True))
                     + r")[\w-]*", re.IGNORECASE)
#: Words that look like an origin but are not ("pool" of a swimming pool is rare in notes;
#: "turks" as a colour is). Kept short on purpose.
_NOT_ORIGIN = frozenset({"pooltafel", "turkoois", "russisch-orthodox", "spaanse peper", "rommel"})
_ALONE = re.compile(r"(?<![\w-])(?:de|het|als)\s+enige\b|(?<![\w-])enige\s+(?:vrouw|man|"
                    r"meisje|jongen|moeder|vader|persoon|sekswerker|arbeidsmigrant)\b",
                    re.IGNORECASE)
#: A place where someone can be found: a window, a shop, a corner, a floor, a bench ...
_PLACE = re.compile(
    r"(?<![\w-])(?:achter|naast|tegenover|boven|onder|bij|voor|op|in|aan)\s+(?:de|het|een)\s+"
    r"(?:(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|laatste|hoek|grote|kleine|"
    r"oude|nieuwe)\s+)?(?:raam|ramen|deur|hoek|winkel|kapper|kapsalon|bakker|slager|moskee|kerk|"
    r"supermarkt|markt|bushalte|halte|tramhalte|station|bankje|bank|portiek|flat|galerij|"
    r"verdieping|etage|afdeling|kas|kassen|loods|hal|fabriek|camping|caravan|nachtopvang|"
    r"opvang|inloop|buurthuis|school|[A-Z][\w'’-]+)\b"
    r"|(?<![\w-])op\s+de\s+hoek\s+van\b|(?<![\w-])(?:nummer|huisnummer)\s+\d+",
    )
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
#: Places where many people are (a workplace, a station): with an origin alone they point at
#: nobody ("een Roemeense vrouw die in de kassen werkt"); with "de enige" they do.
_GENERIC_PLACES = frozenset("""kas kassen markt station school opvang nachtopvang inloop buurthuis
fabriek loods hal supermarkt afdeling kerk moskee winkel bushalte halte tramhalte camping flat
bank""".split())


@dataclass(frozen=True)
class IndirectWarning:
    """A sentence that combines parts that together point at one person.

    Attributes:
        sentence: the number of the sentence (1 = first) in the text.
        cues: ``(kind, cue words)`` per part found; kinds ``herkomst``, ``de enige``, ``plek``
            (cue words only, never a name).
    """

    sentence: int
    cues: tuple[tuple[str, str], ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of parts, in a fixed order."""
        present = {kind for kind, _cue in self.cues}
        return tuple(k for k in ("herkomst", "de enige", "plek") if k in present)

    def message(self) -> str:
        """The Dutch warning a person reads."""
        parts = []
        for kind in self.kinds:
            words = [cue for k, cue in self.cues if k == kind]
            parts.append(f"'{kind}'" if kind == "de enige"
                         else f"{kind} ({', '.join(repr(w) for w in words)})")
        return (f"Zin {self.sentence}: " + " + ".join(parts) + " samen maken iemand herkenbaar, ook "
                "zonder naam. Maak de beschrijving algemener (bijvoorbeeld 'een vrouw', 'in de "
                "buurt') of laat een van de delen weg.")


def indirect_identifiers(text: str, places: list[tuple[int, int]] | None = None
                         ) -> list[IndirectWarning]:
    """Sentences of ``text`` that describe one person by origin plus place or "de enige".

    Args:
        text: the text (raw or pseudonymised: labels such as ``[LOCATIE-...]`` count as places).
        places: extra place spans (start, end) found by the detectors (streets, neighbourhoods).

    Returns:
        One :class:`IndirectWarning` per sentence that combines two of the three parts.
    """
    words = _casefolded_words(text)
    if "enige" not in words and not any(w[:4] in _ORIGIN_PREFIXES and w.startswith(ORIGIN_WORDS)
                                        for w in words):
        return []  # the usual case: a few set look-ups
    warnings = []
    for number, match in enumerate(_SENTENCE.finditer(text), start=1):
        start, end = match.span()
        sentence = match.group()
        found: list[tuple[str, str]] = []
        for origin in _ORIGIN.finditer(sentence):
            if origin.group().lower() not in _NOT_ORIGIN:
                found.append(("herkomst", origin.group()))
                break
        alone = _ALONE.search(sentence)
        if alone:
            found.append(("de enige", alone.group()))
        place = _PLACE.search(sentence)
        if place:
            found.append(("plek", place.group()))
        elif "[LOCATIE-" in sentence or "[ADRES-" in sentence:
            found.append(("plek", "een plek"))
        elif places and any(start <= a < end for a, _b in places):
            a, b = next((a, b) for a, b in places if start <= a < end)
            found.append(("plek", text[a:b]))
        kinds = {k for k, _c in found}
        if kinds == {"herkomst", "plek"} and _generic(dict(found)["plek"]):
            continue
        if len(kinds) >= 2 and (kinds != {"herkomst", "plek"} or _specific(sentence, found)):
            warnings.append(IndirectWarning(number, tuple(found)))
    return warnings


def _generic(place: str) -> bool:
    """A place where many people are ("in de kassen", "op de markt").

    >>> _generic("in de kassen"), _generic("achter het derde raam"), _generic("naast de Lidl")
    (True, False, False)
    """
    return place.split()[-1].lower() in _GENERIC_PLACES


def _specific(sentence: str, found: list[tuple[str, str]]) -> bool:
    """An origin plus a place is specific when the place is one spot (a window, a shop, a
    named street) and the origin describes one person ("de Bulgaarse vrouw", "een Eritreeër"),
    not a group ("Bulgaarse vrouwen in de kassen").

    >>> _specific("een Bulgaarse vrouw achter het raam", [])
    True
    >>> _specific("Bulgaarse vrouwen in de kassen", [])
    False
    """
    one = re.search(r"(?:^|[\s,;:])(?:hij|zij|ze|haar|zijn|mijn|hem)\s", " " + sentence, re.IGNORECASE)
    return (one is not None or re.search(r"(?<![\w-])(?:de|het|een|die|deze|dat)\s+(?:\w+\s+)?(?:" +
                     "|".join(sorted(ORIGIN_WORDS, key=len, reverse=True)) + r")\w*"
                     r"(?:\s+(?:vrouw|man|meisje|jongen|moeder|vader|kapper|sekswerker|buurvrouw|"
                     r"buurman|collega|dame|heer|jongeman|student|studente|persoon))?(?![\w-])",
                     sentence, re.IGNORECASE) is not None) and not re.search(
                         r"\b(?:vrouwen|mannen|mensen|meisjes|jongens|families|gezinnen|werkers|"
                         r"sekswerkers|arbeidsmigranten|collega's)\b", sentence, re.IGNORECASE)
