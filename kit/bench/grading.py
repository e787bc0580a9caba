"""Benchmarks of the grading area (``iids bench``).

1. The kit's autograde (2 workers, kernels forked from a warm template) against serial
   ``nbgrader autograde`` (nbgrader's own command, one process) on the same submissions
   of the repository's ``discoursanalyse`` assignment, run in turn on fresh copies
   (median and spread), with identical gradebook scores as a condition. Goal: >= 3x
   faster on 2 cores. Beside it the floor: the time the submissions' cells themselves
   ran, spread over 2 cores. Goal: <= 3x the floor. And the CPU time of both (with their
   kernels), which load hardly changes: 3x in wall time on 2 cores needs <= 2/3 of it.
3. Start of every ``iids grade`` command (:data:`START_COMMANDS`, each doing its small job
   on a generated course: ``generate`` and ``release`` for real, ``collect`` with an empty
   exchange, ``autograde`` with nothing submitted and with nothing new): per command the
   wall time to its first line of output (goal <= 1 s) and to its end, and its CPU time,
   beside a bare Python start (floor) and ``nbgrader --version`` (peer) in the same run,
   with the machine's load.
4. :func:`sandbox_figures`: the kit's autograde with student code in the sandbox
   (kit.grading.sandbox) beside the same autograde without it. Goal: <= 2x, same scores.
   It needs a sandbox user, so the hub benchmark (kit/bench/hub.py) runs it.
2. Applying rubric scores for 30 students x 5 assignments (reading and checking five
   grader sheets, the grading log, the final-score rule, nbgrader's gradebook) against
   a floor: bare SQL updates of the same manual scores. Goal: < 10 s.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kit.bench.figures import Figure

__all__ = ["run", "build_bench_course", "gradebook_scores", "sandbox_figures"]


def build_bench_course(root: Path, assignments: list[str], n_students: int,
                       seed: int) -> tuple[object, dict[str, dict[str, float]]]:
    """A generated course with the kit's real ``assignments`` (:mod:`kit.grading.sources`) and
    ``n_students`` submissions each (answers filled from the model solutions).

    Returns:
        ``(course, {assignment: {student: quality}})``.
    """
    import nbformat

    from kit.grading.course import add_students, generate, open_course
    from kit.grading.sources import copy_assignment, source_course
    from kit.synthetic.grading import fill_notebook, fill_work_folder

    (root / "source").mkdir(parents=True)
    shutil.copy(source_course().root / "nbgrader_config.py", root / "nbgrader_config.py")
    for aid in assignments:
        copy_assignment(aid, root)
    course = open_course(root)
    generate(course)
    rng = random.Random(seed)
    students = [f"b{i:03d}" for i in range(n_students)]
    add_students(course, students)
    qualities: dict[str, dict[str, float]] = {}
    # the synthetic students' vault: never the lecturer's, and outside the course folder
    vault = root.parent / f"{root.name}-kluis"
    for aid in assignments:
        released = nbformat.read(str(root / "release" / aid / f"{aid}.ipynb"), 4)
        source = nbformat.read(str(course.source_notebook(aid)), 4)
        qualities[aid] = {}
        for s in students:
            q = rng.random()
            qualities[aid][s] = q
            folder = root / "submitted" / s / aid
            shutil.copytree(root / "release" / aid, folder)
            nbformat.write(fill_notebook(released, source, q, rng), str(folder / f"{aid}.ipynb"))
            fill_work_folder(aid, folder, q, vault)  # what the forms and widgets save
            (folder / "timestamp.txt").write_text("2026-10-01 12:00:00.000000 UTC")
    return course, qualities


def gradebook_scores(course, assignment: str) -> dict[tuple[str, str], tuple]:
    """``{(student, grade_id): (auto_score, manual_score)}`` through nbgrader's Gradebook."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(course.db_url, course.course_id) as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                for g in nb.grades:
                    out[(sub.student_id, g.name)] = (g.auto_score, g.manual_score)
    return out


