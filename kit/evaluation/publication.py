"""The publishing step of the weegmoment report: one disclosure pass, then the audit.

:func:`publish_report` takes every table the report computed (raw numbers, not yet
suppressed), declares which cells show which count of persons and how the counts
hang together (:func:`build_model`), runs the disclosure pass over all of them at
once (:func:`kit.privacy.disclosure_pass.protect`), renders the published text
tables with honest markers, and writes the schema (``schema.json``) that lets the
audit (:mod:`kit.evaluation.audit`) recompute what an attacker could. The audit
runs here too: when it finds a hidden cell it can pin, nothing is published
(:class:`kit.evaluation.audit.AuditFailed`).

Every published CSV keeps the columns of :data:`PUBLISHED_COLUMNS`
(``docs/formats/evaluation.md``).

>>> PUBLISHED_COLUMNS["participation"]
['period', 'party_type', 'participants']
>>> disclosure_text(10)[:52]
'Aantallen van 1 tot en met 9 personen zijn verborgen'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kit.errors import CheckFailed
from kit.io import DUTCH_CSV_DECIMAL, DUTCH_CSV_ENCODING, DUTCH_CSV_SEPARATOR
from kit.privacy.disclosure_pass import (
    DOMINANT_MARKER,
    NOT_DETERMINABLE,
    PROTECTING_MARKER,
    Model,
    Protection,
    markers,
    protect,
)

__all__ = ["DUTCH_HEADERS", "PUBLISHED_COLUMNS", "CSV_COLUMNS", "PUBLISHED_SCHEMA", "dutch_names", "COLUMN_KINDS", "REFUSABLE", "DOMINANCE_PARTY_TYPES",
           "Published", "build_model", "publish_report", "collapse_attendance",
           "disclosure_text", "is_hidden", "dutch_number", "csv_values", "csv_files",
           "read_published", "dutch_place"]

#: The Dutch column headers of the published tables (CSV, HTML, Word and schema.json).
DUTCH_HEADERS = {
    "input": "invoer", "kind": "soort", "label": "label", "sha256": "controlegetal (SHA-256)",
    "kit_version": "kitversie", "indicator_id": "indicator", "theme": "thema", "name": "naam",
    "period": "periode", "value": "waarde", "unit": "eenheid", "basis": "personen",
    "first_period": "eerste periode", "first_value": "eerste waarde",
    "last_period": "laatste periode", "last_value": "laatste waarde", "direction": "richting",
    "party_type": "soort partij", "way": "manier van meedoen", "participants": "deelnemers",
    "activity_type": "soort activiteit", "activities": "activiteiten", "attendance": "opkomst",
    "project_id": "deelproject", "title": "titel", "type": "type", "status": "status",
    "question_origin": "vraag van", "community_role": "rol community", "start": "start",
    "end": "eind", "change": "wijziging", "o": "O", "product_type": "soort product",
    "products": "producten", "used_in_education": "gebruikt in onderwijs", "cohort": "cohort",
    "assignment": "opdracht", "criterion": "criterium", "mean_fraction": "gemiddeld deel",
    "students": "studenten", "narratives": "narratieven", "signifier": "signifier",
    "mean": "gemiddelde", "agreements": "afspraken", "audience": "voor wie",
    "follow_up": "vervolg", "co_developed": "samen met de gemeenschap",
    "recommendations": "aanbevelingen", "link_id": "schakel", "cause": "van", "effect": "naar",
    "assumption": "aanname", "risk": "risico", "evidence": "bewijs",
    "indicators_found": "indicatoren met gegevens", "indicators_named": "indicatoren genoemd",
    "evidence_status": "stand van het bewijs", "id": "id", "domain": "domein", "story": "verhaal",
    "level": "niveau", "reason": "reden", "criterion_id": "id", "indicator": "indicator",
    "threshold": "drempel", "latest_period": "periode", "latest_value": "gemeten",
    "earlier_value": "eerder", "trend": "trend", "comparison": "vergelijking",
    "note": "toelichting",
    # the harvest's tables, as the evaluators' notebooks show them
    "notebook": "notebook", "student": "studentcode", "grade_id": "cel",
    "cell_type": "soort cel", "score": "punten", "max_score": "maximum",
    "auto_score": "automatisch", "manual_score": "handmatig", "extra_credit": "extra punten",
    "needs_manual_grade": "nog nakijken", "source_step": "stap", "text": "tekst",
    "community": "gemeenschap", "setting": "omgeving",
}

#: Every published CSV: its columns in order (the stable schema), each as the pair
#: (the kit's English name, the Dutch name in the CSV file, documented in
#: ``docs/formats/evaluation.md``). Where a column holds what a registry column holds, the file
#: uses the registry's name (``partij_type``, ``herkomst_vraag``).
PUBLISHED_SCHEMA: dict[str, list[tuple[str, str]]] = {
    "inputs": [("input", "invoer"), ("kind", "soort"), ("sha256", "sha256"),
               ("kit_version", "kitversie")],
    "indicators": [("indicator_id", "indicator"), ("theme", "thema"), ("name", "naam"),
                   ("period", "periode"), ("value", "waarde"), ("unit", "eenheid"),
                   ("basis", "personen")],
    "trend": [("indicator_id", "indicator"), ("theme", "thema"), ("name", "naam"),
              ("first_period", "eerste_periode"), ("first_value", "eerste_waarde"),
              ("last_period", "laatste_periode"), ("last_value", "laatste_waarde"),
              ("direction", "richting")],
    "participation": [("period", "periode"), ("party_type", "partij_type"),
                      ("participants", "deelnemers")],
    "roles": [("period", "periode"), ("way", "vorm"), ("participants", "deelnemers")],
    "attendance": [("period", "periode"), ("activity_type", "soort_activiteit"),
                   ("activities", "activiteiten"), ("party_type", "partij_type"),
                   ("attendance", "opkomst")],
    "projects": [("project_id", "deelproject"), ("title", "titel"), ("type", "type"),
                 ("status", "status"), ("question_origin", "herkomst_vraag"),
                 ("community_role", "rol_community"), ("start", "start"), ("end", "eind"),
                 ("change", "wijziging")],
    "products": [("period", "periode"), ("o", "o"), ("product_type", "soort_product"),
                 ("products", "producten"), ("used_in_education", "gebruikt_in_onderwijs")],
    "learning_outcomes": [("cohort", "cohort"), ("assignment", "opdracht"),
                          ("criterion", "criterium"), ("mean_fraction", "gemiddeld_deel"),
                          ("students", "studenten")],
    "narrative_themes": [("cohort", "cohort"), ("theme", "thema"), ("narratives", "narratieven")],
    "signifiers": [("cohort", "cohort"), ("signifier", "signifier"), ("mean", "gemiddelde"),
                   ("narratives", "narratieven")],
    "dialogue_agreements": [("cohort", "cohort"), ("follow_up", "vervolg"),
                            ("agreements", "afspraken")],
    "recommendations": [("cohort", "cohort"), ("audience", "doelgroep"),
                        ("recommendations", "aanbevelingen"),
                        ("co_developed", "samen_ontwikkeld")],
    "contribution": [("link_id", "schakel"), ("cause", "van"), ("effect", "naar"),
                     ("assumption", "aanname"), ("risk", "risico"), ("evidence", "bewijs"),
                     ("indicators_found", "indicatoren_met_gegevens"),
                     ("indicators_named", "indicatoren_genoemd"),
                     ("evidence_status", "stand_van_het_bewijs")],
    "msc_stories": [("id", "id"), ("domain", "domein"), ("period", "periode"), ("title", "titel"),
                    ("story", "verhaal"), ("level", "niveau"), ("reason", "reden")],
    "decision": [("criterion_id", "criterium_id"), ("criterion", "criterium"),
                 ("indicator_id", "indicator"), ("indicator", "indicatornaam"),
                 ("threshold", "drempel"), ("direction", "richting"),
                 ("latest_period", "laatste_periode"), ("latest_value", "gemeten"),
                 ("earlier_value", "eerder"), ("trend", "trend"), ("comparison", "vergelijking"),
                 ("note", "toelichting")],
}

#: The kit's names of the columns of every published CSV, in order.
PUBLISHED_COLUMNS: dict[str, list[str]] = {
    table: [kit for kit, _ in pairs] for table, pairs in PUBLISHED_SCHEMA.items()}
#: The Dutch column names in the published CSV files, in the same order.
CSV_COLUMNS: dict[str, list[str]] = {
    table: [dutch for _, dutch in pairs] for table, pairs in PUBLISHED_SCHEMA.items()}
assert all(len(set(CSV_COLUMNS[t])) == len(c) for t, c in CSV_COLUMNS.items())


def dutch_names(table: str) -> dict[str, str]:
    """The Dutch CSV name of each of a table's columns, by the kit's name.

    >>> dutch_names("participation")["participants"]
    'deelnemers'
    """
    return dict(PUBLISHED_SCHEMA.get(table, []))


#: What each column holds (for ``schema.json``): label, text, count (of persons, may be
#: hidden), number (not about persons), value (an indicator's value: count, share or mean),
#: share, mean.
COLUMN_KINDS: dict[str, dict[str, str]] = {
    "indicators": {"value": "value", "basis": "count"},
    "trend": {"first_value": "value", "last_value": "value"},
    "participation": {"participants": "count"},
    "roles": {"participants": "count"},
    "attendance": {"activities": "number", "attendance": "count"},
    "products": {"products": "number", "used_in_education": "number"},
    "learning_outcomes": {"mean_fraction": "mean", "students": "count"},
    "narrative_themes": {"narratives": "count"},
    "signifiers": {"mean": "mean", "narratives": "count"},
    "dialogue_agreements": {"agreements": "count"},
    "recommendations": {"recommendations": "count", "co_developed": "count"},
    "contribution": {"indicators_found": "number", "indicators_named": "number"},
    "decision": {"latest_value": "value", "earlier_value": "value", "threshold": "number"},
}

#: Tables that are refused (header only) when most of their counts would be hidden.
REFUSABLE: dict[str, list[str]] = {
    "participation": ["participants"], "roles": ["participants"], "attendance": ["attendance"],
    "learning_outcomes": ["students"], "narrative_themes": ["narratives"],
    "signifiers": ["narratives"], "dialogue_agreements": ["agreements"],
    "recommendations": ["recommendations", "co_developed"],
}

#: The column whose value groups a refusable table's rows into blocks that are refused
#: together (one cohort or project year): adding a cohort then never changes what is
#: published about another, so two reports cannot be set side by side to pin a count.
BLOCK_COLUMN: dict[str, str] = {
    "participation": "period", "roles": "period", "attendance": "period",
    "learning_outcomes": "cohort", "narrative_themes": "cohort", "signifiers": "cohort",
    "dialogue_agreements": "cohort", "recommendations": "cohort",
}

#: Party types whose count is hidden when every person in it comes from one organisation
#: (dominance). Public bodies and institutions (gemeente, onderwijs en onderzoek, zorg en
#: welzijn) take part under their own name; a company, a citizens' group or a community
#: organisation does not.
DOMINANCE_PARTY_TYPES = ("bedrijfsleven", "burgers/vrijwilligers/cliënten", "de community zelf")

def is_hidden(text: Any, k: int) -> bool:
    """Whether a published cell shows a marker of a hidden value.

    >>> is_hidden("<10", 10), is_hidden("x", 10), is_hidden("12", 10), is_hidden("1 org.", 10)
    (True, True, False, True)
    """
    return str(text) in markers(k)


def disclosure_text(k: int) -> str:
    """The report's explanation of the markers (Dutch, with the threshold)."""
    return (f"Aantallen van 1 tot en met {k - 1} personen zijn verborgen en staan als "
            f"\"<{k}\". Om zo'n klein aantal ook niet uit totalen, andere tabellen of aandelen "
            f"terug te laten rekenen, zijn soms nog andere cellen verborgen: die staan als "
            f"\"{PROTECTING_MARKER}\" (bij een aantal: {k} of meer). \"{DOMINANT_MARKER}\" betekent: "
            "verborgen omdat alle personen in die cel van één organisatie komen (bedrijven, "
            "burgergroepen en organisaties uit de community). Een aandeel of gemiddelde waarvan "
            "een aantal erachter verborgen is, of waarin iedereen dezelfde waarde heeft (dan "
            f"vertelt het ieder zijn eigen waarde), staat ook als \"{PROTECTING_MARKER}\"; een trend "
            f"of vergelijking met een verborgen waarde is \"{NOT_DETERMINABLE}\". Een verborgen "
            "cel is nooit 0. Een tabel die grotendeels verborgen zou zijn, wordt niet "
            "gepubliceerd. Geen enkele verborgen cel is uit de gepubliceerde bestanden nauwkeurig "
            "terug te rekenen: dat controleert de kit bij elk rapport (schema.json, "
            "'iids evaluate audit'); controlelog.csv zegt per verborgen cel welke regel gold.")


