"""The grading engine runs what it grades: no invented outputs, fresh kernels, quiet.

- ``autograde()`` has no parameter that trusts a caller's outputs, and a submission
  that carries invented passing outputs under a wrong answer still scores 0: every
  test score comes from running the test.
- Each submission gets a fresh kernel process (forked from a template that never ran
  student code): a variable one student leaves behind is not there for the next.
- Kernels talk over IPC: no "Kernel is running over TCP" warning.
"""

from __future__ import annotations

import inspect

import pytest

from kit.grading.autograde import autograde
from tests.grading.conftest import answer, copy_course, submit_copy

pytestmark = pytest.mark.slow


def _auto_scores(course, assignment):
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gb:
        return {(s.student_id, g.name): g.auto_score
                for s in gb.assignment_submissions(assignment)
                for nb in s.notebooks for g in nb.grades if g.name.endswith("_toets")}


def test_autograde_takes_no_outputs_from_its_caller():
    parameters = inspect.signature(autograde).parameters
    assert not [p for p in parameters if "simul" in p or "output" in p]


def test_invented_outputs_score_nothing_and_kernels_are_fresh(generated_course, tmp_path,
                                                              capfd):
    from nbformat.v4 import new_output

    course = copy_course(generated_course, tmp_path / "cursus")

    def invented(nb):
        # a wrong answer, with the test cell dressed up as run and passed
        answer(nb, "opdracht1_woorden_antwoord",
               "LEFTOVER = 'van een andere student'\n"
               "def aantal_woorden(tekst):\n    return 0")
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "opdracht1_woorden_toets":
                cell.execution_count = 1
                cell.outputs = [new_output("stream", name="stdout", text="geslaagd\n")]

    def probe(nb):
        # right answer, and a look for what the previous student left behind
        answer(nb, "opdracht1_woorden_antwoord",
               "assert 'LEFTOVER' not in globals()\n"
               "def aantal_woorden(tekst):\n    return len(tekst.split())")

    submit_copy(course, "a1", "opdracht1", edit=invented)
    submit_copy(course, "a2", "opdracht1", edit=probe)
    submit_copy(course, "a3", "opdracht1", edit=probe)
    result = autograde(course, "opdracht1", workers=1, privacy_scan=False, progress=False)
    assert sorted(result.graded) == ["a1", "a2", "a3"]
    scores = _auto_scores(course, "opdracht1")
    assert scores[("a1", "opdracht1_woorden_toets")] == 0
    assert scores[("a2", "opdracht1_woorden_toets")] == 2
    assert scores[("a3", "opdracht1_woorden_toets")] == 2
    assert result.cell_seconds > 0
    captured = capfd.readouterr()
    assert "Kernel is running over TCP" not in captured.out + captured.err


def test_fork_server_and_stock_kernels_give_the_same_scores(generated_course, tmp_path):
    fast = copy_course(generated_course, tmp_path / "snel")
    stock = copy_course(generated_course, tmp_path / "gewoon")
    for course in (fast, stock):
        submit_copy(course, "b1", "opdracht1", edit=lambda nb: answer(
            nb, "opdracht1_woorden_antwoord",
            "def aantal_woorden(tekst):\n    return len(tekst.split())"))
        submit_copy(course, "b2", "opdracht1", edit=lambda nb: answer(
            nb, "opdracht1_woorden_antwoord", "def aantal_woorden(tekst):\n    return 1"))
    autograde(fast, "opdracht1", workers=2, privacy_scan=False, progress=False)
    autograde(stock, "opdracht1", workers=1, privacy_scan=False, progress=False,
              fork_kernels=False)
    assert _auto_scores(fast, "opdracht1") == _auto_scores(stock, "opdracht1") == {
        ("b1", "opdracht1_woorden_toets"): 2, ("b2", "opdracht1_woorden_toets"): 0}


