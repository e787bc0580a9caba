"""A student's mistake in a notebook is one Dutch line, and Run All goes on (kit.notebook).

Found in the course walk: one wrong code in module 07's Excel route gave a full red
traceback with the Dutch message on its last line, and Run All stopped there. These tests
run a real kernel (nbclient) with the extension loaded the way ``iids setup`` loads it.
"""

from __future__ import annotations

import json
import os

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from kit.notebook import install_for_environment, kernel_config_path

CELLS = [
    "from kit.errors import InputError\n"
    "def lees_tabel():\n"
    "    raise InputError(\"onbekende code 'humor'\", path='codeertabel.csv', place='rij 3')",
    "lees_tabel()",
    "print('volgende cel liep')",
    "1 / 0",
    "print('na een echte fout')",
]


def _run(tmp_path, env_dir, extra_arguments=()):
    """Run the cells as Run All does: stop at the first cell whose reply is an error."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    env = {**os.environ, "IPYTHONDIR": str(env_dir)}
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                            extra_arguments=list(extra_arguments),
                            resources={"metadata": {"path": str(tmp_path)}})
    stopped_at = None
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError:
                stopped_at = index
                break
    return nb, stopped_at


def test_a_kit_error_is_one_dutch_line_and_run_all_goes_on(tmp_path):
    # the kernel configuration that `iids setup` writes, here in a private IPython folder
    prefix = tmp_path / "env"
    install_for_environment(str(prefix))
    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    (profile / "ipython_kernel_config.json").write_text(
        kernel_config_path(str(prefix)).read_text(encoding="utf-8"), encoding="utf-8")
    assert json.loads((profile / "ipython_kernel_config.json").read_text())[
        "InteractiveShellApp"]["extensions"] == ["kit.notebook"]

    nb, stopped_at = _run(tmp_path, tmp_path / "ipython")
    mistake = nb.cells[1].outputs
    assert len(mistake) == 1 and mistake[0].output_type == "error", mistake
    assert mistake[0].traceback == [
        "Dat lukte niet: codeertabel.csv, rij 3: onbekende code 'humor'"]
    assert nb.cells[2].outputs[0].text == "volgende cel liep\n"  # Run All went on
    # a fault that is not the student's mistake keeps its traceback and stops Run All
    fault = nb.cells[3].outputs[0]
    assert fault.ename == "ZeroDivisionError" and len(fault.traceback) > 1
    assert stopped_at == 3 and not nb.cells[4].outputs


def test_without_the_extension_the_kernel_shows_a_traceback_and_stops(tmp_path):
    """The control: the same cells in a kernel without the extension (an empty IPython folder,
    and no extension from the environment's own configuration, which `make setup` writes)."""
    nb, stopped_at = _run(tmp_path, tmp_path / "leeg",
                          ["--InteractiveShellApp.extensions=[]"])
    assert stopped_at == 1
    assert len(nb.cells[1].outputs[0].traceback) > 1
