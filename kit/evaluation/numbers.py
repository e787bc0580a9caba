"""Dutch number formats for everything a reader sees in the report (HTML and Word).

One place, through Babel's Dutch locale data: decimal comma, a dot between thousands,
percentages with a space-free ``%`` as Dutch texts write them, and words that agree with
their number ("1 criterium voldoet", "2 criteria voldoen"). The published CSV files are in
Dutch notation too (decimal comma, ``;`` between columns, no dot between thousands so that a
program reads them back): :func:`kit.evaluation.publication.csv_values`.

>>> number(1234.5, 1), number(6000), percent(0.6917), percent(0.5)
('1.234,5', '6.000', '69%', '50%')
>>> count(1, "criterium", "criteria"), count(2, "criterium", "criteria")
('1 criterium', '2 criteria')
>>> agree(1, "voldoet", "voldoen"), agree(3, "voldoet", "voldoen")
('voldoet', 'voldoen')
>>> display_value("0.6917"), display_value("12.0"), display_value("<10"), display_value("jaar 1")
('69%', '12', '<10', 'jaar 1')
"""

from __future__ import annotations

from kit.display import LOCALE, display_value, number, percent  # the one Dutch number helper

__all__ = ["LOCALE", "number", "percent", "count", "agree", "euro", "display_value", "signifier_label"]

def euro(amount: float) -> str:
    """An amount in euro, Dutch notation.

    >>> euro(12500)
    '€ 12.500,00'
    """
    from babel.numbers import format_currency

    return format_currency(amount, "EUR", locale=LOCALE).replace("\xa0", " ")


def count(n: int, singular: str, plural: str) -> str:
    """``n`` with the noun in the right number.

    >>> count(0, "verhaal", "verhalen")
    '0 verhalen'
    """
    return f"{number(n)} {singular if n == 1 else plural}"


def agree(n: int, singular: str, plural: str) -> str:
    """The verb form that agrees with ``n`` subjects."""
    return singular if n == 1 else plural


def signifier_label(column: str) -> str:
    """A readable name for a signifier column (``plekken.buurt.x`` -> ``plekken: buurt
    (horizontaal)``).

    >>> signifier_label("plekken.buurt.x"), signifier_label("steun.familie"), signifier_label("veilig")
    ('plekken: buurt (horizontaal)', 'steun: familie', 'veilig')
    """
    parts = [p.replace("_", " ") for p in str(column).split(".")]
    axis = {"x": "horizontaal", "y": "verticaal"}.get(parts[-1]) if len(parts) > 2 else None
    if axis:
        parts = parts[:-1]
    text = parts[0] + (": " + ", ".join(parts[1:]) if len(parts) > 1 else "")
    return text + (f" ({axis})" if axis else "")
