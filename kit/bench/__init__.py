"""``iids bench``: every performance figure beside its floor or peer, in one run.

The kit's own figures (start-up, ``iids --help``, course notebooks) live here;
each area registered with benchmarks in :mod:`kit.areas` adds its figures through
``run(quick) -> list[Figure]`` in ``kit/bench/<area>.py`` (see :mod:`kit.bench.figures`). The result is one
Markdown table: figure, kit, floor or peer, ratio, goal, met or not.

>>> [name for name, _ in AREA_BENCHES][:2]
['privacy', 'narratieven']
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from datetime import date
from pathlib import Path

from kit.areas import AREAS
from kit.cliargs import add_output

__all__ = ["AREA_BENCHES", "startup_figures", "notebook_figures", "run_all", "register"]

#: (area label, module with ``run(quick)``) in table order: every area of
#: :data:`kit.areas.AREAS` with benchmarks.
AREA_BENCHES = tuple((area.name, area.module("bench")) for area in AREAS if area.bench)


def _process_times(argv: list[str], repeat: int) -> list[float]:
    import subprocess

    times = []
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def startup_figures(quick: bool = False) -> list:
    """``import kit`` and ``iids --help`` against a bare Python start, measured now."""
    import statistics

    from kit.bench.figures import Figure, load_per_core, verdict

    repeat = 5 if quick else 11
    bare_runs, kit_runs, help_runs = [], [], []
    for _ in range(repeat):  # in turn, so load hits all three alike
        bare_runs += _process_times([sys.executable, "-c", "pass"], 1)
        kit_runs += _process_times([sys.executable, "-c", "import kit"], 1)
        help_runs += _process_times([sys.executable, "-m", "kit", "--help"], 1)
    bare = statistics.median(bare_runs)
    added_runs = [k - b for k, b in zip(kit_runs, bare_runs, strict=True)]
    added = statistics.median(added_runs)
    help_time = statistics.median(help_runs)
    load = load_per_core()
    return [
        Figure("python -c 'import kit' (extra tijd)", added, bare, "kale Python-start", "s",
               "≤ 0,3 s extra", added <= 0.3, spread=(min(added_runs), max(added_runs)),
               status=verdict(added_runs, lambda v: v <= 0.3, load), limit=0.3),
        Figure("iids --help", help_time, bare, "kale Python-start", "s", "≤ 0,5 s",
               help_time <= 0.5, spread=(min(help_runs), max(help_runs)),
               status=verdict(help_runs, lambda v: v <= 0.5, load), limit=0.5),
    ]


def _notebooks(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder in ("course", "assignments/source", "evaluation"):
        found += sorted(p for p in (root / folder).rglob("*.ipynb")
                        if ".ipynb_checkpoints" not in p.parts and "mijn-werk" not in p.parts)
    return found


def model_student_work(assignment: str, work: Path) -> None:
    """What a model student saved with the forms and widgets before running ``assignment``'s
    source notebook, written into the workspace ``work``.

    No assignment has code answers (issue #20): a source notebook's checks read the files the
    widgets write, so running it (nbval in the tests, the notebook row of the benchmark) needs
    them. The synthetic student's save functions make them; the dialogue record is saved here
    because grading may not import the dialogue area.
    """
    import shutil
    import tempfile

    from kit.synthetic.grading import fill_work_folder

    scratch = Path(tempfile.mkdtemp(prefix="iids-modelstudent-"))
    try:
        fill_work_folder(assignment, scratch, 1.0, None)
        if assignment == "dialoogtafel":
            from kit.dialogue.examples import example_record
            from kit.dialogue.record import save_record

            save_record(example_record("sekswerkers"), scratch / "mijn-werk" / "dialoog",
                        pseudonymise=lambda text: text)
        if (scratch / "mijn-werk").is_dir():
            shutil.copytree(scratch / "mijn-werk", work, dirs_exist_ok=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def notebook_figures(root: Path, quick: bool = False) -> list:
    """Execute every notebook headless; each within 60 s, and the total.

    The floor is the time to only read the same notebooks with nbformat.
    """
    import shutil
    import tempfile

    import nbformat
    from nbclient import NotebookClient

    from kit.bench.figures import Figure
    from kit.grading.kernels import IpcKernelManager

    notebooks = _notebooks(root)
    if quick:
        notebooks = notebooks[:2]
    start = time.perf_counter()
    for path in notebooks:
        nbformat.read(str(path), as_version=4)
    floor = time.perf_counter() - start
    figures, total, slowest, slowest_name = [], 0.0, 0.0, ""
    sources = root / "assignments" / "source"
    before = os.environ.get("IIDS_WERKMAP")
    for path in notebooks:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / path.parent.name
            shutil.copytree(path.parent, copy, ignore=shutil.ignore_patterns("mijn-werk"))
            work = Path(tmp) / "mijn-werk"  # a workspace of its own, never the user's
            work.mkdir()
            if path.parent.parent == sources:
                model_student_work(path.parent.name, work)
            nb = nbformat.read(str(copy / path.name), as_version=4)
            # over Unix sockets, as every kernel of the kit (no TCP port, no TCP warning)
            client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                    kernel_manager_class=IpcKernelManager,
                                    resources={"metadata": {"path": str(copy)}})
            os.environ["IIDS_WERKMAP"] = str(work)  # the kernel inherits it
            try:
                t0 = time.perf_counter()
                client.execute()
                seconds = time.perf_counter() - t0
            finally:
                if before is None:
                    os.environ.pop("IIDS_WERKMAP", None)
                else:
                    os.environ["IIDS_WERKMAP"] = before
        total += seconds
        if seconds > slowest:
            slowest, slowest_name = seconds, path.relative_to(root).as_posix()
        if seconds > 60:
            figures.append(Figure(f"notebook {path.relative_to(root)}", seconds, None, "", "s",
                                  "≤ 60 s", False, limit=60.0))
    figures.append(Figure(f"traagste notebook ({slowest_name})", slowest, None, "", "s",
                          "≤ 60 s", slowest <= 60, limit=60.0))
    figures.append(Figure(f"alle {len(notebooks)} notebooks uitgevoerd (totaal)", total, floor,
                          "alleen inlezen met nbformat", "s", "elk ≤ 60 s", slowest <= 60,
                          limit=60.0, runs=[slowest]))
    return figures


def run_all(quick: bool = False, only: list[str] | None = None) -> tuple[list, list[str]]:
    """Run every benchmark (with a vault of its own); return the figures and notes."""
    import tempfile

    from kit.config import using_vault

    with tempfile.TemporaryDirectory(prefix="iids-bench-kluis-") as vault, using_vault(vault):
        return _run_benches(quick, only)


def _run_benches(quick: bool, only: list[str] | None) -> tuple[list, list[str]]:
    from kit.config import repo_root

    figures, notes = [], []
    if not only or "start" in only:
        print("meten: opstarttijd ...", file=sys.stderr, flush=True)
        figures += startup_figures(quick)
    for label, module_name in AREA_BENCHES:
        if only and label not in only:
            continue
        if quick and label == "demo":
            notes.append("De hele demo (onderdeel 'demo', enkele minuten) is alleen gemeten "
                         "zonder --quick.")
            continue
        module = importlib.import_module(module_name)  # by name: heavy, loaded only when run
        print(f"meten: {label} ...", file=sys.stderr, flush=True)
        figures += module.run(quick)
    root = repo_root()
    if root is not None and (not only or "notebooks" in only):
        print("meten: notebooks ...", file=sys.stderr, flush=True)
        figures += notebook_figures(root, quick)
    return figures, notes


def _per_core(text: str) -> float:
    """``--belasting``: a load per core between 0 and 16 (argparse type; Dutch error)."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen getal (bijvoorbeeld 2)") from None
    if not 0 < value <= 16:
        raise argparse.ArgumentTypeError(f"{text}: kies een belasting per kern groter dan 0 en "
                                         "hoogstens 16")
    return value


