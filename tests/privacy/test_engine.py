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
    rebuilt = engine.FlatTrie(set(terminals), longest)
    assert rebuilt.longest_matching_prefix(["Laan", "van", "Meerdervoort"]) == ["Laan", "van", "Meerdervoort"]
    assert set(rebuilt.children) == set(classic.children)


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
