"""Shared pieces of ``iids bench``: timing, and a figure set beside its floor or peer.

Each area of the kit offers its benchmarks as ``run(quick: bool) -> list[Figure]`` in
``kit/<area>/bench.py``. A figure is measured for the kit and for its floor or
peer **in the same run** (raw deduce, serial nbgrader, nbformat reading, a bare
Python start), so the ratio means something on a shared, noisy machine.

>>> f = Figure("voorbeeld", kit=2.0, peer=1.0, peer_name="vloer", unit="s",
...            goal="≤ 3× vloer", met=True)
>>> f.ratio
2.0
>>> f.row()
'| voorbeeld | 2.00 s | 1.00 s (vloer) | 2.00 | ≤ 3× vloer | ja |'
>>> median_time(lambda: None, repeat=3) >= 0
True
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Figure", "median_time", "time_once", "markdown_table"]


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
    """

    name: str
    kit: float
    peer: float | None
    peer_name: str
    unit: str
    goal: str
    met: bool

    @property
    def ratio(self) -> float | None:
        """kit / peer (``None`` without a peer)."""
        if self.peer in (None, 0):
            return None
        return self.kit / self.peer

    def row(self) -> str:
        """The figure as a Markdown table row."""
        peer = "-" if self.peer is None else f"{self.peer:.2f} {self.unit} ({self.peer_name})"
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}"
        return (f"| {self.name} | {self.kit:.2f} {self.unit} | {peer} | {ratio} | {self.goal} | "
                f"{'ja' if self.met else 'nee'} |")


def time_once(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median seconds of ``repeat`` calls of ``fn``."""
    return statistics.median(time_once(fn) for _ in range(repeat))


def markdown_table(figures: list[Figure]) -> str:
    """All figures as one Markdown table.

    >>> print(markdown_table([]).splitlines()[0])
    | meting | kit | vloer of vergelijking | verhouding | doel | gehaald |
    """
    head = ["| meting | kit | vloer of vergelijking | verhouding | doel | gehaald |",
            "|---|---|---|---|---|---|"]
    return "\n".join(head + [f.row() for f in figures])
