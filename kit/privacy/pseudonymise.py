"""Pseudonymise Dutch field notes: deduce plus the kit's extra detectors, consistent labels.

Every identifying piece of text is replaced by a label such as ``[PERSOON-3f2a9c01b7e4]``.
The twelve hex digits come from a keyed hash (HMAC-SHA256) of the category and the
normalised text, with a secret key kept in the vault. Twelve digits (48 bits) make a
collision among 100,000 people about 1 in 56,000; the vault's label table
(``pseudoniem-labels.tsv``: label and full keyed hash, never the text) checks every new
label and gives a second value whose label is taken four more digits, so two people never
share a label. So the same person gets the
same label in every document of this user (also across sessions), nobody without
the key can work back from the label, and :func:`rotate_key` makes all old labels
unlinkable from new ones. Phone numbers are normalised first (``0612345678`` and
``+31 6 1234 5678`` get one label); names in the consent register are always
caught, and a participant's full name always gets that participant's label.

Titles and roles stay readable outside the label ("mevrouw [PERSOON-3f2a9c01b7e4]",
"collega [PERSOON-91c0d2e47a10]"); public names of the programme (``publieke-namen.txt``:
Den Haag, SHOP, Gemeente Den Haag ...) are left as they are.

>>> import tempfile, pathlib
>>> from kit.privacy.vault import open_vault
>>> vault = open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis")
>>> p = Pseudonymiser(vault, use_deduce=False)
>>> result = p.pseudonymise("Bel me op 06-12345678, ik ben 19.")
>>> [category for category, _label in result.replacements]
['TELEFOON', 'LEEFTIJD']
>>> "12345678" in result.text
False
>>> p.pseudonymise("+31 6 1234 5678").text == p.pseudonymise("0612345678").text
True
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kit.privacy.detectors import detect
from kit.privacy.indirect import indirect_identifiers
from kit.privacy.pattern_detectors import _INTERFIXES, Span, may_contain, word_keys
from kit.privacy.spans import DEDUCE_TAGS, refine_names, resolve
from kit.privacy.vault import Vault, as_vault

__all__ = ["PseudonymisedText", "Pseudonymiser", "pseudonymise_text", "rotate_key",
           "load_allow_list", "DEFAULT_ALLOW_LIST", "DEDUCE_DUPLICATES", "KEY_FILE", "LABEL_PATTERN", "find_spans",
           "LABEL_TABLE", "LABEL_HEX", "LabelTable"]

KEY_FILE = "pseudoniem-sleutel.bin"
#: Label -> full keyed hash of every label made with the current key (no text).
LABEL_TABLE = "pseudoniem-labels.tsv"
#: Hex digits in a label (more when the label table finds a collision).
LABEL_HEX = 12
#: Matches a label the kit wrote, e.g. ``[PERSOON-3f2a9c01b7e4]`` (older labels had four digits).
LABEL_PATTERN = re.compile(r"\[[A-Z]+-[0-9a-f]{4,64}\]")
_DEFAULT = object()
#: deduce's processors the kit does not run: its redacted text (the kit writes its own labels)
#: and the pattern annotators whose category the kit's own detectors cover as widely or more
#: (any e-mail domain, grouped BSNs, ages without "jaar", postcodes in any case, the same
#: dates, web addresses, PO boxes and long numbers). The kit's versions skip a text at once
#: when it has no digit (or no domain), which deduce's cannot;
#: tests/privacy/test_detectors.py checks that the kit still finds all that these find.
DEDUCE_DUPLICATES = frozenset({"email", "bsn", "age", "postal_code", "date_dmy_1", "date_dmy_2",
                               "date_ymd_1", "date_ymd_2", "url", "postbus", "identifier"})
_DEDUCE_SKIP = frozenset({"redactor"}) | DEDUCE_DUPLICATES


@functools.lru_cache(maxsize=1)
def _default_allow_list_path() -> Path:
    from kit.config import data_path

    return data_path("privacy", "publieke-namen.txt")


DEFAULT_ALLOW_LIST = "publieke-namen.txt"


@dataclass(frozen=True)
class PseudonymisedText:
    """The result of pseudonymising one text.

    Attributes:
        text: the text with labels in place of identifying pieces.
        replacements: ``(category, label)`` per replaced piece, in order (never the raw value).
        warnings: indirect identifiers a person should rewrite (Dutch, no names).
    """

    text: str
    replacements: list[tuple[str, str]] = field(default_factory=list)
    #: Dutch warnings about descriptions that point at one person without a name
    #: ("de enige Bulgaarse vrouw achter het derde raam"; see :mod:`kit.privacy.indirect`)
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many pieces were replaced per category.

        >>> PseudonymisedText("x", [("PERSOON", "[PERSOON-0001]")] * 2).counts
        {'PERSOON': 2}
        """
        counts: dict[str, int] = {}
        for category, _label in self.replacements:
            counts[category] = counts.get(category, 0) + 1
        return counts


