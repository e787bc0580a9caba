"""The final-score rule of double marking and moderation (kit.grading.scoring), unit by unit:
the rule on one criterion, how it is explained, and the per-cell results read from a real
SQLite grading log of a real course folder (no nbgrader run needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.grading.gradelog import GradeLog, Score, log_path
from kit.grading.scoring import BASIS_TEXT, final_basis, final_points, final_results

# --- the rule on one criterion ---------------------------------------------------------------


@pytest.mark.parametrize("judgements, expected", [
    ([("eerste", 2, 2.0)], (2.0, False)),                                   # one marker
    ([("tweede", 1, 1.0)], (1.0, False)),                                   # only a second
    ([("eerste", 1, 1.0), ("tweede", 1, 1.0)], (1.0, False)),               # agree
    ([("eerste", 0, 0.0), ("tweede", 1, 1.5)], (0.75, False)),              # one step: mean
    ([("eerste", 2, 3.0), ("tweede", 0, 0.0)], (3.0, True)),                # two steps: moderation
    ([("eerste", 0, 0.0), ("tweede", 2, 3.0), ("moderator", 1, 1.5)], (1.5, False)),
    ([("eerste", 1, 1.0), ("tweede", 1, 1.0), ("moderator", 0, 0.0)], (0.0, False)),
])
def test_final_points_rule(judgements, expected):
    assert final_points(judgements) == expected


def test_latest_judgement_of_a_role_counts():
    # A first marker who changed their mind from 'sterk' (rank 2) to 'redelijk' (rank 1):
    # now one step from the second marker, so no moderation.
    assert final_points([("eerste", 2, 2.0), ("tweede", 0, 0.0), ("eerste", 1, 1.0)]) == (0.5, False)
    assert final_basis([("eerste", 2, 2.0), ("tweede", 0, 0.0), ("eerste", 1, 1.0)]) == "gemiddelde"


def test_no_judgement_is_an_error_not_zero_points():
    with pytest.raises(ValueError):
        final_points([])


roles = st.sampled_from(["eerste", "tweede", "moderator"])
judgement = st.tuples(roles, st.integers(0, 4), st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0]))


@given(st.lists(judgement, min_size=1, max_size=6))
def test_rule_properties(judgements):
    points, moderate = final_points(judgements)
    latest = {role: (rank, pts) for role, rank, pts in judgements}
    basis = final_basis(judgements)
    assert basis in BASIS_TEXT
    if "moderator" in latest:  # a moderator always decides, and nothing stays in moderation
        assert (points, moderate, basis) == (latest["moderator"][1], False, "moderator")
    elif "eerste" in latest and "tweede" in latest:
        (r1, p1), (r2, p2) = latest["eerste"], latest["tweede"]
        assert moderate == (abs(r1 - r2) > 1) == (basis == "moderatie")
        if moderate:
            assert points == p1  # until the moderator decides, the first marker counts
        else:
            assert min(p1, p2) <= points <= max(p1, p2)
            assert points == (p1 + p2) / 2
    else:
        assert not moderate and basis == "beoordelaar"
        assert points == next(iter(latest.values()))[1]


# --- per cell, from the grading log ----------------------------------------------------------


@pytest.fixture
def course(course_root):
    from kit.grading.course import open_course

    return open_course(course_root)


def _score(student, criterion, level, points, role, grade_id="opdracht2_plan", comment=""):
    return Score("opdracht2", student, grade_id, criterion, level, points, f"g-{role}", role,
                 comment)


def test_final_results_per_cell(course):
    log = GradeLog(log_path(course.root))
    log.record([
        # ana: structure one step apart (mean), ethics the same -> complete, no moderation
        _score("ana", "structuur", "redelijk", 1.0, "eerste", comment="Goed begin."),
        _score("ana", "structuur", "sterk", 2.0, "tweede"),
        _score("ana", "ethiek", "aanwezig", 1.0, "eerste"),
        _score("ana", "ethiek", "aanwezig", 1.0, "tweede"),
        # bob: structure two steps apart -> moderation; ethics missing -> incomplete
        _score("bob", "structuur", "zwak", 0.0, "eerste"),
        _score("bob", "structuur", "sterk", 2.0, "tweede"),
        # bob's reflection cell: a single marker
        _score("bob", "diepgang", "diep", 3.0, "eerste", grade_id="opdracht2_reflectie"),
    ])
    results = {(r.student, r.grade_id): r for r in final_results(course, "opdracht2")}
    assert set(results) == {("ana", "opdracht2_plan"), ("bob", "opdracht2_plan"),
                            ("bob", "opdracht2_reflectie")}

    ana = results["ana", "opdracht2_plan"]
    assert ana.points == 2.5 and ana.complete and ana.needs_moderation == []
    assert ana.criterion_points == {"structuur": 1.5, "ethiek": 1.0}
    assert sum(ana.criterion_points.values()) == ana.points
    assert ana.basis == {"structuur": "gemiddelde", "ethiek": "eens"}
    assert ana.levels == {"structuur": "redelijk", "ethiek": "aanwezig"}  # the first marker's
    assert ana.judged["structuur"] == [("eerste", "redelijk"), ("tweede", "sterk")]
    assert ana.comments == ["Goed begin."]

    bob = results["bob", "opdracht2_plan"]
    assert bob.needs_moderation == ["structuur"] and not bob.complete
    assert bob.points == 0.0 and bob.basis == {"structuur": "moderatie"}

    assert results["bob", "opdracht2_reflectie"].points == 3.0
    assert results["bob", "opdracht2_reflectie"].complete

    # The moderator decides: bob's structure is final, the level shown is the moderator's.
    log.record([_score("bob", "structuur", "redelijk", 1.0, "moderator")])
    bob = {(r.student, r.grade_id): r for r in final_results(course, "opdracht2")}["bob", "opdracht2_plan"]
    assert bob.needs_moderation == [] and bob.points == 1.0
    assert bob.levels["structuur"] == "redelijk" and bob.basis["structuur"] == "moderator"


def test_scores_for_unknown_cells_or_levels_are_left_out(course):
    log = GradeLog(log_path(course.root))
    log.record([
        _score("cas", "structuur", "bestaat-niet", 5.0, "eerste"),  # level no longer in rubric
        _score("cas", "ethiek", "aanwezig", 1.0, "eerste"),
        _score("cas", "x", "y", 1.0, "eerste", grade_id="oude_cel"),  # cell no longer in rubric
    ])
    results = final_results(course, "opdracht2")
    assert [(r.student, r.grade_id) for r in results] == [("cas", "opdracht2_plan")]
    assert results[0].points == 1.0 and not results[0].complete
    assert "structuur" not in results[0].levels
