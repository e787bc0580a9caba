"""``iids harvest`` and ``iids evaluate`` (kit.evaluation.cli): the refusals a user meets first.

The full runs on real courses are in test_harvest.py, test_report.py, test_registry.py and
test_disclosure_pass.py.
"""

from __future__ import annotations

import pytest

from kit.cli import main


@pytest.fixture
def template(tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    assert main(["evaluate", "--registry-template", str(path)]) == 0
    assert capsys.readouterr().out == f"Leeg register met uitleg geschreven: {path}\n"
    return path


@pytest.mark.parametrize("args, message", [
    (["evaluate"], "geef een uitvoermap met -o MAP (of --registry-template BESTAND)"),
    (["evaluate", "--projectperiode", "kapot", "-o", "{tmp}/uit"],
     "optie --projectperiode: 'kapot' is geen geldige datum"),
    (["evaluate", "--registry", "{template}", "--k", "3", "-o", "{tmp}/uit"],
     "optie --k: de drempel voor kleine aantallen is minstens 5"),
    (["evaluate", "--cohort", "{tmp}", "-o", "{tmp}/uit"], "dit is geen nbgrader-cursusmap"),
    (["evaluate", "audit", "{tmp}/geen-rapport"], "deze rapportmap bestaat niet"),
    (["harvest", "{tmp}/geen-cursus", "-o", "{tmp}/uit"], "deze map bestaat niet"),
])
def test_bad_input_is_one_dutch_line_exit_2_and_nothing_written(tmp_path, template, capsys, args,
                                                                  message):
    args = [a.format(tmp=tmp_path, template=template) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("iids: fout: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "uit").exists()


def test_help_is_dutch(capsys):
    assert main(["harvest", "--help"]) == 0
    out = capsys.readouterr().out
    assert "gebruik: iids harvest" in out and "pseudoniemen" in out
    assert main(["evaluate", "--help"]) == 0
    assert "--registry-template" in capsys.readouterr().out
    assert main(["evaluate"]) == 2
    assert "uitvoermap" in capsys.readouterr().err
