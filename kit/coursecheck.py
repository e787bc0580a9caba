"""The spine checker: every course module has the same pedagogical form.

A module notebook in ``course/modules/NN-onderwerp/`` must have, in order:
one H1 title; ``## Leerdoelen``; ``## Wat je nodig hebt`` (with the time it
takes); exactly one setup code cell (tagged ``setup``, the first code cell, the
only one with imports); content sections; ``## Samenvatting``; ``## Opdrachten``;
``## Verder lezen``. Somewhere in between: at least one interactive exercise
(a code cell tagged ``oefening``) and one self-check with feedback (a code cell
tagged ``zelftoets``). Code cells stay short (at most 12 lines). Stigmatising
words appear only in cells tagged ``discours-voorbeeld``, where a text shows
the dominant discourse at work.

Two more checks tie the modules to the course as a whole: every reference in a module's
``## Verder lezen`` is in the one bibliography (``course/bibliografie.yaml``,
:func:`reading_list_problems`), and every module names the minor learning outcomes it works
on, which the assessment framework (``kit/data/toetskader.yaml``) defines, maps to the Dublin
descriptors and to every rubric criterion (:func:`outcome_problems`, :func:`framework_problems`).

The two files people write for this, the bibliography and the assessment framework, have
models (:class:`Bibliography`, :class:`AssessmentFramework`, on :mod:`kit.models`): a missing
field, a wrong type or a misspelt key is one Dutch line naming the file and the key path. This
module sits just above the model layer (``pyproject.toml``, the import-linter contract).

>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> nb.cells = [nbformat.v4.new_markdown_cell("# Titel")]
>>> problems = spine_problems(nb)
>>> problems[0]
"de sectie '## Leerdoelen' ontbreekt"
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field

from kit.errors import InputError
from kit.models import Model, Text, TextList, key_path, list_of, validate

__all__ = ["REQUIRED_SECTIONS", "STIGMATISING", "spine_problems", "check_module",
           "Bibliography", "load_bibliography", "reading_list", "reading_list_problems",
           "AssessmentFramework", "load_framework", "module_outcomes", "outcome_problems",
           "framework_problems"]

#: Second-level headings every module has, in this order.
REQUIRED_SECTIONS = ("Leerdoelen", "Wat je nodig hebt", "Samenvatting", "Opdrachten", "Verder lezen")
MAX_CODE_LINES = 12
#: Words that stigmatise; allowed only where a cell shows the dominant discourse at work.
STIGMATISING = ("prostituee", "hoer", "illegalen", "illegale vreemdeling", "gelukzoeker",
                "zwerver", "junkie", "zigeuner", "asielzoekerstsunami", "profiteur", "tokkie",
                "homofiel gedrag", "transseksueel")
_IMPORT = re.compile(r"^\s*(import|from)\s+\w", re.MULTILINE)


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def spine_problems(nb) -> list[str]:
    """List what is missing or wrong in a module notebook (empty list: all good).

    Args:
        nb: a notebook as read by :func:`nbformat.read`.

    Returns:
        Dutch descriptions of each problem, with the cell number where it applies.
    """
    problems: list[str] = []
    cells = nb.cells
    if not cells or cells[0].cell_type != "markdown" or not cells[0].source.lstrip().startswith("# "):
        problems.append("de eerste cel is geen titel ('# ...')")
    h1 = [i for i, c in enumerate(cells) if c.cell_type == "markdown"
          for line in c.source.splitlines() if line.startswith("# ")]
    if len(h1) > 1:
        problems.append(f"er is meer dan één titel (cellen {', '.join(str(i + 1) for i in h1)})")
    positions: dict[str, int] = {}
    all_h2: list[tuple[int, str]] = []
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("## "):
                title = line[3:].strip()
                all_h2.append((i, title))
                for required in REQUIRED_SECTIONS:
                    if title.lower().startswith(required.lower()):
                        positions.setdefault(required, i)
    for required in REQUIRED_SECTIONS:
        if required not in positions:
            problems.append(f"de sectie '## {required}' ontbreekt")
    order = [positions[r] for r in REQUIRED_SECTIONS if r in positions]
    if order != sorted(order):
        problems.append("de vaste secties staan niet in de volgorde: " + ", ".join(REQUIRED_SECTIONS))
    if "Wat je nodig hebt" in positions:
        text = cells[positions["Wat je nodig hebt"]].source.lower()
        if not re.search(r"\d+\s*(minuten|min|uur)", text):
            problems.append("'Wat je nodig hebt' noemt niet hoe lang het duurt (in minuten of uren)")
    if "Wat je nodig hebt" in positions and "Samenvatting" in positions:
        inner = [t for i, t in all_h2 if positions["Wat je nodig hebt"] < i < positions["Samenvatting"]]
        if not inner:
            problems.append("er staan geen inhoudelijke secties tussen 'Wat je nodig hebt' en 'Samenvatting'")
    code = [(i, c) for i, c in enumerate(cells) if c.cell_type == "code"]
    setup = [i for i, c in code if "setup" in _tags(c)]
    if len(setup) != 1:
        problems.append(f"er moet precies één setup-cel zijn (tag 'setup'), gevonden: {len(setup)}")
    elif code and code[0][0] != setup[0]:
        problems.append(f"de setup-cel (cel {setup[0] + 1}) is niet de eerste codecel")
    for i, cell in code:
        if "setup" not in _tags(cell) and _IMPORT.search(cell.source):
            problems.append(f"cel {i + 1}: imports horen alleen in de setup-cel")
        lines = [ln for ln in cell.source.splitlines() if ln.strip()]
        if len(lines) > MAX_CODE_LINES:
            problems.append(f"cel {i + 1}: {len(lines)} regels code (hoogstens {MAX_CODE_LINES})")
    if not any("oefening" in _tags(c) for _, c in code):
        problems.append("er is geen interactieve oefening (codecel met tag 'oefening')")
    if not any("zelftoets" in _tags(c) for _, c in code):
        problems.append("er is geen zelftoets met feedback (codecel met tag 'zelftoets')")
    for i, cell in enumerate(cells):
        if "discours-voorbeeld" in _tags(cell):
            continue
        lowered = cell.source.lower()
        for word in STIGMATISING:
            if re.search(rf"\b{re.escape(word)}", lowered):
                problems.append(f"cel {i + 1}: stigmatiserend woord '{word}' buiten een "
                                "cel met tag 'discours-voorbeeld'")
    return problems


def check_module(path: str | Path) -> list[str]:
    """Read a module notebook and return its spine problems.

    >>> from kit.config import repo_root
    >>> root = repo_root()
    >>> root is None or check_module(next((root / "course" / "modules").glob("00-*/*.ipynb"))) == []
    True
    """
    import nbformat

    return spine_problems(nbformat.read(str(path), as_version=4))


# --- reading lists and the bibliography -------------------------------------------------

#: A reading-list line that is navigation, not a reference.
_NAVIGATION = ("volgende stap", "terug naar", "module ")
_CITATION = re.compile(r"^(?P<auteur>[^()]+?) \((?P<jaar>\d{4}[a-z]?|z\.d\.)\)\.\s+(?P<rest>.+)$", re.DOTALL)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip().lower()


class Source(Model):
    """One entry of the bibliography (``course/bibliografie.yaml``)."""

    id: Text = Field(alias="id")
    author: Text = Field(alias="auteur")
    #: A year (a number) or ``z.d.``.
    year: Text = Field(alias="jaar")
    title: Text = Field(alias="titel")
    source: Text = Field(alias="bron")


class Bibliography(Model):
    """The bibliography: every source of every module's reading list, once."""

    format: int = Field(1, alias="format")
    sources: list[Source] = Field(alias="bronnen")


