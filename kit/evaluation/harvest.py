"""Harvest one nbgrader course folder into tidy, documented tables.

``iids harvest COURSE_DIR -o OUT_DIR`` reads ``gradebook.db`` (plain read-only
SQLite, checked against nbgrader 0.9's schema version), the autograded or
submitted notebooks and the kit's artefacts in each submission's
``mijn-werk/`` folder, and writes the tables of ``docs/formats/evaluation.md``:
``grades.csv``, ``answers.csv``, ``submissions.csv``, ``rubric.csv`` (when the
kit's grading log exists), ``narratives.csv``, ``codings.csv``,
``agreement.csv``, ``dialogue_<name>.csv``, ``problems.csv`` and ``oogst.yaml``
(the manifest with checksums).

Student ids become stable pseudonymous codes: an HMAC-SHA256 of the id under a
key kept in the private vault, never in the output.

>>> pseudonym("s2025-01", b"geheim")
'S-...'
>>> pseudonym("s2025-01", b"geheim") == pseudonym("s2025-01", b"geheim")
True
>>> pseudonym("s2025-01", b"geheim") != pseudonym("s2025-01", b"ander")
True
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import operator
import os
import re
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.config import WORK_FOLDER, vault_dir
from kit.errors import InputError
from kit.evaluation.fastcsv import fast_csv
from kit.memory import gc_paused

__all__ = [
    "NBGRADER_SCHEMA",
    "GRADE_COLUMNS",
    "ANSWER_COLUMNS",
    "SUBMISSION_COLUMNS",
    "PROBLEM_COLUMNS",
    "Problem",
    "refusal",
    "ERROR",
    "NOTE",
    "Harvest",
    "pseudonym",
    "harvest_key",
    "check_course",
    "read_grades",
    "read_notebook_answers",
    "harvest_course",
    "write_harvest",
    "csv_text",
    "read_harvest",
]

#: The alembic revision of nbgrader 0.9's gradebook schema.
NBGRADER_SCHEMA = "e43177bfe90b"

GRADE_COLUMNS = ["assignment", "notebook", "student", "grade_id", "cell_type", "score",
                 "max_score", "auto_score", "manual_score", "extra_credit",
                 "needs_manual_grade"]
ANSWER_COLUMNS = ["assignment", "notebook", "student", "grade_id", "cell_type", "source_step",
                  "score", "max_score", "text"]
SUBMISSION_COLUMNS = ["assignment", "student", "timestamp", "source_step", "notebooks",
                      "status"]
PROBLEM_COLUMNS = ["file", "place", "assignment", "student", "message", "severity"]
CODING_COLUMNS = ["document", "start", "end", "code", "coder", "memo"]

#: Steps of a course folder that hold students' notebooks, in order of preference.
STEPS = ("autograded", "submitted")

_KEY_FILE = "oogst-sleutel.key"


#: Severity of a problem: ``fout`` (a damaged file or a privacy finding: something was not
#: harvested, exit 1) or ``melding`` (a note: e.g. a notebook not handed in, which nbgrader
#: scores 0 and the harvest keeps as 0).
ERROR, NOTE = "fout", "melding"


@dataclass
class Problem:
    """A file that was skipped or a note on the harvest, with the reason in Dutch."""

    file: str
    place: str
    message: str
    assignment: str = ""
    student: str = ""
    severity: str = ERROR

    def line(self) -> str:
        """The problem as one Dutch line (``file, place: message``).

        >>> Problem("a.ipynb", "cel 3", "geen JSON").line()
        'a.ipynb, cel 3: geen JSON'
        """
        where = ", ".join(p for p in (self.file, self.place) if p)
        return f"{where}: {self.message}"


@dataclass
class Harvest:
    """What :func:`harvest_course` found: tables, problems and the manifest."""

    tables: dict[str, Any]
    problems: list[Problem]
    manifest: dict[str, Any]
    checksums: dict[str, str] = field(default_factory=dict)


def refusal(errors: list[Problem], *, total: int | None = None, folder: str = "") -> InputError:
    """The error ``--streng`` stops with: the first error, and how many more there are.

    >>> str(refusal([Problem("a/b.ipynb", "regel 1", "geen geldige JSON", "a", "s", ERROR)] * 3))
    'a/b.ipynb, regel 1: geen geldige JSON (en nog 2 fouten)'
    """
    first = errors[0]
    more = (len(errors) if total is None else total) - 1
    return InputError(first.message + (f" (en nog {more} {'fout' if more == 1 else 'fouten'})"
                                       if more else ""),
                      path=f"{folder}/{first.file}" if folder else first.file,
                      place=first.place or None)


def pseudonym(student_id: str, key: bytes) -> str:
    """A stable pseudonymous code for a student id (keyed hash, 10 hex digits).

    Args:
        student_id: the nbgrader student id.
        key: the secret key (kept outside every output).

    Returns:
        ``"S-"`` followed by 10 hexadecimal digits.

    >>> len(pseudonym("jan", b"k"))
    12
    """
    digest = hmac.new(key, student_id.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return "S-" + digest[:10]


def harvest_key(path: str | os.PathLike | None = None) -> bytes:
    """The key for student pseudonyms: read from ``path`` or the vault, created once.

    The key file lives in the private vault (mode 0600); the same key gives the
    same codes in every harvest, so cohorts can be followed over two years. Creating a key is
    said on standard error (a new key gives new codes); call this only when something is to
    be pseudonymised.

    Args:
        path: a key file; default ``<vault>/oogst-sleutel.key``.

    Returns:
        The key bytes.

    Raises:
        InputError: when the key file exists but is empty or unreadable.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "k.key"
    >>> harvest_key(p) == harvest_key(p)
    True
    """
    key_path = Path(path) if path is not None else vault_dir() / _KEY_FILE
    if key_path.is_file():
        try:
            data = key_path.read_bytes().strip()
        except OSError:
            raise InputError("de sleutel voor pseudoniemen is niet te lezen", path=key_path) from None
        if len(data) < 16:
            raise InputError("de sleutel voor pseudoniemen is te kort of leeg", path=key_path)
        return data
    from kit.io import create_once

    if path is None:
        key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = secrets.token_hex(32).encode("ascii") + b"\n"
    if create_once(key_path, data) != data:  # another harvest made the key just now: use it
        return key_path.read_bytes().strip()
    data = data.strip()
    import sys

    print(f"Let op: er was nog geen sleutel voor pseudoniemen; een nieuwe staat nu in {key_path}. "
          "Gebruik bij elke volgende oogst dezelfde sleutel, anders krijgen studenten andere "
          "codes.", file=sys.stderr)
    return data


def _connect_ro(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)


def check_course(course_dir: str | os.PathLike) -> Path:
    """Check that a folder is an nbgrader 0.9 course and return its gradebook.

    Raises:
        InputError: no folder, no ``gradebook.db``, not SQLite, or another schema version.

    >>> check_course("/bestaat/niet")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: /bestaat/niet: deze map bestaat niet
    """
    root = Path(course_dir)
    if not root.is_dir():
        raise InputError("deze map bestaat niet", path=root)
    db = root / "gradebook.db"
    if not db.is_file():
        raise InputError("dit is geen nbgrader-cursusmap: gradebook.db ontbreekt", path=root)
    with open(db, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise InputError("dit is geen SQLite-database (geen nbgrader-gradebook)", path=db)
    try:
        with _connect_ro(db) as con:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or "grade" not in tables:
                raise InputError("dit gradebook heeft geen nbgrader-schema "
                                 "(tabel alembic_version of grade ontbreekt)", path=db)
            rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"het gradebook is niet te lezen ({exc})", path=db) from None
    versions = [r[0] for r in rows]
    if versions != [NBGRADER_SCHEMA]:
        found = ", ".join(map(str, versions)) or "geen"
        raise InputError(f"dit gradebook heeft schemaversie {found}; de kit leest alleen "
                         f"nbgrader 0.9 (versie {NBGRADER_SCHEMA}). Werk het bij met "
                         "'nbgrader db upgrade'", path=db, place="tabel 'alembic_version'")
    return db


_GRADES_SQL = """
SELECT a.name, n.name, sa.student_id, bc.name,
       COALESCE(gc.cell_type, tc.cell_type), COALESCE(gc.max_score, tc.max_score),
       g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade
