"""iids narratives: validate, import, export; Dutch one-line errors, exit codes, nothing half-written."""

from __future__ import annotations

import pandas as pd
import yaml

from kit.cli import main
from kit.narratives.framework import framework_to_dict
from kit.narratives.store import load_narratives, write_store
from tests.narratives.narrative_forms import HEADERS, MAPPING, forms_rows


def test_help_lists_the_three_commands(capsys):
    assert main(["narratives", "--help"]) == 0
    out = capsys.readouterr().out
    for word in ("validate", "import", "export", "opties"):
        assert word in out
    assert main(["narratives"]) == 0


def test_validate_framework_and_store(tmp_path, capsys, framework, corpus):
    data = framework_to_dict(framework)
    (tmp_path / "kader.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    assert main(["narratives", "validate", str(tmp_path / "kader.yaml")]) == 0
    data["filters"].append("onbekend")
    (tmp_path / "fout.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    assert main(["narratives", "validate", str(tmp_path / "fout.yaml")]) == 1
    assert "veld 'filters[3]'" in capsys.readouterr().out
    write_store(corpus.head(30), tmp_path / "w", framework)
    assert main(["narratives", "validate", str(tmp_path / "w")]) == 0
    csv = tmp_path / "w" / "narratieven.csv"
    text = csv.read_text().splitlines()
    text[3] = text[3].replace("N-2425-00003", "N-2425-00002")
    csv.write_text("\n".join(text) + "\n")
    capsys.readouterr()
    assert main(["narratives", "validate", str(tmp_path / "w")]) == 1
    assert "rij 4, kolom 'id'" in capsys.readouterr().out


def test_import_all_or_nothing(tmp_path, capsys, vault, framework):
    export = tmp_path / "export.csv"
    pd.DataFrame(forms_rows(), columns=HEADERS).to_csv(export, sep=";", index=False, encoding="cp1252")
    (tmp_path / "koppeling.yaml").write_text(yaml.safe_dump(MAPPING, allow_unicode=True))
    args = ["narratives", "import", str(export), "--koppeling", str(tmp_path / "koppeling.yaml"),
            "--map", str(tmp_path / "w"), "--kluis", str(vault.path), "--rapport", str(tmp_path / "rapport.csv")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("iids: fout: ") and "rij 3" in err and err.count("\n") == 1
    assert not (tmp_path / "w").exists()
    assert pd.read_csv(tmp_path / "rapport.csv")["status"].tolist() == ["ok", "fout", "fout"]
    assert main(args + ["--alleen-goede"]) == 0
    stored = load_narratives(tmp_path / "w")
    assert len(stored) == 1 and stored.loc[0, "steun.ikzelf"] == 0.5


def test_import_bad_mapping_exit_2(tmp_path, capsys):
    export = tmp_path / "export.csv"
    pd.DataFrame(forms_rows(), columns=HEADERS).to_csv(export, index=False)
    (tmp_path / "k.yaml").write_text("kolommen:\n  adres: Naam\n")
    assert main(["narratives", "import", str(export), "--koppeling", str(tmp_path / "k.yaml"),
                 "--map", str(tmp_path / "w")]) == 2
    assert "veld 'kolommen.adres'" in capsys.readouterr().err


def test_export(tmp_path, capsys, framework, corpus):
    write_store(corpus.head(50), tmp_path / "w", framework)
    assert main(["narratives", "export", str(tmp_path / "w"), "-o", str(tmp_path / "x.xlsx"),
                 "--gemeenschap", "sekswerkers"]) == 0
    frame = pd.read_excel(tmp_path / "x.xlsx")
    assert set(frame["community"]) == {"sekswerkers"}
    assert main(["narratives", "export", str(tmp_path / "leeg"), "-o", str(tmp_path / "y.csv")]) == 2
    assert not (tmp_path / "y.csv").exists()
