"""Blind double marking: allocate first markers to all submissions and a second marker to a sample.

Every submission gets a first marker (round robin over a shuffled list); a random
sample (``--sample 20%``) also gets a second marker who is not its first marker.
Both see only submission codes (:mod:`kit.grading.blind`). How the two scores become
one is the final-score rule in :mod:`kit.grading.scoring`.

>>> plan = allocation_plan(["s1", "s2", "s3", "s4", "s5"], ["ana", "bob"], sample=0.4, seed=1)
>>> sum(1 for a in plan if a.role == "tweede")
2
>>> all(a.grader != b.grader for a in plan for b in plan
...     if a.student == b.student and a.role != b.role)
True
"""

from __future__ import annotations

import math
import random
import re

from kit.errors import InputError
from kit.grading.course import Course, require_assignment
from kit.grading.gradelog import Allocation, GradeLog, log_path

__all__ = ["parse_sample", "allocation_plan", "allocate"]


def parse_sample(text: str | float) -> float:
    """``"20%"``, ``"0.2"`` or ``0.2`` -> 0.2.

    >>> parse_sample("20%"), parse_sample("0.5")
    (0.2, 0.5)
    """
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*(%?)\s*", str(text))
        if not match:
            raise InputError(f"ongeldige steekproef '{text}' (bijvoorbeeld 20%)",
                             place="optie --sample")
        value = float(match.group(1).replace(",", "."))
        if match.group(2):
            value /= 100
    if not 0 < value <= 1:
        raise InputError("de steekproef ligt tussen 0% en 100%", place="optie --sample")
    return value


def allocation_plan(students: list[str], graders: list[str], *, sample: float = 0.2,
                    seed: int = 0, second_graders: list[str] | None = None) -> list[Allocation]:
    """First markers for all, second markers for a random sample (pure; nothing stored)."""
    graders = [g.strip() for g in graders if g.strip()]
    if not graders:
        raise InputError("geef minstens een beoordelaar op", place="optie --beoordelaars")
    seconds = [g.strip() for g in (second_graders or graders) if g.strip()]
    rng = random.Random(seed)
    order = sorted(students)
    rng.shuffle(order)
    plan: list[Allocation] = []
    first_of: dict[str, str] = {}
    for i, student in enumerate(order):
        first_of[student] = graders[i % len(graders)]
        plan.append(Allocation("", student, "eerste", first_of[student]))
    n_second = math.ceil(sample * len(order)) if order else 0
    if n_second and not [g for g in seconds if len(set(seconds) | set(graders)) > 1]:
        raise InputError("voor dubbel beoordelen zijn minstens twee beoordelaars nodig",
                         place="optie --beoordelaars")
    # A submission can only be sampled when someone other than its first marker can mark it
    # second (with one second marker: only the submissions someone else marks first).
    eligible = [s for s in order if any(g != first_of[s] for g in seconds)]
    if n_second > len(eligible):
        raise InputError(f"een steekproef van {n_second} inleveringen kan niet: de tweede "
                         f"beoordelaars ({', '.join(seconds)}) kunnen er {len(eligible)} als "
                         "tweede beoordelen (niemand beoordeelt zijn eigen inlevering twee keer); "
                         "neem een kleinere steekproef of meer tweede beoordelaars",
                         place="optie --sample")
    chosen = sorted(rng.sample(eligible, n_second))
    for j, student in enumerate(chosen):
        candidates = [g for g in seconds if g != first_of[student]]
        plan.append(Allocation("", student, "tweede", candidates[j % len(candidates)]))
    return plan


def allocate(course: Course, assignment: str, graders: list[str], *, sample: float = 0.2,
             seed: int = 0, second_graders: list[str] | None = None) -> list[Allocation]:
    """Allocate the assignment's submissions and store the plan in the grading log."""
    from kit.grading.scoring import graded_students

    require_assignment(course, assignment)
    students = graded_students(course, assignment)
    if not students:
        raise InputError(f"nog geen nagekeken inleveringen voor '{assignment}'; "
                         "draai eerst 'iids grade autograde'", path=course.db_path)
    plan = [Allocation(assignment, a.student, a.role, a.grader)
            for a in allocation_plan(students, graders, sample=sample, seed=seed,
                                     second_graders=second_graders)]
    GradeLog(log_path(course.root)).allocate(plan)
    return plan
