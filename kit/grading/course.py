"""The nbgrader course folder: configuration, assignments, due dates, generate, release, collect.

The course folder (``assignments/`` in the repository, or any folder with an
``nbgrader_config.py``) is an ordinary nbgrader course. These functions run
nbgrader in-process through :class:`nbgrader.apps.NbGraderAPI` (no start-up cost
per call) and turn its failures into Dutch :class:`kit.errors.InputError`.

>>> cells = graded_cells_of({"cells": [{"cell_type": "markdown", "source": "x",
...     "metadata": {"nbgrader": {"grade": True, "solution": True, "grade_id": "a_1",
...                               "points": 3, "schema_version": 3}}}]})
>>> [(c.grade_id, c.kind, c.points) for c in cells]
[('a_1', 'manual', 3.0)]
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.grading.cells import GradedCell, graded_cells_of

__all__ = [
    "Course",
    "GradedCell",
    "ASSIGNMENT_ORDER",
    "open_course",
    "default_course_root",
    "is_course_folder",
    "read_gradebook",
    "require_gradebook",
    "graded_cells_of",
    "notebook_problem",
    "graded_cells",
    "manual_cells",
    "assignment_ids",
    "require_assignment",
    "assignment_rubric",
    "due_dates",
    "route_weeks",
    "ensure_assignments",
    "add_students",
    "generate",
    "release",
    "collect",
    "inbound_submissions",
    "zip_collect",
    "release_feedback",
    "nbgrader_api",
    "exchange_step",
    "converter_step",
    "NbgraderFailed",
]

#: The five assignments of the minor, in due order (the route in kit/data/route.yaml).
ASSIGNMENT_ORDER = ("discoursanalyse", "onderzoeksplan", "narratieven", "dialoogtafel",
                    "handreiking")
#: Used when kit/data/route.yaml is absent: weeks 6, 8, 13, 17, 20 of the term from 2026-08-31.
_FALLBACK_DUE = {
    "discoursanalyse": "2026-10-09T17:00:00+02:00",
    "onderzoeksplan": "2026-10-23T17:00:00+02:00",
    "narratieven": "2026-11-27T17:00:00+01:00",
    "dialoogtafel": "2026-12-25T17:00:00+01:00",
    "handreiking": "2027-01-15T17:00:00+01:00",
}


#: Put before a locked cell that nbgrader added back because the student had deleted it.
MISSING_CELL_NOTE = ("*Deze cel ({cell_id}) ontbrak in je inlevering; voor het nakijken is "
                     "hij teruggezet.*\n\n")


#: The environment variables with which :func:`kit.grading.sandbox.configure_from_env` puts
#: student code in the sandbox (without them it changes nothing).
SANDBOX_ENV = ("IIDS_SANDBOX_USER", "IIDS_SANDBOX_USERS")


class NbgraderFailed(InputError):
    """An nbgrader step failed; the message carries the last lines of nbgrader's log."""


