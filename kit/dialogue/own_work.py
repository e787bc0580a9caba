"""The student's own work from earlier modules, or the example when it is not there yet.

Modules 09 and 11 build on what a student made before: the stakeholder map and the
participation plan (module 09), the codes and codebook (module 07) and the
counter-story (module 08), all in the one workspace (:func:`kit.workspace.workspace`).
Each function here returns a :class:`Found`: the value, whether it is the student's own,
and one Dutch line that says which it is. Nothing falls back silently: when the example
is used, the line says so and names the file the student can still make.

>>> import tempfile
>>> werk = tempfile.mkdtemp()
>>> found = own_counter_story(werk)
>>> found.own, found.note.startswith("Nog geen eigen tegenverhaal")
(False, True)
>>> import pathlib
>>> _ = (pathlib.Path(werk) / "tegenverhaal-dd01.md").write_text(
...     "# x\\n\\n## 3. Jouw tegenverhaal\\n\\nUitleg.\\n\\n> *Jouw antwoord:* Wij wonen hier ook.\\n"
...     "Dat mag gezien worden.\\n\\n## 4. Terugblik\\n", encoding="utf-8")
>>> found = own_counter_story(werk)
>>> found.own, found.value
(True, 'Wij wonen hier ook. Dat mag gezien worden.')
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.dialogue.common import DIALOGUE_FOLDER

__all__ = ["Found", "own_parties", "own_participation", "own_codings", "own_code_labels",
           "own_work_lines", "own_content", "own_record",
           "practice_handreiking_inputs", "HandreikingInputs",
           "own_counter_story", "own_plan", "DEFAULT_CODEBOOK"]

#: The kit's codebook whose labels name the example codes.
DEFAULT_CODEBOOK = "erbij-horen-en-uitsluiting"


@dataclass(frozen=True)
class Found:
    """A piece of the student's work (``own``) or the example that stands in for it."""

    value: Any
    own: bool
    note: str

    def _repr_markdown_(self) -> str:  # shown as one line in a notebook
        return ("**Jouw eigen werk.** " if self.own else "**Voorbeeld.** ") + self.note


def _example(what: str, file: str) -> str:
    return (f"Nog geen eigen {what}: dit notebook gebruikt het synthetische voorbeeld "
            f"(sekswerkers). Maak en bewaar {file} in je werkmap, dan gebruikt het jouw werk.")


def own_parties(work: str | os.PathLike, case: str = "sekswerkers") -> Found:
    """The stakeholder map in ``dialoog/stakeholders.csv``, else the example's parties."""
    from kit.dialogue.examples import example_stakeholders
    from kit.dialogue.stakeholders import load_stakeholders

    path = Path(work) / DIALOGUE_FOLDER / "stakeholders.csv"
    if path.is_file():
        parties = load_stakeholders(path)
        return Found(parties, True, f"Je eigen stakeholderkaart ({len(parties)} partijen).")
    return Found(example_stakeholders(case), False,
                 _example("stakeholderkaart", "de kaart (knop Bewaren bij de stakeholderkaart)"))


def own_participation(work: str | os.PathLike, parties: list, case: str = "sekswerkers") -> Found:
    """The participation plan in ``dialoog/deelnameplan.yaml``, else the example's plan."""
    from kit.dialogue.examples import example_participation
    from kit.dialogue.stakeholders import load_participation

    path = Path(work) / DIALOGUE_FOLDER / "deelnameplan.yaml"
    if path.is_file():
        return Found(load_participation(path, parties), True, "Je eigen deelnameplan.")
    return Found(example_participation(case), False,
                 _example("deelnameplan", "het plan (knop Controleren en bewaren)"))


