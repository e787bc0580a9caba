"""Pseudonymising a text twice changes nothing the second time (labels stay whole).

A record is pseudonymised for the preview and again when it is saved (the entry form, the
story form, editing a stored narrative): a label such as ``[PERSOON-6145078e5832]`` must not
be taken for a new identifier (its hex part looks like a number).
"""

from __future__ import annotations

from kit.privacy.pseudonymise import LABEL_PATTERN, Pseudonymiser
from kit.privacy.vault import open_vault


def test_second_pass_leaves_labels_whole(tmp_path):
    p = Pseudonymiser(open_vault(tmp_path / "kluis"), use_deduce=False)
    once = p.pseudonymise("Bel Fatima Yilmaz op 06-12345678.").text
    assert LABEL_PATTERN.search(once)
    for label in ("[PERSOON-6145078e5832]", "[TELEFOON-123456789abc]"):
        text = f"Mijn buurvrouw {label} hielp me."
        assert p.pseudonymise(text).text == text
    assert p.pseudonymise(once).text == once
