"""The session plan of a dialogue table, with the Deep Democracy decision steps.

A plan has a goal, themes taken from the student's own analysis (codes and the
counter-story), a guide of questions and statements, roles (gespreksleider,
notulist, gastvrouw/gastheer) and an agenda with timing. It starts from one of
three templates in ``kit/data/sjablonen``: a dialogue table with the decision
steps of the Lewis method (Deep Democracy), a Socratisch gesprek, or an
Effectenarena. :func:`render_script` turns it into a printable facilitator's
script (HTML).

The plan is saved as ``mijn-werk/dialoog/sessieplan.yaml`` (Dutch keys; schema in
``docs/formats/dialogue.md``).

>>> [s.name for s in DD_STEPS][:2]
['Verzamel alle invalshoeken', 'Maak het veilig om nee te zeggen: zoek het alternatief']
>>> plan = new_plan("deep-democracy", "Samen afspraken maken over toegang tot de bank",
...                 [Theme("Uitsluiting bij de bank", codes=["bank"])])
>>> total_minutes(plan)
150
>>> sorted({b.step for b in plan.agenda if b.step})
[1, 2, 3, 4, 5]
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kit.config import data_path
from kit.dates import iso_day
from kit.dialogue.common import int_field
from kit.errors import InputError
from kit.models import Model, OptionalText, key_path, list_of, none_as_empty, validate

__all__ = [
    "FORMATS",
    "DeepDemocracyStep",
    "DD_STEPS",
    "TOOLS",
    "Theme",
    "GuideItem",
    "AgendaBlock",
    "Roles",
    "SessionPlan",
    "load_format",
    "code_labels",
    "themes_from_codings",
    "suggest_guide",
    "new_plan",
    "validate_plan",
    "load_plan",
    "save_plan",
    "total_minutes",
    "render_script",
    "write_script",
]

#: The session formats a plan can start from (template ``sessie-<vorm>.yaml``).
FORMATS = ("deep-democracy", "socratisch-gesprek", "effectenarena")


@dataclass(frozen=True)
class DeepDemocracyStep:
    """One decision step of the Lewis method.

    Attributes:
        number: 1-5.
        name: the Dutch name of the step.
        english: the name in Lewis's own English.
        purpose: what the step is for.
        tools: the work forms (keys of :data:`TOOLS`) that fit.
        prompts: sentences a facilitator can say.
    """

    number: int
    name: str
    english: str
    purpose: str
    tools: tuple[str, ...]
    prompts: tuple[str, ...]


DD_STEPS: tuple[DeepDemocracyStep, ...] = (
    DeepDemocracyStep(
        1, "Verzamel alle invalshoeken", "gain all the views",
        "Iedereen kan zijn kijk geven, ook wie weinig macht heeft of weinig zegt. Je zoekt "
        "naar verschil, niet naar overeenstemming.",
        ("check-in", "gesprek op voeten"),
        ("Wie ziet het anders?", "Wie heeft hier een andere ervaring mee?",
         "Er is nog niemand uit de gemeenschap aan het woord geweest; wil iemand iets zeggen?")),
    DeepDemocracyStep(
        2, "Maak het veilig om nee te zeggen: zoek het alternatief", "make it safe to say no",
        "Tegenspraak is waardevol. Je nodigt uit om 'nee' te zeggen en vraagt door naar wat "
        "dan wél zou helpen.",
        ("gesprek op voeten", "het argument"),
        ("Wie zegt hier liever nee tegen? Dat mag, en het helpt ons.",
         "Wat zou het alternatief zijn?", "Als je dit nu niet hardop durft te zeggen: wat zou "
         "iemand anders hier misschien van vinden?")),
    DeepDemocracyStep(
        3, "Verspreid het alternatief", "spread the alternative",
        "De tegenstem wordt niet bij één persoon gelaten: anderen kijken of ze er ook iets in "
        "herkennen, al is het maar een klein beetje.",
        ("gesprek op voeten",),
        ("Wie herkent iets, al is het maar een beetje, in wat er net gezegd is?",
         "Stap naar voren als je het een klein beetje met deze stem eens bent.")),
    DeepDemocracyStep(
        4, "Stemmen", "vote",
        "Een concreet voorstel gaat in stemming. De meerderheid besluit; het besluit is nog "
        "niet af.",
        ("stemming",),
        ("Het voorstel is: ... Wie is voor? Wie is tegen? Wie onthoudt zich?",)),
    DeepDemocracyStep(
        5, "Voeg de wijsheid van de minderheid toe", "ask the minority what it needs",
        "Wie tegen stemde, krijgt de vraag wat hij nodig heeft om mee te gaan. Dat wordt aan "
        "het besluit toegevoegd, zodat niemand achterblijft.",
        ("minderheidswijsheid",),
        ("Wat heb je nodig om mee te kunnen gaan met dit besluit?",
         "Wat moeten we toevoegen zodat jouw bezwaar een plek krijgt?")),
)

#: Work forms a script explains (Dutch name -> what you do).
TOOLS: dict[str, str] = {
    "ontvangst": "Ontvang iedereen persoonlijk, met eten en drinken. Geen presentielijst met "
                 "namen; wie wil, krijgt een naambordje met alleen een voornaam of rol.",
    "check-in": "Iedereen zegt kort hoe hij binnenkomt of wat hij hoopt. Zo hoort iedereen "
                "zijn eigen stem al één keer in de ruimte, ook wie anders weinig zegt.",
    "verhalen delen": "Vertel kort wat jullie hoorden en vonden: de thema's uit de analyse en "
                      "het tegenverhaal. Laat leden van de gemeenschap zelf aanvullen.",
    "gesprek op voeten": "De soft shoe shuffle: iedereen staat. Wie iets zegt, stapt naar voren; "
                         "wie het (een beetje) eens is, stapt ook naar voren. Zo zie je meteen "
                         "hoe de groep verdeeld is, zonder dat iemand hoeft te praten.",
    "het argument": "Pijlen gooien, voor een gesprek dat vastzit in heen-en-weer: beide kanten "
                    "zeggen om de beurt en zonder te onderbreken wat ze echt vinden, tot de "
                    "scherpte eraf is. Alleen met ervaring en toestemming van de groep.",
    "weerstandslijn": "Een lijn op de grond van 'helemaal voor' tot 'helemaal tegen'; "
                      "deelnemers gaan staan waar ze zich bevinden en vertellen waarom.",
    "stemming": "Formuleer één concreet voorstel en laat iedereen tegelijk stemmen (hand of "
                "kaartje): voor, tegen of onthouden. Noteer de aantallen, geen namen.",
    "minderheidswijsheid": "Vraag wie tegen stemde wat hij nodig heeft om mee te gaan. Noteer "
                           "het letterlijk en voeg het toe aan het besluit.",
    "afspraken": "Maak elke afspraak concreet: wat, wie is eigenaar (een partij of rol) en "
                 "wanneer. Een afspraak zonder eigenaar gebeurt niet.",
    "check-out": "Iedereen zegt in één zin wat hij meeneemt of nog kwijt wil.",
    "vraag kiezen": "Kies samen één open, echte vraag over het thema.",
    "voorbeeld": "Een deelnemer vertelt een eigen, concrete ervaring die bij de vraag past.",
    "kernuitspraak": "Zoek in het voorbeeld het antwoord op de vraag en schrijf het in één zin.",
    "onderbouwing": "Vraag door: waarom vind je dat? Wie ziet het anders?",
    "waarden": "Benoem de waarden onder de uitspraken, bijvoorbeeld veiligheid of autonomie.",
    "activiteiten": "Beschrijf de activiteiten van de aanpak zo concreet mogelijk.",
    "investeerders": "Zet per partij op een rij wat zij inbrengt: geld, tijd, ruimte, kennis.",
    "effecten": "Iedereen noemt de effecten die hij verwacht, op korte en lange termijn.",
    "baathouders": "Koppel elk effect aan de partij waar de baat terechtkomt.",
}


@dataclass
class Theme:
    """A theme for the table, taken from the student's own analysis."""

    title: str
    codes: list[str] = field(default_factory=list)
    source: str = "analyse"
    question: str = ""


