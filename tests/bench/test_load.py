"""The deliberate load of ``iids bench --belasting`` (kit.bench.load): its busy processes run in
a group of their own and never outlive the bench, whether it ends, fails, is interrupted or is
killed outright. No timed assertions: a wait for the processes to go has a generous bound."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.bench.load import Load

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody reaped has stopped running)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _gone(pids: list[int], patience: float = 30.0) -> bool:
    deadline = time.monotonic() + patience
    while any(_alive(p) for p in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_n_per_core_counts_the_bench_itself():
    assert Load(2, cores=2).count == 3
    assert Load(2, cores=1).count == 1
    assert Load(1, cores=1).count == 0  # the bench alone is one per core
    assert Load(1.5, cores=4).count == 5


def test_the_busy_processes_run_in_their_own_group_and_all_end():
    with Load(1.5, cores=2, interval=0.1) as load:
        pids = [p.pid for p in load.processes]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
        groups = {os.getpgid(p) for p in pids}
        assert groups == {pids[0]} and os.getpgrp() not in groups
        while not load.samples:
            time.sleep(0.05)
    assert not any(_alive(p) for p in pids)
    assert all(p.returncode is not None for p in load.processes)
    assert load.mean_load() >= 0 and load.mean_runnable() > 0
    text = load.describe()
    assert "--belasting 1,5" in text and "2 rekenprocessen naast de bench zelf" in text
    assert "/proc/loadavg" in text


@pytest.mark.parametrize("stop", [RuntimeError, KeyboardInterrupt])
def test_an_error_or_ctrl_c_kills_them_too(stop):
    with pytest.raises(stop), Load(1, cores=2) as load:
        pids = [p.pid for p in load.processes]
        raise stop()
    assert pids and not any(_alive(p) for p in pids)


def test_they_stop_by_themselves_when_the_bench_is_killed(tmp_path):
    """SIGKILL leaves no finally to run: each busy loop sees that its parent is gone."""
    script = ("import sys, time\n"
              "from kit.bench.load import Load\n"
              "with Load(1.5, cores=2) as load:\n"
              "    print(' '.join(str(p.pid) for p in load.processes), flush=True)\n"
              "    time.sleep(600)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    bench = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env=env)
    try:
        pids = [int(p) for p in bench.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
    finally:
        bench.send_signal(signal.SIGKILL)
        bench.wait()
    assert _gone(pids), [p for p in pids if _alive(p)]


def test_the_busy_loop_checks_its_parent():
    """The loop itself, without Load: it runs while its parent is the one named, and stops
    at once when it is not."""
    from kit.bench.load import BUSY

    done = subprocess.run([sys.executable, "-I", "-c", BUSY, "1"], timeout=60)
    assert done.returncode == 0  # its parent is this process, not pid 1: it stops at once
