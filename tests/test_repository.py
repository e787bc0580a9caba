"""The repository itself: notebooks without outputs, pins in agreement, nothing generated tracked."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _tracked(pattern: str) -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return sorted(p.relative_to(ROOT) for p in ROOT.rglob(pattern) if ".venv" not in p.parts)
    return [Path(line) for line in out.splitlines() if line]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#") and "==" in line:
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    return pins


def test_committed_notebooks_have_no_outputs():
    notebooks = [p for p in _tracked("*.ipynb") if (ROOT / p).exists()]
    assert notebooks, "geen notebooks gevonden"
    dirty = []
    for path in notebooks:
        nb = json.loads((ROOT / path).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
                dirty.append(str(path))
                break
    assert dirty == [], f"notebooks met uitvoer (draai nbstripout): {dirty}"


def test_every_dependency_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    requirements = [r for group in project["optional-dependencies"].values() for r in group] + project["dependencies"]
    unpinned = [r for r in requirements if _name(r) not in pins]
    assert unpinned == []


def test_environment_yml_agrees_with_pyproject_and_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for line in dep["pip"]:
                if "==" in line:
                    name, version = line.split("==")
                    pip[_name(name)] = version
        else:
            name, _, version = dep.partition("=")
            conda[_name(name)] = version
    assert conda.get("python") == "3.11"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for requirement in project["dependencies"] + [r for g in project["optional-dependencies"].values() for r in g]:
        name = _name(requirement)
        where = conda if name in conda else pip
        assert name in where, f"{name} staat niet in environment.yml"
        assert where[name] == pins[name], f"{name}: environment.yml {where[name]} != constraints {pins[name]}"
    pip_lines = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e .[dev,hub]" in pip_lines and "-c constraints.txt" in pip_lines


@pytest.mark.parametrize("pattern", ["release/", "submitted/", "autograded/", "feedback/",
                                     "gradebook.db", ".venv/", "kluis/", "mijn-werk/", "demo-uitvoer/"])
def test_gitignore_covers_generated_and_private_things(pattern):
    lines = (ROOT / ".gitignore").read_text().splitlines()
    assert pattern in lines


def test_no_generated_or_private_files_are_tracked():
    tracked = _tracked("*")
    bad = [str(p) for p in tracked
           if set(p.parts) & {"release", "submitted", "autograded", "feedback", ".venv", "kluis", "mijn-werk"}
           or p.name in {"gradebook.db"} or p.suffix == ".pickle"]
    assert bad == []


def test_layout_fixed_by_the_design():
    for name in ["course", "course/modules", "assignments", "evaluation", "kit", "tests"]:
        assert (ROOT / name).is_dir(), name
    for name in ["README.md", "pyproject.toml", "Makefile", ".ci/run", ".gitignore",
                 ".pre-commit-config.yaml", "environment.yml", "constraints.txt"]:
        assert (ROOT / name).is_file(), name
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme and "make lab" in readme


@pytest.mark.slow
def test_tracked_teaching_text_passes_the_privacy_scan():
    """The pre-commit hook scans notebooks, Markdown and CSV: the repository itself must pass it."""
    from kit.privacy.pseudonymise import load_allow_list
    from kit.privacy.scan import scan_paths

    files = [ROOT / p for p in _tracked("*") if p.suffix in {".ipynb", ".md", ".csv"}
             and (ROOT / p).exists()]
    allow = load_allow_list() + load_allow_list(ROOT / ".iids-scan-allow.txt")
    findings = scan_paths(files, allow_list=allow)
    assert [f.line() for f in findings] == []


def test_code_and_notebooks_pass_ruff():
    """The pre-commit hook runs ruff on code and notebooks: the repository must pass it."""
    import shutil
    import sys

    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "check", "--no-cache", "."], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_make_demo_vault_inside_the_repository_is_allowed():
    """`make demo` keeps its synthetic vault in demo-uitvoer/ (git-ignored): the repository root
    must not look like an nbgrader course folder (no nbgrader_config.py there)."""
    from kit.privacy.vault import check_vault_location

    assert not (ROOT / "nbgrader_config.py").exists()
    assert check_vault_location(ROOT / "demo-uitvoer" / "kluis").name == "kluis"
