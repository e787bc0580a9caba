"""Withdrawal reaches every copy: exports, REFI-QDA project, keyness, handreiking, notes, raw
notes; and lists in Dutch what it cannot reach (issue 16 part B, item 6). Synthetic data."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
import yaml

from kit.cli import main


@pytest.fixture
def work(tmp_path, vault):
    from kit.narratives.framework import default_framework
    from kit.narratives.importers import export_narratives
    from kit.narratives.schema import example_row
    from kit.narratives.store import NarrativeStore
    from kit.privacy.consent import ConsentRegister

    register = ConsentRegister(vault)
    for code in ("P01", "P02"):
        register.add(code, "v1", "2026-01-05", "a" * 64, ["onderwijs"], "2030-01-05")
    folder = tmp_path / "mijn-werk"
    framework = default_framework()
    store = NarrativeStore(folder, framework, vault=vault, use_deduce=False)
    base = {**example_row(framework), "synthetic": "false"}
    ids = {}
    for code, story in (("P01", "Op de markt lachten we samen."), ("P02", "De bus reed niet.")):
        ids[code] = store.add({**base, "id": "", "participant": code, "text": story})
    export_narratives(folder, folder / "exports" / "verhalen.csv")
    export_narratives(folder, folder / "exports" / "verhalen.xlsx")
    from kit.analysis.codebook import load_codebook
    from kit.analysis.refi import export_project

    book = load_codebook("erbij-horen-en-uitsluiting")
    codings = pd.DataFrame([{"document": i, "start": 0, "end": 4, "code": book.ids()[0],
                             "coder": "S01", "memo": ""} for i in ids.values()])
    export_project(book, codings, {i: store.get(i)["text"] for i in ids.values()},
                   folder / "project.qdpx")
    pd.DataFrame({"lemma": ["markt"], "g2": [3.1]}).to_csv(folder / "keyness.csv", index=False)
    hand = folder / "handreiking"
    hand.mkdir()
    (hand / "inhoud.yaml").write_text(yaml.safe_dump({"titel": "x", "citaten": [
        {"narratief": ids["P01"], "fragment": "lachten"},
        {"narratief": ids["P02"], "fragment": "bus"}]}, allow_unicode=True))
    (hand / "handreiking.html").write_text("<p>lachten</p>")
    (hand / "handreiking.docx").write_bytes(b"PK")
    (folder / "uit").mkdir()
    (folder / "uit" / "handreiking.html").write_text("<p>lachten</p>")  # made with --out elsewhere
    (folder / "P01_gesprek-gepseudonimiseerd.txt").write_text("notitie")
    raw = vault.file("ruwe-notities")
    raw.mkdir()
    (raw / "P01_gesprek.txt").write_text("ruw")
    (raw / "P02_gesprek.txt").write_text("ruw")
    return folder, ids


def test_withdraw_reaches_every_copy(work, vault, capsys):
    folder, ids = work
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 0
    out = capsys.readouterr().out
    gone, kept = ids["P01"], ids["P02"]
    csv = (folder / "exports" / "verhalen.csv").read_text(encoding="utf-8-sig")
    assert gone not in csv and kept in csv
    xlsx = pd.read_excel(folder / "exports" / "verhalen.xlsx", sheet_name="narratieven", dtype=str)
    assert xlsx["id"].tolist() == [kept]
    assert not (folder / "project.qdpx").exists()
    assert not (folder / "keyness.csv").exists()
    quotes = yaml.safe_load((folder / "handreiking" / "inhoud.yaml").read_text())["citaten"]
    assert [q["narratief"] for q in quotes] == [kept]
    assert not (folder / "handreiking" / "handreiking.html").exists()
    assert not (folder / "handreiking" / "handreiking.docx").exists()
    assert not (folder / "uit" / "handreiking.html").exists()
    assert not (folder / "P01_gesprek-gepseudonimiseerd.txt").exists()
    assert not (vault.file("ruwe-notities") / "P01_gesprek.txt").exists()
    assert (vault.file("ruwe-notities") / "P02_gesprek.txt").exists()
    # Dutch report: what was removed, how to make it again, and what the kit cannot reach
    assert "iids analysis refi-export" in out and "iids analysis keyness" in out
    assert "iids dialogue handreiking" in out
    assert "Niet door de kit te bereiken" in out
    for place in ("submitted/", "iids harvest", "klasserver"):
        assert place in out
    assert "--werkmap" in out and "P01" in out


def test_lineage_index_reaches_a_file_outside_the_work_folders(work, vault, tmp_path):
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.lineage import entries, record

    elsewhere = tmp_path / "elders" / "tabel.csv"
    elsewhere.parent.mkdir()
    pd.DataFrame({"participant": ["P01", "P02"], "aantal": ["1", "2"]}).to_csv(elsewhere, index=False)
    summary = tmp_path / "elders" / "samenvatting.csv"
    summary.write_text("thema,aantal\nwerk,2\n")
    record(vault, elsewhere, codes=["P01", "P02"], kind="export")
    record(vault, summary, codes=["P01"], kind="aggregaat", regenerate="maak-samenvatting")
    report = ConsentRegister(vault).withdraw("P01", "2026-02-01")
    assert pd.read_csv(elsewhere, dtype=str)["participant"].tolist() == ["P02"]
    assert not summary.exists() and report.files[str(summary)] == "maak-samenvatting"
    assert summary not in entries(vault)
    index = vault.file("afgeleide-bestanden.json").read_text()
    assert "P01" in index and "werk" not in index  # codes and paths only, never text


def test_qdpx_of_other_people_stays(work, vault):
    from kit.privacy.consent import ConsentRegister

    folder, ids = work
    other = folder / "ander.qdpx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("project.qde", f'<Project><TextSource name="{ids["P02"]}"/></Project>')
    ConsentRegister(vault).withdraw("P01", "2026-02-01")
    assert other.exists()


def test_export_outside_the_work_folder_is_reached_through_the_lineage_index(work, vault, tmp_path):
    folder, ids = work
    target = tmp_path / "usb" / "verhalen.csv"
    target.parent.mkdir()
    assert main(["narratives", "export", str(folder), "-o", str(target), "--kluis",
                 str(vault.path)]) == 0
    assert ids["P01"] in target.read_text(encoding="utf-8-sig")
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 0
    text = target.read_text(encoding="utf-8-sig")
    assert ids["P01"] not in text and ids["P02"] in text


def test_pseudonymised_notes_written_elsewhere_are_removed(work, vault, tmp_path):
    source = tmp_path / "P01_interview.txt"
    source.write_text("We spraken over werk.\n")
    target = tmp_path / "elders" / "uitgeschreven.txt"
    target.parent.mkdir()
    assert main(["privacy", "pseudonymise", str(source), "-o", str(target), "--kluis",
                 str(vault.path)]) == 0
    assert target.exists()
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 0
    assert not target.exists()


def test_an_unreadable_table_is_named_not_skipped(work, vault, capsys):
    folder, _ids = work
    (folder / "kapot.xlsx").write_bytes(b"geen excel")
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 0
    out = capsys.readouterr().out
    assert "Niet te lezen" in out and "kapot.xlsx" in out
