"""``iids doctor`` (kit.doctor): each finding with its fix, exit 1 when something is wrong.

The test environment is set up by ``make`` (``make test`` runs setup first): there every check
passes, so a check that starts failing on a good installation fails here.
"""

from __future__ import annotations

import os

from kit.cli import main
from kit.doctor import Check, run_checks


def _by_name():
    return {c.name: c for c in run_checks()}


def test_a_set_up_environment_passes_every_check(capsys):
    checks = run_checks()
    assert [c.name for c in checks] == ["python", "pakketten", "deduce-tabellen",
                                        "Nederlandse interface", "nbgrader", "getekende widgets",
                                        "kluis"]
    assert [c.line() for c in checks if not c.ok] == []
    assert main(["doctor"]) == 0
    assert capsys.readouterr().out.endswith("\nAlles staat klaar.\n")


def test_a_vault_readable_by_others_fails_with_its_fix(tmp_path, monkeypatch, capsys):
    vault = tmp_path / "kluis"
    vault.mkdir(mode=0o755)
    vault.chmod(0o755)
    monkeypatch.setenv("IIDS_VAULT", str(vault))
    check = _by_name()["kluis"]
    assert not check.ok
    assert check.detail.startswith(f"{vault}: de kluis is leesbaar of schrijfbaar voor anderen "
                                   "(rechten 755)")
    assert check.fix == f"chmod 700 {vault} of kies een andere map met IIDS_VAULT"
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert f"[FOUT] kluis: {vault}: de kluis is leesbaar" in out
    assert f"       oplossing: chmod 700 {vault} of kies" in out and out.endswith("6 van 7 in orde.\n")


def test_an_absent_vault_is_fine_and_not_created(tmp_path, monkeypatch):
    monkeypatch.setenv("IIDS_VAULT", str(tmp_path / "nog-geen-kluis"))
    check = _by_name()["kluis"]
    assert check.ok and "wordt bij eerste gebruik aangemaakt" in check.detail
    assert not (tmp_path / "nog-geen-kluis").exists()


def test_deduce_tables_missing_or_writable_for_others(tmp_path, monkeypatch):
    from kit.privacy import engine

    monkeypatch.setenv("IIDS_DEDUCE_CACHE", str(tmp_path / "deduce"))
    check = _by_name()["deduce-tabellen"]
    assert not check.ok and check.detail.startswith("nog niet gebouwd") and check.fix == "iids setup"
    table = engine.fast_cache_file()
    table.parent.mkdir(parents=True)
    table.write_bytes(b"x")
    os.chmod(table, 0o664)
    check = _by_name()["deduce-tabellen"]
    assert not check.ok and check.detail == f"{table} is schrijfbaar voor anderen"
    assert check.fix == f"chmod go-w {table}"


def test_a_line_shows_the_fix_only_when_failed():
    assert Check("x", True, "goed", "doe iets").line() == "[ok]   x: goed"
    assert Check("x", False, "kapot", "doe iets").line() == "[FOUT] x: kapot\n       oplossing: doe iets"
    assert Check("x", False, "kapot").line() == "[FOUT] x: kapot"
