"""Parallel autograde: N worker processes, one writer, the same scores as serial nbgrader.

nbgrader autogrades one submission after another (nbgrader #174). Here each worker
process runs nbgrader's own :class:`~nbgrader.converters.Autograde` in-process for
one student at a time, against a *private copy* of the gradebook. The main
process is the only writer of the real gradebook: when a student is done it moves
that student's submission rows (submission, notebooks, grades, comments) from the
worker's copy into the gradebook in one SQLite transaction. Rows carry nbgrader's
own uuid keys, and every copy starts from the same gradebook, so the result is
row for row what serial ``nbgrader autograde`` writes; no write is lost because
only one process writes.

After each merge the student is recorded in a progress file with a fingerprint of
the submission, so a run interrupted by Ctrl-C or a killed process picks up where
it stopped (a merge is one transaction: it happened entirely or not at all).

Before grading, every submission is checked: a missing or invalid notebook, a
changed or deleted locked cell (compared with the checksums nbgrader stored at
generate time), or personal data found by ``kit.privacy.scan`` set it aside with a
Dutch reason in a report; the rest is graded.

>>> fingerprint_of_text("a")[:8]
'ca978112'
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import InputError
from kit.grading.course import Course, require_assignment
from kit.grading.engines import reuse_engines, scratch_writes
from kit.grading.setaside import LOCKED_REASON

__all__ = [
    "SetAside",
    "AutogradeResult",
    "precheck",
    "autograde",
    "merge_submission",
    "merge_rows",
    "extract_submission",
    "submission_fingerprint",
    "fingerprint_of_text",
]


@dataclass(frozen=True)
class SetAside:
    """A submission not graded, with the Dutch reason."""

    student: str
    reason: str
    detail: str = ""


@dataclass
class AutogradeResult:
    """What a run did."""

    assignment: str
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    failed: list[SetAside] = field(default_factory=list)
    restored: list[SetAside] = field(default_factory=list)
    seconds: float = 0.0
    cell_seconds: float = 0.0
    report: Path | None = None


def fingerprint_of_text(text: str) -> str:
    """SHA-256 of a text (hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def submission_fingerprint(folder: Path) -> str:
    """A fingerprint of a submitted folder: names, sizes and contents of its files."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _locked_checksums(course: Course, assignment: str, notebooks: list[str]
                      ) -> dict[str, dict[str, str]]:
    """{notebook: {grade_id: checksum}} of the locked cells as released to students.

    The released version is the reference (hidden tests are already removed there).
    """
    import nbformat
    from nbgrader.utils import compute_checksum

    out: dict[str, dict[str, str]] = {}
    for name in notebooks:
        path = course.root / "release" / assignment / f"{name}.ipynb"
        if not path.is_file():
            raise InputError("de vrijgegeven versie ontbreekt; draai eerst 'iids grade generate'",
                             path=path)
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("locked") and meta.get("grade_id"):
                out.setdefault(name, {})[meta["grade_id"]] = compute_checksum(cell)
    return out


def _notebook_names(course: Course, assignment: str) -> list[str]:
    from kit.grading.course import read_gradebook

    con = read_gradebook(course)  # read-only: never creates a gradebook
    try:
        rows = con.execute("SELECT n.name FROM notebook n JOIN assignment a ON "
                           "n.assignment_id = a.id WHERE a.name = ?", (assignment,)).fetchall()
    finally:
        con.close()
    return sorted(r[0] for r in rows)


def precheck(course: Course, assignment: str, students: list[str], *,
             privacy_scan: bool = True, restore_locked: bool | set[str] = False,
             restored: dict[str, str] | None = None) -> tuple[list[str], list[SetAside]]:
    """Split submissions into gradable ones and ones set aside (with reasons).

    Args:
        course: the course.
        assignment: the assignment id (generated, so the gradebook has its cells).
        students: student ids with a folder in ``submitted/``.
        privacy_scan: pass every submitted file through the kit's egress gate
            (:func:`kit.privacy.gate.check`: every file type, deduce on); text the lecturer
            released is left alone by exact comparison.
        restore_locked: grade a submission with changed or deleted locked cells anyway
            (nbgrader puts the original cells back); ``True`` for everyone, or a set of
            students. Their cells are recorded in ``restored`` (``{student: detail}``).

    Returns:
        ``(ok, set_aside)``.
    """
    import nbformat
    from nbgrader.utils import compute_checksum

    notebooks = _notebook_names(course, assignment)
    if not notebooks:
        raise InputError(f"de opdracht '{assignment}' staat niet in het cijferboek; "
                         "draai eerst 'iids grade generate'", path=course.db_path)
    locked = _locked_checksums(course, assignment, notebooks)
    released = None
    if privacy_scan:  # the kit's egress gate: deduce on, a missing part is an error
        from kit.privacy.gate import NBGRADER_IGNORE, Released, check, require_engine

        require_engine()
        released = Released.from_paths([course.root / "release" / assignment])
    ok: list[str] = []
    aside: list[SetAside] = []
    for student in students:
        folder = course.root / "submitted" / student / assignment
        problem: SetAside | None = None
        for name in notebooks:
            path = folder / f"{name}.ipynb"
            if not path.is_file():
                problem = SetAside(student, "notebook ontbreekt", f"{name}.ipynb")
                break
            try:
                nb = nbformat.read(str(path), as_version=4)
                nbformat.validate(nb)
            except Exception:  # noqa: BLE001 - any reason makes it invalid
                from kit.grading.course import notebook_problem

                why = (notebook_problem(path) or "geen geldig notebook").removeprefix(
                    "geen geldig notebook: ")
                problem = SetAside(student, "geen geldig notebook", f"{name}.ipynb: {why}")
                break
            seen: dict[str, str] = {}
            for cell in nb.cells:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                gid = meta.get("grade_id")
                if gid in locked.get(name, {}):
                    seen[gid] = compute_checksum(cell)
            changed = [gid for gid, checksum in locked.get(name, {}).items()
                       if seen.get(gid) != checksum]
            if changed:
                detail = f"{name}.ipynb: {', '.join(sorted(changed))}"
                if restore_locked is True or (restore_locked and student in restore_locked):
                    if restored is not None:
                        restored[student] = "; ".join(filter(None, [restored.get(student),
                                                                    detail]))
                    continue
                problem = SetAside(student, LOCKED_REASON, detail)
                break
        if problem is None and released is not None:
            # Everything the student handed in goes through the gate: the notebooks (what
            # the lecturer released is compared by exact text and left alone), mijn-werk/,
            # and the kit's own outputs there (handreiking, feedback), which are
            # pseudonymised and checked like anything else.
            findings = check([folder], released=released,
                             ignore_names=(*NBGRADER_IGNORE, "timestamp.txt"))
            if findings:
                first = findings[0]
                where = ", ".join(x for x in (Path(first.path).relative_to(folder).as_posix(),
                                              first.place) if x)
                problem = SetAside(student, "mogelijk persoonsgegevens gevonden (privacyscan)",
                                   f"{len(findings)} vondst(en), de eerste: {where}: "
                                   f"{first.category} {first.masked}")
        if problem is None:
            ok.append(student)
        else:
            aside.append(problem)
    return ok, aside


_TABLES = ("submitted_assignment", "submitted_notebook", "grade", "comment")


def extract_submission(db: Path, assignment: str, student: str) -> dict[str, list[tuple]]:
    """One student's submission rows (submission, notebooks, grades, comments, student)."""
    con = sqlite3.connect(db, timeout=60)
    try:
        sa_ids = [r[0] for r in con.execute(
            "SELECT sa.id FROM submitted_assignment sa JOIN assignment a "
            "ON sa.assignment_id = a.id WHERE a.name = ? AND sa.student_id = ?",
            (assignment, student))]
        marks = ",".join("?" * len(sa_ids))
        rows: dict[str, list[tuple]] = {
            "student": con.execute("SELECT * FROM student WHERE id = ?", (student,)).fetchall(),
            "submitted_assignment": con.execute(
                f"SELECT * FROM submitted_assignment WHERE id IN ({marks})", sa_ids).fetchall(),
            "submitted_notebook": con.execute(
                f"SELECT * FROM submitted_notebook WHERE assignment_id IN ({marks})",
                sa_ids).fetchall(),
        }
        sn_ids = [r[0] for r in rows["submitted_notebook"]]
        nmarks = ",".join("?" * len(sn_ids))
        for table in ("grade", "comment"):
            rows[table] = con.execute(f"SELECT * FROM {table} WHERE notebook_id IN ({nmarks})",
                                      sn_ids).fetchall()
    finally:
        con.close()
    return rows


def merge_rows(main_db: Path, assignment: str, student: str, rows: dict[str, list[tuple]]
               ) -> None:
    """Replace one student's submission in the main gradebook by ``rows``, in one transaction.

    The old rows of that submission are deleted and the new ones inserted, so the main
    gradebook holds exactly what nbgrader wrote in the worker.
    """
    if not rows.get("submitted_assignment"):
        raise sqlite3.OperationalError(f"no submission of {student} for {assignment}")
    con = sqlite3.connect(main_db, timeout=60, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        old_sa = [r[0] for r in con.execute(
            "SELECT sa.id FROM submitted_assignment sa JOIN assignment a "
            "ON sa.assignment_id = a.id WHERE a.name = ? AND sa.student_id = ?",
            (assignment, student))]
        marks = ",".join("?" * len(old_sa))
        old_sn = [r[0] for r in con.execute(
            f"SELECT id FROM submitted_notebook WHERE assignment_id IN ({marks})", old_sa)]
        nmarks = ",".join("?" * len(old_sn))
        con.execute(f"DELETE FROM grade WHERE notebook_id IN ({nmarks})", old_sn)
        con.execute(f"DELETE FROM comment WHERE notebook_id IN ({nmarks})", old_sn)
        con.execute(f"DELETE FROM submitted_notebook WHERE id IN ({nmarks})", old_sn)
        con.execute(f"DELETE FROM submitted_assignment WHERE id IN ({marks})", old_sa)
        for row in rows.get("student", []):
            con.execute(f"INSERT OR IGNORE INTO student VALUES ({','.join('?' * len(row))})",
                        row)
        for table in _TABLES:
            for row in rows.get(table, []):
                con.execute(f"INSERT INTO {table} VALUES ({','.join('?' * len(row))})", row)
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def merge_submission(main_db: Path, worker_db: Path, assignment: str, student: str) -> None:
    """Move one student's submission from a worker gradebook into the main gradebook."""
    merge_rows(main_db, assignment, student, extract_submission(worker_db, assignment, student))


def _quiet() -> None:
    """Silence nbgrader's harmless SQLAlchemy session warnings during autograde."""
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


# --- worker side -------------------------------------------------------------------------

_WORKER: dict = {}


def _engine_config(course: Course, no_execute: bool) -> dict:
    """nbgrader settings of the kit's engine: kernels over IPC, forked when possible."""
    from kit.grading.kernels import autograde_config

    if no_execute:
        return {"Execute__enabled": False, "ClearOutput__enabled": False}
    return autograde_config(course.config())


def _init_worker(root: str, course_id: str, exchange: str | None, db_queue, no_execute: bool
                 ) -> None:
    import logging

    from kit.grading.course import Course, nbgrader_api

    _quiet()
    reuse_engines()
    db_path = db_queue.get()
    scratch_writes(f"sqlite:///{db_path}")
    course = Course(root=Path(root), course_id=course_id,
                    exchange=Path(exchange) if exchange else None)
    extra = {"CourseDirectory__db_url": f"sqlite:///{db_path}",
             **_engine_config(course, no_execute)}
    api = nbgrader_api(course, **extra)
    api.log.setLevel(logging.ERROR)
    _WORKER.update(api=api, db=db_path)


def _grade_one(job: tuple[str, str]) -> tuple[str, bool, dict, str, float]:
    from kit.grading.kernels import cell_seconds

    assignment, student = job
    cell_seconds(reset=True)
    result = _WORKER["api"].autograde(assignment, student, force=True, create=True)
    detail = ""
    rows: dict = {}
    if result.get("success"):
        # The rows travel back through the pool's pipe: the main process never reads a
        # database a worker is writing (no SQLite lock waits).
        rows = extract_submission(Path(_WORKER["db"]), assignment, student)
    else:
        lines = [ln for ln in ((result.get("error") or "") + "\n" + (result.get("log") or ""))
                 .splitlines() if ln.strip()]
        detail = " | ".join(lines[-2:])[:300]
    return student, bool(result.get("success")), rows, detail, cell_seconds(reset=True)


# --- main side ---------------------------------------------------------------------------

def _state_path(course: Course, assignment: str) -> Path:
    return course.private / "autograde" / assignment / "voortgang.json"


def _load_state(path: Path) -> dict[str, str]:
    try:
        return json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _save_state(path: Path, state: dict[str, str]) -> None:
    from kit.io import atomic_write_text

    atomic_write_text(path, json.dumps(state, indent=1, sort_keys=True))


def _write_report(course: Course, result: AutogradeResult) -> Path:
    import csv
    import io

    from kit.io import atomic_write_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "status", "reason", "detail"])
    for student in result.graded:
        writer.writerow([student, "nagekeken", "", ""])
    for student in result.skipped:
        writer.writerow([student, "al nagekeken", "ongewijzigd sinds de vorige keer", ""])
    for entry in result.set_aside:
        writer.writerow([entry.student, "apart gezet", entry.reason, entry.detail])
    for entry in result.restored:
        writer.writerow([entry.student, "nagekeken met teruggezette cellen", entry.reason,
                         entry.detail])
    for entry in result.failed:
        writer.writerow([entry.student, "mislukt", entry.reason, entry.detail])
    path = course.private / "rapporten" / f"autograde-{result.assignment}.csv"
    atomic_write_text(path, buffer.getvalue())
    return path


