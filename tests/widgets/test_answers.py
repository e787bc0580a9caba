"""Free-text answers ("Schrijf hier je antwoord") are saved in the workspace and come back.

Found in the course walk: text typed in the answer boxes was never saved; after a restart
it was gone.
"""

from __future__ import annotations

import yaml

from kit.widgets.selfcheck import reveal


def test_a_written_answer_is_saved_and_comes_back_after_a_rerun(tmp_path, monkeypatch):
    monkeypatch.setenv("IIDS_WERKMAP", str(tmp_path / "mijn-werk"))
    box = reveal("Waarom is 'goed - slecht - neutraal' geen handige driehoek?", "Omdat ...")
    box.answer.value = "Omdat mensen dan het nette antwoord kiezen."
    saved = yaml.safe_load((tmp_path / "mijn-werk" / "antwoorden.yaml").read_text(encoding="utf-8"))
    (entry,) = saved.values()
    assert entry["vraag"].startswith("Waarom is 'goed")
    assert entry["antwoord"] == "Omdat mensen dan het nette antwoord kiezen."
    again = reveal("Waarom is 'goed - slecht - neutraal' geen handige driehoek?", "Omdat ...")
    assert again.answer.value == "Omdat mensen dan het nette antwoord kiezen."
    other = reveal("Een andere vraag?", "Ja.")
    assert other.answer.value == ""
    other.answer.value = "Nee."
    saved = yaml.safe_load((tmp_path / "mijn-werk" / "antwoorden.yaml").read_text(encoding="utf-8"))
    assert len(saved) == 2
