"""Rubrics for manually graded cells: read, validate, render and keep in sync with notebooks.

A rubric file (``assignments/rubrics/<assignment>.yaml``) holds, per manually graded
cell, criteria x levels with a Dutch descriptor, points and a comment-bank sentence
per level. The points of a cell's criteria (the top level of each) add up to the
cell's points in the notebook. The rubric is shown to students as a read-only
Markdown cell generated from the YAML (:func:`sync_rubric_cells`), so the two never
drift apart.

>>> rubric = parse_rubric({
...     "opdracht": "demo", "titel": "Demo",
...     "cellen": [{"grade_id": "demo_uitleg", "titel": "Uitleg", "punten": 3,
...                "criteria": [{"id": "helderheid", "naam": "Helderheid", "niveaus": [
...                    {"id": "zwak", "naam": "Zwak", "punten": 0, "beschrijving": "Onduidelijk.",
...                     "commentaar": "Maak je uitleg duidelijker."},
...                    {"id": "goed", "naam": "Goed", "punten": 3, "beschrijving": "Helder.",
...                     "commentaar": "Je uitleg is helder."}]}]}]})
>>> rubric.cell("demo_uitleg").max_points
3.0
>>> rubric.cell("demo_uitleg").criterion("helderheid").level("goed").points
3.0
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kit.errors import InputError
from kit.grading.header import stable_cell_id
from kit.models import Id, Model, OptionalText, Points, Text, as_text, fail, key_path, validate

__all__ = [
    "Level",
    "Criterion",
    "CellRubric",
    "Rubric",
    "parse_rubric",
    "load_rubric",
    "check_points",
    "render_rubric_markdown",
    "sync_rubric_cells",
    "rubric_cells_in_sync",
    "RUBRIC_TAG",
]

#: Tag (and ``metadata.iids.rubric_for``) of the generated read-only rubric cells.
RUBRIC_TAG = "rubriek"
_ID = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Level:
    """One level of a criterion: its points, what it looks like and the comment for the student."""

    id: str
    name: str
    points: float
    descriptor: str
    comment: str


@dataclass(frozen=True)
class Criterion:
    """A criterion with its levels in ascending order of points."""

    id: str
    name: str
    levels: tuple[Level, ...]
    weight_note: str = ""

    @property
    def max_points(self) -> float:
        """The points of the top level."""
        return max(level.points for level in self.levels)

    def level(self, key: str) -> Level:
        """Find a level by id or name (case-insensitive); ``KeyError`` when absent."""
        wanted = str(key).strip().lower()
        for level in self.levels:
            if level.id.lower() == wanted or level.name.lower() == wanted:
                return level
        raise KeyError(key)

    def rank(self, level_id: str) -> int:
        """0-based ordinal position of a level (for weighted agreement)."""
        return [lvl.id for lvl in self.levels].index(self.level(level_id).id)


@dataclass(frozen=True)
class CellRubric:
    """The rubric of one manually graded cell."""

    grade_id: str
    title: str
    points: float
    criteria: tuple[Criterion, ...]

    @property
    def max_points(self) -> float:
        """Sum of the criteria's top levels."""
        return float(sum(c.max_points for c in self.criteria))

    def criterion(self, key: str) -> Criterion:
        """Find a criterion by id or name (case-insensitive); ``KeyError`` when absent."""
        wanted = str(key).strip().lower()
        for criterion in self.criteria:
            if criterion.id.lower() == wanted or criterion.name.lower() == wanted:
                return criterion
        raise KeyError(key)


@dataclass(frozen=True)
class Rubric:
    """All cell rubrics of one assignment."""

    assignment: str
    title: str
    cells: tuple[CellRubric, ...]
    path: str | None = field(default=None, compare=False)

    def cell(self, grade_id: str) -> CellRubric:
        """The rubric of one cell; ``KeyError`` when the cell has none."""
        for cell in self.cells:
            if cell.grade_id == grade_id:
                return cell
        raise KeyError(grade_id)

    @property
    def grade_ids(self) -> list[str]:
        """The cells this rubric covers, in file order."""
        return [c.grade_id for c in self.cells]


def _nbgrader_id(value: Any) -> str:
    """An nbgrader id (assignment, grade id): nbgrader's rule, not the kit's (:mod:`kit.ids`)."""
    text = as_text(value)
    if not _ID.match(text):
        fail(f"'{text}' mag alleen letters, cijfers, '_' en '-' bevatten")
    return text


NbgraderId = Annotated[str, BeforeValidator(_nbgrader_id)]


class LevelModel(Model):
    """A level as written in the rubric file."""

    id: Id = Field(alias="id")
    name: Text = Field(alias="naam")
    points: Points = Field(alias="punten")
    descriptor: Text = Field(alias="beschrijving")
    comment: OptionalText = Field("", alias="commentaar")