# --- key --------------------------------------------------------------------------------------
def _load_key(vault: Vault) -> bytes:
    path = vault.file(KEY_FILE)
    short = False
    if path.is_file():
        key = path.read_bytes()
        if len(key) >= 32:
            return key
        short = True
    from kit.io import atomic_write_bytes, create_once

    key = secrets.token_bytes(32)
    if short:  # a key too short to use is replaced
        atomic_write_bytes(path, key, permissions=0o600)
    else:
        made = create_once(path, key)
        if made != key:  # another process made the key just now: use that one
            return made
    stale = vault.file(LABEL_TABLE)
    if stale.exists():
        stale.unlink()  # a table of another key
    return key


class LabelTable:
    """The vault's table of labels made with the current key: label -> full keyed hash.

    A new hash whose label (its first :data:`LABEL_HEX` digits) is already taken by another
    hash gets four digits more, until it is free; the table remembers the choice, so the
    value keeps that label in every later document. Lines are appended (one write each).

    >>> import tempfile, pathlib
    >>> from kit.privacy.vault import open_vault
    >>> table = LabelTable(open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis"))
    >>> a = table.assign("PERSOON", "ab" * 32)
    >>> b = table.assign("PERSOON", "ab" * 6 + "cd" * 26)
    >>> a, b, table.assign("PERSOON", "ab" * 32) == a
    ('[PERSOON-abababababab]', '[PERSOON-ababababababcdcd]', True)
    """

    def __init__(self, vault: Vault) -> None:
        self.path = vault.file(LABEL_TABLE)
        self._by_label: dict[str, str] | None = None
        self._by_digest: dict[str, str] = {}
        #: the table opened for appending, once (an open and close per new label cost more
        #: than the rest of pseudonymising a short text); closed with the table
        self._fd: int | None = None

    def _load(self) -> dict[str, str]:
        if self._by_label is None:
            by_label: dict[str, str] = {}
            if self.path.is_file():
                for line in self.path.read_text(encoding="ascii", errors="replace").splitlines():
                    label, _tab, digest = line.partition("\t")
                    if digest and label not in by_label:
                        by_label[label] = digest
            self._by_label = by_label
            self._by_digest = {f"{label.split('-', 1)[0]}\x00{digest}": label
                               for label, digest in by_label.items()}
        return self._by_label

    def assign(self, category: str, digest: str) -> str:
        """The label of ``digest`` (hex) in ``category``: its own, or a longer one."""
        by_label = self._load()
        known = self._by_digest.get(f"[{category}\x00{digest}")
        if known is not None:
            return known
        length = LABEL_HEX
        while True:
            label = f"[{category}-{digest[:length]}]"
            owner = by_label.get(label)
            if owner == digest:
                return label
            if owner is None or length >= len(digest):
                break
            length += 4
        by_label[label] = digest
        self._by_digest[f"[{category}\x00{digest}"] = label
        os.write(self._append_fd(), f"{label}\t{digest}\n".encode("ascii"))
        return label

    def _append_fd(self) -> int:
        """The table's file descriptor for appending (opened on the first new label)."""
        fd = self._fd
        if fd is not None:
            try:
                if os.fstat(fd).st_nlink > 0:
                    return fd
            except OSError:
                pass
            # the table was removed (a new key): start a new file at the path
            self._close()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._fd = fd
        self._finalizer = weakref.finalize(self, os.close, fd)
        return fd

    def _close(self) -> None:
        if self._fd is not None:
            self._finalizer()
            self._fd = None

    def collisions(self) -> int:
        """How many labels were made longer because their first digits were taken."""
        return sum(len(label.split("-", 1)[1]) > LABEL_HEX + 1 for label in self._load())


def rotate_key(vault: Vault | str | os.PathLike | None = None) -> None:
    """Replace the pseudonym key: labels made from now on cannot be linked to older ones.

    Args:
        vault: the vault (default: the user's vault).
    """
    from kit.io import atomic_write_bytes
    from kit.privacy.audit import log_event

    v = as_vault(vault)
    atomic_write_bytes(v.file(KEY_FILE), secrets.token_bytes(32), permissions=0o600)
    table = v.file(LABEL_TABLE)
    if table.exists():
        table.unlink()  # labels of the old key mean nothing under the new one
    log_event(v, "sleutel-vervangen")


