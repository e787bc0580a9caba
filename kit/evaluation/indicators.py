"""Indicators for the weegmoment, tied to the ministry's brief and the project's question.

Pure functions: harvested cohorts and the registry in, tidy tables out. The
registry's indicators are computed per project year (``jaar 1``, ``jaar 2``,
counted from the first date in the registry); the students' indicators per
cohort. :func:`trend` sets the first period beside the last.

>>> [i.id for i in INDICATORS if i.theme == "gelijkwaardige samenwerking"][:2]
['samenwerking_deelnemers', 'samenwerking_partijtypen']
>>> period_of("2024-02-01", "2023-01-09")
'jaar 2'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

__all__ = [
    "REQUIREMENTS",
    "Indicator",
    "INDICATORS",
    "INDICATOR_COLUMNS",
    "period_of",
    "project_start",
    "empty_periods",
    "registry_indicators",
    "cohort_indicators",
    "compute_indicators",
    "trend",
    "participation_table",
    "roles_table",
    "attendance_table",
    "products_table",
    "learning_outcomes",
    "narrative_themes",
    "signifier_patterns",
    "follow_up_state",
    "dialogue_outcomes",
    "recommendations_table",
    "selected_stories",
]


#: The ministry's four requirements (opdrachtbrief): id and Dutch title. Every indicator
#: declares which of them it gives evidence for (:attr:`Indicator.evidences`).
REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("samenwerking", "Gelijkwaardige samenwerking"),
    ("praktijkvragen", "Actuele praktijkvragen"),
    ("agenda", "Dynamische agenda"),
    ("onderwijs", "Doorwerking in het onderwijs"),
)


@dataclass(frozen=True)
class Indicator:
    """One indicator: id, theme, Dutch name, unit, whether it counts persons, and which of the
    ministry's requirements (:data:`REQUIREMENTS`) it gives evidence for.

    >>> [i.id for i in INDICATORS if "onderwijs" in i.evidences][:2]
    ['producten_onderwijs', 'doorwerking_producten_onderwijs']
    """

    id: str
    theme: str
    name: str
    unit: str
    persons: bool = False
    evidences: tuple[str, ...] = ()


_S, _P, _A, _O, _L, _N, _D = ("gelijkwaardige samenwerking", "actuele praktijkvragen",
                              "dynamische agenda", "doorwerking in onderwijs",
                              "leeruitkomsten", "narratieven", "dialoogtafels en handreikingen")

INDICATORS: tuple[Indicator, ...] = (
    Indicator("samenwerking_deelnemers", _S, "Deelnemers (actief in de periode)", "aantal", True,
              evidences=("samenwerking",)),
    Indicator("samenwerking_partijtypen", _S, "Soorten partijen die meedoen (van 6)", "aantal",
              evidences=("samenwerking",)),
    Indicator("samenwerking_community_deelnemers", _S, "Deelnemers uit de community zelf", "aantal", True,
              evidences=("samenwerking",)),
    Indicator("samenwerking_community_aandeel", _S, "Aandeel deelnemers uit de community zelf", "aandeel",
              evidences=("samenwerking",)),
    Indicator("samenwerking_community_rollen", _S, "Manieren van meedoen die de community gebruikt (van 6)", "aantal",
              evidences=("samenwerking",)),
    Indicator("samenwerking_opkomst_community_aandeel", _S, "Aandeel community in de opkomst bij activiteiten", "aandeel",
              evidences=("samenwerking",)),
    Indicator("praktijkvragen_deelprojecten", _P, "Deelprojecten gestart", "aantal",
              evidences=("praktijkvragen",)),
    Indicator("praktijkvragen_aandeel", _P, "Aandeel deelprojecten met een vraag uit praktijk of community", "aandeel",
              evidences=("praktijkvragen",)),
    Indicator("praktijkvragen_community_eigenaar", _P, "Deelprojecten met de community als initiatiefnemer of mede-eigenaar", "aantal",
              evidences=("praktijkvragen", "samenwerking")),
    Indicator("agenda_afgerond", _A, "Deelprojecten afgerond", "aantal",
              evidences=("agenda",)),
    Indicator("agenda_wijzigingen", _A, "Deelprojecten met een vastgelegde koerswijziging", "aantal",
              evidences=("agenda",)),
    Indicator("agenda_themas", _A, "Thema's van activiteiten", "aantal",
              evidences=("agenda",)),
    Indicator("agenda_nieuwe_themas", _A, "Nieuwe thema's ten opzichte van de periode ervoor", "aantal",
              evidences=("agenda",)),
    Indicator("activiteiten_aantal", _A, "Activiteiten (kenniscafés, bijeenkomsten, symposia, dialoogtafels)", "aantal",
              evidences=("praktijkvragen", "agenda")),
    Indicator("activiteiten_opkomst", _S, "Opkomst bij activiteiten (totaal)", "aantal", True,
              evidences=("samenwerking",)),
    Indicator("producten_onderzoek", _O, "Producten: Onderzoek", "aantal",
              evidences=("praktijkvragen",)),
    Indicator("producten_ontwikkeling", _O, "Producten: Ontwikkeling", "aantal",
              evidences=("praktijkvragen",)),
    Indicator("producten_onderwijs", _O, "Producten: Onderwijs", "aantal",
              evidences=("onderwijs",)),
    Indicator("producten_ondersteuning", _O, "Producten: Ondersteuning", "aantal",
              evidences=("praktijkvragen",)),
    Indicator("doorwerking_producten_onderwijs", _O, "Producten gebruikt in het onderwijs", "aantal",
              evidences=("onderwijs",)),
    Indicator("doorwerking_onderwijsmodules", _O, "Onderwijsmodules", "aantal",
              evidences=("onderwijs",)),
    Indicator("msc_verhalen", _A, "Verhalen van verandering (MSC) verzameld", "aantal",
              evidences=("agenda",)),
    Indicator("msc_geselecteerd", _A, "Verhalen van verandering gekozen als meest betekenisvol", "aantal",
              evidences=("agenda",)),
    Indicator("doorwerking_studenten", _O, "Studenten in het cohort", "aantal", True,
              evidences=("onderwijs",)),
    Indicator("doorwerking_opdrachten", _O, "Opdrachten met inzendingen", "aantal",
              evidences=("onderwijs",)),
    Indicator("doorwerking_inzendingen", _O, "Inzendingen", "aantal",
              evidences=("onderwijs",)),
    Indicator("leeruitkomst_gemiddeld", _L, "Gemiddeld behaald deel van de punten", "aandeel",
              evidences=("onderwijs",)),
    Indicator("leeruitkomst_nog_nakijken", _L, "Antwoorden die nog nagekeken moeten worden", "aantal",
              evidences=("onderwijs",)),
    Indicator("narratieven_aantal", _N, "Verzamelde narratieven", "aantal", True,
              evidences=("praktijkvragen", "onderwijs")),
    Indicator("narratieven_themas", _N, "Thema's of codes in de narratieven", "aantal",
              evidences=("praktijkvragen",)),
    Indicator("dialoog_afspraken", _D, "Afspraken aan dialoogtafels", "aantal",
              evidences=("samenwerking", "praktijkvragen")),
    Indicator("dialoog_opgevolgd_aandeel", _D, "Aandeel afspraken met vervolg in gang of gedaan", "aandeel",
              evidences=("praktijkvragen",)),
    Indicator("handreiking_aanbevelingen", _D, "Aanbevelingen in handreikingen", "aantal",
              evidences=("praktijkvragen", "onderwijs")),
)

_BY_ID = {i.id: i for i in INDICATORS}
assert all(i.evidences and set(i.evidences) <= {r for r, _t in REQUIREMENTS} for i in INDICATORS)
INDICATOR_COLUMNS = ["indicator_id", "theme", "name", "period", "value", "unit", "basis"]

COMMUNITY = "de community zelf"
_OWNER_ROLES = {"initiatiefnemer", "mede-eigenaar"}


def period_of(date: str, start: str) -> str:
    """The project year a date falls in (``jaar 1``, ``jaar 2``, ...; before the start: ``jaar 1``).

    >>> period_of("2023-01-09", "2023-01-09"), period_of("2025-01-09", "2023-01-09")
    ('jaar 1', 'jaar 3')
    """
    days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(start)).days
    return f"jaar {max(0, days) // 365 + 1}"


def project_start(registry) -> str:
    """The first day of the project: the registry's window, else its first date."""
    window = getattr(registry, "window", ("", ""))
    if window and window[0]:
        return window[0]
    dates = [d for d in list(registry["Deelnemers"]["van"]) + list(registry["Deelprojecten"]["start"])
             + list(registry["Activiteiten"]["datum"]) if d]
    return min(dates) if dates else "2023-01-01"


