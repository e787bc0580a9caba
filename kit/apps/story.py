"""The story form's logic: consent in plain words, the story as a record, saving through the kit.

The phone form (``apps/verhaal-vertellen.ipynb``, :mod:`kit.apps.story_widgets`) is a thin
layer over these functions. A story goes the same way as one typed into the entry form of
the course: the consent register in the student's vault, then
:class:`kit.narratives.store.NarrativeStore` (pseudonymise every free text, scan, validate,
atomic write in the student's work folder). Nothing is stored anywhere else and nothing is
shown back to anyone but the teller.

Consent comes first, one purpose at a time (:data:`CONSENT_QUESTIONS`); without consent
for education nothing is stored (:func:`consent_purposes`). The answers are kept as a
consent copy in the vault (``toestemming-app/<code>.json``); the register keeps its
SHA-256, as it does for a signed paper form.

>>> consent_purposes({"onderwijs": True, "programma-evaluatie": False, "publicatie": True})
['onderwijs', 'publicatie']
>>> consent_purposes({"onderwijs": False, "publicatie": True})
Traceback (most recent call last):
...
kit.errors.ConsentError: zonder toestemming om je verhaal in het onderwijs te gebruiken bewaren we het niet
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kit.errors import ConsentError, InputError

__all__ = ["FORM_VERSION", "CONSENT_QUESTIONS", "RETENTION_YEARS", "CONSENT_FOLDER",
           "ConsentQuestion", "consent_purposes", "register_consent", "build_record",
           "preview_lines", "new_participant_code"]

#: The version of the consent text below (stored in the register with each consent).
FORM_VERSION = "verhaalformulier-v1"
#: How long a story may be kept (years after the day of telling).
RETENTION_YEARS = 2
#: The vault folder with the consent copies of the form.
CONSENT_FOLDER = "toestemming-app"


@dataclass(frozen=True)
class ConsentQuestion:
    """One purpose, asked in easy words."""

    purpose: str
    question: str
    explanation: str
    required: bool = False


#: The purposes, one question each, in the order the form asks them.
CONSENT_QUESTIONS = (
    ConsentQuestion("onderwijs", "Mogen studenten van de minor leren van jouw verhaal?",
                    "Studenten lezen je verhaal en zoeken naar patronen. Je naam staat er nooit "
                    "bij. Zonder dit ja kunnen we je verhaal niet bewaren.", required=True),
    ConsentQuestion("programma-evaluatie", "Mag je verhaal meetellen als we kijken of de minor "
                    "goed werkt?", "We tellen alleen verhalen. We noemen niemand."),
    ConsentQuestion("publicatie", "Mogen we een stukje van je verhaal laten zien aan anderen?",
                    "Bijvoorbeeld aan de gemeente of de bank bij een gesprek aan de dialoogtafel. "
                    "Zonder je naam en zonder dingen waaraan iemand je kan herkennen."),
)


def consent_purposes(answers: Mapping[str, bool]) -> list[str]:
    """The purposes answered with yes, in the register's terms.

    Raises:
        ConsentError: when the required purpose (education) was not answered with yes.
    """
    for question in CONSENT_QUESTIONS:
        if question.required and not answers.get(question.purpose):
            raise ConsentError("zonder toestemming om je verhaal in het onderwijs te gebruiken "
                               "bewaren we het niet")
    return [q.purpose for q in CONSENT_QUESTIONS if answers.get(q.purpose)]


def new_participant_code(session: str) -> str:
    """A fresh participant code for a teller (never a name): the session and a random part
    (letters without vowels: :func:`kit.apps.links.random_letters`).

    >>> code = new_participant_code("S-bkdfrt")
    >>> code.startswith("P-bkdfrt-"), len(code)
    (True, 13)
    """
    from kit.apps.links import random_letters

    return f"P-{session.removeprefix('S-')}-{random_letters(4)}"


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _new_code(register, session: str, tries: int = 50) -> str:
    """A participant code not yet in ``register`` that the narrative store takes: the
    privacy check its code fields go through finds nothing in it (so a teller's story is
    never refused for the code the kit gave)."""
    from kit.privacy.scan import scan_text

    for _ in range(tries):
        code = new_participant_code(session)
        if register.get(code) is None and not scan_text(code, use_deduce=True):
            return code
    raise InputError(f"de sessie '{session}' geeft geen bruikbare deelnemerscode; maak een "
                     "nieuwe sessielink", place="sessie")


def register_consent(vault, session, answers: Mapping[str, bool], *, today: date) -> str:
    """Register a teller's consent in the vault; returns the new participant code.

    The consent copy (the questions as shown, the answers, the session, the day) is written
    in the vault with mode 0600; the register keeps its SHA-256.

    Args:
        vault: the student's vault.
        session: the :class:`kit.apps.links.Session` of the link.
        answers: ``{purpose: yes/no}``.
        today: the day of telling.

    Raises:
        ConsentError: without consent for education (nothing is registered).

    >>> import tempfile, pathlib
    >>> from kit.apps.links import Session
    >>> from kit.privacy.consent import ConsentRegister
    >>> from kit.privacy.vault import open_vault
    >>> v = open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis")
    >>> code = register_consent(v, Session("S-01ab", "S-01", 0), {"onderwijs": True},
    ...                         today=date(2026, 12, 2))
    >>> ConsentRegister(v).get(code).purposes, ConsentRegister(v).get(code).retention_until
    (frozenset({'onderwijs'}), datetime.date(2028, 12, 2))
    """
    from kit.io import atomic_write_text
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import as_vault

    purposes = consent_purposes(answers)
    vault = as_vault(vault)
    register = ConsentRegister(vault)
    code = _new_code(register, session.session)
    copy = {"formulier": FORM_VERSION, "sessie": session.session, "verzamelaar": session.collector,
            "deelnemer": code, "datum": today.isoformat(),
            "vragen": [{"doel": q.purpose, "vraag": q.question, "uitleg": q.explanation,
                        "antwoord": "ja" if answers.get(q.purpose) else "nee"}
                       for q in CONSENT_QUESTIONS]}
    text = json.dumps(copy, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic_write_text(vault.folder(CONSENT_FOLDER) / f"{code}.json", text, permissions=0o600)
    register.add(code, FORM_VERSION, today, hashlib.sha256(text.encode("utf-8")).hexdigest(),
                 purposes, _years_later(today, RETENTION_YEARS))
    return code


def build_record(session, participant: str, answers: Mapping[str, Any], *, prompt,
                 today: date) -> dict[str, Any]:
    """The story as a record for :meth:`kit.narratives.store.NarrativeStore.prepare`.

    Args:
        session: the link's session (collector, community).
        participant: the code :func:`register_consent` gave.
        answers: ``title``, ``text``, ``community`` and the signifier answers in the natural
            shape of :func:`kit.narratives.schema.flatten_answers`.
        prompt: the prompt the teller answered (its signifiers are the ones kept).
        today: the day of telling (the record's month).

    >>> from kit.apps.links import Session
    >>> from kit.narratives.framework import default_framework
    >>> fw = default_framework()
    >>> r = build_record(Session("S-01ab", "S-01", 0, "buurt"), "P-01ab-0000",
    ...                  {"text": " Het ging goed. ", "welkom": 0.75}, prompt=fw.prompts[0],
    ...                  today=date(2026, 12, 2))
    >>> r["month"], r["community"], r["text"], r["welkom"], r["setting"]
    ('2026-12', 'buurt', 'Het ging goed.', 0.75, 'online')
    """
    text = str(answers.get("text", "")).strip()
    if not text:
        raise InputError("vertel eerst je verhaal", place="veld 'verhaal'")
    record: dict[str, Any] = {
        "month": today.strftime("%Y-%m"), "setting": "online",
        "community": str(answers.get("community") or session.community or "").strip(),
        "collector": session.collector, "participant": participant,
        "title": str(answers.get("title", "")).strip(), "text": text, "language": "nl",
        "notes": f"verteld met het verhaalformulier, sessie {session.session}, vraag "
                 f"'{prompt.id}'", "synthetic": "false"}
    for sid in prompt.signifiers:
        value = answers.get(sid)
        if value not in (None, "", [], {}):
            record[sid] = value
    return record


def preview_lines(prepared: Mapping[str, str], framework) -> list[tuple[str, str]]:
    """What will be stored, as ``(Dutch label, value)`` pairs for the preview.

    >>> from kit.narratives.framework import default_framework
    >>> preview_lines({"title": "", "text": "Bij [PERSOON-1a2b] thuis.", "community": "buurt",
    ...                "welkom": "0.75"}, default_framework())[:2]
    [('Je verhaal', 'Bij [PERSOON-1a2b] thuis.'), ('Groep', 'buurt')]
    """
    lines = []
    if prepared.get("title"):
        lines.append(("Titel", prepared["title"]))
    lines.append(("Je verhaal", prepared.get("text", "")))
    if prepared.get("community"):
        lines.append(("Groep", prepared["community"]))
    for s in framework.signifiers:
        if s.kind == "dyade" and prepared.get(s.id, "") != "":
            share = round(float(prepared[s.id]) * 100)
            lines.append((s.question, f"{share}% richting '{s.right}'"))
        elif s.kind == "keuze" and prepared.get(s.id):
            lines.append((s.question, str(prepared[s.id]).replace("|", ", ")))
        elif s.kind == "triade":
            values = [prepared.get(c, "") for c in s.columns()]
            if all(v != "" for v in values):
                lines.append((s.question, ", ".join(
                    f"{c.label} {round(float(v) * 100)}%" for c, v in zip(s.corners, values,
                                                                          strict=True))))
    return lines
