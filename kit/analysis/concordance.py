"""Concordance (keyword in context): every place a word occurs, with its left and right context.

A keyness table says *that* a word is typical; the concordance shows *how* it is used
("overlast van ...", "... werden gecontroleerd"). Matching is by lemma, so ``huis``
also finds ``huizen``; a query ending in ``*`` matches every word that starts with it.

>>> rows = kwic({"t1": "De huizen werden gecontroleerd. Ons huis is klein."}, "huis", width=12)
>>> rows[["links", "woord", "rechts"]].values.tolist()
[['De', 'huizen', 'werden geco'], ['oleerd. Ons', 'huis', 'is klein.']]
>>> print(format_kwic(rows).splitlines()[0])
t1           De [huizen] werden geco
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["kwic", "format_kwic"]

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*")


def kwic(texts: Any, query: str, *, width: int = 40, lemmatise: bool = True, limit: int | None = None):
    """Find a word in the texts and show it in context.

    Args:
        texts: ``{id: text}`` or a table with ``id`` and ``text``.
        query: one word; ``overlast*`` matches every word starting with ``overlast``.
        width: characters of context on each side.
        lemmatise: match on the lemma (``huis`` finds ``huizen``).
        limit: at most this many rows.

    Returns:
        A DataFrame with ``document, start, end, links, woord, rechts``.
    """
    import pandas as pd

    from kit.analysis.coding import as_texts
    from kit.analysis.keyness import lemma
    from kit.errors import InputError

    q = query.strip().lower()
    if not q or " " in q:
        raise InputError("zoek op één woord (zonder spaties)")
    prefix = q.endswith("*")
    stem = q.rstrip("*")
    target = lemma(stem) if lemmatise and not prefix else stem
    rows = []
    for doc, text in as_texts(texts).items():
        for match in _WORD.finditer(text):
            word = match.group(0).lower()
            if prefix:
                hit = word.startswith(stem)
            else:
                hit = word == stem or (lemmatise and lemma(word) == target)
            if not hit:
                continue
            s, e = match.start(), match.end()
            left = text[max(0, s - width):s].replace("\n", " ").strip()
            right = text[e:e + width].replace("\n", " ").strip()
            rows.append({"document": doc, "start": s, "end": e, "links": left,
                         "woord": match.group(0), "rechts": right})
            if limit is not None and len(rows) >= limit:
                return pd.DataFrame(rows)
    return pd.DataFrame(rows, columns=["document", "start", "end", "links", "woord", "rechts"])


def format_kwic(rows, *, width: int | None = None) -> str:
    """The concordance as aligned lines of text (keyword in brackets in the middle).

    >>> import pandas as pd
    >>> format_kwic(pd.DataFrame(columns=["document", "links", "woord", "rechts"]))
    '(geen vindplaatsen)'
    """
    if len(rows) == 0:
        return "(geen vindplaatsen)"
    left_width = width or max(len(str(x)) for x in rows["links"])
    doc_width = max(len(str(x)) for x in rows["document"])
    return "\n".join(f"{str(d):<{doc_width}}  {str(lft):>{left_width}} [{w}] {r}"
                     for d, lft, w, r in zip(rows["document"], rows["links"], rows["woord"],
                                             rows["rechts"], strict=True))