def _periods(start: str, registry) -> list[str]:
    dates = [d for t, c in (("Activiteiten", "datum"), ("Deelprojecten", "start"),
                            ("Producten", "datum"), ("Deelnemers", "van")) for d in registry[t][c] if d]
    last = max(dates) if dates else start
    count = int(period_of(last, start).split()[1])
    return [f"jaar {i}" for i in range(1, max(2, count) + 1)]


def empty_periods(registry) -> list[tuple[str, str, str, list[str]]]:
    """Project years in which a sheet of the registry has nothing: ``(period, first day, last
    day, [what is missing])``. A year without activities is as likely a gap in the registry as
    a quiet year; the report asks.

    >>> from kit.evaluation.registry import Registry, synthetic_registry
    >>> empty_periods(Registry(synthetic_registry(seed=3), source="x", checksum=""))
    []
    """
    start = project_start(registry)
    found = []
    for period in _periods(start, registry):
        lo, hi = _period_bounds(period, start)
        missing = []
        for sheet, column, what in (("Activiteiten", "datum", "activiteiten"),
                                    ("Deelprojecten", "start", "nieuwe deelprojecten"),
                                    ("Producten", "datum", "producten")):
            dates = registry[sheet][column]
            if not ((dates >= lo) & (dates <= hi)).any():
                missing.append(what)
        if missing:
            found.append((period, lo, hi, missing))
    return found


