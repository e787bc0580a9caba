"""A name lexicon for the communities of the minor, built from maintained name lists.

Sources (no hand-typed name lists beyond the kit's small supplement):

- Faker's locale name lists (first names and surnames), shipped with the kit as
  ``kit/data/privacy/faker-voornamen.txt`` and ``faker-achternamen.txt`` (Faker is the
  ``demo`` extra, not a runtime dependency; :func:`faker_names` reads them from Faker again and
  ``python -m kit.privacy.names`` rewrites the files; a test keeps them equal), for the
  communities the minor works with: Romanian, Bulgarian, Polish, Hungarian, Ukrainian (labour migrants), Turkish,
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
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kit.privacy.pattern_detectors import Span, _casefolded_words

__all__ = ["Lexicon", "lexicon", "fold", "FAKER_LOCALES", "FAKER_FILES", "faker_names",
           "write_faker_names", "build_lexicon", "lexicon_file",
           "lexicon_current", "write_lexicon", "detect_names"]

#: Faker locales whose name lists are read, by community.
FAKER_LOCALES = ("ro_RO", "bg_BG", "pl_PL", "hu_HU", "uk_UA", "ru_RU", "tr_TR", "az_AZ", "fr_DZ",
                 "en_PK", "sw", "en_KE", "nl_NL", "nl_BE", "en_IN", "cs_CZ", "sk_SK",
                 # countries where the communities' diasporas are many: their lists hold
                 # Polish, Turkish, Somali and Maghreb names as written there ("Nowak" de_AT,
                 # "Abdirahman" sv_SE)
                 "de_AT", "de_DE", "sv_SE", "da_DK", "no_NO", "fr_FR", "fr_BE", "hr_HR", "sl_SI",
                 "mk_MK")
_FORMAT = 9
#: From these counts in pyspellchecker's frequency lists on, a word counts as an ordinary
#: Dutch or English word ("jan" 218, "bas" 540, "erin" 41,623; "the" 76 million, "may"
#: 927,594, "floor" 83,200; but "mariana" 54, "abdi" 50 or absent).
DUTCH_WORD_FREQUENCY = 200
#: From this count on, a Dutch word is so frequent ("leg" 28,752, "buren" 10,133, "moraal"
#: 2,194) that, capitalised at a sentence start, it is read as the word, not as a surname
#: ("Visser" 1,025, "Bakker" 893 stay names there).
FREQUENT_DUTCH_WORD = 2000
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
#: Russian letters written as their Ukrainian counterparts: many first names are shared, and
#: Ukrainians' passports carry the Ukrainian form ("Юлия" -> "Юлія" -> "Yuliia").
_RU_AS_UA = str.maketrans({"и": "і", "ы": "и", "э": "е", "ё": "е", "ъ": ""})


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
    #: very frequent Dutch words (see :data:`FREQUENT_DUTCH_WORD`)
    frequent: frozenset[str] = frozenset()
    #: words that never start a name: stop and common words, titles, roles, months
    blocked: frozenset[str] = frozenset()
    #: the same without the months ("jan" may join "jansen")
    blocked_joined: frozenset[str] = frozenset()
    #: frequent English words ("toggle", "dropdown", "ethnographic"): no unlisted name
    english: frozenset[str] = frozenset()
    #: every English word of pyspellchecker's list, sorted, one a line, and where each starts
    #: (looked up by bisection: no set of 128,000 strings to build, see :func:`_english_word`)
    english_all: str = ""
    english_starts: tuple[int, ...] | object = ()


#: The shipped Faker name lists: first names, surnames (in ``kit/data/privacy``).
FAKER_FILES = ("faker-voornamen.txt", "faker-achternamen.txt")
_FAKER_HEADER = ("# Uit de namenlijsten van Faker {version} (MIT-licentie), locales: {locales}.\n"
                 "# Gegenereerd, niet met de hand bewerken; vernieuwen: python -m kit.privacy.names\n")


def _shipped_faker_names() -> tuple[set[str], set[str]]:
    """The Faker name lists as shipped (one name a line, ``#`` lines are comments)."""
    from kit.config import data_path

    lists = []
    for name in FAKER_FILES:
        text = data_path("privacy", name).read_text(encoding="utf-8")
        lists.append({line for line in text.splitlines() if line and not line.startswith("#")})
    return lists[0], lists[1]


def write_faker_names(folder: Path | None = None) -> list[Path]:
    """Write the shipped lists from the installed Faker (needs the ``demo`` extra)."""
    from importlib.metadata import version

    from kit.config import data_path
    from kit.io import atomic_write_text

    header = _FAKER_HEADER.format(version=version("Faker"), locales=", ".join(FAKER_LOCALES))
    written = []
    for name, names in zip(FAKER_FILES, faker_names(), strict=True):
        target = Path(folder) / name if folder else data_path("privacy", name)
        written.append(atomic_write_text(target, header + "".join(f"{n}\n" for n in sorted(names)),
                                         permissions=0o644))
    return written


def faker_names() -> tuple[set[str], set[str]]:
    """First names and surnames read from the installed Faker's locale lists (``demo`` extra)."""
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
                        if locale == "ru_RU":
                            variants.add(_transliterate(part.lower().translate(_RU_AS_UA),
                                                        _UA, _UA_INITIAL))
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
    digest = hashlib.sha256(f"{_FORMAT}|{version('simplemma')}|"
                            f"{version('deduce')}|{version('pyspellchecker')}".encode())
    for name in ("voornamen-extra.txt", "geen-namen.txt", *FAKER_FILES):
        path = data_path("privacy", name)
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def build_lexicon() -> dict:
    """Build the lexicon from its sources (a few seconds) as a plain dict of lists."""
    from simplemma import is_known

    from kit.privacy.pattern_detectors import load_wordlist

    first, last = _shipped_faker_names()
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
    frequent = {w for w in vocabulary if dutch[w] >= FREQUENT_DUTCH_WORD}
    places = {w.casefold() for part in ("lst_municipality", "lst_province", "lst_region",
                                        "lst_residence")
              for w in _deduce_list("locations", "lst_placename", part)}
    english_words = {w for w, n in english.items() if n >= ENGLISH_WORD_FREQUENCY and w.isalpha()
                     and len(w) > 2}
    # every English word pyspellchecker knows ("macintosh", "ethnographic"), as one string:
    # split only when a text has capitalised words no other list knows
    everything = sorted(w for w in english if w.isalpha() and len(w) > 2)
    english_all = "\n".join(everything)
    starts, at = array("I"), 0
    for word in everything:
        starts.append(at)
        at += len(word) + 1
    return {"format": _FORMAT, "first": sorted(first_folded), "last": sorted(last_folded),
            "common": sorted(common), "words": sorted(words), "vocabulary": sorted(vocabulary),
            "places": sorted(places), "frequent": sorted(frequent),
            "english": sorted(english_words), "english_all": english_all,
            "english_starts": starts.tobytes()}


def lexicon_file(folder: Path | None = None) -> Path:
    """Where the built lexicon is cached (beside deduce's tables)."""
    from kit.config import deduce_cache_dir

    return Path(folder or deduce_cache_dir()) / "cache" / f"iids-namen-v{_FORMAT}.marshal"


def _from_payload(payload: dict) -> Lexicon:
    first, last = frozenset(payload["first"]), frozenset(payload["last"])
    common, words = frozenset(payload["common"]), frozenset(payload["words"])
    from kit.privacy.pattern_detectors import FUNCTION_WORDS, TITLES

    names = first | last
    places = frozenset(payload.get("places", ()))
    joined = words | FUNCTION_WORDS | TITLES
    return Lexicon(first, last, common, words, names, names - common - words - places,
                   frozenset(payload.get("vocabulary", ())), places,
                   frozenset(payload.get("frequent", ())), joined | _CALENDAR, joined,
                   frozenset(payload.get("english", ())), payload.get("english_all", ""),
                   _starts(payload.get("english_starts", b"")))


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


def lexicon_current(folder: Path | None = None) -> bool:
    """Whether the cached lexicon exists and was built from the current sources."""
    path = lexicon_file(folder)
    if not path.is_file():
        return False
    try:
        payload = marshal.loads(path.read_bytes())
    except (ValueError, EOFError, TypeError, OSError):
        return False
    return isinstance(payload, dict) and payload.get("key") == _sources_key()


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
                    # one read, then one parse (marshal.load reads value by value)
                    payload = marshal.loads(path.read_bytes())
                    if not isinstance(payload, dict) or payload.get("key") != key:
                        payload = None
            if payload is None:
                payload = build_lexicon()
                payload["key"] = key
                with contextlib.suppress(OSError):  # cached for the next process when it may
                    path.parent.mkdir(parents=True, exist_ok=True)
                if os.access(path.parent, os.W_OK):
                    from kit.io import atomic_write_bytes

                    with contextlib.suppress(OSError):
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
                   "enko", "chuk", "czuk", "yuk", "iuk", "ych", "oglu", "oğlu", "ogullari",
                   # Tigrinya and Amharic names that end in a name of God or a saint
                   # ("Tesfamariam", "Ghebremichael", "Woldegiorgis", "Haileselassie")
                   "mariam", "michael", "mikael", "giorgis", "gziabher", "egziabher",
                   "selassie", "medhin", "tensae")
