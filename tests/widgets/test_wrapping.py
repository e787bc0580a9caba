"""No widget label is cut off: buttons and check boxes size to their text, and every form carries
the wrap style (``kit.display.wrap_style``) that lets labels, radio options and buttons wrap.

Found in the course walk: "Controleer toe..." (a 148 px button), quiz options ending in "...",
check boxes of a fixed 180 px.
"""

from __future__ import annotations

import re

import pytest

from kit.display import WRAP_RULES
from kit.narratives.framework import default_framework
from kit.narratives.store import NarrativeStore
from kit.narratives.widgets import NarrativeEntryForm, predict_first, stories_explorer
from kit.synthetic.narratives import generate_corpus
from kit.widgets.selfcheck import multi_quiz, quiz, reveal

#: A generous width per character of the widget font (13 px sans-serif) plus padding and icon.
PX_PER_CHAR, PADDING_PX = 8, 40


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
    box = getattr(widget, "box", None)
    if box is not None and box is not widget:
        yield from walk(box)


def cut_labels(root) -> list[str]:
    """Descriptions that would not fit their widget's fixed width."""
    import ipywidgets as w

    cut = []
    for widget in walk(root):
        if not isinstance(widget, (w.Button, w.Checkbox, w.ToggleButton)) or not widget.description:
            continue
        width = widget.layout.width
        if width in (None, "", "auto", "100%", "95%", "max-content", "fit-content"):
            continue
        px = re.fullmatch(r"(\d+(?:\.\d+)?)px", str(width))
        needed = len(widget.description) * PX_PER_CHAR + PADDING_PX
        if px is None or float(px.group(1)) < needed:
            cut.append(f"{type(widget).__name__} '{widget.description}' in {width}")
    return cut


def has_wrap_style(root) -> bool:
    return any("iids-wrap" in getattr(w, "_dom_classes", ()) for w in walk(root))


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wrap")
    framework = default_framework()
    corpus = generate_corpus(40, seed=3)
    feedback = {"het echte telefoonnummer van een geïnterviewde bewoner uit de wijk": "Nee: dat is herkenbaar.",
                "een code zoals P07": "Goed."}
    return {
        "invoerformulier": NarrativeEntryForm(NarrativeStore(folder / "w", use_deduce=False)).box,
        "quiz": quiz("Wat mag in de notities?", feedback, "een code zoals P07"),
        "meerkeuze": multi_quiz("Wat is herkenbaar?", list(feedback), [next(iter(feedback))]),
        "open vraag": reveal("Waarom?", "Omdat ...", work=folder / "antwoorden"),
        "eerst voorspellen": predict_first(corpus, framework, "steun").box,
        "verhalen zoals deze": stories_explorer(corpus, framework, "steun").box,
    }


@pytest.mark.parametrize("name", ["invoerformulier", "quiz", "meerkeuze", "open vraag",
                                  "eerst voorspellen", "verhalen zoals deze"])
def test_no_label_is_cut_off(forms, name):
    assert cut_labels(forms[name]) == []


@pytest.mark.parametrize("name", ["invoerformulier", "quiz", "meerkeuze", "open vraag", "verhalen zoals deze"])
def test_forms_carry_the_wrap_style(forms, name):
    assert has_wrap_style(forms[name])


def test_the_check_finds_a_cut_label():
    """The check itself: the old 148 px consent button and 180 px check boxes are caught."""
    import ipywidgets as w

    old = w.VBox([w.Button(description="Controleer toestemming", layout=w.Layout(width="148px")),
                  w.Checkbox(description="gemeente en hulpverlening samen", layout=w.Layout(width="180px"))])
    assert len(cut_labels(old)) == 2 and not has_wrap_style(old)


def test_wrap_rules_undo_the_ellipsis_of_ipywidgets():
    for selector in (".jupyter-button", ".jupyter-widget-label", ".jupyter-widget-radio-box label"):
        assert selector in WRAP_RULES
    assert "white-space: normal" in WRAP_RULES and "text-overflow: clip" in WRAP_RULES
