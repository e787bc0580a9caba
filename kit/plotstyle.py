"""One palette for every figure that tells groups apart: colour plus a second channel.

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
"""

from __future__ import annotations

__all__ = ["PALETTE", "MARKERS", "HATCHES", "group_style", "scatter_style", "bar_style", "legend_marker"]

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
