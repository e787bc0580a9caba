"""The ``iids`` command (also ``python -m kit``): a thin Dutch layer over the kit.

Exit status: 0 success, 1 a check found problems (scan, validate), 2 bad input or
usage (one Dutch line naming the file and place, never a traceback), 3 an
unexpected internal error (run with ``IIDS_DEBUG=1`` for the traceback).

Every area of the kit adds its own subcommands through a ``register(subparsers)``
function in its ``cli`` module; those modules import only :mod:`argparse` at
the top, so ``iids --help`` stays fast.

>>> main(["--version"])
iids 0.1.0
0
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kit import __version__
from kit.errors import KitError

__all__ = ["main", "build_parser", "AREAS"]

#: Modules that register subcommands, in the order ``iids --help`` lists them.
AREAS = (
    "kit.doctor",
    "kit.demo",
    "kit.setup_env",
    "kit.privacy.cli",
    "kit.narratives.cli",
    "kit.analysis.cli",
    "kit.dialogue.cli",
    "kit.grading.cli",
    "kit.evaluation.cli",
    "kit.bench",
    "kit.hub.cli",
)

_DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "verwacht één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)r (verwacht: %(type)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "not allowed with argument %s": "niet toegestaan samen met %s",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "dubbelzinnige optie: %(option)s kan zijn: %(matches)s",
    "show program's version number and exit": "toon het versienummer en stop",
}


def _dutch_gettext(message: str) -> str:
    return _DUTCH.get(message, message)


def _dutch_ngettext(singular: str, plural: str, n: int) -> str:
    return _dutch_gettext(singular if n == 1 else plural)


# argparse looks its texts up through these module globals at call time.
argparse._ = _dutch_gettext  # type: ignore[attr-defined]
argparse.ngettext = _dutch_ngettext  # type: ignore[attr-defined]


class DutchParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one Dutch line and exit status 2."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: fout: {message} (zie '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the full ``iids`` parser with every area that is installed.

    >>> parser = build_parser()
    >>> parser.prog
    'iids'
    """
    parser = DutchParser(
        prog="iids",
        description="IIDS-kit: hulpmiddelen voor de minor Inclusiviteit in de Stad - "
                    "privacy, narratieven, analyse, dialoogtafel, beoordeling en evaluatie.",
        epilog="Meer hulp bij een onderdeel: iids ONDERDEEL --help",
    )
    parser.add_argument("--version", action="version", version=f"iids {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="ONDERDEEL", parser_class=DutchParser)
    for name in AREAS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # this area is not built yet
            raise
        module.register(sub)
    return parser


def _venv_on_path() -> None:
    """nbgrader runs ``alembic`` as a subprocess: make this environment's ``bin`` findable,
    also when ``iids`` was started by its full path without activating the environment."""
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``iids`` with ``argv`` and return the exit status."""
    _venv_on_path()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KitError as exc:
        print(f"iids: fout: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("iids: afgebroken", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("IIDS_DEBUG"):
            raise
        print(f"iids: interne fout ({type(exc).__name__}: {exc}). "
              "Meld dit bij je docent; met IIDS_DEBUG=1 zie je de details.", file=sys.stderr)
        return 3