def test_a_launcher_in_front_of_the_kernel_is_kept():
    """A sandbox launcher (kernel as another user) is started through that launcher."""
    import sys

    from kit.grading.kernels import is_plain_ipykernel

    plain = [sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"]
    assert is_plain_ipykernel(plain)
    assert not is_plain_ipykernel(["setpriv", "--reuid=student", *plain])


def test_warm_fork_servers_share_a_template_across_runs_not_state(generated_course, tmp_path,
                                                                 monkeypatch):
    """Two runs (two cohorts) in warm_fork_servers(): one template, fresh kernels, same scores."""
    from kit.grading import kernels

    started = []
    real = kernels.ForkServer

    class Counted(real):
        def __init__(self, modules=()):
            super().__init__(modules)
            started.append(self)

    monkeypatch.setattr(kernels, "ForkServer", Counted)
    first = copy_course(generated_course, tmp_path / "cohort1")
    second = copy_course(generated_course, tmp_path / "cohort2")
    # the first cohort's student leaves a variable behind; the second cohort's looks for it
    submit_copy(first, "c1", "opdracht1", edit=lambda nb: answer(
        nb, "opdracht1_woorden_antwoord",
        "LEFTOVER = 1\ndef aantal_woorden(tekst):\n    return len(tekst.split())"))
    submit_copy(second, "c2", "opdracht1", edit=lambda nb: answer(
        nb, "opdracht1_woorden_antwoord",
        "assert 'LEFTOVER' not in globals()\n"
        "def aantal_woorden(tekst):\n    return len(tekst.split())"))
    with kernels.warm_fork_servers():
        autograde(first, "opdracht1", workers=1, privacy_scan=False, progress=False)
        autograde(second, "opdracht1", workers=2, privacy_scan=False, progress=False)
        assert len(started) == 1 and started[0].proc.poll() is None  # kept between runs
    assert started[0].proc.poll() is not None  # stopped when the block ends
    assert _auto_scores(first, "opdracht1") == {("c1", "opdracht1_woorden_toets"): 2}
    assert _auto_scores(second, "opdracht1") == {("c2", "opdracht1_woorden_toets"): 2}
    # outside the block every run starts and stops its own server
    third = copy_course(generated_course, tmp_path / "cohort3")
    submit_copy(third, "c3", "opdracht1", edit=lambda nb: answer(
        nb, "opdracht1_woorden_antwoord", "def aantal_woorden(tekst):\n    return 1"))
    autograde(third, "opdracht1", workers=1, privacy_scan=False, progress=False)
    assert len(started) == 2 and started[1].proc.poll() is not None
    assert _auto_scores(third, "opdracht1") == {("c3", "opdracht1_woorden_toets"): 0}


def test_the_template_listens_before_it_imports(tmp_path, monkeypatch):
    """A grading worker may ask for a kernel while the template still imports: the request
    waits in the server's queue and is answered (with a fresh kernel's process id) once the
    imports are done. Here the import waits for a file, so the order is certain."""
    import json
    import os
    import select
    import socket

    from kit.grading.kernels import ForkServer

    gate = tmp_path / "poort"
    (tmp_path / "langzaam.py").write_text(
        "import os, time\n"
        f"while not os.path.exists({str(gate)!r}):\n    time.sleep(0.01)\n", "utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path),
                                                      os.environ.get("PYTHONPATH", "")]))
    server = ForkServer(["langzaam"])
    try:
        assert server.wait_listening()
        assert not select.select([server.proc.stdout], [], [], 0)[0]  # not ready: importing
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(server.path)
        conn.sendall(json.dumps({"args": ["--version"], "cwd": str(tmp_path),
                                 "env": dict(os.environ)}).encode() + b"\n")
        conn.setblocking(False)
        with pytest.raises(BlockingIOError):
            conn.recv(4096)  # queued, not answered while the template imports
        gate.write_text("open", "utf-8")
        conn.setblocking(True)
        conn.settimeout(120)
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = conn.recv(4096)
            assert chunk, "the server closed the connection"
            reply += chunk
        conn.close()
        assert json.loads(reply)["pid"] > 0
        assert server.wait_ready()
    finally:
        gate.write_text("open", "utf-8")
        server.close()
    assert server.proc.returncode == 0  # it left on its own when its input closed


def test_without_a_template_a_kernel_starts_the_ordinary_way_over_ipc(tmp_path):
    """A kernel asked of a template that has stopped starts the ordinary way (same result),
    and every kernel of the engine talks over Unix sockets, never TCP."""
    import nbformat
    from nbclient import NotebookClient

    from kit.grading import kernels

    server = kernels.ForkServer([])
    assert server.wait_ready()
    server.close()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os\nos.getpid()")])
    client = NotebookClient(nb, kernel_manager_class=kernels.ForkKernelManager,
                            kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    seen = {}
    client.on_notebook_start = lambda notebook: seen.update(
        transport=client.km.transport, provisioner=type(client.km.provisioner).__name__)
    kernels.use_fork_server(server)
    try:
        client.execute()
    finally:
        kernels.use_fork_server(None)
    assert int(nb.cells[0].outputs[0]["data"]["text/plain"]) > 0
    assert seen == {"transport": "ipc", "provisioner": "ForkProvisioner"}


def test_a_process_forked_in_the_block_shares_the_running_fork_server():
    """A process forked inside ``warm_fork_servers`` (the demo's cohort processes) gets the
    server its parent started, still running; it does not start a server of its own
    (``Popen.poll()`` there would call the server stopped)."""
    import multiprocessing as mp

    from kit.grading import kernels

    fork = mp.get_context("fork")
    with kernels.warm_fork_servers():
        server, owned = kernels.fork_server_for([])
        assert not owned and server.wait_ready()
        receive, send = fork.Pipe(duplex=False)

        def child():
            shared, _owned = kernels.fork_server_for([])
            send.send((shared.path, shared.alive(), shared.wait_listening()))

        process = fork.Process(target=child)
        process.start()
        seen = receive.recv()
        process.join()
        assert process.exitcode == 0
        assert seen == (server.path, True, True)
    assert not server.alive()


def test_the_template_imports_what_the_kit_imports_only_when_called():
    """A notebook that imports ``kit.analysis.agreement`` gets a template with scikit-learn's
    metrics and krippendorff already imported (its kappa and alpha import them only when
    called: each kernel imported some 1000 modules again); one that imports the handreiking
    gets python-docx, Jinja and deduce's loaded engine. Still no thread in the template, and
    a notebook without those imports gets none of them."""
    import json
    import subprocess
    import sys

    probe = ("import json, sys, threading\n"
             "from kit.grading.forkserver import preload\n"
             "preload(sys.argv[1:])\n"
             "import kit.privacy.engine as engine\n"
             "print(json.dumps({'modules': sorted(m for m in ('sklearn.metrics', 'krippendorff',"
             " 'docx', 'jinja2') if m in sys.modules), 'deduce': engine._ENGINE is not None,"
             " 'threads': threading.active_count()}))\n")

    def template(*modules):
        out = subprocess.run([sys.executable, "-c", probe, *modules], capture_output=True,
                             text=True, check=True, timeout=300).stdout
        return json.loads(out.splitlines()[-1])

    assert template("kit.analysis.agreement", "kit.dialogue.handreiking") == {
        "modules": ["docx", "jinja2", "krippendorff", "sklearn.metrics"], "deduce": True,
        "threads": 1}
    assert template("kit.workspace")["modules"] == []
