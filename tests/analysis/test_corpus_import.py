"""A lecturer's own corpus: PDF, Word, HTML and text files with metadata, made here as fixtures."""

from __future__ import annotations

import pytest

from kit.analysis.corpus_import import extract_text, import_corpus, read_metadata
from kit.analysis.discourse_corpus import load_dominant_corpus
from kit.analysis.keyness import keyness
from kit.cli import main
from kit.errors import InputError

# Invented texts (synthetic), so nothing real goes into the test fixtures.
PDF_TEXT = "Het college stelt voor de ramen in de verzonnen wijk Lindehof te sluiten."
DOCX_TEXT = "Beleidsbrief: de handhaving op kamerverhuur wordt geintensiveerd."
HTML_TEXT = "Bewoners klagen over overlast, zegt de wethouder."


def make_pdf(path, text: str) -> None:
    """A one-page PDF with ``text`` in Helvetica, written by hand with correct offsets."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


@pytest.fixture
def folder(tmp_path):
    import docx

    make_pdf(tmp_path / "raadsvoorstel.pdf", PDF_TEXT)
    document = docx.Document()
    document.add_heading("Beleidsbrief", level=1)
    document.add_paragraph(DOCX_TEXT)
    document.save(tmp_path / "brief.docx")
    (tmp_path / "bericht.html").write_text(
        f"<html><head><title>Krant</title><style>p {{color: red}}</style></head><body><nav>Menu</nav>"
        f"<p>{HTML_TEXT}</p><script>track()</script></body></html>", encoding="utf-8")
    (tmp_path / "verslag.txt").write_text("Een raadslid vraagt naar de bankrekening van sekswerkers.",
                                          encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "bestand,bron,datum,genre,spreker,groep,titel\n"
        "raadsvoorstel.pdf,gemeenteraad (verzonnen),2024-03-12,beleidstekst,college,sekswerkers,Raadsvoorstel\n"
        "brief.docx,gemeente (verzonnen),2024,beleidstekst,wethouder,arbeidsmigranten,\n"
        "bericht.html,krant (verzonnen),2024-05-02,nieuwsbericht,redactie,sekswerkers,Overlast\n"
        "verslag.txt,raadsverslag (verzonnen),2023-11-30,raadsdebat,raadslid,sekswerkers,Verslag\n",
        encoding="utf-8")
    return tmp_path


def test_each_format_gives_its_text(folder):
    assert extract_text(folder / "raadsvoorstel.pdf") == PDF_TEXT
    assert DOCX_TEXT in extract_text(folder / "brief.docx")
    html = extract_text(folder / "bericht.html")
    assert HTML_TEXT in html and "track" not in html and "color" not in html and "Menu" not in html


def test_import_keeps_metadata_and_loads_like_the_lesson_corpus(folder, tmp_path):
    corpus = import_corpus(folder, folder / "metadata.csv")
    assert corpus["id"].tolist() == ["t01", "t02", "t03", "t04"]
    assert corpus["genre"].tolist() == ["beleidstekst", "beleidstekst", "nieuwsbericht", "raadsdebat"]
    assert corpus["speaker"].tolist() == ["college", "wethouder", "redactie", "raadslid"]
    assert corpus["year"].tolist() == [2024, 2024, 2024, 2023] and not corpus["synthetic"].any()
    assert corpus.loc[1, "title"] == "brief"  # no title: the file name
    out = tmp_path / "uit" / "corpus.csv"
    out.parent.mkdir()
    assert main(["analysis", "corpus-import", str(folder), "--metadata", str(folder / "metadata.csv"),
                 "-o", str(out)]) == 0
    loaded = load_dominant_corpus(out)
    assert loaded["text"].tolist() == corpus["text"].tolist()
    assert loaded["date"].tolist()[0] == "2024-03-12" and loaded["source"].iloc[2] == "krant (verzonnen)"
    # keyness within one genre works on the imported corpus
    policy = loaded[loaded["genre"] == "beleidstekst"]["text"]
    table = keyness(policy, loaded[loaded["genre"] != "beleidstekst"]["text"], min_freq=1)
    assert len(table) > 0


def test_bad_metadata_names_file_row_and_column(folder, capsys):
    meta = folder / "metadata.csv"
    lines = meta.read_text(encoding="utf-8").splitlines()
    meta.write_text("\n".join(lines[:3] + ["bericht.html,krant,2 mei,nieuwsbericht,redactie,,"]) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_metadata(meta)
    assert err.value.place == "rij 4, kolom 'datum'"
    out = folder / "corpus.csv"
    assert main(["analysis", "corpus-import", str(folder), "--metadata", str(meta), "-o", str(out)]) == 2
    assert "rij 4, kolom 'datum'" in capsys.readouterr().err and not out.exists()
    meta.write_text("bestand,bron,datum,genre,spreker\nweg.pdf,krant,2024,nieuwsbericht,redactie\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="staat niet in"):
        read_metadata(meta)
    meta.write_text("bestand,bron,datum,genre\nbrief.docx,krant,2024,nieuwsbericht\n", encoding="utf-8")
    with pytest.raises(InputError, match="spreker"):
        read_metadata(meta)


def test_empty_or_broken_files_are_named(folder):
    (folder / "leeg.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(InputError) as err:
        extract_text(folder / "leeg.pdf")
    assert err.value.path is not None and str(err.value.path).endswith("leeg.pdf")
    (folder / "kapot.docx").write_bytes(b"geen zip")
    with pytest.raises(InputError, match="kan ik niet lezen"):
        extract_text(folder / "kapot.docx")
    with pytest.raises(InputError, match="bestandstype"):
        extract_text(folder / "tabel.xlsx")


def _discourse_cells():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    nb = json.loads((root / "assignments/source/discoursanalyse/discoursanalyse.ipynb").read_text(encoding="utf-8"))
    return [("".join(c["source"]), c["metadata"].get("nbgrader", {}))
            for c in nb["cells"] if c["cell_type"] == "code"]


def _run(sources, namespace):
    for source in sources:
        exec(compile(source, "discoursanalyse", "exec"), namespace)  # noqa: S102 - the kit's own notebook


def test_discoursanalyse_part_one_runs_on_an_imported_corpus(folder, tmp_path, monkeypatch):
    """Part 1's tables, form and (hidden) tests hold on a lecturer's own corpus.

    The student answers in the form (saved as the form saves); the checks read that file.
    """
    import pandas as pd

    from kit.analysis.coding import write_codings
    from kit.answers import load_choices, save_choices
    from kit.grading.answerkeys import DISCOURSE_FORM, discourse_key, discourse_questions

    monkeypatch.setenv("IIDS_WERKMAP", str(tmp_path / "werkmap"))
    monkeypatch.chdir(tmp_path)
    corpus_csv = tmp_path / "mijn-corpus.csv"
    assert main(["analysis", "corpus-import", str(folder), "--metadata", str(folder / "metadata.csv"),
                 "-o", str(corpus_csv)]) == 0
    corpus = load_dominant_corpus(corpus_csv)
    marks = [("t01", "de ramen", "handhaving-controle"), ("t01", "te sluiten", "handhaving-controle"),
             ("t02", "handhaving op kamerverhuur", "handhaving-controle"), ("t03", "overlast", "overlast-buurt"),
             ("t04", "bankrekening", "werk-rechten")]
    rows = []
    for doc, fragment, code in marks:
        start = corpus.set_index("id").loc[doc, "text"].index(fragment)
        rows.append({"document": doc, "start": start, "end": start + len(fragment), "code": code, "coder": "docent"})
    codings = write_codings(pd.DataFrame(rows), tmp_path / "coderingen.csv")
    cells = _discourse_cells()
    sources = [s for s, _m in cells]
    part_one = cells[:sources.index(next(s for s in sources if "DEVICES.items()" in s))]
    setup = part_one[0][0].replace("EIGEN_CORPUS = None", f"EIGEN_CORPUS = {str(corpus_csv)!r}") \
                          .replace("EIGEN_FRAMES = None", f"EIGEN_FRAMES = {str(codings)!r}")
    assert setup != part_one[0][0]
    tables = [s for s, m in part_one[1:] if not m.get("grade") and "frames.merge" not in s]
    checks = [s for s, m in part_one if m.get("grade")]
    assert len(checks) == 3 and all("load_choices" in s and "BEGIN HIDDEN TESTS" in s for s in checks)
    namespace: dict = {}
    _run([setup, *tables], namespace)
    per_text = namespace["frames_per_tekst"].set_index("tekst")
    assert per_text.loc["t01", "aantal verschillende frames"] == 1
    assert "handhaving-controle" not in per_text.to_string()  # labels, never code ids
    frames, boek, werk = namespace["frames"], namespace["boek"], namespace["WERK"]
    # handhaving-controle and overlast-buurt both fall under one top-level frame in the codebook
    assert boek.top_level("handhaving-controle") == boek.top_level("overlast-buurt")
    key = discourse_key(frames, corpus, boek)
    assert key["meer_frames"] == {0} and key["meeste_teksten"] == {"handhaving-controle"}
    assert key["hoofdframe_sekswerkers"] == {boek.top_level("overlast-buurt")}
    assert key["hoofdframe_arbeidsmigranten"] == {boek.top_level("handhaving-controle")}
    # before the form is saved the checks fail with a Dutch line; after, every hidden test holds
    with pytest.raises(AssertionError, match="nog niet beantwoord"):
        _run(checks[:1], namespace)
    questions = discourse_questions(frames, corpus, boek)
    save_choices(werk, DISCOURSE_FORM, {k: sorted(v)[0] for k, v in key.items()}, questions)
    _run(checks, namespace)
    # a wrong reading fails the hidden test of that question only
    save_choices(werk, DISCOURSE_FORM, {"meeste_teksten": "overlast-buurt"}, questions)
    assert load_choices(werk, DISCOURSE_FORM)["meer_frames"] == 0
    _run([checks[0], checks[2]], namespace)
    with pytest.raises(AssertionError):
        _run(checks[1:2], namespace)


def test_discoursanalyse_part_two_runs_on_an_imported_corpus(folder, tmp_path, monkeypatch):
    """Part 2 (text devices, marked in the form) works on a text of the lecturer's own corpus."""
    from kit.widgets.answerforms import devices_form

    monkeypatch.setenv("IIDS_WERKMAP", str(tmp_path / "werkmap"))
    monkeypatch.chdir(tmp_path)
    corpus_csv = tmp_path / "mijn-corpus.csv"
    assert main(["analysis", "corpus-import", str(folder), "--metadata", str(folder / "metadata.csv"),
                 "-o", str(corpus_csv)]) == 0
    sources = [s for s, _m in _discourse_cells()]
    setup = sources[0].replace("EIGEN_CORPUS = None", f"EIGEN_CORPUS = {str(corpus_csv)!r}")
    start = sources.index(next(s for s in sources if "DEVICES.items()" in s))
    form, check = sources[start + 1], sources[start + 2]
    assert form.strip() == "devices_form(WERK, corpus)" and "load_devices" in check
    namespace: dict = {}
    _run([setup, sources[start]], namespace)
    # the student clicks: a text of the lecturer's corpus, three devices with words copied from it
    box = devices_form(namespace["WERK"], namespace["corpus"])
    box.parts["text"].value = "t02"
    words = namespace["corpus"].set_index("id").loc["t02", "text"].split()
    for device, word in zip(("benoeming", "passief", "geciteerd"), words, strict=False):
        box.parts["device"].value = device
        box.parts["fragment"].value = word
        box.add()
    assert box.save() is not None
    _run([check], namespace)
    assert namespace["mijn_tekst"] == "t02"