_MACHINE_NUMBER = re.compile(r"(-?\d+)\.(\d+)(%?)")


def dutch_number(text: Any) -> str:
    """A published cell in Dutch notation: a decimal point becomes a comma; whole numbers,
    markers and text stay as they are (no dot between thousands: Dutch Excel reads ``1800``
    and ``1.800`` alike, a program only the first).

    >>> dutch_number("0.8125"), dutch_number("46%"), dutch_number("12.5%"), dutch_number("1800")
    ('0,8125', '46%', '12,5%', '1800')
    >>> dutch_number("<10"), dutch_number("versie 2.0"), dutch_number("-0.5")
    ('<10', 'versie 2.0', '-0,5')
    """
    value = str(text)
    match = _MACHINE_NUMBER.fullmatch(value)
    return f"{match[1]},{match[2]}{match[3]}" if match else value


def _as_percent(text: str, decimals: int | None) -> str:
    """A share written as a fraction (``0.6917``) as a percentage (``69.17%``); markers and
    empty cells stay.

    >>> _as_percent("0.6917", 2), _as_percent("0.5", None), _as_percent("x", 2)
    ('69.17%', '50%', 'x')
    """
    from decimal import Decimal, InvalidOperation

    try:
        share = Decimal(str(text)) * 100
    except InvalidOperation:
        return text
    if not share.is_finite():
        return text
    if decimals is None:
        shown = format(share.normalize(), "f")
        shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
    else:
        shown = format(share.quantize(Decimal(1).scaleb(-decimals)), "f")
    return shown + "%"