def _submitted_students(course: Course, assignment: str) -> list[str]:
    base = course.root / "submitted"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / assignment).is_dir())


def autograde(course: Course, assignment: str, *, workers: int = 2,
              students: list[str] | None = None, force: bool = False, no_execute: bool = False,
              privacy_scan: bool = True, progress: bool = True,
              restore_locked: bool = False, fork_kernels: bool = True) -> AutogradeResult:
    """Autograde every submission of an assignment in ``workers`` processes.

    Args:
        course: the course.
        assignment: the assignment id.
        workers: number of worker processes (1: in this process, like serial nbgrader).
        students: only these students (default: everyone in ``submitted/``).
        force: grade again even when unchanged since the last run.
        no_execute: do not execute the notebooks; refused for an assignment with autograded
            test cells, since tests that never ran would get full points (or whatever outputs
            the submission carries). Every test score comes from running the test.
        privacy_scan: set aside submissions in which the privacy scan finds personal data.
        progress: show a progress bar on stderr.
        restore_locked: grade submissions with a changed or deleted locked cell anyway:
            nbgrader puts the original cells back; a note goes to feedback and export
            (``--herstel-vergrendeld``). A submission restored once stays restored while
            it is unchanged.
        fork_kernels: start each submission's kernel as a fresh fork of a template process
            that imported ipykernel and the assignment's libraries once (see
            :mod:`kit.grading.kernels`); ``False``: every kernel starts from scratch. Either
            way kernels talk over IPC, and a kernel command with a launcher in front (a
            sandbox) is always started through that launcher.

    Returns:
        An :class:`AutogradeResult`; the report CSV is in ``result.report``;
        ``result.cell_seconds`` is how long the graded cells themselves ran (the floor).
    """
    start = time.perf_counter()
    require_assignment(course, assignment)
    if no_execute:
        from kit.grading.course import graded_cells

        if any(c.kind == "auto" for c in graded_cells(course, assignment)):
            raise InputError("nakijken zonder uitvoeren kan niet: deze opdracht heeft automatisch "
                             "nagekeken toetscellen, die dan ten onrechte alle punten krijgen",
                             place="optie --no-execute")
    if workers < 1:
        raise InputError("het aantal workers is minstens 1", place="optie --workers")
    everyone = _submitted_students(course, assignment)
    if students:
        unknown = [s for s in students if s not in everyone]
        if unknown:
            raise InputError(f"geen inlevering van '{unknown[0]}' voor '{assignment}'",
                             path=course.root / "submitted")
        everyone = [s for s in everyone if s in students]
    result = AutogradeResult(assignment=assignment)
    # one run of an assignment at a time: two graders (or windows) that autograde it at once
    # would write the same submissions' folders and gradebook rows and each other's notes
    from kit.io import locked

    def waiting() -> None:
        if progress:
            print(f"'{assignment}' wordt al nagekeken (door een andere docent of in een ander "
                  "venster); dit nakijken wacht tot dat klaar is ...", file=sys.stderr,
                  flush=True)

    with locked(_state_path(course, assignment).with_name("nakijken"), permissions=0o666,
                waiting=waiting):
        return _autograde_in_turn(course, assignment, result, everyone, workers=workers,
                                  force=force, no_execute=no_execute, privacy_scan=privacy_scan,
                                  progress=progress, restore_locked=restore_locked,
                                  fork_kernels=fork_kernels, start=start)