def _period_bounds(period: str, start: str) -> tuple[str, str]:
    n = int(period.split()[1])
    s = dt.date.fromisoformat(start)
    return ((s + dt.timedelta(days=365 * (n - 1))).isoformat(),
            (s + dt.timedelta(days=365 * n - 1)).isoformat())


def _row(indicator_id: str, period: str, value: float | int | None, basis: int | None = None):
    ind = _BY_ID[indicator_id]
    return {"indicator_id": ind.id, "theme": ind.theme, "name": ind.name, "period": period,
            "value": None if value is None else float(value), "unit": ind.unit,
            "basis": None if basis is None else int(basis)}


def registry_indicators(registry) -> list[dict[str, Any]]:
    """Indicators from the Werkplaats registry, one row per indicator and project year.

    Args:
        registry: a :class:`kit.evaluation.registry.Registry`.

    Returns:
        Rows with the columns of :data:`INDICATOR_COLUMNS`.
    """
    start = project_start(registry)
    people = registry["Deelnemers"]
    projects = registry["Deelprojecten"]
    acts = registry["Activiteiten"]
    products = registry["Producten"]
    stories = registry["MSC-verhalen"]
    from kit.evaluation.registry import ATTENDANCE_COLUMNS

    rows = []
    previous_themes: set[str] | None = None
    for period in _periods(start, registry):
        lo, hi = _period_bounds(period, start)
        active = people[(people["van"] <= hi) & ((people["tot"] == "") | (people["tot"] >= lo))]
        persons = active["code"].nunique()
        community = active[active["partij_type"] == COMMUNITY]
        rows += [
            _row("samenwerking_deelnemers", period, persons, persons),
            _row("samenwerking_partijtypen", period, active["partij_type"].nunique()),
            _row("samenwerking_community_deelnemers", period, community["code"].nunique(),
                 community["code"].nunique()),
            _row("samenwerking_community_aandeel", period,
                 community["code"].nunique() / persons if persons else None,
                 min(persons, community["code"].nunique())),
            _row("samenwerking_community_rollen", period, community["vorm"].nunique()),
        ]
        in_period = acts[(acts["datum"] >= lo) & (acts["datum"] <= hi)]
        attendance = int(in_period[list(ATTENDANCE_COLUMNS)].to_numpy().sum()) if len(in_period) else 0
        rows += [
            _row("activiteiten_aantal", period, len(in_period)),
            _row("activiteiten_opkomst", period, attendance, attendance),
            _row("samenwerking_opkomst_community_aandeel", period,
                 in_period["opkomst_community"].sum() / attendance if attendance else None,
                 min(attendance, int(in_period["opkomst_community"].sum()))),
        ]
        started = projects[(projects["start"] >= lo) & (projects["start"] <= hi)]
        n_started = len(started)
        rows += [
            _row("praktijkvragen_deelprojecten", period, n_started),
            _row("praktijkvragen_aandeel", period,
                 started["herkomst_vraag"].isin(["praktijk", "community"]).mean() if n_started else None),
            _row("praktijkvragen_community_eigenaar", period,
                 int(started["rol_community"].isin(_OWNER_ROLES).sum())),
            _row("agenda_afgerond", period, int(((projects["eind"] >= lo) & (projects["eind"] <= hi)
                                                 & (projects["status"] == "afgerond")).sum())),
            _row("agenda_wijzigingen", period, int((started["wijziging"] != "").sum())),
        ]
        themes = {t for t in in_period["thema"] if t}
        rows.append(_row("agenda_themas", period, len(themes)))
        rows.append(_row("agenda_nieuwe_themas", period,
                         None if previous_themes is None else len(themes - previous_themes)))
        previous_themes = themes | (previous_themes or set())
        made = products[(products["datum"] >= lo) & (products["datum"] <= hi)]
        for o in ("Onderzoek", "Ontwikkeling", "Onderwijs", "Ondersteuning"):
            rows.append(_row(f"producten_{o.lower()}", period, int((made["o"] == o).sum())))
        rows.append(_row("doorwerking_producten_onderwijs", period,
                         int((made["gebruikt_in_onderwijs"] == "ja").sum())))
        rows.append(_row("doorwerking_onderwijsmodules", period,
                         int((made["soort"] == "onderwijsmodule").sum())))
        story_period = stories["periode"].map(lambda p: _story_period(p, start))
        story_period = story_period.where(~_repeated(stories), "")  # a retold story counts once
        rows.append(_row("msc_verhalen", period, int((story_period == period).sum())))
        rows.append(_row("msc_geselecteerd", period,
                         int(((story_period == period) & (stories["geselecteerd"] == "ja")).sum())))
    return rows


