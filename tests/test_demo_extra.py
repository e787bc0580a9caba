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


def test_faker_is_only_imported_where_the_demo_extra_is_required():
    """Faker is the demo extra: no runtime dependency, and no kit module outside the synthetic,
    demo and bench packages imports it (bar the refresh of the shipped name lists)."""
    import ast
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.lower().startswith("faker")]
    assert [d for d in project["optional-dependencies"]["demo"] if d.lower().startswith("faker")]
    found = []
    for path in sorted((root / "kit").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("kit/synthetic/", "kit/demo/", "kit/bench/")):
            continue

        def visit(node, function, rel=rel):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "faker" for n in names):
                found.append((rel, function))
            inner = node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            for child in ast.iter_child_nodes(node):
                visit(child, inner)

        visit(ast.parse(path.read_text(encoding="utf-8")), None)
    assert found == [("kit/privacy/names.py", "faker_names")], found
