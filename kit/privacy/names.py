"""A name lexicon for the communities of the minor, built from maintained name lists.

Sources (no hand-typed name lists beyond the kit's small supplement):

- Faker's locale name lists (first names and surnames) for the communities the minor works
  with: Romanian, Bulgarian, Polish, Hungarian, Ukrainian (labour migrants), Turkish,
  Algerian French transliterations (Maghreb names as written in Latin script), Pakistani,
  Azerbaijani, Swahili and Kenyan lists (Muslim and East African names), Dutch and Flemish,
  Indian (Surinamese Hindustani names); Cyrillic lists are transliterated twice (the
  country's official Latin transliteration and :func:`faker.decode.unidecode`);
- deduce's own Dutch first-name and surname lists (from Dutch registries: they hold many
  Moroccan, Turkish, Somali and Surinamese names);
- ``kit/data/privacy/voornamen-extra.txt``: names no maintained list holds (Tigrinya and
  others), kept small.

Every entry is casefolded and also stored without diacritics ("wojcik" for "Wójcik").
Whether a name is also an ordinary Dutch or English word ("roos", "bas", "jan", "may") comes
from simplemma's Dutch dictionary, the Dutch and English word frequencies of pyspellchecker
and deduce's lists of common and stop words: such names are flagged in lower
case only beside another name or after a cue ("heet", "genaamd").

Building takes a few seconds (simplemma's dictionary); the result is cached as a
:mod:`marshal` file beside deduce's tables (it cannot run code when read), keyed by the
versions of its sources.

>>> lex = lexicon()
>>> "gheorghe" in lex.first, "popescu" in lex.last, "hristo" in lex.first
(True, True, True)
>>> "roos" in lex.common, "mariana" in lex.common
(True, False)
>>> fold("Wójcik"), fold("Ştefan")
('wojcik', 'stefan')
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Lexicon", "lexicon", "fold", "FAKER_LOCALES", "build_lexicon", "lexicon_file"]

#: Faker locales whose name lists are read, by community.
FAKER_LOCALES = ("ro_RO", "bg_BG", "pl_PL", "hu_HU", "uk_UA", "ru_RU", "tr_TR", "az_AZ", "fr_DZ",
                 "en_PK", "sw", "en_KE", "nl_NL", "nl_BE", "en_IN", "cs_CZ", "sk_SK")
_FORMAT = 4
#: From these counts in pyspellchecker's frequency lists on, a word counts as an ordinary
#: Dutch or English word ("jan" 218, "bas" 540, "erin" 41,623; "the" 76 million, "may"
#: 927,594, "floor" 83,200; but "mariana" 54, "abdi" 50 or absent).
DUTCH_WORD_FREQUENCY = 200
ENGLISH_WORD_FREQUENCY = 1000
_LOCK = threading.Lock()
_LEXICON: Lexicon | None = None

#: Official Latin transliteration of Bulgarian (Streamlined System, 2009).
_BG = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюя",
               ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
                "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"],
               strict=True))
#: Official Latin transliteration of Ukrainian (2010), forms inside a word.
_UA = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’",
               ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l",
                "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",
                "iu", "ia", "", ""], strict=True))
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def fold(word: str) -> str:
    """Casefolded and without diacritics (``ı`` and ``ł`` become ``i`` and ``l``).

    >>> fold("Yılmaz"), fold("Łukasz"), fold("ÉMILE")
    ('yilmaz', 'lukasz', 'emile')
    """
    word = word.casefold().replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _transliterate(word: str, table: dict[str, str], initial: dict[str, str] | None = None) -> str:
    out = []
    for index, ch in enumerate(word.lower()):
        if index == 0 and initial and ch in initial:
            out.append(initial[ch])
        else:
            out.append(table.get(ch, ch))
    return "".join(out)


@dataclass(frozen=True)
class Lexicon:
    """Casefolded name sets.

    Attributes:
        first: first names (with and without diacritics).
        last: surnames.
        common: names that are also ordinary Dutch words (or stop words).
        words: ordinary Dutch words that are no name at all but matter to the name rules
            (deduce's common and stop words).
    """

    first: frozenset[str]
    last: frozenset[str]
    common: frozenset[str]
    words: frozenset[str]
    #: first names and surnames together
    names: frozenset[str] = frozenset()
    #: names that are no ordinary Dutch word: enough on their own, in any case
    seeds: frozenset[str] = frozenset()
    #: frequent Dutch words (names among them too): after a cue, such a word is a name only
    #: when the lexicon holds it
    vocabulary: frozenset[str] = frozenset()
    #: Dutch place names (deduce's lists): "Westland" is a place before it is a surname
    places: frozenset[str] = frozenset()


def _faker_names() -> tuple[set[str], set[str]]:
    import importlib

    from faker.decode import unidecode

    first: set[str] = set()
    last: set[str] = set()
    for locale in FAKER_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in dir(provider):
            if "name" not in attribute or attribute.startswith("_") or "language" in attribute \
                    or "prefix" in attribute or "suffix" in attribute or "format" in attribute:
                continue
            values = getattr(provider, attribute)
            if not isinstance(values, (tuple, list, dict, set, frozenset)):
                continue
            target = last if "last" in attribute else first if ("first" in attribute
                                                                  or "middle" in attribute) else None
            if target is None:
                continue
            for value in values:
                if not isinstance(value, str):
                    continue
                for part in value.replace("-", " ").split():
                    variants = {part}
                    if not part.isascii() and any("\u0400" <= ch <= "\u04ff" for ch in part):
                        table, initial = (_UA, _UA_INITIAL) if locale == "uk_UA" else (_BG, None)
                        variants = {_transliterate(part, table, initial), unidecode(part)}
                    for variant in variants:
                        clean = "".join(ch for ch in variant if ch.isalpha() or ch == "'")
                        if len(clean) >= 2 and all(ch.isalpha() for ch in clean) \
                                and all(ord(ch) < 0x0370 for ch in clean):
                            target.add(clean)
    return first, last


def _deduce_list(*parts: str) -> list[str]:
    from importlib.util import find_spec

    spec = find_spec("deduce")
    if spec is None or spec.origin is None:
        raise ImportError("deduce ontbreekt")
    folder = Path(spec.origin).resolve().parent / "data" / "lookup" / "src"
    path = folder.joinpath(*parts, "items.txt")
    if not path.is_file():
        raise FileNotFoundError(path)
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sources_key() -> str:
    """A digest of everything the lexicon is built from (versions and the kit's files)."""
    from importlib.metadata import version

    from kit.config import data_path

    # package versions from their metadata: importing them here would cost start-up time
    digest = hashlib.sha256(f"{_FORMAT}|{version('Faker')}|{version('simplemma')}|"
                            f"{version('deduce')}|{version('pyspellchecker')}|{','.join(FAKER_LOCALES)}".encode())
    for name in ("voornamen-extra.txt", "geen-namen.txt"):
        path = data_path("privacy", name)
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def build_lexicon() -> dict:
    """Build the lexicon from its sources (a few seconds) as a plain dict of lists."""
    from simplemma import is_known

    from kit.privacy.detectors import load_wordlist

    first, last = _faker_names()
    first.update(_deduce_list("names", "lst_first_name"))
    last.update(_deduce_list("names", "lst_surname"))
    first.update(n for n in load_wordlist("voornamen-extra.txt"))
    first_folded = {w.casefold() for w in first} | {fold(w) for w in first}
    last_folded = {w.casefold() for w in last} | {fold(w) for w in last}
    words = {w.casefold() for w in _deduce_list("whitelist", "lst_common_word")}
    words |= {w.casefold() for w in _deduce_list("whitelist", "lst_stop_word")}
    words |= set(load_wordlist("geen-namen.txt"))
    from spellchecker import SpellChecker

    # word frequencies (subtitles) of Dutch and English: a name that is also a frequent word
    # ("roos", "erin", "may", "the") is not enough on its own
    dutch = SpellChecker(language="nl", distance=1).word_frequency.dictionary
    english = SpellChecker(language="en", distance=1).word_frequency.dictionary
    common = set()
    for name in first_folded | last_folded:
        if len(name) <= 2 or name in words or is_known(name, lang="nl") \
                or dutch.get(name, 0) >= DUTCH_WORD_FREQUENCY \
                or english.get(name, 0) >= ENGLISH_WORD_FREQUENCY:
            common.add(name)
    vocabulary = {w for w, n in dutch.items() if n >= DUTCH_WORD_FREQUENCY and w.isalpha()
                  and len(w) > 2}
    places = {w.casefold() for part in ("lst_municipality", "lst_province", "lst_region",
                                        "lst_residence")
              for w in _deduce_list("locations", "lst_placename", part)}
    return {"format": _FORMAT, "first": sorted(first_folded), "last": sorted(last_folded),
            "common": sorted(common), "words": sorted(words), "vocabulary": sorted(vocabulary),
            "places": sorted(places)}


def lexicon_file(folder: Path | None = None) -> Path:
    """Where the built lexicon is cached (beside deduce's tables)."""
    from kit.config import deduce_cache_dir

    return Path(folder or deduce_cache_dir()) / "cache" / f"iids-namen-v{_FORMAT}.marshal"


def _from_payload(payload: dict) -> Lexicon:
    first, last = frozenset(payload["first"]), frozenset(payload["last"])
    common, words = frozenset(payload["common"]), frozenset(payload["words"])
    names = first | last
    places = frozenset(payload.get("places", ()))
    return Lexicon(first, last, common, words, names, names - common - words - places,
                   frozenset(payload.get("vocabulary", ())), places)


def write_lexicon(folder: Path | None = None) -> Path:
    """Build the lexicon and write its cache file (used by ``iids setup``)."""
    from kit.io import atomic_write_bytes

    payload = build_lexicon()
    payload["key"] = _sources_key()
    target = lexicon_file(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, marshal.dumps(payload), permissions=0o644)
    for stale in target.parent.glob("iids-namen-v*.marshal"):
        if stale != target:
            with contextlib.suppress(OSError):
                stale.unlink()
    return target


def lexicon() -> Lexicon:
    """The process-wide lexicon: from the cache when it matches its sources, else built
    (and cached when the cache folder is writable)."""
    global _LEXICON
    if _LEXICON is not None:
        return _LEXICON
    with _LOCK:
        if _LEXICON is None:
            key = _sources_key()
            path = lexicon_file()
            payload = None
            if path.is_file():
                with contextlib.suppress(ValueError, EOFError, TypeError, OSError):
                    with open(path, "rb") as fh:
                        payload = marshal.load(fh)
                    if not isinstance(payload, dict) or payload.get("key") != key:
                        payload = None
            if payload is None:
                payload = build_lexicon()
                payload["key"] = key
                if os.access(path.parent if path.parent.is_dir() else path.parent.parent, os.W_OK):
                    from kit.io import atomic_write_bytes

                    with contextlib.suppress(OSError):
                        path.parent.mkdir(parents=True, exist_ok=True)
                        atomic_write_bytes(path, marshal.dumps(payload), permissions=0o644)
            _LEXICON = _from_payload(payload)
    return _LEXICON


# --- detection --------------------------------------------------------------------------------
#: A word, not part of a handle, e-mail address, file name or web address ("marta_krk").
_TOKEN = re.compile(r"(?<![\w.@/#])[^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w@/]|\.\w)")
#: Word endings of surnames in the communities' languages (Romanian, Bulgarian, Polish,
#: Ukrainian, Serbo-Croatian, Turkish); Dutch has no ordinary words of this shape.
SURNAME_ENDINGS = ("escu", "eanu", "ovici", "evici", "ovic", "evic", "ović", "ević", "ov", "ova",
                   "ev", "eva", "ski", "ska", "cki", "cka", "dzki", "dzka", "wicz", "czyk", "czak",
                   "enko", "chuk", "czuk", "yuk", "iuk", "ych", "oglu", "oğlu", "ogullari")
#: Interfixes and particles inside a name ("van der", "el", "ben").
_PARTICLES = frozenset("van de der den ter ten te el al ben bin bint abu ould da di dos du la le "
                       "von zu".split())
#: A cue before a name: "ze heet (eigenlijk) ...", "genaamd ...", "noemt zich ...",
#: "werkt onder de naam ...". Group 1 is the cue word.
_CUE = re.compile(
    r"(?<![\w-])(heet|heette|heten|genaamd|noemt\s+(?:zich|ze\s+zich|hij\s+zich|zij\s+zich)|"
    r"noemen\s+(?:haar|hem|mij|me)|noem\s+(?:haar|hem|mij|me)|"
    r"(?:werkt|werkte|staat|gaat|bekend|ingeschreven)\s+onder\s+de\s+naam|onder\s+de\s+naam|"
    r"(?:roep|bij|werk|artiesten|voor|achter)?naam\s*(?:is|was|:)|alias|aka)"
    r"(?:\s+(?:eigenlijk|echt|officieel|gewoon|nu|toch|zelf|hier|ook|voortaan|sindsdien))*"
    r"[ \t]*[:'\"‘“«]?[ \t]*", re.IGNORECASE)
#: Words right before "heet" that make it the temperature ("is heet", "te heet", "heet" at the
#: start of a sentence: "Heet water ...").
_HOT = re.compile(r"(?:(?:^|[.!?:;]\s*)|(?<![\w-])(?:is|was|zijn|waren|wordt|werd|te|zo|erg|heel|"
                  r"best|nogal|vrij|echt|niet|gloeiend|bloed|snik|kokend|veel|super|ook|al|nog)"
                  r"\s+)$", re.IGNORECASE)
_CUE_HINTS = ("heet", "heten", "genaamd", "noem", "naam", "alias", "aka")
_SPACE_BETWEEN = re.compile(r"[ \t]*\n?[ \t]*")


def _shape(token: str) -> str:
    """``lower``, ``upper``, ``title`` ("El-Amrani", "O'Neil") or ``mixed`` ("NaN").

    >>> [_shape(t) for t in ("jan", "JAN", "Jan", "El-Amrani", "NaN", "iPhone")]
    ['lower', 'upper', 'title', 'title', 'mixed', 'mixed']
    """
    if token.islower():
        return "lower"
    if token.isupper():
        return "upper" if len(token) > 1 else "title"
    parts = re.split(r"['’-]", token)
    if all(part[:1].isupper() and part[1:] == part[1:].lower() or part.islower() for part in parts) \
            and token[:1].isupper():
        return "title"
    return "mixed"


def _surname_shape(folded: str) -> bool:
    return len(folded) >= 5 and folded.endswith(SURNAME_ENDINGS)


#: Month and day abbreviations ("7 sep 2026", "ma 3 mrt"): never a name.
_CALENDAR = frozenset("jan feb mrt apr mei jun jul aug sep sept okt oct nov dec ma di wo do vr za zo"
                      .split())


def _blocked(folded: str, calendar: bool = True) -> bool:
    from kit.privacy.detectors import FUNCTION_WORDS, TITLES

    lex = lexicon()
    return folded in lex.words or folded in FUNCTION_WORDS or folded in TITLES \
        or (calendar and folded in _CALENDAR)


def _code_like(text: str, start: int, end: int) -> bool:
    """A word used as code: a call ``len(``, an index ``x[``, a command after ``sudo``/``$``.

    >>> _code_like("print(len(x))", 6, 9), _code_like("sudo nano /etc/x", 5, 9), _code_like("ana (34)", 0, 3)
    (True, True, False)
    """
    after = text[end:end + 1]
    if after in ("(", "[", "=", "`") or text[start - 1:start] == "`":
        return True
    before = text[max(0, start - 6):start]
    return before.endswith(("sudo ", "$ ", "def ", "import ")) or text[end:end + 2] == " /"


def detect_names(text: str) -> list:
    """Names in any case: lower case ("hodan abdi"), ALL CAPS, a surname at the start of a
    sentence, names of the communities' languages, and any name after a cue.

    A single word is a name when the lexicon holds it and it is not also an ordinary Dutch
    word, or when it has the shape of a surname of the communities' languages
    ("-escu", "-ova", "-ski", "-enko"); a word next to such a name that the lexicon holds
    joins it ("jan jansen"); after a cue ("heet", "genaamd", "noemt zich", "werkt onder de
    naam") the next words are a name even when they are ordinary words in lower case.

    >>> [s.text for s in detect_names("ik sprak met jan jansen en met GHEORGHE over werk")]
    ['jan jansen', 'GHEORGHE']
    >>> [s.text for s in detect_names("Popescu kwam te laat. Ze heet eigenlijk roos.")]
    ['Popescu', 'roos']
    >>> detect_names("het water is heet en de roos bloeit")
    []
    """
    from kit.privacy.detectors import Span, _casefolded_words

    lex = lexicon()
    words = _casefolded_words(text)
    lowered = text.lower()
    cue = any(h in lowered for h in _CUE_HINTS)
    if words.isdisjoint(lex.seeds) and not cue and \
            not any(len(w) >= 5 and w.endswith(SURNAME_ENDINGS) for w in words):
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    flagged = [False] * len(tokens)
    for index, (_start, _end, token) in enumerate(tokens):
        folded = token.casefold()
        plain = fold(token)
        shape = _shape(token)
        if len(plain) < 3 or _blocked(folded):
            continue
        if shape in {"lower", "upper"} and len(plain) < 4:
            continue  # "ids", "SHA", "len": too many short words and codes look like names
        if shape == "lower" and _code_like(text, _start, _end):
            continue
        if shape == "mixed" and not any(ch in token for ch in "'’-"):
            continue  # "NaN", "iPhone": no name
        named = (folded in lex.seeds or plain in lex.seeds)
        if named or (_surname_shape(plain) and folded not in lex.common and shape != "mixed"):
            flagged[index] = True
    if cue:
        starts = {start: i for i, (start, _e, _t) in enumerate(tokens)}
        for match in _CUE.finditer(text):
            strong = not match.group(1).lower().startswith("he")
            if not strong and _HOT.search(text, max(0, match.start() - 40), match.start()):
                continue  # "het is heet", "te heet": the temperature, not a name
            index = starts.get(match.end())
            # "naam: ..." at the start of a line is a field of a structured file (YAML, a form):
            # there only a listed name counts
            field = match.group(1).lower().startswith("naam") and \
                not text[text.rfind("\n", 0, match.start()) + 1:match.start()].strip(" -*\t")
            if field and index is not None and not (
                    tokens[index][2].casefold() in lex.names or fold(tokens[index][2]) in lex.names):
                continue
            taken = 0
            while index is not None and index < len(tokens) and taken < 3:
                token = tokens[index][2]
                folded = token.casefold()
                shape = _shape(token)
                if folded in _PARTICLES and taken:
                    index += 1
                    continue
                listed = folded in lex.names or fold(token) in lex.names
                if _blocked(folded) and not (shape != "lower" and folded not in lex.words):
                    break
                if folded in lex.vocabulary and not listed:
                    break  # an ordinary word after the cue ("naam: Onvoldoende")
                if not (shape in {"title", "upper"} or listed or taken == 0):
                    break
                flagged[index] = True
                taken += 1
                nxt = index + 1
                if nxt >= len(tokens) or not _SPACE_BETWEEN.fullmatch(
                        text[tokens[index][1]:tokens[nxt][0]]):
                    break
                index = nxt
    # a name in the lexicon next to a flagged name joins it ("jan jansen", "JAN JANSEN")
    changed = True
    while changed:
        changed = False
        for index, (_start, _end, token) in enumerate(tokens):
            if flagged[index]:
                continue
            folded = token.casefold()
            if _blocked(folded, calendar=False) and folded not in _PARTICLES:
                continue
            for other in (index - 1, index + 1):
                if not 0 <= other < len(tokens) or not flagged[other]:
                    continue
                a, b = sorted((index, other))
                if not _SPACE_BETWEEN.fullmatch(text[tokens[a][1]:tokens[b][0]]) \
                        or "\n" in text[tokens[a][1]:tokens[b][0]] and _shape(token) == "lower":
                    continue
                if _shape(token) != _shape(tokens[other][2]) and _shape(token) != "title":
                    continue
                if folded in _PARTICLES:
                    # a particle only inside a name: a flagged or listed name must follow it
                    after = index + 1
                    if after < len(tokens) and (flagged[after] or tokens[after][2].casefold()
                                                in lex.names) and other == index - 1:
                        flagged[index] = changed = True
                    break
                if folded in lex.names or fold(token) in lex.names:
                    flagged[index] = changed = True
                    break
    spans = []
    index = 0
    while index < len(tokens):
        if not flagged[index]:
            index += 1
            continue
        first = index
        while index + 1 < len(tokens) and flagged[index + 1] and _SPACE_BETWEEN.fullmatch(
                text[tokens[index][1]:tokens[index + 1][0]]):
            index += 1
        start, end = tokens[first][0], tokens[index][1]
        spans.append(Span(start, end, "PERSOON", text[start:end], "naam"))
        index += 1
    return spans
