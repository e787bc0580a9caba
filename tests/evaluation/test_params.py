"""Notebook parameters from papermill as a list of paths (kit.evaluation.params)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import InputError
from kit.evaluation.params import path_list


def test_every_written_form_gives_the_same_list():
    expected = ["oogst/2023-2024", "oogst/2024-2025"]
    assert path_list('["oogst/2023-2024", "oogst/2024-2025"]') == expected
    assert path_list("[oogst/2023-2024, oogst/2024-2025]") == expected
    assert path_list(tuple(expected)) == expected
    assert path_list([Path("oogst/2023-2024"), "oogst/2024-2025"]) == expected


def test_one_path_is_not_read_letter_by_letter():
    assert path_list("  oogst/2023-2024 ") == ["oogst/2023-2024"]
    assert path_list(Path("oogst")) == ["oogst"]
    assert path_list(None) == [] and path_list("   ") == []


@pytest.mark.parametrize("value", ["[a, ", "[1, 2]", 7, {"a": 1}, ["a", 3]])
def test_no_list_of_paths_is_refused_naming_the_parameter(value):
    with pytest.raises(InputError) as info:
        path_list(value, name="jaren")
    assert info.value.place == "parameter 'jaren'"
    assert "jaren: [oogst/2023-2024" in info.value.message