# --- allow-list -------------------------------------------------------------------------------
def load_allow_list(source: str | os.PathLike | Iterable[str] | None = DEFAULT_ALLOW_LIST
                    ) -> list[str]:
    """Public names that are never replaced nor reported (one per line, ``#`` comments).

    Args:
        source: a file path, an iterable of names, ``None`` (no list), or the default
            shipped list ``kit/data/privacy/publieke-namen.txt``.

    Returns:
        The names, longest first.

    Raises:
        InputError: when the file cannot be read.

    >>> "Gemeente Den Haag" in load_allow_list()
    True
    >>> load_allow_list(["SHOP", " ", "VNG"])
    ['SHOP', 'VNG']
    """
    if source is None:
        return []
    if isinstance(source, str) and source == DEFAULT_ALLOW_LIST:
        # one-word public names that are also people's names ("Osman", "Lewis") are marked:
        # they count as public only where the text cites them (see _public_here)
        return list(_default_allow_list(*_file_key(_default_allow_list_path())))
    if isinstance(source, (str, os.PathLike)):
        return list(_allow_list_file(*_file_key(source)))
    return _sorted_names(list(source))


@functools.lru_cache(maxsize=4)
def _default_allow_list(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """The kit's list with its one-word person names marked (read once per file version)."""
    return tuple(_PersonalName(n) if _person_name_word(n) else n
                 for n in _allow_list_file(path, mtime_ns, size))


class _PersonalName(str):
    """A one-word entry of the kit's public-name list that is also a person's name."""

    __slots__ = ()


def _sorted_names(lines: list[str]) -> list[str]:
    names = {" ".join(line.split("#", 1)[0].split()) for line in lines}
    return sorted((n for n in names if n), key=lambda n: (-len(n), n))


def _file_key(source: str | os.PathLike) -> tuple[str, int, int]:
    from kit.errors import InputError

    try:
        info = os.stat(source)
    except OSError:
        raise InputError("het bestand bestaat niet", path=source) from None
    return os.fspath(source), info.st_mtime_ns, info.st_size


@functools.lru_cache(maxsize=16)
def _allow_list_file(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """An allow-list file, read once per version of the file (scans call this per text)."""
    from kit.io import read_text

    return tuple(_sorted_names(read_text(path).splitlines()))


@functools.lru_cache(maxsize=8)
def _allow_regex(names: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _allow_keys(names: tuple[str, ...]) -> frozenset[str]:
    return word_keys(names)


@functools.lru_cache(maxsize=8)
def _longest_name(names: tuple[str, ...]) -> int:
    return max((len(n) for n in names), default=0)


def _allowed_ranges(text: str, names: list[str], near: list[Span] | None = None
                    ) -> list[tuple[int, int]]:
    """Where ``text`` holds a public name of ``names``: at every position where one starts,
    the longest one that starts there (a case-insensitive word match), in text order.

    With ``near``, only the ranges that start close enough to overlap one of those spans
    (all that :func:`_apply_allow_list` can use): the long alternation then reads a few
    windows of the text instead of all of it. Whether a name starts at a position depends
    only on the characters from just before it to just after it, so a window that ends
    beyond the longest name gives the same ranges there as the whole text.

    >>> names = ["Den Haag", "Haag"]
    >>> _allowed_ranges("In Den Haag en Den Haag", names)
    [(3, 11), (7, 11), (15, 23), (19, 23)]
    >>> _allowed_ranges("In Den Haag en Den Haag", names, near=[Span(16, 18, "X", "en", "")])
    [(15, 23)]
    """
    if not names:
        return []
    key = tuple(names)
    keys = _allow_keys(key)
    if not may_contain(keys, text):
        return []  # most texts name no public organisation: skip the long alternation
    pattern = _allow_regex(key)
    if near is None:
        windows = [(0, len(text))]
    else:  # a range (p, p + n) overlaps a span (s, e) when s - n < p < e, and n <= longest
        longest = _longest_name(key)
        windows = []
        for s in sorted(near, key=lambda s: s.start):
            low, high = max(0, s.start - longest + 1), s.end
            if windows and low <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], high)
            else:
                windows.append([low, high])
    ranges = []
    for low, high in windows:
        # a name that starts before ``high`` ends, with the character after it, before this
        end = min(len(text), high + _longest_name(key) + 1) if near is not None else len(text)
        position = low
        while True:
            match = pattern.search(text, position, end)
            if match is None or match.start() >= high:
                break
            ranges.append(match.span())
            position = match.start() + 1
    return ranges


#: After a public one-word name that is also a person's name: what makes it the public one
#: (a citation "Osman (2012)", "Davies & Dart, 2005", an eponym "Cohen's kappa",
#: "Lewis-methode", a publisher "Sage Publications").
_CITATION_AFTER = re.compile(
    r"(?:['’]s\s+\w|-[^\W\d_]|\s+(?:Publications|Publishing|Press|Uitgevers?)\b"
    r"|\s*\(\s*(?:19|20)\d{2}|\s*,?\s*(?:19|20)\d{2}\b|,\s*(?:[A-Z]\.\s*){1,3}(?:[,&(]|en\b|and\b)"
    r"|\)"
    r"|\s*(?:&|en|and|,)\s*(?:[A-Z][\w'’-]+(?:\s*(?:&|,)\s*)?){1,3}\s*[(,]?\s*(?:19|20)\d{2}"
    r"|\s+et\s+al\b)")


def _public_here(text: str, start: int, end: int) -> bool:
    """Whether a one-word public name that is also a common person's name (Osman, Cohen,
    Lewis, Sage) is used as the public name here: a citation, an eponym, a publisher.

    >>> _public_here("Malone, Pillow & Osman (2012) vonden", 17, 22)
    True
    >>> _public_here("Osman woont in Laak", 0, 5), _public_here("met Cohen's kappa", 4, 9)
    (False, True)
    >>> _public_here("Lewis, M. (2008). Inside", 0, 5), _public_here("Democracy (Lewis): 1", 11, 16)
    (True, True)
    """
    if text[end:end + 1] == ")" and text[start - 1:start] != "(":
        return False
    return _CITATION_AFTER.match(text, end) is not None


def _person_name_word(name: str) -> bool:
    from kit.privacy.names import fold, lexicon

    words = name.split()
    if len(words) != 1:
        return False
    lex = lexicon()
    folded = name.casefold()
    return (fold(name) in lex.names or folded in lex.names) and folded not in lex.places


def _apply_allow_list(spans: list[Span], text: str, names: list[str]) -> list[Span]:
    return _cut_public_names(spans, text, _public_ranges(
        text, names, _allowed_ranges(text, names, near=spans)))


def _public_ranges(text: str, names: list[str], ranges: list[tuple[int, int]]
                   ) -> list[tuple[int, int]]:
    """The ``ranges`` of public names that hide what they cover here.

    A one-word public name of the kit's list that is also a person's name ("Osman",
    "Lewis") does not hide a person unless the text cites it as the public name; an entry
    the user listed (a file or list of their own) counts everywhere.
    """
    personal = {n.casefold() for n in names if isinstance(n, _PersonalName)}
    if not personal or not ranges:
        return ranges
    personal -= {n.casefold() for n in names if not isinstance(n, _PersonalName)}
    return [(a, b) for a, b in ranges
            if text[a:b].casefold() not in personal or _public_here(text, a, b)]


def _cut_public_names(spans: list[Span], text: str, ranges: list[tuple[int, int]]
                      ) -> list[Span]:
    """``spans`` without the public names in ``ranges``: a span inside one is dropped, a
    name at its start or end is cut off (and the span trimmed to letters and digits); a
    span no range touches stays as found."""
    if not ranges:
        return spans
    kept = []
    for span in spans:
        start, end = span.start, span.end
        if not any(a < end and start < b for a, b in ranges):
            kept.append(span)  # no public name in it: the span as found
            continue
        changed = True
        while changed and start < end:
            changed = False
            for a, b in ranges:
                if a <= start and end <= b:
                    start = end  # entirely public
                    break
                if a <= start < b < end:  # public name at the start of the span
                    start, changed = b, True
                elif start < a < end <= b:  # public name at the end
                    end, changed = a, True
            while start < end and not text[start].isalnum():
                start += 1
            while end > start and not text[end - 1].isalnum():
                end -= 1
        if start < end:
            kept.append(Span(start, end, span.category, text[start:end], span.source))
    return kept


# --- normalisation for labels -----------------------------------------------------------------
def _plain(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(value.replace("’", "'").split())


def _normalise(category: str, value: str) -> str:
    if category == "TELEFOON":
        try:
            import phonenumbers

            parsed = phonenumbers.parse(value, "NL")
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        except Exception:  # noqa: BLE001 - fall back to the digits
            return re.sub(r"\D", "", value)
    if category in {"IBAN", "KENTEKEN", "POSTCODE", "BSN", "ID"}:
        return re.sub(r"[^0-9A-Za-z]", "", value).upper()
    if category in {"EMAIL", "ACCOUNT", "URL"}:
        value = _plain(value)
        value = re.sub(r"^(?:https?://)?(?:www\.|m\.)?", "", value)
        return value.lstrip("@").rstrip("/")
    return _plain(value).strip(".,;:!?()\"'")


def _name_tokens(value: str) -> list[str]:
    return [t for t in _plain(value).split() if t not in _INTERFIXES]


def find_spans(text: str, *, use_deduce: bool = True, allow_list: list[str] | None = None,
               names: dict[str, str] | None = None) -> list[Span]:
    """Every identifying span in ``text``: deduce, the extra detectors and register names.

    Args:
        text: the text.
        use_deduce: run deduce (needs its cache); ``False`` uses only the extra detectors.
        allow_list: public names to leave alone (see :func:`load_allow_list`).
        names: ``{participant code: name}`` from the consent register.

    Returns:
        Non-overlapping spans, sorted by position.

    >>> [(s.category, s.text) for s in find_spans("Mail ana@voorbeeld.nl", use_deduce=False)]
    [('EMAIL', 'ana@voorbeeld.nl')]
    """
    spans: list[Span] = []
    if use_deduce and text.strip():
        from kit.privacy.engine import deduce_annotations

        # only the annotations are used: deduce's own redacted text is not needed
        spans = [Span(a.start, a.end, _category(a.tag), a.text, "deduce")
                 for a in deduce_annotations(text, _DEDUCE_SKIP)]
    spans = refine_names(spans, text)
    spans.extend(detect(text))
    if names:
        spans.extend(_register_spans(text, names))
    spans = _extend_surnames(resolve(spans, text), text)
    spans = _apply_allow_list(spans, text, allow_list or [])
    return [s for s in resolve(spans, text)
            if s.category not in _NAMES_AND_PLACES
            or not (_numbered_heading(s, text) or _common_word_as_name(s, text))]


#: Categories that place a person (for the indirect-identifier warnings).
_PLACE_CATEGORIES = frozenset({"LOCATIE", "ADRES", "POSTCODE"})
#: The only categories :func:`_numbered_heading` and :func:`_common_word_as_name` judge.
_NAMES_AND_PLACES = frozenset({"PERSOON", "LOCATIE", "ADRES"})


@functools.lru_cache(maxsize=64)
def _category(tag: str) -> str:
    """The kit's category for a deduce tag.

    >>> _category("persoon"), _category("telefoonnummer"), _category("iets-anders")
    ('PERSOON', 'TELEFOON', 'ID')
    """
    return DEDUCE_TAGS.get(tag.split("-")[0].lower(), "ID")


#: Languages: deduce reads "Engels" or "Spaans" as surnames. ("Frans" is a first name too,
#: so it is not in this list.)
_LANGUAGES = frozenset("""engels spaans duits pools turks arabisch roemeens bulgaars nederlands
portugees italiaans russisch oekraïens tigrinya somalisch berbers tamazight papiaments
sranantongo hindi urdu koerdisch perzisch farsi dari""".split())
#: Words that start Dutch sentences (instructions, questions) and that deduce's surname list
#: also holds. Only words that are not plausible first names.
_SENTENCE_WORDS = frozenset("""pas tip wijs verwijs let kijk lees schrijf neem maak doe zet vul
klik kies sluit bewaar noem geef bekijk vergelijk probeer gebruik voer heb ben kun mag wil moet
hoe wat waar wie waarom wanneer welke dan toen nu ook nog maar want dus omdat als of put both
the stap fase deel bron""".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:[-*>#]+\s*|\d+\.\s*)?|\*\*)$")
#: Every character a match of ``_SENTENCE_START`` can hold besides white space and digits.
_SENTENCE_START_CHARS = frozenset(".!?:-*>#\n")


def _at_sentence_start(text: str, start: int) -> bool:
    r"""``_SENTENCE_START.search(text[:start])`` without copying and scanning the whole text
    before ``start`` for every name: a match ends at ``start`` and holds only white space,
    digits and the characters of :data:`_SENTENCE_START_CHARS`, so it lies inside the run of
    such characters right before ``start``; only that run is searched.

    >>> _at_sentence_start("Leg uit.", 0), _at_sentence_start("Ja. Leg uit.", 4)
    (True, True)
    >>> _at_sentence_start("en Leg uit", 3), _at_sentence_start("x\n  12.  Leg", 9)
    (False, True)
    """
    low = start
    while low > 0:
        char = text[low - 1]
        if char in _SENTENCE_START_CHARS or char.isspace() or char.isdecimal():
            low -= 1
        else:
            break
    return _SENTENCE_START.search(text, low, start) is not None


#: A capitalised word joined to the span by a hyphen ("End-of-Line Indicator") or a key
#: combination ("Shift + Enter"): part of a compound term, not a name or a place.
_COMPOUND_BEFORE = re.compile(r"(?:\w-|\+\s*)$")
_COMPOUND_AFTER = re.compile(r"\s*\+")


def _common_word_as_name(span: Span, text: str) -> bool:
    """A deduce name or place hit that is an ordinary word: a language, an instruction word
    or a very frequent Dutch word at a sentence start ("Leg uit", "Buren hadden"), or a
    word of a compound term ("End-of-Line Indicator", "Shift + Enter").

    >>> _common_word_as_name(Span(0, 3, "LOCATIE", "Leg", "deduce"), "Leg uit waarom.")
    True
    >>> _common_word_as_name(Span(7, 21, "PERSOON", "Line Indicator", "deduce"),
    ...                      "End-of-Line Indicator")
    True
    >>> _common_word_as_name(Span(8, 13, "LOCATIE", "Enter", "deduce"), "Shift + Enter")
    True
    >>> _common_word_as_name(Span(0, 6, "PERSOON", "Visser", "deduce"), "Visser zei niets.")
    False

    >>> _common_word_as_name(Span(10, 16, "PERSOON", "Engels", "deduce"), "Ze spreekt Engels.")
    True
    >>> _common_word_as_name(Span(0, 3, "PERSOON", "Pas", "deduce"), "Pas de tekst aan.")
    True
    >>> _common_word_as_name(Span(0, 4, "PERSOON", "Marta", "deduce"), "Marta lachte.")
    False
    """
    if span.source != "deduce":
        return False
    if _COMPOUND_BEFORE.search(text, max(0, span.start - 3), span.start) \
            or _COMPOUND_AFTER.match(text, span.end):
        return _compound_term(span.text)
    if " " in span.text.strip():
        return False
    word = span.text.strip().lower()
    if span.category == "PERSOON" and word in _LANGUAGES:
        return True
    if not _at_sentence_start(text, span.start):
        return False
    if span.category == "PERSOON" and word in _SENTENCE_WORDS:
        return True
    return _frequent_word_here(word, text, span.end)


def _compound_term(value: str) -> bool:
    """Whether no word of ``value`` is a name that is no ordinary word (a seed name)."""
    from kit.privacy.names import fold, lexicon

    lex = lexicon()
    return not any(w.casefold() in lex.seeds or fold(w) in lex.seeds for w in value.split())


def _frequent_word_here(word: str, text: str, end: int) -> bool:
    """A very frequent Dutch word that is no first name, followed by a lower-case word or
    the end of a clause: the word itself, not a surname or a place."""
    from kit.privacy.names import lexicon

    lex = lexicon()
    if word not in lex.frequent or word in lex.first:
        return False
    return re.match(r"(?:\s+[a-zà-ÿ']|\s*(?:$|[,;:.!?]))", text[end:end + 3]) is not None


_SURNAME_AFTER = re.compile(
    r"[ \t]+((?:(?:van|de|der|den|el|al|ten|ter|da|di|dos)[ \t]+)*"
    r"[A-ZÀ-ÖØ-ÞĀ-ſ][a-zà-öø-ÿā-ſ'’]+(?:-[A-ZÀ-ÖØ-ÞĀ-ſ][a-zà-öø-ÿā-ſ'’]+)?)(?![\w-])")


def _extend_surnames(spans: list[Span], text: str) -> list[Span]:
    """A capitalised word right after a detected name is almost always its surname
    ("Łukasz Wójcik"); add it to the name so it cannot survive on its own.

    >>> t = "Łukasz Wójcik werkt"
    >>> [s.text for s in _extend_surnames([Span(0, 6, "PERSOON", "Łukasz")], t)]
    ['Łukasz Wójcik']
    """
    from kit.privacy.pattern_detectors import load_wordlist

    if not any(s.category == "PERSOON" for s in spans):
        return spans
    common = load_wordlist("geen-namen.txt")
    out = []
    for index, span in enumerate(spans):
        if span.category == "PERSOON" and text[span.end:span.end + 1] in (" ", "\t"):
            match = _SURNAME_AFTER.match(text, span.end)
            next_start = spans[index + 1].start if index + 1 < len(spans) else len(text)
            if match and match.end() <= next_start:
                last = match.group(1).split()[-1]
                if last.casefold() not in common and last.lower() not in _SENTENCE_WORDS \
                        and last.lower() not in _LANGUAGES:
                    span = Span(span.start, match.end(), "PERSOON", text[span.start:match.end()],
                                span.source)
        out.append(_with_first_name(span, text, out[-1].end if out else 0))
    return out


_FIRST_BEFORE = re.compile(r"(?<![\w-])([A-ZÀ-ÖØ-ÞĀ-ſ][a-zà-öø-ÿā-ſ'’]+)[ \t]+$")


def _with_first_name(span: Span, text: str, floor: int) -> Span:
    """A capitalised word right before a detected name that is no ordinary word, title or
    place is its first name ("Semhar Tesfamariam": the surname has a known ending, the
    first name is in no list).

    >>> t = "met Semhar Tesfamariam over"
    >>> _with_first_name(Span(11, 22, "PERSOON", "Tesfamariam"), t, 0).text
    'Semhar Tesfamariam'
    >>> _with_first_name(Span(8, 13, "PERSOON", "Popa"), "Mevrouw Popa", 0).text
    'Popa'
    """
    if span.category != "PERSOON":
        return span
    match = _FIRST_BEFORE.search(text, max(floor, span.start - 40), span.start)
    if match is None:
        return span
    from kit.privacy.detectors import FUNCTION_WORDS, TITLES
    from kit.privacy.names import fold, lexicon

    word = match.group(1)
    folded = word.casefold()
    lex = lexicon()
    if folded in lex.blocked or folded in lex.vocabulary or folded in lex.places \
            or folded in TITLES or folded in FUNCTION_WORDS or folded in _SENTENCE_WORDS \
            or folded in _LANGUAGES or fold(word) in lex.common:
        return span
    return Span(match.start(1), span.end, "PERSOON", text[match.start(1):span.end], span.source)


#: Words that, followed by a number, name a part of a text, not a street ("Deel 1", "Stap 2").
_HEADING_WORDS = frozenset("""deel stap fase week module les vraag hoofdstuk bijlage opdracht blok
ronde tafel groep cel regel rij kolom pagina punt versie niveau item thema sessie dag
""".split())


def _numbered_heading(span: Span, text: str = "") -> bool:
    """deduce reads "Deel 1" as a street with a house number, and "Stap" in "Stap 2" as a
    surname; a word that names a part of a text, followed by a number, is neither.

    >>> _numbered_heading(Span(0, 6, "LOCATIE", "Deel 1")), _numbered_heading(Span(0, 9, "ADRES", "Hoefkade 1"))
    (True, False)
    >>> _numbered_heading(Span(0, 4, "PERSOON", "Stap"), "Stap 2: lees")
    True
    """
    words = span.text.split()
    if span.category in {"LOCATIE", "ADRES"}:
        return len(words) == 2 and words[0].lower() in _HEADING_WORDS and words[1].isdigit()
    if span.category == "PERSOON" and len(words) == 1 and words[0].lower() in _HEADING_WORDS:
        return re.match(r"\s*\d", text[span.end:span.end + 4]) is not None
    return False


def _uncommon(word: str) -> bool:
    """Whether a part of a registered name is no ordinary Dutch word (so found in any case).

    >>> _uncommon("Hodan"), _uncommon("Roos")
    (True, False)
    """
    from kit.privacy.names import fold, lexicon

    lex = lexicon()
    folded = word.casefold()
    return folded not in lex.common and folded not in lex.words and folded not in lex.vocabulary \
        and fold(word) not in lex.common


def _register_spans(text: str, names: dict[str, str]) -> list[Span]:
    found = []
    for _code, name in names.items():
        parts = [p for p in name.split() if len(p) >= 3 and p.lower() not in _INTERFIXES]
        for needle in [name, *parts]:
            pattern = r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in needle.split()) + r"(?![\w-])"
            for match in re.finditer(pattern, text, re.IGNORECASE):
                if match.group()[:1].isupper() or needle == name or _uncommon(needle):
                    found.append(Span(match.start(), match.end(), "PERSOON", match.group(),
                                      "register"))
    return found


class Pseudonymiser:
    """Replaces identifying text by consistent labels, with the key from the vault.

    Args:
        vault: the vault with the key and the consent register (default: the user's vault).
        allow_list: public names to leave alone: a file, a list of names, ``None`` for none,
            or the kit's default list.
        use_deduce: run deduce as the Dutch engine (default); ``False`` for the extra
            detectors only (fast, for doctests; names are then caught only from the register
            and context).
    """

    def __init__(self, vault: Vault | str | os.PathLike | None = None, *,
                 allow_list: str | os.PathLike | Iterable[str] | None = DEFAULT_ALLOW_LIST,
                 use_deduce: bool = True) -> None:
        self.vault = as_vault(vault)
        self._key = _load_key(self.vault)
        self._table = LabelTable(self.vault)
        self.allow_list = load_allow_list(allow_list)
        self.use_deduce = use_deduce
        self.names = self._register_names()
        self._full_names = {_plain(n): code for code, n in self.names.items()}
        self._labels: dict[tuple[str, str], str] = {}

    def _register_names(self) -> dict[str, str]:
        from kit.privacy.consent import REGISTER_FILE, ConsentRegister

        if not self.vault.file(REGISTER_FILE).is_file():
            return {}
        return ConsentRegister(self.vault).names()

    def label(self, category: str, value: str) -> str:
        """The label for ``value`` of ``category`` (same input, same key -> same label).

        >>> import tempfile, pathlib
        >>> p = Pseudonymiser(pathlib.Path(tempfile.mkdtemp()) / "k", use_deduce=False)
        >>> p.label("PERSOON", "Ana") == p.label("PERSOON", " ana ")
        True
        """
        cached = self._labels.get((category, value))
        if cached is not None:
            return cached
        code = self._full_names.get(_plain(value)) if category == "PERSOON" else None
        key = f"deelnemer\x00{code}" if code else f"{category}\x00{_normalise(category, value)}"
        digest = hmac.new(self._key, key.encode("utf-8"), hashlib.sha256).hexdigest()
        label = self._table.assign(category, digest)
        if len(self._labels) < 100_000:
            self._labels[(category, value)] = label
        return label

    def spans(self, text: str) -> list[Span]:
        """The identifying spans of ``text`` (raw values: keep them inside the vault)."""
        return find_spans(text, use_deduce=self.use_deduce, allow_list=self.allow_list,
                          names=self.names)

    def pseudonymise(self, text: str) -> PseudonymisedText:
        """Replace every identifying piece of ``text`` by its label.

        Line structure is kept: a piece that spans a line break keeps the break after its label.

        Args:
            text: the text.

        Returns:
            A :class:`PseudonymisedText`.
        """
        if not text or not text.strip():
            return PseudonymisedText(text, [])
        # a label of an earlier pass is no identifier: a text pseudonymised twice stays the same
        labels = [m.span() for m in LABEL_PATTERN.finditer(text)]
        spans = [s for s in self.spans(text)
                 if not any(s.start < end and start < s.end for start, end in labels)]
        persons = [s for s in spans if s.category == "PERSOON"]
        longer: dict[str, str] = {}
        for span in persons:
            tokens = _name_tokens(span.text)
            if len(tokens) > 1:
                for token in tokens:
                    longer.setdefault(token, span.text)
                    if longer[token] != span.text:
                        longer[token] = ""  # ambiguous: two people share this name part
        pieces: list[str] = []
        replacements: list[tuple[str, str]] = []
        position = 0
        for span in spans:
            value = span.text
            if span.category == "PERSOON":
                tokens = _name_tokens(value)
                if len(tokens) == 1 and longer.get(tokens[0]):
                    value = longer[tokens[0]]
            label = self.label(span.category, value)
            pieces.append(text[position:span.start])
            pieces.append(label + "\n" * text.count("\n", span.start, span.end))
            replacements.append((span.category, label))
            position = span.end
        pieces.append(text[position:])
        places = [(s.start, s.end) for s in spans if s.category in _PLACE_CATEGORIES]
        warnings = [w.message() for w in indirect_identifiers(text, places)]
        return PseudonymisedText("".join(pieces), replacements, warnings)


def pseudonymise_text(text: str, vault: Vault | str | os.PathLike | None = None) -> str:
    """Pseudonymise one text with the user's vault key and return the new text.

    Args:
        text: the text.
        vault: the vault (default: the user's vault).

    Returns:
        The text with labels.
    """
    return Pseudonymiser(vault).pseudonymise(text).text
