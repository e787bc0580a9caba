"""Faster stand-ins for docdeid's and deduce's per-text steps, each giving the same result.

deduce runs a pipeline of tokenizer, lookup annotators, token-pattern and context annotators
and overlap resolvers for every text. This module replaces, on exactly docdeid's or deduce's own
classes and nowhere else, the steps where that pipeline spent its per-text time: the token list
(with links and a token index built on first use), start-token look-ups, token patterns, context
patterns, overlap sort keys and the processor walk. Each stand-in checks that the class it
replaces is the one it was written for and otherwise leaves the original in place.
``tests/privacy/test_deduce_fast.py`` keeps each one equal to the code it replaces (with
hypothesis where it fits) and the whole engine equal to a plain deduce engine; the warm
throughput is in ``iids bench`` (privacy: doorvoer warm).

:func:`kit.privacy.engine.get_deduce` installs them once per process.
"""

from __future__ import annotations


def _lookup_set_class():
    from docdeid.ds.lookup import LookupSet

    return LookupSet


_TOKEN_FIELDS = {"text", "start_char", "end_char", "_previous_token", "_next_token"}
_TOKEN_LIST_FIELDS = {"_tokens", "_token_index", "_words", "_text_to_tokens"}


def _fast_tokenizer(engine) -> None:
    """Give the engine's tokenizer a quicker ``_split_text`` with the very same tokens.

    deduce builds each token through the frozen dataclass's ``__init__`` (five
    ``object.__setattr__`` calls and a length check per token, about a sixth of deduce's
    time on a short text); this fills the same fields directly. Only this engine's own
    tokenizer instance changes; a tokenizer of another kind is left alone.
    """
    from deduce.tokenizer import DeduceTokenizer
    from docdeid.tokenizer import Token, TokenList

    tokenizer = getattr(engine, "tokenizers", {}).get("default")
    if type(tokenizer) is not DeduceTokenizer or set(vars(Token(text="a", start_char=0,
                                                                  end_char=1))) != _TOKEN_FIELDS:
        return
    pattern = tokenizer._pattern
    merge = _merge_fast(tokenizer)
    new = Token.__new__

    def split_text(text: str) -> list:
        tokens = []
        texts = []
        append, append_text = tokens.append, texts.append
        for match in pattern.finditer(text):
            token = new(Token)
            start, end = match.span()
            word = match.group()
            append_text(word)
            fields = token.__dict__
            fields["text"] = word
            fields["start_char"] = start
            fields["end_char"] = end
            fields["_previous_token"] = fields["_next_token"] = None
            append(token)
        return merge(text, tokens, texts)

    tokenizer._split_text = split_text
    if tokenizer.link_tokens is True and set(vars(TokenList([]))) == _TOKEN_LIST_FIELDS:
        tokenizer.tokenize = _tokenize_fast(split_text)


def _merge_fast(tokenizer):
    """deduce's ``DeduceTokenizer._merge`` given the token texts as well: the same tokens,
    joined by deduce's own ``_join_tokens``, with only the tokens that start a merge term
    looked at (deduce steps through every token in Python).

    >>> from deduce.tokenizer import DeduceTokenizer
    >>> tokenizer = DeduceTokenizer(merge_terms=["van der", "Den Haag"])
    >>> text = "Piet van der Berg in Den Haag, van de stad"
    >>> tokens = tokenizer._split_text(text)  # deduce's own tokens, merged
    >>> words = [t.text for t in tokens]
    >>> plain = [type(t)(text=t.text, start_char=t.start_char, end_char=t.end_char)
    ...          for t in DeduceTokenizer()._split_text(text)]
    >>> [t.text for t in _merge_fast(tokenizer)(text, plain, [t.text for t in plain])] == words
    True
    """
    trie, start_words, join = tokenizer._trie, tokenizer._start_words, tokenizer._join_tokens

    def merge(text: str, tokens: list, texts: list[str]) -> list:
        if trie is None or start_words.isdisjoint(texts):
            return tokens
        merged: list = []
        done = 0  # tokens[done:] are not in merged yet
        for i in [i for i, word in enumerate(texts) if word in start_words]:
            if i < done:
                continue
            prefix = trie.longest_matching_prefix(texts, start_i=i)
            if prefix is None:
                continue
            merged += tokens[done:i]
            merged.append(join(text, tokens[i:i + len(prefix)]))
            done = i + len(prefix)
        if not done:
            return tokens
        merged += tokens[done:]
        return merged

    return merge