class CriterionModel(Model):
    """A criterion as written in the rubric file (its levels checked by :func:`parse_rubric`)."""

    id: Id = Field(alias="id")
    name: Text = Field(alias="naam")
    levels: list[LevelModel] = Field(default_factory=list, alias="niveaus")
    note: OptionalText = Field("", alias="toelichting")


class CellModel(Model):
    """One manually graded cell as written in the rubric file."""

    grade_id: NbgraderId = Field(alias="grade_id")
    title: Text = Field(alias="titel")
    points: Points = Field(alias="punten")
    criteria: list[CriterionModel] = Field(default_factory=list, alias="criteria")
    note: OptionalText = Field("", alias="toelichting")


class RubricModel(Model):
    """The rubric file: ``opdracht``, ``titel``, ``cellen`` (and an optional ``toelichting``)."""

    assignment: NbgraderId = Field(alias="opdracht")
    title: Text = Field(alias="titel")
    cells: list[CellModel] = Field(default_factory=list, alias="cellen")
    note: OptionalText = Field("", alias="toelichting")


def _check_cell_sum(cell: CellRubric, index: int, path: str | None,
                    notebook_points: float | None) -> None:
    """The criteria's top levels must add up to the cell's points; say which side is off.

    Three numbers meet here: the sum of the criteria (S), the field ``punten`` (P) and,
    when known, the cell's points in the notebook (N). Where two agree, the third is wrong.
    """
    total, field_points = cell.max_points, cell.points
    if abs(total - field_points) <= 1e-9:
        return
    parts = " + ".join(f"{c.name} {_fmt(c.max_points)}" for c in cell.criteria)
    sums = f"de criteria tellen op tot {_fmt(total)} punten ({parts})"
    cw = f"cellen[{index}]"
    if notebook_points is not None and abs(notebook_points - total) <= 1e-9:
        raise InputError(f"{sums} en de cel '{cell.grade_id}' in het notebook is ook "
                         f"{_fmt(total)} punten waard, maar veld 'punten' zegt "
                         f"{_fmt(field_points)}: zet 'punten' op {_fmt(total)}", path=path,
                         place=f"veld '{cw}.punten'")
    if notebook_points is not None and abs(notebook_points - field_points) <= 1e-9:
        raise InputError(f"{sums}, maar de cel '{cell.grade_id}' is {_fmt(field_points)} "
                         "punten waard (veld 'punten' en het notebook): pas de punten van de "
                         "niveaus aan", path=path, place=f"veld '{cw}.criteria'")
    notebook = ("" if notebook_points is None else
                f" en de cel in het notebook is {_fmt(notebook_points)} punten waard")
    raise InputError(f"{sums}, maar veld 'punten' van de cel '{cell.grade_id}' zegt "
                     f"{_fmt(field_points)}{notebook}", path=path, place=f"veld '{cw}.punten'")


def parse_rubric(data: Any, path: str | os.PathLike | None = None, *,
                 cell_points: dict[str, float] | None = None) -> Rubric:
    """Validate a rubric read from YAML and return it.

    Args:
        data: the parsed YAML (a mapping with ``assignment``, ``title`` and ``cells``).
        path: the file, for error messages.
        cell_points: ``{grade_id: points}`` of the notebook, when known: a points mismatch
            then names the side that is off.

    Returns:
        The :class:`Rubric`.

    Raises:
        InputError: naming the field, e.g. ``veld 'cellen[0].criteria[1].niveaus[2].punten'``.

    >>> parse_rubric({"opdracht": "x", "titel": "X", "cellen": []})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'cellen': er staat geen enkele cel in de rubriek
    """
    where_file = None if path is None else os.fspath(path)
    notebook_points = dict(cell_points or {})
    model = validate(RubricModel, data, path=where_file,
                     what="een rubriek is een lijst van velden (opdracht, titel, cellen)")
    if not model.cells:
        raise InputError("er staat geen enkele cel in de rubriek", path=where_file,
                         place=key_path("cellen"))
    cells: list[CellRubric] = []
    for i, raw_cell in enumerate(model.cells):
        if raw_cell.grade_id in {c.grade_id for c in cells}:
            raise InputError(f"de cel '{raw_cell.grade_id}' staat er twee keer in",
                             path=where_file, place=key_path("cellen", i, "grade_id"))
        if not raw_cell.criteria:
            raise InputError("deze cel heeft geen criteria", path=where_file,
                             place=key_path("cellen", i, "criteria"))
        criteria: list[Criterion] = []
        for j, raw_crit in enumerate(raw_cell.criteria):
            kw = ("cellen", i, "criteria", j)
            if any(c.id == raw_crit.id for c in criteria):
                raise InputError(f"het criterium '{raw_crit.id}' staat er twee keer in",
                                 path=where_file, place=key_path(*kw, "id"))
            if len(raw_crit.levels) < 2:
                raise InputError("een criterium heeft minstens twee niveaus", path=where_file,
                                 place=key_path(*kw, "niveaus"))
            levels: list[Level] = []
            for k, raw in enumerate(raw_crit.levels):
                if levels and raw.points <= levels[-1].points:
                    raise InputError("de niveaus staan van laag naar hoog: elk niveau heeft meer "
                                     "punten dan het vorige", path=where_file,
                                     place=key_path(*kw, "niveaus", k, "punten"))
                if any(lvl.id == raw.id for lvl in levels):
                    raise InputError(f"het niveau '{raw.id}' staat er twee keer in",
                                     path=where_file, place=key_path(*kw, "niveaus", k, "id"))
                levels.append(Level(id=raw.id, name=raw.name, points=raw.points,
                                    descriptor=raw.descriptor, comment=raw.comment))
            criteria.append(Criterion(id=raw_crit.id, name=raw_crit.name, levels=tuple(levels)))
        cell = CellRubric(grade_id=raw_cell.grade_id, title=raw_cell.title,
                          points=raw_cell.points, criteria=tuple(criteria))
        _check_cell_sum(cell, i, where_file, notebook_points.get(cell.grade_id))
        cells.append(cell)
    return Rubric(assignment=model.assignment, title=model.title, cells=tuple(cells),
                  path=where_file)


