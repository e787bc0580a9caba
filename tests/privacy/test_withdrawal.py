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
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 1
    out = capsys.readouterr().out
    assert "Niet te lezen" in out and "kapot.xlsx" in out


def test_withdrawal_reaches_outputs_written_outside_the_work_folder(tmp_path, vault, capsys,
                                                                     monkeypatch):
    """End to end through the real commands: a REFI-QDA project, a keyness table and a
    handreiking written outside the registered work folder are found through the lineage
    index; after the withdrawal no output file holds the withdrawn story (substring check on
    every file), the other story stays, and the copies the kit cannot reach are listed with
    the command that cleans each."""
    from kit.analysis.codebook import load_codebook
    from kit.dialogue.examples import example_content
    from kit.io import write_yaml
    from kit.narratives.framework import default_framework
    from kit.narratives.schema import example_row
    from kit.narratives.store import NarrativeStore
    from kit.privacy.consent import ConsentRegister
    from tests.privacy.test_red_team_seams import texts_of

    monkeypatch.setenv("IIDS_VAULT", str(vault.path))  # the user's vault
    register = ConsentRegister(vault)
    for code in ("P01", "P02"):
        register.add(code, "v1", "2026-01-05", "a" * 64, ["onderwijs", "publicatie"], "2030-01-05")
    folder = tmp_path / "mijn-werk"
    framework = default_framework()
    store = NarrativeStore(folder, framework, vault=vault, use_deduce=False)
    base = {**example_row(framework), "synthetic": "false"}
    gone_story = "Op de markt lachten we samen om de kapotte kraam van de visboer."
    kept_story = "De bus reed niet op zondag, dus liepen we naar de kerk."
    ids = {code: store.add({**base, "id": "", "participant": code, "text": story})
           for code, story in (("P01", gone_story), ("P02", kept_story))}
    book = load_codebook("erbij-horen-en-uitsluiting")
    codings = folder / "coderingen.csv"
    pd.DataFrame([{"document": i, "start": 0, "end": 5, "code": book.ids()[0], "coder": "S01",
                   "memo": ""} for i in ids.values()]).to_csv(codings, index=False)
    elders = tmp_path / "elders"
    elders.mkdir()
    k = str(vault.path)
    narratives = str(folder / "narratieven.csv")
    assert main(["analysis", "refi-export", "--codeboek", "erbij-horen-en-uitsluiting",
                 "--coderingen", str(codings), "--teksten", narratives,
                 "-o", str(elders / "project.qdpx")]) == 0
    # two stories are too few to publish words (exit 1, the table keeps only its header), but
    # the table is made from them all the same
    assert main(["analysis", "keyness", narratives, "-o", str(elders / "keyness.csv")]) in (0, 1)
    assert (elders / "keyness.csv").is_file()
    hr_work = elders / "handreiking-werk"
    content = example_content()
    for recommendation in content["aanbevelingen"]:
        if recommendation.pop("bron", None):  # no dialogue record here
            recommendation.setdefault("minderheid", "Er was geen minderheid.")
    content["citaten"] = [{"narratief": ids["P01"], "fragment": "lachten we samen"},
                          {"narratief": ids["P02"], "fragment": "De bus reed niet"}]
    (hr_work / "handreiking").mkdir(parents=True)
    write_yaml(content, hr_work / "handreiking" / "inhoud.yaml")
    assert main(["dialogue", "handreiking", str(hr_work / "handreiking" / "inhoud.yaml"),
                 "--werkmap", str(hr_work), "--narratieven", narratives, "--kluis", k]) == 0
    written = [p for p in elders.rglob("*") if p.is_file()]
    assert any("lachten" in texts_of(p) for p in written)  # the story did reach the outputs
    capsys.readouterr()

    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", k]) == 0
    out = capsys.readouterr().out
    leaks = [(str(p), needle) for p in elders.rglob("*") if p.is_file()
             for needle in ("lachten", "visboer", "kapotte kraam", ids["P01"]) if needle in texts_of(p)]
    leaks += [(str(p), needle) for p in folder.rglob("*") if p.is_file()
              for needle in ("lachten", "visboer") if needle in texts_of(p)]
    assert leaks == []
    assert not (elders / "project.qdpx").exists() and not (elders / "keyness.csv").exists()
    assert not (hr_work / "handreiking" / "handreiking.html").exists()
    quotes = yaml.safe_load((hr_work / "handreiking" / "inhoud.yaml").read_text())["citaten"]
    assert [q["narratief"] for q in quotes] == [ids["P02"]]
    assert "iids analysis refi-export" in out and "iids analysis keyness" in out
    assert "iids dialogue handreiking" in out
    for place in ("submitted/", "iids harvest", "klasserver", "--werkmap"):
        assert place in out


def test_jupyterlabs_checkpoint_copies_go_too(work, vault, capsys):
    """JupyterLab keeps a copy of every file a student opened in ``.ipynb_checkpoints``
    (a notebook's copy holds the stories in its outputs): the copies of a folder that held
    the withdrawn participant's stories go, and the report says nothing is lost."""
    folder, ids = work
    nested = folder / "analyse" / ".ipynb_checkpoints"
    for checkpoints in (folder / ".ipynb_checkpoints", nested):
        checkpoints.mkdir(parents=True)
        (checkpoints / "narratieven-checkpoint.csv").write_text(
            (folder / "narratieven.csv").read_text(encoding="utf-8"), encoding="utf-8")
        (checkpoints / "07-coderen-checkpoint.ipynb").write_text(
            '{"cells": [{"outputs": [{"text": "Op de markt lachten we samen."}]}]}')
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 0
    out = capsys.readouterr().out
    leftovers = [p for p in folder.rglob("*") if p.is_file()
                 and ("lachten we samen" in p.read_text(errors="replace")
                      or ids["P01"] in p.read_text(errors="replace"))]
    assert leftovers == []
    assert not (folder / ".ipynb_checkpoints").exists() and not nested.exists()
    assert "controlepunt" in out


