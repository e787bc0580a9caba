"""Worksheets: Fairclough's three dimensions for one text, and a stock story versus counter-story.

Both return Markdown a student fills in (in the notebook, or saved to ``mijn-werk/``).

- :func:`fairclough_worksheet`: the text, the devices found in it (text level), and
  questions for discursive practice and social practice.
- :func:`counter_story_template`: a stock story from the dominant corpus beside
  pseudonymised quotes from the student's own narratives (Solórzano & Yosso, 2002:
  majoritarian stories versus counter-stories grounded in the experience of the people
  the stock story is about).

>>> sheet = fairclough_worksheet("dd07")
>>> "## 1. Tekst" in sheet and "## 3. Sociale praktijk" in sheet
True
>>> import pandas as pd
>>> mine = pd.DataFrame({"id": ["N1"], "text": ["De bank sloot mijn rekening. Ik lachte erom."]})
>>> "> De bank sloot mijn rekening." in counter_story_template(mine, stock_text_id="dd04")
True
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

from kit.errors import InputError

__all__ = ["fairclough_worksheet", "counter_story_template", "pick_quotes", "save_worksheet",
           "coding_worksheet", "counter_story_sheet"]

_ANSWER = "> *Jouw antwoord:* \n"
#: Kinds of personal data that must never appear in a quote (pseudonymisation missed them).
_HARD_IDENTIFIERS = frozenset({"TELEFOON", "EMAIL", "BSN", "IBAN", "ADRES", "POSTCODE", "KENTEKEN"})


def _safe(quote: str) -> bool:
    """False when the privacy detectors still find a hard identifier in a quote."""
    from kit.privacy.detectors import detect

    return not any(span.category in _HARD_IDENTIFIERS for span in detect(quote))


def _corpus_text(text_id: str, corpus) -> dict[str, Any]:
    from kit.analysis.discourse_corpus import load_dominant_corpus

    frame = load_dominant_corpus() if corpus is None else corpus
    rows = frame[frame["id"] == text_id]
    if rows.empty:
        raise InputError(f"de tekst '{text_id}' staat niet in het corpus; kies uit: "
                         f"{', '.join(frame['id'])}")
    return rows.iloc[0].to_dict()


def fairclough_worksheet(text_id: str | None = None, *, text: str | None = None,
                         title: str | None = None, corpus=None) -> str:
    """A worksheet for Fairclough's three dimensions (text, discursive practice, social practice).

    Args:
        text_id: a text of the dominant corpus (e.g. ``"dd01"``).
        text: or any text of your own.
        title: its title (for your own text).
        corpus: another corpus table instead of the shipped one.

    Returns:
        Markdown with the text, the devices found in it and questions with room to answer.
    """
    from kit.analysis.discourse_corpus import DEVICES, corpus_devices, text_devices

    if text_id is not None:
        record = _corpus_text(text_id, corpus)
        body, heading = record["text"], f"{record['title']} ({record['genre']}, {record['year']})"
        note = f"*Bron: {record['source']}. Groep waarover het gaat: {record['group']}.*"
    elif text and text.strip():
        body, heading, note = text.strip(), title or "Eigen tekst", "*Bron: eigen keuze.*"
    else:
        raise InputError("kies een tekst uit het corpus (text_id) of geef een eigen tekst")
    found = text_devices(body)
    lines = [f"# Werkblad Fairclough: {heading}", "", note, "", "> " + body, "",
             "## 1. Tekst", "",
             "Kijk naar woorden en zinsbouw. De kit vond deze mogelijke tekstmiddelen "
             "(controleer ze zelf: een patroon wijst alleen):", "",
             "| middel | fragment |", "|---|---|"]
    for device, fragment in zip(found["middel"], found["fragment"], strict=True):
        lines.append(f"| {device} | {fragment.replace('|', '/')} |")
    if found.empty:
        lines.append("| - | (niets gevonden: lees zelf) |")
    if text_id is not None:
        marked = corpus_devices()
        marked = marked[marked["document"] == text_id]
        if not marked.empty:
            lines += ["", "<details><summary>Wat de makers van de kit in deze tekst zagen "
                      "(pas bekijken na je eigen analyse)</summary>", ""]
            lines += [f"- **{m}**: {f}" for m, f in zip(marked["middel"], marked["fragment"], strict=True)]
            lines += ["", "</details>"]
    lines += ["", "Vragen:", ""]
    questions_text = [
        "Hoe worden de mensen over wie het gaat genoemd? Welke andere woorden hadden er kunnen staan?",
        "Welke zinnen zijn passief of noemen geen handelende persoon? Wie doet hier eigenlijk iets?",
        "Welke handelingen zijn zelfstandige naamwoorden geworden (nominalisaties)? Wat verdwijnt daardoor uit beeld?",
        "Hoe zeker of dwingend klinkt de tekst (moet, noodzakelijk, mogelijk)?",
        "Wie wordt geciteerd, en wie niet?",
    ]
    for i, q in enumerate(questions_text, start=1):
        lines += [f"{i}. {q}", "", _ANSWER]
    lines += ["## 2. Discursieve praktijk", "",
              "Hoe is deze tekst gemaakt, voor wie, en met welke andere teksten praat hij mee?", ""]
    for i, q in enumerate([
            "Wat voor tekst is dit (beleid, nieuws, raadsverslag, persbericht) en wat doet dat genre met de toon?",
            "Wie heeft de tekst gemaakt en voor welke lezers? Wat moeten die lezers ervan vinden?",
            "Naar welke andere teksten, cijfers of gebeurtenissen verwijst de tekst (intertekstualiteit)?",
            "Welke bronnen zijn gebruikt, en welke bronnen hadden er ook kunnen zijn?"], start=1):
        lines += [f"{i}. {q}", "", _ANSWER]
    lines += ["## 3. Sociale praktijk", "",
              "Welke machtsverhoudingen en instituties zitten achter de tekst?", ""]
    for i, q in enumerate([
            "Wie heeft er belang bij deze manier van vertellen? Wie draagt de gevolgen?",
            "Welke instanties (gemeente, politie, zorg, banken, werkgevers) krijgen een rol, en welke rol?",
            "Welk 'stockverhaal' over deze groep bevestigt de tekst? Waar zou een tegenverhaal beginnen?",
            "Wat betekent dit voor de toegang van de groep tot voorzieningen en voor hun gevoel erbij te horen?"],
            start=1):
        lines += [f"{i}. {q}", "", _ANSWER]
    lines += ["---", "", "Begrippen: " + "; ".join(f"**{k}**: {v}" for k, v in DEVICES.items())]
    return "\n".join(lines) + "\n"


def pick_quotes(narratives, *, codings=None, codes: list[str] | None = None, n: int = 3,
                seed: int = 0, max_length: int = 280) -> list[tuple[str, str]]:
    """Choose quotes from the student's own (pseudonymised) narratives.

    With ``codings`` and ``codes``: passages coded with those codes; otherwise the first
    sentence of randomly chosen narratives (seeded). A quote in which the kit's privacy
    detectors still find a phone number, e-mail address, BSN, IBAN, address, postcode or
    licence plate is skipped.

    Returns:
        ``(narrative id, quote)`` pairs.

    >>> import pandas as pd
    >>> n = pd.DataFrame({"id": ["a", "b"], "text": ["Eerste zin. Tweede.", "Hallo daar."]})
    >>> pick_quotes(n, n=1, seed=1)
    [('b', 'Hallo daar.')]
    """
    from kit.analysis.coding import as_texts, sentences

    text_map = as_texts(narratives)
    if not text_map:
        raise InputError("er zijn nog geen narratieven om uit te citeren")
    rng = random.Random(seed)
    quotes: list[tuple[str, str]] = []
    if codings is not None and codes:
        chosen = codings[codings["code"].isin(codes) & codings["document"].isin(list(text_map))]
        chosen = chosen.drop_duplicates(subset=["document", "start", "end"])
        records = chosen.to_dict("records")
        rng.shuffle(records)
        for record in records:
            if len(quotes) >= n:
                break
            quote = text_map[record["document"]][int(record["start"]):int(record["end"])].strip()
            if _safe(quote):
                quotes.append((record["document"], quote[:max_length]))
    if len(quotes) < n:
        ids = sorted(text_map)
        rng.shuffle(ids)
        for doc in ids:
            if len(quotes) >= n:
                break
            if any(doc == q[0] for q in quotes):
                continue
            parts = [p for p in sentences(text_map[doc]) if _safe(p[2])]
            if parts:
                quotes.append((doc, parts[0][2][:max_length]))
    return quotes


def counter_story_template(narratives, *, stock_text_id: str = "dd01", codings=None,
                           codes: list[str] | None = None, n_quotes: int = 3, seed: int = 0,
                           corpus=None, quotes: bool = True) -> str:
    """A stock story versus counter-story template with quotes from your own narratives.

    Args:
        narratives: your pseudonymised narratives (table with ``id`` and ``text``).
        stock_text_id: the dominant text that tells the stock story.
        codings: your codings, to pick quotes by code.
        codes: codes whose passages make good quotes (e.g. ``["eigen-regie", "humor-veerkracht"]``).
        n_quotes: how many quotes.
        seed: seed for the choice.
        corpus: another dominant corpus table.
        quotes: ``False`` when ``narratives`` are practice stories: the sheet then has no
            quotes but says where the student's own quotes will come from (practice stories
            never enter a worksheet that is handed in).

    Returns:
        Markdown to fill in.

    >>> import pandas as pd
    >>> oefen = pd.DataFrame({"id": ["N-2526-00001"], "text": ["Een oefenverhaal. Verzonnen."]})
    >>> sheet = counter_story_template(oefen, stock_text_id="dd04", quotes=False)
    >>> "N-2526-00001" in sheet, "nog geen eigen verhalen" in sheet
    (False, True)
    """
    from kit.analysis.discourse_corpus import corpus_frames

    record = _corpus_text(stock_text_id, corpus)
    chosen = pick_quotes(narratives, codings=codings, codes=codes, n=n_quotes, seed=seed) if quotes else []
    frames = corpus_frames()
    frames = frames[frames["document"] == stock_text_id]
    lines = [f"# Stockverhaal en tegenverhaal: {record['title']}", "",
             "## 1. Het stockverhaal", "",
             f"*{record['genre']}, {record['year']} - {record['source']}*", "", "> " + record["text"], ""]
    if not frames.empty:
        lines += ["Frames die de kit hierin zag (lesmateriaal, niet de waarheid): "
                  + ", ".join(sorted(set(frames["code"]))) + ".", ""]
    lines += ["- Wat is volgens dit verhaal 'het probleem', en wie is dat probleem?", "", _ANSWER,
              "- Wie spreekt er, en over wie wordt er gesproken?", "", _ANSWER,
              "## 2. Ervaringskennis uit jouw narratieven", "",
              "Citaten uit je eigen, gepseudonimiseerde narratieven. Controleer voor je iets deelt: "
              "staat er niets in waaraan iemand te herkennen is, en is er toestemming om citaten "
              "te publiceren?", ""]
    lines += _quote_lines(chosen) if quotes else [_NO_QUOTES, ""]
    lines += ["- Wat laten deze verhalen zien dat het stockverhaal niet vertelt?", "", _ANSWER,
              "## 3. Jouw tegenverhaal", "",
              "Schrijf een kort tegenverhaal (150-300 woorden) dat antwoordt op het stockverhaal. "
              "Blijf dicht bij de woorden en ervaringen van de vertellers; maak van hen geen "
              "helden of slachtoffers, maar mensen met kennis van hun eigen leven.", "", _ANSWER,
              "## 4. Terugblik", "",
              "- Welke stem ontbreekt nog, ook in jouw tegenverhaal?", "", _ANSWER,
              "- Hoe zou je het tegenverhaal samen met de vertellers kunnen toetsen?", "", _ANSWER]
    return "\n".join(lines) + "\n"


#: The line a counter-story sheet has instead of quotes while the student has no own stories.
_NO_QUOTES = ("*Je hebt nog geen eigen verhalen in je werkmap (`narratieven.csv`, module 05). "
              "Citaten uit oefenverhalen horen niet in je tegenverhaal: zodra je eigen verhalen hebt, "
              "zet de kit hier citaten uit je eigen, gepseudonimiseerde verhalen.*")


def _quote_lines(chosen: list[tuple[str, str]]) -> list[str]:
    lines: list[str] = []
    for doc, quote in chosen:
        lines += [f"> {quote}", f"> — narratief {doc}", ""]
    return lines


def save_worksheet(markdown: str, path: str | os.PathLike) -> Path:
    """Save a worksheet as Markdown (atomically), e.g. ``mijn-werk/werkblad-dd07.md``.

    >>> import tempfile, pathlib
    >>> save_worksheet("# Werkblad", pathlib.Path(tempfile.mkdtemp()) / "w.md").read_text()
    '# Werkblad'
    """
    from kit.io import atomic_write_text

    if not markdown.strip():
        raise InputError("het werkblad is leeg", path=path)
    return atomic_write_text(path, markdown)


def coding_worksheet(texts: Any, path: str | os.PathLike, *, coder: str = ""):
    """Save a coding table (one row per sentence, an empty column ``code``) to fill in, e.g. in Excel.

    An existing file is never overwritten, so the codes a student filled in stay; it is
    read back and returned instead.

    Args:
        texts: ``{id: text}`` or a table with ``id`` and ``text``.
        path: the CSV to write, e.g. ``mijn-werk/codeertabel.csv``.
        coder: your coder name or letter.

    Returns:
        The coding table (as saved, or as found on disk).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "codeertabel.csv"
    >>> coding_worksheet({"n1": "Ik werk. Ik lach."}, p, coder="A")["passage"].tolist()
    ['Ik werk.', 'Ik lach.']
    >>> len(coding_worksheet({"n1": "Iets anders."}, p))
    2
    """
    from kit.analysis.coding import coding_table
    from kit.io import read_csv, write_csv

    target = Path(path)
    if target.exists():
        return read_csv(target)
    table = coding_table(texts, coder=coder)
    write_csv(table, target)
    return table


def counter_story_sheet(narratives, path: str | os.PathLike, **template: Any):
    """Save a counter-story template once and show the file as it is now.

    The template (see :func:`counter_story_template`, which gets ``template``) is written
    only when ``path`` does not exist yet, so a counter-story a student already wrote there
    is never overwritten. One exception: a sheet made without quotes (no own stories yet)
    gets its quotes as soon as there are own stories; only the kit's placeholder line is
    replaced, everything the student wrote stays.

    Returns:
        The file's text as IPython ``Markdown`` (shown in a notebook).

    >>> import tempfile, pathlib, pandas as pd
    >>> mine = pd.DataFrame({"id": ["N1"], "text": ["De bank sloot mijn rekening. Ik lachte erom."]})
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tegenverhaal.md"
    >>> "> De bank sloot" in counter_story_sheet(mine, p, stock_text_id="dd04").data
    True
    >>> _ = p.write_text("Mijn tegenverhaal", encoding="utf-8")
    >>> counter_story_sheet(mine, p, stock_text_id="dd04").data
    'Mijn tegenverhaal'
    >>> q = p.with_name("zonder.md")
    >>> _ = counter_story_sheet(mine, q, stock_text_id="dd04", quotes=False)
    >>> _ = q.write_text(q.read_text(encoding="utf-8") + "Mijn eigen tekst.", encoding="utf-8")
    >>> later = counter_story_sheet(mine, q, stock_text_id="dd04").data
    >>> "> De bank sloot" in later, "Mijn eigen tekst." in later, "nog geen eigen verhalen" in later
    (True, True, False)
    """
    from IPython.display import Markdown

    from kit.io import read_text

    target = Path(path)
    if not target.exists():
        save_worksheet(counter_story_template(narratives, **template), target)
    elif template.get("quotes", True):
        text = read_text(target)
        if _NO_QUOTES in text:
            chosen = pick_quotes(narratives, codings=template.get("codings"), codes=template.get("codes"),
                                 n=template.get("n_quotes", 3), seed=template.get("seed", 0))
            if chosen:
                save_worksheet(text.replace(_NO_QUOTES + "\n", "\n".join(_quote_lines(chosen)), 1), target)
    return Markdown(read_text(target))
