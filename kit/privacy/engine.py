"""One deduce engine per process, loaded fast on first use from the kit's cache.

deduce builds lookup structures the first time it runs, which takes minutes,
and keeps them as a 77 MB pickle. Loading that pickle in a fresh process costs
about 8 s, nearly all of it in unpickling about 1.9 million trie-node objects
(the street and healthcare-institution tries alone hold 1.8 million nodes).

The kit therefore keeps a second, flat copy of the same structures, stored with
:mod:`marshal`: every trie becomes one packed string per first token (the rest of each
entry that starts with it), which :class:`FlatTrie` turns into sets only for the first
tokens a text actually contains. Loading that file builds a few hundred thousand strings
(about 0,1 s) instead of millions of objects, and unlike a pickle it cannot run code when
it is read. :class:`FlatTrie`
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
'iids-lookup-v5.marshal'
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.config import deduce_cache_dir
from kit.errors import InputError
from kit.memory import gc_paused
from kit.privacy.deduce_fast import (
    _fast_lookup_annotators,
    _fast_overlap_resolvers,
    _fast_token_patterns,
    _fast_tokenizer,
    _processor_plan,
)

__all__ = ["cache_file", "fast_cache_file", "cache_ready", "build_cache", "build_fast_cache",
           "get_deduce", "deduce_document", "deduce_annotations", "Found", "engine_loaded",
           "FlatTrie", "FAST_FORMAT"]

#: Version of the flat cache format (part of its file name).
FAST_FORMAT = 5
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
    """A read-mostly stand-in for docdeid's ``LookupTrie``, kept as one string per first token.

    ``children`` maps each first token to a *packed* string: the length of the longest entry
    that starts with it (as one character), then the rest of every such entry (its other
    tokens joined by ``\\x1f``; empty for the one-token entry), each followed by a newline.
    A fresh process thus loads a few hundred thousand strings instead of the 1,2 million
    entries of the street and healthcare-institution tables. The first time a lookup meets a
    first token, its packed string becomes two sets (the rests, and the beginnings of longer
    rests) that later lookups reuse, so a warm lookup costs a few set look-ups, and stops as
    soon as no entry continues the tokens read so far: exactly the trie's answer. deduce's
    annotator reads only ``children.keys()`` (the possible first tokens). The root's matching
    pipeline is applied to each input token, as docdeid does.

    >>> trie = FlatTrie.from_items([["Laan", "van", "Meerdervoort"], ["Laan"]])
    >>> ord(trie.children["Laan"][0]), sorted(trie.terminals) == sorted(
    ...     ["Laan", "Laan" + _SEP + "van" + _SEP + "Meerdervoort"])
    (3, True)
    >>> trie.longest_matching_prefix(["Laan", "van", "Ypenburg"])
    ['Laan']
    """

    def __init__(self, children: dict[str, str] | None = None, max_tokens: int | None = None,
                 matching_pipeline=None) -> None:
        self.matching_pipeline = matching_pipeline
        #: first token -> packed string (longest length as a character, then the rests)
        self.children = children if children is not None else {}
        if max_tokens is None:
            max_tokens = max((ord(packed[0]) for packed in self.children.values()), default=0)
        self.max_tokens = max_tokens
        self._unpacked: dict[str, tuple[frozenset, frozenset]] = {}
        self.is_terminal = False

    @classmethod
    def from_items(cls, items: Iterable[list[str]], matching_pipeline=None) -> FlatTrie:
        """Build from token sequences (normalised by the pipeline on the way in)."""
        norm = cls({}, 0, matching_pipeline)._norm
        return cls.from_terminals((_SEP.join(norm(t) for t in item) for item in items if item),
                                  matching_pipeline)

    @classmethod
    def from_terminals(cls, terminals: Iterable[str], matching_pipeline=None) -> FlatTrie:
        """Build from entries already normalised and joined by ``\\x1f``."""
        rests: dict[str, list[str]] = {}
        for key in terminals:
            head, _, rest = key.partition(_SEP)
            rests.setdefault(head, []).append(rest)
        return cls({head: _pack(found) for head, found in rests.items()}, None,
                   matching_pipeline)

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
        head, rest = tokens[0], _SEP.join(tokens[1:])
        packed = self.children.get(head)
        found = _unpack_rests(packed) if packed is not None else []
        if rest not in found:
            self.children[head] = _pack(found + [rest])
            self._unpacked.pop(head, None)
        self.max_tokens = max(self.max_tokens, len(tokens))

    @property
    def terminals(self) -> set[str]:
        """Every entry as its tokens joined by ``\\x1f`` (built on request; for checks)."""
        return {head + _SEP + rest if rest else head
                for head, packed in self.children.items() for rest in _unpack_rests(packed)}

    def _sets(self, head: str, packed: str) -> tuple[frozenset, frozenset]:
        sets = self._unpacked.get(head)
        if sets is None:
            rests = _unpack_rests(packed)
            stems = set()
            for rest in rests:
                at = rest.find(_SEP)
                while at >= 0:
                    stems.add(rest[:at])
                    at = rest.find(_SEP, at + 1)
            sets = self._unpacked[head] = (frozenset(rests), frozenset(stems))
        return sets

    def __contains__(self, item: list[str]) -> bool:
        tokens = [self._norm(t) for t in item]
        if not tokens:
            return False
        packed = self.children.get(tokens[0])
        return packed is not None and _SEP.join(tokens[1:]) in self._sets(tokens[0], packed)[0]

    def longest_matching_prefix(self, item: list[str], start_i: int = 0) -> list[str] | None:
        """The longest entry that ``item[start_i:]`` starts with (normalised), or ``None``."""
        if start_i >= len(item):
            return None
        norm = self._norm if self.matching_pipeline else None
        first = norm(item[start_i]) if norm else item[start_i]
        packed = self.children.get(first)
        if packed is None:
            return None
        rests, stems = self._unpacked.get(first) or self._sets(first, packed)
        longest = 1 if "" in rests else 0
        normalised = [first]
        key = None
        for position in range(start_i + 1, min(len(item), start_i + ord(packed[0]))):
            token = norm(item[position]) if norm else item[position]
            key = token if key is None else key + _SEP + token
            normalised.append(token)
            if key in rests:
                longest = len(normalised)
            if key not in stems:
                break  # no entry longer than these tokens starts with them
        return normalised[:longest] if longest else None


def _pack(rests: Iterable[str]) -> str:
    """One first token's entries as a packed string (see :class:`FlatTrie`).

    >>> _pack(["", "van" + _SEP + "Meerdervoort"]) == chr(3) + "\\n" + "van" + _SEP + "Meerdervoort\\n"
    True
    """
    rests = sorted(set(rests))
    reach = max(rest.count(_SEP) + 2 if rest else 1 for rest in rests)
    return chr(reach) + "".join(rest + "\n" for rest in rests)


def _unpack_rests(packed: str) -> list[str]:
    """The rests in a packed string.

    >>> _unpack_rests(_pack(["", "b"]))
    ['', 'b']
    """
    return packed[1:-1].split("\n")


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
        if isinstance(struct, FlatTrie):
            structs[name] = ["trie", spec, dict(struct.children), struct.max_tokens]
        elif isinstance(struct, LookupTrie):
            found, longest = _flatten_trie(struct)
            structs[name] = ["trie", spec, FlatTrie.from_terminals(found).children, longest]
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
        # one read, then one parse: marshal.load on a file object reads each of its
        # hundreds of thousands of values separately (about 2,5x slower here)
        payload = marshal.loads(path.read_bytes())
        if payload.get("format") != FAST_FORMAT or payload.get("deduce_version") != deduce_version:
            return None
        collection = dd.ds.DsCollection()
        for name, entry in payload["structs"].items():
            kind, spec = entry[0], entry[1]
            pipeline = _modifiers_from_spec(spec)
            if kind == "trie":
                # (first token -> packed rests, longest entry length)
                collection[name] = _docdeid_flat_trie_class()(entry[2], entry[3], pipeline)
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


@dataclass(frozen=True, slots=True, order=True)
class Found:
    """One annotation of deduce: where (character offsets), its tag and its text."""

    start: int
    end: int
    tag: str
    text: str


def deduce_annotations(text: str, disabled: frozenset = frozenset()) -> list[Found]:
    """The annotations of :func:`deduce_document` for ``text``, the document released.

    A document's tokens link to the token before and after them: a reference cycle for
    every pair of words, which only the cyclic garbage collector can free. A table of
    narratives makes hundreds of thousands of them, and the collector then spent more time
    walking them than deduce spent on some of its steps. So the document is processed with
    the collector paused, its annotations are read, and its tokens are unlinked: reference
    counting frees the whole document at once, and no cycle is left behind. The
    annotations come in text order (deduce keeps them in a set, whose order differs from
    process to process).

    >>> [(f.text, f.tag) for f in deduce_annotations("Jan de Vries woont in Den Haag.")]
    [('Jan de Vries', 'persoon'), ('Den Haag', 'locatie')]
    """
    with gc_paused():
        doc = deduce_document(text, disabled)
        found = sorted(Found(a.start_char, a.end_char, a.tag, a.text) for a in doc.annotations)
        for tokens in doc._token_lists.values():
            for token in tokens._tokens:
                links = token.__dict__
                links["_previous_token"] = links["_next_token"] = None
        # freed while the collector is still paused: the first object made after it resumes
        # would otherwise start a collection that walks the whole document once more
        doc = tokens = token = links = None
    return found


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
