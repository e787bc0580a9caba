"""The evaluation's links to other areas of the kit, kept in one place.

The harvest and the report use three functions of other areas:
the privacy scan (:mod:`kit.privacy.scan`), small-cell suppression
(:mod:`kit.privacy.disclosure`) and the grading log (:mod:`kit.grading.gradelog`).
This module calls them and turns their results into the plain shapes the
evaluation needs. The privacy scan has no fallback: every artefact goes through the
kit's egress gate (:mod:`kit.privacy.gate`, deduce on); when a part of it is missing,
the harvest stops with a Dutch message instead of checking less.

Two caches keyed by file content live here too, both in the kit's cache folder
and written atomically (a corrupt file counts as empty): the scan's verdicts
(masked values only) and the verdicts "ok" of the narratives checks
(:func:`check_key`: hashes only, never text).

>>> import pandas as pd
>>> t = pd.DataFrame({"groep": ["a", "b", "c", "d"], "n": [3, 25, 40, 50]})
>>> suppress(t, ["n"], k=10)["n"].tolist()
['<10', '<10', '40', '50']
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.evaluation.fastcsv import fast_csv

__all__ = ["SUPPRESSED", "RUBRIC_COLUMNS", "CHECKED_OK", "scan_paths", "check_key",
           "load_check_cache", "save_check_cache", "suppress",
           "collapse_rows", "read_rubric_scores"]

#: What a suppressed cell shows when the privacy area gives no marker of its own.
SUPPRESSED = "<{k}"

def _get(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


_SCAN_CACHE_VERSION = "2"
_NUMBERLIKE = r"^(?:-?\d*\.\d+|True|False|true|false)$"


def _scan_cache_file() -> Path:
    """The verdict cache; its name holds the list of the kit's own texts it was made with."""
    import hashlib

    from kit.config import cache_dir
    from kit.privacy.shipped import shipped_hashes

    own = hashlib.sha256("\n".join(sorted(shipped_hashes())).encode()).hexdigest()[:12]
    return cache_dir() / "evaluatie" / f"scan-v{_SCAN_CACHE_VERSION}-poort-{own}.json"


