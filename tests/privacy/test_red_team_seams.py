"""Red team: made-up personal data walks every seam out of the vault or a student's folder.

Each test puts invented identifiers (Dutch and foreign names, an 06 number, an e-mail
address, a street with a house number, a BSN) where a student or an evaluator could
type them, runs the real seam (nbgrader courses, the real exchange class, the harvest,
``iids evaluate``, the handreiking) and then searches EVERY file the seam wrote, as raw
text and as extracted text (Word, Excel, HTML), for each identifier. Nothing may arrive.
Every person and number here is invented.
"""

from __future__ import annotations

import html
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from kit.errors import InputError

pytestmark = [pytest.mark.usefixtures("deduce_ready"), pytest.mark.slow]

#: Invented identifiers, and the substrings that may not appear in any output.
LEAK = ("Ik sprak met Fatima El Amrani, bel haar op 06-12345678 of mail "
        "fatima.elamrani@gmail.com. Ze woont aan de Hoefkade 123, BSN 123456782. "
        "Mevrouw Viorica Munteanu en haar zus Valeria werken in de kassen.")
NEEDLES = ("Fatima", "Amrani", "12345678", "elamrani", "Hoefkade 123", "123456782",
           "Viorica", "Munteanu", "Valeria")
FOREIGN = "Gesprek met Hodan Abdi en Piotr Kowalski (06 87654321) over de huisarts."
FOREIGN_NEEDLES = ("Hodan", "Abdi", "Piotr", "Kowalski", "87654321")


def texts_of(path: Path) -> str:
    """Everything a person or a program could read in ``path``: raw bytes as text, every
    part of a zip (docx, xlsx) raw and as extracted paragraphs/cells, HTML unescaped."""
    data = path.read_bytes()
    parts = [data.decode("utf-8", errors="ignore")]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            parts += [archive.read(n).decode("utf-8", errors="ignore") for n in archive.namelist()]
        if path.suffix == ".docx":
            import docx

            doc = docx.Document(str(path))
            parts += [p.text for p in doc.paragraphs]
            parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        if path.suffix == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path)
            parts += [str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r]
    text = "\n".join(parts)
    return text + "\n" + html.unescape(text)


def assert_nothing_arrives(paths, needles=NEEDLES) -> int:
    """Search every file under ``paths``; return how many files were searched."""
    files = []
    for path in map(Path, paths):
        files += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    assert files, "the seam wrote nothing to check"
    leaks = [(str(f), n) for f in files for n in needles if n in texts_of(f)]
    assert leaks == []
    return len(files)


KEY = b"sleutel-voor-de-tests-0123456789"


# ``real_course``/``course_copy`` (a real nbgrader course, generated and autograded) and
# ``synthetic_pair`` come from tests/conftest.py: built once per test run.


# --- 1. harvest: answer cells and work files -------------------------------------------------
def _put_answer(notebook: Path, grade_id: str, text: str) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            cell["source"] = text
    notebook.write_text(json.dumps(nb), encoding="utf-8")


def test_harvest_publishes_no_answer_text_raw(course_copy, tmp_path):
    from kit.evaluation.harvest import harvest_course, write_harvest

    for step in ("autograded", "submitted"):
        _put_answer(course_copy / step / "jan01" / "ps1" / "ps1.ipynb", "ps1_uitleg", LEAK)
    out = tmp_path / "oogst"
    harvest = harvest_course(course_copy, key=KEY)
    write_harvest(harvest, out)
    text = "\n".join(harvest.tables["answers"]["text"])
    assert "[PERSOON-" in text and "[TELEFOON-" in text  # the answer is there, pseudonymised
    assert assert_nothing_arrives([out]) >= 5


def test_harvest_refuses_a_work_file_with_personal_data(course_copy, tmp_path):
    from kit.evaluation.harvest import harvest_course, write_harvest

    work = course_copy / "autograded" / "piotr03" / "ps1" / "mijn-werk"
    work.mkdir(parents=True, exist_ok=True)
    (work / "coderingen.csv").write_text(
        "document,start,end,code,coder,memo\nN-3,0,5,werk,piotr03,\"" + FOREIGN + "\"\n",
        encoding="utf-8")
    out = tmp_path / "oogst"
    harvest = harvest_course(course_copy, key=KEY)
    write_harvest(harvest, out)
    assert any("privacyscan" in p.message for p in harvest.problems)
    assert_nothing_arrives([out], FOREIGN_NEEDLES)


