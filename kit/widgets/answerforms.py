"""Forms for the autograded parts of the assignments: the student clicks and types, never codes.

A *choice form* asks a few questions about a table the kit shows (a dropdown or a number per
question) and saves the answers in the student's workspace, ``<name>.yaml`` (for example
``discoursanalyse/deel1.yaml``). The *devices form* of the discourse assignment collects
text devices (middel + literal fragment) for one text and saves ``discoursanalyse/tekstmiddelen.yaml``.
The autograded checks of the assignment read these files; :mod:`kit.grading.answerkeys` holds the
expected answers. Every write goes through a temporary file and a rename.

>>> import tempfile
>>> work = tempfile.mkdtemp()
>>> vragen = [Question("aantal", "Hoeveel teksten?"), Question("frame", "Welk frame?", [("Overlast", "overlast")])]
>>> save_choices(work, "opdracht/deel1", {"aantal": 4, "frame": "overlast"}, vragen).name
'deel1.yaml'
>>> load_choices(work, "opdracht/deel1")
{'aantal': 4, 'frame': 'overlast'}
>>> save_choices(work, "opdracht/deel1", {"frame": "onbekend"}, vragen)
Traceback (most recent call last):
...
kit.errors.InputError: 'onbekend' is geen keuze bij 'Welk frame?'
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from kit.errors import InputError

__all__ = ["Question", "save_choices", "load_choices", "choice_form", "DEVICES_FILE",
           "save_devices", "load_devices", "devices_form"]

#: The devices file of the discourse assignment, in the workspace.
DEVICES_FILE = "discoursanalyse/tekstmiddelen.yaml"


@dataclass(frozen=True)
class Question:
    """One question of a choice form.

    Attributes:
        key: the key in the saved file.
        text: the question (Dutch).
        options: ``(label, value)`` pairs for a dropdown; empty for a whole number.
    """

    key: str
    text: str
    options: Sequence[tuple[str, str]] = field(default_factory=tuple)


def _path(work: str | os.PathLike, name: str) -> Path:
    return Path(work) / f"{name}.yaml"


def load_choices(work: str | os.PathLike, name: str) -> dict[str, Any]:
    """The saved answers of the form ``name`` (``{}`` when nothing was saved yet)."""
    from kit.io import read_yaml

    path = _path(work, name)
    if not path.is_file():
        return {}
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise InputError("dit bestand hoort per vraag een antwoord te hebben", path=path)
    return {str(k): v for k, v in data.items()}


def save_choices(work: str | os.PathLike, name: str, answers: Mapping[str, Any],
                 questions: Sequence[Question] = ()) -> Path:
    """Check the answers against the questions and save them (earlier answers to other questions stay).

    Raises:
        InputError: an answer that is not one of the options, or not a whole number.
    """
    from kit.io import write_yaml

    known = {q.key: q for q in questions}
    clean: dict[str, Any] = {}
    for key, value in answers.items():
        question = known.get(key)
        if value is None or value == "":
            continue
        if question is not None and question.options:
            if value not in {v for _label, v in question.options}:
                raise InputError(f"'{value}' is geen keuze bij '{question.text}'")
        elif question is not None:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise InputError(f"vul bij '{question.text}' een heel getal in") from None
        clean[key] = value
    data = {**load_choices(work, name), **clean}
    path = _path(work, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_yaml(data, path)


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
    box = w.VBox([*rows, save_button, status])
    box.add_class("iids-choices")
    box.fields = fields
    box.save = save
    return box


def load_devices(work: str | os.PathLike) -> dict[str, Any]:
    """The saved devices: ``{"tekst": id, "middelen": [{"middel": ..., "fragment": ...}]}`` or ``{}``."""
    from kit.io import read_yaml

    path = Path(work) / DEVICES_FILE
    if not path.is_file():
        return {}
    data = read_yaml(path) or {}
    if not isinstance(data, dict) or not isinstance(data.get("middelen", []), list):
        raise InputError("dit bestand hoort een tekst en een lijst middelen te hebben", path=path)
    return data


def save_devices(work: str | os.PathLike, text_id: str, devices: Sequence[tuple[str, str]],
                 corpus) -> Path:
    """Check and save the devices for one text of ``corpus`` (table with ``id`` and ``text``).

    Raises:
        InputError: an unknown text or device, or a fragment that is not literally in the text.

    >>> import tempfile
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"id": ["t1"], "text": ["Er wordt overlast ervaren."]})
    >>> work = tempfile.mkdtemp()
    >>> save_devices(work, "t1", [("ontbrekende-actor", "Er wordt overlast ervaren")], corpus).name
    'tekstmiddelen.yaml'
    >>> save_devices(work, "t1", [("passief", "wordt gecontroleerd")], corpus)
    Traceback (most recent call last):
    ...
    kit.errors.InputError: het fragment 'wordt gecontroleerd' staat niet letterlijk in t1
    """
    from kit.analysis.discourse_corpus import DEVICES
    from kit.io import write_yaml

    texts = dict(zip(corpus["id"], corpus["text"], strict=True))
    if text_id not in texts:
        raise InputError(f"tekst '{text_id}' staat niet in het corpus")
    clean = []
    for device, fragment in devices:
        fragment = str(fragment).strip()
        if device not in DEVICES:
            raise InputError(f"onbekend middel '{device}'; kies uit {', '.join(DEVICES)}")
        if not fragment:
            raise InputError(f"vul bij '{device}' een fragment uit de tekst in")
        if fragment not in texts[text_id]:
            raise InputError(f"het fragment '{fragment}' staat niet letterlijk in {text_id}")
        clean.append({"middel": device, "fragment": fragment})
    path = Path(work) / DEVICES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_yaml({"tekst": text_id, "middelen": clean}, path)


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

    from kit.analysis.discourse_corpus import DEVICES

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
    device = w.Dropdown(options=list(DEVICES), value=list(DEVICES)[0], description="Middel")
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
        items = "".join(f"<li><b>{html.escape(d)}</b>: '{html.escape(f)}'</li>" for d, f in chosen)
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
    box = w.VBox([text, shown, device, explain, fragment, w.HBox([add_button, remove_button]),
                  listing, save_button, status])
    box.add_class("iids-devices")
    box.parts = parts
    box.add, box.remove, box.save = add, remove, save
    return box
