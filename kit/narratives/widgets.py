"""ipywidgets front ends for collecting and exploring narratives (Dutch labels).

Thin layers over :mod:`kit.narratives.store`, :mod:`~kit.narratives.patterns` and
:mod:`~kit.narratives.plots`. Every part carries a stable CSS class (``iids-...``)
so a browser test can find it:

==========================  ==========================================================
class                       part
==========================  ==========================================================
``iids-entry``              the whole entry form
``iids-prompt``             prompt choice; ``iids-tekst`` the story text
``iids-triad``              a triad picker; ``iids-triad-voorbeeld`` the drawn triangle (click,
                            drag or arrow keys + Enter), ``iids-triad-snel`` a labelled quick
                            choice (44 px), ``iids-nvt`` "n.v.t."
``iids-dyad``               a dyad, drawn in its direction (``iids-aw-verticaal`` upright)
``iids-stones``             a stones board; ``iids-aw-steen`` one draggable stone
``iids-live``               the live answer under a drawn input (:meth:`TriadPicker.live_readout`)
``iids-choice``             a multiple-choice question
``iids-deelnemer``          participant code; ``iids-toestemming`` the consent check
``iids-voorbeeld-knop``     "show the pseudonymised text"; ``iids-voorbeeld`` the preview
``iids-bewaar``             save (enabled only after the preview); ``iids-melding`` messages
``iids-voorspel``           predict first; ``iids-onthul`` its reveal button, ``iids-figuur`` figures
``iids-zoals-deze``         stories like these; ``iids-gebied`` region choice, ``iids-verhalen``
                            the stories, ``iids-gebied-tekenen`` / ``-toon`` / ``-wis`` drawing
``iids-verkenner``          the triad explorer (colour, filters, warnings, figure)
==========================  ==========================================================

The triad, the dyads and the stones are drawn and answered in one place by one anywidget,
:class:`SignifierWidget` (``static/signifiers.js``: a plain ES module with SVG, no build step,
nothing downloaded at run time; it works in JupyterLab, on the hub and in Voila). A click or a
drag sets the value, and so do the arrow keys followed by Enter; every part is labelled in Dutch
for screen readers (``role="slider"``, ``aria-label``, ``aria-valuetext``).
:func:`triad_svg` and :func:`stones_svg` stay for static pictures (reports, figures).

>>> svg = triad_svg(("a", "b", "c"), (0.2, 0.3, 0.5))
>>> svg.startswith("<svg") and "circle" in svg
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import anywidget
import traitlets

# mapping_line and show_table are re-exported for notebooks
from kit.display import mapping_line, show_table, wrap_style
from kit.refusal import show_refusal  # the shared helper, re-exported for notebooks

__all__ = ["triad_svg", "stones_svg", "triad_grid", "describe_value", "TriadPicker", "DyadSlider", "StonesBoard",
           "ChoiceInput", "SignifierWidget", "dyad_orientation", "NarrativeEntryForm", "entry_form", "predict_first", "stories_explorer",
           "triad_explorer", "show_refusal", "example_forms_export",
           "show_table", "mapping_line"]


def triad_svg(labels: Sequence[str], shares: Sequence[float] | None = None, *, width: int = 300,
              height: int = 280, margin: int = 20, points: Sequence[Sequence[float]] = ()) -> str:
    """An SVG picture of a triad with its corner labels and the chosen point.

    Args:
        labels: the top, left and right corner labels.
        shares: the chosen point (``None``: nothing chosen yet).
        points: other points to show lightly (e.g. a prediction).

    Returns:
        SVG markup.

    >>> "mezelf" in triad_svg(("mezelf", "kring", "instanties"))
    True
    """
    from kit.narratives.patterns import barycentric_to_xy, triangle_vertices

    (tx, ty), (lx, ly), (rx, ry) = triangle_vertices(width, height, margin)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 30}" '
             f'viewBox="0 -12 {width} {height + 30}" role="img">',
             f'<polygon points="{tx},{ty} {lx},{ly} {rx},{ry}" fill="#f4f7fb" stroke="#345" stroke-width="1.5"/>']
    for text, (x, y), anchor, dy in zip(labels, ((tx, ty), (lx, ly), (rx, ry)), ("middle", "start", "end"),
                                        (-4, 16, 16), strict=True):
        parts.append(f'<text x="{x}" y="{y + dy}" font-size="11" text-anchor="{anchor}" '
                     f'font-family="sans-serif">{html.escape(text)}</text>')
    for p in points:
        x, y = barycentric_to_xy(p, width, height, margin)
        parts.append(f'<circle cx="{x}" cy="{y}" r="4" fill="#E69F00" opacity="0.6"/>')
    if shares is not None:
        x, y = barycentric_to_xy(shares, width, height, margin)
        parts.append(f'<circle cx="{x}" cy="{y}" r="7" fill="#0072B2" stroke="white" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def stones_svg(signifier, positions: dict[str, tuple[float, float]], size: int = 260) -> str:
    """An SVG picture of a stones board with the placed stones.

    >>> from kit.narratives.framework import default_framework
    >>> "mijn buurt" in stones_svg(default_framework().signifier("plekken"), {"buurt": (0.2, 0.8)})
    True
    """
    m = 24
    inner = size - 2 * m
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 60}" height="{size}" role="img">',
             f'<rect x="{m}" y="{m}" width="{inner}" height="{inner}" fill="#f4f7fb" stroke="#345"/>',
             f'<text x="{m}" y="{size - 6}" font-size="10" font-family="sans-serif">{html.escape(signifier.left)}</text>',
             f'<text x="{size - m}" y="{size - 6}" font-size="10" text-anchor="end" font-family="sans-serif">'
             f'{html.escape(signifier.right)}</text>',
             f'<text x="{m}" y="{m - 8}" font-size="10" font-family="sans-serif">{html.escape(signifier.top)} ↑</text>',
             f'<text x="{m + 4}" y="{size - m - 4}" font-size="10" font-family="sans-serif" fill="#666">'
             f'↓ {html.escape(signifier.bottom)}</text>']
    colours = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
    for i, item in enumerate(signifier.corners):
        if item.id not in positions:
            continue
        x, y = positions[item.id]
        cx, cy = m + x * inner, m + (1 - y) * inner
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="8" fill="{colours[i % len(colours)]}"/>'
                     f'<text x="{cx + 10:.1f}" y="{cy + 4:.1f}" font-size="10" font-family="sans-serif">'
                     f'{html.escape(item.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def triad_grid(resolution: int = 10) -> list[list[tuple[float, float, float]]]:
    """The clickable points of a triad picker, row by row from the top corner.

    >>> rows = triad_grid(2)
    >>> rows[0], rows[2]
    ([(1.0, 0.0, 0.0)], [(0.0, 1.0, 0.0), (0.0, 0.5, 0.5), (0.0, 0.0, 1.0)])
    """
    rows = []
    for r in range(resolution + 1):
        top = round((resolution - r) / resolution, 4)
        rows.append([(top, round((r - k) / resolution, 4), round(k / resolution, 4)) for k in range(r + 1)])
    return rows


# -- the drawn inputs: one anywidget (static/signifiers.js, plain ES module + SVG) ---------------

_STATIC = Path(__file__).with_name("static")  # signifiers.js and signifiers.css

#: Pole words that describe an amount or a height: such a dyad is drawn upright (low at the bottom).
_VERTICAL_WORDS = ("omlaag", "omhoog", "laag", "hoog", "onder", "boven", "weinig", "veel",
                   "geen enkele", "niets", "alles")


def dyad_orientation(signifier) -> str:
    """``vertical`` for a dyad whose poles describe down/up (or little/much), else ``horizontal``.

    A framework can say it itself (``richting: verticaal`` or ``horizontaal``); otherwise the pole
    words decide.

    >>> from kit.narratives.framework import Signifier
    >>> dyad_orientation(Signifier("a", "dyade", "?", left="heel laag", right="heel hoog"))
    'vertical'
    >>> dyad_orientation(Signifier("b", "dyade", "?", left="buitengesloten", right="welkom"))
    'horizontal'
    """
    direction = getattr(signifier, "direction", "")
    if direction:
        return "vertical" if direction == "verticaal" else "horizontal"
    poles = f" {signifier.left} | {signifier.right} ".lower()
    return "vertical" if any(f" {word} " in poles for word in _VERTICAL_WORDS) else "horizontal"


class SignifierWidget(anywidget.AnyWidget):
    """One triad, dyad or stones board, drawn in the browser by ``static/signifiers.js``.

    ``value`` is the answer in the shape of the narrative record: a triad ``[top, left, right]``
    (shares that add up to 1), a dyad a number from 0 (left pole) to 1 (right pole), stones
    ``{item id: [x, y]}``; ``None`` (or ``{}``) means nothing chosen yet. ``step`` is one arrow-key
    step (a share of the side).

    >>> from kit.narratives.framework import default_framework
    >>> fw = default_framework()
    >>> t = SignifierWidget.for_signifier(fw.signifier("steun"))
    >>> t.kind, t.labels[0], t.value is None
    ('triade', 'mezelf', True)
    >>> SignifierWidget.for_signifier(fw.signifier("invloed")).orientation
    'vertical'
    >>> SignifierWidget.for_signifier(fw.signifier("welkom")).orientation
    'horizontal'
    """

    _esm = _STATIC / "signifiers.js"
    _css = _STATIC / "signifiers.css"

    kind = traitlets.Unicode("triade").tag(sync=True)
    question = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    orientation = traitlets.Unicode("horizontal").tag(sync=True)
    step = traitlets.Float(0.05).tag(sync=True)
    marks = traitlets.List().tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    @classmethod
    def for_signifier(cls, signifier, **kwargs) -> SignifierWidget:
        """The widget for a framework signifier (triade, dyade or stenen)."""
        common = {"kind": signifier.kind, "question": signifier.question}
        if signifier.kind == "triade":
            common["labels"] = [c.label for c in signifier.corners]
        elif signifier.kind == "dyade":
            common.update(labels=[signifier.left, signifier.right], orientation=dyad_orientation(signifier))
        elif signifier.kind == "stenen":
            common.update(labels=[signifier.top, signifier.bottom, signifier.left, signifier.right],
                          items=[{"id": c.id, "label": c.label} for c in signifier.corners], value={})
        else:
            raise ValueError(f"no drawn widget for a signifier of kind {signifier.kind!r}")
        return cls(**{**common, **kwargs})


def _widgets():
    import ipywidgets as w

    return w


class _Base:
    """Shared helpers for the signifier inputs (``box`` is the ipywidgets container)."""

    box: Any

    def _ipython_display_(self):  # pragma: no cover - display in a notebook
        from IPython.display import display

        display(self.box)


def describe_value(signifier, value) -> str:
    """A Dutch sentence for a triad, dyad or stones answer (what a student reads under the widget).

    >>> from kit.narratives.framework import default_framework
    >>> fw = default_framework()
    >>> describe_value(fw.signifier("steun"), (0.5, 0.25, 0.25))
    'mezelf 50%, mensen uit mijn eigen kring 25%, instanties (gemeente, hulpverlening, bank) 25%'
    >>> describe_value(fw.signifier("welkom"), 0.8)
    '80% richting helemaal welkom'
    >>> describe_value(fw.signifier("plekken"), {"bank": (0.1, 0.25)})
    'de bank: 10% naar veilig, 25% naar ik hoor erbij'
    >>> describe_value(fw.signifier("steun"), None)
    'nog niets gekozen'
    >>> describe_value(fw.signifier("welkom"), None)    # untouched: no answer, not the middle
    'niet ingevuld'
    """
    from kit.display import percent

    if value is None or value == {}:
        return "niet ingevuld" if signifier.kind == "dyade" else "nog niets gekozen"
    if signifier.kind == "triade":
        return ", ".join(f"{c.label} {percent(v)}" for c, v in zip(signifier.corners, value, strict=True))
    if signifier.kind == "dyade":
        v = float(value)
        return (f"{percent(v)} richting {signifier.right}" if v >= 0.5
                else f"{percent(1 - v)} richting {signifier.left}")
    labels = {c.id: c.label for c in signifier.corners}
    return "; ".join(f"{labels.get(k, k)}: {percent(x)} naar {signifier.right}, {percent(y)} naar {signifier.top}"
                     for k, (x, y) in value.items())


#: The smallest touch target of a labelled button (WCAG 2.5.5: 44 by 44 CSS pixels).
QUICK_TARGET_PX = 44


class _Drawn(_Base):
    """Shared part of the drawn inputs: ``canvas`` (the anywidget) and a live ``value``."""

    canvas: Any
    signifier: Any

    def live_readout(self, describe=None):
        """An output that always shows the current answer in words (updates on every change).

        Use it in the cell after the widget instead of printing ``value`` once.
        """
        w = _widgets()
        out = w.HTML()
        out.add_class("iids-live")
        describe = describe or (lambda value: describe_value(self.signifier, value))

        def show(_change=None):
            na = getattr(self, "not_applicable", None)
            said = "n.v.t. (past niet bij dit verhaal)" if na is not None and na.value else describe(self.value)
            out.value = f"<p><b>Jouw antwoord:</b> {html.escape(said)}</p>"

        self.canvas.observe(show, names="value")
        if getattr(self, "not_applicable", None) is not None:  # n.v.t. is an answer too
            self.not_applicable.observe(show, names="value")
        show()
        return out


class TriadPicker(_Drawn):
    """Pick a point by clicking (or dragging, or arrow keys + Enter) in the triangle itself.

    ``value`` = (top, left, right), shares that add up to 1 (``None``: nothing chosen).

    >>> from kit.narratives.framework import default_framework
    >>> picker = TriadPicker(default_framework().signifier("steun"))
    >>> picker.choose((0.5, 0.25, 0.25)); picker.value
    (0.5, 0.25, 0.25)
    >>> picker.canvas.value = [0.2, 0.3, 0.5]; picker.value    # what a click in the browser does
    (0.2, 0.3, 0.5)
    >>> picker.click(150, 20); picker.value
    (1.0, 0.0, 0.0)
    >>> picker.answer()
    {'steun': (1.0, 0.0, 0.0)}
    """

    def __init__(self, signifier, value: Sequence[float] | None = None, resolution: int = 20) -> None:
        w = _widgets()
        self.signifier = signifier
        self.marks: list[tuple[float, float, float]] = []
        self._callbacks: list[Any] = []
        self.labels = [c.label for c in signifier.corners]
        self.canvas = SignifierWidget.for_signifier(signifier, step=1 / resolution)
        self.canvas.add_class("iids-triad-voorbeeld")
        self.picture = self.canvas
        self.canvas.observe(self._changed, names="value")
        self.not_applicable = w.Checkbox(description="n.v.t. (past niet bij dit verhaal)", value=False,
                                         indent=False, disabled=signifier.required,
                                         layout=w.Layout(width="auto"))
        self.not_applicable.add_class("iids-nvt")
        self.not_applicable.observe(lambda ch: self._set_na(ch["new"]), names="value")
        header = w.HTML(f"<b>{html.escape(signifier.question)}</b><br><small>{html.escape(signifier.explanation)}</small>")
        # Labelled quick choices (at least 44 px high): near a corner, or in the middle.
        self.quick: dict[str, Any] = {}
        for i, corner in enumerate(signifier.corners):
            self.quick[f"vooral {corner.label}"] = tuple(0.8 if k == i else 0.1 for k in range(3))
        self.quick["alle drie even sterk"] = (0.33, 0.33, 0.34)
        self.quick_buttons = []
        for label, shares in self.quick.items():
            b = w.Button(description=label, tooltip=f"kies: {label}",
                         layout=w.Layout(width="auto", height="auto", min_height=f"{QUICK_TARGET_PX}px"))
            b.add_class("iids-triad-snel")
            b.on_click(lambda _b, s=shares: self.choose(s))
            self.quick_buttons.append(b)
        quick = w.Box([w.HTML("<small>of kies snel:</small>"), *self.quick_buttons],
                      layout=w.Layout(display="flex", flex_flow="row wrap", align_items="center"))
        self.box = w.VBox([header, self.canvas, quick]
                          + ([] if signifier.required else [self.not_applicable]))
        self.box.add_class("iids-triad")
        if value is not None:
            self.choose(value)

    @property
    def value(self) -> tuple[float, float, float] | None:
        """The chosen shares (top, left, right), or ``None``."""
        raw = self.canvas.value
        return None if raw is None else tuple(raw)

    def _changed(self, change) -> None:
        from kit.narratives.patterns import _round_shares

        if change["new"] is None:
            return
        shares = _round_shares(change["new"], 2)
        if list(shares) != list(change["new"]):
            self.canvas.value = list(shares)  # comes back here once, rounded
            return
        self.not_applicable.value = False
        for callback in self._callbacks:
            callback(shares)

    def choose(self, shares: Sequence[float]) -> None:
        """Set the point (what a click on the triangle does)."""
        from kit.narratives.patterns import _round_shares

        rounded = list(_round_shares(shares, 2))
        if self.canvas.value == rounded:  # the same point again still counts as a choice
            self.canvas.value = None
        self.canvas.value = rounded

    def on_choose(self, callback) -> None:
        """Call ``callback(shares)`` each time a point is chosen."""
        self._callbacks.append(callback)

    def show_marks(self, marks: Sequence[Sequence[float]]) -> None:
        """Show extra points lightly in the picture (e.g. the corners of a drawn region)."""
        self.marks = [tuple(m) for m in marks]
        self.canvas.marks = [list(m) for m in self.marks]

    def click(self, x: float, y: float) -> None:
        """Choose the point under a click at pixel ``(x, y)`` of a :func:`triad_svg` picture."""
        from kit.narratives.patterns import click_to_barycentric

        self.choose(click_to_barycentric(x, y))

    def _set_na(self, on: bool) -> None:
        self.canvas.disabled = on
        if on:
            self.canvas.value = None

    def answer(self) -> dict[str, Any]:
        """The answer as a record fragment (empty when nothing is chosen)."""
        return {} if self.value is None else {self.signifier.id: self.value}


class DyadSlider(_Drawn):
    """A slider between two poles, drawn in the direction it describes (an amount stands upright).

    ``value`` between 0 (left/bottom pole) and 1 (right/top pole), or ``None``: an untouched
    slider is "niet ingevuld" and stores nothing (the middle, 0.5, is an answer someone chose;
    the first arrow key does start from there). "n.v.t." is a separate answer, stored empty too.

    >>> from kit.narratives.framework import default_framework
    >>> d = DyadSlider(default_framework().signifier("welkom")); d.value, d.answer()
    (None, {})
    >>> d.slider.value = 0.8; d.answer()
    {'welkom': 0.8}
    >>> DyadSlider(default_framework().signifier("invloed")).canvas.orientation
    'vertical'
    """

    def __init__(self, signifier) -> None:
        w = _widgets()
        self.signifier = signifier
        self.canvas = SignifierWidget.for_signifier(signifier)  # value None: niet ingevuld
        self.slider = self.canvas  # ``slider.value`` as before
        self.not_applicable = w.Checkbox(description="n.v.t. (past niet bij dit verhaal)", value=False,
                                         indent=False, disabled=signifier.required,
                                         layout=w.Layout(width="auto"))
        self.not_applicable.add_class("iids-nvt")
        self.not_applicable.observe(lambda ch: setattr(self.canvas, "disabled", ch["new"]), names="value")
        self.box = w.VBox([w.HTML(f"<b>{html.escape(signifier.question)}</b>"), self.canvas]
                          + ([] if signifier.required else [self.not_applicable]))
        self.box.add_class("iids-dyad")

    @property
    def value(self) -> float | None:
        """The position between the poles (``None``: untouched or n.v.t.)."""
        if self.not_applicable.value or self.canvas.value is None:
            return None
        return round(float(self.canvas.value), 4)

    def answer(self) -> dict[str, Any]:
        """The answer as a record fragment."""
        return {} if self.value is None else {self.signifier.id: self.value}


class StonesBoard(_Drawn):
    """Drag each stone onto the board (or Tab to it, arrow keys, Enter).

    >>> from kit.narratives.framework import default_framework
    >>> board = StonesBoard(default_framework().signifier("plekken"))
    >>> board.place("bank", 0.1, 0.2); board.answer()["plekken"]["bank"]
    (0.1, 0.2)
    >>> board.canvas.value = {"buurt": [0.9, 0.8]}; board.positions()   # a drag in the browser
    {'buurt': (0.9, 0.8)}
    """

    def __init__(self, signifier) -> None:
        w = _widgets()
        self.signifier = signifier
        self.canvas = SignifierWidget.for_signifier(signifier)
        self.picture = self.canvas
        self.box = w.VBox([w.HTML(f"<b>{html.escape(signifier.question)}</b><br><small>Sleep elke steen "
                                  "naar de plek op het veld die past. Een steen die niet past laat je liggen; "
                                  "sleep hem van het veld af om hem terug te leggen.</small>"), self.canvas])
        self.box.add_class("iids-stones")

    @property
    def value(self) -> dict[str, tuple[float, float]]:
        """The placed stones (same as :meth:`positions`)."""
        return self.positions()

    def place(self, item: str, x: float, y: float) -> None:
        """Put stone ``item`` at ``(x, y)``."""
        if item not in {c.id for c in self.signifier.corners}:
            raise KeyError(item)
        self.canvas.value = {**(self.canvas.value or {}), item: [x, y]}

    def positions(self) -> dict[str, tuple[float, float]]:
        """The placed stones."""
        return {k: (round(float(x), 4), round(float(y), 4)) for k, (x, y) in (self.canvas.value or {}).items()}

    def answer(self) -> dict[str, Any]:
        """The answer as a record fragment (empty when no stone is placed)."""
        placed = self.positions()
        return {self.signifier.id: placed} if placed else {}


class ChoiceInput(_Base):
    """A multiple-choice question: a dropdown (one answer) or checkboxes (several).

    >>> from kit.narratives.framework import default_framework
    >>> c = ChoiceInput(default_framework().signifier("wie")); c.set(["buren", "bank"])
    >>> c.answer()
    {'wie': ['buren', 'bank']}
    """

    def __init__(self, signifier) -> None:
        w = _widgets()
        self.signifier = signifier
        header = w.HTML(f"<b>{html.escape(signifier.question)}</b>")
        if signifier.multiple:
            self.boxes = {o: w.Checkbox(description=o, value=False, indent=False,
                                        layout=w.Layout(width="auto")) for o in signifier.options}
            control = w.GridBox(list(self.boxes.values()),
                                layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(180px, 1fr))"))
        else:
            self.dropdown = w.Dropdown(options=[("(kies)", "")] + [(o, o) for o in signifier.options], value="")
            control = self.dropdown
        self.box = w.VBox([header, control])
        self.box.add_class("iids-choice")

    def set(self, values: Sequence[str] | str) -> None:
        """Choose answers."""
        if self.signifier.multiple:
            for option, box in self.boxes.items():
                box.value = option in values
        else:
            self.dropdown.value = values if isinstance(values, str) else values[0]

    def answer(self) -> dict[str, Any]:
        """The answer as a record fragment."""
        if self.signifier.multiple:
            chosen = [o for o, b in self.boxes.items() if b.value]
            return {self.signifier.id: chosen} if chosen else {}
        return {self.signifier.id: self.dropdown.value} if self.dropdown.value else {}


_INPUTS = {"triade": TriadPicker, "dyade": DyadSlider, "stenen": StonesBoard, "keuze": ChoiceInput}


class NarrativeEntryForm(_Base):
    """The entry form: prompt, story, signifiers, context, consent check, preview, save.

    Args:
        store: a :class:`~kit.narratives.store.NarrativeStore` (or a work folder).
        community: a default for the community field.
        collector: your own student code.

    The form says where it saves (:func:`kit.workspace.where_line`: the workspace, or a
    practice folder that is never handed in) and carries the class ``iids-entry-werkmap`` or
    ``iids-entry-oefenmap``.

    The order is enforced: "Controleer toestemming" (the participant's consent for
    education), then "Bekijk gepseudonimiseerd" (the preview shows exactly what will be
    stored), then "Bewaar". Another participant code asks for the consent check again;
    changing the text after the preview disables saving again.
    """

    def __init__(self, store, *, community: str = "", collector: str = "") -> None:
        from kit.narratives.schema import SETTINGS
        from kit.narratives.store import NarrativeStore

        w = _widgets()
        self.store = store if isinstance(store, NarrativeStore) else NarrativeStore(store)
        fw = self.store.framework
        self.prompt = w.Dropdown(options=[(p.text[:90] + ("…" if len(p.text) > 90 else ""), p.id)
                                          for p in fw.prompts], description="Prompt", layout=w.Layout(width="95%"))
        self.prompt.add_class("iids-prompt")
        self.prompt_text = w.HTML()
        self.title = w.Text(description="Titel", placeholder="een paar woorden")
        self.text = w.Textarea(description="Verhaal", placeholder="Schrijf het verhaal op in de woorden van de verteller.",
                               layout=w.Layout(width="95%", height="140px"))
        self.text.add_class("iids-tekst")
        self.month = w.Text(description="Maand", value=date.today().strftime("%Y-%m"))
        self.setting = w.Dropdown(description="Hoe", options=list(SETTINGS), value="gesprek")
        self.community = w.Text(description="Gemeenschap", value=community)
        self.collector = w.Text(description="Jouw code", value=collector)
        self.language = w.Text(description="Taal", value="nl")
        self.notes = w.Textarea(description="Notities", layout=w.Layout(width="95%", height="60px"))
        self.participant = w.Text(description="Deelnemer", placeholder="code, bijv. P07 (nooit een naam)")
        self.participant.add_class("iids-deelnemer")
        self.consent_button = w.Button(description="Controleer toestemming", icon="check",
                                       layout=w.Layout(width="auto"))
        self.consent_button.add_class("iids-toestemming")
        self.consent_status = w.HTML()
        self.inputs = {s.id: _INPUTS[s.kind](s) for s in fw.signifiers}
        self.preview_button = w.Button(description="Bekijk gepseudonimiseerd", button_style="info",
                                       disabled=True, tooltip="Controleer eerst de toestemming",
                                       layout=w.Layout(width="auto"))
        self.preview_button.add_class("iids-voorbeeld-knop")
        self.preview = w.HTML()
        self.preview.add_class("iids-voorbeeld")
        self.save_button = w.Button(description="Bewaar", button_style="success", disabled=True,
                                    layout=w.Layout(width="auto"))
        self.save_button.add_class("iids-bewaar")
        self.message = w.HTML()
        self.message.add_class("iids-melding")
        self._prepared: dict[str, str] | None = None
        self._consent_for: str | None = None  # the participant code whose consent was checked
        self.consent_button.on_click(lambda _b: self.check_consent())
        self.preview_button.on_click(lambda _b: self.show_preview())
        self.save_button.on_click(lambda _b: self.save())
        self.prompt.observe(lambda _ch: self._show_prompt(), names="value")
        for control in (self.text, self.title, self.notes, self.participant):
            control.observe(lambda _ch: self._invalidate(), names="value")
        self.participant.observe(lambda _ch: self._forget_consent(), names="value")
        self.signifier_box = w.VBox([i.box for i in self.inputs.values()])
        from kit.workspace import where, where_line

        self.where = w.HTML(f"<p><b>{html.escape(where_line(self.store.csv_path))}</b></p>")
        self.where.add_class("iids-entry-waar")
        self.box = w.VBox([
            w.HTML("<h3>Nieuw verhaal</h3>"), self.where, self.prompt, self.prompt_text, self.title, self.text,
            w.HTML("<h4>De verteller duidt het verhaal</h4>"), self.signifier_box,
            w.HTML("<h4>Over het gesprek</h4>"),
            w.HBox([self.month, self.setting]), w.HBox([self.community, self.collector, self.language]),
            self.notes, w.HBox([self.participant, self.consent_button]), self.consent_status,
            w.HBox([self.preview_button, self.save_button]), self.preview, self.message, wrap_style()])
        self.box.add_class("iids-entry")
        self.box.add_class(f"iids-entry-{where(self.store.csv_path)}")  # werkmap, oefenmap or elders
        self._show_prompt()

    def _show_prompt(self) -> None:
        prompt = next(p for p in self.store.framework.prompts if p.id == self.prompt.value)
        self.prompt_text.value = f"<blockquote>{html.escape(prompt.text)}</blockquote>"
        for sid, widget in self.inputs.items():
            widget.box.layout.display = None if sid in prompt.signifiers else "none"
        self._invalidate()

    def _invalidate(self) -> None:
        self._prepared = None
        self.save_button.disabled = True

    def _forget_consent(self) -> None:
        """Another participant code: the consent must be checked again before a preview."""
        self._consent_for = None
        self.preview_button.disabled = True
        self.consent_status.value = ""
        self.preview.value = ""

    def record(self) -> dict[str, Any]:
        """The record as entered (before pseudonymisation)."""
        prompt = next(p for p in self.store.framework.prompts if p.id == self.prompt.value)
        record: dict[str, Any] = {
            "month": self.month.value.strip(), "setting": self.setting.value,
            "community": self.community.value.strip(), "collector": self.collector.value.strip(),
            "participant": self.participant.value.strip(), "title": self.title.value.strip(),
            "text": self.text.value.strip(), "language": self.language.value.strip(),
            "notes": self.notes.value.strip(), "synthetic": "false"}
        for sid, widget in self.inputs.items():
            if sid in prompt.signifiers:
                record.update(widget.answer())
        return record

    def check_consent(self) -> bool:
        """Check the participant's consent for education; shows the outcome."""
        from kit.errors import InputError

        try:
            self.store.check_consent(self.participant.value)
        except InputError as exc:
            self._forget_consent()
            self.consent_status.value = f"<span style='color:#b00'>✗ {html.escape(exc.message)}</span>"
            return False
        self._consent_for = self.participant.value.strip()
        self.preview_button.disabled = False
        self.consent_status.value = "<span style='color:#070'>✓ toestemming voor onderwijs is geregistreerd</span>"
        return True

    def show_preview(self) -> bool:
        """Pseudonymise and check the record; show what would be stored."""
        from kit.errors import InputError

        self.message.value = ""
        if self._consent_for is None or self._consent_for != self.participant.value.strip():
            self._invalidate()
            self.preview.value = ""
            self.message.value = ("<span style='color:#b00'>Klik eerst op 'Controleer toestemming': "
                                  "pas daarna zie je de tekst zoals hij wordt opgeslagen.</span>")
            return False
        try:
            self._prepared = self.store.prepare(self.record())
        except InputError as exc:
            self._prepared = None
            self.save_button.disabled = True
            self.preview.value = ""
            self.message.value = f"<span style='color:#b00'>Nog niet goed: {html.escape(str(exc))}</span>"
            return False
        self.preview.value = ("<p><b>Zo wordt het opgeslagen</b> (lees het na: staat er nog iets in "
                              "waaraan iemand te herkennen is?)</p><blockquote><b>"
                              f"{html.escape(self._prepared['title'])}</b><br>"
                              f"{html.escape(self._prepared['text'])}</blockquote>")
        if self.store.warnings:
            self.preview.value += ("<p style='color:#a60'><b>Let op:</b> "
                                   + "<br>".join(html.escape(w) for w in self.store.warnings) + "</p>")
        self.save_button.disabled = False
        return True

    def save(self) -> str | None:
        """Save the previewed record; returns its id (``None`` when there was no preview)."""
        from kit.errors import InputError

        if self._prepared is None:
            self.message.value = "Klik eerst op 'Bekijk gepseudonimiseerd'."
            return None
        try:
            nid = self.store.add(self._prepared)
        except InputError as exc:
            self.message.value = f"<span style='color:#b00'>Niet bewaard: {html.escape(str(exc))}</span>"
            return None
        self.message.value = (f"<span style='color:#070'>Bewaard als {html.escape(nid)} in "
                              f"{html.escape(str(self.store.csv_path))} ({len(self.store)} verhalen).</span>")
        self._invalidate()
        return nid


