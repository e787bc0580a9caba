"""The weegmoment report as an editable Word document (``weegmoment.docx``, python-docx).

The same content as ``index.html``: the evaluator's sections of :mod:`kit.evaluation.sections`,
the published tables with Dutch headers and Dutch numbers, the figures (PNG) and the notes.
The programme edits it further in Word; the kit does not read it back.

>>> import io
>>> data = report_docx({"summary": {"paragraphs": ["Volgens de criteria: voortzetten."]},
...                     "sections": []}, title="Weegmoment", intro=[], notes=[], figures={},
...                     data_sections=[])
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import io
from typing import Any

__all__ = ["report_docx"]


def _table(doc, table: dict[str, Any]) -> None:
    if not table.get("rows"):
        return
    if table.get("caption"):
        doc.add_paragraph(table["caption"], style="Heading 4")
    grid = doc.add_table(rows=1, cols=len(table["headers"]))
    grid.style = "Light Grid Accent 1"
    for cell, header in zip(grid.rows[0].cells, table["headers"], strict=True):
        cell.text = str(header)
    for row in table["rows"]:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def report_docx(sections: dict[str, Any], *, title: str, intro: list[str], notes: list[str],
                figures: dict[str, dict[str, Any]], data_sections: list[dict[str, Any]]) -> bytes:
    """The Word document's bytes.

    Args:
        sections: :func:`kit.evaluation.sections.build_sections` output.
        title: the document title.
        intro: paragraphs under the title (synthetic data, disclosure).
        notes: the report's notes.
        figures: ``{name: {"png": bytes, "caption": str}}``.
        data_sections: ``[{"title", "paragraphs", "tables": [{caption, headers, rows}],
            "figures": [names]}]`` (the data part, as in the HTML).
    """
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    core = doc.core_properties
    core.title, core.author, core.comments = title, "IIDS-kit", ""
    doc.add_heading(title, level=0)
    for text in intro:
        doc.add_paragraph(text)
    doc.add_heading("Samenvatting en voorstel", level=1)
    for text in sections["summary"]["paragraphs"]:
        doc.add_paragraph(text)
    for section in sections["sections"]:
        doc.add_heading(section["title"], level=1)
        for text in section.get("paragraphs", []):
            doc.add_paragraph(text)
        for quote in section.get("quotes", []):
            doc.add_paragraph(f"“{quote['citaat']}”", style="Quote")
            doc.add_paragraph(f"{quote['wie']}, over {quote['onderwerp'].lower()} ({quote['datum']})")
        for table in section.get("tables", []):
            _table(doc, table)
    for part in data_sections:
        doc.add_heading(part["title"], level=1)
        for text in part.get("paragraphs", []):
            doc.add_paragraph(text)
        for name in part.get("figures", []):
            figure = figures.get(name)
            if figure:
                doc.add_picture(io.BytesIO(figure["png"]), width=Cm(16))
                doc.add_paragraph(figure["caption"], style="Caption")
        for table in part.get("tables", []):
            _table(doc, table)
    if notes:
        doc.add_heading("Meldingen bij de invoer", level=1)
        for text in notes:
            doc.add_paragraph(text, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every member dated 1980-01-01: the same report gives the same
    bytes (python-docx stamps the members with the time of saving).

    >>> import zipfile
    >>> raw = io.BytesIO()
    >>> with zipfile.ZipFile(raw, "w") as z:
    ...     z.writestr("a.xml", "<a/>")
    >>> zipfile.ZipFile(io.BytesIO(_fixed_zip(raw.getvalue()))).infolist()[0].date_time
    (1980, 1, 1, 0, 0, 0)
    """
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