def load_bibliography(path: str | Path) -> dict[tuple[str, str], dict]:
    """Read the bibliography file: ``{(auteur, jaar): entry}``.

    Every entry has ``id``, ``auteur``, ``jaar``, ``titel`` and ``bron``
    (:class:`Bibliography`).

    Raises:
        InputError: a missing field, an unknown key or a double entry, naming the entry
            (``veld 'bronnen[2].bron'``, counted from 1).
    """
    from kit.io import read_yaml

    data = read_yaml(path) or {}
    model = validate(Bibliography, data, path=path, first=1,
                     what="een bibliografie is een tabel met een lijst 'bronnen'")
    found: dict[tuple[str, str], dict] = {}
    ids: set[str] = set()
    for n, (entry, raw) in enumerate(zip(model.sources, data["bronnen"], strict=True)):
        key = (entry.author, entry.year)
        if key in found or entry.id in ids:
            raise InputError(f"bron {entry.id} staat er twee keer in", path=path,
                             place=key_path("bronnen", n, first=1))
        found[key] = raw
        ids.add(entry.id)
    return found


def reading_list(nb) -> list[str]:
    """The lines of a module's ``## Verder lezen`` section (one per bullet, joined).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("## Verder lezen\\n\\n- Goffman, E. (1963).\\n  *Stigma*.")]
    >>> reading_list(nb)
    ['Goffman, E. (1963). *Stigma*.']
    """
    lines: list[str] = []
    active = False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("## "):
                active = line[3:].strip().lower().startswith("verder lezen")
                continue
            if not active:
                continue
            if line.startswith("- "):
                lines.append(line[2:].strip())
            elif line.startswith("  ") and lines:
                lines[-1] += " " + line.strip()
    return lines


