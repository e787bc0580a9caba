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

__all__ = ["REQUIRED_SECTIONS", "STIGMATISING", "spine_problems", "check_module"]

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
