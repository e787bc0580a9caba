"""Indicators for the weegmoment, tied to the ministry's brief and the project's question.

Pure functions: harvested cohorts and the registry in, tidy tables out. Every indicator is a
function registered with :func:`kit.evaluation.indicator_registry.indicator` (its theme, unit,
requirements and disclosure rule beside it); this module holds the built-in ones. The
registry's indicators are computed per project year (``jaar 1``, ``jaar 2``, counted from the
first date in the registry) from a :class:`ProjectYear`; the students' indicators per cohort
from a :class:`Cohort`. :func:`trend` sets the first period beside the last.

>>> [i.id for i in registered() if i.theme == "gelijkwaardige samenwerking"][:2]
['samenwerking_deelnemers', 'samenwerking_partijtypen']
>>> period_of("2024-02-01", "2023-01-09")
'jaar 2'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kit.evaluation import indicator_modules
from kit.evaluation.indicator_registry import (
    NO_ROW,
    REQUIREMENTS,
    Indicator,
    aim_indicators,
    bounds,
    count,
    get,
    indicator,
    mean,
    outcome,
    output,
    registered,
    share,
)
from kit.evaluation.registry import ATTENDANCE_COLUMNS, _story_key

__all__ = [
    "REQUIREMENTS",
    "Indicator",
    "registered",
    "aim_indicators",
    "get",
    "INDICATOR_COLUMNS",
    "ProjectYear",
    "Cohort",
    "period_of",
    "project_start",
    "empty_periods",
    "registry_indicators",
    "cohort_indicators",
    "compute_indicators",
    "load_indicator_modules",
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

INDICATOR_COLUMNS = ["indicator_id", "theme", "name", "period", "value", "unit", "basis"]

COMMUNITY = "de community zelf"
_OWNER_ROLES = {"initiatiefnemer", "mede-eigenaar"}
_FOLLOWED_UP = "vervolg in gang of gedaan"
_S, _P, _A, _O, _L, _N, _D = ("gelijkwaardige samenwerking", "actuele praktijkvragen",
                              "dynamische agenda", "doorwerking in onderwijs",
                              "leeruitkomsten", "narratieven", "dialoogtafels en handreikingen")


@dataclass
class ProjectYear:
    """One project year of the Werkplaats registry, as the registry's indicators read it.

    ``earlier_themes``: the themes of activities in the years before (``None`` in the first).
    """

    period: str
    lo: str
    hi: str
    start: str
    registry: Any
    earlier_themes: set[str] | None = None

    def _within(self, sheet: str, column: str):
        frame = self.registry[sheet]
        return frame[(frame[column] >= self.lo) & (frame[column] <= self.hi)]

    @property
    def active(self):
        """Participants active at some day of the year."""
        people = self.registry["Deelnemers"]
        return people[(people["van"] <= self.hi) & ((people["tot"] == "") | (people["tot"] >= self.lo))]

    @property
    def community(self):
        """Active participants from the community itself."""
        active = self.active
        return active[active["partij_type"] == COMMUNITY]

    @property
    def activities(self):
        return self._within("Activiteiten", "datum")

    @property
    def attendance(self) -> int:
        acts = self.activities
        return int(acts[list(ATTENDANCE_COLUMNS)].to_numpy().sum()) if len(acts) else 0

    @property
    def started(self):
        """Sub-projects started in the year."""
        return self._within("Deelprojecten", "start")

    @property
    def products(self):
        return self._within("Producten", "datum")

    @property
    def themes(self) -> set[str]:
        return {t for t in self.activities["thema"] if t}

    @property
    def story_periods(self):
        """The project year of every MSC story (a retold story counts once: ``""``)."""
        stories = self.registry["MSC-verhalen"]
        periods = stories["periode"].map(lambda p: _story_period(p, self.start))
        return periods.where(~_repeated(stories), "")


@dataclass
class Cohort:
    """One harvested cohort, as the students' indicators read it."""

    label: str
    harvest: Any

    @property
    def grades(self):
        return self.harvest.tables["grades"]

    def table(self, name: str):
        return self.harvest.tables.get(name)


def _persons(n: int) -> tuple[int, int]:
    return n, n


# ---- registered per project year (Werkplaats registry) -------------------------------------

@indicator("samenwerking_deelnemers", theme=_S, name="Deelnemers (actief in de periode)",
           unit="aantal", per="projectjaar", evidences=("samenwerking",),
           disclosure=count("deelnemers_totaal|{period}", sums=("deelnemers", "rollen")))
def _deelnemers(y: ProjectYear):
    return _persons(y.active["code"].nunique())


@indicator("samenwerking_partijtypen", theme=_S, name="Soorten partijen die meedoen (van 6)",
           unit="aantal", per="projectjaar", evidences=("samenwerking",),
           aim=outcome("kennis", 2))