# --- 2. evaluate: registry text, MSC stories, recommendation audiences ----------------------
def test_evaluate_publishes_no_registry_text_raw(synthetic_pair, tmp_path):
    from kit.evaluation.report import evaluate
    from kit.evaluation.workbook import write_registry
    from kit.synthetic.registry import synthetic_registry

    tables = synthetic_registry(seed=5)
    projects = tables["Deelprojecten"]
    projects.loc[projects.index[0], "titel"] = "Project met Fatima El Amrani (06-12345678)"
    projects.loc[projects.index[0], "wijziging"] = "Overleg met Viorica Munteanu, BSN 123456782"
    stories = tables["MSC-verhalen"]
    stories.loc[stories.index[0], "verhaal"] = LEAK
    stories.loc[stories.index[0], "titel"] = "Het verhaal van Valeria"
    registry = write_registry(tables, tmp_path / "register.xlsx")
    out = tmp_path / "rapport"
    evaluate([synthetic_pair["2024-2025"]], out, registry=registry, key=KEY)
    assert (out / "index.html").is_file()
    assert assert_nothing_arrives([out]) >= 10


# --- 3. the handreiking: the student's own text and each quote's community ------------------
def test_handreiking_publishes_no_student_text_or_community_raw(tmp_path):
    from kit.dialogue.examples import example_content, example_narratives, example_record
    from kit.dialogue.handreiking import build_handreiking

    content = example_content("sekswerkers")
    content["context"] = LEAK
    content["aanbevelingen"][0]["onderbouwing"] = FOREIGN
    content["auteurs"] = ["Viorica Munteanu"]
    narratives = example_narratives()
    first = narratives.iloc[0]["id"] if hasattr(narratives, "iloc") else narratives[0]["id"]
    content["citaten"] = [{"narratief": first}]
    if hasattr(narratives, "iloc"):
        narratives = narratives.copy()
        narratives.loc[narratives.index[0], "community"] = "de familie van Hodan Abdi"
    work = tmp_path / "mijn-werk"
    files = build_handreiking(content, narratives, work=work, refusal=lambda p: None,
                              record=example_record("sekswerkers"))
    assert files.html.is_file() and files.docx.is_file()
    assert assert_nothing_arrives([work], NEEDLES + FOREIGN_NEEDLES) >= 3


# --- 4. the autograde pre-check: notebooks, work files, the kit's own outputs --------------
@pytest.fixture
def course(generated_course, tmp_path):
    """A private copy of the generated grading course (the test hands in to it)."""
    from tests.grading.conftest import copy_course

    return copy_course(generated_course, tmp_path / "cursus")


def test_precheck_sets_aside_personal_data_in_any_part_and_passes_kit_outputs(course):
    from kit.dialogue.examples import example_content, example_narratives, example_record
    from kit.dialogue.handreiking import build_handreiking
    from kit.grading.autograde import precheck
    from tests.grading.conftest import answer, submit_copy

    def edit(text):
        return lambda nb: answer(nb, "opdracht2_plan", text)

    submit_copy(course, "schoon", "opdracht2", edit=edit("Mijn plan gaat over de buurt."))
    # the kit's own outputs (a handreiking) beside the notebook: checked, and they pass
    work = course.root / "submitted" / "schoon" / "opdracht2" / "mijn-werk"
    content = example_content("sekswerkers")
    content["context"] = LEAK
    build_handreiking(content, example_narratives(), work=work, refusal=lambda p: None,
                      record=example_record("sekswerkers"))
    submit_copy(course, "notebook", "opdracht2", edit=edit(LEAK))
    submit_copy(course, "tag", "opdracht2", edit=lambda nb: (
        answer(nb, "opdracht2_plan", FOREIGN),
        nb.cells[2].metadata.setdefault("tags", []).append("synthetisch")))
    submit_copy(course, "bijlage", "opdracht2", edit=edit("Zie mijn-werk."))
    extra = course.root / "submitted" / "bijlage" / "opdracht2" / ".verborgen" / "notities"
    extra.parent.mkdir()
    extra.write_text(LEAK, encoding="utf-8")
    ok, aside = precheck(course, "opdracht2", ["schoon", "notebook", "tag", "bijlage"])
    assert ok == ["schoon"]
    assert {a.student for a in aside} == {"notebook", "tag", "bijlage"}
    assert all("privacyscan" in a.reason for a in aside)
    assert not any(n in a.detail for a in aside for n in NEEDLES + FOREIGN_NEEDLES)


# --- 5. the submit-time check: exact comparison with the release -----------------------------
def _submitter(tmp_path, released: str, answer: str):
    from kit.hub.exchange import PrivateExchangeSubmit

    for folder, text in (("release", released), ("student", answer)):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(released), nbformat.v4.new_markdown_cell(text)]
        (tmp_path / folder).mkdir()
        nbformat.write(nb, str(tmp_path / folder / "ps1.ipynb"))
    sub = PrivateExchangeSubmit.__new__(PrivateExchangeSubmit)
    sub.src_path, sub.release_path = str(tmp_path / "student"), str(tmp_path / "release")
    return sub


