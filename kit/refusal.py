"""Show a refusal by the kit as one Dutch line instead of a traceback.

The course notebooks use :func:`show_refusal` to let students see what the kit
refuses (a story without consent, an agreement without an owner, a table with
too few people) and why, in plain Dutch. The same helper serves every area, so a
refusal always reads the same: ``De kit weigert: ...``.

>>> from kit.errors import InputError
>>> def save_without_consent():
...     raise InputError("geen toestemming voor onderwijs", place="rij 2")
>>> show_refusal(save_without_consent)
De kit weigert: geen toestemming voor onderwijs
>>> show_refusal(int, "12")
12
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kit.errors import KitError

__all__ = ["REFUSED", "ACCEPTED", "show_refusal"]

#: How a refusal starts (followed by the kit's Dutch message).
REFUSED = "De kit weigert:"
#: Printed when the kit accepted a step that gives nothing back to show.
ACCEPTED = "Gelukt: de kit heeft dit geaccepteerd."


def show_refusal(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Try one step of the kit; when the kit refuses, print why (one Dutch line).

    A refusal is any :class:`kit.errors.KitError` (bad input, missing consent, a table
    that would show too few people, a check that found problems). Only the message is
    printed, without the technical place (``veld 'afspraken[3].eigenaar'``), so a
    student reads what is wrong in plain Dutch. Other errors are not caught: they are
    faults, not refusals.

    Args:
        action: the kit function to call, e.g. ``verslag.add_agreement`` or ``publishable``.
        *args: passed on to ``action``.
        **kwargs: passed on to ``action``.

    Returns:
        What ``action`` returned (so a notebook cell shows a table or figure as usual), or
        ``None`` when the kit refused. When ``action`` returns nothing, the line
        ``Gelukt: de kit heeft dit geaccepteerd.`` is printed, so the student always sees
        what happened.

    >>> from kit.errors import InputError
    >>> def refuse():
    ...     raise InputError("een afspraak heeft een eigenaar nodig")
    >>> show_refusal(refuse) is None
    De kit weigert: een afspraak heeft een eigenaar nodig
    True
    >>> show_refusal(sorted, [3, 1, 2])
    [1, 2, 3]
    >>> show_refusal(print, end="")
    Gelukt: de kit heeft dit geaccepteerd.
    """
    try:
        result = action(*args, **kwargs)
    except KitError as exc:
        print(REFUSED, exc.message)
        return None
    if result is None:
        print(ACCEPTED)
    return result
