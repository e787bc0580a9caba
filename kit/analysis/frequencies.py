"""Counting codes: per community, setting and period, and against signifier answers.

Counts are **narratives** (documents) with a code by default, not segments: one long
story with five "bank" passages counts once. A table meant for publication goes through
:func:`publishable`, which hides small cells (small-cell suppression by the privacy part
of the kit).

>>> import pandas as pd
>>> narratives = pd.DataFrame({"id": ["n1", "n2", "n3"], "community": ["sekswerkers", "sekswerkers",
...     "arbeidsmigranten"], "month": ["2025-09", "2025-10", "2025-12"], "text": ["a", "b", "c"],
...     "thuis.ik": [0.8, 0.1, 0.2], "thuis.buurt": [0.1, 0.8, 0.2], "thuis.stad": [0.1, 0.1, 0.6]})
>>> codings = pd.DataFrame({"document": ["n1", "n2", "n3", "n3"], "start": 0, "end": 1,
...     "code": ["bank", "bank", "werk", "bank"], "coder": "A", "memo": ""})
>>> code_frequencies(codings, narratives, by="community").loc["bank"].to_dict()
{'arbeidsmigranten': 1, 'sekswerkers': 2}
>>> code_frequencies(codings, narratives, by="period").columns.tolist()
['2025-K3', '2025-K4']
>>> codes_by_signifier(codings, narratives, "thuis").loc["bank"].to_dict()
{'ik': 1, 'buurt': 1, 'stad': 1, 'midden': 0}
"""

from __future__ import annotations

from typing import Any

from kit.errors import InputError

__all__ = [
    "period_of",
    "code_frequencies",
    "signifier_corners",
    "dominant_corner",
    "codes_by_signifier",
    "code_signifier_means",
    "protected_counts",
    "publishable",
    "MAX_HIDDEN_SHARE",
]

#: Share of the non-empty cells that may be hidden before a table is refused.
MAX_HIDDEN_SHARE = 0.7

_GROUPINGS = {"community": "community", "gemeenschap": "community", "setting": "setting",
              "period": "month", "periode": "month", "month": "month", "maand": "month"}


def period_of(month: str, per: str = "kwartaal") -> str:
    """Turn ``YYYY-MM`` into a period label (``maand``, ``kwartaal``, ``halfjaar`` or ``jaar``).

    >>> period_of("2025-11"), period_of("2025-11", "halfjaar"), period_of("2025-11", "maand")
    ('2025-K4', '2025-H2', '2025-11')
    """
    text = str(month).strip()
    if len(text) < 7 or text[4] != "-" or not (text[:4] + text[5:7]).isdigit():
        raise InputError(f"'{month}' is geen maand in de vorm JJJJ-MM", place="kolom 'month'")
    year, m = text[:4], int(text[5:7])
    if not 1 <= m <= 12:
        raise InputError(f"'{month}' heeft geen geldige maand", place="kolom 'month'")
    if per == "maand":
        return f"{year}-{m:02d}"
    if per == "kwartaal":
        return f"{year}-K{(m - 1) // 3 + 1}"
    if per == "halfjaar":
        return f"{year}-H{1 if m <= 6 else 2}"
    if per == "jaar":
        return year
    raise InputError(f"onbekende periode '{per}'; kies maand, kwartaal, halfjaar of jaar")


def _join(codings, narratives, column: str):
    if column not in narratives.columns:
        raise InputError(f"de narratieven hebben geen kolom '{column}'", place=f"kolom '{column}'")
    lookup = dict(zip(narratives["id"].astype(str), narratives[column].astype(str), strict=True))
    missing = sorted(set(codings["document"].astype(str)) - set(lookup))
    if missing:
        raise InputError(f"de codering verwijst naar narratief '{missing[0]}', dat niet bestaat",
                         place="kolom 'document'")
    return codings["document"].astype(str).map(lookup)


