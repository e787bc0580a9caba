"""Export: scores per cell and per criterion, Dutch grades (1-10), a Brightspace grade import, Excel.

The Dutch grade runs from 1.0 to 10.0 with one decimal; 5.5 is the pass mark. The
mapping from the share of points to the grade is piecewise linear through the
*cesuur* (the share of points that gives exactly 5.5; 55% by default), configurable.

Brightspace's grade import wants ``OrgDefinedId``, one ``<item> Points Grade`` column
per grade item and a last column ``End-of-Line Indicator`` holding ``#``.

>>> dutch_grade(55, 100), dutch_grade(100, 100), dutch_grade(0, 100), dutch_grade(27.5, 100)
(5.5, 10.0, 1.0, 3.3)
>>> dutch_grade(6, 10, GradeScale(cesuur=0.6))
5.5
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from kit.errors import InputError
from kit.grading.course import Course, assignment_ids
from kit.models import Model, key_path, unknown_key_message, validate

__all__ = [
    "GradeScale",
    "ExportSettings",
    "dutch_grade",
    "framework_weights",
    "final_grade",
    "apply_resits",
    "resit_pairs",
    "load_settings",
    "collect_scores",
    "brightspace_rows",
    "export_all",
    "ID_COLUMNS",
    "collect_rows",
    "TABLE_COLUMNS",
    "write_dutch_table",
    "column_kinds",
]


@dataclass(frozen=True)
class GradeScale:
    """How points become a Dutch grade."""

    cesuur: float = 0.55
    minimum: float = 1.0
    maximum: float = 10.0
    pass_mark: float = 5.5
    decimals: int = 1


def _round(value: float, decimals: int) -> float:
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP))


def dutch_grade(points: float, max_points: float, scale: GradeScale = GradeScale()) -> float:
    """The Dutch grade for ``points`` out of ``max_points`` (rounded half up)."""
    if max_points <= 0:
        raise InputError("het maximum aantal punten moet groter zijn dan 0")
    share = min(max(points / max_points, 0.0), 1.0)
    c = scale.cesuur
    if share <= c:
        grade = scale.minimum + (scale.pass_mark - scale.minimum) * share / c
    else:
        grade = scale.pass_mark + (scale.maximum - scale.pass_mark) * (share - c) / (1 - c)
    return _round(grade, scale.decimals)


def framework_weights(path: str | os.PathLike | None = None) -> tuple[dict[str, float], float | None]:
    """The weight of each assignment and the minimum grade per assignment, from the toetskader.

    Args:
        path: the assessment framework (default ``kit/data/toetskader.yaml``).

    Returns:
        ``({assignment: weight}, minimum_per_assignment)``.

    >>> weights, minimum = framework_weights()
    >>> sum(weights.values()), minimum
    (100.0, 5.0)
    """
    from kit.coursecheck import load_framework

    data = load_framework(path)  # checked by its model: a misspelt key is a Dutch error
    weights = {str(a["id"]): float(a["gewicht"]) for a in data.get("opdrachten", [])}
    minimum = (data.get("eindcijfer") or {}).get("minimum_per_opdracht")
    return weights, (float(minimum) if minimum is not None else None)


def final_grade(grades: dict[str, float | None], weights: dict[str, float],
                scale: GradeScale = GradeScale(), minimum: float | None = None
                ) -> tuple[float | None, bool | None]:
    """The weighted final grade and whether the minor is passed.

    Passed: the final grade reaches the pass mark and, with ``minimum``, no assignment is below it.
    No final grade while an assignment has no grade yet.

    >>> w = {"a": 25, "b": 75}
    >>> final_grade({"a": 8.0, "b": 6.0}, w)
    (6.5, True)
    >>> final_grade({"a": 9.0, "b": 4.8}, w, minimum=5.0)
    (5.9, False)
    >>> final_grade({"a": 9.0, "b": None}, w)
    (None, None)
    """
    if not grades or any(g is None for g in grades.values()):
        return None, None
    total = sum(weights.get(a, 0.0) for a in grades)
    if total <= 0:
        return None, None
    value = _round(sum(g * weights.get(a, 0.0) for a, g in grades.items()) / total, scale.decimals)
    passed = value >= scale.pass_mark and (minimum is None or min(grades.values()) >= minimum)
    return value, passed


#: The suffix of a resit assignment: ``handreiking-herkansing`` is the resit of ``handreiking``.
RESIT_SUFFIX = "-herkansing"


def resit_pairs(assignments: list[str], explicit: dict[str, str] | None = None) -> dict[str, str]:
    """Which assignment is the resit of which: ``{resit: original}``.

    An assignment named ``<original>-herkansing`` is the resit of ``<original>`` when that
    assignment exists; ``explicit`` (the export settings' ``herkansingen``) adds or overrides.

    >>> resit_pairs(["handreiking", "handreiking-herkansing", "narratieven"])
    {'handreiking-herkansing': 'handreiking'}
    >>> resit_pairs(["a", "a-tweede-kans"], {"a-tweede-kans": "a"})
    {'a-tweede-kans': 'a'}
    """
    pairs = {a: a[: -len(RESIT_SUFFIX)] for a in assignments
             if a.endswith(RESIT_SUFFIX) and a[: -len(RESIT_SUFFIX)] in assignments}
    pairs.update(explicit or {})
    return pairs


def apply_resits(grades: dict[str, float | None], resits: dict[str, str]
                 ) -> dict[str, float | None]:
    """Per original assignment the highest of its grade and its resit's grade.

    The toetskader's rule: one resit per assignment, the highest grade counts. A resit not
    (yet) graded leaves the original grade; the resit itself gets no weight of its own.

    >>> apply_resits({"a": 4.8, "a-herkansing": 6.2, "b": 7.0}, {"a-herkansing": "a"})
    {'a': 6.2, 'b': 7.0}
    >>> apply_resits({"a": 6.0, "a-herkansing": None}, {"a-herkansing": "a"})
    {'a': 6.0}
    >>> apply_resits({"a": None, "a-herkansing": 5.9}, {"a-herkansing": "a"})
    {'a': 5.9}
    """
    merged = {a: g for a, g in grades.items() if a not in resits}
    for resit, original in resits.items():
        if resit not in grades:
            continue
        found = [g for g in (merged.get(original), grades[resit]) if g is not None]
        merged[original] = max(found) if found else None
    return merged


#: The columns Brightspace's grade import accepts to identify a student.
ID_COLUMNS = ("OrgDefinedId", "Username")


@dataclass
class ExportSettings:
    """Settings of the export (a YAML file; every field optional).

    Attributes:
        scale: the grade scale (``cesuur``, ``minimum``, ``maximum``, ``pass_mark``, ``decimals``).
        items: Brightspace grade item per assignment (default: the assignment's title).
        org_defined_id: which student field identifies the student in Brightspace (``id``,
            ``lms_user_id`` or ``email``).
        id_column: Brightspace's identifying column: ``OrgDefinedId`` (default) or
            ``Username``.
        value: what goes into the Points Grade column (``grade``: 1-10; ``points``).
        weights: weight of each assignment in the final grade (default: equal).
        resits: ``{resit: original}`` beyond the ``<original>-herkansing`` naming rule.
    """

    scale: GradeScale = field(default_factory=GradeScale)
    items: dict[str, str] = field(default_factory=dict)
    org_defined_id: str = "id"
    id_column: str = "OrgDefinedId"
    value: str = "grade"
    weights: dict[str, float] = field(default_factory=dict)
    resits: dict[str, str] = field(default_factory=dict)


_DEFAULT_SCALE = GradeScale()


class _ScaleModel(Model):
    cesuur: float = Field(_DEFAULT_SCALE.cesuur, alias="cesuur")
    minimum: float = Field(_DEFAULT_SCALE.minimum, alias="minimum")
    maximum: float = Field(_DEFAULT_SCALE.maximum, alias="maximum")
    pass_mark: float = Field(_DEFAULT_SCALE.pass_mark, alias="voldoende")
    decimals: int = Field(_DEFAULT_SCALE.decimals, alias="decimalen")


class SettingsModel(Model):
    """The shape of the export settings file (see :func:`load_settings`)."""

    scale: _ScaleModel = Field(default_factory=_ScaleModel, alias="schaal")
    items: dict = Field(default_factory=dict, alias="kolommen")
    org_defined_id: Literal["id", "lms_user_id", "email"] = Field("id", alias="org_defined_id")
    id_column: Literal["OrgDefinedId", "Username"] = Field("OrgDefinedId", alias="id_kolom")
    value: Literal["cijfer", "punten"] = Field("cijfer", alias="waarde")
    weights: dict = Field(default_factory=dict, alias="gewichten")
    resits: dict = Field(default_factory=dict, alias="herkansingen")


def load_settings(path: str | os.PathLike | None) -> ExportSettings:
    """Read export settings from YAML (``None``: the defaults).

    The YAML has Dutch keys, all optional::

        schaal: {cesuur: 0.55, minimum: 1, maximum: 10, voldoende: 5.5, decimalen: 1}
        kolommen: {discoursanalyse: "Discoursanalyse"}   # Brightspace grade items
        org_defined_id: id          # of lms_user_id / email
        id_kolom: OrgDefinedId      # of Username
        waarde: cijfer              # of punten
        gewichten: {handreiking: 2}
        herkansingen: {handreiking-tweede-kans: handreiking}   # naast <opdracht>-herkansing

    Raises:
        InputError: unknown fields or values, naming the field.
    """
    if path is None:
        return ExportSettings()
    from kit.io import read_yaml

    data = validate(SettingsModel, read_yaml(path) or {}, path=path,
                    what="verwacht velden zoals schaal, kolommen, org_defined_id")
    scale = GradeScale(**{name: getattr(data.scale, name) for name in GradeScale.__dataclass_fields__})
    if not 0 < scale.cesuur < 1:
        raise InputError("de cesuur ligt tussen 0 en 1 (bijvoorbeeld 0.55)", path=path,
                         place=key_path("schaal", "cesuur"))
    try:
        weights = {str(k): float(v) for k, v in data.weights.items()}
    except (TypeError, ValueError):
        raise InputError("hier horen getallen per opdracht", path=path,
                         place=key_path("gewichten")) from None
    settings = ExportSettings(scale=scale, items={str(k): str(v) for k, v in data.items.items()},
                              org_defined_id=data.org_defined_id, id_column=data.id_column,
                              value="grade" if data.value == "cijfer" else "points",
                              weights=weights,
                              resits={str(k): str(v) for k, v in data.resits.items()})
    return settings


def _titles() -> dict[str, str]:
    from kit.config import data_path
    from kit.io import read_yaml

    path = data_path("route.yaml")
    if not path.is_file():
        return {}
    route = read_yaml(path) or {}
    return {str(a["id"]): str(a.get("title", a["id"])) for a in route.get("assignments", [])
            if isinstance(a, dict) and a.get("id")}


#: The columns of each table :func:`collect_rows` returns, in order.
TABLE_COLUMNS = {
    "cells": ["student", "assignment", "notebook", "grade_id", "kind", "score", "max_score",
              "needs_manual_grade"],
    "criteria": ["student", "assignment", "grade_id", "criterion", "level", "points", "basis",
                 "graders", "needs_moderation"],
    "assignments": ["student", "assignment", "score", "max_score", "grade", "passed",
                    "complete", "late", "submitted", "status"],
    "final": ["student", "final_grade", "passed"],
}


def collect_rows(course: Course, settings: ExportSettings | None = None) -> dict[str, Any]:
    """Read every score from the gradebook and the grading log, as plain rows.

    The gradebook is read through :mod:`kit.grading.gradebook_read` (read-only, no ORM).

    Returns:
        ``cells``, ``criteria``, ``assignments``, ``final``: lists of dicts with the keys of
        :data:`TABLE_COLUMNS`; ``students``: ``{id: {id, lms_user_id, email}}``.
    """
    from kit.grading.course import require_gradebook
    from kit.grading.gradebook_read import ReadOnlyGradebook
    from kit.grading.gradelog import GradeLog, log_path
    from kit.grading.scoring import final_results

    require_gradebook(course)
    from kit.grading.setaside import RESTORED, SET_ASIDE, load_notes

    settings = settings or ExportSettings()
    ids = assignment_ids(course)
    notes = {aid: load_notes(course.root, aid) for aid in ids}
    cells, per_assignment = [], []
    students: dict[str, dict] = {}
    with ReadOnlyGradebook(course.db_path) as gb:
        for st in gb.students():
            students[st.id] = {"id": st.id, "lms_user_id": st.lms_user_id or "",
                               "email": st.email or ""}
        known = set(gb.assignments())
        for aid in ids:
            if aid not in known:
                continue
            max_score = float(gb.assignment_max_score(aid) or 0)
            for sid in students:
                note = notes[aid].get(sid)
                sub = gb.submission(aid, sid)
                if sub is None:
                    aside = note is not None and note.status == SET_ASIDE
                    per_assignment.append({"student": sid, "assignment": aid, "score": None,
                                           "max_score": max_score, "grade": None,
                                           "passed": None, "complete": False, "late": False,
                                           "submitted": aside,
                                           "status": note.label() if aside
                                           else "niet ingeleverd"})
                    continue
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        cells.append({"student": sid, "assignment": aid, "notebook": nb.name,
                                      "grade_id": grade.name,
                                      "kind": "handmatig" if grade.cell_type == "markdown"
                                      or grade.auto_score is None else "automatisch",
                                      "score": float(grade.score), "max_score":
                                      float(grade.max_score),
                                      "needs_manual_grade": bool(grade.needs_manual_grade)})
                complete = not sub.needs_manual_grade
                score = float(sub.score)
                grade_value = dutch_grade(score, max_score, settings.scale) if max_score else None
                per_assignment.append({"student": sid, "assignment": aid, "score": score,
                                       "max_score": max_score,
                                       "grade": grade_value if complete else None,
                                       "passed": (grade_value >= settings.scale.pass_mark)
                                       if complete and grade_value is not None else None,
                                       "complete": complete,
                                       "late": float(sub.total_seconds_late or 0) > 0,
                                       "submitted": True,
                                       "status": "nagekeken" + (f"; {note.label()}" if note
                                                                and note.status == RESTORED
                                                                else "")})
    criteria = []
    log = GradeLog(log_path(course.root))
    for aid in ids:
        graders: dict[tuple, list[str]] = {}
        for s in log.current(aid):
            graders.setdefault((s.student, s.grade_id, s.criterion), []).append(
                f"{s.grader} ({s.role})")
        if not any(k for k in graders):
            continue
        for result in final_results(course, aid):
            for criterion, level in result.levels.items():
                criteria.append({"student": result.student, "assignment": aid,
                                 "grade_id": result.grade_id, "criterion": criterion,
                                 "level": level,
                                 "points": result.criterion_points.get(criterion),
                                 "basis": result.basis.get(criterion, ""),
                                 "graders": "; ".join(sorted(graders.get(
                                     (result.student, result.grade_id, criterion), []))),
                                 "needs_moderation": criterion in result.needs_moderation})
    finals = []
    framework, minimum = framework_weights()
    resits = resit_pairs(list(ids), settings.resits)
    unknown = sorted(set(resits.values()) - set(ids))
    if unknown:
        raise InputError(f"de herkansing hoort bij een opdracht die de cursus niet heeft: "
                         f"{', '.join(unknown)}", path=course.root, place="veld 'herkansingen'")
    stray = sorted(set(settings.weights) - set(ids))
    if stray:  # a misspelt assignment would silently weigh 1 and the typo 0
        raise InputError(unknown_key_message(stray[0], sorted(ids)).replace(
            "onbekend veld", "onbekende opdracht"), path=course.root,
            place=key_path("gewichten", stray[0]))
    use_framework = not settings.weights and \
        {r["assignment"] for r in per_assignment} - set(resits) == set(framework)
    for sid in students:
        grades = apply_resits(
            {r["assignment"]: (None if r["grade"] is None or r["grade"] != r["grade"]
                               else float(r["grade"]))
             for r in per_assignment if r["student"] == sid}, resits)
        weights = framework if use_framework else {aid: settings.weights.get(aid, 1.0) for aid in grades}
        final, passed = final_grade(grades, weights, settings.scale,
                                    minimum=minimum if use_framework else None)
        finals.append({"student": sid, "final_grade": final, "passed": passed})
    return {"cells": cells, "criteria": criteria, "assignments": per_assignment,
            "final": finals, "students": students}


def collect_scores(course: Course, settings: ExportSettings | None = None
                   ) -> dict[str, Any]:
    """:func:`collect_rows` with the tables as pandas DataFrames (for notebooks and analyses)."""
    import pandas as pd

    rows = collect_rows(course, settings)
    return {**{name: pd.DataFrame(rows[name], columns=columns)
               for name, columns in TABLE_COLUMNS.items()}, "students": rows["students"]}


def _records(table) -> list[dict]:
    """A table's rows as dicts (a list of dicts, or a pandas DataFrame)."""
    return table.to_dict("records") if hasattr(table, "to_dict") else list(table)


def brightspace_rows(scores: dict[str, Any], settings: ExportSettings,
                     assignments: list[str]) -> list[list[str]]:
    """The Brightspace grade-import table (header first); empty cells where no grade yet."""
    titles = {**_titles(), **settings.items}
    header = [settings.id_column] + [f"{titles.get(a, a)} Points Grade" for a in assignments] + \
             ["End-of-Line Indicator"]
    found: dict[tuple, dict] = {}
    for row in _records(scores["assignments"]):
        found.setdefault((row["student"], row["assignment"]), row)
    rows = [header]
    for sid, info in sorted(scores["students"].items()):
        org_id = info.get(settings.org_defined_id) or sid
        line = [str(org_id)]
        for aid in assignments:
            match = found.get((sid, aid))
            value = ""
            if match is not None and match["complete"]:
                v = match["grade"] if settings.value == "grade" else match["score"]
                if v is not None and v == v:
                    value = f"{float(v):.{settings.scale.decimals}f}" \
                        if settings.value == "grade" else f"{float(v):g}"
            line.append(value)
        rows.append(line + ["#"])
    return rows


#: The Dutch column names of the exported tables (the lecturer reads them in Excel).
DUTCH_COLUMNS = {
    "student": "student", "assignment": "opdracht", "notebook": "notebook",
    "grade_id": "onderdeel", "kind": "soort", "score": "punten", "max_score": "max_punten",
    "needs_manual_grade": "nog_nakijken", "criterion": "criterium", "level": "niveau",
    "points": "punten", "basis": "basis", "graders": "beoordelaars",
    "needs_moderation": "moderatie_nodig", "grade": "cijfer", "passed": "voldoende",
    "complete": "compleet", "late": "te_laat", "submitted": "ingeleverd", "status": "status",
    "final_grade": "eindcijfer",
}


def column_kinds(rows: list[dict], columns: list[str]) -> dict[str, str]:
    """How pandas would type each column of ``rows``: ``bool``, ``int``, ``float`` or ``object``.

    A column of only booleans (and missing values) is ``bool``; of only numbers, ``int`` when
    all are whole Python ints and none is missing, else ``float``; anything else ``object``.

    >>> column_kinds([{"a": 1, "b": 1, "c": True, "d": "x"}, {"a": 2, "b": None, "c": None,
    ...               "d": 2.5}], ["a", "b", "c", "d"])
    {'a': 'int', 'b': 'float', 'c': 'bool', 'd': 'object'}
    """
    kinds = {}
    for name in columns:
        values = [r.get(name) for r in rows]
        present = [v for v in values if v is not None and v == v]
        if present and all(isinstance(v, bool) for v in present):
            kinds[name] = "bool"
        elif present and all(isinstance(v, int | float) and not isinstance(v, bool)
                             for v in values if v is not None):
            kinds[name] = "int" if len(present) == len(values) and all(
                isinstance(v, int) for v in present) else "float"
        else:
            kinds[name] = "object"
    return kinds


def _dutch_value(value, kind: str):
    """One value as the Dutch tables hold it: ja/nee, a float where pandas has one, None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return float(value) if kind == "float" else value


def write_dutch_table(rows: list[dict], columns: list[str], path: str | os.PathLike,
                      names: dict[str, str] | None = None) -> Path:
    """:func:`kit.io.write_dutch_csv` for plain rows, without pandas, byte for byte the same.

    ``;`` between fields, a decimal comma, ``ja``/``nee``, an empty cell for a missing value,
    UTF-8 with a byte-order mark; numbers are written as pandas writes them (a whole number
    in a column with a missing value or a fraction as ``2,0``).
    """
    import csv
    import io

    from kit.io import atomic_write_bytes

    kinds = column_kinds(rows, columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([(names or {}).get(c, c) for c in columns])
    for row in rows:
        line = []
        for name in columns:
            value = row.get(name)
            if value is None or (isinstance(value, float) and value != value):
                line.append("")
            elif kinds[name] == "bool":
                line.append("ja" if value else "nee")
            elif kinds[name] == "float":
                line.append(repr(float(value)).replace(".", ","))
            else:
                line.append(str(value))
        writer.writerow(line)
    return atomic_write_bytes(path, buffer.getvalue().encode("utf-8-sig"))


def export_all(course: Course, out_dir: str | os.PathLike, *,
               settings: ExportSettings | None = None) -> dict[str, Path]:
    """Write the CSV tables, the Brightspace import and the Excel workbook into ``out_dir``.

    Returns:
        ``{name: path}`` of the files written.
    """
    import csv
    import io

    from kit.io import atomic_write_bytes, atomic_write_text

    settings = settings or ExportSettings()
    scores = collect_rows(course, settings)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    present = {r["assignment"] for r in scores["assignments"]}
    assignments = [a for a in assignment_ids(course) if a in present]
    files = {"per_cel": ("cells", "scores-per-cel.csv"),
             "per_criterium": ("criteria", "scores-per-criterium.csv"),
             "per_opdracht": ("assignments", "cijfers-per-opdracht.csv"),
             "eindcijfers": ("final", "eindcijfers.csv")}
    written = {name: write_dutch_table(scores[table], TABLE_COLUMNS[table], out / filename,
                                       DUTCH_COLUMNS)
               for name, (table, filename) in files.items()}
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(brightspace_rows(scores, settings,
                                                                          assignments))
    written["brightspace"] = atomic_write_text(out / "brightspace-import.csv", buffer.getvalue())

    from kit.grading.lean import import_openpyxl

    openpyxl = import_openpyxl()
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    sheets = [("Cijfers", "assignments"), ("Eindcijfers", "final"), ("Per cel", "cells"),
              ("Per criterium", "criteria")]
    for index, (title, table) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = title
        columns = TABLE_COLUMNS[table]
        kinds = column_kinds(scores[table], columns)
        ws.append([DUTCH_COLUMNS.get(c, c) for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in scores[table]:
            ws.append([_dutch_value(row.get(c), kinds[c]) for c in columns])
        ws.freeze_panes = "A2"
    data = io.BytesIO()
    wb.save(data)
    written["excel"] = atomic_write_bytes(out / "cijfers.xlsx", data.getvalue())
    return written
