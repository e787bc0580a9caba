"""The extra detectors on their own (no deduce): shapes, checksums, context, no false alarms."""

from __future__ import annotations

import pytest

from kit.privacy.detectors import (
    bsn_valid,
    cnp_valid,
    detect,
    egn_valid,
    iban_valid,
    pesel_valid,
)


def _found(text):
    return [(s.category, s.text) for s in detect(text)]


@pytest.mark.parametrize("text, expected", [
    ("bel +31 6 1234 5678", ("TELEFOON", "+31 6 1234 5678")),
    ("werk: 070-3531234", ("TELEFOON", "070-3531234")),
    ("privé 0612345678", ("TELEFOON", "0612345678")),
    ("thuis 0031 6 44 55 66 77", ("TELEFOON", "0031 6 44 55 66 77")),
    ("Polen +48 512 345 678", ("TELEFOON", "+48 512 345 678")),
    ("Roemenië +40 721 234 567", ("TELEFOON", "+40 721 234 567")),
    ("Bulgarije +359 88 123 4567", ("TELEFOON", "+359 88 123 4567")),
    ("rekening BE71 0961 2345 6769", ("IBAN", "BE71 0961 2345 6769")),
    ("BSN 123456782", ("BSN", "123456782")),
    ("busje 99-XX-99".replace("XX", "GH"), ("KENTEKEN", "99-GH-99")),
    ("auto V-123-BB", ("KENTEKEN", "V-123-BB")),
    ("postcode 2515 XP", ("POSTCODE", "2515 XP")),
    ("Laan van Meerdervoort 88a", ("ADRES", "Laan van Meerdervoort 88a")),
    ("Paul Krugerlaan 93B", ("ADRES", "Paul Krugerlaan 93B")),
    ("wonen op de Lange Poten", ("LOCATIE", "Lange Poten")),
    ("in de wijk Bouwlust", ("LOCATIE", "Bouwlust")),
    ("vrienden in Regentessekwartier", ("LOCATIE", "Regentessekwartier")),
    ("hij is net 17 geworden", ("LEEFTIJD", "17")),
    ("(vrouw, 45, Roemeens)", ("LEEFTIJD", "45")),
    ("een man van 60", ("LEEFTIJD", "60")),
    ("Geboortedatum: 14/07/1996", ("GEBOORTEDATUM", "14/07/1996")),
    ("instagram.com/kasia_w.art", ("ACCOUNT", "instagram.com/kasia_w.art")),
    ("snap: dimi_bg", ("ACCOUNT", "dimi_bg")),
    ("ID-kaart met nummer IR57XK3L8", ("ID", "IR57XK3L8")),
    ("CNP 1800101221144", ("ID", "1800101221144")),
    ("Op WhatsApp heet hij 'Bogi'", ("PERSOON", "Bogi")),
    ("haar buurvrouw Radostina", ("PERSOON", "Radostina")),
])
def test_detects(text, expected):
    assert expected in _found(text)


def test_children_ages_in_a_list():
    ages = [t for c, t in _found("drie kinderen van 4, 7 en 12 jaar") if c == "LEEFTIJD"]
    assert {"4", "7"} <= set(ages)


@pytest.mark.parametrize("text", [
    "Ik werk 40 uur per week en verdien 1400 euro.",
    "Om 16.30 uur sloten we af; er waren 12 mensen.",
    "In 1990 en 2023 veranderde het beleid.",
    "We waren met z'n 20 en het duurde 3 uur.",
    "De gemeente betaalt 15 procent van de huur.",
    "Zij is 3 keer langs geweest.",
    "De wachtlijst is acht jaar; het formulier heeft 12 vragen.",
])
def test_no_false_alarms(text):
    assert _found(text) == []


def test_checksums():
    assert iban_valid("NL91ABNA0417164300") and not iban_valid("NL91ABNA0417164301")
    assert iban_valid("PL61 1090 1014 0000 0712 1981 2874")
    assert bsn_valid("111222333") and not bsn_valid("111222334") and not bsn_valid("000000000")
    assert pesel_valid("44051401359") and not pesel_valid("44051401358")
    assert cnp_valid("1800101221144") and not cnp_valid("0800101221144")
    assert egn_valid("7523169263") and not egn_valid("7513169263")


def test_nl_shaped_iban_caught_even_with_bad_checksum():
    assert ("IBAN", "NL12ABNA0123456789") in _found("IBAN NL12ABNA0123456789")


_DUPLICATE_SAMPLES = [
    "Bel 070-3531234 of (070) 353 12 34 of 0031 70 3531234 of +31 (0)70-3531234 of 088-1234567.",
    "Haar nummer is 06 12 34 56 78, zijn nummer 06-12345678, kantoor 020 123 4567.",
    "Mail naar a%b@voorbeeld.nl, jan.jansen@gmail.com of info+x@hhs.co.uk.",
    "BSN 111222333 en 123456782, ook 1234.56.782.",
    "Ze is 45 jaar, een 23-jarige, hij werd 12,5 jaar, tussen 40-45 jaar, 19 jr oud, 7 jarig.",
    "Postcode 2526 HK, 2526HK, 2526hk, 2526Hk; ze woont op 2511CV.",
    "Op 3-4-2025, 03/04/25, 3.4.'25, 12 mrt 2024, 1 januari 1999, 2025-04-03, 2025 apr 3, '24/5/6.",
    "Zie www.voorbeeld.nl, https://gemeente.denhaag.nl/loket?id=3 en iets.org/pad/#x.",
    "Schrijf naar Postbus 12345 of Postbus 1.234; klantnummer 12345678, dossier 9876543210.",
]


def test_kit_detectors_cover_the_deduce_annotators_it_switches_off(deduce_ready):
    """The kit skips deduce's phone, e-mail, BSN, age and postcode annotators: on the golden
    corpus and samples of each format, every span those find is inside a span of the kit."""
    from kit.privacy.engine import get_deduce
    from kit.privacy.pseudonymise import DEDUCE_DUPLICATES, find_spans
    from tests.privacy.golden_corpus import NOTES

    engine = get_deduce()
    others = _processor_names(engine.processors) - DEDUCE_DUPLICATES
    from kit.bench.privacy import narratives

    texts = [note["text"] for note in NOTES] + _DUPLICATE_SAMPLES + narratives(300, seed=5)
    checked = 0
    for text in texts:
        only = engine.deidentify(text, disabled=others)
        kit = find_spans(text)
        for annotation in only.annotations:
            checked += 1
            assert any(s.start <= annotation.start_char and annotation.end_char <= s.end
                       for s in kit), (annotation.tag, annotation.text, text)
    assert checked >= 40  # the test looked at something (43 when written)


def _processor_names(group) -> set[str]:
    """The names of the single processors (not the groups) inside ``group``."""
    names = set()
    for name, processor in group._processors.items():
        names |= _processor_names(processor) if hasattr(processor, "_processors") else {name}
    return names


def test_the_assignments_import_path_keeps_working():
    """Released student notebooks import ``detect`` from kit.privacy.detectors (narratieven)."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = json.loads((root / "assignments/source/narratieven/narratieven.ipynb").read_text())
    assert any("from kit.privacy.detectors import detect" in "".join(c["source"])
               for c in source["cells"])
    from kit.privacy import detectors

    assert [s.category for s in detectors.detect("bel 0612345678")] == ["TELEFOON"]