def _cpu_seconds() -> float:
    """CPU seconds of this process and its ended children (workers, fork server, kernels)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _autograde_figures(tmp: Path, n: int, repeat: int) -> list[Figure]:
    """Kit (2 workers, forked kernels) vs serial ``nbgrader autograde`` vs the floor.

    Both grade fresh copies of the same course, in turn (kit, nbgrader, kit, ...). The
    floor is the time the submissions' cells themselves ran, over 2 cores.
    """
    from kit.bench.figures import interleaved, load_per_core, verdict
    from kit.grading.autograde import autograde
    from kit.grading.course import open_course

    aid = "discoursanalyse"
    pristine, _ = build_bench_course(tmp / "bron", [aid], n, 7)
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep +
               os.environ.get("PATH", ""))
    runs = {"kit": 0, "serial": 0}
    floors: list[float] = []
    same: list[bool] = []
    last: dict[str, object] = {}

    def fresh(kind: str):
        runs[kind] += 1
        target = tmp / f"{kind}-{runs[kind]}"
        shutil.copytree(pristine.root, target, symlinks=True)
        return open_course(target)

    cpu: dict[str, list[float]] = {"kit": [], "serial": []}

    def kit_run() -> None:
        course = fresh("kit")
        before = _cpu_seconds()
        result = autograde(course, aid, workers=2, privacy_scan=False, progress=False)
        cpu["kit"].append(_cpu_seconds() - before)
        floors.append(result.cell_seconds / 2)
        last["kit"] = course
        same.append(len(result.graded) == n)

    def serial_run() -> None:
        course = fresh("serial")
        before = _cpu_seconds()
        subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", aid,
                        "--log-level=ERROR"], cwd=course.root, env=env, check=True,
                       capture_output=True)
        cpu["serial"].append(_cpu_seconds() - before)
        last["serial"] = course

    times = interleaved({"kit": kit_run, "serial": serial_run}, repeat=repeat)
    identical = all(same) and (gradebook_scores(last["kit"], aid) ==
                               gradebook_scores(last["serial"], aid))
    load = load_per_core()
    kit_s = statistics.median(times["kit"])
    serial_s = statistics.median(times["serial"])
    floor_s = statistics.median(floors)
    speedups = [a / b for a, b in zip(times["serial"], times["kit"], strict=True)]
    what = f"echte opdracht {aid}, {n} inleveringen, {repeat}x afgewisseld"
    status = verdict(speedups, lambda r: r >= 3.0, load) if identical else "nee"
    near = [k / f for k, f in zip(times["kit"], floors, strict=True) if f > 0]
    kit_cpu, serial_cpu = statistics.median(cpu["kit"]), statistics.median(cpu["serial"])
    return [
        Figure(f"nakijken met de kit (2 workers, gevorkte kernels), {what} (scores gelijk: "
               f"{'ja' if identical else 'NEE'}; belasting per kern {load:.1f})".replace(".", ","),
               kit=kit_s, peer=serial_s, peer_name="serieel nbgrader autograde", unit="s",
               goal="≥ 3× sneller, zelfde scores", met=status == "ja",
               spread=(min(times["kit"]), max(times["kit"])), status=status, limit=3.0,
               of="speedup", higher_is_better=True, runs=speedups, condition=identical),
        Figure(f"nakijken met de kit naast de vloer, {what}", kit=kit_s, peer=floor_s,
               peer_name="uitvoertijd van de cellen zelf / 2 kernen", unit="s",
               goal="≤ 3× vloer", met=bool(near) and max(near) <= 3.0,
               spread=(min(times["kit"]), max(times["kit"])),
               status=verdict(near, lambda r: r <= 3.0, load) if near else "nee",
               limit=3.0, of="ratio", runs=near, condition=bool(near)),
        # Load hardly changes CPU time: 3x faster in wall time on 2 cores needs the kit to
        # use at most 2/3 of serial nbgrader's CPU time (2 cores busy against 1).
        Figure(f"CPU-tijd van het nakijken (met kernels), {what}", kit=kit_cpu,
               peer=serial_cpu, peer_name="serieel nbgrader autograde", unit="s",
               goal="≤ 2/3 van serieel (voorwaarde voor 3× op 2 kernen)",
               met=identical and kit_cpu <= serial_cpu * 2 / 3,
               spread=(min(cpu["kit"]), max(cpu["kit"])),
               status=None if identical else "nee", limit=2 / 3, of="ratio",
               runs=[k / s for k, s in zip(cpu["kit"], cpu["serial"], strict=True) if s > 0],
               condition=identical),
    ]


def _enter_submissions(course, assignments: list[str], qualities) -> None:
    """Enter the submissions in nbgrader's gradebook without executing them (what this figure
    measures starts after autograding; the real assignments' test cells would need their
    artefacts and minutes of kernels)."""
    import warnings

    from nbgrader.api import Gradebook

    with warnings.catch_warnings(), Gradebook(course.db_url, course.course_id) as gb:
        warnings.simplefilter("ignore")  # nbgrader's own ORM use warns about autoflush
        for aid in assignments:
            for student in qualities[aid]:
                gb.add_submission(aid, student)


def _rubric_figure(tmp: Path, n: int) -> Figure:
    import csv
    import sqlite3

    from kit.grading.blind import code_table
    from kit.grading.course import assignment_rubric
    from kit.grading.scoring import apply_to_gradebook, record_sheet, write_grader_sheet
    from kit.synthetic.grading import quality_levels

    assignments = ["discoursanalyse", "onderzoeksplan", "narratieven", "dialoogtafel",
                   "handreiking"]
    course, qualities = build_bench_course(tmp / "r", assignments, n, 11)
    sheets = {}
    rng = random.Random(3)
    _enter_submissions(course, assignments, qualities)
    for aid in assignments:
        sheet = tmp / f"blad-{aid}.csv"
        write_grader_sheet(course, aid, "docent-a", sheet)
        rubric = assignment_rubric(course, aid)
        codes = code_table(course.root, aid, list(qualities[aid]))
        with sheet.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            criterion = rubric.cell(row["grade_id"]).criterion(row["criterion"])
            rank = quality_levels(qualities[aid][codes[row["submission"]]],
                                  len(criterion.levels), rng)
            row["level"] = criterion.levels[rank].id
        with sheet.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        sheets[aid] = sheet
    start = time.perf_counter()
    for aid, sheet in sheets.items():
        record_sheet(course, aid, sheet, "docent-a")
        apply_to_gradebook(course, aid)
    kit_s = time.perf_counter() - start
    start = time.perf_counter()
    con = sqlite3.connect(course.db_path)
    with con:
        for (score_id,) in con.execute("SELECT id FROM grade WHERE manual_score IS NOT NULL"
                                       ).fetchall():
            con.execute("UPDATE grade SET manual_score = manual_score WHERE id = ?", (score_id,))
    con.close()
    floor_s = time.perf_counter() - start
    return Figure(f"rubriekscores toepassen, {n} studenten x 5 opdrachten", kit=kit_s,
                  peer=floor_s, peer_name="kale SQL-updates", unit="s", goal="< 10 s",
                  met=kit_s < 10, limit=10.0)


#: The ``iids grade`` commands whose start is measured, on a small graded course (3
#: submissions): each does its whole (small) job. ``{tmp}`` is a scratch folder, ``{leeg}`` a
#: copy of the course with nothing submitted. ``generate`` and ``release --opnieuw`` do their
#: real work every time (a student version, a release into the exchange); ``collect`` finds
#: the exchange empty. Autograde of new submissions is measured by its work, in the autograde
#: figures.
START_COMMANDS = {
    "--help": ["--help"],
    "generate --controleer": ["generate", "--controleer"],
    "generate discoursanalyse (maakt de studentversie)": ["generate", "discoursanalyse"],
    "release --opnieuw (geeft opnieuw vrij)": ["release", "discoursanalyse", "--opnieuw"],
    "collect (niets in de exchange)": ["collect", "discoursanalyse"],
    "autograde (geen inleveringen)": ["autograde", "discoursanalyse", "--stil", "--cursus",
                                      "{leeg}"],
    "autograde (niets nieuws)": ["autograde", "discoursanalyse", "--stil", "--geen-privacyscan"],
    "rubric toon": ["rubric", "toon", "discoursanalyse"],
    "rubric blad": ["rubric", "blad", "discoursanalyse", "--beoordelaar", "aa", "-o", "{tmp}/blad.csv"],
    "rubric boekje": ["rubric", "boekje", "discoursanalyse", "--beoordelaar", "aa", "-o",
                      "{tmp}/boekje"],
    "rubric toepassen": ["rubric", "toepassen", "discoursanalyse"],
    "double-mark": ["double-mark", "discoursanalyse", "--beoordelaars", "aa,bb"],
    "agreement": ["agreement", "discoursanalyse"],
    "feedback": ["feedback", "discoursanalyse"],
    "feedback-bestanden": ["feedback-bestanden", "discoursanalyse", "-o", "{tmp}/fb"],
    "release-feedback": ["release-feedback", "discoursanalyse"],
    "export": ["export", "-o", "{tmp}/cijfers"],
}


def _timed_run(argv: list[str], *, env: dict, cwd: Path) -> tuple[float, float, float, int]:
    """Run a command; ``(seconds to its first line of output, seconds in all, CPU seconds
    (user + system), exit status)``. A command without output starts when it ends."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            cwd=cwd)
    first = proc.stdout.readline() if proc.stdout else b""
    first_s = time.perf_counter() - start
    if proc.stdout:
        proc.stdout.read()
        proc.stdout.close()
    code = proc.wait()
    total_s = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (first_s if first else total_s), total_s, cpu, code


