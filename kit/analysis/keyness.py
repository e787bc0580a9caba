"""Keyness: which words are typical of one corpus compared with another?

The dominant discourse (policy and news texts) and the narratives use different words
for the same people and places. Keyness makes that visible: for every lemma the
**log-likelihood** G² (Dunning 1993; Rayson & Garside 2000) says how sure we are that
the difference in frequency is not chance, and the **log ratio** (Hardie 2014) how big
it is (+1: twice as frequent in the first corpus).

Words are lower-cased, pseudonym labels such as ``[PERSOON-3f2a]`` are skipped, lemmas
come from ``simplemma`` (Dutch), and the kit's Dutch stop-word list
(``kit/data/taal/stopwoorden.txt``) removes function words. Modal verbs (moeten, kunnen)
are deliberately kept: modality is one of Fairclough's text devices.

>>> counts = word_counts(["De sekswerkers werden gecontroleerd.", "Sekswerker zijn is werk."])
>>> counts["sekswerker"], counts["werk"], "de" in counts
(2, 1, False)
>>> table = keyness(["overlast overlast overlast handhaving"] * 5, ["mijn buurvrouw en ik"] * 5,
...                 min_freq=1)
>>> row = table.set_index("woord").loc["overlast"]
>>> row["meer_in"], row["significantie"]
('corpus A', 'p < 0,01')
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable

__all__ = [
    "keyness_headers",
    "STOPWORD_FILE",
    "LEMMA_FIXES",
    "load_stopwords",
    "tokenize",
    "lemma",
    "word_counts",
    "log_likelihood",
    "log_ratio",
    "keyness",
    "significance",
]

STOPWORD_FILE = ("taal", "stopwoorden.txt")
_TAG = re.compile(r"\[[A-Z][A-Z_]*-[^\]\s]*\]")
_WORD = re.compile(r"[a-zà-öø-ÿ]+(?:['’-][a-zà-öø-ÿ]+)*")
#: Corrections where simplemma's Dutch lemma is wrong for this course's words
#: (it turns "sekswerker" into "sekswerkster", a gendered word the kit should not impose).
LEMMA_FIXES = {
    "sekswerker": "sekswerker", "sekswerkers": "sekswerker",
    "dakloze": "dakloze", "daklozen": "dakloze", "thuisloze": "thuisloze", "thuislozen": "thuisloze",
    "woonwageninwoners": "woonwageninwoner", "gecontroleerd": "controleren",
    "gecontroleerde": "controleren",
}


@functools.lru_cache(maxsize=4)
def _stopwords_cached(path: str | None) -> frozenset[str]:
    from kit.config import data_path
    from kit.io import read_text

    source = data_path(*STOPWORD_FILE) if path is None else path
    words = (line.strip().lower() for line in read_text(source).splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def load_stopwords(path: str | None = None) -> frozenset[str]:
    """The Dutch stop-word list shipped with the kit (or your own file, one word a line).

    >>> stop = load_stopwords()
    >>> "de" in stop, "moeten" in stop, "overlast" in stop
    (True, False, False)
    """
    return _stopwords_cached(None if path is None else str(path))


def tokenize(text: str) -> list[str]:
    """Lower-case words of a text, without pseudonym labels, digits or punctuation.

    >>> tokenize("[PERSOON-3f2a] zei: 'Sekswerk ís werk!' (2024)")
    ['zei', 'sekswerk', 'ís', 'werk']
    """
    return _WORD.findall(_TAG.sub(" ", text).lower())


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The Dutch lemma of a lower-case word (simplemma), cached.

    >>> lemma("huizen"), lemma("werden")
    ('huis', 'worden')
    """
    import simplemma

    if word in LEMMA_FIXES:
        return LEMMA_FIXES[word]
    # simplemma writes separable verbs as "aan_treffen"; the kit shows them as one word.
    return simplemma.lemmatize(word, lang="nl").lower().replace("_", "")


def word_counts(texts: Iterable[str], *, lemmatise: bool = True,
                stopwords: frozenset[str] | None = None, min_length: int = 2) -> Counter:
    """Count words (lemmas by default) over many texts, without stop-words.

    The texts are counted as one stream first and lemmatised per distinct word, so this
    stays fast on tens of thousands of texts.

    Args:
        texts: the texts.
        lemmatise: count lemmas (``True``) or word forms.
        stopwords: words to leave out (default: the kit's list).
        min_length: shorter words are left out.

    Returns:
        A Counter ``{word: frequency}``.

    >>> word_counts(["Huizen en huis."], lemmatise=False)
    Counter({'huizen': 1, 'huis': 1})
    """
    stop = load_stopwords() if stopwords is None else stopwords
    raw: Counter = Counter()
    for text in texts:
        raw.update(_WORD.findall(_TAG.sub(" ", str(text)).lower()))
    out: Counter = Counter()
    for word, n in raw.items():
        if len(word) < min_length or word in stop:
            continue
        key = lemma(word) if lemmatise else word
        if key in stop or len(key) < min_length:
            continue
        out[key] += n
    return out


