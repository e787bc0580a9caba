"""The privacy engine (kit.privacy.engine): the flat trie, the fast deduce cache, Dutch messages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kit.privacy import engine


def test_flat_trie_matches_docdeid_trie():
    from docdeid.ds.lookup import LookupTrie

    items = [["Laan", "van", "Meerdervoort"], ["Laan"], ["Hoefkade"], ["Prins", "Hendrikstraat"]]
    classic = LookupTrie()
    for item in items:
        classic.add_item(item)
    flat = engine.FlatTrie.from_items(items)
    for sentence in (["Laan", "van", "Meerdervoort", "12"], ["Laan", "van", "Ypenburg"],
                     ["Prins", "Willem"], ["Hoefkade"], []):
        for start in range(len(sentence) + 1):
            assert flat.longest_matching_prefix(sentence, start) == \
                classic.longest_matching_prefix(sentence, start)
    terminals, longest = engine._flatten_trie(classic)
    rebuilt = engine.FlatTrie.from_terminals(terminals)
    assert rebuilt.longest_matching_prefix(["Laan", "van", "Meerdervoort"]) == ["Laan", "van", "Meerdervoort"]
    assert set(rebuilt.children) == set(classic.children)


@pytest.mark.parametrize("seed", range(6))
def test_flat_trie_gives_docdeid_tries_answers_on_random_tables(seed, tmp_path):
    """Random tables over a small vocabulary (shared beginnings, one-token entries, entries
    that extend others, a lower-casing pipeline) and random sentences: the flat trie, built
    from items, from a docdeid trie, and read back from the cache file, answers every
    position exactly as docdeid's trie does."""
    import random

    from docdeid.ds.lookup import LookupTrie
    from docdeid.str.processor import LowercaseString

    rng = random.Random(seed)
    vocabulary = ["Laan", "van", "de", "Meer", "laan", "Sint", "st", "Jan", "’s", "Gravenhage", "1"]
    items = [[rng.choice(vocabulary) for _ in range(rng.randint(1, 6))] for _ in range(60)]
    pipeline = [LowercaseString()] if seed % 2 else None
    if pipeline:  # deduce fills a trie with entries already normalised, as the flat one does
        items = [[token.lower() for token in item] for item in items]
    classic = LookupTrie(matching_pipeline=pipeline)
    for item in items:
        classic.add_item(item)
    flat = engine.FlatTrie.from_items(items, matching_pipeline=pipeline)
    terminals, longest = engine._flatten_trie(classic)
    rebuilt = engine.FlatTrie(engine.FlatTrie.from_terminals(terminals).children, longest, pipeline)

    class Structs(dict):  # what build_fast_cache reads of deduce's DsCollection
        pass

    engine.build_fast_cache(Structs(tabel=classic), tmp_path)
    loaded = engine._load_fast_cache(engine.fast_cache_file(tmp_path))["tabel"]
    assert flat.terminals == rebuilt.terminals == loaded.terminals == set(terminals)
    assert set(flat.children) == set(classic.children) == set(loaded.children)
    for _ in range(300):
        sentence = [rng.choice(vocabulary + ["Hoefkade"]) for _ in range(rng.randint(0, 9))]
        for start in range(len(sentence) + 1):
            expected = classic.longest_matching_prefix(sentence, start)
            for trie in (flat, rebuilt, loaded):
                assert trie.longest_matching_prefix(sentence, start) == expected, (sentence, start)
        probe = [token.lower() for token in sentence] if pipeline else sentence
        assert (probe in flat) == (probe in classic)  # docdeid's `in` does not normalise


def test_flat_cache_of_another_format_is_not_read(tmp_path):
    from docdeid.ds.lookup import LookupTrie

    classic = LookupTrie()
    classic.add_item(["Laan"])
    path = engine.build_fast_cache({"tabel": classic}, tmp_path)
    import marshal

    payload = marshal.loads(path.read_bytes())
    payload["format"] = engine.FAST_FORMAT - 1
    path.write_bytes(marshal.dumps(payload))
    assert engine._load_fast_cache(path) is None


def test_missing_cache_gives_dutch_message(tmp_path, monkeypatch):
    monkeypatch.setenv("IIDS_DEDUCE_CACHE", str(tmp_path / "leeg"))
    monkeypatch.setattr(engine, "_ENGINE", None)
    from kit.errors import InputError

    with pytest.raises(InputError, match="iids setup"):
        engine.get_deduce()


@pytest.mark.slow
def test_fresh_process_uses_fast_cache(deduce_ready):
    assert engine.fast_cache_file().is_file(), "de snelle cache ontbreekt: draai iids setup"
    code = ("from kit.privacy.pseudonymise import pseudonymise_text as p;"
            "print(p('Bel Jan Jansen op 0612345678'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert "[PERSOON-" in done.stdout and "0612345678" not in done.stdout


_STORY = ("Ik ben Fatima El Amrani en woon sinds 2019 in de Schilderswijk. Mijn buurvrouw Ans "
          "belt de gemeente Den Haag als de lift weer stuk is; de woningcorporatie reageert "
          "pas na drie weken. Op zaterdag help ik bij de voedselbank aan de Hoefkade 12. ")


def test_annotations_are_deduces_and_leave_no_cycle_behind(deduce_ready):
    import gc

    text = _STORY * 40
    expected = sorted((a.start_char, a.end_char, a.tag, a.text)
                      for a in engine.deduce_document(text).annotations)
    assert len(expected) > 40
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        found = engine.deduce_annotations(text)
        left = gc.collect()  # what reference counting could not free
        engine.deduce_document(text)
        left_by_the_plain_document = gc.collect()
    finally:
        if was_enabled:
            gc.enable()
    assert [(f.start, f.end, f.tag, f.text) for f in found] == expected
    assert left == 0
    assert left_by_the_plain_document > 1000  # its linked tokens: what the release prevents
    assert gc.isenabled() == was_enabled


def test_the_document_is_freed_before_the_collector_resumes(deduce_ready):
    """No collection walks the document once the annotations are read: it is freed while
    the collector is paused. (Kept until after, the first object made when the collector
    resumed started a collection of every object deduce made, all still alive.)"""
    import gc

    text = _STORY * 40
    engine.deduce_annotations(text)  # the engine loaded
    young = []  # objects in the youngest generation when a collection starts

    def count(phase, _info):
        if phase == "start":
            young.append(gc.get_count()[0])

    gc.collect()
    gc.callbacks.append(count)
    try:
        for _story in range(3):
            engine.deduce_annotations(text)
    finally:
        gc.callbacks.remove(count)
    # an ordinary collection starts just past the threshold (700); with the document still
    # alive it started at 4.400 or more here
    assert max(young, default=0) < 2 * gc.get_threshold()[0], young
