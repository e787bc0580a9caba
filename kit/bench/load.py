"""A reproducible load for ``iids bench --belasting N``: busy processes that always end.

``Load(n)`` starts ``round(n × cores) - 1`` CPU-bound processes, so that with the bench's own
process the machine carries about ``n`` runnable processes per core for the whole run. They
share one process group of their own and are killed together when the ``with`` block ends,
also on Ctrl-C and on an error. Should the bench process itself die (``SIGKILL``), each busy
process sees that its parent is gone and stops within a fraction of a second.

While the load runs, a thread reads ``/proc/loadavg`` every few seconds: the 1-minute load
average needs about a minute to climb, so the figure reported is the mean of those samples
(and, beside it, the mean number of runnable processes, which does not lag).

>>> Load(2, cores=2).count
3
>>> Load(0.5, cores=1).count
0
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["Load", "BUSY"]

#: The busy process: spin, and stop as soon as the parent (argv[1]) is no longer our parent.
BUSY = (
    "import os, sys\n"
    "parent = int(sys.argv[1])\n"
    "while os.getppid() == parent:\n"
    "    for _ in range(20000):\n"
    "        pass\n"
)

LOADAVG = Path("/proc/loadavg")


def _sample() -> tuple[float, float] | None:
    """(1-minute load average, runnable processes) from ``/proc/loadavg``; ``None`` elsewhere."""
    try:
        fields = LOADAVG.read_text(encoding="ascii").split()
        return float(fields[0]), float(fields[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        try:
            return os.getloadavg()[0], os.getloadavg()[0]
        except (AttributeError, OSError):
            return None


class Load:
    """``n`` processes per core, the bench's own included, for the length of a ``with`` block.

    Attributes:
        per_core: the load asked for (``--belasting``).
        cores: the machine's cores.
        count: busy processes started (``round(per_core × cores) - 1``).
        samples: ``(1-minute load average, runnable processes)`` read during the run.
    """

    def __init__(self, per_core: float, cores: int | None = None, interval: float = 2.0) -> None:
        self.per_core = per_core
        self.cores = cores or os.cpu_count() or 1
        self.count = max(0, round(per_core * self.cores) - 1)
        self.interval = interval
        self.samples: list[tuple[float, float]] = []
        self.processes: list[subprocess.Popen] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Load:
        try:
            for _ in range(self.count):
                group = self.processes[0].pid if self.processes else 0
                self.processes.append(subprocess.Popen(
                    [sys.executable, "-I", "-c", BUSY, str(os.getpid())],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, process_group=group))
        except BaseException:
            self.stop()
            raise
        self._thread = threading.Thread(target=self._watch, name="iids-bench-belasting",
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _watch(self) -> None:
        while True:
            sample = _sample()
            if sample is not None:
                self.samples.append(sample)
            if self._stop.wait(self.interval):
                return

    def stop(self) -> None:
        """Kill every busy process (their whole group) and wait for them; safe to call twice."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.processes:
            try:
                os.killpg(self.processes[0].pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            for process in self.processes:
                if process.poll() is None:
                    process.kill()  # left its group? then on its own
                process.wait()

    def mean_load(self) -> float:
        """Mean 1-minute load average per core over the samples (0 without samples)."""
        if not self.samples:
            return 0.0
        return sum(s[0] for s in self.samples) / len(self.samples) / self.cores

    def mean_runnable(self) -> float:
        """Mean runnable processes per core over the samples (0 without samples)."""
        if not self.samples:
            return 0.0
        return sum(s[1] for s in self.samples) / len(self.samples) / self.cores

    def describe(self) -> str:
        """One Dutch sentence for the table's header line."""
        from kit.display import number

        asked = f"{self.per_core:g}".replace(".", ",")
        return (f"onder opzettelijke belasting (--belasting {asked}): "
                f"{self.count} rekenprocessen naast de bench zelf, samen {asked} "
                f"per kern op {self.cores} kernen; gemeten belasting per kern tijdens de run "
                f"{number(self.mean_load(), 1)} (gemiddelde van {len(self.samples)} metingen van "
                f"het 1-minuutgemiddelde in /proc/loadavg, elke {number(self.interval, 0)} s; dat "
                f"loopt ongeveer een minuut achter) en gemiddeld {number(self.mean_runnable(), 1)} "
                "lopende processen per kern")
