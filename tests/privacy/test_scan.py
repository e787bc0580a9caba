"""Scanning notebooks (markdown, code, outputs), text, CSV, Excel, JSON and YAML."""

from __future__ import annotations

import json

import nbformat
import pytest

from kit.errors import InputError
from kit.privacy.scan import mask, scan_paths, scan_text


def _notebook(path):
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell("# Verslag\n\nGesprek met Ionela op 0612345678.")
    code = nbformat.v4.new_code_cell("nummer = 'NL91ABNA0417164300'\nprint('klaar')")
    out = nbformat.v4.new_code_cell("print(x)")
    out.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                          text="ze woont op Hoefkade 12\n")]
    clean = nbformat.v4.new_markdown_cell("Een tekst zonder persoonsgegevens over de buurt.")
    nb.cells = [md, code, out, clean]
    nbformat.write(nb, str(path))


def test_notebook_markdown_code_and_outputs(tmp_path, deduce_ready):
    _notebook(tmp_path / "verslag.ipynb")
    findings = scan_paths([tmp_path])
    places = {(f.place.split(",")[0], f.category) for f in findings}
    assert ("cel 1", "TELEFOON") in places
    assert ("cel 1", "PERSOON") in places
    assert ("cel 2", "IBAN") in places
    assert ("cel 3 (uitvoer)", "ADRES") in places
    assert not any(f.place.startswith("cel 4") for f in findings)
    report = " ".join(f.masked for f in findings)
    assert "12345678" not in report and "0417164300" not in report


def test_tabular_and_structured_files(tmp_path, deduce_ready):
    import pandas as pd

    (tmp_path / "a.csv").write_text("id;tekst\nn1;Bel me: +48 512 345 678\nn2;niets bijzonders\n")
    pd.DataFrame({"naam": ["", "kenteken 12-ABC-3"]}).to_excel(tmp_path / "b.xlsx", index=False,
                                                               sheet_name="Activiteiten")
    (tmp_path / "c.json").write_text(json.dumps({"deelnemers": [{"mail": "x.y@voorbeeld.nl"}]}))
    (tmp_path / "d.yaml").write_text("contact:\n  insta: '@dimi_bg'\n")
    (tmp_path / "e.md").write_text("regel een\nik ben 19 jaar\n")
    (tmp_path / "code.py").write_text("telefoon = '0612345678'\n")
    found = {(f.path.rsplit("/", 1)[-1], f.place, f.category) for f in scan_paths([tmp_path])}
    assert ("a.csv", "rij 2, kolom 'tekst'", "TELEFOON") in found
    assert ("b.xlsx", "blad 'Activiteiten', rij 3, kolom 'naam'", "KENTEKEN") in found
    assert ("c.json", "veld 'deelnemers[0].mail'", "EMAIL") in found
    assert ("d.yaml", "veld 'contact.insta'", "ACCOUNT") in found
    assert ("e.md", "regel 2", "LEEFTIJD") in found
    assert ("code.py", "regel 1", "TELEFOON") in found


def test_labels_and_allow_list_are_not_findings(tmp_path, deduce_ready):
    text = "[PERSOON-3f2a] werkt bij SHOP en de Gemeente Den Haag."
    assert scan_text(text) == []
    allow = tmp_path / "publiek.txt"
    allow.write_text("# openbaar\nStichting Voorbeeldhuis\n")
    assert scan_text("Stichting Voorbeeldhuis", allow_list=allow, use_deduce=False) == []


def test_missing_path_and_bad_type(tmp_path):
    with pytest.raises(InputError, match="bestaat niet"):
        scan_paths([tmp_path / "nergens.md"])
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    unreadable = {f.path.rsplit("/", 1)[-1]: f.line() for f in scan_paths([tmp_path], use_deduce=False)}
    assert set(unreadable) == {"x.pdf", "foto.png"}
    assert all(": ONLEESBAAR " in line for line in unreadable.values())
    (tmp_path / "kapot.ipynb").write_text("{geen json")
    with pytest.raises(InputError, match="geen geldig notebook"):
        scan_paths([tmp_path / "kapot.ipynb"])


