"""The frame tables of the *discoursanalyse* assignment, with the codebook's Dutch labels.

A student reads these tables and answers questions about them in a form; a lecturer reads
them again in the graded notebook. Both see the codebook's names (*Handhaving en controle*),
never the internal code ids (``handhaving-controle``) that the codings, the saved answers and
the hidden checks use. Texts count once per frame: a text with the same frame twice counts one.

>>> import pandas as pd
>>> from kit.analysis.codebook import load_codebook
>>> boek = load_codebook("frames-dominant-discours")
>>> frames = pd.DataFrame({"document": ["a", "a", "a", "b"],
...                        "code": ["overlast-buurt", "overlast-buurt", "handhaving-controle", "mensenhandel"]})
>>> corpus = pd.DataFrame({"id": ["a", "b"], "title": ["Een", "Twee"], "group": ["sekswerkers", "sekswerkers"]})
>>> frames_per_text(frames, corpus, boek).to_dict("records")[0]
{'tekst': 'a', 'titel': 'Een', 'frames': 'Handhaving en controle, Overlast voor de buurt', 'aantal verschillende frames': 2}
>>> frames_per_group(frames, corpus, boek).loc["Mensenhandel en dwang"].tolist()
[1, 1]
>>> frames_per_group(frames, corpus, boek, top_level=True).index.name
'hoofdframe'
>>> corpus["genre"] = ["nieuws", "beleid"]
>>> list(frames_per_group(frames, corpus, boek, by="genre", total=False).columns)
['beleid', 'nieuws']
"""

from __future__ import annotations

__all__ = ["frames_per_text", "frames_per_group"]


def _unique(frames):
    return frames.drop_duplicates(subset=["document", "code"])


def frames_per_text(frames, corpus, codebook):
    """Per coded text: its title, the different frames in it (Dutch labels) and how many.

    Returns:
        A DataFrame with the columns ``tekst``, ``titel``, ``frames`` and
        ``aantal verschillende frames``, in the corpus's order.
    """
    import pandas as pd

    unique = _unique(frames)
    titles = dict(zip(corpus["id"], corpus["title"] if "title" in corpus else corpus["id"], strict=True))
    order = [i for i in corpus["id"] if i in set(unique["document"])]
    order += sorted(set(unique["document"]) - set(order))
    rows = []
    for document in order:
        labels = sorted(codebook.label(c) for c in unique.loc[unique["document"] == document, "code"])
        rows.append({"tekst": document, "titel": titles.get(document, ""), "frames": ", ".join(labels),
                     "aantal verschillende frames": len(labels)})
    return pd.DataFrame(rows, columns=["tekst", "titel", "frames", "aantal verschillende frames"])


def frames_per_group(frames, corpus, codebook, *, top_level: bool = False, total: bool = True,
                     by: str = "group"):
    """Per frame (row, Dutch label) and group (column): in how many texts the frame stands.

    Args:
        frames: the frame codings (``document``, ``code``).
        corpus: the corpus (``id``, ``group``).
        codebook: the frames codebook (row order and labels).
        top_level: count subframes under their top-level frame (a text counts once per frame).
        total: add a last column ``alle groepen``.
        by: the corpus column whose values are the columns (``group``, or ``genre``).

    Returns:
        A DataFrame indexed by the frame's label (index name ``frame`` or ``hoofdframe``).
    """
    from kit.analysis.frequencies import code_frequencies

    table = code_frequencies(frames, corpus[["id", by]].rename(columns={by: "community"}), by="community",
                             codebook=codebook if top_level else None, top_level=top_level)
    if not top_level:  # the codebook's reading order, only the frames that occur
        order = [c for c in codebook.ids() if c in table.index]
        table = table.reindex(order + [c for c in table.index if c not in order])
    if total:
        table["alle groepen"] = table.sum(axis=1)
    table.index = [codebook.label(c) for c in table.index]
    table.index.name = "hoofdframe" if top_level else "frame"
    return table