def _run(args: argparse.Namespace) -> int:
    import contextlib
    import platform

    from kit.errors import InputError
    from kit.synthetic import require_extra

    known = ["start", "notebooks", *(name for name, _ in AREA_BENCHES)]
    for name in args.alleen or ():
        if name not in known:
            raise InputError(f"--alleen {name}: dit onderdeel bestaat niet; kies uit "
                             + ", ".join(known))
    if args.quick and "demo" in (args.alleen or ()):
        raise InputError("--alleen demo meet de hele demo (enkele minuten) en gaat niet samen "
                         "met --quick; laat --quick weg")
    require_extra("iids bench")
    from kit.bench.figures import RELAX, Machine, mark_uncertain, markdown_table, under_load
    from kit.bench.load import Load

    with (Load(args.belasting) if args.belasting else contextlib.nullcontext()) as busy:
        with Machine() as load:
            figures, notes = run_all(quick=args.quick, only=args.alleen)
    machine = f"{platform.machine()}, {os.cpu_count()} kernen, Python {platform.python_version()}"
    quick = " met --quick" if args.quick else ""
    if busy is None:
        mark_uncertain(figures, max(load.load_start, load.load_end))
        head = (f"Gemeten op {date.today().isoformat()} ({machine}){quick}; "
                f"{load.describe()}. Waar belasting een vergelijking onbetrouwbaar maakt, staat "
                "er 'onzeker' in plaats van 'ja' of 'nee'.")
    else:
        under_load(figures, RELAX)  # the load is the condition of this run, not an excuse
        factor = str(RELAX).replace(".", ",")
        head = (f"Gemeten op {date.today().isoformat()} ({machine}){quick}, {busy.describe()}; "
                f"{load.describe()}. Een doel met een getal geldt onder deze belasting {factor}× "
                f"ruimer (tijden ×{factor}, versnellingen ÷{factor}; percentages, aantallen en "
                "geheugen niet) en staat naast het gewone doel; 'onzeker' staat waar herhaalde "
                "runs het oneens zijn.")
    text = [head, "", markdown_table(figures)]
    if notes:
        text += ["", *[f"- {n}" for n in notes]]
    output = "\n".join(text) + "\n"
    print(output)
    if args.uitvoer:
        from kit.io import atomic_write_text

        atomic_write_text(args.uitvoer, output)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids bench`` to the command line."""
    p = sub.add_parser("bench", help="prestatiemetingen naast hun vloer of vergelijking",
                       description="Meet de snelheid van de kit, steeds naast een vloer of "
                                   "vergelijking in dezelfde run, en drukt één Markdown-tabel af.")
    p.add_argument("--quick", action="store_true", help="korte run (kleinere gegevens)")
    p.add_argument("--alleen", action="append", metavar="ONDERDEEL",
                   help="alleen dit onderdeel (start, notebooks, " +
                        ", ".join(a for a, _ in AREA_BENCHES) + "); mag vaker; 'demo' draait "
                        "de hele demo twee keer en gaat niet samen met --quick")
    p.add_argument("--belasting", type=_per_core, metavar="N",
                   help="meet onder een vaste belasting van N per kern: de bench start N × "
                        "kernen - 1 rekenprocessen (met zijn eigen proces samen N per kern) en "
                        "stopt ze aan het eind, ook bij Ctrl-C of een fout; doelen met een getal "
                        "gelden dan 1,5× ruimer (bijvoorbeeld --belasting 2)")
    add_output(p, metavar="BESTAND", help="schrijf de tabel ook naar dit bestand")
    p.set_defaults(func=_run)
