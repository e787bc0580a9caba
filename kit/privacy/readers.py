"""Text out of every file type a notebook, a submission or a report can carry.

The privacy scan (:mod:`kit.privacy.scan`) reads files only through :func:`pieces`, which
turns a file into :class:`Piece` objects: a place (``"cel 3 (uitvoer image/svg+xml)"``,
``"blad 'Blad1', rij 4, kolom 'B'"``), the text found there, and whether the file marks
that piece as synthetic teaching material (a cell tagged ``synthetisch``, a CSV row or
a JSON/YAML object with ``synthetic``/``synthetisch`` true). Whether such a mark counts is
decided by the scan (only for the kit's own shipped texts, see :mod:`kit.privacy.shipped`),
never here.

Read: notebooks (every part: sources, attachments, every output MIME type, output, cell
and notebook metadata including saved widget state), Markdown, text, Python, CSV/TSV,
JSON, JSON Lines, YAML, HTML/XML/SVG, Word (.docx: body, headers, footers, comments,
footnotes, properties), Excel (.xlsx: cells and formulas, comments, sheet names,
defined names, properties), PDF (text and properties), RTF, and any file without an
extension that is text. A file that cannot be read as text raises :class:`Unreadable`:
the scan reports it, it never passes silently.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "LEESMIJ"
>>> _ = p.write_text("Bel Jan op 0612345678")
>>> [(x.place, x.text) for x in pieces(p)]
[('', 'Bel Jan op 0612345678')]
>>> _ = p.write_bytes(b"\\x89PNG\\r\\n\\x00\\x00")
>>> list(pieces(p))
Traceback (most recent call last):
...
kit.privacy.readers.Unreadable: geen tekst (binair bestand)
"""

from __future__ import annotations

import base64
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Piece", "Unreadable", "pieces", "TEXT_SUFFIXES", "SYNTHETIC_TAG", "is_synthetic_flag",
           "walk_strings", "notebook_pieces", "rtf_text", "html_text"]

SYNTHETIC_TAG = "synthetisch"
TEXT_SUFFIXES = (".md", ".txt", ".py", ".r", ".sh", ".cfg", ".ini", ".toml", ".log", ".tex",
                 ".rst", ".qmd", ".css", ".js")
#: Between the cells of a table row: a pattern such as "14 jaar" may not run from one cell
#: into the next ("14" | "jaar 2"), so cells are kept apart by a bar on its own line.
CELL_SEPARATOR = "\n|\n"
_TRUE = {"true", "1", "ja", "yes", "waar", "y", "j"}
_FLAG_KEYS = {"synthetic", "synthetisch"}
#: Raster images in notebook outputs are drawn by the notebook's code (which is read);
#: pixels carry no text the scan can read.
_RASTER = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp")


class Unreadable(Exception):
    """A file (or a part of it) that the scan cannot read as text; the message is Dutch."""


@dataclass(frozen=True)
class Piece:
    """Text from one place in a file.

    Attributes:
        place: where (Dutch), "" for a plain text file (the scan adds line numbers).
        text: the text.
        marked: the file marks this piece as synthetic teaching material.
        places: for joined table rows, ``[(start, end, place), ...]`` inside ``text``.
    """

    place: str
    text: str
    marked: bool = False
    places: tuple[tuple[int, int, str], ...] = ()

    def place_of(self, offset: int) -> str:
        """The place of ``offset`` in :attr:`text`.

        >>> Piece("x", "ab\\n\\ncd", places=((0, 2, "kolom a"), (4, 6, "kolom b"))).place_of(5)
        'kolom b'
        """
        for start, end, place in self.places:
            if start <= offset <= end:
                return place
        if self.places:
            return self.places[-1][2]
        if self.place in ("", "hele bestand") or "\n" in self.text:
            line = self.text.count("\n", 0, offset) + 1
            return f"{self.place}, regel {line}" if self.place not in ("", "hele bestand") \
                else f"regel {line}"
        return self.place


