"""The attacker's audit of a published report (kit.evaluation.audit): how published numbers are
read, and Dutch refusals for a folder that is no report. The audit of real reports (hidden
cells recomputed or not) is in tests/evaluation/test_disclosure_pass.py."""

from __future__ import annotations

import json

import pytest

from kit.cli import main
from kit.errors import InputError
from kit.evaluation.audit import SCHEMA_FILE, SCHEMA_FORMAT, audit_folder, parse_published


@pytest.mark.parametrize("text, value, half", [
    ("12", 12.0, 0.5), ("12,5", 12.5, 0.05), (" 0.0135 ", 0.0135, 0.00005), ("46%", 0.46, 0.005),
    ("7,5 %", 0.075, 0.0005), ("-3", -3.0, 0.5)])
def test_published_numbers_with_their_rounding(text, value, half):
    got = parse_published(text)
    assert got == (pytest.approx(value), pytest.approx(half))


@pytest.mark.parametrize("text", ["<10", "x", "1 org.", "", "niet te bepalen", "12-14", "1.2.3"])
def test_markers_and_text_are_no_numbers(text):
    assert parse_published(text) is None


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "deze rapportmap bestaat niet"),
    (lambda p: p.mkdir(), f"{SCHEMA_FILE} ontbreekt"),
    (lambda p: (p.mkdir(), (p / SCHEMA_FILE).write_text("{kapot")), "geen leesbare JSON"),
    (lambda p: (p.mkdir(), (p / SCHEMA_FILE).write_text(json.dumps({"format": "iets anders"}))),
     f"format moet '{SCHEMA_FORMAT}' zijn"),
])
def test_a_folder_that_is_no_report_is_refused_in_dutch(tmp_path, make, message, capsys):
    folder = tmp_path / "rapport"
    make(folder)
    with pytest.raises(InputError, match=message):
        audit_folder(folder)
    assert main(["evaluate", "audit", str(folder)]) == 2
    assert message.split("'")[0] in capsys.readouterr().err
