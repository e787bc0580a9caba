"""Harvest several cohorts at once: each cohort whole in one process, the cores shared out.

``iids harvest C1 C2 ... -o OUT`` harvests every course folder into ``OUT/<cohort>/``, as
one ``iids harvest`` per folder would (the same tables, bytes and lineage entries), with
one forked process per core. All folders are checked first and the pseudonym key is read
(or made) once, before any process starts, so nothing is written for a list that holds a
folder that is no course, and every cohort gets its codes from the same key.

Each cohort's artefacts go through the privacy scan before it is harvested, cohort by cohort,
over all cores. When most files are new to the scan (a first harvest), the cohorts are
harvested here, one after the other, each while the scan's workers take the next: this process
learns the texts the scan passed, and separate workers would each learn them again. A harvest
made again (the scan knows the files) goes to the workers after the scan.

>>> import tempfile, pathlib
>>> from kit.synthetic.cohorts import build_synthetic_course
>>> base = pathlib.Path(tempfile.mkdtemp())
>>> courses = [build_synthetic_course(base / label, label, students=3, seed=1,
...                                   narratives_per_student=2) for label in ("2024-2025", "2025-2026")]
>>> results = harvest_courses(courses, base / "oogst", key=b"sleutel-van-minstens-16")
>>> [(r.label, r.out.name, r.manifest["students"], r.written) for r in results]
[('2024-2025', '2024-2025', 3, True), ('2025-2026', '2025-2026', 3, True)]
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.config import WORK_FOLDER
from kit.errors import InputError
from kit.evaluation.harvest import ERROR, Problem, refusal

__all__ = ["CohortHarvest", "harvest_courses", "harvest_tables", "cores"]


@dataclass
class CohortHarvest:
    """What became of one course folder.

    Attributes:
        course: the course folder.
        out: its harvest folder.
        label: the cohort label.
        manifest: the harvest's manifest (``oogst.yaml`` without the checksums).
        problems: what was skipped or noted, as in :class:`kit.evaluation.harvest.Harvest`.
        written: whether the tables were written (not with ``strict`` and an error).
    """

    course: Path
    out: Path
    label: str
    manifest: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


def cores() -> int:
    """The cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def harvest_courses(courses: list[str | os.PathLike], out_dir: str | os.PathLike, *,
                    key: bytes | None = None, pseudonymise: bool = True, strict: bool = False,
                    workers: int | None = None) -> list[CohortHarvest]:
    """Harvest every course folder into ``out_dir/<cohort>/``, several at once.

    Args:
        courses: nbgrader course folders; the folder name is the cohort label.
        out_dir: the folder that gets one harvest folder per cohort.
        key: the pseudonym key; default :func:`kit.evaluation.harvest.harvest_key` (once).
        pseudonymise: replace student ids by codes (default).
        strict: write nothing when any cohort has an error (``--streng``).
        workers: processes at most; default one per core. One: all in this process.

    Returns:
        One :class:`CohortHarvest` per course folder, in the order given.

    Raises:
        InputError: a folder that is no nbgrader course, two folders with one name, or
            (with ``strict``) the first error of any cohort; nothing is written then.
    """
    labels, key = _prepare(courses, key, pseudonymise)
    out = Path(out_dir)
    jobs = [_Job(folder, out / label, label, key, pseudonymise, not strict)
            for label, folder in labels.items()]
    done = _run(jobs, workers)
    results = [result for result, _harvest in done]
    if strict:
        failed = [r for r in results if r.errors]
        if failed:
            raise refusal(failed[0].errors, total=sum(len(r.errors) for r in failed),
                          folder=failed[0].label)
        for job, (result, harvest) in zip(jobs, done, strict=True):
            _write(result, job, harvest)
    return results


def harvest_tables(courses: list[str | os.PathLike], *, key: bytes | None = None,
                   pseudonymise: bool = True, workers: int | None = None) -> list:
    """The harvests of several course folders, made at once and not written (for a report
    made straight from course folders, as ``iids evaluate --cohort CURSUSMAP`` does).

    Returns:
        One :class:`kit.evaluation.harvest.Harvest` per folder, in the order given.

    Raises:
        InputError: as :func:`harvest_courses`.
    """
    labels, key = _prepare(courses, key, pseudonymise)
    jobs = [_Job(folder, Path(), label, key, pseudonymise, False)
            for label, folder in labels.items()]
    return [harvest for _result, harvest in _run(jobs, workers)]


def _prepare(courses, key: bytes | None, pseudonymise: bool) -> tuple[dict[str, Path], bytes | None]:
    """``({cohort label: folder}, key)``: every folder checked, the key read or made once."""
    from kit.evaluation.harvest import check_course, harvest_key

    folders = [Path(c) for c in courses]
    for folder in folders:
        check_course(folder)  # raises before any process starts or any key is made
    labels: dict[str, Path] = {}
    for folder in folders:
        label = folder.resolve().name
        if label in labels:
            raise InputError(f"twee cursusmappen heten '{label}' ({labels[label]} en {folder}); "
                             "de naam van de map is de naam van het cohort", path=folder)
        labels[label] = folder
    if pseudonymise and key is None:
        key = harvest_key()
    return labels, key


@dataclass
class _Job:
    course: Path
    out: Path
    label: str
    key: bytes | None
    pseudonymise: bool
    write: bool