def _start_figures(tmp: Path, quick: bool) -> list[Figure]:
    """Every ``iids grade`` command's start (and small job) beside its floor and its peer.

    On a small generated course (3 submissions, autograded and released once beforehand),
    each command of :data:`START_COMMANDS` runs as a fresh process, in turn with a bare
    Python start (``python -c pass``, the floor) and nbgrader's own start (``nbgrader
    --version``, the peer): A, B, C, ..., A, B, C, ..., so load hits all alike. Per command:
    the median time until its first line of output, the moment it shows it is working
    (goal: <= 1 s; most commands print only when done, then this is their whole run), the
    median time until it is done, its CPU time (user + system of the process) and the
    machine's load; the verdict is "onzeker" when the machine carries more than one process
    per core.
    """
    from kit.bench.figures import load_per_core, verdict

    course, _ = build_bench_course(tmp / "start", ["discoursanalyse"], 3, 5)
    out = tmp / "start-uit"
    out.mkdir()
    empty = tmp / "start-leeg"
    shutil.copytree(course.root, empty, ignore=shutil.ignore_patterns(
        "submitted", "autograded", "feedback", ".iids", "exchange"))
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    kit = [sys.executable, "-m", "kit", "grade"]
    # graded once for real (the assignment has automatic checks, so the cells are run), and
    # released, so that the exchange exists (empty) for collect
    for args in (["autograde", "discoursanalyse", "--stil", "--geen-privacyscan"],
                 ["release", "discoursanalyse"]):
        subprocess.run(kit + args, check=True, capture_output=True, env=env, cwd=course.root)
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    variants = {"kaal": [sys.executable, "-c", "pass"],
                "nbgrader --version": [nbgrader, "--version"]}
    for name, args in START_COMMANDS.items():
        variants[name] = kit + [a.replace("{tmp}", str(out)).replace("{leeg}", str(empty))
                                for a in args]
    runs: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name in variants}
    for _ in range(3 if quick else 5):
        for name, argv in variants.items():
            runs[name].append(_timed_run(argv, env=env, cwd=course.root))
    load = load_per_core()

    def median(name: str, k: int) -> float:
        return statistics.median(r[k] for r in runs[name])

    bare, bare_cpu = median("kaal", 1), median("kaal", 2)
    peer, peer_cpu = median("nbgrader --version", 1), median("nbgrader --version", 2)
    figures = []
    for name in START_COMMANDS:
        starts = [r[0] for r in runs[name]]
        value = statistics.median(starts)
        failed = sorted({r[3] for r in runs[name]} - {0})
        text = (f"klaar na {median(name, 1):.2f} s; CPU {median(name, 2):.2f} s; kale "
                f"Python-start {bare:.2f} s, CPU {bare_cpu:.2f} s; nbgrader --version CPU "
                f"{peer_cpu:.2f} s; belasting per kern {load:.1f}").replace(".", ",")
        figures.append(Figure(
            f"start van iids grade {name} (tot de eerste regel; {text}"
            + (f"; EXIT-STATUS {failed}" if failed else "") + ")",
            kit=value, peer=peer, peer_name="nbgrader --version", unit="s", goal="≤ 1 s",
            met=value <= 1.0 and not failed, spread=(min(starts), max(starts)),
            status="nee" if failed else verdict(starts, lambda v: v <= 1.0, load),
            limit=1.0, runs=starts, condition=not failed))
    return figures


