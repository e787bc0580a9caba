"""The quick start of ``iids grade`` (kit.grading.lean) changes what is imported, never what
works: nbgrader's own __init__ still runs when a name of it is asked, notebooks validate the
same, openpyxl writes workbooks without numpy. Each check in a fresh process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kit.grading.lean import register_without_init


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", "from kit.grading.lean import lean_imports\n"
                           "lean_imports()\n" + code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_nbgraders_own_init_runs_when_one_of_its_names_is_asked():
    out = _run("import sys, nbgrader.api\n"
               "print('jupyter_server' in sys.modules)\n"
               "points = nbgrader._jupyter_server_extension_points()\n"
               "print(len(points) > 0, 'jupyter_server' in sys.modules)\n"
               "import nbgrader as n; print(n.__version__ == __import__('nbgrader._version', "
               "fromlist=['x']).__version__)")
    assert out == ["False", "True", "True", "True"]


def test_notebooks_validate_as_without_the_quick_start():
    code = ("import nbformat\n"
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('x = 1')])\n"
            "nbformat.validate(nb)\n"
            "nb.cells[0]['source'] = 3\n"
            "try:\n    nbformat.validate(nb)\nexcept nbformat.ValidationError:\n    print('fout')\n")
    assert _run(code) == ["fout"]


def test_openpyxl_writes_a_workbook_without_numpy(tmp_path):
    path = tmp_path / "x.xlsx"
    code = ("import sys\nfrom kit.grading.lean import import_openpyxl\n"
            "wb = import_openpyxl().Workbook(); wb.active.append(['code', 1.5])\n"
            f"wb.save({str(path)!r})\nprint('numpy' in sys.modules)")
    assert _run(code) == ["False"]
    from openpyxl import load_workbook

    assert [c.value for c in load_workbook(path).active[1]] == ["code", 1.5]


def test_a_package_that_is_not_installed_is_an_import_error():
    with pytest.raises(ImportError):
        register_without_init("bestaat_niet_iids")
