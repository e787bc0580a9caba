"""Agreement between two markers per rubric criterion: weighted kappa and Krippendorff's alpha.

Levels are ordinal (their rank in the rubric), so kappa is weighted (quadratic by
default) and alpha uses the ordinal metric. Disagreements of more than one level are
listed for moderation.

>>> round(weighted_kappa([0, 1, 2, 2], [0, 1, 2, 1], 3), 3)
0.8
>>> weighted_kappa([1, 1], [1, 1], 3)
1.0
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.grading.course import Course, assignment_rubric
from kit.grading.gradelog import GradeLog, log_path

__all__ = ["weighted_kappa", "ordinal_alpha", "CriterionAgreement", "Disagreement",
           "agreement_report", "MIN_PAIRS"]

#: Below this many pairs a kappa or alpha says little (one pair gives 0 or 1); the report warns.
MIN_PAIRS = 10


def weighted_kappa(a: list[int], b: list[int], n_levels: int, weights: str = "quadratic"
                   ) -> float:
    """Cohen's weighted kappa for two raters on ordinal levels 0..n_levels-1.

    Returns 1.0 when both raters agree perfectly with no variation, NaN with no pairs.
    """
    n = len(a)
    if n == 0 or n != len(b):
        return float("nan")
    k = n_levels
    observed = [[0.0] * k for _ in range(k)]
    for x, y in zip(a, b, strict=True):
        observed[x][y] += 1
    row = [sum(observed[i]) for i in range(k)]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]

    def w(i: int, j: int) -> float:
        d = abs(i - j) / (k - 1) if k > 1 else 0.0
        return d * d if weights == "quadratic" else d

    num = sum(w(i, j) * observed[i][j] for i in range(k) for j in range(k))
    den = sum(w(i, j) * row[i] * col[j] / n for i in range(k) for j in range(k))
    if den == 0:
        return 1.0 if num == 0 else 0.0
    return 1 - num / den


def ordinal_alpha(a: list[int], b: list[int]) -> float:
    """Krippendorff's alpha (ordinal) for two raters; NaN when it is undefined.

    >>> round(ordinal_alpha([0, 1, 2, 2], [0, 1, 2, 1]), 3)
    0.79
    """
    import math

    import krippendorff

    if len(a) < 2 or len(set(a) | set(b)) < 2:
        return 1.0 if a == b and a else float("nan")
    try:
        value = float(krippendorff.alpha(reliability_data=[a, b],
                                         level_of_measurement="ordinal",
                                         value_domain=sorted(set(a) | set(b))))
    except (ValueError, ZeroDivisionError):
        return float("nan")
    return value if not math.isnan(value) else float("nan")


@dataclass
class CriterionAgreement:
    """Agreement on one criterion of one cell."""

    grade_id: str
    criterion: str
    pairs: int
    exact: float
    kappa: float
    alpha: float


@dataclass
class Disagreement:
    """Two markers more than one level apart (for moderation)."""

    student: str
    grade_id: str
    criterion: str
    first: str
    second: str
    steps: int
    first_grader: str
    second_grader: str
    resolved: str = ""
    """The moderator's level once moderated (empty: still open)."""


def agreement_report(course: Course, assignment: str
                     ) -> tuple[list[CriterionAgreement], list[Disagreement]]:
    """Per criterion: pairs, exact agreement, weighted kappa, ordinal alpha; and the disagreements.

    Only submissions scored by both a first and a second marker count.
    """
    from kit.grading.course import require_gradebook

    require_gradebook(course)
    rubric = assignment_rubric(course, assignment)
    current = GradeLog(log_path(course.root)).current(assignment)
    by_key: dict[tuple, dict[str, object]] = {}
    moderated: dict[tuple, str] = {}
    for s in current:
        if s.role in ("eerste", "tweede"):
            by_key.setdefault((s.grade_id, s.criterion, s.student), {})[s.role] = s
        elif s.role == "moderator":
            moderated[(s.grade_id, s.criterion, s.student)] = s.level
    rows: list[CriterionAgreement] = []
    disagreements: list[Disagreement] = []
    for cell in rubric.cells:
        for criterion in cell.criteria:
            a: list[int] = []
            b: list[int] = []
            for (gid, cid, student), pair in sorted(by_key.items()):
                if gid != cell.grade_id or cid != criterion.id or len(pair) < 2:
                    continue
                first, second = pair["eerste"], pair["tweede"]
                ra, rb = criterion.rank(first.level), criterion.rank(second.level)
                a.append(ra)
                b.append(rb)
                if abs(ra - rb) > 1:
                    disagreements.append(Disagreement(student, gid, cid, first.level,
                                                      second.level, abs(ra - rb), first.grader,
                                                      second.grader,
                                                      moderated.get((gid, cid, student), "")))
            exact = sum(x == y for x, y in zip(a, b, strict=True)) / len(a) if a else float("nan")
            rows.append(CriterionAgreement(cell.grade_id, criterion.id, len(a), exact,
                                           weighted_kappa(a, b, len(criterion.levels)),
                                           ordinal_alpha(a, b)))
    return rows, disagreements
