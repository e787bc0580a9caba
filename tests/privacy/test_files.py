"""Pseudonymising whole files (kit.privacy.files): every text column by content, notebooks'
sources and outputs, Dutch refusals and nothing written then. Uses the regex detectors only
(``use_deduce=False``); deduce's names are tested in test_detectors.py and test_recall.py."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from kit.errors import InputError
from kit.privacy.files import default_output, pseudonymise_file
from kit.privacy.pseudonymise import Pseudonymiser

PHONE = "0612345678"


@pytest.fixture
def pseudo(tmp_path):
    return Pseudonymiser(tmp_path / "kluis", use_deduce=False)


def test_csv_columns_are_chosen_by_content_not_by_name(tmp_path, pseudo):
    source = tmp_path / "lijst.csv"
    source.write_text(f"participant,code,leeg\n{PHONE},P01,\nP02,thuis,\n")
    out, counts = pseudonymise_file(source, pseudonymiser=pseudo)
    assert out == default_output(source) == tmp_path / "lijst-gepseudonimiseerd.csv"
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert PHONE not in out.read_text() and counts == {"TELEFOON": 1}
    assert frame["code"].tolist() == ["P01", "thuis"] and frame["leeg"].tolist() == ["", ""]


def test_only_the_named_columns_and_an_unknown_one_is_named(tmp_path, pseudo):
    source = tmp_path / "lijst.csv"
    source.write_text(f"a,b\n{PHONE},{PHONE}\n")
    out, _ = pseudonymise_file(source, columns=["a"], pseudonymiser=pseudo)
    assert pd.read_csv(out, dtype=str).loc[0, "b"] == PHONE
    with pytest.raises(InputError) as info:
        pseudonymise_file(source, tmp_path / "uit.csv", columns=["c"], pseudonymiser=pseudo)
    assert info.value.place == "kolom 'c'" and not (tmp_path / "uit.csv").exists()


def test_every_sheet_of_a_workbook(tmp_path, pseudo):
    source = tmp_path / "werk.xlsx"
    with pd.ExcelWriter(source) as writer:
        pd.DataFrame({"tekst": [f"bel {PHONE}"]}).to_excel(writer, sheet_name="Een", index=False)
        pd.DataFrame({"tekst": ["mail a@example.org"]}).to_excel(writer, sheet_name="Twee", index=False)
    out, counts = pseudonymise_file(source, pseudonymiser=pseudo)
    sheets = pd.read_excel(out, sheet_name=None, dtype=str)
    assert list(sheets) == ["Een", "Twee"] and sum(counts.values()) == 2
    assert PHONE not in sheets["Een"].loc[0, "tekst"] and "example.org" not in sheets["Twee"].loc[0, "tekst"]
    with pytest.raises(InputError, match="blad 'Een', kolom 'x'"):
        pseudonymise_file(source, columns=["x"], pseudonymiser=pseudo)


def test_notebook_sources_and_outputs(tmp_path, pseudo):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(f"tel = '{PHONE}'")
    cell.outputs = [nbformat.v4.new_output("stream", text=f"{PHONE}\n"),
                    nbformat.v4.new_output("execute_result", data={"text/plain": f"'{PHONE}'"}),
                    nbformat.v4.new_output("error", ename="E", evalue=PHONE, traceback=[PHONE])]
    nb.cells = [nbformat.v4.new_markdown_cell(f"Bel {PHONE}"), cell]
    source = tmp_path / "werk.ipynb"
    nbformat.write(nb, str(source))
    out, counts = pseudonymise_file(source, pseudonymiser=pseudo)
    assert PHONE not in out.read_text() and counts == {"TELEFOON": 6}
    nbformat.validate(nbformat.read(str(out), as_version=4))


def test_every_part_of_a_notebook_the_scan_reads(tmp_path, pseudo):
    """Metadata (widget state too), attachments, SVG/HTML/JSON outputs and output metadata
    are cleaned as the scan reads them; nbgrader's checksum and tags stay as they were."""
    from kit.privacy.readers import notebook_pieces
    from kit.privacy.scan import scan_text

    mail = "hodan.abdi@example.org"
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {
        "m1": {"model_name": "TextModel", "state": {"value": f"bel {PHONE}"}}}}}
    nb.metadata["auteur"] = mail
    md = nbformat.v4.new_markdown_cell("zie bijlage", attachments={
        "n.svg": {"image/svg+xml": f"<svg><text>{PHONE}</text></svg>"},
        "n.txt": {"text/plain": f"mail {mail}"}})
    md.metadata = {"tags": ["eigen"], "notitie": f"{PHONE}",
                   "nbgrader": {"grade_id": "antwoord-1", "checksum": "0612345678abcdef",
                                "points": 2, "grade": True, "solution": True, "locked": False,
                                "schema_version": 3}}
    code = nbformat.v4.new_code_cell("x")
    code.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": f"<b>{PHONE}</b>", "image/svg+xml": f"<svg><text>{mail}</text></svg>",
        "application/json": {"wie": mail, PHONE: [1, mail]}, "image/png": "iVBORw0KGgo="},
        metadata={"bron": mail})]
    nb.cells = [md, code]
    source = tmp_path / "werk.ipynb"
    nbformat.write(nb, str(source))
    out, counts = pseudonymise_file(source, pseudonymiser=pseudo)
    written = out.read_text()
    assert PHONE not in written.replace("0612345678abcdef", "") and mail not in written
    assert sum(counts.values()) >= 10
    again = nbformat.read(str(out), as_version=4)
    nbformat.validate(again)
    assert again.cells[0].metadata["tags"] == ["eigen"]
    assert again.cells[0].metadata["nbgrader"]["checksum"] == "0612345678abcdef"
    assert again.cells[0].metadata["nbgrader"]["grade_id"] == "antwoord-1"
    assert again.cells[1].outputs[0]["data"]["image/png"] == "iVBORw0KGgo="
    leftovers = [p.place for p in notebook_pieces(again)
                 if "checksum" not in p.place and scan_text(p.text, use_deduce=False)]
    assert leftovers == []


def test_a_picture_attachment_is_refused_and_nothing_written(tmp_path, pseudo):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("foto", attachments={"f.png": {"image/png": "iVBORw0KGgo="}})]
    source = tmp_path / "werk.ipynb"
    nbformat.write(nb, str(source))
    with pytest.raises(InputError, match="cel 1: de bijlage 'f.png'"):
        pseudonymise_file(source, pseudonymiser=pseudo)
    assert not default_output(source).exists()


def test_text_keeps_its_lines(tmp_path, pseudo):
    source = tmp_path / "n.md"
    source.write_text(f"# Notities\n\nBel {PHONE}\n")
    out, _ = pseudonymise_file(source, tmp_path / "uit.md", pseudonymiser=pseudo)
    assert len(out.read_text().splitlines()) == 3


@pytest.mark.parametrize("name, content, message", [
    ("foto.png", b"x", "dit bestandstype kan niet gepseudonimiseerd worden"),
    ("weg.csv", None, "het bestand bestaat niet"),
    ("kapot.ipynb", b"{niet", "geen geldig notebook"),
    ("kapot.xlsx", b"geen zip", "geen leesbaar Excel-bestand"),
])
def test_refusals_write_nothing(tmp_path, pseudo, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(InputError, match=message):
        pseudonymise_file(source, pseudonymiser=pseudo)
    assert not default_output(source).exists()
