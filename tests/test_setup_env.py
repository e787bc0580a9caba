"""``iids setup`` (kit.setup_env): Dutch JupyterLab for the environment, once, keeping the rest."""

from __future__ import annotations

import json

from kit.cli import main
from kit.setup_env import dutch_interface_set, lab_overrides_path, set_dutch_interface

PLUGIN = "@jupyterlab/translation-extension:plugin"


def test_overrides_live_in_the_environment(tmp_path):
    assert lab_overrides_path(str(tmp_path)) == (
        tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json")


def test_dutch_is_set_once_and_other_settings_stay(tmp_path):
    path = lab_overrides_path(str(tmp_path))
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({PLUGIN: {"locale": "en", "andere": 1},
                                "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}))
    assert not dutch_interface_set(str(tmp_path))
    assert set_dutch_interface(str(tmp_path)) is True
    assert set_dutch_interface(str(tmp_path)) is False
    data = json.loads(path.read_text())
    assert data[PLUGIN] == {"locale": "nl_NL", "andere": 1}
    assert data["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert dutch_interface_set(str(tmp_path))


def test_a_broken_overrides_file_is_replaced(tmp_path):
    path = lab_overrides_path(str(tmp_path))
    path.parent.mkdir(parents=True)
    path.write_text("{kapot")
    assert set_dutch_interface(str(tmp_path)) is True
    assert json.loads(path.read_text()) == {PLUGIN: {"locale": "nl_NL"}}


def test_setup_twice_reports_every_step_in_dutch(capsys):
    """In the test environment, set up by ``make``: every step is already done and says so."""
    assert main(["setup", "--zonder-deduce"]) == 0
    out = capsys.readouterr().out
    assert "JupyterLab: staat al in het Nederlands" in out
    assert "notebooks: kit.notebook staat al aan" in out
    assert "nbgrader: serverextensie staat aan" in out