def is_synthetic_flag(value) -> bool:
    """Whether a flag value means "synthetic".

    >>> is_synthetic_flag("ja"), is_synthetic_flag(True), is_synthetic_flag("nee")
    (True, True, False)
    """
    return str(value).strip().lower() in _TRUE


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def walk_strings(data, field: str = "") -> Iterator[tuple[str, str, bool]]:
    """Every string (values and keys) of JSON-like data: ``(field, text, marked)``.

    An object with ``synthetic``/``synthetisch`` true marks its whole subtree.

    >>> [(f, t) for f, t, _m in walk_strings({"a": ["x", {"b": "y"}]})]
    [('a[0]', 'x'), ('a[1].b', 'y'), ('a[1].b (sleutel)', 'b'), ('a (sleutel)', 'a')]
    >>> {m for _f, _t, m in walk_strings({"synthetisch": True, "tekst": "z"})}
    {True}
    """
    yield from _walk(data, field, False)


def _walk(data, field: str, marked: bool) -> Iterator[tuple[str, str, bool]]:
    if isinstance(data, str):
        yield field or "hele bestand", data, marked
    elif isinstance(data, dict):
        marked = marked or any(is_synthetic_flag(data.get(k, "")) for k in _FLAG_KEYS
                               if not isinstance(data.get(k), (dict, list)))
        for key, value in data.items():
            name = f"{field}.{key}" if field else str(key)
            yield from _walk(value, name, marked)
            if isinstance(key, str):
                yield f"{name} (sleutel)", key, marked
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(value, f"{field}[{i}]", marked)
    elif data is not None and not isinstance(data, (bool, int, float)):
        yield field or "hele bestand", str(data), marked


def _strings_pieces(data, prefix: str) -> Iterator[Piece]:
    for field, text, marked in walk_strings(data):
        where = f"{prefix}, veld '{field}'" if prefix else f"veld '{field}'"
        yield Piece(where, text, marked)


# --- notebooks ------------------------------------------------------------------------------
def notebook_pieces(nb) -> Iterator[Piece]:
    """Every part of a notebook (a dict as nbformat reads it) as pieces.

    >>> nb = {"metadata": {"widgets": {"state": {"x": {"value": "Jan"}}}}, "cells": [
    ...     {"cell_type": "markdown", "source": "hoi", "metadata": {"tags": ["synthetisch"]},
    ...      "attachments": {"a.svg": {"image/svg+xml": "<svg><text>Ana</text></svg>"}}}]}
    >>> [(p.text, p.marked) for p in notebook_pieces(nb) if "sleutel" not in p.place]
    [('Jan', False), ('hoi', True), ('Ana', False)]
    """
    yield from _strings_pieces(nb.get("metadata") or {}, "notebook-metadata")
    for number, cell in enumerate(nb.get("cells") or [], start=1):
        cell_meta = cell.get("metadata") or {}
        tags = cell_meta.get("tags") or []
        yield Piece(f"cel {number}", _as_text(cell.get("source", "")),
                    SYNTHETIC_TAG in tags)
        meta = {k: v for k, v in cell_meta.items() if k != "tags"}
        nbgrader = meta.get("nbgrader")
        if isinstance(nbgrader, dict):  # checksums are hashes of the cell, not text
            meta["nbgrader"] = {k: v for k, v in nbgrader.items() if k != "checksum"}
        yield from _strings_pieces(meta, f"cel {number} (metadata)")
        for name, bundle in (cell.get("attachments") or {}).items():
            for mime, value in (bundle or {}).items():
                where = f"cel {number} (bijlage '{name}', {mime})"
                if mime.startswith("image/") and mime != "image/svg+xml" or \
                        mime in ("application/pdf", "application/octet-stream"):
                    raise Unreadable(f"{where}: een plaatje of bestand als bijlage kan de scan "
                                     "niet lezen; haal het weg of zet de tekst erin als tekst")
                yield Piece(where, _decoded(value, mime))
        for output in cell.get("outputs") or []:
            where = f"cel {number} (uitvoer"
            for key in ("text", "ename", "evalue"):
                if output.get(key):
                    yield Piece(f"{where})", _as_text(output[key]))
            if output.get("traceback"):
                yield Piece(f"{where}, foutmelding)", "\n".join(map(str, output["traceback"])))
            for mime, value in (output.get("data") or {}).items():
                if mime in _RASTER:
                    continue
                yield Piece(f"{where}, {mime})", _decoded(value, mime))
            if output.get("metadata"):
                yield from _strings_pieces(output["metadata"], f"{where}, metadata)")