def code_frequencies(codings, narratives, *, by: str = "community", per: str = "kwartaal",
                     unit: str = "document", relative: bool = False, codebook=None,
                     top_level: bool = False, coder: str | None = None):
    """How often each code occurs per group of narratives.

    Args:
        codings: the codings table.
        narratives: the narratives (``id`` plus ``community``, ``setting``, ``month``).
        by: ``community``, ``setting`` or ``period``.
        per: for ``by="period"``: ``maand``, ``kwartaal``, ``halfjaar`` or ``jaar``.
        unit: ``document`` (narratives with the code) or ``segment`` (coded passages).
        relative: share of the narratives in the group instead of counts.
        codebook: when given, rows follow the codebook order (codes never used show 0).
        top_level: count subcodes under their top-level code (needs ``codebook``).
        coder: only this coder's codings.

    Returns:
        A DataFrame: one row per code, one column per group.
    """
    import pandas as pd

    if by not in _GROUPINGS:
        raise InputError(f"onbekende indeling '{by}'; kies community, setting of period")
    frame = codings if coder is None else codings[codings["coder"] == coder]
    if frame.empty:
        raise InputError("er zijn geen coderingen om te tellen")
    frame = frame.copy()
    frame["group"] = _join(frame, narratives, _GROUPINGS[by]).to_numpy()
    if _GROUPINGS[by] == "month":
        frame["group"] = [period_of(m, per) for m in frame["group"]]
    if top_level:
        if codebook is None:
            raise InputError("voor hoofdcodes is het codeboek nodig")
        frame["code"] = [codebook.top_level(c) if c in codebook else c for c in frame["code"]]
    if unit == "document":
        frame = frame.drop_duplicates(subset=["document", "code"])
    elif unit != "segment":
        raise InputError("kies als eenheid 'document' of 'segment'")
    table = pd.crosstab(frame["code"], frame["group"])
    table.columns.name = None
    table.index.name = "code"
    if codebook is not None:
        order = [c.id for c in codebook if (not top_level or c.parent is None)]
        extra = [c for c in table.index if c not in order]
        table = table.reindex(order + extra, fill_value=0)
    if relative:
        groups = narratives.copy()
        groups["group"] = groups[_GROUPINGS[by]].astype(str)
        if _GROUPINGS[by] == "month":
            groups["group"] = [period_of(m, per) for m in groups["group"]]
        sizes = groups.groupby("group").size()
        table = table.div(sizes.reindex(table.columns).to_numpy(), axis=1)
    return table


def signifier_corners(narratives, signifier: str) -> list[str]:
    """The corner (or pole) ids of a signifier, from the columns ``<signifier>.<corner>``.

    >>> import pandas as pd
    >>> signifier_corners(pd.DataFrame(columns=["id", "t.a", "t.b", "t.c"]), "t")
    ['a', 'b', 'c']
    """
    prefix = f"{signifier}."
    corners = [c[len(prefix):] for c in narratives.columns if str(c).startswith(prefix)]
    if len(corners) < 2:
        raise InputError(f"de narratieven hebben geen antwoorden op signifier '{signifier}' "
                         f"(verwacht kolommen '{prefix}<hoek>')")
    return corners


def dominant_corner(narratives, signifier: str, *, threshold: float = 0.5):
    """Per narrative the corner with the largest share, or ``midden`` when none reaches ``threshold``.

    Narratives that skipped the signifier get ``geen antwoord``.

    >>> import pandas as pd
    >>> n = pd.DataFrame({"id": ["a", "b"], "t.x": [0.7, 0.4], "t.y": [0.3, 0.3], "t.z": [0, 0.3]})
    >>> dominant_corner(n, "t").tolist()
    ['x', 'midden']
    """
    import pandas as pd

    corners = signifier_corners(narratives, signifier)
    values = narratives[[f"{signifier}.{c}" for c in corners]].apply(pd.to_numeric, errors="coerce")
    values.columns = corners
    best = values.fillna(-1.0).idxmax(axis=1)
    top = values.max(axis=1)
    out = []
    for i in range(len(values)):
        if pd.isna(top.iloc[i]):
            out.append("geen antwoord")
        elif top.iloc[i] < threshold:
            out.append("midden")
        else:
            out.append(str(best.iloc[i]))
    return pd.Series(out, index=narratives.index, name=signifier)


