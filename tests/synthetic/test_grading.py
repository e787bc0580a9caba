"""Synthetic submissions and graders (kit.synthetic.grading) on the kit's real assignments."""

from __future__ import annotations

import random
from pathlib import Path

import nbformat
import pytest

from kit.grading.course import assignment_rubric, open_course
from kit.synthetic.grading import fill_notebook, quality_levels, simulated_scores

ROOT = Path(__file__).resolve().parents[2]
COURSE = open_course(ROOT / "assignments")
SOURCE = nbformat.read(str(ROOT / "assignments/source/discoursanalyse/discoursanalyse.ipynb"),
                       as_version=4)


def _answers(nb) -> dict[str, str]:
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def test_quality_zero_leaves_the_answers_and_one_gives_the_model_without_markers():
    blank = fill_notebook(SOURCE, SOURCE, 0.0, random.Random(1))
    assert _answers(blank) == _answers(SOURCE)  # nothing written into them
    model = fill_notebook(SOURCE, SOURCE, 1.0, random.Random(1))
    assert all("BEGIN SOLUTION" not in text for text in _answers(model).values())
    assert fill_notebook(SOURCE, SOURCE, 0.6, random.Random(3)) == \
        fill_notebook(SOURCE, SOURCE, 0.6, random.Random(3))
    assert SOURCE.cells == nbformat.read(
        str(ROOT / "assignments/source/discoursanalyse/discoursanalyse.ipynb"), as_version=4).cells


@pytest.mark.parametrize("quality, levels, expected", [(0.0, 4, 0), (1.0, 4, 3), (0.5, 3, 1)])
def test_quality_levels_without_noise(quality, levels, expected):
    assert quality_levels(quality, levels, random.Random(0), noise=0.0) == expected


def test_simulated_scores_use_real_levels_and_follow_quality():
    rubric = assignment_rubric(COURSE, "discoursanalyse")
    scores = simulated_scores(rubric, "discoursanalyse", {"zwak": 0.1, "sterk": 0.95}, "ab",
                              "eerste", random.Random(5), noise=0.2)
    criteria = [(c.grade_id, k) for c in rubric.cells for k in c.criteria]
    assert len(scores) == 2 * len(criteria)
    for score in scores:
        cell = rubric.cell(score.grade_id)
        criterion = next(k for k in cell.criteria if k.id == score.criterion)
        assert (score.level, score.points) in {(lvl.id, lvl.points) for lvl in criterion.levels}
        assert (score.grader, score.role) == ("ab", "eerste")
    total = {s: sum(x.points for x in scores if x.student == s) for s in ("zwak", "sterk")}
    assert total["zwak"] < total["sterk"]
