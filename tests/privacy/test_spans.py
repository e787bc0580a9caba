"""Combining the detectors' spans (kit.privacy.spans): whatever any detector flagged stays
covered after merging, merged spans do not overlap, and the strongest category wins."""

from __future__ import annotations

from hypothesis import given
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
