"""Synthetic inputs for the evaluation: nbgrader course folders with artefacts.

Everything here is synthetic (seeded, marked ``synthetisch``) and exists so the
demo, the notebooks in ``evaluation/``, the tests and the benchmark have inputs
with the same shape as a real cohort: a ``gradebook.db`` written through
:mod:`nbgrader.api`, autograded notebooks with answer text per ``grade_id``, and
the kit's artefacts in each submission's ``mijn-werk/`` folder.

The assignments are the kit's real ones (:mod:`kit.grading.sources`): the same ids, grade
ids, points and titles as ``assignments/source`` and the rubrics.

>>> [c.grade_id for c in course_assignments()[0].cells][:2]
['discoursanalyse_frames_per_tekst_toets', 'discoursanalyse_frames_per_groep_toets']
>>> student_ids(3, "2025-2026")
['s2025-01', 's2025-02', 's2025-03']
"""

from __future__ import annotations

import json
import random
import shutil
import threading
from pathlib import Path
from typing import Any

from kit.config import WORK_FOLDER, cache_dir
from kit.grading.sources import AssignmentSpec, course_assignments

__all__ = [
    "student_ids",
    "notebook_for",
    "build_synthetic_course",
    "build_synthetic_courses",
    "build_demo_inputs",
    "synthetic_narratives",
    "empty_gradebook",
]

SYNTHETIC_MARK = "synthetisch"


_PHRASES = {
    "begin": ["In mijn analyse zie ik dat", "Wat opvalt is dat", "Uit de gesprekken blijkt dat",
              "Samen met de community merkten we dat", "Ik had eerst gedacht dat",
              "Een deelnemer liet zien dat"],
    "midden": ["het dominante discours vooral over overlast spreekt",
               "sekswerkers zelf vooral over werk en autonomie vertellen",
               "arbeidsmigranten humor gebruiken om met uitsluiting om te gaan",
               "vriendschap in de wijk een grote rol speelt",
               "de gemeente en de community elkaar nog weinig spreken",
               "dak- en thuisloze mensen vaak van loket naar loket gaan",
               "een neutrale gespreksleider het gesprek opende",
               "de wijkagent en het buurthuis samen een vraag oppakten"],
    "eind": ["en dat wil ik meenemen in het advies.", "wat mijn blik op de stad veranderde.",
             "en daar gaan we in de volgende fase mee verder.",
             "dus het advies richt zich op de professionals.",
             "en dat bleek ook uit de dialoogtafel."],
}

_THEMES = ["werk", "autonomie", "humor", "vriendschap", "wonen", "zorg", "stigma", "buurt",
           "toegang tot hulp", "geld"]
_SETTINGS = ["participerende observatie", "gesprek", "interview", "groepsgesprek", "online"]
_COMMUNITIES = ["sekswerkers", "Poolse arbeidsmigranten", "dak- en thuisloze mensen",
                "woonwageninwoners", "LHBTIQ+ jongeren"]
_AGREEMENTS = ["De gemeente organiseert een vervolgbijeenkomst met de community.",
               "Het buurthuis stelt een ruimte open voor een spreekuur.",
               "De wijkteams nemen het signaal mee in hun overleg.",
               "SHOP en de gemeente maken samen een folder in begrijpelijke taal.",
               "De bank bekijkt hoe een rekening openen eenvoudiger kan."]
_RECOMMENDATIONS = ["Spreek mensen aan op wat ze kunnen, niet alleen op risico's.",
                    "Betrek de community bij het opstellen van beleid.",
                    "Zorg voor één vast aanspreekpunt bij de gemeente.",
                    "Gebruik ervaringsdeskundigen in de training van professionals.",
                    "Maak informatie beschikbaar in meer talen."]
_ADDRESSEES = ["sociaal werkers", "huisartsen", "notarissen", "politici", "de community zelf"]

_TEMPLATE_LOCK = threading.Lock()

_INSTRUCTIONS = (
    "Lees eerst de narratieven die je verzamelde en kies er drie die je raakten. Schrijf op "
    "waarom, en wat je nog niet begrijpt. Let op wie er aan het woord is en wie niet.",
    "Vergelijk wat de verhalen zeggen met hoe de gemeente en de krant over dezelfde groep "
    "schrijven. Welke woorden vallen op? Wie wordt genoemd, wie blijft buiten beeld?",
    "Bespreek je eerste bevindingen met iemand uit de community. Klopt je lezing? Noteer wat "
    "er anders is aan hun blik, zonder namen: gebruik de codes uit je kluis.",
    "Kijk naar de signifiers: waar liggen de punten in de driehoek, en welke verhalen horen "
    "bij de clusters? Vraag je af welke verhalen je meer zou willen horen, en welke minder.",
    "Beantwoord de vragen hieronder in je eigen woorden. Je docent beoordeelt ze met de "
    "rubric die je in de module zag; de controles in de codecellen lopen automatisch.",
)
_PNG_CACHE: list[str] = []


