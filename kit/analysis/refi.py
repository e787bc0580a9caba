"""REFI-QDA export: take the codebook (``.qdc``) and the coded texts (``.qdpx``) to QualCoder, ATLAS.ti, NVivo or MAXQDA.

REFI-QDA is the open exchange standard for qualitative analysis software. The kit writes

- a **codebook** ``.qdc``: XML in the namespace ``urn:QDA-XML:codebook:1.0``; every code with
  its name, colour and a description made of definition, when to use, when not and example;
- a **project** ``.qdpx``: a zip with ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``:
  users = coders, the codebook, one ``TextSource`` per text with its ``PlainTextSelection``
  segments and their ``Coding``) and the texts as UTF-8 files under ``sources/``.

GUIDs are derived from the names (uuid5), so the same input always gives the same file.
Before anything is written the XML is checked against the standard's schemas (shipped in
``kit/data/codeboeken/refi/``, see its README) and by :func:`check_qdpx` (every code
reference points to a code, every selection lies inside its text, every source file is in
the zip); only then is the file written, atomically.

>>> from kit.analysis.codebook import load_codebook
>>> xml = codebook_xml(load_codebook("erbij-horen-en-uitsluiting"))
>>> xml.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
True
>>> schema_problems(xml, "codebook")
[]
"""

from __future__ import annotations

import io
import os
import uuid
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from kit.errors import InputError

__all__ = [
    "CODEBOOK_NS",
    "PROJECT_NS",
    "guid",
    "codebook_xml",
    "project_xml",
    "export_codebook",
    "export_project",
    "import_codebook",
    "schema_problems",
    "check_qdpx",
]

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "IIDS-kit"
_GUID_NAMESPACE = uuid.UUID("6f1d3c1e-5b8a-4c0e-9d2f-1a2b3c4d5e6f")


def guid(kind: str, key: str) -> str:
    """A stable GUID for a thing of a kind (code, source, user, selection).

    >>> guid("code", "wonen") == guid("code", "wonen"), len(guid("code", "wonen"))
    (True, 36)
    """
    return str(uuid.uuid5(_GUID_NAMESPACE, f"{kind}:{key}"))


def _description(code) -> str:
    parts = [f"Definitie: {code.definition}"]
    if code.when:
        parts.append(f"Wanneer: {code.when}")
    if code.when_not:
        parts.append(f"Wanneer niet: {code.when_not}")
    if code.example:
        parts.append(f"Voorbeeld: {code.example}")
    return "\n".join(parts)


def _add_codes(parent: ET.Element, book, ns: str, parent_id: str | None) -> None:
    for code in book.children(parent_id):
        attrs = {"guid": guid("code", f"{book.id}/{code.id}"), "name": code.name,
                 "isCodable": "true"}
        if code.colour:
            attrs["color"] = code.colour if len(code.colour) == 7 else "#" + "".join(
                ch * 2 for ch in code.colour[1:])
        element = ET.SubElement(parent, f"{{{ns}}}Code", attrs)
        ET.SubElement(element, f"{{{ns}}}Description").text = f"[{code.id}] " + _description(code)
        _add_codes(element, book, ns, code.id)


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue().replace(b"<?xml version='1.0' encoding='utf-8'?>",
                                     b'<?xml version="1.0" encoding="utf-8"?>', 1)


def codebook_xml(book) -> bytes:
    """The codebook as REFI-QDA codebook XML (the content of a ``.qdc`` file)."""
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    codes = ET.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    _add_codes(codes, book, CODEBOOK_NS, None)
    return _serialise(root, CODEBOOK_NS)


