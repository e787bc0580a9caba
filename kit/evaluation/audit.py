"""The attacker's audit of a published report: can a hidden cell be recomputed?

The weegmoment report publishes its tables as CSV files together with
``schema.json`` (``docs/formats/evaluation.md``), which declares every count
of persons, the cells that show it (the same count may stand in two tables),
the markers of hidden cells and the relations between counts: totals, margins,
shares x bases, parts that cannot exceed a whole. The audit plays the
attacker: for every hidden cell it computes the tightest interval the
published numbers allow, with an integer linear programme
(:func:`scipy.optimize.milp`, HiGHS; every count a whole number >= 0) over *all*
published files at once, and fails when fewer values stay possible than the
protection the threshold rule requires (:func:`kit.privacy.attacker.protection`).

The attacker itself (:class:`kit.privacy.attacker.Problem`) lives with the other
disclosure control in :mod:`kit.privacy`; this module reads a report folder and asks it.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.errors import CheckFailed, InputError, row_place
from kit.privacy.attacker import Problem, factor_bound, possible_values, protection

__all__ = ["SCHEMA_FILE", "SCHEMA_FORMAT", "Finding", "AuditResult", "parse_published",
           "audit_tables", "audit_folder", "audit_folders", "merge_publications", "AuditFailed"]

#: The relations file written beside the report's CSV files.
SCHEMA_FILE = "schema.json"
SCHEMA_FORMAT = "iids-weegmoment-schema"


class AuditFailed(CheckFailed):
    """A hidden cell can be recomputed too precisely from the published files (exit 1)."""


def parse_published(text: str) -> tuple[float, float] | None:
    """A published number and half its last printed unit (the rounding), or ``None``.

    >>> parse_published("12"), parse_published("0.0135"), parse_published("46%")
    ((12.0, 0.5), (0.0135, 5e-05), (0.46, 0.005))
    >>> parse_published("<10") is None, parse_published("") is None
    (True, True)
    """
    value = str(text).strip()
    percent = value.endswith("%")
    if percent:
        value = value[:-1].strip()
    value = value.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return None
    decimals = len(value.split(".")[1]) if "." in value else 0
    number = float(value)
    half = 0.5 * 10 ** (-decimals)
    if percent:
        return number / 100, half / 100
    return number, half




@dataclass
class Finding:
    """One problem the audit found, with the table and place it is about."""

    table: str
    row: int | None
    column: str | None
    message: str

    def line(self) -> str:
        """One Dutch line: ``participation.csv, rij 4, kolom 'deelnemers': ...``."""
        place = row_place(self.row, self.column) if self.row is not None else ""
        where = f"{self.table}.csv" + (f", {place}" if place else "")
        return f"{where}: {self.message}"


@dataclass
class AuditResult:
    """Findings of the audit plus the interval of every hidden count (for the review log)."""

    findings: list[Finding]
    intervals: dict[str, tuple[float, float]]
    hidden: int
    checked: int

    @property
    def ok(self) -> bool:
        return not self.findings

    def raise_if_failed(self, path: str | os.PathLike | None = None) -> None:
        """Raise :class:`AuditFailed` with the first finding (and how many more)."""
        if self.ok:
            return
        more = len(self.findings) - 1
        text = self.findings[0].line() + (f" (en nog {more} bevinding(en))" if more else "")
        raise AuditFailed(f"de controle op terugrekenen faalt: {text}", path=path)


def _fmt_bound(value: float) -> str:
    if math.isinf(value):
        return "onbegrensd"
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def audit_tables(tables: dict[str, Any], schema: dict[str, Any]) -> AuditResult:
    """Audit published tables (text cells, as in the CSV files) against their schema.

    Args:
        tables: ``{name: DataFrame}`` with the cells as published (strings).
        schema: the content of ``schema.json``.

    Returns:
        An :class:`AuditResult`; ``ok`` when no hidden count can be pinned.

    Raises:
        InputError: when the schema does not fit the tables (missing table, row or column).
    """
    k = int(schema["k"])
    needed = int(schema.get("protection", protection(k)))
    markers: dict[str, dict[str, Any]] = schema["markers"]
    findings: list[Finding] = []
    # messages name a column as the CSV file does (Dutch, ``csv``), not by its id
    csv_name = {(table, c["name"]): c.get("csv", c["name"])
                for table, spec in schema.get("tables", {}).items() for c in spec["columns"]}

    def text_of(ref) -> str:
        table, row, column = ref
        frame = tables.get(table)
        if frame is None:
            raise InputError(f"het schema noemt de tabel '{table}', maar die ontbreekt",
                             path=SCHEMA_FILE)
        if column not in frame.columns or not 0 <= int(row) < len(frame):
            raise InputError(f"het schema noemt een cel die niet in de tabel staat: "
                             f"{table}, {row_place(int(row), column)}", path=SCHEMA_FILE)
        value = frame[column].iloc[int(row)]
        return "" if value is None or (isinstance(value, float) and value != value) else str(value)

    known: dict[str, float] = {}
    bounds: dict[str, tuple[float, float | None]] = {}
    primary: dict[str, tuple[list, str]] = {}
    shown_cells: dict[str, list] = {}
    marked: set[str] = set()
    for name, spec in schema["quantities"].items():
        refs = [tuple(r) for r in spec["cells"]]
        sensitive = bool(spec.get("sensitive", True))
        values, hidden = [], []
        for ref in refs:
            text = text_of(ref).strip()
            if ref[0] in schema.get("refused", []):
                continue
            parsed = parse_published(text)
            if parsed is not None:
                values.append((ref, parsed[0]))
            elif text in markers:
                hidden.append((ref, text))
            elif text == "":
                continue
            else:
                findings.append(Finding(ref[0], int(ref[1]), ref[2],
                                        f"'{text}' is geen aantal en geen bekend teken"))
        if values and hidden:
            ref, marker = hidden[0]
            where = values[0][0]
            findings.append(Finding(ref[0], int(ref[1]), ref[2],
                                    f"deze cel is verborgen ({marker}), maar dezelfde telling staat "
                                    f"zichtbaar in {where[0]}.csv, "
                                    f"{row_place(int(where[1]), csv_name.get((where[0], where[2]), where[2]))}"))
        if values:
            numbers = {v for _r, v in values}
            if len(numbers) > 1:
                ref = values[0][0]
                findings.append(Finding(ref[0], int(ref[1]), ref[2],
                                        "dezelfde telling staat met verschillende waarden in het rapport"))
            value = values[0][1]
            known[name] = value
            if sensitive and 0 < value < k:
                ref = values[0][0]
                findings.append(Finding(ref[0], int(ref[1]), ref[2],
                                        f"het aantal {int(value)} is kleiner dan {k} en staat zichtbaar"))
            shown_cells[name] = [r for r, _v in values]
        elif hidden:
            marker = hidden[0][1]
            marked.add(name)
            meaning = markers[marker]
            low = float(meaning.get("min", 0))
            high = meaning.get("max")
            bounds[name] = (low, None if high is None else float(high))
            if meaning.get("primary") and sensitive:
                primary[name] = ([r for r, _m in hidden], marker)
        else:
            bounds[name] = (0.0, None)  # not published at all: only >= 0
    constraints: list[tuple[str, dict[str, float], float]] = []
    for relation in schema["relations"]:
        kind = relation["kind"]
        if kind == "sum":
            coefs = {relation["total"]: 1.0}
            for part in relation["parts"]:
                coefs[part] = coefs.get(part, 0.0) - 1.0
            constraints.append(("eq", coefs, 0.0))
        elif kind == "sum_at_least":
            coefs = {relation["total"]: 1.0}
            for part in relation["parts"]:
                coefs[part] = coefs.get(part, 0.0) - 1.0
                constraints.append(("le", {part: 1.0, relation["total"]: -1.0}, 0.0))
            constraints.append(("le", coefs, 0.0))
        elif kind == "at_most":
            factor = factor_bound(relation, known, bounds)
            if factor is not None:
                constraints.append(("le", {relation["part"]: 1.0, relation["whole"]: -factor}, 0.0))
        elif kind == "share":
            numerator, denominator = relation["numerator"], relation["denominator"]
            hidden_parts = [q for q in numerator + denominator if q in marked]
            for ref in relation["cells"]:
                ref = tuple(ref)
                if ref[0] in schema.get("refused", []):
                    continue
                parsed = parse_published(text_of(ref))
                if parsed is None:
                    continue
                if hidden_parts:
                    marker_cells = primary.get(hidden_parts[0])
                    findings.append(Finding(ref[0], int(ref[1]), ref[2],
                                            "dit aandeel staat zichtbaar terwijl zijn teller of "
                                            "noemer verborgen is" + (f" ({marker_cells[1]})"
                                                                     if marker_cells else "")))
                share, half = parsed
                upper = {q: 1.0 for q in numerator}
                lower = {q: -1.0 for q in numerator}
                for q in denominator:
                    upper[q] = upper.get(q, 0.0) - (share + half)
                    lower[q] = lower.get(q, 0.0) + (share - half)
                constraints += [("le", upper, 0.0), ("le", lower, 0.0)]
        elif kind == "mean":
            basis = relation["basis"]
            if basis in marked:
                for ref in relation["cells"]:
                    ref = tuple(ref)
                    if ref[0] not in schema.get("refused", []) and parse_published(text_of(ref)):
                        findings.append(Finding(ref[0], int(ref[1]), ref[2],
                                                "dit gemiddelde staat zichtbaar terwijl het aantal "
                                                "personen erachter verborgen is"))
        else:
            raise InputError(f"onbekende soort relatie '{kind}'", path=SCHEMA_FILE)
    problem = Problem(known=known, bounds=bounds, constraints=constraints)
    for _kind, coefs, _rhs in problem.inconsistent():
        name = next(iter(coefs))
        ref = (shown_cells.get(name) or [schema["quantities"][name]["cells"][0]])[0]
        findings.append(Finding(ref[0], int(ref[1]), ref[2],
                                "de gepubliceerde aantallen kloppen niet met de relaties in het schema"))
    intervals = problem.intervals(sorted(primary))
    for name in sorted(primary, key=lambda q: tuple(map(str, primary[q][0][0]))):
        low, high = intervals[name]
        refs, marker = primary[name]
        ref = refs[0]
        if math.isnan(low) or math.isnan(high):
            findings.append(Finding(ref[0], int(ref[1]), ref[2],
                                    f"de verborgen cel ({marker}) past niet bij de gepubliceerde aantallen"))
        elif possible_values((low, high)) < needed:
            findings.append(Finding(
                ref[0], int(ref[1]), ref[2],
                f"de verborgen cel ({marker}) is uit de gepubliceerde tabellen terug te rekenen tot "
                f"tussen {_fmt_bound(low)} en {_fmt_bound(high)}; de regel vraagt minstens "
                f"{needed} mogelijke waarden"))
    for finding in findings:
        finding.column = csv_name.get((finding.table, finding.column), finding.column)
    return AuditResult(findings=findings, intervals=intervals, hidden=len(bounds),
                       checked=len(primary))


def merge_publications(items) -> tuple[dict[str, Any], dict[str, Any]]:
    """Several publications as one attacker holds them (two weegmomenten, the same registry):
    a count with the same id is the same count, so a cell shown in one and hidden in the
    other, or a total in one and its parts in the other, is found by :func:`audit_tables`.

    Args:
        items: ``(prefix, tables, schema)`` per publication; tables are named ``prefix/name``.

    Returns:
        ``(tables, schema)`` for :func:`audit_tables`.

    Raises:
        InputError: the publications used different thresholds.
    """
    import copy

    tables: dict[str, Any] = {}
    quantities: dict[str, dict[str, Any]] = {}
    relations: dict[str, dict[str, Any]] = {}
    refused: list[str] = []
    first = None
    for prefix, published, schema in items:
        first = first or schema
        if int(schema["k"]) != int(first["k"]):
            raise InputError(f"de rapporten gebruiken een andere drempel (k={first['k']} en "
                             f"k={schema['k']}); samen controleren kan niet", path=prefix)
        tables.update({f"{prefix}/{name}": frame for name, frame in published.items()})
        refused += [f"{prefix}/{name}" for name in schema.get("refused", [])]
        for name, spec in schema["quantities"].items():
            entry = quantities.setdefault(name, {"cells": [], "sensitive": False})
            entry["cells"] += [[f"{prefix}/{c[0]}", c[1], c[2]] for c in spec["cells"]]
            entry["sensitive"] = entry["sensitive"] or bool(spec.get("sensitive", True))
        for relation in schema["relations"]:
            relation = copy.deepcopy(relation)
            cells = [[f"{prefix}/{c[0]}", c[1], c[2]] for c in relation.pop("cells", [])]
            key = json.dumps(relation, sort_keys=True, ensure_ascii=False)
            merged = relations.setdefault(key, relation)
            if cells or "cells" in merged:
                merged["cells"] = merged.get("cells", []) + cells
    schema = {**(first or {}), "quantities": quantities, "relations": list(relations.values()),
              "refused": refused}
    return tables, schema


def audit_folders(folders) -> AuditResult:
    """Audit several report folders together (``iids evaluate audit MAP MAP ...``): each one's
    controlelog, and every hidden cell against all published files of all folders."""
    if len(folders) == 1:
        return audit_folder(folders[0])
    loaded = [_load_folder(folder) for folder in folders]
    tables, schema = merge_publications([(str(folder), t, sch)
                                         for folder, (t, sch, _f) in zip(folders, loaded, strict=True)])
    try:
        result = audit_tables(tables, schema)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"een schema mist een veld of heeft een verkeerde vorm ({exc})") from None
    for folder, (_t, own_schema, files) in zip(folders, loaded, strict=True):
        result.findings += _log_findings(folder, files, own_schema)
    return result


def _log_findings(folder, files, schema) -> list[Finding]:
    """The output-checking log against the files as written (their Dutch column names)."""
    from kit.privacy.output_log import check_log, read_log

    hidden_texts = set(schema["markers"]) | {schema.get("not_determinable", "niet te bepalen")}
    return [Finding(file.removesuffix(".csv"), row, column, message)
            for file, row, column, message in check_log(read_log(folder), files, hidden_texts)]


def audit_folder(folder: str | os.PathLike) -> AuditResult:
    """Audit a report folder: ``schema.json``, the CSV files it names and ``controlelog.csv``
    (``iids evaluate audit``).

    Raises:
        InputError: when the folder, the schema, the log or a file it names is missing or
            unreadable.
    """
    tables, schema, files = _load_folder(folder)
    try:
        result = audit_tables(tables, schema)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"het schema mist een veld of heeft een verkeerde vorm ({exc})",
                         path=Path(folder) / SCHEMA_FILE) from None
    result.findings += _log_findings(folder, files, schema)
    return result


def _load_folder(folder: str | os.PathLike):
    """``(tables by id-named columns, schema, files as written)`` of a report folder."""
    import pandas as pd

    base = Path(folder)
    if not base.is_dir():
        raise InputError("deze rapportmap bestaat niet", path=base)
    schema_path = base / SCHEMA_FILE
    if not schema_path.is_file():
        raise InputError(f"{SCHEMA_FILE} ontbreekt: maak het rapport opnieuw met 'iids evaluate'",
                         path=base)
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"het schema is geen leesbare JSON ({exc.__class__.__name__})",
                         path=schema_path) from None
    if not isinstance(schema, dict) or schema.get("format") != SCHEMA_FORMAT:
        raise InputError(f"dit is geen schema van het weegmomentrapport (format moet "
                         f"'{SCHEMA_FORMAT}' zijn)", path=schema_path)
    dialect = schema.get("dialect") or {}
    tables = {}
    files = {}  # as written (the Dutch column names), for the output-checking log
    try:
        for name, spec in schema.get("tables", {}).items():
            path = base / spec["file"]
            if not path.is_file():
                raise InputError("dit bestand uit het schema ontbreekt", path=path)
            try:
                frame = pd.read_csv(path, sep=dialect.get("separator", ","), dtype=str,
                                    keep_default_na=False,
                                    encoding=dialect.get("encoding", "utf-8"))
            except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
                raise InputError(f"niet te lezen als CSV ({exc.__class__.__name__})",
                                 path=path) from None
            # the files carry the Dutch column names (``csv``); cells in the schema name the
            # columns by their stable ids (``name``)
            columns = [c.get("csv", c["name"]) for c in spec["columns"]]
            if list(frame.columns) != columns:
                raise InputError(f"de kolommen zijn niet die van het schema "
                                 f"({'; '.join(columns)})", path=path, place="rij 1")
            files[spec["file"]] = frame
            tables[name] = frame.set_axis([c["name"] for c in spec["columns"]], axis=1)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"het schema mist een veld of heeft een verkeerde vorm ({exc})",
                         path=schema_path) from None
    return tables, schema, files
