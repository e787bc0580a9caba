"""The Werkplaats registry: template, synthetic registry, validation with sheet, row and column."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from kit.cli import main
from kit.errors import InputError
from kit.evaluation.registry import (
    PARTY_TYPES,
    SHEETS,
    WAYS_OF_TAKING_PART,
    read_registry,
)
from kit.evaluation.workbook import write_registry, write_registry_template
from kit.synthetic.registry import synthetic_registry


@pytest.fixture()
def workbook(tmp_path):
    return write_registry(synthetic_registry(seed=11), tmp_path / "register.xlsx")


def test_template_has_every_sheet_and_dutch_instructions(tmp_path, capsys):
    path = tmp_path / "leeg.xlsx"
    assert main(["evaluate", "--registry-template", str(path)]) == 0
    assert "Leeg register" in capsys.readouterr().out
    wb = load_workbook(path)
    assert wb.sheetnames == ["Uitleg"] + [s.name for s in SHEETS]
    instructions = "\n".join(str(c.value) for row in wb["Uitleg"].iter_rows() for c in row if c.value)
    assert "JJJJ-MM-DD" in instructions and "Samenwerkingspartner" in instructions
    assert [c.value for c in wb["Deelnemers"][1]] == [c.name for c in SHEETS[0].columns]
    # an empty template is a valid (empty) registry
    registry = read_registry(path)
    assert all(len(t) == 0 for t in registry.tables.values())


def test_template_must_be_xlsx(tmp_path):
    with pytest.raises(InputError, match=".xlsx"):
        write_registry_template(tmp_path / "register.csv")


def test_synthetic_registry_round_trips_and_is_marked(workbook, tmp_path):
    registry = read_registry(workbook)
    assert registry.synthetic
    people = registry["Deelnemers"]
    assert set(people["partij_type"]) <= set(PARTY_TYPES)
    assert set(people["vorm"]) <= set(WAYS_OF_TAKING_PART)
    assert (people["bron"] == "synthetisch").all()
    assert registry["Activiteiten"]["opkomst_community"].dtype == "int64"
    folder = write_registry(registry.tables, tmp_path / "csv")
    again = read_registry(folder)
    for name, table in registry.tables.items():
        assert again[name].equals(table), name


def test_same_seed_same_registry():
    a, b = synthetic_registry(seed=4), synthetic_registry(seed=4)
    assert all(a[name].equals(b[name]) for name in a)
    assert not synthetic_registry(seed=5)["Deelnemers"].equals(a["Deelnemers"])


def test_missing_sheet(workbook):
    wb = load_workbook(workbook)
    del wb["Activiteiten"]
    wb.save(workbook)
    with pytest.raises(InputError, match="het blad 'Activiteiten' ontbreekt"):
        read_registry(workbook)


def test_wrongly_formatted_date_names_sheet_row_and_column(workbook, capsys, tmp_path):
    wb = load_workbook(workbook)
    ws = wb["Activiteiten"]
    column = [c.value for c in ws[1]].index("datum") + 1
    ws.cell(row=4, column=column).value = "3 maart 2024"
    wb.save(workbook)
    with pytest.raises(InputError) as info:
        read_registry(workbook)
    assert info.value.place == "blad 'Activiteiten', rij 4, kolom 'datum'"
    assert "geen geldige datum" in info.value.message
    code = main(["evaluate", "--registry", str(workbook), "-o", str(tmp_path / "rapport")])
    assert code == 2
    err = capsys.readouterr().err
    assert "blad 'Activiteiten', rij 4, kolom 'datum'" in err
    assert not (tmp_path / "rapport").exists()


def test_bad_choice_and_unknown_reference(workbook):
    wb = load_workbook(workbook)
    ws = wb["Deelnemers"]
    column = [c.value for c in ws[1]].index("vorm") + 1
    ws.cell(row=2, column=column).value = "Facebookgroep"
    wb.save(workbook)
    with pytest.raises(InputError, match="geen geldige keuze") as info:
        read_registry(workbook)
    assert info.value.place == "blad 'Deelnemers', rij 2, kolom 'vorm'"


def test_csv_registry_errors_name_the_file(tmp_path):
    folder = write_registry(synthetic_registry(seed=2), tmp_path / "csv")
    text = (folder / "producten.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    row = text[1].split(",")
    row[header.index("deelproject")] = "DP99"
    text[1] = ",".join(row)
    (folder / "producten.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="DP99") as info:
        read_registry(folder)
    assert info.value.path.endswith("producten.csv")
    assert info.value.place == "rij 2, kolom 'deelproject'"
    (folder / "criteria.csv").unlink()
    with pytest.raises(InputError, match="'Criteria' ontbreekt"):
        read_registry(folder)


def test_end_before_start_and_story_without_reason(tmp_path):
    tables = synthetic_registry(seed=3)
    stories = tables["MSC-verhalen"].copy()
    stories.loc[0, "geselecteerd"] = "ja"
    stories.loc[0, "reden"] = ""
    tables["MSC-verhalen"] = stories
    path = write_registry(tables, tmp_path / "r.xlsx")
    with pytest.raises(InputError, match="reden nodig") as info:
        read_registry(path)
    assert info.value.place == "blad 'MSC-verhalen', rij 2, kolom 'reden'"


def test_a_story_told_twice_counts_once_and_is_reported(tmp_path):
    from kit.evaluation.indicators import registry_indicators, selected_stories

    tables = synthetic_registry(seed=4)
    stories = tables["MSC-verhalen"]
    assert not stories["verhaal"].duplicated().any()  # the synthetic registry tells each once
    again = stories.iloc[[0]].assign(id="V99", verhaal=stories.loc[0, "verhaal"].upper() + "  ")
    tables["MSC-verhalen"] = pd.concat([stories, again], ignore_index=True)
    registry = read_registry(write_registry(tables, tmp_path / "register"))
    assert len(registry.notes) == 1
    assert "verhaal V99 is woord voor woord gelijk aan verhaal V01" in registry.notes[0]
    assert "msc_verhalen.csv, rij" in registry.notes[0]
    counted = sum(r["value"] for r in registry_indicators(registry) if r["indicator_id"] == "msc_verhalen")
    assert counted == len(stories)
    assert "V99" not in set(selected_stories(registry)["id"])


def test_a_date_outside_the_project_period_is_refused_with_its_place(workbook, capsys, tmp_path):
    wb = load_workbook(workbook)
    ws = wb["Activiteiten"]
    column = [c.value for c in ws[1]].index("datum") + 1
    ws.cell(row=5, column=column).value = "2031-05-01"  # would make a project year 9
    wb.save(workbook)
    with pytest.raises(InputError) as info:
        read_registry(workbook)
    assert info.value.place == "blad 'Activiteiten', rij 5, kolom 'datum'"
    assert "2031-05-01 valt buiten de projectperiode" in info.value.message
    assert "--projectperiode" in info.value.message
    # a longer period, given on purpose, accepts it
    registry = read_registry(workbook, window=("2023-01-01", "2031-12-31"))
    assert registry.window == ("2023-01-01", "2031-12-31")
    code = main(["evaluate", "--registry", str(workbook), "-o", str(tmp_path / "r")])
    assert code == 2 and "rij 5, kolom 'datum'" in capsys.readouterr().err


def test_the_project_period_comes_from_the_registry_start_or_the_project_sheet(tmp_path):
    tables = synthetic_registry(seed=4)
    assert read_registry(write_registry(tables, tmp_path / "s")).window == ("2023-01-09",
                                                                            "2026-12-31")
    del tables["Project"]
    registry = read_registry(write_registry(tables, tmp_path / "a"))
    assert registry.window == ("2023-01-09", "2027-01-08")  # four years from the first date
    tables["Project"] = pd.DataFrame([{"naam": "Inclusief samenwerken in de stad",
                                       "start": "2023-01-01", "eind": "2024-06-30",
                                       "weegmoment": "2025-01-01", "bron": "synthetisch"}])
    with pytest.raises(InputError) as info:
        read_registry(write_registry(tables, tmp_path / "b"))
    assert "valt buiten de projectperiode" in info.value.message
    assert info.value.path.endswith(".csv") and info.value.place.startswith("rij ")


def test_template_has_the_new_optional_sheets(tmp_path):
    path = write_registry_template(tmp_path / "leeg.xlsx")
    names = load_workbook(path).sheetnames
    assert {"Project", "Planning", "Uren en budget", "Reflectie"} <= set(names)


# --- the registry on the model layer (kit.models): one formatter for header and cells --------

def _set_cell(workbook, sheet: str, row: int, column: str, value) -> None:
    wb = load_workbook(workbook)
    ws = wb[sheet]
    ws.cell(row=row, column=[c.value for c in ws[1]].index(column) + 1).value = value
    wb.save(workbook)


def _rename_column(workbook, sheet: str, old: str, new: str) -> None:
    wb = load_workbook(workbook)
    ws = wb[sheet]
    ws.cell(row=1, column=[c.value for c in ws[1]].index(old) + 1).value = new
    wb.save(workbook)


def test_a_misspelt_column_is_named_with_the_nearest_known_one(workbook):
    _rename_column(workbook, "Deelnemers", "partij_type", "partij_typ")
    with pytest.raises(InputError) as info:
        read_registry(workbook)
    assert info.value.path == str(workbook)
    assert info.value.place == "blad 'Deelnemers', kolom 'partij_typ'"
    # the typo, not "partij_type ontbreekt"
    assert info.value.message == "onbekende kolom 'partij_typ'; bedoel je 'partij_type'?"


def test_an_unknown_column_without_a_near_miss_lists_the_columns_in_sheet_order(tmp_path):
    folder = write_registry(synthetic_registry(seed=2), tmp_path / "csv")
    file = folder / "criteria.csv"
    lines = file.read_text(encoding="utf-8").splitlines()
    file.write_text("\n".join([lines[0] + ",opmerking"] + [line + "," for line in lines[1:]])
                    + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_registry(folder)
    assert info.value.path == str(file) and info.value.place == "kolom 'opmerking'"
    assert info.value.message == ("onbekende kolom 'opmerking'; toegestaan zijn: id, criterium, "
                                  "indicator, drempel, richting, toelichting, bron")


def test_a_column_written_twice_is_refused(workbook):
    _rename_column(workbook, "Producten", "bron", "titel")
    with pytest.raises(InputError) as info:
        read_registry(workbook)
    assert info.value.place == "blad 'Producten', kolom 'titel'"
    assert info.value.message == "deze kolom staat er twee keer in"


def test_a_missing_column_is_named(workbook):
    _rename_column(workbook, "Producten", "soort", "")
    with pytest.raises(InputError) as info:
        read_registry(workbook)
    assert info.value.place == "blad 'Producten', kolom 'soort'"
    assert info.value.message == "deze kolom ontbreekt"


@pytest.mark.parametrize("sheet,column,value,message", [
    ("Deelnemers", "code", None, "deze cel is leeg maar moet ingevuld zijn"),
    ("Deelnemers", "van", "31-02-2024", "'31-02-2024' is geen geldige datum; schrijf JJJJ-MM-DD"),
    ("Deelnemers", "partij_type", "buurthuis", "'buurthuis' is geen geldige keuze; kies uit: "
                                               "gemeente, onderwijs en onderzoek"),
    ("Activiteiten", "opkomst_gemeente", "3,5", "'3,5' is geen geheel getal van 0 of meer"),
    ("Activiteiten", "opkomst_burgers", -2, "'-2' is geen geheel getal van 0 of meer"),
    ("Planning", "gepland", "veel", "'veel' is geen getal"),
    ("Uren en budget", "jaar", "twintig", "'twintig' is geen geheel getal van 0 of meer"),
    ("MSC-verhalen", "geselecteerd", "misschien", "'misschien' is geen geldige keuze; kies uit: "
                                                  "ja, nee"),
])
def test_every_cell_error_names_file_sheet_row_and_column(workbook, sheet, column, value,
                                                          message):
    _set_cell(workbook, sheet, 3, column, value)
    with pytest.raises(InputError) as info:
        read_registry(workbook)
    assert info.value.path == str(workbook)
    assert info.value.place == f"blad '{sheet}', rij 3, kolom '{column}'"
    assert info.value.message.startswith(message)


def test_a_cell_error_in_a_csv_registry_names_the_file_row_and_column(tmp_path, capsys):
    folder = write_registry(synthetic_registry(seed=2), tmp_path / "csv")
    file = folder / "activiteiten.csv"
    lines = file.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("opkomst_community")] = "veel"
    lines[3] = ",".join(row)
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_registry(folder)
    assert (info.value.path, info.value.place) == (str(file), "rij 4, kolom 'opkomst_community'")
    assert main(["evaluate", "--registry", str(folder), "-o", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "activiteiten.csv, rij 4, kolom 'opkomst_community'" in err[0]
    assert "Traceback" not in err[0]


def test_choices_are_read_whatever_their_case_and_cells_keep_their_types(workbook):
    _set_cell(workbook, "Deelnemers", 2, "partij_type", "GEMEENTE")
    _set_cell(workbook, "Activiteiten", 2, "opkomst_gemeente", 7.0)  # Excel's number
    registry = read_registry(workbook)
    assert registry["Deelnemers"]["partij_type"].iloc[0] == "gemeente"
    assert registry["Activiteiten"]["opkomst_gemeente"].iloc[0] == 7
    assert registry["Planning"]["gepland"].dtype == "float64"
