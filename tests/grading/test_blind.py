"""Blind grading codes (kit.grading.blind): secret key, stable codes, an order per grader,
only the course owner unblinds. The whole flow on real nbgrader is in test_blind_booklet.py."""

from __future__ import annotations

import os
import re
import stat

import pytest

from kit.errors import InputError
from kit.grading.blind import (
    code_table,
    grader_order,
    key_path,
    load_key,
    submission_code,
    unblind,
)
from tests.grading.conftest import copy_course

STUDENTS = [f"s{i:03d}" for i in range(200)]


def test_the_key_is_made_once_and_private(tmp_path):
    with pytest.raises(InputError, match="er is nog geen sleutel voor blind beoordelen"):
        load_key(tmp_path, create=False)
    key = load_key(tmp_path)
    assert len(key) == 32 and load_key(tmp_path) == key
    assert stat.S_IMODE(key_path(tmp_path).stat().st_mode) == 0o600
    assert stat.S_IMODE(key_path(tmp_path).parent.stat().st_mode) == 0o700


def test_codes_are_unique_stable_and_say_nothing_without_the_key(tmp_path):
    table = code_table(tmp_path, "opdracht", STUDENTS)
    assert len(table) == len(STUDENTS)
    assert all(re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}", code) for code in table)
    assert code_table(tmp_path, "opdracht", STUDENTS) == table
    assert set(code_table(tmp_path, "andere", STUDENTS)).isdisjoint(table)
    other_key = bytes(32)
    assert submission_code(other_key, "opdracht", "s001") not in table


def test_each_grader_has_an_order_of_their_own():
    codes = [f"C{i:02d}" for i in range(30)]
    first = grader_order(codes, "ab")
    assert sorted(first) == sorted(codes) and first == grader_order(list(reversed(codes)), "ab")
    assert first != grader_order(codes, "cd") and first != grader_order(codes, "ab", seed=1)


def test_unblind_by_the_owner_and_refusals(tmp_path):
    course = tmp_path / "cursus"
    course.mkdir()
    code = next(c for c, s in code_table(course, "opdracht", STUDENTS).items() if s == "s042")
    assert unblind(course, "opdracht", code.lower(), STUDENTS) == "s042"
    with pytest.raises(InputError, match="onbekende code 'ZZZZ-ZZZZ' voor 'opdracht'"):
        unblind(course, "opdracht", "ZZZZ-ZZZZ", STUDENTS)
    if os.geteuid() == 0:  # as root: give the folder to someone else
        os.chown(course, 65534, -1)
        with pytest.raises(InputError, match="alleen de eigenaar van de cursus"):
            unblind(course, "opdracht", code, STUDENTS)


@pytest.mark.slow
def test_blind_key_is_private_and_codes_are_stable(generated_course, tmp_path):
    from kit.grading.blind import code_table, key_path, unblind

    course = copy_course(generated_course, tmp_path / "c")
    first = code_table(course.root, "opdracht1", ["s1", "s2"])
    assert code_table(course.root, "opdracht1", ["s2", "s1"]) == first
    assert stat.S_IMODE(key_path(course.root).stat().st_mode) == 0o600
    assert "s1" not in "".join(first)
    code = next(c for c, s in first.items() if s == "s2")
    assert unblind(course.root, "opdracht1", code.lower(), ["s1", "s2"]) == "s2"
