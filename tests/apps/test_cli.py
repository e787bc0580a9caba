"""``iids apps ...`` (kit.apps.cli): a session link that the form accepts, Dutch refusals."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

from kit.apps.cli import NOTEBOOKS, app_env, notebook_path, voila_command
from kit.apps.links import read_token, token_from_query, vault_key
from kit.cli import main
from kit.privacy.vault import open_vault


def test_link_is_accepted_by_the_form_with_the_same_vault(tmp_path, capsys):
    vault = tmp_path / "kluis"
    assert main(["apps", "link", "--verzamelaar", "S-07", "--geldig", "2u", "--gemeenschap",
                 " buurtbewoners ", "--kluis", str(vault), "--adres", "http://telefoon.example.org/"]) == 0
    out = capsys.readouterr()
    url = out.out.strip()
    assert url.startswith("http://telefoon.example.org/?sessie=")
    session = read_token(token_from_query(urlparse(url).query), vault_key(open_vault(vault)),
                         now=time.time())
    assert (session.collector, session.community) == ("S-07", "buurtbewoners")
    assert 7000 < session.expires - time.time() <= 7200
    assert out.err.startswith("Geldig tot ") and session.session in out.err


@pytest.mark.parametrize("args, message", [
    (["link", "--verzamelaar", "S-07", "--geldig", "morgen"], "'morgen' is geen duur"),
    (["link", "--verzamelaar", "S-07", "--geldig", "30d"], "twee weken"),
    (["wand", "--werkmap", "/bestaat/niet/iids"], "deze werkmap bestaat niet"),
])
def test_bad_input_is_one_dutch_line_with_exit_2(tmp_path, capsys, args, message):
    code = main(["apps", *args, "--kluis", str(tmp_path / "kluis")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_voila_serves_the_app_notebook_without_code_or_tracebacks():
    for app, name in NOTEBOOKS.items():
        assert notebook_path(app).is_file() and notebook_path(app).name == name
    cmd = voila_command("formulier", port=9001, ip="0.0.0.0", base_url="/wand/")
    assert cmd[3] == str(notebook_path("formulier"))
    for flag in ("--no-browser", "--port=9001", "--Voila.ip=0.0.0.0", "--Voila.base_url=/wand/",
                 "--template=iids", "--VoilaConfiguration.show_tracebacks=False"):
        assert flag in cmd


def test_app_environment_points_at_the_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("IIDS_WAND_DEMO", "/oud")
    env = app_env(tmp_path / "mijn-werk")
    assert env["IIDS_WERKMAP"] == str((tmp_path / "mijn-werk").resolve())
    assert "IIDS_WAND_DEMO" not in env
    assert env["JUPYTER_PATH"].split(":")[0].endswith("jupyter")
    env = app_env("w", demo=str(tmp_path / "demo"))
    assert env["IIDS_WAND_DEMO"] == str((tmp_path / "demo").resolve())


def test_handout_of_the_demo_wall(tmp_path, capsys):
    """``iids apps hand-out --demo``: one printable page, through the gate, no ids, counts >= 10."""
    import re

    from kit.cli import main

    target = tmp_path / "wand.html"
    assert main(["apps", "hand-out", "--demo", str(tmp_path / "demo"), "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "@media print" in page and page.count("<img") >= 3
    assert "Rondetafelgesprek met twee banken" in page  # the record's agreements
    assert not re.search(r"\bN-\d{6}-\d{4}\b|\bP-\d{4}-\d{4}\b", page)
    counts = [int(n) for n in re.findall(r"<td>(\d+)</td>", page)]
    assert counts and min(counts) >= 10
