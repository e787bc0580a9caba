"""Inter-coder agreement: Cohen's kappa and Krippendorff's alpha, per code and overall.

Two (or more) coders code the same texts. Their segments rarely have exactly the same
borders, so agreement is measured on **units**: the sentences of the texts (or, without
the texts, every distinct coded segment). A coder "gave" a code to a unit when one of
her segments with that code covers at least half of the unit or at least half of the
segment lies in the unit. Per code that gives a yes/no per unit and coder:

- **Cohen's kappa** (``sklearn.metrics.cohen_kappa_score``) for two coders; with more
  coders the mean over all pairs (Light's kappa);
- **Krippendorff's alpha** (package ``krippendorff``, nominal), with the reliability data
  oriented as the package wants it: **coders in rows, units in columns**.

"Overall" pools all (unit, code) pairs. Disagreements are listed side by side so two
students can talk them through. Interpretation bands are in Dutch (Landis & Koch for
kappa, Krippendorff 2004 for alpha).

>>> import pandas as pd
>>> texts = {"n1": "Ik werk. De bank zei nee. Mijn buren lachen."}
>>> rows = [("n1", 0, 8, "werk", "A"), ("n1", 9, 25, "bank", "A"), ("n1", 9, 25, "bank", "B"),
...         ("n1", 0, 8, "werk", "B"), ("n1", 26, 44, "buren", "A")]
>>> codings = pd.DataFrame(rows, columns=["document", "start", "end", "code", "coder"])
>>> result = agreement(codings, texts=texts)
>>> float(result.per_code.set_index("code").loc["bank", "kappa"])
1.0
>>> result.disagreements[["passage", "A", "B"]].values.tolist()
[['Mijn buren lachen.', 'buren', '']]
>>> interpret_alpha(0.7)
'voorzichtig: alleen voorlopige conclusies'
"""

from __future__ import annotations

import itertools
import math
import os
import warnings
from dataclasses import dataclass, field
from typing import Any

from kit.display import number, percent
from kit.errors import InputError

__all__ = [
    "AgreementResult",
    "agreement",
    "unit_presence",
    "interpret_kappa",
    "interpret_alpha",
    "percent_agreement",
]


def interpret_kappa(kappa: float | None) -> str:
    """Dutch reading of a kappa value (bands of Landis & Koch, 1977).

    >>> interpret_kappa(0.85)
    'bijna volledige overeenstemming'
    >>> interpret_kappa(float("nan"))
    'niet te berekenen (de code kwam (bijna) niet voor)'
    """
    if kappa is None or math.isnan(kappa):
        return "niet te berekenen (de code kwam (bijna) niet voor)"
    if kappa < 0:
        return "minder dan toeval: jullie lezen de code verschillend"
    for limit, text in ((0.20, "nauwelijks overeenstemming"), (0.40, "zwakke overeenstemming"),
                        (0.60, "redelijke overeenstemming"), (0.80, "goede overeenstemming")):
        if kappa <= limit:
            return text
    return "bijna volledige overeenstemming"


def interpret_alpha(alpha: float | None) -> str:
    """Dutch reading of Krippendorff's alpha (0.800 and 0.667 as in Krippendorff, 2004).

    >>> interpret_alpha(0.9)
    'betrouwbaar'
    >>> interpret_alpha(0.5)
    'onvoldoende: bespreek de definities in het codeboek'
    """
    if alpha is None or math.isnan(alpha):
        return "niet te berekenen (de code kwam (bijna) niet voor)"
    if alpha >= 0.800:
        return "betrouwbaar"
    if alpha >= 0.667:
        return "voorzichtig: alleen voorlopige conclusies"
    return "onvoldoende: bespreek de definities in het codeboek"


def percent_agreement(a, b) -> float:
    """Share of units on which two yes/no lists agree.

    >>> percent_agreement([1, 0, 1, 1], [1, 0, 0, 1])
    0.75
    """
    pairs = list(zip(a, b, strict=True))
    return sum(1 for x, y in pairs if x == y) / len(pairs) if pairs else float("nan")


