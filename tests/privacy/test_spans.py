"""Combining the detectors' spans (kit.privacy.spans): whatever any detector flagged stays
covered after merging, merged spans do not overlap, and the strongest category wins."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kit.privacy.pattern_detectors import Span
from kit.privacy.spans import PRIORITY, refine_names, resolve

TEXT = "Bel mevrouw Fatima El Amrani op 070-3531234 of mail f.elamrani@example.org vandaag."
CATEGORIES = sorted(PRIORITY)


@st.composite
def spans(draw):
    start = draw(st.integers(0, len(TEXT) - 1))
    end = draw(st.integers(start, min(len(TEXT), start + 30)))  # may be empty
    return Span(start, end, draw(st.sampled_from(CATEGORIES)), TEXT[start:end], "test")


def _covered(items):
    return {i for s in items for i in range(s.start, s.end)}


@given(st.lists(spans(), max_size=12))
def test_resolve_keeps_every_flagged_character_covered(items):
    out = resolve(items, TEXT)
    assert _covered(out) == _covered(items)  # nothing a detector found leaks
    for a, b in zip(out, out[1:], strict=False):
        assert a.end <= b.start  # sorted, no overlaps left
    for s in out:
        assert s.end > s.start and s.text == TEXT[s.start:s.end]
        inside = [t for t in items if t.end > t.start and s.start <= t.start and t.end <= s.end]
        assert s.category in {t.category for t in inside}  # a category some detector gave


def test_the_strongest_category_names_the_merged_span():
    phone = TEXT.index("070")
    out = resolve([Span(phone + 4, phone + 11, "ID", TEXT[phone + 4:phone + 11]),
                   Span(phone, phone + 11, "TELEFOON", TEXT[phone:phone + 11])], TEXT)
    assert [(s.category, s.text) for s in out] == [("TELEFOON", "070-3531234")]


def test_a_small_place_inside_a_long_link_does_not_rename_the_link():
    # LOCATIE outranks URL, but a small precise hit inside a large span keeps the large one's name
    text = "https://example.org/denhaag/centrum/agenda"
    place = text.index("denhaag")
    out = resolve([Span(0, len(text), "URL", text), Span(place, place + 7, "LOCATIE", "denhaag")],
                  text)
    assert [(s.category, s.start, s.end) for s in out] == [("URL", 0, len(text))]
    # the same place as most of a short span does rename it
    short = "denhaag/x"
    out = resolve([Span(0, 9, "URL", short), Span(0, 7, "LOCATIE", "denhaag")], short)
    assert [s.category for s in out] == ["LOCATIE"]


def test_titles_stay_outside_a_name_and_a_street_after_it_is_a_place():
    text = "mevrouw Fatima El Amrani aan de Hoefkade"
    out = refine_names([Span(0, len(text), "PERSOON", text)], text)
    assert [(s.category, s.text) for s in out] == [("PERSOON", "Fatima El Amrani"),
                                                   ("LOCATIE", "Hoefkade")]
    assert all(text[s.start:s.end] == s.text for s in out)


_SOCIAL_PIECES = ["insta", "INSTA", "InSta", "ig", "IG", "Ig", "fb", "FB", "snap", "tiktok",
                  "facebook", "twitter", "telegram", "signal", "linkedin", "onlyfans", "discord",
                  "nodig", "eigen", "fbi", "_", "-", "1", " ", "\n", ".", "é", "ë", "\u0301",
                  "ß", "\u0130", "\u0131", "\u017f", "\u212a", "\ufb01", "K", "i", "g", "f", "b",
                  "s", "n", "a", "p", "t", "k", "ı", "ǰ", "ẞ", "Ⅸ", "٣", "x"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_SOCIAL_PIECES), max_size=12).map("".join))
@example("\u017fnap")  # the long s, which re takes for an s ignoring case
@example("İnsta")  # its lower case is one character longer
@example("ig\u0301")  # a combining mark after: no word boundary
@example("_ig")  # an underscore is a word character
@example("fb_")
def test_a_social_medium_is_named_where_the_pattern_finds_one(text):
    """The substring check gives the answer of ``_SOCIAL_WORD``'s own search, also for the
    characters that ``re`` takes for an ASCII letter ignoring case, ligatures and marks."""
    from kit.privacy.pattern_detectors import _SOCIAL_WORD, _names_a_social_medium

    assert _names_a_social_medium(text, text.lower()) == (_SOCIAL_WORD.search(text) is not None)


def test_the_case_traps_hold_every_character_that_can_fool_a_lower_cased_search():
    """Every character but ASCII that ``re`` matches to a letter of the social words ignoring
    case, or whose lower case is longer or holds an ASCII letter, is a trap: in texts
    without traps the substring search is exact. (Every code point is tried, each letter
    as the pattern holds it: a literal.)"""
    import re
    import sys

    from kit.privacy.pattern_detectors import _CASE_TRAPS, _SOCIAL_WORDS

    points = "".join(chr(p) for p in range(128, sys.maxunicode + 1) if not 0xD800 <= p <= 0xDFFF)
    fooling = set()
    for letter in sorted(set("".join(_SOCIAL_WORDS) + "igfb")):
        fooling |= {m.group() for m in re.finditer(letter, points, re.IGNORECASE)}
    fooling |= {c for c in points if len(c.lower()) != 1 or c.lower().isascii()}
    assert {"\u017f", "\u212a", "\u0130", "\u0131"} <= fooling  # what re does today
    assert [hex(ord(c)) for c in sorted(fooling) if not _CASE_TRAPS.fullmatch(c)] == []


_DATE_PIECES = ["3", "03", "12", "31", "32", "1", "0", "2025", "1999", "25", "'", "`", "-", "/",
                ".", " ", "  ", "mei", "Mei", "MRT", "sept", "aug.", "juni", "x", "a", "\n", "٣",
                "²", "N-2425-00001", "op", "3-4-2025", "2025-04-03", "'25"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map("".join))
@example("٣1-4-2025")  # an Arabic-Indic digit before: no date starts at the 1
@example("'2503-04")
def test_dates_are_found_where_the_pattern_finds_them(text):
    """Trying the date pattern only where a day or year can begin finds the pattern's own
    matches, in order."""
    from kit.privacy.pattern_detectors import _DATE_STARTS, _DATES, _matches_from

    assert [m.span() for m in _matches_from(_DATES, text, _DATE_STARTS)] == \
        [m.span() for m in _DATES.finditer(text)]