def project_xml(book, codings, texts: dict[str, str], *, name: str = "IIDS-kit project",
                created: str = "2026-01-01T00:00:00Z") -> bytes:
    """The project XML (``project.qde``) with users, codebook, sources, selections and codings.

    Args:
        book: the codebook.
        codings: a validated codings table.
        texts: ``{document id: text}`` of every coded document.
        name: the project name.
        created: creation time written on every element (fixed, for reproducible files).
    """
    ns = PROJECT_NS
    root = ET.Element(f"{{{ns}}}Project", {"name": name, "origin": ORIGIN, "creationDateTime": created})
    users = ET.SubElement(root, f"{{{ns}}}Users")
    for coder in sorted(set(codings["coder"])):
        ET.SubElement(users, f"{{{ns}}}User", {"guid": guid("user", coder), "name": coder, "id": coder})
    codebook = ET.SubElement(root, f"{{{ns}}}CodeBook")
    codes = ET.SubElement(codebook, f"{{{ns}}}Codes")
    _add_codes(codes, book, ns, None)
    sources = ET.SubElement(root, f"{{{ns}}}Sources")
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for record in codings.sort_values(["document", "start", "end", "coder", "code"]).to_dict("records"):
        by_doc.setdefault(record["document"], []).append(record)
    for doc in sorted(texts):
        source_guid = guid("source", doc)
        source = ET.SubElement(sources, f"{{{ns}}}TextSource", {
            "guid": source_guid, "name": doc, "plainTextPath": f"internal://{source_guid}.txt",
            "creationDateTime": created})
        if doc not in by_doc:
            continue
        for record in by_doc[doc]:
            key = f"{doc}/{record['start']}/{record['end']}/{record['coder']}/{record['code']}"
            selection = ET.SubElement(source, f"{{{ns}}}PlainTextSelection", {
                "guid": guid("selection", key), "name": texts[doc][record["start"]:record["end"]][:60],
                "startPosition": str(record["start"]), "endPosition": str(record["end"]),
                "creatingUser": guid("user", record["coder"]), "creationDateTime": created})
            if record.get("memo"):
                ET.SubElement(selection, f"{{{ns}}}Description").text = str(record["memo"])
            coding = ET.SubElement(selection, f"{{{ns}}}Coding", {
                "guid": guid("coding", key), "creatingUser": guid("user", record["coder"]),
                "creationDateTime": created})
            ET.SubElement(coding, f"{{{ns}}}CodeRef", {"targetGUID": guid("code", f"{book.id}/{record['code']}")})
    ET.SubElement(root, f"{{{ns}}}Description").text = (
        "Geëxporteerd met IIDS-kit (minor Inclusiviteit in de Stad). Gepseudonimiseerde teksten.")
    return _serialise(root, ns)


def schema_problems(xml: bytes, kind: str) -> list[str]:
    """Check XML against the REFI-QDA schema (``kind``: ``codebook`` or ``project``).

    Returns:
        Dutch problem descriptions with line numbers (empty: valid).

    >>> schema_problems(b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "codebook")[0].startswith("regel 1")
    True
    """
    from lxml import etree

    from kit.config import data_path

    name = {"codebook": "Codebook.xsd", "project": "Project-subset.xsd"}[kind]
    schema = etree.XMLSchema(etree.parse(str(data_path("codeboeken", "refi", name))))
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"geen geldige XML: {exc}"]
    if schema.validate(document):
        return []
    return [f"regel {e.line}: {e.message}" for e in schema.error_log]


