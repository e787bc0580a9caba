"""The kit's quicker pieces inside its deduce engine give exactly deduce's own results.

The engine replaces two of deduce's inner steps for speed (token building and overlap
resolution, see :mod:`kit.privacy.engine`); these tests run the originals beside them. (That the whole engine gives the annotations of
deduce loaded from its own pickle is a figure of ``iids bench``: loading the pickle takes
half a minute.)
"""

from __future__ import annotations

import itertools

from kit.privacy import engine
from kit.privacy.bench import narratives

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
        assert engine._zero_runs(bytearray(bits)) == expected, bits


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
