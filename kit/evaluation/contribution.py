"""Contribution analysis (Mayne) and the evidence for "doorgaan of bijsturen".

A theory of change is a list of claimed links (``van`` -> ``naar``) with the
assumption behind each and the indicators that give evidence. The kit puts
the measured trend of those indicators beside every link; whether the
contribution story holds is for people to judge. The same goes for the last
page of the report: each criterion of the evaluators with the measured value
beside it - the kit computes, people decide.

>>> theory = default_theory()
>>> theory["id"].tolist()[:3]
['L1', 'L2', 'L3']
>>> judge_value(12.0, 10.0, "minimaal"), judge_value(0.4, 0.5, "minimaal"), judge_value(3.0, None, "beschrijvend")
('voldoet', 'voldoet niet', 'beschrijvend')
"""

from __future__ import annotations

from typing import Any

from kit.evaluation.indicators import get
from kit.evaluation.theory import THEORY_COLUMNS, default_theory

__all__ = ["THEORY_COLUMNS", "default_theory", "contribution_table", "judge_value",
           "decision_table", "format_value"]


def format_value(value: Any, unit: str) -> str:
    """A value as the published tables hold it (shares as whole percentages; the CSV files
    turn a decimal point into a comma, :func:`kit.evaluation.publication.csv_values`; the page
    and the Word document show every number through
    :func:`kit.evaluation.numbers.display_value`).

    >>> format_value(0.456, "aandeel"), format_value(12.0, "aantal"), format_value(None, "aantal")
    ('46%', '12', 'geen gegevens')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "geen gegevens"
    if isinstance(value, str):
        return value
    if unit == "aandeel":
        return f"{value * 100:.0f}%"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}"


def _rests_on_persons(trend_row) -> bool:
    indicator = get(trend_row["indicator_id"])
    return indicator is None or indicator.disclosure.rests_on_persons  # unknown: be careful


def _published(trend_row, side: str, k: int) -> str:
    """The value as published: hidden when it rests on fewer than ``k`` persons (the
    indicator's disclosure rule, :attr:`kit.evaluation.indicator_registry.Disclosure.rests_on_persons`);
    a value that is already text (protected by the report's disclosure pass) is shown as it is."""
    value = trend_row[f"{side}_value"]
    if isinstance(value, str):
        return value
    basis = trend_row.get(f"{side}_basis")
    import pandas as pd

    if basis is not None and not pd.isna(basis) and int(basis) < k and _rests_on_persons(trend_row):
        return f"<{k}" if trend_row["unit"] != "aandeel" else f"verborgen (minder dan {k} personen)"
    return format_value(None if pd.isna(value) else float(value), trend_row["unit"])


def contribution_table(theory, trend_table, *, k: int = 10):
    """Each claimed link of the theory of change with the evidence behind it.

    Args:
        theory: the theory (:func:`default_theory` or the registry's sheet).
        trend_table: :func:`kit.evaluation.indicators.trend` output.
        k: small-cell threshold for values that rest on persons.

    Returns:
        A DataFrame: link_id, cause, effect, assumption, risk, evidence, indicators_found,
        indicators_named, evidence_status.

    >>> import pandas as pd
    >>> from kit.evaluation.indicators import trend, _row
    >>> t = trend(pd.DataFrame([_row("activiteiten_aantal", "jaar 1", 4), _row("activiteiten_aantal", "jaar 2", 9)]))
    >>> row = contribution_table(default_theory(), t).iloc[0]
    >>> row["evidence_status"], row["evidence"].split(";")[0]
    ('deels onderbouwd', 'Activiteiten (kenniscafés, bijeenkomsten, symposia, dialoogtafels): 4 -> 9 (hoger)')
    """
    import pandas as pd

    by_id = {row["indicator_id"]: row for row in trend_table.to_dict("records")}
    rows = []
    for link in theory.to_dict("records"):
        named = [i.strip() for i in str(link["indicatoren"]).split(";") if i.strip()]
        evidence, found, rising, falling = [], 0, 0, 0
        for indicator_id in named:
            row = by_id.get(indicator_id)
            if row is None or pd.isna(row["last_value"]):
                evidence.append(f"{indicator_id}: geen gegevens")
                continue
            found += 1
            first = _published(row, "first", k)
            last = _published(row, "last", k)
            if row["first_period"] != row["last_period"]:
                text = f"{row['name']}: {first} -> {last}"
                if row["direction"]:
                    text += f" ({row['direction']})"
                    rising += row["direction"] in {"hoger", "gelijk"}
                    falling += row["direction"] == "lager"
            else:
                text = f"{row['name']}: {last} ({row['last_period']})"
                rising += 1
            evidence.append(text)
        if found == 0:
            status = "geen bewijs"
        elif found == len(named) and falling == 0:
            status = "onderbouwd"
        else:
            status = "deels onderbouwd"
        rows.append({"link_id": link["id"], "cause": link["van"], "effect": link["naar"],
                     "assumption": link["aanname"], "risk": link.get("risico", ""),
                     "evidence": "; ".join(evidence), "indicators_found": found,
                     "indicators_named": len(named), "evidence_status": status})
    return pd.DataFrame(rows, columns=["link_id", "cause", "effect", "assumption", "risk",
                                       "evidence", "indicators_found", "indicators_named",
                                       "evidence_status"])


def judge_value(value: float | None, threshold: float | None, direction: str) -> str:
    """Compare a measured value with an evaluators' threshold (no decision, only the comparison).

    ``minimaal``/``maximaal`` include the threshold ("ten minste", "ten hoogste");
    ``meer dan``/``minder dan`` do not ("meer dan de helft": exactly half does not do).

    >>> judge_value(0.5, 0.5, "meer dan"), judge_value(0.5, 0.5, "minimaal")
    ('voldoet niet', 'voldoet')

    Returns:
        ``voldoet``, ``voldoet niet``, ``beschrijvend`` or ``geen gegevens``.
    """
    if direction == "beschrijvend" or threshold is None or threshold != threshold:
        return "beschrijvend" if value is not None else "geen gegevens"
    if value is None or value != value:
        return "geen gegevens"
    ok = {"minimaal": value >= threshold, "maximaal": value <= threshold,
          "meer dan": value > threshold, "minder dan": value < threshold}[direction]
    return "voldoet" if ok else "voldoet niet"


def decision_table(criteria, trend_table, *, k: int = 10):
    """The evaluators' criteria with the measured value and trend beside each.

    Args:
        criteria: the registry's sheet ``Criteria``.
        trend_table: :func:`kit.evaluation.indicators.trend` output.
        k: small-cell threshold.

    Returns:
        A DataFrame: criterion_id, criterion, indicator_id, indicator, threshold, direction,
        latest_period, latest_value, earlier_value, trend, comparison, note.
    """
    import pandas as pd

    by_id = {row["indicator_id"]: row for row in trend_table.to_dict("records")}
    rows = []
    for criterion in criteria.to_dict("records"):
        indicator_id = criterion.get("indicator") or ""
        row = by_id.get(indicator_id)
        threshold = criterion.get("drempel")
        threshold = None if threshold is None or pd.isna(threshold) else float(threshold)
        if row is None:
            value = None
            rows.append({"criterion_id": criterion["id"], "criterion": criterion["criterium"],
                         "indicator_id": indicator_id, "indicator": "",
                         "threshold": format_value(threshold, "aantal") if threshold is not None else "",
                         "direction": criterion["richting"], "latest_period": "",
                         "latest_value": "geen gegevens", "earlier_value": "", "trend": "",
                         "comparison": "geen gegevens" if indicator_id else "beschrijvend",
                         "note": criterion.get("toelichting", "")})
            continue
        value = None if pd.isna(row["last_value"]) else float(row["last_value"])
        comparison = judge_value(value, threshold, criterion["richting"])
        latest = _published(row, "last", k)
        if latest.startswith(("<", "verborgen")):
            comparison = f"verborgen (minder dan {k} personen)"
        rows.append({"criterion_id": criterion["id"], "criterion": criterion["criterium"],
                     "indicator_id": indicator_id, "indicator": row["name"],
                     "threshold": "" if threshold is None else format_value(threshold, row["unit"]),
                     "direction": criterion["richting"], "latest_period": row["last_period"],
                     "latest_value": latest,
                     "earlier_value": _published(row, "first", k)
                     if row["first_period"] != row["last_period"] else "",
                     "trend": row["direction"], "comparison": comparison,
                     "note": criterion.get("toelichting", "")})
    return pd.DataFrame(rows, columns=["criterion_id", "criterion", "indicator_id", "indicator",
                                       "threshold", "direction", "latest_period", "latest_value",
                                       "earlier_value", "trend", "comparison", "note"])
