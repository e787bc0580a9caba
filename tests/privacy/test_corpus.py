"""The synthetic recall corpus (kit.privacy.corpus) is what it says: every expected value is in
its sentence, the numbers pass their checksums, the plain sentences name nobody."""

from __future__ import annotations

import re

from kit.privacy.corpus import (
    COMMUNITY_SENTENCES,
    IDENTIFIER_NOTES,
    NAME_SENTENCES,
    PLAIN_SENTENCES,
)


def _eleven_proof(digits: str) -> bool:
    """The Dutch BSN check: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11."""
    d = [int(c) for c in digits]
    return len(d) == 9 and (sum(w * n for w, n in zip(range(9, 1, -1), d[:8], strict=True)) - d[8]) % 11 == 0


def _iban_ok(text: str) -> bool:
    iban = re.sub(r"[^0-9A-Z]", "", text.upper())
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def test_every_expected_value_is_in_its_sentence():
    for text, names in NAME_SENTENCES + COMMUNITY_SENTENCES:
        assert names and all(name in text for name in names), text
    for text, found in IDENTIFIER_NOTES:
        assert found and all(value in text for values in found.values() for value in values), text


def test_bsns_and_ibans_pass_their_checksums():
    bsns = [v for _t, found in IDENTIFIER_NOTES for v in found.get("BSN", [])]
    ibans = [v for _t, found in IDENTIFIER_NOTES for v in found.get("IBAN", [])]
    assert bsns and ibans
    assert all(_eleven_proof(re.sub(r"\D", "", b)) for b in bsns)
    assert all(_iban_ok(i) for i in ibans)
    assert not _iban_ok("NL91-ABNA-0417-1643-01") and not _eleven_proof("123456789")  # checks can fail


def test_plain_sentences_hold_no_name_of_the_corpus():
    names = {n.lower() for _t, ns in NAME_SENTENCES + COMMUNITY_SENTENCES for n in ns}
    full_names = {n for n in names if " " in n}
    for text in PLAIN_SENTENCES:
        assert not any(n in text.lower() for n in full_names), text
    assert len(set(PLAIN_SENTENCES)) == len(PLAIN_SENTENCES)