def _autograde_in_turn(course: Course, assignment: str, result: AutogradeResult,
                       everyone: list[str], *, workers: int, force: bool, no_execute: bool,
                       privacy_scan: bool, progress: bool, restore_locked: bool,
                       fork_kernels: bool, start: float) -> AutogradeResult:
    """The run of :func:`autograde`, once this process has its turn."""
    if not everyone:
        # Nothing submitted (yet): decided as cheaply as "nothing new", before nbgrader,
        # SQLAlchemy, a kernel or the fork server; the gradebook must know the assignment,
        # as for a full run (read-only: never creates one).
        if not _notebook_names(course, assignment):
            raise InputError(f"de opdracht '{assignment}' staat niet in het cijferboek; "
                             "draai eerst 'iids grade generate'", path=course.db_path)
        result.seconds = time.perf_counter() - start
        _finish_report(course, result, {})
        return result
    if not force:
        done = _all_unchanged(course, assignment, everyone, result, privacy_scan=privacy_scan,
                              restore_locked=restore_locked)
        if done is not None:
            result.seconds = time.perf_counter() - start
            _finish_report(course, result, done)
            return result
    if progress:  # working: said before nbgrader, the privacy engine or kernels load
        scan = " (met privacyscan)" if privacy_scan else ""
        print(f"'{assignment}': {len(everyone)} inlevering(en) eerst controleren{scan}, dan "
              "nakijken ...", file=sys.stderr, flush=True)
    from kit.grading import kernels

    _quiet()
    server, owned = None, False
    steps = kernels.autograde_config(course.config())["Autograde__autograde_preprocessors"]
    if fork_kernels and not no_execute and everyone and kernels.FastExecute in steps:
        # (not when the course runs student code in the sandbox: that has its own execute step)
        # Imports in the background while the submissions are checked; inside
        # kernels.warm_fork_servers() a server of an earlier run with the same imports.
        server, owned = kernels.fork_server_for(kernels.preload_modules(
            sorted((course.root / "release" / assignment).glob("*.ipynb"))))
    try:
        return _autograde(course, assignment, result, everyone, workers=workers, force=force,
                          no_execute=no_execute, privacy_scan=privacy_scan, progress=progress,
                          restore_locked=restore_locked, server=server, start=start)
    finally:
        kernels.use_fork_server(None)
        if server is not None and owned:
            server.close()
        sandboxed = sys.modules.get("kit.grading.sandbox")
        if sandboxed is not None:  # a warm sandbox of this process frees its pool user
            sandboxed.release_warm_sandbox()