_CACHE: dict[tuple, Rubric] = {}


def load_rubric(path: str | os.PathLike, cell_points: dict[str, float] | None = None) -> Rubric:
    """Read and validate a rubric YAML file (cached while the file is unchanged).

    Raises:
        InputError: when the file is missing, not YAML, or not a valid rubric.
    """
    from kit.io import read_yaml

    try:
        st = os.stat(path)
        key = (os.path.abspath(path), st.st_mtime_ns, st.st_size,
               tuple(sorted((cell_points or {}).items())))
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    rubric = parse_rubric(read_yaml(path), path, cell_points=cell_points)
    if key is not None:
        _CACHE[key] = rubric
    return rubric


def check_points(rubric: Rubric, cell_points: dict[str, float],
                 path: str | os.PathLike | None = None, *,
                 notebook: str | os.PathLike | None = None) -> None:
    """Check a rubric against the manually graded cells of the notebook.

    Args:
        rubric: the rubric.
        cell_points: ``{grade_id: points}`` of the manually graded cells in the notebook.
        path: the rubric file, for the message.
        notebook: the source notebook, named in the message.

    Raises:
        InputError: a cell without rubric, a rubric without cell, or points that differ.

    >>> r = parse_rubric({"opdracht": "a", "titel": "A", "cellen": [{"grade_id": "a_1",
    ...     "titel": "T", "punten": 2, "criteria": [{"id": "c", "naam": "C", "niveaus": [
    ...     {"id": "l", "naam": "L", "punten": 0, "beschrijving": "d"},
    ...     {"id": "h", "naam": "H", "punten": 2, "beschrijving": "d"}]}]}]})
    >>> check_points(r, {"a_1": 2})
    >>> check_points(r, {"a_1": 4})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'cellen[0].punten': de rubriek geeft 2 punten (criteria en veld 'punten'), maar de cel 'a_1' in het notebook is 4 punten waard: pas de rubriek of de punten van de cel in het notebook aan
    """
    where = None if path is None else os.fspath(path)
    in_nb = f" ({os.fspath(notebook)})" if notebook is not None else ""
    for i, cell in enumerate(rubric.cells):
        if cell.grade_id not in cell_points:
            raise InputError(f"het notebook{in_nb} heeft geen handmatig beoordeelde cel "
                             f"'{cell.grade_id}'", path=where, place=f"veld 'cellen[{i}].grade_id'")
        if abs(cell_points[cell.grade_id] - cell.points) > 1e-9:
            raise InputError(f"de rubriek geeft {_fmt(cell.points)} punten (criteria en veld "
                             f"'punten'), maar de cel '{cell.grade_id}' in het notebook{in_nb} is "
                             f"{_fmt(cell_points[cell.grade_id])} punten waard: pas de rubriek "
                             "of de punten van de cel in het notebook aan",
                             path=where, place=f"veld 'cellen[{i}].punten'")
    missing = [gid for gid in cell_points if gid not in rubric.grade_ids]
    if missing:
        raise InputError(f"de handmatig beoordeelde cel '{missing[0]}' heeft geen rubriek",
                         path=where, place="veld 'cellen'")


def _fmt(points: float) -> str:
    return f"{points:g}".replace(".", ",")


