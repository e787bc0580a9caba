"""Writing the Werkplaats registry: the empty template with Dutch instructions and the
registry tables as a workbook (``.xlsx``) or a folder of CSV files.

Apart from :mod:`kit.evaluation.registry` (which reads and checks a registry) because the
template's instructions list every registered indicator (:mod:`kit.evaluation.indicators`),
and the indicators read the registry.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.evaluation.indicators import registered
from kit.evaluation.registry import SHEETS, _register_data

__all__ = ["write_registry_template", "write_registry"]


def _instructions() -> list[list[str]]:
    texts = _register_data("uitleg.yaml")
    lines = [[texts["titel"]], [""]] + [[line] for line in texts["regels"]] + [[""]]
    for sheet in SHEETS:
        lines.append([f"Blad '{sheet.name}'" + (" (mag ontbreken)" if sheet.optional else ""),
                      sheet.help])
        for column in sheet.columns:
            extra = f" Keuzes: {', '.join(column.choices)}." if column.choices else ""
            lines.append(["", column.name, ("verplicht. " if column.required else "") + column.help
                          + extra])
        lines.append([""])
    lines.append([texts["indicatoren_kop"]])
    for indicator in registered():
        lines.append(["", indicator.id, indicator.name])
    return lines


def _write_workbook(path: Path, tables: dict[str, Any] | None) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from kit.io import atomic_write

    workbook = Workbook()
    info = workbook.active
    info.title = "Uitleg"
    for row in _instructions():
        info.append(row)
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 34
    info.column_dimensions["C"].width = 90
    info["A1"].font = Font(bold=True, size=14)
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.name)
        ws.append([c.name for c in sheet.columns])
        for number, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=number)
            cell.font = Font(bold=True)
            cell.comment = Comment(column.help, "IIDS-kit")
            letter = cell.column_letter
            ws.column_dimensions[letter].width = max(14, len(column.name) + 4)
            if column.kind == "choice":
                listing = ",".join(column.choices)
                if len(listing) < 250:
                    validation = DataValidation(type="list", formula1=f'"{listing}"',
                                                allow_blank=not column.required)
                    validation.error = "Kies een waarde uit de lijst."
                    validation.errorTitle = "Ongeldige keuze"
                    ws.add_data_validation(validation)
                    validation.add(f"{letter}2:{letter}1000")
        ws.freeze_panes = "A2"
        if tables and sheet.name in tables:
            frame = tables[sheet.name]
            for record in frame.itertuples(index=False):
                ws.append([None if (isinstance(v, str) and v == "") else v for v in record])
    with atomic_write(path, "wb") as fh:
        workbook.save(fh)
    return Path(path)


def write_registry_template(path: str | os.PathLike) -> Path:
    """Write an empty registry workbook with Dutch instructions (``iids evaluate --registry-template``).

    >>> import tempfile, pathlib
    >>> p = write_registry_template(pathlib.Path(tempfile.mkdtemp()) / "register.xlsx")
    >>> from openpyxl import load_workbook
    >>> load_workbook(p).sheetnames[:3]
    ['Uitleg', 'Deelnemers', 'Deelprojecten']
    """
    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise InputError("het sjabloon is een Excel-werkmap: gebruik de extensie .xlsx", path=p)
    return _write_workbook(p, None)


def write_registry(registry_tables: dict[str, Any], path: str | os.PathLike) -> Path:
    """Write registry tables as a workbook (``.xlsx``) or a folder of CSV files.

    Args:
        registry_tables: ``{sheet name: DataFrame}``.
        path: ``*.xlsx`` or a folder.

    Returns:
        The path.
    """
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        return _write_workbook(p, registry_tables)
    from kit.io import write_csv

    p.mkdir(parents=True, exist_ok=True)
    for sheet in SHEETS:
        if sheet.name in registry_tables:
            write_csv(registry_tables[sheet.name], p / sheet.file,
                      columns=[c.name for c in sheet.columns])
    return p
