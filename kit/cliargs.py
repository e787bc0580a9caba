"""The one vocabulary of the ``iids`` command line, shared by every area's ``cli`` module.

One output flag (``-o``/``--uitvoer``), one course flag (``--cursus``), a Dutch name
beside every English subcommand name, and argparse's own texts in Dutch. Old
spellings (``--out``, ``--output``, ``--uit``, ``--course-dir``, ``--course``) still
work but are left out of ``--help`` and print a one-line notice.

Only the standard library is imported here, so ``iids --help`` stays fast.

>>> parser = DutchParser(prog="iids-voorbeeld")
>>> add_output(parser, required=True)
>>> parser.parse_args(["--out", "map"]).uitvoer  # with a notice on stderr
'map'
>>> "--out" in parser.format_help(), "--uitvoer" in parser.format_help()
(False, True)
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Iterator, Sequence

__all__ = [
    "OUTPUT_FLAGS", "COURSE_FLAG", "DEPRECATED_FLAGS", "DUTCH_COMMANDS", "DUTCH_NATIVE_COMMANDS",
    "DutchParser",
    "add_output", "add_course", "add_course_id", "dutch_messages",
]

#: The output flag of every command that writes a file or folder.
OUTPUT_FLAGS = ("-o", "--uitvoer")
#: The course-folder flag of every command that works on an nbgrader course.
COURSE_FLAG = "--cursus"
#: Old spellings that still work (hidden from ``--help``), with the flag that replaces them.
DEPRECATED_FLAGS = {
    "--out": "--uitvoer", "--output": "--uitvoer", "--uit": "--uitvoer",
    "--course-dir": "--cursus", "--course": "--cursus-id",
}

#: The Dutch name shown beside each English subcommand (both work).
DUTCH_COMMANDS = {
    "doctor": "controle", "setup": "inrichten", "narratives": "narratieven", "analysis": "analyse",
    "dialogue": "dialoog", "grade": "beoordeel", "harvest": "oogst", "evaluate": "evalueer",
    "bench": "meet",
    "pseudonymise": "pseudonimiseer", "scan": "scannen", "consent": "toestemming",
    "add": "toevoegen", "list": "lijst", "withdraw": "intrekken", "purge": "opschonen",
    "rotate-key": "nieuwe-sleutel",
    "validate": "controleer", "import": "importeer", "export": "exporteer",
    "codebook-validate": "codeboek-controleren", "codings-validate": "coderingen-controleren",
    "agreement": "overeenstemming", "keyness": "kenmerkende-woorden",
    "corpus-import": "corpus-importeren", "refi-export": "refi-exporteren",
    "refi-import": "refi-importeren",
    "generate": "maak", "release": "vrijgeven", "collect": "ophalen", "zip-collect": "zip-ophalen",
    "autograde": "nakijken", "rubric": "rubriek", "double-mark": "dubbel-beoordelen",
    "release-feedback": "feedback-vrijgeven", "unblind": "ontsluiten",
    "audit": "onthullingscontrole", "prepare": "voorbereiden",
}
#: Subcommand names that are Dutch already.
DUTCH_NATIVE_COMMANDS = frozenset({
    "demo", "privacy", "hub", "eigen-teksten", "draaiboek", "handreiking", "voorbeeld",
    "feedback", "feedback-bestanden", "apps", "link", "formulier", "wand", "hand-out",
})

_DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "expected %s argument": "verwacht %s waarde",
    "expected %s arguments": "verwacht %s waarden",
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)r (verwacht: %(type)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "not allowed with argument %s": "niet toegestaan samen met %s",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "dubbelzinnige optie: %(option)s kan zijn: %(matches)s",
    "ignored explicit argument %r": "deze optie neemt geen waarde: %r",
    "unexpected option string: %s": "onverwachte optie: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "onbekende opdracht %(parser_name)r (kies uit %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
    'argument "-" with mode %r': 'argument "-" met modus %r',
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
}

_TYPE_NAMES = {"int": "een geheel getal", "float": "een getal"}


def _gettext(message: str) -> str:
    return _DUTCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextlib.contextmanager
def dutch_messages() -> Iterator[None]:
    """Let argparse speak Dutch inside the block, and only there.

    argparse looks its texts up through two module globals at call time (when a
    parser is built, when help is printed, when an error is reported), so the
    command line wraps building and parsing in this block; the rest of the process
    keeps argparse as it was.

    >>> import argparse
    >>> with dutch_messages():
    ...     argparse._("options")
    'opties'
    >>> argparse._("options")
    'options'
    """
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _Formatter(argparse.HelpFormatter):
    """Leaves deprecated spellings out of ``--help``."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        shown = [s for s in action.option_strings if s not in DEPRECATED_FLAGS]
        if not action.option_strings or shown == action.option_strings:
            return super()._format_action_invocation(action)
        visible = argparse.Action(shown, action.dest, nargs=action.nargs, metavar=action.metavar,
                                  choices=action.choices)
        return super()._format_action_invocation(visible)


