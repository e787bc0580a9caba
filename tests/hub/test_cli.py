"""``iids hub doctor|prepare`` (kit.hub.cli): bad input is one Dutch line with exit 2."""

from __future__ import annotations

import pytest

from kit.cli import main


@pytest.mark.parametrize("args, expected", [
    (["--owner", "bestaat-niet-iids", "--zandbak-pool", "0"],
     "--owner: de gebruiker 'bestaat-niet-iids' bestaat niet"),
    (["--owner", "root", "--group", "groep-bestaat-niet", "--zandbak-pool", "0"],
     "--group: de groep 'groep-bestaat-niet' bestaat niet (maak hem met: groupadd "
     "groep-bestaat-niet)"),
    (["--owner", "root", "--zandbak-pool", "100"], "--zandbak-pool: tussen 0 en 99 zandbakgebruikers"),
])
def test_prepare_refuses_bad_input_before_touching_anything(tmp_path, capsys, args, expected):
    exchange = tmp_path / "exchange"
    assert main(["hub", "prepare", "--exchange", str(exchange), *args]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and err.count("\n") == 1
    assert not exchange.exists()


def test_doctor_names_a_bad_env_file_line(tmp_path, capsys):
    envfile = tmp_path / "iids-hub.env"
    envfile.write_text("IIDS_HUB_COURSE_ID=iids\nkapot\n")
    assert main(["hub", "doctor", "--env-file", str(envfile)]) == 2
    assert f"{envfile}, regel 2: geen NAAM=waarde" in capsys.readouterr().err


def test_doctor_reports_a_missing_hub_with_exit_1(tmp_path, capsys):
    code = main(["hub", "doctor", "--exchange", str(tmp_path / "geen-uitwisseling"),
                 "--cursus", str(tmp_path / "geen-cursus"), "--role-config", str(tmp_path / "rol"),
                 "--deduce-cache", str(tmp_path / "deduce")])
    out = capsys.readouterr().out
    assert code == 1
    assert "in orde." in out.splitlines()[-1] and "klaar" not in out.splitlines()[-1]
