"""The one id rule of the kit: every id a person writes in a kit file (a code in a codebook, a
framework and its prompts and signifiers, a questionnaire and its items, a rubric criterion and
its levels) follows the same rule and gets the same Dutch message.

The rule: small letters, digits, ``_`` and ``-``, starting with a letter or digit (no spaces,
dots or capitals), so an id is safe as a file name, a column name and a key in every table.
Ids that belong to nbgrader (assignment names, grade ids) follow nbgrader, not this rule.

>>> check_id("dwang-uitbuiting"), check_id("ehs_01")
('dwang-uitbuiting', 'ehs_01')
>>> check_id("Draait om", path="kader.yaml", place="veld 'signifiers[1].id'")
Traceback (most recent call last):
...
kit.errors.InputError: kader.yaml, veld 'signifiers[1].id': 'Draait om' is geen geldige id: gebruik kleine letters, cijfers, '_' en '-' (begin met een letter of cijfer; geen spaties, punten of hoofdletters)
"""

from __future__ import annotations

import os
import re

from kit.errors import InputError

__all__ = ["ID_RULE", "is_id", "check_id"]

#: The rule in words, as every message says it.
ID_RULE = ("gebruik kleine letters, cijfers, '_' en '-' (begin met een letter of cijfer; geen "
           "spaties, punten of hoofdletters)")

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def is_id(text: object) -> bool:
    """Whether ``text`` is a valid id.

    >>> is_id("gbs"), is_id("b1"), is_id("B1"), is_id("a.b"), is_id(""), is_id(3)
    (True, True, False, False, False, False)
    """
    return isinstance(text, str) and _ID.fullmatch(text) is not None


def check_id(text: object, *, path: str | os.PathLike | None = None,
             place: str | None = None) -> str:
    """Return ``text`` when it is a valid id, else raise a Dutch :class:`InputError`.

    Args:
        text: the id as written in the file.
        path: the file, for the message.
        place: where in the file, for the message.

    Returns:
        The id.
    """
    if not is_id(text):
        raise InputError(f"'{text}' is geen geldige id: {ID_RULE}", path=path, place=place)
    return text  # type: ignore[return-value]
