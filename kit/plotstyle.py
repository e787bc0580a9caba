"""One palette and one number style for every figure: colour plus a second channel, Dutch axes.

Colour alone fails for about one in twelve men (and in a black-and-white print), so each
group gets an Okabe-Ito colour (safe for the common colour-vision deficiencies) *and* a marker
shape (points) or a hatch (bars and areas). Every ``plots.py`` of the kit takes its group
styles from here.

>>> group_style(0)
{'color': '#0072B2', 'marker': 'o', 'hatch': ''}
>>> group_style(9)["marker"] != group_style(1)["marker"] or group_style(9)["hatch"] != group_style(1)["hatch"]
True
>>> len({(s["color"], s["marker"]) for s in map(group_style, range(len(PALETTE)))}) == len(PALETTE)
True

The numbers on every axis are Dutch (:func:`dutch_axes`, through :mod:`kit.display` and so
Babel): a decimal comma (``0,5``), a dot between thousands (``1.500``) and percentages as
``20%``, also on the three axes of a ternary (mpltern) plot. Every plot function of the kit
is wrapped in :func:`dutch_numbers`, so no figure a student, lecturer or evaluator sees
carries ``0.5``.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["PALETTE", "MARKERS", "HATCHES", "group_style", "scatter_style", "bar_style", "legend_marker",
           "dutch_formatter", "dutch_axes", "dutch_numbers", "percent_axis"]

#: Okabe-Ito, without yellow first (too light on white): blue, orange, green, pink, sky, vermilion, black, yellow.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")

#: Marker shapes, one per group, in the same order (distinct outlines even when printed in grey).
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

#: Hatches for bars and areas ("//" is kept free: the evaluation report uses it for hidden cells).
HATCHES = ("", "..", "xx", "\\\\", "++", "oo", "--", "**")


def group_style(i: int) -> dict[str, str]:
    """Colour, marker and hatch of group ``i`` (0, 1, ...); after 8 groups the colours repeat
    with another marker and hatch, so two groups never look the same.

    >>> group_style(8)
    {'color': '#0072B2', 'marker': 's', 'hatch': '..'}
    """
    n = len(PALETTE)
    shift = i // n
    return {"color": PALETTE[i % n], "marker": MARKERS[(i + shift) % len(MARKERS)],
            "hatch": HATCHES[(i + shift) % len(HATCHES)]}


def scatter_style(i: int) -> dict[str, str]:
    """Keyword arguments for ``ax.scatter``/``ax.plot`` markers of group ``i``.

    >>> scatter_style(1)
    {'color': '#E69F00', 'marker': 's'}
    """
    style = group_style(i)
    return {"color": style["color"], "marker": style["marker"]}


def bar_style(i: int) -> dict[str, str]:
    """Keyword arguments for ``ax.bar``/``ax.barh`` of group ``i`` (white hatch lines on the colour).

    >>> bar_style(2)
    {'color': '#009E73', 'hatch': 'xx', 'edgecolor': 'white'}
    """
    style = group_style(i)
    return {"color": style["color"], "hatch": style["hatch"], "edgecolor": "white"}


def legend_marker(i: int, label: str, **kwargs):
    """A legend entry (matplotlib ``Line2D``) with group ``i``'s colour and marker."""
    from matplotlib.lines import Line2D

    return Line2D([], [], ls="", label=label, **{**scatter_style(i), **kwargs})


_FORMATTER_CLASS: Any = None


