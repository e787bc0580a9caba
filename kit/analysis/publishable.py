"""Output checks on the analysis exports (``iids analysis agreement/keyness -o``).

The screen of ``iids analysis`` is the students' own workbench; a file written with
``-o`` is meant to leave it (a report, a poster, a portfolio), so it passes the
kit's disclosure control first and gets an output-checking log
(:mod:`kit.privacy.output_log`). What the counts rest on is the number of *texts*
(narratives, each told by one person), not the sentences or words:

- **agreement per code**: a code given in fewer than ``k`` texts shows ``<k`` texts, and
  its unit counts and measures (percentage, kappa, alpha) show ``x`` (they rest on that
  small number); a code whose units come for more than 90% from one or two texts
  (acro's nk rule, with its p-ratio rule) shows ``x`` for the counts and measures too.
  The per-code texts do not add up to a published total (a text can carry several
  codes), so nothing hidden can be recomputed by subtraction;
- **keyness**: a word that fewer than ``k`` narratives use, or whose count in the
  narratives comes nearly all from one or two of them, is left out of the table (the
  word itself would tell about those narrators); the log says how many, never which.
  Words no narrative uses stay: that zero describes all narrators together, a group of
  at least ``k``. With fewer than ``k`` narratives in all the table is refused.

The disagreement list (``verschillen.csv``) holds passages of the texts for two coders
to discuss: the log marks it a working file, not a table to publish.

>>> import pandas as pd
>>> from kit.analysis.agreement import AgreementResult
>>> per_code = pd.DataFrame({"code": ["werk", "schuld"], "naam": ["Werk", "Schuld"],
...     "eenheden": [30, 3], "teksten": [12, 2], "A": [28, 3], "B": [25, 2],
...     "percentage": [0.9, 0.95], "kappa": [0.8, 0.6], "alpha": [0.8, 0.6],
...     "oordeel": ["betrouwbaar", "onvoldoende"]})
>>> result = AgreementResult(coders=["A", "B"], per_code=per_code, overall={},
...     disagreements=None, units_per_text={"werk": [3, 3] + [2] * 10 + [0], "schuld": [2, 1]})
>>> table, log = publishable_agreement(result, k=10)
>>> table[["code", "teksten", "eenheden", "kappa", "oordeel"]].values.tolist()
[['werk', '12', '30', '0.8000', 'betrouwbaar'], ['schuld', '<10', 'x', 'x', 'niet te bepalen']]
"""

from __future__ import annotations

from typing import Any

__all__ = ["AGREEMENT_FILE", "DISAGREEMENT_FILE", "publishable_agreement",
           "publishable_keyness", "narrative_contributions"]

AGREEMENT_FILE = "overeenstemming-per-code.csv"
DISAGREEMENT_FILE = "verschillen.csv"
_MEASURES = ("percentage", "kappa", "alpha")
_NOT_DETERMINABLE = "niet te bepalen"


