"""Combining spans from deduce and the extra detectors: overlaps, titles, split names.

Rules, chosen so nothing that any detector flagged leaks, while labels stay readable:

- overlapping or touching spans of the same thing are merged; the merged span takes
  the category with the highest :data:`PRIORITY` (a phone number that deduce called
  ``ID`` becomes ``TELEFOON``);
- titles and roles at the start of a name ("mevrouw", "collega") stay outside the
  label; function words that deduce swallowed ("aan de") split a name span, and a
  remainder that ends like a street becomes a ``LOCATIE``.

>>> from kit.privacy.pattern_detectors import Span
>>> text = "mevrouw Fatima El Amrani aan de Hoefkade"
>>> [(s.category, s.text) for s in refine_names([Span(0, len(text), "PERSOON", text)], text)]
[('PERSOON', 'Fatima El Amrani'), ('LOCATIE', 'Hoefkade')]
"""

from __future__ import annotations

import re

from kit.privacy.pattern_detectors import (
    _INTERFIXES,
    _NEIGHBOURHOOD_SUFFIXES,
    FUNCTION_WORDS,
    STREET_SUFFIXES,
    TITLES,
    Span,
)

__all__ = ["PRIORITY", "resolve", "refine_names", "DEDUCE_TAGS"]

#: Which category wins when spans overlap (higher wins).
PRIORITY = {
    "IBAN": 100, "BSN": 95, "TELEFOON": 90, "EMAIL": 88, "ACCOUNT": 86, "KENTEKEN": 84,
    "GEBOORTEDATUM": 80, "ID": 70, "ADRES": 66, "POSTCODE": 64, "PERSOON": 60, "INSTELLING": 55,
    "LOCATIE": 50, "URL": 45, "LEEFTIJD": 40, "DATUM": 30,
}

#: deduce's tags (lowercase, before numbering) mapped to the kit's categories.
DEDUCE_TAGS = {
    "persoon": "PERSOON", "patient": "PERSOON", "locatie": "LOCATIE", "ziekenhuis": "INSTELLING",
    "zorginstelling": "INSTELLING", "datum": "DATUM", "leeftijd": "LEEFTIJD", "bsn": "BSN",
    "id": "ID", "telefoonnummer": "TELEFOON", "emailadres": "EMAIL", "url": "URL",
}

_TOKEN = re.compile(r"\S+")
#: Categories that do not rename a much larger span they sit in (a date inside an address).
_MINOR = frozenset({"DATUM", "LEEFTIJD", "POSTCODE", "LOCATIE", "URL"})


_NOT_IN_NAME = TITLES | FUNCTION_WORDS


def _is_street(word: str) -> bool:
    lowered = word.lower()
    return any(lowered.endswith(s) and len(lowered) > len(s) + 1
               for s in STREET_SUFFIXES + _NEIGHBOURHOOD_SUFFIXES)


def _strip(word: str) -> str:
    return word.strip(".,;:!?()[]\"'’").lower()


def refine_names(spans: list[Span], text: str) -> list[Span]:
    """Trim titles and roles off name spans and split names at swallowed function words.

    Args:
        spans: spans (any category; only ``PERSOON`` ones change).
        text: the text the offsets point into.

    Returns:
        The new list of spans.
    """
    out: list[Span] = []
    for span in spans:
        if span.category != "PERSOON":
            out.append(span)
            continue
        word = span.text
        if word[:1].isupper() and not word[-1:].isspace() and span.end - span.start == len(word) \
                and not any(_strip(part) in _NOT_IN_NAME for part in word.split()):
            # capitalised words without a title, role or function word (the usual case):
            # only trailing punctuation changes
            end = span.end
            while end > span.start and text[end - 1] in ".,;:!?)":
                end -= 1
            out.append(span if end == span.end else
                       Span(span.start, end, "PERSOON", text[span.start:end], span.source))
            continue
        tokens = [(m.start() + span.start, m.end() + span.start, m.group())
                  for m in _TOKEN.finditer(text[span.start:span.end])]
        groups: list[list[tuple[int, int, str]]] = [[]]
        for token in tokens:
            word = _strip(token[2])
            if word in FUNCTION_WORDS and word not in _INTERFIXES:
                groups.append([])
            else:
                groups[-1].append(token)
        for index, group in enumerate(groups):
            # leading titles/roles and lowercase articles stay outside the label
            while group and (_strip(group[0][2]) in TITLES or
                             (index > 0 and group[0][2] in {"de", "het", "een", "'t"}) or
                             (group[0][2].lower() in {"de", "het"} and len(group) > 1
                              and _strip(group[1][2]) in TITLES)):
                if _strip(group[0][2]) in _INTERFIXES and index == 0 and len(group) > 1 \
                        and group[1][2][:1].isupper() and _strip(group[0][2]) not in TITLES:
                    break
                group = group[1:]
            while group and _strip(group[-1][2]) in TITLES:
                group = group[:-1]
            if not group or not any(t[2][:1].isupper() for t in group):
                if group and index == 0:
                    pass  # deduce flagged lowercase text as a name: keep it hidden
                else:
                    continue
            start, end = group[0][0], group[-1][1]
            while end > start and text[end - 1] in ".,;:!?)":
                end -= 1
            category = "PERSOON"
            if index > 0 and _is_street(_strip(group[-1][2])):
                category = "LOCATIE"
            out.append(Span(start, end, category, text[start:end], span.source))
    return out


def _position(span: Span) -> tuple[int, int]:
    return span.start, -span.end


def resolve(spans: list[Span], text: str) -> list[Span]:
    """Merge overlapping spans into one each; the highest-priority category wins.

    >>> from kit.privacy.pattern_detectors import Span
    >>> t = "bel 070-3531234"
    >>> [(s.category, s.text) for s in resolve([Span(8, 15, "ID", "3531234"),
    ...                                         Span(4, 15, "TELEFOON", "070-3531234")], t)]
    [('TELEFOON', '070-3531234')]
    """
    ordered = sorted(spans, key=_position)
    previous_end = -1
    for span in ordered:
        if span.start < previous_end or span.end <= span.start:
            break
        previous_end = span.end
    else:
        return ordered  # nothing overlaps, nothing empty (the usual case)
    merged: list[Span] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            start, end = last.start, max(last.end, span.end)
            category = max((last.category, span.category), key=lambda c: PRIORITY.get(c, 0))
            small, large = (span, last) if span.end - span.start < last.end - last.start else (last, span)
            if category == small.category and small.category in _MINOR and \
                    (small.end - small.start) < (large.end - large.start) / 2:
                # a small precise hit inside a large span (a date inside an address) does not
                # rename the large span
                category = large.category
            merged[-1] = Span(start, end, category, text[start:end], last.source or span.source)
        else:
            merged.append(span)
    return merged