@dataclass
class GuideItem:
    """A question or statement of the guide (``kind`` is 'vraag' or 'stelling')."""

    id: str
    kind: str
    text: str
    theme: str = ""


@dataclass
class AgendaBlock:
    """One block of the agenda."""

    title: str
    minutes: int
    tool: str = ""
    step: int | None = None
    note: str = ""


@dataclass
class Roles:
    """Who does what at the table (students' roles, not participants)."""

    facilitator: str
    note_taker: str
    host: str


@dataclass
class SessionPlan:
    """A complete session plan."""

    title: str
    format: str
    goal: str
    themes: list[Theme]
    guide: list[GuideItem]
    roles: Roles
    agenda: list[AgendaBlock]
    date: str = ""
    place: str = ""
    counter_story: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The plan as saved in ``sessieplan.yaml`` (Dutch keys)."""
        return {
            "titel": self.title, "vorm": self.format, "doel": self.goal, "datum": self.date,
            "plek": self.place, "tegenverhaal": self.counter_story,
            "themas": [{"titel": t.title, "codes": list(t.codes), "bron": t.source,
                        "vraag": t.question} for t in self.themes],
            "leidraad": [{"id": g.id, "soort": g.kind, "tekst": g.text, "thema": g.theme}
                         for g in self.guide],
            "rollen": {"gespreksleider": self.roles.facilitator, "notulist": self.roles.note_taker,
                       "gastheer": self.roles.host},
            "agenda": [{"titel": b.title, "minuten": b.minutes, "werkvorm": b.tool,
                        **({"stap": b.step} if b.step else {}),
                        **({"toelichting": b.note} if b.note else {})} for b in self.agenda],
        }


def load_format(name: str) -> dict[str, Any]:
    """Read the template of a session format from ``kit/data/sjablonen``.

    >>> load_format("effectenarena")["naam"]
    'Effectenarena'
    >>> load_format("fishbowl")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'vorm': onbekende vorm 'fishbowl'; kies uit: deep-democracy, socratisch-gesprek, effectenarena
    """
    from kit.io import read_yaml

    if name not in FORMATS:
        raise InputError(f"onbekende vorm '{name}'; kies uit: {', '.join(FORMATS)}",
                         place=key_path("vorm"))
    return read_yaml(data_path("sjablonen", f"sessie-{name}.yaml"))


def code_labels(codebook: Any) -> dict[str, str]:
    """Readable names of codes from a codebook (a path, a shipped name, or a loaded codebook).

    Returns an empty mapping when the codebook cannot be read, so themes fall back to code ids.

    >>> code_labels("bestaat-niet.yaml")
    {}
    """
    from kit.analysis.codebook import load_codebook
    from kit.errors import KitError

    try:
        book = codebook if hasattr(codebook, "codes") else load_codebook(codebook)
    except (KitError, OSError):
        return {}
    return {code.id: code.name for code in book}


def themes_from_codings(codings: Any, *, top: int = 3, exclude: Sequence[str] = (),
                        labels: Mapping[str, str] | None = None) -> list[Theme]:
    """The codes that occur in the most narratives become themes for the table.

    Args:
        codings: a DataFrame (or list of dicts) with at least ``document`` and ``code``.
        top: how many themes.
        exclude: codes to leave out.
        labels: readable names per code id (see :func:`code_labels`).

    Returns:
        Themes, most frequent first, each with a starting question.

    >>> rows = [{"document": d, "code": c} for d, c in
    ...         [("n1", "bank"), ("n2", "bank"), ("n2", "wonen"), ("n3", "humor")]]
    >>> [(t.title, t.codes) for t in themes_from_codings(rows, top=2)]
    [('bank', ['bank']), ('humor', ['humor'])]
    """
    counts: dict[str, set[str]] = {}
    records = codings.to_dict("records") if hasattr(codings, "to_dict") else list(codings)
    for row in records:
        code = str(row.get("code", "")).strip()
        if code and code not in exclude:
            counts.setdefault(code, set()).add(str(row.get("document", "")))
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    names = labels or {}
    return [Theme(names.get(code, code), [code], f"analyse: {len(docs)} narratieven",
                  f"Wat herken je in het thema '{names.get(code, code).lower()}', en wat zou er "
                  "anders moeten?")
            for code, docs in ranked]


def suggest_guide(themes: Sequence[Theme], counter_story: str = "") -> list[GuideItem]:
    """A first guide: per theme its question and a statement to react to (to rewrite).

    >>> [g.kind for g in suggest_guide([Theme("wonen")], "Wij willen zelf meepraten.")]
    ['vraag', 'stelling', 'stelling']
    """
    guide: list[GuideItem] = []
    for n, theme in enumerate(themes, start=1):
        guide.append(GuideItem(f"v{n}", "vraag",
                               theme.question or f"Wat herken je in het thema '{theme.title}'?",
                               theme.title))
        guide.append(GuideItem(f"s{n}", "stelling",
                               f"Bij '{theme.title}' beslist de gemeenschap zelf mee over de "
                               "oplossing.", theme.title))
    if counter_story.strip():
        first = counter_story.strip().split(". ")[0].rstrip(".")
        guide.append(GuideItem(f"s{len(themes) + 1}", "stelling",
                               f"Het tegenverhaal klopt: '{first}.'", "tegenverhaal"))
    return guide


def new_plan(format: str, goal: str, themes: Sequence[Theme], *, counter_story: str = "",
             guide: Sequence[GuideItem] | None = None, roles: Roles | None = None,
             title: str | None = None, date: str = "", place: str = "") -> SessionPlan:
    """Start a plan from a format template.

    Args:
        format: one of :data:`FORMATS`.
        goal: what the table should achieve.
        themes: themes from the analysis (see :func:`themes_from_codings`).
        counter_story: the counter-story, in a few sentences.
        guide: questions and statements (default: :func:`suggest_guide`).
        roles: who facilitates, takes notes and hosts (default: placeholders by role).
        title: title of the session (default: the format's name).
        date: date of the session.
        place: place of the session.

    Returns:
        The plan, checked.
    """
    template = load_format(format)
    agenda = [AgendaBlock(b["titel"], int(b["minuten"]), b.get("werkvorm", ""), b.get("stap"),
                          b.get("toelichting", "")) for b in template["agenda"]]
    plan = SessionPlan(
        title=title or template["naam"], format=format, goal=goal, themes=list(themes),
        guide=list(guide) if guide is not None else suggest_guide(themes, counter_story),
        roles=roles or Roles("gespreksleider (student)", "notulist (student)",
                             "gastvrouw of gastheer (student)"),
        agenda=agenda, date=date, place=place, counter_story=counter_story)
    return validate_plan(plan.to_dict())


class _ThemeModel(Model):
    title: OptionalText = Field("", alias="titel")
    codes: Annotated[list, BeforeValidator(none_as_empty)] = Field(default_factory=list,
                                                                    alias="codes")
    source: OptionalText = Field("", alias="bron")
    question: OptionalText = Field("", alias="vraag")


class _GuideModel(Model):
    id: OptionalText = Field("", alias="id")
    kind: OptionalText = Field("", alias="soort")
    text: OptionalText = Field("", alias="tekst")
    theme: OptionalText = Field("", alias="thema")


class _RolesModel(Model):
    facilitator: OptionalText = Field("", alias="gespreksleider")
    note_taker: OptionalText = Field("", alias="notulist")
    host: OptionalText = Field("", alias="gastheer")


class _BlockModel(Model):
    title: OptionalText = Field("", alias="titel")
    minutes: Any = Field(None, alias="minuten")
    tool: OptionalText = Field("", alias="werkvorm")
    step: Any = Field(None, alias="stap")
    note: OptionalText = Field("", alias="toelichting")


class PlanModel(Model):
    """The shape of ``sessieplan.yaml``; what must be filled in is checked by :func:`validate_plan`."""

    title: OptionalText = Field("", alias="titel")
    format: OptionalText = Field("", alias="vorm")
    goal: OptionalText = Field("", alias="doel")
    date: Any = Field(None, alias="datum")
    place: OptionalText = Field("", alias="plek")
    counter_story: OptionalText = Field("", alias="tegenverhaal")
    themes: list_of(_ThemeModel) = Field(default_factory=list, alias="themas")
    guide: list_of(_GuideModel) = Field(default_factory=list, alias="leidraad")
    roles: _RolesModel = Field(default_factory=_RolesModel, alias="rollen")
    agenda: list_of(_BlockModel) = Field(default_factory=list, alias="agenda")


def validate_plan(data: Any, *, path: str | os.PathLike | None = None) -> SessionPlan:
    """Check a plan (the dict from ``sessieplan.yaml``) and return it.

    Raises:
        InputError: naming the field of the first problem.

    >>> validate_plan({"titel": "x", "vorm": "deep-democracy", "doel": ""})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'doel': het doel van de tafel ontbreekt
    >>> validate_plan({"titel": "x", "vorm": "deep-democracy", "doel": "d", "leidaard": []})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'leidaard': onbekend veld 'leidaard'; bedoel je 'leidraad'?
    """
    model = validate(PlanModel, data, path=path, first=1,
                     what="het sessieplan is leeg of geen lijst van velden")

    def place(*parts: str | int) -> str:
        return key_path(*parts, first=1)

    def need(value: str, *parts: str | int, what: str) -> str:
        if not value:
            raise InputError(f"{what} ontbreekt", path=path, place=place(*parts))
        return value

    title = need(model.title, "titel", what="de titel")
    fmt = need(model.format, "vorm", what="de vorm")
    if fmt not in FORMATS:
        raise InputError(f"onbekende vorm '{fmt}'; kies uit: {', '.join(FORMATS)}", path=path,
                         place=place("vorm"))
    goal = need(model.goal, "doel", what="het doel van de tafel")
    themes = [Theme(need(item.title, "themas", i, "titel", what="de titel"),
                    [str(c) for c in item.codes], item.source or "analyse", item.question)
              for i, item in enumerate(model.themes)]
    if not themes:
        raise InputError("zet minstens één thema uit je eigen analyse in het plan", path=path,
                         place=place("themas"))
    guide: list[GuideItem] = []
    for i, item in enumerate(model.guide):
        gid = need(item.id, "leidraad", i, "id", what="de code (id)")
        if gid in {g.id for g in guide}:
            raise InputError(f"de code '{gid}' komt twee keer voor", path=path,
                             place=place("leidraad", i, "id"))
        kind = need(item.kind, "leidraad", i, "soort", what="het soort")
        if kind not in {"vraag", "stelling"}:
            raise InputError(f"soort '{kind}' bestaat niet; kies 'vraag' of 'stelling'", path=path,
                             place=place("leidraad", i, "soort"))
        guide.append(GuideItem(gid, kind, need(item.text, "leidraad", i, "tekst", what="de tekst"),
                               item.theme))
    if fmt == "deep-democracy" and not any(g.kind == "stelling" for g in guide):
        raise InputError("een tafel met Deep Democracy heeft minstens één stelling nodig "
                         "(voor het gesprek op voeten)", path=path, place=place("leidraad"))
    if not any(g.kind == "vraag" for g in guide):
        raise InputError("zet minstens één vraag in de leidraad", path=path,
                         place=place("leidraad"))
    roles = Roles(need(model.roles.facilitator, "rollen", "gespreksleider",
                       what="de gespreksleider"),
                  need(model.roles.note_taker, "rollen", "notulist", what="de notulist"),
                  need(model.roles.host, "rollen", "gastheer", what="de gastvrouw of gastheer"))
    agenda: list[AgendaBlock] = []
    for i, item in enumerate(model.agenda):
        step = item.step
        agenda.append(AgendaBlock(
            need(item.title, "agenda", i, "titel", what="de titel"),
            int_field(item.minutes, low=1, high=240, path=path,
                      place=place("agenda", i, "minuten"), what="het aantal minuten"),
            item.tool,
            int_field(step, low=1, high=5, path=path, place=place("agenda", i, "stap"),
                      what="de stap") if step not in (None, "") else None,
            item.note))
    if not agenda:
        raise InputError("de agenda is leeg", path=path, place=place("agenda"))
    if fmt == "deep-democracy":
        missing = [s.number for s in DD_STEPS if s.number not in {b.step for b in agenda}]
        if missing:
            raise InputError("de agenda mist besluitstap(pen) "
                             f"{', '.join(map(str, missing))} van Deep Democracy", path=path,
                             place=place("agenda"))
    date = ""
    if model.date is not None and str(model.date).strip():
        date = iso_day(model.date, path=path, place=place("datum"))
    return SessionPlan(title, fmt, goal, themes, guide, roles, agenda, date, model.place,
                       model.counter_story)


def total_minutes(plan: SessionPlan) -> int:
    """The length of the session in minutes."""
    return sum(b.minutes for b in plan.agenda)


def load_plan(path: str | os.PathLike) -> SessionPlan:
    """Read and check ``sessieplan.yaml``."""
    from kit.io import read_yaml

    return validate_plan(read_yaml(path), path=path)


def save_plan(plan: SessionPlan, path: str | os.PathLike) -> Path:
    """Check the plan and write it as YAML, atomically.

    >>> import tempfile
    >>> plan = new_plan("socratisch-gesprek", "Wat is thuis?", [Theme("thuis")])
    >>> load_plan(save_plan(plan, f"{tempfile.mkdtemp()}/sessieplan.yaml")) == plan
    True
    """
    from kit.io import write_yaml

    checked = validate_plan(plan.to_dict(), path=path)
    return write_yaml(checked.to_dict(), path)


def render_script(plan: SessionPlan, *, parties: Sequence[Any] = (), participation: Any = None,
                  template: str | os.PathLike = "draaiboek.html.j2") -> str:
    """The facilitator's script as printable HTML (Dutch).

    Args:
        plan: the session plan.
        parties: the stakeholder map (optional), for the list of who comes.
        participation: the participation plan (optional).
        template: another template, to adapt the layout.

    Returns:
        A complete HTML document.

    >>> html = render_script(new_plan("effectenarena", "Wie profiteert?", [Theme("wonen")]))
    >>> "Investeerders" in html and html.startswith("<!DOCTYPE html>")
    True
    """
    from kit.render import render_template

    steps = {s.number: s for s in DD_STEPS}
    start = 0
    blocks = []
    for block in plan.agenda:
        blocks.append({"block": block, "start": start, "step": steps.get(block.step),
                       "uitleg": TOOLS.get(block.tool, "")})
        start += block.minutes
    used_tools = sorted({b.tool for b in plan.agenda if b.tool in TOOLS}
                        | ({"gesprek op voeten", "het argument", "check-in"}
                           if plan.format == "deep-democracy" else set()))
    return render_template(template, {
        "plan": plan, "blokken": blocks, "totaal": total_minutes(plan),
        "stappen": DD_STEPS if plan.format == "deep-democracy" else (),
        "werkvormen": {t: TOOLS[t] for t in used_tools}, "kaart": list(parties),
        "deelname": participation, "vorm": load_format(plan.format),
    })


def write_script(plan: SessionPlan, path: str | os.PathLike, **kwargs: Any) -> Path:
    """Render the facilitator's script and write it atomically (see :func:`render_script`)."""
    from kit.io import atomic_write_text

    html = render_script(plan, **kwargs)
    return atomic_write_text(path, html)
