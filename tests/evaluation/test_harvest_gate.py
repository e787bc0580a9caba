"""The harvest's two checks: the written harvest is checked for what the artefact check did
not already pass, and anything new in it (a name in any cell) is still refused, loudly.

The artefact check (``harvest_course``) and the check of the written files
(``write_harvest`` -> ``verify_published``) share the gate's verdicts per text
(:class:`kit.privacy.verdicts.TextVerdicts`); see ``tests/privacy/test_text_verdicts.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.evaluation.harvest import harvest_course, write_harvest
from kit.privacy import verdicts
from kit.privacy.gate import GateRefused, verify_published

KEY = b"sleutel-voor-de-tests-0123456789"
pytestmark = pytest.mark.slow

#: A made-up name no word list knows (see kit/privacy/corpus.py) and a sentence carrying it.
NAME = "Awet Kidane"
SENTENCE = f"Gisteren belde {NAME} me nog over de brief."


@pytest.fixture()
def cohort(synthetic_pair, tmp_path, monkeypatch) -> Path:
    """A private copy of a synthetic cohort, an empty kit cache and no verdicts in memory (a
    first harvest: an earlier test in this process may have harvested the same cohort)."""
    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(verdicts, "_TEXT_VERDICTS", {})
    target = tmp_path / "cohort"
    shutil.copytree(synthetic_pair["2023-2024"], target)
    return target


def test_the_written_harvest_is_not_scanned_again_for_the_texts_just_passed(
        cohort, tmp_path, count_scans):
    harvest = harvest_course(cohort, key=KEY)
    texts = [t for t in harvest.tables["narratives"]["text"].tolist() if len(t) > 20]
    assert len(texts) > 20
    seen = count_scans()
    written = write_harvest(harvest, tmp_path / "oogst")
    assert any(p.name == "narratives.csv" for p in written)
    assert seen  # the new cells (codes, assignment names, grades) are scanned
    scanned = "\n".join(seen)
    assert not [t for t in texts if t in scanned]


@pytest.mark.parametrize("column", ["text", "title", "community", "language"])
def test_a_name_in_any_cell_of_the_written_harvest_is_refused(cohort, tmp_path, column):
    harvest = harvest_course(cohort, key=KEY)
    narratives = harvest.tables["narratives"]
    row = len(narratives) // 2
    value = narratives.loc[row, column]
    narratives.loc[row, column] = SENTENCE if column != "text" else f"{value} {SENTENCE}"
    out = tmp_path / "oogst"
    with pytest.raises(GateRefused) as refused:
        write_harvest(harvest, out)
    assert f"kolom '{column}'" in str(refused.value) and NAME not in str(refused.value)
    assert not list(out.glob("*.csv"))  # nothing half-safe stays behind


def test_a_name_put_into_the_written_files_is_refused(cohort, tmp_path):
    harvest = harvest_course(cohort, key=KEY)
    out = tmp_path / "oogst"
    written = write_harvest(harvest, out)  # passes, and its texts are now known
    narratives = out / "narratives.csv"
    lines = narratives.read_text(encoding="utf-8").split("\n")
    story = harvest.tables["narratives"]["text"].tolist()[3]
    changed = [i for i, line in enumerate(lines) if story in line][0]
    lines[changed] = lines[changed].replace(story, story.replace(" ", f" {NAME} ", 1), 1)
    narratives.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(GateRefused, match="PERSOON"):
        verify_published(written, "de oogst")
    assert not narratives.exists()