def dutch_place(message: str) -> str:
    """A message that names a published cell by the kit's column id, with the column as the
    CSV file names it.

    >>> dutch_place("participation.csv, rij 3, kolom 'participants': niet te beschermen")
    "participation.csv, rij 3, kolom 'deelnemers': niet te beschermen"
    """
    def swap(match) -> str:
        table, column = match["table"], match["column"]
        names = dutch_names(table)
        return f"{table}.csv{match['middle']}kolom '{names.get(column, column)}'"

    return re.sub(r"(?P<table>\w+)\.csv(?P<middle>, rij \d+, )kolom '(?P<column>\w+)'", swap,
                  message)


def csv_values(tables: dict[str, Any]) -> dict[str, Any]:
    """The published tables with their cells as the CSV files hold them (Dutch notation).

    Columns keep the names of :data:`PUBLISHED_COLUMNS`. In numeric columns
    (:data:`COLUMN_KINDS`) a decimal point becomes a comma; an indicator that is a share is
    a percentage with two decimals (``0.6917`` -> ``69,17%``, the same precision), and so is
    the threshold of a criterion on a share (``0.5`` -> ``50%``).

    >>> import pandas as pd
    >>> out = csv_values({"indicators": pd.DataFrame({"indicator_id": ["a", "b"],
    ...     "value": ["0.6917", "12"], "unit": ["aandeel", "aantal"], "basis": ["", "12"]})})
    >>> out["indicators"]["value"].tolist()
    ['69,17%', '12']
    """
    units: dict[str, str] = {}
    indicators = tables.get("indicators")
    if indicators is not None and len(indicators):
        units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    out = {}
    for name, frame in tables.items():
        frame = frame.astype(object).copy()
        if name == "indicators" and len(frame):
            frame["value"] = [_as_percent(v, 2) if u == "aandeel" else v
                              for v, u in zip(frame["value"], frame["unit"], strict=True)]
        if name == "decision" and len(frame):
            frame["threshold"] = [_as_percent(t, None) if units.get(i) == "aandeel" and t != ""
                                  else t for t, i in zip(frame["threshold"],
                                                         frame["indicator_id"], strict=True)]
        for column in COLUMN_KINDS.get(name, {}):
            if column in frame.columns:
                frame[column] = frame[column].map(dutch_number)
        out[name] = frame
    return out


def csv_files(tables: dict[str, Any]) -> dict[str, Any]:
    """The published tables exactly as the CSV files hold them: Dutch values
    (:func:`csv_values`) under the Dutch column names (:data:`CSV_COLUMNS`)."""
    out = {}
    for name, frame in csv_values(tables).items():
        if name in CSV_COLUMNS:
            frame = frame.reindex(columns=PUBLISHED_COLUMNS[name]).set_axis(
                CSV_COLUMNS[name], axis=1)
        out[name] = frame
    return out


