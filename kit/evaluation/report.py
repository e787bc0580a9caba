"""The weegmoment report: ``iids evaluate --cohort DIR ... [--registry FILE] -o OUT_DIR``.

:func:`build_report` computes every table in memory (nothing written yet);
:func:`write_report` writes ``index.html`` (Dutch, self-contained: figures
inline as SVG and beside it in ``figuren/``) and every published table as CSV.
Every published table passes one disclosure-control pass over the whole report
(:mod:`kit.evaluation.publication`) and the attacker's audit; ``schema.json``
beside the CSV files declares their columns and relations. The same
inputs give byte-identical CSV files and figures; the inputs' checksums and
the kit version are in ``inputs.csv`` and the report.

>>> DUTCH_HEADERS["evidence_status"]
'stand van het bewijs'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.evaluation.numbers import signifier_label
from kit.evaluation.publication import DUTCH_HEADERS

__all__ = ["PUBLISHED_TABLES", "DUTCH_HEADERS", "Report", "dutch_table", "load_cohort", "load_cohorts",
           "check_cohort_order", "publish_tables", "build_report", "write_report", "evaluate"]

#: CSV files of the report, in the order ``docs/formats/evaluation.md`` documents them.
PUBLISHED_TABLES = ("inputs", "indicators", "trend", "participation", "roles", "attendance",
                    "projects",
                    "products", "learning_outcomes", "narrative_themes", "signifiers",
                    "dialogue_agreements", "recommendations", "contribution", "msc_stories",
                    "decision")


@dataclass
class Report:
    """Everything the report publishes, computed in memory."""

    tables: dict[str, Any]
    figures: dict[str, dict[str, str]]
    context: dict[str, Any]
    html: str = ""
    notes: list[str] = field(default_factory=list)
    schema: dict[str, Any] = field(default_factory=dict)
    #: the output-checking log written as ``controlelog.csv`` (kit.privacy.output_log)
    log: Any = None
    sections: dict[str, Any] = field(default_factory=dict)


def load_cohort(folder: str | os.PathLike, *, key: bytes | None = None,
                pseudonymise: bool = True):
    """One cohort: a harvest folder (``oogst.yaml``) or an nbgrader course folder (harvested now).

    Returns:
        ``(label, Harvest)``.

    Raises:
        InputError: when the folder is neither.
    """
    from kit.evaluation.harvest import harvest_course, read_harvest

    p = Path(folder)
    if not p.is_dir():
        raise InputError("deze cohortmap bestaat niet", path=p)
    if (p / "gradebook.db").is_file():
        harvest = harvest_course(p, key=key, pseudonymise=pseudonymise)
    elif (p / "oogst.yaml").is_file():
        harvest = read_harvest(p)
    else:
        raise InputError("dit is geen nbgrader-cursusmap (gradebook.db ontbreekt) en geen "
                         "oogstmap van 'iids harvest' (oogst.yaml ontbreekt)", path=p)
    return str(harvest.manifest.get("cohort") or p.name), harvest


def load_cohorts(folders: list[str | os.PathLike], **kwargs) -> dict[str, Any]:
    """Load several cohorts, in the order given (which is the order of the trend).

    Course folders among them are harvested at once (:func:`kit.evaluation.harvest_many.
    harvest_tables`, one process per core), after every folder was found.

    Raises:
        InputError: when two cohorts have the same label.
    """
    for folder in folders:
        if not Path(folder).is_dir():
            raise InputError("deze cohortmap bestaat niet", path=folder)
    courses = [Path(f) for f in folders if (Path(f) / "gradebook.db").is_file()]
    harvested: dict[Path, Any] = {}
    if len(courses) > 1 and len({c.resolve().name for c in courses}) == len(courses):
        from kit.evaluation.harvest_many import harvest_tables

        harvested = dict(zip(courses, harvest_tables(
            courses, key=kwargs.get("key"), pseudonymise=kwargs.get("pseudonymise", True)),
            strict=True))
    cohorts: dict[str, Any] = {}
    for folder in folders:
        if Path(folder) in harvested:
            harvest = harvested[Path(folder)]
            label = str(harvest.manifest.get("cohort") or Path(folder).name)
        else:
            label, harvest = load_cohort(folder, **kwargs)
        if label in cohorts:
            raise InputError(f"twee cohorten heten '{label}'; geef de mappen verschillende namen",
                             path=folder)
        cohorts[label] = harvest
    check_cohort_order(list(cohorts))
    return cohorts


def _first_year(label: str) -> int | None:
    import re

    match = re.search(r"(?<!\d)(\d{4})(?!\d)", label)
    return int(match.group(1)) if match else None


def check_cohort_order(labels: list[str]) -> None:
    """Refuse cohorts given out of order (the trend reads first against last).

    >>> check_cohort_order(["2023-2024", "2024-2025"])
    >>> check_cohort_order(["2024-2025", "2023-2024"])
    Traceback (most recent call last):
    ...
    kit.errors.InputError: optie --cohort: de cohorten staan niet op volgorde: 2023-2024 komt na 2024-2025; geef ze van oud naar nieuw
    """
    dated = [(label, _first_year(label)) for label in labels]
    for (a, ya), (b, yb) in zip(dated, dated[1:], strict=False):
        if ya is not None and yb is not None and yb <= ya:
            raise InputError(f"de cohorten staan niet op volgorde: {b} komt na {a}; geef ze van "
                             "oud naar nieuw", place="optie --cohort")


def _timeline_notes(cohorts: dict[str, Any], registry) -> list[str]:
    """Dutch warnings: cohorts outside the project period, project years without data."""
    from kit.evaluation import indicators as ind

    notes = []
    if registry is None:
        return notes
    first, last = getattr(registry, "window", ("", "")) or ("", "")
    for label in cohorts:
        year = _first_year(label)
        if first and last and year is not None and not int(first[:4]) <= year <= int(last[:4]):
            notes.append(f"Cohort {label} valt buiten de projectperiode ({first} tot en met "
                         f"{last}); klopt de naam van het cohort?")
    for period, lo, hi, empty in ind.empty_periods(registry):
        notes.append(f"{period.capitalize()} ({lo} tot en met {hi}): geen {', '.join(empty)} "
                     "in het register. Is het register volledig?")
    return notes


def _projects_table(registry):
    import pandas as pd

    columns = ["project_id", "title", "type", "status", "question_origin", "community_role",
               "start", "end", "change"]
    if registry is None:
        return pd.DataFrame(columns=columns)
    projects = registry["Deelprojecten"]
    frame = projects.rename(columns={"id": "project_id", "titel": "title", "herkomst_vraag":
                                     "question_origin", "rol_community": "community_role",
                                     "eind": "end", "wijziging": "change"})
    return frame[columns].sort_values("project_id", kind="stable", ignore_index=True)


def _empty(columns: list[str]):
    import pandas as pd

    return pd.DataFrame(columns=columns)


def _check_stories(stories):
    """Keep only stories in which the privacy gate finds nothing; say which were held back.

    The stories are published, so they go through the kit's egress gate
    (:func:`kit.privacy.gate.check_text`, deduce on; no weaker fallback).
    """
    import pandas as pd

    from kit.privacy.gate import check_text

    keep, notes = [], []
    for record in stories.to_dict("records"):
        text = f"{record['title']}\n{record['story']}\n{record['reason']}"
        findings = [f.category for f in check_text(text)]
        if findings:
            notes.append(f"MSC-verhaal {record['id']} is niet opgenomen: de privacyscan vond "
                         f"{', '.join(sorted(set(findings)))}. Pseudonimiseer het eerst.")
        else:
            keep.append(record)
    return pd.DataFrame(keep, columns=list(stories.columns)), notes


def publish_tables(cohorts: dict[str, Any], registry=None, *, k: int = 10):
    """Compute every published table and pass them all through one disclosure pass.

    Args:
        cohorts: ``{label: Harvest}`` in chronological order.
        registry: a :class:`kit.evaluation.registry.Registry` or ``None``.
        k: the small-cell threshold.

    Returns:
        ``(published, notes, stories)``: a :class:`kit.evaluation.publication.Published`
        (text tables, ``schema.json`` content), the report's notes and the MSC stories.

    Raises:
        kit.evaluation.audit.AuditFailed: the attacker's audit could pin a hidden cell.
    """
    import pandas as pd

    from kit import __version__
    from kit.evaluation import indicators as ind
    from kit.evaluation.contribution import default_theory
    from kit.evaluation.publication import PUBLISHED_COLUMNS as PUBLISHED_COLUMNS_BY_NAME
    from kit.evaluation.publication import collapse_attendance, publish_report

    if k < 5:
        raise InputError("de drempel voor kleine aantallen is minstens 5", place="optie --k")
    notes: list[str] = []
    indicators = ind.compute_indicators(cohorts, registry)
    trend_table = ind.trend(indicators)
    tables: dict[str, Any] = {}
    inputs = []
    for label, harvest in cohorts.items():
        inputs.append({"input": label, "kind": "cohort (oogst)",
                       "sha256": harvest.manifest.get("input_checksum", ""),
                       "kit_version": harvest.manifest.get("kit_version", "")})
        if not harvest.manifest.get("pseudonymised", True):
            notes.append(f"Cohort {label} is geoogst zonder pseudoniemen: deel dit rapport niet.")
        skipped = int(harvest.manifest.get("skipped", 0) or 0)
        if skipped:
            notes.append(f"Cohort {label}: {skipped} {'bestand' if skipped == 1 else 'bestanden'}"
                         " niet (helemaal) geoogst (zie problems.csv in de oogstmap).")
        absent = int(harvest.manifest.get("notes", 0) or 0)
        if absent:
            notes.append(f"Cohort {label}: {absent} {'melding' if absent == 1 else 'meldingen'} "
                         "bij het oogsten, bijvoorbeeld een notebook dat niet is ingeleverd en "
                         "als 0 punten telt (zie problems.csv in de oogstmap).")
    notes += _timeline_notes(cohorts, registry)
    if registry is not None:
        inputs.append({"input": Path(registry.source).name, "kind": "Werkplaats-register",
                       "sha256": registry.checksum, "kit_version": ""})
    else:
        notes.append("Er is geen Werkplaats-register opgegeven.")
    inputs.append({"input": "rapport", "kind": "kit", "sha256": "", "kit_version": __version__})
    tables["inputs"] = pd.DataFrame(inputs, columns=["input", "kind", "sha256", "kit_version"])
    raw: dict[str, Any] = {"inputs": tables["inputs"], "indicators": indicators,
                           "trend_raw": trend_table}
    if registry is not None:
        raw["participation"] = ind.participation_table(registry)
        raw["roles"] = ind.roles_table(registry)
        raw["attendance"], merged = collapse_attendance(ind.attendance_table(registry), k)
        raw["attendance_merged"] = merged
        if merged:
            notes.append("Opkomst: soorten activiteiten met minder dan "
                         f"{k} aanwezigen in een projectjaar zijn samengevoegd tot 'overig' "
                         f"({'; '.join(merged)}).")
        raw["products"] = ind.products_table(registry)
        theory = registry.tables.get("Veranderingstheorie")
        if theory is None or theory.empty:
            theory = default_theory()
            notes.append("Het register heeft geen eigen veranderingstheorie: de standaardtheorie "
                         "van de kit is gebruikt.")
        notes += registry.notes
        stories, story_notes = _check_stories(ind.selected_stories(registry))
        notes += story_notes
        criteria = registry["Criteria"]
    else:
        for name in ("participation", "roles", "attendance", "products"):
            raw[name] = _empty(PUBLISHED_COLUMNS_BY_NAME[name])
        theory = default_theory()
        stories = _empty(PUBLISHED_COLUMNS_BY_NAME["msc_stories"])
        criteria = _empty(["id", "criterium", "indicator", "drempel", "richting", "toelichting"])
    raw["projects"] = _projects_table(registry)
    raw["learning_outcomes"] = ind.learning_outcomes(cohorts)
    raw["narrative_themes"] = ind.narrative_themes(cohorts)
    raw["signifiers"] = ind.signifier_patterns(cohorts)
    raw["dialogue_agreements"] = ind.dialogue_outcomes(cohorts)
    raw["recommendations"] = ind.recommendations_table(cohorts)
    raw["msc_stories"] = stories
    raw["same_values"] = ind.same_value_cells(cohorts)
    # one disclosure pass over everything published together, then the attacker's audit
    published = publish_report(raw, registry=registry, theory=theory, criteria=criteria, k=k)
    notes += published.notes
    return published, notes, stories



def build_report(cohorts: dict[str, Any], registry=None, *, k: int = 10) -> Report:
    """Compute every published table and figure (nothing is written).

    Args:
        cohorts: ``{label: Harvest}`` in chronological order.
        registry: a :class:`kit.evaluation.registry.Registry` or ``None``.
        k: the small-cell threshold.

    Returns:
        A :class:`Report` with the published tables, figures and the HTML.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from kit import __version__
    from kit.evaluation import plots
    from kit.evaluation.contribution import default_theory
    from kit.evaluation.publication import disclosure_text
    from kit.evaluation.sections import (
        reflection_quotes,
        registry_facts,
        theory_links,
        written_lessons,
    )

    published, notes, stories = publish_tables(cohorts, registry, k=k)
    tables = published.tables
    # the registry's optional sheets the sections show (no counts of persons): they go through
    # the privacy gate with the other tables; quotes only with consent and a clean scan
    tables = {**tables, **_registry_extras(registry)}
    quotes, quote_notes = reflection_quotes(registry)
    tables["reflection"] = _frame(quotes, ["datum", "wie", "onderwerp", "citaat"])
    notes += quote_notes
    lessons, lesson_notes = written_lessons(registry.tables.get("Lessen") if registry else None)
    tables["lessons"] = _frame(lessons, ["datum", "doel", "les", "gevolg", "wie"])
    notes += lesson_notes

    figures: dict[str, dict[str, str]] = {}
    drawings = [("deelname", "participation", plots.plot_participation, "Deelnemers per projectjaar en soort partij"),
                ("opkomst", "attendance", plots.plot_attendance, "Opkomst bij activiteiten"),
                ("producten", "products", plots.plot_products, "Producten naar de 4 O's"),
                ("leeruitkomsten", "learning_outcomes", plots.plot_learning_outcomes, "Leeruitkomsten per opdracht en cohort"),
                ("signifiers", "signifiers", plots.plot_signifiers, "Signifiers per cohort")]
    for name, table_name, draw, caption in drawings:
        if tables[table_name].empty:
            continue
        ax = draw(tables[table_name])
        figures[name] = {"svg": plots.figure_svg(ax.figure), "caption": caption,
                         "file": f"figuren/{name}.svg", "png": _png(ax.figure)}
        plt.close(ax.figure)

    theory = registry.tables.get("Veranderingstheorie") if registry is not None else None
    if theory is None or theory.empty:
        theory = default_theory()
    comparisons = list(tables["decision"]["comparison"]) if len(tables["decision"]) else []
    summary = {"voldoet": comparisons.count("voldoet"),
               "voldoet_niet": comparisons.count("voldoet niet")}
    summary["overig"] = len(comparisons) - summary["voldoet"] - summary["voldoet_niet"]
    synthetic = bool(registry is not None and registry.synthetic) or any(
        "synthetisch" in str(h.manifest.get("cohort", "")) for h in cohorts.values())
    context = {"version": __version__, "k": k, "registry": Path(registry.source).name if registry else "",
               "synthetic": synthetic, "summary": summary,
               "disclosure": disclosure_text(k), "facts": registry_facts(registry),
               "theory": theory_links(theory)}
    report = Report(tables=tables, figures=figures, context=context, notes=notes,
                    schema=published.schema, log=published.log)
    report.html = _render(report, stories)
    return report


