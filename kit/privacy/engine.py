"""One deduce engine per process, loaded fast on first use from the kit's cache.

deduce builds lookup structures the first time it runs, which takes minutes,
and keeps them as a 77 MB pickle. Loading that pickle in a fresh process costs
about 8 s, nearly all of it in unpickling about 1.9 million trie-node objects
(the street and healthcare-institution tries alone hold 1.8 million nodes).

The kit therefore keeps a second, flat copy of the same structures:
every trie becomes a set of strings (the joined token sequences that end an
entry), the longest entry per first token, and the set of two-token beginnings of
longer entries (so most lookups stop after the second token), stored with :mod:`marshal`.
Loading that file builds only a few large sets of strings instead of millions of
objects, and unlike a pickle it cannot run code when it is read. :class:`FlatTrie`
answers exactly the questions deduce's annotators ask of a trie
(``children.keys()`` and ``longest_matching_prefix``), so the annotations are the
same as raw deduce's.

``make`` (``iids setup``) builds both with :func:`build_cache` into
:func:`kit.config.deduce_cache_dir` (outside the repository and site-packages; on a
shared server not writable by students). :func:`get_deduce` never starts the long
build by surprise: without a cache it raises a Dutch message with the command.

>>> cache_file(Path("/tmp/x")).name
'lookup_structs.pickle'
>>> fast_cache_file(Path("/tmp/x")).name
'iids-lookup-v4.marshal'
>>> trie = FlatTrie.from_items([["Jan"], ["Jan", "Pieter"]])
>>> trie.longest_matching_prefix(["Jan", "Pieter", "woont"])
['Jan', 'Pieter']
>>> trie.longest_matching_prefix(["Piet"]) is None
True
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import marshal
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kit.config import deduce_cache_dir
from kit.errors import InputError

__all__ = ["cache_file", "fast_cache_file", "cache_ready", "build_cache", "build_fast_cache",
           "get_deduce", "deduce_document", "engine_loaded", "FlatTrie", "FAST_FORMAT"]

#: Version of the flat cache format (part of its file name).
FAST_FORMAT = 4
_SEP = "\x1f"  # joins tokens; never inside a token (tokens are split on whitespace/punctuation)
_ALLOWED_MODIFIER_MODULES = ("docdeid.str.processor", "deduce.str.processors")

_ENGINE = None
_LOCK = threading.Lock()


def cache_file(folder: Path | None = None) -> Path:
    """The pickle deduce writes inside ``folder`` (default: the kit's deduce cache)."""
    return Path(folder or deduce_cache_dir()) / "cache" / "lookup_structs.pickle"


def fast_cache_file(folder: Path | None = None) -> Path:
    """The kit's flat (marshal) copy of deduce's lookup structures inside ``folder``."""
    return Path(folder or deduce_cache_dir()) / "cache" / f"iids-lookup-v{FAST_FORMAT}.marshal"


def cache_ready(folder: Path | None = None) -> bool:
    """Whether deduce's lookup cache has been built.

    >>> cache_ready(Path("/nonexistent"))
    False
    """
    return cache_file(folder).is_file() or fast_cache_file(folder).is_file()


def engine_loaded() -> bool:
    """Whether this process has already loaded the deduce engine.

    >>> isinstance(engine_loaded(), bool)
    True
    """
    return _ENGINE is not None


def _lookup_set_class():
    from docdeid.ds.lookup import LookupSet

    return LookupSet


def _lookup_trie_class():
    from docdeid.ds.lookup import LookupTrie

    return LookupTrie


_DOCDEID_FLAT_TRIE = None


def _docdeid_flat_trie_class():
    """:class:`FlatTrie` as a subclass of docdeid's ``LookupTrie`` (deduce checks the type)."""
    global _DOCDEID_FLAT_TRIE
    if _DOCDEID_FLAT_TRIE is None:
        _DOCDEID_FLAT_TRIE = type("DocdeidFlatTrie", (FlatTrie, _lookup_trie_class()), {})
    return _DOCDEID_FLAT_TRIE


class FlatTrie:
    """A read-mostly stand-in for docdeid's ``LookupTrie`` built from one set of strings.

    ``terminals`` holds every entry as its tokens joined by ``\\x1f``; ``max_tokens`` is
    the length of the longest entry. Finding the longest entry at a position tries each
    length up to the longest entry that starts with that token (a set lookup each), and
    stops after two tokens when no longer entry starts with those two (``pairs``), which
    gives exactly the trie's answer without storing a million intermediate nodes. The
    root's matching pipeline is applied to each input token, as docdeid does.
    """

    def __init__(self, terminals: set[str], max_tokens: int | None = None, matching_pipeline=None,
                 first_tokens: Iterable[str] | None = None, pairs: set[str] | None = None) -> None:
        self.matching_pipeline = matching_pipeline
        self.terminals = terminals
        if max_tokens is None:
            max_tokens = max((key.count(_SEP) + 1 for key in terminals), default=0)
        self.max_tokens = max_tokens
        if first_tokens is None:
            first_tokens = {}
            for key in terminals:
                first, length = key.split(_SEP, 1)[0], key.count(_SEP) + 1
                first_tokens[first] = max(length, first_tokens.get(first, 0))
        elif not isinstance(first_tokens, dict):
            first_tokens = dict.fromkeys(first_tokens, max_tokens)
        #: first token -> length of the longest entry starting with it; deduce's annotator
        #: reads only ``children.keys()`` (the possible first tokens).
        self.children = first_tokens
        #: the first two tokens (joined) of every entry with more than two tokens
        self.pairs = pairs if pairs is not None else _pairs(terminals)
        self.is_terminal = False

    @classmethod
    def from_items(cls, items: Iterable[list[str]], matching_pipeline=None) -> FlatTrie:
        """Build from token sequences (normalised by the pipeline on the way in)."""
        trie = cls(set(), 0, matching_pipeline)
        for item in items:
            trie.add_item(item)
        return trie

    def _norm(self, token: str) -> str:
        if self.matching_pipeline:
            for modifier in self.matching_pipeline:
                token = modifier.process(token)
        return token

    def add_item(self, item: list[str]) -> None:
        """Add one entry (a list of tokens)."""
        tokens = [self._norm(t) for t in item]
        if not tokens:
            return
        self.terminals.add(_SEP.join(tokens))
        self.max_tokens = max(self.max_tokens, len(tokens))
        self.children[tokens[0]] = max(len(tokens), self.children.get(tokens[0]) or 0)
        if len(tokens) > 2:
            self.pairs.add(tokens[0] + _SEP + tokens[1])

    def __contains__(self, item: list[str]) -> bool:
        return _SEP.join(self._norm(t) for t in item) in self.terminals

    def longest_matching_prefix(self, item: list[str], start_i: int = 0) -> list[str] | None:
        """The longest entry that ``item[start_i:]`` starts with (normalised), or ``None``."""
        if start_i >= len(item):
            return None
        norm = self._norm if self.matching_pipeline else None
        first = norm(item[start_i]) if norm else item[start_i]
        reach = self.children.get(first)
        if not reach:
            return None
        if reach == 1:
            return [first] if first in self.terminals else None
        terminals = self.terminals
        normalised = [first]
        key = first
        longest = 1 if first in terminals else 0
        for position in range(start_i + 1, min(len(item), start_i + reach)):
            token = norm(item[position]) if norm else item[position]
            key = key + _SEP + token
            normalised.append(token)
            if key in terminals:
                longest = len(normalised)
            if position == start_i + 1 and key not in self.pairs:
                break  # no entry longer than these two tokens starts with them
        return normalised[:longest] if longest else None


def _pairs(terminals: Iterable[str]) -> set[str]:
    """The first two tokens (joined) of every entry with more than two tokens.

    >>> sorted(p.replace(_SEP, "+") for p in _pairs(["a", _SEP.join("ab"), _SEP.join("abc"),
    ...                                                  _SEP.join("defg")]))
    ['a+b', 'd+e']
    """
    return {key[:key.index(_SEP, key.index(_SEP) + 1)] for key in terminals
            if key.count(_SEP) >= 2}


def _modifier_spec(pipeline) -> list | None:
    if pipeline is None:
        return None
    spec = []
    for modifier in pipeline:
        cls = type(modifier)
        state = dict(vars(modifier))
        marshal.dumps(state)  # only plain values may go into the flat cache
        spec.append([cls.__module__, cls.__qualname__, state])
    return spec


def _modifiers_from_spec(spec) -> list | None:
    if spec is None:
        return None
    modifiers = []
    for module_name, qualname, state in spec:
        if module_name not in _ALLOWED_MODIFIER_MODULES:
            raise InputError(f"onverwachte tekstbewerking '{module_name}' in de snelle cache")
        cls = getattr(importlib.import_module(module_name), qualname)
        modifier = cls.__new__(cls)
        modifier.__dict__.update(state)
        modifiers.append(modifier)
    return modifiers


def _flatten_trie(trie) -> tuple[list[str], int]:
    """Every entry of a docdeid trie as a joined string, and the longest entry's length."""
    terminals: list[str] = []
    longest = 0
    stack = [(child, key, 1) for key, child in trie.children.items()]
    while stack:
        node, key, depth = stack.pop()
        if node.is_terminal:
            terminals.append(key)
            longest = max(longest, depth)
        stack.extend((child, key + _SEP + token, depth + 1) for token, child in node.children.items())
    return terminals, longest


def build_fast_cache(lookup_structs, folder: Path | None = None) -> Path:
    """Write the flat copy of deduce's lookup structures (atomically) and return its path.

    Args:
        lookup_structs: deduce's ``DsCollection`` (``Deduce().lookup_structs``).
        folder: the deduce cache folder (default: the kit's).
    """
    from deduce import __version__ as deduce_version

    from kit.io import atomic_write_bytes

    structs: dict[str, Any] = {}
    LookupTrie = _lookup_trie_class()
    for name in lookup_structs.keys():
        struct = lookup_structs[name]
        spec = _modifier_spec(struct.matching_pipeline)
        if isinstance(struct, (LookupTrie, FlatTrie)):
            if isinstance(struct, FlatTrie):
                terminals, longest = set(struct.terminals), struct.max_tokens
            else:
                found, longest = _flatten_trie(struct)
                terminals = set(found)
            if isinstance(struct, FlatTrie):
                firsts = dict(struct.children)
            else:
                firsts = {}
                for key in terminals:
                    head, length = key.split(_SEP, 1)[0], key.count(_SEP) + 1
                    firsts[head] = max(length, firsts.get(head, 0))
            pairs = set(struct.pairs) if isinstance(struct, FlatTrie) else _pairs(terminals)
            structs[name] = ["trie", spec, terminals, longest, firsts, pairs]
        else:
            structs[name] = ["set", spec, set(struct.items())]
    payload = {"format": FAST_FORMAT, "deduce_version": deduce_version, "structs": structs}
    target = fast_cache_file(folder)
    atomic_write_bytes(target, marshal.dumps(payload), permissions=0o644)
    for stale in target.parent.glob("iids-lookup-v*.marshal"):
        if stale != target:  # an older format (about 40 MB each) is never read again
            with contextlib.suppress(OSError):
                stale.unlink()
    return target


def _load_fast_cache(path: Path):
    """Read the flat cache into a docdeid ``DsCollection`` (``None`` when stale)."""
    import docdeid as dd
    from deduce import __version__ as deduce_version

    # Millions of strings: the cyclic garbage collector has nothing to find here and
    # would otherwise walk the growing heap again and again while they are created.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            payload = marshal.load(fh)
        if payload.get("format") != FAST_FORMAT or payload.get("deduce_version") != deduce_version:
            return None
        collection = dd.ds.DsCollection()
        for name, entry in payload["structs"].items():
            kind, spec = entry[0], entry[1]
            pipeline = _modifiers_from_spec(spec)
            if kind == "trie":
                collection[name] = _docdeid_flat_trie_class()(entry[2], entry[3], pipeline,
                                                              entry[4], entry[5])
                # (terminals, longest entry length, pipeline, first tokens, two-token starts)
            else:
                lookup = dd.ds.LookupSet(matching_pipeline=pipeline)
                lookup._items = entry[2]  # items were stored already normalised
                collection[name] = lookup
        return collection
    finally:
        if gc_was_enabled:
            gc.enable()


def build_cache(folder: Path | None = None) -> Path:
    """Build deduce's lookup cache, the kit's flat copy and the kit's name lexicon
    (:mod:`kit.privacy.names`) in ``folder``; return the flat file.

    The first build takes about a minute and a half; when deduce's pickle is already
    there only the flat copy is (re)written.
    """
    import logging

    from deduce import Deduce

    folder = Path(folder or deduce_cache_dir())
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK):
        raise InputError("de map voor de deduce-tabellen is niet schrijfbaar", path=folder)
    logging.getLogger().setLevel(logging.WARNING)
    engine = Deduce(cache_path=folder)
    flat = build_fast_cache(engine.lookup_structs, folder)
    from kit.privacy.names import write_lexicon

    write_lexicon(folder)  # the name lexicon of the extra detectors, beside deduce's tables
    return flat