def entry_form(folder="mijn-werk", **kwargs: Any) -> NarrativeEntryForm:
    """The entry form for a work folder (see :class:`NarrativeEntryForm`)."""
    return NarrativeEntryForm(folder, **kwargs)


def example_forms_export(folder, participant: str = "P-OEF-01"):
    """Write a small synthetic Microsoft Forms export (``;`` and Windows characters, like Excel).

    Three stories: two good rows and two mistakes to find (a welcome score of 140, a triad
    that adds up to 90%). Also returns the mapping (koppeling) that says which column goes where.

    Args:
        folder: where to write ``forms-export.csv``.
        participant: the participant code in every row.

    Returns:
        ``(path to the export, mapping)``, ready for :func:`kit.narratives.importers.import_export`.

    >>> import tempfile
    >>> path, mapping = example_forms_export(tempfile.mkdtemp())
    >>> path.name, mapping["kolommen"]["text"]
    ('forms-export.csv', 'Verhaal')
    """
    from pathlib import Path

    import pandas as pd

    from kit.io import atomic_write_bytes

    export = pd.DataFrame({
        "Naam": ["", "", ""], "Code": [participant] * 3,
        "Verhaal": ["Op de markt lachten we samen.", "De buren groeten nu.", "Geen pas meer."],
        "Welkom (0-100)": ["80", "140", "30"], "Mezelf": [50, 20, 60], "Kring": [30, 40, 30],
        "Instanties": [20, 40, 0], "Gevoel": ["geamuseerd", "blij", "boos"]})
    path = atomic_write_bytes(Path(folder) / "forms-export.csv",
                              export.to_csv(sep=";", index=False).encode("cp1252"))
    mapping = {"kolommen": {"participant": "Code", "text": "Verhaal", "welkom": "Welkom (0-100)",
                            "steun.ikzelf": "Mezelf", "steun.eigen_kring": "Kring",
                            "steun.instanties": "Instanties", "gevoel": "Gevoel"},
               "schaal": {"welkom": 100, "steun": 100},
               "vaste_waarden": {"setting": "online", "month": "2026-11", "community": "vluchtelingen",
                                 "collector": "S-OEF", "synthetic": "true"}}
    return Path(path), mapping