def check_qdpx(data: bytes) -> list[str]:
    """Check a ``.qdpx`` archive: the schema, and what a schema cannot see.

    Checks: ``project.qde`` exists and is schema-valid; GUIDs are unique; every ``CodeRef``
    points to a code; every ``internal://`` source file is in the zip; every selection lies
    inside its text.

    Returns:
        Dutch problem descriptions (empty: fine).
    """
    problems: list[str] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return ["dit is geen zip-bestand (een .qdpx is een zip)"]
    names = set(archive.namelist())
    if "project.qde" not in names:
        return ["project.qde ontbreekt in het archief"]
    xml = archive.read("project.qde")
    problems += schema_problems(xml, "project")
    root = ET.fromstring(xml)
    ns = {"q": PROJECT_NS}
    guids = [e.get("guid") for e in root.iter() if e.get("guid")]
    if len(guids) != len(set(guids)):
        problems.append("sommige GUIDs komen vaker voor")
    code_guids = {c.get("guid") for c in root.iterfind(".//q:CodeBook//q:Code", ns)}
    for ref in root.iterfind(".//q:CodeRef", ns):
        if ref.get("targetGUID") not in code_guids:
            problems.append(f"CodeRef verwijst naar een onbekende code ({ref.get('targetGUID')})")
    for source in root.iterfind(".//q:TextSource", ns):
        path = source.get("plainTextPath", "")
        inner = "sources/" + path.removeprefix("internal://")
        if not path.startswith("internal://") or inner not in names:
            problems.append(f"de tekst van bron '{source.get('name')}' ontbreekt in het archief")
            continue
        length = len(archive.read(inner).decode("utf-8"))
        for selection in source.iterfind("q:PlainTextSelection", ns):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            if not 0 <= start < end <= length:
                problems.append(f"selectie {start}-{end} valt buiten bron '{source.get('name')}' "
                                f"({length} tekens)")
    return problems


def export_codebook(book, path: str | os.PathLike) -> Path:
    """Write the codebook as a REFI-QDA ``.qdc`` file (checked first, written atomically).

    >>> import tempfile, pathlib
    >>> from kit.analysis.codebook import load_codebook
    >>> p = export_codebook(load_codebook("frames-dominant-discours"),
    ...                     pathlib.Path(tempfile.mkdtemp()) / "frames.qdc")
    >>> p.read_bytes().count(b"<Code ")
    13
    """
    from kit.io import atomic_write_bytes

    xml = codebook_xml(book)
    problems = schema_problems(xml, "codebook")
    if problems:
        raise InputError("de export voldoet niet aan het REFI-QDA-schema: " + "; ".join(problems[:3]),
                         path=path)
    return atomic_write_bytes(path, xml)


def export_project(book, codings, texts: Any, path: str | os.PathLike, *,
                   name: str = "IIDS-kit project", narratives: Any = None) -> Path:
    """Write codebook, texts and codings as a REFI-QDA ``.qdpx`` project.

    Args:
        book: the codebook (every code in ``codings`` must be in it).
        codings: the codings table.
        texts: the (pseudonymised) texts: ``{id: text}`` or a table with ``id`` and ``text``.
        path: the ``.qdpx`` file to write.
        name: the project name.
        narratives: where the texts come from (a work folder, ``narratieven.csv`` or a
            table with ``id`` and ``participant``; default ``texts`` itself): the project is
            noted in the lineage index with the participants of the texts it holds, so a
            withdrawal removes it wherever it was written.

    Raises:
        InputError: codings that do not fit the texts or the codebook (checked before writing).
        GateRefused: the written project still holds personal data (it is removed again;
            the kit's own teaching texts pass by their content hash).

    >>> import tempfile, pathlib, zipfile
    >>> from kit.analysis.codebook import load_codebook
    >>> from kit.analysis.discourse_corpus import corpus_frames, load_dominant_corpus
    >>> p = export_project(load_codebook("frames-dominant-discours"), corpus_frames(),
    ...                    load_dominant_corpus(), pathlib.Path(tempfile.mkdtemp()) / "p.qdpx")
    >>> zipfile.ZipFile(p).namelist()[0]
    'project.qde'
    """
    from kit.analysis.coding import as_texts, validate_codings
    from kit.io import atomic_write_bytes

    text_map = as_texts(texts)
    clean = validate_codings(codings, texts=text_map, codebook=book)
    used = {d: text_map[d] for d in sorted(set(clean["document"]))} or text_map
    if not used:
        raise InputError("er zijn geen teksten om te exporteren", path=path)
    xml = project_xml(book, clean, used, name=name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("project.qde", date_time=(2026, 1, 1, 0, 0, 0)), xml)
        for doc, text in used.items():
            info = zipfile.ZipInfo(f"sources/{guid('source', doc)}.txt", date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, text.encode("utf-8"))
    data = buffer.getvalue()
    problems = check_qdpx(data)
    if problems:
        raise InputError("de export voldoet niet aan REFI-QDA: " + "; ".join(problems[:3]), path=path)
    from kit.privacy.gate import verify_published

    written = atomic_write_bytes(path, data)
    verify_published([written], f"het REFI-QDA-project {Path(written).name}")
    from kit.privacy.lineage import narratives_of, record_narratives

    record_narratives(written, narratives_of(texts if narratives is None else narratives),
                      ids=used, kind="qdpx",
                      regenerate=f"iids analysis refi-export ... -o {written} (maak het "
                                 "REFI-QDA-project opnieuw)")
    return written


