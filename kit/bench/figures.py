"""Shared pieces of ``iids bench``: timing, and a figure set beside its floor or peer.

Each area of the kit with benchmarks (:mod:`kit.areas`) offers them as
``run(quick: bool) -> list[Figure]`` in ``kit/bench/<area>.py``. A figure is measured for the kit and for its floor or
peer **in the same run** (raw deduce, serial nbgrader, nbformat reading, a bare
Python start), so the ratio means something on a shared, noisy machine.

>>> f = Figure("voorbeeld", kit=2.0, peer=1.0, peer_name="vloer", unit="s",
...            goal="≤ 3× vloer", met=True)
>>> f.ratio
2.0
>>> f.row()
'| voorbeeld | 2,00 s | 1,00 s (vloer) | 2,00 | ≤ 3× vloer | ja |'
>>> median_time(lambda: None, repeat=3) >= 0
True

Under load a single timing says little. :func:`interleaved` times competing
variants in turn (A, B, A, B ...), so load hits both alike; :func:`verdict` says
"onzeker" when the runs disagree about the goal, or when the goal is missed while
the machine was busier than one process per core:

>>> verdict([2.1, 2.3, 2.2], lambda r: r >= 2.0, load_per_core=3.0)
'ja'
>>> verdict([1.8, 2.3, 2.2], lambda r: r >= 2.0, load_per_core=0.2)
'onzeker'
>>> verdict([1.8, 1.7, 1.9], lambda r: r >= 2.0, load_per_core=0.2)
'nee'
>>> verdict([1.8, 1.7, 1.9], lambda r: r >= 2.0, load_per_core=1.6)
'onzeker'
>>> g = Figure("x", 1.0, 2.0, "vloer", "s", "doel", True, spread=(0.9, 1.2), status="onzeker")
>>> g.row()
'| x | 1,00 s (0,90 tot 1,20) | 2,00 s (vloer) | 0,50 | doel | onzeker |'
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Figure", "median_time", "time_once", "markdown_table", "interleaved", "verdict",
           "load_per_core", "Machine", "mark_uncertain", "under_load", "RELAX"]


#: How much looser a numeric goal may be under a deliberate load of 2 per core (issue 23).
RELAX = 1.5


@dataclass
class Figure:
    """One line of the benchmark table.

    Attributes:
        name: what was measured, in Dutch.
        kit: the kit's value.
        peer: the floor or peer measured in the same run (``None`` when there is none).
        peer_name: what the peer is.
        unit: ``"s"``, ``"MB"``, ``"/s"`` ...
        goal: the goal in words.
        met: whether the goal is met.
        spread: lowest and highest value of repeated runs (``kit`` is then the median).
        status: "ja", "nee" or "onzeker" (default: from ``met``).
        limit: the goal as a number, where it is one (``None``: a goal in words only).
        of: what ``limit`` bounds: ``"kit"`` (the value), ``"ratio"`` (kit / peer) or
            ``"speedup"`` (peer / kit, as in "≥ 3× sneller").
        higher_is_better: the goal is a lower bound (``≥``), not an upper one (``≤``).
        relax: the goal may be relaxed under deliberate load (times and ratios of times);
            ``False`` for what load does not change (percentages, counts, memory).
        runs: the bounded quantity (``of``) in each repeated run, where there were several;
            without it the runs are read from ``spread``.
        condition: the goal's other part, which is never relaxed (identical scores).
    """

    name: str
    kit: float
    peer: float | None
    peer_name: str
    unit: str
    goal: str
    met: bool
    spread: tuple[float, float] | None = None
    status: str | None = None
    limit: float | None = None
    of: str = "kit"
    higher_is_better: bool = False
    relax: bool = True
    runs: list[float] | None = None
    condition: bool = True

    @property
    def ratio(self) -> float | None:
        """kit / peer (``None`` without a peer)."""
        if self.peer in (None, 0):
            return None
        return self.kit / self.peer

    def row(self) -> str:
        """The figure as a Markdown table row, numbers in Dutch notation."""
        from kit.display import number

        peer = "-" if self.peer is None else f"{number(self.peer, 2)} {self.unit} ({self.peer_name})"
        ratio = "-" if self.ratio is None else number(self.ratio, 2)
        kit = f"{number(self.kit, 2)} {self.unit}"
        if self.spread is not None:
            kit += f" ({number(self.spread[0], 2)} tot {number(self.spread[1], 2)})"
        status = self.status or ("ja" if self.met else "nee")
        return f"| {self.name} | {kit} | {peer} | {ratio} | {self.goal} | {status} |"


    def bound(self, factor: float = 1.0) -> float:
        """The numeric goal, ``factor`` times looser when it may be relaxed.

        >>> Figure("x", 50.0, None, "", "s", "< 60 s", True, limit=60).bound(RELAX)
        90.0
        >>> Figure("x", 1.0, 3.0, "serieel", "s", "≥ 3× sneller", True, limit=3,
        ...        of="speedup", higher_is_better=True).bound(RELAX)
        2.0
        >>> Figure("x", 100.0, 40.0, "deduce", "%", "≥ 95%", True, limit=95,
        ...        higher_is_better=True, relax=False).bound(RELAX)
        95.0
        """
        if self.limit is None:
            raise ValueError(f"figure {self.name!r} has no numeric goal")
        if not self.relax:
            factor = 1.0
        return self.limit / factor if self.higher_is_better else self.limit * factor

    def values(self) -> list[float]:
        """The bounded quantity (``of``) of each run: ``runs``, else the ends of ``spread``,
        else the one value."""
        if self.runs:
            return list(self.runs)
        kits = list(self.spread) if self.spread is not None else [self.kit]
        if self.of == "kit":
            return kits
        if not self.peer:
            return []
        if self.of == "ratio":
            return [k / self.peer for k in kits]
        return [self.peer / k for k in kits if k]

    def judge(self, factor: float = 1.0) -> str | None:
        """"ja", "nee" or "onzeker" against the numeric goal relaxed by ``factor``.

        Every run meets it: "ja"; none: "nee"; the runs disagree: "onzeker". The load is
        not an excuse here: under deliberate load it is the condition of the measurement.
        ``None`` without a numeric goal.

        >>> f = Figure("x", 70.0, None, "", "s", "< 60 s", False, limit=60)
        >>> f.judge(), f.judge(RELAX)
        ('nee', 'ja')
        >>> Figure("x", 2.0, 1.0, "vloer", "s", "≤ 1,5× vloer", False, spread=(1.4, 2.4),
        ...        limit=1.5, of="ratio").judge(RELAX)
        'onzeker'
        >>> Figure("x", 14.0, 38.0, "serieel", "s", "≥ 3× sneller, zelfde scores", False,
        ...        limit=3, of="speedup", higher_is_better=True, condition=False).judge(RELAX)
        'nee'
        """
        if self.limit is None:
            return None
        bound = self.bound(factor)
        values = self.values()
        if not self.condition or not values:
            return "nee"
        results = [v >= bound if self.higher_is_better else v <= bound for v in values]
        if all(results):
            return "ja"
        return "onzeker" if any(results) else "nee"

    def goal_under_load(self, factor: float = RELAX) -> str:
        """The goal in words, with the relaxed goal beside it where it may be relaxed.

        >>> Figure("x", 50.0, None, "", "s", "≤ 60 s", True, limit=60).goal_under_load()
        '≤ 60 s (onder belasting ≤ 90 s)'
        >>> Figure("x", 1.0, 3.0, "serieel", "s", "≥ 3× sneller", True, limit=3,
        ...        of="speedup", higher_is_better=True).goal_under_load()
        '≥ 3× sneller (onder belasting ≥ 2× sneller)'
        >>> Figure("x", 2.0, 1.0, "vloer", "s", "≤ 3× vloer", True, limit=3, of="ratio"
        ...        ).goal_under_load()
        '≤ 3× vloer (onder belasting ≤ 4,5×)'
        """
        if self.limit is None or not self.relax:
            return self.goal
        sign = "≥" if self.higher_is_better else "≤"
        unit = {"kit": "×" if self.unit == "x" else f" {self.unit}", "ratio": "×",
                "speedup": "× sneller"}[self.of]
        return f"{self.goal} (onder belasting {sign} {_short(self.bound(factor))}{unit})"


def _short(value: float) -> str:
    """A goal's number in Dutch notation without trailing zeros (``4,5``, ``90``, ``0,53``)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def under_load(figures: list[Figure], factor: float = RELAX) -> list[Figure]:
    """Judge every figure with a numeric goal against that goal relaxed by ``factor`` (a run
    under deliberate load), and show both goals; figures without one keep their verdict.

    >>> f = Figure("x", 70.0, None, "", "s", "< 60 s", False, limit=60)
    >>> under_load([f])[0].row()
    '| x | 70,00 s | - | - | < 60 s (onder belasting ≤ 90 s) | ja |'
    """
    for figure in figures:
        if figure.limit is None:
            continue
        figure.status = figure.judge(factor)
        figure.met = figure.status == "ja"
        figure.goal = figure.goal_under_load(factor)
    return figures