def test_submit_does_not_hide_a_name_behind_a_released_one_that_masks_alike(tmp_path):
    """The release names "Valeria" (PERSOON V******); the student writes "Viorica", whose
    masked form is the same: it must still block."""
    sub = _submitter(tmp_path, "Voorbeeld uit de les: mevrouw Valeria werkt in de kassen.",
                     "Mijn gesprek: mevrouw Viorica werkt in de kassen.")
    findings = sub.privacy_findings()
    assert [(f.category, f.masked) for f in findings] == [("PERSOON", "V******")]
    assert "cel 2" in findings[0].place


def test_submit_blocks_every_file_type_and_hidden_folders(tmp_path):
    sub = _submitter(tmp_path, "Opdracht.", "Mijn antwoord.")
    student = Path(sub.src_path)
    samples = _every_type(student / "mijn-werk")
    (student / "build").mkdir()
    (student / "build" / "log").write_text(FOREIGN, encoding="utf-8")
    found = {Path(f.path).relative_to(student).as_posix() for f in sub.privacy_findings()}
    expected = {p.relative_to(student).as_posix() for p in samples} | {"build/log"}
    assert expected <= found, sorted(expected - found)


# --- 6. the scan reads every type and every part of a notebook --------------------------------
def _every_type(folder: Path) -> list[Path]:
    import docx
    import openpyxl
    from openpyxl.comments import Comment

    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    d = docx.Document()
    d.add_paragraph("Verslag van de inloop.")
    d.sections[0].footer.paragraphs[0].text = FOREIGN
    paths["verslag.docx"] = folder / "verslag.docx"
    d.save(paths["verslag.docx"])
    for name, text in {"pagina.html": f"<html><body><p>Hoi</p><p title='{FOREIGN}'>x</p></body></html>",
                       "tabel.tsv": f"id\ttekst\n1\t{FOREIGN}\n",
                       "regels.jsonl": json.dumps({"tekst": FOREIGN}) + "\n",
                       "code.py": f"notitie = {FOREIGN!r}\n",
                       "brief.rtf": r"{\rtf1\ansi Gesprek met Hodan Abdi, 06\'2d87654321\par}",
                       "ZONDER_EXTENSIE": FOREIGN,
                       ".verborgen/notities.txt": FOREIGN,
                       "venv/lib/x.txt": FOREIGN}.items():
        paths[name] = folder / name
        paths[name].parent.mkdir(parents=True, exist_ok=True)
        paths[name].write_text(text, encoding="utf-8")
    for part in ("comment", "property", "sheet", "formula"):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet["A1"], sheet["A2"] = "tekst", "niets bijzonders"
        if part == "comment":
            sheet["A2"].comment = Comment(FOREIGN, "docent")
        elif part == "property":
            book.properties.creator = "Hodan Abdi"
        elif part == "sheet":
            sheet.title = "Piotr Kowalski"
        else:
            sheet["B2"] = '=CONCAT("bel ","0687654321")'
        paths[f"{part}.xlsx"] = folder / f"{part}.xlsx"
        book.save(paths[f"{part}.xlsx"])
    paths["scan.pdf"] = folder / "scan.pdf"
    paths["scan.pdf"].write_bytes(_pdf("Gesprek met Hodan Abdi, 06-87654321"))
    paths["foto.png"] = folder / "foto.png"
    paths["foto.png"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return list(paths.values())


def _pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in Helvetica (hand-built, offsets computed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
               + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_scan_reads_every_type_it_can_carry_and_reports_what_it_cannot(tmp_path):
    from kit.privacy.scan import scan_paths

    samples = _every_type(tmp_path / "werk")
    findings = scan_paths([tmp_path / "werk"])
    by_file = {}
    for f in findings:
        by_file.setdefault(Path(f.path).relative_to(tmp_path / "werk").as_posix(), set()).add(
            f.category)
    for path in samples:
        rel = path.relative_to(tmp_path / "werk").as_posix()
        assert rel in by_file, rel
    assert by_file["foto.png"] == {"ONLEESBAAR"}
    assert {"PERSOON"} <= by_file["property.xlsx"] and {"PERSOON"} <= by_file["sheet.xlsx"]
    assert "TELEFOON" in by_file["formula.xlsx"] and "TELEFOON" in by_file["scan.pdf"]
    report = "\n".join(f.line() for f in findings)
    assert not any(n in report for n in FOREIGN_NEEDLES)


def test_scan_and_pseudonymise_read_every_part_of_a_notebook(tmp_path):
    from kit.privacy.scan import scan_paths

    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {
        "m1": {"state": {"value": "Mijn reflectie over Hodan Abdi"}}}}}
    nb.metadata["auteur"] = "Piotr Kowalski"
    md = nbformat.v4.new_markdown_cell("Zie de bijlage ![a](attachment:a.svg)")
    md.attachments = {"a.svg": {"image/svg+xml": "<svg><text>bel 06-87654321</text></svg>"}}
    md.metadata["notitie"] = "gesproken met Piotr Kowalski"
    code = nbformat.v4.new_code_cell("x = 1")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={
            "image/svg+xml": "<svg><text>Hodan Abdi</text></svg>",
            "application/vnd.iids+json": {"naam": "Piotr Kowalski"}},
            metadata={"bron": "mail fatima.elamrani@gmail.com"}),
        nbformat.v4.new_output("execute_result", data={"text/html": "<b>06-12345678</b>"},
                               execution_count=1)]
    nb.cells = [md, code]
    path = tmp_path / "werk.ipynb"
    nbformat.write(nb, str(path))
    places = {f.place.split(", regel")[0] for f in scan_paths([path])}
    for part in ("notebook-metadata, veld 'widgets.application/vnd.jupyter.widget-state+json."
                 "state.m1.state.value'", "notebook-metadata, veld 'auteur'",
                 "cel 1 (bijlage 'a.svg', image/svg+xml)", "cel 1 (metadata), veld 'notitie'",
                 "cel 2 (uitvoer, image/svg+xml)", "cel 2 (uitvoer, application/vnd.iids+json)",
                 "cel 2 (uitvoer, metadata), veld 'bron'", "cel 2 (uitvoer, text/html)"):
        assert part in places, (part, places)


