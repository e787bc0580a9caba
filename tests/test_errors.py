"""The kit's exceptions (kit.errors): Dutch message with file and place, exit codes 1 and 2
(how ``iids`` prints them: tests/test_cli.py)."""

from __future__ import annotations

from pathlib import Path

from kit.errors import CheckFailed, ConsentError, InputError, KitError, row_place


def test_message_names_file_and_place_only_when_given():
    assert str(InputError("ontbreekt")) == "ontbreekt"
    assert str(InputError("ontbreekt", path=Path("a") / "b.csv")) == "a/b.csv: ontbreekt"
    assert str(InputError("ontbreekt", place="rij 3")) == "rij 3: ontbreekt"
    err = InputError("leeg", path="x.yaml", place="veld 'naam'")
    assert (err.message, err.path, err.place) == ("leeg", "x.yaml", "veld 'naam'")


def test_exit_codes():
    assert InputError("x").exit_code == ConsentError("x").exit_code == KitError("x").exit_code == 2
    assert CheckFailed("x").exit_code == 1
    assert issubclass(ConsentError, InputError) and not issubclass(CheckFailed, InputError)


def test_row_place_counts_like_a_spreadsheet():
    assert row_place(0) == "rij 2"
    assert row_place(9, "tekst") == "rij 11, kolom 'tekst'"

