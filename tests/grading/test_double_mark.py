"""Blind double marking: the sample option and the allocation plan (kit.grading.double_mark)."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.errors import InputError
from kit.grading.double_mark import allocation_plan, parse_sample


@pytest.mark.parametrize("text, value", [
    ("20%", 0.2), (" 20 % ", 0.2), ("0,25", 0.25), ("0.5", 0.5), ("100%", 1.0), (0.3, 0.3), (1, 1.0),
])
def test_parse_sample(text, value):
    assert parse_sample(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["0%", "0", "150%", "1.5", "twintig", "-20%", ""])
def test_parse_sample_refuses_with_the_option_named(text):
    with pytest.raises(InputError) as info:
        parse_sample(text)
    assert info.value.place == "optie --sample"


students_st = st.lists(st.from_regex(r"s[0-9]{1,3}", fullmatch=True), min_size=1, max_size=40,
                       unique=True)
graders_st = st.lists(st.sampled_from(["ana", "bob", "cas", "dia"]), min_size=2, max_size=4,
                      unique=True)


@given(students_st, graders_st, st.sampled_from([0.1, 0.2, 0.5, 1.0]), st.integers(0, 5))
def test_allocation_plan_properties(students, graders, sample, seed):
    plan = allocation_plan(students, graders, sample=sample, seed=seed)
    first = {a.student: a.grader for a in plan if a.role == "eerste"}
    second = {a.student: a.grader for a in plan if a.role == "tweede"}
    assert sorted(first) == sorted(students)  # every submission exactly one first marker
    assert len([a for a in plan if a.role == "eerste"]) == len(students)
    assert len(second) == math.ceil(sample * len(students))
    assert all(second[s] != first[s] for s in second)  # never your own second marker
    load = Counter(first.values())
    assert max(load.values()) - min(load.get(g, 0) for g in graders) <= 1  # round robin
    assert plan == allocation_plan(list(reversed(students)), graders, sample=sample, seed=seed)


def test_seed_changes_the_sample():
    students = [f"s{i}" for i in range(30)]
    samples = {tuple(sorted(a.student for a in allocation_plan(students, ["ana", "bob"], seed=s)
                            if a.role == "tweede")) for s in range(5)}
    assert len(samples) > 1


def test_one_grader_cannot_double_mark():
    with pytest.raises(InputError, match="minstens twee beoordelaars"):
        allocation_plan(["s1", "s2"], ["ana"], sample=0.5)


def test_a_single_second_marker_never_second_marks_their_own_submissions():
    # ana and bob mark first; only ana marks second: she can only second-mark bob's students.
    students = [f"s{i}" for i in range(10)]
    plan = allocation_plan(students, ["ana", "bob"], sample=0.5, second_graders=["ana"])
    first = {a.student: a.grader for a in plan if a.role == "eerste"}
    second = {a.student: a.grader for a in plan if a.role == "tweede"}
    assert len(second) == 5 and set(second.values()) == {"ana"}
    assert all(first[s] == "bob" for s in second)


def test_too_large_a_sample_for_the_second_markers_is_refused_in_dutch():
    students = [f"s{i}" for i in range(10)]  # bob marks 5 first; ana can second-mark only those
    with pytest.raises(InputError) as info:
        allocation_plan(students, ["ana", "bob"], sample=0.8, second_graders=["ana"])
    assert info.value.place == "optie --sample"
    assert "5" in info.value.message and "8" in info.value.message
