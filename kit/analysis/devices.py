"""Text devices a student marks in one text of the discourse corpus (the devices form).

Saved in the workspace as ``discoursanalyse/tekstmiddelen.yaml``: the text id and a list of
(device, literal fragment) pairs. The form is :func:`kit.widgets.answerforms.devices_form`; the
autograded check of *discoursanalyse* part 2 reads the file. Writes are atomic.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kit.errors import InputError

__all__ = ["DEVICES_FILE", "save_devices", "load_devices"]

#: The devices file of the discourse assignment, in the workspace.
DEVICES_FILE = "discoursanalyse/tekstmiddelen.yaml"


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