def _decoded(value, mime: str) -> str:
    text = _as_text(value)
    if mime.startswith(("image/svg", "text/")) or "json" in mime or "javascript" in mime \
            or "xml" in mime or "html" in mime or "markdown" in mime or "latex" in mime:
        if mime == "image/svg+xml" and text and not text.lstrip().startswith("<"):
            try:
                text = base64.b64decode(text).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                pass
        if "html" in mime or mime.startswith("image/svg") or "xml" in mime:
            return html_text(text)
        return text
    try:  # other MIME types: text when they decode as text, else unreadable
        raw = base64.b64decode(text, validate=True)
        return _bytes_text(raw)
    except (ValueError, Unreadable):
        return text


# --- markup ---------------------------------------------------------------------------------
def html_text(markup: str) -> str:
    """The text of HTML/XML/SVG, with text attributes and comments kept apart by a bar line.

    >>> print(html_text('<p title="Ana">Hoi <b>Jan</b></p><!-- 0612345678 -->'))
    Ana
    |
    0612345678
    |
    Hoi Jan
    """
    from lxml import etree
    from lxml import html as lhtml

    if not markup.strip():
        return ""
    try:
        if markup.lstrip().startswith("<?xml") or "<svg" in markup[:500]:
            root = etree.fromstring(markup.encode("utf-8"), etree.XMLParser(recover=True,
                                                                               resolve_entities=False,
                                                                               no_network=True))
        else:
            root = lhtml.document_fromstring(markup)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return markup
    if root is None:
        return markup
    lines: list[str] = []
    for element in root.iter():
        if isinstance(element, etree._Comment):
            lines.append((element.text or "").strip())
            continue
        if not isinstance(element.tag, str):
            continue
        lines.extend(str(v) for k, v in element.attrib.items()
                     if k.rsplit("}", 1)[-1].lower() in _TEXT_ATTRIBUTES and str(v).strip()
                     and not str(v).startswith("data:"))
    texts: list[str] = []
    _element_text(root, texts)
    body = "\n".join(" ".join(line.split()) for line in "".join(texts).split("\n"))
    body = "\n".join(line for line in body.split("\n") if line)
    # attribute values and comments are separate texts: kept apart like table cells
    return CELL_SEPARATOR.join([*[line for line in lines if line], body]) if lines else body


#: Attributes that carry words a person reads or a link (not layout, ids or path data).
_TEXT_ATTRIBUTES = {"title", "alt", "href", "src", "content", "value", "placeholder",
                    "aria-label", "label", "summary", "abbr", "cite", "data-naam", "name",
                    "download", "action", "poster", "srcdoc", "aria-description"}
_BLOCK = {"p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "title",
          "text", "tspan", "section", "article", "table", "dd", "dt", "pre", "ul", "ol", "body",
          "head", "header", "footer", "caption", "figcaption", "blockquote", "desc"}


def _element_text(element, texts: list[str]) -> None:
    from lxml import etree

    if isinstance(element, etree._Comment) or not isinstance(element.tag, str):
        return
    tag = element.tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
    if tag == "style":  # layout only ("@media" is no social-media handle)
        return
    block = tag in _BLOCK or tag == "script"
    if block:
        texts.append("\n")
    if element.text:
        texts.append(element.text)
    for child in element:
        _element_text(child, texts)
        if child.tail:
            texts.append(child.tail)
    if block:
        texts.append(CELL_SEPARATOR if tag in ("td", "th") else "\n")


