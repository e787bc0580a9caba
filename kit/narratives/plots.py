"""Figures for narrative patterns: triads (mpltern), dyads, the stones canvas, predict first.

Every helper takes ``ax=None`` and returns the Axes it drew on (a new figure when
``ax`` is ``None``). Triad helpers need a ternary Axes
(``fig.add_subplot(projection="ternary")``). Labels are Dutch; a group smaller
than :data:`kit.narratives.patterns.MIN_GROUP` gets a warning in the title.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from kit.synthetic.narratives import generate_corpus
>>> from kit.narratives.framework import default_framework
>>> ax = ternary_plot(generate_corpus(60, seed=1), default_framework(), "steun", color_by="community")
>>> ax.name
'ternary'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kit.errors import InputError
from kit.plotstyle import PALETTE, bar_style, dutch_numbers, scatter_style

__all__ = ["COLOURS", "ternary_axes", "ternary_plot", "groups_side_by_side", "dyad_plot",
           "stones_plot", "predict_first_plot"]

#: Colour-blind-safe colours (Okabe-Ito) for groups; every group also gets a marker or hatch
#: (:mod:`kit.plotstyle`), so no figure tells groups apart by colour alone.
COLOURS = PALETTE
_MAX_GROUPS = 8


def _wrap(text: str, width: int = 18) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


@dutch_numbers
def ternary_axes(framework, signifier_id: str, ax=None):
    """A ternary Axes labelled with the corners of a triad (new figure when ``ax`` is ``None``).

    >>> from kit.narratives.framework import default_framework
    >>> ternary_axes(default_framework(), "steun").get_tlabel()
    'mezelf'
    """
    import matplotlib.pyplot as plt
    import mpltern  # noqa: F401  (registers the "ternary" projection)

    s = framework.signifier(signifier_id)
    if s.kind != "triade":
        raise InputError(f"'{signifier_id}' is een {s.kind}, geen triade", place="signifier")
    if ax is None:
        fig = plt.figure(figsize=(5.2, 4.8))
        ax = fig.add_subplot(projection="ternary")
    elif getattr(ax, "name", "") != "ternary":
        raise InputError("een triade teken je in een driehoek: maak de Axes met "
                         "projection='ternary'", place="ax")
    top, left, right = (c.label for c in s.corners)
    ax.set_tlabel(_wrap(top))
    ax.set_llabel(_wrap(left))
    ax.set_rlabel(_wrap(right))
    for axis in (ax.taxis, ax.laxis, ax.raxis):
        axis.set_label_position("corner")  # each label at its own corner, as in the picker
        axis.label.set_fontsize(9)
        axis.set_label_rotation_mode("horizontal")
    ax.grid(alpha=0.3)
    ax.tick_params(labelleft=False, labelright=False, labelbottom=False, labeltop=False, length=0)
    for tick in (*ax.taxis.get_ticklabels(), *ax.laxis.get_ticklabels(), *ax.raxis.get_ticklabels()):
        tick.set_visible(False)
    return ax


def _groups(frame, color_by: str | None, framework) -> list[tuple[str, Any]]:
    if not color_by:
        return [("alle verhalen", frame)]
    if color_by not in frame.columns:
        raise InputError(f"er is geen kolom '{color_by}' om op te kleuren", place="kleur")
    kinds = framework.kinds()
    if kinds.get(color_by) == "keuze" and framework.signifier(color_by).multiple:
        raise InputError(f"'{color_by}' heeft meer antwoorden per verhaal; filter erop in plaats van "
                         "erop te kleuren", place="kleur")
    values = frame[color_by].astype("string").fillna("").replace("", "(geen antwoord)")
    order = values.value_counts().index.tolist()
    if len(order) > _MAX_GROUPS:
        raise InputError(f"'{color_by}' heeft {len(order)} groepen; met meer dan {_MAX_GROUPS} "
                         "kleuren is het plaatje niet te lezen: filter eerst", place="kleur")
    return [(str(g), frame[values == g]) for g in sorted(order)]


@dutch_numbers
def ternary_plot(frame, framework, signifier_id: str, *, color_by: str | None = None,
                 filters: dict[str, Any] | None = None, ax=None, title: str | None = None,
                 size: float | None = None, alpha: float | None = None, minimum: int | None = None):
    """Scatter the answers of a triad, optionally filtered and coloured by a column.

    Args:
        frame: narratives (typed, as :func:`kit.narratives.store.load_narratives` returns them).
        framework: their framework.
        signifier_id: the triad.
        color_by: a column such as ``community``, ``setting`` or a single-answer choice question.
        filters: criteria for :func:`kit.narratives.patterns.filter_narratives`.
        ax: a ternary Axes (new figure when ``None``).
        title: the title (default: the triad's question and the number of stories).
        size, alpha: dot size and transparency (default: smaller and lighter for many dots).
        minimum: groups below this size get a warning in the legend.

    Returns:
        The ternary Axes.
    """
    from kit.narratives.patterns import MIN_GROUP, filter_narratives

    ax = ternary_axes(framework, signifier_id, ax)
    columns = framework.signifier(signifier_id).columns()
    data = filter_narratives(frame, framework, **(filters or {})) if filters else frame
    data = data.dropna(subset=columns)
    n = len(data)
    size = size if size is not None else (28 if n < 300 else 10 if n < 3000 else 3)
    alpha = alpha if alpha is not None else (0.8 if n < 300 else 0.45 if n < 3000 else 0.25)
    minimum = MIN_GROUP if minimum is None else minimum
    small = []
    for i, (name, group) in enumerate(_groups(data, color_by, framework)):
        values = group[columns].to_numpy(dtype="float64")
        label = f"{name} ({len(group)})"
        if color_by and len(group) < minimum:
            label += " - te weinig!"
            small.append(name)
        ax.scatter(values[:, 0], values[:, 1], values[:, 2], s=size, alpha=alpha,
                   **scatter_style(i if color_by else 0), label=label, edgecolors="none",
                   rasterized=n > 2000)
    if color_by:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0.78, 1.05), frameon=False,
                  markerscale=2 if n >= 300 else 1)
    heading = title or f"{framework.signifier(signifier_id).question} ({n} verhalen)"
    if not color_by and n < minimum:
        heading += f"\nLet op: maar {n} verhalen - een patroon zegt dan weinig"
    elif small:
        heading += "\nLet op: kleine groepen zeggen weinig"
    ax.set_title(_wrap(heading, 60), fontsize=9, pad=28)
    return ax


@dutch_numbers
def groups_side_by_side(frame, framework, signifier_id: str, by: str,
                        groups: Sequence[str] | None = None, axes=None, minimum: int | None = None):
    """One triad per group, side by side, so groups can be compared.

    Args:
        by: the column that defines the groups (e.g. ``community``).
        groups: which groups, in order (default: the largest, at most four).
        axes: ternary Axes to draw in (one per group); a new figure when ``None``.

    Returns:
        The list of Axes.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> axes = groups_side_by_side(generate_corpus(80, seed=2), default_framework(), "steun", "community")
    >>> len(axes)
    4
    """
    import matplotlib.pyplot as plt
    import mpltern  # noqa: F401

    from kit.narratives.patterns import MIN_GROUP, group_sizes

    minimum = MIN_GROUP if minimum is None else minimum
    sizes = group_sizes(frame, by)
    chosen = list(groups) if groups is not None else list(sizes)[:4]
    if not chosen:
        raise InputError(f"er zijn geen groepen in '{by}'", place="groepen")
    if axes is None:
        fig = plt.figure(figsize=(5.0 * len(chosen), 4.6))
        axes = [fig.add_subplot(1, len(chosen), i + 1, projection="ternary") for i in range(len(chosen))]
        fig.subplots_adjust(wspace=0.7, left=0.08, right=0.92)
    for i, (name, ax) in enumerate(zip(chosen, axes, strict=False)):
        group = frame[frame[by].astype("string") == name]
        title = f"{name} ({len(group)} verhalen)"
        if len(group) < minimum:
            title += "\nte weinig voor een patroon"
        ternary_plot(group, framework, signifier_id, ax=ax, title=title, minimum=minimum)
        for collection in ax.collections:
            collection.set_color(COLOURS[i % len(COLOURS)])
    return list(axes)


@dutch_numbers
def dyad_plot(frame, framework, signifier_id: str, *, by: str | None = None, ax=None, bins: int = 10):
    """The distribution of a dyad: one row of dots or a histogram per group, poles as labels.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> ax = dyad_plot(generate_corpus(60, seed=1), default_framework(), "welkom", by="community")
    >>> tuple(float(v) for v in ax.get_xlim())
    (0.0, 1.0)
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from kit.narratives.patterns import MIN_GROUP

    s = framework.signifier(signifier_id)
    if s.kind != "dyade":
        raise InputError(f"'{signifier_id}' is een {s.kind}, geen dyade", place="signifier")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 1.2 + 0.55 * (frame[by].nunique() if by else 1)))
    data = frame.dropna(subset=[signifier_id])
    groups = _groups(data, by, framework)
    edges = np.linspace(0, 1, bins + 1)
    for i, (_name, group) in enumerate(groups):
        counts, _ = np.histogram(group[signifier_id].to_numpy(dtype="float64"), bins=edges)
        height = counts / counts.max() * 0.8 if counts.max() else counts
        ax.bar(edges[:-1], height, width=1 / bins, bottom=i - 0.4, align="edge", alpha=0.75,
               **bar_style(i))
        median = group[signifier_id].median()
        if median == median:
            ax.plot([median, median], [i - 0.45, i + 0.45], color="black", lw=1.5)
    ax.set_yticks(range(len(groups)))
    ax.set_yticklabels([f"{name} ({len(g)})" + (" !" if len(g) < MIN_GROUP else "") for name, g in groups],
                       fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.5, 1])
    ax.set_xticklabels([_wrap(s.left, 18), "", _wrap(s.right, 18)], fontsize=8)
    ax.set_title(f"{s.question} (zwarte streep = mediaan; ! = minder dan {MIN_GROUP} verhalen)", fontsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


@dutch_numbers
def stones_plot(frame, framework, signifier_id: str, *, items: Sequence[str] | None = None, ax=None,
                show_points: bool = True):
    """The stones canvas: where storytellers placed each item, with the middle of each item.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> ax = stones_plot(generate_corpus(60, seed=1), default_framework(), "plekken")
    >>> ax.get_xlabel()
    'onveilig  ←→  veilig'
    """
    import matplotlib.pyplot as plt

    s = framework.signifier(signifier_id)
    if s.kind != "stenen":
        raise InputError(f"'{signifier_id}' is een {s.kind}, geen stenenveld", place="signifier")
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 5))
    chosen = [c for c in s.corners if items is None or c.id in items]
    for i, item in enumerate(chosen):
        xy = frame[[f"{s.id}.{item.id}.x", f"{s.id}.{item.id}.y"]].dropna().to_numpy(dtype="float64")
        style = scatter_style(i)
        if show_points and len(xy):
            ax.scatter(xy[:, 0], xy[:, 1], s=10, alpha=0.3, edgecolors="none", **style)
        if len(xy):
            mx, my = xy.mean(axis=0)
            ax.scatter([mx], [my], s=160, edgecolors="black", zorder=3, **style,
                       label=f"{item.label} ({len(xy)})")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"{s.left}  ←→  {s.right}")
    ax.set_ylabel(f"{s.bottom}  ←→  {s.top}")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.axhline(0.5, color="grey", lw=0.5)
    ax.axvline(0.5, color="grey", lw=0.5)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title(_wrap(s.question, 60) + "\n(grote stip = gemiddelde plek)", fontsize=9)
    return ax