FROM grade g
JOIN submitted_notebook sn ON sn.id = g.notebook_id
JOIN submitted_assignment sa ON sa.id = sn.assignment_id
JOIN assignment a ON a.id = sa.assignment_id
JOIN notebook n ON n.id = sn.notebook_id
JOIN base_cell bc ON bc.id = g.cell_id
LEFT JOIN grade_cells gc ON gc.id = g.cell_id
LEFT JOIN task_cells tc ON tc.id = g.cell_id
"""

_SUBMISSIONS_SQL = """
SELECT a.name, sa.student_id, sa.timestamp,
       (SELECT group_concat(n.name, '|') FROM notebook n WHERE n.assignment_id = a.id)
FROM submitted_assignment sa JOIN assignment a ON a.id = sa.assignment_id
"""


def read_grades(db: str | os.PathLike):
    """Grades per student x notebook x graded cell, read with plain SQLite.

    ``score`` follows nbgrader: the manual score when set, else the automatic
    score, plus extra credit; 0 when neither is set.

    Args:
        db: a gradebook checked with :func:`check_course`.

    Returns:
        ``(grades, submissions)`` DataFrames (raw student ids), sorted.
    """
    import pandas as pd

    with _connect_ro(Path(db)) as con:
        rows = con.execute(_GRADES_SQL).fetchall()
        subs = con.execute(_SUBMISSIONS_SQL).fetchall()
    # pandas' stable sort of text keys is Python's stable sort of the key tuples
    rows_sorted = _sort_rows(rows, 4)
    subs_sorted = _sort_rows(subs, 2)
    grades = pd.DataFrame(rows_sorted if rows_sorted is not None else rows,
                          columns=["assignment", "notebook", "student", "grade_id", "cell_type",
                                   "max_score", "auto_score", "manual_score", "extra_credit",
                                   "needs_manual_grade"])
    for column in ("max_score", "auto_score", "manual_score", "extra_credit"):
        if grades[column].dtype != "float64":  # all empty, or whole numbers
            grades[column] = pd.to_numeric(grades[column]).astype("float64")
    base = grades["manual_score"].where(grades["manual_score"].notna(), grades["auto_score"])
    grades["score"] = (base + grades["extra_credit"].fillna(0.0)).where(base.notna(), 0.0)
    grades["needs_manual_grade"] = grades["needs_manual_grade"].astype(bool)
    grades = grades[GRADE_COLUMNS]
    if rows_sorted is None:  # a key that is not text: pandas decides where it goes
        grades = grades.sort_values(["assignment", "notebook", "student", "grade_id"],
                                    kind="stable", ignore_index=True)
    submissions = pd.DataFrame(subs_sorted if subs_sorted is not None else subs,
                               columns=["assignment", "student", "timestamp", "notebooks"])
    submissions["timestamp"] = submissions["timestamp"].fillna("").astype(str)
    submissions["notebooks"] = submissions["notebooks"].fillna("").astype(str)
    if subs_sorted is None:
        submissions = submissions.sort_values(["assignment", "student"], kind="stable",
                                              ignore_index=True)
    return grades, submissions


_ROSTER_SQL = "SELECT id FROM student"

#: Every graded cell (grade or task cell) of every notebook of every assignment.
_CELLS_SQL = """
SELECT a.name, n.name, bc.name, COALESCE(gc.cell_type, tc.cell_type),
       COALESCE(gc.max_score, tc.max_score)