@dataclass(frozen=True)
class Course:
    """An nbgrader course folder.

    Attributes:
        root: the course folder (with ``source/``, ``nbgrader_config.py``, ``gradebook.db``).
        course_id: nbgrader's course id.
        exchange: the exchange folder for release/fetch/submit/collect on one machine.
    """

    root: Path
    course_id: str = "iids"
    exchange: Path | None = None

    @property
    def db_path(self) -> Path:
        """The gradebook (SQLite)."""
        return self.root / "gradebook.db"

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL of the gradebook."""
        return f"sqlite:///{self.db_path}"

    @property
    def private(self) -> Path:
        """The kit's own course files (grading log, blind key); owner-only."""
        return self.root / ".iids"

    def source_notebook(self, assignment: str) -> Path:
        """``source/<id>/<id>.ipynb``."""
        return self.root / "source" / assignment / f"{assignment}.ipynb"

    def config(self, **extra: Any):
        """The traitlets Config for nbgrader: the course's nbgrader_config.py plus our paths."""
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        cfg = Config()
        config_file = self.root / "nbgrader_config.py"
        if config_file.is_file():
            cfg.merge(PyFileConfigLoader(config_file.name, path=str(self.root)).load_config())
        cfg.CourseDirectory.root = str(self.root)
        cfg.CourseDirectory.course_id = self.course_id
        cfg.CourseDirectory.db_url = self.db_url
        cfg.Exchange.root = str(self.exchange or (self.root / "exchange"))
        cfg.Exchange.path_includes_course = False
        # A deleted test or task cell comes back when grading (only submissions graded with
        # --herstel-vergrendeld can have one: the kit sets the others aside).
        if "add_missing_cells" not in cfg.OverwriteCells:
            cfg.OverwriteCells.add_missing_cells = True
            cfg.OverwriteCells.missing_cell_notification = MISSING_CELL_NOTE
        for key, value in extra.items():
            section, name = key.split("__")
            cfg[section][name] = value
        if any(os.environ.get(k, "").strip() for k in SANDBOX_ENV):
            # on the class server: student code in the sandbox (that module imports
            # nbgrader's preprocessors, so only when it is asked for)
            from kit.grading.sandbox import configure_from_env

            configure_from_env(cfg)
        return cfg


def is_course_folder(path: str | os.PathLike) -> bool:
    """Whether a folder is an nbgrader course folder (``nbgrader_config.py`` or ``source/``).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> is_course_folder(folder)
    False
    >>> (folder / "source").mkdir()
    >>> is_course_folder(folder)
    True
    """
    folder = Path(path)
    return (folder / "nbgrader_config.py").is_file() or (folder / "source").is_dir()


def default_course_root() -> Path:
    """The course folder when ``--cursus`` is not given, found as nbgrader finds its config.

    1. the current folder, when it is a course folder (nbgrader reads the
       ``nbgrader_config.py`` of the folder it runs in);
    2. ``$IIDS_COURSE``;
    3. ``assignments/`` of the repository checkout;
    4. otherwise the current folder (which :func:`open_course` then refuses).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()).resolve()
    >>> (folder / "source").mkdir()
    >>> before = os.getcwd(); os.chdir(folder)
    >>> default_course_root() == folder
    True
    >>> os.chdir(before)
    """
    from kit.config import repo_root

    here = Path.cwd()
    if is_course_folder(here):
        return here.resolve()
    env = os.environ.get("IIDS_COURSE")
    if env:
        return Path(env).expanduser().resolve()
    root = repo_root()
    return (root / "assignments") if root else here.resolve()


def open_course(root: str | os.PathLike | None = None, *, exchange: str | os.PathLike | None = None
                ) -> Course:
    """Open a course folder (it must exist and have ``source/``); nothing is written.

    Args:
        root: the course folder (``--cursus``); by default :func:`default_course_root`.
        exchange: the exchange folder (default: ``<course>/exchange``).

    Raises:
        InputError: when the folder is not a course folder.
    """
    path = Path(root).expanduser().resolve() if root else default_course_root()
    if not (path / "source").is_dir():
        raise InputError("dit is geen nbgrader-cursusmap (de map source/ ontbreekt); ga naar de "
                         "cursusmap of geef hem op met --cursus", path=path)
    course_id = "iids"
    config_file = path / "nbgrader_config.py"
    if config_file.is_file():
        match = re.search(r"course_id\s*=\s*[\"']([^\"']+)[\"']", config_file.read_text("utf-8"))
        if match:
            course_id = match.group(1)
    return Course(root=path, course_id=course_id,
                  exchange=Path(exchange).resolve() if exchange else None)


