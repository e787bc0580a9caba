"""The stakeholder map: who has a stake in the exclusion the narratives show.

A stakeholder is a *party* (an organisation, a group, a role), never a named
private person. Each party has a type, its influence and interest (1-5), its
relation to the exclusion the narratives show, and a status: already at the
table, invited, or missing. Relations between parties feed the relation
diagram; the participation plan says who is invited, how, and what makes it
safe for community members to come.

Files in ``mijn-werk/dialoog/``: ``stakeholders.csv``, ``relaties.csv`` and
``deelnameplan.yaml`` (schema in ``docs/formats/dialogue.md``).

>>> parties = [Stakeholder("s1", "Sekswerkers in Den Haag", "gemeenschap", 1, 5,
...                        "worden weggezet als overlast", "ontbreekt"),
...            Stakeholder("s2", "Gemeente, team vergunningen", "gemeente", 5, 3,
...                        "maakt het vergunningenbeleid", "aan tafel")]
>>> [quadrant(p.influence, p.interest) for p in parties]
['informeren', 'nauw betrekken']
>>> gaps(parties)[0]
'Niemand uit de gemeenschap zit al aan tafel of is uitgenodigd: zonder hen is het geen dialoog over hun uitsluiting.'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kit.dialogue.common import optional_text, text_field
from kit.errors import InputError, row_place
from kit.models import Model, OptionalText, as_text, key_path, list_of, none_as_empty, validate

__all__ = [
    "PARTY_TYPES",
    "STATUSES",
    "RELATION_KINDS",
    "STAKEHOLDER_COLUMNS",
    "RELATION_COLUMNS",
    "Stakeholder",
    "Relation",
    "Invitation",
    "ParticipationPlan",
    "quadrant",
    "validate_stakeholders",
    "validate_relations",
    "validate_participation",
    "gaps",
    "stakeholders_frame",
    "relations_frame",
    "load_stakeholders",
    "load_relations",
    "load_participation",
    "save_stakeholder_map",
    "save_participation",
]

#: The kinds of party on the map (Dutch values a student picks from).
PARTY_TYPES = ("gemeenschap", "gemeente", "politiek", "onderwijs en onderzoek",
               "zorg en welzijn", "bedrijfsleven", "politie", "belangenorganisatie", "anders")
#: Where a party stands with respect to the dialogue table.
STATUSES = ("aan tafel", "uitgenodigd", "ontbreekt")
#: Kinds of relation between two parties.
RELATION_KINDS = ("samenwerking", "spanning", "afhankelijkheid", "financiering", "toezicht",
                  "vertegenwoordiging", "doorverwijzing")
STAKEHOLDER_COLUMNS = ("id", "name", "type", "influence", "interest", "relation", "status", "note")
RELATION_COLUMNS = ("source", "target", "kind", "note")
_QUADRANTS = {(True, True): "nauw betrekken", (True, False): "tevreden houden",
              (False, True): "informeren", (False, False): "in de gaten houden"}


@dataclass
class Stakeholder:
    """One party on the stakeholder map.

    Attributes:
        id: short code (``s1``), used by relations and invitations.
        name: the party (organisation, group or role; never a private person's name).
        type: one of :data:`PARTY_TYPES`.
        influence: 1 (little) to 5 (much) power over the situation.
        interest: 1 (little) to 5 (much) stake in the outcome.
        relation: how the party relates to the exclusion the narratives show.
        status: one of :data:`STATUSES`.
        note: free note.
    """

    id: str
    name: str
    type: str
    influence: int
    interest: int
    relation: str
    status: str = "ontbreekt"
    note: str = ""

    @property
    def quadrant(self) -> str:
        """Where the party sits in the power-interest grid."""
        return quadrant(self.influence, self.interest)


@dataclass
class Relation:
    """A relation between two parties (ids of :class:`Stakeholder`)."""

    source: str
    target: str
    kind: str
    note: str = ""


@dataclass
class Invitation:
    """How one party is invited to the dialogue table."""

    party: str
    how: str
    by: str = ""


@dataclass
class ParticipationPlan:
    """Who is invited, how, and what makes the table safe and reachable.

    Attributes:
        place: where the table is held (a place the community knows and trusts).
        when: day and time, in words.
        invitations: one per invited party.
        safety: measures that make it safe for community members to come and speak.
        interpreters: languages for which an interpreter is arranged.
        accessibility: reachability, childcare, travel costs, food.
    """

    place: str
    when: str
    invitations: list[Invitation] = field(default_factory=list)
    safety: list[str] = field(default_factory=list)
    interpreters: list[str] = field(default_factory=list)
    accessibility: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The plan as it is saved in ``deelnameplan.yaml`` (Dutch keys)."""
        return {"plek": self.place, "wanneer": self.when,
                "uitnodigingen": [{"partij": i.party, "hoe": i.how, "door": i.by}
                                  for i in self.invitations],
                "veiligheid": list(self.safety), "tolken": list(self.interpreters),
                "toegankelijkheid": self.accessibility}


def quadrant(influence: int, interest: int) -> str:
    """The cell of the power-interest grid (Mendelow) for a party.

    Values 3 and higher count as high.

    Args:
        influence: 1-5.
        interest: 1-5.

    Returns:
        Dutch advice: 'nauw betrekken', 'tevreden houden', 'informeren' or 'in de gaten houden'.

    >>> quadrant(2, 5), quadrant(5, 1), quadrant(1, 1)
    ('informeren', 'tevreden houden', 'in de gaten houden')
    """
    return _QUADRANTS[(influence >= 3, interest >= 3)]


def _records(rows: Any) -> list[Mapping[str, Any]]:
    if hasattr(rows, "to_dict"):
        return rows.to_dict("records")
    return list(rows)


def validate_stakeholders(rows: Any, *, path: str | os.PathLike | None = None) -> list[Stakeholder]:
    """Check stakeholder rows (a DataFrame or a list of dicts) and return the parties.

    Args:
        rows: rows with the columns of :data:`STAKEHOLDER_COLUMNS`.
        path: the file, for error messages.

    Returns:
        The parties in order.

    Raises:
        InputError: naming the row and column of the first problem.

    >>> validate_stakeholders([{"id": "s1", "name": "Bank", "type": "bank", "influence": 4,
    ...                         "interest": 2, "relation": "weigert rekeningen"}])
    Traceback (most recent call last):
    ...
    kit.errors.InputError: rij 2, kolom 'type': onbekend soort partij 'bank'; kies uit: gemeenschap, gemeente, politiek, onderwijs en onderzoek, zorg en welzijn, bedrijfsleven, politie, belangenorganisatie, anders
    """
    from kit.dialogue.common import int_field

    parties: list[Stakeholder] = []
    seen: set[str] = set()
    records = _records(rows)
    if not records:
        raise InputError("de stakeholderkaart is leeg: zet er minstens één partij in", path=path)
    for i, row in enumerate(records):
        pid = text_field(row, "id", path=path, place=row_place(i, "id"), what="de code (id)")
        if pid in seen:
            raise InputError(f"de code '{pid}' komt twee keer voor", path=path, place=row_place(i, "id"))
        seen.add(pid)
        name = text_field(row, "name", path=path, place=row_place(i, "name"), what="de naam van de partij")
        kind = text_field(row, "type", path=path, place=row_place(i, "type"), what="het soort partij").lower()
        if kind not in PARTY_TYPES:
            raise InputError(f"onbekend soort partij '{kind}'; kies uit: {', '.join(PARTY_TYPES)}",
                             path=path, place=row_place(i, "type"))
        influence = int_field(row.get("influence"), low=1, high=5, path=path,
                              place=row_place(i, "influence"), what="de invloed")
        interest = int_field(row.get("interest"), low=1, high=5, path=path,
                             place=row_place(i, "interest"), what="het belang")
        relation = text_field(row, "relation", path=path, place=row_place(i, "relation"),
                              what="de relatie tot de uitsluiting")
        status = optional_text(row, "status").lower() or "ontbreekt"
        if status not in STATUSES:
            raise InputError(f"onbekende status '{status}'; kies uit: {', '.join(STATUSES)}",
                             path=path, place=row_place(i, "status"))
        parties.append(Stakeholder(pid, name, kind, influence, interest, relation, status,
                                   optional_text(row, "note")))
    return parties


def validate_relations(rows: Any, parties: Sequence[Stakeholder], *,
                       path: str | os.PathLike | None = None) -> list[Relation]:
    """Check relation rows against the known parties.

    >>> p = [Stakeholder("s1", "A", "gemeente", 3, 3, "x"), Stakeholder("s2", "B", "politie", 3, 3, "y")]
    >>> validate_relations([{"source": "s1", "target": "s3", "kind": "spanning"}], p)
    Traceback (most recent call last):
    ...
    kit.errors.InputError: rij 2, kolom 'target': onbekende partij 's3' (niet op de stakeholderkaart)
    """
    ids = {p.id for p in parties}
    relations: list[Relation] = []
    for i, row in enumerate(_records(rows)):
        ends = []
        for column in ("source", "target"):
            value = text_field(row, column, path=path, place=row_place(i, column), what="de partij")
            if value not in ids:
                raise InputError(f"onbekende partij '{value}' (niet op de stakeholderkaart)",
                                 path=path, place=row_place(i, column))
            ends.append(value)
        if ends[0] == ends[1]:
            raise InputError("een relatie verbindt twee verschillende partijen", path=path,
                             place=row_place(i, "target"))
        kind = text_field(row, "kind", path=path, place=row_place(i, "kind"), what="het soort relatie").lower()
        if kind not in RELATION_KINDS:
            raise InputError(f"onbekend soort relatie '{kind}'; kies uit: {', '.join(RELATION_KINDS)}",
                             path=path, place=row_place(i, "kind"))
        relations.append(Relation(ends[0], ends[1], kind, optional_text(row, "note")))
    return relations


class _InvitationModel(Model):
    party: OptionalText = Field("", alias="partij")
    how: OptionalText = Field("", alias="hoe")
    by: OptionalText = Field("", alias="door")


def _texts(value: Any) -> list[str]:
    return [as_text(v, required=False) for v in none_as_empty(value)] \
        if isinstance(value, list | type(None)) else value


class ParticipationModel(Model):
    """The shape of ``deelnameplan.yaml``; what must be filled in is checked by
    :func:`validate_participation`."""

    place: OptionalText = Field("", alias="plek")
    when: OptionalText = Field("", alias="wanneer")
    invitations: list_of(_InvitationModel) = Field(default_factory=list, alias="uitnodigingen")
    safety: Annotated[list[str], BeforeValidator(_texts)] = Field(default_factory=list,
                                                                   alias="veiligheid")
    interpreters: Annotated[list[str], BeforeValidator(_texts)] = Field(default_factory=list,
                                                                         alias="tolken")
    accessibility: OptionalText = Field("", alias="toegankelijkheid")


def validate_participation(data: Any, parties: Sequence[Stakeholder], *,
                           path: str | os.PathLike | None = None) -> ParticipationPlan:
    """Check a participation plan (the dict from ``deelnameplan.yaml``).

    It must invite at least one party from the community and name at least one
    measure that makes it safe for them to come.

    >>> p = [Stakeholder("s1", "Poolse arbeidsmigranten", "gemeenschap", 1, 5, "x")]
    >>> plan = validate_participation({"plek": "buurthuis", "wanneer": "zaterdag 14 uur",
    ...     "uitnodigingen": [{"partij": "s1", "hoe": "via de sleutelpersoon, in het Pools"}],
    ...     "veiligheid": ["geen namen in het verslag"], "tolken": ["Pools"]}, p)
    >>> plan.interpreters
    ['Pools']
    """
    model = validate(ParticipationModel, data, path=path, first=1,
                     what="het deelnameplan is leeg of geen lijst van velden")
    by_id = {p.id: p for p in parties}

    def need(value: str, *parts: str | int, what: str) -> str:
        if not value:
            raise InputError(f"{what} ontbreekt", path=path, place=key_path(*parts, first=1))
        return value

    place = need(model.place, "plek", what="de plek")
    when = need(model.when, "wanneer", what="dag en tijd")
    invitations = []
    for i, item in enumerate(model.invitations):
        party = need(item.party, "uitnodigingen", i, "partij", what="de partij")
        if party not in by_id:
            raise InputError(f"onbekende partij '{party}' (niet op de stakeholderkaart)", path=path,
                             place=key_path("uitnodigingen", i, "partij", first=1))
        how = need(item.how, "uitnodigingen", i, "hoe", what="hoe je deze partij uitnodigt")
        invitations.append(Invitation(party, how, item.by))
    if not any(by_id[inv.party].type == "gemeenschap" for inv in invitations):
        raise InputError("nodig minstens één partij uit de gemeenschap uit (soort 'gemeenschap')",
                         path=path, place=key_path("uitnodigingen"))
    safety = [s for s in model.safety if s]
    if not safety:
        raise InputError("noem minstens één maatregel die het veilig maakt voor de gemeenschap "
                         "om te komen en te spreken", path=path, place=key_path("veiligheid"))
    return ParticipationPlan(place, when, invitations, safety,
                             [s for s in model.interpreters if s], model.accessibility)


def gaps(parties: Sequence[Stakeholder]) -> list[str]:
    """Dutch observations about who is missing from the map or the table.

    Args:
        parties: the stakeholder map.

    Returns:
        Sentences to discuss; an empty list when nothing stands out.

    >>> gaps([Stakeholder("s1", "Woonwagenbewoners", "gemeenschap", 2, 5, "x", "aan tafel")])[0]
    "Nog geen partij van het soort 'gemeente' op de kaart: hoort die erbij?"
    """
    notes: list[str] = []
    community = [p for p in parties if p.type == "gemeenschap"]
    if not any(p.status in {"aan tafel", "uitgenodigd"} for p in community):
        notes.append("Niemand uit de gemeenschap zit al aan tafel of is uitgenodigd: zonder hen "
                     "is het geen dialoog over hun uitsluiting.")
    present_types = {p.type for p in parties}
    for kind in ("gemeente", "politiek", "zorg en welzijn", "bedrijfsleven"):
        if kind not in present_types:
            notes.append(f"Nog geen partij van het soort '{kind}' op de kaart: hoort die erbij?")
    for p in parties:
        if p.status == "ontbreekt" and p.influence >= 4:
            notes.append(f"'{p.name}' heeft veel invloed maar ontbreekt: wie kan deze partij benaderen?")
        if p.type == "gemeenschap" and p.interest >= 4 and p.influence <= 2:
            notes.append(f"'{p.name}' heeft veel belang maar weinig invloed: hoe geef je hun stem "
                         "gewicht aan tafel?")
    return notes


def stakeholders_frame(parties: Iterable[Stakeholder]):
    """The parties as a DataFrame with the columns of :data:`STAKEHOLDER_COLUMNS`.

    >>> stakeholders_frame([Stakeholder("s1", "A", "gemeente", 3, 4, "x")]).loc[0, "status"]
    'ontbreekt'
    """
    import pandas as pd

    return pd.DataFrame([asdict(p) for p in parties], columns=list(STAKEHOLDER_COLUMNS))


def relations_frame(relations: Iterable[Relation]):
    """The relations as a DataFrame with the columns of :data:`RELATION_COLUMNS`.

    >>> relations_frame([Relation("s1", "s2", "spanning")]).columns.tolist()
    ['source', 'target', 'kind', 'note']
    """
    import pandas as pd

    return pd.DataFrame([asdict(r) for r in relations], columns=list(RELATION_COLUMNS))


def load_stakeholders(path: str | os.PathLike) -> list[Stakeholder]:
    """Read and check ``stakeholders.csv``."""
    from kit.io import read_csv

    frame = read_csv(path, required=STAKEHOLDER_COLUMNS[:6], allowed=STAKEHOLDER_COLUMNS)
    return validate_stakeholders(frame, path=path)


def load_relations(path: str | os.PathLike, parties: Sequence[Stakeholder]) -> list[Relation]:
    """Read and check ``relaties.csv`` against the parties."""
    from kit.io import read_csv

    frame = read_csv(path, required=RELATION_COLUMNS[:3], allowed=RELATION_COLUMNS)
    return validate_relations(frame, parties, path=path)


def load_participation(path: str | os.PathLike, parties: Sequence[Stakeholder]) -> ParticipationPlan:
    """Read and check ``deelnameplan.yaml`` against the parties."""
    from kit.io import read_yaml

    return validate_participation(read_yaml(path), parties, path=path)


def save_stakeholder_map(folder: str | os.PathLike, parties: Sequence[Stakeholder],
                         relations: Sequence[Relation] = (),
                         participation: ParticipationPlan | None = None) -> list[Path]:
    """Check everything, then write the map's files into ``folder`` atomically.

    Args:
        folder: usually ``mijn-werk/dialoog``.
        parties: the stakeholder map.
        relations: relations between the parties.
        participation: the participation plan (optional).

    Returns:
        The files written.

    Raises:
        InputError: when anything is wrong; then nothing is written.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> parties = [Stakeholder("s1", "Dak- en thuisloze mensen", "gemeenschap", 1, 5, "x"),
    ...            Stakeholder("s2", "Nachtopvang", "zorg en welzijn", 3, 4, "y")]
    >>> [p.name for p in save_stakeholder_map(folder, parties, [Relation("s2", "s1", "samenwerking")])]
    ['stakeholders.csv', 'relaties.csv']
    >>> load_stakeholders(f"{folder}/stakeholders.csv") == parties
    True
    """
    from kit.io import write_csv, write_yaml

    folder = Path(folder)
    checked = validate_stakeholders([asdict(p) for p in parties], path=folder / "stakeholders.csv")
    checked_rel = validate_relations([asdict(r) for r in relations], checked,
                                     path=folder / "relaties.csv")
    plan = None
    if participation is not None:
        plan = validate_participation(participation.to_dict(), checked,
                                      path=folder / "deelnameplan.yaml")
    written = [write_csv(stakeholders_frame(checked), folder / "stakeholders.csv"),
               write_csv(relations_frame(checked_rel), folder / "relaties.csv")]
    if plan is not None:
        written.append(write_yaml(plan.to_dict(), folder / "deelnameplan.yaml"))
    return written


def save_participation(folder: str | os.PathLike, plan: ParticipationPlan,
                       parties: Sequence[Stakeholder]) -> Path:
    """Check the participation plan against the parties and write ``deelnameplan.yaml`` atomically.

    >>> import tempfile
    >>> p = [Stakeholder("s1", "Woonwagenbewoners", "gemeenschap", 2, 5, "x")]
    >>> plan = ParticipationPlan("het eigen terrein", "woensdagavond",
    ...                          [Invitation("s1", "persoonlijk")], ["geen namen"])
    >>> save_participation(tempfile.mkdtemp(), plan, p).name
    'deelnameplan.yaml'
    """
    from kit.io import write_yaml

    target = Path(folder) / "deelnameplan.yaml"
    checked = validate_participation(plan.to_dict(), parties, path=target)
    return write_yaml(checked.to_dict(), target)