class _TokenIndex(dict):
    """docdeid's ``TokenList._token_index`` (token -> position), built on the first look-up:
    hashing every token of every text costs time that only a few callers need."""

    __slots__ = ("_tokens",)

    def __init__(self, tokens: list) -> None:
        super().__init__()
        self._tokens = tokens

    def __missing__(self, token):
        if not dict.__len__(self) and self._tokens:
            self.update((t, i) for i, t in enumerate(self._tokens))
            self._tokens = ()
            if token in self:
                return dict.__getitem__(self, token)
        raise KeyError(token)

    def __len__(self) -> int:
        self._fill()
        return dict.__len__(self)

    def _fill(self) -> None:
        if self._tokens:
            self.update((t, i) for i, t in enumerate(self._tokens))
            self._tokens = ()

    def __iter__(self):
        self._fill()
        return dict.__iter__(self)

    def __contains__(self, token) -> bool:
        self._fill()
        return dict.__contains__(self, token)

    def items(self):
        self._fill()
        return dict.items(self)

    def keys(self):
        self._fill()
        return dict.keys(self)

    def values(self):
        self._fill()
        return dict.values(self)

    def get(self, token, default=None):
        self._fill()
        return dict.get(self, token, default)

    def __eq__(self, other) -> bool:
        self._fill()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]


def _tokenize_fast(split_text):
    """docdeid's ``Tokenizer.tokenize`` for a linking tokenizer: the same ``TokenList``
    (tokens, links, look-up tables), with the links set directly in each token's fields
    (docdeid calls two methods and ``object.__setattr__`` per pair) and the token -> position
    table built on first use."""
    from docdeid.tokenizer import TokenList

    new = TokenList.__new__

    def tokenize(text: str):
        tokens = split_text(text)
        previous = None
        for token in tokens:
            if previous is not None:
                previous.__dict__["_next_token"] = token
                token.__dict__["_previous_token"] = previous
            previous = token
        token_list = new(TokenList)
        token_list.__dict__.update(_tokens=tokens, _token_index=_TokenIndex(tokens), _words={},
                                   _text_to_tokens={})
        return token_list

    return tokenize


def _word_positions(tokens, key: str, pipeline) -> tuple[set, dict]:
    """The (normalised) token texts of ``tokens`` as a set, and text -> positions in order;
    built once per document and matching pipeline (``key`` names the pipeline).

    The token texts are grouped once per document; a pipeline then normalises each distinct
    text once (a text of a few thousand words has a few hundred distinct ones), and texts
    that become one word get their positions merged in order.

    >>> import docdeid as dd
    >>> from deduce.tokenizer import DeduceTokenizer
    >>> tokens = DeduceTokenizer().tokenize("Jan zag jan en JAN")
    >>> _word_positions(tokens, "lower", [dd.str.LowercaseString()])[1]
    {'jan': [0, 2, 4], 'zag': [1], 'en': [3]}
    """
    cache = tokens.__dict__.get("_iids_positions")
    if cache is None:
        cache = tokens.__dict__["_iids_positions"] = {}
    entry = cache.get(key)
    if entry is not None:
        return entry
    raw = cache.get(None)  # the token texts as they are
    if raw is None:
        grouped: dict[str, list[int]] = {}
        for index, token in enumerate(tokens._tokens):
            found = grouped.get(token.text)
            if found is None:
                grouped[token.text] = [index]
            else:
                found.append(index)
        raw = cache[None] = (set(grouped), grouped)
    if not pipeline:
        entry = raw
    else:
        positions: dict[str, list[int]] = {}
        for text, indices in raw[1].items():
            for modifier in pipeline:
                text = modifier.process(text)
            found = positions.get(text)
            # a new list when merging: the raw lists are shared with the other pipelines
            positions[text] = indices if found is None else sorted(found + indices)
        entry = (set(positions), positions)
    cache[key] = entry
    return entry


