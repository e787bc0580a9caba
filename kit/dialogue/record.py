"""The live record of a dialogue table: statements, positions, votes, minority, agreements.

The note-taker fills it during the table (with the widget in
:mod:`kit.dialogue.widgets` or with the methods of :class:`LiveRecord`). Every
addition is checked at once: a position or vote about a statement that does not
exist, an agreement without an owner, or a participant's name without consent
to be named is refused with a Dutch message. Saving pseudonymises every free
text (names of participants who consented to be named are kept), then writes
``verslag.yaml`` and ``afspraken.csv`` in ``mijn-werk/dialoog/`` atomically.

>>> rec = LiveRecord("Dialoogtafel bank en sekswerk", date="2026-01-20")
>>> rec.add_participant("D1", party="gemeenschap", role="sekswerker")
>>> sid = rec.add_statement("Iedereen heeft recht op een bankrekening.", by="D1")
>>> rec.record_vote(sid, votes_for=9, against=2, abstain=1)
>>> rec.add_minority_view(sid, "Banken moeten ook hun risico's kunnen afwegen.",
...                       needs="Een jaarlijkse evaluatie met de bank erbij.")
>>> aid = rec.add_agreement("Gesprek met de bank over basisrekeningen", owner="gemeente",
...                         due="2026-03-01", statement=sid)
>>> rec.add_position("S9", "eens")
Traceback (most recent call last):
...
kit.errors.InputError: veld 'posities[1].stelling': onbekende stelling 'S9' (bekend: S1)
>>> summary(rec.record)["afspraken"]
1
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kit.dates import iso_day
from kit.errors import InputError
from kit.models import Model, OptionalText, YesNo, fail, key_path, list_of, validate

__all__ = [
    "POSITIONS",
    "FOLLOW_UP_STATUSES",
    "RECORD_FILE",
    "AGREEMENTS_FILE",
    "AGREEMENT_COLUMNS",
    "Participant",
    "Statement",
    "Position",
    "Vote",
    "MinorityView",
    "Agreement",
    "FollowUp",
    "Record",
    "validate_record",
    "load_record",
    "pseudonymise_record",
    "save_record",
    "summary",
    "agreements_frame",
    "default_pseudonymiser",
    "LiveRecord",
]

#: Positions a participant can take on a statement.
POSITIONS = ("eens", "oneens", "twijfel", "weet niet")
#: How far a follow-up action got.
FOLLOW_UP_STATUSES = ("open", "bezig", "gedaan", "vervallen")
RECORD_FILE = "verslag.yaml"
AGREEMENTS_FILE = "afspraken.csv"
AGREEMENT_COLUMNS = ("id", "text", "owner", "due", "statement", "follow_up")


@dataclass
class Participant:
    """Someone at the table, by code; a name only with consent to be named."""

    code: str
    party: str = ""
    role: str = ""
    consent_named: bool = False
    name: str = ""


@dataclass
class Statement:
    """A statement or proposal brought in at the table."""

    id: str
    text: str
    theme: str = ""
    by: str = ""


@dataclass
class Position:
    """Where someone (or a party) stands on a statement."""

    statement: str
    position: str
    participant: str = ""
    note: str = ""


@dataclass
class Vote:
    """The outcome of a vote on a statement (counts only, never who voted what)."""

    statement: str
    votes_for: int
    against: int
    abstain: int = 0

    @property
    def minority(self) -> int:
        """How many voted with the smaller side."""
        return min(self.votes_for, self.against)


@dataclass
class MinorityView:
    """The minority's view and what it needs to come along (Deep Democracy step 5)."""

    statement: str
    view: str
    needs: str


@dataclass
class Agreement:
    """An agreement with an owner (party or role) and a date."""

    id: str
    text: str
    owner: str
    due: str
    statement: str = ""


@dataclass
class FollowUp:
    """A follow-up action on an agreement."""

    agreement: str
    action: str
    due: str = ""
    status: str = "open"