def _units_for(codings, texts):
    import pandas as pd

    from kit.analysis.coding import as_texts, sentence_units

    if texts is not None:
        text_map = as_texts(texts)
        documents = sorted(set(codings["document"]))
        missing = [d for d in documents if d not in text_map]
        if missing:
            raise InputError(f"het document '{missing[0]}' staat niet tussen de teksten")
        units = sentence_units({d: text_map[d] for d in documents})
        if units.empty:
            raise InputError("de gecodeerde teksten zijn leeg: er is niets om te vergelijken")
        return units
    units = (codings[["document", "start", "end"]].drop_duplicates()
             .sort_values(["document", "start", "end"]).reset_index(drop=True))
    units["passage"] = ""
    return pd.DataFrame(units)


def unit_presence(codings, *, texts: Any = None):
    """For every unit, coder and code: was the code given (yes/no)?

    Args:
        codings: a codings table (``document, start, end, code, coder``).
        texts: the texts (``{id: text}`` or a table); without them every distinct coded
            segment is a unit.

    Returns:
        ``(units, coders, codes, presence)`` where ``presence`` is a boolean numpy array
        of shape (coders, units, codes).

    >>> import pandas as pd
    >>> c = pd.DataFrame([("d", 0, 4, "x", "A"), ("d", 0, 4, "x", "B")],
    ...                  columns=["document", "start", "end", "code", "coder"])
    >>> units, coders, codes, presence = unit_presence(c)
    >>> presence.shape, bool(presence.all())
    ((2, 1, 1), True)
    """
    import numpy as np

    units = _units_for(codings, texts)
    coders = sorted(codings["coder"].astype(str).unique())
    codes = sorted(codings["code"].astype(str).unique())
    units = units.reset_index(drop=True)
    units["_unit"] = np.arange(len(units))
    merged = codings[["document", "start", "end", "code", "coder"]].merge(
        units[["document", "start", "end", "_unit"]], on="document", suffixes=("", "_u"))
    overlap = (np.minimum(merged["end"], merged["end_u"]) - np.maximum(merged["start"], merged["start_u"]))
    shortest = np.minimum(merged["end"] - merged["start"], merged["end_u"] - merged["start_u"])
    hit = merged[(overlap > 0) & (overlap * 2 >= shortest)]
    presence = np.zeros((len(coders), len(units), len(codes)), dtype=bool)
    coder_index = {c: i for i, c in enumerate(coders)}
    code_index = {c: i for i, c in enumerate(codes)}
    presence[hit["coder"].map(coder_index).to_numpy(), hit["_unit"].to_numpy(),
             hit["code"].map(code_index).to_numpy()] = True
    return units.drop(columns="_unit"), coders, codes, presence


