"""Questionnaire scoring from YAML keys (kit.analysis.scales); the widget: tests/widgets/test_questionnaire.py."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kit.analysis.scales import (
    TOTAL,
    available_keys,
    band_label,
    explain_result,
    load_item_texts,
    load_key,
    parse_key,
    score_answers,
    score_table,
)
from kit.errors import InputError
from kit.synthetic.respondents import belonging_responses

MINIMAL = {"id": "t", "title": "T", "response_scale": {"min": 1, "max": 4}, "items": [{"id": "a"}]}


def test_shipped_keys_load_and_have_the_documented_structure():
    assert available_keys() == ["buurt-item", "gbs", "iids-erbij-horen", "sobi-p"]
    sobi = load_key("sobi-p")
    assert len(sobi.items) == 18 and (sobi.scale.min, sobi.scale.max) == (1, 4)
    assert sum(item.reverse for item in sobi.items) == 17  # mostly negatively worded
    gbs = load_key("gbs")
    assert len(gbs.items) == 12 and list(gbs.subscales) == ["acceptatie", "afwijzing"]
    assert all(len(items) == 6 for name, items in gbs.parts().items() if name != TOTAL)
    assert all(item.reverse == (item.subscale == "afwijzing") for item in gbs.items)
    own = load_key("iids-erbij-horen")
    assert own.validated is False and "niet gevalideerd" in own.note.lower()


def test_licensed_keys_ship_no_item_texts():
    for name in ("sobi-p", "gbs"):
        key = load_key(name)
        assert key.licensed_text and all(item.text is None for item in key.items)


def test_reverse_scoring_and_subscales():
    key = load_key("gbs")
    # Agreeing fully with everything: acceptance items 7, rejection items reversed to 1.
    result = score_answers(key, {i: 7 for i in key.item_ids})
    assert result.scores == {"acceptatie": 42.0, "afwijzing": 6.0, TOTAL: 48.0}
    # A person with strong belonging: agrees with acceptance, disagrees with rejection.
    strong = {item.id: (1 if item.reverse else 7) for item in key.items}
    assert score_answers(key, strong).scores[TOTAL] == 84.0


def test_missing_answers_follow_the_rule_and_prorate_sums():
    key = load_key("sobi-p")  # sum score, at most floor(0.2 * 18) = 3 missing
    answers = {item.id: (1 if item.reverse else 4) for item in key.items}  # all maximal belonging
    for item_id in key.item_ids[:3]:
        answers[item_id] = None
    assert score_answers(key, answers).scores[TOTAL] == 72.0  # prorated to the full range
    answers[key.item_ids[3]] = None  # item 4 is the positive one; now 4 missing
    result = score_answers(key, answers)
    assert result.scores[TOTAL] is None and result.missing[TOTAL] == 4


def test_missing_code_counts_as_missing():
    key = load_key("buurt-item")
    assert score_answers(key, {"buurt_01": 9}).scores[TOTAL] is None
    assert score_answers(key, {"buurt_01": 2}).scores[TOTAL] == 2.0
    assert band_label(key, 3.0).startswith("voelt zich (tamelijk of heel) sterk")


def test_bad_answers_raise_input_error_with_place():
    key = load_key("iids-erbij-horen")
    frame = pd.DataFrame({"code": ["A", "B"], **{i: [3, 3] for i in key.item_ids}})
    frame.loc[1, "ehs_04"] = 7
    with pytest.raises(InputError) as err:
        score_table(key, frame, id_column="code", path="antwoorden.csv")
    assert err.value.path == "antwoorden.csv"
    assert err.value.place == "rij 3, kolom 'ehs_04'"
    assert "buiten de schaal 1-5" in err.value.message
    with pytest.raises(InputError, match="ontbreken: ehs_09"):
        score_table(key, frame.drop(columns=["ehs_09"]))
    with pytest.raises(InputError, match="onbekende item"):
        score_answers(key, {"xyz": 1})


@pytest.mark.parametrize("change, place", [
    ({"response_scale": {"min": 3, "max": 3}}, "veld 'response_scale.max'"),
    ({"items": [{"id": "a"}, {"id": "a"}]}, "veld 'items[1]'"),
    ({"items": [{"id": "a", "reverse": "ja"}]}, "veld 'items[0].reverse'"),
    ({"score": "median"}, "veld 'score'"),
    ({"missing": {"max_missing_share": 1.5}}, "veld 'missing.max_missing_share'"),
    ({"subscales": {"leeg": {"title": "Leeg"}}}, "veld 'subscales.leeg'"),
    ({"response_scale": {"min": 1, "max": 4, "missing_codes": [2]}}, "veld 'response_scale.missing_codes'"),
])
def test_parse_key_rejects_bad_keys(change, place):
    with pytest.raises(InputError) as err:
        parse_key({**MINIMAL, **change}, path="sleutel.yaml")
    assert err.value.place == place and err.value.path == "sleutel.yaml"


def test_score_table_keeps_codes_and_counts_missing():
    key = load_key("iids-erbij-horen")
    table = belonging_responses(key, {"A": 6, "B": 5}, seed=4, missing_rate=0.2)
    scored = score_table(key, table, id_column="code")
    assert list(scored.columns) == ["code", "mensen", "plek", "erkenning", TOTAL, "ontbrekend"]
    assert len(scored) == 11
    expected_missing = table[key.item_ids].isna().sum(axis=1).tolist()
    assert scored["ontbrekend"].tolist() == expected_missing
    for i in range(len(table)):
        one = score_answers(key, {k: (None if pd.isna(v) else int(v))
                                  for k, v in table.loc[i, key.item_ids].items()})
        got = scored.loc[i, TOTAL]
        assert (one.scores[TOTAL] is None and pd.isna(got)) or math.isclose(one.scores[TOTAL], got)


def test_synthetic_groups_differ_in_the_direction_given():
    key = load_key("iids-erbij-horen")
    table = belonging_responses(key, {"laag": 40, "hoog": 40}, seed=7,
                                group_means={"laag": 2.0, "hoog": 4.2})
    scored = score_table(key, table)
    means = scored.groupby("groep")[TOTAL].mean()
    assert means["hoog"] - means["laag"] > 1.2
    assert bool(table["synthetic"].all())


def test_lecturer_texts_from_yaml(tmp_path):
    key = load_key("gbs")
    texts = tmp_path / "gbs-teksten.yaml"
    lines = ["vragenlijst: gbs", "items:"] + [f"  {i}: 'Licentietekst {n}'" for n, i in
                                              enumerate(key.item_ids, 1)]
    texts.write_text("\n".join(lines) + "\n")
    filled = load_item_texts(key, texts)
    assert filled.items[11].text == "Licentietekst 12"
    assert key.items[11].text is None  # the original key is untouched
    texts.write_text("vragenlijst: sobi-p\nitems: {gbs_01: x}\n")
    with pytest.raises(InputError, match="hoort bij 'sobi-p'"):
        load_item_texts(key, texts)
    texts.write_text("vragenlijst: gbs\nitems: {gbs_01: x}\n")
    with pytest.raises(InputError, match="ontbreekt voor 11 item"):
        load_item_texts(key, texts)


def test_explanation_mentions_reverse_items_and_missing():
    key = load_key("iids-erbij-horen")
    result = score_answers(key, {"ehs_01": 4, "ehs_02": 2})
    text = " ".join(explain_result(key, result))
    assert "Verbonden met mensen: 4,0" in text  # decimal comma
    assert "Thuis in de buurt en de stad: geen score" in text
    assert "zinnen 2, 6 en 9" in text and "ehs_" not in text  # sentence numbers, no internal ids
    assert "niet gevalideerd" in text


def test_band_table_leaves_out_small_groups_and_refuses_unsafe_tables():
    from kit.analysis.scales import band_table

    key = load_key("iids-erbij-horen")
    groups = {"sekswerkers": 14, "arbeidsmigranten": 12, "buurtbewoners": 25, "woonwageninwoners": 4}
    answers = belonging_responses(key, groups, seed=3)
    scored = score_table(key, answers, id_column="code").assign(groep=answers["groep"])
    table, message = band_table(key, scored, "groep")
    assert table is None
    assert message.startswith("Weggelaten (minder dan 10 mensen): woonwageninwoners.")
    assert "mag niet gedeeld worden" in message


def test_band_table_publishes_with_hidden_cells_marked():
    from kit.analysis.scales import band_table

    key = load_key("buurt-item")
    scored = pd.DataFrame({"groep": ["a"] * 25 + ["b"] * 25 + ["c"] * 30 + ["d"] * 40,
                           TOTAL: [1.0] * 4 + [4.0] * 21 + [1.0] * 12 + [4.0] * 13 + [1.0] * 15
                           + [4.0] * 15 + [1.0] * 20 + [4.0] * 20})
    table, message = band_table(key, scored, "groep")
    assert table is not None and table.index.name == "groep"
    cells = table.to_numpy().ravel().tolist()
    # 1 small cell ("<10") + 3 so it cannot be recomputed ("x": 10 or more)
    assert "4" not in cells and cells.count("<10") == 1 and cells.count("x") == 3
    assert table.loc["a"].tolist()[0] == "<10"
    assert message == "4 cel(len) verborgen (minder dan 10, of terug te rekenen)."
    with pytest.raises(InputError, match="kolom 'wijk' ontbreekt"):
        band_table(key, scored, "wijk")


def test_items_table_and_description_hide_nothing_and_leak_nothing():
    from kit.analysis.scales import describe_key, items_table

    own = items_table(load_key("iids-erbij-horen"))
    assert own["omgedraaid"].tolist().count("ja") == 3
    assert own.loc[1, "zin"] == "Ik voel me vaak een buitenstaander."
    licensed = items_table(load_key("sobi-p"))
    assert set(licensed["zin"]) == {"(tekst via je docent)"}
    assert "niet gevalideerd" in describe_key(load_key("iids-erbij-horen"))
    assert "12 zinnen, 6 omgedraaid" in describe_key(load_key("gbs"))


def test_pandas_missing_values_count_as_missing():
    key = load_key("buurt-item")
    for empty in (pd.NA, float("nan"), None, "", " "):
        assert score_answers(key, {"buurt_01": empty}).missing[TOTAL] == 1
    with pytest.raises(InputError, match="geen heel getal"):
        score_answers(key, {"buurt_01": 2.5})
    with pytest.raises(InputError, match="geen antwoordnummer"):
        score_answers(key, {"buurt_01": "heel sterk"})