def _figure_png() -> str:
    """A fixed 16 kB stand-in for a figure output (base64), as executed notebooks carry."""
    if not _PNG_CACHE:
        import base64

        rng = random.Random(16)
        _PNG_CACHE.append(base64.b64encode(bytes(rng.randrange(256) for _ in range(16_000)))
                          .decode("ascii"))
    return _PNG_CACHE[0]


def student_ids(n: int, cohort: str) -> list[str]:
    """Synthetic student ids for a cohort (``s<year>-NN``).

    >>> student_ids(2, "2026-2027")
    ['s2026-01', 's2026-02']
    """
    year = cohort.split("-")[0]
    return [f"s{year}-{i:02d}" for i in range(1, n + 1)]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(_PHRASES[part]) for part in ("begin", "midden", "eind"))


def notebook_for(spec: AssignmentSpec, answers: dict[str, str] | None = None, *,
                 outputs: bool = False) -> dict:
    """An nbgrader notebook (as a JSON-ready dict, nbformat 4) for an assignment.

    Args:
        spec: the assignment.
        answers: text per manual ``grade_id``; the solution placeholder when absent.
        outputs: add an executed code cell with a figure (as an autograded notebook has).

    Returns:
        The notebook as a dict, with nbgrader metadata schema 3 on every graded cell.

    >>> from kit.grading.sources import assignment_spec
    >>> nb = notebook_for(assignment_spec("handreiking"), {"handreiking_beroepsgroep": "Mijn keuze."})
    >>> answer = [c for c in nb["cells"] if c["metadata"].get("nbgrader")][0]
    >>> answer["source"], answer["metadata"]["nbgrader"]["grade_id"]
    ('Mijn keuze.', 'handreiking_beroepsgroep')
    """
    answers = answers or {}
    cells: list[dict] = [{"cell_type": "markdown", "metadata": {}, "source": f"# {spec.title}"}]
    for number, paragraph in enumerate(_INSTRUCTIONS, start=1):
        cells.append({"cell_type": "markdown", "metadata": {},
                      "source": f"## Stap {number}\n\n{paragraph}"})
    if outputs:
        cells.append({"cell_type": "code", "execution_count": 1, "metadata": {},
                      "source": "from kit.narratives.plots import triad\ntriad(verhalen)",
                      "outputs": [{"output_type": "display_data", "metadata": {},
                                   "data": {"image/png": _figure_png(),
                                            "text/plain": "<Figure size 600x400 with 1 Axes>"}},
                                  {"output_type": "stream", "name": "stdout",
                                   "text": "42 narratieven, 6 thema's\n"}]})
    for cell in spec.cells:
        cells.append({"cell_type": "markdown", "metadata": {}, "source": f"**{cell.prompt}**"})
        if cell.kind == "manual":
            meta = {"grade": True, "solution": True, "locked": False, "points": cell.points,
                    "grade_id": cell.grade_id, "schema_version": 3}
            cells.append({"cell_type": "markdown", "metadata": {"nbgrader": meta},
                          "source": answers.get(cell.grade_id, "JOUW ANTWOORD HIER")})
        else:
            if cell.answer:  # the student's code cell the test checks
                cells.append({"cell_type": "code", "execution_count": None, "outputs": [],
                              "metadata": {"nbgrader": {"grade": False, "solution": True,
                                                        "locked": False, "grade_id": cell.answer,
                                                        "schema_version": 3}},
                              "source": answers.get(cell.answer, "klaar = True")})
            cells.append({"cell_type": "code", "execution_count": None, "outputs": [],
                          "metadata": {"nbgrader": {"grade": True, "solution": False,
                                                    "locked": True, "points": cell.points,
                                                    "grade_id": cell.grade_id,
                                                    "schema_version": 3}},
                          "source": "assert klaar"})
    for number, cell in enumerate(cells):  # nbformat 4.5 notebooks carry cell ids
        cell["id"] = f"cel-{number:03d}"
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3",
                                                        "display_name": "Python 3",
                                                        "language": "python"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def empty_gradebook(path: Path) -> Path:
    """Copy an empty nbgrader gradebook (schema and alembic version) to ``path``.

    Creating a gradebook runs ``alembic`` once (about two seconds); the empty one is
    cached in the kit's cache folder and copied afterwards.

    Returns:
        ``path``.
    """
    from nbgrader.api import Gradebook

    template = cache_dir() / "evaluatie" / "leeg-gradebook-0.9.db"
    with _TEMPLATE_LOCK:
        if not template.is_file():
            template.parent.mkdir(parents=True, exist_ok=True)
            tmp = template.with_suffix(f".{id(path)}.tmp")
            tmp.unlink(missing_ok=True)
            with Gradebook(f"sqlite:///{tmp}"):
                pass
            tmp.replace(template)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    return path


