"""The kit's quicker pieces inside its deduce engine give exactly deduce's own results.

The engine replaces some of deduce's and docdeid's inner steps for speed (token building,
the token list, start-token look-ups, token patterns, sort keys, overlap resolution and the
walk over the processor groups, see :mod:`kit.privacy.deduce_fast`); these tests run the
originals beside them, on fixed texts and on texts hypothesis makes from the words that
trigger deduce's annotators. The whole engine is also compared with a plain deduce engine
on the same lookup structures. (That the structures give the annotations of deduce loaded
from its own pickle is a figure of ``iids bench``: loading the pickle takes half a minute.)
"""

from __future__ import annotations

import itertools
import logging

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kit.bench.privacy import narratives
from kit.privacy import deduce_fast, engine

#: Texts with overlapping annotations, odd spacing, tabs, line breaks and non-Latin script.
_TEXTS = narratives(150, seed=3) + [
    "Mevr. J. van der Berg-Jansen (pat.) woont aan de Laan van Meerdervoort 12a, Den Haag.",
    "Dr.  Ahmed  El Amrani\t\tbelde op 06-12345678\n\nover St. Antonius Ziekenhuis Utrecht.",
    "  ионела Попеску — Łukasz Wójcik, 23 jaar, uit Kraków;    daarna   niets.",
    "", " ", "\n",
]


def test_zero_runs_match_numpy():
    import numpy as np
    from docdeid.process.annotation_processor import OverlapResolver

    for bits in itertools.product((0, 1), repeat=7):
        expected = [tuple(map(int, run)) for run in OverlapResolver._zero_runs(np.array(bits))]
        assert deduce_fast._zero_runs(bytearray(bits)) == expected, bits


def test_fast_tokenizer_gives_deduce_tokens(deduce_ready):
    from deduce.tokenizer import DeduceTokenizer

    tokenizer = engine.get_deduce().tokenizers["default"]
    assert "_split_text" in vars(tokenizer)  # the kit's version is in place
    for text in _TEXTS:
        ours = tokenizer._split_text(text)
        theirs = DeduceTokenizer._split_text(tokenizer, text)
        assert [(t.text, t.start_char, t.end_char) for t in ours] == \
            [(t.text, t.start_char, t.end_char) for t in theirs]
        assert ours == theirs and all(vars(a) == vars(b) for a, b in zip(ours, theirs, strict=True))


def test_fast_overlap_resolver_gives_deduce_annotations(deduce_ready):
    import docdeid as dd
    from docdeid.process.annotation_processor import OverlapResolver

    deduce = engine.get_deduce()
    resolvers = [deduce.processors["post_processing"]["overlap_resolver"],
                 deduce.processors["names"]["person_annotation_converter"]._overlap_resolver]
    checked = overlapping = 0
    for text in _TEXTS:
        if not text.strip():
            continue
        # every annotator's raw output, before any post-processing: overlaps included
        doc = deduce.deidentify(text, enabled={name for name in deduce.processors.get_names()
                                               if "post" not in name and "converter" not in name
                                               and name != "redactor"})
        annotations = dd.AnnotationSet(doc.annotations)
        # add shifted copies so that partial overlaps (the zero-run branch) occur
        annotations |= {dd.Annotation(text=text[a.start_char + 1:a.end_char + 2],
                                      start_char=a.start_char + 1,
                                      end_char=min(a.end_char + 2, len(text)), tag="extra")
                        for a in doc.annotations if a.end_char + 2 <= len(text)}
        if not annotations:
            continue
        for resolver in resolvers:
            assert "process_annotations" in vars(resolver)
            ours = resolver.process_annotations(annotations, text)
            theirs = OverlapResolver.process_annotations(resolver, annotations, text)
            assert sorted((a.start_char, a.end_char, a.tag, a.text) for a in ours) == \
                sorted((a.start_char, a.end_char, a.tag, a.text) for a in theirs)
            checked += 1
            overlapping += len(theirs) != len(annotations)
    assert checked > 100 and overlapping > 50