def read_published(path, name: str | None = None):
    """Read a published CSV file back (text cells), under the kit's column names.

    Args:
        path: the CSV file (or the report folder, with ``name``).
        name: the table (``participation``); default the file's stem.

    Raises:
        InputError: when the file is missing or its columns are not the documented ones.
    """
    from pathlib import Path

    import pandas as pd

    from kit.errors import InputError

    p = Path(path)
    if name is not None and p.is_dir():
        p = p / f"{name}.csv"
    name = name or p.stem
    if name not in CSV_COLUMNS:
        raise InputError("dit is geen tabel van het weegmomentrapport", path=p)
    if not p.is_file():
        raise InputError("dit bestand ontbreekt", path=p)
    try:
        frame = pd.read_csv(p, sep=DUTCH_CSV_SEPARATOR, dtype=str, keep_default_na=False,
                            encoding=DUTCH_CSV_ENCODING)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"niet te lezen als CSV ({exc.__class__.__name__})", path=p) from None
    if list(frame.columns) != CSV_COLUMNS[name]:
        raise InputError("de kolommen zijn niet de gedocumenteerde "
                         f"({'; '.join(CSV_COLUMNS[name])})", path=p, place="rij 1")
    return frame.set_axis(PUBLISHED_COLUMNS[name], axis=1)


@dataclass
class Published:
    """The published text tables, the schema beside them and what the pass did."""

    tables: dict[str, Any]
    schema: dict[str, Any]
    protection: Protection
    notes: list[str] = field(default_factory=list)
    #: the output-checking log (``controlelog.csv``, :mod:`kit.privacy.output_log`)
    log: Any = None


def collapse_attendance(table, k: int):
    """Merge activity types whose total attendance in a project year is below ``k`` into
    ``overig`` (activities added up), and say which were merged.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"period": ["jaar 1"] * 4, "activity_type": ["a", "a", "b", "c"],
    ...                   "activities": [2, 2, 1, 1], "party_type": ["p", "q", "p", "p"],
    ...                   "attendance": [30, 5, 3, 2]})
    >>> out, notes = collapse_attendance(t, 10)
    >>> out.to_dict("records")[-1], notes
    ({'period': 'jaar 1', 'activity_type': 'overig', 'activities': 2, 'party_type': 'p', 'attendance': 5}, ['jaar 1: b, c samengevoegd tot overig'])
    """
    import pandas as pd

    columns = PUBLISHED_COLUMNS["attendance"]
    if table.empty:
        return table.reindex(columns=columns), []
    totals = table.groupby(["period", "activity_type"])["attendance"].transform("sum")
    small = totals < k
    notes = []
    for period, group in table[small].groupby("period", sort=True):
        names = sorted(set(group["activity_type"]))
        if names:
            notes.append(f"{period}: {', '.join(names)} samengevoegd tot overig")
    merged = table.assign(activity_type=table["activity_type"].where(~small, "overig"))
    small_types = {(p, a) for p, a in zip(table.loc[small, "period"], table.loc[small, "activity_type"],
                                          strict=True)}
    per_type = table.drop_duplicates(["period", "activity_type"])[["period", "activity_type",
                                                                   "activities"]]
    per_type = per_type.assign(activity_type=["overig" if (p, a) in small_types else a
                                              for p, a in zip(per_type["period"],
                                                              per_type["activity_type"],
                                                              strict=True)])
    per_type = per_type.groupby(["period", "activity_type"], as_index=False)["activities"].sum()
    counts = merged.groupby(["period", "activity_type", "party_type"], as_index=False,
                            sort=False)["attendance"].sum()
    out = counts.merge(per_type, on=["period", "activity_type"], how="left")
    out["_overig"] = out["activity_type"] == "overig"
    out = out.sort_values(["period", "_overig", "activity_type", "party_type"], kind="stable")
    out = out[columns].reset_index(drop=True)
    out["activities"] = out["activities"].astype("int64")
    out["attendance"] = out["attendance"].astype("int64")
    return pd.DataFrame(out), notes


def _dominance(registry, k: int) -> tuple[dict[tuple[str, str], bool], dict[tuple[str, str], bool]]:
    """Which participation (period, party type) and roles (period, way) cells are one
    organisation (every person in it has the same, filled-in organisation)."""
    if registry is None:
        return {}, {}
    from kit.evaluation.indicators import _period_bounds, _periods, project_start

    people = registry["Deelnemers"]
    if "organisatie" not in people.columns:
        return {}, {}
    start = project_start(registry)
    party_cells, way_cells = {}, {}
    for period in _periods(start, registry):
        lo, hi = _period_bounds(period, start)
        active = people[(people["van"] <= hi) & ((people["tot"] == "") | (people["tot"] >= lo))]
        for (column, out) in (("partij_type", party_cells), ("vorm", way_cells)):
            for value, group in active.groupby(column):
                orgs = group.drop_duplicates("code")["organisatie"].fillna("").astype(str).str.strip()
                private = group["partij_type"].isin(DOMINANCE_PARTY_TYPES).all()
                out[(period, value)] = bool(private and len(orgs) and (orgs != "").all()
                                            and orgs.nunique() == 1)
    return party_cells, way_cells


