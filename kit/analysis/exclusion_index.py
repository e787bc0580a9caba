"""The SCP social-exclusion index with the CBS scoring rule.

The Sociaal en Cultureel Planbureau (Jehoel-Gijsbers et al.) describes social
exclusion on four dimensions. Each dimension is a number per person where
*higher means more lacking* (more deprivation, less participation):

=========================  ========================================================
column                     dimension (Dutch)
=========================  ========================================================
``material_deprivation``   materiële deprivatie (rondkomen, schulden, wonen)
``social_participation``   onvoldoende sociale participatie (contacten, steun)
``social_rights``          onvoldoende toegang tot sociale grondrechten (instanties, diensten)
``normative_integration``  onvoldoende normatieve integratie (aansluiting bij gedeelde normen)
=========================  ========================================================

CBS scoring: each dimension is cut into quartiles of a reference population
and scored 0-3 (the most lacking quarter gets 3); the index is the sum, 0-12.
A person counts as *socially excluded* with the maximum score (3) on at least
two dimensions **and** a total of 10-12. Quartile cut points come from the
reference population (by default the table itself); a value on a cut point
falls in the lower quarter.

>>> import pandas as pd
>>> people = pd.DataFrame({"material_deprivation": [9, 1, 5], "social_participation": [8, 2, 5],
...                        "social_rights": [9, 1, 5], "normative_integration": [7, 2, 5]})
>>> reference = pd.DataFrame({d: range(1, 9) for d in DIMENSIONS})
>>> score_index(people, reference=reference)[["index", "max_dimensions", "excluded"]]
   index  max_dimensions  excluded
0     12               4      True
1      0               0     False
2      8               0     False
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from kit.errors import InputError, row_place

__all__ = ["DIMENSIONS", "DIMENSION_LABELS", "quartile_cutpoints", "quartile_score", "score_index",
           "explain_person", "share_excluded"]

#: The four dimensions, in the SCP order (column names).
DIMENSIONS = ("material_deprivation", "social_participation", "social_rights", "normative_integration")
#: Dutch names of the dimensions, for tables and explanations.
DIMENSION_LABELS = {
    "material_deprivation": "materiële deprivatie",
    "social_participation": "te weinig sociale participatie",
    "social_rights": "te weinig toegang tot rechten en diensten",
    "normative_integration": "te weinig normatieve integratie",
}
EXCLUDED_MIN_TOTAL = 10
EXCLUDED_MIN_MAX_DIMENSIONS = 2


def _check(frame, path, *, name: str = "tabel") -> None:
    import pandas as pd

    absent = [d for d in DIMENSIONS if d not in frame.columns]
    if absent:
        raise InputError(f"de kolom(men) ontbreken in de {name}: {', '.join(absent)}",
                         path=path, place="rij 1")
    for d in DIMENSIONS:
        numbers = pd.to_numeric(frame[d], errors="coerce")
        bad = numbers.isna() & frame[d].notna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(f"'{frame[d].iloc[i]}' is geen getal", path=path, place=row_place(i, d))


def quartile_cutpoints(reference, *, path: str | os.PathLike | None = None) -> dict[str, tuple[float, float, float]]:
    """The 25th, 50th and 75th percentile of each dimension in a reference population.

    Args:
        reference: a DataFrame with the four dimension columns (empty cells are left out).
        path: the file it came from, for error messages.

    Returns:
        Dimension -> ``(q1, q2, q3)``.

    >>> import pandas as pd
    >>> ref = pd.DataFrame({d: [1, 2, 3, 4, 5] for d in DIMENSIONS})
    >>> quartile_cutpoints(ref)["social_rights"]
    (2.0, 3.0, 4.0)
    """
    import pandas as pd

    _check(reference, path, name="referentiegroep")
    cuts = {}
    for d in DIMENSIONS:
        values = pd.to_numeric(reference[d], errors="coerce").dropna()
        if len(values) < 4:
            raise InputError(f"te weinig waarden voor kwartielen in '{d}' (minstens 4 nodig)",
                             path=path, place=f"kolom '{d}'")
        q = values.quantile([0.25, 0.5, 0.75])
        cuts[d] = (float(q.iloc[0]), float(q.iloc[1]), float(q.iloc[2]))
    return cuts


def quartile_score(value: float, cuts: tuple[float, float, float]) -> int:
    """Score one value 0-3 by the quartile it falls in (on a cut point: the lower quartile).

    >>> [quartile_score(v, (2.0, 3.0, 4.0)) for v in (1, 2, 2.5, 3.5, 4, 4.1)]
    [0, 0, 1, 2, 2, 3]
    """
    return sum(value > c for c in cuts)


def score_index(frame, *, reference=None, cutpoints: Mapping[str, tuple[float, float, float]] | None = None,
                path: str | os.PathLike | None = None):
    """Score each person: a 0-3 score per dimension, the index 0-12 and excluded yes/no.

    Args:
        frame: a DataFrame with the four dimension columns (other columns are kept).
        reference: the population whose quartiles are used; default ``frame`` itself.
        cutpoints: ready-made cut points (overrides ``reference``).
        path: the file the table came from, for error messages.

    Returns:
        A copy of ``frame`` with ``<dimension>_score`` columns, ``index``,
        ``max_dimensions`` (how many dimensions score 3) and ``excluded``. A person with an
        empty dimension gets no index (``<NA>``): the kit does not guess.

    >>> import pandas as pd
    >>> ref = pd.DataFrame({d: range(1, 9) for d in DIMENSIONS})
    >>> one = pd.DataFrame({"material_deprivation": [9], "social_participation": [9],
    ...                     "social_rights": [6], "normative_integration": [6]})
    >>> row = score_index(one, reference=ref).iloc[0]
    >>> int(row["index"]), int(row["max_dimensions"]), bool(row["excluded"])
    (10, 2, True)
    """
    import pandas as pd

    _check(frame, path)
    cuts = dict(cutpoints) if cutpoints is not None else quartile_cutpoints(
        frame if reference is None else reference, path=None if reference is not None else path)
    out = frame.copy()
    score_columns = []
    for d in DIMENSIONS:
        values = pd.to_numeric(frame[d], errors="coerce")
        column = f"{d}_score"
        out[column] = pd.array([pd.NA if pd.isna(v) else quartile_score(float(v), cuts[d]) for v in values],
                               dtype="Int64")
        score_columns.append(column)
    scores = out[score_columns]
    complete = scores.notna().all(axis=1)
    out["index"] = scores.sum(axis=1).astype("Int64").where(complete, pd.NA)
    out["max_dimensions"] = (scores == 3).sum(axis=1).astype("Int64").where(complete, pd.NA)
    excluded = (out["max_dimensions"] >= EXCLUDED_MIN_MAX_DIMENSIONS) & (out["index"] >= EXCLUDED_MIN_TOTAL)
    out["excluded"] = excluded.astype("boolean").where(complete, pd.NA)
    return out


def explain_person(row: Mapping) -> str:
    """Explain in Dutch why a scored person does or does not count as excluded.

    Args:
        row: one row of :func:`score_index` (a Series or a dict).

    Returns:
        One or two Dutch sentences.

    >>> explain_person({"material_deprivation_score": 3, "social_participation_score": 1,
    ...                 "social_rights_score": 3, "normative_integration_score": 2,
    ...                 "index": 9, "max_dimensions": 2, "excluded": False})
    'Score 9 van 12; de hoogste score (3) op 2 dimensies: materiële deprivatie, te weinig toegang tot rechten en diensten. Telt niet als sociaal uitgesloten: het totaal is lager dan 10.'
    """
    import pandas as pd

    if row.get("index") is None or pd.isna(row.get("index")):
        return "Geen score: op minstens één dimensie ontbreekt een waarde."
    top = [DIMENSION_LABELS[d] for d in DIMENSIONS if row.get(f"{d}_score") == 3]
    head = f"Score {int(row['index'])} van 12; de hoogste score (3) op {len(top)} dimensie" + (
        "s" if len(top) != 1 else "") + (f": {', '.join(top)}." if top else ".")
    if bool(row["excluded"]):
        return head + " Telt als sociaal uitgesloten."
    reasons = []
    if int(row["index"]) < EXCLUDED_MIN_TOTAL:
        reasons.append(f"het totaal is lager dan {EXCLUDED_MIN_TOTAL}")
    if len(top) < EXCLUDED_MIN_MAX_DIMENSIONS:
        reasons.append("er zijn minder dan 2 dimensies met de hoogste score")
    return head + " Telt niet als sociaal uitgesloten: " + " en ".join(reasons) + "."


def share_excluded(scored) -> float:
    """Share (0-1) of people with an index who count as excluded.

    >>> import pandas as pd
    >>> share_excluded(pd.DataFrame({"excluded": pd.array([True, False, False, None], dtype="boolean")}))
    0.3333333333333333
    """
    known = scored["excluded"].dropna()
    return float(known.astype(bool).mean()) if len(known) else 0.0