def _start_indices(tokens, key: str, pipeline, start_words) -> list[int]:
    """Positions of the tokens whose (normalised) text is in ``start_words``, in order:
    docdeid's ``token_lookup`` followed by ``token_index`` on each token, without hashing
    a token."""
    words, positions = _word_positions(tokens, key, pipeline)
    hits = words.intersection(start_words) if len(words) <= len(start_words) \
        else {w for w in start_words if w in words}
    if not hits:
        return []
    if len(hits) == 1:
        return positions[next(iter(hits))]
    return sorted(i for word in hits for i in positions[word])


def _zero_runs(segment: bytearray) -> list[tuple[int, int]]:
    """The runs of zero bytes in ``segment`` (bytes 0 and 1 only) as ``(start, end)`` pairs.

    >>> _zero_runs(bytearray([0, 1, 1, 0, 0, 0, 1]))
    [(0, 1), (3, 6)]
    >>> _zero_runs(bytearray([1, 1])), _zero_runs(bytearray([0, 0]))
    ([], [(0, 2)])
    """
    runs = []
    position, length = 0, len(segment)
    while position < length:
        start = segment.find(0, position)
        if start < 0:
            break
        end = segment.find(1, start)
        if end < 0:
            end = length
        runs.append((start, end))
        position = end
    return runs


def _overlap_resolver_fast(resolver):
    """docdeid's ``OverlapResolver.process_annotations`` without numpy: the same order
    (docdeid's own sort), the same mask logic on a ``bytearray``, the same annotations.
    numpy's per-element comparisons cost more than the rest of resolving a short text."""
    from docdeid.annotation import Annotation, AnnotationSet

    sort_key = _sort_key_function(resolver._sort_by, resolver._sort_by_callbacks)

    def process_annotations(annotations, text):
        processed = []
        mask = bytearray(max(annotation.end_char for annotation in annotations))
        for annotation in sorted(list(annotations), key=sort_key):
            start, end = annotation.start_char, annotation.end_char
            segment = mask[start:end]
            if 1 not in segment:  # no overlap
                processed.append(annotation)
            else:
                for run_start, run_end in _zero_runs(segment):
                    processed.append(Annotation(text=annotation.text[run_start:run_end],
                                                start_char=start + run_start,
                                                end_char=start + run_end, tag=annotation.tag))
            mask[start:end] = b"\x01" * len(segment)
        return AnnotationSet(processed)

    return process_annotations


def _sort_key_function(by, callbacks):
    """docdeid's ``Annotation.get_sort_key(by, callbacks, deterministic=True)`` as one
    function: the same tuple, without hashing the annotation and the callbacks to look
    the key up in a per-annotation cache first."""
    from docdeid.annotation import _OPTIONAL_FIELDS, UNKNOWN_ATTR_DEFAULT, Annotation

    by = tuple(by)
    firsts = [(attr, callbacks[attr] if callbacks is not None and attr in callbacks else None)
              for attr in by]
    sample = Annotation(text="a", start_char=0, end_char=1, tag="x")
    usual_keys = frozenset(vars(sample))
    usual_extra = sorted(usual_keys - set(by) - _OPTIONAL_FIELDS)

    def key(annotation) -> tuple:
        values = []
        for attr, callback in firsts:
            value = getattr(annotation, attr, UNKNOWN_ATTR_DEFAULT)
            values.append(value if callback is None else callback(value))
        fields = annotation.__dict__
        extra = usual_extra if fields.keys() == usual_keys \
            else sorted(set(fields) - set(by) - _OPTIONAL_FIELDS)
        for attr in extra:
            values.append(getattr(annotation, attr, UNKNOWN_ATTR_DEFAULT))
        return tuple(values)

    return key