def test_fast_lookup_annotators_give_deduce_annotations(deduce_ready):
    from docdeid.process import MultiTokenLookupAnnotator

    deduce = engine.get_deduce()
    annotators = [deduce.processors[group][name]
                  for group in deduce.processors.get_names(recursive=False)
                  if hasattr(deduce.processors[group], "get_names")
                  for name in deduce.processors[group].get_names(recursive=False)
                  if type(deduce.processors[group][name]) is MultiTokenLookupAnnotator]
    assert len(annotators) >= 5 and all("annotate" in vars(a) for a in annotators)
    found = 0
    for text in _TEXTS:
        doc = deduce.deidentify(text, enabled={"redactor"})  # tokens only, no annotations
        for annotator in annotators:
            ours = annotator.annotate(doc)
            theirs = MultiTokenLookupAnnotator.annotate(annotator, doc)
            assert ours == theirs  # the same annotations in the same order
            found += len(theirs)
    assert found > 100


def test_fast_token_patterns_give_deduce_annotations(deduce_ready):
    from deduce.annotator import ContextAnnotator, TokenPatternAnnotator

    deduce = engine.get_deduce()
    annotators = [deduce.processors[group][name]
                  for group in deduce.processors.get_names(recursive=False)
                  if hasattr(deduce.processors[group], "get_names")
                  for name in deduce.processors[group].get_names(recursive=False)
                  if type(deduce.processors[group][name]) in (TokenPatternAnnotator,
                                                              ContextAnnotator)]
    assert len(annotators) >= 5 and all("_match_sequence" in vars(a) for a in annotators)
    patterns = [a.pattern for a in annotators if type(a) is TokenPatternAnnotator]
    patterns += [c["pattern"] for a in annotators if type(a) is ContextAnnotator
                 for c in a.pattern]
    found = 0
    for text in _TEXTS:
        doc = deduce.deidentify(text, enabled={"redactor"})  # tokens only
        for annotator in annotators:
            for pattern in patterns:
                for token in doc.get_tokens():
                    for direction in ("left", "right"):
                        ours = annotator._match_sequence(text, pattern, token, direction, {"."})
                        theirs = TokenPatternAnnotator._match_sequence(
                            annotator, text, pattern, token, direction, {"."})
                        assert ours == theirs
                        found += theirs is not None
    assert found > 100


#: Words that start or extend deduce's annotations (titles, initials, interfixes, listed first
#: names and surnames, places, streets, institutions, numbers), plus ordinary words and the
#: punctuation and spacing deduce's tokenizer and patterns react to.
_WORDS = ["Mevr", "mevrouw", "dhr", "Dr", "J", "A", "K", "JW", "van", "der", "de", "den",
          "Jan", "Pieter", "Anna", "Ionela", "Mohamed", "Jansen", "Popescu", "Bakker", "Vries",
          "El", "Amrani", "Wit", "Laan", "Meerdervoort", "Hoefkade", "Hobbemastraat", "Leiden",
          "Den", "Haag", "Utrecht", "Antonius", "Ziekenhuis", "St", "ziekenhuis", "12", "12a",
          "2526", "HK", "06", "12345678", "patiënt", "zei", "ging", "naar", "het", "huis",
          "Parkinson", "ALZHEIMER", "jansen", "JANSEN", "Kramer", "Schilderswijk", "Laak",
          "bij", "Mr", "Vd", "Collega", "zur", "du", "mej"]
_GLUE = [" ", " ", " ", ". ", ", ", "-", "\n", "\t", "    ", "(", ")", "/", "'"]


@st.composite
def _texts(draw):
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14))
    glue = draw(st.lists(st.sampled_from(_GLUE), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, glue, strict=True))


@pytest.fixture(scope="module")
def plain_deduce(deduce_ready):
    """deduce as it comes (none of the kit's quicker pieces) on the kit's lookup structures."""
    from deduce import Deduce

    from kit.config import deduce_cache_dir

    with engine._structs_provided(engine.get_deduce().lookup_structs):
        plain = Deduce(cache_path=deduce_cache_dir())
    logging.getLogger().setLevel(logging.WARNING)
    return plain


