"""Import a lecturer's own corpus of public texts: PDF, Word, HTML and plain text, with metadata.

The lesson corpus of module 02 is synthetic. A lecturer who wants students to analyse real
public documents (council proposals, policy letters, news) puts them in one folder with a
metadata CSV, one row per file::

    bestand,bron,datum,genre,spreker,groep,titel
    raadsvoorstel.pdf,gemeenteraad,2024-03-12,beleidstekst,college van B en W,sekswerkers,Raadsvoorstel
    bericht.html,regionale krant,2024-05-02,nieuwsbericht,redactie,sekswerkers,

``bestand``, ``bron``, ``datum`` (``JJJJ-MM-DD`` or ``JJJJ``), ``genre`` and ``spreker`` are
required; ``groep`` and ``titel`` are optional. :func:`import_corpus` reads every file with a
maintained extraction library (pypdf for PDF, python-docx for Word, BeautifulSoup for HTML) and
returns a table in the columns of the lesson corpus (:data:`kit.analysis.discourse_corpus.CORPUS_COLUMNS`)
plus ``date`` and ``speaker``, so keyness, concordances, frame coding and the assignment
``discoursanalyse`` work on it as on the lesson corpus. Bad input raises
:class:`kit.errors.InputError` naming the file and the row or field.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "brief.txt").write_text("De gemeente wil de ramen sluiten.", encoding="utf-8")
>>> _ = (folder / "meta.csv").write_text(
...     "bestand,bron,datum,genre,spreker\\nbrief.txt,gemeente,2024-03-01,beleidstekst,wethouder\\n",
...     encoding="utf-8")
>>> corpus = import_corpus(folder, folder / "meta.csv")
>>> corpus[["id", "genre", "speaker", "text"]].iloc[0].tolist(), int(corpus["year"].iloc[0])
(['t01', 'beleidstekst', 'wethouder', 'De gemeente wil de ramen sluiten.'], 2024)
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from kit.errors import InputError

__all__ = ["SUPPORTED", "METADATA_REQUIRED", "extract_text", "read_metadata", "import_corpus",
           "write_corpus"]

#: File types the importer reads.
SUPPORTED = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
#: Required columns of the metadata CSV (Dutch names).
METADATA_REQUIRED = ("bestand", "bron", "datum", "genre", "spreker")
_OPTIONAL = ("groep", "titel")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def extract_text(path: str | os.PathLike) -> str:
    """The plain text of a PDF, Word (.docx), HTML or text file, whitespace normalised.

    Raises:
        InputError: an unsupported type, an unreadable file, or no text at all (a scanned PDF).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bericht.html"
    >>> _ = p.write_text("<html><head><style>p{}</style></head><body><p>Bewoners  klagen.</p>"
    ...                  "<script>x()</script></body></html>", encoding="utf-8")
    >>> extract_text(p)
    'Bewoners klagen.'
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(f"dit bestandstype lees ik niet (kies uit {', '.join(SUPPORTED)})", path=p)
    if not p.is_file():
        raise InputError("dit bestand bestaat niet", path=p)
    try:
        if suffix == ".pdf":
            from pypdf import PdfReader

            text = "\n".join(page.extract_text() or "" for page in PdfReader(str(p)).pages)
        elif suffix == ".docx":
            import docx

            document = docx.Document(str(p))
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            text = "\n".join([par.text for par in document.paragraphs] + cells)
        elif suffix in (".html", ".htm"):
            from bs4 import BeautifulSoup

            soup = BeautifulSoup(p.read_bytes(), "html.parser")
            for tag in soup(["script", "style", "noscript", "nav", "header", "footer"]):
                tag.decompose()
            text = soup.get_text(" ")
        else:
            from kit.io import read_text

            text = read_text(p)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - every library has its own errors; name the file
        raise InputError(f"dit bestand kan ik niet lezen ({type(exc).__name__}); is het beschadigd?",
                         path=p) from None
    text = _clean(text)
    if not text:
        raise InputError("in dit bestand staat geen tekst (een gescande PDF? laat die eerst herkennen met OCR)",
                         path=p)
    return text


