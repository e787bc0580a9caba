"""The synthetic Werkplaats registry (kit.synthetic.registry): seeded, every row marked
synthetic, and valid for the real reader."""

from __future__ import annotations

from kit.evaluation.registry import SHEETS, read_registry
from kit.evaluation.workbook import write_registry
from kit.synthetic.registry import synthetic_registry


def test_seeded_and_sized_as_asked():
    a = synthetic_registry(seed=4, participants=30, activities=6)
    b = synthetic_registry(seed=4, participants=30, activities=6)
    assert all(a[name].equals(b[name]) for name in a)
    assert len(a["Deelnemers"]) == 30 and len(a["Activiteiten"]) == 6
    assert not synthetic_registry(seed=5, participants=30, activities=6)["Deelnemers"].equals(
        a["Deelnemers"])


def test_every_sheet_is_known_and_read_back_without_a_complaint(tmp_path):
    tables = synthetic_registry(seed=2, participants=40, activities=8)
    assert set(tables) <= {sheet.name for sheet in SHEETS}
    assert set(tables["Deelnemers"]["bron"]) == {"synthetisch"}
    registry = read_registry(write_registry(tables, tmp_path / "register"))
    assert len(registry["Deelnemers"]) == 40
