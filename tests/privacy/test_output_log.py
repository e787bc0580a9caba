"""The output-checking log beside published tables (kit.privacy.output_log)."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.errors import InputError
from kit.privacy.output_log import LOG_COLUMNS, LOG_FILE, RULES, CheckLog, check_log, read_log


def test_each_file_starts_with_its_setting_and_rows_are_spreadsheet_rows():
    log = CheckLog(k=5, protection=3)
    log.cell("a.csv", 0, "n", "drempel", "<5")
    log.cell("a.csv", 7, "n", "bescherming", "<5", note="eigen uitleg")
    log.table("b.csv", "geweigerd", "te veel verborgen")
    frame = log.frame()
    assert list(frame.columns) == LOG_COLUMNS
    assert frame["regel"].tolist() == ["instelling", "drempel", "bescherming", "instelling",
                                       "geweigerd"]
    assert frame.loc[0, "toelichting"].startswith("drempel k=5; een verborgen klein aantal houdt "
                                                  "minstens 3 mogelijke waarden")
    assert frame.loc[1, "rij"] == "2" and frame.loc[2, "rij"] == "9"
    assert frame.loc[1, "toelichting"] == "een aantal van 1 tot en met 4 personen (of teksten) " \
                                          "wordt niet getoond"
    assert frame.loc[2, "toelichting"] == "eigen uitleg"
    assert frame.loc[4, "actie"] == "niet gepubliceerd"
    assert frame.loc[4, "toelichting"].endswith(": te veel verborgen")
    assert log.files == ["a.csv", "b.csv"] and log.refused == ["b.csv"]
    assert log.hidden_cells("a.csv") == {(0, "n"), (7, "n")}


def test_every_rule_has_a_sentence_and_an_unknown_rule_is_a_programming_error():
    log = CheckLog(k=10)
    for rule in RULES:
        log.table("t.csv", rule)
    assert all(log.frame()["toelichting"] != "")
    with pytest.raises(ValueError):
        log.table("t.csv", "verzonnen")


def test_write_replaces_rows_of_the_same_file_and_keeps_others(tmp_path):
    first = CheckLog(k=10)
    first.cell("a.csv", 0, "n", "drempel", "<10")
    first.table("a.csv", "gecontroleerd")
    other = CheckLog(k=10)
    other.table("b.csv", "gecontroleerd")
    first.write(tmp_path)
    other.write(tmp_path)
    again = CheckLog(k=10)
    again.table("a.csv", "gecontroleerd")
    again.write(tmp_path)
    frame = read_log(tmp_path)
    assert frame.groupby("bestand").size().to_dict() == {"a.csv": 2, "b.csv": 2}
    assert "drempel" not in set(frame["regel"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOG_FILE]  # no temporary file left


def test_missing_or_malformed_log_is_a_dutch_error(tmp_path):
    with pytest.raises(InputError, match=f"{LOG_FILE} ontbreekt") as info:
        read_log(tmp_path)
    assert info.value.path == str(tmp_path)
    (tmp_path / LOG_FILE).write_text("bestand,regel\na.csv,drempel\n")
    with pytest.raises(InputError, match="de kolommen moeten bestand, rij") as info:
        read_log(tmp_path)
    assert info.value.place == "rij 1"


def test_check_log_finds_each_kind_of_mismatch():
    log = CheckLog(k=10)
    log.cell("t.csv", 0, "n", "drempel", "<10")
    log.cell("t.csv", 1, "n", "drempel", "<10")
    log.table("t.csv", "gecontroleerd")
    tables = {"t.csv": pd.DataFrame({"n": ["<10", "12", "<10"]}),
              "u.csv": pd.DataFrame({"n": ["3"]})}
    problems = check_log(log.frame(), tables, {"<10"})
    assert problems == [
        ("t.csv", 2, "n", "deze cel is verborgen (<10), maar het controlelog noemt haar niet"),
        ("t.csv", 1, "n", "het controlelog noemt deze cel verborgen, maar ze staat zichtbaar in "
                          "het bestand"),
        ("u.csv", None, None, "dit bestand staat niet als gecontroleerd in het controlelog"),
    ]
    tables["t.csv"] = pd.DataFrame({"n": ["<10", "<10", "12"]})
    del tables["u.csv"]
    assert check_log(log.frame(), tables, {"<10"}) == []