def _annotations(doc):
    return sorted((a.start_char, a.end_char, a.tag, a.text, a.priority) for a in doc.annotations)


def _check_whole_engine(plain, text):
    from kit.privacy.pseudonymise import _DEDUCE_SKIP

    for disabled in (_DEDUCE_SKIP, frozenset()):
        expected = _annotations(plain.deidentify(text, disabled=set(disabled)))
        assert _annotations(engine.deduce_document(text, disabled)) == expected
        assert _annotations(engine.get_deduce().deidentify(text, disabled=set(disabled))) == expected


def test_whole_engine_gives_plain_deduce_annotations(plain_deduce):
    from kit.privacy.corpus import COMMUNITY_SENTENCES, NAME_SENTENCES, PLAIN_SENTENCES

    assert type(plain_deduce.tokenizers["default"]).tokenize is \
        plain_deduce.tokenizers["default"].tokenize.__func__  # really the plain one
    texts = _TEXTS + [t for t, _names in NAME_SENTENCES + COMMUNITY_SENTENCES] + \
        list(PLAIN_SENTENCES)
    for text in texts:
        _check_whole_engine(plain_deduce, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(_texts())
def test_whole_engine_gives_plain_deduce_annotations_on_made_up_texts(plain_deduce, text):
    _check_whole_engine(plain_deduce, text)


def _token_list_state(token_list):
    tokens = list(token_list)
    position = {id(t): i for i, t in enumerate(tokens)}
    return ([(t.text, t.start_char, t.end_char) for t in tokens],
            [(position.get(id(t._previous_token)), position.get(id(t._next_token))) for t in tokens],
            dict(token_list._token_index), token_list._words, token_list._text_to_tokens)


@settings(max_examples=200, deadline=None)
@given(_texts())
def test_fast_tokenize_gives_docdeid_token_list(text):
    from deduce.tokenizer import DeduceTokenizer
    from docdeid.tokenizer import Tokenizer

    if not engine.cache_ready():
        pytest.skip("deduce-tabellen niet gebouwd (iids setup)")
    tokenizer = engine.get_deduce().tokenizers["default"]
    assert "tokenize" in vars(tokenizer)  # the kit's version is in place
    ours = tokenizer.tokenize(text)
    theirs = Tokenizer.tokenize(tokenizer, text)
    assert type(ours) is type(theirs)
    assert _token_list_state(ours) == _token_list_state(theirs)
    assert ours == theirs
    deduces = DeduceTokenizer._split_text(tokenizer, text)  # deduce's own split and merge
    assert [(t.text, t.start_char, t.end_char) for t in ours] == \
        [(t.text, t.start_char, t.end_char) for t in deduces]
    for i, token in enumerate(theirs):
        assert ours.token_index(token) == i


def test_token_index_built_on_first_use():
    from docdeid.tokenizer import Token

    tokens = [Token(text=w, start_char=i * 2, end_char=i * 2 + 1) for i, w in enumerate("abc")]
    index = deduce_fast._TokenIndex(tokens)
    assert index[tokens[2]] == 2 and index == {t: i for i, t in enumerate(tokens)}
    with pytest.raises(KeyError):
        index[Token(text="d", start_char=9, end_char=10)]
    assert len(deduce_fast._TokenIndex(tokens)) == 3 and tokens[0] in deduce_fast._TokenIndex(tokens)
    assert deduce_fast._TokenIndex(tokens).get(tokens[1]) == 1 and list(deduce_fast._TokenIndex([])) == []
    with pytest.raises(KeyError):
        deduce_fast._TokenIndex([])[tokens[0]]


@settings(max_examples=200, deadline=None)
@given(_texts(), st.sets(st.sampled_from(_WORDS + ["jan", "van der", "zzz"]), max_size=8),
       st.booleans())
def test_start_indices_give_docdeid_token_lookup(text, start_words, lowercase):
    import docdeid as dd
    from deduce.tokenizer import DeduceTokenizer
    from docdeid.tokenizer import Tokenizer

    pipeline = [dd.str.LowercaseString()] if lowercase else []
    tokens = Tokenizer.tokenize(DeduceTokenizer(), text)
    expected = sorted(tokens.token_index(t) for t in tokens.token_lookup(start_words, pipeline))
    for _twice in range(2):  # the second time from the document's cache
        assert deduce_fast._start_indices(tokens, str(pipeline), pipeline, start_words) == expected


def test_fast_token_pattern_annotate_gives_deduce_annotations(deduce_ready):
    from deduce.annotator import TokenPatternAnnotator

    deduce = engine.get_deduce()
    annotators = [deduce.processors[group][name]
                  for group in deduce.processors.get_names(recursive=False)
                  if hasattr(deduce.processors[group], "get_names")
                  for name in deduce.processors[group].get_names(recursive=False)
                  if type(deduce.processors[group][name]) is TokenPatternAnnotator]
    assert len(annotators) >= 7 and all("annotate" in vars(a) for a in annotators)
    found = 0
    extra = ["Dr. J. van der Berg en dhr. A. K. Jansen, mevr. de Wit, J.W. Kramer", "Dr.  JW",
             "van Bakker en de Vries", "mevrouw van der Laan. Hoefkade Laan Hobbemastraat",
             "Hoefkade 12, toen de Hobbemastraat en weer de Hoefkade 3"]  # a street twice
    for text in _TEXTS + extra:
        doc = deduce.deidentify(text, enabled={"redactor"})  # tokens only
        for annotator in annotators:
            ours = annotator.annotate(doc)
            theirs = TokenPatternAnnotator.annotate(annotator, doc)
            assert sorted(ours, key=_annotation_fields) == sorted(theirs, key=_annotation_fields)
            found += len(theirs)
    assert found > 60


def _annotation_fields(annotation):
    return (annotation.start_char, annotation.end_char, annotation.tag, annotation.text,
            annotation.priority, annotation.start_token, annotation.end_token)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.sampled_from(
    ["persoon", "voornaam_patient", "pseudo_name", "straat", "locatie"]), st.integers(-1, 3)),
    min_size=1, max_size=12), st.booleans())