@contextlib.contextmanager
def _structs_provided(structs):
    import deduce.deduce as deduce_module

    original = deduce_module.get_lookup_structs
    deduce_module.get_lookup_structs = lambda **_kwargs: structs
    try:
        yield
    finally:
        deduce_module.get_lookup_structs = original


def _quiet_deduce_logging() -> None:
    import logging

    # deduce configures the root logger at DEBUG on import; keep notebooks quiet.
    logging.getLogger().setLevel(logging.WARNING)


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
    merge = tokenizer._merge
    new = Token.__new__

    def split_text(text: str) -> list:
        tokens = []
        texts = []
        append = tokens.append
        for match in pattern.finditer(text):
            token = new(Token)
            start, end = match.span()
            word = match.group()
            texts.append(word)
            token.__dict__.update(text=word, start_char=start, end_char=end,
                                  _previous_token=None, _next_token=None)
            append(token)
        # deduce's merge changes nothing unless some token starts a merge term
        if tokenizer._trie is not None and not tokenizer._start_words.isdisjoint(texts):
            tokens = merge(text, tokens)
        return tokens

    tokenizer._split_text = split_text
    if tokenizer.link_tokens is True and set(vars(TokenList([]))) == _TOKEN_LIST_FIELDS:
        tokenizer.tokenize = _tokenize_fast(split_text)


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
    built once per document and matching pipeline (``key`` names the pipeline)."""
    cache = tokens.__dict__.get("_iids_positions")
    if cache is None:
        cache = tokens.__dict__["_iids_positions"] = {}
    entry = cache.get(key)
    if entry is None:
        positions: dict[str, list[int]] = {}
        for index, token in enumerate(tokens._tokens):
            text = token.text
            if pipeline:
                for modifier in pipeline:
                    text = modifier.process(text)
            found = positions.get(text)
            if found is None:
                positions[text] = [index]
            else:
                found.append(index)
        entry = cache[key] = (set(positions), positions)
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
    matched (every match starts with it). ``None`` when a position needs deduce's own
    matcher."""
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
        if start_words is not None:
            listed = tokens._tokens
            candidates = [listed[i] for i in _start_indices(tokens, key, pipeline, start_words)]
        else:
            candidates = tokens._tokens
        text = doc.text
        match_sequence = annotator._match_sequence
        annotations = []
        for token in candidates:
            if first(token.text):
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


