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
from kit.privacy.deduce_fast import (
    _fast_lookup_annotators,
    _fast_overlap_resolvers,
    _fast_token_patterns,
    _fast_tokenizer,
    _processor_plan,
)

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
