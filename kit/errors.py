"""The kit's exceptions and how the command line turns them into exit codes.

Every reader in the kit raises :class:`InputError` for bad input, with a Dutch
message that names the file and the place (row, cell, field). The command line
prints it on one line and exits with status 2, without a traceback.

>>> err = InputError("de kolom ontbreekt", path="narratieven.csv", place="kolom 'tekst'")
>>> str(err)
"narratieven.csv, kolom 'tekst': de kolom ontbreekt"
>>> err.exit_code
2
"""

from __future__ import annotations

import os

__all__ = ["KitError", "InputError", "CheckFailed", "ConsentError", "row_place"]


class KitError(Exception):
    """Base class: a problem the user can act on, told in Dutch."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | os.PathLike | None = None,
                 place: str | None = None) -> None:
        self.message = message
        self.path = None if path is None else os.fspath(path)
        self.place = place
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.path, self.place) if p)
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self):
        """Pickled whole (message, file, place and a subclass's own fields), so an error
        raised in a worker process reaches the command line as it was raised.

        >>> import pickle
        >>> err = pickle.loads(pickle.dumps(InputError("kapot", path="a.csv", place="rij 2")))
        >>> type(err).__name__, str(err), err.exit_code
        ('InputError', 'a.csv, rij 2: kapot', 2)
        """
        return _rebuild, (type(self), dict(self.__dict__))


def _rebuild(cls: type, state: dict) -> KitError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, str(error))
    return error


class InputError(KitError):
    """Bad input or usage (exit status 2)."""

    exit_code = 2


class ConsentError(InputError):
    """Processing refused because consent for that purpose is missing (exit status 2)."""


class CheckFailed(KitError):
    """A check ran and found problems, for example personal data (exit status 1)."""

    exit_code = 1


def row_place(index: int, column: str | None = None) -> str:
    """Name a data row the way a spreadsheet shows it (header is row 1).

    Args:
        index: 0-based position of the data row.
        column: optional column name.

    Returns:
        A Dutch place description.

    >>> row_place(0)
    'rij 2'
    >>> row_place(4, "tekst")
    "rij 6, kolom 'tekst'"
    """
    place = f"rij {index + 2}"
    return f"{place}, kolom '{column}'" if column else place
