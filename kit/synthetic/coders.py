"""Simulated coders for the demo, the benchmarks and teaching examples (never for real work).

:func:`signal_coding` codes every sentence whose words (lemmas) match a code's
``signaalwoorden``, preferring the most specific code. :func:`second_coder` makes a
second, seeded coder that disagrees the way people do: she misses some passages,
picks the parent or a sibling code now and then, and adds a code of her own.

>>> from kit.analysis.codebook import load_codebook
>>> book = load_codebook("erbij-horen-en-uitsluiting")
>>> a = signal_coding({"n1": "De bank sloot mijn rekening. Mijn vriendin luisterde."}, book, coder="A")
>>> a[["start", "code"]].values.tolist()
[[0, 'geldzaken-bank'], [29, 'netwerk-vriendschap']]
>>> b = second_coder(a, book, coder="B", seed=1, miss=0.0, switch=0.0, extra=0.0)
>>> b["code"].tolist() == a["code"].tolist(), b["coder"].iloc[0]
(True, 'B')
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["signal_coding", "second_coder"]


def signal_coding(texts: Any, codebook, *, coder: str = "A", memo: str = "", max_codes: int = 2):
    """Code every sentence by the codebook's signal words (a crude, transparent first coder).

    Args:
        texts: ``{id: text}`` or a table with ``id`` and ``text``.
        codebook: a codebook whose codes have ``signaalwoorden``.
        coder: the coder's name.
        memo: memo written with every coding.
        max_codes: at most this many codes per sentence (the best matching first).

    Returns:
        A codings DataFrame.
    """
    import pandas as pd

    from kit.analysis.coding import CODING_COLUMNS, as_texts, sentences
    from kit.analysis.keyness import lemma, tokenize

    depth = {}
    for code in codebook:
        level, current = 0, code
        while current.parent is not None:
            level += 1
            current = codebook[current.parent]
        depth[code.id] = level
    signals = {code.id: {lemma(w) for w in code.signal_words} | set(code.signal_words)
               for code in codebook if code.signal_words}
    rows = []
    for doc, text in as_texts(texts).items():
        for start, end, sentence in sentences(text):
            words = set(tokenize(sentence))
            words |= {lemma(w) for w in words}
            scores = [(len(words & sig), depth[cid], cid) for cid, sig in signals.items() if words & sig]
            if not scores:
                continue
            scores.sort(key=lambda s: (-s[0], -s[1], s[2]))
            chosen: list[str] = []
            for _score, _depth, cid in scores:
                code = codebook[cid]
                # a parent and its own child on one sentence says the same twice: keep the child
                if code.parent in chosen or any(codebook[c].parent == cid for c in chosen):
                    continue
                chosen.append(cid)
                if len(chosen) == max_codes:
                    break
            for cid in chosen:
                rows.append({"document": doc, "start": start, "end": end, "code": cid,
                             "coder": coder, "memo": memo})
    return pd.DataFrame(rows, columns=list(CODING_COLUMNS))


def second_coder(codings, codebook, *, coder: str = "B", seed: int = 2026, miss: float = 0.12,
                 switch: float = 0.12, extra: float = 0.05, shift: float = 0.2):
    """A second coder who mostly agrees with the first, with human kinds of disagreement.

    Args:
        codings: the first coder's codings.
        codebook: the codebook (for parents and siblings).
        coder: the new coder's name.
        seed: seed for the random choices.
        miss: chance to skip a coding.
        switch: chance to pick the parent or a sibling code instead.
        extra: chance to add another top-level code to the same passage.
        shift: chance to start or end the segment a few characters differently.

    Returns:
        A codings DataFrame for ``coder``.
    """
    import pandas as pd

    rng = random.Random(seed)
    top = [c.id for c in codebook.children(None)]
    rows = []
    for record in codings.to_dict("records"):
        if rng.random() < miss:
            continue
        code = record["code"]
        if rng.random() < switch:
            c = codebook[code] if code in codebook else None
            options = [s.id for s in codebook.children(c.parent) if s.id != code] if c else []
            if c is not None and c.parent is not None and (not options or rng.random() < 0.5):
                code = c.parent
            elif options:
                code = rng.choice(options)
        start, end = int(record["start"]), int(record["end"])
        if rng.random() < shift and end - start > 12:
            start += rng.randint(0, 3)
            end -= rng.randint(0, 3)
        rows.append({**record, "start": start, "end": end, "code": code, "coder": coder})
        if rng.random() < extra:
            rows.append({**record, "start": start, "end": end, "code": rng.choice(top), "coder": coder})
    frame = pd.DataFrame(rows, columns=list(codings.columns))
    return frame.drop_duplicates(subset=["document", "start", "end", "code", "coder"]).reset_index(drop=True)
