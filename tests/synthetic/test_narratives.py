"""The synthetic corpus: deterministic, valid, varied, patterns by community and time."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.narratives.patterns import position_counts
from kit.narratives.schema import to_store_frame, validate_frame
from kit.synthetic.narratives import COMMUNITIES, THEMES, generate_corpus, story_themes


def test_valid_and_marked_synthetic(framework, corpus):
    validate_frame(to_store_frame(corpus, framework), framework)
    assert corpus["synthetic"].all()
    assert corpus["notes"].str.contains("synthetisch").all()
    assert set(corpus["community"]) == set(COMMUNITIES)
    assert corpus["id"].is_unique


def test_deterministic_and_seed_dependent():
    a = generate_corpus(200, seed=3, cohorts=["2025-2026", "2026-2027"])
    assert a.equals(generate_corpus(200, seed=3, cohorts=["2025-2026", "2026-2027"]))
    assert not a["text"].equals(generate_corpus(200, seed=4, cohorts=["2025-2026", "2026-2027"])["text"])
    assert (a["id"].str[2:6] == "2526").sum() == 100


def test_texts_are_varied_and_cover_the_themes(corpus):
    assert corpus["text"].nunique() > 0.9 * len(corpus)
    themes = {t for notes in corpus["notes"] for t in story_themes(notes)}
    assert themes == set(THEMES)
    humour = corpus[corpus["notes"].str.contains("thema: humor")]
    assert (humour["gevoel"] == "geamuseerd").mean() > 0.5


def test_patterns_differ_by_community_and_over_time():
    c = generate_corpus(6000, seed=7, cohorts=["2021-2022", "2026-2027"])
    welkom = c.groupby("community")["welkom"].mean()
    assert welkom["woonwageninwoners"] < welkom["LHBTIQ+ bewoners"] - 0.1
    sex = c[c["community"] == "sekswerkers"]
    early, late = sex[sex["month"] < "2023"], sex[sex["month"] > "2026"]
    assert late["steun.instanties"].mean() > early["steun.instanties"].mean() + 0.05
    refugees = c[c["community"] == "vluchtelingen"]
    assert refugees["steun.instanties"].mean() > c["steun.instanties"].mean()


def test_triads_cluster_at_corners_edges_and_centre(framework, corpus):
    counts = position_counts(corpus, framework, "steun")
    clustered = counts["hoek"] + counts["rand"] + counts["midden"]
    assert clustered > 0.75 * len(corpus)


def test_raw_texts_carry_invented_personal_data_clean_ones_do_not():
    raw = generate_corpus(150, seed=9, raw=True)
    clean = generate_corpus(150, seed=9)
    assert raw["id"].equals(clean["id"]) and raw["welkom"].equals(clean["welkom"])
    pattern = r"\+\d{2}|\b0\d|@|BSN|NL\d\d[A-Z]{4}|geboren op|Den Haag\.$"
    assert raw["text"].str.contains(pattern).mean() > 0.4
    assert not clean["text"].str.contains(r"@|BSN is|NL\d\d[A-Z]{4}|geboren op").any()


@pytest.mark.parametrize("kwargs", [{"n": 0}, {"n": 10, "cohorts": ["najaar"]}, {"n": 10, "cohorts": []}])
def test_bad_arguments(kwargs):
    with pytest.raises(InputError):
        generate_corpus(**kwargs)


def test_stories_are_honest_not_circular():
    """Not only agency: coercion, exploitation and doubt occur too, and sex workers are not all women."""
    c = generate_corpus(1500, seed=11)
    sex = c[c["community"] == "sekswerkers"]
    coerced = sex[sex["notes"].str.contains("dwang")]
    assert 0.05 < len(coerced) / len(sex) < 0.4
    assert coerced["text"].str.contains(r"uitbuit|dwing|gedwongen|afpakt|afgepakt|houdt .* in|schuld|geslagen|bedreig",
                                        case=False).mean() > 0.5
    assert (coerced["gevoel"].isin(["onverschillig", "verdrietig", "boos", "bang"])).all()
    assert sex["text"].str.contains(r"\b(?:man|trans|non-binair)\b").sum() >= 10
    migrants = c[c["community"] == "Poolse en andere arbeidsmigranten"]
    assert migrants["notes"].str.contains("dwang").sum() >= 5
    homeless = c[c["community"] == "dak- en thuisloze mensen"]
    assert homeless["text"].str.contains(r"\b(?:vrouw|jongerenopvang|arbeidsmigrant|kinderen)\b").sum() >= 5
    assert c["text"].str.contains(r"\b(?:maar|twijfel|weet niet)\b").mean() > 0.1


def test_start_codebook_has_a_code_for_the_coercion_stories():
    """The start codebook does not hide coercion under 'uitsluiting': its signal words find the
    synthetic coercion fragments, and rarely the stories without them."""
    from kit.analysis.codebook import load_codebook
    from kit.config import data_path
    from kit.synthetic.coders import signal_coding

    book = load_codebook(data_path("codeboeken") / "erbij-horen-en-uitsluiting.yaml")
    assert "dwang-uitbuiting" in {code.id for code in book}
    c = generate_corpus(600, seed=5)
    coded = signal_coding(c[["id", "text"]], book)
    hit = set(coded.loc[coded["code"] == "dwang-uitbuiting", "document"])
    coerced = c["notes"].str.contains("dwang")
    assert c.loc[coerced, "id"].isin(hit).mean() > 0.6
    assert c.loc[~coerced, "id"].isin(hit).mean() < 0.15
