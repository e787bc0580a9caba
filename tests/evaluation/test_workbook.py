"""Writing the Werkplaats registry (kit.evaluation.workbook): what it writes, the reader reads back."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

import kit.evaluation.indicators  # noqa: F401  (registers the indicators)
from kit.errors import InputError
from kit.evaluation.indicator_registry import registered
from kit.evaluation.registry import SHEETS, read_registry
from kit.evaluation.workbook import write_registry, write_registry_template
from kit.synthetic.registry import synthetic_registry


def test_template_has_every_sheet_column_and_indicator(tmp_path):
    path = write_registry_template(tmp_path / "register.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Uitleg", *(s.name for s in SHEETS)]
    for sheet in SHEETS:
        header = [c.value for c in book[sheet.name][1]]
        assert header == [c.name for c in sheet.columns]
        assert book[sheet.name].max_row == 1  # empty
    explained = {row[1] for row in book["Uitleg"].iter_rows(values_only=True) if len(row) > 1}
    assert {ind.id for ind in registered()} <= explained


def test_template_must_be_xlsx(tmp_path):
    with pytest.raises(InputError, match="gebruik de extensie .xlsx"):
        write_registry_template(tmp_path / "register.csv")
    assert not (tmp_path / "register.csv").exists()


@pytest.mark.parametrize("name", ["register.xlsx", "register-map"])
def test_written_registry_reads_back_the_same(tmp_path, name):
    tables = synthetic_registry(seed=3)
    path = write_registry(tables, tmp_path / name)
    back = read_registry(path)
    for sheet in SHEETS:
        if sheet.name not in tables:
            continue
        first = sheet.columns[0].name  # the id or date column that starts every sheet
        written = tables[sheet.name][first].astype(str).str.slice(0, 10).tolist()
        read = back[sheet.name][first].astype(str).str.slice(0, 10).tolist()
        assert read == written, sheet.name
