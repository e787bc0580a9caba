"""REFI-QDA export: schema-valid .qdc and .qdpx, and the checks catch broken files."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pandas as pd
import pytest

from kit.analysis.codebook import load_codebook
from kit.analysis.discourse_corpus import corpus_frames, load_dominant_corpus
from kit.analysis.refi import (
    CODEBOOK_NS,
    PROJECT_NS,
    check_qdpx,
    codebook_xml,
    export_codebook,
    export_project,
    import_codebook,
    schema_problems,
)
from kit.errors import InputError

BOOK = load_codebook("frames-dominant-discours")


def test_codebook_export_is_valid_and_keeps_the_hierarchy(tmp_path):
    path = export_codebook(BOOK, tmp_path / "frames.qdc")
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    top = root.findall(f"{{{CODEBOOK_NS}}}Codes/{{{CODEBOOK_NS}}}Code")
    assert [c.get("name") for c in top] == [c.name for c in BOOK.children(None)]
    victim = next(c for c in top if c.get("name") == "Slachtofferschap en mensenhandel")
    assert {c.get("name") for c in victim.findall(f"{{{CODEBOOK_NS}}}Code")} == {"Mensenhandel en dwang",
                                                                              "Kwetsbaarheid en redding"}
    assert path.read_bytes() == codebook_xml(BOOK)


def test_schema_rejects_what_the_standard_rejects():
    broken = codebook_xml(BOOK).replace(b'isCodable="true"', b'isCodable="misschien"', 1)
    assert schema_problems(broken, "codebook")
    no_guid = codebook_xml(BOOK).replace(b"guid=", b"gid=", 1)
    assert schema_problems(no_guid, "codebook")


def test_project_export_is_valid_and_complete(tmp_path):
    corpus = load_dominant_corpus()
    frames = corpus_frames()
    path = export_project(BOOK, frames, corpus, tmp_path / "project.qdpx")
    data = path.read_bytes()
    assert check_qdpx(data) == []
    archive = zipfile.ZipFile(io.BytesIO(data))
    root = ET.fromstring(archive.read("project.qde"))
    ns = {"q": PROJECT_NS}
    assert len(root.findall(".//q:TextSource", ns)) == frames["document"].nunique()
    assert len(root.findall(".//q:PlainTextSelection/q:Coding/q:CodeRef", ns)) == len(frames)
    first = root.find(".//q:TextSource", ns)
    text = archive.read("sources/" + first.get("plainTextPath").removeprefix("internal://")).decode()
    selection = first.find("q:PlainTextSelection", ns)
    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
    document = first.get("name")
    assert text == corpus.loc[corpus["id"] == document, "text"].item()
    mine = frames[frames["document"] == document]
    assert (start, end) in set(zip(mine["start"], mine["end"], strict=True))
    assert path.read_bytes() == export_project(BOOK, frames, corpus, tmp_path / "again.qdpx").read_bytes()


def test_check_catches_broken_archives(tmp_path):
    data = export_project(BOOK, corpus_frames(), load_dominant_corpus(), tmp_path / "p.qdpx").read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    xml = archive.read("project.qde")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("project.qde", xml.replace(b'startPosition="', b'startPosition="9999', 1))
        for name in archive.namelist()[1:]:
            out.writestr(name, archive.read(name))
    problems = check_qdpx(buffer.getvalue())
    assert any("valt buiten bron" in p for p in problems)
    assert check_qdpx(b"geen zip") == ["dit is geen zip-bestand (een .qdpx is een zip)"]


def test_codings_outside_their_text_are_refused_before_writing(tmp_path):
    bad = pd.DataFrame([{"document": "dd01", "start": 0, "end": 99_999, "code": "moraal", "coder": "A",
                         "memo": ""}])
    target = tmp_path / "p.qdpx"
    with pytest.raises(InputError, match="voorbij het einde"):
        export_project(BOOK, bad, load_dominant_corpus(), target)
    assert not target.exists()


def test_import_roundtrip_keeps_every_field(tmp_path):
    again = import_codebook(export_codebook(BOOK, tmp_path / "boek.qdc"))
    assert again.ids() == BOOK.ids()
    for code in BOOK:
        other = again[code.id]
        assert (other.name, other.definition, other.when, other.when_not, other.example, other.parent) == (
            code.name, code.definition, code.when, code.when_not, code.example, code.parent)


def test_import_of_a_foreign_codebook_and_bad_files(tmp_path):
    foreign = tmp_path / "taguette.qdc"
    foreign.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette">'
        '<Codes><Code guid="11111111-2222-3333-4444-555555555555" name="Thuis voelen" isCodable="true">'
        '<Description>Waar iemand zich thuis voelt.</Description>'
        '<Code guid="11111111-2222-3333-4444-555555555556" name="Café" isCodable="true"/></Code>'
        '<Code guid="11111111-2222-3333-4444-555555555557" name="Thuis voelen" isCodable="true"/>'
        '</Codes></CodeBook>', encoding="utf-8")
    book = import_codebook(foreign)
    assert book.ids() == ["thuis-voelen", "cafe", "thuis-voelen-2"]
    assert book["thuis-voelen"].definition == "Waar iemand zich thuis voelt."
    assert book["cafe"].parent == "thuis-voelen"
    bad = tmp_path / "kapot.qdc"
    bad.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')
    with pytest.raises(InputError, match="geen geldig REFI-QDA-codeboek"):
        import_codebook(bad)