def codes_by_signifier(codings, narratives, signifier: str, *, threshold: float = 0.5,
                       coder: str | None = None):
    """Which codes go with which corner of a triad: narratives per code and dominant corner.

    Returns:
        A DataFrame: one row per code, a column per corner plus ``midden``.
    """
    import pandas as pd

    corners = signifier_corners(narratives, signifier)
    frame = codings if coder is None else codings[codings["coder"] == coder]
    frame = frame.drop_duplicates(subset=["document", "code"])
    corner_of = dict(zip(narratives["id"].astype(str),
                         dominant_corner(narratives, signifier, threshold=threshold), strict=True))
    missing = sorted(set(frame["document"].astype(str)) - set(corner_of))
    if missing:
        raise InputError(f"de codering verwijst naar narratief '{missing[0]}', dat niet bestaat",
                         place="kolom 'document'")
    corner = frame["document"].astype(str).map(corner_of)
    table = pd.crosstab(frame["code"], corner)
    columns = corners + ["midden"] + (["geen antwoord"] if "geen antwoord" in table.columns else [])
    table = table.reindex(columns=columns, fill_value=0)
    table.columns.name = None
    table.index.name = "code"
    return table


def code_signifier_means(codings, narratives, signifier: str, *, coder: str | None = None):
    """Mean triad position of the narratives that carry each code, and how many there are.

    >>> import pandas as pd
    >>> n = pd.DataFrame({"id": ["a", "b"], "t.x": [1.0, 0.0], "t.y": [0.0, 1.0]})
    >>> c = pd.DataFrame({"document": ["a", "b"], "code": ["k", "k"], "coder": "A"})
    >>> code_signifier_means(c, n, "t").loc["k"].tolist()
    [0.5, 0.5, 2.0]
    """
    import pandas as pd

    corners = signifier_corners(narratives, signifier)
    frame = codings if coder is None else codings[codings["coder"] == coder]
    frame = frame.drop_duplicates(subset=["document", "code"])[["document", "code"]]
    values = narratives[["id"] + [f"{signifier}.{c}" for c in corners]].copy()
    values["id"] = values["id"].astype(str)
    for c in corners:
        values[f"{signifier}.{c}"] = pd.to_numeric(values[f"{signifier}.{c}"], errors="coerce")
    merged = frame.merge(values, left_on="document", right_on="id")
    table = merged.groupby("code")[[f"{signifier}.{c}" for c in corners]].mean()
    table.columns = corners
    table["narratieven"] = merged.groupby("code").size()
    return table


def protected_counts(table, *, k: int = 10) -> Any:
    """The counts with small cells hidden, as numbers (for figures); see :func:`publishable`.

    Args:
        table: a DataFrame of counts (rows x columns), e.g. from :func:`code_frequencies`.
        k: threshold; cells under ``k`` (and the cells that would give them away) are hidden.

    Returns:
        A copy with ``Int64`` dtype where hidden cells are ``<NA>``.

    Raises:
        InputError: (``DisclosureRefused``) when too much would have to be hidden.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"a": [12, 3, 20], "b": [15, 14, 11]}, index=["x", "y", "z"])
    >>> protected_counts(t, k=10)["a"].isna().tolist()
    [True, True, False]
    """
    from kit.privacy.disclosure import suppress_small_cells

    return suppress_small_cells(table, k=k, max_suppressed_share=MAX_HIDDEN_SHARE)


def publishable(table, *, k: int = 10) -> Any:
    """Hide small cells before a count table leaves the classroom.

    Uses the kit's small-cell suppression (``kit.privacy.disclosure``): cells under ``k``
    are hidden and shown as ``"<k"``, the cells hidden to protect them (complementary
    suppression) as ``"x"``; a table that would be
    mostly hidden is refused (collapse categories first, e.g. ``top_level=True``).

    Raises:
        InputError: (``DisclosureRefused``) when too much would have to be hidden.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"a": [12, 3, 20], "b": [15, 14, 11]}, index=["x", "y", "z"])
    >>> publishable(t, k=10)["a"].tolist()
    ['x', '<10', '20']
    """
    from kit.privacy.disclosure import format_suppressed

    return format_suppressed(protected_counts(table, k=k), k)
