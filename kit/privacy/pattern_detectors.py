"""Detectors for what deduce misses in Dutch field notes (pure functions, no deduce).

deduce was made for Dutch medical records. In field notes about labour migrants,
sex workers and homeless people it misses, among other things, international
phone numbers, IBANs, licence plates, social-media handles, ages without the word
"jaar", streets without a house number and neighbourhood names
(see ``docs/formats/privacy.md``). Each detector here returns :class:`Span`
objects; :func:`kit.privacy.detectors.detect` runs them all with the name lexicon
(:mod:`kit.privacy.names`). They are written for the general shapes (checksums,
official formats, context words), not for one corpus.

>>> [(s.category, s.text) for s in detect_phones("Bel +48 512 345 678 of mail")]
[('TELEFOON', '+48 512 345 678')]
>>> iban_valid("NL91ABNA0417164300"), bsn_valid("111222333"), bsn_valid("111222334")
(True, True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import NamedTuple

__all__ = ["Span", "CATEGORIES", "detect_spelled_numbers", "word_keys", "may_contain", "detect_dates", "detect_urls",
           "detect_postbus_and_numbers", "iban_valid", "bsn_valid",
           "pesel_valid", "cnp_valid", "egn_valid", "load_wordlist", "TITLES", "FUNCTION_WORDS",
           "STREET_SUFFIXES"]

#: Categories (the label prefix) and what they mean, in Dutch.
CATEGORIES = {
    "PERSOON": "naam van een persoon",
    "LOCATIE": "plaats, wijk of straat zonder huisnummer",
    "ADRES": "straat met huisnummer",
    "POSTCODE": "postcode",
    "INSTELLING": "zorginstelling of ziekenhuis",
    "DATUM": "datum",
    "GEBOORTEDATUM": "geboortedatum",
    "LEEFTIJD": "leeftijd",
    "BSN": "burgerservicenummer",
    "ID": "identificatienummer (paspoort, ID-kaart, buitenlands nummer)",
    "TELEFOON": "telefoonnummer",
    "EMAIL": "e-mailadres",
    "URL": "webadres",
    "ACCOUNT": "account op sociale media",
    "IBAN": "bankrekeningnummer",
    "KENTEKEN": "kenteken",
}


class Span(NamedTuple):
    """A piece of text that identifies someone (immutable, ordered by position).

    A named tuple rather than a dataclass: the detectors make thousands per second.

    Attributes:
        start: offset of the first character.
        end: offset after the last character.
        category: a key of :data:`CATEGORIES`.
        text: the raw text (never written anywhere outside the vault).
        source: which detector found it.
    """

    start: int
    end: int
    category: str
    text: str
    source: str = ""


# --- word lists ---------------------------------------------------------------------------
#: Titles, roles and relations that stay outside a name label ("mevrouw [PERSOON-3f2a9c01b7e4]").
TITLES = frozenset("""
mevrouw mevr mw mvr meneer mijnheer heer dhr hr collega collegaatje dokter dr drs mr ir ing
prof juf juffrouw meester zuster broeder pastoor imam dominee pater wijkagent agent buurvrouw
buurman vriendin vriend vriendje tante oom opa oma moeder vader mama papa zus zusje broer
broertje neef nicht dochter zoon schoonmoeder schoonvader klant klanten baas bazin werkgever
uitzendbureau-medewerker begeleider begeleidster coördinator coordinator
hulpverlener maatschappelijk werker docent student studente manager leidinggevende chef
voorzitter wethouder burgemeester ambtenaar jongerenwerker straatwerker verpleegkundige huisarts
partner man vrouw echtgenoot echtgenote ex kamergenoot huisgenoot landgenoot landgenote
sekswerker arbeidsmigrant bewoner bewoonster cliënt client deelnemer deelneemster
""".split())
#: Words that end a name: deduce sometimes swallows them ("aan de" after a name).
FUNCTION_WORDS = frozenset("""
aan op in bij met en uit naar voor over tegen zei zegt vertelde vertelt vroeg vraagt is was
heeft had die dat of maar ook nog om tot door zonder na sinds als toen dan want omdat terwijl
wil wilde kan kon moet moest gaat ging komt kwam woont woonde werkt werkte belde belt
sprak spreekt zag ziet
""".split())
_INTERFIXES = frozenset("van de der den het ter ten te in 't 's el al bin ben da di du la le".split())

STREET_SUFFIXES = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "steeg",
                   "pad", "dreef", "markt", "plantsoen", "boulevard", "allee", "burgwal",
                   "straatweg", "promenade", "passage", "dwarsstraat", "hof", "hoven", "park",
                   "veld", "baan", "haven", "wal", "ring", "erf", "kanaal", "gaarde", "oord")
#: Suffixes clear enough to catch a street name even without a house number.
_SAFE_STREET_SUFFIXES = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "steeg",
                         "dreef", "plantsoen", "boulevard", "allee", "burgwal", "straatweg",
                         "dwarsstraat")
_NEIGHBOURHOOD_SUFFIXES = ("wijk", "buurt", "kwartier", "polder")

_LOWER = "a-zà-öø-ÿāăąćčďēėęěğīįıķĺľłńňōőœŕřśšşţťūůűųźżž"
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĒĖĘĚĞĪĮİĶĹĽŁŃŇŌŐŒŔŘŚŠŞŢŤŪŮŰŲŹŻŽ"
_WORD = rf"[{_UPPER}][{_LOWER}'’-]*[{_LOWER}]"


@cache
def load_wordlist(name: str) -> frozenset[str]:
    """A word list shipped in ``kit/data/privacy`` (one entry a line, ``#`` comments), lowercased.

    >>> "schilderswijk" in load_wordlist("wijken.txt")
    True
    """
    from kit.config import data_path

    path = data_path("privacy", name)
    if not path.is_file():
        return frozenset()
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.add(" ".join(line.split()).casefold())
    return frozenset(entries)


# --- checksums ----------------------------------------------------------------------------
_IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "RO": 24, "BG": 22, "GB": 22, "FR": 27,
                 "ES": 24, "IT": 27, "PT": 25, "TR": 26, "LU": 20, "AT": 20, "CH": 21, "IE": 22,
                 "LT": 20, "LV": 21, "EE": 20, "HU": 28, "CZ": 24, "SK": 24, "SI": 19, "HR": 21,
                 "GR": 27, "DK": 18, "SE": 24, "NO": 15, "FI": 18, "UA": 29}


def iban_valid(value: str) -> bool:
    """Whether ``value`` (spaces allowed) passes the IBAN mod-97 check.

    >>> iban_valid("NL91 ABNA 0417 1643 00"), iban_valid("NL92ABNA0417164300")
    (True, False)
    """
    compact = re.sub(r"[\s-]", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def bsn_valid(value: str) -> bool:
    """The Dutch eleven-test for a BSN (8 or 9 digits).

    >>> bsn_valid("123456782"), bsn_valid("123456789")
    (True, False)
    """
    digits = re.sub(r"\D", "", value)
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=False)) - int(digits[8])
    return total % 11 == 0


def pesel_valid(value: str) -> bool:
    """Polish PESEL (11 digits) checksum.

    >>> pesel_valid("44051401359"), pesel_valid("44051401358")
    (True, False)
    """
    if not re.fullmatch(r"\d{11}", value):
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(int(d) * w for d, w in zip(value, weights, strict=False))
    return (10 - total % 10) % 10 == int(value[10])


def cnp_valid(value: str) -> bool:
    """Romanian CNP (13 digits) checksum.

    >>> cnp_valid("1800101221144"), cnp_valid("1800101221145")
    (True, False)
    """
    if not re.fullmatch(r"[1-9]\d{12}", value):
        return False
    weights = (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)
    rest = sum(int(d) * w for d, w in zip(value, weights, strict=False)) % 11
    return (1 if rest == 10 else rest) == int(value[12])


def egn_valid(value: str) -> bool:
    """Bulgarian EGN (10 digits) checksum with a plausible birth date.

    >>> egn_valid("7523169263"), egn_valid("7523169264")
    (True, False)
    """
    if not re.fullmatch(r"\d{10}", value):
        return False
    month = int(value[2:4])
    if not (1 <= month <= 12 or 21 <= month <= 32 or 41 <= month <= 52):
        return False
    if not 1 <= int(value[4:6]) <= 31:
        return False
    weights = (2, 4, 8, 5, 10, 9, 7, 3, 6)
    rest = sum(int(d) * w for d, w in zip(value, weights, strict=False)) % 11
    return (0 if rest == 10 else rest) == int(value[9])


# --- detectors ----------------------------------------------------------------------------
_DIGIT = re.compile(r"\d")
#: Seven digits with at most a few separators between them: no phone number without this.
_SEVEN_DIGITS = re.compile(r"\d(?:\D{0,4}\d){6}")


def _matches_from(pattern: re.Pattern, text: str, starts: re.Pattern) -> Iterator[re.Match]:
    """``pattern.finditer(text)``, with ``pattern`` tried only where ``starts`` (a pattern of
    one character) matches: the same matches, in order, for a pattern that matches no empty
    text and whose every match begins where ``starts`` matches. A pattern that begins with a look-behind is tried by
    ``re`` at every position of the text; the positions where a match can begin are often
    far fewer, and ``re`` finds those fast.

    >>> days = re.compile(r"(?<!\\d)\\d{1,2} mei")
    >>> [m.group() for m in _matches_from(days, "op 3 mei en 12 mei, 123 mei", re.compile(r"\\d"))]
    ['3 mei', '12 mei']
    """
    end = 0
    for start in starts.finditer(text):
        at = start.start()
        if at < end:
            continue
        match = pattern.match(text, at)
        if match is not None:
            yield match
            end = match.end()


def _spans(pattern: re.Pattern, text: str, category: str, source: str, group: int | str = 0,
           check: Callable[[str], bool] | None = None, starts: re.Pattern | None = None
           ) -> list[Span]:
    found = []
    for match in pattern.finditer(text) if starts is None else _matches_from(pattern, text, starts):
        value = match.group(group)
        if value is None or (check is not None and not check(value)):
            continue
        start, end = match.span(group)
        found.append(Span(start, end, category, value, source))
    return found


def detect_phones(text: str) -> list[Span]:
    """Phone numbers in Dutch and foreign formats (libphonenumber, region NL).

    International numbers and Dutch mobile numbers (also one digit short, a typing slip) are
    found by a pattern first; libphonenumber, which is slow, reads only what is left.

    >>> [s.text for s in detect_phones("bel 070-3531234, 0612345678 of +40 721 234 567")]
    ['070-3531234', '0612345678', '+40 721 234 567']
    >>> [s.text for s in detect_phones("haar oude nummer 06-4660918")]
    ['06-4660918']
    """
    if not _SEVEN_DIGITS.search(text):
        return []
    found = [Span(m.start(), m.end(), "TELEFOON", m.group(), "telefoon")
             for m in _LOOSE_PHONE.finditer(text)]
    rest = text
    for span in found:
        rest = rest[:span.start] + " " * (span.end - span.start) + rest[span.end:]
    if _SEVEN_DIGITS.search(rest):
        import phonenumbers

        for match in phonenumbers.PhoneNumberMatcher(rest, "NL",
                                                     leniency=phonenumbers.Leniency.VALID):
            found.append(Span(match.start, match.end, "TELEFOON", text[match.start:match.end],
                              "telefoon"))
    return sorted(found)


_LOOSE_PHONE = re.compile(r"(?<![\w+])(?:\+|00)\d{2,3}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){6,11}(?!\d)"
                          r"|(?<!\w)06[\s.-]?(?:\d[\s.-]?){6,7}\d(?!\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}[ -]?(?:[A-Z0-9]{4}[ -]?){2,7}[A-Z0-9]{1,4}\b", re.IGNORECASE)
_NL_IBAN_SHAPE = re.compile(r"NL\d{2}[A-Z]{4}\d{10}")


def detect_iban(text: str) -> list[Span]:
    """Bank account numbers (IBAN) that pass mod-97, and any Dutch-shaped IBAN.

    >>> [s.text for s in detect_iban("IBAN NL91 ABNA 0417 1643 00 en PL61109010140000071219812874")]
    ['NL91 ABNA 0417 1643 00', 'PL61109010140000071219812874']
    >>> [s.text for s in detect_iban("rekening NL91-ABNA-0417-1643-00.")]
    ['NL91-ABNA-0417-1643-00']
    """
    found = []
    if not _DIGIT.search(text):
        return found
    for match in _IBAN.finditer(text):
        raw = match.group()
        compact = re.sub(r"[\s-]", "", raw).upper()
        length = _IBAN_LENGTHS.get(compact[:2])
        if length and len(compact) > length:
            # cut the match back to the country's length (the rest is following text)
            count, cut = 0, len(raw)
            for position, ch in enumerate(raw, start=1):
                count += not (ch.isspace() or ch == "-")
                if count == length:
                    cut = position
                    break
            raw = raw[:cut]
            compact = compact[:length]
        if iban_valid(compact) or _NL_IBAN_SHAPE.fullmatch(compact):
            found.append(Span(match.start(), match.start() + len(raw), "IBAN", raw, "iban"))
    return found


_BSN = re.compile(r"(?<![\w.+-])(?<!\d[ .-])(\d{3}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}|\d{4}\.\d{2}\.\d{3}"
                  r"|\d{3}([ .-])\d{3}\2\d{3}|\d{2}([ .-])\d{3}\3\d{3}|\d{8,9})(?![\w-]|[.-]\d)")
#: A BSN by its word: then the number counts even when the eleven-test fails (a typing slip).
_BSN_CONTEXT = re.compile(r"\b(?:bsn|burgerservice\s*nummer|sofi[- ]?nummer|sofinr)\.?(?:\s+(?:is|was|nummer))?"
                          r"\s*[:#]?\s*(\d(?:[ .-]?\d){7,8})(?![\w-]|[.-]\d)", re.IGNORECASE)


def detect_bsn(text: str) -> list[Span]:
    """BSNs (8-9 digits, grouped with spaces, dots or hyphens) that pass the eleven-test,
    and any 8-9 digits after "bsn", "burgerservicenummer" or "sofinummer".

    >>> [s.text for s in detect_bsn("BSN 1234.56.782, niet 123456789, wel 123-456-782")]
    ['1234.56.782', '123-456-782']
    >>> [s.text for s in detect_bsn("haar bsn is 123 456 789")]
    ['123 456 789']
    """
    if not _DIGIT.search(text):
        return []
    found = _spans(_BSN, text, "BSN", "bsn", 1, bsn_valid)
    lowered = text.lower()
    if "bsn" in lowered or "burgerservice" in lowered or "sofi" in lowered:
        for match in _BSN_CONTEXT.finditer(text):
            if not any(s.start <= match.start(1) < s.end for s in found):
                found.append(Span(match.start(1), match.end(1), "BSN", match.group(1), "bsn"))
    return sorted(found)


_L = "[A-Z]"
_D = r"\d"
_PLATE_SHAPES = [
    (2, 2, 2, "LDD"), (2, 2, 2, "DDL"), (2, 2, 2, "DLD"), (2, 2, 2, "LDL"), (2, 2, 2, "LLD"),
    (2, 2, 2, "DLL"), (2, 3, 1, "DLD"), (1, 3, 2, "DLD"), (2, 3, 1, "LDL"), (1, 3, 2, "LDL"),
    (3, 2, 1, "LDL"), (1, 2, 3, "LDL"), (1, 2, 3, "DLD"), (3, 2, 1, "DLD"),
]


def _plate_regex() -> re.Pattern:
    parts = []
    for a, b, c, kinds in _PLATE_SHAPES:
        groups = [(_L if k == "L" else _D) + f"{{{n}}}" for k, n in zip(kinds, (a, b, c), strict=True)]
        parts.append("-".join(groups))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


_PLATE = _plate_regex()
_PLATE_CONTEXT = re.compile(r"\b(?:kenteken(?:nummer|plaat)?|nummer(?:plaat|bord)|plaat|number\s*plate)"
                            r"(?:\s+(?:is|was|van|nummer))*\s*:?\s*"
                            r"([A-Za-z0-9]{1,8}(?-i:[- ](?:[A-Z0-9]{1,5})){0,2})(?![\w-])",
                            re.IGNORECASE)


def detect_plates(text: str) -> list[Span]:
    """Dutch licence plates (all side codes, with dashes) and any plate after 'kenteken'.

    >>> [s.text for s in detect_plates("een busje 12-ABC-3 en kenteken gx442f")]
    ['12-ABC-3', 'gx442f']
    >>> [s.text for s in detect_plates("nummerplaat 12ABC3, een Roemeense plaat B 123 ABC")]
    ['12ABC3', 'B 123 ABC']
    """
    if not _DIGIT.search(text):
        return []
    found = _spans(_PLATE, text, "KENTEKEN", "kenteken") if "-" in text else []
    lowered = text.lower()
    if "enteken" not in lowered and "plaat" not in lowered and "nummerbord" not in lowered \
            and "plate" not in lowered:
        return found
    for match in _PLATE_CONTEXT.finditer(text):
        value = match.group(1)
        compact = re.sub(r"[- ]", "", value)
        if 4 <= len(compact) <= 9 and re.search(r"\d", compact) and re.search(r"[A-Za-z]", compact) \
                and not any(s.start <= match.start(1) < s.end for s in found):
            found.append(Span(match.start(1), match.end(1), "KENTEKEN", value, "kenteken"))
    return found


_POSTCODE = re.compile(r"(?<![\w-])[1-9]\d{3}(?:[ -]?(?!SA|SD|SS)[A-Z]{2}"
                       r"|(?!sa|sd|ss|mg|gr|kg|km|cm|ml|mm)[a-z]{2}|[A-Z][a-z]|[a-z][A-Z])(?![\w-])")


def detect_postcodes(text: str) -> list[Span]:
    """Dutch postcodes (``2526 HK``, ``2526HK``, ``2526hk``).

    >>> [s.text for s in detect_postcodes("2526 HK Den Haag, 2511cv, 2526-HK, in 1990 en")]
    ['2526 HK', '2511cv', '2526-HK']
    """
    return _spans(_POSTCODE, text, "POSTCODE", "postcode") if _DIGIT.search(text) else []


_PREFIX_WORD = rf"(?:{_WORD}|\d+e|[Vv]an|de|der|den|het|ter|ten|'s|St\.|Sint)"
_STREET_NAME = (rf"(?:{_PREFIX_WORD}[ -]){{0,3}}[{_UPPER}][{_LOWER}'’-]*(?:"
                + "|".join(STREET_SUFFIXES) + r")\b"
                + rf"|(?:Laan|Plein|Kade|Weg|Singel|Gracht|Dijk|Markt|Hof|Park|Straat)"
                rf" (?:van|der|de|den) (?:{_PREFIX_WORD} ){{0,2}}{_WORD}"
                rf"|(?:Lange|Korte|Oude|Nieuwe|Hoge|Lage|Groot|Klein|Groene|Nieuwe) {_WORD}")
_HOUSE_NUMBER = r"\d{1,4}(?:[ -]?[a-zA-Z](?![\w])|-\d{1,4}|[ -](?:hs|bis|bg|I{1,3}|[1-9]h?|rd|zw)(?![\w]))?"
_ADDRESS = re.compile(rf"(?<![\w])({_STREET_NAME}) {_HOUSE_NUMBER}(?![\d])")
_NUMBER_AFTER_WORD = re.compile(r"(?<=[^\W\d_]) \d{1,4}(?!\d)")
_STREET_WORDS = ("Lange ", "Korte ", "Oude ", "Nieuwe ", "Hoge ", "Lage ", "Groene ", "Stille ")
_STREET_CONTEXT = re.compile(rf"\b(?:op|aan|in|via|langs|naar|over) de "
                             rf"((?:Lange|Korte|Oude|Nieuwe|Hoge|Lage|Groene|Stille) {_WORD})")
#: Words that end like a street but are verbs or adverbs ("Opslaan", "Onderweg").
_NOT_STREETS = frozenset("""opslaan overslaan aanslaan afslaan uitslaan inslaan toeslaan doorslaan
omslaan neerslaan dichtslaan terugslaan vastslaan losslaan onderweg halfweg
""".split())
#: A word ending in a safe street suffix: without it ``_STREET_ONLY`` cannot match.
_SAFE_SUFFIX_END = re.compile("(?:" + "|".join(_SAFE_STREET_SUFFIXES) + r")(?![\w-])")
_STREET_ONLY = re.compile(rf"(?<![\w-])[{_UPPER}][{_LOWER}'’-]*(?:"
                          + "|".join(_SAFE_STREET_SUFFIXES) + r")(?![\w-])")


def detect_addresses(text: str) -> list[Span]:
    """Street plus house number (ADRES) and street names without a number (LOCATIE).

    >>> [(s.category, s.text) for s in detect_addresses("Laan van Meerdervoort 123a, later de Hobbemastraat")]
    [('ADRES', 'Laan van Meerdervoort 123a'), ('LOCATIE', 'Hobbemastraat')]
    """
    found = []
    # only look for a street where a house number follows a word (most texts have none)
    windows = []
    for number in _NUMBER_AFTER_WORD.finditer(text) if _DIGIT.search(text) else ():
        before = number.start()
        if not text[max(text.rfind(" ", 0, before), text.rfind("-", 0, before)) + 1:before][:1].isupper():
            continue  # every street pattern ends in a capitalised word right before the number
        begin = max(0, number.start() - 80)
        if windows and begin <= windows[-1][1]:
            windows[-1] = (windows[-1][0], number.end() + 12)
        else:
            windows.append((begin, number.end() + 12))
    matches = []
    for begin, stop in windows:
        matches.extend(m for m in _ADDRESS.finditer(text, begin, min(len(text), stop)))
    for match in matches:
        if found and match.start() < found[-1].end:
            continue
        start, end = match.span()
        # a capitalised sentence start ("Gisteren Hoefkade 3") is not part of the street
        words = match.group(1).split(" ")
        while len(words) > 1 and not any(words[0].lower().endswith(s) for s in STREET_SUFFIXES) \
                and words[0].lower() in {"gisteren", "vandaag", "morgen", "toen", "daarna", "op",
                                         "in", "aan", "bij", "naar", "de", "het", "een", "ik"}:
            start += len(words[0]) + 1
            words = words[1:]
        found.append(Span(start, end, "ADRES", text[start:end], "adres"))
    streets = _STREET_ONLY.finditer(text) if _SAFE_SUFFIX_END.search(text) else ()
    for match in streets:
        if match.group().lower() in _NOT_STREETS:
            continue
        if not any(s.start <= match.start() < s.end for s in found):
            found.append(Span(match.start(), match.end(), "LOCATIE", match.group(), "straat"))
    contexts = _STREET_CONTEXT.finditer(text) if any(w in text for w in _STREET_WORDS) else ()
    for match in contexts:
        if not any(s.start <= match.start(1) < s.end for s in found):
            found.append(Span(match.start(1), match.end(1), "LOCATIE", match.group(1), "straat"))
    return sorted(found)


_NEIGHBOURHOOD_SUFFIX = re.compile(rf"(?<![\w-])[{_UPPER}][{_LOWER}'’-]*(?:"
                                   + "|".join(_NEIGHBOURHOOD_SUFFIXES) + r")(?![\w-])")
_NEIGHBOURHOOD_CONTEXT = re.compile(rf"\b(?:wijk|buurt|stadsdeel|woonwijk)[ \t]+(?:de[ \t]+|het[ \t]+)?"
                                    rf"({_WORD}(?:[ -]{_WORD})?)")


_WORDS = re.compile(r"[^\W_]+")


def word_keys(names: Iterable[str]) -> frozenset[str]:
    """The longest word of each name, casefolded: a name can only occur where its key does.

    A cheap test before a long alternation of names (most texts hold none of them).

    >>> sorted(word_keys(["Wateringse Veld", "Laak"]))
    ['laak', 'wateringse']
    """
    keys = set()
    for name in names:
        words = _WORDS.findall(name.casefold())
        keys.add(max(words, key=len) if words else "")
    return frozenset(keys)


def may_contain(keys: frozenset[str], text: str) -> bool:
    """Whether ``text`` holds one of the ``keys`` as a word (see :func:`word_keys`).

    >>> may_contain(word_keys(["Den Haag"]), "in Den Haag"), may_contain(word_keys(["Den Haag"]), "Haagse")
    (True, False)
    """
    return "" in keys or not keys.isdisjoint(_casefolded_words(text))


@lru_cache(maxsize=4)
def _casefolded_words(text: str) -> frozenset[str]:
    # several prefilters ask this of the same text in a row
    return frozenset(_WORDS.findall(text.casefold()))


#: A word ending in a neighbourhood suffix: without it ``_NEIGHBOURHOOD_SUFFIX`` cannot match.
_NEIGHBOURHOOD_SUFFIX_END = re.compile("(?:" + "|".join(_NEIGHBOURHOOD_SUFFIXES) + r")(?![\w-])")
#: The words that start ``_NEIGHBOURHOOD_CONTEXT`` ("in de wijk Rustenburg").
_NEIGHBOURHOOD_WORDS = frozenset({"wijk", "buurt", "stadsdeel", "woonwijk"})


@lru_cache(maxsize=1)
def _neighbourhood_regex() -> tuple[dict[str, list[str]], frozenset[str]] | None:
    # the shipped neighbourhood names by their word key (see word_keys), and the keys
    from kit.config import data_path

    path = data_path("privacy", "wijken.txt")
    if not path.is_file():
        return None
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        name = " ".join(line.split("#", 1)[0].split())
        if name:
            names.update({name, name[:1].upper() + name[1:]})
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    by_key: dict[str, list[str]] = {}
    for name in ordered:
        by_key.setdefault(next(iter(word_keys([name]))), []).append(name)
    return by_key, frozenset(by_key)


def _find_names(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where ``names`` occur in ``text`` as whole words (not inside a longer word or a
    hyphenated word), leftmost first and the longest at each place, never overlapping: the
    matches a regular expression ``(?<![\\w-])(?:longest|...|shortest)(?![\\w-])`` gives.

    >>> _find_names("in Laak en Laakkwartier, niet in Laak-Noord", ["Laakkwartier", "Laak"])
    [(3, 7), (11, 23)]
    """
    found = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
                found.append((start, end))
            start = text.find(name, start + 1)
    found.sort(key=lambda se: (se[0], se[0] - se[1]))
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def detect_neighbourhoods(text: str) -> list[Span]:
    """Neighbourhood names: a shipped list, the usual suffixes, and 'de wijk X'.

    >>> [s.text for s in detect_neighbourhoods("in de Schilderswijk en in Transvaal, buurt Rustenburg")]
    ['Schilderswijk', 'Transvaal', 'Rustenburg']
    """
    found = []
    listed = _neighbourhood_regex()
    if listed is not None:
        hits = listed[1] & _casefolded_words(text)
        if hits:
            names = [name for key in hits for name in listed[0][key]]
            for start, end in _find_names(text, names):
                found.append(Span(start, end, "LOCATIE", text[start:end], "wijk"))
    words = _casefolded_words(text)
    for pattern, group in ((_NEIGHBOURHOOD_SUFFIX, 0), (_NEIGHBOURHOOD_CONTEXT, 1)):
        if group == 0 and not _NEIGHBOURHOOD_SUFFIX_END.search(text):
            continue
        if group == 1 and words.isdisjoint(_NEIGHBOURHOOD_WORDS):
            continue
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if not any(s.start <= start < s.end for s in found):
                found.append(Span(start, end, "LOCATIE", match.group(group), "wijk"))
    return sorted(found)


_EXCLUDED_UNITS = (r"(?!\s*(?:uur|u\b|euro|eur|€|%|procent|minuten|min\b|keer|x\b|dagen|dag\b|"
                   r"weken|week|maanden|maand|jaar geleden|kilo|kg|km|meter|cm|m2|vierkante|"
                   r"personen|mensen|man\b|vrouwen|kinderen|klanten|stuks|uren|cent|pond|zloty|lei|"
                   r"leva|graden|°|:|\.\d|,\d|/))")
_AGE_PATTERNS = [
    re.compile(r"\b(?:ik ben|ben ik|ik was|was ik|je bent|hij is|zij is|ze is|is hij|is ze|is zij|"
               r"hij was|zij was|ze was|was hij|was ze|werd ik|ik werd|ik word|word ik|hij werd|"
               r"ze werd|zij werd|hij wordt|ze wordt|zij wordt|is pas|was pas|ben pas|is net|"
               r"ben net|werd net|inmiddels|leeftijd(?: is| was|:| van)?)\s+(\d{1,3})\b"
               + _EXCLUDED_UNITS, re.IGNORECASE),
    re.compile(r"\b(?:meisje|jongen|vrouw|man|moeder|vader|zoon|dochter|kind|student|studente|"
               r"jongere|dame|heer|zus|broer|collega|sekswerker|arbeidsmigrant|oma|opa)\s+van\s+"
               r"(\d{1,3})\b" + _EXCLUDED_UNITS, re.IGNORECASE),
    re.compile(r"\b(\d{1,3}(?:[.,]5)?(?:-\d{1,3}(?:[.,]5)?)?[- ]?jarige?n?)\b", re.IGNORECASE),
    re.compile(rf"(?<=[{_LOWER}\]])\s\((\d{{1,2}})\)"),
    re.compile(r"\b(?:man|vrouw|m|v|jongen|meisje|non-binair)\s*[,/]\s*(\d{1,2})\b(?!\s*(?:uur|euro|%))",
               re.IGNORECASE),
    re.compile(r"\((\d{1,2})\s*[,/]\s*(?:man|vrouw|m|v)\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,3}(?:[.,]5)?(?:-\d{1,3}(?:[.,]5)?)?\s*(?:jaar|jr\.?)\s*(?:oud)?)(?=[\s,.;:!?)]|$)(?!\s*geleden)", re.IGNORECASE),
    # a subordinate clause puts the verb last: "(dat) ze 34 is", "(toen) ik 12 was"
    re.compile(r"\b(?:ik|je|jij|hij|ze|zij|u)\s+(\d{1,3})\s+(?:ben|bent|is|was|werd|wordt|word|"
               r"werden|zijn|waren)\b", re.IGNORECASE),
    # "op haar 16e", "sinds zijn 18de", "vanaf mijn 12de"
    re.compile(r"\b(?:op|sinds|vanaf|tot|na|voor|rond|tegen)\s+(?:haar|zijn|mijn|je|jouw|hun|z'n|m'n|"
               r"d'r)\s+(\d{1,2}(?:e|de|ste))\b", re.IGNORECASE),
]


#: Cheap substring tests: a pattern only runs when one of its words is in the text.
_AGE_HINTS = (
    None,  # see _verb_before_number
    None,  # see _van_before_number
    ("jarig",),
    ("(",),
    None,  # see _comma_before_number
    ("(",),
    ("jaar", "jr"),
    None,  # see _verb_after_number
    None,  # see _possessive_before_number
)
_AGE_LIST = re.compile(r"\b(?:kinderen|kids|dochters|zonen|zoons|meisjes|jongens|kleinkinderen|"
                       r"broers|zussen|tweeling)\s+van\s+((?:\d{1,2}\s*(?:,|en|&)\s*)+\d{1,2})\b",
                       re.IGNORECASE)


#: The phrases before a number in the first age pattern ("ik ben 19", "leeftijd: 34").
_AGE_PHRASES = tuple(" " + phrase for phrase in (
    "ik ben", "ben ik", "ik was", "was ik", "je bent", "hij is", "zij is", "ze is", "is hij",
    "is ze", "is zij", "hij was", "zij was", "ze was", "was hij", "was ze", "werd ik", "ik werd",
    "ik word", "word ik", "hij werd", "ze werd", "zij werd", "hij wordt", "ze wordt", "zij wordt",
    "is pas", "was pas", "ben pas", "is net", "ben net", "werd net", "inmiddels", "leeftijd",
    "leeftijd is", "leeftijd was", "leeftijd:", "leeftijd van"))
_NUMBER_RUN = re.compile(r"\d+")
_WORDISH = re.compile(r"[\w:'’]+")


def _number_after(lowered: str, endings: tuple[str, ...]) -> bool:
    """Whether some number follows one of ``endings`` (each starting with a space), with only
    white space between: a cheap test before a long age pattern.

    >>> _number_after("zo, ik ben 19", _AGE_PHRASES), _number_after("dat ik 19 ben", _AGE_PHRASES)
    (True, False)
    >>> _number_after("(ik ben 19)", _AGE_PHRASES), _number_after("leeftijd: 34", _AGE_PHRASES)
    (True, True)
    """
    return any(before.endswith(endings) for before in _words_before_numbers(lowered))


@lru_cache(maxsize=2)
def _words_before_numbers(lowered: str) -> tuple[str, ...]:
    # per word that starts with a digit: the (up to) three words before it, as " w1 w2 w3"
    words = _WORDISH.findall(lowered)
    return tuple(" " + " ".join(words[max(0, i - 3):i]) for i, word in enumerate(words)
                 if word[0].isdigit())


def _verb_before_number(lowered: str) -> bool:
    return _number_after(lowered, _AGE_PHRASES)


def _van_before_number(lowered: str) -> bool:
    return _number_after(lowered, (" van",))


def _possessive_before_number(lowered: str) -> bool:
    return _number_after(lowered, (" haar", " zijn", " mijn", " je", " jouw", " hun", " z'n",
                                   " m'n", " d'r"))


_VERB_AFTER = re.compile(r"\s+(?:ben|bent|is|was|werd|wordt|word|werden|zijn|waren)\b")


def _verb_after_number(lowered: str) -> bool:
    """Whether some number is followed by a form of 'zijn' or 'worden' ("dat ze 34 is").

    >>> _verb_after_number("dat ze 34 is."), _verb_after_number("om 19 uur")
    (True, False)
    """
    return any(_VERB_AFTER.match(lowered, match.end()) for match in _NUMBER_RUN.finditer(lowered))


#: The cheap tests for the age patterns whose hint is ``None``, by pattern index.
_COMMA_NUMBER = re.compile(r"[,/]\s*\d")


def _comma_before_number(lowered: str) -> bool:
    return _COMMA_NUMBER.search(lowered) is not None


_AGE_TESTS = {0: _verb_before_number, 1: _van_before_number, 4: _comma_before_number,
              7: _verb_after_number, 8: _possessive_before_number}


def detect_ages(text: str) -> list[Span]:
    """Ages, also without the word 'jaar' ("ik ben 19", "Anna (34)", "een 19-jarige").

    >>> [s.text for s in detect_ages("ik ben 19, werk 40 uur, Anna (34) is een 23-jarige")]
    ['19', '34', '23-jarige']
    >>> [s.text for s in detect_ages("Ze zegt dat ze 34 is; op haar 16e kwam ze hier.")]
    ['34', '16e']
    """
    found = []
    if not _DIGIT.search(text):
        return found
    lowered = text.lower()
    for index, (pattern, hint) in enumerate(zip(_AGE_PATTERNS, _AGE_HINTS, strict=True)):
        if hint is None:
            if not _AGE_TESTS[index](lowered):
                continue
        elif not any(h in lowered for h in hint):
            continue
        for match in pattern.finditer(text):
            value = match.group(1)
            number = int(re.match(r"\d+", value).group())
            if 1 <= number <= 115:
                found.append(Span(match.start(1), match.end(1), "LEEFTIJD", value, "leeftijd"))
    for match in (_AGE_LIST.finditer(text) if _van_before_number(lowered) else ()):
        for number in re.finditer(r"\d{1,2}", match.group(1)):
            start = match.start(1) + number.start()
            found.append(Span(start, start + len(number.group()), "LEEFTIJD", number.group(),
                              "leeftijd"))
    return sorted(found)


_MONTHS = (r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           r"december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?")
_DATE = (rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}})|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|"
         rf"\d{{4}}-\d{{2}}-\d{{2}}|{_MONTHS}\s+\d{{4}}|\d{{4}})")
