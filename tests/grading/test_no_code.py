"""No graded cell in ``assignments/source/`` asks a student to write code (issue #20).

The rule, per source notebook (the notebooks the lecturer generates the student versions from):

1. **No code answers.** No code cell is an nbgrader solution cell (``solution: true``: nbgrader
   replaces its solution by ``raise NotImplementedError()`` and the student must write the code),
   and no code cell holds ``### BEGIN SOLUTION``, ``raise NotImplementedError`` or
   ``YOUR CODE HERE``.
2. **Graded code cells are the kit's checks.** A code cell with points (``grade: true``) is locked:
   it tests what the student made with a widget or form (files in the workspace), never code
   the student typed.
3. **Answers are text.** A cell a student types in (``solution: true``) is a Markdown cell.
4. **Instructions ask for clicks and words, not code.** Outside a *Verdieping* section, no
   Markdown cell shows a function call in backticks (`` `agreement(...)` ``, `` `boek.top_level(code)` ``)
   or asks to write code: "in een nieuwe cel", "in de variabele", "maak een Series / dictionary /
   DataFrame / lijst / functie", "schrijf (de) code".
5. **Verdieping gives no points.** A *Verdieping* section (a Markdown heading with the word
   "Verdieping", up to the next heading of the same or a higher level) holds no graded or
   solution cell; its code is optional.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

SOURCE = Path(__file__).resolve().parents[2] / "assignments" / "source"
NOTEBOOKS = sorted(SOURCE.glob("*/*.ipynb"))

_CODE_MARKERS = ("### BEGIN SOLUTION", "raise NotImplementedError", "YOUR CODE HERE")
_CALL = re.compile(r"`[^`\n]*\b[A-Za-z_][\w.]*\([^`\n]*\)[^`\n]*`")
_ASKS_CODE = re.compile(
    r"\bin een nieuwe cel\b|\bin de variabele\b|"
    r"\bmaak een (?:series|dictionary|dict|dataframe|lijst|list|functie)\b|"
    r"\bschrijf (?:de |een |je )?(?:code|functie)\b",
    re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.MULTILINE)


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {}) or {}


def _where(path: Path, index: int, cell) -> str:
    return f"{path.relative_to(SOURCE)} cel {index} ({_nbgrader(cell).get('grade_id', 'zonder id')})"


def _verdieping_flags(cells) -> list[bool]:
    """Per cell: whether it lies in a Verdieping section."""
    flags, level = [], None  # level: heading level of the open Verdieping section
    for cell in cells:
        if cell.cell_type == "markdown":
            heading = _HEADING.search(cell.source)
            if heading and cell.source.lstrip().startswith("#"):
                depth = len(heading.group(1))
                if "verdieping" in heading.group(2).lower():
                    level = depth if level is None else min(level, depth)
                elif level is not None and depth <= level:
                    level = None
        flags.append(level is not None)
    return flags


def code_requests(path: Path) -> list[str]:
    """Every place in the notebook at ``path`` where a student is asked for code (Dutch lines)."""
    nb = nbformat.read(str(path), as_version=4)
    problems = []
    for index, (cell, deeper) in enumerate(zip(nb.cells, _verdieping_flags(nb.cells), strict=True)):
        meta, where = _nbgrader(cell), _where(path, index, cell)
        if deeper and (meta.get("grade") or meta.get("solution") or meta.get("points")):
            problems.append(f"{where}: een verdieping geeft geen punten")
        if cell.cell_type == "code":
            if meta.get("solution"):
                problems.append(f"{where}: codecel die de student moet invullen (solution)")
            for marker in _CODE_MARKERS:
                if marker in cell.source:
                    problems.append(f"{where}: codecel met '{marker}'")
            if meta.get("grade") and not meta.get("locked"):
                problems.append(f"{where}: beoordeelde codecel is niet vergrendeld")
        elif cell.cell_type == "markdown" and not deeper and not meta.get("solution"):
            for found in _CALL.findall(cell.source):
                problems.append(f"{where}: de tekst vraagt code te typen: {found}")
            for found in _ASKS_CODE.findall(cell.source):
                problems.append(f"{where}: de tekst vraagt code te schrijven: '{found}'")
    return problems


def test_there_are_assignments():
    assert len(NOTEBOOKS) == 5, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_graded_cell_asks_for_code(path):
    problems = code_requests(path)
    assert not problems, "\n".join(problems)


def test_the_rule_catches_code_requests(tmp_path):
    """Each part of the rule fails on a notebook that breaks it (and only then)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def nbg(cell, **meta):
        cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": False,
                                     "schema_version": 3, "grade_id": f"x_{len(meta)}", **meta}
        return cell

    def problems(*cells):
        target = tmp_path / "x" / "x.ipynb"
        target.parent.mkdir(exist_ok=True)
        nbformat.write(new_notebook(cells=list(cells)), str(target))
        global SOURCE
        old, SOURCE = SOURCE, tmp_path
        try:
            return code_requests(target)
        finally:
            SOURCE = old

    fine = [nbg(new_markdown_cell("Wat zie je in de tabel?"), locked=True),
            nbg(new_markdown_cell("Mijn antwoord."), solution=True, grade=True, points=2),
            new_code_cell("keuzeformulier(WERK)"),
            nbg(new_code_cell("assert antwoord(WERK) == 3"), grade=True, locked=True, points=1),
            new_markdown_cell("## Verdieping (geen punten)\n\nProbeer `frames.groupby('document')`."),
            new_code_cell("frames.groupby('document').size()"),
            new_markdown_cell("## Deel 3\n\nKlik op **Bewaren**.")]
    assert problems(*fine) == []
    assert problems(nbg(new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"), solution=True))
    assert problems(new_code_cell("raise NotImplementedError()"))
    assert problems(nbg(new_code_cell("assert x"), grade=True, points=1))  # not locked
    assert problems(new_markdown_cell("Typ `agreement(dubbel)` in een cel."))
    assert problems(new_markdown_cell("**1c.** Maak een dictionary met per groep het frame."))
    assert problems(new_markdown_cell("## Deel 3"), new_markdown_cell("Bewaar het in de variabele `x`."))
    assert problems(new_markdown_cell("## Verdieping"),
                    nbg(new_markdown_cell("Antwoord"), solution=True, grade=True, points=1))
