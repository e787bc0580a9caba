"""``iids privacy ...``: exit codes 0/1/2 and files written."""

from __future__ import annotations

import nbformat
import pandas as pd

from kit.cli import main


def test_scan_exit_codes(tmp_path, capsys, deduce_ready):
    dirty = tmp_path / "vuil.md"
    dirty.write_text("Bel Marta op 06-12345678.\n")
    clean = tmp_path / "schoon.md"
    clean.write_text("Een gewone zin over de buurt.\n")
    assert main(["privacy", "scan", str(dirty)]) == 1
    out = capsys.readouterr().out
    assert "06-****5678" in out and "12345678" not in out
    assert main(["privacy", "scan", str(clean)]) == 0
    assert main(["privacy", "scan", str(tmp_path / "weg.md")]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_scan_allow_list_file(tmp_path, deduce_ready):
    (tmp_path / "a.md").write_text("We werkten samen met Stichting Zonnebloemhuis.\n")
    allow = tmp_path / "publiek.txt"
    allow.write_text("Stichting Zonnebloemhuis\n")
    assert main(["privacy", "scan", "--allow-list", str(allow), str(tmp_path / "a.md")]) == 0


def test_pseudonymise_text_csv_xlsx_notebook(tmp_path, deduce_ready):
    vault = str(tmp_path / "kluis")
    (tmp_path / "n.txt").write_text("Regel 1\nBel Ionela op 0612345678\n\nklaar\n")
    assert main(["privacy", "pseudonymise", str(tmp_path / "n.txt"), "--kluis", vault]) == 0
    out = (tmp_path / "n-gepseudonimiseerd.txt").read_text()
    assert "0612345678" not in out and len(out.splitlines()) == 4
    (tmp_path / "t.csv").write_text("id,participant,tekst,notitie\nn1,P01,Bel 0612345678,"
                                    "kenteken 12-ABC-3\n")
    assert main(["privacy", "pseudonymise", str(tmp_path / "t.csv"), "-o",
                 str(tmp_path / "t2.csv"), "--columns", "tekst", "--kluis", vault]) == 0
    frame = pd.read_csv(tmp_path / "t2.csv", dtype=str)
    assert "0612345678" not in frame.loc[0, "tekst"] and frame.loc[0, "notitie"] == "kenteken 12-ABC-3"
    assert frame.loc[0, "participant"] == "P01"
    pd.DataFrame({"tekst": ["ik ben 19 en woon op Hoefkade 3"]}).to_excel(tmp_path / "x.xlsx",
                                                                          index=False)
    assert main(["privacy", "pseudonymise", str(tmp_path / "x.xlsx"), "--kluis", vault]) == 0
    cell = pd.read_excel(tmp_path / "x-gepseudonimiseerd.xlsx", dtype=str).loc[0, "tekst"]
    assert "Hoefkade" not in cell and "19" not in cell.replace("[", " ").split("]")[-1]
    nb = nbformat.v4.new_notebook()
    c = nbformat.v4.new_code_cell("print('x')")
    c.outputs = [nbformat.v4.new_output("stream", name="stdout", text="mail: a.b@voorbeeld.nl\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("Anna Kowalska belde"), c]
    # a notebook lives in an assignment folder that nbgrader hands in whole: the vault beside
    # it would travel along (refused, exit 2), so the notebook gets a folder of its own
    nbformat.write(nb, str(tmp_path / "v.ipynb"))
    assert main(["privacy", "pseudonymise", str(tmp_path / "v.ipynb"), "--kluis", vault]) == 2
    (tmp_path / "v.ipynb").unlink()
    work = tmp_path / "opdracht"
    work.mkdir()
    nbformat.write(nb, str(work / "v.ipynb"))
    assert main(["privacy", "pseudonymise", str(work / "v.ipynb"), "--kluis", vault]) == 0
    text = (work / "v-gepseudonimiseerd.ipynb").read_text()
    assert "Kowalska" not in text and "a.b@voorbeeld.nl" not in text
    assert main(["privacy", "scan", str(work / "v-gepseudonimiseerd.ipynb")]) == 0


def test_pseudonymise_bad_input(tmp_path, capsys):
    (tmp_path / "t.csv").write_text("id,tekst\n1,hoi\n")
    assert main(["privacy", "pseudonymise", str(tmp_path / "t.csv"), "--columns", "naam",
                 "--kluis", str(tmp_path / "k")]) == 2
    assert "kolom 'naam'" in capsys.readouterr().err
    assert not (tmp_path / "t-gepseudonimiseerd.csv").exists()
    (tmp_path / "x.pdf").write_text("x")
    assert main(["privacy", "pseudonymise", str(tmp_path / "x.pdf")]) == 2


def test_consent_commands(tmp_path, capsys):
    vault = str(tmp_path / "kluis")
    copy = tmp_path / "formulier.pdf"
    copy.write_bytes(b"ondertekend formulier (synthetisch)")
    assert main(["privacy", "consent", "add", "P01", "--formulier", "v2", "--ondertekend",
                 "2025-09-15", "--kopie", str(copy), "--doelen", "onderwijs,publicatie",
                 "--bewaren-tot", "2027-09-01", "--kluis", vault]) == 0
    assert main(["privacy", "consent", "add", "P02", "--formulier", "v2", "--ondertekend",
                 "2025-09-15", "--sha256", "ab" * 32, "--doelen", "onderwijs",
                 "--bewaren-tot", "2025-10-01", "--kluis", vault]) == 0
    assert main(["privacy", "consent", "add", "P03", "--formulier", "v2", "--ondertekend",
                 "2025-09-15", "--sha256", "ab" * 32, "--doelen", "reclame",
                 "--bewaren-tot", "2027-10-01", "--kluis", vault]) == 2
    capsys.readouterr()
    assert main(["privacy", "consent", "list", "--kluis", vault]) == 0
    listing = capsys.readouterr().out
    assert "P01" in listing and "P03" not in listing
    assert main(["privacy", "consent", "withdraw", "P01", "--datum", "2026-01-02",
                 "--kluis", vault]) == 0
    assert "ingetrokken op 2026-01-02" in capsys.readouterr().out
    assert main(["privacy", "consent", "withdraw", "P09", "--kluis", vault]) == 2
    assert main(["privacy", "purge", "--datum", "2026-01-01", "--kluis", vault]) == 0
    assert "voor 1 deelnemer" in capsys.readouterr().out
    assert main(["privacy", "rotate-key", "--kluis", vault]) == 0


def test_bad_vault_is_exit_2(tmp_path, capsys):
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o755)
    assert main(["privacy", "consent", "list", "--kluis", str(folder)]) == 2
    assert "chmod 700" in capsys.readouterr().err