def read_metadata(path: str | os.PathLike, folder: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """Read and check the metadata CSV: one row per file, the required fields filled in.

    Args:
        path: the CSV.
        folder: where the files are (default: the CSV's folder).

    Returns:
        One dict per row with the Dutch column names and ``year`` (int).

    Raises:
        InputError: a missing column, an empty field, a bad date, an unknown or doubled file,
            naming the row and the column.
    """
    from kit.errors import row_place
    from kit.io import read_csv

    base = Path(folder) if folder is not None else Path(path).parent
    frame = read_csv(path, required=list(METADATA_REQUIRED))
    if frame.empty:
        raise InputError("de metadata is leeg: zet er één regel per bestand in", path=path)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, record in enumerate(frame.fillna("").astype(str).to_dict("records")):
        row = {k: str(record.get(k, "")).strip() for k in METADATA_REQUIRED + _OPTIONAL}
        for key in METADATA_REQUIRED:
            if not row[key]:
                raise InputError("dit veld is verplicht en is leeg", path=path, place=row_place(i, key))
        match = _DATE.match(row["datum"])
        if not match or (match.group(2) and not (1 <= int(match.group(2)) <= 12
                                                  and 1 <= int(match.group(3)) <= 31)):
            raise InputError(f"'{row['datum']}' is geen datum (schrijf JJJJ-MM-DD of JJJJ)",
                             path=path, place=row_place(i, "datum"))
        if row["bestand"] in seen:
            raise InputError(f"het bestand '{row['bestand']}' staat er twee keer in", path=path,
                             place=row_place(i, "bestand"))
        seen.add(row["bestand"])
        file = base / row["bestand"]
        if Path(row["bestand"]).suffix.lower() not in SUPPORTED:
            raise InputError(f"dit bestandstype lees ik niet (kies uit {', '.join(SUPPORTED)})",
                             path=path, place=row_place(i, "bestand"))
        if not file.is_file():
            raise InputError(f"het bestand '{row['bestand']}' staat niet in {base}", path=path,
                             place=row_place(i, "bestand"))
        row["year"] = int(match.group(1))
        row["path"] = file
        rows.append(row)
    return rows


def import_corpus(folder: str | os.PathLike, metadata: str | os.PathLike):
    """Read every file named in the metadata into one corpus table.

    Returns:
        A DataFrame with the lesson corpus columns (``id, genre, group, title, year, source,
        synthetic, text``) plus ``date`` and ``speaker``; ``synthetic`` is false, ids run
        ``t01``, ``t02``, ... in the order of the metadata.
    """
    import pandas as pd

    from kit.analysis.discourse_corpus import CORPUS_COLUMNS

    rows = []
    entries = read_metadata(metadata, folder)
    width = max(2, len(str(len(entries))))
    for n, entry in enumerate(entries, start=1):
        rows.append({"id": f"t{n:0{width}d}", "genre": entry["genre"], "group": entry["groep"],
                     "title": entry["titel"] or Path(entry["bestand"]).stem, "year": entry["year"],
                     "source": entry["bron"], "synthetic": False, "text": extract_text(entry["path"]),
                     "date": entry["datum"], "speaker": entry["spreker"]})
    return pd.DataFrame(rows, columns=list(CORPUS_COLUMNS) + ["date", "speaker"])


def write_corpus(corpus, path: str | os.PathLike) -> Path:
    """Write an imported corpus as CSV (atomically); :func:`load_dominant_corpus` reads it back.

    >>> import tempfile, pathlib, pandas as pd
    >>> from kit.analysis.discourse_corpus import load_dominant_corpus
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Tekst een.", encoding="utf-8")
    >>> _ = (folder / "m.csv").write_text("bestand,bron,datum,genre,spreker\\na.txt,krant,2023,nieuwsbericht,redactie\\n",
    ...                                   encoding="utf-8")
    >>> out = write_corpus(import_corpus(folder, folder / "m.csv"), folder / "corpus.csv")
    >>> load_dominant_corpus(out)[["id", "source", "date", "speaker"]].iloc[0].tolist()
    ['t01', 'krant', '2023', 'redactie']
    """
    from kit.io import write_csv

    return write_csv(corpus, path)
