"""The indicator registry: every indicator of the weegmoment, declared once beside its function.

An indicator is a function decorated with :func:`indicator`. The decorator records its id,
theme, Dutch name, unit, the ministry's requirements it gives evidence for, whether it is
computed per project year (from the Werkplaats registry) or per cohort (from a harvest), and
its **disclosure rule** (:class:`Disclosure`): what the value says about persons, so the
report's one disclosure pass protects it. Everything else reads this registry: the order of
the indicators table, the report's small-count rule, the disclosure model
(:func:`kit.evaluation.publication.build_model`), the registry template's list and the
format doc's list (:func:`markdown_list`). Adding an indicator is one decorated function (and
its test); the built-in ones live in :mod:`kit.evaluation.indicators`.

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

__all__ = ["REQUIREMENTS", "Disclosure", "Indicator", "NO_ROW", "PERIODS", "count", "share",
           "mean", "bounds", "public", "indicator", "registered", "get", "unregister",
           "markdown_list"]

#: The ministry's four requirements (opdrachtbrief): id and Dutch title. Every indicator
#: declares which of them it gives evidence for (:attr:`Indicator.evidences`).
REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("samenwerking", "Gelijkwaardige samenwerking"),
    ("praktijkvragen", "Actuele praktijkvragen"),
    ("agenda", "Dynamische agenda"),
    ("onderwijs", "Doorwerking in het onderwijs"),
)

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
              evidences: tuple[str, ...], disclosure: Disclosure | None = None):
    """Register the decorated function as the indicator ``id``.

    The function gets one period's data (:class:`kit.evaluation.indicators.ProjectYear` or
    :class:`kit.evaluation.indicators.Cohort`) and returns the value, ``(value, basis)``
    with ``basis`` the number of persons behind it, or :data:`NO_ROW`.

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

    def register(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
        _REGISTRY[id] = Indicator(id, theme, name, unit, per, tuple(evidences), rule, function)
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


_RULE_TEXT = {"public": "geen personen", "count": "aantal personen", "share": "aandeel personen",
              "mean": "gemiddelde over personen", "bounds": "begrenst een aantal personen"}


def markdown_list() -> str:
    """The indicator list of ``docs/formats/evaluation.md`` (a test keeps the doc equal to it).

    >>> markdown_list().splitlines()[0]
    '| indicator | thema | naam | eenheid | per | eisen | personen |'
    """
    lines = ["| indicator | thema | naam | eenheid | per | eisen | personen |",
             "|---|---|---|---|---|---|---|"]
    for i in registered():
        lines.append(f"| `{i.id}` | {i.theme} | {i.name} | {i.unit} | {i.per} | "
                     f"{', '.join(i.evidences)} | {_RULE_TEXT[i.disclosure.kind]} |")
    return "\n".join(lines) + "\n"