def own_codings(work: str | os.PathLike) -> Found:
    """Your codings (``coderingen.csv``, module 07), else the example codings.

    Only codings of your own stories count: when the workspace has ``narratieven.csv``,
    codings of other documents (practice stories that an older module 07 put there) are
    left out, and the note says how many.

    >>> import tempfile, pathlib
    >>> werk = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (werk / "narratieven.csv").write_text("id,text\\nN1,Ik werk.\\n", encoding="utf-8")
    >>> _ = (werk / "coderingen.csv").write_text(
    ...     "document,start,end,code,coder\\nN1,0,8,werk,A\\nN-2526-00001,0,5,werk,A\\n", encoding="utf-8")
    >>> found = own_codings(werk)
    >>> found.own, len(found.value), "1 codering hoort niet bij je eigen verhalen" in found.note
    (True, 1, True)
    """
    from kit.dialogue.examples import example_codings
    from kit.io import read_csv

    path = Path(work) / "coderingen.csv"
    other = 0
    if path.is_file():
        codings = read_csv(path, required=["document", "code"])
        stories = Path(work) / "narratieven.csv"
        if len(codings) and stories.is_file():
            ids = set(read_csv(stories, required=["id"])["id"].astype(str))
            mine = codings["document"].astype(str).isin(ids)
            other = int((~mine).sum())
            codings = codings[mine].reset_index(drop=True)
        extra = ""
        if other:
            extra = (f" {other} {'codering hoort' if other == 1 else 'coderingen horen'} niet bij je "
                     "eigen verhalen in narratieven.csv (oefencoderingen?); die telt dit notebook niet mee.")
        if len(codings):
            return Found(codings, True, f"Je eigen coderingen uit module 07 ({len(codings)} "
                                        "gecodeerde fragmenten)." + extra)
        return Found(example_codings(), False,
                     _example("coderingen", "coderingen.csv (codeer je eigen verhalen in module 07)") + extra)
    return Found(example_codings(), False,
                 _example("coderingen", "coderingen.csv (codeer je eigen verhalen in module 07)"))


def own_code_labels(work: str | os.PathLike) -> Found:
    """Code -> label from your ``codeboek.yaml`` (module 07), else the kit's codebook."""
    from kit.dialogue.session import code_labels

    path = Path(work) / "codeboek.yaml"
    if path.is_file():
        return Found(code_labels(path), True, "De namen van de codes komen uit je eigen codeboek.")
    return Found(code_labels(DEFAULT_CODEBOOK), False,
                 "Nog geen eigen codeboek: de namen van de codes komen uit het codeboek van de kit.")


_SECTION = re.compile(r"^##\s*3\.[^\n]*\n(.*?)(?=^##\s|\Z)", re.S | re.M)
_ANSWER = re.compile(r"^>\s*\*Jouw antwoord:\*\s*", re.M)


def _counter_story_text(markdown: str) -> str:
    """The student's text in section 3 of a counter-story worksheet ('' when not written)."""
    match = _SECTION.search(markdown)
    if not match:
        return ""
    body = match.group(1)
    start = _ANSWER.search(body)
    if start is None:
        return ""
    lines = []
    for line in body[start.end():].splitlines():
        line = re.sub(r"^>\s?", "", line).strip()
        if line:
            lines.append(line)
    return " ".join(lines).strip()


def own_counter_story(work: str | os.PathLike, case: str = "sekswerkers") -> Found:
    """Your counter-story (section 3 of ``tegenverhaal-*.md``, module 08), else the example's."""
    from kit.dialogue.examples import example_counter_story
    from kit.io import read_text

    for path in sorted(Path(work).glob("tegenverhaal-*.md")):
        text = _counter_story_text(read_text(path))
        if text:
            return Found(text, True, f"Je eigen tegenverhaal uit {path.name}.")
    return Found(example_counter_story(case), False,
                 "Nog geen eigen tegenverhaal: dit notebook gebruikt het synthetische voorbeeld "
                 "(sekswerkers). Schrijf je tegenverhaal in deel 3 van tegenverhaal-dd01.md "
                 "(module 08), dan gebruikt het jouw tekst.")


def own_plan(work: str | os.PathLike) -> Found:
    """Your session plan (``dialoog/sessieplan.yaml``, module 09), or ``None``."""
    from kit.dialogue.session import load_plan

    path = Path(work) / DIALOGUE_FOLDER / "sessieplan.yaml"
    if path.is_file():
        return Found(load_plan(path), True, "Je eigen sessieplan uit module 09.")
    return Found(None, False, "Nog geen eigen sessieplan: maak het in module 09.")


