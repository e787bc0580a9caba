"""Demo stage ``beoordeling``: two cohorts hand in all five assignments and are graded.

Per cohort, :data:`COHORT_SIZE` synthetic students (:data:`QUICK_COHORT_SIZE` with
``ctx.quick``) submit every assignment with answers of varied quality, built from the
model solutions and the synthetic narratives; their ``mijn-werk/`` carries the
artefacts of earlier stages (narratives, codings, dialogue record) where those exist.
The pipeline then grades them: parallel autograde that really executes every
submission (every test score comes from running the test), blind rubric grading by
three simulated lecturers, a double-marked sample of 20% with moderation where the
markers differ by more than one level, feedback pages and the export. What is
synthetic (students, answers, the lecturers' rubric choices) is named in the summary.
One nbgrader course folder per cohort stays under ``<out>/beoordeling/``;
``ctx.results["courses"] = {cohort: path}``.

Sources come from the repository's ``assignments/`` (:mod:`kit.grading.sources`); a missing
or invalid source or rubric stops the demo with a Dutch message (exit 2), no stand-in.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = ["demo_stage", "build_template", "grade_cohort"]

GRADERS = ["docent-a", "docent-b", "docent-c"]
#: Students per cohort: every submission is executed by the autograder (about 1,1-1,2
#: CPU-seconds per submission of one assignment, all steps included: 109-123 CPU-s for the
#: stage's 100 submissions, measured on 2 cores under load), so that the whole ``make demo``
#: stays within 3 minutes on a quiet 2-core machine; 10 is also the smallest cohort the report
#: shows without hiding cells (k = 10).
COHORT_SIZE = 10
#: Students per cohort with ``ctx.quick`` (the tests).
QUICK_COHORT_SIZE = 3


def build_template(target: Path, log=print) -> Any:
    """A generated course with the kit's five assignments, copied from their real sources
    (:mod:`kit.grading.sources`; a missing or unusable source stops the demo, exit 2)."""
    from kit.grading.course import ASSIGNMENT_ORDER, assignment_rubric, generate, open_course
    from kit.grading.sources import copy_assignment, source_course

    source = source_course()
    if target.exists():
        shutil.rmtree(target)
    (target / "source").mkdir(parents=True)
    shutil.copy(source.root / "nbgrader_config.py", target / "nbgrader_config.py")
    for aid in ASSIGNMENT_ORDER:
        copy_assignment(aid, target)
    course = open_course(target)
    for aid in ASSIGNMENT_ORDER:
        assignment_rubric(course, aid)  # checked before anything is generated
    generate(course)
    return course


def _artefacts(ctx, cohort: str) -> dict[str, list[Path]]:
    """Files of earlier stages that travel in a student's mijn-werk/ per assignment."""
    out: dict[str, list[Path]] = {}
    narratives = (ctx.results.get("narratives") or {}).get(cohort)
    if narratives:
        folder = Path(narratives)
        out["narratieven"] = [p for p in (folder / "narratieven.csv", folder / "kader.yaml")
                              if p.is_file()]
    codings = (ctx.results.get("codings") or {}).get(cohort)
    if codings and Path(codings).is_file():
        out.setdefault("narratieven", []).append(Path(codings))
        out["discoursanalyse"] = [Path(codings)]
    dialogue = (ctx.results.get("dialogue") or {}).get(cohort)
    if dialogue and Path(dialogue).is_dir():
        out["dialoogtafel"] = [Path(dialogue)]
    return out


def _corpus_sentences(seed: int, cohort: str) -> list[str]:
    try:
        from kit.synthetic.narratives import generate_corpus

        corpus = generate_corpus(40, seed=seed, cohorts=[cohort])
        return [str(t).split(". ")[0].strip().rstrip(".") + "." for t in corpus["text"]][:40]
    except Exception:  # noqa: BLE001 - the demo runs without the narratives area too
        return ["In de wijk kent iedereen elkaar van het buurthuis.",
                "Op het werk voel ik me gezien door mijn collega's."]


def _save_example_record(folder: Path) -> None:
    """A synthetic student's dialogue record, saved as the record widget saves it (when none yet)."""
    if (folder / "verslag.yaml").exists():
        return  # the record of the demo's dialogue stage
    from kit.dialogue.examples import example_record
    from kit.dialogue.record import save_record

    save_record(example_record("sekswerkers"), folder, pseudonymise=lambda text: text)


