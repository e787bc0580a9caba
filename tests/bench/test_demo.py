"""The whole-demo row of ``iids bench`` (kit.bench.demo): its noise rules, and the demo run
as a subprocess the way a newcomer starts it. The full demo (minutes) runs in the bench
itself, not here."""

from __future__ import annotations

import pytest

from kit.bench.demo import HONEST_SIMULATED, NOISE, _demo, noise, run

# the grading stage's summary as the demo printed it on 2026-12-02 (issue 23's honest line)
HONEST = ("    klaar in 49,7 s: 2 cohorten x 3 studenten x 5 opdrachten: 30 nagekeken (elke "
          "inlevering uitgevoerd), 10 dubbel beoordeeld (2 criteria gemodereerd), 0 apart gezet; "
          "synthetisch: studenten, antwoorden en de rubriekkeuzes van drie gesimuleerde docenten")


def test_the_honest_line_is_not_noise_and_everything_else_is():
    assert HONEST_SIMULATED in HONEST and noise(HONEST) == []
    log = "\n".join([
        "[1/6] privacy: kluis",
        "/x/nbformat/__init__.py:96: MissingIDFieldWarning: Code cell is missing an id field",
        "[IPKernelApp] WARNING | Kernel is running over TCP without encryption",
        "Traceback (most recent call last):",
        "    discoursanalyse: toetsuitvoer gesimuleerd",
        HONEST,
    ])
    assert noise(log) == [line.strip() for line in log.splitlines()[1:5]]
    assert {"Traceback", "Warning", "WARNING", "Kernel is running over TCP"} <= set(NOISE)


def test_quick_runs_no_demo():
    assert run(quick=True) == []


@pytest.mark.slow
def test_the_demo_runs_as_a_subprocess_with_its_cpu_time(tmp_path):
    """One small stage of the real demo, started as the row starts the whole one."""
    from kit.config import repo_root

    wall, cpu, code, log = _demo(tmp_path / "demo-uitvoer", repo_root(), "--quick",
                                 "--stap", "privacy")
    assert code == 0, log
    assert wall > 0 and cpu > 0
    assert "privacy" in log and noise(log) == []
    assert (tmp_path / "demo-uitvoer" / "kluis").is_dir()