_RTF_CONTROL = re.compile(r"\\([a-z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-f]{2})|\\([^a-z])|([{}])|"
                          r"[\r\n]+|(.)", re.IGNORECASE | re.DOTALL)
_RTF_SKIP = {"fonttbl", "colortbl", "stylesheet", "pict", "header", "footer", "object",
             "generator", "themedata", "datastore", "latentstyles"}


def rtf_text(rtf: str) -> str:
    r"""Plain text of an RTF document (the \info group's fields included).

    >>> rtf_text(r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Bel Jan\par 06\'2d12345678}")
    'Bel Jan\n06-12345678'
    """
    out: list[str] = []
    stack: list[tuple[bool, int]] = []
    skip, uc, ignorable = False, 1, False
    for match in _RTF_CONTROL.finditer(rtf):
        word, arg, hexcode, char, brace, plain = match.groups()
        if brace == "{":
            stack.append((skip, uc))
            ignorable = False
        elif brace == "}":
            if stack:
                skip, uc = stack.pop()
        elif char:
            if char == "*":
                ignorable = True
            elif char in "\\{}" and not skip:
                out.append(char)
            elif char == "~" and not skip:
                out.append(" ")
        elif word:
            lower = word.lower()
            if ignorable or lower in _RTF_SKIP:
                skip, ignorable = True, False
            elif lower in ("par", "line", "row", "sect", "page") and not skip:
                out.append("\n")
            elif lower in ("author", "title", "subject", "operator", "keywords", "doccomm",
                           "company", "manager", "category", "cell") and not skip:
                out.append("\n")
            elif lower == "tab" and not skip:
                out.append("\t")
            elif lower == "u" and arg and not skip:
                code = int(arg)
                out.append(chr(code + 65536 if code < 0 else code))
            elif lower == "uc" and arg:
                uc = int(arg)
        elif hexcode and not skip:
            out.append(bytes([int(hexcode, 16)]).decode("cp1252", errors="replace"))
        elif plain is not None and not skip:
            out.append(plain)
    return "".join(out).strip()


