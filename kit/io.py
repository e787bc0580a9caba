"""Safe reading and writing of the open files the kit works with.

Writes are atomic: the content goes to a temporary file in the same folder,
which then replaces the target in one step, so a crash never leaves half a
file. Readers validate and raise :class:`kit.errors.InputError` with a Dutch
message naming the file and the place.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write_text(folder / "notitie.txt", "hallo\\n")
PosixPath('...notitie.txt')
>>> (folder / "notitie.txt").read_text()
'hallo\\n'
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from kit.errors import InputError

__all__ = [
    "DUTCH_CSV_SEPARATOR",
    "DUTCH_CSV_DECIMAL",
    "DUTCH_CSV_ENCODING",
    "atomic_write",
    "atomic_write_text",
    "atomic_write_bytes",
    "locked",
    "create_once",
    "write_csv",
    "write_dutch_csv",
    "read_text",
    "read_csv",
    "read_yaml",
    "write_yaml",
    "CsvDialect",
    "read_csv_as_written",
    "write_csv_as_written",
    "read_json_settings",
    "update_json_settings",
]

#: The CSV dialect of every table the kit writes for Dutch readers (:func:`write_dutch_csv`):
#: what Dutch Excel opens by double-clicking (``;`` between fields because the comma is the
#: decimal sign; UTF-8 with a byte-order mark, so Excel shows "cliënten" as written).
DUTCH_CSV_SEPARATOR = ";"
DUTCH_CSV_DECIMAL = ","
DUTCH_CSV_ENCODING = "utf-8-sig"


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                 newline: str | None = None, permissions: int | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and move it into place on success.

    Args:
        path: the file to write.
        mode: ``"w"`` for text or ``"wb"`` for bytes.
        encoding: text encoding (ignored for bytes).
        newline: passed to :func:`open`.
        permissions: optional mode bits for the new file (e.g. ``0o600``).

    Yields:
        A file object; if the block raises, the target is untouched.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_write(target) as fh:
    ...     _ = fh.write("klaar")
    >>> target.read_text()
    'klaar'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if permissions is not None:
            os.chmod(tmp, permissions)
        elif target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def locked(path: str | os.PathLike, *, permissions: int = 0o600,
           waiting: Callable[[], object] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for one read-modify-write of it.

    Atomic writes keep a file whole, but two processes that each read a file, add to it
    and write it back lose one of the additions. The lock is an :func:`fcntl.flock` on a
    hidden file beside ``path`` (mode ``permissions``, 0600 unless others must take it too),
    released when the block ends (also for a process forked inside it), and when the process
    dies. Not re-entrant: do not take it again inside the block. When another process holds
    it, ``waiting()`` is called (to say so) before this one waits its turn.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "lijst.json"
    >>> with locked(target):
    ...     _ = atomic_write_text(target, "[]")
    >>> sorted(p.name for p in target.parent.iterdir())
    ['.lijst.json.lock', 'lijst.json']
    """
    import fcntl

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # read-only is enough for flock, and opens a lock file another user made
    fd = os.open(target.with_name(f".{target.name}.lock"), os.O_RDONLY | os.O_CREAT, permissions)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        # unlock before closing: a process forked inside the block (a pool worker) holds a
        # copy of this descriptor, and closing ours alone would leave the lock held by it
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def create_once(path: str | os.PathLike, data: bytes, *, permissions: int = 0o600) -> bytes:
    """Write ``data`` to ``path`` unless the file exists; return what the file holds after.

    For keys made on first use: when two processes make one at the same moment, one key
    wins and both use it (a key written over after use gives codes nobody can make again).
    The new file is written whole beside ``path`` and linked into place in one step, which
    fails when ``path`` exists, so no process ever reads half a key.

    >>> import tempfile, pathlib
    >>> key = pathlib.Path(tempfile.mkdtemp()) / "sleutel.key"
    >>> create_once(key, b"eerste"), create_once(key, b"tweede"), oct(key.stat().st_mode & 0o777)
    (b'eerste', b'eerste', '0o600')
    """
    target = Path(path)
    if target.is_file():
        return target.read_bytes()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, permissions)
        try:
            os.link(tmp, target)
        except FileExistsError:
            return target.read_bytes()
        return data
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def atomic_write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8",
                      permissions: int | None = None) -> Path:
    """Write ``text`` to ``path`` atomically and return the path.

    >>> import tempfile, pathlib
    >>> p = atomic_write_text(pathlib.Path(tempfile.mkdtemp()) / "x.md", "# Titel")
    >>> p.read_text()
    '# Titel'
    """
    with atomic_write(path, "w", encoding=encoding, newline="", permissions=permissions) as fh:
        fh.write(text)
    return Path(path)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *,
                       permissions: int | None = None) -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    >>> import tempfile, pathlib
    >>> atomic_write_bytes(pathlib.Path(tempfile.mkdtemp()) / "x.bin", b"ok").read_bytes()
    b'ok'
    """
    with atomic_write(path, "wb", permissions=permissions) as fh:
        fh.write(data)
    return Path(path)


def read_json_settings(path: str | os.PathLike) -> dict:
    """A JSON settings file (Jupyter's configuration files): ``{}`` when absent or unreadable.

    Settings files are the environment's, not the user's input: a broken one is treated as
    empty and rewritten by :func:`update_json_settings`.

    >>> import tempfile, pathlib
    >>> read_json_settings(pathlib.Path(tempfile.mkdtemp()) / "geen.json")
    {}
    """
    import json

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def update_json_settings(path: str | os.PathLike, change) -> bool:
    """Apply ``change(settings)`` to a JSON settings file, atomically; True when it changed.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "etc" / "instellingen.json"
    >>> def dutch(settings): settings.setdefault("taal", {})["locale"] = "nl_NL"
    >>> update_json_settings(path, dutch), update_json_settings(path, dutch)
    (True, False)
    >>> read_json_settings(path)
    {'taal': {'locale': 'nl_NL'}}
    """
    import copy
    import json

    before = read_json_settings(path)
    after = copy.deepcopy(before)
    change(after)
    if after == before and Path(path).exists():
        return False
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(after, indent=2) + "\n")
    return True


def write_csv(frame, path: str | os.PathLike, *, columns: Iterable[str] | None = None) -> Path:
    """Write a pandas DataFrame as UTF-8 CSV, atomically, without the index.

    The output is byte-for-byte reproducible for the same frame (``\\n`` line ends).

    >>> import pandas as pd, tempfile, pathlib
    >>> p = write_csv(pd.DataFrame({"a": [1, 2]}), pathlib.Path(tempfile.mkdtemp()) / "t.csv")
    >>> p.read_text()
    'a\\n1\\n2\\n'
    """
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, columns=list(columns) if columns is not None else None,
                 lineterminator="\n")
    return atomic_write_text(path, buffer.getvalue())


def _separator(text: str) -> str:
    """The separator of a CSV text, from its first line: ``;`` (Dutch Excel), tab or ``,``.

    >>> _separator("id;tekst\\n"), _separator("id\\ttekst\\n"), _separator("id,tekst\\n")
    (';', '\\t', ',')
    """
    first = text.split("\n", 1)[0]
    if first.count(";") > first.count(","):
        return ";"
    return "\t" if "\t" in first and "," not in first else ","


@dataclasses.dataclass(frozen=True)
class CsvDialect:
    """How a CSV file someone gave us was written: separator, byte-order mark, line ending."""

    sep: str = ","
    bom: bool = False
    ending: str = "\n"


def read_csv_as_written(path: str | os.PathLike):
    r"""A CSV file as a DataFrame of strings, with the dialect it was written in, so that
    :func:`write_csv_as_written` can change rows without changing how the file looks.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "codes.csv"
    >>> _ = p.write_bytes("\ufeffdocument;code\r\nN-1;thuis\r\nN-2;werk\r\n".encode())
    >>> frame, dialect = read_csv_as_written(p)
    >>> dialect
    CsvDialect(sep=';', bom=True, ending='\r\n')
    >>> _ = write_csv_as_written(frame[frame["document"] != "N-1"], p, dialect)
    >>> p.read_bytes().decode()
    '\ufeffdocument;code\r\nN-2;werk\r\n'
    """
    raw = read_text(path)
    with open(path, "rb") as fh:
        bom = fh.read(3) == b"\xef\xbb\xbf"  # read_text drops it: Excel wants it back
    dialect = CsvDialect(sep=_separator(raw), bom=bom,
                         ending="\r\n" if "\r\n" in raw[:2000] else "\n")
    frame = read_csv(path)
    return frame, dialect


def write_csv_as_written(frame, path: str | os.PathLike, dialect: CsvDialect) -> Path:
    """Write ``frame`` atomically in the ``dialect`` of :func:`read_csv_as_written`."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, sep=dialect.sep, lineterminator=dialect.ending)
    return atomic_write_text(path, ("\ufeff" if dialect.bom else "") + buffer.getvalue())


def write_dutch_csv(frame, path: str | os.PathLike, columns: dict[str, str] | None = None
                    ) -> Path:
    """Write a table for Dutch readers: the way Dutch Excel opens a CSV by double-clicking.

    Columns renamed to their Dutch names (``columns``: ``{internal: Dutch}``; all others kept),
    ``;`` between fields, a decimal comma, ``ja``/``nee`` for true/false, an empty cell for a
    missing value, UTF-8 with a byte-order mark (so Excel shows ë and é). Atomic, reproducible.
    Read it back with ``pandas.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")``.

    >>> import pandas as pd, tempfile, pathlib
    >>> frame = pd.DataFrame({"grade": [7.25, None], "passed": [True, False]})
    >>> p = write_dutch_csv(frame, pathlib.Path(tempfile.mkdtemp()) / "c.csv",
    ...                     {"grade": "cijfer", "passed": "voldoende"})
    >>> p.read_text(encoding="utf-8-sig")
    'cijfer;voldoende\\n7,25;ja\\n;nee\\n'
    """
    table = frame.rename(columns=columns or {}).copy()
    for name in table.columns:
        values = table[name]
        if values.dtype == bool or (values.dtype == object and values.map(
                lambda v: v is None or isinstance(v, bool) or v != v).all()
                and values.map(lambda v: isinstance(v, bool)).any()):
            table[name] = values.map(lambda v: "" if v is None or v != v
                                     else ("ja" if v else "nee"))
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, sep=DUTCH_CSV_SEPARATOR, decimal=DUTCH_CSV_DECIMAL,
                 lineterminator="\n")
    return atomic_write_bytes(path, buffer.getvalue().encode(DUTCH_CSV_ENCODING))


