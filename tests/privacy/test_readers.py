"""Text out of every file type the privacy scan reads (kit.privacy.readers.pieces)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import InputError
from kit.privacy.readers import CELL_SEPARATOR, Unreadable, pieces

NAME = "Annelies Vermeulen"


def _texts(path) -> dict[str, str]:
    return {p.place: p.text for p in pieces(path)}


def test_csv_rows_know_their_cells_and_synthetic_rows(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(f"naam;synthetisch;score\n{NAME};nee;0.30000000000000004\nBob;ja;3\n")
    rows = list(pieces(path))
    assert [p.place for p in rows] == ["rij 1", "rij 2", "rij 3"]
    second = rows[1]
    assert second.text.split(CELL_SEPARATOR) == [NAME, "nee", ""]  # a float identifies nobody
    assert second.place_of(0) == "rij 2, kolom 'naam'"
    assert second.place_of(len(NAME) + len(CELL_SEPARATOR) + 1) == "rij 2, kolom 'synthetisch'"
    assert [p.marked for p in rows] == [False, False, True]


def test_docx_body_header_and_links_are_read(tmp_path):
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE

    doc = Document()
    doc.add_paragraph(f"Gesprek met {NAME}.")
    doc.sections[0].header.paragraphs[0].text = "Kopregel 0612345678"
    doc.core_properties.author = "Piet Auteur"
    part = doc.part
    part.relate_to("mailto:annelies@example.org", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    path = tmp_path / "verslag.docx"
    doc.save(path)
    joined = "\n".join(_texts(path).values())
    for expected in (NAME, "Kopregel 0612345678", "Piet Auteur", "mailto:annelies@example.org"):
        assert expected in joined, expected
    assert any(p.place == "onderdeel 'word/document.xml'" and NAME in p.text for p in pieces(path))


def test_xlsx_cells_comments_sheet_names_and_properties(tmp_path):
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Interviews Annelies"
    sheet.append(["naam", "synthetisch"])
    sheet.append([NAME, "ja"])
    sheet["A2"].comment = Comment("belt terug", "Docent")
    book.properties.creator = "Piet Auteur"
    path = tmp_path / "lijst.xlsx"
    book.save(path)
    found = list(pieces(path))
    texts = {p.place: p for p in found}
    assert texts["bladnaam"].text == "Interviews Annelies"
    row = texts["blad 'Interviews Annelies', rij 2"]
    assert row.text.startswith(NAME) and row.marked
    assert row.place_of(0) == "blad 'Interviews Annelies', rij 2, kolom 'naam'"
    assert "belt terug" in texts["blad 'Interviews Annelies', cel A2 (opmerking)"].text
    assert texts["documenteigenschap 'creator'"].text == "Piet Auteur"


def test_notebook_outputs_and_metadata_are_read_and_raster_attachments_refused(tmp_path):
    nb = {"metadata": {"auteur": NAME}, "nbformat": 4, "nbformat_minor": 5, "cells": [
        {"cell_type": "code", "source": ["x = 1\n", "print(x)"], "metadata": {},
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "Bel 0612345678"},
                     {"output_type": "display_data", "metadata": {},
                      "data": {"text/html": "<p>Hoi <b>Jan</b></p>", "image/png": "iVBORw0KGgo="}}],
         "execution_count": 1}]}
    path = tmp_path / "werk.ipynb"
    path.write_text(json.dumps(nb))
    texts = _texts(path)
    assert texts["notebook-metadata, veld 'auteur'"] == NAME
    assert texts["cel 1"] == "x = 1\nprint(x)"
    assert texts["cel 1 (uitvoer)"] == "Bel 0612345678"
    assert texts["cel 1 (uitvoer, text/html)"] == "Hoi Jan"
    assert not any("image/png" in place for place in texts)
    nb["cells"][0]["attachments"] = {"foto.png": {"image/png": "iVBORw0KGgo="}}
    path.write_text(json.dumps(nb))
    with pytest.raises(Unreadable, match="cel 1 \\(bijlage 'foto.png', image/png\\)"):
        list(pieces(path))


def test_json_lines_yaml_html_and_rtf(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"naam": "Jan"}\n\n{"synthetic": true, "naam": "Ana"}\n')
    found = list(pieces(tmp_path / "a.jsonl"))
    assert ("regel 3, veld 'naam'", "Ana", True) in [(p.place, p.text, p.marked) for p in found]
    (tmp_path / "b.yaml").write_text("deelnemers:\n  - naam: Jan\n")
    assert ("veld 'deelnemers[0].naam'", "Jan") in [(p.place, p.text) for p in
                                                   pieces(tmp_path / "b.yaml")]
    (tmp_path / "c.html").write_text("<style>@media x {}</style><p>Bel <i>Jan</i></p>")
    assert _texts(tmp_path / "c.html") == {"": "Bel Jan"}
    (tmp_path / "d.rtf").write_text(r"{\rtf1{\info{\author Piet Auteur}}Bel Jan\par}")
    assert "Piet Auteur" in _texts(tmp_path / "d.rtf")[""]


@pytest.mark.parametrize("name, content, kind, message", [
    ("kapot.ipynb", "{niet", InputError, "geen geldig notebook"),
    ("kapot.json", "{niet", InputError, "geen geldige JSON"),
    ("kapot.jsonl", '{"a": 1}\n{niet\n', InputError, "regel 2"),
    ("foto.png", "x", Unreadable, r"dit bestandstype \(.png\)"),
    ("binair", b"\x89PNG\r\n\x00\x00", Unreadable, "binair bestand"),
    ("leeg.pdf", b"%PDF-1.4 kapot", Unreadable, "geen leesbare PDF"),
    ("kapot.docx", b"geen zip", Unreadable, "geen leesbaar Word-bestand"),
    ("kapot.xlsx", b"geen zip", Unreadable, "geen leesbaar Excel-bestand"),
])
def test_what_cannot_be_read_says_so_in_dutch(tmp_path, name, content, kind, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(kind, match=message):
        list(pieces(path))


def test_pdf_text_and_a_pdf_of_only_images(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Piet Auteur"})
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    with pytest.raises(Unreadable, match="PDF zonder tekstlaag"):
        list(pieces(path))


def _reference_table_pieces(path, sep):
    """The table reader's rows as first written: every cell's place spelled out on its own,
    the number pattern tried on every cell (the rows read as the reader reads them)."""
    import re

    from kit.privacy.readers import _FLAG_KEYS, Piece, _table_rows, is_synthetic_flag

    number_cell = re.compile(r"-?(?:0?\.\d+|\d+(?:\.\d+)?[eE][-+]?\d+|inf|nan)", re.IGNORECASE)
    rows = _table_rows(path, sep)
    if not rows:
        return
    header = [h.strip() for h in rows[0]]
    flag = next((i for i, h in enumerate(header) if h.lower() in _FLAG_KEYS), None)
    for number, row in enumerate(rows, start=1):
        places, values, offset = [], [], 0
        for index, value in enumerate(row):
            if number_cell.fullmatch(value):
                value = ""
            column = header[index] if index < len(header) else f"{index + 1}"
            where = "rij 1 (kopregel)" if number == 1 else f"rij {number}, kolom '{column}'"
            places.append((offset, offset + len(value), where))
            values.append(value)
            offset += len(value) + len(CELL_SEPARATOR)
        marked = number > 1 and flag is not None and flag < len(row) and \
            is_synthetic_flag(row[flag])
        yield Piece(f"rij {number}", CELL_SEPARATOR.join(values), marked, tuple(places))


_CELLS = ["", " ", "Ada", "0.5", ".25", "-0.75", "1e5", "2.5E-3", "inf", "-inf", "NaN", "nan",
          "3", "06.12345678", "-", "i", "N-2021-00251", "ja", "nee", "synthetisch", "Den Haag",
          "a;b", 'zei "hoi"', "regel\nregel", "0612345678", "12,5", "Ionela",
          "\u0131nf", "\u0130NF", "-\u0131nf", "\u0131",  # re takes both for an i
          "\u0663e5", "\u0663.5e-1"]  # an Arabic-Indic digit is a digit too


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CELLS), min_size=0, max_size=6), min_size=0, max_size=6),
       st.sampled_from([";", ",", "\t"]), st.booleans())
def test_table_rows_as_the_reference_reader_reads_them(tmp_path_factory, rows, sep, flagged):
    """Rows of any length (shorter and longer than the header, empty), number cells of every
    form, quoted separators and newlines, a synthetic flag column or none: the same pieces,
    places and marks as the plain reader."""
    import csv
    import io

    from kit.privacy.readers import _table_pieces

    if flagged and rows:
        rows[0] = ["synthetisch"] + rows[0]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep).writerows(rows)
    path = tmp_path_factory.mktemp("tabel") / ("t.tsv" if sep == "\t" else "t.csv")
    path.write_text(buffer.getvalue(), encoding="utf-8")
    reader_sep = "\t" if sep == "\t" else None
    assert list(_table_pieces(path, reader_sep)) == list(_reference_table_pieces(path, reader_sep))