def own_work_lines(work: str | os.PathLike) -> list[str]:
    """Per part of the dialogue preparation: is it the student's own work, or the example?

    >>> import tempfile
    >>> lines = own_work_lines(tempfile.mkdtemp())
    >>> len(lines), all(line.startswith("Voorbeeld:") for line in lines)
    (5, True)
    """
    parties = own_parties(work)
    found = [parties, own_participation(work, parties.value), own_codings(work),
             own_counter_story(work), own_plan(work)]
    return [("Eigen werk: " if f.own else "Voorbeeld: ") + f.note for f in found]


def own_content(work: str | os.PathLike, case: str = "sekswerkers") -> Found:
    """The handreiking's content (``handreiking/inhoud.yaml``), else the example's content.

    The example's analysis then ends with the student's own counter-story when there is one,
    so the practice handreiking of module 11 carries the student's own voice.
    """
    from kit.dialogue.common import handreiking_dir
    from kit.dialogue.examples import example_content

    path = handreiking_dir(work) / "inhoud.yaml"
    if path.is_file():
        from kit.dialogue.handreiking import ingest_content

        said: list[str] = []
        data = ingest_content(path, say=said.append)
        if isinstance(data, dict):
            note = "De inhoud van je eigen handreiking (handreiking/inhoud.yaml)."
            if said:
                note += " Let op: er stonden persoonsgegevens in; die zijn vervangen door " \
                        "labels en het origineel staat alleen in je kluis."
            return Found(data, True, note)
    content = example_content(case)
    story = own_counter_story(work, case)
    if story.own:
        content["analyse"] = f"{content['analyse']} Ons tegenverhaal: {story.value}"
        return Found(content, False, "Nog geen eigen inhoud: dit notebook gebruikt de inhoud van "
                                     "het synthetische voorbeeld, met jouw tegenverhaal in de analyse.")
    return Found(content, False, "Nog geen eigen inhoud en nog geen eigen tegenverhaal: dit notebook "
                                 "gebruikt de inhoud van het synthetische voorbeeld (sekswerkers).")


def own_record(work: str | os.PathLike, case: str = "sekswerkers") -> Found:
    """Your dialogue record (``dialoog/verslag.yaml``, module 10), else the example's record."""
    from kit.dialogue.examples import example_record
    from kit.dialogue.record import load_record

    path = Path(work) / DIALOGUE_FOLDER / "verslag.yaml"
    if path.is_file():
        return Found(load_record(path), True, "Het verslag van je eigen dialoogtafel.")
    return Found(example_record(case), False,
                 _example("verslag van de dialoogtafel", "het verslag (module 10, knop Bewaren)"))


#: The practice quote of module 11: from the synthetic practice stories, with practice consent.
PRACTICE_QUOTE = {"narratief": "n1", "fragment": "Ik betaal gewoon belasting, net als iedereen."}


@dataclass(frozen=True)
class HandreikingInputs:
    """What module 11's practice handreiking is built from, and where each part came from."""

    content: dict
    record: Any
    codings: Any
    notes: list[str]

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- {note}" for note in self.notes)


def practice_handreiking_inputs(work: str | os.PathLike, case: str = "sekswerkers"
                                ) -> HandreikingInputs:
    """Content, record and codings for the practice handreiking: your own where you have them.

    The quotes always come from the synthetic practice stories (their consent is in the
    practice vault); the record is your own only together with your own content, because
    the recommendations of the example refer to the example's statements and agreements.

    >>> import tempfile
    >>> inputs = practice_handreiking_inputs(tempfile.mkdtemp())
    >>> inputs.content["citaten"][0]["narratief"], len(inputs.notes)
    ('n1', 3)
    """
    from kit.dialogue.examples import example_record

    content = own_content(work, case)
    data = dict(content.value)
    data["citaten"] = [dict(PRACTICE_QUOTE)]
    record = own_record(work, case)
    notes = [content.note]
    if content.own:
        notes.append(record.note)
        use_record = record.value
    else:
        use_record = example_record(case)
        notes.append("Het verslag komt uit het voorbeeld, omdat de aanbevelingen van het voorbeeld "
                     "naar de stellingen en afspraken van het voorbeeld verwijzen.")
    codings = own_codings(work)
    notes.append(codings.note)
    return HandreikingInputs(data, use_record, codings.value, notes)