def render_rubric_markdown(cell: CellRubric) -> str:
    """The student-facing Markdown of one cell's rubric.

    >>> r = parse_rubric({"opdracht": "a", "titel": "A", "cellen": [{"grade_id": "a_1",
    ...     "titel": "Uitleg", "punten": 2, "criteria": [{"id": "c", "naam": "Helder", "niveaus": [
    ...     {"id": "l", "naam": "Zwak", "punten": 0, "beschrijving": "Vaag."},
    ...     {"id": "h", "naam": "Sterk", "punten": 2, "beschrijving": "Helder."}]}]}]})
    >>> print(render_rubric_markdown(r.cells[0]).splitlines()[0])
    #### Beoordelingsrubriek: Uitleg (2 punten)
    """
    lines = [f"#### Beoordelingsrubriek: {cell.title} ({_fmt(cell.points)} punten)", "",
             "Zo beoordeelt je docent dit antwoord. Deze cel maakt de kit uit de rubriek; "
             "je kunt hem niet wijzigen.", ""]
    for criterion in cell.criteria:
        lines.append(f"**{criterion.name}** (maximaal {_fmt(criterion.max_points)} punten)")
        lines.append("")
        lines.append("| Niveau | Punten | Wat je docent ziet |")
        lines.append("|---|---|---|")
        for level in criterion.levels:
            descriptor = level.descriptor.replace("|", "/").replace("\n", " ")
            lines.append(f"| {level.name} | {_fmt(level.points)} | {descriptor} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _rubric_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _rubric_cell(cell: CellRubric, assignment: str):
    import nbformat

    text = render_rubric_markdown(cell)
    new = nbformat.v4.new_markdown_cell(text)
    new["id"] = stable_cell_id(assignment, f"rubriek-{cell.grade_id}")
    new.metadata["tags"] = [RUBRIC_TAG]
    new.metadata["iids"] = {"rubric_for": cell.grade_id, "rubric_hash": _rubric_hash(text)}
    new.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True,
                                "task": False, "grade_id": f"{cell.grade_id}_rubriek",
                                "schema_version": 3}
    new.metadata["deletable"] = False
    new.metadata["editable"] = False
    return new


def sync_rubric_cells(nb, rubric: Rubric) -> int:
    """Insert or refresh the read-only rubric cell before each rubric-graded answer cell.

    Old rubric cells (``metadata.iids.rubric_for``) are removed first, so running this
    twice gives the same notebook.

    Args:
        nb: an ``nbformat`` notebook (changed in place).
        rubric: the assignment's rubric.

    Returns:
        The number of rubric cells now in the notebook.
    """
    kept = [c for c in nb.cells if not c.get("metadata", {}).get("iids", {}).get("rubric_for")]
    out = []
    count = 0
    ids = set(rubric.grade_ids)
    for cell in kept:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in ids:
            out.append(_rubric_cell(rubric.cell(grade_id), rubric.assignment))
            count += 1
        out.append(cell)
    nb.cells = out
    return count


def rubric_cells_in_sync(nb, rubric: Rubric) -> list[str]:
    """The grade_ids whose rubric cell is missing, stale or misplaced (empty: all in sync).

    >>> import nbformat
    >>> r = parse_rubric({"opdracht": "a", "titel": "A", "cellen": [{"grade_id": "a_1",
    ...     "titel": "T", "punten": 1, "criteria": [{"id": "c", "naam": "C", "niveaus": [
    ...     {"id": "l", "naam": "L", "punten": 0, "beschrijving": "d"},
    ...     {"id": "h", "naam": "H", "punten": 1, "beschrijving": "d"}]}]}]})
    >>> answer = nbformat.v4.new_markdown_cell("Mijn antwoord")
    >>> answer.metadata["nbgrader"] = {"grade": True, "solution": True, "grade_id": "a_1",
    ...                                "points": 1, "schema_version": 3, "locked": False}
    >>> nb = nbformat.v4.new_notebook(cells=[answer])
    >>> rubric_cells_in_sync(nb, r)
    ['a_1']
    >>> sync_rubric_cells(nb, r)
    1
    >>> rubric_cells_in_sync(nb, r)
    []
    """
    stale: list[str] = []
    cells = nb.cells
    for index, cell in enumerate(cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id not in rubric.grade_ids:
            continue
        expected = render_rubric_markdown(rubric.cell(grade_id))
        before = cells[index - 1] if index > 0 else None
        meta = before.get("metadata", {}).get("iids", {}) if before is not None else {}
        if before is None or meta.get("rubric_for") != grade_id or before.source != expected:
            stale.append(grade_id)
    return stale


def rubric_path(course_root: str | os.PathLike, assignment: str) -> Path:
    """Where the rubric of an assignment lives: ``<course>/rubrics/<assignment>.yaml``.

    >>> rubric_path("/cursus", "narratieven").as_posix()
    '/cursus/rubrics/narratieven.yaml'
    """
    return Path(course_root) / "rubrics" / f"{assignment}.yaml"


__all__.append("rubric_path")