def _autograde(course: Course, assignment: str, result: AutogradeResult, everyone: list[str], *,
               workers: int, force: bool, no_execute: bool, privacy_scan: bool, progress: bool,
               restore_locked: bool, server, start: float) -> AutogradeResult:
    import multiprocessing as mp

    from nbgrader.api import Gradebook
    from tqdm import tqdm

    from kit.grading import kernels
    from kit.grading.setaside import RESTORED, load_notes

    earlier = load_notes(course.root, assignment)
    still_restored = {s for s in everyone if s in earlier and earlier[s].status == RESTORED
                      and earlier[s].fingerprint == submission_fingerprint(
                          course.root / "submitted" / s / assignment)}
    restored_cells: dict[str, str] = {}
    ok, result.set_aside = precheck(course, assignment, everyone, privacy_scan=privacy_scan,
                                    restore_locked=True if restore_locked else still_restored,
                                    restored=restored_cells)
    result.restored = [SetAside(s, RESTORED, d) for s, d in sorted(restored_cells.items())]
    _record_prechecks(course, assignment, ok, [e.student for e in result.set_aside],
                      restored_cells, privacy_scan)

    state_path = _state_path(course, assignment)
    state = {} if force else _load_state(state_path)
    fingerprints = {s: submission_fingerprint(course.root / "submitted" / s / assignment)
                    for s in ok}
    todo = []
    for student in ok:
        done = (state.get(student) == fingerprints[student]
                and (course.root / "autograded" / student / assignment).is_dir())
        (result.skipped if done else todo).append(student)

    with Gradebook(course.db_url, course.course_id) as gb:
        for student in everyone:  # set-aside students appear in exports, without a grade
            gb.update_or_create_student(student)

    bar = tqdm(total=len(todo), desc=f"nakijken {assignment}", unit="inlevering",
               file=sys.stderr, disable=not progress or not todo, leave=True)
    work = course.private / "autograde" / assignment
    work.mkdir(parents=True, exist_ok=True)
    n_workers = max(1, min(workers, len(todo)))
    if server is not None and todo:
        # The workers start while the template still imports; a kernel they ask for waits
        # for it (workers=1: this process waits), or starts the ordinary way without one.
        kernels.use_fork_server(server if server.wait_listening() else None)

    def finish(student: str, success: bool, detail: str, cells: float = 0.0) -> None:
        result.cell_seconds += cells
        if success:
            state[student] = fingerprints[student]
            _save_state(state_path, state)
            result.graded.append(student)
        else:
            state.pop(student, None)
            _save_state(state_path, state)
            result.failed.append(SetAside(student, "nbgrader kon dit niet nakijken", detail))
        bar.update(1)

    try:
        if todo and workers == 1:
            from kit.grading.course import nbgrader_api

            reuse_engines()
            api = nbgrader_api(course, **_engine_config(course, no_execute))
            import logging

            api.log.setLevel(logging.ERROR)
            for student in todo:
                kernels.cell_seconds(reset=True)
                res = api.autograde(assignment, student, force=True, create=True)
                lines = [ln for ln in ((res.get("error") or "") + "\n" + (res.get("log") or ""))
                         .splitlines() if ln.strip()]
                finish(student, bool(res.get("success")), " | ".join(lines[-2:])[:300],
                       kernels.cell_seconds(reset=True))
        elif todo:
            ctx = mp.get_context("fork")
            queue = ctx.Queue()
            db_copies = []
            for k in range(n_workers):
                copy = work / f"werker-{k + 1}.db"
                _copy_db(course.db_path, copy)
                queue.put(str(copy))
                db_copies.append(copy)
            pool = ctx.Pool(n_workers, initializer=_init_worker,
                            initargs=(str(course.root), course.course_id,
                                      str(course.exchange) if course.exchange else None,
                                      queue, no_execute))
            try:
                jobs = [(assignment, s) for s in todo]
                for student, success, rows, detail, cells in pool.imap_unordered(_grade_one,
                                                                                  jobs):
                    if success:
                        merge_rows(course.db_path, assignment, student, rows)
                    finish(student, success, detail, cells)
                pool.close()
            except BaseException:
                pool.terminate()
                raise
            finally:
                pool.join()
                for copy in db_copies:
                    copy.unlink(missing_ok=True)
    finally:
        bar.close()
        result.seconds = time.perf_counter() - start
        _finish_report(course, result, fingerprints)
    return result