def _lookup_annotate_fast(annotator):
    """docdeid's ``MultiTokenLookupAnnotator.annotate`` with the same matches in the same
    order, but the token texts built once per document (not once per annotator), the start
    positions sorted by index (tokens are in text order), and nothing built when no token
    can start an entry."""
    from docdeid.annotation import Annotation

    trie, start_words = annotator._trie, annotator._start_words
    pipeline, overlapping = annotator._matching_pipeline, annotator.overlapping
    key = str(pipeline or [])

    def annotate(doc):
        tokens = doc.get_tokens()
        start_indices = _start_indices(tokens, key, pipeline, start_words)
        if not start_indices:
            return []
        tokens_text = tokens.__dict__.get("_iids_texts")
        if tokens_text is None:
            tokens_text = tokens.__dict__["_iids_texts"] = [token.text for token in tokens]
        annotations = []
        min_i = 0
        text = doc.text
        for i in start_indices:
            if i < min_i:
                continue
            prefix = trie.longest_matching_prefix(tokens_text, start_i=i)
            if prefix is None:
                continue
            start_token = tokens[i]
            end_token = tokens[i + len(prefix) - 1]
            annotations.append(Annotation(
                text=text[start_token.start_char:end_token.end_char],
                start_char=start_token.start_char, end_char=end_token.end_char,
                start_token=start_token, end_token=end_token,
                tag=annotator.tag, priority=annotator.priority))
            if not overlapping:
                min_i = i + len(prefix)
        return annotations

    return annotate


def _fast_lookup_annotators(engine) -> None:
    """Give each of the engine's multi-token lookup annotators :func:`_lookup_annotate_fast`."""
    from docdeid.process import DocProcessorGroup, MultiTokenLookupAnnotator

    def walk(group):
        for name in group.get_names(recursive=False):
            processor = group[name]
            if isinstance(processor, DocProcessorGroup):
                walk(processor)
            elif type(processor) is MultiTokenLookupAnnotator:  # exactly docdeid's
                processor.annotate = _lookup_annotate_fast(processor)

    walk(engine.processors)


def _position_test(position: dict, ds):
    """deduce's ``_PatternPositionMatcher.match`` for one pattern position, prepared once
    (regexes compiled, the look-up set fetched): a function of the token's text, or
    ``None`` for a position deduce's own matcher must judge."""
    import re

    if len(position) != 1:
        return None
    func, value = next(iter(position.items()))
    if func == "equal":
        return lambda text: text == value
    if func == "re_match":
        pattern = re.compile(value)
        return lambda text: pattern.match(text) is not None
    if func == "is_initials":
        return lambda text: (len(text) <= 4 and text.isupper()) == value
    if func == "like_name":
        return lambda text: (len(text) >= 3 and text.istitle()
                             and not any(ch.isdigit() for ch in text)) == value
    if func in ("lookup", "neg_lookup"):
        lookup = ds[value]
        if type(lookup) is _lookup_set_class() and not lookup.matching_pipeline:
            # LookupSet.__contains__ without a pipeline: membership of its items
            if func == "lookup":
                return lambda text: text in lookup._items
            return lambda text: text not in lookup._items
        if func == "lookup":
            return lambda text: text in lookup
        return lambda text: text not in lookup
    if func in ("and", "or"):
        parts = [_position_test(part, ds) for part in value]
        if any(part is None for part in parts):
            return None
        if func == "and":
            return lambda text: all(part(text) for part in parts)
        return lambda text: any(part(text) for part in parts)
    return None