def dutch_formatter(*, percent: bool = False, scale: float = 1.0):
    """A matplotlib tick formatter that writes numbers the Dutch way (Babel, :mod:`kit.display`).

    It chooses the decimals as matplotlib's own ``ScalarFormatter`` does (the fewest that tell
    the ticks apart), never an offset or a power of ten.

    Args:
        percent: the values are shares (0-1 after ``scale``), written as percentages.
        scale: multiply a tick value by this first (``0.01`` for an axis that runs 0-100).

    >>> f = dutch_formatter()
    >>> f.set_locs([0.0, 0.25, 0.5]); [f(v) for v in (0.0, 0.25, 0.5)]
    ['0,00', '0,25', '0,50']
    >>> f.set_locs([0, 1000, 2000]); f(1500), f(-2000)
    ('1.500', '−2.000')
    >>> p = dutch_formatter(percent=True)
    >>> p.set_locs([0.0, 0.2, 0.4]); p(0.2)
    '20%'
    >>> p.set_locs([0.0, 0.025, 0.05]); p(0.025)
    '2,5%'
    """
    global _FORMATTER_CLASS
    if _FORMATTER_CLASS is None:
        import math
        import re

        from matplotlib import ticker

        from kit.display import number
        from kit.display import percent as percent_text

        class DutchFormatter(ticker.ScalarFormatter):
            """``ScalarFormatter``'s choice of decimals, Babel's Dutch notation."""

            def __init__(self, percent: bool = False, scale: float = 1.0):
                super().__init__(useOffset=False, useMathText=False)
                self.set_scientific(False)
                self.percent = percent
                self.scale = scale

            def _decimals(self) -> int:
                found = re.search(r"\.(\d+)f", self._format or "")  # 3.11: not "format"
                return int(found.group(1)) if found else 0

            def __call__(self, x, pos=None):
                if len(self._locs) == 0:  # matplotlib 3.11 deprecates "locs"
                    self.set_locs([x])
                value = float(x) * self.scale
                if value == 0:
                    value = 0.0  # never "-0"
                if self.percent:
                    shift = round(math.log10(100 * self.scale)) if self.scale > 0 else 2
                    text = percent_text(value, max(0, self._decimals() - shift))
                else:
                    text = number(value, self._decimals())
                return self.fix_minus(text)

            def format_data_short(self, value):  # the cursor read-out in an interactive figure
                return self.fix_minus(number(float(value) * self.scale * (100 if self.percent else 1), 2,
                                             trim=True) + ("%" if self.percent else ""))

        _FORMATTER_CLASS = DutchFormatter
    return _FORMATTER_CLASS(percent=percent, scale=scale)


def _figure(target):
    if isinstance(target, (list, tuple)):
        return [fig for item in target for fig in _figure(item)]
    if hasattr(target, "get_axes") and not hasattr(target, "xaxis"):
        return [target]  # a Figure
    if hasattr(target, "ravel"):  # a numpy array of Axes
        return _figure(list(target.ravel()))
    figure = getattr(target, "figure", None)
    return [figure] if figure is not None else []


def dutch_axes(target):
    """Dutch numbers on every numeric axis of ``target`` (an Axes, a Figure or a list of them).

    Every Axes of the figure is done, colour bars and all three axes of a ternary plot too
    (shares: percentages). Axes with categories, dates or a formatter of their own keep it; a
    ``PercentFormatter`` becomes a Dutch one. Returns ``target``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1.5], [0, 1500])
    >>> dutch_axes(ax) is ax
    True
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels()][:3], [t.get_text() for t in ax.get_yticklabels()][-2:]
    (['−0,2', '0,0', '0,2'], ['1.400', '1.600'])
    >>> plt.close(fig)
    """
    from matplotlib import ticker

    for figure in _figure(target):
        for ax in figure.get_axes():
            ternary = hasattr(ax, "taxis")
            axes = [(ax.xaxis, False), (ax.yaxis, False)]
            if ternary:  # the three shares of a triad; x and y are the hidden cartesian frame
                axes += [(ax.taxis, True), (ax.laxis, True), (ax.raxis, True)]
            for axis, shares in axes:
                current = axis.get_major_formatter()
                if type(current) is ticker.ScalarFormatter:
                    new = dutch_formatter(percent=shares)
                elif isinstance(current, ticker.PercentFormatter):
                    new = dutch_formatter(percent=True, scale=1 / current.xmax)
                else:
                    continue
                default = axis.isDefault_majfmt
                axis.set_major_formatter(new)
                axis.isDefault_majfmt = default  # data with categories can still take the axis over
    return target


def percent_axis(axis, scale: float = 1.0):
    """Write the ticks of ``axis`` (``ax.xaxis``, ``ax.yaxis``) as Dutch percentages of shares.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["a", "b"], [0.25, 0.5]); _ = percent_axis(ax.yaxis); fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_yticklabels()][:3]
    ['0%', '10%', '20%']
    >>> plt.close(fig)
    """
    axis.set_major_formatter(dutch_formatter(percent=True, scale=scale))
    return axis


def dutch_numbers(draw):
    """Decorator for a plot function: :func:`dutch_axes` on what it returns (Axes or Figure)."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        return dutch_axes(draw(*args, **kwargs))

    wrapper.dutch_numbers = True
    return wrapper