def reading_list_problems(nb, bibliography: dict[tuple[str, str], dict]) -> list[str]:
    """Check that every reference in ``## Verder lezen`` is in the bibliography.

    A reference reads ``Auteur (jaar). *Titel*. ...``; lines that start with "Volgende stap",
    "Terug naar" or "Module " are navigation.

    >>> import nbformat
    >>> bib = {("Goffman, E.", "1963"): {"titel": "Stigma"}}
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("## Verder lezen\\n- Goffman, E. (1963). *Stigma*.\\n"
    ...                                           "- QED Insight (2016), over triades.")]
    >>> reading_list_problems(nb, bib)
    ["'Verder lezen', regel 2: geen bronvermelding als 'Auteur (jaar). Titel' (QED Insight (2016), over triades.)"]
    """
    problems = []
    for n, line in enumerate(reading_list(nb), start=1):
        if line.lower().startswith(_NAVIGATION):
            continue
        match = _CITATION.match(line)
        if not match:
            problems.append(f"'Verder lezen', regel {n}: geen bronvermelding als 'Auteur (jaar). Titel' ({line})")
            continue
        key = (match["auteur"].strip(), match["jaar"])
        entry = bibliography.get(key)
        if entry is None:
            problems.append(f"'Verder lezen', regel {n}: {key[0]} ({key[1]}) staat niet in de bibliografie")
        elif _plain(str(entry["titel"])) not in _plain(match["rest"]):
            problems.append(f"'Verder lezen', regel {n}: de titel wijkt af van de bibliografie "
                            f"('{entry['titel']}')")
    return problems


# --- learning outcomes and the assessment framework ------------------------------------

_OUTCOME = re.compile(r"\bLU(\d+)\b")


class LearningOutcome(Model):
    """A learning outcome of the minor, tied to Dublin descriptors."""

    id: Text = Field(alias="id")
    name: Text = Field(alias="naam")
    description: Text = Field(alias="beschrijving")
    dublin: TextList = Field(alias="dublin")


class AssessedAssignment(Model):
    """An assignment in the framework: its weight and which outcomes its criteria assess."""

    id: Text = Field(alias="id")
    weight: float = Field(alias="gewicht", ge=0)
    group_product: bool = Field(False, alias="groepsproduct")
    automatic: TextList = Field((), alias="automatisch")
    criteria: dict[str, TextList] = Field(default_factory=dict, alias="criteria")


class FinalGrade(Model):
    """The rule for the final grade."""

    minimum_per_assignment: float = Field(alias="minimum_per_opdracht")
    pass_mark: float = Field(alias="voldoende")


class AssessmentFramework(Model):
    """The assessment framework (``kit/data/toetskader.yaml``): Dublin descriptors, the
    minor's learning outcomes, the assignments with their weights and criteria, the final grade."""

    format: int = Field(1, alias="format")
    # A lecturer's own file for the final grade may hold only the assignments and weights.
    dublin: dict[str, Text] = Field(default_factory=dict, alias="dublin")
    outcomes: list_of(LearningOutcome) = Field(default_factory=list, alias="leeruitkomsten")
    assignments: list_of(AssessedAssignment) = Field(alias="opdrachten")
    final_grade: FinalGrade | None = Field(None, alias="eindcijfer")


