"""Worksheets: Fairclough's three dimensions, stock story versus counter-story."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.analysis.worksheets import (
    counter_story_template,
    fairclough_worksheet,
    pick_quotes,
    save_worksheet,
)
from kit.errors import InputError

MINE = pd.DataFrame({"id": ["N-1", "N-2", "N-3"],
                     "text": ["Ik bepaal zelf mijn tijden. De bank zei nee.",
                              "Mijn collega's brachten soep. We lachten veel.",
                              "[PERSOON-3f2a] hielp me met de brief van de gemeente."]})
CODINGS = pd.DataFrame({"document": ["N-1", "N-2"], "start": [0, 30], "end": [27, 46],
                        "code": ["eigen-regie", "humor-veerkracht"], "coder": "A", "memo": ""})


def test_fairclough_worksheet_has_three_dimensions_and_the_devices():
    sheet = fairclough_worksheet("dd01")
    for heading in ("## 1. Tekst", "## 2. Discursieve praktijk", "## 3. Sociale praktijk"):
        assert heading in sheet
    assert "| passief | wordt de komende jaren verder teruggedrongen |" in sheet
    assert "synthetisch" in sheet and "<details>" in sheet


def test_worksheet_for_an_own_text_and_bad_choice():
    assert "Eigen tekst" in fairclough_worksheet(text="De wijk moet veiliger worden.")
    with pytest.raises(InputError, match="dd99"):
        fairclough_worksheet("dd99")
    with pytest.raises(InputError):
        fairclough_worksheet()


def test_counter_story_quotes_own_coded_passages():
    sheet = counter_story_template(MINE, stock_text_id="dd02", codings=CODINGS,
                                   codes=["eigen-regie", "humor-veerkracht"], n_quotes=2)
    assert "> Ik bepaal zelf mijn tijden." in sheet and "> We lachten veel." in sheet
    assert "## 3. Jouw tegenverhaal" in sheet and "toestemming" in sheet
    assert pick_quotes(MINE, n=5, seed=3) and len(pick_quotes(MINE, n=5, seed=3)) == 3
    with pytest.raises(InputError, match="nog geen narratieven"):
        pick_quotes(MINE.iloc[0:0])


def test_save_worksheet(tmp_path):
    path = save_worksheet(fairclough_worksheet("dd03"), tmp_path / "mijn-werk" / "werkblad-dd03.md")
    assert path.read_text().startswith("# Werkblad Fairclough")
    with pytest.raises(InputError):
        save_worksheet("  ", tmp_path / "leeg.md")


def test_quotes_with_leftover_personal_data_are_skipped():
    leaky = pd.DataFrame({"id": ["N-9"], "text": ["Bel me op 06-12345678. Ik werk graag met mijn handen."]})
    quotes = pick_quotes(leaky, n=2)
    assert quotes == [("N-9", "Ik werk graag met mijn handen.")]
    codings = pd.DataFrame({"document": ["N-9"], "start": [0], "end": [22], "code": ["x"], "coder": "A"})
    assert all("06-12345678" not in q for _, q in pick_quotes(leaky, codings=codings, codes=["x"], n=1))