def _registry_extras(registry) -> dict[str, Any]:
    """The sheets Planning and Uren en budget (empty without them)."""
    import pandas as pd

    from kit.evaluation.registry import SHEETS

    out = {}
    for key, sheet_name in (("planning", "Planning"), ("budget", "Uren en budget")):
        sheet = registry.tables.get(sheet_name) if registry is not None else None
        columns = [c.name for c in next(s for s in SHEETS if s.name == sheet_name).columns]
        out[key] = sheet.copy() if sheet is not None else pd.DataFrame(columns=columns)
    return out


def _frame(records: list[dict[str, Any]], columns: list[str]):
    import pandas as pd

    return pd.DataFrame(records, columns=columns)


def _png(fig) -> bytes:
    """The figure as PNG (for the Word document), without a date or software stamp."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


#: Columns the page and the Word document leave out: the kit's internal ids (the CSV keeps them).
_HIDDEN_COLUMNS = {"indicator_id"}


def _display(name: str, table, units: dict[str, str] | None = None) -> dict[str, Any]:
    """A table as the page shows it: Dutch headers, Dutch numbers, no internal ids."""
    from kit.evaluation.numbers import display_value

    units = units or {}
    columns = [c for c in table.columns if c not in _HIDDEN_COLUMNS]
    records = table.astype(object).to_dict("records")
    rows = []
    for record in records:
        unit = units.get(str(record.get("indicator_id", "")), record.get("unit", "") or "")
        row = []
        for column in columns:
            value = record[column]
            if value is None or (isinstance(value, float) and value != value):
                row.append("")
            elif isinstance(value, bool) or type(value).__name__ == "bool_":
                row.append("ja" if value else "nee")
            elif column == "signifier":
                row.append(signifier_label(value))
            elif name == "learning_outcomes" and column == "criterion":
                row.append(str(value).replace("_", " "))  # an nbgrader grade_id, readable
            elif column in _NUMERIC_COLUMNS:
                row.append(display_value(value, "aandeel" if column == "mean_fraction" else
                                         unit if column in _VALUE_COLUMNS else "aantal"))
            else:
                row.append(value)
        rows.append(row)
    numeric = {i for i, c in enumerate(columns) if c in _NUMERIC_COLUMNS}
    return {"headers": [DUTCH_HEADERS.get(c, c) for c in columns], "rows": rows,
            "numeric": numeric, "file": f"{name}.csv"}


def dutch_table(frame, name: str = "", *, report: Report | None = None):
    """A table as an evaluator reads it in a notebook: Dutch headers, Dutch numbers (shares
    as percentages), readable signifiers, no internal ids; the same as the report's page.

    Args:
        frame: any table of the report or of :mod:`kit.evaluation.indicators`.
        name: the table's name (``learning_outcomes``), for the columns it treats apart.
        report: the report, for the unit of each indicator (else the frame's ``unit``).

    >>> import pandas as pd
    >>> dutch_table(pd.DataFrame({"indicator_id": ["x"], "name": ["Aandeel"], "unit": ["aandeel"],
    ...                           "last_value": [0.6917]})).to_dict("records")
    [{'naam': 'Aandeel', 'eenheid': 'aandeel', 'laatste waarde': '69%'}]
    """
    import pandas as pd

    shown = _display(name, frame, _units(report.tables) if report is not None else None)
    return pd.DataFrame(shown["rows"], columns=shown["headers"])


#: Columns holding numbers (shown right-aligned, in Dutch notation).
_NUMERIC_COLUMNS = {"participants", "attendance", "activities", "narratives", "students", "value",
                    "mean_fraction", "mean", "first_value", "last_value", "latest_value",
                    "earlier_value", "threshold", "products", "used_in_education", "agreements",
                    "recommendations", "co_developed", "basis", "indicators_found",
                    "indicators_named", "score", "max_score", "auto_score", "manual_score",
                    "extra_credit"}
#: Columns with an indicator's value (a share is shown as a percentage).
_VALUE_COLUMNS = {"value", "first_value", "last_value", "latest_value", "earlier_value",
                  "threshold"}


def _render(report: Report, stories) -> str:
    from kit.config import data_path
    from kit.evaluation.sections import build_sections
    from kit.render import render_template

    css = data_path("sjablonen", "rapport", "rapport.css").read_text(encoding="utf-8")
    units = _units(report.tables)
    shown = {name: _display(name, t, units) for name, t in report.tables.items()}
    sections = build_sections(report.tables, report.context.get("facts"), notes=report.notes,
                              theory=report.context.get("theory"))
    report.sections = sections
    return render_template("rapport/index.html.j2", {
        "css": css, "tables": shown, "figures": report.figures, "notes": report.notes,
        "stories": stories.to_dict("records"), "sections": sections, **report.context})


def _units(tables) -> dict[str, str]:
    indicators = tables.get("indicators")
    if indicators is None or indicators.empty:
        return {}
    return dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))


#: The editable Word version of the report, beside ``index.html``.
WORD_FILE = "weegmoment.docx"


def _word(report: Report) -> bytes:
    """The report as a Word document: the same sections, tables and figures as the page."""
    from kit.evaluation.word import report_docx

    units = _units(report.tables)
    shown = {name: _display(name, t, units) for name, t in report.tables.items()}

    def part(title: str, names: list[str], figures: list[str] = (), text: list[str] = ()):
        return {"title": title, "paragraphs": list(text), "figures": list(figures),
                "tables": [{"caption": "", **shown[n]} for n in names if n in shown]}

    intro = []
    if report.context.get("synthetic"):
        intro.append("Oefenrapport: gemaakt met synthetische gegevens. Er staan geen echte "
                     "mensen in.")
    intro.append("De kit rekent, mensen beslissen. " + report.context.get("disclosure", ""))
    data = [part("Indicatoren en trend over twee jaar", ["trend"]),
            part("Gelijkwaardige samenwerking: de gegevens", ["participation", "roles",
                                                              "attendance"],
                 ["deelname", "opkomst"]),
            part("Praktijkvragen en dynamische agenda: de gegevens", ["projects", "products"],
                 ["producten"]),
            part("Doorwerking in het onderwijs en leeruitkomsten", ["learning_outcomes"],
                 ["leeruitkomsten"]),
            part("Narratieven, dialoogtafels en handreikingen",
                 ["narrative_themes", "signifiers", "dialogue_agreements", "recommendations"],
                 ["signifiers"], ["Een narratief kan meer thema's hebben: de aantallen per thema "
                                  "tellen op tot meer dan het aantal narratieven."]),
            part("Veranderingstheorie en bijdrage-analyse", ["contribution"]),
            part("Voortzetten of bijsturen: het bewijs naast de criteria", ["decision"]),
            part("Bronnen", ["inputs"])]
    stories = report.tables.get("msc_stories")
    if stories is not None and len(stories):
        data.insert(-2, {"title": "Verhalen van verandering (MSC)", "figures": [], "tables": [],
                         "paragraphs": [f"{r['title']} ({r['domain']}, {r['period']}): {r['story']} "
                                        f"Waarom gekozen: {r['reason']}"
                                        for r in stories.to_dict("records")]})
    sections = report.sections or {"summary": {"paragraphs": []}, "sections": []}
    return report_docx(sections, title="Weegmoment: Inclusief samenwerken in de stad",
                       intro=intro, notes=report.notes, figures=report.figures,
                       data_sections=data)


def write_report(report: Report, out_dir: str | os.PathLike) -> Path:
    """Write ``index.html``, ``weegmoment.docx`` (the same content, editable in Word),
    ``figuren/*.svg`` and every table as CSV (each file atomically).

    Returns:
        The path of ``index.html``.
    """
    import json

    from kit.evaluation.audit import SCHEMA_FILE
    from kit.evaluation.publication import csv_files
    from kit.io import atomic_write_bytes, atomic_write_text, write_dutch_csv

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = csv_files({name: report.tables[name] for name in PUBLISHED_TABLES})
    for name in PUBLISHED_TABLES:  # ';', decimal comma, UTF-8 with BOM: as Dutch Excel opens it
        write_dutch_csv(files[name], out / f"{name}.csv")
    atomic_write_bytes(out / WORD_FILE, _word(report))
    if report.schema:
        atomic_write_text(out / SCHEMA_FILE, json.dumps(report.schema, ensure_ascii=False,
                                                        indent=1, sort_keys=True) + "\n")
    if report.log is not None:
        report.log.write(out)
    for _name, figure in sorted(report.figures.items()):
        atomic_write_text(out / figure["file"], figure["svg"])
    return atomic_write_text(out / "index.html", report.html)


def evaluate(cohort_dirs: list[str | os.PathLike], out_dir: str | os.PathLike, *,
             registry: str | os.PathLike | None = None, k: int = 10,
             key: bytes | None = None, window: tuple[str, str] | None = None) -> Path:
    """Load cohorts and registry, build the report and write it (``iids evaluate``).

    All inputs are read and validated before anything is written.

    Returns:
        The path of ``index.html``.
    """
    from kit.evaluation.registry import pseudonymise_registry, read_registry

    if not cohort_dirs and registry is None:
        raise InputError("geef minstens één cohort (--cohort) of een register (--registry)")
    reg = read_registry(registry, window=window) if registry is not None else None
    if reg is not None:  # pseudonymised as it enters: no raw registry text goes further
        reg = pseudonymise_registry(reg)
    cohorts = load_cohorts(list(cohort_dirs), key=key)
    return publish_report(cohorts, reg, out_dir, k=k, pseudonymised=True)


def publish_report(cohorts: dict, registry, out_dir: str | os.PathLike, *, k: int = 10,
                   vault=None, pseudonymised: bool = False) -> Path:
    """Build the report and publish it through the egress gate (``iids evaluate`` and the
    demo): the registry pseudonymised as it enters, every published table pseudonymised, the
    written files checked after (deduce on, no weaker fallback: a missing piece is an
    error), and the participant codes behind it noted in the lineage index.

    Args:
        cohorts: the loaded cohorts (harvests).
        registry: the registry, or ``None``.
        out_dir: the report folder.
        k: the smallest count shown.
        vault: the vault of the lineage index (``None``: the user's vault).
        pseudonymised: the registry was pseudonymised already.

    Returns:
        The path of ``index.html``.

    Raises:
        GateRefused / InputError: when the gate finds personal data or cannot run.
    """
    from kit.evaluation.registry import pseudonymise_registry
    from kit.privacy.gate import require_engine, verify_published

    require_engine()  # before anything is written
    if registry is not None and not pseudonymised:
        registry = pseudonymise_registry(registry)
    report = build_report(cohorts, registry, k=k)
    _through_the_gate(report)
    index = write_report(report, out_dir)

    out = Path(out_dir)
    verify_published([out / f"{name}.csv" for name in PUBLISHED_TABLES]
                     + [out / f["file"] for f in report.figures.values()] + [index],
                     "het weegmomentrapport")
    from kit.privacy.lineage import codes_in, record

    codes = set().union(*(codes_in(h.tables) for h in cohorts.values())) if cohorts else set()
    if codes:  # a withdrawal finds this report by the participant codes behind it
        record(vault, out, codes=codes, kind="rapport",
               regenerate=f"iids evaluate ... -o {out} (van de nieuwe oogst)")
    return index


def _through_the_gate(report: Report) -> None:
    """Pseudonymise the text of every published table (registry titles, changes, stories,
    audiences...) and render the page again from them (the egress gate, deduce on)."""
    from kit.privacy.gate import clean_frame, pseudonymiser

    p, memo = pseudonymiser(), {}
    report.tables = {name: clean_frame(table, p, memo=memo) for name, table in report.tables.items()}
    report.html = _render(report, report.tables["msc_stories"])