def _slug(name: str, taken: set[str]) -> str:
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "code"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def import_codebook(path: str | os.PathLike):
    """Read a REFI-QDA codebook (``.qdc``, e.g. from QualCoder or Taguette) as a kit codebook.

    Code ids come from the ``[id]`` the kit writes at the start of a description, otherwise
    from the code name (lower case, ``-`` for spaces). A description written by the kit is
    split back into definition, when, when not and example; any other description becomes
    the definition (or "(geen definitie in de export)" when there is none: fill it in).

    Raises:
        InputError: not XML, not a REFI-QDA codebook, or not valid against its schema.

    >>> import tempfile, pathlib
    >>> from kit.analysis.codebook import load_codebook
    >>> original = load_codebook("erbij-horen-en-uitsluiting")
    >>> p = export_codebook(original, pathlib.Path(tempfile.mkdtemp()) / "boek.qdc")
    >>> import_codebook(p).ids() == original.ids()
    True
    """
    import re

    from kit.analysis.codebook import parse_codebook

    p = Path(path)
    try:
        xml = p.read_bytes()
    except FileNotFoundError:
        raise InputError("het bestand bestaat niet", path=p) from None
    problems = schema_problems(xml, "codebook")
    if problems:
        raise InputError("geen geldig REFI-QDA-codeboek: " + problems[0], path=p)
    root = ET.fromstring(xml)
    taken: set[str] = set()
    fields = {"Definitie": "definitie", "Wanneer": "wanneer", "Wanneer niet": "wanneer_niet",
              "Voorbeeld": "voorbeeld"}

    def convert(element: ET.Element) -> dict[str, Any]:
        name = element.get("name", "").strip() or "naamloos"
        description = (element.findtext(f"{{{CODEBOOK_NS}}}Description") or "").strip()
        match = re.match(r"^\[([a-z0-9][a-z0-9_-]*)\]\s*", description)
        if match and match.group(1) not in taken:
            code_id = match.group(1)
            taken.add(code_id)
            description = description[match.end():]
        else:
            code_id = _slug(name, taken)
        entry: dict[str, Any] = {"code": code_id, "naam": name}
        parts = re.split(r"^(Definitie|Wanneer niet|Wanneer|Voorbeeld): ", description, flags=re.M)
        if len(parts) > 1:
            for label, text in zip(parts[1::2], parts[2::2], strict=True):
                entry[fields[label]] = text.strip()
        elif description:
            entry["definitie"] = description
        entry.setdefault("definitie", "(geen definitie in de export)")
        colour = element.get("color")
        if colour:
            entry["kleur"] = colour
        children = [convert(c) for c in element.findall(f"{{{CODEBOOK_NS}}}Code")]
        if children:
            entry["subcodes"] = children
        return entry

    codes = [convert(c) for c in root.findall(f"{{{CODEBOOK_NS}}}Codes/{{{CODEBOOK_NS}}}Code")]
    data = {"id": _slug(p.stem, set()), "titel": f"Codeboek uit {p.name}",
            "beschrijving": f"Ingelezen uit REFI-QDA ({root.get('origin') or 'onbekende herkomst'}).",
            "codes": codes}
    return parse_codebook(data, path=p)
