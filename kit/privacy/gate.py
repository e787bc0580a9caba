"""One gate for everything that leaves the vault or a student's work folder.

Every seam where content goes out passes here: ``nbgrader submit`` (the hub exchange),
the autograde pre-check, ``iids harvest``, ``iids evaluate``, the handreiking, the
exports and the REFI-QDA project. The gate

- reads every file type (:mod:`kit.privacy.readers`); a file it cannot read is a
  finding (``ONLEESBAAR``), never a pass;
- always runs deduce: when its tables are missing, the gate stops with a Dutch message
  (:func:`require_engine`) instead of going on with a weaker check;
- honours a ``synthetisch`` mark only for the kit's own texts (:mod:`kit.privacy.shipped`);
- at submit time leaves alone what the lecturer released, compared by exact text
  (:class:`Released`), never by masked form;
- for publishing seams pseudonymises text fields first (:func:`clean_text`,
  :func:`clean_frame`) and then checks the written files (:func:`verify_published`),
  removing them when something is still found.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "opdracht.md").write_text("Een opdracht over de buurt.")
>>> released = Released.from_paths([folder])
>>> released.unchanged("Een opdracht over de buurt."), released.unchanged("Iets anders.")
(True, False)
>>> released.given("buurt"), released.given("Viorica")
(True, False)
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from kit.errors import CheckFailed
from kit.privacy.pseudonymise import DEFAULT_ALLOW_LIST
from kit.privacy.scan import Finding, format_findings, iter_files, scan_paths, scan_text
from kit.privacy.shipped import unit_hash

__all__ = ["NBGRADER_IGNORE", "Released", "require_engine", "check", "check_each", "check_text", "refuse",
           "verify_published", "pseudonymiser", "clean_text", "clean_frame", "clean_data",
           "GateRefused"]

#: What nbgrader never copies (``CourseDirectory.ignore``): the gate reads the rest.
NBGRADER_IGNORE = (".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback")


class GateRefused(CheckFailed):
    """The gate found personal data (or an unreadable file) in outgoing content (exit 1)."""

    def __init__(self, message: str, findings: list[Finding], **kwargs) -> None:
        self.findings = findings
        super().__init__(message, **kwargs)


class Released:
    """What a lecturer handed out: the exact texts of the released files.

    A piece of a student's file equal to a released piece was not written by the
    student; a detected value that occurs word for word in the released content was not
    either. Values are compared as text, never by their masked form (two different
    names can share one).
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._hashes: set[str] = set()
        self._texts: list[str] = []
        for text in texts:
            self._hashes.add(unit_hash(text))
            self._texts.append(text)
        self._joined = "\n\x00\n".join(self._texts)

    @classmethod
    def from_paths(cls, paths: Iterable[str | os.PathLike]) -> Released:
        """Read the released files (unreadable parts are simply not a baseline)."""
        from kit.privacy.readers import Unreadable, pieces

        texts: list[str] = []
        for path in iter_files([p for p in paths if Path(p).exists()], NBGRADER_IGNORE):
            try:
                texts.extend(piece.text for piece in pieces(path))
            except Unreadable:
                continue
            except Exception:  # noqa: BLE001, S112 - a broken released file gives no baseline
                continue
        return cls(texts)

    def digest(self) -> str:
        """A SHA-256 over the released pieces (the verdict cache's key part)."""
        import hashlib

        return hashlib.sha256("\n".join(sorted(self._hashes)).encode()).hexdigest()

    def unchanged(self, text: str) -> bool:
        """Whether ``text`` is, exactly, one released piece."""
        return bool(text.strip()) and unit_hash(text) in self._hashes

    def given(self, value: str) -> bool:
        """Whether ``value`` occurs word for word (as whole words) in the released content."""
        value = value.strip()
        if not value:
            return False
        pattern = r"(?<!\w)" + re.escape(value) + r"(?!\w)"
        return re.search(pattern, self._joined) is not None


def require_engine():
    """deduce, loaded; a missing part stops the gate (Dutch message, exit status 2)."""
    from kit.privacy.engine import get_deduce

    return get_deduce()