def read_gradebook(course: Course):
    """A read-only SQLite connection to the course's gradebook; never creates one.

    Raises:
        InputError: when there is no gradebook yet, or it lacks nbgrader's tables.

    >>> import tempfile
    >>> course = Course(root=Path(tempfile.mkdtemp()))
    >>> read_gradebook(course)
    Traceback (most recent call last):
    ...
    kit.errors.InputError: ...gradebook.db: er is nog geen cijferboek in deze cursusmap; draai eerst 'iids grade generate'
    >>> course.db_path.exists()
    False
    """
    import sqlite3

    missing = InputError("er is nog geen cijferboek in deze cursusmap; draai eerst "
                         "'iids grade generate'", path=course.db_path)
    if not course.db_path.is_file():
        raise missing
    con = sqlite3.connect(f"{course.db_path.as_uri()}?mode=ro", uri=True, timeout=60)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        con.close()
        raise InputError("dit is geen geldig cijferboek (SQLite)", path=course.db_path) from None
    if not {"assignment", "notebook", "student", "submitted_assignment"} <= tables:
        con.close()
        raise missing
    return con


def require_gradebook(course: Course) -> None:
    """Raise a Dutch InputError unless the course has a gradebook with nbgrader's tables."""
    read_gradebook(course).close()


def notebook_problem(path: str | os.PathLike) -> str | None:
    """What is wrong with a notebook file, in Dutch (``None`` when it is a valid notebook).

    Broken JSON is located by line and column (as nbgrader does); a schema error names
    the first offending field.

    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "a.ipynb"
    >>> _ = bad.write_text('{"cells": [')
    >>> notebook_problem(bad)
    'geen geldig notebook: de JSON houdt op of klopt niet op regel 1, kolom 12 (Expecting value)'
    """
    import json

    import nbformat

    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except FileNotFoundError:
        return "het notebook bestaat niet"
    except UnicodeDecodeError as exc:
        return f"geen geldig notebook: geen UTF-8-tekst (byte {exc.start})"
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return (f"geen geldig notebook: de JSON houdt op of klopt niet op regel {exc.lineno}, "
                f"kolom {exc.colno} ({exc.msg})")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        where = "/".join(str(p) for p in getattr(exc, "absolute_path", []) or [])
        return ("geen geldig notebook: " + (f"veld '{where}': " if where else "")
                + str(getattr(exc, "message", exc)).splitlines()[0][:200])
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        return f"geen geldig notebook: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
    return None


def _read_notebook(path: Path):
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise InputError("het notebook bestaat niet", path=path) from None
    except Exception:  # noqa: BLE001 - nbformat raises many kinds
        raise InputError(notebook_problem(path) or "geen geldig notebook", path=path) from None


_CELLS: dict[tuple, list[GradedCell]] = {}


def graded_cells(course: Course, assignment: str) -> list[GradedCell]:
    """The graded cells of an assignment's source notebook (cached while it is unchanged)."""
    path = course.source_notebook(require_assignment(course, assignment))
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _CELLS:
        _CELLS[key] = graded_cells_of(_read_json_notebook(path))
    return list(_CELLS[key])


