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
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kit.errors import InputError

__all__ = ["ANSWERS_FILE", "answer_key", "load_answers", "load_answer", "save_answer"]

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