class _Store(argparse._StoreAction):
    """Stores the value; a deprecated spelling also prints which flag replaces it."""

    def __call__(self, parser, namespace, values, option_string=None):
        if option_string in DEPRECATED_FLAGS:
            new = DEPRECATED_FLAGS[option_string]
            short = [s for s in self.option_strings if len(s) == 2]
            extra = f" (of '{short[0]}')" if short else ""
            print(f"let op: '{option_string}' heet nu '{new}'{extra}", file=sys.stderr)
        setattr(namespace, self.dest, values)


class _SubParsers(argparse._SubParsersAction):
    """Adds the Dutch name of :data:`DUTCH_COMMANDS` as an alias of each English subcommand, and
    lets a command without its own action (``iids grade``) print its help."""

    def add_parser(self, name, **kwargs):
        dutch = DUTCH_COMMANDS.get(name)
        if dutch and dutch not in self._name_parser_map:
            kwargs["aliases"] = [dutch, *kwargs.get("aliases", ())]
        parser = super().add_parser(name, **kwargs)
        parser.set_defaults(func=lambda _args: parser.print_help() or 0)
        return parser


class DutchParser(argparse.ArgumentParser):
    """An ArgumentParser for ``iids``: usage errors are one Dutch line and exit status 2,
    deprecated spellings stay out of ``--help`` and subcommands get their Dutch name."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _SubParsers)

    def error(self, message: str):  # type: ignore[override]
        for english, dutch in _TYPE_NAMES.items():
            message = message.replace(f"(verwacht: {english})", f"(verwacht: {dutch})")
        for old in DEPRECATED_FLAGS:  # argparse names an option by all its spellings
            message = re.sub(rf"/{re.escape(old)}(?![\w-])", "", message)
        self.exit(2, f"{self.prog}: fout: {message} (zie '{self.prog} --help')\n")


def _flags(main: Sequence[str]) -> list[str]:
    return [*main, *(old for old, new in DEPRECATED_FLAGS.items() if new in main)]


def add_output(parser: argparse.ArgumentParser, *, required: bool = False,
               default: str | None = None, metavar: str = "PAD",
               help: str = "waar de uitvoer komt") -> None:
    """Add the output flag ``-o``/``--uitvoer`` (``args.uitvoer``) to ``parser``.

    >>> p = argparse.ArgumentParser()
    >>> add_output(p, default="uit")
    >>> p.parse_args([]).uitvoer, p.parse_args(["-o", "x"]).uitvoer
    ('uit', 'x')
    """
    if default is not None and "%(default)s" not in help:
        help += " (standaard: %(default)s)"
    parser.add_argument(*_flags(OUTPUT_FLAGS), dest="uitvoer", action=_Store, required=required,
                        default=default, metavar=metavar, help=help)


def add_course(parser: argparse.ArgumentParser, *, default: str | None = None,
               help: str = "de nbgrader-cursusmap") -> None:
    """Add the course-folder flag ``--cursus`` (``args.cursus``) to ``parser``.

    >>> p = argparse.ArgumentParser()
    >>> add_course(p)
    >>> p.parse_args(["--cursus", "c"]).cursus
    'c'
    """
    parser.add_argument(*_flags([COURSE_FLAG]), dest="cursus", action=_Store, default=default,
                        metavar="MAP", help=help)


def add_course_id(parser: argparse.ArgumentParser, *, default: str | None = None,
                  help: str = "het nbgrader-cursus-id") -> None:
    """Add ``--cursus-id`` (``args.cursus_id``): the course's name inside nbgrader, not its folder.

    >>> p = argparse.ArgumentParser()
    >>> add_course_id(p, default="iids")
    >>> p.parse_args([]).cursus_id
    'iids'
    """
    parser.add_argument(*_flags(["--cursus-id"]), dest="cursus_id", action=_Store,
                        default=default, metavar="ID", help=help)
