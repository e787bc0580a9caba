"""``iids demo``: the whole programme run on built-in synthetic data.

The demo is a pipeline of stages. Each area of the kit with a demo (:mod:`kit.areas`)
contributes one stage: a function ``demo_stage(ctx: DemoContext) -> str`` in
``kit/demo/<area>.py``. A stage reads what earlier stages left in ``ctx.results`` and
the output folder, adds its own, and returns a one-line Dutch summary. A stage module
that is missing stops the demo with an error; nothing is skipped.

>>> [name for name, _, _ in STAGES][:2]
['privacy', 'narratieven']
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.areas import AREAS
from kit.cliargs import add_output
from kit.config import using_vault

__all__ = ["DemoContext", "STAGES", "run_demo", "register"]

#: (stage name, module with ``demo_stage``, Dutch description) in pipeline order: every area
#: of :data:`kit.areas.AREAS` with a demo stage.
STAGES = tuple((area.name, area.module("demo"), area.demo) for area in AREAS if area.demo)


@dataclass
class DemoContext:
    """What the stages share.

    Attributes:
        out: the output folder of the whole demo.
        seed: seed for every random choice, so the demo is reproducible.
        cohorts: the cohort labels, e.g. ``["2023-2024", "2024-2025"]``.
        vault: the private vault used by the demo (inside ``out``, mode 0700).
        quick: a smaller run (fewer students and narratives) for tests.
        results: values stages hand to later stages (paths, counts).
    """

    out: Path
    seed: int = 2026
    cohorts: list[str] = field(default_factory=lambda: ["2023-2024", "2024-2025"])
    vault: Path | None = None
    quick: bool = False
    results: dict[str, Any] = field(default_factory=dict)

    def log(self, message: str) -> None:
        """Print a progress line (flushed, so ``make demo`` shows it at once)."""
        print(f"    {message}", flush=True)


def run_demo(out: str | Path, *, seed: int = 2026, quick: bool = False,
             only: list[str] | None = None) -> DemoContext:
    """Run every stage in order and return the shared context.

    Args:
        out: output folder (created).
        seed: random seed.
        quick: smaller data for a fast run.
        only: run just these stages (their predecessors must have run before in ``out``).
    """
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    vault = out / "kluis"
    vault.mkdir(mode=0o700, exist_ok=True)
    vault.chmod(0o700)
    ctx = DemoContext(out=out, seed=seed, vault=vault, quick=quick)
    with using_vault(vault):  # nothing of the demo reaches the user's own vault
        return _run_stages(ctx, only)


def _run_stages(ctx: DemoContext, only: list[str] | None) -> DemoContext:
    timings: list[tuple[str, float, str]] = []
    cpu_times: list[float] = []
    total_start, total_cpu = time.perf_counter(), _cpu_seconds()
    stages = [s for s in STAGES if not only or s[0] in only]
    for number, (name, module_name, description) in enumerate(stages, start=1):
        print(f"[{number}/{len(stages)}] {name}: {description}", flush=True)
        start, cpu = time.perf_counter(), _cpu_seconds()
        module = importlib.import_module(module_name)  # by name: heavy, loaded only when run
        summary = module.demo_stage(ctx) or ""
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        timings.append((name, seconds, summary))
        cpu_times.append(cpu)
        print(f"    klaar in {_nl(seconds)} s{': ' + summary if summary else ''}", flush=True)
    total, total_cpu = time.perf_counter() - total_start, _cpu_seconds() - total_cpu
    print("\nTijd per stap (wandklok en processortijd, de hulpprocessen meegeteld):")
    for (name, seconds, _summary), cpu in zip(timings, cpu_times, strict=True):
        print(f"  {name:<12} {_nl(seconds):>7} s {_nl(cpu):>7} CPU-s")
    print(f"  {'totaal':<12} {_nl(total):>7} s {_nl(total_cpu):>7} CPU-s")
    ctx.results["timings"] = timings
    ctx.results["cpu"] = dict(zip([t[0] for t in timings], cpu_times, strict=True))
    return ctx


def _cpu_seconds() -> float:
    """Processor time (user + system) of this process and of its finished child processes."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _nl(seconds: float) -> str:
    """Seconds with one decimal and a decimal comma.

    >>> _nl(12.345)
    '12,3'
    """
    return f"{seconds:.1f}".replace(".", ",")


def _run(args: argparse.Namespace) -> int:
    from kit.synthetic import require_extra

    require_extra("iids demo")
    known = [name for name, _, _ in STAGES]
    for name in args.stap or ():
        if name not in known:
            from kit.errors import InputError

            raise InputError(f"--stap {name}: deze stap bestaat niet; kies uit " + ", ".join(known))
    ctx = run_demo(args.uitvoer, seed=args.seed, quick=args.quick, only=args.stap)
    report = ctx.results.get("report")
    print()
    if report:
        print(f"Het resultaat staat in: {report}")
    else:
        print(f"Het resultaat staat in: {ctx.out}")
    sys.stdout.flush()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids demo`` to the command line."""
    p = sub.add_parser("demo", help="de hele programmaronde op synthetische gegevens",
                       description="Draait de hele keten op synthetische gegevens: narratieven, "
                                   "analyse, dialoogtafel, beoordeling en het weegmomentrapport.")
    add_output(p, default="demo-uitvoer", metavar="MAP", help="map voor de uitvoer (standaard: %(default)s)")
    p.add_argument("--seed", type=int, default=2026, help="startgetal voor het toeval (standaard: %(default)s)")
    p.add_argument("--quick", action="store_true", help="kleinere gegevens, voor een snelle controle")
    p.add_argument("--stap", action="append", metavar="NAAM",
                   help="alleen deze stap (mag vaker); namen: " + ", ".join(s[0] for s in STAGES))
    p.set_defaults(func=_run)