def grade_cohort(course, cohort: str, n_students: int, seed: int, *, artefacts=None,
                 sentences=None, log=print, privacy_scan: bool = False) -> dict[str, Any]:
    """Submit, autograde, rubric-grade (blind, double-marked sample), feedback and export."""
    import nbformat

    from kit.grading.autograde import autograde
    from kit.grading.course import (
        add_students,
        assignment_ids,
        assignment_rubric,
        due_dates,
        graded_cells,
    )
    from kit.grading.double_mark import allocate
    from kit.grading.export import export_all
    from kit.grading.feedback import generate_feedback
    from kit.grading.gradelog import GradeLog, Score, log_path
    from kit.grading.scoring import apply_to_gradebook, final_results
    from kit.synthetic.grading import (
        fill_notebook,
        fill_work_folder,
        quality_levels,
        simulated_scores,
    )

    rng = random.Random(f"{seed}:{cohort}")
    prefix = cohort[2:4] + cohort[7:9] if len(cohort) >= 9 else cohort
    students = [f"st{prefix}{i:03d}" for i in range(1, n_students + 1)]
    add_students(course, students)
    ability = {s: min(1.0, max(0.0, rng.gauss(0.68, 0.2))) for s in students}
    stats = {"set_aside": 0, "graded": 0, "double": 0, "moderated": 0, "autograde_s": 0.0}
    log_db = GradeLog(log_path(course.root))
    # the synthetic students' vault (outside the course: nothing of it is collected)
    demo_vault = Path(tempfile.mkdtemp(prefix="iids-demo-kluis-"))
    due = {aid: datetime.fromisoformat(text).astimezone(UTC)
           for aid, text in due_dates().items()}
    for aid in assignment_ids(course):
        released = nbformat.read(str(course.root / "release" / aid / f"{aid}.ipynb"), 4)
        source = nbformat.read(str(course.source_notebook(aid)), 4)
        quality = {}
        for student in students:
            q = min(1.0, max(0.0, ability[student] + rng.gauss(0, 0.12)))
            if rng.random() < 0.04:
                q = 0.0  # now and then someone hands in an empty notebook
            quality[student] = q
            folder = course.root / "submitted" / student / aid
            folder.mkdir(parents=True, exist_ok=True)
            for extra in (course.root / "release" / aid).iterdir():
                if extra.name != f"{aid}.ipynb":
                    (shutil.copytree if extra.is_dir() else shutil.copy)(extra, folder / extra.name)
            nb = fill_notebook(released, source, q, rng, sentences)
            nbformat.write(nb, str(folder / f"{aid}.ipynb"))
            for path in (artefacts or {}).get(aid, []):
                work = folder / "mijn-werk"
                work.mkdir(exist_ok=True)
                (shutil.copytree if path.is_dir() else shutil.copy)(path, work / path.name)
            fill_work_folder(aid, folder, q, demo_vault)  # the forms read the artefacts above
            if aid == "dialoogtafel" and q >= 0.45:
                _save_example_record(folder / "mijn-werk" / "dialoog")
            late = rng.random() < 0.05
            moment = due[aid] + timedelta(hours=rng.uniform(1, 30)) if late else \
                due[aid] - timedelta(hours=rng.uniform(0.5, 96))
            (folder / "timestamp.txt").write_text(moment.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
        has_auto = any(c.kind == "auto" for c in graded_cells(course, aid))
        start = time.perf_counter()
        result = autograde(course, aid, workers=2, privacy_scan=privacy_scan, progress=False)
        stats["autograde_s"] += time.perf_counter() - start
        stats["set_aside"] += len(result.set_aside) + len(result.failed)
        stats["graded"] += len(result.graded)
        plan = allocate(course, aid, GRADERS, sample=0.2, seed=seed)
        rubric = assignment_rubric(course, aid)
        scores = []
        for grader in GRADERS:
            for role, noise in (("eerste", 0.45), ("tweede", 0.55)):
                mine = [a.student for a in plan if a.grader == grader and a.role == role]
                scores += simulated_scores(rubric, aid, quality, grader, role, rng, noise,
                                           students=mine)
        stats["double"] += sum(1 for a in plan if a.role == "tweede")
        log_db.record(scores)
        # moderation: a third lecturer decides where the two markers were > 1 level apart
        moderated = []
        for cell_result in final_results(course, aid):
            for cid in cell_result.needs_moderation:
                criterion = rubric.cell(cell_result.grade_id).criterion(cid)
                level = criterion.levels[quality_levels(quality[cell_result.student],
                                                        len(criterion.levels), rng, 0.3)]
                moderated.append(Score(aid, cell_result.student, cell_result.grade_id, cid,
                                       level.id, level.points, "docent-moderator", "moderator"))
        log_db.record(moderated)
        stats["moderated"] += len(moderated)
        apply_to_gradebook(course, aid)
        generate_feedback(course, aid)
        seconds = f"{time.perf_counter() - start:.1f}".replace(".", ",")
        log(f"{cohort} {aid}: {len(result.graded)} nagekeken en uitgevoerd in {seconds} s"
            f"{' (met automatische toetsen)' if has_auto else ' (alleen rubriek)'}"
            f", {len(result.set_aside)} apart gezet")
    shutil.rmtree(demo_vault, ignore_errors=True)
    export_all(course, course.root / "export")
    return stats


def demo_stage(ctx) -> str:
    """Build one graded nbgrader course per cohort under ``<out>/beoordeling/``.

    The cohorts are graded side by side, each in a process of its own (forked here), so
    that the serial steps of one (rubric scores, moderation, feedback, export) overlap
    the other's autograde and both cores are used. They share one fork server per kind of
    notebook, started here before the cohorts fork; every submission still runs in a
    fresh kernel process of its own. ``ctx.results["graded_by"] = {cohort: process id}``.
    """
    from kit.grading.kernels import warm_fork_servers

    base = Path(ctx.out) / "beoordeling"
    base.mkdir(parents=True, exist_ok=True)
    again = [c for c in ctx.cohorts if (base / c / "gradebook.db").is_file()]
    if again:
        ctx.log(f"een beoordeling van een eerdere run gevonden ({', '.join(again)}): "
                "alles wordt opnieuw ingeleverd en nagekeken")
    template = build_template(base / ".sjabloon", ctx.log)
    n = QUICK_COHORT_SIZE if ctx.quick else COHORT_SIZE
    courses: dict[str, Path] = {}
    totals = {"graded": 0, "set_aside": 0, "double": 0, "moderated": 0}
    with warm_fork_servers():  # one kernel template per assignment, shared by the cohorts
        _start_fork_servers(template)
        done = _grade_side_by_side(ctx, template, base, n)
    shutil.rmtree(template.root, ignore_errors=True)
    for cohort in ctx.cohorts:
        path, stats, pid = done[cohort]
        courses[cohort] = path
        for key in totals:
            totals[key] += stats[key]
    ctx.results["courses"] = courses
    ctx.results["graded_by"] = {cohort: done[cohort][2] for cohort in ctx.cohorts}
    return (f"{len(courses)} cohorten x {n} studenten x 5 opdrachten: {totals['graded']} "
            f"nagekeken (elke inlevering uitgevoerd), {totals['double']} dubbel beoordeeld "
            f"({totals['moderated']} criteria gemodereerd), {totals['set_aside']} apart gezet; "
            f"synthetisch: studenten, antwoorden en de rubriekkeuzes van drie gesimuleerde "
            f"docenten")


def _start_fork_servers(template) -> None:
    """Start the fork server of every assignment now (they import in the background), so
    that the cohort processes forked next find them and share them."""
    from kit.grading.course import assignment_ids
    from kit.grading.kernels import fork_server_for, preload_modules

    for aid in assignment_ids(template):
        fork_server_for(preload_modules(sorted((template.root / "release" / aid)
                                               .glob("*.ipynb"))))


def _grade_side_by_side(ctx, template, base: Path, n: int) -> dict[str, tuple]:
    """Grade every cohort in a forked process of its own, all at the same time.

    Returns ``{cohort: (course folder, stats, process id)}``. An error in a cohort (a Dutch
    :class:`kit.errors.KitError` or anything else) is raised here again once every cohort
    process has ended.
    """
    import multiprocessing as mp

    fork = mp.get_context("fork")
    sys.stdout.flush()  # nothing buffered is printed again by a forked process
    sys.stderr.flush()
    running = []
    for cohort in ctx.cohorts:
        receive, send = fork.Pipe(duplex=False)
        process = fork.Process(target=_cohort_process, name=f"beoordeling-{cohort}",
                               args=(send, ctx, template, base, cohort, n))
        process.start()
        send.close()
        running.append((cohort, process, receive))
    done: dict[str, tuple] = {}
    problems: list[BaseException] = []
    try:
        for cohort, process, receive in running:
            try:
                kind, value = receive.recv()
            except EOFError:
                kind, value = "error", RuntimeError(
                    f"het nakijken van cohort {cohort} stopte onverwacht")
            process.join()
            if kind == "ok":
                done[cohort] = (*value, process.pid)
            else:
                problems.append(value)
    finally:
        for _cohort, process, _receive in running:
            if process.is_alive():
                process.terminate()
            process.join()
    if problems:
        raise problems[0]
    return done


def _cohort_process(send, ctx, template, base: Path, cohort: str, n: int) -> None:
    """In a forked process: grade one cohort and send back ``("ok", (path, stats))`` or
    ``("error", exception)``."""
    try:
        path, stats = _grade_demo_cohort(ctx, template, base, cohort, n)
        send.send(("ok", (path, stats)))
    except BaseException as exc:  # noqa: BLE001 - handed to the demo process, raised there
        from kit.errors import KitError

        if not isinstance(exc, KitError):
            import traceback

            exc = RuntimeError(f"cohort {cohort}: {type(exc).__name__}: {exc}\n"
                               + traceback.format_exc())
        send.send(("error", exc))
    finally:
        send.close()


def _grade_demo_cohort(ctx, template, base: Path, cohort: str, n: int) -> tuple[Path, dict]:
    from kit.grading.course import open_course

    target = base / cohort
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template.root, target, symlinks=True)
    course = open_course(target)
    stats = grade_cohort(course, cohort, n, ctx.seed, artefacts=_artefacts(ctx, cohort),
                         sentences=_corpus_sentences(ctx.seed, cohort), log=ctx.log)
    return target, stats