def _number(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if number != number else f"{number:.4f}"


def publishable_agreement(result, *, k: int = 10, log=None, file: str = AGREEMENT_FILE,
                          max_hidden_share: float = 0.5):
    """The agreement per code as it may be published, and its output-checking log.

    Args:
        result: an :class:`kit.analysis.agreement.AgreementResult`.
        k: the threshold (never below 5): the least number of texts a code rests on.
        log: a :class:`kit.privacy.output_log.CheckLog` to add to (a new one by default).
        file: the file name the log names.
        max_hidden_share: refuse the table (header only) when more codes would be hidden.

    Returns:
        ``(table, log)``: the table as text cells (``code, naam, teksten, eenheden,
        <coders>, percentage, kappa, alpha, oordeel``) and the log. ``log.refused`` lists
        refused files.
    """
    import pandas as pd

    from kit.privacy.disclosure import dominance_rules
    from kit.privacy.output_log import CheckLog

    k = _checked_k(k)
    log = log or CheckLog(k=k)
    per_code = result.per_code
    columns = ["code", "naam", "teksten", "eenheden", *result.coders, *_MEASURES, "oordeel"]
    rows, hidden_rows = [], 0
    for i, record in enumerate(per_code.to_dict("records")):
        texts = int(record.get("teksten", 0))
        counts = ["eenheden", *result.coders]
        row = {"code": str(record["code"]), "naam": str(record["naam"]), "teksten": str(texts)}
        row.update({c: str(int(record[c])) for c in counts})
        row.update({m: _number(record[m]) for m in _MEASURES})
        row["oordeel"] = str(record["oordeel"])
        broken = dominance_rules(result.units_per_text.get(record["code"], []))
        if 0 < texts < k:
            row["teksten"] = f"<{k}"
            log.cell(file, i, "teksten", "drempel", row["teksten"])
            rule, why = "afgeleid", f"rust op minder dan {k} teksten"
        elif broken:
            rule, why = "dominantie", (f"de eenheden komen (bijna) allemaal uit één of twee teksten "
                                       f"({' en '.join(broken)})")
        else:
            rows.append(row)
            continue
        hidden_rows += 1
        for column in [*counts, *_MEASURES]:
            row[column] = "x"
            log.cell(file, i, column, rule, "x", note=why)
        row["oordeel"] = _NOT_DETERMINABLE
        rows.append(row)
    table = pd.DataFrame(rows, columns=columns)
    if len(table) and hidden_rows / len(table) > max_hidden_share:
        log.table(file, "geweigerd", f"{hidden_rows} van de {len(table)} codes rusten op minder "
                                     f"dan {k} teksten of op één of twee teksten")
        return table.iloc[0:0], log
    log.table(file, "gecontroleerd", f"{len(table)} codes, {hidden_rows} verborgen")
    return table, log


def narrative_contributions(texts, *, lemmatise: bool = True, stopwords=None) -> dict[str, list[int]]:
    """Per word: how often each narrative that uses it does so (largest first).

    >>> narrative_contributions(["werk werk huis", "werk"], lemmatise=False, stopwords=frozenset())
    {'werk': [2, 1], 'huis': [1]}
    """
    from kit.analysis.keyness import word_counts

    out: dict[str, list[int]] = {}
    for text in texts:
        for word, n in word_counts([text], lemmatise=lemmatise, stopwords=stopwords).items():
            out.setdefault(word, []).append(int(n))
    return {word: sorted(values, reverse=True) for word, values in out.items()}


def publishable_keyness(table, narratives, *, k: int = 10, log=None, file: str = "keyness.csv",
                        lemmatise: bool = True, stopwords=None):
    """The keyness table as it may be published, and its output-checking log.

    Args:
        table: the output of :func:`kit.analysis.keyness.keyness` (corpus B the narratives).
        narratives: the narratives' texts (the same as corpus B).
        k: the threshold (never below 5): the least number of narratives a word rests on.
        log: a :class:`kit.privacy.output_log.CheckLog` to add to (a new one by default).
        file: the file name the log names.
        lemmatise, stopwords: as given to ``keyness``.

    Returns:
        ``(table, log)``; the table is empty (header only) when it is refused.
    """
    from kit.privacy.disclosure import dominance_rules
    from kit.privacy.output_log import CheckLog

    k = _checked_k(k)
    log = log or CheckLog(k=k)
    texts = [str(t) for t in narratives]
    contributions = narrative_contributions(texts, lemmatise=lemmatise, stopwords=stopwords)
    used = sum(1 for t in texts if t.strip())
    if used < k:
        log.table(file, "geweigerd", f"er zijn {used} narratieven, minder dan {k}")
        return table.iloc[0:0], log
    keep, small, dominant = [], 0, 0
    for word, in_b in zip(table["woord"], table["freq_b"], strict=True):
        if int(in_b) == 0:
            keep.append(True)
            continue
        parts = contributions.get(word, [])
        if len(parts) < k:
            small += 1
            keep.append(False)
        elif dominance_rules(parts):
            dominant += 1
            keep.append(False)
        else:
            keep.append(True)
    out = table[keep].reset_index(drop=True)
    out.attrs = dict(table.attrs)
    if small:
        log.table(file, "weggelaten", f"{small} woorden komen in minder dan {k} narratieven voor")
    if dominant:
        log.table(file, "weggelaten", f"{dominant} woorden komen (bijna) allemaal uit één of twee "
                                      "narratieven (nk-regel en p-ratio van acro)")
    log.table(file, "gecontroleerd", f"{len(out)} woorden gepubliceerd uit {used} narratieven")
    return out, log


def _checked_k(k: int) -> int:
    from kit.errors import InputError
    from kit.privacy.disclosure import MIN_K

    if int(k) < MIN_K:
        raise InputError(f"de drempel k={k} is te laag: de kit gebruikt nooit minder dan {MIN_K}",
                         place="--k")
    return int(k)
