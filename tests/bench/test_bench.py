"""The benchmark's notebook row runs an assignment source as a model student would have it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_notebook_row_runs_an_assignment_source_with_a_model_students_work(tmp_path, monkeypatch):
    """An assignment's checks read what the forms saved: without a model student's work the
    row stopped with an internal error (issue #20 took the code answers out)."""
    from kit.bench import notebook_figures

    source = tmp_path / "assignments" / "source" / "discoursanalyse"
    shutil.copytree(ROOT / "assignments" / "source" / "discoursanalyse", source,
                    ignore=shutil.ignore_patterns("mijn-werk", ".ipynb_checkpoints"))
    monkeypatch.setenv("IIDS_WERKMAP", str(tmp_path / "eigen-werk"))
    figures = notebook_figures(tmp_path)
    assert figures[-1].name.startswith("alle 1 notebooks") and figures[-1].kit > 0
    assert not (tmp_path / "eigen-werk").exists()  # the student's own workspace is untouched


def _iids(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with subprocess.Popen([sys.executable, "-m", "kit", "bench", *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT) as bench:
        out, err = bench.communicate()
    done = subprocess.CompletedProcess(bench.args, bench.returncode, out, err)
    done.pid = bench.pid
    return done


@pytest.mark.parametrize("args, words", [
    (["--belasting", "veel"], "'veel' is geen getal"),
    (["--belasting", "0"], "groter dan 0"),
    (["--belasting", "-2"], "groter dan 0"),
    (["--quick", "--alleen", "demo"], "gaat niet samen met --quick"),
    (["--alleen", "spook"], "dit onderdeel bestaat niet"),
])
def test_bad_arguments_are_one_dutch_line_and_exit_2(args, words):
    done = _iids(*args)
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_run_under_load_says_so_and_relaxes_the_goals(tmp_path):
    """``--belasting 1`` on this machine: one busy process per core beside the bench; the
    header says how the load was made and measured, the goals show the relaxed goal, and no
    busy process outlives the run."""
    table = tmp_path / "tabel.md"
    done = _iids("--quick", "--alleen", "start", "--belasting", "1", "-o", str(table))
    assert done.returncode == 0, done.stderr
    text = table.read_text(encoding="utf-8")
    head = text.splitlines()[0]
    cores = os.cpu_count() or 1
    assert "onder opzettelijke belasting (--belasting 1)" in head
    assert f"{cores - 1} rekenprocessen naast de bench zelf" in head
    assert "gemiddelde van" in head and "/proc/loadavg" in head and "1,5× ruimer" in head
    assert "| ≤ 0,5 s (onder belasting ≤ 0,75 s) |" in text
    assert "| ≤ 0,3 s extra (onder belasting ≤ 0,45 s) |" in text
    assert _busy_processes(done.pid) == []  # all killed with the run


def _busy_processes(parent: int) -> list[str]:
    """Busy processes of the bench with pid ``parent`` still running."""
    from kit.bench.load import BUSY

    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if BUSY.encode() in args and str(parent).encode() in args:
            found.append(str(cmdline.parent.name))
    return found


def test_a_quiet_run_is_unchanged(tmp_path):
    """Without --belasting: no busy processes, the header and goals as before."""
    table = tmp_path / "tabel.md"
    done = _iids("--quick", "--alleen", "start", "-o", str(table))
    assert done.returncode == 0, done.stderr
    text = table.read_text(encoding="utf-8")
    assert "belasting per kern" in text and "opzettelijke" not in text
    assert "onder belasting ≤" not in text and "| ≤ 0,5 s |" in text
