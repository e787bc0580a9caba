"""The handreiking: consent for quotes, evidence and minority per recommendation, HTML/DOCX/CSV."""

from __future__ import annotations

import docx
import pandas as pd
import pytest
import yaml

from kit.dialogue.examples import example_content, example_record
from kit.dialogue.handreiking import (
    RECOMMENDATION_COLUMNS,
    build_handreiking,
    consent_checker,
    publishable_narratives,
    read_narratives,
)
from kit.errors import ConsentError, InputError


def _content(quotes):
    return example_content("sekswerkers", quotes)


def test_builds_html_docx_and_recommendations(work, vault):
    quotes = [{"narratief": "n1", "fragment": "Ik werk gewoon, ik betaal belasting."}]
    files = build_handreiking(_content(quotes), work / "narratieven.csv", work=work,
                              record=example_record(), codings=work / "coderingen.csv", vault=vault)
    assert files.html == work / "handreiking" / "handreiking.html"
    assert files.quotes == 1
    html = files.html.read_text(encoding="utf-8")
    for text in ["Context", "Wat de gemeenschap vertelde", "Ik werk gewoon, ik betaal belasting.",
                 "Analyse", "uitsluiting bij de bank", "Aanbevelingen", "Minderheidsstandpunt",
                 "sociaal werkers", "Wat de gemeenschap zelf wil", "Afspraken van de dialoogtafel"]:
        assert text in html, text
    document = docx.Document(files.docx)
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Ik werk gewoon, ik betaal belasting." in paragraphs
    assert "Minderheidsstandpunt: De gemeente is niet de baas over banken" in paragraphs
    table = pd.read_csv(files.recommendations, dtype=str)
    assert list(table.columns) == list(RECOMMENDATION_COLUMNS)
    assert table["id"].tolist() == ["R1", "R2"]
    assert table.loc[1, "source"] == "A1" and table.loc[1, "audience"] == "sociaal werkers"
    assert files.recommendations == work / "dialoog" / "aanbevelingen.csv"


def test_quote_without_publication_consent_is_refused_with_the_reason(work, vault):
    quotes = [{"narratief": "n1"}, {"narratief": "n2"}]
    with pytest.raises(ConsentError) as err:
        build_handreiking(_content(quotes), work / "narratieven.csv", work=work,
                          record=example_record(), vault=vault)
    assert err.value.place == "veld 'citaten[2].narratief'"
    assert "P02 heeft geen toestemming gegeven voor publicatie" in err.value.message
    assert err.value.exit_code == 2
    assert not (work / "handreiking").exists() and not (work / "dialoog").exists()


def test_withdrawn_consent_also_blocks_a_quote(work, vault):
    from kit.privacy.consent import ConsentRegister

    ConsentRegister(vault).withdraw("P01", "2026-01-05")
    with pytest.raises(ConsentError, match="ingetrokken"):
        build_handreiking(_content([{"narratief": "n1"}]), work / "narratieven.csv", work=work,
                          record=example_record(), vault=vault)


def test_fragment_must_be_in_the_pseudonymised_text(work, vault):
    with pytest.raises(InputError) as err:
        build_handreiking(_content([{"narratief": "n1", "fragment": "iets wat er niet staat"}]),
                          work / "narratieven.csv", work=work, record=example_record(), vault=vault)
    assert err.value.place == "veld 'citaten[1].fragment'"
    with pytest.raises(InputError, match="onbekend narratief 'n9'"):
        build_handreiking(_content([{"narratief": "n9"}]), work / "narratieven.csv", work=work,
                          record=example_record(), vault=vault)


def test_each_recommendation_needs_evidence_and_a_minority_view(work, vault, tmp_path):
    content = _content([])
    del content["aanbevelingen"][0]["minderheid"]
    path = tmp_path / "inhoud.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_handreiking(path, work / "narratieven.csv", work=work, record=example_record(), vault=vault)
    assert err.value.place == "veld 'aanbevelingen[1].minderheid'" and str(path) in str(err.value)
    content = _content([])
    content["aanbevelingen"][1]["bron"] = "S9"
    with pytest.raises(InputError, match="onbekende bron 'S9'"):
        build_handreiking(content, work / "narratieven.csv", work=work, record=example_record(), vault=vault)
    content = _content([])
    content["aanbevelingen"][1]["onderbouwing"] = " "
    with pytest.raises(InputError, match="onderbouwing"):
        build_handreiking(content, work / "narratieven.csv", work=work, record=example_record(), vault=vault)
    assert not (work / "handreiking").exists()


def test_minority_view_is_taken_from_the_record_through_the_source(work, vault):
    content = example_content("arbeidsmigranten")
    files = build_handreiking(content, work / "narratieven.csv", work=work,
                              record=example_record("arbeidsmigranten"), vault=vault)
    table = pd.read_csv(files.recommendations, dtype=str)
    assert table.loc[0, "minority_view"].startswith("Zonder huisvesting via de werkgever")
    assert "Nodig om mee te gaan: Eerst zicht op andere woonruimte" in table.loc[0, "minority_view"]


def test_publishable_narratives_follow_the_register(work, vault):
    table = publishable_narratives(read_narratives(work / "narratieven.csv"), consent_checker(vault))
    assert table["id"].tolist() == ["n1", "n3", "n4"]


def test_template_error_writes_nothing(work, vault, tmp_path):
    template = tmp_path / "eigen.html.j2"
    template.write_text("{% for r in aanbevelingen %}{{ r.tekst }}{% endfor %}", encoding="utf-8")
    with pytest.raises(InputError, match="fout in het sjabloon"):
        build_handreiking(_content([]), work / "narratieven.csv", work=work,
                          record=example_record(), vault=vault, template=template)
    assert not (work / "handreiking").exists() and not (work / "dialoog").exists()


def test_quotes_get_a_second_pseudonymisation_pass(work, vault):
    files = build_handreiking(_content([{"narratief": "n4"}]), work / "narratieven.csv", work=work,
                              record=example_record(), vault=vault)
    html = files.html.read_text(encoding="utf-8")
    assert "12345678" not in html and "[TELEFOON-" in html


def test_code_counts_under_ten_are_hidden_in_html_and_docx(work, vault):
    """The handreiking's code table counts narratives: a code in 1 to 9 of them is '<10'."""
    codings = pd.read_csv(work / "coderingen.csv", dtype=str, keep_default_na=False)
    counts = codings.drop_duplicates(["document", "code"])["code"].value_counts()
    assert (counts < 10).any()  # the example's codings are small
    files = build_handreiking(_content([]), work / "narratieven.csv", work=work,
                              record=example_record(), codings=work / "coderingen.csv", vault=vault)
    html = files.html.read_text(encoding="utf-8")
    table = html.split("Aantal narratieven", 1)[1].split("</table>", 1)[0]
    cells = [c.split("</td>")[0] for c in table.split("<td>")[1:]]
    numbers = cells[1::2]
    assert numbers and all(n == "&lt;10" or int(n) >= 10 for n in numbers)
    assert "minder dan 10 narratieven met deze code" in html
    document = docx.Document(files.docx)
    shown = [row.cells[1].text for t in document.tables for row in t.rows[1:]]
    assert shown and all(n == "<10" or int(n) >= 10 for n in shown)
