"""The allow list (public names) read only near the spans it can change: the same spans as
reading the whole text, on texts hypothesis builds from the kit's own public names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kit.privacy.pattern_detectors import Span
from kit.privacy.pseudonymise import (
    DEFAULT_ALLOW_LIST,
    _allow_regex,
    _apply_allow_list,
    _cut_public_names,
    _public_ranges,
    load_allow_list,
)

NAMES = load_allow_list(DEFAULT_ALLOW_LIST)
PIECES = sorted(NAMES)[:40] + ["Osman (2012)", "de", "en", "Jan", "06-12345678", " ", ", ", "\n",
                                 "+31 6 12345678", "-", "(", ")", "Haagse", "gemeente"]


def _every_range(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Every start of a public name in the text, tried position by position (no windows)."""
    pattern = _allow_regex(tuple(names))
    return [m.span() for p in range(len(text)) if (m := pattern.match(text, p))]


def _reference(spans: list[Span], text: str, names: list[str]) -> list[Span]:
    """The allow list applied to the ranges of the whole text (no windows)."""
    return _cut_public_names(spans, text, _public_ranges(text, names, _every_range(text, names)))


@st.composite
def _text_and_spans(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30)))
    bounds = st.integers(min_value=0, max_value=len(text))
    spans = []
    for a, b in draw(st.lists(st.tuples(bounds, bounds), max_size=6)):
        a, b = min(a, b), max(a, b)
        if a < b:
            spans.append(Span(a, b, "PERSOON", text[a:b], "test"))
    return text, spans


@settings(max_examples=400, deadline=None)
@given(_text_and_spans())
def test_the_allow_list_near_the_spans_is_the_allow_list_of_the_whole_text(case):
    text, spans = case
    assert _apply_allow_list(spans, text, NAMES) == _reference(spans, text, NAMES)


def test_a_public_name_starting_before_a_span_still_cuts_it():
    text = "Zij werkt bij " + "x" * 3000 + " het Leger des Heils in Den Haag"
    start = text.index("Heils")
    span = Span(start, start + len("Heils in Den"), "PERSOON", text[start:start + 12], "test")
    assert "Leger des Heils" in NAMES and "Den Haag" in NAMES
    [cut] = _apply_allow_list([span], text, NAMES)
    assert cut.text == "in", cut


def test_a_span_without_a_public_name_in_it_stays_as_found():
    text = "Bel +31 6 12345678 of kom naar het Leger des Heils"
    span = Span(4, 18, "TELEFOON", text[4:18], "test")
    assert _apply_allow_list([span], text, NAMES) == [span]
