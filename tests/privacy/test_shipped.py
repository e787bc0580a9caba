"""The kit's own synthetic texts: the manifest of their hashes is current."""

from __future__ import annotations

from pathlib import Path

from kit.cli import main
from kit.privacy.shipped import MANIFEST, build_manifest, shipped_hashes, stale_units

ROOT = Path(__file__).resolve().parents[2]


def test_every_marked_text_of_the_repository_is_in_the_manifest():
    """Fails when a synthetic cell, row or marked region changed without updating the list
    (run: iids privacy eigen-teksten --bijwerken)."""
    assert stale_units(ROOT) == []
    assert MANIFEST.is_file() and len(shipped_hashes()) >= 50


def test_the_manifest_holds_hashes_only_and_the_command_checks_it(tmp_path, capsys):
    text = MANIFEST.read_text(encoding="utf-8")
    assert "Fatima" not in text and "06-" not in text
    assert main(["privacy", "eigen-teksten"]) == 0
    assert "bij" in capsys.readouterr().out
    assert set(build_manifest(ROOT)) <= shipped_hashes()
