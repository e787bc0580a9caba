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
import json
import os
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.config import WORK_FOLDER, vault_dir
from kit.errors import InputError

__all__ = [
    "NBGRADER_SCHEMA",
    "GRADE_COLUMNS",
    "ANSWER_COLUMNS",
    "SUBMISSION_COLUMNS",
    "PROBLEM_COLUMNS",
    "Problem",
    "Harvest",
    "pseudonym",
    "harvest_key",
    "check_course",
    "read_grades",
    "read_notebook_answers",
    "harvest_course",
    "write_harvest",
    "read_harvest",
    "harvest_to_folder",
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
PROBLEM_COLUMNS = ["file", "place", "assignment", "student", "message"]
CODING_COLUMNS = ["document", "start", "end", "code", "coder", "memo"]

#: Steps of a course folder that hold students' notebooks, in order of preference.
STEPS = ("autograded", "submitted")

_KEY_FILE = "oogst-sleutel.key"


@dataclass
class Problem:
    """A submission or artefact that was skipped, with the reason in Dutch."""

    file: str
    place: str
    message: str
    assignment: str = ""
    student: str = ""

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
    same codes in every harvest, so cohorts can be followed over two years.

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
    from kit.io import atomic_write_bytes

    if path is None:
        key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = secrets.token_hex(32).encode("ascii")
    atomic_write_bytes(key_path, data + b"\n", permissions=0o600)
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
    grades = pd.DataFrame(rows, columns=["assignment", "notebook", "student", "grade_id",
                                         "cell_type", "max_score", "auto_score",
                                         "manual_score", "extra_credit", "needs_manual_grade"])
    for column in ("max_score", "auto_score", "manual_score", "extra_credit"):
        grades[column] = pd.to_numeric(grades[column]).astype("float64")
    base = grades["manual_score"].where(grades["manual_score"].notna(), grades["auto_score"])
    grades["score"] = (base + grades["extra_credit"].fillna(0.0)).where(base.notna(), 0.0)
    grades["needs_manual_grade"] = grades["needs_manual_grade"].astype(bool)
    grades = grades[GRADE_COLUMNS].sort_values(["assignment", "notebook", "student", "grade_id"],
                                               kind="stable", ignore_index=True)
    submissions = pd.DataFrame(subs, columns=["assignment", "student", "timestamp", "notebooks"])
    submissions["timestamp"] = submissions["timestamp"].fillna("").astype(str)
    submissions["notebooks"] = submissions["notebooks"].fillna("").astype(str)
    submissions = submissions.sort_values(["assignment", "student"], kind="stable",
                                          ignore_index=True)
    return grades, submissions


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
    """Narratives through the narratives store when it is built, else as a plain CSV."""
    try:
        from kit.narratives.store import load_narratives
    except ImportError:
        load_narratives = None
    if load_narratives is not None:
        return load_narratives(path.parent, framework=framework)
    from kit.io import read_csv

    return read_csv(path, required=["id", "text"])


def _scan(paths: list[Path], deep: bool, contents: dict[Path, bytes]) -> dict[str, list[str]]:
    """Run the privacy scan; return ``{path: [place: category, ...]}`` for the failures."""
    from kit.evaluation.adapters import scan_paths

    return scan_paths(paths, deep=deep, contents=contents)


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
    """The artefact files (CSV, YAML, JSON) under a ``mijn-werk/`` folder, sorted."""
    found = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            if name.lower().endswith((".csv", ".yaml", ".yml", ".json")):
                found.append(os.path.join(base, name))
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
        deep_scan: let the scan also run deduce (names, places); the narratives store
            already ran it when the stories were saved, so by default the harvest
            re-checks with the fast detectors only.
        cohort: the cohort label; default the folder name.

    Returns:
        A :class:`Harvest` with the tables, the skipped submissions and artefacts
        (``problems``) and the manifest.

    Raises:
        InputError: when the folder is no nbgrader 0.9 course.
    """
    import pandas as pd

    from kit import __version__

    root = Path(course_dir).resolve()
    root_text = str(root)
    db = check_course(root)
    grades, submissions = read_grades(db)
    checksums = {"gradebook.db": _checksum(db.read_bytes())}
    problems: list[Problem] = []
    answers: list[dict] = []
    artefacts: dict[str, list] = {}
    skipped: set[tuple[str, str]] = set()
    steps: dict[tuple[str, str], str] = {}
    work_folders: list[tuple[str, str, str]] = []

    for assignment, student, _ts, notebooks in submissions.itertuples(index=False):
        found_any = False
        sub_answers: list[dict] = []
        bad = None
        for notebook in [n for n in notebooks.split("|") if n]:
            rel, step = _find_notebook(root_text, student, assignment, notebook)
            if rel is None:
                bad = Problem(f"{student}/{assignment}/{notebook}.ipynb",
                              "", "dit notebook ontbreekt in autograded/ en submitted/",
                              assignment, student)
                break
            with open(os.path.join(root_text, rel), "rb") as fh:
                data = fh.read()
            try:
                cells = read_notebook_answers(data, rel)
            except InputError as exc:
                bad = Problem(exc.path or rel, exc.place or "", exc.message, assignment, student)
                break
            checksums[rel] = _checksum(data)
            found_any = True
            steps[(assignment, student)] = step
            for cell in cells:
                sub_answers.append({"assignment": assignment, "notebook": notebook,
                                    "student": student, "grade_id": cell["grade_id"],
                                    "cell_type": cell["cell_type"], "source_step": step,
                                    "text": cell["text"]})
        if bad is not None:
            problems.append(bad)
            skipped.add((assignment, student))
            continue
        answers.extend(sub_answers)
        if found_any:
            folder = os.path.join(root_text, steps[(assignment, student)], student, assignment,
                                  WORK_FOLDER)
            if os.path.isdir(folder):
                work_folders.append((assignment, student, folder))

    known = set(zip(submissions["assignment"], submissions["student"], strict=True))
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
                                            pair[0], pair[1]))

    artefacts, artefact_problems, artefact_sums = _harvest_artefacts(root, work_folders, scan,
                                                                     deep_scan)
    problems.extend(artefact_problems)
    checksums.update(artefact_sums)

    if skipped:
        keep = [(a, s) not in skipped for a, s in zip(grades["assignment"], grades["student"],
                                                       strict=True)]
        grades = grades[keep].reset_index(drop=True)
    submissions["source_step"] = [steps.get((a, s), "") for a, s in
                                  zip(submissions["assignment"], submissions["student"],
                                      strict=True)]
    submissions["status"] = ["overgeslagen" if (a, s) in skipped else "geoogst"
                             for a, s in zip(submissions["assignment"], submissions["student"],
                                             strict=True)]
    keys = ["assignment", "notebook", "student", "grade_id"]
    answers_frame = pd.DataFrame(answers, columns=[c for c in ANSWER_COLUMNS
                                                   if c not in ("score", "max_score")])
    answers_frame = answers_frame.merge(grades[keys + ["score", "max_score"]], on=keys,
                                        how="left")[ANSWER_COLUMNS]
    tables: dict[str, Any] = {"grades": grades, "answers": answers_frame,
                              "submissions": submissions[SUBMISSION_COLUMNS]}
    rubric = read_grading_log(root)
    if rubric is not None:
        keep = [(a, s) not in skipped for a, s in zip(rubric["assignment"], rubric["student"],
                                                       strict=True)]
        tables["rubric"] = rubric[keep].reset_index(drop=True)
    tables.update(artefacts)
    problem_frame = pd.DataFrame([p.__dict__ for p in problems], columns=PROBLEM_COLUMNS)
    tables["problems"] = problem_frame

    students = sorted(set(grades["student"]) | set(submissions["student"]))
    if pseudonymise:
        secret = key if key is not None else harvest_key()
        codes = {s: pseudonym(s, secret) for s in students}
        _apply_codes(tables, codes)
        for p in problems:
            if p.student in codes:
                p.file = "/".join(codes.get(part, part) for part in p.file.split("/"))
                p.student = codes[p.student]
        tables["problems"] = pd.DataFrame([p.__dict__ for p in problems], columns=PROBLEM_COLUMNS)
        checksums = {"/".join(codes.get(part, part) for part in name.split("/")): digest
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
        "skipped": len(problems),
        "input_checksum": _combined(checksums),
    }
    for name, table in tables.items():
        tables[name] = _sorted(name, table)
    return Harvest(tables=tables, problems=problems, manifest=manifest, checksums=checksums)


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
    keys = [k for k in _SORT_KEYS.get(name, ["assignment", "student"]) if k in table.columns]
    if not keys or table.empty:
        return table.reset_index(drop=True)
    return table.sort_values(keys, kind="stable", ignore_index=True)


def _apply_codes(tables: dict[str, Any], codes: dict[str, str]) -> None:
    for name, table in tables.items():
        if table.empty:
            continue
        changed = table.copy()
        for column in ("student", "coder", "collector", "grader"):
            if column in changed.columns:
                changed[column] = changed[column].map(lambda v: codes.get(v, v))
        tables[name] = changed


def _fast_csv(data: bytes) -> tuple[list[str], list[list[str]]] | None:
    """Header and rows of a plain UTF-8 CSV (comma or semicolon), or ``None`` when the file
    needs the careful reader (:func:`kit.io.read_csv`, which names the problem in Dutch).

    >>> _fast_csv(b"a;b\\n1;2\\n")
    (['a', 'b'], [['1', '2']])
    >>> _fast_csv(b"a,b\\n1\\n") is None
    True
    """
    import csv
    import io

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.strip() or "\x00" in text:
        return None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    header = [h.strip() for h in rows[0]]
    if len(set(header)) != len(header) or any(not h for h in header):
        return None
    body = [r for r in rows[1:] if r]
    if any(len(r) != len(header) for r in body):
        return None
    return header, body


def _read_table(path: Path, data: bytes, required: list[str]):
    """``(header, rows)`` of an artefact CSV; raises InputError (Dutch) when it is bad."""
    parsed = _fast_csv(data)
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
                       scan: bool, deep: bool = False) -> tuple[dict[str, Any], list[Problem], dict[str, str]]:
    """Read narratives, codings, agreement and dialogue records from ``mijn-werk/`` folders.

    Each file is read once (bytes for the checksum, the scan and the table); the rows of a
    table are gathered and turned into one DataFrame at the end. Narrative stores that share
    a framework are validated together; a store that fails is read on its own for the message.
    """
    import pandas as pd

    problems: list[Problem] = []
    checksums: dict[str, str] = {}
    files: list[tuple[str, str, Path]] = []
    for assignment, student, folder in work_folders:
        files.extend((assignment, student, path) for path in _work_files(folder))
    contents = {path: path.read_bytes() for _a, _s, path in files}
    refused: dict[str, list[str]] = {}
    if scan and files:
        refused = _scan([p for _a, _s, p in files], deep, contents)
    gathered: dict[str, dict[str, Any]] = {}
    narrative_parts: list[tuple[str, str, Path, list[str], list[list[str]]]] = []
    for assignment, student, path in files:
        rel = _rel(path, root)
        checksums[rel] = _checksum(contents[path])
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
        table = gathered.setdefault(name, {"columns": [], "records": []})
        for column in header:
            if column not in table["columns"]:
                table["columns"].append(column)
        table["records"].extend({"assignment": assignment, "student": student,
                                 **dict(zip(header, row, strict=True))} for row in rows)
    tables = {}
    for name, table in sorted(gathered.items()):
        frame = pd.DataFrame(table["records"], columns=["assignment", "student"] + table["columns"])
        frame = frame.fillna("")
        if name == "codings":
            for column in ("start", "end"):
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
        tables[name] = frame
    narratives, narrative_problems = _narratives_table(root, narrative_parts)
    problems.extend(narrative_problems)
    if narratives is not None:
        tables["narratives"] = narratives
    return tables, problems, checksums


def _narratives_table(root: Path, parts):
    """One typed narratives table from many stores; ``(table or None, problems)``."""
    import pandas as pd

    if not parts:
        return None, []
    problems: list[Problem] = []
    groups: dict[tuple, list] = {}
    for part in parts:
        kader = part[2].parent / "kader.yaml"
        key = (kader.read_bytes() if kader.is_file() else b"", tuple(part[3]))
        groups.setdefault(key, []).append(part)
    frames = []
    for (kader_bytes, header), group in groups.items():
        typed = None
        if kader_bytes:
            try:
                from kit.narratives.framework import load_framework
                from kit.narratives.schema import validate_frame

                framework = load_framework(group[0][2].parent / "kader.yaml")
                rows = [row for part in group for row in part[4]]
                typed = validate_frame(pd.DataFrame(rows, columns=list(header), dtype=str),
                                       framework)
            except ImportError:
                typed = pd.DataFrame([row for part in group for row in part[4]],
                                     columns=list(header), dtype=str)
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
        assignments = [part[0] for part in group for _ in part[4]]
        students = [part[1] for part in group for _ in part[4]]
        frames.append(typed.assign(assignment=assignments, student=students))
    if not frames:
        return None, problems
    table = pd.concat(frames, ignore_index=True)
    front = ["assignment", "student"]
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


def write_harvest(harvest: Harvest, out_dir: str | os.PathLike) -> list[Path]:
    """Write every table as CSV plus ``oogst.yaml`` into ``out_dir`` (atomically, per file).

    Returns:
        The written paths.
    """
    from kit.io import write_csv, write_yaml

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sorted(harvest.tables.items()):
        written.append(write_csv(table, out / f"{name}.csv"))
    manifest = dict(harvest.manifest)
    manifest["checksums"] = dict(sorted(harvest.checksums.items()))
    written.append(write_yaml(manifest, out / "oogst.yaml"))
    return written


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
    return Harvest(tables=tables, problems=[], manifest=manifest, checksums=checksums)


def harvest_to_folder(course_dir: str | os.PathLike, out_dir: str | os.PathLike, **kwargs) -> Harvest:
    """Harvest ``course_dir`` and write it to ``out_dir`` (the ``iids harvest`` command).

    Returns:
        The :class:`Harvest` (its ``problems`` list what was skipped).
    """
    harvest = harvest_course(course_dir, **kwargs)
    write_harvest(harvest, out_dir)
    return harvest
