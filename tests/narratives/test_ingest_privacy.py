"""Every ingest pseudonymises every free-text field; code fields are checked by content.

Issue 16 part B, item 4. All data synthetic.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from kit.cli import main
from tests.narratives.narrative_forms import HEADERS, MAPPING

#: identifiers that must not reach any stored file (synthetic)
SECRETS = ["Gheorghe", "Popescu", "Jansen", "123 456 782", "NL91-ABNA-0417-1643-00", "hodan",
           "abdi", "12ABC3", "nul zes twaalf", "joanna", "nowak"]


def _export(tmp_path, rows):
    export = tmp_path / "export.csv"
    pd.DataFrame(rows, columns=HEADERS).to_csv(export, sep=";", index=False)
    mapping = {**MAPPING, "kolommen": {**MAPPING["kolommen"], "collector": "Naam"},
               "vaste_waarden": {"setting": "online", "language": "nl"}}
    (tmp_path / "koppeling.yaml").write_text(yaml.safe_dump(mapping, allow_unicode=True))
    return export


def _row(**changes):
    row = dict(zip(HEADERS, ["1", "3-10-2025 10:01", "3-10-2025 10:09", "anoniem", "Jan Jansen",
                             "P-0001",
                             "Ik sprak hodan abdi; bsn 123 456 782, rekening NL91-ABNA-0417-1643-00, "
                             "nummerplaat 12ABC3, bel nul zes twaalf vierendertig zesenvijftig "
                             "achtenzeventig. Later kwam joanna nowak.",
                             "70", "50", "30", "20", "opgelucht", "bank;", "vrienden van Gheorghe Popescu"],
                   strict=True))
    row.update(changes)
    return [row[h] for h in HEADERS]


def test_import_pseudonymises_every_text_field(tmp_path, vault):
    export = _export(tmp_path, [_row()])
    args = ["narratives", "import", str(export), "--koppeling", str(tmp_path / "koppeling.yaml"),
            "--map", str(tmp_path / "w"), "--kluis", str(vault.path)]
    assert main(args) == 0
    stored = (tmp_path / "w" / "narratieven.csv").read_text(encoding="utf-8-sig")
    for secret in SECRETS:
        assert secret.lower() not in stored.lower(), secret
    assert "[PERSOON-" in stored and "[BSN-" in stored and "[TELEFOON-" in stored


def test_import_refuses_a_name_in_the_participant_code(tmp_path, vault, capsys):
    export = _export(tmp_path, [_row(Deelnemerscode="Hodan Abdi")])
    args = ["narratives", "import", str(export), "--koppeling", str(tmp_path / "koppeling.yaml"),
            "--map", str(tmp_path / "w"), "--kluis", str(vault.path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "veld 'participant'" in err and "Hodan" not in err and err.count("\n") == 1
    assert not (tmp_path / "w" / "narratieven.csv").exists()


def test_entry_form_ingest_pseudonymises_community_and_collector(tmp_path, vault, framework):
    from kit.narratives.schema import example_row
    from kit.narratives.store import NarrativeStore

    store = NarrativeStore(tmp_path / "w", framework, vault=vault, use_deduce=False)
    record = {**example_row(framework), "id": "", "participant": "P-0001",
              "community": "de Roemeense vrouwen rond viorica popescu", "collector": "Jan Jansen",
              "text": "Mijn buurvrouw heet eigenlijk mariana.", "synthetic": "false"}
    store.add(record)
    stored = (tmp_path / "w" / "narratieven.csv").read_text(encoding="utf-8-sig")
    for secret in ("viorica", "popescu", "Jansen", "mariana"):
        assert secret not in stored, secret


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "tabel.csv"
    pd.DataFrame({
        "participant": ["Hodan Abdi", "P02"],
        "code": ["thuis", "bel 06 12 34 56 78"],
        "coder": ["jan jansen", "S01"],
        "telefoon": ["06 12 34 56 78", "0612345678"],
        "bsn": ["123456782", "123 456 782"],
        "geboortedatum": ["12-03-1990", "1990-03-12"],
        "score": ["3", "0.5"],
    }).to_csv(path, index=False)
    return path


def test_csv_pseudonymise_checks_every_column_by_content(table, vault):
    from kit.privacy.files import pseudonymise_file
    from kit.privacy.pseudonymise import Pseudonymiser

    out, _counts = pseudonymise_file(table, pseudonymiser=Pseudonymiser(vault, use_deduce=False))
    text = out.read_text()
    for secret in ("Hodan", "Abdi", "jansen", "06 12 34 56 78", "0612345678", "123456782",
                   "123 456 782", "12-03-1990", "1990-03-12"):
        assert secret not in text, secret
    frame = pd.read_csv(out, dtype=str)
    assert frame.loc[1, "participant"] == "P02" and frame.loc[0, "code"] == "thuis"
    assert frame["score"].tolist() == ["3", "0.5"]


def test_entry_form_pseudonymises_collector_and_warns_about_a_description(tmp_path, vault):
    from kit.narratives.store import NarrativeStore
    from kit.narratives.widgets import NarrativeEntryForm
    from tests.narratives.test_widgets import fill

    form = NarrativeEntryForm(NarrativeStore(tmp_path / "w", vault=vault, use_deduce=False))
    fill(form, "P-0001")
    form.collector.value = "gheorghe popescu"
    form.text.value = "Ze is de enige Bulgaarse vrouw achter het derde raam naast de Lidl."
    assert form.check_consent() and form.show_preview()
    assert "Let op" in form.preview.value and "herkenbaar" in form.preview.value
    form.save()
    stored = (tmp_path / "w" / "narratieven.csv").read_text(encoding="utf-8-sig")
    assert "gheorghe" not in stored and "popescu" not in stored
