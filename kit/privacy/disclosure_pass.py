"""One disclosure-control pass over everything a report publishes together.

A :class:`Model` lists every count of persons the report publishes (a
*quantity*), every cell that shows it (the same count may stand in several
tables) and the relations between counts an attacker can use: totals and
margins (``sum``), parts that together reach at least a total
(``sum_at_least``), a part that cannot exceed a whole (``at_most``), shares
(numerator / denominator) and means that rest on a count. :func:`protect`
then hides, over all tables at once:

1. *primary*: counts from 1 to ``k - 1`` (marker ``<k``) and counts made up by
   one organisation (dominance, marker ``1 org.``);
2. *secondary*: more counts (marker ``x``, always ``k`` or more) until the
   attacker (:mod:`kit.privacy.attacker`, an integer linear programme over all
   published numbers) leaves every primary cell at least ``protection(k)`` possible values;
3. a table where more than ``max_hidden_share`` of the non-zero counts would be
   hidden is refused (not published) and the pass starts again without it.

Shares are hidden whenever their numerator or denominator is hidden, means
whenever the count behind them is hidden (marker ``x``).

>>> m = Model()
>>> for party, n in {"gemeente": 13, "bedrijfsleven": 3, "community": 10, "zorg": 41}.items():
...     _ = m.quantity(party, n); m.cell(party, "deelname", 0, party)
>>> _ = m.quantity("totaal", 67); m.cell("totaal", "indicatoren", 0, "waarde")
>>> m.relate("totaal", ["gemeente", "bedrijfsleven", "community", "zorg"])
>>> result = protect(m, k=10)
>>> sorted((q, r) for q, r in result.hidden.items())
[('bedrijfsleven', 'klein'), ('gemeente', 'ter bescherming')]

(Hiding the community's 10 would not do: an ``x`` is 10 or more, so 3 + 10 = 13 pins the
hidden count between 1 and 3.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kit.errors import CheckFailed, InputError
from kit.privacy.attacker import MIN_K, Problem, factor_bound, possible_values, protection

__all__ = ["SMALL", "DOMINANT", "PROTECTING", "NOT_DETERMINABLE", "REASONS", "Model",
           "Protection", "protect", "markers", "marker_for"]

SMALL, DOMINANT, PROTECTING = "klein", "één organisatie", "ter bescherming"
REASONS = (SMALL, DOMINANT, PROTECTING)
#: What a trend, comparison or decision on a hidden value says.
NOT_DETERMINABLE = "niet te bepalen"
#: Marker of a cell hidden because one organisation makes up the whole count.
DOMINANT_MARKER = "1 org."
#: Marker of a cell hidden to protect another one (always ``k`` or more for counts).
PROTECTING_MARKER = "x"


def marker_for(reason: str, k: int) -> str:
    """The marker a hidden cell shows.

    >>> marker_for(SMALL, 10), marker_for(PROTECTING, 10), marker_for(DOMINANT, 10)
    ('<10', 'x', '1 org.')
    """
    return {SMALL: f"<{k}", DOMINANT: DOMINANT_MARKER, PROTECTING: PROTECTING_MARKER}[reason]


def markers(k: int) -> dict[str, dict[str, Any]]:
    """The markers with their meaning and what they tell about the hidden count (for the schema).

    >>> markers(10)["<10"]["max"], markers(10)["x"]["min"]
    (9, 10)
    """
    return {
        f"<{k}": {"reden": SMALL, "primary": True, "min": 1, "max": k - 1,
                  "betekenis": f"verborgen omdat het aantal klein is: 1 tot en met {k - 1}"},
        DOMINANT_MARKER: {"reden": DOMINANT, "primary": True, "min": k, "max": None,
                          "betekenis": f"verborgen omdat alle {k} of meer personen van één "
                                       "organisatie komen"},
        PROTECTING_MARKER: {"reden": PROTECTING, "primary": False, "min": k, "max": None,
                            "betekenis": f"verborgen om een andere verborgen cel te beschermen; "
                                         f"bij een aantal: {k} of meer. Bij een aandeel of "
                                         "gemiddelde: het aantal erachter is verborgen, of "
                                         "iedereen in de groep heeft dezelfde waarde"},
    }


Ref = tuple[str, int, str]


@dataclass
class Model:
    """Counts of persons, the cells that publish them and the relations between them."""

    values: dict[str, int] = field(default_factory=dict)
    sensitive: set[str] = field(default_factory=set)
    dominated: set[str] = field(default_factory=set)
    cells: dict[str, list[Ref]] = field(default_factory=dict)
    relations: list[dict[str, Any]] = field(default_factory=list)
    #: counts that are always published (totals): never hidden to protect another cell
    fixed: set[str] = field(default_factory=set)
    #: zeros that are hidden as small (when zeros are disclosive)
    zeros: set[str] = field(default_factory=set)
    #: the smallest value a cell marked small can have (0 when zeros are hidden too)
    small_min: int = 1
    #: counts whose mean (or other statistic) every contributor shares: such a mean tells each
    #: contributor their own value (acro's ``all-values-are-same``) and is hidden
    uniform: set[str] = field(default_factory=set)

    def quantity(self, name: str, value: int, *, sensitive: bool = True,
                 dominated: bool = False) -> str:
        """Declare a count (again: the value must agree)."""
        value = int(value)
        if name in self.values and self.values[name] != value:
            raise InputError(f"de telling '{name}' heeft twee waarden ({self.values[name]} en "
                             f"{value}); het rapport is niet consistent")
        self.values[name] = value
        self.cells.setdefault(name, [])
        if sensitive:
            self.sensitive.add(name)
        if dominated:
            self.dominated.add(name)
        return name

    def cell(self, name: str, table: str, row: int, column: str) -> None:
        """A published cell that shows the count ``name``."""
        ref = (table, int(row), column)
        if ref not in self.cells[name]:
            self.cells[name].append(ref)

    def relate(self, total: str, parts: list[str]) -> None:
        """Parts of a total: the strongest relation the true numbers satisfy is declared
        (an attacker may assume it): ``sum`` when they add up, ``sum_at_least`` when they
        reach at least the total (a person in several parts), else ``at_most`` per part."""
        parts = [p for p in dict.fromkeys(parts) if p != total]
        if not parts:
            return
        values = [self.values[p] for p in parts]
        whole = self.values[total]
        if sum(values) == whole:
            self.relations.append({"kind": "sum", "total": total, "parts": parts})
        elif sum(values) > whole and all(v <= whole for v in values):
            self.relations.append({"kind": "sum_at_least", "total": total, "parts": parts})
        else:
            for part in parts:
                self.at_most(part, total)

    def at_most(self, part: str, whole: str, *, factor_of: str | None = None) -> None:
        """``part <= whole`` or ``part <= factor_of x whole`` (declared only when it holds).

        With ``factor_of`` (a count, such as the number of assignments) the relation is linear
        only while that count is known; hidden, its largest possible value is used."""
        factor = 1 if factor_of is None else self.values[factor_of]
        if self.values[part] <= factor * self.values[whole]:
            relation = {"kind": "at_most", "part": part, "whole": whole}
            if factor_of is not None:
                relation["factor_of"] = factor_of
            self.relations.append(relation)

    def share(self, ref: Ref, numerator: list[str], denominator: list[str]) -> None:
        """A published share ``sum(numerator) / sum(denominator)`` in cell ``ref``."""
        for relation in self.relations:
            if relation["kind"] == "share" and relation["numerator"] == numerator \
                    and relation["denominator"] == denominator:
                relation["cells"].append(list(ref))
                return
        self.relations.append({"kind": "share", "cells": [list(ref)], "numerator": numerator,
                               "denominator": denominator})

    def mean(self, ref: Ref, basis: str) -> None:
        """A published mean (or other statistic) that rests on the count ``basis``."""
        for relation in self.relations:
            if relation["kind"] == "mean" and relation["basis"] == basis:
                relation["cells"].append(list(ref))
                return
        self.relations.append({"kind": "mean", "cells": [list(ref)], "basis": basis})

    def neighbours(self) -> dict[str, set[str]]:
        """Counts that stand together in a linear relation."""
        out: dict[str, set[str]] = {q: set() for q in self.values}
        for relation in self.relations:
            members = _members(relation)
            for q in members:
                out[q] |= set(members) - {q}
        return out


def _members(relation: dict[str, Any]) -> list[str]:
    kind = relation["kind"]
    if kind in ("sum", "sum_at_least"):
        return [relation["total"], *relation["parts"]]
    if kind == "at_most":
        return [relation["part"], relation["whole"]] + \
            ([relation["factor_of"]] if relation.get("factor_of") else [])
    if kind == "share":
        return [*relation["numerator"], *relation["denominator"]]
    return [relation["basis"]]


@dataclass
class Protection:
    """The outcome of the pass: hidden counts with their reason, refused tables."""

    hidden: dict[str, str]
    refused: set[str]
    k: int
    rounds: int = 0

    def marker(self, name: str) -> str | None:
        """The marker of a hidden count, ``None`` when it is published."""
        reason = self.hidden.get(name)
        return None if reason is None else marker_for(reason, self.k)


def _problem(model: Model, hidden: dict[str, str], published: set[str], k: int):
    """The attacker's problem for the true numbers and a hidden set."""
    known = {q: float(v) for q, v in model.values.items() if q in published and q not in hidden}
    bounds: dict[str, tuple[float, float | None]] = {}
    for q, reason in hidden.items():
        bounds[q] = (float(model.small_min), float(k - 1)) if reason == SMALL else (float(k), None)
    constraints = []
    for relation in model.relations:
        kind = relation["kind"]
        if kind in ("sum", "sum_at_least"):
            coefs = {relation["total"]: 1.0}
            for part in relation["parts"]:
                coefs[part] = coefs.get(part, 0.0) - 1.0
                if kind == "sum_at_least":
                    constraints.append(("le", {part: 1.0, relation["total"]: -1.0}, 0.0))
            constraints.append(("eq" if kind == "sum" else "le", coefs, 0.0))
        elif kind == "at_most":
            factor = factor_bound(relation, known, bounds)
            if factor is not None:
                constraints.append(("le", {relation["part"]: 1.0, relation["whole"]: -factor}, 0.0))
        # shares and means are hidden with their counts: they add no equation here
    return Problem(known=known, bounds=bounds, constraints=constraints)


