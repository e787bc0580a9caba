"""Self-checks (zelftoetsen) for the course notebooks.

Every module ends its sections with at least one self-check: a question with
feedback on each answer. The logic is the pure function :func:`check_choice`;
:func:`quiz` and :func:`reveal` are thin widget layers for the notebook.

>>> feedback = {"a": "Klopt: ...", "b": "Nee: ..."}
>>> check_choice("a", "a", feedback)
(True, 'Goed! Klopt: ...')
>>> check_choice("b", "a", feedback)
(False, 'Nog niet. Nee: ...')
>>> check_choice(None, "a", feedback)
(False, 'Kies eerst een antwoord.')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kit.display import wrap_style

__all__ = ["check_choice", "check_choices", "quiz", "multi_quiz", "reveal", "zelftoets",
           "load_selfchecks", "with_selfcheck_text"]


def check_choice(chosen: str | None, correct: str, feedback: Mapping[str, str]) -> tuple[bool, str]:
    """Judge one answer to a multiple-choice question.

    Args:
        chosen: the option the student picked (``None`` when nothing was picked).
        correct: the right option.
        feedback: per option, why it is right or wrong.

    Returns:
        ``(right, message)`` with a Dutch message.
    """
    if chosen is None:
        return False, "Kies eerst een antwoord."
    right = chosen == correct
    lead = "Goed!" if right else "Nog niet."
    return right, f"{lead} {feedback.get(chosen, '')}".strip()


def check_choices(chosen: Sequence[str], correct: Sequence[str]) -> tuple[bool, str]:
    """Judge a question with several right options.

    >>> check_choices(["a", "c"], ["c", "a"])
    (True, 'Goed! Je hebt alle juiste antwoorden gekozen.')
    >>> check_choices(["a"], ["a", "c"])
    (False, 'Nog niet: je mist er 1.')
    >>> check_choices(["a", "b", "c"], ["a", "c"])
    (False, 'Nog niet: 1 gekozen antwoord klopt niet.')
    """
    chosen_set, correct_set = set(chosen), set(correct)
    if chosen_set == correct_set:
        return True, "Goed! Je hebt alle juiste antwoorden gekozen."
    wrong = len(chosen_set - correct_set)
    if wrong:
        noun = "antwoord klopt" if wrong == 1 else "antwoorden kloppen"
        return False, f"Nog niet: {wrong} gekozen {noun} niet."
    return False, f"Nog niet: je mist er {len(correct_set - chosen_set)}."


def quiz(question: str, feedback: Mapping[str, str], correct: str):
    """A multiple-choice self-check: pick an option, click 'Controleer', read the feedback.

    Args:
        question: the question (Markdown-free text).
        feedback: option text -> explanation shown after checking.
        correct: the right option (a key of ``feedback``).

    Returns:
        An ipywidgets box; the last expression of a cell shows it.
    """
    import ipywidgets as w

    if correct not in feedback:
        raise ValueError("het juiste antwoord staat niet tussen de keuzes")
    options = w.RadioButtons(options=list(feedback), value=None, layout=w.Layout(width="auto"))
    button = w.Button(description="Controleer", button_style="info")
    result = w.HTML()

    def _on_click(_):
        right, message = check_choice(options.value, correct, feedback)
        colour = "#1a7f37" if right else "#b35900"
        result.value = f"<p style='color:{colour}'>{message}</p>"

    button.on_click(_on_click)
    box = w.VBox([wrap_style(), w.HTML(f"<b>{question}</b>"), options, button, result])
    box.check = _on_click  # lets tests and browser scenarios trigger the check
    return box


def multi_quiz(question: str, options: Sequence[str], correct: Sequence[str]):
    """A self-check with several right answers (tick boxes)."""
    import ipywidgets as w

    boxes = [w.Checkbox(description=o, value=False, indent=False, layout=w.Layout(width="auto")) for o in options]
    button = w.Button(description="Controleer", button_style="info")
    result = w.HTML()

    def _on_click(_):
        chosen = [b.description for b in boxes if b.value]
        right, message = check_choices(chosen, correct)
        colour = "#1a7f37" if right else "#b35900"
        result.value = f"<p style='color:{colour}'>{message}</p>"

    button.on_click(_on_click)
    box = w.VBox([wrap_style(), w.HTML(f"<b>{question}</b>"), *boxes, button, result])
    box.check = _on_click
    return box


def reveal(prompt: str, model_answer: str, *, placeholder: str = "Schrijf hier je antwoord...",
           work=None):
    """An open self-check: write an answer, then compare it with a model answer.

    What the student writes is saved in the workspace (``antwoorden.yaml``, see
    :mod:`kit.answers`) as soon as the box loses focus, and shown again on a rerun.

    Args:
        prompt: the question.
        model_answer: shown after 'Toon modelantwoord'.
        placeholder: the grey text in the empty box.
        work: where to save (default: the student's workspace).

    Returns:
        An ipywidgets box; ``box.answer`` is the text box, ``box.check`` the button's action.
    """
    import ipywidgets as w

    from kit.answers import load_answer, save_answer
    from kit.workspace import workspace

    folder = work if work is not None else workspace()
    answer = w.Textarea(value=load_answer(folder, prompt), placeholder=placeholder,
                        continuous_update=False, layout=w.Layout(width="100%", height="6em"))
    answer.add_class("iids-antwoord")
    button = w.Button(description="Toon modelantwoord", button_style="info",
                      layout=w.Layout(width="auto"))
    saved = w.HTML()
    result = w.HTML()

    def _save(change) -> None:
        save_answer(folder, prompt, change["new"])
        saved.value = "<small>Bewaard in je werkmap.</small>"

    def _on_click(_):
        written = "" if not answer.value.strip() else " Vergelijk het met wat jij schreef."
        result.value = f"<p><i>Modelantwoord:</i> {model_answer}</p><p>{written.strip()}</p>"

    answer.observe(_save, names="value")
    button.on_click(_on_click)
    box = w.VBox([wrap_style(), w.HTML(f"<b>{prompt}</b>"), answer, saved, button, result])
    box.check = _on_click
    box.answer = answer
    return box


def load_selfchecks(name: str) -> dict:
    """The self-checks of one notebook (``kit/data/zelftoetsen/<name>.yaml``), by key.

    The questions, the options, which one is right and the feedback live in this file, not
    in the notebook's code, so a student does not see the answer above the widget.

    >>> checks = load_selfchecks("09")
    >>> sorted(checks["09-1"])
    ['feedback', 'juist', 'soort', 'vraag']
    """
    from kit.config import data_path
    from kit.errors import InputError
    from kit.io import read_yaml

    path = data_path("zelftoetsen", f"{name}.yaml")
    if not path.is_file():
        raise InputError(f"er zijn geen zelftoetsen voor '{name}'", path=path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError("dit bestand hoort per sleutel een zelftoets te hebben", path=path)
    return data


def zelftoets(key: str, **kwargs):
    """The self-check ``key`` (e.g. ``"09-1"``): a quiz, a multi-quiz or an open question.

    Args:
        key: ``<notebook>-<number>``; the notebook part names the file in
            ``kit/data/zelftoetsen``.
        **kwargs: passed on to :func:`reveal` (e.g. ``work``).

    >>> box = zelftoets("09-1")
    >>> box.check(None)
    >>> "Kies eerst een antwoord" in box.children[-1].value
    True
    """
    from kit.errors import InputError

    name = key.rsplit("-", 1)[0]
    entry = load_selfchecks(name).get(key)
    if not isinstance(entry, dict):
        raise InputError(f"zelftoets '{key}' bestaat niet", path=f"zelftoetsen/{name}.yaml")
    kind = entry.get("soort")
    if kind == "keuze":
        return quiz(entry["vraag"], entry["feedback"], entry["juist"])
    if kind == "meer":
        return multi_quiz(entry["vraag"], entry["opties"], entry["juist"])
    if kind == "open":
        return reveal(entry["vraag"], entry["modelantwoord"],
                      **({"placeholder": entry["placeholder"]} if entry.get("placeholder") else {}),
                      **kwargs)
    raise InputError(f"zelftoets '{key}' heeft een onbekende soort '{kind}'",
                     path=f"zelftoetsen/{name}.yaml")


def with_selfcheck_text(source: str) -> str:
    """A code cell's source with the text of every ``zelftoets("...")`` it shows appended.

    For checks on the course's content (is a concept practised and checked?), which must
    read what the student reads, not only the key.

    >>> "dialoogtafel" in with_selfcheck_text('zelftoets("09-1")')
    True
    """
    import re

    import yaml

    parts = [source]
    for key in re.findall(r"zelftoets\(\s*[\"']([^\"']+)[\"']", source):
        entry = load_selfchecks(key.rsplit("-", 1)[0]).get(key, {})
        parts.append(yaml.safe_dump(entry, allow_unicode=True, width=10**6))
    return "\n".join(parts)