def _kappa(x, y) -> float:
    from sklearn.metrics import cohen_kappa_score

    if len(set(x.tolist()) | set(y.tolist())) < 2:
        return float("nan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(x, y))
    return value


def _mean(values: list[float]) -> float:
    finite = [v for v in values if not math.isnan(v)]
    return sum(finite) / len(finite) if finite else float("nan")


def _alpha(matrix) -> float:
    import krippendorff
    import numpy as np

    if len(np.unique(matrix)) < 2:
        return float("nan")
    # krippendorff.alpha expects reliability data as coders x units.
    return float(krippendorff.alpha(reliability_data=matrix.astype(float),
                                    level_of_measurement="nominal"))


def _figure(value: float) -> str:
    """A coefficient in Dutch notation (``0,84``); ``-`` when it cannot be computed."""
    return "-" if value is None or value != value else number(value, 2)


def _share(value: float) -> str:
    return "-" if value is None or value != value else percent(value)


@dataclass
class AgreementResult:
    """What :func:`agreement` found.

    Attributes:
        coders: the coders compared.
        per_code: per code ``code, naam, eenheden, teksten (texts with the code), <coder>
            (units per coder), percentage, kappa, alpha, oordeel``.
        overall: ``kappa``, ``alpha``, ``percentage`` (pooled over all codes), ``eenheden``,
            ``codes``, ``oordeel``.
        disagreements: units where the coders' codes differ, side by side.
        units_per_text: per code, how many of its units each text holds (largest first):
            the contributions an output check needs (dominance of one text).
    """

    coders: list[str]
    per_code: Any
    overall: dict[str, Any]
    disagreements: Any
    units_per_text: dict[str, list[int]] = field(default_factory=dict)

    def summary(self) -> str:
        """A short Dutch summary for a notebook or the command line."""
        o = self.overall
        return (f"Codeurs {', '.join(self.coders)}: {o['eenheden']} eenheden, {o['codes']} codes. "
                f"Overeenstemming {_share(o['percentage'])}, kappa {_figure(o['kappa'])}, "
                f"alfa {_figure(o['alpha'])}: {o['oordeel']}. "
                f"{len(self.disagreements)} passages om samen te bespreken.")


def agreement(codings, *, texts: Any = None, codebook=None, coders: list[str] | None = None,
              path: str | os.PathLike | None = None) -> AgreementResult:
    """Compare coders: kappa and alpha per code and overall, plus the disagreements.

    Args:
        codings: a codings table with at least two coders.
        texts: the coded texts (units become their sentences); optional.
        codebook: optional codebook, for readable code names.
        coders: which coders to compare (default: all in the table).
        path: the codings file, for error messages.

    Returns:
        An :class:`AgreementResult`.

    Raises:
        InputError: with fewer than two coders, or no codings at all.
    """
    import numpy as np
    import pandas as pd

    where = None if path is None else os.fspath(path)
    if codings is None or len(codings) == 0:
        raise InputError("er zijn geen coderingen om te vergelijken", path=where)
    frame = codings.copy()
    frame["coder"] = frame["coder"].astype(str)
    if coders is not None:
        unknown = [c for c in coders if c not in set(frame["coder"])]
        if unknown:
            raise InputError(f"de codeur '{unknown[0]}' komt niet voor in de coderingen", path=where,
                             place="kolom 'coder'")
        frame = frame[frame["coder"].isin(coders)]
    found = sorted(frame["coder"].unique())
    if len(found) < 2:
        only = found[0] if found else "-"
        raise InputError(f"er is maar één codeur ('{only}'); voor overeenstemming zijn twee codeurs "
                         "nodig die dezelfde teksten coderen", path=where, place="kolom 'coder'")
    units, coder_list, codes, presence = unit_presence(frame, texts=texts)
    pairs = list(itertools.combinations(range(len(coder_list)), 2))
    rows = []
    per_text: dict[str, list[int]] = {}
    for k, code in enumerate(codes):
        matrix = presence[:, :, k]
        given = units.loc[matrix.any(axis=0), "document"].astype(str)
        per_text[code] = sorted(given.value_counts().tolist(), reverse=True)
        kappa = _mean([_kappa(matrix[a], matrix[b]) for a, b in pairs])
        alpha = _alpha(matrix)
        pct = float(np.mean([percent_agreement(matrix[a], matrix[b]) for a, b in pairs]))
        row = {"code": code, "naam": codebook.label(code) if codebook is not None else code,
               "eenheden": int(matrix.any(axis=0).sum()), "teksten": len(per_text[code])}
        for i, coder in enumerate(coder_list):
            row[coder] = int(matrix[i].sum())
        row.update({"percentage": pct, "kappa": kappa, "alpha": alpha,
                    "oordeel": interpret_alpha(alpha)})
        rows.append(row)
    per_code = pd.DataFrame(rows)
    pooled = presence.reshape(len(coder_list), -1)
    pooled_kappa = _mean([_kappa(pooled[a], pooled[b]) for a, b in pairs])
    pooled_alpha = _alpha(pooled)
    overall = {"kappa": pooled_kappa, "alpha": pooled_alpha,
               "percentage": float(np.mean([percent_agreement(pooled[a], pooled[b]) for a, b in pairs])),
               "eenheden": len(units), "codes": len(codes), "oordeel": interpret_alpha(pooled_alpha),
               "oordeel_kappa": interpret_kappa(pooled_kappa)}
    differs = np.zeros(len(units), dtype=bool)
    for a, b in pairs:
        differs |= (presence[a] != presence[b]).any(axis=1)
    idx = np.nonzero(differs)[0]
    code_array = np.array(codes, dtype=object)
    dis = units.iloc[idx][["document", "start", "end", "passage"]].reset_index(drop=True)
    for i, coder in enumerate(coder_list):
        dis[coder] = [", ".join(code_array[presence[i, u]]) for u in idx]
    dis["verschil"] = [", ".join(code_array[presence[:, u].any(axis=0) & ~presence[:, u].all(axis=0)])
                       for u in idx]
    return AgreementResult(coders=coder_list, per_code=per_code, overall=overall, disagreements=dis,
                           units_per_text=per_text)
