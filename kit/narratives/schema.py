"""The narrative record: an allow-list of columns, checked row by row in Dutch.

A store CSV has the base columns (:data:`BASE_COLUMNS`) followed by the
signifier columns of its framework (:func:`kit.narratives.framework.signifier_columns`).
Unknown columns are refused. :func:`find_problems` lists every problem with
its row and column (for an import report); :func:`validate_frame` raises the
first one as :class:`kit.errors.InputError` and returns a typed table
(:func:`validate_rows` the same for rows of strings as :mod:`csv` reads them).
A caller that keeps verdicts by content may skip checks it saw pass before
(``checked=True``), as long as :data:`SCHEMA_VERSION` is part of its key.
Checks are vectorised so 50,000 rows take well under a second.

>>> import pandas as pd
>>> from kit.narratives.framework import default_framework
>>> fw = default_framework()
>>> row = example_row(fw)
>>> typed = validate_frame(pd.DataFrame([row]), fw)
>>> float(typed.loc[0, "steun.ikzelf"]), bool(typed.loc[0, "synthetic"])
(0.6, True)
>>> bad = pd.DataFrame([{**row, "steun.ikzelf": "0.9"}])
>>> validate_frame(bad, fw, path="narratieven.csv")
Traceback (most recent call last):
...
kit.errors.InputError: narratieven.csv, rij 2, kolom 'steun.ikzelf': de drie waarden van triade 'steun' tellen op tot 1,30 in plaats van 1
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kit.display import number as dutch_number
from kit.errors import InputError, row_place
from kit.narratives.framework import Framework, signifier_columns

__all__ = [
    "SCHEMA_VERSION",
    "BASE_COLUMNS",
    "SETTINGS",
    "REQUIRED_COLUMNS",
    "TRIAD_TOLERANCE",
    "Problem",
    "columns_for",
    "find_problems",
    "validate_frame",
    "validate_rows",
    "to_store_frame",
    "flatten_answers",
    "example_row",
]

#: The version of the checks of :func:`find_problems`. Bump it whenever a check changes (or a
#: column's rules): a verdict "valid" cached under an older version is then no longer trusted
#: (the harvest keeps such verdicts by content, see :func:`validate_frame` ``checked``).
SCHEMA_VERSION = 1

#: The base columns of every narrative, in order (signifier columns follow).
BASE_COLUMNS = ("id", "framework_id", "framework_version", "month", "setting", "community",
                "collector", "participant", "title", "text", "language", "notes", "synthetic")
#: The ways a story can be collected (values of ``setting``).
SETTINGS = ("participerende observatie", "gesprek", "interview", "groepsgesprek", "online")
#: Base columns that may never be empty (a framework adds its ``contextvelden``).
REQUIRED_COLUMNS = ("id", "framework_id", "framework_version", "participant", "text", "synthetic")
#: How far the three shares of a triad may be from 1 in total (rounding in spreadsheets).
TRIAD_TOLERANCE = 0.02

_TEXT_COLUMNS = [c for c in BASE_COLUMNS if c != "synthetic"]
_MAX_PROBLEMS_PER_CHECK = 200


@dataclass(frozen=True)
class Problem:
    """One problem in one row: ``row`` is the 0-based data row (``None``: the whole file)."""

    row: int | None
    column: str | None
    message: str

    def place(self) -> str | None:
        """Where the problem is, the way a spreadsheet shows it.

        >>> Problem(3, "month", "x").place()
        "rij 5, kolom 'month'"
        """
        if self.row is None:
            return f"kolom '{self.column}'" if self.column else None
        return row_place(self.row, self.column)


def columns_for(framework: Framework) -> list[str]:
    """Every column of a store with this framework, in order.

    >>> from kit.narratives.framework import default_framework
    >>> columns_for(default_framework())[:2], len(columns_for(default_framework()))
    (['id', 'framework_id'], 34)
    """
    return list(BASE_COLUMNS) + signifier_columns(framework)


class _Prepared:
    """The columns of a table of strings as stripped object arrays, numbers parsed once.

    The checks and the typing share this, so 50,000 rows are read in well under a second
    (pandas' Python-backed string methods cost about 25 ms per column and call). The table
    is a DataFrame, or a header and rows of strings (as :mod:`csv` reads them).
    """

    def __init__(self, frame=None, *, header=None, rows=None) -> None:
        if frame is not None:
            self.frame = frame
            self.columns = [str(c) for c in frame.columns]
            self.n = len(frame)
            self._cells = None
        else:
            self.frame = None
            self.columns = [str(c) for c in header]
            self.n = len(rows)
            # the columns at once (one C-level transposition), each a tuple of cells
            columns = zip(*rows, strict=True) if rows else [()] * len(self.columns)
            self._cells = dict(zip(self.columns, columns, strict=True))
        self._text: dict[str, Any] = {}
        self._numbers: dict[str, tuple[Any, Any, Any]] = {}

    def values(self, column: str):
        """The column's cells as they are (not stripped), a list or tuple."""
        if self._cells is not None:
            return self._cells[column]
        return self.frame[column].tolist()

    def text(self, column: str):
        import numpy as np

        if column not in self._text:
            values = self.values(column)
            try:
                stripped = list(map(str.strip, values))
            except TypeError:  # missing values or numbers in a frame built by hand
                import pandas as pd

                stripped = ["" if pd.isna(v) else str(v).strip() for v in values]
            array = np.empty(len(stripped), dtype=object)
            array[:] = stripped
            self._text[column] = array
        return self._text[column]

    def numbers(self, column: str):
        """``(values as float64, empty mask, not-a-number mask)``."""
        import numpy as np
        import pandas as pd

        if column not in self._numbers:
            values = None
            raw = self.values(column)
            if set(map(type, raw)) <= {str}:  # fast path: every cell a number or "", unstripped
                cells = np.empty(len(raw), dtype=object)
                cells[:] = raw
                empty = cells == ""
                try:  # float() strips the same white space as str.strip
                    values = np.where(empty, "nan", cells) if empty.any() else cells
                    values = values.astype("float64")
                except ValueError:  # decimal commas, white space only, words: the careful way
                    values = None
            if values is None:
                text = self.text(column)
                empty = text == ""
                try:  # every value is a number or empty
                    values = np.where(empty, "nan", text).astype("float64")
                except ValueError:
                    values = pd.to_numeric(pd.Series(text, dtype=object).where(~empty, None),
                                           errors="coerce").to_numpy(dtype="float64", copy=True)
                    for row in np.flatnonzero(~empty & np.isnan(values)):  # decimal commas: 0,75
                        try:
                            values[row] = float(text[row].replace(",", "."))
                        except ValueError:
                            continue
            values[~np.isfinite(values)] = np.nan  # "nan" or "inf" typed in a cell is no answer
            self._numbers[column] = (values, empty, ~empty & np.isnan(values))
        return self._numbers[column]


def _mismatch(values, pattern: str):
    """Rows whose non-empty value does not fully match ``pattern`` (checked per distinct value)."""
    import re

    import pandas as pd

    regex = re.compile(pattern)
    codes, uniques = pd.factorize(values)
    bad = {i for i, u in enumerate(uniques) if u != "" and not regex.fullmatch(u)}
    import numpy as np

    return np.isin(codes, list(bad)) if bad else np.zeros(len(values), dtype=bool)


def _add(problems: list[Problem], mask, column: str | None, message) -> None:
    import numpy as np

    rows = np.flatnonzero(np.asarray(mask, dtype=bool))
    for row in rows[:_MAX_PROBLEMS_PER_CHECK]:
        text = message(int(row)) if callable(message) else message
        problems.append(Problem(int(row), column, text))


def _check_columns(columns: list[str], framework: Framework) -> list[Problem]:
    expected = columns_for(framework)
    problems: list[Problem] = []
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.append(Problem(None, column, "deze kolom staat er twee keer in"))
        seen.add(column)
    for column in expected:
        if column not in seen:
            problems.append(Problem(None, column, "deze kolom ontbreekt"))
    for column in columns:
        if column not in expected:
            hint = ""
            if "." in column and column.split(".")[0] not in framework.kinds():
                hint = f" (het kader '{framework.id}' kent geen signifier '{column.split('.')[0]}')"
            problems.append(Problem(None, column, "onbekende kolom: alleen kolommen uit het schema "
                                                  f"en het kader mogen erin{hint}"))
    return problems


def find_problems(frame, framework: Framework) -> list[Problem]:
    """Every problem in a table of strings, with row and column, in Dutch.

    Args:
        frame: a DataFrame as read from CSV (all values strings).
        framework: the framework the narratives answer.

    Returns:
        The problems sorted by row (file-level problems first); empty when all is well.

    >>> import pandas as pd
    >>> from kit.narratives.framework import default_framework
    >>> fw = default_framework()
    >>> rows = [example_row(fw), {**example_row(fw), "welkom": "1.4", "setting": "koffie"}]
    >>> [(p.row, p.column) for p in find_problems(pd.DataFrame(rows), fw)]
    [(1, 'id'), (1, 'setting'), (1, 'welkom')]
    """
    return _find(_Prepared(frame), framework)


def _find(data: _Prepared, framework: Framework) -> list[Problem]:
    import numpy as np
    import pandas as pd

    problems = _check_columns(data.columns, framework)
    if problems:
        return problems
    required = list(REQUIRED_COLUMNS) + [c for c in framework.context_fields if c not in REQUIRED_COLUMNS]
    for column in required:
        _add(problems, data.text(column) == "", column, "dit veld is verplicht en is leeg")
    ids = data.text("id")
    _add(problems, _mismatch(ids, r"[A-Za-z0-9][A-Za-z0-9_-]*"), "id",
         "een id bestaat uit letters, cijfers, '-' en '_'")
    duplicated = (ids != "") & pd.Series(ids).duplicated(keep="first").to_numpy()
    if duplicated.any():
        first: dict[str, int] = {}
        for i, value in enumerate(ids):
            first.setdefault(value, i)
        _add(problems, duplicated, "id",
             lambda i: f"de id '{ids[i]}' komt al voor in {row_place(first[ids[i]])}")
    fid = data.text("framework_id")
    _add(problems, (fid != "") & (fid != framework.id), "framework_id",
         lambda i: f"dit verhaal hoort bij kader '{fid[i]}', maar de map gebruikt kader '{framework.id}'")
    version = data.text("framework_version")
    _add(problems, (version != "") & (version != str(framework.version)), "framework_version",
         lambda i: f"kaderversie '{version[i]}' past niet bij het kader (versie {framework.version})")
    month = data.text("month")
    _add(problems, _mismatch(month, r"(19|20)\d\d-(0[1-9]|1[0-2])"), "month",
         lambda i: f"'{month[i]}' is geen maand; schrijf jaar-maand, bijvoorbeeld 2025-10")
    setting = data.text("setting")
    _add(problems, (setting != "") & ~pd.Series(setting).isin(SETTINGS).to_numpy(), "setting",
         lambda i: f"'{setting[i]}' is geen manier van verzamelen; kies uit: {', '.join(SETTINGS)}")
    language = data.text("language")
    _add(problems, _mismatch(language, r"[a-z]{2,3}"), "language",
         lambda i: f"'{language[i]}' is geen taalcode; gebruik bijvoorbeeld nl, en, pl, ro of bg")
    synthetic = data.text("synthetic")
    lowered = np.array([v.lower() for v in synthetic], dtype=object)
    _add(problems, (lowered != "") & (lowered != "true") & (lowered != "false"), "synthetic",
         lambda i: f"'{synthetic[i]}' moet 'true' of 'false' zijn")
    for s in framework.signifiers:
        if s.kind == "keuze":
            values = data.text(s.id)
            empty = values == ""
            if s.required:
                _add(problems, empty, s.id, f"keuzevraag '{s.id}' is verplicht en niet beantwoord")
            codes, uniques = pd.factorize(values)
            allowed = set(s.options)
            unknown_of = [next((x.strip() for x in u.split("|") if x.strip() not in allowed), None)
                          if u else None for u in uniques]
            several = [len(u.split("|")) > 1 for u in uniques]
            unknown = np.array([unknown_of[c] for c in codes], dtype=object)
            bad = ~empty & (unknown != None)  # noqa: E711 - elementwise on an object array
            _add(problems, bad, s.id, lambda i, s=s, u=unknown: (
                f"'{u[i]}' is geen antwoord op '{s.id}'; kies uit: {', '.join(s.options)}"))
            if not s.multiple:
                many = np.array([several[c] for c in codes], dtype=bool)
                _add(problems, ~empty & ~bad & many, s.id, f"bij '{s.id}' mag maar één antwoord")
            continue
        columns = s.columns()
        parsed = {c: data.numbers(c) for c in columns}
        for c, (values, _empty, not_number) in parsed.items():
            _add(problems, not_number, c, lambda i, c=c: f"'{data.text(c)[i]}' is geen getal")
            with np.errstate(invalid="ignore"):
                _add(problems, (values < 0) | (values > 1), c,
                     lambda i, v=values: f"{dutch_number(v[i], 3, trim=True)} ligt buiten het bereik 0 tot 1")
        if s.kind == "triade":
            groups = [columns]
        elif s.kind == "dyade":
            groups = [[c] for c in columns]
        else:
            groups = [columns[k:k + 2] for k in range(0, len(columns), 2)]
        for group in groups:
            empties = sum(parsed[c][1].astype(int) for c in group)
            if len(group) > 1:
                _add(problems, (empties > 0) & (empties < len(group)), group[0],
                     f"vul {', '.join(group)} allemaal in of laat ze allemaal leeg")
            if s.required:
                _add(problems, empties == len(group), group[0],
                     f"'{s.id}' is verplicht en niet ingevuld")
        if s.kind == "triade":
            total = sum(np.nan_to_num(parsed[c][0]) for c in columns)
            complete = ~np.any([parsed[c][1] | parsed[c][2] for c in columns], axis=0)
            off = complete & (np.abs(total - 1) > TRIAD_TOLERANCE)
            _add(problems, off, columns[0], lambda i, s=s, t=total: (
                f"de drie waarden van triade '{s.id}' tellen op tot {dutch_number(t[i], 2)} in plaats van 1"))
    problems.sort(key=lambda p: (-1 if p.row is None else p.row))
    return problems


def validate_frame(frame, framework: Framework, *, path: str | os.PathLike | None = None,
                   checked: bool = False):
    """Check a table of strings and return it typed (raises on the first problem).

    Args:
        frame: a DataFrame of strings (as read from CSV).
        framework: the framework of the store.
        path: the file it came from (for the message).
        checked: the caller knows that exactly this table passed these checks before (the
            same content and framework, checked under the same :data:`SCHEMA_VERSION`), for
            instance from a verdict it cached by content: the checks are skipped and the
            table is only typed. A table that was never checked gives wrong types or
            errors of Python, not Dutch messages.

    Returns:
        A new DataFrame in store column order: text columns as strings, signifier
        answers as floats (empty = NaN), multiple-choice answers as ``|``-joined
        strings, ``synthetic`` as bool.

    Raises:
        InputError: naming the file, row and column of the first problem.

    >>> import pandas as pd
    >>> from kit.narratives.framework import default_framework
    >>> fw = default_framework()
    >>> rows = pd.DataFrame([example_row(fw), example_row(fw, id="N-2", wie=" buren | bank ")])
    >>> typed = validate_frame(rows, fw)
    >>> typed["wie"].tolist()
    ['', 'buren|bank']
    >>> validate_frame(rows, fw, checked=True).equals(typed)
    True
    """
    data = _Prepared(frame)
    if not checked:
        problems = _find(data, framework)
        if problems:
            first = problems[0]
            raise InputError(first.message, path=path, place=first.place())
    return _typed(data, framework)


def validate_rows(header, rows, framework: Framework, *, path: str | os.PathLike | None = None,
                  checked: bool = False, front=None):
    """:func:`validate_frame` for a table given as a header and rows of strings (as
    :func:`csv.reader` gives them), without building a DataFrame of strings first.

    Args:
        header: the column names.
        rows: the rows, each a list of strings as long as ``header``.
        framework: the framework of the store.
        path: the file it came from (for the message).
        checked: as in :func:`validate_frame`: the checks passed before, only type.
        front: columns to put before the store columns of the result, ``{name: values}``
            with one value per row (for instance which file each row came from).

    Returns:
        The typed DataFrame of :func:`validate_frame` (after the ``front`` columns).

    Raises:
        InputError: naming the file, row and column of the first problem.

    >>> from kit.narratives.framework import default_framework
    >>> fw = default_framework()
    >>> header = columns_for(fw)
    >>> rows = [[example_row(fw)[c] for c in header]]
    >>> typed = validate_rows(header, rows, fw, front={"bron": ["a.csv"]})
    >>> list(typed.columns[:3]), float(typed.loc[0, "steun.ikzelf"])
    (['bron', 'id', 'framework_id'], 0.6)
    >>> validate_rows(header, [rows[0][:5]], fw, path="n.csv")
    Traceback (most recent call last):
    ...
    kit.errors.InputError: n.csv, rij 2: deze rij heeft 5 cellen, de kop 34
    """
    header = list(header)
    for number, row in enumerate(rows):
        if len(row) != len(header):
            raise InputError(f"deze rij heeft {len(row)} cellen, de kop {len(header)}",
                             path=path, place=row_place(number))
    data = _Prepared(header=header, rows=rows)
    if not checked:
        problems = _find(data, framework)
        if problems:
            first = problems[0]
            raise InputError(first.message, path=path, place=first.place())
    return _typed(data, framework, front)


def _typed(data: _Prepared, framework: Framework, front=None):
    import numpy as np
    import pandas as pd

    out: dict[str, Any] = dict(front or {})
    for column in _TEXT_COLUMNS:
        out[column] = pd.array(data.text(column), dtype="string")
    codes, uniques = pd.factorize(data.text("synthetic"))
    truth = np.array([u.lower() == "true" for u in uniques] + [False], dtype=bool)
    out["synthetic"] = truth[codes]
    for s in framework.signifiers:
        if s.kind == "keuze":
            codes, uniques = pd.factorize(data.text(s.id))
            cleaned = np.empty(len(uniques) + 1, dtype=object)
            cleaned[:] = ["|".join(x.strip() for x in u.split("|") if x.strip())
                          for u in uniques] + [""]
            out[s.id] = pd.array(cleaned[codes], dtype="string")
            continue
        for column in s.columns():
            out[column] = data.numbers(column)[0]
    order = list(front or {}) + columns_for(framework)
    return pd.DataFrame({c: out[c] for c in order}, index=pd.RangeIndex(data.n), copy=False)


def to_store_frame(typed, framework: Framework):
    """Turn a typed narratives table back into strings for the CSV (floats rounded to 4 decimals).

    >>> import pandas as pd
    >>> from kit.narratives.framework import default_framework
    >>> fw = default_framework()
    >>> typed = validate_frame(pd.DataFrame([example_row(fw)]), fw)
    >>> out = to_store_frame(typed, fw)
    >>> out.loc[0, "synthetic"], out.loc[0, "invloed"], out.loc[0, "welkom"]
    ('true', '', '0.25')
    """
    out = typed[columns_for(framework)].copy()
    out["synthetic"] = out["synthetic"].map({True: "true", False: "false"}).astype("string")
    for s in framework.signifiers:
        if s.kind == "keuze":
            continue
        for column in s.columns():
            values = out[column].astype("float64").round(4)
            text = values.map(lambda v: "" if v != v else f"{v:.4f}".rstrip("0").rstrip("."))
            out[column] = text.astype("string")
    return out


def _share_triplet(value, s) -> list[Any]:
    if isinstance(value, Mapping):
        return [value.get(c.id, "") for c in s.corners]
    if isinstance(value, (list, tuple)) and len(value) == 3:
        return list(value)
    raise InputError(f"geef bij triade '{s.id}' drie waarden (één per hoek)", place=f"veld '{s.id}'")


def flatten_answers(record: Mapping[str, Any], framework: Framework) -> dict[str, str]:
    """Turn a record with answers in a natural shape into flat store columns (strings).

    Triads may be given as a 3-tuple or ``{corner: share}``; stones as
    ``{item: (x, y)}``; multiple choice as a list. Flat column names pass through.
    Unknown keys are refused (allow-list).

    >>> from kit.narratives.framework import default_framework
    >>> flat = flatten_answers({"steun": (0.2, 0.3, 0.5), "wie": ["buren", "bank"],
    ...                         "plekken": {"buurt": (0.1, 0.9)}}, default_framework())
    >>> flat["steun.instanties"], flat["wie"], flat["plekken.buurt.y"], flat["plekken.bank.x"]
    ('0.5', 'buren|bank', '0.9', '')
    """
    kinds = framework.kinds()
    allowed = set(columns_for(framework))
    flat = {c: "" for c in columns_for(framework)}

    def text(v: Any) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return repr(round(v, 4))
        return str(v)

    for key, value in record.items():
        if key in kinds and kinds[key] != "dyade" and kinds[key] != "keuze":
            s = framework.signifier(key)
            if s.kind == "triade":
                for corner, share in zip(s.corners, _share_triplet(value, s), strict=False):
                    flat[f"{s.id}.{corner.id}"] = text(share)
            else:
                if not isinstance(value, Mapping):
                    raise InputError(f"geef bij '{s.id}' per steen een (x, y)", place=f"veld '{s.id}'")
                items = {c.id for c in s.corners}
                for item, point in value.items():
                    if item not in items:
                        raise InputError(f"'{item}' is geen steen van '{s.id}'", place=f"veld '{s.id}'")
                    if point is None:
                        continue
                    flat[f"{s.id}.{item}.x"], flat[f"{s.id}.{item}.y"] = text(point[0]), text(point[1])
        elif key in kinds and kinds[key] == "keuze" and isinstance(value, (list, tuple, set)):
            flat[key] = "|".join(str(v) for v in value)
        elif key in allowed:
            flat[key] = text(value)
        else:
            raise InputError("onbekend veld: alleen velden uit het schema en het kader mogen erin",
                             place=f"veld '{key}'")
    return flat


def example_row(framework: Framework, **changes: Any) -> dict[str, str]:
    """A complete, valid synthetic row for a framework (for examples and tests).

    >>> from kit.narratives.framework import default_framework
    >>> example_row(default_framework())["setting"]
    'gesprek'
    """
    row = {c: "" for c in columns_for(framework)}
    row.update(id="N-voorbeeld-1", framework_id=framework.id, framework_version=str(framework.version),
               month="2025-10", setting="gesprek", community="arbeidsmigranten", collector="S01",
               participant="P-0001", title="De sleutel", language="nl", notes="",
               text="Mijn buurvrouw gaf me de sleutel van de fietsenstalling. Synthetisch voorbeeld.",
               synthetic="true")
    for s in framework.signifiers:
        if s.kind == "triade":
            for corner, share in zip(s.corners, ("0.6", "0.3", "0.1"), strict=False):
                row[f"{s.id}.{corner.id}"] = share if s.required else ""
        elif s.kind == "dyade":
            row[s.id] = "0.25" if s.required else ""
        elif s.kind == "keuze":
            row[s.id] = s.options[0] if s.required else ""
    row.update({k: str(v) for k, v in changes.items()})
    return row