def synthetic_narratives(n: int, *, seed: int, collector: str, cohort: str,
                         id_prefix: str = "N") -> list[dict]:
    """Synthetic, already pseudonymised micro-narratives with triad and dyad answers.

    The records use the kit's narrative fields (see ``docs/formats/narratives.md``);
    every record is marked synthetic in ``notes``.

    Args:
        n: number of narratives.
        seed: random seed.
        collector: the collecting student's code.
        cohort: cohort label (for the month collected).
        id_prefix: prefix of the narrative ids.

    Returns:
        A list of dicts, one per narrative.

    >>> rows = synthetic_narratives(2, seed=1, collector="s1", cohort="2025-2026")
    >>> len(rows), rows[0]["notes"]
    (2, 'synthetisch')
    >>> round(rows[0]["triad_a"] + rows[0]["triad_b"] + rows[0]["triad_c"], 6)
    1.0
    """
    rng = random.Random(f"{seed}-{collector}")
    year = int(cohort.split("-")[0])
    shift = 0.15 if year % 2 else 0.0
    rows = []
    for i in range(n):
        a, b = rng.random() + shift, rng.random()
        c = rng.random()
        total = a + b + c
        month = f"{year if i % 2 else year + 1}-{(9 + i % 5 - 1) % 12 + 1:02d}"
        theme = rng.choice(_THEMES)
        rows.append({
            "id": f"{id_prefix}{i + 1:04d}",
            "framework_id": "belonging",
            "framework_version": "1",
            "month": month,
            "setting": rng.choice(_SETTINGS),
            "community": rng.choice(_COMMUNITIES),
            "collector": collector,
            "participant": f"P-{rng.randrange(10**5):05d}",
            "title": f"Over {theme}",
            "text": f"{_sentence(rng)} Het ging over {theme}.",
            "theme": theme,
            "triad_a": round(a / total, 4),
            "triad_b": round(b / total, 4),
            "triad_c": round(1 - round(a / total, 4) - round(b / total, 4), 4),
            "dyad_erbij_horen": round(min(1.0, rng.random() * 0.8 + shift), 3),
            "language": "nl",
            "notes": SYNTHETIC_MARK,
        })
    return rows


def _write_csv_rows(path: Path, rows: list[dict]) -> None:
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if not rows:
            return
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _cohort_corpus(cohort: str, n: int, seed: int):
    """The cohort's narratives from the narratives area (``None`` when it is not installed)."""
    if n <= 0:
        return None
    from kit.synthetic.narratives import generate_corpus

    size = n * 2 + 20
    while True:
        corpus = _clean_rows(generate_corpus(min(size, 200_000), seed=seed, cohorts=[cohort]))
        if len(corpus) >= n or size >= 200_000:
            return corpus.iloc[:n].reset_index(drop=True)
        size *= 2


def _clean_rows(corpus):
    """Keep the synthetic narratives in which the fast privacy scan finds nothing.

    The synthetic corpus may mention ages or neighbourhoods that the scan (rightly)
    flags; a student's store would hold them only pseudonymised, so the synthetic
    courses keep the stories that pass, as a pseudonymised store would.
    """
    from kit.privacy.scan import scan_text

    columns = [c for c in ("title", "text", "notes") if c in corpus.columns]
    lines = corpus[columns].astype(str).agg(" | ".join, axis=1).str.replace("\n", " ", regex=False)
    flagged = {int(f.place.split()[1]) - 1 for f in scan_text("\n".join(lines), use_deduce=False)
               if f.place.startswith("regel ")}
    keep = [i not in flagged for i in range(len(corpus))]
    return corpus[keep].reset_index(drop=True)