def protect(model: Model, *, k: int = 10, refusable: dict[str, list[str]] | None = None,
            max_hidden_share: float = 0.5, max_rounds: int = 400,
            blocks: dict[tuple[str, int], str] | None = None) -> Protection:
    """Primary and secondary suppression over all published tables at once.

    Args:
        model: the counts, their cells and relations.
        k: the threshold (never below 5).
        refusable: ``{table: [count columns]}`` of tables that are refused (not published)
            when more than ``max_hidden_share`` of their non-zero counts would be hidden.
        max_hidden_share: see ``refusable``.
        max_rounds: safety limit on secondary suppression rounds.
        blocks: ``{(table, row): unit}``: rows refused together (a table's rows of one cohort
            or project year). Refusing a cohort's rows, not the whole table, keeps what is
            published about that cohort the same when another cohort is added: two reports
            (two weegmomenten) then cannot be set side by side to pin a hidden count. Rows
            without a block are refused with their table.

    Returns:
        A :class:`Protection`.

    Raises:
        InputError: ``k`` below 5.
        CheckFailed: a small count cannot be protected at all.
    """
    if int(k) < MIN_K:
        raise InputError(f"de drempel k={k} is te laag: de kit gebruikt nooit minder dan {MIN_K}",
                         place="k")
    need = protection(k)
    refusable = refusable or {}
    blocks = blocks or {}

    def unit(ref) -> str:
        return blocks.get((ref[0], int(ref[1])), ref[0])

    refused: set[str] = set()
    neighbours = model.neighbours()
    rounds = 0
    while True:
        published = {q for q, refs in model.cells.items()
                     if any(unit(ref) not in refused for ref in refs)}
        hidden: dict[str, str] = {}
        for q in sorted(published & model.sensitive):
            value = model.values[q]
            if 0 < value < k or q in model.zeros:
                hidden[q] = SMALL
            elif value >= k and q in model.dominated:
                hidden[q] = DOMINANT
        added: list[str] = []  # hidden to protect another cell, in order
        early = _mostly_hidden(model, hidden, refusable, refused, max_hidden_share, unit)
        if early:  # refuse before spending secondary suppression on them
            refused |= early
            continue
        while True:
            rounds += 1
            if rounds > max_rounds:
                raise CheckFailed("de kleine aantallen zijn niet te beschermen binnen de grens van "
                                  f"{max_rounds} stappen; voeg categorieën samen")
            targets = sorted(q for q, r in hidden.items()
                             if r != PROTECTING and q in model.sensitive)
            widths = _problem(model, hidden, published, k).intervals(targets)
            failing = [q for q in targets if _width(widths[q]) < need]
            if not failing:
                break
            target = failing[0]
            cluster, frontier = {target}, [target]
            while frontier:
                q = frontier.pop()
                for other in neighbours[q]:
                    if other in hidden and other not in cluster:
                        cluster.add(other)
                        frontier.append(other)
            candidates = sorted({c for q in cluster for c in neighbours[q]
                                 if c not in hidden and c in published and model.values[c] > 0
                                 and c not in model.fixed},
                                key=lambda c: (model.values[c], c))
            if not candidates:
                tables = {unit(ref) for q in cluster for other in neighbours[q] | {q}
                          for ref in model.cells.get(other, []) if ref[0] in refusable} - refused
                if not tables:
                    from kit.errors import row_place

                    refs = model.cells.get(target) or [("rapport", 0, "?")]
                    table, row, column = refs[0]
                    raise CheckFailed(f"{table}.csv, {row_place(row, column)}: deze kleine telling "
                                      "is niet te beschermen door andere cellen te verbergen; "
                                      "voeg categorieën of cohorten samen")
                refused |= tables
                break
            best = None
            for candidate in candidates[:20]:
                trial = {**hidden, candidate: _secondary(model, candidate, k)}
                width = _width(_problem(model, trial, published, k).intervals([target])[target])
                if width >= need:  # the smallest count that protects the target
                    best = (None, candidate)
                    break
                score = (-min(width, 1e9), model.values[candidate], candidate)
                if best is None or score < best[0]:
                    best = (score, candidate)
            hidden[best[1]] = _secondary(model, best[1], k)
            added.append(best[1])
        else:  # pragma: no cover - the inner loop always breaks
            pass
        # a cell hidden early may have become unnecessary: publish it again when every
        # small cell stays protected without it (latest first)
        targets = sorted(q for q in hidden if q not in added and q in model.sensitive)
        for q in reversed(added):
            trial = {h: r for h, r in hidden.items() if h != q}
            widths = _problem(model, trial, published, k).intervals(targets)
            if all(_width(widths[t]) >= need for t in targets):
                hidden = trial
        newly = _mostly_hidden(model, hidden, refusable, refused, max_hidden_share, unit)
        if not newly and all(_width(w) >= need for w in _problem(model, hidden, published, k)
                             .intervals(sorted(q for q in hidden if q not in added
                                               and q in model.sensitive)).values()):
            return Protection(hidden=hidden, refused=refused, k=int(k), rounds=rounds)
        refused |= newly


def _secondary(model: Model, name: str, k: int) -> str:
    """The reason a cell hidden to protect another shows: ``x`` (``k`` or more) or, for a
    small count that is not about persons (a number of themes), ``<k``."""
    return PROTECTING if model.values[name] >= k else SMALL


def _mostly_hidden(model: Model, hidden: dict[str, str], refusable: dict[str, list[str]],
                   refused: set[str], max_hidden_share: float, unit=None) -> set[str]:
    """Refusable tables (or blocks of their rows) where more than the allowed share of
    non-zero counts is hidden."""
    unit = unit or (lambda ref: ref[0])
    counts: dict[str, list[str]] = {}
    for q, refs in model.cells.items():
        for ref in refs:
            if ref[0] in refusable and ref[2] in refusable[ref[0]] and model.values[q] > 0:
                counts.setdefault(unit(ref), []).append(q)
    return {u for u, qs in counts.items()
            if u not in refused and sum(q in hidden for q in qs) / len(qs) > max_hidden_share}


def _width(interval: tuple[float, float]) -> float:
    """The number of values an attacker cannot exclude (compared with ``protection(k)``)."""

    return possible_values(interval)
