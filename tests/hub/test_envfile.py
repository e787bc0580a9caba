"""The hub's environment file read as systemd reads it (kit.hub.envfile)."""

from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.hub.envfile import read_env_file


def test_comments_blank_lines_and_quotes(tmp_path):
    path = tmp_path / "iids-hub.env"
    path.write_text('# opmerking\n\n  IIDS_A = "een waarde" \nIIDS_B=\'b\'\nIIDS_C=x=y\n')
    assert read_env_file(str(path)) == {"IIDS_A": "een waarde", "IIDS_B": "b", "IIDS_C": "x=y"}


@pytest.mark.parametrize("line", ["GEEN_GELIJKTEKEN", "1NAAM=x", "=leeg"])
def test_a_bad_line_is_named_by_its_number(tmp_path, line):
    path = tmp_path / "iids-hub.env"
    path.write_text(f"IIDS_A=1\n{line}\n")
    with pytest.raises(InputError) as info:
        read_env_file(str(path))
    assert str(info.value) == f"{path}, regel 2: geen NAAM=waarde"


def test_a_missing_file_is_a_dutch_message(tmp_path):
    with pytest.raises(InputError, match="niet te lezen"):
        read_env_file(str(tmp_path / "weg.env"))