def read_text(path: str | os.PathLike) -> str:
    """Read a text file as UTF-8, falling back to Windows-1252 (Excel exports).

    Raises:
        InputError: when the file is missing or is not text.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "oud.csv"
    >>> _ = p.write_bytes("caf\\xe9".encode("cp1252"))
    >>> read_text(p)
    'café'
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("het bestand bestaat niet", path=p) from None
    except IsADirectoryError:
        raise InputError("dit is een map, geen bestand", path=p) from None
    except PermissionError:
        raise InputError("geen toestemming om dit bestand te lezen", path=p) from None
    if b"\x00" in raw[:4096]:
        raise InputError("dit is geen tekstbestand", path=p)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("de tekens zijn niet te lezen (geen UTF-8 of Windows-1252)", path=p)


def read_csv(path: str | os.PathLike, *, required: Iterable[str] = (),
             allowed: Iterable[str] | None = None, dtype: Any = str):
    """Read a CSV file into a DataFrame of strings, with Dutch errors.

    Accepts UTF-8 (with or without BOM) and Windows-1252, comma or semicolon
    separated (Excel in Dutch uses semicolons).

    Args:
        path: the CSV file.
        required: columns that must be present.
        allowed: when given, the only columns allowed (an allow-list).
        dtype: passed to pandas; strings by default so nothing is silently converted.

    Raises:
        InputError: naming the file and the row or column.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "n.csv"
    >>> _ = p.write_text("id;tekst\\n1;Hoi\\n")
    >>> read_csv(p, required=["id", "tekst"]).to_dict("records")
    [{'id': '1', 'tekst': 'Hoi'}]
    >>> read_csv(p, required=["titel"])
    Traceback (most recent call last):
    ...
    kit.errors.InputError: ...n.csv, kolom 'titel': deze kolom ontbreekt
    """
    import re

    import pandas as pd

    p = Path(path)
    text = read_text(p)
    if not text.strip():
        raise InputError("het bestand is leeg", path=p)
    sep = _separator(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=dtype, keep_default_na=False,
                            na_values=[], on_bad_lines="error")
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match:
            expected, line, seen = match.groups()
            raise InputError(f"{seen} velden gevonden waar {expected} verwacht werden "
                             "(staat er een scheidingsteken of aanhalingsteken te veel?)",
                             path=p, place=f"rij {line}") from None
        raise InputError(f"geen geldige CSV ({exc})", path=p) from None
    columns = [str(c).strip() for c in frame.columns]
    frame.columns = columns
    seen: set[str] = set()
    for column in columns:
        if column in seen or re.fullmatch(r".+\.\d+", column) and column.rsplit(".", 1)[0] in seen:
            raise InputError("deze kolom staat er twee keer in", path=p, place=f"kolom '{column}'")
        seen.add(column)
    for column in required:
        if column not in columns:
            raise InputError("deze kolom ontbreekt", path=p, place=f"kolom '{column}'")
    if allowed is not None:
        allowed_set = set(allowed)
        for column in columns:
            if column not in allowed_set:
                raise InputError("onbekende kolom: alleen de kolommen uit het schema mogen erin",
                                 path=p, place=f"kolom '{column}'")
    return frame


def read_yaml(path: str | os.PathLike) -> Any:
    """Read a YAML file safely, with the line number in the Dutch error.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kader.yaml"
    >>> _ = p.write_text("id: belonging\\nversie: 1\\n")
    >>> read_yaml(p)
    {'id': 'belonging', 'versie': 1}
    >>> _ = p.write_text("id: [open\\n")
    >>> read_yaml(p)
    Traceback (most recent call last):
    ...
    kit.errors.InputError: ...kader.yaml, regel 2: geen geldige YAML ...
    """
    import yaml

    p = Path(path)
    text = read_text(p)
    # The C loader (libyaml) is about 5x faster than the pure-Python one, and just as safe.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f"regel {mark.line + 1}" if mark is not None else None
        raise InputError(f"geen geldige YAML ({exc.problem})", path=p, place=line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"geen geldige YAML ({exc})", path=p) from None


def write_yaml(data: Any, path: str | os.PathLike) -> Path:
    """Write ``data`` as YAML (UTF-8, keys in the given order), atomically.

    >>> import tempfile, pathlib
    >>> write_yaml({"b": 1, "a": "ç"}, pathlib.Path(tempfile.mkdtemp()) / "k.yaml").read_text()
    'b: 1\\na: ç\\n'
    """
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False)
    return atomic_write_text(path, text)