FROM base_cell bc
JOIN notebook n ON n.id = bc.notebook_id
JOIN assignment a ON a.id = n.assignment_id
LEFT JOIN grade_cells gc ON gc.id = bc.id
LEFT JOIN task_cells tc ON tc.id = bc.id
WHERE gc.id IS NOT NULL OR tc.id IS NOT NULL
ORDER BY a.name, n.name, bc.name
"""


def _roster(db: str | os.PathLike) -> list[str]:
    """The students of the course (nbgrader's ``student`` table), sorted."""
    with _connect_ro(Path(db)) as con:
        return sorted(str(r[0]) for r in con.execute(_ROSTER_SQL).fetchall())


def _with_absent(db: str | os.PathLike, grades, submissions, problems: list[Problem]):
    """Grades and submissions with a row for every student of the gradebook who handed in
    nothing for an assignment: each graded cell of each notebook at 0 points (nbgrader's own
    totals count such an assignment as 0 out of its maximum), the submission as
    ``niet ingeleverd``, and a note in ``problems``.

    Returns:
        ``(grades, submissions)``, the absent rows added (order is restored later).
    """
    import pandas as pd

    with _connect_ro(Path(db)) as con:
        cells = con.execute(_CELLS_SQL).fetchall()
        assignments = sorted(str(r[0]) for r in con.execute("SELECT name FROM assignment"))
        notebooks = con.execute("SELECT a.name, n.name FROM notebook n "
                                "JOIN assignment a ON a.id = n.assignment_id "
                                "ORDER BY a.name, n.name").fetchall()
    roster = _roster(db)
    handed_in = set(zip(submissions["assignment"], submissions["student"], strict=True))
    absent = [(a, s) for a in assignments for s in roster if (a, s) not in handed_in]
    if not absent:
        return grades, submissions
    by_assignment: dict[str, list[tuple]] = {}
    for cell in cells:
        by_assignment.setdefault(str(cell[0]), []).append(cell)
    names: dict[str, list[str]] = {}
    for assignment, notebook in notebooks:
        names.setdefault(str(assignment), []).append(str(notebook))
    nobody = {a for a in assignments if not any(sa == a for sa, _s in handed_in)}
    rows, subs = [], []
    for assignment, student in absent:
        for _a, notebook, grade_id, cell_type, max_score in by_assignment.get(assignment, []):
            rows.append({"assignment": assignment, "notebook": notebook, "student": student,
                         "grade_id": grade_id, "cell_type": cell_type, "score": 0.0,
                         "max_score": float(max_score), "auto_score": float("nan"),
                         "manual_score": float("nan"), "extra_credit": float("nan"),
                         "needs_manual_grade": False})
        subs.append({"assignment": assignment, "student": student, "timestamp": "",
                     "notebooks": "|".join(names.get(assignment, [])), "source_step": "",
                     "status": "niet ingeleverd"})
        if assignment not in nobody:
            problems.append(Problem(f"{student}/{assignment}", "",
                                    "deze opdracht is niet ingeleverd; nbgrader telt haar als "
                                    "0 punten en de oogst ook", assignment, student, NOTE))
    for assignment in sorted(nobody):
        problems.append(Problem(assignment, "", "niemand heeft deze opdracht ingeleverd; elke "
                                "student krijgt er 0 punten voor, zoals in nbgrader",
                                assignment, "", NOTE))
    extra = pd.DataFrame(rows, columns=GRADE_COLUMNS).astype(grades.dtypes.to_dict())
    grades = pd.concat([grades, extra], ignore_index=True) if len(grades) else extra
    sub_extra = pd.DataFrame(subs, columns=list(submissions.columns))
    submissions = pd.concat([submissions, sub_extra], ignore_index=True)
    return grades, submissions


def _sort_rows(rows: list[tuple], keys: int) -> list[tuple] | None:
    """``rows`` in the order of their first ``keys`` values (stable), or ``None`` when one of
    those values is not text (then pandas sorts).

    >>> _sort_rows([("b", 1), ("a", 2), ("a", 0)], 1)
    [('a', 2), ('a', 0), ('b', 1)]
    >>> _sort_rows([("b", 1), (None, 2)], 1) is None
    True
    """
    if not all(type(v) is str for row in rows for v in row[:keys]):
        return None
    return sorted(rows, key=lambda row: row[:keys])


def read_notebook_answers(data: bytes, path: str | os.PathLike) -> list[dict[str, str]]:
    """The answer cells (nbgrader ``solution`` or ``task`` cells) of a notebook.

    Args:
        data: the notebook file's bytes.
        path: its path, for messages.

    Returns:
        ``[{"grade_id", "cell_type", "text"}]`` in notebook order.

    Raises:
        InputError: when the file is not JSON or not a notebook (naming the cell).

    >>> nb = {"nbformat": 4, "cells": [{"cell_type": "markdown", "source": ["Hoi ", "daar"],
    ...       "metadata": {"nbgrader": {"solution": True, "grade_id": "a_1"}}}]}
    >>> read_notebook_answers(json.dumps(nb).encode(), "x.ipynb")
    [{'grade_id': 'a_1', 'cell_type': 'markdown', 'text': 'Hoi daar'}]
    >>> read_notebook_answers(b"{kapot", "x.ipynb")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: x.ipynb, regel 1, teken 2: dit notebook is geen geldige JSON ...
    """
    try:
        nb = json.loads(data)
    except UnicodeDecodeError:
        raise InputError("dit notebook is geen UTF-8-tekst", path=path) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"dit notebook is geen geldige JSON ({exc.msg})", path=path,
                         place=f"regel {exc.lineno}, teken {exc.colno}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise InputError("dit is geen Jupyter-notebook (de lijst 'cells' ontbreekt)", path=path)
    if nb.get("nbformat") != 4:
        raise InputError(f"notebookversie {nb.get('nbformat')!r} wordt niet ondersteund "
                         "(alleen nbformat 4)", path=path, place="veld 'nbformat'")
    answers = []
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict):
            raise InputError("deze cel is geen JSON-object", path=path, place=f"cel {number}")
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if not (meta.get("solution") or meta.get("task")):
            continue
        grade_id = meta.get("grade_id")
        if not isinstance(grade_id, str) or not grade_id:
            raise InputError("deze antwoordcel heeft geen grade_id", path=path,
                             place=f"cel {number}")
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        answers.append({"grade_id": grade_id, "cell_type": str(cell.get("cell_type", "")),
                        "text": text})
    return answers


# --- readers of other areas' artefacts (kept apart: each falls back to a plain reader) ---

def _load_narratives(path: Path, framework=None):
    """Narratives through the narratives store (validated against the framework)."""
    from kit.narratives.store import load_narratives

    return load_narratives(path.parent, framework=framework)


def _scan(paths: list[Path], deep: bool, contents: dict[Path, bytes],
          digests: dict[Path, str] | None = None) -> dict[str, list[str]]:
    """Run the privacy scan; return ``{path: [place: category, ...]}`` for the failures."""
    from kit.evaluation.adapters import scan_paths

    return scan_paths(paths, deep=deep, contents=contents, digests=digests)


def read_grading_log(course_dir: Path):
    """Rubric criterion scores from the kit's grading log, or ``None`` when there is none."""
    from kit.evaluation.adapters import read_rubric_scores

    return read_rubric_scores(course_dir)


# --- the harvest itself ---

def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _find_notebook(root: str, student: str, assignment: str, notebook: str) -> tuple[str | None, str]:
    """The relative path (``step/student/assignment/notebook.ipynb``) of a submitted notebook."""
    for step in STEPS:
        rel = f"{step}/{student}/{assignment}/{notebook}.ipynb"
        if os.path.isfile(os.path.join(root, rel)):
            return rel, step
    return None, ""