#: The last two letters of every surname ending: a cheap first test.
_ENDING_TAILS = frozenset(e[-2:] for e in SURNAME_ENDINGS)
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
    r"(?:\s+(?:eigenlijk|echt|officieel|gewoon|nu|toch|zelf|hier|ook|voortaan|sindsdien)"
    r"(?![\w-]))*"
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
    return "title" if token.istitle() else "mixed"


def _surname_shape(folded: str) -> bool:
    return len(folded) >= 5 and folded.endswith(SURNAME_ENDINGS)


#: Month and day abbreviations ("7 sep 2026", "ma 3 mrt"): never a name.
_CALENDAR = frozenset("jan feb mrt apr mei jun jul aug sep sept okt oct nov dec ma di wo do vr za zo"
                      .split())


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

    Only the words the lexicon or a surname ending points at are read one by one (and their
    neighbours), so a text costs a few set and string look-ups.

    >>> [s.text for s in detect_names("ik sprak met jan jansen en met GHEORGHE over werk")]
    ['jan jansen', 'GHEORGHE']
    >>> [s.text for s in detect_names("Popescu kwam te laat. Ze heet eigenlijk roos.")]
    ['Popescu', 'roos']
    >>> detect_names("het water is heet en de roos bloeit")
    []
    """
    lex = _LEXICON or lexicon()
    words = _casefolded_words(text)
    hits = words & lex.seeds
    endings = [w for w in words if w[-2:] in _ENDING_TAILS and len(w) >= 5
               and w.endswith(SURNAME_ENDINGS)]
    lowered = text.lower()
    cue = any(hint in lowered for hint in _CUE_HINTS)
    pairs = _unlisted_pairs(text, lex)
    # a first name that is also a word somewhere but no frequent Dutch one ("daan", "sanne"),
    # followed by a listed surname: "daan bakker"
    weak = [w for w in words & lex.first if w not in lex.seeds and w not in lex.vocabulary
            and w not in lex.blocked and w not in lex.english]
    if not hits and not cue and not endings and not pairs and not weak:
        return []
    flagged: dict[int, tuple[int, int, str]] = {token[0]: token for token in pairs}
    short: list[tuple[int, int, str]] = []
    for token in _candidates(text, lowered, hits, endings):
        start, end, word = token
        folded = word.casefold()
        if folded in lex.blocked:
            continue
        plain = folded if folded.isascii() else fold(word)
        if not (folded in lex.seeds or plain in lex.seeds or (
                len(plain) >= 5 and plain.endswith(SURNAME_ENDINGS) and folded not in lex.common
                and folded not in lex.vocabulary)):
            continue
        shape = _shape(word)
        if shape == "mixed" and not any(ch in word for ch in "'’-"):
            continue  # "NaN", "iPhone": no name
        if shape in {"lower", "upper"} and len(plain) < 4:
            if len(plain) == 3 and not _code_like(text, start, end):
                short.append(token)  # a name only beside another name (see below)
            continue  # "ids", "SHA", "len": too many short words and codes look like names
        if shape == "lower" and _code_like(text, start, end):
            continue
        flagged[start] = token
    for token in short:
        _short_name(text, token, flagged, lex)
    weak_set = frozenset(weak)
    for token in _candidates(text, lowered, weak_set, []) if weak else ():
        if token[0] in flagged or len(token[2]) < 3 or token[2].casefold() not in weak_set:
            continue  # (a weak name inside another word: "on" in "contact")
        after = _NEXT_TOKEN.match(text, token[1])
        if after is None or "\n" in after.group(0):
            continue
        folded = after.group(1).casefold()
        if folded in lex.last and folded not in _CALENDAR and folded not in lex.frequent \
                and folded not in lex.english and folded not in _PARTICLES and len(folded) >= 3 \
                and _shape(after.group(1)) == _shape(token[2]) \
                and not _code_like(text, token[0], token[1]):
            flagged[token[0]] = token
            flagged[after.start(1)] = (after.start(1), after.end(1), after.group(1))
    if cue:
        for token in _cued(text, lex):
            flagged[token[0]] = token
    if not flagged:
        return []
    _join_neighbours(text, flagged, lex)
    spans = []
    current = None
    for start in sorted(flagged):
        token = flagged[start]
        if current is not None and _SPACE_BETWEEN.fullmatch(text, current[1], token[0]):
            current = (current[0], token[1])
        else:
            if current is not None:
                spans.append(Span(current[0], current[1], "PERSOON", text[current[0]:current[1]],
                                  "naam"))
            current = (token[0], token[1])
    spans.append(Span(current[0], current[1], "PERSOON", text[current[0]:current[1]], "naam"))
    return spans


def _short_name(text: str, token: tuple[int, int, str], flagged: dict, lex: Lexicon) -> None:
    """A listed three-letter name in lower case or ALL CAPS ("nur", "ALI") is too often a
    code or an abbreviation on its own; beside another name on the same line, in the same
    case, it is a name: a listed name, or a word of four letters or more that no word list
    knows ("hawo nur", "ALI HASSAN"). Both are flagged.

    >>> flagged = {}
    >>> _short_name("ik heb hawo nur gesproken", (12, 15, "nur"), flagged, lexicon())
    >>> sorted(t[2] for t in flagged.values())
    ['hawo', 'nur']
    >>> flagged = {}
    >>> _short_name("de nur wordt gebruikt", (3, 6, "nur"), flagged, lexicon())
    >>> flagged
    {}
    """
    shape = _shape(token[2])
    for other, is_before in _neighbours(text, token):
        word = other[2]
        gap = text[other[1]:token[0]] if is_before else text[token[1]:other[0]]
        if "\n" in gap or _shape(word) != shape or len(word) < 3:
            continue
        folded = word.casefold()
        if folded in lex.blocked or _code_like(text, other[0], other[1]):
            continue
        plain = folded if folded.isascii() else fold(word)
        if other[0] in flagged or folded in lex.seeds or plain in lex.seeds or (
                len(plain) >= 4 and _unlisted(word.title(), lex)):
            flagged[token[0]] = token
            flagged.setdefault(other[0], other)


#: Two capitalised words in a row, side by side on one line (the second by look-ahead, so that
#: three in a row give two pairs).
_CAPITAL_PAIR = re.compile(
    r"(?<![\w.@/#'’-])([^\W\d_a-z][^\W\d_]+(?:['’-][^\W\d_]+)*)[ \t]+"
    r"(?=([^\W\d_a-z][^\W\d_]+(?:['’-][^\W\d_]+)*)(?![\w@/'’-]|\.\w))")
#: Endings of Dutch and English words that are no name: adjectives of origin and language
#: ("Nederlandse", "Surinamese", "Engelstalige"), participles ("Gevalideerde"), abstract nouns
#: and street names ("Voorbeeldstraat").
_WORD_ENDINGS = ("heid", "ing", "ingen", "isch", "ische", "lijk", "lijke", "tie", "ties", "teit",
                 "schap", "erij", "baar", "bare", "ende", "atie", "isme", "ief", "ieve", "se",
                 "sche", "ige", "erde", "aire", "straat", "weg", "laan", "plein", "gracht", "kade",
                 "singel", "tion", "ness", "ment", "ical", "ity", "ism", "ers", "ties")


def _unlisted(word: str, lex: Lexicon) -> bool:
    """A capitalised word that no list knows as a word: neither a frequent Dutch or English
    word, a place, a stop word, nor shaped like a Dutch or English derived word.

    >>> lex = lexicon()
    >>> [_unlisted(w, lex) for w in ("Awet", "Kidane", "Kansen", "Nederlandse", "Haag", "awet")]
    [True, True, False, False, False, False]
    """
    if _shape(word) != "title":
        return False
    folded = word.casefold()
    plain = folded if folded.isascii() else fold(word)
    if len(plain) < 3 or plain.endswith(_WORD_ENDINGS):
        return False
    if any(w in vocabulary for w in {folded, plain}
           for vocabulary in (lex.vocabulary, lex.words, lex.places, lex.common, lex.blocked,
                              lex.english)):
        return False
    if folded in lex.names or plain in lex.names:
        return False  # a listed name: found (or joined) by the lists themselves
    return not any(_english_word(w, lex) for w in {folded, plain})


def _starts(data: bytes):
    starts = array("I")
    starts.frombytes(data)
    return starts


def _english_word(word: str, lex: Lexicon) -> bool:
    """Whether pyspellchecker's English list holds ``word`` ("macintosh", "ethnographic"):
    a bisection over the sorted words in one string.

    >>> _english_word("macintosh", lexicon()), _english_word("kidane", lexicon())
    (True, False)
    """
    text, starts = lex.english_all, lex.english_starts
    lo, hi = 0, len(starts)
    size = len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        start = starts[mid]
        end = starts[mid + 1] - 1 if mid + 1 < len(starts) else size
        here = text[start:end]
        if here == word:
            return True
        if here < word:
            lo = mid + 1
        else:
            hi = mid
    return False


def _first_name(word: str, lex: Lexicon) -> bool:
    """A capitalised listed first name, even one that is also a word ("Aster"), but no
    frequent Dutch word and no word that never starts a name."""
    folded = word.casefold()
    return _shape(word) == "title" and folded in lex.first and folded not in lex.frequent \
        and folded not in lex.blocked and len(folded) >= 3


def _unlisted_pairs(text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Two or more capitalised words in a row that no word list knows ("Awet Kidane",
    "Luwam Tekle"): in Dutch, capitals inside a sentence mark a proper name, and two unknown
    ones side by side are a person far more often than anything else. Names no maintained
    list holds (Tigrinya, Amharic, Somali, rare spellings) are found this way.

    >>> [t[2] for t in _unlisted_pairs("Volgens Awet Kidane is de buurt veranderd.", lexicon())]
    ['Awet', 'Kidane']
    >>> _unlisted_pairs("De Nederlandse Gemeenten in Den Haag. Gelijke Kansen.", lexicon())
    []
    """
    found: dict[int, tuple[int, int, str]] = {}
    for match in _CAPITAL_PAIR.finditer(text):
        first, second = match.group(1), match.group(2)
        one, two = _unlisted(first, lex), _unlisted(second, lex)
        if (one and two) or (one and _first_name(second, lex)) or (two and _first_name(first, lex)):
            found[match.start(1)] = (match.start(1), match.end(1), first)
            found[match.start(2)] = (match.start(2), match.start(2) + len(second), second)
    return list(found.values())


