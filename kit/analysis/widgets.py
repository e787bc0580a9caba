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

__all__ = ["highlight_html", "coding_widget", "kwic_widget"]


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


def kwic_widget(texts: Any, *, word: str = "", width: int = 40):
    """A small concordance tool: type a word, see every place it occurs in context.

    Returns:
        An ipywidgets ``VBox`` with class ``iids-kwic``; ``box.search()`` runs the search.

    >>> kwic_widget({"a": "Huizen en een huis."}, word="huis").search()
    2
    """
    import ipywidgets as w

    from kit.analysis.concordance import kwic
    from kit.errors import InputError

    query = w.Text(value=word, description="Woord", placeholder="bijv. overlast")
    button = w.Button(description="Zoek", button_style="info", icon="search")
    result = w.HTML()
    query.add_class("iids-kwic-word")
    button.add_class("iids-kwic-search")
    result.add_class("iids-kwic-result")

    def search(_=None):
        try:
            rows = kwic(texts, query.value, width=width)
        except InputError as exc:
            result.value = f"<p style='color:#b35900'>{html.escape(exc.message)}</p>"
            return 0
        if rows.empty:
            result.value = "<p><i>Geen vindplaatsen.</i></p>"
            return 0
        body = "".join(f"<tr><td>{html.escape(d)}</td><td style='text-align:right'>{html.escape(lft)}</td>"
                       f"<td><b>{html.escape(k)}</b></td><td>{html.escape(r)}</td></tr>"
                       for d, lft, k, r in zip(rows["document"], rows["links"], rows["woord"], rows["rechts"],
                                               strict=True))
        result.value = f"<p>{len(rows)} vindplaatsen</p><table>{body}</table>"
        return len(rows)

    button.on_click(search)
    query.on_submit(search)
    box = w.VBox([w.HBox([query, button]), result])
    box.add_class("iids-kwic")
    box.search = search
    if word:
        search()
    return box
