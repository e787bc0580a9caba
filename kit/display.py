"""Dutch numbers and tables for everything a student, lecturer or evaluator reads.

One place, through Babel's Dutch locale data: decimal comma, a dot between thousands,
percentages as Dutch texts write them (``76%``), Dutch column headers instead of internal
names, and a dict shown as a readable line instead of ``{'mensen': 3.67, ...}``.

A running example: the average scores of three groups and a table of shares.

>>> number(3.6667, 2), percent(0.76), percent(0.805, 1)
('3,67', '76%', '80,5%')
>>> mapping_line({"mensen": 3.6667, "dingen": 2.5})
'mensen 3,67 · dingen 2,5'
>>> import pandas as pd
>>> table = pd.DataFrame({"name": ["buurthuis", "gemeente"], "influence": [0.76, 0.8],
...                       "hoe_vaak": [3, 12], "percentage": [0.98, 0.5], "synthetic": ["true", "false"]})
>>> print(dutch_table(table, percent_columns=["percentage"]).to_string(index=False))
     naam invloed hoe vaak percentage synthetisch
buurthuis    0,76        3        98%          ja
 gemeente    0,80       12        50%         nee
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["LOCALE", "HEADERS", "number", "percent", "display_value", "dutch_header", "dutch_table",
           "mapping_line", "show_table", "WRAP_RULES", "WRAP_CSS", "wrap_style"]

LOCALE = "nl_NL"

#: Dutch headers for the internal column names that reach a student's screen.
HEADERS = {
    "name": "naam", "naam": "naam", "influence": "invloed", "interest": "belang", "count": "aantal",
    "n": "aantal", "share": "aandeel", "mean": "gemiddelde", "median": "mediaan", "std": "spreiding",
    "min": "laagste", "max": "hoogste", "group": "groep", "code": "code", "label": "label",
    "score": "score", "value": "waarde", "total": "totaal", "community": "gemeenschap",
    "setting": "manier van verzamelen", "month": "maand", "title": "titel", "text": "tekst",
    "participant": "deelnemer", "collector": "verzamelaar", "language": "taal", "notes": "notities",
    "role": "rol", "position": "positie", "party": "partij", "kind": "soort", "type": "soort",
    "question": "vraag", "answer": "antwoord", "agreement": "overeenstemming", "alpha": "alfa",
    "kappa": "kappa", "keyness": "kenmerkendheid", "word": "woord", "frequency": "frequentie",
    "percentage": "percentage", "hoe_vaak": "hoe vaak", "wanneer_niet": "wanneer niet",
    "relation": "relatie", "status": "status", "note": "notitie", "owner": "wie", "due": "uiterlijk",
    "statement": "stelling", "follow_up": "vervolgactie", "log_ratio": "log-ratio",
    "log_likelihood": "log-likelihood", "meer_in": "meer in", "index": "", "synthetic": "synthetisch",
    "id": "nummer",
}


def number(value: float | int, decimals: int = 0, *, trim: bool = False) -> str:
    """A number in Dutch notation with ``decimals`` decimals (at most, with ``trim``).

    >>> number(0.25, 2), number(-3), number(3.5, 2, trim=True), number(1234.5, 1)
    ('0,25', '-3', '3,5', '1.234,5')
    """
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(share: float, decimals: int = 0) -> str:
    """A share (0-1) as a Dutch percentage, rounded half to even as Babel does.

    >>> percent(0.123, 1), percent(0.6917)
    ('12,3%', '69%')
    """
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(share, format=pattern, locale=LOCALE)


def display_value(value: Any, unit: str = "") -> str:
    """A cell as a reader sees it: shares as percentages (``unit`` ``aandeel`` or a value between
    0 and 1 with decimals), whole numbers without ``.0``, others with a decimal comma; text
    (``<10``, ``verborgen``, labels) unchanged; ``True``/``False`` as ja/nee.

    >>> display_value("0.25", "aandeel"), display_value(3.5), display_value(""), display_value(1234)
    ('25%', '3,5', '', '1.234')
    >>> display_value(0.76), display_value(0.76, "getal"), display_value(True)
    ('76%', '0,76', 'ja')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()  # a numpy scalar
        except (ValueError, AttributeError):
            return str(value)
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


def dutch_header(name: Any, headers: Mapping[str, str] | None = None) -> str:
    """The Dutch header for an internal column name (``hoe_vaak`` -> ``hoe vaak``).

    >>> dutch_header("influence"), dutch_header("wanneer_niet"), dutch_header("ehs_02", {"ehs_02": "vraag 2"})
    ('invloed', 'wanneer niet', 'vraag 2')
    """
    key = str(name)
    if headers and key in headers:
        return headers[key]
    return HEADERS.get(key, key.replace("_", " "))


