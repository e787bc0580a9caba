"""``iids doctor``: is everything installed and ready?

Each check gives a :class:`Check` with a Dutch finding and, when something is
wrong, the command that fixes it. ``iids doctor`` exits 1 when any check fails.

>>> c = Check("voorbeeld", True, "alles goed")
>>> c.line()
'[ok]   voorbeeld: alles goed'
"""

from __future__ import annotations

import argparse
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Check", "run_checks", "register"]

PACKAGES = ("jupyterlab", "notebook", "nbgrader", "ipywidgets", "anywidget", "pandas", "matplotlib",
            "deduce", "phonenumbers", "mpltern", "krippendorff", "simplemma", "papermill",
            "jupyterlab-language-pack-nl-NL")


@dataclass
class Check:
    """One finding of ``iids doctor``."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        """The finding as one line, with the fix when it failed."""
        mark = "[ok]  " if self.ok else "[FOUT]"
        text = f"{mark} {self.name}: {self.detail}"
        return text if self.ok or not self.fix else f"{text}\n       oplossing: {self.fix}"


def _versions() -> Check:
    from importlib import metadata  # (lazily: iids starts without it)

    missing, found = [], []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return Check("pakketten", False, "ontbreken: " + ", ".join(missing), "make setup")
    return Check("pakketten", True, "; ".join(found))


def _python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, sys.version.split()[0], "installeer Python 3.11 of nieuwer")


def _deduce_cache() -> Check:
    from kit.privacy import engine

    path = engine.fast_cache_file()
    if not path.is_file():
        return Check("deduce-tabellen", False, f"nog niet gebouwd ({path})", "iids setup")
    detail = f"{path} ({path.stat().st_size // 1_000_000} MB)"
    for item in (path, engine.cache_file()):
        if item.is_file() and item.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return Check("deduce-tabellen", False, f"{item} is schrijfbaar voor anderen",
                         f"chmod go-w {item}")
    return Check("deduce-tabellen", True, detail)


def _dutch_ui() -> Check:
    from importlib import metadata  # (lazily: iids starts without it)

    from kit.setup_env import dutch_interface_set, lab_overrides_path

    try:
        metadata.version("jupyterlab-language-pack-nl-NL")
    except metadata.PackageNotFoundError:
        return Check("Nederlandse interface", False, "taalpakket niet geïnstalleerd", "make setup")
    if not dutch_interface_set():
        return Check("Nederlandse interface", False,
                     f"taal niet ingesteld in {lab_overrides_path()}", "iids setup")
    return Check("Nederlandse interface", True, "taalpakket nl_NL staat aan")


def _nbgrader() -> Check:
    from kit.setup_env import _nbgrader_extension_enabled

    if not _nbgrader_extension_enabled():
        return Check("nbgrader", False, "serverextensie staat uit", "iids setup")
    labext = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader"
    if not labext.is_dir():
        return Check("nbgrader", False, "JupyterLab-extensies ontbreken", "make setup")
    if not shutil.which("alembic"):
        return Check("nbgrader", False, "'alembic' staat niet op het PATH (nodig voor het cijferbestand)",
                     f"export PATH={Path(sys.executable).parent}:$PATH")
    return Check("nbgrader", True, "server- en JupyterLab-extensies staan aan, alembic gevonden")


def _drawn_widgets() -> Check:
    """The triad, dyad and stones are an anywidget: its JupyterLab extension must be installed."""
    labext = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "anywidget"
    if not (labext / "package.json").is_file():
        return Check("getekende widgets", False, f"anywidget-extensie ontbreekt ({labext})", "make setup")
    return Check("getekende widgets", True, "driehoek, schuif en stenen (anywidget) staan klaar")


def _vault() -> Check:
    from kit.config import vault_dir

    path = vault_dir()
    if not path.exists():
        return Check("kluis", True, f"{path} (wordt bij eerste gebruik aangemaakt, alleen voor jou)")
    from kit.privacy.vault import check_vault_location

    try:
        check_vault_location(path)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return Check("kluis", False, str(exc), f"chmod 700 {path} of kies een andere map met IIDS_VAULT")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Check("kluis", False, f"{path} is leesbaar voor anderen (rechten {mode:o})", f"chmod 700 {path}")
    return Check("kluis", True, f"{path} (rechten {mode:o}, alleen voor jou)")


def run_checks() -> list[Check]:
    """Run every check and return the findings."""
    checks = []
    for check in (_python, _versions, _deduce_cache, _dutch_ui, _nbgrader, _drawn_widgets, _vault):
        try:
            checks.append(check())
        except Exception as exc:  # noqa: BLE001 - doctor reports, it does not crash
            checks.append(Check(check.__name__.strip("_"), False, f"controle mislukt: {exc}"))
    return checks


def _run(args: argparse.Namespace) -> int:
    checks = run_checks()
    for check in checks:
        print(check.line())
    bad = [c for c in checks if not c.ok]
    print(f"\n{len(checks) - len(bad)} van {len(checks)} in orde." if bad else "\nAlles staat klaar.")
    return 1 if bad else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``iids doctor`` to the command line."""
    p = sub.add_parser("doctor", help="controleer of alles geïnstalleerd is en klaarstaat",
                       description="Controleert versies, de deduce-tabellen, de Nederlandse "
                                   "interface, nbgrader en de kluis; zegt per probleem hoe je het oplost.")
    p.set_defaults(func=_run)


