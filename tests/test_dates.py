"""One date reader for every file a person fills in: same formats, same Dutch message."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.dates import iso_day, parse_day
from kit.errors import InputError


@pytest.mark.parametrize("text", ["2026-03-15", "2026-3-15", "15-03-2026", "15-3-2026",
                                  "15/03/2026", "15.03.2026", "2026-03-15 00:00:00",
                                  "2026-03-15T00:00", dt.datetime(2026, 3, 15, 9, 30),
                                  dt.date(2026, 3, 15)])
def test_every_accepted_form_reads_the_same_day(text):
    assert parse_day(text) == dt.date(2026, 3, 15)
    assert iso_day(text) == "2026-03-15"


@pytest.mark.parametrize("text", ["31-02-2026", "2026-13-01", "maart 2026", "15-03-26", "2026-03-15 09:30"])
def test_a_wrong_day_names_file_and_place(text):
    with pytest.raises(InputError) as info:
        parse_day(text, path="register.xlsx", place="blad 'Activiteiten', rij 3, kolom 'datum'")
    assert str(info.value) == (f"register.xlsx, blad 'Activiteiten', rij 3, kolom 'datum': '{text}' "
                               "is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-15")


def test_registry_consent_and_dialogue_use_the_one_reader():
    from kit.evaluation.registry import parse_date

    with pytest.raises(InputError, match="'30-2-2026' is geen geldige datum"):
        parse_date("30-2-2026", place="x")
    import kit.dialogue.common as common
    import kit.privacy.consent as consent

    assert not hasattr(common, "parse_date") and not hasattr(consent, "parse_date")
