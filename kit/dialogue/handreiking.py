"""The handreiking: from the student's artefacts to a Dutch document (HTML and DOCX).

The content is written by the student in ``mijn-werk/handreiking/inhoud.yaml``:
the professional group addressed, context, analysis, what the community itself
wants, quotes (by narrative id, optionally a fragment) and recommendations,
each with the evidence behind it and the minority view. :func:`build_handreiking`
checks everything first and then writes ``handreiking.html`` and
``handreiking.docx`` (in ``mijn-werk/handreiking/``) and the recommendations as
``mijn-werk/dialoog/aanbevelingen.csv`` (the evaluation harvests that table).

Quotes are only taken from the pseudonymised narratives, and only when the teller
consented to publication (purpose ``publicatie`` in the consent register); any
other quote is refused with the reason, and nothing is written.

>>> content = validate_content({"titel": "Bankzaken zonder drempels",
...     "beroepsgroep": "medewerkers van banken", "context": "c", "analyse": "a",
...     "wat_de_gemeenschap_wil": "w", "aanbevelingen": [{"id": "R1", "tekst": "t",
...     "onderbouwing": "o", "minderheid": "m"}]})
>>> content.recommendations[0].evidence
'o'
>>> quote = resolve_quotes([Quote("n1")], [{"id": "n1", "participant": "P-01",
...     "text": "Bij de bank word ik weggestuurd."}], lambda p: None)[0]
>>> quote.text
'Bij de bank word ik weggestuurd.'
>>> resolve_quotes([Quote("n1")], [{"id": "n1", "participant": "P-01", "text": "x"}],
...     lambda p: f"{p} heeft geen toestemming gegeven voor publicatie")
Traceback (most recent call last):
...
kit.errors.ConsentError: veld 'citaten[1].narratief': dit citaat mag niet in de handreiking: P-01 heeft geen toestemming gegeven voor publicatie
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kit.dialogue.common import (
    dialogue_dir,
    field_place,
    handreiking_dir,
)
from kit.errors import ConsentError, InputError
from kit.models import Model, OptionalText, YesNo, key_path, list_of, none_as_empty, validate

__all__ = [
    "AUDIENCES",
    "RECOMMENDATION_COLUMNS",
    "CONTENT_FILE",
    "Quote",
    "ResolvedQuote",
    "Recommendation",
    "HandreikingContent",
    "validate_content",
    "load_content",
    "resolve_quotes",
    "link_record",
    "code_overview",
    "publishable_narratives",
    "published_code_counts",
    "consent_checker",
    "recommendations_frame",
    "render_html",
    "render_docx",
    "build_handreiking",
    "HandreikingFiles",
    "read_narratives",
    "write_content_template",
    "build_from_work",
]

#: Professional groups a handreiking is often written for (others are allowed).
AUDIENCES = ("sociaal werkers", "huisartsen", "notarissen", "medewerkers van banken",
             "politici en raadsleden", "beleidsmedewerkers van de gemeente", "politie",
             "de gemeenschap zelf")
RECOMMENDATION_COLUMNS = ("id", "text", "audience", "evidence", "minority_view", "source",
                          "co_developed", "handreiking")
CONTENT_FILE = "inhoud.yaml"
_MAX_QUOTE = 600


@dataclass
class Quote:
    """A quote chosen by the student: a narrative id and optionally a fragment of its text."""

    narrative: str
    fragment: str = ""


@dataclass
class ResolvedQuote:
    """A quote checked against the narratives and the consent register."""

    narrative: str
    text: str
    community: str = ""


@dataclass
class Recommendation:
    """A recommendation with its evidence and the minority view."""

    id: str
    text: str
    evidence: str
    minority_view: str
    source: str = ""
    co_developed: bool = False


@dataclass
class HandreikingContent:
    """What the student wrote for the handreiking."""

    title: str
    audience: str
    context: str
    analysis: str
    community_wants: str
    recommendations: list[Recommendation]
    quotes: list[Quote] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    reflection: str = ""


class _RecommendationModel(Model):
    id: OptionalText = Field("", alias="id")
    text: OptionalText = Field("", alias="tekst")
    evidence: OptionalText = Field("", alias="onderbouwing")
    minority_view: OptionalText = Field("", alias="minderheid")
    source: OptionalText = Field("", alias="bron")
    co_developed: YesNo = Field(False, alias="samen_met_gemeenschap")


class _QuoteModel(Model):
    narrative: OptionalText = Field("", alias="narratief")
    fragment: OptionalText = Field("", alias="fragment")


class ContentModel(Model):
    """The shape of ``inhoud.yaml``; what must be filled in is checked by :func:`validate_content`."""

    title: OptionalText = Field("", alias="titel")
    audience: OptionalText = Field("", alias="beroepsgroep")
    authors: Annotated[list[OptionalText], BeforeValidator(none_as_empty)] = Field(
        default_factory=list, alias="auteurs")
    context: OptionalText = Field("", alias="context")
    analysis: OptionalText = Field("", alias="analyse")
    community_wants: OptionalText = Field("", alias="wat_de_gemeenschap_wil")
    quotes: Annotated[list[Any], BeforeValidator(none_as_empty)] = Field(default_factory=list,
                                                                        alias="citaten")
    recommendations: list_of(_RecommendationModel) = Field(default_factory=list,
                                                           alias="aanbevelingen")
    reflection: OptionalText = Field("", alias="reflectie")


def validate_content(data: Any, *, path: str | os.PathLike | None = None) -> HandreikingContent:
    """Check the content of a handreiking (the dict from ``inhoud.yaml``).

    Every recommendation needs evidence (``onderbouwing``) and the minority view
    (``minderheid``; it may come from the dialogue record through ``bron``, see
    :func:`link_record`).

    Raises:
        InputError: naming the field of the first problem.

    >>> validate_content({"titel": "t", "beroepsgroep": "huisartsen", "context": "c",
    ...     "analyse": "a", "wat_de_gemeenschap_wil": "w",
    ...     "aanbevelingen": [{"id": "R1", "tekst": "Vraag door", "minderheid": "m"}]})
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'aanbevelingen[1].onderbouwing': de onderbouwing (waar blijkt dit uit?) ontbreekt
    """
    model = validate(ContentModel, data, path=path, first=1,
                     what="de inhoud van de handreiking is leeg of geen lijst van velden")

    def need(value: str, *parts: str | int, what: str) -> str:
        if not value:
            raise InputError(f"{what} ontbreekt", path=path, place=key_path(*parts, first=1))
        return value

    title = need(model.title, "titel", what="de titel")
    audience = need(model.audience, "beroepsgroep",
                    what="de beroepsgroep voor wie de handreiking is")
    context = need(model.context, "context", what="de context")
    analysis = need(model.analysis, "analyse", what="de analyse")
    wants = need(model.community_wants, "wat_de_gemeenschap_wil",
                 what="wat de gemeenschap zelf wil")
    recommendations: list[Recommendation] = []
    for i, item in enumerate(model.recommendations):
        rid = item.id or f"R{i + 1}"
        if rid in {r.id for r in recommendations}:
            raise InputError(f"de aanbeveling '{rid}' komt twee keer voor", path=path,
                             place=key_path("aanbevelingen", i, "id", first=1))
        recommendations.append(Recommendation(
            rid, need(item.text, "aanbevelingen", i, "tekst", what="de tekst van de aanbeveling"),
            need(item.evidence, "aanbevelingen", i, "onderbouwing",
                 what="de onderbouwing (waar blijkt dit uit?)"),
            item.minority_view, item.source, item.co_developed))
        if not item.minority_view and not item.source:
            raise InputError("het minderheidsstandpunt ontbreekt: schrijf op wat de minderheid "
                             "vond en nodig had, of 'er was geen minderheid' als iedereen het "
                             "eens was, of verwijs met 'bron' naar het verslag", path=path,
                             place=key_path("aanbevelingen", i, "minderheid", first=1))
    if not recommendations:
        raise InputError("zet minstens één aanbeveling in de handreiking", path=path,
                         place=key_path("aanbevelingen"))
    quotes = []
    for i, item in enumerate(model.quotes):
        if isinstance(item, dict):
            quote = validate(_QuoteModel, item, path=path, first=1, prefix=("citaten", i))
            quotes.append(Quote(need(quote.narrative, "citaten", i, "narratief",
                                     what="het narratief (id)"), quote.fragment))
        else:
            quotes.append(Quote(str(item).strip()))
    return HandreikingContent(title, audience, context, analysis, wants, recommendations, quotes,
                              [a for a in model.authors if a], model.reflection)


def load_content(path: str | os.PathLike) -> HandreikingContent:
    """Read ``inhoud.yaml`` (pseudonymised at ingest, see :func:`ingest_content`) and check it."""
    return validate_content(ingest_content(path), path=path)


def pseudonymise_content(content: dict) -> tuple[dict, dict[str, int]]:
    """The handreiking's content as it may be stored: every free text, the authors and the
    recommendations pseudonymised (the kit's gate pseudonymiser, deduce on, on the user's
    vault); the quotes (narrative ids and fragments of pseudonymised narratives) stay as they
    are. The raw content, when it differs, is kept in the vault only (``ruwe-invoer/``, 0600).

    Returns:
        The clean content and how many pieces were replaced per category.
    """
    import hashlib
    import json

    from kit.io import atomic_write_text
    from kit.privacy.gate import pseudonymiser
    from kit.privacy.vault import as_vault

    engine = pseudonymiser()
    counts: dict[str, int] = {}

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                return value
            result = engine.pseudonymise(value)
            for category, number in result.counts.items():
                counts[category] = counts.get(category, 0) + number
            return result.text
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [clean(v) for v in value]
        return value

    out = {key: (value if key == "citaten" else clean(value)) for key, value in content.items()}
    if out != content:
        raw = json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1, default=str)
        name = f"handreiking-inhoud-{hashlib.sha256(raw.encode()).hexdigest()[:16]}.json"
        folder = as_vault(None).file("ruwe-invoer")
        folder.mkdir(mode=0o700, exist_ok=True)
        atomic_write_text(folder / name, raw, permissions=0o600)
    return out, counts


def content_finding(path: str | os.PathLike, counts: dict[str, int]) -> str:
    """The Dutch line that says what :func:`ingest_content` replaced.

    >>> content_finding("h/inhoud.yaml", {"PERSOON": 3, "TELEFOON": 1})
    'h/inhoud.yaml: persoonsgegevens gevonden en vervangen door labels (3× PERSOON, 1× TELEFOON); het origineel staat alleen in je kluis (ruwe-invoer/).'
    """
    parts = ", ".join(f"{n}× {category}" for category, n in sorted(counts.items()))
    return (f"{path}: persoonsgegevens gevonden en vervangen door labels ({parts}); het origineel "
            "staat alleen in je kluis (ruwe-invoer/).")


def ingest_content(path: str | os.PathLike, *, say: Callable[[str], Any] | None = print) -> Any:
    """Read a (hand-edited) ``inhoud.yaml`` the way the kit stores it: pseudonymised.

    Every free text passes the privacy core (:func:`pseudonymise_content`); when something was
    replaced, the file is rewritten with the labels (atomically), the raw content goes to the
    vault only, and a Dutch finding is given to ``say`` (default: printed).

    Returns:
        The (pseudonymised) data as read from the YAML file.
    """
    from kit.io import read_yaml, write_yaml

    data = read_yaml(path)
    if not isinstance(data, dict):
        return data
    clean, counts = pseudonymise_content(data)
    if clean != data:
        write_yaml(clean, path)
        if say is not None:
            say(content_finding(path, counts))
    return clean


def _rows(narratives: Any) -> list[Mapping[str, Any]]:
    if hasattr(narratives, "to_dict"):
        return narratives.to_dict("records")
    return list(narratives)


def consent_checker(vault: Any = None) -> Callable[[str], str | None]:
    """A function ``participant -> reason for refusal or None`` for purpose 'publicatie'.

    Args:
        vault: the vault with the consent register (default: the user's vault).

    Returns:
        The checker (uses :meth:`kit.privacy.consent.ConsentRegister.refusal_reason`).
    """
    from kit.privacy.consent import ConsentRegister

    register = ConsentRegister(vault)
    return lambda participant: register.refusal_reason(participant, "publicatie")


def resolve_quotes(quotes: Sequence[Quote], narratives: Any,
                   refusal: Callable[[str], str | None], *,
                   path: str | os.PathLike | None = None) -> list[ResolvedQuote]:
    """Check each quote against the narratives and consent for publication.

    Args:
        quotes: the quotes the student chose.
        narratives: the pseudonymised narratives (DataFrame or dicts with id, participant, text).
        refusal: ``participant -> reason`` why publication is not allowed, or ``None``.
        path: the content file, for error messages.

    Returns:
        The quotes with their pseudonymised text.

    Raises:
        ConsentError: when a teller did not consent to publication (with the reason).
        InputError: for an unknown narrative or a fragment that is not in its text.
    """
    by_id = {str(r.get("id")): r for r in _rows(narratives)}
    resolved = []
    for i, quote in enumerate(quotes):
        place = field_place("citaten", i, "narratief")
        row = by_id.get(quote.narrative)
        if row is None:
            raise InputError(f"onbekend narratief '{quote.narrative}' (niet in narratieven.csv)",
                             path=path, place=place)
        participant = str(row.get("participant", "")).strip()
        reason = refusal(participant) if participant else "bij dit narratief staat geen deelnemer"
        if reason:
            raise ConsentError(f"dit citaat mag niet in de handreiking: {reason}", path=path,
                               place=place)
        text = str(row.get("text", "")).strip()
        if quote.fragment:
            if quote.fragment not in text:
                raise InputError("dit fragment staat niet letterlijk in het (gepseudonimiseerde) "
                                 "narratief; kopieer het uit narratieven.csv", path=path,
                                 place=field_place("citaten", i, "fragment"))
            text = quote.fragment
        if len(text) > _MAX_QUOTE:
            raise InputError(f"dit citaat is langer dan {_MAX_QUOTE} tekens: kies met 'fragment' "
                             "het stuk dat je nodig hebt", path=path, place=place)
        resolved.append(ResolvedQuote(quote.narrative, text, str(row.get("community", "") or "")))
    return resolved


def publishable_narratives(narratives: Any, refusal: Callable[[str], str | None]):
    """The narratives whose tellers consented to publication (a DataFrame: id, community, text).

    >>> publishable_narratives([{"id": "n1", "participant": "P1", "community": "c", "text": "t"},
    ...     {"id": "n2", "participant": "P2", "community": "c", "text": "u"}],
    ...     lambda p: None if p == "P1" else "nee")["id"].tolist()
    ['n1']
    """
    import pandas as pd

    rows = [{"id": str(r.get("id")), "community": str(r.get("community", "") or ""),
             "text": str(r.get("text", ""))} for r in _rows(narratives)
            if str(r.get("participant", "")).strip()
            and refusal(str(r.get("participant")).strip()) is None]
    return pd.DataFrame(rows, columns=["id", "community", "text"])


def link_record(content: HandreikingContent, record: Any = None, *,
                path: str | os.PathLike | None = None) -> list[Recommendation]:
    """Connect recommendations to the dialogue record through their ``bron``.

    A source must be a statement (``S..``) or agreement (``A..``) of the record.
    A recommendation without its own minority view gets the minority view of
    its statement from the record.

    Returns:
        The recommendations, completed.

    Raises:
        InputError: for an unknown source or a minority view that is still missing.

    >>> from kit.dialogue.record import MinorityView, Record, Statement
    >>> rec = Record("t", statements=[Statement("S1", "s")],
    ...              minority=[MinorityView("S1", "Te snel.", "Een proefperiode.")])
    >>> c = HandreikingContent("t", "politici", "c", "a", "w", [Recommendation("R1", "x", "S1", "", "S1")])
    >>> link_record(c, rec)[0].minority_view
    'Te snel. Nodig om mee te gaan: Een proefperiode.'
    """
    statements, agreements, minority = {}, {}, {}
    if record is not None:
        statements = {s.id: s for s in record.statements}
        agreements = {a.id: a for a in record.agreements}
        for m in record.minority:
            minority.setdefault(m.statement, []).append(m)
    out = []
    for i, rec in enumerate(content.recommendations):
        view = rec.minority_view
        if rec.source:
            if record is None:
                raise InputError(f"deze aanbeveling verwijst naar '{rec.source}' maar er is geen "
                                 "verslag van de dialoogtafel", path=path,
                                 place=field_place("aanbevelingen", i, "bron"))
            if rec.source not in statements and rec.source not in agreements:
                known = ", ".join([*statements, *agreements]) or "geen"
                raise InputError(f"onbekende bron '{rec.source}': geen stelling of afspraak uit het "
                                 f"verslag (bekend: {known})", path=path,
                                 place=field_place("aanbevelingen", i, "bron"))
            statement = rec.source if rec.source in statements else agreements[rec.source].statement
            if not view and statement in minority:
                view = " ".join(f"{m.view} Nodig om mee te gaan: {m.needs}" for m in minority[statement])
        if not view:
            raise InputError("het minderheidsstandpunt ontbreekt en staat ook niet in het verslag",
                             path=path, place=field_place("aanbevelingen", i, "minderheid"))
        out.append(Recommendation(rec.id, rec.text, rec.evidence, view, rec.source, rec.co_developed))
    return out


def code_overview(codings: Any, *, top: int = 8) -> list[tuple[str, int]]:
    """The most frequent codes with the number of narratives they appear in.

    >>> code_overview([{"document": "n1", "code": "bank"}, {"document": "n1", "code": "bank"},
    ...                {"document": "n2", "code": "bank"}, {"document": "n2", "code": "humor"}])
    [('bank', 2), ('humor', 1)]
    """
    if codings is None:
        return []
    docs: dict[str, set[str]] = {}
    for row in _rows(codings):
        code = str(row.get("code", "")).strip()
        if code:
            docs.setdefault(code, set()).add(str(row.get("document", "")))
    return sorted(((c, len(d)) for c, d in docs.items()), key=lambda x: (-x[1], x[0]))[:top]


def published_code_counts(codes: Sequence[tuple[str, int]], *, k: int = 10) -> list[tuple[str, str]]:
    """The code counts as the handreiking publishes them: fewer than ``k`` narratives is ``<k``.

    The counts overlap (a narrative has several codes) and no total is published beside
    them, so hiding the small ones is enough (no complementary suppression needed).

    >>> published_code_counts([("bank", 12), ("humor", 3)])
    [('bank', '12'), ('humor', '<10')]
    """
    from kit.privacy.disclosure import MIN_K

    k = max(int(k), MIN_K)
    return [(code, str(n) if n == 0 or n >= k else f"<{k}") for code, n in codes]


def recommendations_frame(content: HandreikingContent, recommendations: Sequence[Recommendation]):
    """The recommendations as a table with the columns of :data:`RECOMMENDATION_COLUMNS`.

    >>> c = HandreikingContent("t", "huisartsen", "c", "a", "w", [])
    >>> recommendations_frame(c, [Recommendation("R1", "Vraag door", "n3", "geen")]).loc[0, "audience"]
    'huisartsen'
    """
    import pandas as pd

    rows = [{"id": r.id, "text": r.text, "audience": content.audience, "evidence": r.evidence,
             "minority_view": r.minority_view, "source": r.source,
             "co_developed": "ja" if r.co_developed else "nee", "handreiking": content.title}
            for r in recommendations]
    return pd.DataFrame(rows, columns=list(RECOMMENDATION_COLUMNS))


def _codes_note(codes) -> str:
    marks = sorted({str(n) for _c, n in codes if str(n).startswith("<")})
    return (f"{marks[0]} = minder dan {marks[0][1:]} narratieven met deze code (verborgen, zodat "
            "niemand te herkennen is)." if marks else "")


def _context(content: HandreikingContent, recommendations, quotes, codes, record) -> dict[str, Any]:
    return {"h": content, "aanbevelingen": recommendations, "citaten": quotes, "codes": codes,
            "codes_note": _codes_note(codes),
            "afspraken": list(record.agreements) if record is not None else [],
            "sessie": record}


def render_html(content: HandreikingContent, recommendations: Sequence[Recommendation],
                quotes: Sequence[ResolvedQuote], *, codes: Sequence[tuple[str, int]] = (),
                record: Any = None, template: str | os.PathLike = "handreiking.html.j2") -> str:
    """The handreiking as a complete Dutch HTML document (Jinja2 template)."""
    from kit.render import render_template

    return render_template(template, _context(content, recommendations, quotes, codes, record))


def render_docx(content: HandreikingContent, recommendations: Sequence[Recommendation],
                quotes: Sequence[ResolvedQuote], *, codes: Sequence[tuple[str, int]] = (),
                record: Any = None) -> bytes:
    """The handreiking as a Word document (python-docx), returned as bytes."""
    import docx

    doc = docx.Document()
    doc.core_properties.title = content.title
    doc.core_properties.language = "nl-NL"
    doc.core_properties.author = ", ".join(content.authors) or "IIDS-kit"
    doc.add_heading(content.title, level=0)
    doc.add_paragraph(f"Een handreiking voor {content.audience}")
    doc.add_heading("Context", level=1)
    doc.add_paragraph(content.context)
    doc.add_heading("Wat de gemeenschap vertelde", level=1)
    if quotes:
        for q in quotes:
            doc.add_paragraph(f"“{q.text}”", style="Intense Quote")
    else:
        doc.add_paragraph("Er zijn geen citaten opgenomen.")
    doc.add_heading("Analyse", level=1)
    doc.add_paragraph(content.analysis)
    if codes:
        table = doc.add_table(rows=1, cols=2)
        table.style = "Light List Accent 1"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Code", "Aantal narratieven"
        for code, n in codes:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = code, str(n)
        if _codes_note(codes):
            doc.add_paragraph(_codes_note(codes))
    doc.add_heading("Aanbevelingen", level=1)
    for r in recommendations:
        doc.add_heading(f"{r.id}. {r.text}", level=2)
        doc.add_paragraph(f"Onderbouwing: {r.evidence}")
        doc.add_paragraph(f"Minderheidsstandpunt: {r.minority_view}")
        if r.co_developed:
            doc.add_paragraph("Samen met leden van de gemeenschap ontwikkeld.")
    if record is not None and record.agreements:
        doc.add_heading("Afspraken van de dialoogtafel", level=1)
        for a in record.agreements:
            doc.add_paragraph(f"{a.text} (eigenaar: {a.owner}; datum: {a.due})", style="List Bullet")
    doc.add_heading("Wat de gemeenschap zelf wil", level=1)
    doc.add_paragraph(content.community_wants)
    doc.add_paragraph("Alle citaten zijn gepseudonimiseerd en opgenomen met toestemming van de "
                      "vertellers voor publicatie.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@dataclass
class HandreikingFiles:
    """What :func:`build_handreiking` wrote."""

    html: Path
    docx: Path
    recommendations: Path
    quotes: int


def build_handreiking(content: HandreikingContent | Mapping[str, Any] | str | os.PathLike,
                      narratives: Any, *, work: str | os.PathLike | None = None,
                      record: Any = None, codings: Any = None,
                      refusal: Callable[[str], str | None] | None = None, vault: Any = None,
                      template: str | os.PathLike = "handreiking.html.j2",
                      out: str | os.PathLike | None = None,
                      pseudonymise: Callable[[str], str] | None = None) -> HandreikingFiles:
    """Check the content and write the handreiking (HTML, DOCX) and ``aanbevelingen.csv``.

    Args:
        content: the content (a checked object, a dict, or the path of ``inhoud.yaml``).
        narratives: the pseudonymised narratives (DataFrame, dicts, or path of ``narratieven.csv``).
        work: the work folder (default: the student's workspace).
        record: the dialogue record (:class:`kit.dialogue.record.Record` or path), optional.
        codings: codings (DataFrame, dicts or path of ``coderingen.csv``), optional.
        refusal: ``participant -> reason`` (default: the consent register in ``vault``).
        vault: the vault with the consent register.
        template: the HTML template.
        out: where the HTML and DOCX go (default ``<work>/handreiking``).
        pseudonymise: a second pseudonymisation pass over the quotes (default: the kit's
            pseudonymiser with ``vault``).

    Returns:
        The paths written and the number of quotes.

    Raises:
        ConsentError / InputError: before anything is written.
    """
    from kit.io import atomic_write_bytes, atomic_write_text, write_csv

    content_path = None
    if isinstance(content, (str, os.PathLike)):
        content_path = Path(content)
        content = load_content(content_path)
    elif isinstance(content, Mapping):
        content = validate_content(content)
    if isinstance(narratives, (str, os.PathLike)):
        narratives = read_narratives(narratives)
    if isinstance(record, (str, os.PathLike)):
        from kit.dialogue.record import load_record

        record = load_record(record)
    if isinstance(codings, (str, os.PathLike)):
        from kit.io import read_csv

        codings = read_csv(codings, required=["document", "code"])
    recommendations = link_record(content, record, path=content_path)
    if refusal is None:
        refusal = consent_checker(vault) if content.quotes else (lambda participant: None)
    quotes = resolve_quotes(content.quotes, narratives, refusal, path=content_path)
    # The egress gate: everything the student wrote and every quote with its community
    # is pseudonymised before it is published (the narratives are stored pseudonymised;
    # this second pass catches what a store without the full engine let through), and the
    # written files are checked after (below).
    name_label = None
    if pseudonymise is None:
        from kit.privacy.gate import clean_text, pseudonymiser

        engine = pseudonymiser(vault)

        def pseudonymise(text: str) -> str:
            return clean_text(text, engine)

        def name_label(name: str) -> str:  # an author field holds a name, whatever it looks like
            return engine.label("PERSOON", name)
    content, recommendations = _pseudonymised_content(content, recommendations, pseudonymise,
                                                      name_label)
    if record is not None and getattr(record, "agreements", None):
        import copy

        record = copy.deepcopy(record)
        for agreement in record.agreements:  # published: no name stays, consented or not
            agreement.text, agreement.owner = (pseudonymise(agreement.text or ""),
                                               pseudonymise(agreement.owner or ""))
    quotes = [ResolvedQuote(q.narrative, pseudonymise(q.text), pseudonymise(q.community or ""))
              for q in quotes]
    codes = published_code_counts(code_overview(codings))
    html = render_html(content, recommendations, quotes, codes=codes, record=record,
                       template=template)
    docx_bytes = render_docx(content, recommendations, quotes, codes=codes, record=record)
    frame = recommendations_frame(content, recommendations)
    target = Path(out) if out is not None else handreiking_dir(work)
    html_path = atomic_write_text(target / "handreiking.html", html)
    docx_path = atomic_write_bytes(target / "handreiking.docx", docx_bytes)
    csv_path = write_csv(frame, dialogue_dir(work) / "aanbevelingen.csv")
    from kit.privacy.gate import verify_published

    verify_published([html_path, docx_path, csv_path], "de handreiking")
    _note_lineage([html_path, docx_path], content_path, narratives, quotes, work, vault)
    return HandreikingFiles(html_path, docx_path, csv_path, len(quotes))


def _note_lineage(documents, content_path, narratives, quotes, work, vault) -> None:
    """Note the handreiking's documents (and its ``inhoud.yaml``, with the quoted narrative
    ids per participant) in the lineage index by the participants it quotes, so a withdrawal
    takes the quotes out and removes the documents wherever they were written."""
    from kit.privacy.lineage import narratives_of, record_narratives

    behind = narratives_of(_rows(narratives))
    quoted = [q.narrative for q in quotes]
    source = content_path or "inhoud.yaml"
    again = f"iids dialogue handreiking {source} --werkmap {work} (maak de handreiking opnieuw)"
    for document in documents:
        record_narratives(document, behind, ids=quoted, kind="handreiking", regenerate=again,
                          vault=vault)
    if content_path is not None:
        record_narratives(content_path, behind, ids=quoted, kind="handreiking", regenerate=again,
                          vault=vault, per_code=True)


def _pseudonymised_content(content: HandreikingContent, recommendations, pseudonymise,
                           name_label=None):
    """The content and recommendations with every free text passed through ``pseudonymise``
    (and each author, a name by definition, replaced by ``name_label`` when given)."""
    import dataclasses

    def p(text):
        return pseudonymise(text) if isinstance(text, str) and text.strip() else text

    def author(name):
        return name_label(name) if name_label is not None and name.strip() else p(name)

    content = dataclasses.replace(
        content, title=p(content.title), audience=p(content.audience), context=p(content.context),
        analysis=p(content.analysis), community_wants=p(content.community_wants),
        reflection=p(content.reflection), authors=[author(a) for a in content.authors],
        recommendations=[dataclasses.replace(r, text=p(r.text), evidence=p(r.evidence),
                                             minority_view=p(r.minority_view))
                         for r in content.recommendations])
    recommendations = [dataclasses.replace(r, text=p(r.text), evidence=p(r.evidence),
                                           minority_view=p(r.minority_view))
                       for r in recommendations]
    return content, recommendations


def read_narratives(path: str | os.PathLike):
    """Read ``narratieven.csv``: through the narratives store (checked against the
    ``kader.yaml`` beside it) when there is one, else as a plain CSV with at least
    ``id``, ``participant`` and ``text``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "narratieven.csv"
    >>> _ = p.write_text("id,participant,text\\nn1,P1,Hoi\\n")
    >>> read_narratives(p).loc[0, "participant"]
    'P1'
    """
    p = Path(path)
    csv = p / "narratieven.csv" if p.is_dir() else p
    if (csv.parent / "kader.yaml").is_file():
        from kit.narratives.store import load_narratives

        return load_narratives(csv)
    from kit.io import read_csv

    return read_csv(csv, required=["id", "participant", "text"])


def write_content_template(work: str | os.PathLike | None = None) -> Path:
    """Put an ``inhoud.yaml`` to fill in into ``<work>/handreiking/`` (an existing one is kept).

    Args:
        work: the work folder (default: the student's workspace).

    Returns:
        The path of ``inhoud.yaml``.

    >>> import tempfile
    >>> p = write_content_template(tempfile.mkdtemp())
    >>> load_content(p).recommendations[0].id
    'R1'
    """
    from kit.config import data_path
    from kit.io import atomic_write_text, read_text

    target = handreiking_dir(work) / CONTENT_FILE
    if not target.exists():
        atomic_write_text(target, read_text(data_path("sjablonen", "handreiking-inhoud.yaml")))
    return target


def build_from_work(work: str | os.PathLike | None = None, *, vault: Any = None,
                    refusal: Callable[[str], str | None] | None = None) -> HandreikingFiles:
    """Build the handreiking from the files in a work folder.

    Uses ``handreiking/inhoud.yaml`` and, when present, ``narratieven.csv``,
    ``coderingen.csv`` and ``dialoog/verslag.yaml``.

    Args:
        work: the work folder (default: the student's workspace).
        vault: the vault with the consent register (default: the user's vault).
        refusal: instead of the register: ``participant -> reason or None``.

    Returns:
        What was written (see :func:`build_handreiking`).
    """
    if work is None:
        from kit.workspace import workspace

        work = workspace()
    folder = Path(work)
    content = handreiking_dir(folder) / CONTENT_FILE
    if not content.is_file():
        raise InputError("de inhoud van de handreiking ontbreekt; maak hem eerst met "
                         "write_content_template()", path=content)
    narratives = folder / "narratieven.csv"
    record = dialogue_dir(folder) / "verslag.yaml"
    codings = folder / "coderingen.csv"
    return build_handreiking(content, narratives if narratives.is_file() else [], work=folder,
                             record=record if record.is_file() else None,
                             codings=codings if codings.is_file() else None,
                             refusal=refusal, vault=vault)