def _finish_report(course: Course, result: AutogradeResult, fingerprints: dict[str, str]
                   ) -> None:
    """Write the run's report and the set-aside and restored notes (every run ends here)."""
    from kit.grading.setaside import RESTORED, Note, update_notes

    result.report = _write_report(course, result)
    failed = {e.student for e in result.failed}
    update_notes(course.root, result.assignment, graded=result.graded,
                 set_aside=result.set_aside,
                 restored={e.student: Note(RESTORED, RESTORED, e.detail,
                                           fingerprints.get(e.student, ""))
                           for e in result.restored if e.student not in failed})


def _precheck_path(course: Course, assignment: str) -> Path:
    return course.private / "autograde" / assignment / "voorcontrole.json"


def _precheck_key(course: Course, assignment: str) -> str | None:
    """What a precheck depends on besides the submission: the released assignment and the
    gradebook's notebooks (``None`` when either is missing: then the full precheck runs)."""
    release = course.root / "release" / assignment
    if not release.is_dir() or not course.db_path.is_file():
        return None
    try:
        notebooks = _notebook_names(course, assignment)
    except (InputError, sqlite3.Error):
        return None
    if not notebooks:
        return None
    return fingerprint_of_text(submission_fingerprint(release) + "\n" + "\n".join(notebooks))


