"""Shared pieces of ``iids bench`` (kit.bench.figures): the table row, the verdict, CPU time.

No timed assertions: the values measured here are only checked for shape and order.
"""

from __future__ import annotations

from kit.bench.figures import (
    Figure,
    Machine,
    interleaved,
    mark_uncertain,
    markdown_table,
    verdict,
)


def test_row_without_peer_and_with_other_units():
    f = Figure("namen per seconde", kit=1234.5, peer=None, peer_name="", unit="/s",
               goal="≥ 1.000/s", met=True)
    assert f.ratio is None
    assert f.row() == "| namen per seconde | 1.234,50 /s | - | - | ≥ 1.000/s | ja |"
    assert Figure("x", 1.0, 0.0, "vloer", "s", "d", False).ratio is None  # no division by zero


def test_table_has_a_header_and_one_row_per_figure():
    figures = [Figure("a", 1.0, 2.0, "vloer", "s", "d", True),
               Figure("b", 3.0, 1.0, "vloer", "s", "d", False)]
    lines = markdown_table(figures).splitlines()
    assert len(lines) == 4 and lines[1] == "|---|---|---|---|---|---|"
    assert lines[2].startswith("| a | 1,00 s | 2,00 s (vloer) | 0,50 |")
    assert lines[3].endswith("| nee |")


def test_verdict_and_marking_on_a_busy_machine():
    goal = lambda ratio: ratio <= 1.5  # noqa: E731
    assert verdict([1.0, 1.2], goal, load_per_core=5.0) == "ja"
    assert verdict([2.0, 2.5], goal, load_per_core=1.0) == "nee"  # exactly one per core: not busy
    assert verdict([2.0, 2.5], goal, load_per_core=1.01) == "onzeker"
    met = Figure("x", 1.0, 1.0, "vloer", "s", "d", True)
    given = Figure("y", 9.0, 1.0, "vloer", "s", "d", False, status="nee")
    missed = Figure("z", 9.0, 1.0, "vloer", "s", "d", False)
    mark_uncertain([met, given, missed], 3.0)
    assert (met.status, given.status, missed.status) == (None, "nee", "onzeker")


def test_interleaved_runs_the_variants_in_turn():
    order = []
    times = interleaved({"a": lambda: order.append("a"), "b": lambda: order.append("b")}, repeat=3)
    assert order == ["a", "b"] * 3
    assert {k: len(v) for k, v in times.items()} == {"a": 3, "b": 3}
    assert all(t >= 0 for v in times.values() for t in v)


def test_machine_counts_cpu_time_of_children_too():
    import subprocess
    import sys

    with Machine() as m:
        subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
    assert m.cpu_seconds > 0 and m.wall_seconds > 0
    line = m.describe()
    assert line.startswith("belasting per kern ") and "CPU-tijd" in line and "." not in line.split("CPU")[0]