def check(paths: Iterable[str | os.PathLike], *, released: Released | None = None,
          ignore_names: Iterable[str] = (), allow_list=DEFAULT_ALLOW_LIST,
          cache: bool = True) -> list[Finding]:
    """Every finding in ``paths`` (files and folders, every type, with deduce).

    A file whose exact content the gate already passed, under the same detectors, lists,
    allow list and released baseline, is not read again (:mod:`kit.privacy.verdicts`: a
    cache of content hashes and "clean" verdicts, never text or findings).

    Args:
        paths: files and folders.
        released: what was handed out (submit and autograde seams).
        ignore_names: name patterns the carrying tool never copies (see
            :data:`NBGRADER_IGNORE`).
        allow_list: public names.
        cache: use the verdict cache (default).

    Returns:
        The findings (unreadable files included, category ``ONLEESBAAR``).
    """
    from kit.privacy import verdicts

    paths = list(paths)
    require_engine()
    files = list(iter_files(paths, ignore_names))
    if not cache:
        return scan_paths(files, allow_list, use_deduce=True, baseline=released)
    context = verdicts.context(released.digest() if released is not None else "",
                               allow_list)
    known = verdicts.load()
    memo = verdicts.text_verdicts(context)
    findings: list[Finding] = []
    passed: dict[str, None] = {}
    for path in files:
        key = verdicts.file_key(path, context)
        if key is not None and (key in known or key in passed):
            continue
        found = scan_paths([path], allow_list, use_deduce=True, baseline=released, memo=memo) \
            if released is not None else scan_batched(path, allow_list, memo)
        if found:
            findings.extend(found)
        elif key is not None:
            passed[key] = None
    if passed:
        verdicts.add(passed)
    return findings


def check_each(paths: Iterable[str | os.PathLike], *, workers: int = 1,
               allow_list=DEFAULT_ALLOW_LIST) -> dict[str, list[Finding]]:
    """The findings per file for many files, as :func:`check` finds them file by file.

    For a harvest's thousands of artefacts: the verdict cache is read once and written once
    (not once per file), and with ``workers`` > 1 the files it does not know are scanned in
    that many forked processes (each with the deduce already loaded here); the verdicts are
    recorded here, by one writer. Forking is skipped where it is not safe (inside a
    notebook's kernel) or not worth it (few files).

    Returns:
        ``{str(path): findings}`` for the files with findings.
    """
    return check_each_started(paths, workers=workers, allow_list=allow_list).result()


class PendingScan:
    """A scan under way in forked processes, while this process does other work.

    :meth:`result` waits for it and finishes it here (the texts the workers passed are
    learned, the verdicts recorded), once; :meth:`cancel` stops the workers of a scan whose
    result is no longer wanted. :meth:`then` adds a step that :meth:`result` runs after.

    >>> PendingScan(lambda: {"a": []}).then(len).result()
    1
    """

    def __init__(self, finish, cancel=None):
        self._finish, self._cancel, self._done = finish, cancel, False
        self._value = None

    def result(self):
        if not self._done:
            self._value, self._done = self._finish(), True
        return self._value

    def cancel(self) -> None:
        if not self._done and self._cancel is not None:
            self._cancel()
        self._done = True

    def then(self, step) -> PendingScan:
        return PendingScan(lambda: step(self.result()), self.cancel)


