"""``make wand``: the story wall served by Voila from the Makefile, read over HTTP."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_make_wand_serves_the_story_wall(tmp_path):
    import shutil
    import socket

    if importlib.util.find_spec("voila") is None or shutil.which("make") is None:
        pytest.skip("nodig: voila en make")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, HOME=str(tmp_path), PATH=f"{VENV / 'bin'}:{os.environ['PATH']}")
    # -o: the environment is installed already; the target must not reinstall it here
    command = ["make", "-s", "-o", str(VENV / ".iids-apps"), "wand", f"VENV={VENV}",
               f"WAND_POORT={port}", f"WAND_DEMO={tmp_path / 'demo'}"]
    log = tmp_path / "make.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        page = ""
        for _ in range(600):  # the demo folder, Voila and the wall's kernel start
            if proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as resp:
                    page = resp.read().decode("utf-8", "replace")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.25)
        text = log.read_text(errors="replace")
        assert ".iids-wand {" in page, text[-2000:] + page[-1500:]
        assert "from kit.apps" not in page and "Traceback" not in page
        assert "De verhalenwand: http://127.0.0.1:" in text
        assert (tmp_path / "demo" / "mijn-werk").is_dir()  # synthetic demo stories, not ROOT
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