def build_model(raw: dict[str, Any], registry=None) -> tuple[Model, dict]:
    """Declare every published count of persons, its cells and relations.

    Args:
        raw: the report's tables with raw numbers, under the names of
            :data:`PUBLISHED_COLUMNS` (``indicators`` and ``trend`` included; ``decision``
            with the trend's raw rows).
        registry: the registry (for the dominance check), or ``None``.

    Returns:
        ``(model, specs)``; ``specs[(indicator_id, period)]`` says what an indicator value
        is: ``("count", q)``, ``("share", numerator, denominator)``, ``("mean", q)`` or
        ``None`` (not about persons).
    """
    from kit.evaluation.indicators import COMMUNITY, get

    m = Model()
    party_dom, way_dom = _dominance(registry, 0)
    by_table: dict[str, dict[str, list[str]]] = {}

    def group(kind: str, key: str, q: str) -> None:
        by_table.setdefault(kind, {}).setdefault(key, []).append(q)

    for i, r in enumerate(raw["participation"].to_dict("records")):
        q = m.quantity(f"deelnemers|{r['period']}|{r['party_type']}", r["participants"],
                       dominated=party_dom.get((r["period"], r["party_type"]), False))
        m.cell(q, "participation", i, "participants")
        group("deelnemers", r["period"], q)
    for i, r in enumerate(raw["roles"].to_dict("records")):
        q = m.quantity(f"rollen|{r['period']}|{r['way']}", r["participants"],
                       dominated=way_dom.get((r["period"], r["way"]), False))
        m.cell(q, "roles", i, "participants")
        group("rollen", r["period"], q)
    for i, r in enumerate(raw["attendance"].to_dict("records")):
        q = m.quantity(f"opkomst|{r['period']}|{r['activity_type']}|{r['party_type']}",
                       r["attendance"])
        m.cell(q, "attendance", i, "attendance")
        group("opkomst", r["period"], q)
        if r["party_type"] == COMMUNITY:
            group("opkomst_community", r["period"], q)
    for i, r in enumerate(raw["narrative_themes"].to_dict("records")):
        q = m.quantity(f"thema|{r['cohort']}|{r['theme']}", r["narratives"])
        m.cell(q, "narrative_themes", i, "narratives")
        group("thema", r["cohort"], q)
    for i, r in enumerate(raw["dialogue_agreements"].to_dict("records")):
        q = m.quantity(f"afspraken|{r['cohort']}|{r['follow_up']}", r["agreements"])
        m.cell(q, "dialogue_agreements", i, "agreements")
        group("afspraken", r["cohort"], q)
    for i, r in enumerate(raw["recommendations"].to_dict("records")):
        q = m.quantity(f"aanbevelingen|{r['cohort']}|{r['audience']}", r["recommendations"])
        m.cell(q, "recommendations", i, "recommendations")
        group("aanbevelingen", r["cohort"], q)
        together = m.quantity(f"samen|{r['cohort']}|{r['audience']}", r["co_developed"])
        m.cell(together, "recommendations", i, "co_developed")
        m.at_most(together, q)
    same = raw.get("same_values") or set()
    for i, r in enumerate(raw["learning_outcomes"].to_dict("records")):
        q = m.quantity(f"leeruitkomst|{r['cohort']}|{r['assignment']}|{r['criterion']}",
                       r["students"])
        if ("learning_outcomes", r["cohort"], r["assignment"], r["criterion"]) in same:
            m.uniform.add(q)
        m.cell(q, "learning_outcomes", i, "students")
        m.mean(("learning_outcomes", i, "mean_fraction"), q)
        group("leeruitkomst", r["cohort"], q)
    for i, r in enumerate(raw["signifiers"].to_dict("records")):
        q = m.quantity(f"signifier|{r['cohort']}|{r['signifier']}", r["narratives"])
        if ("signifiers", r["cohort"], r["signifier"]) in same:
            m.uniform.add(q)
        m.cell(q, "signifiers", i, "narratives")
        m.mean(("signifiers", i, "mean"), q)
        group("signifier", r["cohort"], q)

    specs: dict[tuple[str, str], Any] = {}
    later: list = []

    # each indicator's disclosure rule (kit.evaluation.indicator_registry.Disclosure) says what
    # its value is: a count of persons, a share or mean of them, a bound on one, or none
    for i, r in enumerate(raw["indicators"].to_dict("records")):
        ind, period, value, basis = r["indicator_id"], r["period"], r["value"], r["basis"]
        indicator = get(ind)
        rule = indicator.disclosure
        has_value = value is not None and value == value
        has_basis = basis is not None and not _isna(basis)
        def name(template: str, period: str = period) -> str:
            return template.format(period=period, community=COMMUNITY)

        if rule.kind == "count":
            q = indicator.quantity(period, COMMUNITY)
            m.quantity(q, int(value) if has_value else 0)
            m.cell(q, "indicators", i, "value")
            if has_basis:
                m.cell(q, "indicators", i, "basis")
            specs[(ind, period)] = ("count", q)
            for parts in rule.sums:  # the published cells of these groups add up to it
                later.append(("relate", q, by_table.get(parts, {}).get(period, [])))
            for parts in rule.bounds:  # every cell of these groups is at most it
                for part in by_table.get(parts, {}).get(period, []):
                    later.append(("at_most", part, q))
        elif rule.kind == "share":
            num, den = name(rule.numerator), name(rule.denominator)
            if rule.numerator_sums:
                parts = by_table.get(rule.numerator_sums, {}).get(period, [])
                m.quantity(num, sum(m.values[p] for p in parts))
                later.append(("relate", num, parts))
            elif num not in m.values:
                m.quantity(num, 0)
            specs[(ind, period)] = ("share", [num], [den])
            later.append(("share", ("indicators", i, "value"), [num], [den]))
            if has_basis:  # the basis of a share is its numerator
                later.append(("cell", num, ("indicators", i, "basis")))
        elif rule.kind == "mean":
            q = m.quantity(indicator.quantity(period, COMMUNITY), int(basis) if has_basis else 0)
            if (ind, period) in same:
                m.uniform.add(q)
            if has_basis:
                m.cell(q, "indicators", i, "basis")
            specs[(ind, period)] = ("mean", q)
            later.append(("mean", ("indicators", i, "value"), q))
            if rule.at_most:
                later.append(("at_most", q, name(rule.at_most)))
        elif rule.kind == "bounds":
            # not a count of persons, but it bounds one: n themes need n narratives, the
            # community uses n ways only with n members, n assignments x students >= submissions
            q = m.quantity(indicator.quantity(period, COMMUNITY), int(value) if has_value else 0,
                           sensitive=rule.sensitive)
            m.cell(q, "indicators", i, "value")
            if has_basis:
                m.cell(q, "indicators", i, "basis")
            specs[(ind, period)] = ("count", q)
            if rule.at_most and rule.times:
                later.append(("at_most_times", q, name(rule.at_most), name(rule.times)))
            elif rule.at_most:
                later.append(("at_most", q, name(rule.at_most)))
        else:
            specs[(ind, period)] = None
    for item in later:
        kind = item[0]
        if kind == "relate":
            m.relate(item[1], item[2])
        elif kind == "at_most":
            if item[2] in m.values:
                m.at_most(item[1], item[2])
        elif kind == "at_most_times":
            if item[2] in m.values and item[3] in m.values:
                m.at_most(item[1], item[2], factor_of=item[3])
        elif kind == "share":
            if all(q in m.values for q in item[2] + item[3]):
                m.share(item[1], item[2], item[3])
        elif kind == "mean":
            m.mean(item[1], item[2])
        elif kind == "cell":
            m.cell(item[1], *item[2])
    for i, r in enumerate(raw["trend"].to_dict("records")):
        for side, column in (("first", "first_value"), ("last", "last_value")):
            _attach(m, specs.get((r["indicator_id"], r[f"{side}_period"])), ("trend", i, column))
    trend_rows = {r["indicator_id"]: r for r in raw["trend"].to_dict("records")}
    for i, r in enumerate(raw["decision"].to_dict("records")):
        row = trend_rows.get(r["indicator_id"])
        if row is None:
            continue
        _attach(m, specs.get((r["indicator_id"], row["last_period"])), ("decision", i, "latest_value"))
        if row["first_period"] != row["last_period"]:
            _attach(m, specs.get((r["indicator_id"], row["first_period"])),
                    ("decision", i, "earlier_value"))
    return m, specs