def _show_figure(image, ax) -> None:
    """Put a figure into an ``Image`` widget as PNG (works the same with and without a browser)."""
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(ax.figure)
    image.value = buffer.getvalue()


class predict_first(_Base):  # noqa: N801 - used like a function in notebooks
    """"Eerst voorspellen": mark where you expect the stories, then reveal them.

    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> p = predict_first(generate_corpus(80, seed=1), default_framework(), "steun")
    >>> p.picker.choose((0.2, 0.6, 0.2)); result = p.reveal()
    >>> result["aantal"]
    80
    """

    def __init__(self, frame, framework, signifier_id: str, filters: dict[str, Any] | None = None) -> None:
        from kit.narratives.patterns import filter_narratives

        w = _widgets()
        self.frame = filter_narratives(frame, framework, **filters) if filters else frame
        self.framework = framework
        self.signifier_id = signifier_id
        self.picker = TriadPicker(framework.signifier(signifier_id))
        self.button = w.Button(description="Laat de verhalen zien", button_style="warning",
                               layout=w.Layout(width="auto"))
        self.button.add_class("iids-onthul")
        self.output = w.Image(format="png")
        self.output.add_class("iids-figuur")
        self.explanation = w.HTML()
        self.button.on_click(lambda _b: self.reveal())
        self.box = w.VBox([w.HTML("<b>Stap 1:</b> klik aan waar jij de meeste verhalen verwacht. "
                                  "<b>Stap 2:</b> klik op de knop."), self.picker.box, self.button,
                           self.output, self.explanation])
        self.box.add_class("iids-voorspel")

    def reveal(self) -> dict[str, Any] | None:
        """Draw the prediction beside the stories and explain the difference."""
        from kit.narratives.patterns import compare_prediction
        from kit.narratives.plots import predict_first_plot

        if self.picker.value is None:
            self.explanation.value = "Klik eerst een punt aan: waar verwacht jij de verhalen?"
            return None
        result = compare_prediction(self.picker.value, self.frame, self.framework, self.signifier_id)
        ax = predict_first_plot(self.picker.value, self.frame, self.framework, self.signifier_id)
        _show_figure(self.output, ax)
        self.explanation.value = f"<p>{html.escape(result['uitleg'])}</p>"
        return result