def _story_period(text: str, start: str) -> str:
    """Map an MSC reporting period (``2024-H1``, ``2024-Q3``, ``2024-05``, ``2024``) to a project year."""
    import re

    match = re.match(r"^(\d{4})(?:-(H|Q|K)?(\d{1,2}))?", text.strip())
    if not match:
        return ""
    year, kind, number = match.group(1), match.group(2), match.group(3)
    month = 1
    if number:
        n = int(number)
        month = {"H": 1 + 6 * (n - 1), "Q": 1 + 3 * (n - 1), "K": 1 + 3 * (n - 1)}.get(kind or "", n)
    month = min(max(month, 1), 12)
    return period_of(f"{year}-{month:02d}-15", start)


def _repeated(stories):
    """Which MSC stories repeat an earlier story word for word (they count once)."""
    from kit.evaluation.registry import _story_key

    return stories["verhaal"].map(_story_key).duplicated(keep="first")


def _dialogue_tables(harvest, word: str):
    import pandas as pd

    frames = [t for name, t in sorted(harvest.tables.items())
              if name.startswith("dialogue_") and word in name and len(t)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def cohort_indicators(label: str, harvest) -> list[dict[str, Any]]:
    """Indicators from one harvested cohort (students, learning outcomes, artefacts).

    Args:
        label: the cohort label (the period column).
        harvest: a :class:`kit.evaluation.harvest.Harvest`.

    Returns:
        Rows with the columns of :data:`INDICATOR_COLUMNS`.
    """
    grades = harvest.tables["grades"]
    subs = harvest.tables.get("submissions")
    students = grades["student"].nunique()
    rows = [_row("doorwerking_studenten", label, students, students),
            _row("doorwerking_opdrachten", label, grades["assignment"].nunique())]
    if subs is not None and "status" in subs.columns:
        handed_in = subs["status"].isin(["geoogst", "onvolledig", "overgeslagen"])
        rows.append(_row("doorwerking_inzendingen", label, int(handed_in.sum())))
    graded = grades[~grades["needs_manual_grade"]]
    per_student = graded.groupby("student")[["score", "max_score"]].sum()
    fraction = (per_student["score"] / per_student["max_score"]).mean() if len(per_student) else None
    rows.append(_row("leeruitkomst_gemiddeld", label, fraction, len(per_student)))
    rows.append(_row("leeruitkomst_nog_nakijken", label, int(grades["needs_manual_grade"].sum())))
    narratives = harvest.tables.get("narratives")
    n_narr = 0 if narratives is None else len(narratives)
    rows.append(_row("narratieven_aantal", label, n_narr, n_narr))
    theme_col = _theme_source(harvest)
    rows.append(_row("narratieven_themas", label, 0 if theme_col is None else theme_col.nunique()))
    agreements = _dialogue_tables(harvest, "afspra")
    rows.append(_row("dialoog_afspraken", label, len(agreements)))
    states = [follow_up_state(r) for r in agreements.to_dict("records")]
    rows.append(_row("dialoog_opgevolgd_aandeel", label,
                     sum(s == "vervolg in gang of gedaan" for s in states) / len(states)
                     if states else None))
    rows.append(_row("handreiking_aanbevelingen", label, len(_dialogue_tables(harvest, "aanbevel"))))
    return rows


def _theme_source(harvest):
    """Themes per narrative: a ``theme`` column, ``thema: ...`` in the notes, else the codes."""
    import re

    import pandas as pd

    narratives = harvest.tables.get("narratives")
    if narratives is not None and len(narratives):
        for column in ("theme", "thema"):
            if column in narratives.columns:
                return narratives[column][narratives[column] != ""]
        if "notes" in narratives.columns:
            themes = [t.strip() for note in narratives["notes"].fillna("").astype(str)
                      for match in [re.search(r"thema: ([^;]+)", note)] if match
                      for t in match.group(1).split(",") if t.strip()]
            if themes:
                return pd.Series(themes, dtype=object)
    codings = harvest.tables.get("codings")
    if codings is not None and len(codings):
        return codings["code"]
    return None


def compute_indicators(cohorts: dict[str, Any], registry=None):
    """All indicators as one long table (registry years, then cohorts).

    Args:
        cohorts: ``{label: Harvest}`` in chronological order.
        registry: a registry or ``None``.

    Returns:
        A DataFrame with :data:`INDICATOR_COLUMNS`, in a fixed order.

    >>> compute_indicators({}).columns.tolist() == INDICATOR_COLUMNS
    True
    """
    import pandas as pd

    rows = registry_indicators(registry) if registry is not None else []
    for label, harvest in cohorts.items():
        rows += cohort_indicators(label, harvest)
    order = {ind.id: i for i, ind in enumerate(INDICATORS)}
    frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    frame["basis"] = frame["basis"].astype("Int64")
    frame["_o"] = frame["indicator_id"].map(order)
    frame = frame.sort_values(["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return frame


def trend(indicators):
    """First period beside last period for every indicator (the trend over two years).

    Returns:
        A DataFrame: indicator_id, theme, name, unit, first_period, first_value,
        last_period, last_value, change, direction, first_basis, last_basis.

    >>> import pandas as pd
    >>> t = pd.DataFrame([_row("activiteiten_aantal", "jaar 1", 10), _row("activiteiten_aantal", "jaar 2", 14)])
    >>> trend(t)[["first_value", "last_value", "direction"]].to_dict("records")
    [{'first_value': 10.0, 'last_value': 14.0, 'direction': 'hoger'}]
    """
    import pandas as pd

    rows = []
    for indicator_id, group in indicators.groupby("indicator_id", sort=False):
        first, last = group.iloc[0], group.iloc[-1]
        change = None
        if len(group) > 1 and pd.notna(first["value"]) and pd.notna(last["value"]):
            change = float(last["value"] - first["value"])
        direction = ("" if change is None else "hoger" if change > 0 else
                     "lager" if change < 0 else "gelijk")
        rows.append({"indicator_id": indicator_id, "theme": first["theme"], "name": first["name"],
                     "unit": first["unit"], "first_period": first["period"],
                     "first_value": first["value"], "last_period": last["period"],
                     "last_value": last["value"], "change": change, "direction": direction,
                     "first_basis": first["basis"], "last_basis": last["basis"]})
    frame = pd.DataFrame(rows, columns=["indicator_id", "theme", "name", "unit", "first_period",
                                        "first_value", "last_period", "last_value", "change",
                                        "direction", "first_basis", "last_basis"])
    for column in ("first_value", "last_value", "change"):
        frame[column] = frame[column].astype("float64")
    return frame


def _active_by(registry, column: str, out_name: str):
    import pandas as pd

    start = project_start(registry)
    people = registry["Deelnemers"]
    rows = []
    for period in _periods(start, registry):
        lo, hi = _period_bounds(period, start)
        active = people[(people["van"] <= hi) & ((people["tot"] == "") | (people["tot"] >= lo))]
        for value, n in active.groupby(column)["code"].nunique().items():
            rows.append({"period": period, out_name: value, "participants": int(n)})
    return pd.DataFrame(rows, columns=["period", out_name, "participants"])


def participation_table(registry):
    """Participants (distinct codes) per project year and party type.

    >>> from kit.evaluation.registry import Registry, synthetic_registry
    >>> reg = Registry(synthetic_registry(seed=3), source="x", checksum="")
    >>> participation_table(reg).columns.tolist()
    ['period', 'party_type', 'participants']
    """
    return _active_by(registry, "partij_type", "party_type")


def roles_table(registry):
    """Participants (distinct codes) per project year and way of taking part."""
    return _active_by(registry, "vorm", "way")


def attendance_table(registry):
    """Attendance per project year, activity type and party type."""

    from kit.evaluation.registry import ATTENDANCE_COLUMNS

    start = project_start(registry)
    acts = registry["Activiteiten"].copy()
    acts["period"] = acts["datum"].map(lambda d: period_of(d, start))
    long = acts.melt(id_vars=["period", "soort"], value_vars=list(ATTENDANCE_COLUMNS),
                     var_name="column", value_name="attendance")
    long["party_type"] = long["column"].map(ATTENDANCE_COLUMNS)
    table = (long.groupby(["period", "soort", "party_type"], sort=True)["attendance"].sum()
             .reset_index().rename(columns={"soort": "activity_type"}))
    activities = acts.groupby(["period", "soort"]).size().rename("activities").reset_index()
    activities = activities.rename(columns={"soort": "activity_type"})
    table = table.merge(activities, on=["period", "activity_type"], how="left")
    return table[["period", "activity_type", "activities", "party_type", "attendance"]]


def products_table(registry):
    """Products per project year by the 4 O's and product type."""
    import pandas as pd

    start = project_start(registry)
    products = registry["Producten"].copy()
    if products.empty:
        return pd.DataFrame(columns=["period", "o", "product_type", "products", "used_in_education"])
    products["period"] = products["datum"].map(lambda d: period_of(d, start))
    products["used"] = products["gebruikt_in_onderwijs"] == "ja"
    table = (products.groupby(["period", "o", "soort"], sort=True)
             .agg(products=("id", "count"), used_in_education=("used", "sum")).reset_index()
             .rename(columns={"soort": "product_type"}))
    table["used_in_education"] = table["used_in_education"].astype("int64")
    return table


def learning_outcomes(cohorts: dict[str, Any]):
    """Mean share of points per cohort and rubric criterion (or assignment when there is no rubric).

    Returns:
        A DataFrame: cohort, assignment, criterion, mean_fraction, students.
    """
    import pandas as pd

    rows = []
    for label, harvest in cohorts.items():
        rubric = harvest.tables.get("rubric")
        if rubric is not None and len(rubric) and {"criterion", "score", "max_score"} <= set(rubric.columns):
            data = rubric.copy()
            data["score"] = pd.to_numeric(data["score"], errors="coerce")
            data["max_score"] = pd.to_numeric(data["max_score"], errors="coerce")
            data["criterion"] = data["grade_id"] + " / " + data["criterion"]
            keys = ["assignment", "criterion"]
        else:
            data = harvest.tables["grades"]
            data = data[~data["needs_manual_grade"]].assign(criterion=data["grade_id"])
            keys = ["assignment", "criterion"]
        per_student = data.groupby(keys + ["student"])[["score", "max_score"]].sum().reset_index()
        per_student["fraction"] = per_student["score"] / per_student["max_score"]
        summary = per_student.groupby(keys).agg(mean_fraction=("fraction", "mean"),
                                                students=("student", "nunique")).reset_index()
        for record in summary.to_dict("records"):
            rows.append({"cohort": label, **record})
    frame = pd.DataFrame(rows, columns=["cohort", "assignment", "criterion", "mean_fraction",
                                        "students"])
    frame["mean_fraction"] = frame["mean_fraction"].astype("float64").round(4)
    return frame


def same_value_cells(cohorts: dict[str, Any]) -> set[tuple[str, ...]]:
    """Means whose contributors all have the same value (acro's ``all-values-are-same``).

    A mean of 0%, 100% or any value that every student (narrative) shares tells each of them
    their own value: ``1.0`` over 12 students says that all 12 had every point. Returns keys
    ``("learning_outcomes", cohort, assignment, criterion)``, ``("signifiers", cohort,
    signifier)`` and ``("leeruitkomst_gemiddeld", cohort)``; the report hides those means.
    """
    import pandas as pd

    same: set[tuple[str, ...]] = set()
    for label, harvest in cohorts.items():
        rubric = harvest.tables.get("rubric")
        grades = harvest.tables["grades"]
        if rubric is not None and len(rubric) and {"criterion", "score", "max_score"} <= set(rubric.columns):
            data = rubric.copy()
            data["score"] = pd.to_numeric(data["score"], errors="coerce")
            data["max_score"] = pd.to_numeric(data["max_score"], errors="coerce")
            data["criterion"] = data["grade_id"] + " / " + data["criterion"]
        else:
            data = grades[~grades["needs_manual_grade"]].assign(criterion=grades["grade_id"])
        per_student = data.groupby(["assignment", "criterion", "student"])[["score", "max_score"]].sum()
        fraction = (per_student["score"] / per_student["max_score"]).round(9)
        for (assignment, criterion), values in fraction.groupby(level=[0, 1]):
            if values.nunique(dropna=False) == 1:
                same.add(("learning_outcomes", label, assignment, criterion))
        graded = grades[~grades["needs_manual_grade"]]
        totals = graded.groupby("student")[["score", "max_score"]].sum()
        if len(totals) and (totals["score"] / totals["max_score"]).round(9).nunique(dropna=False) == 1:
            same.add(("leeruitkomst_gemiddeld", label))
        narratives = harvest.tables.get("narratives")
        for row in signifier_patterns({label: harvest}).to_dict("records"):
            values = pd.to_numeric(narratives[row["signifier"]], errors="coerce").dropna()
            if values.round(9).nunique() == 1:
                same.add(("signifiers", label, row["signifier"]))
    return same


def narrative_themes(cohorts: dict[str, Any]):
    """Narratives (or coded fragments) per cohort and theme."""
    import pandas as pd

    rows = []
    for label, harvest in cohorts.items():
        source = _theme_source(harvest)
        if source is None:
            continue
        for theme, n in source.value_counts().sort_index().items():
            rows.append({"cohort": label, "theme": theme, "narratives": int(n)})
    return pd.DataFrame(rows, columns=["cohort", "theme", "narratives"])


def signifier_patterns(cohorts: dict[str, Any]):
    """Mean of every numeric signifier answer (triad corners, dyads) per cohort.

    Numeric columns of the narratives table other than ids count as signifiers.
    """
    import pandas as pd

    skip = {"id", "framework_version", "student", "assignment", "participant", "collector"}
    rows = []
    for label, harvest in cohorts.items():
        narratives = harvest.tables.get("narratives")
        if narratives is None or narratives.empty:
            continue
        for column in narratives.columns:
            if column in skip:
                continue
            values = pd.to_numeric(narratives[column], errors="coerce")
            if values.notna().sum() == 0 or pd.api.types.is_bool_dtype(narratives[column]) \
                    or narratives[column].astype(str).isin(["True", "False"]).all():
                continue
            rows.append({"cohort": label, "signifier": column, "mean": round(float(values.mean()), 4),
                         "narratives": int(values.notna().sum())})
    return pd.DataFrame(rows, columns=["cohort", "signifier", "mean", "narratives"])


def follow_up_state(row: dict[str, Any]) -> str:
    """How far an agreement got: ``geen vervolg``, ``vervolg gepland`` or ``vervolg in gang of gedaan``.

    Reads ``follow_up`` of the dialogue's ``afspraken.csv`` ("actie (status, datum); ...")
    or a plain ``status`` column.

    >>> follow_up_state({"follow_up": "Bellen (open, 2026-02-01)"})
    'vervolg gepland'
    >>> follow_up_state({"follow_up": "Bellen (open); Folder maken (gedaan, 2026-03-01)"})
    'vervolg in gang of gedaan'
    >>> follow_up_state({"follow_up": ""})
    'geen vervolg'
    """
    import re

    text = str(row.get("follow_up") or "").strip()
    statuses = [m.split(",")[0].strip().lower() for m in re.findall(r"\(([^()]*)\)", text)]
    if not statuses and row.get("status"):
        statuses = [str(row["status"]).strip().lower()]
    if not statuses and not text:
        return "geen vervolg"
    if any(s and s not in {"open", "afgesproken", "gepland"} for s in statuses):
        return "vervolg in gang of gedaan"
    return "vervolg gepland"


def dialogue_outcomes(cohorts: dict[str, Any]):
    """Agreements made at dialogue tables per cohort and how far their follow-up got."""
    import pandas as pd

    rows = []
    for label, harvest in cohorts.items():
        agreements = _dialogue_tables(harvest, "afspra")
        if agreements.empty:
            continue
        states = pd.Series([follow_up_state(r) for r in agreements.to_dict("records")])
        for value, n in states.value_counts().sort_index().items():
            rows.append({"cohort": label, "follow_up": value, "agreements": int(n)})
    return pd.DataFrame(rows, columns=["cohort", "follow_up", "agreements"])


def recommendations_table(cohorts: dict[str, Any]):
    """Recommendations from the handreikingen per cohort and audience (and how many co-developed)."""
    import pandas as pd

    rows = []
    for label, harvest in cohorts.items():
        recs = _dialogue_tables(harvest, "aanbevel")
        if recs.empty:
            continue
        column = next((c for c in ("audience", "doelgroep") if c in recs.columns), None)
        groups = recs[column].replace("", "onbekend") if column else pd.Series(["onbekend"] * len(recs))
        together = (recs["co_developed"].str.lower() == "ja") if "co_developed" in recs.columns \
            else pd.Series([False] * len(recs))
        for value in sorted(groups.unique()):
            chosen = (groups == value).to_numpy()
            rows.append({"cohort": label, "audience": value, "recommendations": int(chosen.sum()),
                         "co_developed": int(together[chosen].sum())})
    return pd.DataFrame(rows, columns=["cohort", "audience", "recommendations", "co_developed"])


def selected_stories(registry):
    """The MSC stories chosen as most significant, with domain, period, level and reason."""
    stories = registry["MSC-verhalen"]
    chosen = stories[(stories["geselecteerd"] == "ja") & ~_repeated(stories)]
    table = chosen.rename(columns={"domein": "domain", "periode": "period", "titel": "title",
                                   "verhaal": "story", "niveau_selectie": "level",
                                   "reden": "reason"})
    return table[["id", "domain", "period", "title", "story", "level", "reason"]].reset_index(drop=True)