#: Characters around a word that make it a whole word on its own (no handle, no hyphen).
_PLAIN_EDGE = frozenset(" \t\n\r,;:!?()\"“”‘«».*[]{}<>|")


def _token_at(text: str, position: int) -> tuple[int, int, str] | None:
    """The word (see ``_TOKEN``) that holds ``position``, or ``None``.

    >>> _token_at("mevrouw Al-Khatib zei", 12), _token_at("marta_krk", 0)
    ((8, 17, 'Al-Khatib'), None)
    """
    i = position
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] in "-'’"):
        i -= 1
    while i < position and not text[i].isalpha():
        i += 1
    match = _TOKEN.match(text, i)
    if match is None or not match.start() <= position < match.end():
        return None
    return match.start(), match.end(), match.group()


def _candidates(text: str, lowered: str, hits: frozenset[str], endings: list[str]):
    """The words of ``text`` that the lexicon holds (``hits``) or that end like a surname."""
    if len(lowered) != len(text):  # a letter whose lower case is longer: read every word
        for match in _TOKEN.finditer(text):
            yield match.start(), match.end(), match.group()
        return
    seen = set()
    size = len(text)
    for word in (*hits, *endings):
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            before = text[at - 1] if at else " "
            after = text[end] if end < size else " "
            if before in _PLAIN_EDGE and (after in _PLAIN_EDGE or after == ".") and (
                    after != "." or end + 1 >= size or not text[end + 1].isalnum()):
                token = (at, end, text[at:end])  # the usual case: a word between spaces
            else:
                token = _token_at(text, at)
            if token is not None and token[0] not in seen:
                seen.add(token[0])
                yield token
            at = lowered.find(word, at + len(word))