def test_a_semicolon_table_keeps_its_separator(work, vault):
    folder, ids = work
    table = folder / "codes-per-verhaal.csv"
    table.write_text(f"document;code\n{ids['P01']};thuis\n{ids['P02']};werk\n", encoding="utf-8")
    assert main(["privacy", "consent", "withdraw", "P01", "--kluis", str(vault.path)]) == 0
    assert table.read_text(encoding="utf-8") == f"document;code\n{ids['P02']};werk\n"


def collected_course(generated_course, tmp_path, monkeypatch, stores: dict[str, str]):
    """A copy of the real nbgrader course with opdracht2 collected through
    ``iids grade zip-collect`` from a download holding, per student id, the notebook and
    ``mijn-werk/narratieven.csv`` (``stores``), in a private vault (``IIDS_VAULT``); returns
    ``(course, {student: the collected mijn-werk folder})``."""
    from tests.grading.conftest import copy_course

    monkeypatch.setenv("IIDS_VAULT", str(tmp_path / "kluis"))
    course = copy_course(generated_course, tmp_path / "cursus")
    released = (course.root / "release" / "opdracht2" / "opdracht2.ipynb").read_text()
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        for student, store in stores.items():
            archive.writestr(f"{student}/opdracht2.ipynb", released)
            archive.writestr(f"{student}/mijn-werk/narratieven.csv", store)
    assert main(["grade", "zip-collect", "opdracht2", str(download), "--cursus",
                 str(course.root)]) == 0
    return course, {s: course.root / "submitted" / s / "opdracht2" / "mijn-werk" for s in stores}


@pytest.mark.slow
def test_a_copy_broken_after_collect_is_named_and_the_rest_still_cleaned(
        generated_course, tmp_path, monkeypatch, capsys, deduce_ready):
    """A collected narratieven.csv that breaks after collect no longer stops the withdrawal
    (before: an error, no copy cleaned, the withdrawal not recorded): every other copy is
    cleaned, the broken one is left untouched and named 'niet te lezen, controleer met de
    hand' (now, and at every later withdrawal), the report does not call the erasure done and
    the command exits 1; once repaired, the next withdrawal (of anyone) also removes the
    participants who withdrew while it was unreadable, and exits 0."""
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.lineage import entries

    course, work = collected_course(generated_course, tmp_path, monkeypatch, {
        "1001": "id,participant,text\nn1,P01,Op de markt.\nn2,P02,In de bus.\n",
        "1002": "id,participant,text\nn3,P01,Bij de bakker.\nn4,P02,Op het plein.\n"})
    capsys.readouterr()
    register = ConsentRegister(None)
    for code in ("P01", "P02"):
        register.add(code, "v1", "2026-01-05", "a" * 64, ["onderwijs"], "2030-01-05")
    assert {entries(None)[w.resolve()]["soort"] for w in work.values()} == {"werkmap"}
    broken = work["1002"] / "narratieven.csv"
    broken.write_text(broken.read_text() + "n5,P03,Te,laat,ja\n")  # a ragged row, after collect
    before = broken.read_text()

    assert main(["privacy", "consent", "withdraw", "P01"]) == 1
    out = capsys.readouterr().out
    assert "De verhalen van P01 zijn NIET overal verwijderd: 1 plek(ken) niet te lezen" in out
    assert f"  {broken.resolve()} (niet te lezen, controleer met de hand: " in out
    assert f"{(work['1001'] / 'narratieven.csv').resolve()}: 1" in out
    assert "P01" not in (work["1001"] / "narratieven.csv").read_text()
    assert broken.read_text() == before
    assert register.get("P01").withdrawn_on is not None
    assert entries(None)[work["1002"].resolve()]["soort"] == "onleesbaar"

    assert main(["privacy", "consent", "withdraw", "P02"]) == 1  # still named, still not done
    out = capsys.readouterr().out
    assert f"  {broken.resolve()} (niet te lezen, controleer met de hand: " in out
    assert "P02" not in (work["1001"] / "narratieven.csv").read_text()

    # repaired by hand; the next withdrawal, of anyone, finishes the earlier ones in this copy
    broken.write_text("id,participant,text\nn3,P01,Bij de bakker.\nn4,P02,Op het plein.\n"
                      "n6,P04,In het park.\n")
    register.add("P03", "v1", "2026-01-05", "a" * 64, ["onderwijs"], "2030-01-05")
    assert main(["privacy", "consent", "withdraw", "P03"]) == 0
    out = capsys.readouterr().out
    assert "NIET overal" not in out and "controleer met de hand" not in out
    assert ("Ook afgemaakt: eerdere intrekkingen in kopieën die toen niet te lezen waren en nu "
            f"wel:\n  {broken.resolve()}: 2") in out
    assert "P01" not in broken.read_text() and "P02" not in broken.read_text()
    assert "P04" in broken.read_text()
    assert main(["privacy", "consent", "withdraw", "P01"]) == 0  # nothing left: done
    assert "Ook afgemaakt" not in capsys.readouterr().out