_BIRTH = re.compile(rf"\b(?:geboren|geb\.|geboortedatum|geboortejaar|geboortedag|verjaardag(?: is)?|"
                    rf"jarig(?: op)?)\s*(?:op|in|:|is|was)?\s*(?:op\s+)?({_DATE}|\d{{1,2}}\s+{_MONTHS})\b",
                    re.IGNORECASE)


def detect_birth_dates(text: str) -> list[Span]:
    """Dates (or years) of birth after 'geboren', 'geb.', 'geboortedatum', 'jarig op'.

    >>> [s.text for s in detect_birth_dates("geboren op 3 april 1998; geb. 12-03-90; jarig op 5 mei")]
    ['3 april 1998', '12-03-90', '5 mei']
    """
    if not _DIGIT.search(text):
        return []
    return _spans(_BIRTH, text, "GEBOORTEDATUM", "geboortedatum", 1)


_SOCIAL_DOMAINS = (r"(?:www\.|m\.)?(?:instagram\.com|instagr\.am|facebook\.com|fb\.com|fb\.me|"
                   r"tiktok\.com|twitter\.com|x\.com|linkedin\.com/in|snapchat\.com/add|t\.me|"
                   r"wa\.me|youtube\.com|onlyfans\.com|vk\.com|threads\.net|bsky\.app/profile)")