def _match_sequence_fast(annotator):
    """deduce's ``TokenPatternAnnotator._match_sequence`` with each pattern position
    prepared once (see :func:`_position_test`) instead of parsed again for every token."""
    import docdeid as dd
    from deduce.annotator import _DIRECTION_MAP, _PatternPositionMatcher

    prepared: dict[int, tuple] = {}
    original = type(annotator)._match_sequence.__get__(annotator)

    def test_for(position):
        entry = prepared.get(id(position))
        if entry is None or entry[0] is not position:
            entry = prepared[id(position)] = (position, _position_test(position, annotator.ds))
        return entry[1]

    def match_sequence(text, pattern, start_token, direction="right", skip=None):
        tests = [test_for(position) for position in pattern]
        if any(test is None for test in tests) or direction not in _DIRECTION_MAP \
                or _PatternPositionMatcher.match.__func__ is not _ORIGINAL_MATCH[0]:
            return original(text, pattern, start_token, direction=direction, skip=skip)
        skip = skip or set()
        attr = _DIRECTION_MAP[direction]["attr"]
        order = _DIRECTION_MAP[direction]["order"]
        current_token = start_token
        end_token = start_token
        for test in order(tests):
            if current_token is None or not test(current_token.text):
                return None
            end_token = current_token
            current_token = annotator._get_chained_token(current_token, attr, skip)
        start_token, end_token = order((start_token, end_token))
        return dd.Annotation(text=text[start_token.start_char:end_token.end_char],
                             start_char=start_token.start_char, end_char=end_token.end_char,
                             tag=annotator.tag, priority=annotator.priority,
                             start_token=start_token, end_token=end_token)

    return match_sequence


_ORIGINAL_MATCH: list = []


def _token_pattern_annotate_fast(annotator):
    """deduce's ``TokenPatternAnnotator.annotate`` with the same annotations: the start
    tokens taken from the document's word positions (see :func:`_start_indices`) rather
    than a set of tokens, and the pattern's first position tested before a sequence is
    matched (every match starts with it), once per distinct token text when every token
    may start one. ``None`` when a position needs deduce's own matcher."""
    pattern = annotator.pattern
    tests = [_position_test(position, annotator.ds) for position in pattern]
    if not tests or any(test is None for test in tests):
        return None
    first = tests[0]
    start_words, pipeline = annotator._start_words, annotator._matching_pipeline
    key = str(pipeline or [])
    skip = annotator.skip

    def annotate(doc):
        tokens = doc.get_tokens()
        listed = tokens._tokens
        if start_words is not None:
            candidates = [listed[i] for i in _start_indices(tokens, key, pipeline, start_words)
                          if first(listed[i].text)]
        else:  # the first position tested once per distinct token text
            _words, positions = _word_positions(tokens, "[]", None)
            starts = [i for word, indices in positions.items() if first(word) for i in indices]
            starts.sort()
            candidates = [listed[i] for i in starts]
        text = doc.text
        match_sequence = annotator._match_sequence
        annotations = []
        for token in candidates:
            annotation = match_sequence(text, pattern, token, direction="right", skip=skip)
            if annotation is not None:
                annotations.append(annotation)
        return annotations

    return annotate


