"""Widgets for coding and for the concordance: thin layers over :mod:`kit.analysis.coding`.

The coding widget: choose a text, choose a sentence (or fine-tune the start and end with
a slider), pick a code, write a memo, click *Bewaar codering*: the row goes to
``mijn-werk/coderingen.csv`` (checked, written atomically). Every part has a stable CSS
class (``iids-coding``, ``iids-coding-document``, ``-sentence``, ``-range``, ``-code``,
``-memo``, ``-coder``, ``-save``, ``-status``, ``-preview``, ``-table``) so a browser test
can drive it.

>>> highlight_html("Ik werk <hard>.", 3, 7)
'Ik <mark class="iids-coding-mark">werk</mark> &lt;hard&gt;.'
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from kit.display import show_table  # the Dutch table helper, re-exported for notebooks

__all__ = ["show_table", "highlight_html", "coding_widget", "kwic_widget", "kwic_compare_widget", "text_viewer",
           "worksheet_widget", "partner_widget"]


def highlight_html(text: str, start: int, end: int) -> str:
    """The text as HTML with ``text[start:end]`` marked (everything escaped)."""
    start, end = max(0, start), min(len(text), end)
    return (html.escape(text[:start]) + '<mark class="iids-coding-mark">' + html.escape(text[start:end])
            + "</mark>" + html.escape(text[end:]))


def _codings_html(codings, text_map, document: str, codebook) -> str:
    rows = codings[codings["document"] == document] if len(codings) else codings
    if len(rows) == 0:
        return "<p><i>Nog geen coderingen bij deze tekst.</i></p>"
    cells = "".join(
        f"<tr><td>{html.escape(text_map[document][s:e][:80])}</td><td>{html.escape(codebook.label(c))}</td>"
        f"<td>{html.escape(str(k))}</td><td>{html.escape(str(m))}</td></tr>"
        for s, e, c, k, m in zip(rows["start"], rows["end"], rows["code"], rows["coder"], rows["memo"],
                                 strict=True))
    return ("<table class='iids-coding-list'><tr><th>passage</th><th>code</th><th>codeur</th>"
            f"<th>memo</th></tr>{cells}</table>")


def coding_widget(texts: Any, codebook, path: str | os.PathLike, *, coder: str = ""):
    """A widget to code passages and save them to ``coderingen.csv``.

    Args:
        texts: ``{id: text}`` or a table with ``id`` and ``text`` (pseudonymised narratives,
            or the dominant corpus).
        codebook: the codebook to code with.
        path: the codings file (usually ``mijn-werk/coderingen.csv``).
        coder: your coder name or letter (can be changed in the widget).

    Returns:
        An ipywidgets ``VBox`` with class ``iids-coding``; ``box.save()`` saves as the
        button does and ``box.parts`` holds the named parts.

    >>> import tempfile, pathlib
    >>> from kit.analysis.codebook import load_codebook
    >>> box = coding_widget({"n1": "Ik werk. De bank zei nee."}, load_codebook("erbij-horen-en-uitsluiting"),
    ...                     pathlib.Path(tempfile.mkdtemp()) / "coderingen.csv", coder="A")
    >>> box.parts["range"].value, box.save()
    ((0, 8), True)
    """
    import ipywidgets as w

    from kit.analysis.coding import as_texts, empty_codings, read_codings, sentences
    from kit.errors import InputError

    text_map = as_texts(texts)
    if not text_map:
        raise InputError("er zijn geen teksten om te coderen")
    target = Path(path)
    documents = list(text_map)
    document = w.Dropdown(options=documents, value=documents[0], description="Tekst")
    sentence = w.Dropdown(description="Zin")
    span = w.IntRangeSlider(description="Van-tot", min=0, max=1, value=(0, 1), continuous_update=False,
                            layout=w.Layout(width="95%"))
    preview = w.HTML()
    code = w.Dropdown(options=[(f"{'  ' * (1 if c.parent else 0)}{c.name} ({c.id})", c.id) for c in codebook],
                      description="Code")
    definition = w.HTML()
    memo = w.Textarea(description="Memo", placeholder="Waarom deze code? Twijfel je?",
                      layout=w.Layout(width="95%", height="4em"))
    who = w.Text(value=coder, description="Codeur", placeholder="bijv. A")
    save = w.Button(description="Bewaar codering", button_style="success", icon="save")
    status = w.HTML()
    table = w.HTML()
    parts = {"document": document, "sentence": sentence, "range": span, "preview": preview,
             "code": code, "definition": definition, "memo": memo, "coder": who, "save": save,
             "status": status, "table": table}
    for name, widget in parts.items():
        widget.add_class(f"iids-coding-{name}")

    def current_codings():
        return read_codings(target) if target.exists() else empty_codings()

    def refresh_table():
        table.value = _codings_html(current_codings(), text_map, document.value, codebook)

    def on_document(_=None):
        text = text_map[document.value]
        options = [(f"{i + 1}. {s[:70]}", (a, b)) for i, (a, b, s) in enumerate(sentences(text))]
        sentence.options = options or [("(lege tekst)", (0, 0))]
        span.max = max(1, len(text))
        span.value = options[0][1] if options else (0, 0)
        refresh_table()

    def on_sentence(change):
        if change["new"] is not None:
            span.value = change["new"]

    def on_span(_=None):
        a, b = span.value
        preview.value = (f"<div style='line-height:1.6'>{highlight_html(text_map[document.value], a, b)}</div>"
                         f"<p><small>tekens {a} tot {b}</small></p>")

    def on_code(_=None):
        c = codebook[code.value]
        definition.value = (f"<p><b>{html.escape(c.name)}</b>: {html.escape(c.definition)}<br>"
                            f"<i>Wel:</i> {html.escape(c.when or '-')}<br>"
                            f"<i>Niet:</i> {html.escape(c.when_not or '-')}</p>")

    def on_save(_=None):
        from kit.analysis.coding import add_coding

        a, b = span.value
        try:
            add_coding(target, document=document.value, start=a, end=b, code=code.value,
                       coder=who.value.strip(), memo=memo.value, texts=text_map, codebook=codebook)
        except InputError as exc:
            status.value = f"<p style='color:#b35900'>Niet bewaard: {html.escape(exc.message)}</p>"
            return False
        status.value = (f"<p style='color:#1a7f37'>Bewaard: '{html.escape(text_map[document.value][a:b][:60])}'"
                        f" als {html.escape(codebook.label(code.value))}.</p>")
        memo.value = ""
        refresh_table()
        return True

    document.observe(on_document, names="value")
    sentence.observe(on_sentence, names="value")
    span.observe(on_span, names="value")
    code.observe(on_code, names="value")
    save.on_click(on_save)
    on_document()
    on_span()
    on_code()
    box = w.VBox([document, sentence, span, preview, code, definition, memo, w.HBox([who, save]),
                  status, table])
    box.add_class("iids-coding")
    box.parts = parts
    box.save = on_save
    return box


def _kwic_controls(word: str, example: str):
    """The word field, search button and result area both concordance widgets share."""
    import ipywidgets as w

    query = w.Text(value=word, description="Woord", placeholder=example)
    button = w.Button(description="Zoek", button_style="info", icon="search")
    result = w.HTML()
    query.add_class("iids-kwic-word")
    button.add_class("iids-kwic-search")
    result.add_class("iids-kwic-result")
    return query, button, result


def kwic_widget(texts: Any, *, word: str = "", width: int = 40):
    """A small concordance tool: type a word, see every place it occurs in context.

    Returns:
        An ipywidgets ``VBox`` with class ``iids-kwic``; ``box.search()`` runs the search.

    >>> kwic_widget({"a": "Huizen en een huis."}, word="huis").search()
    2
    """
    import ipywidgets as w

    query, button, result = _kwic_controls(word, "bijv. overlast")

    def search(_=None):
        table, n = _kwic_html(texts, query.value, width, None)
        result.value = f"<p>{n} vindplaatsen</p>{table}" if n else table
        return n

    button.on_click(search)
    query.on_submit(search)
    box = w.VBox([w.HBox([query, button]), result])
    box.add_class("iids-kwic")
    box.search = search
    if word:
        search()
    return box


def _kwic_html(texts: Any, word: str, width: int, limit: int | None) -> tuple[str, int]:
    """One concordance as an HTML table, and the number of rows (0 with a Dutch message)."""
    from kit.analysis.concordance import kwic
    from kit.errors import InputError

    try:
        rows = kwic(texts, word, width=width, limit=limit)
    except InputError as exc:
        return f"<p style='color:#b35900'>{html.escape(exc.message)}</p>", 0
    if rows.empty:
        return "<p><i>Geen vindplaatsen.</i></p>", 0
    body = "".join(f"<tr><td>{html.escape(d)}</td><td style='text-align:right'>{html.escape(lft)}</td>"
                   f"<td><b>{html.escape(k)}</b></td><td>{html.escape(r)}</td></tr>"
                   for d, lft, k, r in zip(rows["document"], rows["links"], rows["woord"], rows["rechts"],
                                           strict=True))
    return f"<table>{body}</table>", len(rows)


def kwic_compare_widget(first: Any, second: Any, *, names: tuple[str, str] = ("dominant discours",
                        "narratieven"), word: str = "", width: int = 35, limit: int = 6):
    """Type one word and see it in context in two corpora, one under the other.

    Args:
        first, second: ``{id: text}`` or tables with ``id`` and ``text``.
        names: the headings of the two corpora.
        word: the word to start with.
        width: characters of context on each side.
        limit: at most this many places per corpus.

    Returns:
        An ipywidgets ``VBox`` with class ``iids-kwic-compare``; ``box.search()`` returns the
        number of places found in each corpus.

    >>> kwic_compare_widget({"a": "Werk is werk."}, {"b": "Geen werk."}, word="werk").search()
    (2, 1)
    """
    import ipywidgets as w

    query, button, result = _kwic_controls(word, "bijv. werk")

    def search(_=None):
        parts, found = [], []
        for name, texts in zip(names, (first, second), strict=True):
            table, n = _kwic_html(texts, query.value, width, limit)
            parts.append(f"<h4>{html.escape(name)} ({n} getoond)</h4>{table}")
            found.append(n)
        result.value = "".join(parts)
        return tuple(found)

    button.on_click(search)
    query.on_submit(search)
    box = w.VBox([w.HBox([query, button]), result])
    box.add_class("iids-kwic-compare")
    box.search = search
    if word:
        search()
    return box


def _text_options(corpus) -> list[tuple[str, str]]:
    titles = corpus["title"] if "title" in corpus.columns else corpus["id"]
    return [(f"{i} · {t}", str(i)) for i, t in zip(corpus["id"], titles, strict=True)]


def text_viewer(corpus, *, value: str | None = None):
    """Choose a text from a dropdown and read it (title and whole text).

    Args:
        corpus: a table with ``id``, ``text`` and (optionally) ``title``, e.g. the dominant corpus.
        value: the id to show first.

    Returns:
        An ipywidgets ``VBox`` with class ``iids-text-viewer``; ``box.show()`` shows the chosen text.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"id": ["a", "b"], "title": ["Eén", "Twee"], "text": ["Hoi.", "Dag <jij>."]})
    >>> box = text_viewer(t, value="b")
    >>> "Dag &lt;jij&gt;." in box.show()
    True
    """
    import ipywidgets as w

    options = _text_options(corpus)
    choice = w.Dropdown(options=options, value=value or options[0][1], description="Tekst",
                        layout=w.Layout(width="95%"))
    shown = w.HTML()
    choice.add_class("iids-text-viewer-choice")

    def show(_=None):
        row = corpus[corpus["id"].astype(str) == choice.value].iloc[0]
        title = row["title"] if "title" in corpus.columns else row["id"]
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in str(row["text"]).split("\n") if p.strip())
        shown.value = f"<h4>{html.escape(str(title))}</h4><div style='line-height:1.6'>{paragraphs}</div>"
        return shown.value

    choice.observe(show, names="value")
    box = w.VBox([choice, shown])
    box.add_class("iids-text-viewer")
    box.show = show
    show()
    return box


def worksheet_widget(folder: str | os.PathLike, *, corpus=None, value: str = "dd07"):
    """Choose a text and click *Maak werkblad*: a Fairclough worksheet is saved in ``folder``.

    The file is ``werkblad-fairclough-<id>.md``; an existing worksheet is never overwritten
    (your answers stay), it is only shown.

    Returns:
        An ipywidgets ``VBox`` with class ``iids-worksheet``; ``box.make()`` returns the path.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> worksheet_widget(folder, value="dd01").make().name
    'werkblad-fairclough-dd01.md'
    """
    import ipywidgets as w

    from kit.analysis.discourse_corpus import load_dominant_corpus
    from kit.analysis.worksheets import fairclough_worksheet, save_worksheet
    from kit.io import read_text

    frame = load_dominant_corpus() if corpus is None else corpus
    choice = w.Dropdown(options=_text_options(frame), value=value, description="Tekst",
                        layout=w.Layout(width="95%"))
    button = w.Button(description="Maak werkblad", button_style="success", icon="file")
    status = w.HTML()
    sheet = w.Output()
    for name, part in {"choice": choice, "make": button, "status": status}.items():
        part.add_class(f"iids-worksheet-{name}")

    def make(_=None):
        from IPython.display import Markdown

        target = Path(folder) / f"werkblad-fairclough-{choice.value}.md"
        if target.exists():
            text = read_text(target)
            status.value = f"<p>Het werkblad bestond al (je antwoorden blijven staan): {html.escape(str(target))}</p>"
        else:
            text = fairclough_worksheet(choice.value, corpus=frame)
            save_worksheet(text, target)
            status.value = f"<p style='color:#1a7f37'>Bewaard: {html.escape(str(target))}</p>"
        sheet.outputs = ()
        sheet.append_display_data(Markdown(text))
        return target

    button.on_click(make)
    box = w.VBox([w.HBox([choice, button]), status, sheet])
    box.add_class("iids-worksheet")
    box.make = make
    return box


def partner_widget(folder: str | os.PathLike, texts: Any, codebook, *, mine: str = "coderingen.csv",
                   partner: str = "coderingen-partner.csv"):
    """Put your codings and your partner's together and see how far you agree.

    Type the name of your partner's file (uploaded into ``folder``) and click *Vergelijk*.
    The texts are ``texts`` plus your own narratives (``narratieven.csv`` in ``folder``, when
    there). Both files are checked; the combined codings go to ``coderingen-samen.csv``. A problem
    (a missing file, the same coder letter twice) is shown as a Dutch message.

    Returns:
        An ipywidgets ``VBox`` with class ``iids-partner``; ``box.compare()`` returns the
        agreement result, or ``None`` with a message.

    >>> import tempfile, pathlib
    >>> from kit.analysis.codebook import load_codebook
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> box = partner_widget(folder, {"n1": "Ik werk."}, load_codebook("erbij-horen-en-uitsluiting"))
    >>> box.compare() is None, "niet gevonden" in box.parts["status"].value
    (True, True)
    """
    import ipywidgets as w

    from kit.analysis.agreement import agreement
    from kit.analysis.coding import as_texts, combine_codings, write_codings
    from kit.errors import InputError

    text_map = as_texts(texts)
    if (Path(folder) / "narratieven.csv").is_file():
        from kit.narratives.store import load_narratives

        text_map = {**text_map, **as_texts(load_narratives(folder))}
    texts = text_map
    other = w.Text(value=partner, description="Partner", placeholder="coderingen-partner.csv")
    button = w.Button(description="Vergelijk", button_style="info", icon="users")
    status = w.HTML()
    result = w.Output()
    parts = {"partner": other, "compare": button, "status": status}
    for name, part in parts.items():
        part.add_class(f"iids-partner-{name}")

    def compare(_=None):
        result.outputs = ()
        files = [Path(folder) / mine, Path(folder) / other.value.strip()]
        missing = [f.name for f in files if not f.is_file()]
        if missing:
            status.value = (f"<p style='color:#b35900'>Bestand niet gevonden in {html.escape(str(folder))}: "
                            f"{html.escape(', '.join(missing))}</p>")
            return None
        try:
            both = combine_codings(*files, texts=texts, codebook=codebook)
            outcome = agreement(both, texts=texts, codebook=codebook)
        except InputError as exc:
            status.value = f"<p style='color:#b35900'>{html.escape(exc.message)}</p>"
            return None
        target = write_codings(both, Path(folder) / "coderingen-samen.csv", texts=texts, codebook=codebook)
        status.value = f"<p>{html.escape(outcome.summary())}<br>Samen bewaard in {html.escape(str(target))}</p>"
        result.append_display_data(outcome.disagreements.head(12))
        return outcome

    button.on_click(compare)
    box = w.VBox([w.HBox([other, button]), status, result])
    box.add_class("iids-partner")
    box.parts = parts
    box.compare = compare
    return box