@dutch_numbers
def predict_first_plot(prediction: Sequence[float] | None, frame, framework, signifier_id: str,
                       *, show_data: bool = True, ax=None):
    """The student's prediction (a star) and, when ``show_data``, the stories and their mean.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> ax = predict_first_plot((0.6, 0.2, 0.2), generate_corpus(50, seed=1), default_framework(), "steun")
    >>> len(ax.collections)
    3
    """
    from kit.narratives.patterns import triad_points

    ax = ternary_axes(framework, signifier_id, ax)
    if show_data:
        points = triad_points(frame, framework, signifier_id)
        ax.scatter(points[:, 0], points[:, 1], points[:, 2], s=10 if len(points) > 300 else 22,
                   alpha=0.35, color=COLOURS[0], edgecolors="none", label=f"verhalen ({len(points)})")
        mean = points.mean(axis=0)
        ax.scatter([mean[0]], [mean[1]], [mean[2]], s=120, marker="X", color=COLOURS[5],
                   edgecolors="black", label="gemiddelde van de verhalen", zorder=4)
    if prediction is not None:
        ax.scatter([prediction[0]], [prediction[1]], [prediction[2]], s=260, marker="*",
                   color=COLOURS[1], edgecolors="black", label="jouw voorspelling", zorder=5)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0.78, 1.05), frameon=False)
    ax.set_title("Eerst voorspellen, dan kijken" if show_data else "Waar verwacht jij de verhalen?",
                 fontsize=9, pad=28)
    return ax