def check_each_started(paths: Iterable[str | os.PathLike], *, workers: int = 1,
                       allow_list=DEFAULT_ALLOW_LIST) -> PendingScan:
    """:func:`check_each`, started: the workers scan while this process goes on, and
    ``.result()`` gives what :func:`check_each` returns (a harvest of several cohorts scans
    the next cohort while it harvests this one). Where :func:`check_each` would not fork (one
    worker, few files, a notebook's kernel) the scan is done here before this returns."""
    from kit.privacy import verdicts

    require_engine()
    files = list(iter_files(list(paths), ()))
    context = verdicts.context("", allow_list)
    known = verdicts.load()
    keys = {path: verdicts.file_key(path, context) for path in files}
    todo = [path for path in files if keys[path] is None or keys[path] not in known]
    # a file whose exact bytes (and type) come by more than once, such as the framework each
    # student hands in, is scanned once: a copy has the same findings, under its own name
    first: dict[str, Path] = {}
    for path in todo:
        if keys[path] is not None:
            first.setdefault(keys[path], path)
    unique = [path for path in todo if keys[path] is None or first[keys[path]] == path]

    def record(found: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
        for path in todo:
            original = first.get(keys[path]) if keys[path] is not None else None
            if original is not None and original != path and found.get(str(original)):
                found[str(path)] = [dataclasses.replace(f, path=str(path))
                                    for f in found[str(original)]]
        passed = [keys[path] for path in unique if keys[path] is not None
                  and not found.get(str(path))]
        if passed:
            verdicts.add(passed)
        return {name: items for name, items in found.items() if items}

    return _scan_many(unique, allow_list, workers, context).then(record)


def _scan_chunk(job) -> tuple[list[tuple[str, list[Finding]]], list[bytes]]:
    """Scan a chunk of files; also hand back the texts learned clean (when forked)."""
    from kit.privacy import verdicts

    chunk, allow_list, context = job
    memo = verdicts.text_verdicts(context)
    pairs = [(str(path), scan_batched(path, allow_list, memo)) for path in chunk]
    return pairs, memo.drain()


#: Table rows scanned together at most (see :func:`scan_batched`), and their characters.
BATCH_ROWS = 64
BATCH_CHARS = 16000


def scan_batched(path: str | os.PathLike, allow_list, memo) -> list[Finding]:
    """The findings of ``scan_paths([path], allow_list, memo=memo)``, exactly, with fewer scans.

    A table's rows and a file's fields (the strings of a YAML or JSON file, the cells of a
    notebook) are mostly short, and a scan costs about the same for a short text as for a
    text of a few thousand characters. So the unknown parts of up to :data:`BATCH_ROWS`
    consecutive pieces (:func:`kit.privacy.scan._unknown_part`; a field is a row of one
    cell) are scanned as one text, joined by the separator the reader puts between a row's
    cells: each piece's start and end then border on a separator, as a row's inner cells do
    already. When that one scan finds nothing, every row of the batch is taken as clean and
    its texts are learned;
    when it finds anything at all, each half is scanned again the same way, in order, down to
    single rows, and a single row is scanned on its own exactly as
    :func:`kit.privacy.scan.scan_paths` scans it, so the findings (their places, values and
    order) are that function's. A batch never decides a finding; it only passes rows whose
    joined text holds none.

    This rests on two properties of the scan, checked by a differential test
    (``tests/privacy/test_text_verdicts.py``, names planted in random cells and fields, at
    the edges of cells, rows and fields, and a cue word at the end of one row or field with
    the name at the start of the next): a separator isolates what is on either side of it (the text memo rests on this
    too), and a separator instead of the start or end of the text never hides a finding
    (the filters that drop a hit as an ordinary word look for the end of the text, and a
    separator counts as a sentence start as the start of a text does). Not batched: pieces
    with a scan-off mark, and scans with a released baseline.
    """
    from kit.privacy.pseudonymise import load_allow_list
    from kit.privacy.readers import CELL_SEPARATOR, Unreadable, pieces
    from kit.privacy.scan import (
        DEFAULT_IGNORED,
        UNREADABLE,
        _findings,
        _piece_findings,
        _unknown_part,
        is_shipped,
    )

    allow = load_allow_list(allow_list)
    name = str(path)
    out: list[Finding] = []
    batch: list[tuple[object, str, list[str], list[bytes]]] = []
    size = 0

    def single(piece) -> list[Finding]:
        return _piece_findings(piece, name, allow, True, DEFAULT_IGNORED, None, memo)

    def scan(rows: list[tuple[object, str, list[str], list[bytes]]]) -> None:
        if len(rows) == 1:
            out.extend(single(rows[0][0]))
            return
        text = CELL_SEPARATOR.join(part for _piece, part, _keys, _hashes in rows)
        if _findings(text, name, lambda _offset: "", allow, True, DEFAULT_IGNORED):
            half = len(rows) // 2  # in order: each half alone, down to single rows
            scan(rows[:half])
            scan(rows[half:])
            return
        last = len(rows) - 1
        for index, (_piece, _part, keys, hashes) in enumerate(rows):
            memo.learn_hashed(hashes)
            memo.learn(_as_scanned(keys, index > 0, index < last))

    def flush() -> None:
        nonlocal size
        if batch:
            scan(batch)
        batch.clear()
        size = 0

    try:
        for piece in pieces(path):
            if "iids-scan" in piece.text:
                flush()
                out.extend(single(piece))
                continue
            part, keys, hashes = _unknown_part(piece, memo)
            # a row of known texts first (cheap), then the kit's own texts: both pass as in
            # scan_paths, which checks them the other way round, and neither is learned
            if part is None or is_shipped(piece.text):
                continue
            batch.append((piece, part.text, keys, hashes))
            size += len(part.text)
            if len(batch) >= BATCH_ROWS or size >= BATCH_CHARS:
                flush()
        flush()
    except Unreadable as exc:
        flush()
        out.append(Finding(name, "", UNREADABLE, str(exc)))
    return out


def _as_scanned(keys: list[str], after: bool, before: bool) -> list[str]:
    r"""The keys of a batched row's edge cells as the batch scanned them, where they differ
    (see :func:`kit.privacy.scan._units`): a row's first cell, when a row came before it in
    the batch (``after``), was scanned after a separator; its last cell, when a row came
    after it (``before``), before one. A harvest's table holds an artefact's first cell (a
    narrative's id) in the middle of its row.

    >>> _as_scanned(["^\0N-1\0|", "|\0tekst\0$"], True, True)
    ['|\x00N-1\x00|', '|\x00tekst\x00|']
    >>> _as_scanned(["^\0enig\0$"], False, True), _as_scanned(["|\0x\0|"], True, True)
    (['^\x00enig\x00|'], [])
    """
    out = list(keys)
    if after and out[0].startswith("^"):
        out[0] = "|" + out[0][1:]
    if before and out[-1].endswith("$"):
        out[-1] = out[-1][:-1] + "|"
    return [key for key, old in zip(out, keys, strict=True) if key != old]


def _fork_worker_start() -> None:
    from kit.privacy import verdicts

    for memo in verdicts._TEXT_VERDICTS.values():
        memo.drain()
        memo.recording = True


def _scan_many(files: list, allow_list, workers: int, context: str) -> PendingScan:
    import sys

    from kit.privacy import verdicts

    workers = max(1, min(workers, len(files) // 8))
    # not in a notebook's kernel: its threads hold the sockets a forked copy would share
    kernel = sys.modules.get("ipykernel.kernelapp")
    if workers == 1 or (kernel is not None and kernel.IPKernelApp.initialized()):
        found = dict(_scan_chunk((files, allow_list, context))[0])
        return PendingScan(lambda: found)
    import multiprocessing as mp

    # small chunks, handed out as workers finish: some files take far longer than others
    size = max(1, len(files) // (workers * 8))
    jobs = [(files[i:i + size], allow_list, context) for i in range(0, len(files), size)]
    # made before the fork: the workers record what they learn in their copy of this memory
    memo = verdicts.text_verdicts(context)
    pool = mp.get_context("fork").Pool(workers, initializer=_fork_worker_start)
    chunks = pool.imap_unordered(_scan_chunk, jobs)

    def finish() -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        try:
            for pairs, learned in chunks:
                out.update(pairs)
                memo.merge(learned)  # the check of what is written next knows these texts
        finally:
            stop()
        return out

    def stop() -> None:
        pool.terminate()
        pool.join()

    return PendingScan(finish, stop)


def check_text(text: str, *, where: str = "", allow_list=DEFAULT_ALLOW_LIST) -> list[Finding]:
    """Findings in one text (with deduce)."""
    require_engine()
    return scan_text(text, path=where, allow_list=allow_list, use_deduce=True)


def refuse(findings: list[Finding], what: str) -> None:
    """Raise :class:`GateRefused` with a Dutch report when there are findings.

    >>> refuse([], "de oogst")
    >>> refuse([Finding("a.csv", "rij 2", "TELEFOON", "06-****5678")], "de oogst")
    Traceback (most recent call last):
    ...
    kit.privacy.gate.GateRefused: de oogst bevat mogelijk persoonsgegevens ...
    """
    if findings:
        raise GateRefused(f"{what} bevat mogelijk persoonsgegevens en gaat niet naar buiten:\n"
                          + format_findings(findings), findings)


def verify_published(paths: Iterable[str | os.PathLike], what: str, *,
                     remove: bool = True) -> None:
    """Check files the kit just wrote for publication; remove them when anything is found.

    Args:
        paths: the written files (or folders).
        what: how to name them in the message ("het rapport").
        remove: delete the written files when the gate refuses (default), so nothing
            half-safe stays behind.

    Raises:
        GateRefused: with the masked findings.
    """
    paths = [Path(p) for p in paths]
    findings = check([p for p in paths if p.exists()])
    if findings and remove:
        for path in paths:
            if path.is_file():
                path.unlink()
    refuse(findings, what)


# --- pseudonymising the text fields of publishing seams -------------------------------------
def pseudonymiser(vault=None):
    """A pseudonymiser with deduce on, on ``vault`` (default: the user's vault).

    For published text it leaves what the gate does not report either (plain dates and
    web addresses, :data:`kit.privacy.scan.DEFAULT_IGNORED`, and checksums): a report keeps
    its periods and the SHA-256 of its inputs.
    """
    from kit.privacy.pseudonymise import Pseudonymiser
    from kit.privacy.scan import DEFAULT_IGNORED, digest_ranges

    class _Publishing(Pseudonymiser):
        def spans(self, text):
            digests = digest_ranges(text)
            return [s for s in super().spans(text) if s.category not in DEFAULT_IGNORED
                    and not any(a <= s.start and s.end <= b for a, b in digests)]

    require_engine()
    return _Publishing(vault, use_deduce=True)


def clean_text(text, p) -> str:
    """``text`` with every detected identifier replaced by its label (non-text unchanged).

    >>> clean_text(3, None), clean_text("", None)
    (3, '')
    """
    if not isinstance(text, str) or not text.strip():
        return text
    return p.pseudonymise(text).text


def clean_data(data, p):
    """Every string of JSON-like ``data`` (values, not keys) pseudonymised."""
    if isinstance(data, str):
        return clean_text(data, p)
    if isinstance(data, dict):
        return {k: clean_data(v, p) for k, v in data.items()}
    if isinstance(data, list):
        return [clean_data(v, p) for v in data]
    if isinstance(data, tuple):
        return tuple(clean_data(v, p) for v in data)
    return data


#: A value that cannot hold personal data: no letter and fewer than six digits.
_HARMLESS = re.compile(r"[^A-Za-zÀ-ÿ]*")


def _harmless(value: str) -> bool:
    return _HARMLESS.fullmatch(value) is not None and sum(ch.isdigit() for ch in value) < 6


def _publishing_context(p) -> str | None:
    """What a text's spans depend on besides the text, for :func:`clean_frame`'s cache:
    the gate's context (detectors, word lists, allow list), the names in the vault's consent
    register, deduce on or off, and the pseudonymiser's kind. ``None`` for another kind of
    pseudonymiser (then nothing is cached)."""
    from kit.privacy import verdicts
    from kit.privacy.pseudonymise import Pseudonymiser

    if not isinstance(p, Pseudonymiser):
        return None
    register = "\n".join(sorted(f"{code}\t{name}" for code, name in p.names.items()))
    parts = (verdicts.context("publiceren", sorted(p.allow_list)), register, str(p.use_deduce),
             type(p).__qualname__)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _text_key(context: str, text: str) -> str:
    return hashlib.sha256((context + "\0tekst\0" + text).encode("utf-8", "surrogatepass")
                          ).hexdigest()


def clean_frame(frame, p, columns: Iterable[str] | None = None, *, memo: dict | None = None):
    """A copy of ``frame`` with the text of every column (or of ``columns``) pseudonymised.

    Every column is checked by its content, never trusted by its name; a value without
    letters and with fewer than six digits (a score, a count) is left as it is. Equal
    values are pseudonymised once (``memo``). A text that came out unchanged (nothing in it
    to replace) is remembered in the gate's verdict cache as a salted SHA-256 over the text
    and everything its spans depend on (:func:`_publishing_context`), never the text itself;
    a rerun (a harvest or report made again) then passes it without a scan. A text with
    anything replaced is never remembered, so it is pseudonymised again every time.
    """
    from kit.privacy import verdicts

    memo = {} if memo is None else memo
    context = _publishing_context(p)
    known: frozenset[str] | None = None  # the verdict cache, read at the first text to clean
    passed: list[str] = []
    out = frame.copy()
    chosen = list(columns) if columns is not None else list(out.columns)
    for column in chosen:
        if column not in out.columns:
            continue
        values = out[column].tolist()
        if not any(isinstance(v, str) and v.strip() for v in values):
            continue
        new = []
        for value in values:
            if not isinstance(value, str) or _harmless(value):
                new.append(value)
                continue
            if value not in memo:
                key = _text_key(context, value) if context is not None else None
                if key is not None and known is None:
                    known = verdicts.load()
                if key is not None and key in known:
                    memo[value] = value
                else:
                    memo[value] = clean_text(value, p)
                    if key is not None and memo[value] == value:
                        passed.append(key)
            new.append(memo[value])
        out[column] = new
    if passed:
        verdicts.add(passed)
    return out