@dataclass
class Record:
    """The whole record of one dialogue table."""

    title: str
    date: str = ""
    place: str = ""
    format: str = "deep-democracy"
    participants: list[Participant] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    minority: list[MinorityView] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    follow_up: list[FollowUp] = field(default_factory=list)
    pseudonymised: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The record as saved in ``verslag.yaml`` (Dutch keys)."""
        return {
            "sessie": {"titel": self.title, "datum": self.date, "plek": self.place,
                       "vorm": self.format},
            "gepseudonimiseerd": self.pseudonymised,
            "deelnemers": [{"code": p.code, "partij": p.party, "rol": p.role,
                            "naam_toestemming": "ja" if p.consent_named else "nee",
                            "naam": p.name} for p in self.participants],
            "stellingen": [{"id": s.id, "tekst": s.text, "thema": s.theme, "door": s.by}
                           for s in self.statements],
            "posities": [{"stelling": p.statement, "positie": p.position,
                          "deelnemer": p.participant, "toelichting": p.note}
                         for p in self.positions],
            "stemmingen": [{"stelling": v.statement, "voor": v.votes_for, "tegen": v.against,
                            "onthouden": v.abstain} for v in self.votes],
            "minderheid": [{"stelling": m.statement, "standpunt": m.view, "nodig": m.needs}
                           for m in self.minority],
            "afspraken": [{"id": a.id, "tekst": a.text, "eigenaar": a.owner, "datum": a.due,
                           "stelling": a.statement} for a in self.agreements],
            "vervolg": [{"afspraak": f.agreement, "actie": f.action, "datum": f.due,
                         "status": f.status} for f in self.follow_up],
        }


def _count(value: Any) -> int:
    text = str(value if value is not None else 0).strip() or "0"
    if not re.fullmatch(r"\d+", text):
        fail(f"hier hoort een heel getal van 0 of meer (gevonden: '{text}')")
    return int(text)


Count = Annotated[int, BeforeValidator(_count)]


class _SessionModel(Model):
    title: OptionalText = Field("", alias="titel")
    date: Any = Field(None, alias="datum")
    place: OptionalText = Field("", alias="plek")
    format: OptionalText = Field("", alias="vorm")


class _ParticipantModel(Model):
    code: OptionalText = Field("", alias="code")
    party: OptionalText = Field("", alias="partij")
    role: OptionalText = Field("", alias="rol")
    consent_named: YesNo = Field(False, alias="naam_toestemming")
    name: OptionalText = Field("", alias="naam")


class _StatementModel(Model):
    id: OptionalText = Field("", alias="id")
    text: OptionalText = Field("", alias="tekst")
    theme: OptionalText = Field("", alias="thema")
    by: OptionalText = Field("", alias="door")


class _PositionModel(Model):
    statement: OptionalText = Field("", alias="stelling")
    position: OptionalText = Field("", alias="positie")
    participant: OptionalText = Field("", alias="deelnemer")
    note: OptionalText = Field("", alias="toelichting")


class _VoteModel(Model):
    statement: OptionalText = Field("", alias="stelling")
    votes_for: Count = Field(0, alias="voor")
    against: Count = Field(0, alias="tegen")
    abstain: Count = Field(0, alias="onthouden")


class _MinorityModel(Model):
    statement: OptionalText = Field("", alias="stelling")
    view: OptionalText = Field("", alias="standpunt")
    needs: OptionalText = Field("", alias="nodig")


class _AgreementModel(Model):
    id: OptionalText = Field("", alias="id")
    text: OptionalText = Field("", alias="tekst")
    owner: OptionalText = Field("", alias="eigenaar")
    due: Any = Field(None, alias="datum")
    statement: OptionalText = Field("", alias="stelling")


class _FollowUpModel(Model):
    agreement: OptionalText = Field("", alias="afspraak")
    action: OptionalText = Field("", alias="actie")
    due: Any = Field(None, alias="datum")
    status: OptionalText = Field("", alias="status")


class RecordModel(Model):
    """The shape of ``verslag.yaml``; what must be filled in is checked by :func:`validate_record`."""

    session: _SessionModel = Field(default_factory=_SessionModel, alias="sessie")
    pseudonymised: YesNo = Field(False, alias="gepseudonimiseerd")
    participants: list_of(_ParticipantModel) = Field(default_factory=list, alias="deelnemers")
    statements: list_of(_StatementModel) = Field(default_factory=list, alias="stellingen")
    positions: list_of(_PositionModel) = Field(default_factory=list, alias="posities")
    votes: list_of(_VoteModel) = Field(default_factory=list, alias="stemmingen")
    minority: list_of(_MinorityModel) = Field(default_factory=list, alias="minderheid")
    agreements: list_of(_AgreementModel) = Field(default_factory=list, alias="afspraken")
    follow_up: list_of(_FollowUpModel) = Field(default_factory=list, alias="vervolg")


def validate_record(data: Any, *, path: str | os.PathLike | None = None) -> Record:
    """Check a record (the dict from ``verslag.yaml``) and return it.

    Args:
        data: the record with Dutch keys (see ``docs/formats/dialogue.md``).
        path: the file, for error messages.

    Returns:
        The checked :class:`Record`.

    Raises:
        InputError: naming the field of the first problem.

    >>> validate_record({"sessie": {"titel": "t"}, "afspraken": [{"id": "A1",
    ...     "tekst": "Vervolgtafel", "datum": "2026-05-01"}]})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'afspraken[1].eigenaar': deze afspraak heeft geen eigenaar (een partij of rol die hem uitvoert)
    >>> validate_record({"sessie": {"titel": "t"}, "afpsraken": []})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'afpsraken': onbekend veld 'afpsraken'; bedoel je 'afspraken'?
    """
    model = validate(RecordModel, data, path=path, first=1,
                     what="het verslag is leeg of geen lijst van velden")

    def place(*parts: str | int) -> str:
        return key_path(*parts, first=1)

    def need(value: str, *parts: str | int, what: str) -> str:
        if not value:
            raise InputError(f"{what} ontbreekt", path=path, place=place(*parts))
        return value

    def ref(value: str, known: list[str], *parts: str | int, what: str) -> str:
        if value not in known:
            listed = ", ".join(known) if known else "nog geen"
            raise InputError(f"onbekende {what} '{value}' (bekend: {listed})", path=path,
                             place=place(*parts))
        return value

    def day(value: Any, *parts: str | int) -> str:
        if value is None or not str(value).strip():
            return ""
        return iso_day(value, path=path, place=place(*parts))

    session = model.session
    rec = Record(need(session.title, "sessie", "titel", what="de titel van de sessie"),
                 day(session.date, "sessie", "datum"), session.place,
                 session.format or "deep-democracy", pseudonymised=model.pseudonymised)
    codes: list[str] = []
    for i, item in enumerate(model.participants):
        code = need(item.code, "deelnemers", i, "code", what="de code van de deelnemer")
        if code in codes:
            raise InputError(f"de code '{code}' komt twee keer voor", path=path,
                             place=place("deelnemers", i, "code"))
        if item.name and not item.consent_named:
            raise InputError("een naam mag alleen in het verslag als deze deelnemer toestemming "
                             "gaf om genoemd te worden; gebruik anders alleen de code",
                             path=path, place=place("deelnemers", i, "naam"))
        codes.append(code)
        rec.participants.append(Participant(code, item.party, item.role, item.consent_named,
                                            item.name))
    statement_ids: list[str] = []
    for i, item in enumerate(model.statements):
        sid = need(item.id, "stellingen", i, "id", what="de code (id) van de stelling")
        if sid in statement_ids:
            raise InputError(f"de stelling '{sid}' komt twee keer voor", path=path,
                             place=place("stellingen", i, "id"))
        if item.by:
            ref(item.by, codes, "stellingen", i, "door", what="deelnemer")
        statement_ids.append(sid)
        rec.statements.append(Statement(sid, need(item.text, "stellingen", i, "tekst",
                                                  what="de tekst"), item.theme, item.by))
    for i, item in enumerate(model.positions):
        sid = ref(need(item.statement, "posities", i, "stelling", what="de stelling"),
                  statement_ids, "posities", i, "stelling", what="stelling")
        position = need(item.position, "posities", i, "positie", what="de positie").lower()
        if position not in POSITIONS:
            raise InputError(f"onbekende positie '{position}'; kies uit: {', '.join(POSITIONS)}",
                             path=path, place=place("posities", i, "positie"))
        if item.participant:
            ref(item.participant, codes, "posities", i, "deelnemer", what="deelnemer")
        rec.positions.append(Position(sid, position, item.participant, item.note))
    for i, item in enumerate(model.votes):
        sid = ref(need(item.statement, "stemmingen", i, "stelling", what="de stelling"),
                  statement_ids, "stemmingen", i, "stelling", what="stelling")
        if item.votes_for + item.against + item.abstain == 0:
            raise InputError("een stemming zonder stemmen: vul de aantallen in", path=path,
                             place=place("stemmingen", i))
        rec.votes.append(Vote(sid, item.votes_for, item.against, item.abstain))
    for i, item in enumerate(model.minority):
        sid = ref(need(item.statement, "minderheid", i, "stelling", what="de stelling"),
                  statement_ids, "minderheid", i, "stelling", what="stelling")
        rec.minority.append(MinorityView(
            sid, need(item.view, "minderheid", i, "standpunt",
                      what="het standpunt van de minderheid"),
            need(item.needs, "minderheid", i, "nodig",
                 what="wat de minderheid nodig heeft om mee te gaan")))
    agreement_ids: list[str] = []
    for i, item in enumerate(model.agreements):
        aid = need(item.id, "afspraken", i, "id", what="de code (id) van de afspraak")
        if aid in agreement_ids:
            raise InputError(f"de afspraak '{aid}' komt twee keer voor", path=path,
                             place=place("afspraken", i, "id"))
        text = need(item.text, "afspraken", i, "tekst", what="de tekst van de afspraak")
        if not item.owner:
            raise InputError("deze afspraak heeft geen eigenaar (een partij of rol die hem "
                             "uitvoert)", path=path, place=place("afspraken", i, "eigenaar"))
        due = day(item.due, "afspraken", i, "datum")
        if not due:
            raise InputError("deze afspraak heeft geen datum (wanneer is het klaar?)", path=path,
                             place=place("afspraken", i, "datum"))
        if item.statement:
            ref(item.statement, statement_ids, "afspraken", i, "stelling", what="stelling")
        agreement_ids.append(aid)
        rec.agreements.append(Agreement(aid, text, item.owner, due, item.statement))
    for i, item in enumerate(model.follow_up):
        aid = ref(need(item.agreement, "vervolg", i, "afspraak", what="de afspraak"),
                  agreement_ids, "vervolg", i, "afspraak", what="afspraak")
        status = (item.status or "open").lower()
        if status not in FOLLOW_UP_STATUSES:
            raise InputError(f"onbekende status '{status}'; kies uit: "
                             f"{', '.join(FOLLOW_UP_STATUSES)}", path=path,
                             place=place("vervolg", i, "status"))
        rec.follow_up.append(FollowUp(aid, need(item.action, "vervolg", i, "actie",
                                                what="de actie"),
                                      day(item.due, "vervolg", i, "datum"), status))
    return rec


def load_record(path: str | os.PathLike) -> Record:
    """Read and check ``verslag.yaml``."""
    from kit.io import read_yaml

    return validate_record(read_yaml(path), path=path)


def default_pseudonymiser(vault: Any = None) -> Callable[[str], str]:
    """The kit's pseudonymiser (:class:`kit.privacy.pseudonymise.Pseudonymiser`) as ``str -> str``.

    Args:
        vault: the vault with the pseudonym key (default: the user's vault).

    Raises:
        InputError: when the privacy part of the kit is not installed.
    """
    from kit.privacy.pseudonymise import Pseudonymiser

    engine = Pseudonymiser(vault)
    return lambda text: engine.pseudonymise(text).text


def pseudonymise_record(record: Record, pseudonymise: Callable[[str], str]) -> Record:
    """A copy of the record with every free text, name and code field pseudonymised (the
    title, the place, participants' codes, parties, roles and names, statements with their
    theme and speaker, positions, minority views, agreements and follow-up).

    Names of participants who consented to be named are protected from the
    pseudonymiser and kept.

    Args:
        record: the record.
        pseudonymise: a function from text to pseudonymised text.

    Returns:
        A new record, marked ``pseudonymised``.

    >>> rec = Record("t", statements=[Statement("S1", "Bel Anna op 0612345678")])
    >>> pseudonymise_record(rec, lambda t: t.replace("Anna", "[PERSOON-1]")).statements[0].text
    'Bel [PERSOON-1] op 0612345678'
    """
    out = copy.deepcopy(record)
    keep = {f"IIDSNAAMX{i}X": p.name for i, p in enumerate(out.participants)
            if p.consent_named and p.name}

    def clean(text: str) -> str:
        if not text:
            return text
        for token, name in keep.items():
            text = text.replace(name, token)
        text = pseudonymise(text)
        for token, name in keep.items():
            text = text.replace(token, name)
        return text

    # every free text and every name or code field: a code is pseudonymised by the same key
    # everywhere, so the references between parts stay equal ("D1" stays "D1")
    out.title, out.place = clean(out.title), clean(out.place)
    for p in out.participants:
        p.code, p.party, p.role = clean(p.code), clean(p.party), clean(p.role)
        if not p.consent_named:
            p.name = clean(p.name)
    for s in out.statements:
        s.text, s.theme, s.by = clean(s.text), clean(s.theme), clean(s.by)
    for p in out.positions:
        p.note, p.participant = clean(p.note), clean(p.participant)
    for m in out.minority:
        m.view, m.needs = clean(m.view), clean(m.needs)
    for a in out.agreements:
        a.text, a.owner = clean(a.text), clean(a.owner)
    for f in out.follow_up:
        f.action = clean(f.action)
    out.pseudonymised = True
    return out


def agreements_frame(record: Record):
    """The agreements with their follow-up as a table (the columns of :data:`AGREEMENT_COLUMNS`).

    >>> rec = Record("t", agreements=[Agreement("A1", "Vervolgtafel", "welzijn", "2026-05-01")])
    >>> agreements_frame(rec).loc[0, "owner"]
    'welzijn'
    """
    import pandas as pd

    rows = []
    for a in record.agreements:
        # Parentheses are kept for the status, so the evaluation can read it back.
        actions = "; ".join(f"{f.action.replace('(', '[').replace(')', ']')} "
                            f"({f.status}{', ' + f.due if f.due else ''})"
                            for f in record.follow_up if f.agreement == a.id)
        rows.append({"id": a.id, "text": a.text, "owner": a.owner, "due": a.due,
                     "statement": a.statement, "follow_up": actions})
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))


def save_record(record: Record, folder: str | os.PathLike, *,
                pseudonymise: Callable[[str], str] | None = None) -> list[Path]:
    """Check, pseudonymise and write the record into ``folder`` (``verslag.yaml``, ``afspraken.csv``).

    Args:
        record: the record.
        folder: usually ``mijn-werk/dialoog``.
        pseudonymise: text -> pseudonymised text (default: :func:`default_pseudonymiser`).

    Returns:
        The files written.

    Raises:
        InputError: when the record is wrong; then nothing is written.

    >>> import tempfile
    >>> rec = Record("Oefentafel", statements=[Statement("S1", "Iedereen praat mee.")])
    >>> [p.name for p in save_record(rec, tempfile.mkdtemp(), pseudonymise=str.strip)]
    ['verslag.yaml', 'afspraken.csv']
    """
    from kit.io import write_csv, write_yaml

    folder = Path(folder)
    checked = validate_record(record.to_dict(), path=folder / RECORD_FILE)
    clean = pseudonymise_record(checked, pseudonymise or default_pseudonymiser())
    frame = agreements_frame(clean)
    return [write_yaml(clean.to_dict(), folder / RECORD_FILE),
            write_csv(frame, folder / AGREEMENTS_FILE)]


def summary(record: Record) -> dict[str, int]:
    """Counts of what the record holds (Dutch keys).

    >>> summary(Record("t"))["stellingen"]
    0
    """
    return {"deelnemers": len(record.participants), "stellingen": len(record.statements),
            "posities": len(record.positions), "stemmingen": len(record.votes),
            "minderheidsstandpunten": len(record.minority), "afspraken": len(record.agreements),
            "vervolgacties": len(record.follow_up)}


class LiveRecord:
    """A record that grows during the table; every addition is checked at once.

    Args:
        title: title of the session.
        date: date (``JJJJ-MM-DD``).
        place: where it is held.
        format: the session format.
    """

    def __init__(self, title: str, *, date: str = "", place: str = "",
                 format: str = "deep-democracy", record: Record | None = None) -> None:
        self.record = record or validate_record(
            {"sessie": {"titel": title, "datum": date, "plek": place, "vorm": format}})

    @classmethod
    def load(cls, path: str | os.PathLike) -> LiveRecord:
        """Continue a saved record."""
        rec = load_record(path)
        return cls(rec.title, record=rec)

    def _apply(self, key: str, item: dict[str, Any]) -> None:
        data = self.record.to_dict()
        data[key] = [*data[key], item]
        self.record = validate_record(data)

    def _next_id(self, prefix: str, existing: list[str]) -> str:
        n = len(existing) + 1
        while f"{prefix}{n}" in existing:
            n += 1
        return f"{prefix}{n}"

    def add_participant(self, code: str, *, party: str = "", role: str = "",
                        consent_named: bool = False, name: str = "") -> None:
        """Add a participant by code (a name only with ``consent_named=True``)."""
        self._apply("deelnemers", {"code": code, "partij": party, "rol": role,
                                   "naam_toestemming": consent_named, "naam": name})

    def add_statement(self, text: str, *, theme: str = "", by: str = "") -> str:
        """Add a statement and return its id (``S1``, ``S2``, ...)."""
        sid = self._next_id("S", [s.id for s in self.record.statements])
        self._apply("stellingen", {"id": sid, "tekst": text, "thema": theme, "door": by})
        return sid

    def add_position(self, statement: str, position: str, *, participant: str = "",
                     note: str = "") -> None:
        """Record where someone stands on a statement."""
        self._apply("posities", {"stelling": statement, "positie": position,
                                 "deelnemer": participant, "toelichting": note})

    def record_vote(self, statement: str, *, votes_for: int, against: int, abstain: int = 0) -> None:
        """Record the counts of a vote on a statement."""
        self._apply("stemmingen", {"stelling": statement, "voor": votes_for, "tegen": against,
                                   "onthouden": abstain})

    def add_minority_view(self, statement: str, view: str, *, needs: str) -> None:
        """Record the minority's view and what it needs to come along."""
        self._apply("minderheid", {"stelling": statement, "standpunt": view, "nodig": needs})

    def add_agreement(self, text: str, *, owner: str, due: str, statement: str = "") -> str:
        """Add an agreement (owner and date required) and return its id (``A1``, ...)."""
        aid = self._next_id("A", [a.id for a in self.record.agreements])
        self._apply("afspraken", {"id": aid, "tekst": text, "eigenaar": owner, "datum": due,
                                  "stelling": statement})
        return aid

    def add_follow_up(self, agreement: str, action: str, *, due: str = "", status: str = "open") -> None:
        """Add a follow-up action to an agreement."""
        self._apply("vervolg", {"afspraak": agreement, "actie": action, "datum": due,
                                "status": status})

    def save(self, folder: str | os.PathLike, *,
             pseudonymise: Callable[[str], str] | None = None) -> list[Path]:
        """Pseudonymise and save (see :func:`save_record`)."""
        return save_record(self.record, folder, pseudonymise=pseudonymise)
