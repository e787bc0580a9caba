"""Quick start of ``iids grade``: import only the parts of nbgrader a command uses.

``import nbgrader.api`` first runs ``nbgrader/__init__.py``, and that file exists to register
nbgrader as a Jupyter server and JupyterLab extension: it imports all four server extensions,
and through them Jupyter Server, Tornado's web stack and every nbgrader application (about
half of nbgrader's start-up). A command-line process of the kit is no Jupyter server, so
:func:`lean_imports` registers the package without running that file. Its contents are not
lost: the first time anything asks the package for a name that is no submodule (for example
``nbgrader._jupyter_server_extension_points``), the real ``__init__`` runs, exactly as a
plain import would have run it.

The same holds for ``setuptools``: nbgrader's ``utils`` imports ``setuptools.archive_util``
(two unpack functions), and setuptools' own ``__init__`` loads ``pkg_resources``, which scans
every installed distribution.

Three optional format checkers of ``jsonschema`` are left out as well (their import builds
grammars and regular expressions at start-up): nbformat's notebook schema uses no ``format``
keyword, so notebook validation does not change; jsonschema skips those formats, as it does
when the packages are not installed. Call it before anything imports nbformat or nbgrader.

>>> import subprocess, sys
>>> code = ("from kit.grading.lean import lean_imports; lean_imports(); "
...         "import nbgrader.api, sys; print('jupyter_server' in sys.modules, "
...         "'nbgrader.apps.nbgraderapp' in sys.modules, nbgrader.__version__ > '0')")
>>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
...                check=True).stdout.split()
['False', 'False', 'True']
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

__all__ = ["lean_imports", "register_without_init", "SKIPPED_FORMAT_CHECKERS", "import_openpyxl"]

#: Optional jsonschema format checkers not imported by ``iids grade`` (see the module text).
SKIPPED_FORMAT_CHECKERS = ("rfc3987_syntax", "rfc3986_validator", "isoduration")


def register_without_init(name: str, lazy: dict | None = None,
                          **attributes: object) -> ModuleType | None:
    """Register package ``name`` so that its submodules import without its ``__init__``.

    The package's ``__init__`` runs in full the first time a name that is no submodule is
    asked of it (``attributes`` are set beforehand and never trigger that; ``lazy`` maps
    names to functions that give their value when first asked). A package that is
    imported already is left alone (returns ``None``).

    >>> mod = register_without_init("email", __version__="x")  # imported already
    >>> mod is None
    True
    """
    if name in sys.modules:
        return None
    spec = importlib.util.find_spec(name)
    if spec is None or spec.submodule_search_locations is None or spec.loader is None:
        raise ImportError(f"{name} is not an installed package", name=name)
    module = importlib.util.module_from_spec(spec)
    module.__dict__.update(attributes)
    lazy = dict(lazy or {})

    def __getattr__(attr: str):
        if attr in lazy:
            value = lazy[attr]()
            setattr(module, attr, value)
            return value
        if attr.startswith("__"):
            raise AttributeError(attr)
        full = f"{name}.{attr}"
        if full in sys.modules or importlib.util.find_spec(full) is not None:
            return importlib.import_module(full)
        # A name from the package's own __init__: run it now, as a plain import would have.
        del module.__dict__["__getattr__"]
        spec.loader.exec_module(module)
        return getattr(module, attr)

    module.__getattr__ = __getattr__  # type: ignore[attr-defined]
    sys.modules[name] = module
    return module


def _nbgrader_version() -> str:
    from nbgrader._version import __version__

    return __version__


def lean_imports() -> None:
    """Prepare this process for a quick ``iids grade`` start (see the module text).

    Safe to call more than once and after the packages were imported (then it changes
    nothing for them).
    """
    for extra in SKIPPED_FORMAT_CHECKERS:
        sys.modules.setdefault(extra, None)
    # nbgrader's applications read the version from the package itself (read when asked,
    # so a command that never uses nbgrader runs none of its code).
    nbgrader = register_without_init("nbgrader", lazy={"__version__": _nbgrader_version})
    if nbgrader is not None:
        # nbgrader.apps' own __init__ imports every application, the formgrader's included.
        register_without_init("nbgrader.apps")
    register_without_init("setuptools")


def import_openpyxl():
    """openpyxl, imported without numpy when numpy is not loaded yet.

    openpyxl imports numpy (most of its import time) only to accept numpy numbers as cell
    values; the kit gives it plain Python values (an export, a booklet). A process that
    has numpy already is left as it is.
    """
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return importlib.import_module("openpyxl")
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        return importlib.import_module("openpyxl")
    finally:
        del sys.modules["numpy"]
