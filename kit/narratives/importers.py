"""Import narratives from online-form exports (MS Forms CSV/Excel) and export a store.

An export of an online form has its own column headers ("Vertel je verhaal",
"Hoe welkom voelde je je?"), often extra columns that must never be stored
(e-mail, name) and sometimes values on another scale (0-100). A **mapping
file** (``koppeling.yaml``, Dutch keys) says which export column fills which
store column::

    kolommen:                       # store column or signifier -> header in the export
      text: Vertel je verhaal
      participant: Deelnemerscode
      month: Tijd van voltooien     # a date or date-time becomes YYYY-MM
      welkom: Hoe welkom voelde je je? (0-100)
      steun.ikzelf: Steun van mezelf (%)
    vaste_waarden:                  # the same value for every row
      setting: online
      language: nl
    schaal:                         # divide by this number (0-100 -> 0-1)
      welkom: 100
      steun: 100                    # a signifier id covers all of its columns
    vertaling:                      # translate answers
      setting: {Online formulier: online}
    meerdere_scheiding: ";"         # MS Forms joins multiple answers with ";"

Export columns that are not mentioned are ignored: they never reach the store.
:func:`import_export` checks every row and returns the records plus a report
per row; nothing is stored here (saving goes through :class:`NarrativeStore`,
which checks consent and pseudonymises).

>>> import tempfile, pathlib
>>> from kit.narratives.framework import default_framework
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "export.csv").write_text("ID;E-mail;Code;Verhaal;Welkom;Gevoel;Zelf;Kring;Inst\\n"
...     "1;a@b.nl;P-01;Mijn buurvrouw hielp.;80;trots;60;30;10\\n")
>>> mapping = {"kolommen": {"participant": "Code", "text": "Verhaal", "welkom": "Welkom",
...            "gevoel": "Gevoel", "steun.ikzelf": "Zelf", "steun.eigen_kring": "Kring",
...            "steun.instanties": "Inst"}, "vaste_waarden": {"setting": "online",
...            "month": "2025-10", "community": "vluchtelingen", "collector": "S01"},
...            "schaal": {"welkom": 100, "steun": 100}}
>>> result = import_export(folder / "export.csv", mapping, default_framework())
>>> result.records[0]["welkom"], result.ok, "a@b.nl" in str(result.records)
('0.8', True, False)
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from kit.errors import InputError
from kit.models import Model, Text, validate
from kit.narratives.framework import Framework

__all__ = ["MAPPING_KEYS", "ImportResult", "read_export", "read_mapping", "check_mapping",
           "import_export", "export_narratives"]


@dataclass
class ImportResult:
    """The outcome of reading an export: records for the valid rows and a report per row.

    Attributes:
        records: flat store records (strings) of the rows without problems.
        report: one dict per export row: ``rij``, ``status`` (``ok``/``fout``), ``melding``.
        source: the export file.
    """

    records: list[dict[str, str]] = field(default_factory=list)
    report: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""

    @property
    def ok(self) -> bool:
        """Whether every row is valid."""
        return all(r["status"] == "ok" for r in self.report)

    @property
    def failed(self) -> list[dict[str, Any]]:
        """The report rows with problems."""
        return [r for r in self.report if r["status"] != "ok"]

    def report_frame(self):
        """The report as a DataFrame (columns ``rij, status, melding``)."""
        import pandas as pd

        return pd.DataFrame(self.report, columns=["rij", "status", "melding"])

    def to_text(self, limit: int = 20) -> str:
        """A Dutch summary with the first problems.

        >>> print(ImportResult([], [{"rij": 2, "status": "fout", "melding": "x"}], "e.csv").to_text())
        e.csv: 0 van 1 rijen in orde, 1 met fouten.
          rij 2: x
        """
        good = sum(r["status"] == "ok" for r in self.report)
        lines = [f"{self.source}: {good} van {len(self.report)} rijen in orde, "
                 f"{len(self.report) - good} met fouten."]
        for r in self.failed[:limit]:
            lines.append(f"  rij {r['rij']}: {r['melding']}")
        if len(self.failed) > limit:
            lines.append(f"  ... en nog {len(self.failed) - limit} rijen met fouten")
        return "\n".join(lines)


def read_export(path: str | os.PathLike):
    """Read a CSV (UTF-8 or cp1252, ``,`` or ``;``) or Excel export as a table of strings.

    Raises:
        InputError: when the file is missing, empty or not a table.
    """
    import pandas as pd

    from kit.io import read_csv

    p = Path(path)
    if p.suffix.lower() in {".xlsx", ".xlsm"}:
        if not p.is_file():
            raise InputError("het bestand bestaat niet", path=p)
        try:
            frame = pd.read_excel(p, dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InputError(f"dit is geen leesbaar Excel-bestand ({type(exc).__name__})", path=p) from None
        frame.columns = [str(c).strip() for c in frame.columns]
        if frame.empty:
            raise InputError("het Excel-bestand heeft geen rijen", path=p)
        return frame.astype("string").fillna("")
    if p.suffix.lower() != ".csv":
        raise InputError("alleen .csv- en .xlsx-exports kunnen worden ingelezen", path=p)
    return read_csv(p)


def read_mapping(path: str | os.PathLike) -> dict[str, Any]:
    """Read a mapping file (``koppeling.yaml``) and check its shape.

    Raises:
        InputError: naming the field.
    """
    from kit.io import read_yaml

    data = read_yaml(path)
    _check_mapping_shape(data, path)
    return data


class MappingModel(Model):
    """The shape of ``koppeling.yaml`` (see the module docstring)."""

    columns: dict = Field(alias="kolommen")
    fixed_values: dict = Field(default_factory=dict, alias="vaste_waarden")
    scale: dict = Field(default_factory=dict, alias="schaal")
    translation: dict = Field(default_factory=dict, alias="vertaling")
    separator: Text = Field(";", alias="meerdere_scheiding")


#: The keys of a mapping file (``koppeling.yaml``).
MAPPING_KEYS = tuple(f.alias for f in MappingModel.model_fields.values())


def _check_mapping_shape(data: Any, path) -> None:
    validate(MappingModel, data, path=path,
             what="een koppeling heeft een onderdeel 'kolommen' (winkelkolom: kop in de export)")


def check_mapping(mapping: Mapping[str, Any], framework: Framework, headers: list[str], *,
                  path=None, source=None) -> None:
    """Check a mapping against the framework and the export's headers.

    Raises:
        InputError: when the mapping names an unknown store column or signifier (in the
            mapping file), or an export column that is not there (in the export).

    >>> from kit.narratives.framework import default_framework
    >>> check_mapping({"kolommen": {"gevoelens": "Gevoel"}}, default_framework(), ["Gevoel"])
    Traceback (most recent call last):
    ...
    kit.errors.InputError: veld 'kolommen.gevoelens': 'gevoelens' is geen kolom van de narratieven en geen signifier van kader 'erbij-horen-den-haag'
    """
    from kit.narratives.schema import columns_for

    _check_mapping_shape(mapping, path)
    allowed = set(columns_for(framework))
    signifier_ids = set(framework.kinds())
    for key in ("kolommen", "vaste_waarden", "vertaling"):
        for target in mapping.get(key, {}) or {}:
            if target not in allowed:
                raise InputError(f"'{target}' is geen kolom van de narratieven en geen signifier van "
                                 f"kader '{framework.id}'", path=path, place=f"veld '{key}.{target}'")
    for target, factor in (mapping.get("schaal") or {}).items():
        if target not in allowed and target not in signifier_ids:
            raise InputError(f"'{target}' is geen signifier van kader '{framework.id}'",
                             path=path, place=f"veld 'schaal.{target}'")
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 0:
            raise InputError("de schaal is een getal groter dan 0, bijvoorbeeld 100",
                             path=path, place=f"veld 'schaal.{target}'")
    for target, header in mapping["kolommen"].items():
        if str(header).strip() not in headers:
            raise InputError(f"de export heeft geen kolom '{header}' (nodig voor '{target}')",
                             path=source, place=f"kolom '{header}'")


_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def _to_month(value: str) -> str:
    text = value.strip()
    if not text:
        return ""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return text
    match = re.match(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if match:
        return f"{match.group(3)}-{int(match.group(2)):02d}"
    match = _MONTH.match(text)
    if match:
        return f"{match.group(1)}-{int(match.group(2)):02d}"
    return text  # left as it is: validation explains what is wrong


def _scaled(value: str, factor: float) -> str:
    text = value.strip().replace(",", ".").rstrip("%").strip()
    if not text:
        return ""
    try:
        number = float(text) / factor
    except ValueError:
        return value
    return f"{number:.4f}".rstrip("0").rstrip(".") if number else "0"


def import_export(source: str | os.PathLike, mapping: Mapping[str, Any] | str | os.PathLike,
                  framework: Framework, *, synthetic: bool = False) -> ImportResult:
    """Read an online-form export through a mapping and check every row.

    Args:
        source: the export (``.csv`` or ``.xlsx``).
        mapping: the mapping (a dict or a ``koppeling.yaml`` path).
        framework: the framework of the store the stories go to.
        synthetic: mark every row as synthetic (practice data).

    Returns:
        An :class:`ImportResult` (valid rows as records, a report for every row).

    Raises:
        InputError: when the export or the mapping cannot be used at all.
    """
    import pandas as pd

    from kit.narratives.schema import columns_for, find_problems

    mapping_path = None
    if not isinstance(mapping, Mapping):
        mapping_path = mapping
        mapping = read_mapping(mapping)
    frame = read_export(source)
    headers = [str(c) for c in frame.columns]
    check_mapping(mapping, framework, headers, path=mapping_path, source=source)
    columns = columns_for(framework)
    kinds = framework.kinds()
    n = len(frame)
    out = {c: pd.Series([""] * n, dtype="string") for c in columns}
    for target, header in mapping["kolommen"].items():
        out[target] = frame[str(header).strip()].astype("string").fillna("").str.strip()
    for target, value in (mapping.get("vaste_waarden") or {}).items():
        if target not in mapping["kolommen"]:
            out[target] = pd.Series([str(value)] * n, dtype="string")
    for target, table in (mapping.get("vertaling") or {}).items():
        table = {str(k): str(v) for k, v in (table or {}).items()}
        out[target] = out[target].map(lambda v, t=table: t.get(v, v)).astype("string")
    out["month"] = out["month"].map(_to_month).astype("string")
    separator = str(mapping.get("meerdere_scheiding", ";"))
    for s in framework.of_kind("keuze"):
        out[s.id] = out[s.id].map(
            lambda v: "|".join(x.strip() for x in v.replace(separator, "|").split("|") if x.strip())
        ).astype("string")
    for target, factor in (mapping.get("schaal") or {}).items():
        targets = framework.signifier(target).columns() if target in kinds else [target]
        for column in targets:
            out[column] = out[column].map(lambda v, f=float(factor): _scaled(v, f)).astype("string")
    out["framework_id"] = out["framework_id"].where(out["framework_id"] != "", framework.id)
    out["framework_version"] = out["framework_version"].where(out["framework_version"] != "",
                                                              str(framework.version))
    out["synthetic"] = out["synthetic"].where(out["synthetic"] != "", "true" if synthetic else "false")
    table = pd.DataFrame(out)[columns]
    problems = find_problems(table.assign(id=table["id"].where(table["id"] != "",
                                                               [f"import-{i + 1}" for i in range(n)])),
                             framework)
    by_row: dict[int, list[str]] = {}
    for p in problems:
        if p.row is None:
            raise InputError(p.message, path=source, place=p.place())
        by_row.setdefault(p.row, []).append(f"kolom '{p.column}': {p.message}")
    result = ImportResult(source=os.fspath(source))
    records = table.to_dict("records")
    for i in range(n):
        if i in by_row:
            result.report.append({"rij": i + 2, "status": "fout", "melding": "; ".join(by_row[i])})
        else:
            result.report.append({"rij": i + 2, "status": "ok", "melding": ""})
            result.records.append({k: str(v) for k, v in records[i].items()})
    return result


def export_narratives(source: str | os.PathLike, target: str | os.PathLike, *,
                      filters: Mapping[str, Any] | None = None, vault: Any = None) -> Path:
    """Export a store to CSV (``;``-separated for Dutch Excel when the name ends in ``.csv``)
    or Excel (``.xlsx``, with a second sheet describing the framework).

    Args:
        source: the store (work folder or CSV).
        target: the file to write (``.csv`` or ``.xlsx``), written atomically.
        filters: criteria for :func:`kit.narratives.patterns.filter_narratives`.
        vault: the vault whose lineage index notes which participants the export carries
            (by code), so a withdrawal finds it wherever it is saved; ``None``: not noted
            (a withdrawal still finds exports inside the registered work folders).

    Returns:
        The path written.

    Raises:
        InputError: when the store is invalid or the target type unknown (nothing written).
        GateRefused: the written export still holds personal data (the egress gate,
            :func:`kit.privacy.gate.verify_published`): the file is removed again.
    """
    import pandas as pd

    from kit.io import atomic_write_bytes, atomic_write_text
    from kit.narratives.framework import load_framework
    from kit.narratives.patterns import filter_narratives
    from kit.narratives.schema import to_store_frame
    from kit.narratives.store import load_narratives, resolve_store_paths

    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise InputError("exporteer naar een .csv- of .xlsx-bestand", path=target)
    framework = load_framework(resolve_store_paths(source)[1])
    frame = load_narratives(source, framework)
    if filters:
        frame = filter_narratives(frame, framework, **filters)
    strings = to_store_frame(frame, framework)
    if vault is not None:
        from kit.privacy.lineage import record

        record(vault, target, codes=strings["participant"].astype(str), ids=strings["id"].astype(str),
               kind="export", regenerate=f"iids narratives export {source} {target}")
    from kit.privacy.gate import verify_published

    what = f"de export {target.name}"
    if suffix == ".csv":
        buffer = io.StringIO()
        strings.to_csv(buffer, index=False, sep=";", lineterminator="\r\n")
        written = atomic_write_text(target, "\ufeff" + buffer.getvalue())
        verify_published([written], what)
        return written
    rows = []
    for s in framework.signifiers:
        detail = {"triade": lambda s: " / ".join(c.label for c in s.corners),
                  "dyade": lambda s: f"0 = {s.left}, 1 = {s.right}",
                  "stenen": lambda s: f"x: {s.left} - {s.right}; y: {s.bottom} - {s.top}; "
                                      + ", ".join(c.label for c in s.corners),
                  "keuze": lambda s: ", ".join(s.options)}[s.kind](s)
        rows.append({"signifier": s.id, "soort": s.kind, "vraag": s.question,
                     "kolommen": ", ".join(s.columns()), "betekenis": detail})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        strings.to_excel(writer, sheet_name="narratieven", index=False)
        pd.DataFrame(rows).to_excel(writer, sheet_name="kader", index=False)
    written = atomic_write_bytes(target, buffer.getvalue())
    verify_published([written], what)
    return written
