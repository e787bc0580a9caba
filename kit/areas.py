"""The kit's areas, registered in one place: ``iids``, ``iids demo`` and ``iids bench`` read them.

An area is a package of the kit. It may add subcommands (``kit/<package>/cli.py`` with
``register(sub)``), a stage of ``iids demo`` (``kit/demo/<package>.py`` with
``demo_stage(ctx)``) and figures of ``iids bench`` (``kit/bench/<package>.py`` with
``run(quick)``). The table :data:`AREAS` says which of the three each area has: nothing is
discovered and nothing is skipped. A module named here that is missing or lacks its function
fails loudly (a missing ``cli`` module stops ``iids`` at its start; a missing stage or
benchmark stops ``iids demo``/``iids bench`` with exit 3), and ``tests/test_areas.py`` fails on
a demo or bench module that is not registered here. A new area is one line below.

This module imports only the standard library: it sits in the core layer and names the cli,
demo and bench modules by their names only, so ``iids --help`` loads no demo and no benchmark.

>>> [area.name for area in AREAS if area.demo][:3]
['privacy', 'narratieven', 'analyse']
>>> AREAS[0].module("bench")
'kit.bench.privacy'
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

__all__ = ["Area", "AREAS", "area"]

#: What each kind of module of an area must define.
FUNCTIONS = {"cli": "register", "demo": "demo_stage", "bench": "run"}


@dataclass(frozen=True)
class Area:
    """One area of the kit.

    Attributes:
        package: the package under ``kit`` (``"narratives"``).
        name: its Dutch name in ``iids demo`` and ``iids bench`` (``"narratieven"``).
        cli: it adds subcommands (``kit.<package>.cli``).
        demo: the Dutch one-line description of its stage of ``iids demo``; empty: no stage.
        bench: it adds figures to ``iids bench`` (``kit.bench.<package>``).
    """

    package: str
    name: str
    cli: bool = True
    demo: str = ""
    bench: bool = False

    def has(self, kind: str) -> bool:
        """Whether the area has a module of ``kind`` (``cli``, ``demo`` or ``bench``)."""
        return bool({"cli": self.cli, "demo": self.demo, "bench": self.bench}[kind])

    def module(self, kind: str) -> str:
        """The module name of ``kind`` for this area.

        >>> Area("grading", "beoordeling").module("cli"), Area("grading", "beoordeling").module("demo")
        ('kit.grading.cli', 'kit.demo.grading')
        """
        if kind == "cli":
            return f"kit.{self.package}.cli"
        if kind not in ("demo", "bench"):
            raise ValueError(f"unknown kind of area module: {kind!r}")
        return f"kit.{kind}.{self.package}"

    def load(self, kind: str) -> ModuleType:
        """Import the area's module of ``kind``; missing, or without its function: an error."""
        if not self.has(kind):
            raise LookupError(f"area {self.package!r} has no {kind} module")
        module = importlib.import_module(self.module(kind))
        if not callable(getattr(module, FUNCTIONS[kind], None)):
            raise AttributeError(f"{module.__name__} defines no {FUNCTIONS[kind]}()")
        return module


#: Every area, in pipeline order (the order of ``iids --help``, ``iids demo`` and ``iids bench``).
AREAS = (
    Area("privacy", "privacy", bench=True,
         demo="kluis en toestemmingsregister voor synthetische deelnemers"),
    Area("narratives", "narratieven", bench=True,
         demo="synthetisch corpus van narratieven voor twee cohorten"),
    Area("analysis", "analyse", bench=True,
         demo="coderen door twee codeurs, vergelijken met het dominante discours"),
    Area("dialogue", "dialoog", bench=True,
         demo="stakeholderkaart, sessieplan, verslag en handreiking"),
    Area("grading", "beoordeling", bench=True,
         demo="twee cohorten leveren vijf opdrachten in; nakijken"),
    Area("evaluation", "evaluatie", bench=True,
         demo="oogsten, Werkplaats-register en weegmomentrapport"),
    Area("hub", "hub", bench=True),
    Area("apps", "apps", bench=True),
    # the whole demo as a newcomer runs it (``kit.bench.demo``); the demo itself is ``iids demo``
    Area("demo", "demo", cli=False, bench=True),
)


def area(name: str) -> Area:
    """The area with this Dutch name or package name.

    >>> area("beoordeling").package
    'grading'
    """
    for candidate in AREAS:
        if name in (candidate.name, candidate.package):
            return candidate
    raise LookupError(f"no area {name!r}")
