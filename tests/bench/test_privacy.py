"""The privacy benchmark's data and detection figures (kit.bench.privacy). The recall figures
themselves are checked in tests/privacy/test_recall.py; no timing here."""

from __future__ import annotations

import re

from kit.bench.privacy import detection, narratives
from kit.privacy.pseudonymise import Pseudonymiser


def test_field_notes_are_reproducible_and_carry_what_the_scan_must_find():
    notes = narratives(40, seed=5)
    assert notes == narratives(40, seed=5) and notes != narratives(40, seed=6)
    assert len(notes) == 40
    assert any(re.search(r"06-\d{7}|\+31 6 \d{7}|\+48 512 \d{7}", n) for n in notes)


def test_detection_gives_shares_between_zero_and_one(tmp_path, deduce_ready):
    found = detection(Pseudonymiser(tmp_path / "kluis"), None)
    for key in ("names", "community", "plain"):
        assert 0 <= found[key][0] <= 1 and found[f"n_{key}"] > 0, key
    assert found["names"][0] > 0.5 and "gouden corpus" in found["types"]
    assert all(0 <= kit <= 1 and n > 0 for kit, _raw, n in found["types"].values())
