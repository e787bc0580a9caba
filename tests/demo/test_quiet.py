"""The demo's log is quiet and says what happened: no refusals of its own synthetic data, a
note is not reported as a skipped file, a rerun says so, and no third-party warnings.
"""

from __future__ import annotations

import shutil

import pytest

from kit.bench.demo import NOISE
from kit.demo import DemoContext


def test_the_synthetic_stakeholder_maps_pass_the_privacy_gate(tmp_path):
    """The dialogue stage's maps travel in every student's work folder; the harvest refused
    each copy when a party read as a person's name ("Banken") or an institution."""
    from kit.dialogue.examples import (
        CASES,
        example_participation,
        example_relations,
        example_stakeholders,
    )
    from kit.dialogue.stakeholders import save_stakeholder_map
    from kit.privacy.gate import check

    for case in CASES:
        folder = tmp_path / case
        save_stakeholder_map(folder, example_stakeholders(case), example_relations(case),
                             example_participation(case))
        assert (folder / "stakeholders.csv").is_file()
        assert [f.line() for f in check([folder], cache=False)] == [], case


@pytest.mark.slow
def test_the_evaluation_stage_names_skipped_files_notes_and_a_rerun(synthetic_pair, tmp_path,
                                                                    capfd):
    courses = {}
    for label, course in synthetic_pair.items():
        courses[label] = tmp_path / "cursussen" / label
        shutil.copytree(course, courses[label])
    first = courses["2023-2024"]
    works = sorted(first.glob("autograded/*/discoursanalyse/mijn-werk"))
    # a note: one student's codings handed in again by another (counted once)
    shutil.copy(works[0] / "coderingen.csv", works[1] / "coderingen.csv")
    # a file the harvest must skip: a phone number in a student's codings
    refused = works[2] / "coderingen.csv"
    refused.write_text(refused.read_text(encoding="utf-8").replace(
        "synthetisch", "bel 06-12345678", 1), encoding="utf-8")
    previous = tmp_path / "evaluatie" / "oogst" / "2024-2025"  # an earlier run's harvest
    previous.mkdir(parents=True)
    (previous / "oogst.yaml").write_text("cohort: 2024-2025\n", encoding="utf-8")
    vault = tmp_path / "kluis"
    vault.mkdir(mode=0o700)
    ctx = DemoContext(out=tmp_path, vault=vault, quick=True, results={"courses": courses})
    from kit.demo.evaluation import demo_stage

    summary = demo_stage(ctx)
    assert summary.startswith("2 cohorten geoogst (1 bestand overgeslagen)")
    captured = capfd.readouterr()
    log = captured.out + captured.err
    skipped = [line for line in log.splitlines() if "overgeslagen:" in line]
    assert len(skipped) == 1 and "coderingen.csv" in skipped[0] and "06-1" not in skipped[0]
    assert "melding" in log and "ook al in de werkmap" not in log  # notes: counted, not listed
    assert "2024-2025" in log and "opnieuw" in log
    assert "Let op" not in log  # the new pseudonym key is told as a demo line
    for noise in NOISE:  # the same rules as the demo row of iids bench
        assert noise not in log, noise
