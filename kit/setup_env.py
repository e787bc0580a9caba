"""``iids setup``: the steps ``make`` runs after installing the packages.

1. build deduce's lookup cache once (see :mod:`kit.privacy.engine`);
2. set JupyterLab's interface to Dutch for everyone using this environment
   (an ``overrides.json`` in the environment's ``share/jupyter/lab/settings``);
3. enable nbgrader's server extension in this environment;
4. load :mod:`kit.notebook` in every kernel (a student's mistake is one Dutch line).

Each step does nothing when it is already done, so running it twice is cheap.

>>> lab_overrides_path().name
'overrides.json'
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

__all__ = ["lab_overrides_path", "set_dutch_interface", "dutch_interface_set", "register"]

LOCALE = "nl_NL"
_TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"


def lab_overrides_path(prefix: str | None = None) -> Path:
    """The JupyterLab settings overrides file of this Python environment."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def dutch_interface_set(prefix: str | None = None) -> bool:
    """Whether JupyterLab in this environment starts in Dutch."""
    from kit.io import read_json_settings

    data = read_json_settings(lab_overrides_path(prefix))
    return data.get(_TRANSLATION_PLUGIN, {}).get("locale") == LOCALE


def set_dutch_interface(prefix: str | None = None) -> bool:
    """Make Dutch the default language of JupyterLab; return True when something changed.

    >>> import tempfile
    >>> prefix = tempfile.mkdtemp()
    >>> set_dutch_interface(prefix), set_dutch_interface(prefix), dutch_interface_set(prefix)
    (True, False, True)
    """
    from kit.io import update_json_settings

    def dutch(settings: dict) -> None:
        settings.setdefault(_TRANSLATION_PLUGIN, {})["locale"] = LOCALE

    return update_json_settings(lab_overrides_path(prefix), dutch)


def _nbgrader_extension_enabled() -> bool:
    from kit.io import read_json_settings

    path = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "nbgrader.json"
    enabled = read_json_settings(path).get("ServerApp", {}).get("jpserver_extensions", {})
    return any(v for k, v in enabled.items() if k == "nbgrader" or k.startswith("nbgrader."))


def _run(args: argparse.Namespace) -> int:
    from kit.privacy import engine

    if engine.fast_cache_file().is_file():
        print("deduce: opzoektabellen staan klaar")
    elif args.skip_deduce:
        print("deduce: opzoektabellen overgeslagen (--zonder-deduce)")
    else:
        duration = "ongeveer 20 seconden" if engine.cache_file().is_file() else "ongeveer 2 minuten"
        print(f"deduce: opzoektabellen bouwen (eenmalig, {duration}) ...", flush=True)
        print(f"deduce: klaar in {engine.build_cache()}")
    if not args.skip_deduce:
        from kit.privacy import names

        if names.lexicon_current():
            print("namenlijst (privacy): staat klaar")
        else:  # built from the shipped Faker name lists, deduce and word frequencies; a few seconds
            print(f"namenlijst (privacy): klaar in {names.write_lexicon()}")
    print("JupyterLab: Nederlands ingesteld" if set_dutch_interface()
          else "JupyterLab: staat al in het Nederlands")
    from kit.notebook import install_for_environment

    print("notebooks: een fout van de student wordt één Nederlandse regel (kit.notebook aangezet)"
          if install_for_environment() else "notebooks: kit.notebook staat al aan")
    if _nbgrader_extension_enabled():
        print("nbgrader: serverextensie staat aan")
    else:
        subprocess.run([sys.executable, "-m", "jupyter", "server", "extension", "enable",
                        "--sys-prefix", "nbgrader"], check=True, capture_output=True)
        print("nbgrader: serverextensie aangezet")
    print("kit: bytecode staat klaar" if compile_kit() == 0 else "kit: bytecode bijgewerkt")
    return 0


def compile_kit(package: Path | None = None) -> int:
    """Write the kit's bytecode (``.pyc``) once, so that no command compiles it again.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (as on some shared machines), Python never saves
    the bytecode it compiles, and every ``iids`` command, kernel and worker compiled the kit's
    modules anew: about 0.03 CPU-s for ``iids grade --help``, more for commands that import more.
    Python reads a saved ``.pyc`` whatever that variable says, and ignores one whose source
    changed. Returns how many modules had to be (re)compiled.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "pakket"; folder.mkdir()
    >>> _ = (folder / "mod.py").write_text("X = 1")
    >>> compile_kit(folder), compile_kit(folder)
    (1, 0)
    """
    import compileall
    import importlib.util

    root = package or Path(__file__).resolve().parent
    stale = [p for p in root.rglob("*.py")
             if not Path(importlib.util.cache_from_source(str(p))).is_file()
             or Path(importlib.util.cache_from_source(str(p))).stat().st_mtime < p.stat().st_mtime]
    if stale:
        compileall.compile_dir(str(root), quiet=2, workers=0)
    return len(stale)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids setup`` to the command line."""
    p = sub.add_parser("setup", help="eenmalige inrichting (deduce-tabellen, Nederlandse JupyterLab)",
                       description="Bouwt de opzoektabellen van deduce, zet JupyterLab in het "
                                   "Nederlands en zet nbgrader aan. 'make' doet dit voor je.")
    p.add_argument("--zonder-deduce", dest="skip_deduce", action="store_true",
                   help="sla het bouwen van de deduce-tabellen over")
    p.set_defaults(func=_run)
