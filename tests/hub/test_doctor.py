"""``iids hub doctor`` on real folders, and the deploy config's per-role Jupyter settings."""

from __future__ import annotations

import os
import runpy
import shutil
from pathlib import Path

import pytest
from traitlets.config import Config

from kit.cli import main
from kit.hub.doctor import (
    HubSettings,
    check_deduce_cache,
    check_exchange,
    check_homes,
    check_roles,
    check_vault,
    run_hub_checks,
)
from kit.hub.exchange import COURSE_MODE, FEEDBACK_MODE, INBOUND_MODE, prepare_root

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub_config.py"


def _exchange(tmp_path: Path) -> Path:
    root = prepare_root(tmp_path / "exchange", "iids")
    for name, mode in (("inbound", INBOUND_MODE), ("feedback", FEEDBACK_MODE), ("outbound", 0o2775)):
        (root / "iids" / name).mkdir()
        os.chmod(root / "iids" / name, mode)
    sub = root / "iids" / "inbound" / "s1+ps1+2026-01-01 10:00:00 UTC+abc"
    sub.mkdir()
    os.chmod(sub, 0o770)
    (sub / "ps1.ipynb").write_text("{}")
    os.chmod(sub / "ps1.ipynb", 0o640)
    return root


def test_exchange_checks_pass_on_private_modes_and_catch_leaks(tmp_path):
    root = _exchange(tmp_path)
    checks = check_exchange(HubSettings(exchange=root))
    assert all(c.ok for c in checks), [c.line() for c in checks]
    assert len(checks) == 5
    leaked = next((root / "iids" / "inbound").iterdir()) / "ps1.ipynb"
    os.chmod(leaked, 0o644)
    bad = [c for c in check_exchange(HubSettings(exchange=root)) if not c.ok]
    assert [c.name for c in bad] == ["inleveringen en feedback"]
    assert "leesbaar voor iedereen" in bad[0].detail and "chmod -R o-rwx" in bad[0].fix
    os.chmod(root, 0o777)
    os.chmod(root / "iids" / "inbound", 0o733)
    bad = {c.name: c for c in check_exchange(HubSettings(exchange=root)) if not c.ok}
    assert "#1225" in bad["uitwisselmap"].detail
    assert bad["uitwisselmap iids/inbound"].fix.startswith(f"chmod {INBOUND_MODE:o}")
    assert COURSE_MODE == 0o2755


def test_deduce_cache_must_be_read_only_for_students(tmp_path):
    cache = tmp_path / "deduce"
    cache.mkdir(mode=0o755)
    pickle = cache / "lookup.pickle"
    pickle.write_bytes(b"x")
    os.chmod(pickle, 0o644)
    os.chmod(cache, 0o755)
    good = check_deduce_cache(HubSettings(deduce_cache=cache))
    assert good.ok and "1 pickle" in good.detail
    os.chmod(pickle, 0o666)
    bad = check_deduce_cache(HubSettings(deduce_cache=cache))
    assert not bad.ok and "schrijfbaar voor anderen" in bad.detail and "go-w" in bad.fix
    os.chmod(pickle, 0o600)
    assert "niet leesbaar" in check_deduce_cache(HubSettings(deduce_cache=cache)).detail


def test_vault_outside_shared_folders(tmp_path):
    shared = tmp_path / "exchange"
    shared.mkdir()
    assert not check_vault(HubSettings(exchange=shared), shared / "iids" / "kluis").ok
    course = tmp_path / "cursus"
    assert not check_vault(HubSettings(course_dir=course), course / "kluis").ok
    private = tmp_path / "home" / "kluis"
    private.mkdir(parents=True, mode=0o700)
    os.chmod(private, 0o700)
    assert check_vault(HubSettings(exchange=shared, course_dir=course), private).ok
    os.chmod(private, 0o755)
    assert "chmod 700" in check_vault(HubSettings(exchange=shared), private).fix
    world = tmp_path / "open"
    world.mkdir()
    os.chmod(world, 0o777)
    assert "iedereen mag schrijven" in check_vault(HubSettings(), world / "kluis").detail