def sandbox_figures(tmp: Path, quick: bool, user: str) -> list[Figure]:
    """The kit's autograde with student code in the sandbox beside the same without it.

    Both grade fresh copies of the same course (the repository's ``discoursanalyse``,
    2 workers), in turn; same scores is a condition. ``user`` is the sandbox user, who must
    be able to start this Python (the hub benchmark makes one, see kit/bench/hub.py). When
    the sandboxed run cannot grade, the figure says why instead of giving a time.
    """
    from kit.bench.figures import interleaved, load_per_core, verdict
    from kit.grading.autograde import autograde
    from kit.grading.course import open_course

    name = "nakijken in de zandbak naast zonder zandbak"
    aid = "discoursanalyse"
    n = 4 if quick else 10
    previous = os.environ.pop("IIDS_SANDBOX_USER", None)
    runs = {"zandbak": 0, "zonder": 0}
    last: dict[str, object] = {}
    problems: list[str] = []
    try:
        pristine, _ = build_bench_course(tmp / "zandbak-bron", [aid], n, 13)

        def variant(kind: str):
            def run() -> None:
                runs[kind] += 1
                target = tmp / f"zandbak-{kind}-{runs[kind]}"
                shutil.copytree(pristine.root, target, symlinks=True)
                if kind == "zandbak":
                    os.environ["IIDS_SANDBOX_USER"] = user
                try:
                    course = open_course(target)
                    result = autograde(course, aid, workers=2, privacy_scan=False,
                                       progress=False)
                finally:
                    os.environ.pop("IIDS_SANDBOX_USER", None)
                if len(result.graded) != n:
                    problems.extend(f"{e.reason} ({e.detail})" for e in result.failed[:1])
                last[kind] = course
            return run

        times = interleaved({"zandbak": variant("zandbak"), "zonder": variant("zonder")},
                            repeat=2 if quick else 3)
    finally:
        if previous is not None:
            os.environ["IIDS_SANDBOX_USER"] = previous
    if problems:
        return [Figure(f"{name}: niet gemeten, de zandbak kon niet nakijken: "
                       f"{problems[0][:160]}", kit=0.0, peer=None, peer_name="", unit="s",
                       goal="≤ 2× zonder zandbak, zelfde scores", met=False, status="nee")]
    same = gradebook_scores(last["zandbak"], aid) == gradebook_scores(last["zonder"], aid)
    sandbox_s = statistics.median(times["zandbak"])
    plain_s = statistics.median(times["zonder"])
    ratios = [a / b for a, b in zip(times["zandbak"], times["zonder"], strict=True)]
    load = load_per_core()
    what = f"echte opdracht {aid}, {n} inleveringen, 2 workers"
    return [Figure(f"{name} ({what}; scores gelijk: {'ja' if same else 'NEE'}; per "
                   f"inlevering {(sandbox_s - plain_s) / n:+.2f} s; belasting per kern "
                   f"{load:.1f})".replace(".", ","), kit=sandbox_s, peer=plain_s,
                   peer_name="zelfde autograde zonder zandbak", unit="s",
                   goal="≤ 2× zonder zandbak, zelfde scores",
                   met=same and sandbox_s <= 2 * plain_s,
                   spread=(min(times["zandbak"]), max(times["zandbak"])),
                   status=verdict(ratios, lambda r: r <= 2.0, load) if same else "nee",
                   limit=2.0, of="ratio", runs=ratios, condition=same)]


def run(quick: bool = False) -> list[Figure]:
    """The grading benchmarks (``quick``: fewer submissions and repeats)."""
    n = 10 if quick else 30
    tmp = Path(tempfile.mkdtemp(prefix="iids-bench-grading-"))
    try:
        return [*_start_figures(tmp, quick),
                *_autograde_figures(tmp, 6 if quick else 20, 2 if quick else 3),
                _rubric_figure(tmp, n)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
