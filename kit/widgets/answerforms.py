"""Forms for the autograded parts of the assignments: the student clicks and types, never codes.

A *choice form* asks a few questions about a table the kit shows (a dropdown or a number per
question) and saves the answers in the student's workspace (:func:`kit.answers.save_choices`,
for example ``discoursanalyse/frames-tellen.yaml``). The *devices form* of the discourse
assignment collects text devices (middel + literal fragment) for one text
(:func:`kit.analysis.devices.save_devices`). The autograded checks read these files;
:mod:`kit.grading.answerkeys` holds the expected answers.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from typing import Any

from kit.analysis.devices import load_devices, save_devices
from kit.answers import Question, load_choices, save_choices
from kit.errors import InputError

__all__ = ["choice_form", "devices_form", "choices_summary"]

_FORM_CLASS: Any = None


def _form_box(children, summary):
    """A ``VBox`` whose text form is ``summary()``: a graded notebook, the formgrader and the
    feedback show that Dutch line where the widget itself cannot be drawn (instead of
    ``VBox(children=(HTML(...`` with the internal values of the dropdowns)."""
    global _FORM_CLASS
    if _FORM_CLASS is None:
        import ipywidgets as w

        class FormBox(w.VBox):
            def _repr_mimebundle_(self, **kwargs):
                bundle = super()._repr_mimebundle_(**kwargs)
                if isinstance(bundle, dict):
                    bundle["text/plain"] = self.summary()
                return bundle

        _FORM_CLASS = FormBox
    box = _FORM_CLASS(children)
    box.summary = summary
    return box


def choices_summary(work: str | os.PathLike, name: str, questions: Sequence[Question]) -> str:
    """The saved answers of a choice form as a reader sees them (labels, never internal values).

    >>> import tempfile
    >>> work = tempfile.mkdtemp()
    >>> vragen = [Question("n", "1a. Hoeveel?"), Question("k", "1b. Welk frame?", [("Handhaving en controle", "handhaving-controle")])]
    >>> choices_summary(work, "x/y", vragen)
    'Nog geen antwoorden bewaard.'
    >>> _ = save_choices(work, "x/y", {"k": "handhaving-controle"}, vragen)
    >>> print(choices_summary(work, "x/y", vragen))
    Bewaarde antwoorden:
    1a. Hoeveel? (nog niet beantwoord)
    1b. Welk frame? Handhaving en controle
    """
    saved = load_choices(work, name)
    if not saved:
        return "Nog geen antwoorden bewaard."
    lines = ["Bewaarde antwoorden:"]
    for q in questions:
        value = saved.get(q.key)
        labels = {v: str(lab) for lab, v in q.options} if q.options else {}
        shown = "(nog niet beantwoord)" if value in (None, "") else labels.get(value, str(value))
        lines.append(f"{q.text} {shown}")
    return "\n".join(lines)


def choice_form(work: str | os.PathLike, name: str, questions: Sequence[Question], *,
                button: str = "Bewaren"):
    """A form with one dropdown or number field per question and a save button.

    Saved answers are shown again when the notebook runs again.

    Returns:
        An ipywidgets ``VBox`` (class ``iids-choices``); ``box.save()`` saves as the button does
        and returns the path (or ``None`` with a message); ``box.fields`` maps keys to fields.

    >>> import tempfile
    >>> work = tempfile.mkdtemp()
    >>> box = choice_form(work, "x/y", [Question("n", "Hoeveel?"), Question("k", "Welke?", [("A", "a")])])
    >>> box.fields["n"].value = "3"; box.fields["k"].value = "a"
    >>> box.save().name, load_choices(work, "x/y")
    ('y.yaml', {'n': 3, 'k': 'a'})
    """
    import ipywidgets as w

    saved = load_choices(work, name)
    fields: dict[str, Any] = {}
    rows = []
    for q in questions:
        label = w.HTML(f"<p style='margin:0.6em 0 0.2em'><b>{html.escape(q.text)}</b></p>")
        if q.options:
            options = [("(kies)", None), *[(str(lab), val) for lab, val in q.options]]
            value = saved.get(q.key) if saved.get(q.key) in {v for _l, v in q.options} else None
            box = w.Dropdown(options=options, value=value, layout=w.Layout(width="auto", min_width="22em"))
        else:
            box = w.Text(value="" if saved.get(q.key) is None else str(saved.get(q.key)),
                         placeholder="een heel getal", layout=w.Layout(width="10em"))
        box.description_allow_html = False
        label.add_class("iids-choices-question")
        box.add_class(f"iids-choices-{q.key}")
        fields[q.key] = box
        rows += [label, box]
    save_button = w.Button(description=button, button_style="success", icon="save")
    status = w.HTML()

    def save(_=None):
        values = {k: (f.value.strip() if isinstance(f.value, str) else f.value) for k, f in fields.items()}
        open_questions = [q.text for q in questions if values.get(q.key) in (None, "")]
        try:
            path = save_choices(work, name, values, questions)
        except InputError as exc:
            status.value = f"<p style='color:#b35900'>Niet bewaard: {html.escape(exc.message)}</p>"
            return None
        rest = (f" Nog niet beantwoord: {html.escape('; '.join(open_questions))}" if open_questions else "")
        status.value = f"<p style='color:#1a7f37'>Bewaard in je werkmap ({html.escape(path.name)}).{rest}</p>"
        return path

    save_button.on_click(save)
    box = _form_box([*rows, save_button, status], lambda: choices_summary(work, name, questions))
    box.add_class("iids-choices")
    box.fields = fields
    box.save = save
    return box


def devices_form(work: str | os.PathLike, corpus, *, exclude: Sequence[str] = ("dd01",)):
    """Choose a text, then per device a fragment copied from it; *Bewaren* saves them.

    Returns:
        An ipywidgets ``VBox`` (class ``iids-devices``) with ``box.parts`` and ``box.add()``,
        ``box.remove()`` and ``box.save()`` (the path, or ``None`` with a message).

    >>> import tempfile
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"id": ["t1"], "title": ["T"], "text": ["Er moet gehandhaafd worden."]})
    >>> work = tempfile.mkdtemp()
    >>> box = devices_form(work, corpus)
    >>> box.parts["device"].value = "modaliteit"; box.parts["fragment"].value = "moet"
    >>> box.add(); box.save().name, load_devices(work)["middelen"]
    ('tekstmiddelen.yaml', [{'middel': 'modaliteit', 'fragment': 'moet'}])
    """
    import ipywidgets as w

    from kit.analysis.discourse_corpus import DEVICES, device_label

    ids = [i for i in corpus["id"] if i not in set(exclude)] or list(corpus["id"])
    titles = dict(zip(corpus["id"], corpus["title"] if "title" in corpus else corpus["id"], strict=True))
    texts = dict(zip(corpus["id"], corpus["text"], strict=True))
    saved = load_devices(work)
    start = saved.get("tekst") if saved.get("tekst") in ids else ids[0]
    chosen: list[tuple[str, str]] = [(d["middel"], d["fragment"]) for d in saved.get("middelen", [])
                                     if isinstance(d, dict)] if saved.get("tekst") == start else []
    text = w.Dropdown(options=[(f"{i}: {titles[i]}", i) for i in ids], value=start, description="Tekst",
                      layout=w.Layout(width="95%"))
    shown = w.HTML()
    device = w.Dropdown(options=[(device_label(d), d) for d in DEVICES], value=list(DEVICES)[0],
                        description="Middel")
    explain = w.HTML()
    fragment = w.Textarea(placeholder="Kopieer hier letterlijk een stuk uit de tekst",
                          description="Fragment", layout=w.Layout(width="95%", height="3.5em"))
    add_button = w.Button(description="Middel toevoegen", icon="plus")
    remove_button = w.Button(description="Laatste weghalen", icon="minus")
    save_button = w.Button(description="Bewaren", button_style="success", icon="save")
    listing = w.HTML()
    status = w.HTML()
    parts = {"text": text, "device": device, "fragment": fragment, "add": add_button,
             "remove": remove_button, "save": save_button, "status": status, "list": listing}
    for part_name, part in parts.items():
        part.add_class(f"iids-devices-{part_name}")

    def redraw() -> None:
        items = "".join(f"<li><b>{html.escape(device_label(d))}</b>: '{html.escape(f)}'</li>" for d, f in chosen)
        listing.value = (f"<ol>{items}</ol>" if chosen else "<p><i>Nog geen middelen gekozen.</i></p>")

    def on_text(_=None) -> None:
        shown.value = (f"<div style='white-space:pre-wrap;line-height:1.5;border-left:3px solid #888;"
                       f"padding-left:0.6em'>{html.escape(texts[text.value])}</div>")

    def on_text_change(_=None) -> None:
        chosen.clear()
        redraw()
        on_text()

    def on_device(_=None) -> None:
        explain.value = f"<p><small>{html.escape(DEVICES[device.value])}</small></p>"

    def add(_=None) -> None:
        piece = fragment.value.strip()
        if not piece:
            status.value = "<p style='color:#b35900'>Vul eerst een fragment in.</p>"
            return
        if piece not in texts[text.value]:
            status.value = (f"<p style='color:#b35900'>Dit fragment staat niet letterlijk in {html.escape(text.value)}"
                            ": kopieer het precies uit de tekst.</p>")
            return
        chosen.append((device.value, piece))
        fragment.value = ""
        status.value = ""
        redraw()

    def remove(_=None) -> None:
        if chosen:
            chosen.pop()
        redraw()

    def save(_=None):
        try:
            path = save_devices(work, text.value, chosen, corpus)
        except InputError as exc:
            status.value = f"<p style='color:#b35900'>Niet bewaard: {html.escape(exc.message)}</p>"
            return None
        kinds = len({d for d, _f in chosen})
        more = "" if kinds >= 3 else f" Je hebt {kinds} verschillende middel(en); kies er minstens drie."
        status.value = f"<p style='color:#1a7f37'>Bewaard in je werkmap ({html.escape(path.name)}).{more}</p>"
        return path

    text.observe(on_text_change, names="value")
    device.observe(on_device, names="value")
    add_button.on_click(add)
    remove_button.on_click(remove)
    save_button.on_click(save)
    on_text()
    on_device()
    redraw()
    def summary() -> str:
        kept = load_devices(work)
        if not kept:
            return "Nog geen tekstmiddelen bewaard."
        lines = [f"Bewaarde tekstmiddelen in {kept.get('tekst')}:"]
        lines += [f"- {device_label(str(d.get('middel')))}: '{d.get('fragment')}'"
                  for d in kept.get("middelen", []) if isinstance(d, dict)]
        return "\n".join(lines)

    box = _form_box([text, shown, device, explain, fragment, w.HBox([add_button, remove_button]),
                     listing, save_button, status], summary)
    box.add_class("iids-devices")
    box.parts = parts
    box.add, box.remove, box.save = add, remove, save
    return box