# --- 7. synthetic marks cannot switch the gate off for own text ------------------------------
def test_synthetic_marks_on_student_text_do_not_switch_the_gate_off(tmp_path):
    from kit.privacy.gate import check

    folder = tmp_path / "werk"
    folder.mkdir()
    (folder / "rijen.csv").write_text(f'id,tekst,synthetic\n1,"{FOREIGN}",true\n', "utf-8")
    (folder / "top.yaml").write_text(f"synthetisch: true\ntekst: '{FOREIGN}'\n", "utf-8")
    (folder / "top.json").write_text(json.dumps({"synthetic": True, "tekst": FOREIGN}), "utf-8")
    (folder / "open.md").write_text(f"Uitleg\n<!-- iids-scan: uit -->\n{FOREIGN}\n", "utf-8")
    (folder / "dicht.md").write_text(
        f"<!-- iids-scan: uit -->\n{FOREIGN}\n<!-- iids-scan: aan -->\n", "utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(FOREIGN, metadata={"tags": ["synthetisch"]})]
    nbformat.write(nb, str(folder / "cel.ipynb"))
    found = {Path(f.path).name for f in check([folder])}
    assert found == {"rijen.csv", "top.yaml", "top.json", "open.md", "dicht.md", "cel.ipynb"}


# --- 8. a vault where nbgrader collects is refused; caches are private -----------------------
def test_vault_inside_an_assignment_folder_is_refused(tmp_path, monkeypatch):
    from kit.privacy.vault import open_vault

    home = tmp_path / "home"
    (home / "handreiking").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), str(home / "handreiking" / "handreiking.ipynb"))
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(InputError, match="opdrachtmap") as info:
        open_vault(home / "handreiking" / "kluis")
    assert "IIDS_VAULT" in info.value.message
    assert not (home / "handreiking" / "kluis").exists()
    (home / "cursus" / "ps1").mkdir(parents=True)
    (home / "cursus" / "ps1" / "timestamp.txt").write_text("2026-01-01 10:00:00 UTC")
    with pytest.raises(InputError, match="opdrachtmap"):
        open_vault(home / "cursus" / "ps1" / "diep" / "kluis")
    assert open_vault(home / ".local" / "kluis").path.is_dir()


def test_scan_cache_is_private(tmp_path, monkeypatch):
    from kit.evaluation.adapters import scan_paths

    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    (tmp_path / "a.csv").write_text("id,tekst\n1,niets\n", encoding="utf-8")
    scan_paths([tmp_path / "a.csv"])
    cache = next((tmp_path / "cache").rglob("scan-*.json"))
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.parent.stat().st_mode) & 0o077 == 0


