"""A student's free-text answers, saved in the workspace (``antwoorden.yaml``).

The open self-checks of the course ("Schrijf hier je antwoord") keep what the student
wrote: one entry per question, keyed by a short hash of the question, with the question
beside the answer so the file reads on its own. A rerun of the notebook shows the answer
again. Every write goes through a temporary file and a rename.

>>> import tempfile
>>> work = tempfile.mkdtemp()
>>> save_answer(work, "Wat is een stockverhaal?", "Het verhaal dat iedereen al kent.")
'v-...'
>>> load_answer(work, "Wat is een stockverhaal?")
'Het verhaal dat iedereen al kent.'
>>> load_answer(work, "Een vraag zonder antwoord?")
''

The answers of a *choice form* (the autograded parts of the assignments: a dropdown or a number
per question, :func:`kit.widgets.answerforms.choice_form`) go to ``<name>.yaml`` in the workspace:

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

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.errors import InputError

__all__ = ["ANSWERS_FILE", "answer_key", "load_answers", "load_answer", "save_answer",
           "Question", "load_choices", "save_choices"]

#: The file in the workspace.
ANSWERS_FILE = "antwoorden.yaml"


def answer_key(question: str) -> str:
    """A stable key for a question.

    >>> answer_key("Wat is een stockverhaal?")
    'v-64ac35bd89'
    """
    return "v-" + hashlib.sha256(question.strip().encode("utf-8")).hexdigest()[:10]


def load_answers(work: str | os.PathLike) -> dict[str, dict[str, str]]:
    """All saved answers (key -> ``{"vraag": ..., "antwoord": ...}``)."""
    from kit.io import read_yaml

    path = Path(work) / ANSWERS_FILE
    if not path.is_file():
        return {}
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise InputError("dit bestand hoort per vraag een antwoord te hebben", path=path)
    for key, entry in data.items():  # a broken entry is named, not dropped (the next save
        # would otherwise overwrite it without a word)
        if not isinstance(entry, dict) or set(entry) - {"vraag", "antwoord"}:
            raise InputError("hier hoort een vraag met een antwoord (vraag: ..., antwoord: ...)",
                             path=path, place=f"veld '{key}'")
    return {str(k): v for k, v in data.items()}


def load_answer(work: str | os.PathLike, question: str) -> str:
    """The saved answer to ``question`` ('' when there is none)."""
    entry = load_answers(work).get(answer_key(question), {})
    return str(entry.get("antwoord", "") or "")


def save_answer(work: str | os.PathLike, question: str, answer: str) -> str:
    """Save (or replace) the answer to ``question``; returns its key."""
    from kit.io import write_yaml

    answers = load_answers(work)
    key = answer_key(question)
    answers[key] = {"vraag": question.strip(), "antwoord": answer}
    Path(work).mkdir(parents=True, exist_ok=True)
    write_yaml(answers, Path(work) / ANSWERS_FILE)
    return key


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