def _run(jobs: list[_Job], workers: int | None) -> list[tuple[CohortHarvest, Any]]:
    n = min(len(jobs), workers or cores())
    kernel = sys.modules.get("ipykernel.kernelapp")
    if n <= 1 or (kernel is not None and kernel.IPKernelApp.initialized()):
        return [_harvest_one(job) for job in jobs]  # a kernel's threads do not survive a fork
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    _load_once()
    scans = _artefacts([job.course for job in jobs])
    if sum(scan.new for scan in scans) * 10 > sum(len(scan.paths) for scan in scans):
        # a first harvest: the scan passes thousands of new texts, which the checks of the
        # written tables meet again; this process knows them all, separate workers would each
        # learn them again (about 7 % more processor time). So the cohorts are harvested here,
        # one after the other, each while the scan of the next runs in the workers
        return _harvest_while_scanning(jobs, scans)
    for scan in scans:  # cohort by cohort: each scan's workers know what the last passed
        scan.start().result()
    # one cohort per process at a time; each cohort's first scan gets its share of the cores
    with ProcessPoolExecutor(n, mp_context=mp.get_context("fork"), initializer=_start_worker,
                             initargs=(max(1, cores() // n),)) as pool:
        return list(pool.map(_harvest_one, jobs))


@dataclass
class _Artefacts:
    """One cohort's artefacts for the scan that runs before its harvest: their bytes and
    SHA-256, and how many the scan cache did not know (nor an earlier cohort of this run)."""

    paths: list[Path]
    contents: dict[Path, bytes]
    digests: dict[Path, str]
    new: int

    def start(self):
        """The privacy scan of these artefacts, started (a :class:`kit.privacy.gate.PendingScan`)."""
        from kit.evaluation.adapters import scan_paths_started

        return scan_paths_started(self.paths, contents=self.contents, digests=self.digests)


def _artefacts(courses: list[Path]) -> list[_Artefacts]:
    """Every cohort's artefacts, read once, as the harvest will take them.

    The scan of them runs before the harvest: the harvest then finds each file's verdict in
    the scan cache, and each text the scan passed in the gate's memory of this process, which
    the workers get when forked: a narrative, category or framework text that several cohorts
    share is scanned once, not once per worker. A work folder of a submission that the
    gradebook does not know is scanned too and then not harvested; that only costs time.
    """
    from kit.evaluation.adapters import known_digests
    from kit.evaluation.harvest import STEPS, _checksum, _work_files

    out = []
    known = known_digests()
    for course in courses:
        folders: dict[tuple[str, str], Path] = {}
        for step in STEPS:  # a submission's own step first, as the harvest takes it
            for folder in sorted((course / step).glob(f"*/*/{WORK_FOLDER}")):
                folders.setdefault((folder.parent.parent.name, folder.parent.name), folder)
        paths = [path for folder in folders.values() for path in _work_files(str(folder))]
        contents = {path: path.read_bytes() for path in paths}
        digests = {path: _checksum(data) for path, data in contents.items()}
        new = {digest for digest in digests.values() if digest not in known}
        out.append(_Artefacts(paths, contents, digests,
                              sum(digest in new for digest in digests.values())))
        known |= new
    return out


def _harvest_while_scanning(jobs: list[_Job], scans: list[_Artefacts]) -> list:
    """Harvest the cohorts here, one after the other, each while the workers scan the next.

    A cohort's scan is over before its harvest starts, and the next cohort's scan starts
    after this one's, so each scan knows what the scans before it passed (as one after the
    other would); the harvest here, which scans nothing new, fills the time the scan's
    workers leave this process idle.
    """
    pending = scans[0].start()
    out = []
    try:
        for index, job in enumerate(jobs):
            pending.result()
            pending = scans[index + 1].start() if index + 1 < len(jobs) else None
            scans[index].contents.clear()
            out.append(_harvest_one(job))
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise
    return out


def _load_once() -> None:
    """Import what a harvest needs and load deduce here, before the workers are forked: they
    share it, and a process that harvests again (a notebook, the benchmark) keeps it. A
    missing deduce table stops the harvest here, before anything starts."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import yaml  # noqa: F401

    import kit.grading.gradelog  # noqa: F401
    import kit.io  # noqa: F401
    import kit.narratives.schema  # noqa: F401
    import kit.privacy.consent  # noqa: F401
    import kit.privacy.lineage  # noqa: F401
    import kit.privacy.pseudonymise  # noqa: F401
    import kit.privacy.verdicts  # noqa: F401
    from kit.privacy.gate import require_engine

    require_engine()


def _start_worker(scan_workers: int) -> None:
    from kit.evaluation import adapters

    adapters.SCAN_WORKERS = scan_workers


def _harvest_one(job: _Job) -> tuple[CohortHarvest, Any]:
    """One cohort harvested (and written, unless the caller writes): ``(result, harvest)``,
    the harvest itself only when it is not written here (the tables are large to send)."""
    from kit.evaluation.harvest import harvest_course

    harvest = harvest_course(job.course, key=job.key, pseudonymise=job.pseudonymise,
                             cohort=job.label)
    result = CohortHarvest(job.course, job.out, job.label, dict(harvest.manifest),
                           list(harvest.problems))
    if not job.write:
        return result, harvest
    _write(result, job, harvest)
    return result, None


def _write(result: CohortHarvest, job: _Job, harvest) -> None:
    from kit.evaluation.harvest import write_harvest

    write_harvest(harvest, job.out)
    result.written = True