def _partijtypen(y: ProjectYear):
    return y.active["partij_type"].nunique()


@indicator("samenwerking_community_deelnemers", theme=_S, name="Deelnemers uit de community zelf",
           unit="aantal", per="projectjaar", evidences=("samenwerking",),
           disclosure=count("deelnemers|{period}|{community}"))
def _community_deelnemers(y: ProjectYear):
    return _persons(y.community["code"].nunique())


@indicator("samenwerking_community_aandeel", theme=_S,
           name="Aandeel deelnemers uit de community zelf", unit="aandeel", per="projectjaar",
           evidences=("samenwerking",),
           disclosure=share("deelnemers|{period}|{community}", "deelnemers_totaal|{period}"),
           aim=outcome("uitsluiting", 2))
def _community_aandeel(y: ProjectYear):
    persons, community = y.active["code"].nunique(), y.community["code"].nunique()
    return (community / persons if persons else None), min(persons, community)


@indicator("samenwerking_community_rollen", theme=_S,
           name="Manieren van meedoen die de community gebruikt (van 6)", unit="aantal",
           per="projectjaar", evidences=("samenwerking",),
           disclosure=bounds("community_rollen|{period}", at_most="deelnemers|{period}|{community}"))
def _community_rollen(y: ProjectYear):
    return y.community["vorm"].nunique()


@indicator("samenwerking_opkomst_community_aandeel", theme=_S,
           name="Aandeel community in de opkomst bij activiteiten", unit="aandeel",
           per="projectjaar", evidences=("samenwerking",),
           disclosure=share("opkomst_community|{period}", "opkomst_totaal|{period}",
                            numerator_sums="opkomst_community"),
           aim=outcome("uitsluiting", 3))
def _opkomst_community_aandeel(y: ProjectYear):
    attendance, community = y.attendance, int(y.activities["opkomst_community"].sum())
    return (community / attendance if attendance else None), min(attendance, community)


@indicator("praktijkvragen_deelprojecten", theme=_P, name="Deelprojecten gestart", unit="aantal",
           per="projectjaar", evidences=("praktijkvragen",),
           aim=output("oplossingen", 1))
def _deelprojecten(y: ProjectYear):
    return len(y.started)


@indicator("praktijkvragen_aandeel", theme=_P,
           name="Aandeel deelprojecten met een vraag uit praktijk of community", unit="aandeel",
           per="projectjaar", evidences=("praktijkvragen",))
def _praktijkvragen_aandeel(y: ProjectYear):
    started = y.started
    return started["herkomst_vraag"].isin(["praktijk", "community"]).mean() if len(started) else None


@indicator("praktijkvragen_community_eigenaar", theme=_P,
           name="Deelprojecten met de community als initiatiefnemer of mede-eigenaar",
           unit="aantal", per="projectjaar", evidences=("praktijkvragen", "samenwerking"),
           aim=outcome("oplossingen", 1))
def _community_eigenaar(y: ProjectYear):
    return int(y.started["rol_community"].isin(_OWNER_ROLES).sum())


@indicator("agenda_afgerond", theme=_A, name="Deelprojecten afgerond", unit="aantal",
           per="projectjaar", evidences=("agenda",),
           aim=outcome("oplossingen", 2))
def _afgerond(y: ProjectYear):
    projects = y.registry["Deelprojecten"]
    return int(((projects["eind"] >= y.lo) & (projects["eind"] <= y.hi)
                & (projects["status"] == "afgerond")).sum())


@indicator("agenda_wijzigingen", theme=_A, name="Deelprojecten met een vastgelegde koerswijziging",
           unit="aantal", per="projectjaar", evidences=("agenda",))
def _wijzigingen(y: ProjectYear):
    return int((y.started["wijziging"] != "").sum())


@indicator("agenda_themas", theme=_A, name="Thema's van activiteiten", unit="aantal",
           per="projectjaar", evidences=("agenda",))
def _themas(y: ProjectYear):
    return len(y.themes)


@indicator("agenda_nieuwe_themas", theme=_A, name="Nieuwe thema's ten opzichte van de periode ervoor",
           unit="aantal", per="projectjaar", evidences=("agenda",),
           aim=outcome("kennis", 3))
def _nieuwe_themas(y: ProjectYear):
    return None if y.earlier_themes is None else len(y.themes - y.earlier_themes)


@indicator("activiteiten_aantal", theme=_A,
           name="Activiteiten (kenniscafés, bijeenkomsten, symposia, dialoogtafels)", unit="aantal",
           per="projectjaar", evidences=("praktijkvragen", "agenda"),
           aim=output("kennis", 1))
def _activiteiten(y: ProjectYear):
    return len(y.activities)


