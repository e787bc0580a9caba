"""The hub stops idle servers itself (jupyterhub-idle-culler as a hub service), outside TLJH,
and serves nbgrader's lab extension in Dutch.

A REAL JupyterHub on 127.0.0.1 with ``deploy/jupyterhub_config.py`` and a short
``IIDS_HUB_IDLE_TIMEOUT``: a student's server that nobody uses is stopped by the culler.
The same student's server serves the Dutch copy of nbgrader's assignment list that
``iids hub prepare`` builds (kit/hub/labstrings.py).
"""

from __future__ import annotations

import importlib.util
import runpy
import sys
import time
from pathlib import Path

import pytest
from traitlets.config import Config

from kit.hub.exchange import prepare_root
from kit.hub.labstrings import build_dutch_labextension
from kit.hub.localhub import LocalHub, find_proxy

BIN = Path(sys.executable).parent
DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub_config.py"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _deploy_config(monkeypatch, tmp_path, **env) -> Config:
    import jupyterhub.spawner

    monkeypatch.setattr(jupyterhub.spawner, "random_port", jupyterhub.spawner.random_port)
    monkeypatch.setenv("IIDS_HUB_ROLE_CONFIG", str(tmp_path / "etc"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cfg = Config()
    runpy.run_path(str(DEPLOY), init_globals={"get_config": lambda: cfg})
    return cfg


def _services(cfg: Config) -> list[dict]:
    services = cfg.JupyterHub.services
    return list(services.get_value([]) if hasattr(services, "get_value") else services)


def test_idle_culler_is_a_hub_service_and_can_be_switched_off(monkeypatch, tmp_path):
    if importlib.util.find_spec("jupyterhub") is None:
        pytest.skip("jupyterhub is niet geïnstalleerd (pip install 'iids-kit[hub]')")
    cfg = _deploy_config(monkeypatch, tmp_path, IIDS_HUB_IDLE_TIMEOUT="1800")
    [culler] = [s for s in _services(cfg) if s["name"] == "iids-idle-culler"]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=1800" in culler["command"]
    roles = cfg.JupyterHub.load_roles
    roles = roles.get_value([]) if hasattr(roles, "get_value") else roles
    [role] = [r for r in roles if r["name"] == "iids-idle-culler"]
    assert "delete:servers" in role["scopes"] and role["services"] == ["iids-idle-culler"]
    off = _deploy_config(monkeypatch, tmp_path, IIDS_HUB_IDLE_TIMEOUT="0")
    assert not [s for s in _services(off) if s["name"] == "iids-idle-culler"]


def test_an_idle_server_is_stopped_by_the_culler(unix_users, shared_tmp):
    if importlib.util.find_spec("jupyterhub") is None:
        pytest.skip("jupyterhub is niet geïnstalleerd (pip install 'iids-kit[hub]')")
    if find_proxy() is None:
        pytest.skip("configurable-http-proxy ontbreekt")
    student = unix_users.user("s1")
    graders = unix_users.group("doc")
    exchange = prepare_root(shared_tmp / "exchange", "iids", owner="root", group=graders)
    hubdir = shared_tmp / "hub"
    hubdir.mkdir(mode=0o700)
    env = {
        "IIDS_HUB_EXCHANGE": str(exchange),
        "IIDS_HUB_COURSE_DIR": str(shared_tmp / "cursus"),
        "IIDS_HUB_GRADERS_GROUP": graders,
        "IIDS_HUB_ROLE_CONFIG": str(shared_tmp / "etc"),
        "IIDS_HUB_USER_ENV": str(BIN),
        "IIDS_HUB_STUDENTS": student,
        "IIDS_HUB_SANDBOX_USER": "uit",
        "IIDS_HUB_IDLE_TIMEOUT": "20",
    }
    lab = build_dutch_labextension(shared_tmp / "etc" / "labextensions")
    chunk = next(p.name for p in (lab / "static").glob("*.js")
                 if "Vrijgegeven opdrachten" in p.read_text())
    hub = LocalHub(hubdir, env)
    try:
        hub.start(timeout=300)
        status, service = hub.api("GET", "/services/iids-idle-culler")
        assert status == 200 and service.get("pid"), service
        hub.spawn(student, timeout=300)
        # the student's JupyterLab serves the Dutch copy of nbgrader's extension
        status, js = hub.user_api(student, "GET",
                                  f"/lab/extensions/@jupyter/nbgrader/static/{chunk}")
        assert status == 200, (status, str(js)[:200])
        assert "Vrijgegeven opdrachten" in js and '"Inleveren"' in js
        assert "Released assignments" not in js and "Invalid Submission" not in js
        deadline = time.monotonic() + 300
        server = {"running": True}
        while time.monotonic() < deadline:
            status, body = hub.api("GET", f"/users/{student}")
            server = body.get("servers", {}) if status == 200 else server
            if not server:
                break
            time.sleep(2)
        assert not server, f"de server van {student} draait nog:\n{hub.log_tail()}"
        log = hub.log_path.read_text(errors="replace")
        assert "Culling server" in log and student in log, hub.log_tail()
    finally:
        hub.stop([student])