def _write_narratives(work: Path, student: str, cohort: str, n: int, seed: int,
                      corpus, offset: int) -> None:
    if corpus is not None:
        from kit.narratives.framework import default_framework
        from kit.narratives.store import write_store

        part = corpus.iloc[offset:offset + n].copy()
        part["collector"] = student
        write_store(part.reset_index(drop=True), work, default_framework())
        return
    rows = synthetic_narratives(n, seed=seed, collector=student, cohort=cohort)
    _write_csv_rows(work / "narratieven.csv", rows)


def _write_artefacts(folder: Path, spec: AssignmentSpec, student: str, cohort: str,
                     rng: random.Random, narratives: int, seed: int, corpus=None,
                     offset: int = 0, table: int = 1) -> None:
    """Write one submission's artefacts; ``table`` numbers the student's own dialogue table
    (each student's agreements and recommendations are their own, with ids ``T<table>-...``)."""
    work = folder / WORK_FOLDER
    if spec.id == "narratieven" and narratives:
        _write_narratives(work, student, cohort, narratives, seed, corpus, offset)
    elif spec.id == "discoursanalyse":
        rows = []
        for doc in range(3):
            for coder in (student, f"tweede-codeur-{table:02d}"):  # each team its own partner
                for j in range(2):
                    start = 10 * j + rng.randrange(5)
                    rows.append({"document": f"N{doc + 1:04d}", "start": start,
                                 "end": start + 20 + rng.randrange(30),
                                 "code": rng.choice(_THEMES), "coder": coder,
                                 "memo": SYNTHETIC_MARK})
        _write_csv_rows(work / "coderingen.csv", rows)
    elif spec.id == "dialoogtafel":
        rows = []
        for i in range(2):
            status = rng.choice(["open", "bezig", "gedaan"])
            follow = "" if rng.random() < 0.25 else f"Vervolgoverleg plannen ({status}, 2026-03-0{i + 1})"
            rows.append({"id": f"T{table:02d}-A{i + 1}", "text": rng.choice(_AGREEMENTS),
                         "owner": rng.choice(["gemeente", "SHOP", "buurthuis", "community"]),
                         "due": f"2026-04-0{i + 1}", "statement": f"S{i + 1}",
                         "follow_up": follow})
        _write_csv_rows(work / "dialoog" / "afspraken.csv", rows)
    elif spec.id == "handreiking":
        audience = rng.choice(_ADDRESSEES)
        rows = [{"id": f"T{table:02d}-R{i + 1}", "text": rng.choice(_RECOMMENDATIONS),
                 "audience": audience, "evidence": f"Uit de narratieven ({SYNTHETIC_MARK}).",
                 "minority_view": "Een deelnemer wilde eerst meer tijd.",
                 "source": f"T{table:02d}-A{i + 1}",
                 "co_developed": rng.choice(["ja", "ja", "nee"]),
                 "handreiking": f"Handreiking voor {audience}"} for i in range(2)]
        _write_csv_rows(work / "dialoog" / "aanbevelingen.csv", rows)


