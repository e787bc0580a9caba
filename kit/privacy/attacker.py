"""The attacker of statistical disclosure control: how precisely can a hidden count be recomputed?

An attacker knows the published counts, that a hidden count lies in a range (a marker ``<k``
says 1 to ``k - 1``, an ``x`` says ``k`` or more) and the linear relations between counts
(totals, margins, parts of a whole). :class:`Problem` computes, for each hidden count, the
tightest interval those allow with an integer linear programme (:func:`scipy.optimize.milp`,
HiGHS; every count a whole number >= 0). :func:`protection` is how many whole values a hidden
small count must keep possible. Used by the small-cell suppression of every table
(:mod:`kit.privacy.disclosure`), the one disclosure pass over a report
(:mod:`kit.privacy.disclosure_pass`) and the audit of a published report
(:mod:`kit.evaluation.audit`).

>>> problem = Problem(known={"totaal": 30.0, "b": 10.0}, bounds={"a": (1.0, 9.0), "c": (10.0, None)},
...                   constraints=[("eq", {"totaal": 1, "a": -1, "b": -1, "c": -1}, 0.0)])
>>> problem.intervals(["a"])["a"]
(1.0, 9.0)
>>> pinned = Problem(known={"totaal": 13.0, "b": 10.0}, bounds={"a": (1.0, 9.0)},
...                  constraints=[("eq", {"totaal": 1, "a": -1, "b": -1}, 0.0)])
>>> pinned.intervals(["a"])["a"]
(3.0, 3.0)
>>> protection(10), protection(5)
(5, 3)
>>> possible_values((1.0, 5.0)), possible_values((1.5, 4.5)), possible_values((10.0, math.inf))
(5, 3, inf)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MIN_K", "Problem", "protection", "possible_values", "factor_bound"]

#: The smallest threshold ``k`` the kit ever uses for counts of persons.
MIN_K = 5

_TOL = 1e-6
#: Intervals already solved, by target and the exact content of its linear programme (the
#: disclosure pass asks the same question many times while it hides one cell at a time).
_CACHE: dict[tuple, tuple[float, float]] = {}


def factor_bound(relation: dict[str, Any], known: dict[str, float],
                 bounds: dict[str, tuple[float, float | None]]) -> float | None:
    """The factor of an ``at_most`` relation as an attacker can use it: 1, the published
    ``factor_of`` count, or its largest possible value when hidden (``None``: unbounded, the
    relation tells nothing).

    >>> factor_bound({"factor_of": "n"}, {"n": 3.0}, {}), factor_bound({"factor_of": "n"}, {}, {"n": (1.0, 9.0)})
    (3.0, 9.0)
    >>> factor_bound({"factor_of": "n"}, {}, {"n": (10.0, None)}) is None, factor_bound({}, {}, {})
    (True, 1.0)
    """
    name = relation.get("factor_of")
    if not name:
        return float(relation.get("factor", 1))
    if name in known:
        return float(known[name])
    high = bounds.get(name, (0.0, None))[1]
    return None if high is None else float(high)


def protection(k: int) -> int:
    """How many values a hidden small count must keep possible, whatever an attacker
    combines from all published files: at least half of the ``k - 1`` values its marker
    ``<k`` allows, and never fewer than three.

    This is a *sliding protection level* in the sense of cell-suppression theory (Fischetti
    & Salazar-González; Hundepool et al., *Statistical Disclosure Control*, 2012, ch. 4):
    it bounds the width of the attacker's feasibility interval wherever it lies. The marker
    already says 1 to ``k - 1``; the rest of the publication may add at most one bit to that
    (halve it), and a guess of the exact count is right at most one time in three. For
    ``k = 10``: 5 of the values 1 to 9 (such as 1 to 5); for ``k = 5``: 3 of 1 to 4. The
    attacker is exact: counts are whole numbers (:meth:`Problem.intervals`).
    """
    return max(3, math.ceil((int(k) - 1) / 2))


def possible_values(interval: tuple[float, float]) -> float:
    """The number of whole numbers in an attacker's interval (``inf`` when unbounded, 0 when
    the relations cannot hold)."""
    low, high = interval
    if math.isnan(low) or math.isnan(high):
        return 0
    if math.isinf(high):
        return math.inf
    return max(0, math.floor(high + _TOL) - math.ceil(low - _TOL) + 1)


@dataclass
class Problem:
    """What an attacker knows: published counts, bounds of hidden ones, linear relations.

    Attributes:
        known: published counts ``{quantity: value}``.
        bounds: hidden (or unpublished) counts ``{quantity: (low, high or None)}``.
        constraints: ``(kind, {quantity: coefficient}, rhs)`` with kind ``eq`` or ``le``:
            ``sum(coef * q) == rhs`` or ``<= rhs``; quantities may be known or hidden.
    """

    known: dict[str, float]
    bounds: dict[str, tuple[float, float | None]]
    constraints: list[tuple[str, dict[str, float], float]] = field(default_factory=list)

    def _reduced(self):
        """Constraints over the unknowns only (known values moved to the right-hand side)."""
        reduced, broken = [], []
        for kind, coefs, rhs in self.constraints:
            rest = dict(rhs=rhs)
            unknown = {}
            for name, coef in coefs.items():
                if coef == 0:
                    continue
                if name in self.known:
                    rest["rhs"] -= coef * self.known[name]
                elif name in self.bounds:
                    unknown[name] = unknown.get(name, 0.0) + coef
                else:
                    unknown[name] = unknown.get(name, 0.0) + coef  # unpublished: >= 0
            if not unknown:
                scale = 1.0 + sum(abs(c) * abs(self.known.get(n, 0.0)) for n, c in coefs.items())
                bad = abs(rest["rhs"]) > _TOL * scale if kind == "eq" else rest["rhs"] < -_TOL * scale
                if bad:
                    broken.append((kind, coefs, rhs))
                continue
            reduced.append((kind, unknown, rest["rhs"]))
        return reduced, broken

    def inconsistent(self) -> list[tuple[str, dict[str, float], float]]:
        """Relations that the published numbers themselves contradict."""
        return self._reduced()[1]

    def intervals(self, targets: list[str]) -> dict[str, tuple[float, float]]:
        """The tightest interval of each target that the published numbers allow.

        Returns:
            ``{target: (low, high)}``; ``high`` is ``math.inf`` when unbounded. A target
            whose relations cannot all hold gets ``(nan, nan)``.
        """
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp

        reduced, _broken = self._reduced()
        names = sorted({n for _k, coefs, _r in reduced for n in coefs} | set(targets))
        parent = {n: n for n in names}

        def find(n):
            while parent[n] != n:
                parent[n] = parent[parent[n]]
                n = parent[n]
            return n

        for _kind, coefs, _rhs in reduced:
            first, *rest = list(coefs)
            for other in rest:
                parent[find(other)] = find(first)
        components: dict[str, list[str]] = {}
        for n in names:
            components.setdefault(find(n), []).append(n)
        by_component: dict[str, list] = {}
        for item in reduced:
            by_component.setdefault(find(next(iter(item[1]))), []).append(item)
        out: dict[str, tuple[float, float]] = {}
        for target in targets:
            members = components[find(target)]
            index = {n: i for i, n in enumerate(members)}
            mine = by_component.get(find(target), [])
            key = (target, tuple((kind, tuple(sorted(coefs.items())), round(rhs, 9))
                                 for kind, coefs, rhs in mine),
                   tuple((n, self.bounds.get(n, (0.0, None))) for n in members))
            if key in _CACHE:
                out[target] = _CACHE[key]
                continue
            rows_eq, b_eq, rows_ub, b_ub = [], [], [], []
            for kind, coefs, rhs in mine:
                row = np.zeros(len(members))
                for n, c in coefs.items():
                    row[index[n]] += c
                (rows_eq if kind == "eq" else rows_ub).append(row)
                (b_eq if kind == "eq" else b_ub).append(rhs)
            bounds = [self.bounds.get(n, (0.0, None)) for n in members]
            if not rows_eq and not rows_ub:
                low, high = bounds[index[target]]
                out[target] = (float(low), math.inf if high is None else float(high))
                _CACHE[key] = out[target]
                continue
            ends = []
            constraints = []
            if rows_eq:
                constraints.append(LinearConstraint(np.array(rows_eq), b_eq, b_eq))
            if rows_ub:
                constraints.append(LinearConstraint(np.array(rows_ub), -np.inf, b_ub))
            box = Bounds([b[0] for b in bounds], [np.inf if b[1] is None else b[1] for b in bounds])
            for sign in (1.0, -1.0):
                cost = np.zeros(len(members))
                cost[index[target]] = sign
                result = milp(cost, constraints=constraints, integrality=np.ones(len(members)),
                              bounds=box)
                if result.status == 0:
                    ends.append(sign * float(result.fun))
                elif sign < 0 and result.status in (3, 4) and not math.isnan(ends[0]):
                    ends.append(math.inf)  # feasible (the minimum exists) and unbounded above
                else:
                    ends.append(math.nan)
            low, high = ends[0], ends[1]
            if not math.isnan(low):
                low = round(low, 6)
            if not math.isnan(high) and not math.isinf(high):
                high = round(high, 6)
            out[target] = (low, high)
            if len(_CACHE) > 50_000:
                _CACHE.clear()
            _CACHE[key] = out[target]
        return out
