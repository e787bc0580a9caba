"""``iids dialogue ...``: exit 0 on good files, exit 2 with one Dutch line on bad ones."""

from __future__ import annotations

import yaml

from kit.cli import main


def test_example_validate_and_script(tmp_path, capsys):
    folder = tmp_path / "dialoog"
    assert main(["dialogue", "voorbeeld", "-o", str(folder), "--geval", "arbeidsmigranten"]) == 0
    assert main(["dialogue", "validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "verslag.yaml: in orde" in out and "sessieplan.yaml: in orde" in out
    assert "deelnameplan.yaml: in orde" in out
    assert main(["dialogue", "draaiboek", str(folder / "sessieplan.yaml"), "--stakeholders",
                 str(folder / "stakeholders.csv"), "--deelname", str(folder / "deelnameplan.yaml")]) == 0
    html = (folder / "draaiboek.html").read_text(encoding="utf-8")
    assert "Pools" in html and "Voeg de wijsheid van de minderheid toe" in html


def test_record_with_unknown_statement_exits_2(tmp_path, capsys):
    folder = tmp_path / "dialoog"
    main(["dialogue", "voorbeeld", "-o", str(folder)])
    capsys.readouterr()
    path = folder / "verslag.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["stemmingen"][0]["stelling"] = "S12"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["dialogue", "validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("iids: fout: ") and "veld 'stemmingen[1].stelling'" in err
    assert "onbekende stelling 'S12'" in err and len(err.splitlines()) == 1


def test_agreement_without_owner_exits_2(tmp_path, capsys):
    folder = tmp_path / "dialoog"
    main(["dialogue", "voorbeeld", "-o", str(folder)])
    path = folder / "verslag.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["afspraken"][1]["eigenaar"] = ""
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["dialogue", "validate", str(folder)]) == 2
    assert "veld 'afspraken[2].eigenaar': deze afspraak heeft geen eigenaar" in capsys.readouterr().err


def test_handreiking_command_refuses_a_quote_without_consent(work, vault, tmp_path, capsys):
    from kit.dialogue.examples import example_content, example_record
    from kit.dialogue.record import save_record

    save_record(example_record(), work / "dialoog", pseudonymise=lambda t: t)
    content = example_content("sekswerkers", [{"narratief": "n2"}])
    inhoud = work / "handreiking" / "inhoud.yaml"
    inhoud.parent.mkdir()
    inhoud.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    args = ["dialogue", "handreiking", str(inhoud), "--werkmap", str(work), "--kluis", str(vault.path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "P02 heeft geen toestemming gegeven voor publicatie" in err
    assert not (work / "handreiking" / "handreiking.html").exists()
    content["citaten"] = [{"narratief": "n3"}]
    inhoud.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    assert main(args) == 0
    assert "1 citaten met toestemming" in capsys.readouterr().out
    assert (work / "handreiking" / "handreiking.docx").stat().st_size > 10_000
    assert (work / "dialoog" / "aanbevelingen.csv").is_file()


def test_unknown_file_kind_exits_2(tmp_path, capsys):
    path = tmp_path / "iets.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert main(["dialogue", "validate", str(path)]) == 2
    assert "onbekend soort bestand" in capsys.readouterr().err


def test_broken_template_and_bad_plan_exit_2_and_write_nothing(tmp_path, capsys):
    folder = tmp_path / "dialoog"
    main(["dialogue", "voorbeeld", "-o", str(folder)])
    template = tmp_path / "eigen.html.j2"
    template.write_text("<h1>{% if plan.title %}{{ plan.title }}</h1>\n", encoding="utf-8")
    out = tmp_path / "draaiboek.html"
    capsys.readouterr()
    assert main(["dialogue", "draaiboek", str(folder / "sessieplan.yaml"), "-o", str(out),
                 "--sjabloon", str(template)]) == 2
    err = capsys.readouterr().err
    assert "eigen.html.j2" in err and "fout in het sjabloon" in err and not out.exists()
    plan = yaml.safe_load((folder / "sessieplan.yaml").read_text(encoding="utf-8"))
    plan["agenda"] = [b for b in plan["agenda"] if b.get("stap") != 4]
    (folder / "sessieplan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    assert main(["dialogue", "draaiboek", str(folder / "sessieplan.yaml"), "-o", str(out)]) == 2
    assert "besluitstap(pen) 4" in capsys.readouterr().err and not out.exists()
