"""Export settings and the Brightspace table (kit.grading.export)."""

from __future__ import annotations

import pytest

from kit.errors import InputError


def test_export_settings_and_brightspace(tmp_path):
    import pandas as pd

    from kit.grading.export import ExportSettings, brightspace_rows, load_settings

    path = tmp_path / "export.yaml"
    path.write_text("schaal:\n  cesuur: 0.6\nkolommen:\n  a: Opdracht A\nwaarde: cijfer\n")
    settings = load_settings(path)
    assert settings.scale.cesuur == 0.6
    scores = {"students": {"s1": {"id": "s1"}, "s2": {"id": "s2"}},
              "assignments": pd.DataFrame([
                  {"student": "s1", "assignment": "a", "score": 6.0, "grade": 7.3,
                   "complete": True},
                  {"student": "s2", "assignment": "a", "score": None, "grade": None,
                   "complete": False}])}
    rows = brightspace_rows(scores, settings, ["a"])
    assert rows == [["OrgDefinedId", "Opdracht A Points Grade", "End-of-Line Indicator"],
                    ["s1", "7.3", "#"], ["s2", "", "#"]]
    path.write_text("kleur: rood\n")
    with pytest.raises(InputError, match="veld 'kleur'"):
        load_settings(path)
    assert ExportSettings().scale.pass_mark == 5.5