def _read_json_notebook(path: Path) -> dict:
    """A notebook as plain JSON (only metadata is needed; no nbformat import)."""
    import json

    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(notebook_problem(path) or "geen geldig notebook", path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise InputError("geen geldig notebook: de lijst 'cells' ontbreekt", path=path)
    for cell in data["cells"]:
        if not isinstance(cell, dict):
            raise InputError("geen geldig notebook: een cel is geen object", path=path)
    return data


def manual_cells(course: Course, assignment: str) -> dict[str, float]:
    """``{grade_id: points}`` of the manually graded cells (answers and tasks)."""
    return {c.grade_id: c.points for c in graded_cells(course, assignment)
            if c.kind in {"manual", "task"}}


def assignment_ids(course: Course) -> list[str]:
    """The assignments in ``source/``, in the minor's order (others after, alphabetically)."""
    found = [p.name for p in (course.root / "source").iterdir()
             if p.is_dir() and (p / f"{p.name}.ipynb").is_file()]
    return sorted(found, key=lambda a: (ASSIGNMENT_ORDER.index(a) if a in ASSIGNMENT_ORDER
                                        else len(ASSIGNMENT_ORDER), a))


def require_assignment(course: Course, assignment: str) -> str:
    """Return ``assignment`` when it exists in ``source/``; else a Dutch InputError."""
    known = assignment_ids(course)
    if assignment not in known:
        raise InputError(f"onbekende opdracht '{assignment}'; bekend zijn: "
                         f"{', '.join(known) or '(geen)'}", path=course.root / "source")
    return assignment


def assignment_rubric(course: Course, assignment: str):
    """Load the assignment's rubric and check it against the notebook's manually graded cells.

    Returns:
        The :class:`kit.grading.rubrics.Rubric`.

    Raises:
        InputError: missing rubric, invalid YAML, or points that do not add up.
    """
    from kit.grading.rubrics import check_points, load_rubric, rubric_path

    path = rubric_path(course.root, require_assignment(course, assignment))
    cells = manual_cells(course, assignment)
    rubric = load_rubric(path, cells)
    if rubric.assignment != assignment:
        raise InputError(f"deze rubriek hoort bij '{rubric.assignment}', niet bij '{assignment}'",
                         path=path, place="veld 'opdracht'")
    check_points(rubric, cells, path, notebook=course.source_notebook(assignment))
    return rubric


def due_dates() -> dict[str, str]:
    """Due dates (ISO 8601 with offset) per assignment from ``kit/data/route.yaml``.

    >>> due_dates()["discoursanalyse"][:4]
    '2026'
    """
    from kit.config import data_path
    from kit.io import read_yaml

    path = data_path("route.yaml")
    if not path.is_file():
        return dict(_FALLBACK_DUE)
    route = read_yaml(path) or {}
    dates = dict(_FALLBACK_DUE)
    for entry in route.get("assignments", []) or []:
        if isinstance(entry, dict) and entry.get("id") and entry.get("due"):
            dates[str(entry["id"])] = str(entry["due"])
    return dates


def route_weeks() -> dict[str, int]:
    """The course week in which each assignment is due (from ``kit/data/route.yaml``).

    >>> route_weeks().get("handreiking", 20)
    20
    """
    from kit.config import data_path
    from kit.io import read_yaml

    path = data_path("route.yaml")
    if not path.is_file():
        return {"discoursanalyse": 6, "onderzoeksplan": 8, "narratieven": 13,
                "dialoogtafel": 17, "handreiking": 20}
    route = read_yaml(path) or {}
    return {str(a["id"]): int(a["week"]) for a in route.get("assignments", []) or []
            if isinstance(a, dict) and a.get("id") and a.get("week")}


def nbgrader_api(course: Course, **extra: Any):
    """An in-process :class:`nbgrader.apps.NbGraderAPI` for the course.

    nbgrader's API logs every step at INFO level and complains loudly (CRITICAL) when the
    exchange folder does not exist yet; the kit reports progress itself, so both are quieted:
    the course's own exchange folder is created when it can be, and only warnings are shown.
    """
    import contextlib
    import logging

    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    cfg = course.config(**extra)
    with contextlib.suppress(OSError):
        Path(cfg.Exchange.root).mkdir(parents=True, exist_ok=True)
    coursedir = CourseDirectory(config=cfg)
    # The constructor resets the log level to INFO before it reads the config, then lists the
    # exchange: hold INFO messages back only while it runs.
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        api = NbGraderAPI(coursedir=coursedir, config=cfg)
    finally:
        logging.disable(previous)
    api.log.setLevel(logging.WARNING)
    return api


def exchange_step(course: Course, action: str, assignment: str, *, student: str | None = None,
                  options: dict[str, Any] | None = None, **extra: Any) -> dict:
    """One exchange step of nbgrader (``ReleaseAssignment``, ``Collect``, ``ReleaseFeedback``).

    What :class:`nbgrader.apps.api.NbGraderAPI` does for these steps (the exchange classes
    chosen by the course's ``ExchangeFactory`` config, the log captured), without building
    the API, which imports every converter and lists the exchange first.

    Returns:
        nbgrader's result: ``{"success": bool, "log": str, "error": str}``.
    """
    import contextlib

    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory
    from nbgrader.utils import capture_log

    cfg = course.config(**extra)
    with contextlib.suppress(OSError):
        Path(cfg.Exchange.root).mkdir(parents=True, exist_ok=True)
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    if student is not None:
        coursedir.student_id = student
    factory = ExchangeFactory(config=cfg)
    app = getattr(factory, action)(coursedir=coursedir, authenticator=Authenticator(config=cfg),
                                   config=cfg)
    for name, value in (options or {}).items():
        setattr(app, name, value)
    return capture_log(app)


def _check(result: dict, what: str, path: Path) -> dict:
    if not result.get("success"):
        text = (result.get("error") or "") + "\n" + (result.get("log") or "")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        detail = " | ".join(lines[-3:])[:600]
        raise NbgraderFailed(f"nbgrader {what} is mislukt: {detail}", path=path)
    return result


def _parse_due(text: str):
    from datetime import datetime

    due = datetime.fromisoformat(text)
    if due.tzinfo is not None:
        due = due.astimezone(UTC).replace(tzinfo=None)
    return due


def ensure_assignments(course: Course, assignments: list[str] | None = None,
                       due: dict[str, str] | None = None) -> None:
    """Create or update the assignments in the gradebook with their due dates."""
    from nbgrader.api import Gradebook

    dates = {**due_dates(), **(due or {})}
    ids = assignments or assignment_ids(course)
    with Gradebook(course.db_url, course.course_id) as gb:
        for aid in ids:
            kwargs = {"duedate": _parse_due(dates[aid])} if aid in dates else {}
            gb.update_or_create_assignment(aid, **kwargs)


def add_students(course: Course, students: list[str | dict]) -> int:
    """Add or update students (ids, or dicts with id, first_name, last_name, email, lms_user_id).

    Returns:
        The number of students given.
    """
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gb:
        for entry in students:
            info = {"id": entry} if isinstance(entry, str) else dict(entry)
            sid = str(info.pop("id"))
            if not re.fullmatch(r"[A-Za-z0-9_.@-]+", sid):
                raise InputError(f"ongeldig studentnummer '{sid}'")
            gb.update_or_create_student(sid, **info)
    return len(students)


def generate(course: Course, assignments: list[str] | None = None, *, refresh_rubrics: bool = True,
             progress=None) -> list[str]:
    """Check rubrics, refresh the generated cells in ``source/``, then ``nbgrader generate_assignment``.

    The generated cells are the header with due date, points and how to hand in
    (:mod:`kit.grading.header`) and a rubric cell before each rubric-graded answer.

    Everything is checked for every assignment before any file is written. nbgrader's own
    ``GenerateAssignment`` converter makes each student version, as ``nbgrader
    generate_assignment`` does, but without building nbgrader's API (which lists the
    exchange and loads every other step first).

    Args:
        progress: called with a Dutch line when the checks passed (before nbgrader loads)
            and after each assignment.

    Returns:
        The assignments generated.
    """
    from kit.grading.rubrics import rubric_path

    say = progress or (lambda _line: None)
    ids = [require_assignment(course, a) for a in (assignments or assignment_ids(course))]
    rubrics = {aid: assignment_rubric(course, aid)
               if manual_cells(course, aid) or rubric_path(course.root, aid).exists() else None
               for aid in ids}
    say(f"Rubrieken en punten kloppen; studentversies maken van {', '.join(ids)} ...")
    import nbformat

    from kit.grading.engines import reuse_engines
    from kit.grading.header import sync_header_cell
    from kit.grading.rubrics import sync_rubric_cells
    from kit.io import atomic_write_text

    reuse_engines()
    ensure_assignments(course, ids)
    dates, weeks = due_dates(), route_weeks()
    for aid in ids:
        if refresh_rubrics:
            path = course.source_notebook(aid)
            nb = _read_notebook(path)
            before = nbformat.writes(nb)
            if rubrics[aid] is not None:
                sync_rubric_cells(nb, rubrics[aid])
            sync_header_cell(nb, aid, dates.get(aid), weeks.get(aid))
            after = nbformat.writes(nb)
            if after != before:
                atomic_write_text(path, after + ("" if after.endswith("\n") else "\n"))
        _check(converter_step(course, "GenerateAssignment", aid,
                              options={"force": True, "create_assignment": True}),
               "generate_assignment", course.source_notebook(aid))
        stray = course.root / "release" / aid / "mijn-werk"
        if stray.is_dir():
            shutil.rmtree(stray)  # the lecturer's own test run of the source; never released
        say(f"{aid}: studentversie gemaakt in {course.root / 'release' / aid}")
    return ids


def converter_step(course: Course, converter: str, assignment: str, *,
                   student: str | None = None, options: dict[str, Any] | None = None,
                   **extra: Any) -> dict:
    """One of nbgrader's converters (``GenerateAssignment``, ``Autograde``,
    ``GenerateFeedback``) for one assignment, as :class:`nbgrader.apps.api.NbGraderAPI` runs
    it (log captured), without building that API.

    Returns:
        nbgrader's result: ``{"success": bool, "log": str, "error": str}``.
    """
    import importlib

    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    cfg = course.config(**extra)
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    if student is not None:
        coursedir.student_id = student
    cls = getattr(importlib.import_module("nbgrader.converters"), converter)
    app = cls(coursedir=coursedir, config=cfg)
    for name, value in (options or {}).items():
        setattr(app, name, value)
    return capture_log(app)


def release(course: Course, assignment: str, *, replace: bool = False) -> None:
    """``nbgrader release_assignment`` into the course's exchange.

    Args:
        replace: replace a version released before (nbgrader's ``--force``); without it a
            released assignment is left as it is, with a Dutch error.
    """
    require_assignment(course, assignment)
    cfg = course.config()
    outbound = Path(cfg.Exchange.root) / course.course_id / "outbound" / assignment
    if not replace and not _custom_exchange(cfg) and outbound.is_dir():
        raise InputError(f"'{assignment}' staat al klaar voor studenten; vervang de vrijgegeven "
                         f"versie met 'iids grade release {assignment} --opnieuw'", path=outbound)
    # Students only need to enter the root; nbgrader sets the modes of inbound/outbound.
    Path(cfg.Exchange.root).mkdir(mode=0o755, parents=True, exist_ok=True)
    _check(exchange_step(course, "ReleaseAssignment", assignment,
                         options={"force": True} if replace else None), "release_assignment",
           course.root / "release" / assignment)


def _custom_exchange(cfg) -> bool:
    """Whether the course's config chooses its own exchange classes (the hub's private
    exchange): then only nbgrader knows where things are."""
    return "ExchangeFactory" in cfg and bool(dict(cfg.ExchangeFactory))


def inbound_submissions(course: Course, assignment: str) -> list[str] | None:
    """The submissions of ``assignment`` waiting in the exchange, seen as nbgrader's collect
    sees them (``<exchange>/<course>/inbound/<student>+<assignment>+<time>``), without
    loading nbgrader.

    Returns:
        Their names (empty: ``collect`` has nothing to do), or ``None`` when the course's
        ``nbgrader_config.py`` chooses another exchange (the hub's private exchange): then
        only nbgrader can tell.

    Raises:
        InputError: when the exchange has no inbound folder (nothing released yet).
    """
    import glob

    cfg = course.config()
    if _custom_exchange(cfg):
        return None
    inbound = Path(cfg.Exchange.root) / course.course_id / "inbound"
    if not inbound.is_dir():
        raise InputError(f"de exchange heeft nog geen map voor inleveringen: is '{assignment}' "
                         f"al vrijgegeven? Draai eerst 'iids grade release {assignment}'",
                         path=inbound)
    found = glob.glob(os.path.join(glob.escape(str(inbound)), f"*+{glob.escape(assignment)}+*"))
    return sorted(Path(p).name for p in found)


def collect(course: Course, assignment: str) -> list:
    """``nbgrader collect`` from the exchange into ``submitted/`` (newest submission wins),
    then every collected submission through the privacy gate again: one that skipped the
    submit-time check (files put into the inbound folder by hand) and holds personal data
    goes to quarantine (:mod:`kit.grading.quarantine`).

    With nothing in the exchange's inbound folder (:func:`inbound_submissions`) nbgrader
    would collect nothing: then nothing is loaded, scanned or written.

    Returns:
        The quarantined submissions (:class:`kit.grading.quarantine.Quarantined`).
    """
    require_assignment(course, assignment)
    if inbound_submissions(course, assignment) == []:
        return []
    from kit.grading.quarantine import rescan

    _check(exchange_step(course, "Collect", assignment, options={"update": True}), "collect",
           Path(course.config().Exchange.root))
    return rescan(course, assignment)


def release_feedback(course: Course, assignment: str) -> tuple[list[str], list[str]]:
    """``nbgrader release_feedback``: the feedback pages into the exchange for students.

    Only a submission that came through the exchange can be fetched back by its student
    (nbgrader finds the page by the submission's secret). Pages without that secret, such as
    submissions collected from Brightspace with ``zip-collect``, are left out of the exchange
    and listed; hand them out with :func:`feedback_files`.

    Returns:
        ``(released, not_through_exchange)``: student ids.
    """
    require_assignment(course, assignment)
    base = course.root / "feedback"
    folders = sorted(p for p in base.glob(f"*/{assignment}") if p.is_dir()) \
        if base.is_dir() else []
    folders = [f for f in folders if any(f.glob("*.html"))]
    if not folders:
        raise InputError(f"er is nog geen feedback voor '{assignment}'; draai eerst "
                         f"'iids grade feedback {assignment}'", path=base)
    released = [f.parent.name for f in folders if (f / "submission_secret.txt").is_file()
                and (f / "timestamp.txt").is_file()]
    others = [f.parent.name for f in folders if f.parent.name not in released]
    if released:
        extra = {"CourseDirectory__student_id_exclude": ",".join(others)} if others else {}
        _check(exchange_step(course, "ReleaseFeedback", assignment, student="*", **extra),
               "release_feedback", base)
    return released, others


def zip_collect(course: Course, assignment: str, archive: str | os.PathLike,
                classlist: str | os.PathLike | None = None, *,
                quarantined: list | None = None) -> int:
    """Collect files downloaded from the LMS (a zip or a folder) into ``submitted/``.

    Each student's files sit in a folder named after the student number
    (``12345/discoursanalyse.ipynb``, ``12345/mijn-werk/...``), or the zip is Brightspace's
    own download (files flat, named by student name and time, see
    :mod:`kit.grading.brightspace`): then ``classlist`` maps the names to student numbers,
    and only the student numbers reach the course folder. Nothing downloaded from the
    LMS passed the submit-time check: every collected submission goes through the privacy
    gate, and one with personal data goes to quarantine (:mod:`kit.grading.quarantine`).

    Args:
        course: the course.
        assignment: the assignment id.
        archive: the zip file or folder.
        classlist: Brightspace's class list (for its flat download).
        quarantined: a list that receives the quarantined submissions.

    Returns:
        The number of students collected (quarantined ones included).
    """
    from nbgrader.apps.zipcollectapp import ZipCollectApp

    require_assignment(course, assignment)
    src = Path(archive)
    if not src.exists():
        raise InputError("het bestand of de map bestaat niet", path=src)
    downloaded = course.root / "downloaded" / assignment / "archive"
    staged = None
    if src.is_file() and src.suffix.lower() == ".zip" and _is_brightspace_zip(src):
        import tempfile

        from kit.grading.brightspace import read_classlist, unpack_by_student_number

        if classlist is None:
            raise InputError("dit is een Brightspace-download met namen in plaats van "
                             "studentnummers; geef de klaslijst mee: --klaslijst <export.csv> "
                             "(met OrgDefinedId, First Name, Last Name)", path=src)
        # Unpacked (and so checked) before the previous download is cleared: bad input
        # changes nothing. Names stay in the temporary folder; the course gets numbers.
        staged = tempfile.TemporaryDirectory(prefix="iids-brightspace-")
        try:
            unpack_by_student_number(src, read_classlist(classlist), staged.name,
                                     classlist_path=classlist)
        except BaseException:
            staged.cleanup()
            raise
    elif not src.is_dir() and src.suffix.lower() != ".zip":
        raise InputError("verwacht een .zip-bestand of een map", path=src)
    if downloaded.parent.exists():
        shutil.rmtree(downloaded.parent)
    downloaded.mkdir(parents=True)
    if staged is not None:
        with staged:
            shutil.make_archive(str(downloaded / "inleveringen"), "zip", root_dir=staged.name)
    elif src.is_dir():
        shutil.make_archive(str(downloaded / "inleveringen"), "zip", root_dir=src)
    else:
        shutil.copy2(src, downloaded / src.name)
    cfg = course.config()
    cfg.ZipCollectApp.force = True
    transferred: list[str] = []

    class _CountingZipCollect(ZipCollectApp):
        """nbgrader's ZipCollectApp that remembers which students it copied in."""

        def _transfer_files(self, collected_data):
            transferred.extend(collected_data or {})
            return super()._transfer_files(collected_data)

    app = _CountingZipCollect(config=cfg)
    try:
        app.initialize([assignment])
        app.start()
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - nbgrader exits on errors
        raise NbgraderFailed(f"nbgrader zip_collect is mislukt: {exc}", path=src) from None
    if not transferred:
        raise InputError(f"geen enkele inlevering herkend; verwacht per student een map met het "
                         f"studentnummer, bijvoorbeeld 12345/{assignment}.ipynb", path=src)
    from kit.grading.quarantine import rescan

    refused = rescan(course, assignment, students=set(transferred))
    if quarantined is not None:
        quarantined.extend(refused)
    return len(set(transferred))


def _is_brightspace_zip(path: Path) -> bool:
    import zipfile

    from kit.grading.brightspace import is_brightspace_download

    try:
        with zipfile.ZipFile(path) as zf:
            return is_brightspace_download(zf.namelist())
    except zipfile.BadZipFile:
        raise InputError("geen geldig zip-bestand", path=path) from None


def _exchange_app(course: Course, cls_name: str, assignment: str, student: str,
                  home: str | os.PathLike):
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import default as exchange_default

    cfg = course.config()
    cfg.Exchange.assignment_dir = str(home)
    cfg.CourseDirectory.root = str(home)
    cfg.CourseDirectory.assignment_id = assignment
    cfg.CourseDirectory.student_id = student
    coursedir = CourseDirectory(config=cfg)
    cls = getattr(exchange_default, cls_name)
    return cls(coursedir=coursedir, authenticator=Authenticator(config=cfg), config=cfg)


def student_fetch(course: Course, assignment: str, student: str, home: str | os.PathLike
                  ) -> Path:
    """What ``nbgrader fetch_assignment`` does for a student on this machine.

    Returns:
        The student's copy of the assignment folder (``<home>/<assignment>``).
    """
    from nbgrader.exchange import ExchangeError

    app = _exchange_app(course, "ExchangeFetchAssignment", assignment, student, home)
    try:
        app.start()
    except ExchangeError as exc:
        raise NbgraderFailed(f"ophalen is mislukt: {exc}", path=home) from None
    return Path(home) / assignment


def student_submit(course: Course, assignment: str, student: str, home: str | os.PathLike
                   ) -> None:
    """What ``nbgrader submit`` does for a student on this machine (into the exchange)."""
    from nbgrader.exchange import ExchangeError

    app = _exchange_app(course, "ExchangeSubmit", assignment, student, home)
    try:
        app.start()
    except ExchangeError as exc:
        raise NbgraderFailed(f"inleveren is mislukt: {exc}", path=home) from None


__all__ += ["student_fetch", "student_submit"]