def dutch_table(frame, *, headers: Mapping[str, str] | None = None, percent_columns: Iterable[str] = (),
                decimals: int = 2, index: bool = False):
    """A copy of ``frame`` as text in Dutch notation with Dutch headers, ready to show.

    Args:
        frame: a pandas DataFrame (or Series).
        headers: extra Dutch headers (internal name -> header), e.g. question texts for ``ehs_02``.
        percent_columns: columns of shares (0-1) shown as percentages.
        decimals: at most this many decimals for the other numbers.
        index: keep the index as a first column (with a Dutch header).

    Numbers in other columns keep a decimal comma with the same decimals in the whole column
    (``0,76`` above ``0,80``), so two notations never stand side by side.
    """
    import pandas as pd

    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    data = frame.reset_index() if index else frame.copy()
    percents = set(percent_columns)
    out = pd.DataFrame(index=range(len(data)))
    for column in data.columns:
        values = data[column].tolist()
        if all(str(v).lower() in {"true", "false"} for v in values if v == v and v is not None) and values:
            out[dutch_header(column, headers)] = ["ja" if str(v).lower() == "true" else "nee" if v == v else ""
                                                  for v in values]  # a yes/no column as the CSV stores it
            continue
        if column in percents:
            shown = [percent(v) if _is_number(v) else display_value(v) for v in values]
        else:  # one notation per column: whole numbers, or all with the same decimals
            whole = all(float(v).is_integer() for v in values if _is_number(v))
            shown = [number(v, 0 if whole else decimals) if _is_number(v) else display_value(v)
                     for v in values]
        out[dutch_header(column, headers)] = shown
    return out


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            return False
    return isinstance(value, (int, float)) and value == value


def mapping_line(mapping: Mapping[str, Any], labels: Mapping[str, str] | None = None, *,
                 unit: str = "getal", separator: str = " · ") -> str:
    """A dict as one readable Dutch line (never ``{'mensen': 3.67, ...}``).

    >>> mapping_line({"hoek": 991, "rand": 0.25}, unit="")
    'hoek 991 · rand 25%'
    >>> mapping_line({"ikzelf": 0.5}, {"ikzelf": "mezelf"}, unit="aandeel")
    'mezelf 50%'
    """
    parts = []
    for key, value in mapping.items():
        label = (labels or {}).get(key, dutch_header(key))
        if unit == "getal" and _is_number(value):
            shown = number(value, 2, trim=True)
        else:
            shown = display_value(value, unit)
        parts.append(f"{label} {shown}")
    return separator.join(parts)


#: Text wraps instead of being cut off: widget labels, buttons, radio options, checkboxes and
#: table cells (ipywidgets cuts them with "..." on one line by default).
WRAP_RULES = """
.jupyter-button, .widget-button { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; min-height: var(--jp-widgets-inline-height, 28px);
  line-height: 1.3 !important; padding-top: 4px !important; padding-bottom: 4px !important; }
.jupyter-widget-label, .widget-label, .jupyter-widget-label-basic, .widget-label-basic,
.jupyter-widget-label-basic span, .widget-label-basic span { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; line-height: 1.3 !important; }
.jupyter-widget-inline-hbox .jupyter-widget-label, .widget-inline-hbox .widget-label { width: auto !important;
  min-width: var(--jp-widgets-inline-label-width, 80px); max-width: 40%; overflow-wrap: anywhere; }
.jupyter-widget-checkbox, .widget-checkbox { height: auto !important; min-height: var(--jp-widgets-inline-height, 28px); }
.jupyter-widget-radio-box, .widget-radio-box { width: auto !important; max-width: 100%; }
.jupyter-widget-radio-box label, .widget-radio-box label { height: auto !important; white-space: normal !important;
  line-height: 1.35 !important; align-items: flex-start; padding: 3px 0; }
.jupyter-widget-toggle-button, .widget-toggle-button { width: auto !important; }
.iids-tabel td, .iids-tabel th { white-space: normal; vertical-align: top; text-align: left; max-width: 32em; }
"""

#: The same rules as a ``<style>`` element (for HTML output such as :func:`show_table`).
WRAP_CSS = f'<style id="iids-wrap">{WRAP_RULES}</style>'

_WRAP_CLASS: Any = None


def wrap_style():
    """A hidden widget that puts :data:`WRAP_RULES` into the page once (anywidget adds it to the
    document's head, shared by every copy); put it in a box beside labels that must not be cut.

    >>> wrap_style().layout.display
    'none'
    """
    global _WRAP_CLASS
    if _WRAP_CLASS is None:
        import anywidget

        class WrapStyle(anywidget.AnyWidget):
            _esm = "export default { render({ el }) { el.style.display = 'none'; } };"
            _css = WRAP_RULES

        _WRAP_CLASS = WrapStyle
    widget = _WRAP_CLASS()
    widget.layout.display = "none"
    widget.add_class("iids-wrap")
    return widget


def show_table(frame, **kwargs) -> None:
    """Display ``frame`` as a Dutch table (see :func:`dutch_table`) whose cells wrap."""
    from IPython.display import HTML, display

    table = dutch_table(frame, **kwargs)
    display(HTML(WRAP_CSS + table.to_html(index=False, classes="iids-tabel", border=0, escape=True)))