# --- 9. no weaker fallback: a missing piece is an error --------------------------------------
def test_a_missing_deduce_stops_the_harvest_instead_of_a_weaker_scan(course_copy, tmp_path):
    env = dict(os.environ, IIDS_DEDUCE_CACHE=str(tmp_path / "leeg"),
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    out = tmp_path / "oogst"
    done = subprocess.run([sys.executable, "-m", "kit", "harvest", str(course_copy), "-o",
                           str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "deduce" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())


# --- 10. the exports and the REFI-QDA project go through the gate ----------------------------
def test_refi_project_passes_for_the_kit_corpus_and_is_refused_with_raw_text(tmp_path):
    """The kit's own teaching corpus passes by content hash; a raw story is refused and no
    project is left behind."""
    from kit.analysis.codebook import load_codebook
    from kit.analysis.discourse_corpus import corpus_frames, load_dominant_corpus
    from kit.analysis.refi import export_project
    from kit.privacy.gate import GateRefused, check

    book = load_codebook("frames-dominant-discours")
    good = export_project(book, corpus_frames(), load_dominant_corpus(), tmp_path / "les.qdpx")
    assert check([good]) == []
    frames = corpus_frames()
    first = frames["document"].iloc[0]
    texts = load_dominant_corpus().set_index("id")["text"].to_dict()
    texts[first] = FOREIGN + " " + texts[first]
    with pytest.raises(GateRefused) as info:
        export_project(book, frames, texts, tmp_path / "lek.qdpx")
    assert not (tmp_path / "lek.qdpx").exists()
    assert not any(n in info.value.message for n in FOREIGN_NEEDLES)


def test_narratives_export_is_refused_when_the_store_holds_raw_text(tmp_path, vault):
    """A store edited by hand (raw text that skipped the import) cannot leave as an export."""
    from kit.narratives.framework import default_framework
    from kit.narratives.importers import export_narratives
    from kit.narratives.schema import example_row
    from kit.narratives.store import NarrativeStore
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.gate import GateRefused

    ConsentRegister(vault).add("P01", "v1", "2026-01-05", "a" * 64, ["onderwijs"], "2030-01-05")
    folder = tmp_path / "mijn-werk"
    framework = default_framework()
    store = NarrativeStore(folder, framework, vault=vault, use_deduce=False)
    store.add({**example_row(framework), "synthetic": "false", "id": "", "participant": "P01",
               "text": "Op de markt lachten we samen."})
    ok = export_narratives(folder, tmp_path / "schoon.csv")
    assert ok.is_file()
    table = next(folder.rglob("narratieven.csv"))
    table.write_text(table.read_text(encoding="utf-8").replace(
        "Op de markt lachten we samen.", FOREIGN), encoding="utf-8")
    for name in ("lek.csv", "lek.xlsx"):
        with pytest.raises(GateRefused):
            export_narratives(folder, tmp_path / name)
        assert not (tmp_path / name).exists()


# --- 11. ordinary course text is no finding (false positives seen on the kit's own files) ----
@pytest.mark.parametrize("text", [
    "Leg uit waarom de gemeente dit zo aanpakt.",
    "Lessen uit de praktijk: wat werkte wel?",
    "Buren hadden al maanden geklaagd over busjes.",
    "Moraal en fatsoen",
    "@pytest.mark.slow\ndef test_iets():\n    pass\n",
    "OrgDefinedId,Username,Punten,End-of-Line Indicator\n",
    "Dit gaat mee naar je docent. Heb je module 04 nog niet gedaan?",
    "Een codecel voer je uit met *Shift + Enter*; in een tekstcel dubbelklik je.",
])
def test_ordinary_course_text_is_no_finding(text):
    from kit.privacy.gate import check_text

    assert check_text(text) == []


@pytest.mark.parametrize("text, value", [
    ("Visser zei niets over het contract.", "Visser"),
    ("Roos lachte toen ze het hoorde.", "Roos"),
    ("Bel haar op insta: @fatima.el\nals het kan.", "@fatima.el"),
    ("Mijn collega Ionela Popescu werkt er ook.", "Ionela"),
])
def test_names_at_a_sentence_start_or_after_a_role_are_still_found(text, value):
    from kit.privacy.pseudonymise import find_spans

    assert any(value in s.text for s in find_spans(text))


def test_the_course_sources_pass_the_gate():
    from kit.privacy.gate import check

    root = Path(__file__).resolve().parents[2] / "assignments" / "source" / "onderzoeksplan"
    assert [f.line() for f in check([root])] == []


# --- 12. the gate's verdict cache: hashes of clean files only ---------------------------------
def test_verdict_cache_holds_hashes_only_and_never_passes_a_finding(tmp_path, monkeypatch):
    from kit.privacy import verdicts
    from kit.privacy.gate import check

    monkeypatch.setenv("IIDS_CACHE", str(tmp_path / "cache"))
    clean, leak = tmp_path / "schoon.md", tmp_path / "lek.md"
    clean.write_text("Een tekst over de buurt en de markt.", encoding="utf-8")
    leak.write_text(LEAK, encoding="utf-8")
    first = check([clean, leak])
    assert first and {Path(f.path).name for f in first} == {"lek.md"}
    assert check([clean, leak]) == first  # a file with findings is read again, every time
    cache = verdicts.cache_file()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.parent.stat().st_mode) & 0o077 == 0
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert len(data["schoon"]) == 1 and all(len(k) == 64 for k in data["schoon"])
    assert not any(n in cache.read_text(encoding="utf-8") for n in NEEDLES)
    clean.write_text(FOREIGN, encoding="utf-8")  # new content is read again
    assert {Path(f.path).name for f in check([clean])} == {"schoon.md"}


# --- 13. collect and zip-collect rescan what they collect --------------------------------------
def test_collect_quarantines_a_submission_that_skipped_the_submit_check(course, tmp_path, capsys):
    """A student who puts files into the inbound folder without the kit's submit check (here:
    nbgrader's own exchange class) and a download from the ELO are scanned at collect."""
    import shutil

    from kit.cli import main
    from kit.grading.course import release, student_fetch, student_submit

    mine = course  # a private copy of the generated course
    release(mine, "opdracht2")
    for student, text in (("netjes", "Mijn plan gaat over de buurt."), ("lek", LEAK)):
        home = tmp_path / "thuis" / student
        home.mkdir(parents=True)
        folder = student_fetch(mine, "opdracht2", student, home)
        (folder / "mijn-werk").mkdir()
        (folder / "mijn-werk" / "notities.txt").write_text(text, encoding="utf-8")
        student_submit(mine, "opdracht2", student, home)
    capsys.readouterr()
    assert main(["grade", "collect", "opdracht2", "--cursus", str(mine.root)]) == 1
    out = capsys.readouterr().out
    assert "lek: inlevering in quarantaine" in out and "netjes" not in out
    assert "Traceback" not in out and not any(n in out for n in NEEDLES)
    assert (mine.root / "submitted" / "netjes" / "opdracht2").is_dir()
    assert not (mine.root / "submitted" / "lek").exists()
    kept = mine.root / "quarantaine" / "opdracht2" / "lek"
    assert kept.is_dir() and stat.S_IMODE(kept.stat().st_mode) == 0o700

    download = tmp_path / "elo"
    for student, text in (("1001", "Plan over de markt."), ("1002", FOREIGN)):
        shutil.copytree(mine.root / "release" / "opdracht2", download / student)
        (download / student / "uitleg.md").write_text(text, encoding="utf-8")
    assert main(["grade", "zip-collect", "opdracht2", str(download), "--cursus",
                 str(mine.root)]) == 1
    out = capsys.readouterr().out
    assert "1002: inlevering in quarantaine" in out and "1001:" not in out
    assert not any(n in out for n in FOREIGN_NEEDLES)
    assert not (mine.root / "submitted" / "1002").exists()
    assert (mine.root / "submitted" / "1001" / "opdracht2" / "uitleg.md").is_file()


# --- 14. withdrawal reaches every copy: workspace, submitted/, harvest, report ----------------
def test_withdrawal_reaches_the_workspace_submitted_harvest_and_report(course_copy, tmp_path,
                                                                      monkeypatch, capsys):
    """A participant's story travels from a student's work folder into nbgrader's submitted/
    and autograded/, a harvest and a weegmoment report; one withdrawal removes it from all."""
    import shutil
    import types

    from kit.cli import main
    from kit.evaluation.harvest import harvest_course, write_harvest
    from kit.evaluation.report import evaluate
    from kit.grading.quarantine import rescan
    from kit.narratives.framework import default_framework
    from kit.narratives.schema import example_row
    from kit.narratives.store import NarrativeStore
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault

    vault = open_vault(tmp_path / "kluis")
    monkeypatch.setenv("IIDS_VAULT", str(vault.path))
    register = ConsentRegister(vault)
    for code in ("P01", "P02"):
        register.add(code, "v1", "2026-01-05", "a" * 64, ["onderwijs"], "2030-01-05")
    gone, kept = "Op de markt lachten we samen om de regen.", "De bus naar het werk reed niet."
    workspace = tmp_path / "student" / "mijn-werk"
    framework = default_framework()
    store = NarrativeStore(workspace, framework, vault=vault, use_deduce=False)
    base = {**example_row(framework), "synthetic": "false", "id": ""}
    store.add({**base, "participant": "P01", "text": gone})
    store.add({**base, "participant": "P02", "text": kept})
    # what nbgrader submit + collect and autograde make of it
    for step in ("submitted", "autograded"):
        target = course_copy / step / "jan01" / "ps1" / "mijn-werk"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(workspace, target)
    rescan(types.SimpleNamespace(root=course_copy), "ps1", students=["jan01"])
    harvest = tmp_path / "oogst"
    write_harvest(harvest_course(course_copy, key=KEY), harvest)
    report = tmp_path / "rapport"
    evaluate([harvest], report, k=5)
    places = [workspace, course_copy / "submitted", course_copy / "autograded", harvest, report]
    assert all(any(gone in texts_of(f) for f in Path(p).rglob("*") if f.is_file())
               for p in places[:4]), "the story did not reach every copy"

    capsys.readouterr()
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 0
    out = capsys.readouterr().out
    for place in places:
        files = [f for f in Path(place).rglob("*") if f.is_file()] if Path(place).exists() else []
        assert not [f for f in files if gone in texts_of(f) or "P01" in texts_of(f)], place
    assert not harvest.exists() and not report.exists()
    assert "iids harvest" in out and "iids evaluate" in out
    assert any(kept in texts_of(f) for f in workspace.rglob("*") if f.is_file())
    assert any(kept in texts_of(f) for f in (course_copy / "submitted").rglob("*")
               if f.is_file())


# --- 15. ingest: a dialogue record is pseudonymised in every field when it is saved -----------
def test_dialogue_record_is_pseudonymised_in_every_field_at_save(tmp_path, vault):
    from kit.dialogue.record import (
        Agreement,
        Participant,
        Position,
        Record,
        Statement,
        default_pseudonymiser,
        load_record,
        save_record,
    )

    record = Record(
        "Tafel met Hodan Abdi", place="Hoefkade 123", participants=[
            Participant("Piotr", party="buurt", role="bewoner, bel 06-87654321"),
            Participant("D2", party="gemeente", role="ambtenaar", consent_named=True,
                        name="Wethouder Jansen")],
        statements=[Statement("S1", "Iedereen praat mee.", theme="Hodan Abdi", by="Piotr")],
        positions=[Position("S1", "eens", participant="Piotr", note="Hodan Abdi knikte")],
        agreements=[Agreement("A1", "Vervolg met Hodan Abdi", "gemeente", "2026-05-01", "S1")])
    files = save_record(record, tmp_path / "dialoog", pseudonymise=default_pseudonymiser(vault))
    assert_nothing_arrives(files, FOREIGN_NEEDLES + ("Hoefkade 123",))
    back = load_record(tmp_path / "dialoog" / "verslag.yaml")  # references still fit
    assert back.statements[0].by == back.participants[0].code != "Piotr"
    assert back.participants[1].name == "Wethouder Jansen"  # consented to be named


# --- 16. ingest: the registry is pseudonymised as it enters, in every sheet -------------------
def test_registry_is_pseudonymised_as_it_enters(tmp_path):
    from kit.evaluation.registry import (
        pseudonymise_registry,
        read_registry,
    )
    from kit.evaluation.workbook import write_registry
    from kit.synthetic.registry import synthetic_registry

    tables = synthetic_registry(seed=5)
    projects = tables["Deelprojecten"]
    projects.loc[projects.index[0], "titel"] = "Project met Fatima El Amrani (06-12345678)"
    stories = tables["MSC-verhalen"]
    stories.loc[stories.index[0], "verhaal"] = LEAK
    first = next(iter(tables))
    text_column = next(c for c in tables[first].columns
                       if tables[first][c].map(lambda v: isinstance(v, str)).all())
    tables[first].loc[tables[first].index[0], text_column] = FOREIGN
    raw = read_registry(write_registry(tables, tmp_path / "register.xlsx"))
    clean = pseudonymise_registry(raw)
    cells = "\n".join(str(v) for t in clean.tables.values() for v in t.to_numpy().ravel())
    assert not [n for n in NEEDLES + FOREIGN_NEEDLES if n in cells]
    assert "[PERSOON-" in cells
    assert {n: len(t) for n, t in clean.tables.items()} == {n: len(t) for n, t in raw.tables.items()}


# --- 17. ingest: the handreiking's content form saves labels; the raw text goes to the vault --
def test_handreiking_form_saves_pseudonymised_content_and_keeps_raw_in_the_vault(tmp_path,
                                                                                monkeypatch):
    from kit.dialogue.widgets import content_form
    from kit.privacy.vault import open_vault

    vault = open_vault(tmp_path / "kluis")
    monkeypatch.setenv("IIDS_VAULT", str(vault.path))
    box = content_form(tmp_path / "werk")
    c = box.controls
    c["titel"].value, c["beroepsgroep"].value = "Een eigen huis", "huisartsen"
    c["auteurs"].value = "Hodan Abdi, Piotr Kowalski"
    c["context"].value = LEAK
    c["analyse"].value = c["wat_de_gemeenschap_wil"].value = "Een plek om te wonen."
    c["rec_tekst"].value, c["rec_onderbouwing"].value = "Bel Piotr Kowalski eerst.", "N1"
    c["rec_minderheid"].value = "Er was geen minderheid."
    box.actions["add_recommendation"]()
    box.actions["save"]()
    assert "Bewaard" in c["message"].value
    saved = tmp_path / "werk" / "handreiking" / "inhoud.yaml"
    assert_nothing_arrives([saved], NEEDLES + FOREIGN_NEEDLES)
    shown = "\n".join(str(x.value) for x in c.values() if hasattr(x, "value"))
    assert not [n for n in NEEDLES + FOREIGN_NEEDLES if n in shown]
    raw = list(vault.file("ruwe-invoer").glob("handreiking-inhoud-*.json"))
    assert len(raw) == 1 and "Hoefkade 123" in raw[0].read_text(encoding="utf-8")
    assert stat.S_IMODE(raw[0].stat().st_mode) == 0o600


# --- 18. ingest: a hand-edited inhoud.yaml is pseudonymised whenever the kit reads it ---------
def _hand_edited_content(tmp_path, monkeypatch):
    from kit.dialogue.examples import example_content
    from kit.io import write_yaml
    from kit.privacy.vault import open_vault

    vault = open_vault(tmp_path / "kluis")
    monkeypatch.setenv("IIDS_VAULT", str(vault.path))
    content = example_content()
    content["context"] = LEAK
    content["auteurs"] = ["Hodan Abdi"]
    content["aanbevelingen"][0]["tekst"] = FOREIGN
    path = tmp_path / "werk" / "handreiking" / "inhoud.yaml"
    path.parent.mkdir(parents=True)
    write_yaml(content, path)
    return vault, path


@pytest.mark.parametrize("reader", ["validate", "own_content", "load_content", "content_form"])
def test_hand_edited_content_is_pseudonymised_where_the_kit_reads_it(tmp_path, monkeypatch,
                                                                      capsys, reader):
    """Whatever reads a hand-edited ``inhoud.yaml`` (``iids dialogue validate``, the notebooks'
    own-work loader, the handreiking's loader, the form) stores it pseudonymised, keeps the
    raw text in the vault only and says so in Dutch."""
    from kit.cli import main

    vault, path = _hand_edited_content(tmp_path, monkeypatch)
    if reader == "validate":
        assert main(["dialogue", "validate", str(path)]) == 0
    elif reader == "own_content":
        from kit.dialogue.own_work import own_content

        found = own_content(tmp_path / "werk")
        assert found.own and "Piotr" not in str(found.value)
    elif reader == "load_content":
        from kit.dialogue.handreiking import load_content

        assert "Fatima" not in load_content(path).context
    else:
        from kit.dialogue.widgets import content_form

        box = content_form(tmp_path / "werk")
        shown = "\n".join(str(x.value) for x in box.controls.values() if hasattr(x, "value"))
        assert not [n for n in NEEDLES + FOREIGN_NEEDLES if n in shown]
    assert_nothing_arrives([path], NEEDLES + FOREIGN_NEEDLES)
    assert "[PERSOON-" in path.read_text(encoding="utf-8")
    out = capsys.readouterr().out
    if reader != "own_content":
        assert "persoonsgegevens" in out and "kluis" in out, out
    raw = list(vault.file("ruwe-invoer").glob("handreiking-inhoud-*.json"))
    assert len(raw) == 1 and "Hoefkade 123" in raw[0].read_text(encoding="utf-8")
    assert stat.S_IMODE(raw[0].stat().st_mode) == 0o600


# --- 19. the evaluation demo publishes its report through the same gate as iids evaluate ----
def test_evaluation_demo_report_passes_the_gate(synthetic_pair, tmp_path):
    from kit.demo.evaluation import demo_report
    from kit.evaluation.harvest import harvest_course
    from kit.privacy.vault import open_vault
    from kit.synthetic.registry import synthetic_registry

    tables = synthetic_registry(seed=5)
    projects = tables["Deelprojecten"]
    projects.loc[projects.index[0], "titel"] = "Project met Fatima El Amrani (06-12345678)"
    stories = tables["MSC-verhalen"]
    stories.loc[stories.index[0], "verhaal"] = LEAK
    cohorts = {"2024-2025": harvest_course(synthetic_pair["2024-2025"], key=KEY,
                                           cohort="2024-2025")}
    vault = open_vault(tmp_path / "kluis")
    index = demo_report(cohorts, tables, tmp_path / "evaluatie", vault=vault)
    assert index.is_file()
    assert assert_nothing_arrives([tmp_path / "evaluatie" / "rapport"]) >= 10
