"""All the kit's own detectors together: the name lexicon (:mod:`kit.privacy.names`), then the
pattern detectors (:mod:`kit.privacy.pattern_detectors`), with overlapping spans resolved: what
deduce misses in Dutch field notes (deduce itself runs in :mod:`kit.privacy.engine`). This is
the public face notebooks import (``from kit.privacy.detectors import detect``); the pieces the
pattern module defines are available here too.

>>> [(s.category, s.text) for s in detect("Bel +48 512 345 678 of mail via @marta_krk.")]
[('TELEFOON', '+48 512 345 678'), ('ACCOUNT', '@marta_krk')]
>>> [(s.category, s.text) for s in detect("ik ben 19 en woon aan de Hoefkade 12")]
[('LEEFTIJD', '19'), ('ADRES', 'Hoefkade 12')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kit.privacy.names import detect_names
from kit.privacy.pattern_detectors import (
    CATEGORIES,
    FUNCTION_WORDS,
    STREET_SUFFIXES,
    TITLES,
    Span,
    bsn_valid,
    cnp_valid,
    detect_addresses,
    detect_ages,
    detect_birth_dates,
    detect_bsn,
    detect_context_names,
    detect_dates,
    detect_iban,
    detect_ids,
    detect_neighbourhoods,
    detect_online,
    detect_phones,
    detect_plates,
    detect_postbus_and_numbers,
    detect_postcodes,
    detect_spelled_numbers,
    detect_urls,
    egn_valid,
    iban_valid,
    load_wordlist,
    may_contain,
    pesel_valid,
    word_keys,
)
from kit.privacy.spans import resolve

__all__ = ["DETECTORS", "detect", "detect_names", "Span", "CATEGORIES", "detect_spelled_numbers",
           "word_keys", "may_contain", "detect_dates", "detect_urls", "detect_postbus_and_numbers",
           "iban_valid", "bsn_valid", "pesel_valid", "cnp_valid", "egn_valid", "load_wordlist",
           "TITLES", "FUNCTION_WORDS", "STREET_SUFFIXES"]

#: Every detector, in the order they run.
DETECTORS: tuple[Callable[[str], list[Span]], ...] = (
    detect_names, detect_phones, detect_spelled_numbers, detect_iban, detect_bsn, detect_plates,
    detect_postcodes, detect_addresses, detect_neighbourhoods, detect_ages, detect_birth_dates,
    detect_dates, detect_online, detect_urls, detect_ids, detect_postbus_and_numbers,
    detect_context_names,
)


def detect(text: str, detectors: Iterable[Callable[[str], list[Span]]] = DETECTORS) -> list[Span]:
    """Run the detectors and return their spans (overlaps resolved, sorted).

    Overlapping spans are merged into one; the merged span keeps the category of
    the more specific detector (see :func:`kit.privacy.spans.resolve`).
    """
    spans: list[Span] = []
    for detector in detectors:
        spans.extend(detector(text))
    return resolve(spans, text)
