"""One registry of areas (kit.areas) for ``iids``, ``iids demo`` and ``iids bench``: every
module it names exists with its function, and no demo or bench module lies outside it."""

from __future__ import annotations

import argparse
import sys
import types
from pathlib import Path

import pytest

from kit.areas import AREAS, Area, area

KIT = Path(__file__).resolve().parents[1] / "kit"


@pytest.mark.parametrize("kind", ["cli", "demo", "bench"])
def test_every_registered_module_exists_with_its_function(kind):
    named = [a for a in AREAS if a.has(kind)]
    assert named, kind
    for registered in named:
        module = registered.load(kind)
        assert module.__name__ == registered.module(kind)


def test_every_demo_and_bench_module_is_registered():
    """A stage or benchmark file that no area names would silently never run."""
    for kind in ("demo", "bench"):
        # figures and load are the bench's shared pieces, not areas
        files = {p.stem for p in (KIT / kind).glob("*.py")} - {"__init__", "figures", "load"}
        assert files == {a.package for a in AREAS if a.has(kind)}, kind


def test_every_area_package_with_a_cli_module_is_registered():
    packages = {p.parent.name for p in KIT.glob("*/cli.py")}
    assert packages == {a.package for a in AREAS if a.cli}


def test_the_three_commands_read_the_one_registry():
    from kit.bench import AREA_BENCHES
    from kit.cli import build_parser
    from kit.demo import STAGES

    assert [name for name, _, _ in STAGES] == [a.name for a in AREAS if a.demo]
    assert [name for name, _ in AREA_BENCHES] == [a.name for a in AREAS if a.bench]
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for registered in (a for a in AREAS if a.cli):
        # the area's cli module adds its own subcommands, and they are in iids
        own = argparse.ArgumentParser().add_subparsers()
        registered.load("cli").register(own)
        assert own.choices and set(own.choices) <= set(sub.choices), registered


def test_a_missing_module_fails_loudly_and_is_never_skipped(monkeypatch):
    ghost = Area("spook", "spook", cli=False, demo="bestaat niet", bench=True)
    with pytest.raises(ModuleNotFoundError):
        ghost.load("demo")
    with pytest.raises(ModuleNotFoundError):
        ghost.load("bench")
    with pytest.raises(LookupError):
        ghost.load("cli")
    empty = types.ModuleType("kit.bench.leeg")
    monkeypatch.setitem(sys.modules, "kit.bench.leeg", empty)
    with pytest.raises(AttributeError, match="run"):
        Area("leeg", "leeg", cli=False, bench=True).load("bench")


def test_an_unknown_area_is_an_error():
    assert area("evaluatie") is area("evaluation")
    with pytest.raises(LookupError):
        area("onbekend")
