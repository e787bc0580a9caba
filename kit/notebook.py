"""A student's mistake in a notebook: one Dutch line, never a traceback; Run All goes on.

The kit's own exceptions (:class:`kit.errors.KitError`: bad input, missing consent, a
check that found problems) carry a Dutch message that names the file and the place.
In a notebook this IPython extension shows exactly that message, as one line in the
cell's error output, instead of a red traceback. The cell still counts as failed for
nbgrader and nbval (its output is an error), but the kernel answers "ok", so
*Run All* goes on with the next cell. Every other exception (a fault, not a mistake)
keeps its full traceback.

``iids setup`` installs the extension for every kernel of the environment
(``etc/ipython/ipython_kernel_config.json`` under ``sys.prefix``); a notebook can also
load it with ``%load_ext kit.notebook``.

>>> from kit.errors import InputError
>>> dutch_line(InputError("onbekende code 'humor'", path="codeertabel.csv", place="rij 3"))
"Dat lukte niet: codeertabel.csv, rij 3: onbekende code 'humor'"
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from kit.errors import KitError

__all__ = ["dutch_line", "install", "load_ipython_extension", "unload_ipython_extension",
           "kernel_config_path", "install_for_environment", "installed_for_environment"]

#: The name IPython loads the extension by.
EXTENSION = "kit.notebook"


def dutch_line(exc: BaseException) -> str:
    """The one line a student reads for a kit exception."""
    return f"Dat lukte niet: {exc}"


def _show(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None) -> None:
    """IPython's custom exception handler: an error output holding only the Dutch line."""
    shell._showtraceback(etype, value, [dutch_line(value)])


def _go_on(result: Any) -> None:
    """After the cell: a kit exception does not stop Run All (the kernel answers 'ok')."""
    if result is not None and isinstance(getattr(result, "error_in_exec", None), KitError):
        result.error_in_exec = None


def install(shell: Any) -> None:
    """Install the handler in an IPython shell (twice is the same as once)."""
    shell.set_custom_exc((KitError,), _show)
    callbacks = shell.events.callbacks.get("post_run_cell", [])
    if _go_on not in callbacks:
        shell.events.register("post_run_cell", _go_on)


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext kit.notebook`` (and the kernel configuration) calls this."""
    install(shell)


def unload_ipython_extension(shell: Any) -> None:
    """Restore IPython's own tracebacks."""
    shell.set_custom_exc((), None)
    if _go_on in shell.events.callbacks.get("post_run_cell", []):
        shell.events.unregister("post_run_cell", _go_on)


def kernel_config_path(prefix: str | None = None) -> Path:
    """The IPython kernel configuration of this Python environment.

    >>> kernel_config_path("/env").as_posix()
    '/env/etc/ipython/ipython_kernel_config.json'
    """
    return Path(prefix or sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.json"


def installed_for_environment(prefix: str | None = None) -> bool:
    """Whether every kernel of the environment loads the extension."""
    from kit.io import read_json_settings

    data = read_json_settings(kernel_config_path(prefix))
    return EXTENSION in data.get("InteractiveShellApp", {}).get("extensions", [])


def install_for_environment(prefix: str | None = None) -> bool:
    """Let every kernel of the environment load the extension; True when something changed.

    >>> import tempfile
    >>> prefix = tempfile.mkdtemp()
    >>> install_for_environment(prefix), install_for_environment(prefix)
    (True, False)
    >>> installed_for_environment(prefix)
    True
    """
    from kit.io import update_json_settings

    def add_extension(settings: dict) -> None:
        extensions = settings.setdefault("InteractiveShellApp", {}).setdefault("extensions", [])
        if EXTENSION not in extensions:
            extensions.append(EXTENSION)

    return update_json_settings(kernel_config_path(prefix), add_extension)
