"""The standard "Inleveren" cell: due date, points and how to hand in, the same in every assignment.

``iids grade generate`` puts this read-only cell right after the title of each assignment,
made from ``kit/data/route.yaml`` (due date, week) and the notebook's own points, so the
five assignments share one header that never drifts from the route or the points.

>>> dutch_datetime("2026-10-02T17:00:00+02:00")
'vrijdag 2 oktober 2026 om 17:00'
>>> text = render_header(23, 9, 14, "2026-10-02T17:00:00+02:00", 5)
>>> text.splitlines()[0]
'## Inleveren en beoordeling'
>>> "23 punten" in text and "week 5" in text
True
"""

from __future__ import annotations

from datetime import datetime

from kit.grading.cells import graded_cells_of

__all__ = ["HEADER_TAG", "dutch_datetime", "render_header", "sync_header_cell", "stable_cell_id"]

#: Tag (and ``metadata.iids.header``) of the generated header cell.
HEADER_TAG = "inleveren"

_DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]


def stable_cell_id(assignment: str, role: str) -> str:
    """The nbformat cell id of a generated cell: the same for the same assignment and role.

    ``iids grade generate`` rewrites its cells on every run; fixed ids keep ``git diff``
    quiet when nothing changed.

    >>> stable_cell_id("discoursanalyse", "kop")
    'iids-kop-4a2fcd58f507'
    >>> stable_cell_id("discoursanalyse", "kop") == stable_cell_id("discoursanalyse", "kop")
    True
    """
    import hashlib

    digest = hashlib.sha256(f"{assignment}\x00{role}".encode()).hexdigest()[:12]
    prefix = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in role)[:40]
    return f"iids-{prefix}-{digest}"


def dutch_datetime(iso: str) -> str:
    """An ISO 8601 date-time in Dutch words (in its own time zone)."""
    moment = datetime.fromisoformat(iso)
    return (f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year} "
            f"om {moment:%H:%M}")


def _fmt(points: float) -> str:
    return f"{points:g}".replace(".", ",")


def render_header(total: float, auto: float, manual: float, due: str | None,
                  week: int | None) -> str:
    """The Markdown of the header cell."""
    lines = ["## Inleveren en beoordeling", ""]
    if due:
        when = dutch_datetime(due) + (f" (week {week} van de minor)" if week else "")
        lines.append(f"- **Inleveren:** {when}.")
    parts = []
    if auto:
        parts.append(f"{_fmt(auto)} automatisch gecontroleerd")
    if manual:
        parts.append(f"{_fmt(manual)} door je docent beoordeeld met een rubriek (die staat bij "
                     "elke vraag)")
    lines.append(f"- **Punten:** {_fmt(total)} punten" + (f": {', '.join(parts)}." if parts
                                                            else "."))
    lines.append("- **Cijfer:** van 1 tot 10; met 55% van de punten heb je een 5,5 (voldoende).")
    lines += ["", "**Zo werk je en lever je in**", "",
              "1. Werk de cellen van boven naar beneden af. Een codecel voer je uit met "
              "*Shift + Enter*; in een tekstcel dubbelklik je om te typen.",
              "2. Cellen met een slotje kun je niet wijzigen: laat ze staan, anders kan je "
              "werk niet worden nagekeken.",
              "3. Klaar? Kies *Kernel → Herstart Kernel and Run All Cells…* en kijk of er nergens "
              "een rode foutmelding staat.",
              "4. Klik in het tabblad *Assignments* op *Validate* en daarna op *Submit*. Je mag "
              "vaker inleveren: de laatste versie telt (na de deadline is die te laat).",
              "5. Alles in de map `mijn-werk/` naast dit notebook gaat vanzelf mee. Daar staat "
              "alleen gepseudonimiseerde tekst in."]
    return "\n".join(lines) + "\n"


def sync_header_cell(nb, assignment: str, due: str | None, week: int | None) -> None:
    """Insert or refresh the header cell right after the first cell (the title).

    >>> import nbformat
    >>> title = nbformat.v4.new_markdown_cell("# Opdracht")
    >>> nb = nbformat.v4.new_notebook(cells=[title])
    >>> sync_header_cell(nb, "demo", None, None); sync_header_cell(nb, "demo", None, None)
    >>> len(nb.cells), nb.cells[1].metadata["nbgrader"]["grade_id"]
    (2, 'demo_inleveren')
    """
    import nbformat

    nb.cells = [c for c in nb.cells if not c.get("metadata", {}).get("iids", {}).get("header")]
    graded = graded_cells_of(nb)
    auto = sum(c.points for c in graded if c.kind == "auto")
    manual = sum(c.points for c in graded if c.kind in {"manual", "task"})
    cell = nbformat.v4.new_markdown_cell(render_header(auto + manual, auto, manual, due, week))
    cell["id"] = stable_cell_id(assignment, "kop")
    cell.metadata["tags"] = [HEADER_TAG]
    cell.metadata["iids"] = {"header": True}
    cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True, "task": False,
                                 "grade_id": f"{assignment}_inleveren", "schema_version": 3}
    cell.metadata["deletable"] = False
    cell.metadata["editable"] = False
    nb.cells.insert(1 if nb.cells else 0, cell)
