"""The weegmoment report as Word (kit.evaluation.word): content, Dutch headings, same bytes."""

from __future__ import annotations

import io

import pytest
from docx import Document

from kit.evaluation.word import report_docx


def _png() -> bytes:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, 1])
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def _report(**overrides) -> bytes:
    args = dict(
        sections={"summary": {"paragraphs": ["Volgens de criteria: voortzetten."]},
                  "sections": [{"title": "Samenwerking", "paragraphs": ["Meer partijen."],
                                "quotes": [{"citaat": "We zitten aan tafel.", "wie": "Bewoner",
                                            "onderwerp": "Samenwerking", "datum": "2025-03-01"}],
                                "tables": [{"caption": "Partijen", "headers": ["Jaar", "Aantal"],
                                            "rows": [["2024", "12"], ["2025", None]]}]}]},
        title="Weegmoment 2025", intro=["Synthetische gegevens."], notes=["Rij 3 overgeslagen."],
        figures={"fig1": {"png": _png(), "caption": "Figuur 1. Opkomst"}},
        data_sections=[{"title": "De cijfers", "paragraphs": ["Zie de figuur."],
                        "figures": ["fig1", "ontbreekt"], "tables": [{"headers": ["a"], "rows": []}]}],
    )
    args.update(overrides)
    return report_docx(**args)


def test_the_document_holds_sections_tables_figures_and_notes():
    doc = Document(io.BytesIO(_report()))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Weegmoment 2025"
    for expected in ("Samenvatting en voorstel", "Volgens de criteria: voortzetten.", "Samenwerking",
                     "“We zitten aan tafel.”", "Bewoner, over samenwerking (2025-03-01)",
                     "Partijen", "De cijfers", "Figuur 1. Opkomst", "Meldingen bij de invoer",
                     "Rij 3 overgeslagen."):
        assert expected in texts, expected
    assert len(doc.tables) == 1  # the table without rows is left out
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [
        ["Jaar", "Aantal"], ["2024", "12"], ["2025", ""]]
    assert len(doc.inline_shapes) == 1  # a missing figure is skipped, not an error
    assert doc.core_properties.title == "Weegmoment 2025"


def test_same_report_same_bytes():
    assert _report() == _report()


def test_no_notes_heading_without_notes():
    doc = Document(io.BytesIO(_report(notes=[])))
    assert "Meldingen bij de invoer" not in [p.text for p in doc.paragraphs]


def test_a_row_of_the_wrong_width_is_an_error_not_a_shifted_table():
    bad = {"summary": {"paragraphs": []}, "sections": [
        {"title": "x", "tables": [{"headers": ["a", "b"], "rows": [["1"]]}]}]}
    with pytest.raises(ValueError):
        _report(sections=bad)
