"""Faker's name lists ship with the kit (Faker is the demo extra, not a runtime dependency):
the shipped files equal what the installed Faker gives, and the lexicon builds without Faker."""

from __future__ import annotations

import sys

from kit.config import data_path
from kit.privacy import names


def test_the_shipped_lists_equal_fakers_own(tmp_path):
    """Fails after a Faker upgrade until ``python -m kit.privacy.names`` rewrote the files."""
    first, last = names.faker_names()
    assert names._shipped_faker_names() == (first, last)
    assert "Gheorghe" in first and "Popescu" in last
    for written, name in zip(names.write_faker_names(tmp_path), names.FAKER_FILES, strict=True):
        assert written.read_bytes() == data_path("privacy", name).read_bytes(), name


def test_the_lexicon_builds_without_faker(monkeypatch):
    monkeypatch.setitem(sys.modules, "faker", None)  # import faker now raises ImportError
    monkeypatch.setitem(sys.modules, "faker.decode", None)
    payload = names.build_lexicon()
    assert {"gheorghe", "hristo", "mykola"} <= set(payload["first"])
    assert "shevchenko" in payload["last"]


def test_the_lexicons_key_follows_the_shipped_lists(monkeypatch, tmp_path):
    before = names._sources_key()
    for name in names.FAKER_FILES:
        (tmp_path / name).write_bytes(data_path("privacy", name).read_bytes())
    (tmp_path / names.FAKER_FILES[0]).write_text("# leeg\nAna\n", encoding="utf-8")
    import kit.config

    real = kit.config.data_path
    monkeypatch.setattr(kit.config, "data_path",
                        lambda *parts: tmp_path / parts[-1] if parts[-1] in names.FAKER_FILES
                        else real(*parts))
    assert names._sources_key() != before
