"""Touch-sized inputs for a phone (every target at least 44 px), as ipywidgets.

Thin: each input only keeps what was tapped and gives it back in the shape of
:func:`kit.narratives.schema.flatten_answers`. The triad reuses the course's
:class:`kit.narratives.widgets.TriadPicker` (tap anywhere in the drawn triangle).

CSS classes: ``iids-app`` (the whole app), ``iids-knop`` (every tappable button),
``iids-gekozen`` (a chosen button), ``iids-schaal`` (a five-step scale), ``iids-keuzes``
(a choice), ``iids-steen-raster`` (a stone's 3×3 field).

>>> scale = Scale("welkom", "niet welkom", "heel welkom")
>>> scale.choose(3); scale.answer()
{'welkom': 0.75}
>>> pick = Choices("wie", ["buren", "bank"], multiple=True)
>>> pick.choose("bank"); pick.choose("buren"); pick.choose("bank"); pick.answer()
{'wie': ['buren']}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kit.render import render_macro

__all__ = ["PHONE_CSS", "MIN_TARGET_PX", "button", "Scale", "Choices", "StoneField", "phone_triad"]

#: The smallest touch target (WCAG 2.5.5: 44 by 44 CSS pixels).
MIN_TARGET_PX = 44

#: Large type, high contrast, 44 px targets, one column that fits 360 px.
PHONE_CSS = """
<style>
body, .jp-Notebook, #rendered_cells { background: #fff; }
.iids-app { max-width: 640px; margin: 0 auto; font-size: 18px; line-height: 1.45; color: #111; }
.iids-app .widget-html-content, .iids-app .widget-label { font-size: 18px; line-height: 1.45;
  white-space: normal; }
.iids-app h2 { font-size: 24px; margin: 8px 0; }
.iids-app .iids-knop, .iids-app .jupyter-button { min-height: 44px; min-width: 44px;
  height: auto; box-sizing: border-box; max-width: calc(100% - 6px); font-size: 18px; white-space: normal; border-radius: 8px; margin: 3px;
  border: 2px solid #345; background: #fff; color: #111; }
.iids-app .iids-knop.iids-gekozen { background: #0b4f8a; color: #fff; }
.iids-app .iids-knop:focus-visible { outline: 3px solid #e69f00; outline-offset: 2px; }
.iids-app .iids-rij { display: flex; flex-wrap: wrap; gap: 4px; }
.iids-app .iids-breed { width: 100%; }
.iids-app textarea, .iids-app input[type=text] { font-size: 18px; min-height: 44px;
  width: 100%; box-sizing: border-box; }
.iids-app .widget-textarea, .iids-app .widget-text { width: 100%; }
.iids-app .iids-triad-voorbeeld { width: 100%; }
.iids-app .iids-aw { font-size: 18px; }
.iids-app .iids-steen-raster { display: grid; grid-template-columns: repeat(3, 56px); gap: 4px; }
.iids-app .iids-fout { color: #a00000; font-weight: bold; }
.iids-app .iids-goed { color: #05620a; font-weight: bold; }
.iids-app blockquote { border-left: 4px solid #0b4f8a; margin: 6px 0; padding: 4px 10px; }
</style>
"""


def _part(macro: str, *args) -> str:
    """A question's text on the phone, from ``verhaalformulier.html.j2`` (escaped)."""
    return render_macro("verhaalformulier.html.j2", macro, *args)


def _w():
    import ipywidgets as w

    return w


def button(label: str, *, wide: bool = False, tooltip: str = ""):
    """A button of at least 44 by 44 px (class ``iids-knop``)."""
    w = _w()
    b = w.Button(description=label, tooltip=tooltip or label,
                 layout=w.Layout(min_height=f"{MIN_TARGET_PX}px", min_width=f"{MIN_TARGET_PX}px",
                                 width="100%" if wide else "auto", height="auto"))
    b.add_class("iids-knop")
    return b


def _mark(buttons, chosen: Sequence[Any]) -> None:
    for value, b in buttons.items():
        if value in chosen:
            b.add_class("iids-gekozen")
        else:
            b.remove_class("iids-gekozen")


class Scale:
    """A five-step scale between two poles (0, 0.25, 0.5, 0.75, 1)."""

    STEPS = ("helemaal", "vooral", "midden", "vooral", "helemaal")

    def __init__(self, signifier_id: str, left: str, right: str, question: str = "") -> None:
        w = _w()
        self.signifier_id = signifier_id
        self.value: float | None = None
        labels = [f"{self.STEPS[0]} {left}", f"{self.STEPS[1]} {left}", "er tussenin",
                  f"{self.STEPS[3]} {right}", f"{self.STEPS[4]} {right}"]
        self.buttons = {k: button(label, wide=True) for k, label in enumerate(labels)}
        for k, b in self.buttons.items():
            b.on_click(lambda _b, k=k: self.choose(k))
        self.box = w.VBox([w.HTML(_part("vraag", question)), *self.buttons.values()])
        self.box.add_class("iids-schaal")

    def choose(self, step: int) -> None:
        """Tap step ``step`` (0 to 4)."""
        self.value = step / 4
        _mark(self.buttons, [step])

    def answer(self) -> dict[str, Any]:
        """``{id: value}`` or nothing when not tapped."""
        return {} if self.value is None else {self.signifier_id: self.value}


class Choices:
    """One answer (tap again to change) or several (tap to switch on and off)."""

    def __init__(self, signifier_id: str, options: Sequence[str], *, multiple: bool = False,
                 question: str = "") -> None:
        w = _w()
        self.signifier_id, self.multiple = signifier_id, multiple
        self.chosen: list[str] = []
        self.buttons = {o: button(o) for o in options}
        for option, b in self.buttons.items():
            b.on_click(lambda _b, o=option: self.choose(o))
        row = w.Box(list(self.buttons.values()))
        row.add_class("iids-rij")
        self.box = w.VBox([w.HTML(_part("vraag", question, multiple)), row])
        self.box.add_class("iids-keuzes")

    def choose(self, option: str) -> None:
        """Tap ``option``."""
        if not self.multiple:
            self.chosen = [option]
        elif option in self.chosen:
            self.chosen.remove(option)
        else:
            self.chosen.append(option)
        _mark(self.buttons, self.chosen)

    def answer(self) -> dict[str, Any]:
        """``{id: value}`` (a list when several may be chosen)."""
        if not self.chosen:
            return {}
        return {self.signifier_id: list(self.chosen) if self.multiple else self.chosen[0]}


class StoneField:
    """Each stone placed by tapping one of nine fields (3×3) of the board.

    >>> from kit.narratives.framework import default_framework
    >>> f = StoneField(default_framework().signifier("plekken"))
    >>> f.place("bank", 0, 2); f.answer()
    {'plekken': {'bank': (0.17, 0.17)}}
    """

    LEVELS = (0.17, 0.5, 0.83)

    def __init__(self, signifier) -> None:
        w = _w()
        self.signifier = signifier
        self.positions: dict[str, tuple[float, float]] = {}
        self.grids: dict[str, dict[tuple[int, int], Any]] = {}
        parts = [w.HTML(_part("stenen_uitleg", signifier.question, signifier.top,
                              signifier.bottom, signifier.left, signifier.right))]
        for item in signifier.corners:
            cells = {}
            for row in range(3):
                for col in range(3):
                    where = (f"{('boven', 'midden', 'onder')[row]}, "
                             f"{('links', 'midden', 'rechts')[col]}")
                    b = button("·", tooltip=f"{item.label}: {where}")
                    b.on_click(lambda _b, i=item.id, c=col, r=row: self.place(i, c, r))
                    cells[(col, row)] = b
            grid = w.Box(list(cells.values()))
            grid.add_class("iids-steen-raster")
            self.grids[item.id] = cells
            parts.append(w.VBox([w.HTML(_part("vraag", item.label)), grid]))
        self.box = w.VBox(parts)
        self.box.add_class("iids-stenen-telefoon")

    def place(self, item: str, col: int, row: int) -> None:
        """Put stone ``item`` in column ``col`` (0 left) and row ``row`` (0 top)."""
        self.positions[item] = (self.LEVELS[col], self.LEVELS[2 - row])
        _mark(self.grids[item], [(col, row)])

    def answer(self) -> dict[str, Any]:
        """``{id: {item: (x, y)}}`` or nothing."""
        return {self.signifier.id: dict(self.positions)} if self.positions else {}


def phone_triad(signifier):
    """The course's triad picker: the drawn triangle itself is the (large) touch target.

    >>> from kit.narratives.framework import default_framework
    >>> t = phone_triad(default_framework().signifier("steun")); t.canvas.kind
    'triade'
    """
    from kit.narratives.widgets import TriadPicker

    return TriadPicker(signifier)
