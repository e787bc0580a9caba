"""Generators of SYNTHETIC data for the demo, the benchmarks, the tests and teaching examples.

Everything made here is invented and marked synthetic. Domain code never imports this package
(the import-linter contract in ``pyproject.toml``); the demo (:mod:`kit.demo`), the benchmarks
(:mod:`kit.bench`), the tests and the course notebooks' practice data do.

What only the demo and the benchmarks need (Faker, for invented names, addresses and numbers in
the raw corpus and the privacy demo) is the ``demo`` extra (``make demo``, ``make setup-demo``,
``make test``); a student's environment has only the runtime dependencies, and the practice
data of the notebooks (:func:`kit.synthetic.narratives.generate_corpus` without ``raw``,
:mod:`kit.synthetic.respondents`, :mod:`kit.synthetic.coders`) needs nothing more.
"""

from __future__ import annotations

__all__ = ["EXTRA", "require_extra"]

#: The extra (``pip install -e '.[demo]'``) with what only the demo and the benchmarks need.
EXTRA = "demo"


def require_extra(command: str) -> None:
    """Refuse ``command`` with one Dutch line (exit 2) when the ``demo`` extra is missing.

    >>> require_extra("iids demo")  # installed here (make test installs the extra)
    """
    import importlib.util

    from kit.errors import InputError

    if importlib.util.find_spec("faker") is None:  # only whether it is there, not loaded
        raise InputError(f"{command} heeft de extra '{EXTRA}' nodig (Faker), die hier niet "
                         f"geïnstalleerd is; installeer die met: make setup-demo (of: "
                         f"pip install -e '.[{EXTRA}]' -c constraints.txt)")
