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

from typing import Any

__all__ = ["LOCALE", "number", "percent", "count", "agree", "euro", "display_value"]

LOCALE = "nl_NL"


def number(value: float | int, decimals: int = 0, *, trim: bool = False) -> str:
    """A number in Dutch notation with ``decimals`` decimals (at most, with ``trim``).

    >>> number(0.25, 2), number(-3), number(3.5, 2, trim=True)
    ('0,25', '-3', '3,5')
    """
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(share: float, decimals: int = 0) -> str:
    """A share (0-1) as a Dutch percentage, rounded half to even as Babel does.

    >>> percent(0.123, 1)
    '12,3%'
    """
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(share, format=pattern, locale=LOCALE)


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


def display_value(value: Any, unit: str = "") -> str:
    """A published cell as a reader sees it: shares as percentages (``unit`` ``aandeel`` or a
    value between 0 and 1 with decimals), whole numbers without ``.0``, others with a decimal
    comma; text (``<10``, ``verborgen``, labels) unchanged.

    >>> display_value("0.25", "aandeel"), display_value(3.5), display_value(""), display_value(1234)
    ('25%', '3,5', '', '1.234')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float)):
        figure = float(value)
    else:
        text = str(value).strip()
        try:
            figure = float(text)
        except ValueError:
            return text
        if not text or text.lower() in {"nan", "inf", "-inf", "infinity"}:
            return "" if text.lower() == "nan" else text
    if figure != figure:
        return ""
    if unit == "aandeel" or (unit == "" and 0 < abs(figure) < 1 and not figure.is_integer()):
        return percent(figure)
    if figure.is_integer():
        return number(figure)
    return number(figure, 1 if abs(figure) >= 10 else 2, trim=True)
