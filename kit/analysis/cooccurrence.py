"""Co-occurrence of codes: which codes appear together?

Two levels:

- ``document``: how many narratives carry both codes (the diagonal: narratives with the code);
- ``passage``: how many pairs of *overlapping* segments in the same text carry the two codes
  (the same passage read in two ways, e.g. "bank" and "stigma").

>>> import pandas as pd
>>> c = pd.DataFrame({"document": ["n1", "n1", "n2", "n2", "n3"], "start": [0, 5, 0, 30, 0],
...                   "end": [10, 12, 10, 40, 5], "code": ["bank", "stigma", "bank", "werk", "werk"],
...                   "coder": "A"})
>>> m = cooccurrence(c)
>>> int(m.loc["bank", "stigma"]), int(m.loc["bank", "bank"]), int(m.loc["werk", "werk"])
(1, 2, 2)
>>> int(cooccurrence(c, level="passage").loc["bank", "werk"])
0
"""

from __future__ import annotations

from kit.errors import InputError

__all__ = ["cooccurrence", "cooccurrence_pairs"]


def cooccurrence(codings, *, level: str = "document", codes: list[str] | None = None,
                 coder: str | None = None):
    """A square table: for each pair of codes, how often they occur together.

    Args:
        codings: the codings table.
        level: ``document`` or ``passage`` (overlapping segments).
        codes: restrict to (and order by) these codes.
        coder: only this coder's codings.

    Returns:
        A symmetric DataFrame of counts (codes x codes).
    """
    import numpy as np
    import pandas as pd

    frame = codings if coder is None else codings[codings["coder"] == coder]
    if frame.empty:
        raise InputError("er zijn geen coderingen om te vergelijken")
    all_codes = sorted(frame["code"].unique()) if codes is None else list(codes)
    frame = frame[frame["code"].isin(all_codes)]
    if level == "document":
        pairs = frame[["document", "code"]].drop_duplicates()
        doc_codes = pd.Categorical(pairs["code"], categories=all_codes)
        doc_index, _ = pd.factorize(pairs["document"])
        indicator = np.zeros((doc_index.max() + 1 if len(doc_index) else 0, len(all_codes)),
                             dtype=np.int32)
        indicator[doc_index, doc_codes.codes] = 1
        matrix = indicator.T @ indicator
    elif level == "passage":
        seg = frame[["document", "start", "end", "code"]].reset_index(drop=True)
        seg["_i"] = np.arange(len(seg))
        merged = seg.merge(seg, on="document", suffixes=("", "_b"))
        merged = merged[(merged["_i"] < merged["_i_b"])
                        & (merged["start"] < merged["end_b"]) & (merged["start_b"] < merged["end"])]
        index = {c: i for i, c in enumerate(all_codes)}
        matrix = np.zeros((len(all_codes), len(all_codes)), dtype=np.int64)
        # integer positions even without any overlap (an empty column is not integer)
        a = merged["code"].map(index).to_numpy(dtype=np.int64)
        b = merged["code_b"].map(index).to_numpy(dtype=np.int64)
        np.add.at(matrix, (a, b), 1)
        matrix = matrix + matrix.T - np.diag(np.diag(matrix))
        counts = seg["code"].map(index).value_counts()
        for i, n in counts.items():
            matrix[i, i] = n
    else:
        raise InputError("kies als niveau 'document' of 'passage'")
    table = pd.DataFrame(matrix, index=all_codes, columns=all_codes)
    table.index.name = "code"
    return table


def cooccurrence_pairs(matrix, *, top: int = 10):
    """The most frequent pairs of different codes, as a list to read.

    >>> import pandas as pd
    >>> m = pd.DataFrame([[3, 2], [2, 4]], index=["a", "b"], columns=["a", "b"])
    >>> cooccurrence_pairs(m).values.tolist()
    [['a', 'b', 2]]
    """
    import pandas as pd

    rows = [(a, b, int(matrix.loc[a, b])) for i, a in enumerate(matrix.index)
            for b in matrix.columns[i + 1:] if matrix.loc[a, b] > 0]
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    return pd.DataFrame(rows[:top], columns=["code_a", "code_b", "samen"])
