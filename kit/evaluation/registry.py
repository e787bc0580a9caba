"""The Werkplaats registry: participants, sub-projects, activities, products, MSC stories, criteria.

The registry is what the Werkplaats keeps itself: an Excel workbook (or a folder
with one CSV per sheet) with the sheets of :data:`SHEETS`. ``iids evaluate
--registry-template FILE`` writes an empty workbook with Dutch instructions;
:func:`read_registry` validates every sheet and names sheet, row and column in
its Dutch messages. Column headers are Dutch snake_case (people fill them in);
the CSV files the report publishes have Dutch names too (``docs/formats/evaluation.md``).

>>> [s.name for s in SHEETS][:3]
['Deelnemers', 'Deelprojecten', 'Activiteiten']
>>> parse_date("2024-03-01", place="x")
'2024-03-01'
>>> parse_date("1-3-2024", place="x")
'2024-03-01'
>>> parse_date("maart 2024", place="blad 'Activiteiten', rij 3, kolom 'datum'")
Traceback (most recent call last):
...
kit.errors.InputError: blad 'Activiteiten', rij 3, kolom 'datum': 'maart 2024' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-15
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, create_model

from kit.dates import iso_day
from kit.errors import InputError, row_place
from kit.evaluation.indicator_registry import AIMS
from kit.models import Model, check_header, fail, validate_row

__all__ = [
    "PARTY_TYPES",
    "WAYS_OF_TAKING_PART",
    "ACTIVITY_TYPES",
    "FOUR_OS",
    "PRODUCT_TYPES",
    "AIMS",
    "ACTIVITY_AIMS",
    "Column",
    "Sheet",
    "SHEETS",
    "row_model",
    "Registry",
    "parse_date",
    "parse_window",
    "read_registry",
    "pseudonymise_registry",
]

PARTY_TYPES = ("gemeente", "onderwijs en onderzoek", "zorg en welzijn",
               "burgers/vrijwilligers/cliënten", "de community zelf", "bedrijfsleven")
WAYS_OF_TAKING_PART = ("Nieuwsbrief", "Expertgroep", "Werkveldgroep", "Projectidee",
                       "Klankbordgroep", "Samenwerkingspartner")
ACTIVITY_TYPES = ("kenniscafé", "werkveldbijeenkomst", "inspiratiebijeenkomst", "symposium",
                  "dialoogtafel")
FOUR_OS = ("Onderzoek", "Ontwikkeling", "Onderwijs", "Ondersteuning")
PRODUCT_TYPES = ("rapport", "advies", "boek", "methodiek", "werkvorm", "onderwijsmodule")
PROJECT_STATUS = ("idee", "lopend", "afgerond", "gestopt", "gepauzeerd")
QUESTION_ORIGINS = ("praktijk", "community", "gemeente", "onderwijs", "onderzoek")
COMMUNITY_ROLES = ("initiatiefnemer", "mede-eigenaar", "partner", "adviseur", "deelnemer", "geen")
SELECTION_LEVELS = ("deelproject", "werkplaats", "stuurgroep", "ministerie")
CRITERION_DIRECTIONS = ("minimaal", "maximaal", "meer dan", "minder dan", "beschrijvend")
ATTENDANCE_COLUMNS = {
    "opkomst_gemeente": "gemeente",
    "opkomst_onderwijs_onderzoek": "onderwijs en onderzoek",
    "opkomst_zorg_welzijn": "zorg en welzijn",
    "opkomst_burgers": "burgers/vrijwilligers/cliënten",
    "opkomst_community": "de community zelf",
    "opkomst_bedrijfsleven": "bedrijfsleven",
}


#: Which aims each kind of activity serves (the reach per aim in the report is the attendance
#: of these activities): knowledge cafés, inspiration meetings and symposia share knowledge;
#: field meetings develop solutions with the professionals; dialogue tables put the community
#: at the table with them (against exclusion) and end in agreements (solutions).
ACTIVITY_AIMS: dict[str, tuple[str, ...]] = {
    "kenniscafé": ("kennis",),
    "werkveldbijeenkomst": ("oplossingen",),
    "inspiratiebijeenkomst": ("kennis",),
    "symposium": ("kennis",),
    "dialoogtafel": ("uitsluiting", "oplossingen"),
}


@dataclass(frozen=True)
class Column:
    """One column of a registry sheet.

    Attributes:
        name: header (Dutch snake_case).
        kind: ``text``, ``date``, ``int``, ``number``, ``choice``, ``choices`` (several, ``;``).
        required: whether every row needs a value.
        choices: allowed values for ``choice``/``choices``.
        help: Dutch explanation for the template.
    """

    name: str
    kind: str
    required: bool
    help: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    """One sheet of the registry."""

    name: str
    file: str
    help: str
    columns: tuple[Column, ...]
    optional: bool = False

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


_BRON = Column("bron", "text", False, "Waar het gegeven vandaan komt (notulen, presentielijst; "
                                      "'synthetisch' voor oefengegevens).")

SHEETS: tuple[Sheet, ...] = (
    Sheet("Deelnemers", "deelnemers.csv",
          "Eén rij per deelnemer per manier van meedoen. Gebruik codes, geen namen van personen.",
          (Column("code", "text", True, "Code van de deelnemer of organisatie (geen persoonsnaam)."),
           Column("partij_type", "choice", True, "Soort partij.", PARTY_TYPES),
           Column("organisatie", "text", False, "Naam van de organisatie (openbaar), mag leeg."),
           Column("vorm", "choice", True, "Manier van meedoen.", WAYS_OF_TAKING_PART),
           Column("van", "date", True, "Vanaf wanneer (JJJJ-MM-DD)."),
           Column("tot", "date", False, "Tot wanneer (leeg = loopt nog)."),
           _BRON)),
    Sheet("Deelprojecten", "deelprojecten.csv",
          "Eén rij per deelproject.",
          (Column("id", "text", True, "Korte code, bijvoorbeeld DP01."),
           Column("titel", "text", True, "Titel van het deelproject."),
           Column("type", "text", True, "Soort: pilot, onderzoek, scholing, advies, overleg ..."),
           Column("status", "choice", True, "Stand van zaken.", PROJECT_STATUS),
           Column("herkomst_vraag", "choice", True, "Van wie kwam de vraag?", QUESTION_ORIGINS),
           Column("partners", "text", False, "Codes van partners uit 'Deelnemers', met ; ertussen."),
           Column("rol_community", "choice", True, "Rol van de community zelf.", COMMUNITY_ROLES),
           Column("start", "date", True, "Begindatum (JJJJ-MM-DD)."),
           Column("eind", "date", False, "Einddatum (leeg = loopt nog)."),
           Column("wijziging", "text", False, "Wat veranderde er onderweg en waarom (dynamische agenda)."),
           _BRON)),
    Sheet("Activiteiten", "activiteiten.csv",
          "Eén rij per bijeenkomst, met de opkomst per soort partij (aantallen).",
          (Column("id", "text", True, "Korte code, bijvoorbeeld A001."),
           Column("soort", "choice", True, "Soort bijeenkomst. De soort bepaalt bij welk doel de "
                                           "opkomst als bereik telt: kenniscafé, "
                                           "inspiratiebijeenkomst en symposium bij kennis; "
                                           "werkveldbijeenkomst bij oplossingen; dialoogtafel bij "
                                           "uitsluiting en oplossingen.", ACTIVITY_TYPES),
           Column("datum", "date", True, "Datum (JJJJ-MM-DD)."),
           Column("deelproject", "text", False, "Id van het deelproject (mag leeg)."),
           *(Column(name, "int", True, f"Aantal aanwezigen: {party}.")
             for name, party in ATTENDANCE_COLUMNS.items()),
           Column("thema", "text", False, "Thema of praktijkvraag van de bijeenkomst."),
           _BRON)),
    Sheet("Producten", "producten.csv",
          "Eén rij per product, ingedeeld naar de 4 O's.",
          (Column("id", "text", True, "Korte code, bijvoorbeeld P01."),
           Column("titel", "text", True, "Titel."),
           Column("o", "choice", True, "Welke O.", FOUR_OS),
           Column("soort", "choice", True, "Soort product.", PRODUCT_TYPES),
           Column("datum", "date", True, "Verschenen op (JJJJ-MM-DD)."),
           Column("deelproject", "text", False, "Id van het deelproject (mag leeg)."),
           Column("gebruikt_in_onderwijs", "choice", True, "Gebruikt in het onderwijs?", ("ja", "nee")),
           _BRON)),
    Sheet("MSC-verhalen", "msc_verhalen.csv",
          "Most Significant Change: verhalen van verandering, gepseudonimiseerd.",
          (Column("id", "text", True, "Korte code, bijvoorbeeld V01."),
           Column("domein", "text", True, "Domein van verandering."),
           Column("periode", "text", True, "Verslagperiode, bijvoorbeeld 2024-H1."),
           Column("titel", "text", True, "Titel van het verhaal."),
           Column("verhaal", "text", True, "Het verhaal, gepseudonimiseerd."),
           Column("niveau_selectie", "choice", True, "Op welk niveau gekozen.", SELECTION_LEVELS),
           Column("geselecteerd", "choice", True, "Gekozen als meest betekenisvol?", ("ja", "nee")),
           Column("reden", "text", False, "Waarom gekozen (nodig als geselecteerd = ja)."),
           _BRON)),
    Sheet("Criteria", "criteria.csv",
          "De criteria van de evaluatoren voor 'doorgaan of bijsturen'. De kit rekent, mensen beslissen.",
          (Column("id", "text", True, "Korte code, bijvoorbeeld C1."),
           Column("criterium", "text", True, "Het criterium in woorden."),
           Column("indicator", "text", False, "Id van de indicator uit het rapport (zie de uitleg)."),
           Column("drempel", "number", False, "Grenswaarde voor de indicator (mag leeg)."),
           Column("richting", "choice", True, "minimaal = ten minste de drempel; maximaal = ten "
                                                "hoogste de drempel; meer dan / minder dan = de "
                                                "drempel zelf telt niet mee; beschrijvend = geen "
                                                "drempel.",
                  CRITERION_DIRECTIONS),
           Column("toelichting", "text", False, "Toelichting van de evaluatoren."),
           _BRON)),
    Sheet("Veranderingstheorie", "veranderingstheorie.csv",
          "De veronderstelde schakels van de veranderingstheorie (Mayne). Leeg laten = de kit "
          "gebruikt haar standaardtheorie.",
          (Column("id", "text", True, "Korte code, bijvoorbeeld L1."),
           Column("van", "text", True, "Oorzaak (activiteit of tussenresultaat)."),
           Column("naar", "text", True, "Gevolg (tussenresultaat of effect)."),
           Column("aanname", "text", True, "Waarom zou dit werken?"),
           Column("risico", "text", False, "Wat kan dit verstoren (andere verklaringen)?"),
           Column("indicatoren", "text", True, "Ids van indicatoren die bewijs leveren, met ;."),
           _BRON), optional=True),
    Sheet("Project", "project.csv",
          "De projectperiode (mag ontbreken): één rij. Datums buiten deze periode worden "
          "geweigerd. Zonder dit blad begint het project op de vroegste datum in het register en "
          "duurt het vier jaar.",
          (Column("naam", "text", True, "Naam van het project."),
           Column("start", "date", True, "Eerste dag van het project (JJJJ-MM-DD)."),
           Column("eind", "date", False, "Laatste dag (leeg = vier jaar na de start)."),
           Column("weegmoment", "date", False, "Datum van het weegmoment (meestal na twee jaar)."),
           _BRON), optional=True),
    Sheet("Planning", "planning.csv",
          "Gepland en gerealiseerd (mag ontbreken): per onderdeel wat in de aanvraag stond en "
          "wat er kwam.",
          (Column("id", "text", True, "Korte code, bijvoorbeeld G01."),
           Column("doel", "choice", True, "Bij welk doel van het project het hoort.",
                  tuple(a for a, _t in AIMS)),
           Column("onderdeel", "text", True, "Wat gepland was, bijvoorbeeld 'kenniscafés'."),
           Column("gepland", "number", True, "Gepland aantal."),
           Column("gerealiseerd", "number", False, "Gerealiseerd aantal (leeg = nog onbekend)."),
           Column("toelichting", "text", False, "Waarom anders dan gepland?"),
           _BRON), optional=True),
    Sheet("Uren en budget", "uren_budget.csv",
          "Uren en geld per jaar en post (mag ontbreken): begroot en besteed.",
          (Column("jaar", "int", True, "Kalenderjaar, bijvoorbeeld 2023."),
           Column("post", "text", True, "Post, bijvoorbeeld 'projectleiding' of 'bijeenkomsten'."),
           Column("uren_begroot", "number", False, "Begrote uren."),
           Column("uren_besteed", "number", False, "Bestede uren."),
           Column("budget_begroot", "number", False, "Begroot bedrag in euro."),
           Column("budget_besteed", "number", False, "Besteed bedrag in euro."),
           Column("toelichting", "text", False, "Toelichting."),
           _BRON), optional=True),
    Sheet("Reflectie", "reflectie.csv",
          "Wat de community en de partners zelf zeggen over de resultaten (member check, mag "
          "ontbreken). Alleen citaten met toestemming = ja komen in het rapport; pseudonimiseer "
          "ze eerst.",
          (Column("id", "text", True, "Korte code, bijvoorbeeld R01."),
           Column("datum", "date", True, "Datum van het gesprek (JJJJ-MM-DD)."),
           Column("partij_type", "choice", True, "Wie reflecteert (soort partij).", PARTY_TYPES),
           Column("onderwerp", "text", True, "Waarover: een resultaat, indicator of verhaal."),
           Column("citaat", "text", True, "Wat gezegd is, gepseudonimiseerd."),
           Column("toestemming", "choice", True, "Toestemming om het citaat te publiceren?",
                  ("ja", "nee")),
           _BRON), optional=True),
    Sheet("Lessen", "lessen.csv",
          "Wat het projectteam, de community en de partners zelf leerden (mag ontbreken). Deze "
          "lessen komen in het rapport, naast de aandachtspunten die de kit uit de cijfers haalt. "
          "Schrijf zonder namen van personen.",
          (Column("id", "text", True, "Korte code, bijvoorbeeld L01."),
           Column("datum", "date", True, "Wanneer de les is getrokken (JJJJ-MM-DD), "
                                         "bijvoorbeeld bij een evaluatiegesprek."),
           Column("doel", "choice", False, "Bij welk doel van het project (mag leeg).",
                  tuple(a for a, _t in AIMS)),
           Column("les", "text", True, "De les in één of twee zinnen."),
           Column("gevolg", "text", False, "Wat er daardoor anders gaat (mag leeg)."),
           Column("partij_type", "choice", False, "Wie de les trok (soort partij, mag leeg).",
                  PARTY_TYPES),
           _BRON), optional=True),
)

_SHEET_BY_NAME = {s.name: s for s in SHEETS}


@dataclass
class Registry:
    """A validated registry: one DataFrame per sheet plus where it came from."""

    tables: dict[str, Any]
    source: str
    checksum: str
    synthetic: bool = False
    notes: list[str] = field(default_factory=list)
    #: The project period ``(first day, last day)`` as ``YYYY-MM-DD``; dates outside are refused.
    window: tuple[str, str] = ("", "")

    def __getitem__(self, sheet: str):
        return self.tables[sheet]


def parse_date(value: Any, *, place: str, path: str | None = None) -> str:
    """Read a date from a registry cell (the kit's one date reader, :func:`kit.dates.iso_day`).

    >>> import datetime
    >>> parse_date(datetime.datetime(2023, 5, 2), place="x")
    '2023-05-02'
    """
    return iso_day(value, path=path, place=place)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value).strip()


def _cell_rule(column: Column) -> Callable[[Any], Any]:
    """The check of one cell of ``column`` (a validator of its row model)."""

    def check(value: Any) -> Any:
        text = _cell_text(value)
        if not text:
            if column.required:
                fail("deze cel is leeg maar moet ingevuld zijn")
            return None if column.kind in {"int", "number"} else ""
        if column.kind == "date":
            try:
                return iso_day(value)
            except InputError as exc:
                fail(exc.message)
        if column.kind == "int":
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                number = -1.0
            if number < 0 or not number.is_integer():
                fail(f"'{text}' is geen geheel getal van 0 of meer")
            return int(number)
        if column.kind == "number":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                fail(f"'{text}' is geen getal")
        if column.kind == "choice":
            match = next((c for c in column.choices if c.lower() == text.lower()), None)
            if match is None:
                fail(f"'{text}' is geen geldige keuze; kies uit: {', '.join(column.choices)}")
            return match
        return text

    return check


_ROW_TYPES = {"int": int | None, "number": float | None}
_ROW_MODELS: dict[str, type[Model]] = {}


def row_model(sheet: Sheet) -> type[Model]:
    """The pydantic model of one row of ``sheet`` (:mod:`kit.models`), made from its columns.

    Its fields are the sheet's columns (the Dutch header is the alias); a cell is checked by
    its column's kind (:func:`_cell_rule`). Unknown columns are refused by the header check
    (:func:`kit.models.check_header`), so :data:`SHEETS` stays the one description of the
    registry: the template, the reader and the docs all read it.

    >>> row = row_model(SHEETS[0]).model_validate({"code": "D1", "partij_type": "Gemeente",
    ...     "organisatie": None, "vorm": "Nieuwsbrief", "van": "1-3-2024", "tot": "", "bron": ""})
    >>> row.partij_type, row.van
    ('gemeente', '2024-03-01')
    """
    model = _ROW_MODELS.get(sheet.name)
    if model is None:
        fields = {c.name: (Annotated[_ROW_TYPES.get(c.kind, str), BeforeValidator(_cell_rule(c))],
                          Field(None, alias=c.name)) for c in sheet.columns}
        model = create_model(f"Row_{sheet.file.removesuffix('.csv')}", __base__=Model, **fields)
        _ROW_MODELS[sheet.name] = model
    return model


def _validate_sheet(sheet: Sheet, header: list[str], rows: list[list[Any]], path: str,
                    place_prefix: str):
    import pandas as pd

    model = row_model(sheet)
    header = [_cell_text(h) for h in header]
    check_header(header, model, path=path, prefix=place_prefix, optional=("bron",))
    index = {name: i for i, name in enumerate(header) if name}
    records = []
    for i, row in enumerate(rows):
        values = {name: (row[j] if j < len(row) else None) for name, j in index.items()}
        if all(_cell_text(v) == "" for v in values.values()):
            continue
        cells = {c.name: values.get(c.name) for c in sheet.columns}
        record = validate_row(model, cells, index=i, path=path, prefix=place_prefix)
        records.append((i, record.model_dump(by_alias=True)))
    frame = pd.DataFrame([r for _i, r in records], columns=[c.name for c in sheet.columns])
    for column in sheet.columns:
        if column.kind == "int":
            frame[column.name] = frame[column.name].astype("int64")
        elif column.kind == "number":
            frame[column.name] = pd.to_numeric(frame[column.name]).astype("float64")
        else:
            frame[column.name] = frame[column.name].astype(object).fillna("").astype(str)
    if "id" in frame.columns:
        seen: dict[str, int] = {}
        for i, value in [(i, r["id"]) for i, r in records]:
            if value in seen:
                raise InputError(f"id '{value}' staat er twee keer in", path=path,
                                 place=f"{place_prefix}{row_place(i, 'id')}")
            seen[value] = i
    for i, record in records:
        for start, end in (("van", "tot"), ("start", "eind")):
            if record.get(start) and record.get(end) and record[end] < record[start]:
                raise InputError(f"de einddatum ligt vóór de begindatum ({record[start]})",
                                 path=path, place=f"{place_prefix}{row_place(i, end)}")
        if sheet.name == "MSC-verhalen" and record.get("geselecteerd") == "ja" and not record.get("reden"):
            raise InputError("een gekozen verhaal heeft een reden nodig", path=path,
                             place=f"{place_prefix}{row_place(i, 'reden')}")
    return frame


def _cross_check(tables: dict[str, Any], path: str, csv_mode: bool) -> None:
    def where(sheet: Sheet, i: int, column: str) -> tuple[str, str]:
        if csv_mode:
            return str(Path(path) / sheet.file), row_place(i, column)
        return path, f"blad '{sheet.name}', {row_place(i, column)}"

    projects = set(tables["Deelprojecten"]["id"])
    codes = set(tables["Deelnemers"]["code"])
    for name in ("Activiteiten", "Producten"):
        sheet = _SHEET_BY_NAME[name]
        for i, value in enumerate(tables[name]["deelproject"]):
            if value and value not in projects:
                file, place = where(sheet, i, "deelproject")
                raise InputError(f"deelproject '{value}' staat niet in het blad 'Deelprojecten'",
                                 path=file, place=place)
    sheet = _SHEET_BY_NAME["Deelprojecten"]
    for i, value in enumerate(tables["Deelprojecten"]["partners"]):
        for code in [c.strip() for c in value.split(";") if c.strip()]:
            if code not in codes:
                file, place = where(sheet, i, "partners")
                raise InputError(f"partner '{code}' staat niet in het blad 'Deelnemers'",
                                 path=file, place=place)


def _checksum_path(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def parse_window(text: str) -> tuple[str, str]:
    """The project period from ``VAN:TOT`` (``--projectperiode``); ``TOT`` may be left out.

    >>> parse_window("2023-01-01:2026-12-31")
    ('2023-01-01', '2026-12-31')
    >>> parse_window("1-1-2023:")
    ('2023-01-01', '')
    >>> parse_window("2026-12-31:2023-01-01")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: optie --projectperiode: het einde (2023-01-01) ligt vóór de start (2026-12-31)
    """
    place = "optie --projectperiode"
    start, _sep, end = str(text).partition(":")
    first = parse_date(start, place=place)
    last = parse_date(end, place=place) if end.strip() else ""
    if last and last < first:
        raise InputError(f"het einde ({last}) ligt vóór de start ({first})", place=place)
    return first, last


#: Dates that must lie inside the project period, and dates that may start before it (a
#: participant or sub-project that was there already) but must not end after it.
_EVENT_DATES = (("Deelprojecten", "start"), ("Activiteiten", "datum"), ("Producten", "datum"),
                ("Reflectie", "datum"), ("Lessen", "datum"))
_END_DATES = (("Deelnemers", "van"), ("Deelnemers", "tot"), ("Deelprojecten", "eind"))


def _project_window(tables: dict[str, Any], window: tuple[str, str] | None) -> tuple[str, str]:
    """The project period: given, else the sheet 'Project', else from the registry's first date
    for four years (the subsidy period of the programme)."""
    first, last = window or ("", "")
    project = tables.get("Project")
    if not first and project is not None and len(project):
        first, last = project["start"].iloc[0], last or project["eind"].iloc[0]
    if not first:
        dates = [d for sheet, column in _EVENT_DATES + (("Deelnemers", "van"),)
                 if sheet in tables for d in tables[sheet][column] if d]
        first = min(dates) if dates else "2023-01-01"
    if not last:
        day = dt.date.fromisoformat(first)
        try:
            last = (day.replace(year=day.year + 4) - dt.timedelta(days=1)).isoformat()
        except ValueError:  # 29 February
            last = (day.replace(year=day.year + 4, day=28)).isoformat()
    return first, last


def _check_window(tables: dict[str, Any], window: tuple[str, str], path: str,
                  csv_mode: bool) -> None:
    """Refuse a date outside the project period, naming sheet (or file), row and column."""
    first, last = window
    hint = (f"de projectperiode is {first} tot en met {last}; klopt de datum, stel de periode "
            "dan in met het blad 'Project' of met --projectperiode VAN:TOT")
    for checks, before_ok in ((_EVENT_DATES, False), (_END_DATES, True)):
        for name, column in checks:
            if name not in tables:
                continue
            sheet = _SHEET_BY_NAME[name]
            for i, value in enumerate(tables[name][column]):
                if value and (value > last or (value < first and not before_ok)):
                    file, place = ((str(Path(path) / sheet.file), row_place(i, column)) if csv_mode
                                   else (path, f"blad '{sheet.name}', {row_place(i, column)}"))
                    raise InputError(f"{value} valt buiten de projectperiode; {hint}",
                                     path=file, place=place)
    stories = tables["MSC-verhalen"]
    sheet = _SHEET_BY_NAME["MSC-verhalen"]
    for i, value in enumerate(stories["periode"]):
        match = re.match(r"^(\d{4})", value.strip())
        if match and not first[:4] <= match.group(1) <= last[:4]:
            file, place = ((str(Path(path) / sheet.file), row_place(i, "periode")) if csv_mode
                           else (path, f"blad '{sheet.name}', {row_place(i, 'periode')}"))
            raise InputError(f"periode {value} valt buiten de projectperiode; {hint}",
                             path=file, place=place)


def read_registry(path: str | os.PathLike, *, window: tuple[str, str] | None = None) -> Registry:
    """Read and validate a registry workbook (``.xlsx``) or CSV folder.

    Args:
        path: the workbook, or a folder with ``deelnemers.csv``, ``deelprojecten.csv`` ...
        window: the project period ``(first day, last day)``; default the sheet 'Project',
            else four years from the registry's first date. Dates outside it are refused.

    Returns:
        A :class:`Registry`.

    Raises:
        InputError: naming sheet (or file), row and column.
    """
    p = Path(path)
    tables: dict[str, Any] = {}
    if p.is_dir():
        import csv
        import io

        from kit.io import read_text

        for sheet in SHEETS:
            file = p / sheet.file
            if not file.is_file():
                if sheet.optional:
                    continue
                raise InputError(f"het blad '{sheet.name}' ontbreekt (bestand {sheet.file})", path=p)
            text = read_text(file)
            first = text.split("\n", 1)[0]
            delimiter = ";" if first.count(";") > first.count(",") else ","
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
            if not rows:
                raise InputError("het bestand is leeg", path=file)
            tables[sheet.name] = _validate_sheet(sheet, rows[0], rows[1:], str(file), "")
        csv_mode = True
    elif p.is_file():
        if p.suffix.lower() not in {".xlsx", ".xlsm"}:
            raise InputError("een register is een Excel-werkmap (.xlsx) of een map met CSV-bestanden",
                             path=p)
        import zipfile

        from openpyxl import load_workbook

        try:
            workbook = load_workbook(p, read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise InputError(f"deze Excel-werkmap is niet te openen ({type(exc).__name__})",
                             path=p) from None
        try:
            for sheet in SHEETS:
                if sheet.name not in workbook.sheetnames:
                    if sheet.optional:
                        continue
                    raise InputError(f"het blad '{sheet.name}' ontbreekt", path=p)
                rows = [list(r) for r in workbook[sheet.name].iter_rows(values_only=True)]
                if not rows:
                    raise InputError("het blad is leeg (de kopregel ontbreekt)", path=p,
                                     place=f"blad '{sheet.name}'")
                tables[sheet.name] = _validate_sheet(sheet, rows[0], rows[1:], str(p),
                                                     f"blad '{sheet.name}', ")
        finally:
            workbook.close()
        csv_mode = False
    else:
        raise InputError("het register bestaat niet", path=p)
    _cross_check(tables, str(p), csv_mode)
    synthetic = any(
        "synthetisch" in set(t["bron"].str.lower()) for t in tables.values() if "bron" in t.columns)
    period = _project_window(tables, window)
    _check_window(tables, period, str(p), csv_mode)
    notes = _repeated_stories(tables["MSC-verhalen"], str(p), csv_mode)
    return Registry(tables=tables, source=str(p), checksum=_checksum_path(p), synthetic=synthetic,
                    notes=notes, window=period)


def pseudonymise_registry(registry: Registry, pseudonymiser=None) -> Registry:
    """The registry as it enters the kit: every text cell of every sheet pseudonymised
    (titles, changes, MSC stories, audiences, names of people and places), checked by
    content, never trusted by column name. Equal texts get equal labels, so the sheets still
    refer to each other. Dates and numbers stay (:func:`kit.privacy.gate.clean_frame`). The
    raw workbook stays where the Werkplaats keeps it; nothing the kit makes from the
    registry (tables, figures, caches, the report) holds its raw text.

    Raises:
        InputError: when deduce's tables are missing (the gate never runs weaker).
    """
    from dataclasses import replace

    from kit.privacy.gate import clean_frame
    from kit.privacy.gate import pseudonymiser as make

    p, memo = pseudonymiser or make(), {}
    return replace(registry, tables={name: clean_frame(table, p, memo=memo)
                                     for name, table in registry.tables.items()})


def _story_key(text: str) -> str:
    """A story's text as compared for repeats (case, spaces and punctuation ignored).

    >>> _story_key("Ze  belde. ") == _story_key("ze belde")
    True
    """
    return " ".join(re.findall(r"\w+", text.lower()))


def _repeated_stories(stories, path: str, csv_mode: bool) -> list[str]:
    """Dutch warnings for MSC stories told word for word twice (they count once)."""
    where = f"{Path(path) / 'msc_verhalen.csv'}" if csv_mode else f"{path}, blad 'MSC-verhalen'"
    first: dict[str, str] = {}
    notes = []
    for i, (story_id, text) in enumerate(zip(stories["id"], stories["verhaal"], strict=True)):
        key = _story_key(text)
        if key in first:
            notes.append(f"{where}, {row_place(i, 'verhaal')}: verhaal {story_id} is woord voor "
                         f"woord gelijk aan verhaal {first[key]}; het telt één keer.")
        else:
            first[key] = story_id
    return notes


def _register_data(name: str) -> dict[str, Any]:
    from kit.config import data_path
    from kit.io import read_yaml

    return read_yaml(data_path("register", name))