def _tokens_from(text: str, position: int) -> Iterator[tuple[int, int, str]]:
    """The words of ``text`` (:data:`_TOKEN`, as read from the start) from the one that starts
    at ``position`` on; nothing when no word starts there.

    A word holds no white space, so the words after a white space character are the same
    whether the text is read from its start or from there; reading starts at the last one
    before ``position``.

    >>> [w for _s, _e, w in _tokens_from("Ze heet Anna de Wit.", 8)]
    ['Anna', 'de', 'Wit']
    >>> list(_tokens_from("Ze heet O'Neil", 10)), list(_tokens_from("Ze heet Anna", 9))
    ([], [])
    """
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    matches = _TOKEN.finditer(text, start)
    for match in matches:
        if match.start() >= position:
            if match.start() == position:
                yield match.start(), match.end(), match.group()
                for match in matches:
                    yield match.start(), match.end(), match.group()
            return


def _cued(text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """The words after a cue ("heet", "genaamd" ...).

    >>> [w for _s, _e, w in _cued("Hij noemt zich Ionel van Dam, echt. Het is heet.", lexicon())]
    ['Ionel', 'Dam']
    """
    found = []
    for match in _CUE.finditer(text):
        strong = not match.group(1).lower().startswith("he")
        if not strong and _HOT.search(text, max(0, match.start() - 40), match.start()):
            continue  # "het is heet", "te heet": the temperature, not a name
        tokens = _tokens_from(text, match.end())
        token = next(tokens, None)
        # "naam: ..." at the start of a line is a field of a structured file (YAML, a form):
        # there only a listed name counts
        field = match.group(1).lower().startswith("naam") and \
            not text[text.rfind("\n", 0, match.start()) + 1:match.start()].strip(" -*\t")
        if field and token is not None and not (
                token[2].casefold() in lex.names or fold(token[2]) in lex.names):
            continue
        taken = 0
        while token is not None and taken < 3:
            word = token[2]
            folded = word.casefold()
            shape = _shape(word)
            if folded in _PARTICLES and taken:
                token = next(tokens, None)
                continue
            listed = folded in lex.names or fold(word) in lex.names
            if folded in lex.blocked and not (shape != "lower" and folded not in lex.words):
                break
            if folded in lex.vocabulary and not listed:
                break  # an ordinary word after the cue ("naam: Onvoldoende")
            if not (shape in {"title", "upper"} or listed or taken == 0):
                break
            found.append(token)
            taken += 1
            following = next(tokens, None)
            if following is None or not _SPACE_BETWEEN.fullmatch(text, token[1], following[0]):
                break
            token = following
    return found


_NEXT_TOKEN = re.compile(r"[ \t]*\n?[ \t]*" + r"((?<![\w.@/#])[^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w@/]|\.\w))")


def _neighbours(text: str, token: tuple[int, int, str]):
    """The words right before and after ``token`` (across spaces and one line break)."""
    after = _NEXT_TOKEN.match(text, token[1])
    if after is not None:
        yield (after.start(1), after.end(1), after.group(1)), False
    i = token[0]
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i > 0 and text[i - 1] == "\n":
        i -= 1
        while i > 0 and text[i - 1] in " \t":
            i -= 1
    if i > 0 and i < token[0]:
        before = _token_at(text, i - 1)
        if before is not None and before[1] == i:
            yield before, True


def _join_neighbours(text: str, flagged: dict, lex: Lexicon) -> None:
    """A listed name (or a particle inside a name) next to a flagged name joins it
    ("jan jansen", "JAN JANSEN", "fatima el amrani", "Elena\nDumitrescu")."""
    pending = list(flagged.values())
    while pending:
        other = pending.pop()
        for token, is_before in _neighbours(text, other):
            if token[0] in flagged:
                continue
            word = token[2]
            folded = word.casefold()
            if folded in lex.blocked_joined and folded not in _PARTICLES and not (
                    not is_before and other[2].casefold() in _PARTICLES
                    and folded in lex.last):
                continue  # (a listed surname after a flagged particle joins: "sanne de wit")
            gap = text[min(token[1], other[1]):max(token[0], other[0])]
            shape = _shape(word)
            if "\n" in gap and shape == "lower":
                continue
            if shape != _shape(other[2]) and shape != "title":
                continue
            if folded in _PARTICLES:
                # a particle only inside a name: a listed or flagged name must follow it
                if is_before:
                    continue
                following = next((t for t, b in _neighbours(text, token) if not b), None)
                if following is not None and (following[0] in flagged
                                              or following[2].casefold() in lex.names):
                    flagged[token[0]] = token
                    pending.append(token)
                continue
            if folded in lex.names or fold(word) in lex.names or (
                    shape in {"title", "upper"} and shape == _shape(other[2])
                    and "\n" not in gap and _unlisted(word.title(), lex)):
                flagged[token[0]] = token
                pending.append(token)


if __name__ == "__main__":  # python -m kit.privacy.names: rewrite the shipped Faker name lists
    for written in write_faker_names():
        print(written)
