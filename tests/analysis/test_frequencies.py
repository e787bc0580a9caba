"""Code frequencies and codes against signifiers (kit.analysis.frequencies); co-occurrence is in
test_cooccurrence.py."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.analysis.codebook import load_codebook
from kit.analysis.frequencies import (
    code_frequencies,
    code_signifier_means,
    codes_by_signifier,
    dominant_corner,
    period_of,
    publishable,
)
from kit.errors import InputError

NARRATIVES = pd.DataFrame({
    "id": ["n1", "n2", "n3", "n4"],
    "community": ["sekswerkers", "sekswerkers", "woonwageninwoners", "vluchtelingen"],
    "setting": ["gesprek", "online", "gesprek", "gesprek"],
    "month": ["2025-09", "2025-10", "2026-01", "2026-02"],
    "text": ["x" * 50] * 4,
    "steun.ikzelf": [0.9, 0.1, 0.2, None], "steun.eigen_kring": [0.05, 0.8, 0.3, None],
    "steun.instanties": [0.05, 0.1, 0.5, None],
})
CODINGS = pd.DataFrame({
    "document": ["n1", "n1", "n1", "n2", "n3", "n4"], "start": [0, 20, 25, 0, 0, 0],
    "end": [10, 30, 35, 10, 10, 10],
    "code": ["geldzaken-bank", "geldzaken-bank", "stigma-oordeel", "netwerk-vriendschap", "wonen", "wonen"],
    "coder": "A", "memo": ""})


def test_frequencies_count_narratives_not_segments():
    table = code_frequencies(CODINGS, NARRATIVES, by="community")
    assert table.loc["geldzaken-bank", "sekswerkers"] == 1
    segments = code_frequencies(CODINGS, NARRATIVES, by="community", unit="segment")
    assert segments.loc["geldzaken-bank", "sekswerkers"] == 2


def test_frequencies_by_period_setting_top_level_and_relative():
    book = load_codebook("erbij-horen-en-uitsluiting")
    by_half = code_frequencies(CODINGS, NARRATIVES, by="period", per="halfjaar")
    assert list(by_half.columns) == ["2025-H2", "2026-H1"]
    top = code_frequencies(CODINGS, NARRATIVES, by="setting", codebook=book, top_level=True)
    assert top.loc["uitsluiting-voorzieningen", "gesprek"] == 3
    assert list(top.index) == [c.id for c in book.children(None)]
    rel = code_frequencies(CODINGS, NARRATIVES, by="community", relative=True)
    assert rel.loc["geldzaken-bank", "sekswerkers"] == pytest.approx(0.5)


def test_unknown_narrative_and_bad_month():
    bad = pd.concat([CODINGS, pd.DataFrame([{"document": "n9", "start": 0, "end": 1, "code": "wonen",
                                              "coder": "A", "memo": ""}])])
    with pytest.raises(InputError, match="n9"):
        code_frequencies(bad, NARRATIVES)
    with pytest.raises(InputError, match="JJJJ-MM"):
        period_of("sept 2025")


def test_codes_against_triad_corners():
    assert dominant_corner(NARRATIVES, "steun").tolist() == ["ikzelf", "eigen_kring", "instanties",
                                                             "geen antwoord"]
    table = codes_by_signifier(CODINGS, NARRATIVES, "steun")
    assert table.loc["geldzaken-bank", "ikzelf"] == 1
    assert table.loc["wonen"].to_dict() == {"ikzelf": 0, "eigen_kring": 0, "instanties": 1, "midden": 0,
                                            "geen antwoord": 1}
    means = code_signifier_means(CODINGS, NARRATIVES, "steun")
    assert means.loc["geldzaken-bank", "ikzelf"] == pytest.approx(0.9)
    with pytest.raises(InputError, match="signifier 'gevoel'"):
        codes_by_signifier(CODINGS, NARRATIVES, "gevoel")


def test_publishable_hides_small_cells_or_refuses():
    big = pd.DataFrame({"sekswerkers": [40, 3, 25], "vluchtelingen": [30, 22, 18]},
                       index=["geldzaken-bank", "wonen", "humor-veerkracht"])
    shown = publishable(big, k=10)
    assert shown.loc["wonen", "sekswerkers"] == "<10"
    assert "3" not in shown.to_numpy().ravel().tolist()
    with pytest.raises(InputError, match="verborgen"):
        publishable(code_frequencies(CODINGS, NARRATIVES, by="community"), k=10)