def _record_prechecks(course: Course, assignment: str, ok: list[str], aside: list[str],
                      restored: dict[str, str], privacy_scan: bool) -> None:
    """Remember which submissions passed the precheck, on what, and with or without scan."""
    key = _precheck_key(course, assignment)
    path = _precheck_path(course, assignment)
    records = _load_state(path)
    for student in aside:
        records.pop(student, None)
    for student in ok:
        records[student] = {
            "submission": submission_fingerprint(course.root / "submitted" / student /
                                                 assignment),
            "release": key, "privacy_scan": privacy_scan, "restored": restored.get(student, "")}
    if ok or aside:
        _save_state(path, records)


def _all_unchanged(course: Course, assignment: str, everyone: list[str],
                   result: AutogradeResult, *, privacy_scan: bool, restore_locked: bool
                   ) -> dict[str, str] | None:
    """Nothing to grade: decided before nbgrader is imported or a kernel is started.

    True when every submission is unchanged since it was graded (same files, graded folder
    present) and passed the same precheck on the same released assignment: with the
    privacy scan when it is asked for now, and with restored locked cells only where they
    are restored now too. Then the result is what the full run gives: every submission
    "al nagekeken", the restored ones listed again. Returns the fingerprints, else ``None``.
    """
    if not everyone:
        return None
    from kit.grading.setaside import RESTORED, load_notes

    key = _precheck_key(course, assignment)
    if key is None:
        return None
    state = _load_state(_state_path(course, assignment))
    records = _load_state(_precheck_path(course, assignment))
    earlier = load_notes(course.root, assignment)
    fingerprints = {}
    restored = {}
    for student in everyone:
        record = records.get(student)
        if not isinstance(record, dict):
            return None
        fingerprint = submission_fingerprint(course.root / "submitted" / student / assignment)
        if (state.get(student) != fingerprint or record.get("submission") != fingerprint
                or record.get("release") != key
                or not (course.root / "autograded" / student / assignment).is_dir()
                or (privacy_scan and not record.get("privacy_scan"))):
            return None
        if record.get("restored"):
            note = earlier.get(student)
            if not (restore_locked or (note is not None and note.status == RESTORED
                                       and note.fingerprint == fingerprint)):
                return None
            restored[student] = record["restored"]
        fingerprints[student] = fingerprint
    result.skipped = list(everyone)
    result.restored = [SetAside(s, RESTORED, d) for s, d in sorted(restored.items())]
    return fingerprints


def _copy_db(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (the backup API, safe while others read)."""
    target.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