def build_synthetic_course(root: str | Path, cohort: str, *, students: int = 12,
                           seed: int = 2026, narratives_per_student: int = 5,
                           assignments: tuple[AssignmentSpec, ...] | None = None,
                           artefacts: bool = True) -> Path:
    """Write a synthetic nbgrader course folder for one cohort.

    The gradebook is written with :class:`nbgrader.api.Gradebook` (assignments,
    notebooks, grade cells, students, submissions and scores); the autograded
    notebooks hold the answer text; ``mijn-werk/`` holds the kit's artefacts.

    Args:
        root: the course folder to create (must not hold a gradebook yet).
        cohort: cohort label such as ``"2025-2026"``.
        students: number of students.
        seed: random seed.
        narratives_per_student: narratives in each student's ``narratieven`` submission.
        assignments: which assignments (default: the kit's five, from their real sources).
        artefacts: whether to write the ``mijn-werk/`` artefacts.

    Returns:
        The course folder.
    """
    from nbgrader.api import Gradebook

    assignments = course_assignments() if assignments is None else assignments
    root = Path(root)
    db_path = root / "gradebook.db"
    if db_path.exists():
        raise FileExistsError(db_path)
    empty_gradebook(db_path)
    rng = random.Random(f"{seed}-{cohort}")
    ids = student_ids(students, cohort)
    (root / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = 'iids-{cohort}'\n"
        f"# {SYNTHETIC_MARK} cohort\n", encoding="utf-8")
    year = int(cohort.split("-")[0])
    with Gradebook(f"sqlite:///{db_path}") as gb:
        from sqlalchemy import text

        gb.db.execute(text("PRAGMA synchronous = OFF"))  # a throwaway synthetic gradebook
        for number, spec in enumerate(assignments):
            gb.add_assignment(spec.id, duedate=f"{year}-{10 + number % 3:02d}-0{1 + number}"
                                                f" 17:00:00")
            gb.add_notebook(spec.id, spec.id)
            for cell in spec.cells:
                gb.add_grade_cell(cell.grade_id, spec.id, spec.id, max_score=cell.points,
                                  cell_type="markdown" if cell.kind == "manual" else "code")
                if cell.kind == "manual":
                    gb.add_solution_cell(cell.grade_id, spec.id, spec.id)
        for sid in ids:
            gb.add_student(sid, first_name=SYNTHETIC_MARK, last_name=sid)
        ability = {sid: rng.uniform(0.45, 0.95) + (0.05 if year % 2 else 0.0) for sid in ids}
        import warnings

        with warnings.catch_warnings():  # nbgrader's own ORM use warns about autoflush
            warnings.simplefilter("ignore")
            for number, spec in enumerate(assignments):
                for sid in ids:
                    gb.add_submission(spec.id, sid,
                                      timestamp=f"{year}-{10 + number % 3:02d}-0{1 + number} "
                                                f"1{rng.randrange(10)}:00:00")
        db = gb.db
        from nbgrader.api import Grade, GradeCell, SubmittedAssignment, SubmittedNotebook
        rows = (db.query(Grade, GradeCell, SubmittedAssignment)
                .join(GradeCell, GradeCell.id == Grade.cell_id)
                .join(SubmittedNotebook, SubmittedNotebook.id == Grade.notebook_id)
                .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
                .order_by(SubmittedAssignment.student_id, GradeCell.name).all())
        for grade, cell, submission in rows:
            level = min(1.0, max(0.0, rng.gauss(ability[submission.student_id], 0.15)))
            if cell.cell_type == "code":
                grade.auto_score = cell.max_score if level > 0.4 else 0.0
                grade.needs_manual_grade = False
            else:
                grade.auto_score = None
                if rng.random() < 0.05:
                    grade.needs_manual_grade = True
                else:
                    grade.manual_score = round(level * cell.max_score * 2) / 2
                    grade.needs_manual_grade = False
        db.commit()
    corpus = _cohort_corpus(cohort, students * narratives_per_student, seed) if artefacts else None
    for spec in assignments:
        for number, sid in enumerate(ids):
            folder = root / "autograded" / sid / spec.id
            folder.mkdir(parents=True, exist_ok=True)
            answers = {c.grade_id: _sentence(rng) for c in spec.cells if c.kind == "manual"}
            nb = notebook_for(spec, answers, outputs=True)
            (folder / f"{spec.id}.ipynb").write_text(json.dumps(nb, indent=1, ensure_ascii=False),
                                                     encoding="utf-8")
            if artefacts:
                _write_artefacts(folder, spec, sid, cohort, rng, narratives_per_student, seed,
                                 corpus, number * narratives_per_student, table=number + 1)
    return root


def build_synthetic_courses(folder: str | Path, cohorts: list[str], **kwargs) -> dict[str, Path]:
    """Build one synthetic course per cohort under ``folder/<cohort>``.

    Returns:
        ``{cohort: course folder}``.
    """
    folder = Path(folder)
    return {cohort: build_synthetic_course(folder / cohort, cohort, **kwargs) for cohort in cohorts}


def build_demo_inputs(folder: str | Path, *, seed: int = 2026, students: int = 12,
                      narratives_per_student: int = 4,
                      cohorts: tuple[str, ...] = ("2023-2024", "2024-2025")) -> dict[str, Any]:
    """A small synthetic input set for the evaluation notebooks: two courses and a registry.

    Args:
        folder: an empty folder to write into.
        seed: random seed.
        students: students per cohort.
        narratives_per_student: narratives per student.
        cohorts: cohort labels.

    Returns:
        ``{"cohorten": [course folders], "register": registry workbook}`` (paths as text).
    """
    import warnings

    from kit.evaluation.workbook import write_registry
    from kit.synthetic.registry import synthetic_registry

    folder = Path(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        courses = build_synthetic_courses(folder / "cursussen", list(cohorts), students=students,
                                          seed=seed, narratives_per_student=narratives_per_student)
    registry = write_registry(synthetic_registry(seed=seed), folder / "werkplaats-register.xlsx")
    return {"cohorten": [str(p) for p in courses.values()], "register": str(registry)}
