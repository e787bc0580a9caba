"""The ``iids`` command (also ``python -m kit``): a thin Dutch layer over the kit.

Exit status: 0 success, 1 a check found problems (scan, validate), 2 bad input or
usage (one Dutch line naming the file and place, never a traceback), 3 an
unexpected internal error (run with ``IIDS_DEBUG=1`` for the traceback).

Every area of the kit (:mod:`kit.areas`, the one registry that ``iids demo`` and
``iids bench`` read too) adds its own subcommands through a ``register(subparsers)``
function in its ``cli`` module, imported here (a renamed module fails loudly); those
modules import only the standard library at the top, so ``iids --help`` stays fast. The flags they share (``-o``/``--uitvoer``,
``--cursus``) and argparse's Dutch texts live in :mod:`kit.cliargs`; the Dutch
texts are switched on inside :func:`main` only.

>>> main(["--version"])
iids 0.1.0
0
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from kit import __version__, bench, demo, doctor, setup_env
from kit.areas import AREAS
from kit.cliargs import DutchParser, dutch_messages
from kit.errors import KitError

__all__ = ["main", "build_parser", "COMMANDS"]

#: What adds subcommands, in the order ``iids --help`` lists them: the kit's own commands, the
#: ``cli`` module of every area of :data:`kit.areas.AREAS` (imported here: a missing module or
#: one without ``register`` stops ``iids`` at once, never a silently missing command) and the
#: benchmarks. Each module imports only the standard library at the top, so ``iids --help``
#: stays fast.
COMMANDS = (doctor, demo, setup_env, *(area.load("cli") for area in AREAS if area.cli), bench)


def build_parser() -> argparse.ArgumentParser:
    """Build the full ``iids`` parser with every area.

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
    parser.add_argument("--version", action="version", version=f"iids {__version__}",
                        help="toon het versienummer en stop")
    sub = parser.add_subparsers(dest="command", metavar="ONDERDEEL", parser_class=DutchParser)
    for command in COMMANDS:
        command.register(sub)
    return parser


#: A path the user gave that the system refused is bad input (exit 2), not an internal fault.
_PATH_PROBLEMS = {
    FileNotFoundError: "dit pad bestaat niet",
    NotADirectoryError: "dit is een bestand, geen map",
    IsADirectoryError: "dit is een map, geen bestand",
    PermissionError: "geen toestemming om dit te lezen of te schrijven",
}


def _refused_path(exc: OSError) -> str:
    """The path to name: for 'not a folder', the file that stands where a folder was expected."""
    path = os.fspath(exc.filename)
    if isinstance(exc, NotADirectoryError):
        from pathlib import Path

        for parent in [Path(path), *Path(path).parents]:
            if parent.is_file():
                return str(parent)
    return path


def _venv_on_path() -> None:
    """nbgrader runs ``alembic`` as a subprocess: make this environment's ``bin`` findable,
    also when ``iids`` was started by its full path without activating the environment."""
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``iids`` with ``argv`` and return the exit status; argparse speaks Dutch only here."""
    _venv_on_path()
    with dutch_messages():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
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
        problem = _PATH_PROBLEMS.get(type(exc)) if getattr(exc, "filename", None) else None
        if problem:
            print(f"iids: fout: {_refused_path(exc)}: {problem}", file=sys.stderr)
            return 2
        if os.environ.get("IIDS_DEBUG"):
            raise
        print(f"iids: interne fout ({type(exc).__name__}: {exc}). "
              "Meld dit bij je docent; met IIDS_DEBUG=1 zie je de details.", file=sys.stderr)
        return 3
