"""Figures for the dialogue table: power-interest grid, relation diagram, votes.

Each helper takes ``ax=None`` (a new figure) or an existing Axes and returns the Axes.

>>> from kit.dialogue.examples import example_stakeholders, example_relations, example_record
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> ax = power_interest_grid(example_stakeholders())
>>> ax.get_xlabel()
'Belang (1-5)'
>>> len(relation_diagram(example_stakeholders(), example_relations()).lines) > 0
True
>>> vote_chart(example_record()).get_title()
'Stemmingen aan de dialoogtafel'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from kit.plotstyle import MARKERS, dutch_numbers

__all__ = ["TYPE_COLOURS", "TYPE_MARKERS", "STATUS_STYLES", "RELATION_STYLES", "power_interest_grid",
           "relation_diagram", "vote_chart", "circle_layout"]

#: One colour per party type (colour-blind-safe Okabe-Ito palette).
TYPE_COLOURS = {"gemeenschap": "#D55E00", "gemeente": "#0072B2", "politiek": "#56B4E9",
                "onderwijs en onderzoek": "#009E73", "zorg en welzijn": "#CC79A7",
                "bedrijfsleven": "#E69F00", "politie": "#000000", "belangenorganisatie": "#F0E442",
                "anders": "#999999"}
#: One marker shape per party type: the type is never told by colour alone.
TYPE_MARKERS = {t: (MARKERS + ("h",))[i] for i, t in enumerate(TYPE_COLOURS)}
#: Line style per relation kind (each kind its own dash pattern as well as its own colour).
RELATION_STYLES = {"samenwerking": ("-", "#009E73"), "spanning": ("--", "#D55E00"),
                   "afhankelijkheid": (":", "#555555"), "financiering": ((0, (6, 2, 1, 2, 1, 2)), "#E69F00"),
                   "toezicht": ("-.", "#0072B2"), "vertegenwoordiging": ((0, (10, 3)), "#CC79A7"),
                   "doorverwijzing": ((0, (1, 4)), "#56B4E9")}
#: How a party's status shows: filled (at the table), hollow (invited), hollow and dashed (missing).
STATUS_STYLES = {"aan tafel": {"edgecolors": "white", "linewidths": 1.0},
                 "uitgenodigd": {"facecolors": "white", "linewidths": 2.0},
                 "ontbreekt": {"facecolors": "white", "linewidths": 1.5, "linestyles": "--"}}


def _party_style(p) -> dict[str, Any]:
    """Scatter keywords for a party: colour and marker by type, fill by status."""
    colour = TYPE_COLOURS.get(p.type, "#999999")
    style = {"marker": TYPE_MARKERS.get(p.type, "o"), "color": colour}
    status = dict(STATUS_STYLES.get(p.status, STATUS_STYLES["aan tafel"]))
    if "facecolors" in status:
        style.pop("color")
        status["edgecolors"] = colour
    return {**style, **status}


def _party_legend() -> list[Any]:
    from matplotlib.lines import Line2D

    return [Line2D([], [], marker="o", ls="", color="#444444", label="aan tafel"),
            Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#444444",
                   markeredgewidth=2, label="uitgenodigd"),
            Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#444444",
                   markeredgewidth=1, label="ontbreekt (stippelrand)")]


def _label(name: str, width: int = 18) -> str:
    """Wrap a party's name over at most two short lines.

    >>> _label("Gemeente, team sekswerkbeleid")
    'Gemeente, team\\nsekswerkbeleid'
    """
    import textwrap

    lines = textwrap.wrap(name, width, break_long_words=False) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return "\n".join(lines)


def _place_labels(ax, points: list[tuple[float, float, str]], fontsize: float = 7.5) -> None:
    """Put each label right, left, above or below its point, avoiding labels already placed."""
    ax.figure.canvas.draw_idle()
    to_px = ax.transData.transform
    scale = ax.figure.dpi / 72
    boxes: list[tuple[float, float, float, float]] = []
    marks = [to_px((x, y)) for x, y, _ in points]
    frame = ax.bbox
    for (x, y, text), (px, py) in zip(points, marks, strict=True):
        lines = text.split("\n")
        w = 0.6 * fontsize * max(len(line) for line in lines) * scale
        h = 1.2 * fontsize * len(lines) * scale
        g = 7 * scale
        options = [((8, 2), "left", "bottom", (px + g, py, px + g + w, py + h)),
                   ((-8, 2), "right", "bottom", (px - g - w, py, px - g, py + h)),
                   ((0, 8), "center", "bottom", (px - w / 2, py + g, px + w / 2, py + g + h)),
                   ((0, -8), "center", "top", (px - w / 2, py - g - h, px + w / 2, py - g)),
                   ((8, -2), "left", "top", (px + g, py - h, px + g + w, py)),
                   ((-8, -2), "right", "top", (px - g - w, py - h, px - g, py))]

        def free(box) -> bool:
            x0, y0, x1, y1 = box
            if x0 < frame.x0 or x1 > frame.x1 or y0 < frame.y0 or y1 > frame.y1:
                return False
            hits_label = any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)
            hits_mark = any(x0 - 4 < mx < x1 + 4 and y0 - 4 < my < y1 + 4 for mx, my in marks)
            return not hits_label and not hits_mark

        offset, ha, va, box = next((o for o in options if free(o[3])), options[0])
        boxes.append(box)
        ax.annotate(text, (x, y), textcoords="offset points", xytext=offset, ha=ha, va=va,
                    fontsize=fontsize, linespacing=1.0)


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 6))
    return ax


@dutch_numbers
def power_interest_grid(parties: Sequence[Any], ax=None):
    """The power-interest grid: interest on x, influence on y, colour by type, marker by status.

    Args:
        parties: :class:`kit.dialogue.stakeholders.Stakeholder` objects.
        ax: an Axes to draw on (default: a new figure).

    Returns:
        The Axes.
    """
    from matplotlib.lines import Line2D

    ax = _axes(ax)
    ax.set_xlim(0.4, 5.6)
    ax.set_ylim(0.4, 5.6)
    ax.axvline(2.5, color="#bbbbbb", lw=1)
    ax.axhline(2.5, color="#bbbbbb", lw=1)
    for (x, y, ha, va, label) in [(0.5, 5.5, "left", "top", "tevreden houden"),
                                  (5.5, 5.5, "right", "top", "nauw betrekken"),
                                  (0.5, 0.5, "left", "bottom", "in de gaten houden"),
                                  (5.5, 0.5, "right", "bottom", "informeren")]:
        ax.text(x, y, label, ha=ha, va=va, fontsize=9, color="#777777", style="italic")
    placed: dict[tuple[int, int], int] = {}
    points = []
    for p in parties:
        n = placed.get((p.interest, p.influence), 0)
        placed[(p.interest, p.influence)] = n + 1
        dx, dy = (0.18 * math.cos(n * 2.1), 0.18 * math.sin(n * 2.1)) if n else (0, 0)
        x, y = p.interest + dx, p.influence + dy
        ax.scatter([x], [y], s=110, zorder=3, **_party_style(p))
        points.append((x, y, _label(p.name)))
    _place_labels(ax, points)
    ax.set_xlabel("Belang (1-5)")
    ax.set_ylabel("Invloed (1-5)")
    ax.set_title("Macht-belangmatrix")
    types = sorted({p.type for p in parties})
    handles = [Line2D([], [], marker=TYPE_MARKERS.get(t, "o"), ls="", color=TYPE_COLOURS.get(t, "#999"), label=t)
               for t in types]
    handles += _party_legend()
    ax.legend(handles=handles, fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax


def circle_layout(ids: Sequence[str], *, centre: str | None = None) -> dict[str, tuple[float, float]]:
    """Positions on a circle (optionally one id in the centre).

    >>> pos = circle_layout(["a", "b", "c"], centre="a")
    >>> pos["a"]
    (0.0, 0.0)
    >>> round(pos["b"][1], 3)
    1.0
    """
    ring = [i for i in ids if i != centre]
    pos = {i: (math.cos(math.pi / 2 + 2 * math.pi * k / max(len(ring), 1)),
               math.sin(math.pi / 2 + 2 * math.pi * k / max(len(ring), 1))) for k, i in enumerate(ring)}
    if centre is not None and centre in ids:
        pos[centre] = (0.0, 0.0)
    return pos


@dutch_numbers
def relation_diagram(parties: Sequence[Any], relations: Sequence[Any], ax=None):
    """The relation diagram: the community in the centre, other parties around it.

    Args:
        parties: stakeholders.
        relations: :class:`kit.dialogue.stakeholders.Relation` objects.
        ax: an Axes (default: a new figure).

    Returns:
        The Axes.
    """
    from matplotlib.lines import Line2D

    ax = _axes(ax)
    community = next((p.id for p in parties if p.type == "gemeenschap"), None)
    pos = circle_layout([p.id for p in parties], centre=community)
    for r in relations:
        style, colour = RELATION_STYLES.get(r.kind, ("-", "#999999"))
        (x1, y1), (x2, y2) = pos[r.source], pos[r.target]
        ax.plot([x1, x2], [y1, y2], ls=style, color=colour, lw=2, zorder=1)
    for p in parties:
        x, y = pos[p.id]
        ax.scatter([x], [y], s=300 + 60 * p.influence, zorder=2, **_party_style(p))
        ax.annotate(_label(p.name), (x, y), ha="center", va="top", textcoords="offset points",
                    xytext=(0, -13), fontsize=7.5, linespacing=1.0,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    kinds = sorted({r.kind for r in relations})
    handles = [Line2D([], [], ls=RELATION_STYLES.get(k, ("-", "#999"))[0],
                      color=RELATION_STYLES.get(k, ("-", "#999"))[1], lw=2, label=k) for k in kinds]
    types = sorted({p.type for p in parties})
    handles += [Line2D([], [], marker=TYPE_MARKERS.get(t, "o"), ls="", color=TYPE_COLOURS.get(t, "#999"), label=t)
                for t in types]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.5, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Relaties tussen de partijen (grootte = invloed)")
    return ax


@dutch_numbers
def vote_chart(record: Any, ax=None):
    """Stacked bars of every vote in a record (voor, tegen, onthouden).

    Args:
        record: a :class:`kit.dialogue.record.Record`.
        ax: an Axes (default: a new figure).

    Returns:
        The Axes.
    """
    ax = _axes(ax)
    texts = {s.id: s.text for s in record.statements}
    labels = [f"{v.statement}: {_label(texts.get(v.statement, ''), 40)}" for v in record.votes]
    left = [0] * len(record.votes)
    for attr, label, colour, hatch in [("votes_for", "voor", "#009E73", ""), ("against", "tegen", "#D55E00", "xx"),
                                       ("abstain", "onthouden", "#999999", "..")]:
        values = [getattr(v, attr) for v in record.votes]
        ax.barh(labels, values, left=left, color=colour, hatch=hatch, edgecolor="white", label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("Aantal stemmen")
    ax.set_title("Stemmingen aan de dialoogtafel")
    if record.votes:
        ax.legend(fontsize=8, frameon=False)
    return ax
