"""Autograde in the sandbox: a malicious answer cell, run by the lecturer's real nbgrader."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from kit.grading.sandbox import SandboxError, run_in_sandbox
from kit.hub.localhub import run_as, source_notebook

BIN = Path(sys.executable).parent
NBGRADER = str(BIN / "nbgrader")
COURSE = "iids"

pytestmark = [pytest.mark.timeout(900)]


def _requirements():
    if not shutil.which("unshare"):
        pytest.skip("nodig: unshare (util-linux)")
    if not shutil.which("sudo"):
        pytest.skip("nodig: sudo (de docent start de zandbak met sudo -u)")


def _chown_tree(top: Path, user: str, group: str) -> None:
    for dirpath, dirs, files in os.walk(top):
        for name in [dirpath, *(os.path.join(dirpath, n) for n in dirs + files)]:
            shutil.chown(name, user, group)


MALICIOUS = '''def dubbel(x):
    return 2 * x
import os, socket
for target in {targets!r}:
    try:
        if os.path.isdir(target):
            print("GEVONDEN", target, os.listdir(target))
        else:
            print("GEVONDEN", target, open(target, "rb").read(40))
    except OSError as exc:
        print("GEWEIGERD", target, type(exc).__name__)
try:
    socket.create_connection(("1.1.1.1", 53), timeout=3)
    print("NETWERK OPEN")
except OSError as exc:
    print("GEEN NETWERK", type(exc).__name__)
print("ALS", os.getuid(), os.path.expanduser("~"))
with open({trap!r}, "w") as fh:
    fh.write("print('gestolen')")
'''

CURIOUS = '''def dubbel(x):
    return 2 * x
import os
print("VAL", os.path.exists({trap!r}), sorted(os.listdir("/tmp")))
'''


@pytest.mark.slow
def test_a_malicious_answer_cell_gets_nothing(unix_users, shared_tmp):
    _requirements()
    graders = unix_users.group("doc")
    docent = unix_users.user("docent", (graders,))
    sandbox = unix_users.user("zandbak")
    s1, s2 = unix_users.user("s1"), unix_users.user("s2")
    sudoers = Path("/etc/sudoers.d") / f"{unix_users.prefix}-zandbak"
    sudoers.parent.mkdir(exist_ok=True)
    sudoers.write_text(f"{docent} ALL=({sandbox}) NOPASSWD: {shutil.which('unshare')}\n")
    os.chmod(sudoers, 0o440)
    try:
        course = shared_tmp / "cursus"
        source_notebook(course / "source" / "ps1" / "ps1.ipynb")
        (course / "nbgrader_config.py").write_text(
            "from kit.grading.sandbox import configure_sandbox\n"
            "c = get_config()\n"
            f"c.CourseDirectory.course_id = {COURSE!r}\n"
            f"configure_sandbox(c, user={sandbox!r}, memory_mb=1536, cpu_seconds=120)\n")
        home = Path(pwd.getpwnam(docent).pw_dir)
        vault = home / ".local" / "share" / "iids-kit" / "kluis"
        vault.mkdir(parents=True)
        (vault / "sleutel.txt").write_text("GEHEIM-VAN-DE-KLUIS")
        _chown_tree(home / ".local", docent, docent)
        os.chmod(vault, 0o700)
        _chown_tree(course, docent, graders)
        os.chmod(course, 0o2770)
        run_as(docent, [NBGRADER, "generate_assignment", "ps1"], cwd=course)
        exchange = shared_tmp / "exchange" / COURSE / "inbound"
        exchange.mkdir(parents=True)
        (exchange / "s2+ps1+x").mkdir()
        (exchange / "s2+ps1+x" / "ps1.ipynb").write_text("INLEVERING-VAN-S2")
        os.chmod(exchange / "s2+ps1+x", 0o770)
        os.chmod(exchange / "s2+ps1+x" / "ps1.ipynb", 0o640)
        targets = [str(course / "submitted"), str(course / "gradebook.db"),
                   str(vault / "sleutel.txt"), str(vault), str(exchange / "s2+ps1+x" / "ps1.ipynb"),
                   str(course / "submitted" / s2 / "ps1" / "ps1.ipynb")]
        released = course / "release" / "ps1" / "ps1.ipynb"
        trap = f"/tmp/{unix_users.prefix}-val.py"
        for student, code in ((s1, MALICIOUS.format(targets=targets, trap=trap)),
                              (s2, CURIOUS.format(trap=trap))):
            nb = nbformat.read(str(released), as_version=4)
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == "ps1_code":
                    cell.source = code
            folder = course / "submitted" / student / "ps1"
            folder.mkdir(parents=True)
            nbformat.write(nb, str(folder / "ps1.ipynb"))
        _chown_tree(course, docent, graders)

        result = run_as(docent, [NBGRADER, "autograde", "ps1"], cwd=course, timeout=600)
        log = result.stdout + result.stderr
        outputs = {}
        for student in (s1, s2):
            nb = nbformat.read(str(course / "autograded" / student / "ps1" / "ps1.ipynb"),
                               as_version=4)
            outputs[student] = "".join(out.get("text", "") for cell in nb.cells
                                       if cell.cell_type == "code" for out in cell.outputs)
        mine = outputs[s1]
        for target in targets:
            assert f"GEWEIGERD {target}" in mine, (target, mine)
        assert "GEVONDEN" not in mine and "GEHEIM" not in mine and "INLEVERING-VAN" not in mine
        assert "GEEN NETWERK" in mine and "NETWERK OPEN" not in mine
        assert "ALS 0 /tmp/home" in mine  # root of its own user namespace only
        # nothing the first run left behind is seen by the next, or on the real /tmp
        assert "VAL False" in outputs[s2], outputs[s2]
        assert not Path(trap).exists()
        # graded as usual, and each run reported
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE) as gb:
            assert gb.find_submission("ps1", s1).score == 1.0
            assert gb.find_submission("ps1", s2).score == 1.0
        assert log.count("Zandbak: ") >= 2 and f"als {sandbox}" in log, log[-2000:]
    finally:
        sudoers.unlink()


def test_no_sandbox_user_no_run(unix_users):
    _requirements()
    with pytest.raises(SandboxError) as info:
        run_in_sandbox(json.dumps({}), None, user=unix_users.prefix + "bestaatniet")
    assert "bestaat niet" in str(info.value) and "useradd" in str(info.value)


def test_the_kits_parallel_engine_keeps_the_sandbox(monkeypatch, tmp_path):
    """iids grade autograde (kit.grading.autograde) runs the same sandboxed step on the hub."""
    from kit.grading.course import Course
    from kit.grading.kernels import autograde_config

    monkeypatch.setenv("IIDS_SANDBOX_USER", "iids-sandbox")
    steps = autograde_config(Course(root=tmp_path, course_id=COURSE).config())
    assert steps["Autograde__autograde_preprocessors"][0] == "kit.grading.sandbox.SandboxedExecute"
    monkeypatch.delenv("IIDS_SANDBOX_USER")
    steps = autograde_config(Course(root=tmp_path, course_id=COURSE).config())
    assert "SandboxedExecute" not in str(steps)
