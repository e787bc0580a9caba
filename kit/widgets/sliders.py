"""A slider whose read-out is a Dutch number (``6,5``, not ``6.5``).

ipywidgets' ``FloatSlider`` writes its value with d3-format in the browser, always with a
decimal point. A ``SelectionSlider`` over the steps shows a label per step instead: the label
is the Dutch number (:func:`kit.display.number`), the value stays a float, so ``interact``
and the functions behind it see the same numbers as before.

>>> s = dutch_slider("materieel", 6.0, 0, 10, 0.5)
>>> s.value, s.label, s.options[:3]
(6.0, '6', (('0', 0.0), ('0,5', 0.5), ('1', 1.0)))
>>> s.value = 6.5; s.label
'6,5'
"""

from __future__ import annotations

__all__ = ["dutch_slider"]


def dutch_slider(description: str, value: float, low: float, high: float, step: float, **kwargs):
    """A ``SelectionSlider`` from ``low`` to ``high`` in steps of ``step``, starting at ``value``
    (the nearest step), with Dutch labels.

    >>> dutch_slider("x", 0.26, 0, 1, 0.25).value
    0.25
    """
    import ipywidgets as w

    from kit.display import number

    count = int(round((high - low) / step))
    values = [round(low + i * step, 10) for i in range(count + 1)]
    decimals = max(0, len(f"{step:g}".partition(".")[2]))
    options = [(number(v, decimals, trim=True), float(v)) for v in values]
    start = min(values, key=lambda v: abs(v - value))
    kwargs.setdefault("continuous_update", False)
    return w.SelectionSlider(options=options, value=float(start), description=description, **kwargs)
