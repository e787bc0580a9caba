"""The evaluators' notebooks: papermill parameters reach the same kit functions."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "evaluation"


def test_notebooks_have_a_parameters_cell_and_no_outputs():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert "cohorten = []" in tagged[0].source and 'register = ""' in tagged[0].source
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.slow
def test_papermill_runs_the_harvest_notebook_on_courses_and_harvest_folders(synthetic_pair,
                                                                             tmp_path):
    import papermill

    from kit.evaluation.harvest import harvest_course, write_harvest

    first, second = synthetic_pair.values()
    harvested = tmp_path / "al-geoogst" / second.name
    write_harvest(harvest_course(second, key=b"sleutel-voor-de-tests-0123456789",
                                 cohort=second.name), harvested)
    out = tmp_path / "oogst"
    papermill.execute_notebook(
        str(NOTEBOOKS / "01-oogsten.ipynb"), str(tmp_path / "uit.ipynb"),
        # as `-p` hands it over: a list written as text
        parameters={"cohorten": json.dumps([str(first), str(harvested)]), "uitvoer": str(out)},
        cwd=str(NOTEBOOKS), progress_bar=False, kernel_name="python3")
    assert (out / first.name / "grades.csv").is_file()  # the course folder harvested now
    assert (out / first.name / "oogst.yaml").is_file()
    executed = nbformat.read(tmp_path / "uit.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert second.name in printed and first.name in printed  # the harvest folder read too
    assert "{" not in printed  # sentences, no raw dicts
    import re

    tables = [o["data"]["text/plain"] for c in executed.cells if c.cell_type == "code"
              for o in c.outputs if "text/html" in o.get("data", {})]
    assert len(tables) >= 3
    for text in tables:  # Dutch headers and numbers, as the report shows them
        assert not re.search(r"\b(assignment|grade_id|score|max_score|student|"
                             r"needs_manual_grade)\b", text), text
        assert not re.search(r"\d\.\d{1,2}(?!\d)", text), text  # no decimal point
    assert any("punten" in text and "opdracht" in text for text in tables)


def _readme_papermill_command() -> list[str]:
    """The papermill command of ``evaluation/README.md``, as a person would paste it."""
    import re
    import shlex

    text = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```\n(.*?)```", text, flags=re.S) if "papermill" in b)
    return shlex.split(block.replace("\\\n", " "))


@pytest.mark.slow
def test_the_readmes_papermill_command_works_as_written(synthetic_pair, tmp_path):
    import os
    import subprocess
    import sys

    from kit.evaluation.harvest import harvest_course, write_harvest
    from kit.evaluation.workbook import write_registry
    from kit.synthetic.registry import synthetic_registry

    command = _readme_papermill_command()
    assert command[0] == "papermill" and "-p" in command
    cohorts = json.loads(command[command.index("cohorten") + 1])  # a list, given as text
    assert len(cohorts) == 2
    for folder, course in zip(cohorts, synthetic_pair.values(), strict=True):
        harvest = harvest_course(course, key=b"sleutel-voor-de-tests-0123456789",
                                 cohort=Path(folder).name)
        write_harvest(harvest, tmp_path / folder)
    register = command[command.index("register") + 1]
    write_registry(synthetic_registry(seed=5), tmp_path / register)
    (tmp_path / "evaluation").symlink_to(NOTEBOOKS)
    vault = tmp_path / "lege-kluis"
    env = {**os.environ, "IIDS_VAULT": str(vault), "PATH": os.path.dirname(sys.executable)
           + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    out = command[command.index("uitvoer") + 1]
    assert (tmp_path / out / "index.html").is_file()
    executed = nbformat.read(tmp_path / command[2], as_version=4)
    shown = [o for c in executed.cells if c.cell_type == "code" and "list(groepen)" in c.source
             for o in c.outputs]
    assert "['2023-2024', '2024-2025']" in shown[0]["data"]["text/plain"]
    assert not vault.exists()  # harvest folders need no pseudonym key: none was made
    # the tables the evaluator reads in the notebook: Dutch headers and Dutch numbers
    import re

    tables = [o["data"]["text/plain"] for c in executed.cells if c.cell_type == "code"
              for o in c.outputs if "text/html" in o.get("data", {})]
    assert len(tables) >= 3
    for text in tables:
        assert not re.search(r"\b(first_value|last_value|evidence_status|latest_value|"
                             r"comparison|direction|name|cause|effect)\b", text), text
        assert not re.search(r"\b0\.\d{2,}", text), text  # no raw 0.6917