def _isna(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _attach(m: Model, spec, ref) -> None:
    if spec is None:
        return
    if spec[0] == "count":
        m.cell(spec[1], *ref)
    elif spec[0] == "share":
        if all(q in m.values for q in spec[1] + spec[2]):
            m.share(ref, spec[1], spec[2])
    elif spec[0] == "mean":
        m.mean(ref, spec[1])


def _whole_groups(model: Model, result: Protection, k: int, remap=None) -> list[str]:
    """Notes on groups of ``k`` or more people who all fall in one published category
    (everyone ...): not hidden (the categories of this report are no sensitive
    attributes), but said, so a reader and the output checker see it."""
    notes = []
    for relation in model.relations:
        if relation["kind"] != "sum" or relation["total"] in result.hidden:
            continue
        total = model.values[relation["total"]]
        remap = remap or tuple
        full = [q for q in relation["parts"] if model.values[q] == total and q not in result.hidden
                and any(remap(ref) is not None for ref in model.cells.get(q, []))]
        if total >= k and full:
            table, row, _column = next(remap(r) for r in model.cells[full[0]] if remap(r) is not None)
            notes.append(f"In {table}.csv (rij {row + 2}) valt de hele groep van {total} in één "
                         "categorie: dat zegt iets over ieder lid van die groep.")
    return notes


def review_log(tables: dict[str, Any], why: dict[tuple[str, int, str], str], model: Model,
               result: Protection, k: int, *, merged: list[str] | None = None, remap=None,
               whole: set[str] | None = None, partly: dict[str, list[str]] | None = None):
    """The output-checking log of the report (``controlelog.csv``): every hidden cell with
    its rule, every refused table, merged categories, whole groups, and a line per table."""
    from kit.privacy.attacker import protection as width
    from kit.privacy.output_log import CheckLog

    log = CheckLog(k=k, protection=width(k))
    for name in PUBLISHED_COLUMNS:
        file = f"{name}.csv"
        if name in (result.refused if whole is None else whole):
            log.table(file, "geweigerd", f"meer dan de helft van de aantallen is kleiner dan {k} "
                                         "of zou verborgen moeten worden")
            continue
        for block in (partly or {}).get(name, []):
            log.table(file, "geweigerd", f"de rijen van {block}: meer dan de helft van de aantallen "
                                         f"is kleiner dan {k} of zou verborgen moeten worden")
        frame = tables[name]
        dutch = dutch_names(name)
        count = 0
        for i in range(len(frame)):
            for column in frame.columns:
                text = str(frame.at[i, column])
                # the log names a column as the CSV file does
                if text in markers(k):
                    log.cell(file, i, dutch.get(column, column),
                             why.get((name, i, column), "afgeleid"), text)
                    count += 1
                elif text == NOT_DETERMINABLE:
                    log.cell(file, i, dutch.get(column, column), "afgeleid", text,
                             note="een trend of vergelijking met een verborgen waarde")
                    count += 1
        if name == "attendance" and merged:
            log.table(file, "samengevoegd", "; ".join(merged))
        log.table(file, "gecontroleerd", f"{len(frame)} rijen, {count} cellen verborgen")
    for note in _whole_groups(model, result, k, remap):
        file = note.split(" ")[1]
        log.table(file, "hele groep", note)
    return log


def _schema(model: Model, protection: Protection, tables: dict[str, Any], k: int,
            notes: list[str], *, remap=None, whole: set[str] | None = None) -> dict[str, Any]:
    from kit.evaluation.audit import SCHEMA_FORMAT
    from kit.privacy.attacker import protection as width

    if remap is None:
        def remap(ref):
            return None if ref[0] in protection.refused else tuple(ref)
    whole = protection.refused if whole is None else whole

    quantities = {}
    for q in sorted(model.values):
        cells = [list(remap(r)) for r in model.cells.get(q, []) if remap(r) is not None]
        quantities[q] = {"cells": cells, "sensitive": q in model.sensitive}
    relations = []
    for relation in model.relations:
        relation = dict(relation)
        if "cells" in relation:
            relation["cells"] = [list(remap(c)) for c in relation["cells"] if remap(c) is not None]
        relations.append(relation)
    return {
        "format": SCHEMA_FORMAT, "version": 1, "k": int(k), "protection": width(k),
        "dialect": {"separator": DUTCH_CSV_SEPARATOR, "encoding": DUTCH_CSV_ENCODING,
                    "decimal": DUTCH_CSV_DECIMAL},
        "markers": markers(k), "not_determinable": NOT_DETERMINABLE,
        "refused": sorted(whole),
        "refused_blocks": sorted(u for u in protection.refused if "|" in u),
        "tables": {name: {"file": f"{name}.csv",
                          "columns": [{"name": c, "csv": dutch,
                                       "header": DUTCH_HEADERS.get(c, c),
                                       "kind": COLUMN_KINDS.get(name, {}).get(c, "text")}
                                      for c, dutch in zip(PUBLISHED_COLUMNS[name],
                                                          CSV_COLUMNS[name], strict=True)],
                          "rows": len(tables[name])}
                   for name in PUBLISHED_COLUMNS},
        "quantities": quantities, "relations": relations, "notes": notes,
    }


def _text(value: Any) -> str:
    from kit.evaluation.adapters import _fmt

    return _fmt(value)


def publish_report(raw: dict[str, Any], *, registry=None, theory=None, criteria=None,
                   k: int = 10, audit: bool = True) -> Published:
    """Protect and render every published table of the weegmoment report.

    Args:
        raw: raw tables under the names of :data:`PUBLISHED_COLUMNS` (``contribution``
            and ``decision`` are (re)built here from the protected trend), plus
            ``trend_raw`` (:func:`kit.evaluation.indicators.trend` output).
        registry: for the dominance check.
        theory: the theory of change (for ``contribution``).
        criteria: the evaluators' criteria (for ``decision``).
        k: the threshold.
        audit: run the attacker's audit on the result (always, except in tests of the pass).

    Returns:
        A :class:`Published`.

    Raises:
        kit.evaluation.audit.AuditFailed: the audit could pin a hidden cell.
    """
    import pandas as pd

    from kit.evaluation.contribution import (
        contribution_table,
        decision_table,
        format_value,
        judge_value,
    )
    from kit.evaluation.indicators import get

    trend_raw = raw["trend_raw"]
    tables_raw = dict(raw)
    tables_raw["trend"] = trend_raw
    tables_raw["decision"] = decision_table(criteria, trend_raw, k=k) if criteria is not None \
        else pd.DataFrame(columns=PUBLISHED_COLUMNS["decision"])
    model, specs = build_model(tables_raw, registry)
    blocks = {(table, i): f"{table}|{value}" for table, column in BLOCK_COLUMN.items()
              for i, value in enumerate(tables_raw[table][column].astype(str))}
    try:
        result = protect(model, k=k, refusable=REFUSABLE, blocks=blocks)
    except CheckFailed as exc:  # name the column as the CSV file does
        raise CheckFailed(dutch_place(exc.message), path=exc.path, place=exc.place) from None
    rowmap: dict[str, dict[int, int]] = {}
    whole: set[str] = set()
    for table in REFUSABLE:
        units = [blocks.get((table, i), table) for i in range(len(tables_raw[table]))]
        keep = [i for i, u in enumerate(units) if u not in result.refused and table not in result.refused]
        if table in result.refused or (units and not keep):
            whole.add(table)
            keep = []
        rowmap[table] = {old: new for new, old in enumerate(keep)}

    def remap(ref):
        if ref[0] not in rowmap:
            return tuple(ref)
        new = rowmap[ref[0]].get(int(ref[1]))
        return None if new is None else (ref[0], new, ref[2])
    hidden_cells: dict[tuple[str, int, str], str] = {}
    why: dict[tuple[str, int, str], str] = {}  # the log's rule per hidden cell
    rule_of = {"klein": "drempel", "één organisatie": "dominantie", "ter bescherming": "bescherming"}
    for q, refs in model.cells.items():
        mark = result.marker(q)
        if mark is not None:
            for ref in refs:
                hidden_cells[ref] = mark
                why[ref] = rule_of[result.hidden[q]]
    shown_q = {q for q in model.values if q not in result.hidden}
    for relation in model.relations:
        if relation["kind"] == "share":
            members = relation["numerator"] + relation["denominator"]
            if any(q in result.hidden or (not model.cells.get(q) and model.values[q] != 0)
                   for q in members):
                for ref in relation["cells"]:
                    hidden_cells[tuple(ref)] = PROTECTING_MARKER
                    why[tuple(ref)] = "afgeleid"
        elif relation["kind"] == "mean" and (relation["basis"] not in shown_q
                                             or relation["basis"] in model.uniform):
            for ref in relation["cells"]:
                hidden_cells[tuple(ref)] = PROTECTING_MARKER
                why[tuple(ref)] = "afgeleid" if relation["basis"] not in shown_q else "hele groep"

    out: dict[str, Any] = {}
    # indicators: the basis (persons behind a value) is shown where the value rests on persons
    ind = raw["indicators"]
    relevant = [get(i).disclosure.rests_on_persons for i in ind["indicator_id"]]
    values = [("" if v != v else f"{v:.4f}") if u == "aandeel"
              else format_value(None if v != v else v, u).replace("geen gegevens", "")
              for v, u in zip(ind["value"], ind["unit"], strict=True)]
    bases = [_text(b) if rel and not _isna(b) else ""
             for b, rel in zip(ind["basis"], relevant, strict=True)]
    out["indicators"] = ind.assign(value=values, basis=bases)
    # trend: values as the report shows them (shares as percentages)
    first, last, direction = [], [], []
    for row in trend_raw.to_dict("records"):
        shown = []
        for side in ("first", "last"):
            value = row[f"{side}_value"]
            shown.append(format_value(None if _isna(value) else float(value), row["unit"]))
        first.append(shown[0])
        last.append(shown[1])
        direction.append(row["direction"] if row["first_period"] != row["last_period"] else "")
    out["trend"] = trend_raw.assign(first_value=first, last_value=last, direction=direction)
    for name in ("participation", "roles", "attendance", "products", "projects",
                 "learning_outcomes", "narrative_themes", "signifiers", "dialogue_agreements",
                 "recommendations", "msc_stories", "inputs"):
        frame = raw[name].reindex(columns=PUBLISHED_COLUMNS[name])
        out[name] = frame.astype(object).map(_text) if len(frame) else frame.astype(str)
    for name in ("indicators", "trend"):
        out[name] = out[name].reindex(columns=PUBLISHED_COLUMNS[name]).astype(object)
    for (table, row, column), mark in hidden_cells.items():
        if table in out:
            out[table].iloc[row, out[table].columns.get_loc(column)] = mark
    # trend directions on hidden values cannot be known
    trend = out["trend"]
    for i in range(len(trend)):
        if is_hidden(trend.at[i, "first_value"], k) or is_hidden(trend.at[i, "last_value"], k):
            if trend.at[i, "first_period"] != trend.at[i, "last_period"]:
                trend.at[i, "direction"] = NOT_DETERMINABLE
    # contribution evidence from the protected trend
    evidence_trend = trend_raw.copy().astype({"first_value": object, "last_value": object})
    evidence_trend["first_basis"] = None  # protection is done: no second, older rule
    evidence_trend["last_basis"] = None
    for i in range(len(trend)):
        for column in ("first_value", "last_value"):
            if not _isna(trend_raw.at[i, column]):
                evidence_trend.at[i, column] = trend.at[i, column]
        evidence_trend.at[i, "direction"] = trend.at[i, "direction"] if \
            trend.at[i, "direction"] else trend_raw.at[i, "direction"]
    if theory is not None:
        out["contribution"] = contribution_table(theory, evidence_trend, k=k).astype(object).map(_text)
    else:
        out["contribution"] = pd.DataFrame(columns=PUBLISHED_COLUMNS["contribution"])
    decision = tables_raw["decision"].astype(object).map(_text)
    trend_at = {r["indicator_id"]: i for i, r in enumerate(trend_raw.to_dict("records"))}
    criteria_rows = criteria.to_dict("records") if criteria is not None else []
    for i in range(len(decision)):
        j = trend_at.get(decision.at[i, "indicator_id"])
        if j is None:
            continue
        # the same values as trend.csv (one rendering, one protection)
        decision.at[i, "latest_value"] = trend.at[j, "last_value"]
        decision.at[i, "earlier_value"] = trend.at[j, "first_value"] \
            if trend.at[j, "first_period"] != trend.at[j, "last_period"] else ""
        if not is_hidden(trend.at[j, "last_value"], k) and \
                str(decision.at[i, "comparison"]).startswith("verborgen"):
            criterion = criteria_rows[i]
            threshold = criterion.get("drempel")
            value = trend_raw.at[j, "last_value"]
            decision.at[i, "comparison"] = judge_value(
                None if _isna(value) else float(value),
                None if threshold is None or _isna(threshold) else float(threshold),
                criterion["richting"])
    for (table, row, column), mark in hidden_cells.items():
        if table == "decision":
            decision.iloc[row, decision.columns.get_loc(column)] = mark
    for i in range(len(decision)):
        latest, earlier = decision.at[i, "latest_value"], decision.at[i, "earlier_value"]
        if is_hidden(latest, k) or is_hidden(earlier, k):
            decision.at[i, "trend"] = NOT_DETERMINABLE
        if is_hidden(latest, k):
            decision.at[i, "comparison"] = NOT_DETERMINABLE
    out["decision"] = decision
    notes = []
    partly: dict[str, list[str]] = {}
    for table in REFUSABLE:
        if table in whole:
            out[table] = pd.DataFrame(columns=PUBLISHED_COLUMNS[table])
            notes.append(f"Tabel '{table}' is niet gepubliceerd: het grootste deel zou verborgen "
                         f"moeten worden (aantallen onder {k}).")
            continue
        gone = sorted({u.split("|", 1)[1] for u in result.refused if u.startswith(f"{table}|")})
        if gone:
            partly[table] = gone
            out[table] = out[table].iloc[sorted(rowmap[table])]
            notes.append(f"Tabel '{table}': de rijen van {', '.join(gone)} zijn niet gepubliceerd: "
                         f"het grootste deel zou verborgen moeten worden (aantallen onder {k}).")
    for name in PUBLISHED_COLUMNS:
        out[name] = out[name].reindex(columns=PUBLISHED_COLUMNS[name]).reset_index(drop=True)
        out[name] = out[name].astype(object).where(out[name].notna(), "").astype(str)
    why = {remap(ref): rule for ref, rule in why.items() if remap(ref) is not None}
    notes += _whole_groups(model, result, k, remap)
    log = review_log(out, why, model, result, k, merged=raw.get("attendance_merged") or [],
                     remap=remap, whole=whole, partly=partly)
    schema = _schema(model, result, out, k, notes, remap=remap, whole=whole)
    published = Published(tables=out, schema=schema, protection=result, notes=notes, log=log)
    if audit:
        from kit.evaluation.audit import audit_tables

        audit_tables(csv_values(out), schema).raise_if_failed()  # the cells as written
    return published