def load_framework(path: str | Path | None = None) -> dict:
    """Read and check the assessment framework (``kit/data/toetskader.yaml`` by default).

    Returns:
        The framework as written (checked against :class:`AssessmentFramework`); the
        problems between it and the rubrics are :func:`framework_problems`.

    Raises:
        InputError: a missing or misspelt key or a wrong type, naming the file and key path.
    """
    from kit.config import data_path
    from kit.io import read_yaml

    where = path or data_path("toetskader.yaml")
    data = read_yaml(where)
    validate(AssessmentFramework, data, path=where, first=1,
             what="een toetskader is een tabel met dublin, leeruitkomsten en opdrachten")
    return data


def module_outcomes(nb) -> list[str]:
    """The minor learning outcomes (``LU1`` ...) a module names in its ``## Leerdoelen`` cell.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("## Leerdoelen\\n- iets\\n\\nLeeruitkomsten: LU2, LU1")]
    >>> module_outcomes(nb)
    ['LU1', 'LU2']
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## Leerdoelen"):
            return sorted({f"LU{n}" for n in _OUTCOME.findall(cell.source)}, key=lambda x: int(x[2:]))
    return []


def outcome_problems(nb, framework: dict) -> list[str]:
    """A module must name at least one learning outcome, each one defined in the framework."""
    known = {lu["id"] for lu in framework.get("leeruitkomsten", [])}
    named = module_outcomes(nb)
    if not named:
        return ["'Leerdoelen' noemt geen leeruitkomst van de minor (LU1 ... uit het toetskader)"]
    return [f"'Leerdoelen' noemt {lu}, maar die staat niet in het toetskader" for lu in named if lu not in known]


def framework_problems(framework: dict, rubrics: dict[str, list[str]]) -> list[str]:
    """Check the framework itself against the rubric criteria of the assignments.

    Args:
        framework: the framework as read by :func:`load_framework`.
        rubrics: ``{assignment: ["grade_id.criterium", ...]}`` from the rubric files.

    Returns:
        Dutch descriptions of every gap: an outcome without a Dublin descriptor or never assessed,
        a descriptor never reached, a criterion without an outcome, weights not adding up to 100.
    """
    problems = []
    dublin = set(framework.get("dublin", {}))
    outcomes = {lu["id"]: lu for lu in framework.get("leeruitkomsten", [])}
    for lu in outcomes.values():
        if not lu.get("dublin") or not set(lu["dublin"]) <= dublin:
            problems.append(f"{lu['id']}: geen of onbekende Dublin-descriptor")
    reached = {d for lu in outcomes.values() for d in lu.get("dublin", [])}
    problems += [f"Dublin-descriptor {d} hoort bij geen leeruitkomst" for d in sorted(dublin - reached)]
    assessed: set[str] = set()
    assignments = {a["id"]: a for a in framework.get("opdrachten", [])}
    for aid, criteria in rubrics.items():
        mapped = (assignments.get(aid) or {}).get("criteria") or {}
        for criterion in criteria:
            if not mapped.get(criterion):
                problems.append(f"{aid}: criterium {criterion} hoort bij geen leeruitkomst")
        problems += [f"{aid}: criterium {c} staat in het kader maar niet in de rubriek"
                     for c in mapped if c not in criteria]
    for aid, a in assignments.items():
        if aid not in rubrics:
            problems.append(f"opdracht {aid} staat in het kader maar heeft geen rubriek")
        for lus in list((a.get("criteria") or {}).values()) + [a.get("automatisch") or []]:
            for lu in lus:
                if lu not in outcomes:
                    problems.append(f"{aid}: onbekende leeruitkomst {lu}")
                assessed.add(lu)
    problems += [f"{lu} wordt in geen enkele opdracht getoetst" for lu in outcomes if lu not in assessed]
    total = sum(float(a.get("gewicht", 0)) for a in assignments.values())
    if abs(total - 100) > 1e-9:
        problems.append(f"de gewichten tellen op tot {total:g}, niet tot 100")
    return problems