def test_sort_keys_give_docdeid_sort_keys(items, extra_attribute):
    import docdeid as dd
    from deduce.annotation_processor import PersonAnnotationConverter
    from frozendict import frozendict

    annotations = []
    for start, length, tag, priority in items:
        annotation = dd.Annotation(text="x" * length, start_char=start, end_char=start + length,
                                   tag=tag, priority=priority)
        if extra_attribute and priority == 3:
            object.__setattr__(annotation, "zz_extra", start)  # an annotation of another kind
        annotations.append(annotation)
    resolver = PersonAnnotationConverter()._overlap_resolver
    for by, callbacks in [(resolver._sort_by, resolver._sort_by_callbacks),
                          (("length",), frozendict(length=lambda x: -x)),
                          (("start_char", "priority"), None)]:
        key = deduce_fast._sort_key_function(by, callbacks)
        for annotation in annotations:
            assert key(annotation) == annotation.get_sort_key(by, callbacks, deterministic=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_fast_context_patterns_give_deduce_annotations(text):
    from deduce.annotator import ContextAnnotator

    if not engine.cache_ready():
        pytest.skip("deduce-tabellen niet gebouwd (iids setup)")
    deduce = engine.get_deduce()
    checked = 0
    for group, name in (("names", "name_context"), ("locations", "housenumber")):
        annotator = deduce.processors[group][name]
        assert type(annotator) is ContextAnnotator and "_apply_context_pattern" in vars(annotator)
        # the annotations the context annotator starts from: its group's earlier annotators
        names = deduce.processors[group].get_names(recursive=False)
        before = set(names[:names.index(name)])
        doc = deduce.deidentify(text, enabled={group} | before)
        for context_pattern in annotator.pattern:
            ours = annotator._apply_context_pattern(text, doc.annotations.copy(), context_pattern)
            theirs = ContextAnnotator._apply_context_pattern(annotator, text,
                                                             doc.annotations.copy(),
                                                             context_pattern)
            assert sorted(ours, key=_annotation_fields) == sorted(theirs, key=_annotation_fields)
            checked += 1
    assert checked == 8


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("ab .!?:-*>#\n\t\u00a0\u20281٣2*") + ["**", "\r\n"]),
                max_size=30).map("".join), st.data())
