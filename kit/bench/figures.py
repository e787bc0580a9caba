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
           "load_per_core", "Machine", "mark_uncertain"]


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