# --- office documents ----------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_pieces(path: Path) -> Iterator[Piece]:
    from lxml import etree

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unreadable(f"geen leesbaar Word-bestand ({type(exc).__name__})") from None
    with archive:
        for name in sorted(archive.namelist()):
            if not name.endswith((".xml", ".rels")) or name.startswith("word/media/"):
                if not name.endswith("/") and not name.startswith(("word/media/", "[Content")) \
                        and name.startswith(("word/embeddings", "customXml")):
                    raise Unreadable(f"onderdeel '{name}' kan de scan niet lezen")
                continue
            try:
                root = etree.fromstring(archive.read(name),
                                        etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                raise Unreadable(f"onderdeel '{name}' is geen geldige XML") from None
            if name.endswith(".rels"):  # hyperlink targets (mailto:, profiles)
                targets = [el.get("Target", "") for el in root.iter()
                           if el.get("TargetMode") == "External"]
                if targets:
                    yield Piece(f"links ({name})", "\n".join(targets))
                continue
            paragraphs = ["".join(t.text or "" for t in p.iter(f"{_W}t", f"{_W}delText",
                                                                 f"{_W}instrText"))
                          + ("\n|" if p.getparent() is not None
                             and p.getparent().tag == f"{_W}tc" else "")
                          for p in root.iter(f"{_W}p")]
            if not paragraphs:
                paragraphs = [t.strip() for t in root.itertext() if t.strip()]
            text = "\n".join(p for p in paragraphs if p)
            if text:
                yield Piece(f"onderdeel '{name}'", text)


def _without_source_copies(markup: str, sources: dict[str, str]) -> str:
    """The project XML without the selection names that only repeat the start of the coded
    passage: that passage is read in full, in its context, from its source text.

    A name that differs from its passage (typed by a person) stays and is read.
    """
    from lxml import etree

    try:
        root = etree.fromstring(markup.encode("utf-8"), etree.XMLParser(
            recover=True, resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError):
        return markup
    if root is None:
        return markup
    for source in root.iter():
        if not isinstance(source.tag, str) or not source.tag.endswith("TextSource"):
            continue
        target = (source.get("plainTextPath") or "").rsplit("/", 1)[-1]
        text = sources.get(target)
        if text is None:
            continue
        for selection in source.iter():
            if not isinstance(selection.tag, str) or not selection.tag.endswith("Selection"):
                continue
            name = (selection.get("name") or "").strip()
            try:
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            except (TypeError, ValueError):
                continue
            if name and " ".join(text[start:end].split()).startswith(" ".join(name.split())):
                del selection.attrib["name"]
    return etree.tostring(root, encoding="unicode")


def _qdpx_pieces(path: Path) -> Iterator[Piece]:
    """A REFI-QDA project: the project XML (codes, memos, names) and every source text."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unreadable(f"geen leesbaar REFI-QDA-project ({type(exc).__name__})") from None
    with archive:
        names = sorted(n for n in archive.namelist() if not n.endswith("/"))
        sources = {}
        for name in names:
            if name.endswith(".txt"):
                sources[name.rsplit("/", 1)[-1]] = _bytes_text(archive.read(name))
            elif not name.endswith((".qde", ".xml")):
                raise Unreadable(f"onderdeel '{name}' kan de scan niet lezen")
        for name in names:
            if name.endswith((".qde", ".xml")):
                markup = _without_source_copies(_bytes_text(archive.read(name)), sources)
                yield Piece(f"onderdeel '{name}'", html_text(markup))
            else:
                yield Piece(f"onderdeel '{name}'", sources[name.rsplit("/", 1)[-1]])


def _xlsx_pieces(path: Path) -> Iterator[Piece]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is reported
        raise Unreadable(f"geen leesbaar Excel-bestand ({type(exc).__name__})") from None
    props = book.properties
    fields = {k: getattr(props, k, None) for k in ("creator", "title", "subject", "description",
                                                   "keywords", "category", "lastModifiedBy",
                                                   "identifier", "contentStatus", "version")}
    for key, value in fields.items():
        if value:
            yield Piece(f"documenteigenschap '{key}'", str(value))
    for custom in getattr(book, "custom_doc_props", None) or []:
        yield Piece(f"documenteigenschap '{custom.name}'", f"{custom.name}: {custom.value}")
    try:
        names = list(book.defined_names.items())
    except AttributeError:  # pragma: no cover - older openpyxl
        names = []
    for name, defined in names:
        yield Piece(f"naam '{name}'", f"{name} {getattr(defined, 'attr_text', '')}")
    for sheet in book.worksheets:
        yield Piece("bladnaam", sheet.title)
        header, header_row = None, 0
        for row in sheet.iter_rows():
            cells = [c for c in row if c.value is not None and str(c.value) != ""]
            comments = [c for c in row if c.comment is not None]
            for c in comments:
                yield Piece(f"blad '{sheet.title}', cel {c.coordinate} (opmerking)",
                            f"{c.comment.author or ''}\n{c.comment.text or ''}")
            for c in row:
                if c.hyperlink is not None and c.hyperlink.target:
                    yield Piece(f"blad '{sheet.title}', cel {c.coordinate} (link)",
                                str(c.hyperlink.target))
            if not cells:
                continue
            if header is None:
                header, header_row = {c.column: str(c.value) for c in cells}, cells[0].row
            values = [str(c.value) for c in cells]
            marked = any(header.get(c.column, "").strip().lower() in _FLAG_KEYS
                         and is_synthetic_flag(c.value) for c in cells) and cells[0].row != header_row
            places, offset = [], 0
            for c, value in zip(cells, values, strict=True):
                column = header.get(c.column) if c.row != header_row else None
                where = (f"blad '{sheet.title}', rij {c.row}, kolom '{column}'" if column
                         else f"blad '{sheet.title}', cel {c.coordinate}")
                places.append((offset, offset + len(value), where))
                offset += len(value) + len(CELL_SEPARATOR)
            yield Piece(f"blad '{sheet.title}', rij {row[0].row}", CELL_SEPARATOR.join(values), marked,
                        tuple(places))
        for part in (sheet.oddHeader, sheet.oddFooter):
            for where in ("left", "center", "right"):
                text = getattr(getattr(part, where, None), "text", None)
                if text:
                    yield Piece(f"blad '{sheet.title}', kop- of voettekst", text)


def _pdf_pieces(path: Path) -> Iterator[Piece]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise Unreadable("versleutelde PDF: de scan kan hem niet lezen")
        meta = reader.metadata or {}
        for key, value in meta.items():
            if value:
                yield Piece(f"documenteigenschap '{str(key).lstrip('/')}'", str(value))
        empty = 0
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            if text.strip():
                yield Piece(f"pagina {number}", text)
            else:
                empty += 1
            for annotation in page.get("/Annots") or []:
                obj = annotation.get_object()
                for key in ("/Contents", "/T"):
                    if obj.get(key):
                        yield Piece(f"pagina {number} (opmerking)", str(obj[key]))
                uri = (obj.get("/A") or {}).get("/URI") if hasattr(obj.get("/A"), "get") else None
                if uri:
                    yield Piece(f"pagina {number} (link)", str(uri))
        if reader.pages and empty == len(reader.pages):
            raise Unreadable("PDF zonder tekstlaag (alleen plaatjes): de scan kan hem niet lezen")
    except PyPdfError as exc:
        raise Unreadable(f"geen leesbare PDF ({type(exc).__name__})") from None


# --- tables ---------------------------------------------------------------------------------
#: Cells that are plain numbers of a computation: fractions (``0.30000000000000004``) and
#: floats in exponent form. A phone written with dots ("06.12345678") is not one of them.
_NUMBER_CELL = re.compile(r"-?(?:0?\.\d+|\d+(?:\.\d+)?[eE][-+]?\d+|inf|nan)", re.IGNORECASE)
#: The characters besides digits (``\d``: any decimal digit) that such a number cell can
#: start with; the pattern is tried on these only. Ignoring case, ``re`` also takes the
#: dotted and the dotless i for an i.
_NUMBER_START = frozenset("-.iInN\u0130\u0131")


def _table_rows(path: Path, sep: str | None) -> list[list[str]]:
    """A table's rows as the CSV reader gives them; ``sep`` ``None``: ``;`` when the first
    line holds more of those than commas, else ``,``."""
    import csv
    import io

    text = _bytes_text(path.read_bytes())
    if sep is None:
        first = text.split("\n", 1)[0]
        sep = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def _table_pieces(path: Path, sep: str | None) -> Iterator[Piece]:
    """A table's rows, each a piece of its cells joined by :data:`CELL_SEPARATOR`, each cell
    with its place (the header row's cells all as the header row).

    >>> import tempfile
    >>> table = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = table.write_text("naam;score\\nAda;0.30000000000000004;extra\\n", encoding="utf-8")
    >>> header, row = _table_pieces(table, None)
    >>> header.place, header.places[1][2], row.text.split(CELL_SEPARATOR), row.places[2][2]
    ('rij 1', 'rij 1 (kopregel)', ['Ada', '', 'extra'], "rij 2, kolom '3'")
    >>> row.place_of(0)
    "rij 2, kolom 'naam'"
    """
    rows = _table_rows(path, sep)
    if not rows:
        return
    header = [h.strip() for h in rows[0]]
    flag = next((i for i, h in enumerate(header) if h.lower() in _FLAG_KEYS), None)
    columns = [f", kolom '{h}'" for h in header]  # a cell's place: "rij N" + its column's
    gap = len(CELL_SEPARATOR)
    number_cell, number_start = _NUMBER_CELL.fullmatch, _NUMBER_START
    for number, row in enumerate(rows, start=1):
        # a fraction or a float's exponent form identifies nobody
        values = ["" if value and (value[0] in number_start or value[0].isdecimal())
                  and number_cell(value) else value for value in row]
        if len(values) > len(columns):
            columns += [f", kolom '{index + 1}'" for index in range(len(columns), len(values))]
        places, offset = [], 0
        row_place = f"rij {number}"
        for value, column in zip(values, columns[:len(values)], strict=True):
            end = offset + len(value)
            places.append((offset, end, "rij 1 (kopregel)" if number == 1 else row_place + column))
            offset = end + gap
        marked = number > 1 and flag is not None and flag < len(row) and \
            is_synthetic_flag(row[flag])
        yield Piece(row_place, CELL_SEPARATOR.join(values), marked, tuple(places))


# --- dispatch -------------------------------------------------------------------------------
def _bytes_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise Unreadable("geen tekst (binair bestand)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\r\n\f")
        if control > max(2, len(text[:8192]) // 100):
            raise Unreadable("geen tekst (binair bestand)")
        return text
    raise Unreadable("geen tekst (onbekende codering)")  # pragma: no cover - cp1252 takes all


def pieces(path: str | Path) -> Iterator[Piece]:
    """The text of a file, piece by piece.

    Raises:
        Unreadable: the file (or a part of it) cannot be read as text (Dutch message).
        kit.errors.InputError: a notebook, JSON or YAML file that is broken.
    """
    from kit.errors import InputError

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".ipynb":
        try:
            nb = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"geen geldig notebook ({type(exc).__name__})", path=path) from None
        if not isinstance(nb, dict):
            raise InputError("geen geldig notebook (geen JSON-object)", path=path)
        yield from notebook_pieces(nb)
    elif suffix in (".csv", ".tsv", ".tab"):
        yield from _table_pieces(path, "\t" if suffix != ".csv" else None)
    elif suffix == ".xlsx" or suffix == ".xlsm":
        yield from _xlsx_pieces(path)
    elif suffix == ".docx" or suffix == ".docm":
        yield from _docx_pieces(path)
    elif suffix == ".pdf":
        yield from _pdf_pieces(path)
    elif suffix == ".qdpx":
        yield from _qdpx_pieces(path)
    elif suffix in (".json", ".geojson", ".ipynb_meta"):
        try:
            data = json.loads(_bytes_text(path.read_bytes()))
        except ValueError as exc:
            raise InputError(f"geen geldige JSON ({exc})", path=path) from None
        yield from _strings_pieces(data, "")
    elif suffix == ".jsonl" or suffix == ".ndjson":
        text = _bytes_text(path.read_bytes())
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError:
                raise InputError("geen geldige JSON op deze regel", path=path,
                                 place=f"regel {number}") from None
            yield from _strings_pieces(data, f"regel {number}")
    elif suffix in (".yaml", ".yml"):
        from kit.io import read_yaml

        yield from _strings_pieces(read_yaml(path), "")
    elif suffix in (".html", ".htm", ".xhtml", ".xml", ".svg"):
        yield Piece("", html_text(_bytes_text(path.read_bytes())))
    elif suffix == ".rtf":
        yield Piece("", rtf_text(_bytes_text(path.read_bytes())))
    elif suffix in (".doc", ".xls", ".ppt", ".pptx", ".odt", ".ods", ".zip", ".gz", ".7z",
                    ".png", ".jpg", ".jpeg", ".gif", ".pyc", ".db", ".sqlite", ".pickle",
                    ".pkl", ".parquet", ".feather", ".mp3", ".mp4", ".m4a", ".wav", ".heic"):
        raise Unreadable(f"dit bestandstype ({suffix}) kan de scan niet lezen")
    else:  # .md, .txt, .py, no extension and anything else that turns out to be text
        yield Piece("", _bytes_text(path.read_bytes()))
