"""``iids demo`` and ``iids bench`` need the ``demo`` extra (Faker): without it, and with a stage
or part that does not exist, they stop with one Dutch line and exit 2 before doing any work."""

from __future__ import annotations

import sys

import pytest

from kit.cli import main


@pytest.mark.parametrize("command", [["demo"], ["bench", "--quick"]])
def test_without_the_demo_extra_one_dutch_line_and_exit_2(command, monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "faker", None)  # import faker now raises ImportError
    out = tmp_path / "uit"
    assert main([*command, "-o", str(out / "x")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert f"iids {command[0]} heeft de extra 'demo' nodig (Faker)" in err and "make setup-demo" in err
    assert not out.exists()


def test_the_extra_is_there_in_the_test_environment():
    from kit.synthetic import require_extra

    require_extra("iids demo")  # make test installs it; raises InputError otherwise


@pytest.mark.parametrize("command, name", [(["demo", "--stap"], "analyze"),
                                           (["bench", "--alleen"], "grading")])
def test_an_unknown_stage_or_part_is_refused_not_skipped(command, name, tmp_path, capsys):
    out = tmp_path / "uit"
    assert main([*command, name, "-o", str(out / "x")]) == 2
    err = capsys.readouterr().err
    assert f"{name}: " in err and "bestaat niet" in err and "beoordeling" in err
    assert not out.exists()
