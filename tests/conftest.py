"""Test set-up shared by the whole suite (unit tests, doctests and notebooks).

Every test process gets its own private vault in a fresh temporary folder, the
virtual environment's ``bin`` on PATH (nbgrader calls ``alembic``), and a
non-interactive matplotlib backend. deduce's lookup cache is the one ``make``
built (``IIDS_DEDUCE_CACHE`` or ``~/.cache/iids-kit/deduce``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    vault = Path(tempfile.mkdtemp(prefix="iids-test-kluis-"))
    os.environ["IIDS_VAULT"] = str(vault / "kluis")
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["IIDS_TEST"] = "1"
    # deduce's tables stay where `make` built them when a test moves IIDS_CACHE elsewhere
    from kit.config import deduce_cache_dir

    os.environ.setdefault("IIDS_DEDUCE_CACHE", str(deduce_cache_dir()))
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    # Jupyter's config and runtime must not leak in from the developer's home folder.
    runtime = Path(tempfile.mkdtemp(prefix="iids-test-jupyter-"))
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", str(runtime))
    # Each test file (each notebook) gets its own fresh student workspace, so no notebook
    # sees what another one left behind, whatever the order or the xdist worker.
    config.pluginmanager.register(_WorkspacePerFile(), "iids-werkmap-per-bestand")


class _WorkspacePerFile:
    """Sets ``IIDS_WERKMAP`` to a fresh folder when the first test of a file starts."""

    def __init__(self) -> None:
        self.current: str | None = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        name = str(item.path)
        if name != self.current:
            self.current = name
            os.environ["IIDS_WERKMAP"] = tempfile.mkdtemp(prefix="iids-test-werkmap-")