def _load_deploy(monkeypatch, tmp_path, **env) -> Config:
    import jupyterhub.spawner

    # the config replaces the spawners' random_port in this process: undo that afterwards
    monkeypatch.setattr(jupyterhub.spawner, "random_port", jupyterhub.spawner.random_port)
    monkeypatch.setenv("IIDS_HUB_ROLE_CONFIG", str(tmp_path / "etc"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    c = Config()
    runpy.run_path(str(DEPLOY), init_globals={"get_config": lambda: c})
    return c


def test_deploy_config_gives_each_role_its_nbgrader(monkeypatch, tmp_path):
    c = _load_deploy(monkeypatch, tmp_path, IIDS_HUB_INSTRUCTORS="docent,tweede",
                     IIDS_HUB_STUDENTS="zz-geen-gebruiker-1,zz-geen-gebruiker-2",
                     IIDS_HUB_EXCHANGE="/srv/x")
    assert c.Authenticator.allowed_users == {"docent", "tweede", "zz-geen-gebruiker-1",
                                             "zz-geen-gebruiker-2"}
    assert c.JupyterHub.load_groups["docenten"]["users"] == ["docent", "tweede"]
    assert c.Spawner.environment["LANG"] == "nl_NL.UTF-8"
    assert c.Spawner.default_url == "/lab"
    checks = check_roles(HubSettings(role_config=tmp_path / "etc"))
    assert all(ch.ok for ch in checks), [ch.line() for ch in checks]
    import json

    for role in ("student", "docent"):  # JupyterLab's English news pop-up is off for everyone
        page = json.loads((tmp_path / "etc" / role / "labconfig" / "page_config.json").read_text())
        assert page["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"]
    student_cfg = (tmp_path / "etc" / "student" / "nbgrader_config.py").read_text()
    assert "configure_exchange(c, root='/srv/x'" in student_cfg
    assert "CourseDirectory.root" not in student_cfg
    # the student's nbgrader config really selects the private exchange
    cfg = Config()
    exec(compile(student_cfg, "nbgrader_config.py", "exec"), {"get_config": lambda: cfg})
    assert cfg.ExchangeFactory.submit == "kit.hub.exchange.PrivateExchangeSubmit"

    class FakeSpawner:
        environment: dict = {}

        class user:
            name = "zz-geen-gebruiker-1"  # no such Unix user: the hook changes no home folder

    spawner = FakeSpawner()
    spawner.environment = {}
    c.Spawner.pre_spawn_hook(spawner)
    assert spawner.environment["JUPYTER_CONFIG_PATH"].endswith("/student")
    assert spawner.environment["TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR"] == "1"
    # a broken role folder is reported
    (tmp_path / "etc" / "student" / "jupyter_server_config.json").write_text(
        '{"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": true}}}')
    bad = [ch for ch in check_roles(HubSettings(role_config=tmp_path / "etc")) if not ch.ok]
    assert bad and "formgrader aan" in bad[0].detail


def test_homes_of_unknown_students_are_not_an_error():
    check = check_homes(HubSettings(students=["bestaat-echt-niet-xyz"]))
    assert check.ok and "nog nooit ingelogd: 1" in check.detail


def test_cli_doctor_and_prepare(tmp_path, capsys):
    status = main(["hub", "doctor", "--exchange", str(tmp_path / "geen"),
                   "--role-config", str(tmp_path), "--deduce-cache", str(tmp_path / "d")])
    out = capsys.readouterr().out
    assert status == 1
    assert "[FOUT] uitwisselmap" in out and "oplossing: iids hub prepare" in out
    assert "in orde." in out
    assert main(["hub", "prepare", "--exchange", str(tmp_path / "x"),
                 "--owner", "bestaat-echt-niet-xyz"]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_run_hub_checks_never_crashes(tmp_path):
    checks = run_hub_checks(HubSettings(exchange=tmp_path / "nee", role_config=tmp_path,
                                        deduce_cache=tmp_path / "nee"))
    assert {c.name for c in checks} >= {"uitwisselmap", "kluis", "Nederlandse interface"}


@pytest.mark.skipif(os.geteuid() != 0, reason="nodig: root (chown naar een andere groep)")
def test_prepare_as_root_sets_owner_and_group(tmp_path):
    root = prepare_root(tmp_path / "ex", "iids", owner=0, group=0)
    assert (root / "iids").stat().st_mode & 0o7777 == COURSE_MODE


def test_deploy_config_never_gives_two_servers_one_port(monkeypatch, tmp_path):
    import socket
    from concurrent.futures import ThreadPoolExecutor

    import jupyterhub.spawner
    from jupyterhub.spawner import LocalProcessSpawner

    taken = socket.socket()
    taken.bind(("", 0))  # a port something else listens on ...
    low = taken.getsockname()[1]
    with taken:
        # ... at the bottom of a range of four ports
        c = _load_deploy(monkeypatch, tmp_path, IIDS_HUB_PORTS=f"{low}-{low + 3}")
        pick = jupyterhub.spawner.random_port  # what LocalProcessSpawner and SystemdSpawner call
        assert pick.__name__ == "pick_port"
        with ThreadPoolExecutor(max_workers=8) as pool:  # a class logging in at once
            ports = list(pool.map(lambda _: pick(), range(8)))
    assert len(set(ports)) == 8  # jupyterhub's own random_port may repeat itself (#3005)
    in_range = [p for p in ports if low <= p <= low + 3]
    assert low not in ports and 1 <= len(in_range) <= 3  # the rest: ports the kernel picked

    # a restarted LocalProcessSpawner gets a fresh port instead of keeping its old one
    class Spawner(LocalProcessSpawner):
        class user:
            name = "zz-geen-gebruiker-1"

    spawner = Spawner()
    spawner.port = ports[0]
    c.Spawner.pre_spawn_hook(spawner)
    assert spawner.port not in ports


def test_formgrader_check_reads_the_course_teams_server_root(monkeypatch, tmp_path):
    import grp

    from kit.hub.doctor import check_formgrader

    course = tmp_path / "srv" / "assignments"
    course.mkdir(parents=True)
    _load_deploy(monkeypatch, tmp_path, IIDS_HUB_INSTRUCTORS="docent", IIDS_HUB_COURSE_DIR=str(course))
    docent_cfg = (tmp_path / "etc" / "docent" / "nbgrader_config.py").read_text()
    assert "share_course_files(" in docent_cfg and "users=['iids-sb-01', " in docent_cfg \
        and "'iids-sb-08'], lock_dir='/var/lib/iids-hub/zandbak'" in docent_cfg
    group = grp.getgrgid(os.getgid()).gr_name
    os.chmod(course, 0o2770)
    (course / "gradebook.db").write_text("")
    os.chmod(course / "gradebook.db", 0o644)  # a lecturer's umask 022: the second grader cannot write
    settings = HubSettings(role_config=tmp_path / "etc", course_dir=course, graders_group=group)
    checks = check_formgrader(settings)
    assert checks[0].ok, checks[0].line()
    assert not checks[1].ok and "gradebook.db (644)" in checks[1].detail
    os.chmod(course / "gradebook.db", 0o660)
    assert all(c.ok for c in check_formgrader(settings))
    # the old deploy config: the server's root is the home folder, the course lies outside
    server = tmp_path / "etc" / "docent" / "jupyter_server_config.json"
    server.write_text('{"ServerApp": {"jpserver_extensions": {}}}')
    [broken] = check_formgrader(settings)
    assert not broken.ok and "foutpagina" in broken.detail


def test_doctor_reads_the_env_file_with_comments(tmp_path, capsys):
    env = tmp_path / "iids-hub.env"
    env.write_text((DEPLOY.parent / "iids-hub.env").read_text().replace(
        "IIDS_HUB_EXCHANGE=/srv/nbgrader/exchange", f"IIDS_HUB_EXCHANGE={tmp_path / 'geen'}"))
    status = main(["hub", "doctor", "--env-file", str(env)])
    out = capsys.readouterr().out
    assert status == 1 and str(tmp_path / "geen") in out
    # the lecturers' vaults, not the caller's
    assert "kluis van jupyter-docent" in out or "kluis van docent" in out
    env.write_text("IIDS_HUB_COURSE_ID=iids\nDIT IS GEEN REGEL\n")
    assert main(["hub", "doctor", "--env-file", str(env)]) == 2
    err = capsys.readouterr().err
    assert "regel 2" in err and "iids-hub.env" in err and "Traceback" not in err


def test_sandbox_switched_off_is_an_error():
    from kit.hub.doctor import check_sandbox

    [check] = check_sandbox(HubSettings(sandbox_user="uit"))
    assert not check.ok and "als de docent" in check.detail


@pytest.mark.skipif(os.geteuid() != 0, reason="nodig: root (maakt echte Unix-gebruikers)")
def test_prepare_makes_the_sandbox_pool_the_dutch_panel_and_the_alert_folder(unix_users,
                                                                              tmp_path, capsys):
    import json
    import pwd
    import subprocess

    from kit.hub.doctor import check_alerts, check_lab_panel, check_sandbox
    from kit.hub.pool import pool_names

    group = unix_users.group("dc")
    owner = unix_users.user("docent", (group,))
    prefix = unix_users.prefix + "sb"
    pool = pool_names(prefix, 3)
    alert_log = tmp_path / "log" / "meldingen.log"
    settings = HubSettings(role_config=tmp_path / "etc", sandbox_user=prefix, sandbox_pool=3,
                           sandbox_locks=tmp_path / "sloten", graders_group=group,
                           instructors=[owner], alert_log=alert_log)
    # before: doctor names what the administrator would miss
    [sandbox] = check_sandbox(settings, run=False)
    assert not sandbox.ok and pool[0] in sandbox.detail and "iids hub prepare" in sandbox.fix
    panel = check_lab_panel(settings)
    assert not panel.ok and "Engelse paneel" in panel.detail and "iids hub prepare" in panel.fix
    assert not check_alerts(settings).ok
    sudoers = Path("/etc/sudoers.d") / f"{unix_users.prefix}-zandbak"
    args = ["hub", "prepare", "--exchange", str(tmp_path / "ex"), "--owner", owner,
            "--group", group, "--role-config", str(tmp_path / "etc"), "--zandbak-pool", "3",
            "--zandbak-voorvoegsel", prefix, "--zandbak-sloten", str(tmp_path / "sloten"),
            "--sudoers", str(sudoers), "--meldingen", str(alert_log)]
    try:
        status = main(args)
        unix_users.users.extend(pool)  # removed at the end
        out = capsys.readouterr().out
        assert status == 0, out
        assert f"{pool[0]} .. {pool[-1]} (3 nieuw" in out
        for name in pool:
            info = pwd.getpwnam(name)
            assert info.pw_shell.endswith("nologin") and not os.path.exists(info.pw_dir)
            assert info.pw_uid != 0 and os.getgrouplist(name, info.pw_gid) == [info.pw_gid]
        # the rule names exactly the pool's users, and only unshare
        rules = subprocess.run(["sudo", "-n", "-l", "-U", owner], capture_output=True,
                               text=True).stdout
        [line] = [ln for ln in rules.splitlines() if "NOPASSWD" in ln]
        assert line.split("NOPASSWD:")[1].strip() == shutil.which("unshare"), line
        assert sorted(line[line.index("(") + 1:line.index(")")].split(", ")) == pool, line
        assert os.stat(sudoers).st_mode & 0o777 == 0o440
        # now doctor finds all three in order
        assert all(c.ok for c in check_sandbox(settings, run=False)), \
            [c.line() for c in check_sandbox(settings, run=False)]
        assert check_lab_panel(settings).ok and check_alerts(settings).ok
        # a second prepare creates no one and keeps the rule
        assert main(args) == 0 and "(0 nieuw" in capsys.readouterr().out
        # an nbgrader update brings the English panel back: doctor says so
        package = tmp_path / "etc" / "labextensions" / "@jupyter" / "nbgrader" / "package.json"
        data = json.loads(package.read_text())
        data["version"] = "0.0.1"
        package.write_text(json.dumps(data))
        panel = check_lab_panel(settings)
        assert not panel.ok and "0.0.1" in panel.detail and "update van nbgrader" in panel.fix
        # a grader outside the rule (a pool user removed from it) is named
        sudoers.chmod(0o640)
        sudoers.write_text(f"%{group} ALL=({pool[0]}) NOPASSWD: {shutil.which('unshare')}\n")
        sudoers.chmod(0o440)
        bad = [c for c in check_sandbox(settings, run=False) if not c.ok]
        assert bad and owner in bad[0].detail and "sudo" in bad[0].name
    finally:
        sudoers.unlink(missing_ok=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="nodig: root (maakt echte Unix-gebruikers)")
def test_doctor_tries_the_course_environment_as_a_student(unix_users):
    import subprocess
    import sys

    from kit.hub.doctor import check_course_env
    from kit.hub.localhub import private_ancestors

    student = unix_users.user("st")  # may enter the environment's folders (as on a server)
    env = Path(sys.executable).parent
    check = check_course_env(HubSettings(students=[student], user_env=env))
    assert check.ok and student in check.detail, check.line()
    closed = private_ancestors([env / "python"])
    if not closed:
        pytest.skip("de cursusomgeving ligt hier niet onder een privémap")
    # a user the environment's private folder keeps out: the servers would not start
    outsider = unix_users.prefix + "bt"
    subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/bash", outsider], check=True)
    unix_users.users.append(outsider)
    check = check_course_env(HubSettings(students=[outsider], user_env=env))
    assert not check.ok and outsider in check.detail and str(closed[0]) in check.detail
    assert "chmod o+x" in check.fix