@indicator("activiteiten_opkomst", theme=_S, name="Opkomst bij activiteiten (totaal)", unit="aantal",
           per="projectjaar", evidences=("samenwerking",),
           disclosure=count("opkomst_totaal|{period}", sums=("opkomst",)),
           aim=outcome("kennis", 1))
def _opkomst(y: ProjectYear):
    return _persons(y.attendance)


def _product_indicator(o: str, evidence: str, aim) -> None:
    @indicator(f"producten_{o.lower()}", theme=_O, name=f"Producten: {o}", unit="aantal",
               per="projectjaar", evidences=(evidence,), aim=aim)
    def _products(y: ProjectYear):
        return int((y.products["o"] == o).sum())


for _o, _evidence, _aim in (("Onderzoek", "praktijkvragen", output("kennis", 2)),
                            ("Ontwikkeling", "praktijkvragen", output("oplossingen", 2)),
                            ("Onderwijs", "onderwijs", output("onderwijs", 1)),
                            ("Ondersteuning", "praktijkvragen", output("oplossingen", 3))):
    _product_indicator(_o, _evidence, _aim)


@indicator("doorwerking_producten_onderwijs", theme=_O, name="Producten gebruikt in het onderwijs",
           unit="aantal", per="projectjaar", evidences=("onderwijs",),
           aim=outcome("onderwijs", 1))
def _producten_onderwijs(y: ProjectYear):
    return int((y.products["gebruikt_in_onderwijs"] == "ja").sum())


@indicator("doorwerking_onderwijsmodules", theme=_O, name="Onderwijsmodules", unit="aantal",
           per="projectjaar", evidences=("onderwijs",),
           aim=output("onderwijs", 2))
def _onderwijsmodules(y: ProjectYear):
    return int((y.products["soort"] == "onderwijsmodule").sum())


@indicator("msc_verhalen", theme=_A, name="Verhalen van verandering (MSC) verzameld", unit="aantal",
           per="projectjaar", evidences=("agenda",),
           aim=output("kennis", 3))
def _msc_verhalen(y: ProjectYear):
    return int((y.story_periods == y.period).sum())


@indicator("msc_geselecteerd", theme=_A,
           name="Verhalen van verandering gekozen als meest betekenisvol", unit="aantal",
           per="projectjaar", evidences=("agenda",),
           aim=outcome("uitsluiting", 1))
def _msc_geselecteerd(y: ProjectYear):
    chosen = y.registry["MSC-verhalen"]["geselecteerd"] == "ja"
    return int(((y.story_periods == y.period) & chosen).sum())


# ---- registered per cohort (harvest) -------------------------------------------------------

@indicator("doorwerking_studenten", theme=_O, name="Studenten in het cohort", unit="aantal",
           per="cohort", evidences=("onderwijs",),
           disclosure=count("studenten|{period}", bounds=("leeruitkomst",)),
           aim=output("onderwijs", 3, reach=("studenten", "de studenten van de minor")))
def _studenten(c: Cohort):
    return _persons(c.grades["student"].nunique())


@indicator("doorwerking_opdrachten", theme=_O, name="Opdrachten met inzendingen", unit="aantal",
           per="cohort", evidences=("onderwijs",), disclosure=bounds("opdrachten|{period}"))
def _opdrachten(c: Cohort):
    return c.grades["assignment"].nunique()


@indicator("doorwerking_inzendingen", theme=_O, name="Inzendingen", unit="aantal", per="cohort",
           evidences=("onderwijs",),
           disclosure=bounds("inzendingen|{period}", at_most="studenten|{period}",
                             times="opdrachten|{period}", sensitive=True))
def _inzendingen(c: Cohort):
    subs = c.table("submissions")
    if subs is None or "status" not in subs.columns:
        return NO_ROW
    return int(subs["status"].isin(["geoogst", "onvolledig", "overgeslagen"]).sum())


@indicator("leeruitkomst_gemiddeld", theme=_L, name="Gemiddeld behaald deel van de punten",
           unit="aandeel", per="cohort", evidences=("onderwijs",),
           disclosure=mean("beoordeeld|{period}", at_most="studenten|{period}"),
           aim=outcome("onderwijs", 2))
def _leeruitkomst(c: Cohort):
    graded = c.grades[~c.grades["needs_manual_grade"]]
    per_student = graded.groupby("student")[["score", "max_score"]].sum()
    fraction = (per_student["score"] / per_student["max_score"]).mean() if len(per_student) else None
    return fraction, len(per_student)


@indicator("leeruitkomst_nog_nakijken", theme=_L, name="Antwoorden die nog nagekeken moeten worden",
           unit="aantal", per="cohort", evidences=("onderwijs",))
def _nog_nakijken(c: Cohort):
    return int(c.grades["needs_manual_grade"].sum())