def _load_json_cache(path: Path) -> dict[str, Any]:
    """A cache file as a dict; a missing, unreadable or corrupt file is an empty cache."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_json_cache(path: Path, cache: dict[str, Any], keep=None) -> None:
    """Add ``cache`` to a cache file, atomically, readable only by its owner (folder 0700,
    file 0600); a cache that cannot be written only costs time.

    What another process added since ``cache`` was read is kept (the file is read again and
    written under a lock), when ``keep(key, value)`` says the entry is a valid one: two
    harvests at once each find the other's verdicts next time.
    """
    import json

    from kit.io import atomic_write_text, locked

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with locked(path):
            merged = {k: v for k, v in _load_json_cache(path).items()
                      if keep is None or keep(k, v)}
            merged.update(cache)
            atomic_write_text(path, json.dumps(merged, sort_keys=True), permissions=0o600)
    except OSError:
        pass


def _load_scan_cache() -> dict[str, list[str]]:
    return _load_json_cache(_scan_cache_file())


def known_digests() -> set[str]:
    """The SHA-256 digests of the artefacts the scan cache holds a verdict for."""
    return set(_load_scan_cache())


def _save_scan_cache(cache: dict[str, list[str]]) -> None:
    _save_json_cache(_scan_cache_file(), cache, keep=lambda _k, v: isinstance(v, list)
                     and all(isinstance(x, str) for x in v))


#: What the check cache stores for a validation that passed (failures are never stored).
CHECKED_OK = "ok"


def _check_cache_file() -> Path:
    from kit.config import cache_dir

    return cache_dir() / "evaluatie" / "controle-v1.json"


def check_key(kader: bytes, digests: list[str]) -> str:
    """The key of a group of narrative stores in the check cache: a SHA-256 over the
    version of the checks (:data:`kit.narratives.schema.SCHEMA_VERSION`), the ``kader.yaml``
    bytes and the stores' own SHA-256 digests (sorted: whether a group passes does not
    depend on the order of its stores). Only hashes go in; no text can be read back.

    Args:
        kader: the bytes of the ``kader.yaml`` the stores share.
        digests: the SHA-256 (hex) of each store's bytes, one per store.

    Returns:
        64 hexadecimal digits.

    >>> k = check_key(b"id: kader", ["aa", "bb"])
    >>> k == check_key(b"id: kader", ["bb", "aa"]), k == check_key(b"id: ander", ["aa", "bb"])
    (True, False)
    >>> len(k), k == check_key(b"id: kader", ["aa", "bb", "bb"])
    (64, False)
    """
    import hashlib

    from kit.narratives.schema import SCHEMA_VERSION

    digest = hashlib.sha256(f"narratieven-controle {SCHEMA_VERSION}\n".encode())
    digest.update(hashlib.sha256(kader).hexdigest().encode() + b"\n")
    for store in sorted(digests):
        digest.update(store.encode() + b"\n")
    return digest.hexdigest()


def load_check_cache() -> dict[str, str]:
    """The check cache: ``{check_key: "ok"}`` for groups of stores that passed the checks.

    A missing or corrupt cache file is an empty cache (everything is checked again).

    >>> import os, tempfile
    >>> os.environ["IIDS_CACHE"], old = tempfile.mkdtemp(), os.environ.get("IIDS_CACHE")
    >>> save_check_cache({check_key(b"k", ["aa"]): CHECKED_OK})
    >>> load_check_cache() == {check_key(b"k", ["aa"]): "ok"}
    True
    >>> _ = _check_cache_file().write_text("{kapot")
    >>> load_check_cache()
    {}
    >>> _ = os.environ.pop("IIDS_CACHE") if old is None else os.environ.update(IIDS_CACHE=old)
    """
    cache = _load_json_cache(_check_cache_file())
    return {k: v for k, v in cache.items() if v == CHECKED_OK and isinstance(k, str)}


def save_check_cache(cache: dict[str, str]) -> None:
    """Write the check cache (atomically; only keys and the verdict ``"ok"``)."""
    _save_json_cache(_check_cache_file(), {k: CHECKED_OK for k, v in cache.items()
                                           if v == CHECKED_OK}, keep=lambda _k, v: v == CHECKED_OK)


def _csv_rows_text(path: Path, data: bytes | None = None) -> tuple[str, int]:
    """A CSV as one text, one data row per line (cells joined), for one fast scan call.

    With ``data`` (the file's bytes, read already) a plain UTF-8 CSV of two or more columns is
    parsed from those bytes; any other file is read with :func:`kit.io.read_csv`.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_bytes(b"id,tekst,x\\n1,Bel me,0.25\\n")
    >>> _csv_rows_text(p) == _csv_rows_text(p, p.read_bytes()) == ("1 | Bel me", 1)
    True
    """
    rows = None
    if data is not None:
        parsed = fast_csv(data)
        if parsed is not None and len(parsed[0]) > 1:  # one column: pandas skips blank lines
            rows = parsed[1]
    if rows is None:
        from kit.io import read_csv

        rows = read_csv(path).astype(str).itertuples(index=False, name=None)
    # decimal fractions (signifier answers) and booleans cannot carry personal data and make
    # up most cells of a narratives store; everything else is scanned
    match = re.compile(_NUMBERLIKE).match
    lines = [" | ".join(cell.replace("\n", " ") for cell in row if cell and not match(cell))
             for row in rows]
    return "\n".join(lines), len(lines)


def scan_paths(paths: list[Path], *, deep: bool = False,
               contents: dict[Path, bytes] | None = None,
               digests: dict[Path, str] | None = None) -> dict[str, list[str]]:
    """Scan artefact files for personal data, with a cache keyed on each file's content.

    Every file goes through the kit's egress gate (:func:`kit.privacy.gate.check`: every
    file type, deduce always on). The verdict for a file's SHA-256 is kept in the kit's
    cache (masked values only, file mode 0600), so a file that did not change is not
    scanned twice.

    Args:
        paths: the files.
        deep: ignored (kept for callers): the gate always runs deduce.
        contents: the files' bytes when the caller read them already.
        digests: the files' SHA-256 (hex) when the caller computed them already.

    Returns:
        ``{str(path): ["<place>: <category> <masked value>", ...]}`` for every file with findings.
    """
    del deep  # the gate never runs a weaker scan
    return scan_paths_started(paths, contents=contents, digests=digests).result()


def scan_paths_started(paths: list[Path], *, contents: dict[Path, bytes] | None = None,
                       digests: dict[Path, str] | None = None):
    """:func:`scan_paths`, started: the gate's workers scan the files it does not know
    while this process goes on; ``.result()`` (a :class:`kit.privacy.gate.PendingScan`)
    waits and gives what :func:`scan_paths` returns, the cache written."""
    import hashlib

    from kit.privacy.gate import PendingScan, require_engine

    if not paths:
        return PendingScan(dict)
    require_engine()
    cache = _load_scan_cache()
    digest_of: dict[str, str] = {}
    todo: list[Path] = []
    for path in paths:
        p = path if isinstance(path, Path) else Path(path)
        data = contents.get(path) if contents else None
        digest = digests.get(path) if digests else None
        if digest is None:
            digest = hashlib.sha256(data if data is not None else p.read_bytes()).hexdigest()
        digest_of[str(path)] = digest
        if digest not in cache:
            todo.append(p)

    def verdicts(found: dict[str, list[str]]) -> dict[str, list[str]]:
        if todo:
            for p in todo:
                cache[digest_of[str(p)]] = found.get(str(p), [])
            _save_scan_cache(cache)
        return {str(path): list(cache[digest_of[str(path)]]) for path in paths
                if cache[digest_of[str(path)]]}

    # the files not seen before, in one pass of the gate (forked over the cores)
    return (_scan_many(todo) if todo else PendingScan(dict)).then(verdicts)


#: Processes the scan of one harvest forks at most; ``None``: one per core. A harvest of
#: several cohorts at once (:mod:`kit.evaluation.harvest_many`) shares the cores out.
SCAN_WORKERS: int | None = None


def _scan_many(paths: list[Path]):
    """The gate's scan of ``paths``, started: ``.result()`` is
    ``{str(path): ["<place>: <category> <masked value>", ...]}``."""
    from kit.privacy.gate import check_each_started

    workers = SCAN_WORKERS or os.cpu_count() or 1
    return check_each_started(paths, workers=workers).then(lambda found: {
        name: [f"{f.place}: {f.category} {f.masked}" if f.place else f"{f.category} {f.masked}"
               for f in findings]
        for name, findings in found.items()})


def suppress(table, count_columns: list[str], *, k: int = 10, basis: str | None = None,
             rows: str | None = None, cols: str | None = None, by: str | None = None):
    """Hide small cells of a table before it is published.

    Counts of persons go through :func:`kit.privacy.disclosure.suppress_small_cells`
    as a cross table (``rows`` x ``cols``, one table per value of ``by``), so
    complementary suppression protects them against recomputation from totals;
    without ``rows``/``cols`` the count column is one column of counts. When
    ``basis`` names the number of persons behind a row (for a mean or a share),
    every value of a row with fewer than ``k`` persons is hidden.

    Args:
        table: a long DataFrame.
        count_columns: columns holding counts of persons.
        k: the threshold.
        basis: optional column with the number of persons behind each row.
        rows: category column for the rows of the cross table.
        cols: category column for its columns.
        by: category column that splits the table into separate cross tables.

    Returns:
        A new DataFrame, count (and hidden) columns as text.

    Raises:
        kit.privacy.disclosure.DisclosureRefused: when too much would be hidden.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"criterium": ["a", "b"], "gemiddelde": [3.5, 2.0], "n": [4, 12]})
    >>> suppress(t, [], k=10, basis="n").to_dict("records")[0]
    {'criterium': 'a', 'gemiddelde': '<10', 'n': '<10'}
    """
    import pandas as pd

    marker = SUPPRESSED.format(k=k)
    out = table.copy()
    for column in [c for c in count_columns if c in out.columns]:
        numbers = pd.to_numeric(out[column], errors="coerce").fillna(0).astype("int64")
        try:
            hidden = _hidden_counts(out, numbers, k, rows, cols, by)
        except InputError:
            if not (rows and cols):
                raise
            out, hidden = _collapse_until_safe(out.assign(**{column: numbers}), column,
                                               rows=rows, cols=cols, by=by, k=k)
            numbers = out[column].astype("int64")
        out[column] = [marker if h else str(int(v)) for v, h in zip(numbers, hidden, strict=True)]
    if basis is not None and basis in table.columns:
        persons = pd.to_numeric(table[basis], errors="coerce")
        small = persons.notna() & (persons < k)
        if small.any():
            values = [c for c in out.columns if c == basis or
                      pd.api.types.is_numeric_dtype(table[c]) or c in count_columns]
            for column in values:
                out[column] = out[column].astype(object)
                out.loc[small, column] = marker
        for column in out.columns:
            if pd.api.types.is_numeric_dtype(table[column]) or column == basis:
                out[column] = out[column].astype(object).map(_fmt)
    return out


OTHER = "overig"


def collapse_rows(table, column: str, *, rows: str, cols: str, by: str | None, k: int):
    """Merge the row categories whose total (over all columns) is below ``k`` into ``overig``.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"thema": ["werk", "geld", "humor"], "cohort": ["a", "a", "a"], "n": [30, 4, 3]})
    >>> collapse_rows(t, "n", rows="thema", cols="cohort", by=None, k=10).to_dict("records")
    [{'thema': 'overig', 'cohort': 'a', 'n': 7}, {'thema': 'werk', 'cohort': 'a', 'n': 30}]
    """
    keys = [c for c in (by, rows, cols) if c]
    totals = table.groupby(([by] if by else []) + [rows])[column].transform("sum")
    merged = table.assign(**{rows: table[rows].where(totals >= k, OTHER)})
    return merged.groupby(keys, sort=True, as_index=False)[column].sum()


def _collapse_until_safe(table, column: str, *, rows: str, cols: str, by: str | None, k: int):
    """Collapse small row categories into ``overig``, one more at a time, until the
    suppression accepts the table (or raise the last refusal)."""
    current = collapse_rows(table, column, rows=rows, cols=cols, by=by, k=k)
    while True:
        try:
            return current, _hidden_counts(current, current[column], k, rows, cols, by)
        except InputError:
            labels = [r for r in current[rows].unique() if r != OTHER]
            if len(labels) <= 1:
                raise
            smallest = current[current[rows] != OTHER].groupby(rows)[column].min()
            victim = smallest.sort_values(kind="stable").index[0]
            merged = current.assign(**{rows: current[rows].where(current[rows] != victim, OTHER)})
            keys = [c for c in (by, rows, cols) if c]
            current = merged.groupby(keys, sort=True, as_index=False)[column].sum()


def _hidden_counts(table, numbers, k: int, rows, cols, by) -> list[bool]:
    """Which count cells of a long table are hidden (primary and complementary)."""

    from kit.privacy.disclosure import suppress_small_cells

    hidden = [False] * len(table)
    frame = table.assign(_n=numbers.to_numpy(), _pos=range(len(table)))
    groups = [(None, frame)] if by is None else list(frame.groupby(by, sort=True))
    for _key, group in groups:
        if not (rows and cols):
            # one column of counts: its total is the only sum published, so hiding one more
            # cell beside a single small one is enough (the disclosure module assumes row
            # totals too, which a list does not have)
            values = group["_n"].to_numpy()
            small = [pos for pos, v in zip(group["_pos"], values, strict=True) if 0 < v < k]
            if len(small) == 1 and len(values) > 1:
                others = sorted((v, pos) for pos, v in zip(group["_pos"], values, strict=True)
                                if pos != small[0] and v > 0)
                small += [others[0][1]] if others else []
            for pos in small:
                hidden[pos] = True
            continue
        cross = group.pivot_table(index=rows, columns=cols, values="_n", aggfunc="sum",
                                  fill_value=0, sort=True)
        if cross.empty:
            continue
        result = suppress_small_cells(cross, k=k)
        mask = result.isna()
        positions = group["_pos"].tolist()
        if rows and cols:
            for pos, r, c in zip(positions, group[rows], group[cols], strict=True):
                hidden[pos] = bool(mask.loc[r, c])
        else:
            for pos in positions:
                hidden[pos] = bool(mask.loc[pos, "n"])
    return hidden


def _fmt(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


RUBRIC_COLUMNS = ["assignment", "student", "grade_id", "criterion", "level", "score",
                  "max_score", "graders", "basis"]


def read_rubric_scores(course_dir: str | os.PathLike):
    """Rubric criterion scores from the kit's grading log, or ``None`` when there is none.

    The log is ``<course>/.iids/beoordelingen.sqlite`` (:mod:`kit.grading.gradelog`,
    ``docs/formats/grading.md``), append-only: per grader and role the latest row counts.
    Per student x cell x criterion the moderator's score counts when there is one, else
    the mean of the markers. The maximum of a criterion comes from the course's rubric
    (``<course>/rubrics/<assignment>.yaml``), else the highest score seen. Grader ids are
    left out (only how many graders judged).

    Returns:
        A DataFrame with :data:`RUBRIC_COLUMNS` (raw student ids), or ``None``.

    Raises:
        InputError: when the log is not a readable grading log.
    """
    import sqlite3

    import pandas as pd

    root = Path(course_dir)
    from kit.grading.gradelog import log_path

    path = log_path(root)
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            rows = con.execute(
                "SELECT s.assignment, s.student, s.grade_id, s.criterion, s.level, s.points, "
                "s.grader, s.role FROM scores s JOIN (SELECT MAX(id) AS id FROM scores GROUP BY "
                "assignment, student, grade_id, criterion, role, grader) latest "
                "ON latest.id = s.id").fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"het beoordelingslog is niet te lezen ({exc})", path=path) from None
    frame = pd.DataFrame(rows, columns=["assignment", "student", "grade_id", "criterion",
                                        "level", "points", "grader", "role"])
    if frame.empty:
        return pd.DataFrame(columns=RUBRIC_COLUMNS)
    frame["points"] = frame["points"].astype("float64")
    keys = ["assignment", "student", "grade_id", "criterion"]
    moderated = frame[frame["role"] == "moderator"]
    markers = frame[frame["role"] != "moderator"]
    mod = moderated.groupby(keys).agg(score=("points", "last"), level=("level", "last"),
                                      graders=("grader", "nunique")).reset_index()
    mod["basis"] = "moderator"
    mark = markers.groupby(keys).agg(score=("points", "mean"), level=("level", "last"),
                                     graders=("grader", "nunique")).reset_index()
    mark["basis"] = mark["graders"].map(lambda n: "gemiddelde van beoordelaars" if n > 1
                                        else "één beoordelaar")
    done = set(map(tuple, mod[keys].to_numpy().tolist()))
    mark = mark[[tuple(r) not in done for r in mark[keys].to_numpy().tolist()]]
    table = pd.concat([mod, mark], ignore_index=True)
    table["max_score"] = _criterion_maxima(root, table)
    table = table.sort_values(keys, kind="stable", ignore_index=True)
    return table[RUBRIC_COLUMNS]


def _criterion_maxima(root: Path, table) -> list[float]:
    maxima: dict[tuple[str, str, str], float] = {}
    from kit.grading.rubrics import load_rubric, rubric_path

    for assignment in sorted(set(table["assignment"])):
        path = rubric_path(root, assignment)
        if not path.is_file():
            continue
        rubric = load_rubric(path)
        for cell in rubric.cells:
            for criterion in cell.criteria:
                maxima[(assignment, cell.grade_id, criterion.id)] = max(
                    level.points for level in criterion.levels)
    seen = table.groupby(["assignment", "grade_id", "criterion"])["score"].max().to_dict()
    return [maxima.get(key, seen.get(key, 0.0)) or 0.0 for key in
            zip(table["assignment"], table["grade_id"], table["criterion"], strict=True)]
