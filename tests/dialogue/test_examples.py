"""The worked dialogue examples (kit.dialogue.examples) pass the same checks as a student's files."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from kit.dialogue.examples import (
    CASES,
    example_content,
    example_participation,
    example_record,
    example_relations,
    example_stakeholders,
)
from kit.dialogue.handreiking import validate_content
from kit.dialogue.record import validate_record
from kit.dialogue.stakeholders import (
    gaps,
    validate_participation,
    validate_relations,
    validate_stakeholders,
)
from kit.errors import InputError


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_is_valid_as_a_student_would_save_it(case):
    parties = validate_stakeholders([asdict(p) for p in example_stakeholders(case)])
    assert parties == example_stakeholders(case)
    ids = {p.id for p in parties}
    relations = validate_relations([asdict(r) for r in example_relations(case)], parties)
    assert relations and all({r.source, r.target} <= ids for r in relations)
    plan = validate_participation(example_participation(case).to_dict(), parties)
    assert plan.invitations and all(i.party in ids for i in plan.invitations)
    assert any(p.type == "gemeenschap" for p in parties)
    community = next(p.name for p in parties if p.type == "gemeenschap")
    assert any(community in question for question in gaps(parties))  # questions to discuss
    record = example_record(case)
    assert validate_record(record.to_dict()).to_dict() == record.to_dict()
    assert record.agreements and record.statements
    validate_content(example_content(case))


def test_examples_are_the_same_every_time_and_differ_per_case():
    assert example_record("sekswerkers").to_dict() == example_record("sekswerkers").to_dict()
    assert example_record("sekswerkers").to_dict() != example_record("arbeidsmigranten").to_dict()


def test_an_unknown_case_names_the_known_ones():
    with pytest.raises(InputError, match="onbekend voorbeeld 'studenten'; kies uit: sekswerkers, "
                                         "arbeidsmigranten"):
        example_stakeholders("studenten")