_PLANS: dict = {}


def deduce_document(text: str, disabled: frozenset = frozenset()):
    """``get_deduce().deidentify(text, disabled=disabled)``: the same document, with the
    list of processors to run worked out once per ``disabled`` set instead of walking the
    processor groups (and their checks) again for every text.
    """
    from docdeid.document import Document

    engine = get_deduce()
    disabled = frozenset(disabled)
    entry = _PLANS.get(disabled)
    if entry is None or entry[0] is not engine:
        entry = _PLANS[disabled] = (engine, _processor_plan(engine.processors, disabled))
    doc = Document(text, tokenizers=engine.tokenizers, metadata=None)
    for processor in entry[1]:
        processor.process(doc)
    return doc


_TOKEN_FIELDS = {"text", "start_char", "end_char", "_previous_token", "_next_token"}
_TOKEN_LIST_FIELDS = {"_tokens", "_token_index", "_words", "_text_to_tokens"}


def get_deduce():
    """The process-wide deduce engine, loaded from the cache on first use.

    Uses the flat cache when present (about a second); otherwise deduce's own
    pickle, and then writes the flat cache for the next process when it may.

    Raises:
        InputError: when the cache has not been built yet (with the command that builds it).
    """
    global _ENGINE
    if _ENGINE is not None:
        return _ENGINE
    with _LOCK:
        if _ENGINE is None:
            folder = deduce_cache_dir()
            if not cache_ready(folder):
                raise InputError("de opzoektabellen van deduce zijn nog niet gebouwd; "
                                 "voer eerst 'make' of 'iids setup' uit (duurt ongeveer 2 minuten)",
                                 path=folder)
            from deduce import Deduce

            _quiet_deduce_logging()
            structs = None
            fast = fast_cache_file(folder)
            if fast.is_file():
                try:
                    structs = _load_fast_cache(fast)
                except (ValueError, EOFError, TypeError, KeyError, AttributeError, ImportError):
                    structs = None
            if structs is not None:
                with _structs_provided(structs):
                    engine = Deduce(cache_path=folder)
            else:
                if not cache_file(folder).is_file():
                    raise InputError("de snelle deduce-tabellen horen bij een andere versie en "
                                     "deduce's eigen tabellen ontbreken; voer 'iids setup' uit",
                                     path=folder)
                engine = Deduce(cache_path=folder)
                if os.access(fast.parent, os.W_OK):
                    with contextlib.suppress(OSError):
                        build_fast_cache(engine.lookup_structs, folder)
            _quiet_deduce_logging()
            _fast_tokenizer(engine)
            _fast_overlap_resolvers(engine)
            _fast_lookup_annotators(engine)
            _fast_token_patterns(engine)
            # millions of long-lived strings and sets: keep the cyclic collector from
            # walking them again on every full collection
            gc.freeze()
            _ENGINE = engine
    return _ENGINE
