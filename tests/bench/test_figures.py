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


def test_goals_relaxed_under_load():
    """Times and ratios of times 1,5× looser; percentages, counts and memory not; the goal's
    other part (identical scores) never."""
    from kit.bench.figures import RELAX, under_load

    harvest = Figure("oogst", 80.0, None, "", "s", "< 60 s", False, limit=60.0)
    faster = Figure("nakijken", 14.0, 38.0, "serieel", "s", "≥ 3× sneller, zelfde scores",
                    False, limit=3.0, of="speedup", higher_is_better=True,
                    runs=[2.5, 2.7, 2.6])
    wrong = Figure("nakijken", 10.0, 38.0, "serieel", "s", "≥ 3× sneller, zelfde scores",
                   False, limit=3.0, of="speedup", higher_is_better=True, condition=False)
    floor = Figure("vloer", 4.0, 1.0, "vloer", "s", "≤ 3× vloer", False, limit=3.0, of="ratio")
    too_slow = Figure("vloer", 5.0, 1.0, "vloer", "s", "≤ 3× vloer", False, limit=3.0, of="ratio")
    recall = Figure("namen", 94.0, 40.0, "deduce", "%", "≥ 95%", False, limit=95.0,
                    higher_is_better=True, relax=False)
    memory = Figure("geheugen", 1100.0, 100.0, "bibliotheken", "MB", "< 1024 MB", False,
                    limit=1024.0, relax=False)
    disagree = Figure("wand", 0.9, 0.1, "lezen", "s", "≤ 1 s", True, spread=(0.5, 1.6),
                      limit=1.0)
    words = Figure("basis", 3.0, None, "", "s", "basis voor de groei", True)
    under_load([harvest, faster, wrong, floor, too_slow, recall, memory, disagree, words], RELAX)
    assert (harvest.status, harvest.goal) == ("ja", "< 60 s (onder belasting ≤ 90 s)")
    assert faster.status == "ja" and faster.goal.endswith("(onder belasting ≥ 2× sneller)")
    assert wrong.status == "nee" and not wrong.met
    assert floor.status == "ja" and floor.goal == "≤ 3× vloer (onder belasting ≤ 4,5×)"
    assert too_slow.status == "nee"
    assert (recall.status, recall.goal) == ("nee", "≥ 95%")  # not relaxed
    assert (memory.status, memory.goal) == ("nee", "< 1024 MB")
    assert disagree.status == "onzeker"  # 0,5 s meets 1,5 s, 1,6 s does not
    assert words.status is None and words.goal == "basis voor de groei"
    growth = Figure("groei", 9.0, 10.0, "lineair", "x", "≤ 15× (lineair)", True, limit=15.0)
    assert growth.goal_under_load() == "≤ 15× (lineair) (onder belasting ≤ 22,5×)"


def test_every_numeric_goal_of_every_bench_has_its_number():
    """Each Figure(...) in kit/bench names a ``limit=`` unless its goal has no number
    (or the row only reports a failure, or is a comparison that says "geen doel"); a new row
    without one would not be judged under load."""
    import ast
    from pathlib import Path

    bench = Path(__file__).resolve().parents[2] / "kit" / "bench"
    without = []
    for path in sorted(bench.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Figure"):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            if "limit" in keywords:
                continue
            goal = keywords.get("goal", node.args[5] if len(node.args) > 5 else None)
            text = ast.unparse(goal) if goal is not None else ""
            failure = isinstance(keywords.get("met"), ast.Constant) and not keywords["met"].value
            # a comparison row without a goal says so in its goal and its verdict column
            no_goal = (isinstance(keywords.get("status"), ast.Constant)
                       and keywords["status"].value == "-" and "geen doel" in text)
            if not failure and not no_goal:
                without.append(f"{path.name}: {text}")
    assert without == ["evaluation.py: 'basis voor de groei'"], without