@pytest.mark.parametrize("value, category, expected", [
    ("06-12345678", "TELEFOON", "06-****5678"),
    ("2526 HK", "POSTCODE", "2****"),
    ("@marta_krk", "ACCOUNT", "@m********"),
    ("Ana Maria", "PERSOON", "A** M****"),
])
def test_mask(value, category, expected):
    assert mask(value, category) == expected


def test_synthetic_marks_do_not_switch_off_the_scan_for_own_text(tmp_path, deduce_ready):
    """A tag, a flag or a scan-off marker is honoured only for a text the kit ships."""
    nb = nbformat.v4.new_notebook()
    example = nbformat.v4.new_code_cell("notitie = 'Bel Marta op 06-12345678'")
    example.metadata["tags"] = ["synthetisch"]
    real = nbformat.v4.new_markdown_cell("Bel Marta op 06-12345678")
    nb.cells = [example, real]
    nbformat.write(nb, str(tmp_path / "les.ipynb"))
    (tmp_path / "uitleg.md").write_text(
        "Voorbeeld:\n<!-- iids-scan: uit -->\nBel Marta op 06-12345678\n<!-- iids-scan: aan -->\n"
        "Echt: bel 06-87654321\n<!-- iids-scan: uit -->\nen 06-11223344\n")
    (tmp_path / "n.csv").write_text("id,text,synthetic\nn1,Bel 06-12345678,true\nn2,Bel 06-87654321,false\n")
    (tmp_path / "v.yaml").write_text("- {synthetic: true, tekst: 'Bel 06-12345678'}\n"
                                     "- {synthetic: false, tekst: 'Bel 06-87654321'}\n")
    (tmp_path / "top.json").write_text(json.dumps({"synthetisch": True, "tekst": "Bel 06-12345678"}))
    found = {(f.path.rsplit("/", 1)[-1], f.place.split(",")[0])
             for f in scan_paths([tmp_path]) if f.category == "TELEFOON"}
    assert found == {("les.ipynb", "cel 1"), ("les.ipynb", "cel 2"), ("uitleg.md", "regel 3"),
                     ("uitleg.md", "regel 5"), ("uitleg.md", "regel 7"), ("n.csv", "rij 2"),
                     ("n.csv", "rij 3"), ("v.yaml", "veld '[0].tekst'"),
                     ("v.yaml", "veld '[1].tekst'"), ("top.json", "veld 'tekst'")}


def test_the_kits_own_marked_texts_stay_allowed(tmp_path, deduce_ready):
    """A synthetic cell shipped in a course notebook passes, in a copy too; edited, it is read."""
    from pathlib import Path

    from kit.privacy.shipped import is_shipped

    source = Path(__file__).resolve().parents[2] / "course" / "modules"
    notebook = source / "04-onderzoek-met-de-community" / "04-onderzoek-met-de-community.ipynb"
    nb = nbformat.read(str(notebook), as_version=4)
    shipped = [c for c in nb.cells if "synthetisch" in c.metadata.get("tags", [])
               and "Fatima" in c.source]
    assert shipped and is_shipped(shipped[0].source)
    copy = nbformat.v4.new_notebook()
    copy.cells = [nbformat.v4.new_code_cell(shipped[0].source, metadata={"tags": ["synthetisch"]})]
    nbformat.write(copy, str(tmp_path / "kopie.ipynb"))
    assert scan_paths([tmp_path / "kopie.ipynb"]) == []
    copy.cells[0].source += "\n# en mijn buurvrouw Agnieszka Kowalska, 06-55554444"
    nbformat.write(copy, str(tmp_path / "kopie.ipynb"))
    assert {"PERSOON", "TELEFOON"} <= {f.category for f in scan_paths([tmp_path / "kopie.ipynb"])}


def test_dates_and_urls_only_when_asked(deduce_ready):
    text = "Deadline 12 maart 2026, zie www.voorbeeld.nl; geboren op 3 april 1998."
    assert {f.category for f in scan_text(text)} == {"GEBOORTEDATUM"}
    assert {"DATUM", "GEBOORTEDATUM"} <= {f.category for f in scan_text(text, ignore=())}


def test_numbered_headings_are_not_streets(deduce_ready):
    assert scan_text("## Deel 1 · Je onderzoeksvraag\n\nStap 2: lees de tekst.") == []
