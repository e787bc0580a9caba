"""Import from online-form exports with a mapping, a report per row; export to CSV and Excel."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from kit.errors import InputError
from kit.narratives.importers import export_narratives, import_export
from kit.narratives.store import write_store
from tests.narratives.narrative_forms import HEADERS, MAPPING, forms_rows  # noqa: E402


@pytest.fixture
def cp1252_export(tmp_path):
    path = tmp_path / "Forms-export.csv"
    frame = pd.DataFrame(forms_rows(), columns=HEADERS)
    frame.loc[0, "Verhaal"] = "Bij de bank werd ik eindelijk geholpen. Café erna."
    frame.to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


def test_report_per_row_and_only_mapped_columns(cp1252_export, framework):
    result = import_export(cp1252_export, MAPPING, framework)
    assert [r["status"] for r in result.report] == ["ok", "fout", "fout"]
    assert "kolom 'welkom'" in result.report[1]["melding"] and "1,2 ligt buiten het bereik" in result.report[1]["melding"]
    assert "tellen op tot 0,90" in result.report[1]["melding"]
    assert "'de kat' is geen antwoord" in result.report[2]["melding"]
    record = result.records[0]
    assert record["month"] == "2025-10" and record["wie"] == "bank|vrienden"
    assert record["steun.ikzelf"] == "0.5" and record["text"].endswith("Café erna.")
    assert "anoniem" not in str(result.records)
    assert "rij 3" in result.to_text()


def test_excel_export_and_mapping_file(tmp_path, framework):
    path = tmp_path / "export.xlsx"
    pd.DataFrame(forms_rows()[:1], columns=HEADERS).to_excel(path, index=False)
    (tmp_path / "koppeling.yaml").write_text(yaml.safe_dump(MAPPING, allow_unicode=True))
    result = import_export(path, tmp_path / "koppeling.yaml", framework)
    assert result.ok and len(result.records) == 1


def test_mapping_mistakes(tmp_path, cp1252_export, framework):
    bad = {**MAPPING, "kolommen": {**MAPPING["kolommen"], "telefoon": "E-mail"}}
    with pytest.raises(InputError) as info:
        import_export(cp1252_export, bad, framework)
    assert info.value.place == "veld 'kolommen.telefoon'"
    bad = {**MAPPING, "kolommen": {**MAPPING["kolommen"], "notes": "Opmerkingen"}}
    with pytest.raises(InputError) as info:
        import_export(cp1252_export, bad, framework)
    assert info.value.place == "kolom 'Opmerkingen'" and info.value.path.endswith("Forms-export.csv")


def test_malformed_csv_names_the_row(tmp_path, framework):
    path = tmp_path / "kapot.csv"
    path.write_text("Deelnemerscode,Verhaal\nP-0001,Goed\nP-0001,te,veel,velden\n")
    with pytest.raises(InputError) as info:
        import_export(path, {"kolommen": {"participant": "Deelnemerscode", "text": "Verhaal"}}, framework)
    assert info.value.place == "rij 3"


def test_export_csv_and_excel(tmp_path, framework, corpus):
    write_store(corpus.head(40), tmp_path / "w", framework)
    csv = export_narratives(tmp_path / "w", tmp_path / "uit.csv", filters={"community": "sekswerkers"})
    back = pd.read_csv(csv, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert set(back["community"]) == {"sekswerkers"}
    xlsx = export_narratives(tmp_path / "w", tmp_path / "uit.xlsx")
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert len(sheets["narratieven"]) == 40 and "steun" in set(sheets["kader"]["signifier"])
    with pytest.raises(InputError):
        export_narratives(tmp_path / "w", tmp_path / "uit.pdf")
    assert not (tmp_path / "uit.pdf").exists()