def time_once(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median seconds of ``repeat`` calls of ``fn``."""
    return statistics.median(time_once(fn) for _ in range(repeat))


def load_per_core() -> float:
    """The machine's 1-minute load average per core (0 where unknown)."""
    try:
        return os.getloadavg()[0] / (os.cpu_count() or 1)
    except (AttributeError, OSError):
        return 0.0


def verdict(values: list[float], goal: Callable[[float], bool], load_per_core: float) -> str:
    """"ja", "nee" or "onzeker" for repeated values of one figure.

    Every run meets the goal: "ja". No run meets it: "nee", unless the machine carried
    more than one process per core (then the load may be the cause: "onzeker"). The runs
    disagree: "onzeker".
    """
    results = [bool(goal(v)) for v in values]
    if all(results):
        return "ja"
    if not any(results):
        return "onzeker" if load_per_core > 1.0 else "nee"
    return "onzeker"


def mark_uncertain(figures: list[Figure], load_per_core: float) -> list[Figure]:
    """Single timings that miss their goal on a busy machine say "onzeker", not "nee".

    >>> f = Figure("x", 2.0, 1.0, "vloer", "s", "≤ 1,5× vloer", False)
    >>> mark_uncertain([f], 0.5)[0].row().endswith("| nee |")
    True
    >>> mark_uncertain([f], 2.5)[0].row().endswith("| onzeker |")
    True
    """
    for figure in figures:
        if figure.status is None and not figure.met and load_per_core > 1.0:
            figure.status = "onzeker"
    return figures


def interleaved(variants: dict[str, Callable[[], object]], repeat: int = 3
                ) -> dict[str, list[float]]:
    """Seconds per run of each variant, run in turn (A, B, A, B ...) ``repeat`` times.

    >>> sorted(interleaved({"a": lambda: None, "b": lambda: None}, repeat=2))
    ['a', 'b']
    """
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, fn in variants.items():
            times[name].append(time_once(fn))
    return times


class Machine:
    """Load and CPU time over a stretch of measuring (``with Machine() as m: ...``).

    >>> with Machine() as m:
    ...     _ = sum(range(1000))
    >>> m.cpu_seconds >= 0 and m.load_start >= 0
    True
    """

    def __enter__(self) -> Machine:
        self.load_start = load_per_core()
        self._cpu = self._cpu_now()
        self._wall = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.load_end = load_per_core()
        self.cpu_seconds = self._cpu_now() - self._cpu
        self.wall_seconds = time.perf_counter() - self._wall

    @staticmethod
    def _cpu_now() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def describe(self) -> str:
        """One Dutch line: load per core at start and end, CPU and wall time."""
        from kit.display import number

        return (f"belasting per kern {number(self.load_start, 1)} bij het begin en "
                f"{number(self.load_end, 1)} aan het eind; CPU-tijd {number(self.cpu_seconds)} s "
                f"in {number(self.wall_seconds)} s")


def markdown_table(figures: list[Figure]) -> str:
    """All figures as one Markdown table.

    >>> print(markdown_table([]).splitlines()[0])
    | meting | kit | vloer of vergelijking | verhouding | doel | gehaald |
    """
    head = ["| meting | kit | vloer of vergelijking | verhouding | doel | gehaald |",
            "|---|---|---|---|---|---|"]
    return "\n".join(head + [f.row() for f in figures])