_PROFILE_URL = re.compile(rf"(?:https?://)?{_SOCIAL_DOMAINS}/@?[\w.\-+]+/?", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@.+/-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
_NAMED_HANDLE = re.compile(r"\b(?:insta(?:gram)?|ig|snap(?:chat)?|tiktok|facebook|fb|twitter|"
                           r"telegram|signal|linkedin|onlyfans|discord|threads|bluesky|x)"
                           r"(?:\s*(?:naam|account|handle))?(?:\s*(?::|is|als|=|-)\s*@?"
                           r"|\s+@?(?=[A-Za-z0-9_.]*[\d_.][A-Za-z0-9_.]*(?![\w.])))"
                           r"([A-Za-z0-9_][A-Za-z0-9_.]{2,29}(?<!\.))",
                           re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.%+~#=:-])[\w.%+~#=:-]+@[\w-]+(?:\.[\w-]+)+\b")
_SPELLED_EMAIL = re.compile(
    r"\b((?:[\w-]+(?:\s+(?:punt|dot)\s+|\.))*[\w-]+)\s*(?:\s(?:at|apenstaartje)\s|\[at\]|\(at\))\s*"
    r"((?:[\w-]+(?:\s+(?:punt|dot)\s+|\.))+(?:com|nl|be|pl|ro|bg|de|org|net|eu|info|fr|uk))\b",
    re.IGNORECASE)
_SOCIAL_HINTS = ("insta", "ig", "snap", "tiktok", "facebook", "fb", "twitter", "telegram", "signal",
                 "linkedin", "onlyfans", "discord")
_SOCIAL_WORD = re.compile(r"insta|\big\b|snap|tiktok|facebook|\bfb\b|twitter|telegram|signal|"
                          r"linkedin|onlyfans|discord", re.IGNORECASE)
_SOCIAL_WORDS = ("insta", "snap", "tiktok", "facebook", "twitter", "telegram", "signal",
                 "linkedin", "onlyfans", "discord")
#: Characters that ``re``, ignoring case, may take for an ASCII letter though they are none
#: ("ſ" for "s", the Kelvin sign for "k"), or whose lower case holds an ASCII letter or is
#: longer ("İ", "ﬁ"). In a text without them, its lower case has the same length and holds
#: a pattern's ASCII letter exactly where the text, ignoring case, does.
_CASE_TRAPS = re.compile("[\u00df\u0130\u0131\u0149\u017f\u01f0\u1e96-\u1e9a\u212a\ufb00-\ufb06]")


def _names_a_social_medium(text: str, lowered: str) -> bool:
    """Whether ``_SOCIAL_WORD`` occurs in ``text`` (``lowered`` is ``text.lower()``): the same
    answer as its search, which tries its twelve words, ignoring case, at every position;
    here plain substring searches in the lower-cased text, and ``ig``/``fb`` checked for a
    word boundary on either side where they occur.

    >>> [_names_a_social_medium(t, t.lower()) for t in ("zie mijn Insta", "IG: @x", "nodig", "ſnap")]
    [True, True, False, True]
    """
    if _CASE_TRAPS.search(text):
        return _SOCIAL_WORD.search(text) is not None
    if any(word in lowered for word in _SOCIAL_WORDS):
        return True
    size = len(text)
    for word in ("ig", "fb"):
        at = lowered.find(word)
        while at >= 0:
            before = text[at - 1] if at else " "
            after = text[at + 2] if at + 2 < size else " "
            if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                return True
            at = lowered.find(word, at + 1)
    return False


_DECORATOR = re.compile(r"@[A-Za-z_][\w.]*(?:\([^\n]*\))?[ \t]*\n(?:[ \t]*(?:#[^\n]*|@[^\n]*)?\n)*"
                        r"[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]")


def _decorator(text: str, start: int) -> bool:
    r"""Whether the ``@`` at ``start`` opens a Python decorator (``@pytest.mark.slow`` on the
    line above a ``def`` or ``class``), not a social-media handle.

    >>> _decorator("@pytest.mark.slow\ndef test_x():\n    pass", 0)
    True
    >>> _decorator("insta: @fatima.el\nbel haar", 7)
    False
    """
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and _DECORATOR.match(text, start) is not None


def detect_online(text: str) -> list[Span]:
    """Social-media handles, profile URLs and e-mail addresses.

    >>> [(s.category, s.text) for s in detect_online("@marta_krk, tiktok: dimi.bg, a.b@c.nl")]
    [('ACCOUNT', '@marta_krk'), ('ACCOUNT', 'dimi.bg'), ('EMAIL', 'a.b@c.nl')]
    """
    found = []
    if "/" in text:
        found += _spans(_PROFILE_URL, text, "ACCOUNT", "profiel")
    if "@" in text:
        found += [s for s in _spans(_HANDLE, text, "ACCOUNT", "handle")
                  if not _decorator(text, s.start)]
        found += _spans(_EMAIL, text, "EMAIL", "email")
    lowered = text.lower()
    if any(word in lowered for word in _SOCIAL_HINTS) and _names_a_social_medium(text, lowered):
        found += _spans(_NAMED_HANDLE, text, "ACCOUNT", "handle", 1)
    if " at " in text or "[at]" in text or "(at)" in text or "apenstaartje" in text:
        for match in _SPELLED_EMAIL.finditer(text):
            found.append(Span(match.start(), match.end(), "EMAIL", match.group(), "email"))
    return sorted(found)


_ID_CONTEXT = re.compile(
    r"\b(?:paspoort(?:\s*nummer)?|pas(?:poort)?nr|id[- ]?kaart(?:nummer)?|identiteitskaart(?:nummer)?|"
    r"identiteitsbewijs|documentnummer|verblijfs(?:vergunning|document)(?:nummer)?|v-nummer|"
    r"vreemdelingennummer|dossiernummer|cli[eë]ntnummer|klantnummer|registratienummer|"
    r"personeelsnummer|studentnummer|pesel|cnp|egn|dowód(?: osobisty)?|buletin|nummer|nr\.?)"
    r"(?:\s+(?:is|was|van\s+\w+))?\s*[:#]?\s*((?-i:[A-Z0-9][A-Z0-9 -]{4,18}[A-Z0-9]))\b", re.IGNORECASE)
#: Substrings without which ``_ID_CONTEXT`` cannot match (each of its words holds one).
_ID_HINTS = ("pas", "id-", "id ", "idkaart", "identiteit", "document", "verblijfs", "nummer", "nr",
             "pesel", "cnp", "egn", "dowód", "buletin")
_NATIONAL_ID = re.compile(r"(?<![\w.-])(\d{10,13})(?![\w-])")
_DOC_NUMBER = re.compile(r"(?<![\w-])([A-NP-Z]{2}[A-NP-Z0-9]{6}\d)(?![\w-])")


def detect_ids(text: str) -> list[Span]:
    """Identity numbers: PESEL, CNP, EGN (by checksum), Dutch document numbers, and any
    number after a word like 'paspoort', 'ID-kaart', 'V-nummer', 'klantnummer'.

    >>> [s.text for s in detect_ids("paspoort NX7R8K2P1, PESEL 44051401359")]
    ['NX7R8K2P1', '44051401359']
    """
    found = []
    if not _DIGIT.search(text):
        return found
    lowered = text.lower()
    hinted = any(hint in lowered for hint in _ID_HINTS)
    for match in _ID_CONTEXT.finditer(text) if hinted else ():
        value = match.group(1).rstrip(" -")
        if sum(ch.isdigit() for ch in value) >= 4 or (re.search(r"\d", value) and len(value) >= 6
                                                      and value.upper() == value):
            found.append(Span(match.start(1), match.start(1) + len(value), "ID", value, "id"))
    for match in _NATIONAL_ID.finditer(text) if _SEVEN_DIGITS.search(text) else ():
        value = match.group(1)
        if pesel_valid(value) or cnp_valid(value) or egn_valid(value):
            if not any(s.start <= match.start(1) < s.end for s in found):
                found.append(Span(match.start(1), match.end(1), "ID", value, "id"))
    for match in _DOC_NUMBER.finditer(text):
        value = match.group(1)
        if sum(ch.isdigit() for ch in value) >= 2 and not any(s.start <= match.start(1) < s.end
                                                              for s in found):
            found.append(Span(match.start(1), match.end(1), "ID", value, "id"))
    return found


_ABBREVIATED = ("dr", "drs", "mr", "ir", "ing", "prof", "mevr", "mw", "mvr", "dhr", "hr")
_NAMED = re.compile(rf"\b(?:heet|heette|genaamd|noemt (?:zich|ze zich|hij zich)|naam is|bijnaam is|"
                    rf"noem (?:haar|hem|me|mij)|noemen (?:haar|hem) )(?:\s+(?:hij|ze|zij|ik|je))?"
                    rf"\s+['\"‘“]?({_WORD}(?:\s+{_WORD})?)")
_CAPITALISED = re.compile(rf"(?<![\w-]){_WORD}(?![\w-])")


_TITLE_WORDS = frozenset(t for t in TITLES if len(t) > 2) | frozenset(_ABBREVIATED)
_NAME_TAIL = re.compile(rf"[ \t]+(?:(?:van|de|der|den|el|al|ten|ter)[ \t]+)*{_WORD}(?![\w-])")


def _previous_word(text: str, start: int, reach: int = 30) -> str:
    """The word (letters only) just before ``start``, separated from it by spaces or tabs and
    an optional full stop, looking back at most ``reach`` characters; ``""`` when there is none.

    >>> _previous_word("haar buurvrouw Ionela", 15), _previous_word("mevr. Jansen", 6)
    ('buurvrouw', 'mevr')
    >>> _previous_word("(Ionela", 1), _previous_word("12 Ionela", 3)
    ('', '')
    """
    floor = max(0, start - reach)
    i = start
    while i > floor and text[i - 1] in " \t":
        i -= 1
    if i == start:
        return ""
    if i > floor and text[i - 1] == ".":
        i -= 1
    j = i
    while j > floor and text[j - 1].isalpha():
        j -= 1
    return text[j:i]


def _after_sentence_end(text: str, start: int, word: str) -> bool:
    """Whether a full stop between ``word`` and ``start`` ends a sentence: only an
    abbreviated title ("mevr.", "dr.") is followed by a name after its full stop.

    >>> _after_sentence_end("naar je docent. Heb je", 16, "docent")
    True
    >>> _after_sentence_end("mevr. Jansen", 6, "mevr")
    False
    """
    return "." in text[max(0, start - 3):start] and word not in _ABBREVIATED


def detect_context_names(text: str) -> list[Span]:
    """Names after a role or relation ("buurvrouw Ionela", "collega Dimitar Petrov") and
    after 'heet'/'genaamd' (names without a role: :func:`kit.privacy.names.detect_names`).

    >>> [s.text for s in detect_context_names("haar collega Dimitar en buurvrouw Ionela Popescu")]
    ['Dimitar', 'Ionela Popescu']
    """
    found: list[Span] = []
    common = load_wordlist("geen-namen.txt")
    covered = -1
    # most texts name no role or title at all: then no word needs its neighbour read (first
    # names without a role, in any case, are found by names.detect_names from the name lexicon,
    # which holds voornamen-extra.txt too)
    roles = not _TITLE_WORDS.isdisjoint(_casefolded_words(text))
    for match in _CAPITALISED.finditer(text) if roles else ():
        start, end = match.span()
        if start < covered:
            continue
        word = match.group()
        folded = word.casefold()
        if folded in common:
            continue
        role = _previous_word(text, start).lower()
        if role in _TITLE_WORDS and not _after_sentence_end(text, start, role):
            tail = _NAME_TAIL.match(text, end)
            if tail is not None and tail.group().split()[-1].casefold() not in common:
                end = tail.end()
            found.append(Span(start, end, "PERSOON", text[start:end], "rol+naam"))
            covered = end
    if "heet" in text or "naam" in text or "noem" in text:
        for match in _NAMED.finditer(text):
            words = match.group(1).split()
            while words and words[-1].casefold() in common:
                words.pop()
            if words and words[0].casefold() not in common:
                start = match.start(1)
                value = " ".join(words)
                if text[start:start + len(value)] == value:
                    found.append(Span(start, start + len(value), "PERSOON", value, "rol+naam"))
    return sorted(found)


_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_MONTH_NAME = (r"(?:januari|jan|februari|feb|maart|mrt|april|apr|mei|juni|jun|juli|jul|augustus|aug|"
               r"september|sept|sep|oktober|okt|november|nov|december|dec)")
_YEAR = r"(?:19|20|['`])?\d{2}"
_DATES = re.compile(
    rf"(?<!\d)(?:{_DAY}(?P<s1>[-/. ]){_MONTH_NUMBER}(?P=s1){_YEAR}(?!\d)"
    rf"|{_DAY}[-/. ]{{0,2}}{_MONTH_NAME}\.?[-/. ]{_YEAR}(?!\d)"
    rf"|(?:19|20|['`])\d{{2}}(?P<s2>[-/. ]){_MONTH_NUMBER}(?P=s2){_DAY}(?!\d)"
    rf"|(?:19|20|['`])\d{{2}}[-/. ]{{0,2}}{_MONTH_NAME}\.?[-/. ]{_DAY}(?!\d))", re.IGNORECASE)


#: Where a match of :data:`_DATES` can begin: a day or a year (a digit, or the quote of
#: ``'25``), not after a digit.
_DATE_STARTS = re.compile(r"(?<!\d)[0-9'`]")


def detect_dates(text: str) -> list[Span]:
    """Dates with day, month and year: ``3-4-2025``, ``03/04/25``, ``3 april 2025``,
    ``2025-04-03``, ``2025 apr 3``.

    >>> [s.text for s in detect_dates("op 3-4-2025, 12 mrt. 2024 en 2025-04-03; niet 3-4")]
    ['3-4-2025', '12 mrt. 2024', '2025-04-03']
    """
    return _spans(_DATES, text, "DATUM", "datum", starts=_DATE_STARTS) if _DIGIT.search(text) \
        else []


_URL_HINT = re.compile(r"\.(?:com|net|org|co|us|uk|nl|be|fr|sp|gov|nu)\b")
_URL = re.compile(r"(?:https?://(?:www\.)?)?[-a-zA-Z0-9:%._+~#=]{1,256}\."
                  r"(?:com|net|org|co|us|uk|nl|be|fr|sp|gov|nu)\b(?:[():%_+.~,]*[-a-zA-Z0-9#?&/=])*")


def detect_urls(text: str) -> list[Span]:
    """Web addresses on the usual domains (``www.voorbeeld.nl/pagina``).

    >>> [s.text for s in detect_urls("zie https://www.voorbeeld.nl/nieuws?id=3, of niets.")]
    ['https://www.voorbeeld.nl/nieuws?id=3']
    """
    return _spans(_URL, text, "URL", "url") if _URL_HINT.search(text) else []


_POSTBUS = re.compile(r"[Pp]ostbus\s\d{1,5}(?:\.\d{2,4})?")
_LONG_NUMBER = re.compile(r"\d{7,}")


def detect_postbus_and_numbers(text: str) -> list[Span]:
    """A PO box (``Postbus 12345``) and any number of seven or more digits (an account,
    client or case number).

    >>> [(s.category, s.text) for s in detect_postbus_and_numbers("Postbus 1234, dossier 20250117")]
    [('LOCATIE', 'Postbus 1234'), ('ID', '20250117')]
    """
    found = _spans(_POSTBUS, text, "LOCATIE", "postbus") if "ostbus" in text else []
    if _SEVEN_DIGITS.search(text):
        found += _spans(_LONG_NUMBER, text, "ID", "nummer")
    return found


_UNITS = {"nul": 0, "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
          "zes": 6, "zeven": 7, "acht": 8, "negen": 9}
_TEENS = {"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
          "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
         "tachtig": 80, "negentig": 90}


def _number_words() -> dict[str, str]:
    """Dutch number words up to 99 and the digits they stand for ("vierendertig" -> "34")."""
    words = {w: str(n) for w, n in {**_UNITS, **_TEENS, **_TENS}.items()}
    for unit, n in _UNITS.items():
        if n == 0:
            continue
        for ten, m in _TENS.items():
            for joint in ("en", "ën"):
                words[f"{unit}{joint}{ten}"] = str(m + n)
    return words


_NUMBER_WORDS = _number_words()
_NUMBER_WORD = "(?:" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) \
    + r"|dubbel|\d{1,4})"
_SPELLED_NUMBER = re.compile(rf"(?<![\w-])(?:(?:plus|\+)[ \t]*)?{_NUMBER_WORD}"
                             rf"(?:(?:[ \t]*[,-][ \t]*|[ \t]+){_NUMBER_WORD}){{4,}}(?![\w-])",
                             re.IGNORECASE)


def detect_spelled_numbers(text: str) -> list[Span]:
    """Phone numbers written in words ("nul zes twaalf vierendertig ..."), also mixed with
    digits and "dubbel": nine digits or more, starting with "nul" or "plus".

    >>> [s.text for s in detect_spelled_numbers("Bel nul zes twaalf vierendertig zesenvijftig "
    ...                                        "achtenzeventig, zei ze.")]
    ['nul zes twaalf vierendertig zesenvijftig achtenzeventig']
    >>> detect_spelled_numbers("twee drie vier vijf zes kinderen")
    []
    """
    lowered = text.lower()
    if "nul" not in lowered and "plus" not in lowered:
        return []
    found = []
    for match in _SPELLED_NUMBER.finditer(text):
        digits, double = "", False
        words = re.findall(r"plus|\+|[^\W_]+", match.group().lower())
        for word in words:
            if word == "dubbel":
                double = True
                continue
            value = "+" if word in {"plus", "+"} else word if word.isdigit() else _NUMBER_WORDS[word]
            digits += value * (2 if double else 1)
            double = False
        spelled = sum(not w.isdigit() and w not in {"plus", "+"} for w in words)
        count = sum(ch.isdigit() for ch in digits)
        if spelled >= 2 and count >= 9 and digits[:1] in {"0", "+"}:
            found.append(Span(match.start(), match.end(), "TELEFOON", match.group(), "telefoon"))
    return found