def _rel(path: Path | str, root: Path | str) -> str:
    text, base = os.fspath(path), os.fspath(root).rstrip("/") + "/"
    return text[len(base):] if text.startswith(base) else text


def _work_files(folder: str) -> list[Path]:
    """The artefact files (CSV, YAML, JSON) under a ``mijn-werk/`` folder, sorted.

    Walks like :func:`os.walk` (links to folders are not followed, unreadable folders are
    passed over), with one ``scandir`` per folder.
    """
    found = []
    pending = [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    pending.append(entry.path)
            elif entry.name.lower().endswith((".csv", ".yaml", ".yml", ".json")):
                found.append(entry.path)
    return [Path(p) for p in sorted(found)]


def harvest_course(course_dir: str | os.PathLike, *, pseudonymise: bool = True,
                   key: bytes | None = None, scan: bool = True, deep_scan: bool = False,
                   cohort: str | None = None) -> Harvest:
    """Read one nbgrader course folder into tables (nothing is written).

    Args:
        course_dir: the course folder (``gradebook.db`` plus ``autograded/`` or ``submitted/``).
        pseudonymise: replace student ids by keyed-hash codes (default).
        key: the pseudonym key; default :func:`harvest_key` from the vault.
        scan: run the privacy scan on artefacts and refuse those that fail it.
        deep_scan: ignored: the scan is the kit's egress gate and always runs deduce.
        cohort: the cohort label; default the folder name.

    Returns:
        A :class:`Harvest` with the tables, the skipped submissions and artefacts
        (``problems``) and the manifest.

    Raises:
        InputError: when the folder is no nbgrader 0.9 course.
    """
    with gc_paused():
        harvest = _harvest_course(course_dir, pseudonymise=pseudonymise, key=key, scan=scan,
                                  deep_scan=deep_scan, cohort=cohort)
    # the egress gate: answer cells are free text a student wrote (deduce on, no fallback)
    from kit.privacy.gate import clean_frame, pseudonymiser

    harvest.tables["answers"] = clean_frame(harvest.tables["answers"], pseudonymiser(), ["text"])
    return harvest


def _harvest_course(course_dir: str | os.PathLike, *, pseudonymise: bool, key: bytes | None,
                    scan: bool, deep_scan: bool, cohort: str | None) -> Harvest:
    import pandas as pd

    from kit import __version__

    root = Path(course_dir).resolve()
    root_text = str(root)
    db = check_course(root)
    grades, submissions = read_grades(db)
    checksums = {"gradebook.db": _checksum(db.read_bytes())}
    # every student of the course is in the gradebook, so the codes are known from the start and
    # the artefact tables can be built in their final order (by assignment and code)
    students = sorted(set(grades["student"]) | set(submissions["student"]) | set(_roster(db)))
    codes: dict[str, str] = {}
    if pseudonymise:
        secret = key if key is not None else harvest_key()
        codes = {s: pseudonym(s, secret) for s in students}
    problems: list[Problem] = []
    answers: list[dict] = []
    artefacts: dict[str, list] = {}
    steps: dict[tuple[str, str], str] = {}
    work_folders: list[tuple[str, str, str]] = []

    pairs = list(zip(submissions["assignment"].tolist(), submissions["student"].tolist(),
                     strict=True))
    incomplete: set[tuple[str, str]] = set()
    for (assignment, student), notebooks in zip(pairs, submissions["notebooks"].tolist(),
                                                strict=True):
        found_any = False
        for notebook in [n for n in notebooks.split("|") if n]:
            rel, step = _find_notebook(root_text, student, assignment, notebook)
            if rel is None:
                # nbgrader scores a notebook that was not handed in as 0: its grades stay
                problems.append(Problem(f"{student}/{assignment}/{notebook}.ipynb", "",
                                        "dit notebook is niet ingeleverd; nbgrader telt het als "
                                        "0 punten en de oogst ook", assignment, student, NOTE))
                incomplete.add((assignment, student))
                continue
            with open(os.path.join(root_text, rel), "rb") as fh:
                data = fh.read()
            checksums[rel] = _checksum(data)
            try:
                cells = read_notebook_answers(data, rel)
            except InputError as exc:
                # the grades are in the gradebook and stay; only this notebook's answers are lost
                problems.append(Problem(exc.path or rel, exc.place or "",
                                        exc.message + "; de antwoorden van dit notebook zijn "
                                        "niet geoogst (de cijfers wel)", assignment, student))
                incomplete.add((assignment, student))
                continue
            found_any = True
            steps.setdefault((assignment, student), step)
            for cell in cells:
                answers.append({"assignment": assignment, "notebook": notebook,
                                "student": student, "grade_id": cell["grade_id"],
                                "cell_type": cell["cell_type"], "source_step": step,
                                "text": cell["text"]})
        if found_any:
            folder = os.path.join(root_text, steps[(assignment, student)], student, assignment,
                                  WORK_FOLDER)
            if os.path.isdir(folder):
                work_folders.append((assignment, student, folder))

    known = set(pairs)
    for step in STEPS:
        step_dir = os.path.join(root_text, step)
        if not os.path.isdir(step_dir):
            continue
        for student_name in sorted(e.name for e in os.scandir(step_dir) if e.is_dir()):
            student_dir = os.path.join(step_dir, student_name)
            for assignment_name in sorted(e.name for e in os.scandir(student_dir) if e.is_dir()):
                pair = (assignment_name, student_name)
                if pair not in known:
                    known.add(pair)
                    problems.append(Problem(f"{step}/{student_name}/{assignment_name}", "",
                                            "deze inzending staat niet in het gradebook "
                                            "(nog niet geautograded?) en is overgeslagen",
                                            pair[0], pair[1], NOTE))

    artefacts, artefact_problems, artefact_sums = _harvest_artefacts(
        root, work_folders, scan, deep_scan, order=lambda a, s: (a, codes.get(s, s)))
    problems.extend(artefact_problems)
    checksums.update(artefact_sums)

    submissions["source_step"] = [steps.get(pair, "") for pair in pairs]
    submissions["status"] = ["onvolledig" if pair in incomplete else "geoogst" for pair in pairs]
    grades, submissions = _with_absent(db, grades, submissions, problems)
    answers_frame = _with_scores(answers, grades)
    tables: dict[str, Any] = {"grades": grades, "answers": answers_frame,
                              "submissions": submissions[SUBMISSION_COLUMNS]}
    rubric = read_grading_log(root)
    if rubric is not None:
        tables["rubric"] = rubric.reset_index(drop=True)
    tables.update(artefacts)
    duplicates = _count_once(tables, problems)

    if pseudonymise:
        _apply_codes(tables, codes)
        for p in problems:
            if p.student in codes:
                p.file = "/".join(codes.get(part, part) for part in p.file.split("/"))
                p.student = codes[p.student]
    tables["problems"] = pd.DataFrame([p.__dict__ for p in problems], columns=PROBLEM_COLUMNS)
    if pseudonymise:
        checksums = {"/".join([codes.get(part, part) for part in name.split("/")]): digest
                     for name, digest in checksums.items()}
    label = cohort or root.name
    manifest = {
        "cohort": label,
        "kit_version": __version__,
        "nbgrader_schema": NBGRADER_SCHEMA,
        "pseudonymised": bool(pseudonymise),
        "students": len(students),
        "assignments": sorted(set(submissions["assignment"])),
        "tables": {name: int(len(t)) for name, t in sorted(tables.items())},
        "skipped": sum(p.severity == ERROR for p in problems),
        "notes": sum(p.severity == NOTE for p in problems),
        "duplicates": duplicates,
        "input_checksum": _combined(checksums),
    }
    for name, table in tables.items():
        tables[name] = _sorted(name, table)
    return Harvest(tables=tables, problems=problems, manifest=manifest, checksums=checksums)


#: Tables of the students' work folders whose rows are things collected once (a narrative, a
#: coded fragment, an agreement, a recommendation), however many folders carry a copy.
_COUNTED_ONCE = ("narratives", "codings", "agreement")


def _count_once(tables: dict[str, Any], problems: list[Problem]) -> dict[str, int]:
    """Drop the copies of artefact rows that several work folders carry; say so in a note.

    A row is a copy when every column but ``assignment`` and ``student`` equals an earlier
    row's (a group's narratives store or dialogue record that each member hands in again);
    the first row is kept. Rows with the same ``id`` but other content are kept (another
    version) and noted.

    Returns:
        ``{table: rows dropped}`` for the tables that had copies.

    >>> import pandas as pd
    >>> t = {"narratives": pd.DataFrame({"assignment": ["a"] * 3, "student": ["s1", "s2", "s2"],
    ...                                  "id": ["N1", "N1", "N2"], "text": ["x", "x", "y"]})}
    >>> notes = []
    >>> _count_once(t, notes), t["narratives"]["id"].tolist(), notes[0].severity
    ({'narratives': 1}, ['N1', 'N2'], 'melding')
    """
    dropped: dict[str, int] = {}
    for name in sorted(tables):
        if not (name in _COUNTED_ONCE or name.startswith("dialogue_")):
            continue
        table = tables[name]
        content = [c for c in table.columns if c not in ("assignment", "student")]
        if table.empty or not content:
            continue
        copies = table.duplicated(subset=content, keep="first")
        n = int(copies.sum())
        if n:
            carriers = table.loc[copies, "student"].nunique()
            tables[name] = table[~copies].reset_index(drop=True)
            dropped[name] = n
            problems.append(Problem(f"{name}.csv", "", f"{n} {'rij' if n == 1 else 'rijen'} "
                                    f"stond{'' if n == 1 else 'en'} ook al in de werkmap van een "
                                    f"andere inzending ({carriers} "
                                    f"{'werkmap' if carriers == 1 else 'werkmappen'} met "
                                    "kopieën); elke rij telt één keer", "", "", NOTE))
        if "id" in content:
            kept = tables[name]
            versions = kept["id"][kept["id"].astype(str) != ""].duplicated(keep=False)
            if versions.any():
                ids = sorted(set(kept["id"][versions[versions].index].astype(str)))
                problems.append(Problem(f"{name}.csv", "kolom 'id'",
                                        f"{len(ids)} {'id' if len(ids) == 1 else 'ids'} met verschillende inhoud in "
                                        f"verschillende werkmappen (bijvoorbeeld {ids[0]}); "
                                        "ze tellen als aparte rijen", "", "", NOTE))
    return dropped


def _with_scores(answers: list[dict], grades):
    """The answers table: each answer with the score and maximum of its graded cell.

    A left join on assignment, notebook, student and grade_id (NaN for a cell that is not
    graded), done with a dictionary when every key is text and occurs once in ``grades``.
    """
    import pandas as pd

    keys = ["assignment", "notebook", "student", "grade_id"]
    columns = [grades[k].tolist() for k in keys]
    scores = zip(grades["score"].tolist(), grades["max_score"].tolist(), strict=True)
    graded = dict(zip(zip(*columns, strict=True), scores, strict=True))
    if answers and len(graded) == len(grades) and all(type(v) is str for c in columns for v in c):
        missing = (float("nan"), float("nan"))
        for row in answers:
            row["score"], row["max_score"] = graded.get(
                (row["assignment"], row["notebook"], row["student"], row["grade_id"]), missing)
        return pd.DataFrame(answers, columns=ANSWER_COLUMNS)
    frame = pd.DataFrame(answers, columns=[c for c in ANSWER_COLUMNS
                                           if c not in ("score", "max_score")])
    return frame.merge(grades[keys + ["score", "max_score"]], on=keys, how="left")[ANSWER_COLUMNS]


def _combined(checksums: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(checksums):
        digest.update(f"{name}\t{checksums[name]}\n".encode())
    return digest.hexdigest()


_SORT_KEYS = {
    "grades": ["assignment", "notebook", "student", "grade_id"],
    "answers": ["assignment", "notebook", "student", "grade_id"],
    "submissions": ["assignment", "student"],
}


def _sorted(name: str, table):
    """The table in the order of its keys (stable); a table already in order is not copied.

    The order is pandas' own for ``sort_values``: each key's values factorised in sorted
    order, then a stable lexicographic sort of the codes. When every key is text that is
    Python's stable sort of the key tuples (fast for a table built in order, as most are).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"assignment": ["b", "a", "a"], "student": ["x", "y", "x"], "n": [1, 2, 3]})
    >>> _sorted("codings", t)["n"].tolist()
    [3, 2, 1]
    """
    import numpy as np
    import pandas as pd

    keys = [k for k in _SORT_KEYS.get(name, ["assignment", "student"]) if k in table.columns]
    if not keys or table.empty:
        return table.reset_index(drop=True)
    columns = [table[k].tolist() for k in keys]
    if all(set(map(type, c)) == {str} for c in columns):
        rows = list(zip(*columns, strict=True))
        if all(map(operator.le, rows, itertools.islice(rows, 1, None))):
            return table.reset_index(drop=True)  # in order already
        return table.take(sorted(range(len(rows)), key=rows.__getitem__)).reset_index(drop=True)
    codes = [pd.factorize(table[k], sort=True)[0] for k in keys]
    if any((c < 0).any() for c in codes):  # missing keys: pandas decides where they go
        return table.sort_values(keys, kind="stable", ignore_index=True)
    order = np.lexsort(codes[::-1])
    if (order == np.arange(len(order))).all():
        return table.reset_index(drop=True)
    return table.take(order).reset_index(drop=True)


def _apply_codes(tables: dict[str, Any], codes: dict[str, str]) -> None:
    import pandas as pd

    for name, table in tables.items():
        if table.empty:
            continue
        changed = {}
        for column in ("student", "coder", "collector", "grader"):
            if column in table.columns:
                series = table[column]
                values = series.tolist()
                changed[column] = pd.Series(list(map(codes.get, values, values)),
                                            index=series.index,
                                            dtype=None if series.dtype == object else series.dtype)
        tables[name] = table.assign(**changed)


def _read_table(path: Path, data: bytes, required: list[str]):
    """``(header, rows)`` of an artefact CSV; raises InputError (Dutch) when it is bad."""
    parsed = fast_csv(data)
    if parsed is None:
        from kit.io import read_csv

        frame = read_csv(path, required=required)  # raises with file and place
        return list(frame.columns), frame.astype(str).to_numpy().tolist()
    header, rows = parsed
    for column in required:
        if column not in header:
            raise InputError("deze kolom ontbreekt", path=path, place=f"kolom '{column}'")
    return header, rows


def _harvest_artefacts(root: Path, work_folders: list[tuple[str, str, str]],
                       scan: bool, deep: bool = False, order=None,
                       ) -> tuple[dict[str, Any], list[Problem], dict[str, str]]:
    """Read narratives, codings, agreement and dialogue records from ``mijn-werk/`` folders.

    Each file is read once (bytes for the checksum, the scan and the table); the rows of a
    table are gathered and turned into one DataFrame at the end. Narrative stores that share
    a framework are validated together; a store that fails is read on its own for the message.
    ``order(assignment, student)`` gives the key the narrative stores are joined in (the order
    of the final table), default the order of ``work_folders``.
    """
    import pandas as pd

    problems: list[Problem] = []
    checksums: dict[str, str] = {}
    files: list[tuple[str, str, Path]] = []
    for assignment, student, folder in work_folders:
        files.extend((assignment, student, path) for path in _work_files(folder))
    contents = {path: path.read_bytes() for _a, _s, path in files}
    digests = {path: _checksum(data) for path, data in contents.items()}
    refused: dict[str, list[str]] = {}
    if scan and files:
        refused = _scan([p for _a, _s, p in files], deep, contents, digests)
    gathered: dict[str, dict[str, Any]] = {}
    narrative_parts: list[tuple[str, str, Path, list[str], list[list[str]]]] = []
    for assignment, student, path in files:
        rel = _rel(path, root)
        checksums[rel] = digests[path]
        if str(path) in refused:
            found = refused[str(path)]
            more = f" en {len(found) - 3} meer" if len(found) > 3 else ""
            problems.append(Problem(rel, found[0].split(":")[0],
                                    "geweigerd: de privacyscan vond persoonsgegevens ("
                                    + "; ".join(found[:3]) + more + ")", assignment, student))
            continue
        name = _table_for(path) if path.suffix.lower() == ".csv" else None
        if name is None:
            continue
        required = (CODING_COLUMNS if name == "codings" else
                    ["id", "text"] if name == "narratives" else [])
        try:
            header, rows = _read_table(path, contents[path], required)
        except InputError as exc:
            problems.append(Problem(_rel(Path(exc.path), root) if exc.path else rel,
                                    exc.place or "", exc.message, assignment, student))
            continue
        if name == "narratives":
            narrative_parts.append((assignment, student, path, header, rows))
            continue
        gathered.setdefault(name, []).append((assignment, student, header, rows))
    tables = {}
    for name, parts in sorted(gathered.items()):
        frame = _gathered_frame(parts)
        if name == "codings":
            for column in ("start", "end"):
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
        tables[name] = frame
    if order is not None:
        narrative_parts.sort(key=lambda part: order(part[0], part[1]))  # stable
    narratives, narrative_problems = _narratives_table(root, narrative_parts, contents, digests)
    problems.extend(narrative_problems)
    if narratives is not None:
        tables["narratives"] = narratives
    return tables, problems, checksums


def _gathered_frame(parts: list[tuple[str, str, list[str], list[list[str]]]]):
    """One table of text from the rows of several files: ``assignment``, ``student``, then
    every column in the order first seen; a column a file lacks is empty in its rows.

    >>> _gathered_frame([("a", "s1", ["x"], [["1"]]), ("a", "s2", ["y", "x"], [["2", "3"]])]).values.tolist()
    [['a', 's1', '1', ''], ['a', 's2', '3', '2']]
    """
    import pandas as pd

    names: list[str] = []
    for _a, _s, header, _rows in parts:
        names.extend(c for c in header if c not in names)
    filled = {c for _a, _s, header, rows in parts if rows for c in header}
    if "assignment" in names or "student" in names or filled != set(names):
        # as records: a file's own column wins, and a column without any value has the type
        # pandas gives it
        records = [{"assignment": a, "student": s, **dict(zip(header, row, strict=True))}
                   for a, s, header, rows in parts for row in rows]
        return pd.DataFrame(records, columns=["assignment", "student"] + names).fillna("")
    columns: dict[str, list[str]] = {"assignment": [], "student": [], **{c: [] for c in names}}
    for assignment, student, header, rows in parts:
        n = len(rows)
        columns["assignment"].extend([assignment] * n)
        columns["student"].extend([student] * n)
        if not n:
            continue
        for name, values in zip(header, zip(*rows, strict=True), strict=True):
            columns[name].extend(values)
        for name in names:
            if name not in header:
                columns[name].extend([""] * n)
    return pd.DataFrame(columns, columns=["assignment", "student"] + names)


#: Frameworks read in this process, by the bytes of their ``kader.yaml`` (a few at most):
#: the cohorts of one evaluation mostly share one framework.
_FRAMEWORKS: dict[bytes, Any] = {}


def _framework(path: Path, data: bytes):
    """The framework in ``path`` (whose bytes are ``data``), read once per content.

    Raises:
        InputError: when the framework is not valid (never remembered).
    """
    framework = _FRAMEWORKS.get(data)
    if framework is None:
        from kit.narratives.framework import load_framework

        framework = load_framework(path)
        if len(_FRAMEWORKS) >= 8:
            _FRAMEWORKS.clear()
        _FRAMEWORKS[data] = framework
    return framework


def _narratives_table(root: Path, parts, contents: dict[Path, bytes] | None = None,
                      digests: dict[Path, str] | None = None):
    """One typed narratives table from many stores; ``(table or None, problems)``.

    ``contents`` holds the bytes of files read already (the ``kader.yaml`` beside each store),
    ``digests`` the SHA-256 of each store's bytes: a group of stores that passed the checks
    before with the same content (and the same version of the checks) is only typed, not
    checked again (the check cache of :mod:`kit.evaluation.adapters`, which keeps only hashes).
    """
    import pandas as pd

    if not parts:
        return None, []
    contents = contents or {}
    problems: list[Problem] = []
    groups: dict[tuple, list] = {}
    for part in parts:
        kader = part[2].parent / "kader.yaml"
        data = contents.get(kader)
        if data is None:
            data = kader.read_bytes() if kader.is_file() else b""
        groups.setdefault((data, tuple(part[3])), []).append(part)
    frames = []
    verdicts: dict[str, str] | None = None
    passed: list[str] = []
    for (kader_bytes, header), group in groups.items():
        typed = None
        origin = {"assignment": [part[0] for part in group for _ in part[4]],
                  "student": [part[1] for part in group for _ in part[4]]}
        if kader_bytes:
            try:
                from kit.evaluation.adapters import check_key, load_check_cache
                from kit.narratives.schema import validate_rows

                key = None
                if digests is not None and all(part[2] in digests for part in group):
                    key = check_key(kader_bytes, [digests[part[2]] for part in group])
                    if verdicts is None:
                        verdicts = load_check_cache()
                framework = _framework(group[0][2].parent / "kader.yaml", kader_bytes)
                rows = [row for part in group for row in part[4]]
                typed = validate_rows(header, rows, framework, front=origin,
                                      checked=key is not None and key in verdicts)
                if key is not None and key not in verdicts:
                    passed.append(key)
            except InputError:
                typed = None
        if typed is None:  # read store by store, so the message names the right file
            for assignment, student, path, _h, _rows in group:
                try:
                    frame = _load_narratives(path)
                except InputError as exc:
                    problems.append(Problem(_rel(Path(exc.path), root) if exc.path else
                                            _rel(path, root), exc.place or "", exc.message,
                                            assignment, student))
                    continue
                frames.append(frame.assign(assignment=assignment, student=student))
            continue
        frames.append(typed)
    if passed:  # only verdicts "ok"; a group that failed is checked again next time
        from kit.evaluation.adapters import CHECKED_OK, save_check_cache

        save_check_cache({**verdicts, **dict.fromkeys(passed, CHECKED_OK)})
    if not frames:
        return None, problems
    front = ["assignment", "student"]
    if len(frames) == 1 and list(frames[0].columns[:2]) == front:
        return frames[0], problems  # typed with its origin in front: nothing to join or move
    table = pd.concat(frames, ignore_index=True)
    return table[front + [c for c in table.columns if c not in front]], problems


def _table_for(path: Path) -> str | None:
    """Which harvested table a ``mijn-werk/`` file belongs to.

    >>> _table_for(Path("mijn-werk/narratieven.csv")), _table_for(Path("x/dialoog/afspraken.csv"))
    ('narratives', 'dialogue_afspraken')
    """
    name = path.name.lower()
    if name == "narratieven.csv":
        return "narratives"
    if name == "coderingen.csv":
        return "codings"
    if name.startswith("overeenstemming") or name.startswith("agreement"):
        return "agreement"
    if "dialoog" in [p.lower() for p in path.parts[:-1]]:
        stem = "".join(ch if ch.isalnum() else "_" for ch in path.stem.lower())
        return f"dialogue_{stem}"
    return None


class _Echo:
    """A file for :func:`csv.writer` that hands each written line back."""

    def write(self, text: str) -> str:
        return text


#: Cells with one of these characters may need quotes; others never do. A delimiter, a quote or
#: ``\n`` always makes :mod:`csv` quote the cell (quotes doubled); whether a lone ``\r`` does
#: depends on the Python version, so ``csv`` itself decides for a column holding one.
_QUOTE_MAYBE = (",", '"', "\r", "\n")


def _csv_cells(series) -> list[str] | None:
    """The cells of a non-float column as pandas' ``to_csv`` writes them (before quoting),
    or ``None`` for a type this writer leaves to pandas."""
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    if dtype == np.bool_:
        return np.where(series.to_numpy(), "True", "False").tolist()
    if dtype.kind in "iu" and isinstance(dtype, np.dtype):
        return list(map(str, series.to_numpy().tolist()))
    if dtype.kind in "MmfcV" or isinstance(dtype, pd.CategoricalDtype):
        return None
    # text columns: the cells as they are (an object array's tolist is the fast way there)
    values = (series.to_numpy().tolist() if isinstance(dtype, pd.StringDtype)
              else series.tolist())
    kinds = set(map(type, values))
    if kinds <= {str}:
        return values
    values = series.astype(object).tolist()
    missing = series.isna().to_numpy()
    if missing.any():
        values = ["" if m else v for v, m in zip(values, missing.tolist(), strict=True)]
    kinds = set(map(type, values))
    if kinds <= {str}:
        return values
    if kinds <= {str, int}:  # e.g. nullable integers (Int64)
        return [v if type(v) is str else str(v) for v in values]
    return None


def _float_cells(columns: list) -> list[list[str]]:
    """The cells of float64 columns as pandas writes them: ``ndarray.astype(str)`` of each value
    (computed once per distinct bit pattern), empty for NaN."""
    import numpy as np
    import pandas as pd

    values = np.concatenate([c.to_numpy(dtype="float64") for c in columns])
    codes, uniques = pd.factorize(values.view(np.int64), sort=False)
    texts = np.asarray(uniques, dtype=np.int64).view(np.float64).astype(str).astype(object)
    cells = texts[codes]
    cells[np.isnan(values)] = ""
    n = len(columns[0])
    return [cells[i * n:(i + 1) * n].tolist() for i in range(len(columns))]


def csv_text(frame) -> str | None:
    """The text ``frame.to_csv(index=False, lineterminator="\\n")`` writes, built column by
    column (several times faster for wide tables of floats and text).

    Cells are formatted the way pandas formats them (floats through ``ndarray.astype(str)``,
    once per distinct value; missing values empty) and quoted as :mod:`csv` quotes them with
    pandas' dialect (minimal quoting, quotes doubled), so the bytes are the same. Returns
    ``None`` for a table this writer leaves to pandas (one column, labels that are not text,
    dates, categories, mixed objects).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"a": [0.5, float("nan")], "b": ['zei "ja", toen', None]})
    >>> csv_text(t) == t.to_csv(index=False, lineterminator="\\n")
    True
    >>> csv_text(t)
    'a,b\\n0.5,"zei ""ja"", toen"\\n,\\n'
    """
    import csv

    import numpy as np

    columns = list(frame.columns)
    if len(columns) < 2 or not all(type(c) is str for c in columns) or len(set(columns)) != len(columns):
        return None
    quote = csv.writer(_Echo(), lineterminator="\n")
    header = quote.writerow(columns)
    if frame.empty:
        return header
    series = [s for _name, s in frame.items()]
    floats = [i for i, s in enumerate(series)
              if isinstance(s.dtype, np.dtype) and s.dtype == np.float64]
    cells: list[list[str] | None] = [None] * len(columns)
    if floats:
        for i, column in zip(floats, _float_cells([series[i] for i in floats]), strict=True):
            cells[i] = column
    for i in range(len(columns)):
        if cells[i] is None:
            column = _csv_cells(series[i])
            if column is None:
                return None
            joined = "".join(column)
            if "\r" in joined:
                column = [quote.writerow((v, ""))[:-2] if any(ch in v for ch in _QUOTE_MAYBE)
                          else v for v in column]
            elif any(ch in joined for ch in _QUOTE_MAYBE):
                column = ['"' + v.replace('"', '""') + '"' if "," in v or '"' in v or "\n" in v
                          else v for v in column]
            cells[i] = column
    return header + "\n".join(map(",".join, zip(*cells, strict=True))) + "\n"


def write_harvest(harvest: Harvest, out_dir: str | os.PathLike) -> list[Path]:
    """Write every table as CSV plus ``oogst.yaml`` into ``out_dir`` (atomically, per file).

    Returns:
        The written paths.
    """
    from kit.io import atomic_write_text, write_csv, write_yaml

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sorted(harvest.tables.items()):
        with gc_paused():  # the rows of a table are many small tuples
            text = csv_text(table)
        if text is None:  # a column type the column-wise writer leaves to pandas
            written.append(write_csv(table, out / f"{name}.csv"))
        else:
            written.append(atomic_write_text(out / f"{name}.csv", text))
    manifest = dict(harvest.manifest)
    manifest["checksums"] = dict(sorted(harvest.checksums.items()))
    text = _manifest_text(manifest)
    if text is None:  # a path YAML may quote: PyYAML writes it all
        written.append(write_yaml(manifest, out / "oogst.yaml"))
    else:
        written.append(atomic_write_text(out / "oogst.yaml", text))
    from kit.privacy.gate import verify_published

    verify_published(written, "de oogst")  # the egress gate checks every written file
    from kit.privacy.lineage import codes_in, record

    codes = codes_in(harvest.tables)
    if codes:  # a withdrawal finds this harvest by the participant codes it carries
        record(None, out, codes=codes, kind="oogst",
               regenerate=f"iids harvest CURSUSMAP -o {out} (oogst opnieuw)")
    return written


#: A path that PyYAML writes as a plain key when it reads back as text (letters, digits,
#: ``_ . - /``; no implicit YAML type contains a ``/``) and a SHA-256 it writes as a plain value.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


def _manifest_text(manifest: dict[str, Any]) -> str | None:
    """``oogst.yaml`` as :func:`kit.io.write_yaml` writes it: the fields through PyYAML, the
    checksums (the last field, hundreds of plain ``path: digest`` lines) written here. ``None``
    when a checksum entry is not of that plain kind.

    >>> m = {"cohort": "2025", "checksums": {"autograded/S-1/a/a.ipynb": "ab" * 32}}
    >>> import yaml
    >>> _manifest_text(m) == yaml.safe_dump(m, allow_unicode=True, sort_keys=False)
    True
    >>> _manifest_text({"cohort": "2025", "checksums": {"a b/c.csv": "ab" * 32}}) is None
    True
    """
    import yaml

    checksums = manifest.get("checksums")
    if not checksums or list(manifest)[-1] != "checksums" or len(manifest) < 2:
        return None
    resolve = yaml.resolver.Resolver().resolve
    text_tag = "tag:yaml.org,2002:str"
    for name, digest in checksums.items():
        if (type(name) is not str or type(digest) is not str or len(name) >= 128
                or not _PLAIN_PATH.fullmatch(name) or not _HEX_DIGEST.fullmatch(digest)
                or digest.isdigit()):
            return None
        if "/" not in name and resolve(yaml.ScalarNode, name, (True, False)) != text_tag:
            return None  # e.g. "2025-01-01" or "true": PyYAML quotes it
    head = {k: v for k, v in manifest.items() if k != "checksums"}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(head, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False)
    return text + "checksums:\n" + "".join([f"  {k}: {v}\n" for k, v in checksums.items()])


def read_harvest(folder: str | os.PathLike) -> Harvest:
    """Read a folder written by :func:`write_harvest` back into a :class:`Harvest`.

    Raises:
        InputError: when ``oogst.yaml`` or ``grades.csv`` is missing.
    """
    import pandas as pd

    from kit.io import read_yaml

    root = Path(folder)
    manifest_path = root / "oogst.yaml"
    if not manifest_path.is_file():
        raise InputError("dit is geen oogstmap en geen nbgrader-cursusmap "
                         "(oogst.yaml en gradebook.db ontbreken)", path=root)
    manifest = read_yaml(manifest_path) or {}
    if not isinstance(manifest, dict):
        raise InputError("oogst.yaml is geen lijst van velden", path=manifest_path)
    tables = {}
    numeric = {"score", "max_score", "auto_score", "manual_score", "extra_credit"}
    for path in sorted(root.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
        for column in frame.columns:
            if column in numeric:
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
            elif column == "needs_manual_grade":
                frame[column] = frame[column].eq("True")
        tables[path.stem] = frame
    if "grades" not in tables:
        raise InputError("grades.csv ontbreekt in deze oogstmap", path=root)
    checksums = manifest.pop("checksums", {}) or {}
    problems: list[Problem] = []
    _count_once(tables, problems)  # a harvest written before copies were dropped
    return Harvest(tables=tables, problems=problems, manifest=manifest, checksums=checksums)