def test_sentence_start_gives_the_regex_on_the_prefix(text, data):
    """The kit's bounded sentence-start test (one per deduce name) equals the regex it
    replaces, run on the whole text before the name."""
    _check_sentence_start(text, [data.draw(st.integers(0, len(text)))])


@pytest.mark.parametrize("text", ["\n1.Leg", "a\n 12.\tLeg", "x **Leg", "Ja. Leg", "Ja.Leg",
                                  "a\n- > Leg", "a:\u00a0Leg", "a ٣. b", "\n\n  \n"])
def test_sentence_start_gives_the_regex_on_the_prefix_at_every_place(text):
    _check_sentence_start(text, range(len(text) + 1))


def _check_sentence_start(text, starts):
    from kit.privacy import pseudonymise

    for start in starts:
        expected = pseudonymise._SENTENCE_START.search(text[:start]) is not None
        assert pseudonymise._at_sentence_start(text, start) == expected, (text, start)


def _merge_terms(trie, prefix=()) -> list[tuple[str, ...]]:
    """Every term in a tokenizer's merge trie, as its words."""
    terms = [prefix] if trie.is_terminal else []
    for word, child in trie.children.items():
        terms += _merge_terms(child, prefix + (word,))
    return terms


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fast_merge_gives_deduces_merge(data):
    """The engine's tokenizer merges what deduce's own ``_merge`` merges, on texts made of
    its merge terms, their beginnings and ordinary words, in any order."""
    from deduce.tokenizer import DeduceTokenizer

    if not engine.cache_ready():
        pytest.skip("deduce-tabellen niet gebouwd (iids setup)")
    tokenizer = engine.get_deduce().tokenizers["default"]
    terms = _merge_terms(tokenizer._trie)
    assert len(terms) > 20  # deduce merges name prefixes such as "van der"
    pieces = data.draw(st.lists(st.one_of(
        st.sampled_from(terms).map(" ".join),
        st.sampled_from(terms).map(lambda term: " ".join(term[:max(1, len(term) - 1)])),
        st.sampled_from(_WORDS)), min_size=1, max_size=16))
    text = " ".join(pieces)
    plain = list(DeduceTokenizer()._split_text(text))  # no merge terms: split only
    words = [token.text for token in plain]
    ours = deduce_fast._merge_fast(tokenizer)(text, plain, words)
    theirs = DeduceTokenizer._merge(tokenizer, text, plain)
    assert [vars(t) for t in ours] == [vars(t) for t in theirs]
    assert ours == theirs


@settings(max_examples=200, deadline=None)
@given(_texts(), st.booleans())
@example("Jansen zag jansen, JANSEN en Jansen", True)  # one word, three spellings, mixed
def test_word_positions_are_every_token_normalised_in_order(text, lowercase):
    import docdeid as dd
    from deduce.tokenizer import DeduceTokenizer

    pipeline = [dd.str.LowercaseString()] if lowercase else []
    tokens = DeduceTokenizer().tokenize(text)
    expected: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        expected.setdefault(token.text.lower() if lowercase else token.text, []).append(index)
    for key in ("een", "twee"):  # a second pipeline on the same document: from its cache
        words, positions = deduce_fast._word_positions(tokens, key + str(lowercase), pipeline)
        assert positions == expected and words == set(expected)
