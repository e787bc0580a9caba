"""The vault refuses locations that could leak raw data."""

from __future__ import annotations

import stat
import subprocess

import pytest

from kit.errors import InputError
from kit.privacy.vault import check_vault_location, open_vault


def test_created_private(tmp_path):
    vault = open_vault(tmp_path / "a" / "kluis")
    assert stat.S_IMODE(vault.path.stat().st_mode) == 0o700


def test_refuses_readable_by_others(tmp_path):
    folder = tmp_path / "kluis"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with pytest.raises(InputError, match="leesbaar of schrijfbaar voor anderen"):
        open_vault(folder)


def test_refuses_git_work_tree(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    with pytest.raises(InputError, match="git-map"):
        open_vault(tmp_path / "repo" / "data" / "kluis")
    assert not (tmp_path / "repo" / "data").exists()


def test_allows_git_ignored_folder(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("kluis/\n")
    assert open_vault(repo / "kluis").path.name == "kluis"


@pytest.mark.parametrize("layout, message", [
    (("nbgrader_config.py",), "nbgrader-cursusmap"),
    (("inbound/", "outbound/"), "uitwisselmap"),
    (("source/", "release/"), "nbgrader-cursusmap"),
])
def test_refuses_nbgrader_folders(tmp_path, layout, message):
    course = tmp_path / "cursus"
    course.mkdir()
    for item in layout:
        if item.endswith("/"):
            (course / item).mkdir()
        else:
            (course / item).write_text("")
    with pytest.raises(InputError, match=message):
        check_vault_location(course / "privé" / "kluis")


def test_refuses_work_folder(tmp_path):
    with pytest.raises(InputError, match="mijn-werk"):
        open_vault(tmp_path / "mijn-werk" / "kluis")


def test_refuses_a_file(tmp_path):
    (tmp_path / "kluis").write_text("")
    with pytest.raises(InputError, match="moet een map zijn"):
        open_vault(tmp_path / "kluis")
