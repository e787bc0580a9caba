"""The indicator registry: every indicator of the weegmoment, declared once beside its function.

An indicator is a function decorated with :func:`indicator`. The decorator records its id,
theme, Dutch name, unit, the ministry's requirements it gives evidence for, whether it is
computed per project year (from the Werkplaats registry) or per cohort (from a harvest), and
its **disclosure rule** (:class:`Disclosure`): what the value says about persons, so the
report's one disclosure pass protects it. Everything else reads this registry: the order of
the indicators table, the report's small-count rule, the disclosure model
(:func:`kit.evaluation.publication.build_model`), the registry template's list and the
format doc's list (:func:`markdown_list`). Adding an indicator is one decorated function (and
its test); the built-in ones live in :mod:`kit.evaluation.indicators`, new ones in a module of
their own in :mod:`kit.evaluation.indicator_modules` (found there without an import list).
An indicator that shows how an aim of the project (:data:`AIMS`) is doing says so itself:
``aim=output("kennis")`` (what was done or made) or ``aim=outcome("kennis")`` (what it
brought); the report's page per aim lists exactly these (:func:`aim_indicators`).

>>> @indicator("voorbeeld_aantal", theme="narratieven", name="Voorbeeld", unit="aantal",
...            per="cohort", evidences=("onderwijs",), disclosure=count())
... def _example(cohort):
...     return 12, 12
>>> get("voorbeeld_aantal").disclosure.kind, get("voorbeeld_aantal").persons
('count', True)
>>> unregister("voorbeeld_aantal")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["REQUIREMENTS", "AIMS", "AIM_KINDS", "AimPlace", "output", "outcome", "Disclosure",
           "Indicator", "NO_ROW", "PERIODS", "count", "share", "mean", "bounds", "public",
           "indicator", "registered", "get", "unregister", "aim_indicators", "markdown_list"]

#: The ministry's four requirements (opdrachtbrief): id and Dutch title. Every indicator
#: declares which of them it gives evidence for (:attr:`Indicator.evidences`).
REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("samenwerking", "Gelijkwaardige samenwerking"),
    ("praktijkvragen", "Actuele praktijkvragen"),
    ("agenda", "Dynamische agenda"),
    ("onderwijs", "Doorwerking in het onderwijs"),
)

#: The project's aims (after the programme document), with the short id used in the registry
#: (its sheets 'Planning' and 'Lessen') and in :func:`output`/:func:`outcome`.
AIMS: tuple[tuple[str, str], ...] = (
    ("oplossingen", "Samen met de groep oplossingsrichtingen en sociale instrumenten ontwikkelen"),
    ("uitsluiting", "Uitsluiting tegengaan en de positie van de groep verbeteren"),
    ("kennis", "Kennis, ervaringen en zienswijzen delen en samen leren"),
    ("onderwijs", "Doorwerking van het werk in het onderwijs"),
)

#: How an indicator shows an aim: ``prestatie`` (output: what was done or made) or
#: ``resultaat`` (outcome: what it brought).
AIM_KINDS = ("prestatie", "resultaat")

#: ``per``: computed per project year from the registry, or per cohort from a harvest.
PERIODS = ("projectjaar", "cohort")

#: Returned by an indicator function when it has no row for this period (no data source).
NO_ROW = object()


@dataclass(frozen=True)
class Disclosure:
    """What an indicator's value says about persons (the disclosure model reads this).

    ``kind``:

    - ``public``: no persons behind it (a number of themes of activities); published as is.
    - ``count``: a count of persons (quantity ``quantity``); hidden under ``k``. ``sums``:
      groups of published cells that add up to it; ``bounds``: groups whose every cell is at
      most it.
    - ``share``: ``numerator / denominator``, both counts of persons; hidden when either is.
      ``numerator_sums``: a group whose cells add up to the numerator.
    - ``mean``: a mean over ``basis`` persons (the row's basis); hidden when the basis is.
    - ``bounds``: not a count of persons, but it bounds one (n themes need n narratives):
      ``at_most`` (times ``times``).

    Quantity names are templates with ``{period}`` and ``{community}``; empty means
    ``"<indicator id>|{period}"``.
    """

    kind: str = "public"
    quantity: str = ""
    sums: tuple[str, ...] = ()
    bounds: tuple[str, ...] = ()
    numerator: str = ""
    denominator: str = ""
    numerator_sums: str = ""
    at_most: str = ""
    times: str = ""
    sensitive: bool = False

    @property
    def rests_on_persons(self) -> bool:
        """Whether a value with fewer than ``k`` persons behind it must not be shown."""
        return self.kind in ("count", "share", "mean")


@dataclass(frozen=True)
class AimPlace:
    """Where an indicator appears on the report's page of an aim of the project.

    ``aim``: an id of :data:`AIMS`; ``kind``: one of :data:`AIM_KINDS`; ``rank``: its place
    in that table (lower first; without a rank it comes after the ranked ones, in the
    order of registration); ``reach``: its values also go into the aim's table of reach per
    target group.
    """

    aim: str
    kind: str
    rank: int | None = None
    #: When the value is the aim's reach in a target group (a count of persons): the group
    #: (``studenten``) and who they are, for the sentence (``de studenten van de minor``).
    reach: tuple[str, str] | None = None


def output(aim: str, rank: int | None = None, *,
           reach: tuple[str, str] | None = None) -> AimPlace:
    """An output of ``aim``: what was done or made for it (see :class:`AimPlace`)."""
    return AimPlace(aim, "prestatie", rank, reach)


def outcome(aim: str, rank: int | None = None, *,
            reach: tuple[str, str] | None = None) -> AimPlace:
    """An outcome of ``aim``: what it brought (see :class:`AimPlace`)."""
    return AimPlace(aim, "resultaat", rank, reach)


def public() -> Disclosure:
    """No persons behind the value."""
    return Disclosure("public")


def count(quantity: str = "", *, sums: tuple[str, ...] = (), bounds: tuple[str, ...] = ()) -> Disclosure:
    """A count of persons (see :class:`Disclosure`)."""
    return Disclosure("count", quantity=quantity, sums=sums, bounds=bounds)


def share(numerator: str, denominator: str, *, numerator_sums: str = "") -> Disclosure:
    """A share of two counts of persons."""
    return Disclosure("share", numerator=numerator, denominator=denominator,
                      numerator_sums=numerator_sums)


def mean(quantity: str = "", *, at_most: str = "") -> Disclosure:
    """A mean over the persons in the row's basis."""
    return Disclosure("mean", quantity=quantity, at_most=at_most)


def bounds(quantity: str = "", *, at_most: str = "", times: str = "",
           sensitive: bool = False) -> Disclosure:
    """Not a count of persons, but bounding one."""
    return Disclosure("bounds", quantity=quantity, at_most=at_most, times=times,
                      sensitive=sensitive)


@dataclass(frozen=True)
class Indicator:
    """One registered indicator (see :func:`indicator`)."""

    id: str
    theme: str
    name: str
    unit: str
    per: str
    evidences: tuple[str, ...]
    disclosure: Disclosure = field(default_factory=public)
    compute: Callable[[Any], Any] | None = None
    aim: AimPlace | None = None

    @property
    def persons(self) -> bool:
        """Whether the value is a count of persons."""
        return self.disclosure.kind == "count"

    def quantity(self, period: str, community: str = "") -> str:
        """The disclosure model's name of this value's count in ``period``."""
        template = self.disclosure.quantity or f"{self.id}|{{period}}"
        return template.format(period=period, community=community)


_REGISTRY: dict[str, Indicator] = {}


def indicator(id: str, *, theme: str, name: str, unit: str, per: str,
              evidences: tuple[str, ...], disclosure: Disclosure | None = None,
              aim: AimPlace | None = None):
    """Register the decorated function as the indicator ``id``.

    The function gets one period's data (:class:`kit.evaluation.indicators.ProjectYear` or
    :class:`kit.evaluation.indicators.Cohort`) and returns the value, ``(value, basis)``
    with ``basis`` the number of persons behind it, or :data:`NO_ROW`. ``aim``: the aim of
    the project it shows (:func:`output`/:func:`outcome`), if any.

    >>> indicator("x", theme="t", name="n", unit="aantal", per="cohort",
    ...           evidences=("onderwijs",), aim=output("kenis"))
    Traceback (most recent call last):
    ...
    ValueError: indicator x: doel 'kenis' (kies uit ['kennis', 'onderwijs', 'oplossingen', 'uitsluiting'])
    >>> indicator("x", theme="t", name="n", unit="stuks", per="cohort", evidences=("onderwijs",))
    Traceback (most recent call last):
    ...
    ValueError: indicator x: eenheid 'stuks' (kies aantal of aandeel)
    """
    known = {r for r, _t in REQUIREMENTS}
    if unit not in ("aantal", "aandeel"):
        raise ValueError(f"indicator {id}: eenheid '{unit}' (kies aantal of aandeel)")
    if per not in PERIODS:
        raise ValueError(f"indicator {id}: per '{per}' (kies {' of '.join(PERIODS)})")
    if not evidences or not set(evidences) <= known:
        raise ValueError(f"indicator {id}: eisen {list(evidences)} (kies uit {sorted(known)})")
    if id in _REGISTRY:
        raise ValueError(f"indicator {id} bestaat al")
    rule = disclosure or public()
    if rule.kind not in ("public", "count", "share", "mean", "bounds"):
        raise ValueError(f"indicator {id}: onbekende regel '{rule.kind}'")
    aims = {a for a, _t in AIMS}
    if aim is not None and aim.aim not in aims:
        raise ValueError(f"indicator {id}: doel '{aim.aim}' (kies uit {sorted(aims)})")
    if aim is not None and aim.kind not in AIM_KINDS:
        raise ValueError(f"indicator {id}: soort '{aim.kind}' (kies {' of '.join(AIM_KINDS)})")
    if aim is not None and aim.reach and rule.kind != "count":
        raise ValueError(f"indicator {id}: bereik is een aantal personen (regel count)")

    def register(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
        _REGISTRY[id] = Indicator(id, theme, name, unit, per, tuple(evidences), rule, function,
                                  aim)
        return function

    return register


def registered() -> tuple[Indicator, ...]:
    """Every registered indicator, in the order of registration (the report's order)."""
    return tuple(_REGISTRY.values())


def get(indicator_id: str) -> Indicator | None:
    """The indicator ``indicator_id``, or ``None`` when no such indicator is registered."""
    return _REGISTRY.get(indicator_id)


def unregister(indicator_id: str) -> None:
    """Remove an indicator (for tests that register one of their own)."""
    _REGISTRY.pop(indicator_id, None)


def aim_indicators(aim: str, kind: str) -> list[str]:
    """The ids of the indicators that show ``aim`` as ``kind`` (``prestatie``/``resultaat``),
    ranked (:class:`AimPlace`), then in the order of registration.

    >>> @indicator("voorbeeld_doel", theme="t", name="n", unit="aantal", per="cohort",
    ...            evidences=("onderwijs",), aim=outcome("kennis"))
    ... def _example(cohort):
    ...     return 1
    >>> aim_indicators("kennis", "resultaat")[-1]
    'voorbeeld_doel'
    >>> unregister("voorbeeld_doel")
    """
    placed = [i for i in registered() if i.aim and i.aim.aim == aim and i.aim.kind == kind]
    placed.sort(key=lambda i: (i.aim.rank is None, i.aim.rank or 0))
    return [i.id for i in placed]


_RULE_TEXT = {"public": "geen personen", "count": "aantal personen", "share": "aandeel personen",
              "mean": "gemiddelde over personen", "bounds": "begrenst een aantal personen"}


def markdown_list() -> str:
    """The indicator list of ``docs/formats/evaluation.md`` (a test keeps the doc equal to it).

    >>> markdown_list().splitlines()[0]
    '| indicator | thema | naam | eenheid | per | eisen | doel | personen |'
    """
    lines = ["| indicator | thema | naam | eenheid | per | eisen | doel | personen |",
             "|---|---|---|---|---|---|---|---|"]
    for i in registered():
        aim = f"{i.aim.aim} ({i.aim.kind})" if i.aim else ""
        lines.append(f"| `{i.id}` | {i.theme} | {i.name} | {i.unit} | {i.per} | "
                     f"{', '.join(i.evidences)} | {aim} | {_RULE_TEXT[i.disclosure.kind]} |")
    return "\n".join(lines) + "\n"