def log_likelihood(a: int, b: int, total_a: int, total_b: int) -> float:
    """Dunning's log-likelihood G² for a word seen ``a`` times in A and ``b`` times in B.

    >>> round(log_likelihood(10, 10, 1000, 1000), 3)
    0.0
    >>> round(log_likelihood(30, 5, 1000, 1000), 2)
    19.81
    """
    total = total_a + total_b
    if total == 0:
        return 0.0
    expected_a = total_a * (a + b) / total
    expected_b = total_b * (a + b) / total
    g2 = 0.0
    if a > 0 and expected_a > 0:
        g2 += a * math.log(a / expected_a)
    if b > 0 and expected_b > 0:
        g2 += b * math.log(b / expected_b)
    return 2.0 * g2


def log_ratio(a: int, b: int, total_a: int, total_b: int) -> float:
    """Hardie's log ratio (binary log of the ratio of relative frequencies, 0.5 added to zeros).

    >>> log_ratio(20, 10, 1000, 1000)
    1.0
    """
    a_adj = a if a > 0 else 0.5
    b_adj = b if b > 0 else 0.5
    return math.log2((a_adj / total_a) / (b_adj / total_b))


def significance(g2: float) -> str:
    """The p-level a G² value passes (one degree of freedom).

    >>> significance(12.0), significance(5.0), significance(1.0)
    ('p < 0,001', 'p < 0,05', 'niet significant')
    """
    for limit, label in ((10.83, "p < 0,001"), (6.63, "p < 0,01"), (3.84, "p < 0,05")):
        if g2 >= limit:
            return label
    return "niet significant"


def keyness_headers(table) -> dict[str, str]:
    """Dutch column headers for a keyness table, naming the two corpora.

    >>> import pandas as pd
    >>> t = pd.DataFrame(columns=["woord", "freq_a", "freq_b"]); t.attrs["namen"] = ("nieuws", "verhalen")
    >>> keyness_headers(t)["freq_a"]
    'aantal in nieuws'
    """
    a, b = table.attrs.get("namen", ("corpus A", "corpus B"))
    return {"freq_a": f"aantal in {a}", "freq_b": f"aantal in {b}", "log_ratio": "log-ratio",
            "log_likelihood": "log-likelihood", "meer_in": "meer in"}


def keyness(texts_a: Iterable[str], texts_b: Iterable[str], *,
            names: tuple[str, str] = ("corpus A", "corpus B"), min_freq: int = 3,
            lemmatise: bool = True, stopwords: frozenset[str] | None = None,
            counts: tuple[Counter, Counter] | None = None):
    """Keyness of every word between corpus A and corpus B, strongest first.

    Args:
        texts_a: texts of the first corpus (e.g. the dominant discourse).
        texts_b: texts of the second corpus (e.g. the narratives).
        names: how the two corpora are called in the table.
        min_freq: leave out words seen fewer times in both corpora together.
        lemmatise: compare lemmas (default) or word forms.
        stopwords: words to leave out (default: the kit's list).
        counts: precomputed :func:`word_counts` for A and B (the texts are then ignored).

    Returns:
        A DataFrame with ``woord, freq_a, freq_b, per_10k_a, per_10k_b, log_likelihood,
        log_ratio, meer_in, significantie``; the frequency columns are named after ``names``
        in the attribute ``table.attrs['namen']``.
    """
    import numpy as np
    import pandas as pd

    from kit.errors import InputError

    if counts is None:
        counts_a = word_counts(texts_a, lemmatise=lemmatise, stopwords=stopwords)
        counts_b = word_counts(texts_b, lemmatise=lemmatise, stopwords=stopwords)
    else:
        counts_a, counts_b = counts
    total_a, total_b = sum(counts_a.values()), sum(counts_b.values())
    for name, total in zip(names, (total_a, total_b), strict=True):
        if total == 0:
            raise InputError(f"het corpus '{name}' is leeg (geen woorden na het weglaten van stopwoorden)")
    words = sorted(set(counts_a) | set(counts_b))
    a = np.array([counts_a.get(w, 0) for w in words], dtype=float)
    b = np.array([counts_b.get(w, 0) for w in words], dtype=float)
    keep = (a + b) >= min_freq
    words_kept = [w for w, k in zip(words, keep, strict=True) if k]
    a, b = a[keep], b[keep]
    total = total_a + total_b
    ea = total_a * (a + b) / total
    eb = total_b * (a + b) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        term_a = np.where(a > 0, a * np.log(np.where(a > 0, a, 1) / ea), 0.0)
        term_b = np.where(b > 0, b * np.log(np.where(b > 0, b, 1) / eb), 0.0)
    g2 = 2.0 * (term_a + term_b)
    ratio = np.log2((np.where(a > 0, a, 0.5) / total_a) / (np.where(b > 0, b, 0.5) / total_b))
    table = pd.DataFrame({
        "woord": words_kept, "freq_a": a.astype(int), "freq_b": b.astype(int),
        "per_10k_a": a / total_a * 10_000, "per_10k_b": b / total_b * 10_000,
        "log_likelihood": g2, "log_ratio": ratio,
    })
    table["meer_in"] = np.where(table["per_10k_a"] >= table["per_10k_b"], names[0], names[1])
    table["significantie"] = [significance(v) for v in table["log_likelihood"]]
    table = table.sort_values(["log_likelihood", "woord"], ascending=[False, True]).reset_index(drop=True)
    table.attrs["namen"] = tuple(names)
    table.attrs["woorden"] = (total_a, total_b)
    return table
