"""``iids analysis ...``: exit codes, Dutch messages, nothing half-written."""

from __future__ import annotations

import pandas as pd

from kit.analysis.coding import write_codings
from kit.analysis.discourse_corpus import corpus_frames, default_corpus_path
from kit.cli import main

TEXTS = pd.DataFrame({"id": ["a", "b"], "text": ["De bank zei nee. Ik werk hard.", "Mijn buren groeten niet."]})


def _files(tmp_path, coders=("A", "B")):
    texts = tmp_path / "teksten.csv"
    TEXTS.to_csv(texts, index=False)
    rows = []
    for coder in coders:
        rows += [{"document": "a", "start": 0, "end": 16, "code": "geldzaken-bank", "coder": coder},
                 {"document": "b", "start": 0, "end": 24, "code": "stigma-oordeel", "coder": coder}]
    if len(coders) > 1:
        rows.append({"document": "a", "start": 17, "end": 30, "code": "eigen-regie", "coder": coders[0]})
    codings = write_codings(pd.DataFrame(rows), tmp_path / "coderingen.csv")
    return texts, codings


def test_codebook_validate(tmp_path, capsys):
    assert main(["analysis", "codebook-validate", "erbij-horen-en-uitsluiting"]) == 0
    assert "in orde" in capsys.readouterr().out
    bad = tmp_path / "boek.yaml"
    bad.write_text("id: x\ntitel: X\ncodes:\n  - {code: a, naam: A, definitie: d, ouder: z}\n")
    assert main(["analysis", "codebook-validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"iids: fout: {bad}, veld 'codes[0].ouder':") and "niet gedefinieerd" in err


def test_agreement_command_and_tables(tmp_path, capsys):
    texts, codings = _files(tmp_path)
    out = tmp_path / "uit"
    # two texts: the screen shows everything, the export is refused (exit 1) by the output check
    assert main(["analysis", "agreement", str(codings), "--teksten", str(texts), "--codeboek",
                 "erbij-horen-en-uitsluiting", "-o", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "Codeurs A, B" in printed and "kappa" in printed
    disagreements = pd.read_csv(out / "verschillen.csv")
    assert disagreements["passage"].tolist() == ["Ik werk hard."]
    assert pd.read_csv(out / "overeenstemming-per-code.csv").empty


def test_agreement_with_one_coder_exits_2(tmp_path, capsys):
    texts, codings = _files(tmp_path, coders=("A",))
    assert main(["analysis", "agreement", str(codings), "--teksten", str(texts)]) == 2
    assert "maar één codeur" in capsys.readouterr().err


def test_codings_validate_names_the_row(tmp_path, capsys):
    texts, codings = _files(tmp_path)
    assert main(["analysis", "codings-validate", str(codings), "--teksten", str(texts),
                 "--codeboek", "frames-dominant-discours"]) == 2
    err = capsys.readouterr().err
    assert "rij 2, kolom 'code'" in err and "niet in het codeboek" in err


def test_keyness_command(tmp_path, capsys):
    texts, _ = _cohort_files(tmp_path)
    table = tmp_path / "keyness.csv"
    assert main(["analysis", "keyness", str(texts), "--min-freq", "1", "-n", "5", "-o", str(table)]) == 0
    assert "Kenmerkend voor dominant discours" in capsys.readouterr().out
    assert "log_likelihood" in table.read_text().splitlines()[0]


def test_refi_export_commands(tmp_path, capsys):
    qdc = tmp_path / "boek.qdc"
    assert main(["analysis", "refi-export", "--codeboek", "frames-dominant-discours", "-o", str(qdc)]) == 0
    assert qdc.read_bytes().startswith(b"<?xml")
    codings = write_codings(corpus_frames(), tmp_path / "coderingen.csv")
    qdpx = tmp_path / "project.qdpx"
    assert main(["analysis", "refi-export", "--codeboek", "frames-dominant-discours", "--coderingen",
                 str(codings), "--teksten", str(default_corpus_path()), "-o", str(qdpx)]) == 0
    assert qdpx.stat().st_size > 1000
    wrong = tmp_path / "project.zip"
    assert main(["analysis", "refi-export", "--codeboek", "frames-dominant-discours", "-o", str(wrong)]) == 2
    assert not wrong.exists()
    assert main(["analysis", "refi-export", "--codeboek", "frames-dominant-discours", "-o",
                 str(tmp_path / "x.qdpx")]) == 2


def test_empty_narratives_exit_2_and_name_the_file(tmp_path, capsys):
    empty = tmp_path / "leeg.csv"
    empty.write_text("id,text\n")
    assert main(["analysis", "keyness", str(empty)]) == 2
    err = capsys.readouterr().err
    assert str(empty) in err and "geen teksten" in err


def test_agreement_over_two_files_of_two_students(tmp_path, capsys):
    texts, _ = _files(tmp_path)
    mine = write_codings(pd.DataFrame([{"document": "a", "start": 0, "end": 16, "code": "geldzaken-bank",
                                        "coder": "A"}]), tmp_path / "ik.csv")
    partner = write_codings(pd.DataFrame([{"document": "a", "start": 0, "end": 16, "code": "wonen",
                                           "coder": "B"}]), tmp_path / "partner.csv")
    assert main(["analysis", "agreement", str(mine), str(partner), "--teksten", str(texts)]) == 0
    assert "Codeurs A, B" in capsys.readouterr().out
    same_letter = write_codings(pd.DataFrame([{"document": "a", "start": 0, "end": 16, "code": "wonen",
                                               "coder": "A"}]), tmp_path / "ook-a.csv")
    assert main(["analysis", "agreement", str(mine), str(same_letter)]) == 2
    assert "de codeur 'A' staat ook in" in capsys.readouterr().err


def test_refi_import_command(tmp_path, capsys):
    qdc = tmp_path / "boek.qdc"
    assert main(["analysis", "refi-export", "--codeboek", "erbij-horen-en-uitsluiting", "-o", str(qdc)]) == 0
    target = tmp_path / "mijn-werk" / "codeboek.yaml"
    assert main(["analysis", "refi-import", str(qdc), "-o", str(target)]) == 0
    assert main(["analysis", "codebook-validate", str(target)]) == 0
    assert main(["analysis", "refi-import", str(tmp_path / "bestaat-niet.qdc"), "-o", str(target)]) == 2


# ---- disclosure control on the exports (issue 17) ---------------------------------------

def _cohort_files(tmp_path, n_texts=12, rare=2):
    """``n_texts`` narratives; every one mentions work, ``rare`` of them debts (coded
    'geldzaken-bank' by both coders), and narrative 0 names its street many times."""
    texts = []
    for i in range(n_texts):
        words = "Ik zoek werk in de stad."
        if i < rare:
            words += " De bank wil de schuld terug."
        if i == 0:
            words += " Voorbeeldstraat Voorbeeldstraat Voorbeeldstraat Voorbeeldstraat."
        texts.append({"id": f"n{i}", "text": words})
    path = tmp_path / "teksten.csv"
    pd.DataFrame(texts).to_csv(path, index=False)
    rows = []
    for coder in ("A", "B"):
        for i, t in enumerate(texts):
            rows.append({"document": t["id"], "start": 0, "end": 24, "code": "werk-inkomen",
                         "coder": coder})
            if i < rare:
                rows.append({"document": t["id"], "start": 25, "end": 53, "code": "geldzaken-bank",
                             "coder": coder})
    codings = write_codings(pd.DataFrame(rows), tmp_path / "coderingen.csv")
    return path, codings


def test_agreement_export_hides_a_code_given_in_few_texts_and_logs_why(tmp_path, capsys):
    texts, codings = _cohort_files(tmp_path)
    out = tmp_path / "uit"
    assert main(["analysis", "agreement", str(codings), "--teksten", str(texts), "-o", str(out)]) == 0
    table = pd.read_csv(out / "overeenstemming-per-code.csv", dtype=str, keep_default_na=False)
    rows = table.set_index("code")
    assert rows.loc["werk-inkomen", "teksten"] == "12"
    assert rows.loc["geldzaken-bank", "teksten"] == "<10"
    assert (rows.loc["geldzaken-bank", ["eenheden", "A", "B", "percentage", "kappa", "alpha"]] == "x").all()
    assert rows.loc["geldzaken-bank", "oordeel"] == "niet te bepalen"
    log = pd.read_csv(out / "controlelog.csv", dtype=str, keep_default_na=False)
    mine = log[log["bestand"] == "overeenstemming-per-code.csv"]
    hidden = mine[mine["actie"].str.startswith("verborgen")]
    assert set(hidden["regel"]) == {"drempel", "afgeleid"} and set(hidden["rij"]) == {"2"}
    assert len(hidden) == 7 and "gecontroleerd" in set(mine["regel"])
    work = log[log["bestand"] == "verschillen.csv"]
    assert work["regel"].tolist() == ["instelling", "werkbestand"]
    assert work["actie"].iloc[-1] == "niet publiceren"
    assert "Schuld" not in log.to_csv() and "bank" not in " ".join(log["toelichting"])


def test_keyness_export_leaves_out_words_of_few_narratives(tmp_path, capsys):
    texts, _ = _cohort_files(tmp_path)
    table = tmp_path / "keyness.csv"
    assert main(["analysis", "keyness", str(texts), "--min-freq", "1", "-o", str(table)]) == 0
    words = set(pd.read_csv(table, dtype=str, keep_default_na=False)["woord"])
    assert "werk" in words and "stad" in words
    assert not words & {"voorbeeldstraat", "schuld", "bank"}
    log = pd.read_csv(tmp_path / "controlelog.csv", dtype=str, keep_default_na=False)
    assert "weggelaten" in set(log["regel"]) and "voorbeeldstraat" not in log.to_csv().lower()


def test_keyness_export_of_fewer_narratives_than_k_is_refused(tmp_path, capsys):
    texts, _ = _cohort_files(tmp_path, n_texts=9)
    table = tmp_path / "keyness.csv"
    assert main(["analysis", "keyness", str(texts), "--min-freq", "1", "-o", str(table)]) == 1
    err = capsys.readouterr().err
    assert "keyness.csv" in err and "minder dan 10" in err and "Traceback" not in err
    assert pd.read_csv(table).empty
    assert main(["analysis", "keyness", str(texts), "--k", "4", "-o", str(table)]) == 2