def _region_options(signifier) -> list[tuple[str, str]]:
    c = signifier.corners
    options = [(f"hoek: {x.label}", f"hoek:{x.id}") for x in c]
    options += [(f"rand: tussen {a.label} en {b.label}", f"rand:{a.id}-{b.id}")
                for a, b in ((c[0], c[1]), (c[1], c[2]), (c[0], c[2]))]
    options.append(("het midden (alle drie ongeveer even sterk)", "midden"))
    return options


class stories_explorer(_Base):  # noqa: N801 - used like a function in notebooks
    """"Verhalen zoals deze": choose a region of a triad and read the stories in it.

    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> s = stories_explorer(generate_corpus(120, seed=1), default_framework(), "steun")
    >>> found = s.show("hoek:ikzelf")
    >>> bool((found["steun.ikzelf"] >= 0.6).all())
    True
    >>> for point in [(0.2, 0.8, 0), (0, 1, 0), (0, 0, 1), (0.2, 0, 0.8)]:
    ...     s.drawer.choose(point)
    >>> bool((s.show_polygon()["steun.ikzelf"] <= 0.2 + 1e-9).all())
    True
    """

    def __init__(self, frame, framework, signifier_id: str, shown: int = 5) -> None:
        w = _widgets()
        self.frame, self.framework, self.signifier_id, self.shown = frame, framework, signifier_id, shown
        signifier = framework.signifier(signifier_id)
        self.region = w.Dropdown(options=_region_options(signifier), description="Gebied",
                                 layout=w.Layout(width="95%"))
        self.region.add_class("iids-gebied")
        communities = sorted(set(frame["community"]))
        self.community = w.Dropdown(options=[("alle gemeenschappen", "")] + [(c, c) for c in communities],
                                    description="Wie")
        self.result = w.HTML()
        self.result.add_class("iids-verhalen")
        for control in (self.region, self.community):
            control.observe(lambda _ch: self.show(), names="value")
        # Drawing a region: every click on the triangle adds a corner of the polygon.
        self.polygon: list[tuple[float, float, float]] = []
        self.drawer = TriadPicker(signifier)
        self.drawer.on_choose(self._add_vertex)
        self.clear_button = w.Button(description="Wis mijn gebied", layout=w.Layout(width="auto"))
        self.clear_button.add_class("iids-gebied-wis")
        self.draw_button = w.Button(description="Toon verhalen in mijn gebied", button_style="info",
                                    layout=w.Layout(width="auto"))
        self.draw_button.add_class("iids-gebied-toon")
        self.clear_button.on_click(lambda _b: self.clear_polygon())
        self.draw_button.on_click(lambda _b: self.show_polygon())
        drawing = w.VBox([w.HTML("<b>Of teken zelf een gebied:</b> klik minstens drie punten aan "
                                 "(de hoeken van je gebied, rondom), en klik dan op de knop."),
                          self.drawer.box, w.HBox([self.draw_button, self.clear_button])])
        drawing.add_class("iids-gebied-tekenen")
        self.box = w.VBox([self.region, self.community, drawing, self.result, wrap_style()])
        self.box.add_class("iids-zoals-deze")
        self.show()

    def _add_vertex(self, shares) -> None:
        self.polygon.append(tuple(shares))
        self.drawer.show_marks(self.polygon)

    def clear_polygon(self) -> None:
        """Forget the drawn region."""
        self.polygon = []
        self.drawer.show_marks([])

    def show_polygon(self):
        """Show the stories in the drawn region (``None`` with fewer than three corners)."""
        if len(self.polygon) < 3:
            self.result.value = "<p>Klik eerst minstens drie punten aan in de driehoek.</p>"
            return None
        return self.show(self.polygon)

    def show(self, region: str | Sequence[Sequence[float]] | None = None):
        """Show (and return) the stories in the region; a polygon may be passed directly."""
        from kit.narratives.patterns import MIN_GROUP, small_group_warning, stories_like_these

        data = self.frame if not self.community.value else self.frame[self.frame["community"] == self.community.value]
        found = stories_like_these(data, self.framework, self.signifier_id,
                                   region if region is not None else self.region.value)
        share = len(found) / max(1, len(data.dropna(subset=self.framework.signifier(self.signifier_id).columns())))
        parts = [f"<p><b>{len(found)} verhalen</b> in dit gebied ({share:.0%} van de verhalen).</p>"]
        warning = small_group_warning(len(found), "in dit gebied", MIN_GROUP // 5)
        if warning:
            parts.append(f"<p style='color:#a60'>{html.escape(warning)}</p>")
        sample = found.sample(min(self.shown, len(found)), random_state=1) if len(found) else found
        for _, row in sample.iterrows():
            parts.append(f"<blockquote><b>{html.escape(str(row['title']))}</b> "
                         f"<small>({html.escape(str(row['community']))}, {html.escape(str(row['month']))})</small><br>"
                         f"{html.escape(str(row['text']))}</blockquote>")
        self.result.value = "".join(parts)
        return found


class triad_explorer(_Base):  # noqa: N801 - used like a function in notebooks
    """Explore a triad: choose the colouring and filter on community or an answer.

    >>> from kit.synthetic.narratives import generate_corpus
    >>> from kit.narratives.framework import default_framework
    >>> t = triad_explorer(generate_corpus(120, seed=1), default_framework())
    >>> t.colour.value = "setting"; len(t.warnings.value) >= 0
    True
    """

    def __init__(self, frame, framework, signifier_id: str | None = None) -> None:
        w = _widgets()
        self.frame, self.framework = frame, framework
        triads = [s.id for s in framework.of_kind("triade")]
        self.signifier = w.Dropdown(options=[(framework.signifier(t).question, t) for t in triads],
                                    value=signifier_id or triads[0], description="Driehoek",
                                    layout=w.Layout(width="95%"))
        single = [s.id for s in framework.of_kind("keuze") if not s.multiple]
        self.colour = w.Dropdown(options=[("geen kleur", ""), ("gemeenschap", "community"),
                                          ("manier van verzamelen", "setting")] + [(s, s) for s in single],
                                 description="Kleur")
        self.community = w.SelectMultiple(options=sorted(set(frame["community"])), description="Alleen",
                                          rows=6)
        who = framework.signifier("wie").options if "wie" in framework.kinds() else []
        self.who = w.Dropdown(options=[("iedereen", "")] + [(o, o) for o in who], description="Met rol van")
        self.output = w.Image(format="png")
        self.output.add_class("iids-figuur")
        self.warnings = w.HTML()
        for control in (self.signifier, self.colour, self.community, self.who):
            control.observe(lambda _ch: self.draw(), names="value")
        self.box = w.VBox([self.signifier, w.HBox([self.colour, self.who]), self.community,
                           self.warnings, self.output])
        self.box.add_class("iids-verkenner")
        self.draw()

    def draw(self) -> None:
        """Draw the triad with the chosen colouring and filters."""
        from kit.narratives.patterns import filter_narratives, group_warnings
        from kit.narratives.plots import ternary_plot

        filters: dict[str, Any] = {"community": list(self.community.value)}
        if self.who.value:
            filters["wie"] = self.who.value
        data = filter_narratives(self.frame, self.framework, **filters)
        warnings = group_warnings(data, self.colour.value) if self.colour.value else []
        self.warnings.value = "".join(f"<p style='color:#a60'>{html.escape(x)}</p>" for x in warnings)
        ax = ternary_plot(data, self.framework, self.signifier.value, color_by=self.colour.value or None)
        _show_figure(self.output, ax)