def _context_apply_fast(annotator):
    """deduce's ``ContextAnnotator._apply_context_pattern`` with each context pattern
    prepared once (its positions as :func:`_position_test` functions, its tags as a set)
    and the sequence matched in place: the same merged annotations, added and removed in
    the same order. A pattern with a position deduce's own matcher must judge, or an
    annotation without tokens, goes to deduce's own method."""
    import docdeid as dd
    from deduce.annotator import _DIRECTION_MAP, _PatternPositionMatcher

    original = type(annotator)._apply_context_pattern.__get__(annotator)
    prepared: dict[int, tuple] = {}

    def prepare(context_pattern):
        entry = prepared.get(id(context_pattern))
        if entry is not None and entry[0] is context_pattern:
            return entry[1]
        direction = context_pattern["direction"]
        tests = [_position_test(position, annotator.ds) for position in context_pattern["pattern"]]
        plan = None
        if direction in ("left", "right") and tests and all(t is not None for t in tests) \
                and _DIRECTION_MAP[direction]["attr"] == ("next" if direction == "right"
                                                          else "previous"):
            plan = (direction == "right", tests if direction == "right" else tests[::-1],
                    set(context_pattern.get("skip", [])), set(context_pattern["pre_tag"]),
                    context_pattern["tag"])
        prepared[id(context_pattern)] = (context_pattern, plan)
        return plan

    def apply_context_pattern(text, annotations, context_pattern):
        plan = prepare(context_pattern)
        if plan is None or _PatternPositionMatcher.match.__func__ is not _ORIGINAL_MATCH[0]:
            return original(text, annotations, context_pattern)
        right, tests, skip, pre_tag, template = plan
        for annotation in annotations.copy():
            tag = annotation.tag
            tag = tag.rsplit("+", 1)[-1] if right else tag.split("+", 1)[0]
            if tag not in pre_tag:
                continue
            edge = annotation.end_token if right else annotation.start_token
            if edge is None:
                return original(text, annotations, context_pattern)  # deduce's own error
            token = edge
            while True:  # deduce's _get_chained_token
                token = token._next_token if right else token._previous_token
                if token is None or token.text not in skip:
                    break
            last = None
            for test in tests:
                if token is None or not test(token.text):
                    last = None
                    break
                last = token
                while True:
                    token = token._next_token if right else token._previous_token
                    if token is None or token.text not in skip:
                        break
            if last is None:
                continue
            if right:
                start_char, end_char = annotation.start_char, last.end_char
                start_token, end_token = annotation.start_token, last
            else:
                start_char, end_char = last.start_char, annotation.end_char
                start_token, end_token = last, annotation.end_token
            merged = dd.Annotation(text=text[start_char:end_char], start_char=start_char,
                                   end_char=end_char, start_token=start_token,
                                   end_token=end_token, tag=template.format(tag=annotation.tag),
                                   priority=annotation.priority)
            annotations.remove(annotation)
            annotations.add(merged)
        return annotations

    return apply_context_pattern


def _fast_token_patterns(engine) -> None:
    """Give the engine's token-pattern and context annotators :func:`_match_sequence_fast`,
    and the token-pattern annotators :func:`_token_pattern_annotate_fast`."""
    from deduce.annotator import ContextAnnotator, TokenPatternAnnotator, _PatternPositionMatcher
    from docdeid.process import DocProcessorGroup

    if not _ORIGINAL_MATCH:
        _ORIGINAL_MATCH.append(_PatternPositionMatcher.match.__func__)

    def walk(group):
        for name in group.get_names(recursive=False):
            processor = group[name]
            if isinstance(processor, DocProcessorGroup):
                walk(processor)
            elif type(processor) in (TokenPatternAnnotator, ContextAnnotator):
                processor._match_sequence = _match_sequence_fast(processor)
                if type(processor) is TokenPatternAnnotator:
                    annotate = _token_pattern_annotate_fast(processor)
                    if annotate is not None:
                        processor.annotate = annotate
                else:
                    processor._apply_context_pattern = _context_apply_fast(processor)

    walk(engine.processors)


def _fast_overlap_resolvers(engine) -> None:
    """Give each of the engine's overlap resolvers (also the one inside deduce's person
    annotation converter) the numpy-free :func:`_overlap_resolver_fast`."""
    from docdeid.process import DocProcessorGroup, OverlapResolver

    def walk(group):
        for name in group.get_names(recursive=False):
            processor = group[name]
            if isinstance(processor, DocProcessorGroup):
                walk(processor)
            for candidate in (processor, getattr(processor, "_overlap_resolver", None)):
                if type(candidate) is OverlapResolver:  # exactly docdeid's, no subclass
                    candidate.process_annotations = _overlap_resolver_fast(candidate)

    walk(engine.processors)


def _processor_plan(group, disabled: frozenset) -> list:
    """The document processors docdeid's ``DocProcessorGroup.process`` runs with
    ``disabled``, in its order (a disabled group is skipped whole, as docdeid does)."""
    from docdeid.process import DocProcessor, DocProcessorGroup

    plan = []
    for name, processor in group._processors.items():
        if name in disabled:
            continue
        if isinstance(processor, DocProcessor):
            plan.append(processor)
        elif isinstance(processor, DocProcessorGroup):
            plan.extend(_processor_plan(processor, disabled))
    return plan