@indicator("narratieven_aantal", theme=_N, name="Verzamelde narratieven", unit="aantal",
           per="cohort", evidences=("praktijkvragen", "onderwijs"),
           disclosure=count("narratieven|{period}", sums=("thema",), bounds=("signifier",)),
           aim=outcome("onderwijs", 3))
def _narratieven(c: Cohort):
    narratives = c.table("narratives")
    return _persons(0 if narratives is None else len(narratives))


@indicator("narratieven_themas", theme=_N, name="Thema's of codes in de narratieven", unit="aantal",
           per="cohort", evidences=("praktijkvragen",),
           disclosure=bounds("themas|{period}", at_most="narratieven|{period}"))
def _narratief_themas(c: Cohort):
    themes = _theme_source(c.harvest)
    return 0 if themes is None else themes.nunique()


@indicator("dialoog_afspraken", theme=_D, name="Afspraken aan dialoogtafels", unit="aantal",
           per="cohort", evidences=("samenwerking", "praktijkvragen"),
           disclosure=count("afspraken|{period}", sums=("afspraken",)),
           aim=output("uitsluiting", 1))
def _afspraken(c: Cohort):
    return len(_dialogue_tables(c.harvest, "afspra"))


@indicator("dialoog_opgevolgd_aandeel", theme=_D, name="Aandeel afspraken met vervolg in gang of gedaan",
           unit="aandeel", per="cohort", evidences=("praktijkvragen",),
           disclosure=share(f"afspraken|{{period}}|{_FOLLOWED_UP}", "afspraken|{period}"),
           aim=outcome("oplossingen", 3))
def _opgevolgd(c: Cohort):
    states = [follow_up_state(r) for r in _dialogue_tables(c.harvest, "afspra").to_dict("records")]
    return sum(s == _FOLLOWED_UP for s in states) / len(states) if states else None


@indicator("handreiking_aanbevelingen", theme=_D, name="Aanbevelingen in handreikingen",
           unit="aantal", per="cohort", evidences=("praktijkvragen", "onderwijs"),
           disclosure=count("aanbevelingen|{period}", sums=("aanbevelingen",)),
           aim=output("uitsluiting", 2))
def _aanbevelingen(c: Cohort):
    return len(_dialogue_tables(c.harvest, "aanbevel"))


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

    >>> from kit.evaluation.registry import Registry
    >>> from kit.synthetic.registry import synthetic_registry
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
    ind = get(indicator_id)
    return {"indicator_id": ind.id, "theme": ind.theme, "name": ind.name, "period": period,
            "value": None if value is None else float(value), "unit": ind.unit,
            "basis": None if basis is None else int(basis)}


def _rows(per: str, period: str, data) -> list[dict[str, Any]]:
    """One row per registered indicator computed ``per`` project year or cohort."""
    rows = []
    for ind in registered():
        if ind.per != per:
            continue
        result = ind.compute(data)
        if result is NO_ROW:
            continue
        value, basis = result if isinstance(result, tuple) else (result, None)
        rows.append(_row(ind.id, period, value, basis))
    return rows


def registry_indicators(registry) -> list[dict[str, Any]]:
    """Indicators from the Werkplaats registry, one row per indicator and project year.

    Args:
        registry: a :class:`kit.evaluation.registry.Registry`.

    Returns:
        Rows with the columns of :data:`INDICATOR_COLUMNS` (every indicator registered
        ``per="projectjaar"``).
    """
    start = project_start(registry)
    rows: list[dict[str, Any]] = []
    earlier: set[str] | None = None
    for period in _periods(start, registry):
        lo, hi = _period_bounds(period, start)
        year = ProjectYear(period, lo, hi, start, registry, earlier)
        rows += _rows("projectjaar", period, year)
        earlier = year.themes | (earlier or set())
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
        Rows with the columns of :data:`INDICATOR_COLUMNS` (every indicator registered
        ``per="cohort"``).
    """
    return _rows("cohort", label, Cohort(label, harvest))


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
    order = {ind.id: i for i, ind in enumerate(registered())}
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

    >>> from kit.evaluation.registry import Registry
    >>> from kit.synthetic.registry import synthetic_registry
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


def load_indicator_modules() -> tuple[str, ...]:
    """Import every module of :mod:`kit.evaluation.indicator_modules`, in the order of their
    names, so their indicators register after the built-in ones (runs when this module is
    imported). A module that fails to import raises its error: nothing is skipped.

    Returns:
        The module names, in the order they were imported.
    """
    import importlib
    import pkgutil

    names = sorted(m.name for m in pkgutil.iter_modules(indicator_modules.__path__)
                   if not m.name.startswith("_"))
    for name in names:
        importlib.import_module(f"{indicator_modules.__name__}.{name}")
    return tuple(names)


load_indicator_modules()
