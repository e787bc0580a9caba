"""Notebook parameters as papermill hands them over: ``-p`` gives text, ``-y`` gives YAML.

``papermill ... -p cohorten '["a", "b"]'`` sets ``cohorten`` to the *text* ``'["a", "b"]'``;
read letter by letter that would be eleven "folders". :func:`path_list` turns every form a
person may write into a list of paths.

>>> path_list('["oogst/2023-2024", "oogst/2024-2025"]')
['oogst/2023-2024', 'oogst/2024-2025']
>>> path_list(["oogst/2023-2024"])
['oogst/2023-2024']
>>> path_list("oogst/2023-2024")
['oogst/2023-2024']
>>> path_list("")
[]
"""

from __future__ import annotations

import os
from typing import Any

from kit.errors import InputError

__all__ = ["path_list"]


def path_list(value: Any, *, name: str = "cohorten") -> list[str]:
    """A list of paths from a notebook parameter: a list, a JSON/YAML list as text, one path.

    Args:
        value: the parameter's value.
        name: the parameter's name, for the message.

    Returns:
        The paths as text, in the order given.

    Raises:
        InputError: when the value is no list of paths (naming the parameter).

    >>> path_list("[a, b]")
    ['a', 'b']
    >>> path_list("[1, [2]]")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: parameter 'cohorten': geef een lijst van mappen, bijvoorbeeld -y "cohorten: [oogst/2023-2024, oogst/2024-2025]"
    """
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value).strip()
        if not text:
            return []
        if not text.startswith("["):
            return [text]
        import yaml

        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            value = None
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, os.PathLike)) for v in value):
        return [os.fspath(v) for v in value]
    raise InputError(f'geef een lijst van mappen, bijvoorbeeld -y "{name}: '
                     '[oogst/2023-2024, oogst/2024-2025]"', place=f"parameter '{name}'")
