"""The SCP social-exclusion index with CBS scoring (kit.analysis.exclusion_index)."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.analysis.exclusion_index import (
    DIMENSIONS,
    explain_person,
    quartile_cutpoints,
    score_index,
    share_excluded,
)
from kit.errors import InputError
from kit.synthetic.respondents import exclusion_vignettes, reference_population

REFERENCE = pd.DataFrame({d: list(range(1, 9)) for d in DIMENSIONS})  # q = 2.75, 4.5, 6.25


def person(m, s, r, n):
    return dict(zip(DIMENSIONS, (m, s, r, n), strict=True))


def test_quartile_scores_and_the_two_part_rule():
    people = pd.DataFrame([
        person(7, 7, 5, 5),   # 3+3+2+2 = 10 with two maxima -> excluded
        person(7, 7, 1, 1),   # two maxima but total 6 -> not excluded
        person(7, 5, 5, 5),   # total 9, one maximum -> not excluded
        person(5, 5, 5, 5),   # 8 -> not excluded
        person(7, 7, 7, 4),   # 3+3+3+1 = 10, three maxima -> excluded
        person(2.75, 4.5, 6.25, 6.3),  # on cut points: lower quartile -> 0+1+2+3
    ])
    scored = score_index(people, reference=REFERENCE)
    assert scored["index"].tolist() == [10, 6, 9, 8, 10, 6]
    assert scored["max_dimensions"].tolist() == [2, 2, 1, 0, 3, 1]
    assert scored["excluded"].tolist() == [True, False, False, False, True, False]


def test_total_of_ten_without_two_maxima_is_not_excluded():
    # 3 + 3 + 2 + 2 needs two maxima; 3 + 2 + 2 + 2 = 9 can never reach 10 with one maximum,
    # so the AND rule matters at 10 exactly when the maxima are there: check the boundary.
    scored = score_index(pd.DataFrame([person(7, 5, 5, 5)]), reference=REFERENCE)
    assert int(scored.loc[0, "index"]) == 9 and not bool(scored.loc[0, "excluded"])


def test_missing_dimension_gives_no_index_and_no_guess():
    people = pd.DataFrame([person(7, 7, 7, None), person(1, 1, 1, 1)])
    scored = score_index(people, reference=REFERENCE)
    assert pd.isna(scored.loc[0, "index"]) and pd.isna(scored.loc[0, "excluded"])
    assert int(scored.loc[1, "index"]) == 0
    assert explain_person(scored.loc[0]).startswith("Geen score")
    assert share_excluded(scored) == 0.0


def test_bad_input_names_file_and_place():
    people = pd.DataFrame([person(1, 2, 3, 4), person(1, "veel", 3, 4)])
    with pytest.raises(InputError) as err:
        score_index(people, reference=REFERENCE, path="mensen.csv")
    assert err.value.path == "mensen.csv" and err.value.place == "rij 3, kolom 'social_participation'"
    with pytest.raises(InputError, match="ontbreken"):
        score_index(people.drop(columns=["social_rights"]), reference=REFERENCE)
    with pytest.raises(InputError, match="te weinig waarden"):
        quartile_cutpoints(REFERENCE.head(3))


def test_reference_population_gives_a_plausible_share_and_is_seeded():
    population = reference_population(seed=2026)
    share = share_excluded(score_index(population))
    assert 0.02 <= share <= 0.08  # the CBS rule marks a small minority (NL: just under 5%)
    again = reference_population(seed=2026)
    assert population.equals(again)
    assert not population.equals(reference_population(seed=2027))


def test_vignettes_show_what_the_index_misses():
    scored = score_index(exclusion_vignettes(), reference=reference_population())
    by_person = scored.set_index("person")
    assert bool(by_person.loc["Kees", "excluded"])
    # Dewi is refused by her bank (top score on rights) but does not count as excluded.
    assert int(by_person.loc["Dewi", "social_rights_score"]) == 3
    assert not bool(by_person.loc["Dewi", "excluded"])
    # Wim has three maxima but a strong network: total below 10.
    assert int(by_person.loc["Wim", "max_dimensions"]) == 3 and not bool(by_person.loc["Wim", "excluded"])
    assert "lager dan 10" in explain_person(by_person.loc["Wim"].to_dict() | {"index": 9})
    assert all(text for text in scored["unseen"]) and bool(scored["synthetic"].all())
