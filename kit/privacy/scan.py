"""Find personal data in files before they reach a notebook, a report or git.

:func:`scan_paths` walks folders recursively (hidden folders, ``build/`` and ``venv/``
too) and reads every file through :mod:`kit.privacy.readers`: every part of a notebook,
Markdown, text, Python, CSV/TSV, Excel, Word, PDF, HTML, RTF, JSON (Lines) and YAML, and
files without an extension. A file it cannot read as text is reported (``ONLEESBAAR``),
never skipped. Every finding names the file,
the place (line, cell, row and column, field) and the category, with the value
masked (``06-****5678``), so the report itself leaks nothing. Labels the kit wrote
(``[PERSOON-3f2a]``) and public names from an allow-list are not findings.

Course material must be able to show synthetic examples, visibly marked in the file
itself: notebook cells tagged ``synthetisch``; text between ``<!-- iids-scan: uit -->``
and ``<!-- iids-scan: aan -->``; CSV rows and JSON/YAML objects with ``synthetic`` set
to true. A mark is honoured only for a text the kit itself ships, known by its content
hash (:mod:`kit.privacy.shipped`): a student's or evaluator's own text is always scanned.
A piece equal, character for character, to one of those texts (a source of a REFI-QDA
project made from the kit's teaching corpus) is the kit's own text wherever it appears.
Dates on their own (``DATUM``) and plain web addresses (``URL``) are not reported unless
asked (schedules, deadlines and sources are not personal data); dates of birth, e-mail
addresses and social-media profiles always are.

>>> mask("06-12345678", "TELEFOON")
'06-****5678'
>>> mask("Fatima El Amrani", "PERSOON")
'F***** E* A*****'
>>> [(f.category, f.masked) for f in scan_text("Bel 06-12345678", use_deduce=False)]
[('TELEFOON', '06-****5678')]
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kit.errors import InputError
from kit.privacy.pseudonymise import DEFAULT_ALLOW_LIST, LABEL_PATTERN, find_spans, load_allow_list
from kit.privacy.readers import SYNTHETIC_TAG, Unreadable, pieces
from kit.privacy.shipped import is_shipped, marked_regions

__all__ = ["Finding", "mask", "scan_text", "scan_paths", "iter_files", "format_findings",
           "digest_ranges",
           "DEFAULT_IGNORED", "SYNTHETIC_TAG", "UNREADABLE"]

#: The category of a file (or part) the scan cannot read as text: reported, never skipped.
UNREADABLE = "ONLEESBAAR"
_NUMBERISH = {"TELEFOON", "BSN", "IBAN", "ID", "KENTEKEN", "POSTCODE"}
#: Categories the scan leaves out unless asked (see the module text).
DEFAULT_IGNORED = ("DATUM", "URL")


def _blank_marked_regions(text: str) -> str:
    """Blank the closed scan-off/scan-on regions whose text the kit ships (offsets kept).

    A region is honoured only when its text is one of the kit's own texts
    (:mod:`kit.privacy.shipped`); an unclosed marker or a student's own text is scanned.

    >>> _blank_marked_regions("<!-- iids-scan: uit -->Jan Pieters<!-- iids-scan: aan -->")[23:34]
    'Jan Pieters'
    """
    out, position = [], 0
    for start, end in marked_regions(text):
        if not is_shipped(text[start:end]):
            continue
        out.append(text[position:start])
        out.append("".join(ch if ch == "\n" else " " for ch in text[start:end]))
        position = end
    out.append(text[position:])
    return "".join(out)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a file.

    Attributes:
        path: the file ("" for a text scanned on its own).
        place: where in the file ("regel 3", "cel 7 (uitvoer)", "rij 5, kolom 'tekst'").
        category: a key of :data:`kit.privacy.pattern_detectors.CATEGORIES`.
        masked: the value with most characters hidden.
    """

    path: str
    place: str
    category: str
    masked: str

    def line(self) -> str:
        """One Dutch report line.

        >>> Finding("a.md", "regel 2", "TELEFOON", "06-****5678").line()
        'a.md, regel 2: TELEFOON 06-****5678'
        """
        where = ", ".join(p for p in (self.path, self.place) if p)
        return f"{where}: {self.category} {self.masked}"


def mask(value: str, category: str) -> str:
    """Hide most of ``value``: numbers keep their first 2 and last 4 characters, words
    their first letter.

    >>> mask("NL91ABNA0417164300", "IBAN")
    'NL****4300'
    >>> mask("ana.k@mail.com", "EMAIL")
    'a****@m***.com'
    >>> mask("19", "LEEFTIJD")
    '**'
    """
    value = " ".join(value.split())
    if category in _NUMBERISH:
        alnum = [i for i, ch in enumerate(value) if ch.isalnum()]
        if len(alnum) >= 8:
            head = value[:alnum[1] + 1]
            if alnum[1] + 1 < len(value) and not value[alnum[1] + 1].isalnum():
                head = value[:alnum[1] + 2]
            return head + "****" + value[alnum[-4]:]
        return value[:1] + "****"
    if category == "EMAIL" and "@" in value:
        user, _, domain = value.partition("@")
        host, dot, tld = domain.rpartition(".")
        return f"{user[:1]}****@{host[:1]}***{dot}{tld}"
    if category in {"LEEFTIJD", "DATUM", "GEBOORTEDATUM"}:
        return re.sub(r"[0-9A-Za-zÀ-ÿ]", "*", value)
    if category in {"ACCOUNT", "URL"}:
        return value[:2] + "*" * min(8, max(3, len(value) - 2))
    return " ".join(w[:1] + "*" * (len(w) - 1) for w in value.split())


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


_DIGEST = re.compile(r"(?<![0-9A-Za-z])(?:(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])"
                     r"(?:[0-9a-f]{16,}|[0-9A-F]{16,})|[0-9]{32,})(?![0-9A-Za-z])")


#: The harvest's student codes (``S-`` and 10 hex digits, a keyed hash: see
#: :func:`kit.evaluation.harvest.pseudonym`).
_STUDENT_CODE = re.compile(r"(?<![\w-])S-[0-9a-f]{10}(?![\w-])")


def digest_ranges(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds checksums (16 or more hex digits in one token, letters and digits
    mixed, or 32 digits and more) or the harvest's student codes: their digit runs are no
    phone numbers or BSNs. Fewer digits alone are never a checksum.

    >>> digest_ranges("sha256 " + "ab12" * 16)
    [(7, 71)]
    >>> digest_ranges("rubric_hash 788456176d42d5fa, kaart 4111111111111111")
    [(12, 28)]
    >>> digest_ranges("0" * 64), digest_ranges("student S-3107452704")
    ([(0, 64)], [(8, 20)])
    >>> digest_ranges("student S-3107452704")
    [(8, 20)]
    """
    found = [m.span() for m in _DIGEST.finditer(text)] if len(text) >= 16 else []
    return found + [m.span() for m in _STUDENT_CODE.finditer(text)] if "S-" in text else found


def _only_a_checksum(text: str) -> bool:
    """Whether ``text`` is one checksum or student code (see :func:`digest_ranges`) and
    nothing else. Whatever a scan finds in such a text overlaps it and is dropped
    (:func:`_findings`), alone or as a cell between separators, so it need not be scanned.

    >>> _only_a_checksum("ab12" * 16), _only_a_checksum("S-3107452704")
    (True, True)
    >>> _only_a_checksum("sha " + "ab12" * 16), _only_a_checksum("0612345678901234")
    (False, False)
    """
    return len(text) >= 12 and (_DIGEST.fullmatch(text) is not None
                                or _STUDENT_CODE.fullmatch(text) is not None)


def _findings(text: str, path: str, place_of, allow: list[str], use_deduce: bool,
              ignore: Iterable[str] = DEFAULT_IGNORED, given=None) -> list[Finding]:
    if not text or not text.strip():
        return []
    if "iids-scan" in text:
        text = _blank_marked_regions(text)
    labels = [m.span() for m in LABEL_PATTERN.finditer(text)] + digest_ranges(text)
    out = []
    for span in find_spans(text, use_deduce=use_deduce, allow_list=allow):
        if span.category in ignore or any(a < span.end and span.start < b for a, b in labels):
            continue
        if given is not None and given(span.text):
            continue
        out.append(Finding(path, place_of(span.start), span.category, mask(span.text, span.category)))
    return out


def scan_text(text: str, *, path: str = "", allow_list=DEFAULT_ALLOW_LIST,
              use_deduce: bool = True, ignore: Iterable[str] = DEFAULT_IGNORED) -> list[Finding]:
    """Find personal data in ``text``; places are line numbers.

    Args:
        text: the text.
        path: the file name to put in the findings.
        allow_list: public names to ignore (file, names, ``None``, or the kit's default list).
        use_deduce: also run deduce (default).
        ignore: categories not to report (default: ``DATUM`` and ``URL``; ``()`` for all).

    Returns:
        The findings in text order.
    """
    allow = load_allow_list(allow_list)
    return _findings(text, path, lambda o: f"regel {_line_of(text, o)}", allow, use_deduce,
                     tuple(ignore))


# --- files -------------------------------------------------------------------------------------
def _units(piece) -> list[tuple[str, str, str]]:
    """The texts of a piece as ``(key, text, place)``: a table row's cells, else the whole text.

    A cell's key holds what borders it in the row: the start or end of the text, or the
    separator (a scan can judge a word at the very end of a text otherwise than the same
    word before a separator), so a text is only ever taken as known in the same position.

    >>> from kit.privacy.readers import Piece
    >>> [key for key, _text, _place in _units(Piece("rij 2", "a\\n|\\nb", places=((0, 1, "x"), (4, 5, "y"))))]
    ['^\\x00a\\x00|', '|\\x00b\\x00$']
    """
    if not piece.places:
        return [("^\0" + piece.text + "\0$", piece.text, piece.place)]
    last = len(piece.places) - 1
    return [(("^" if i == 0 else "|") + "\0" + piece.text[start:end] + "\0"
             + ("$" if i == last else "|"), piece.text[start:end], where)
            for i, (start, end, where) in enumerate(piece.places)]


def _unknown_part(piece, memo) -> tuple[object, list[str], list[bytes]]:
    """``piece`` without the texts ``memo`` knows as clean, the keys of what is left (see
    :func:`_units`) and their hashes (for :meth:`kit.privacy.verdicts.TextVerdicts.learn_hashed`).

    Returns ``(None, [], [])`` when nothing is left. A table row keeps its unknown cells, in
    order, joined as the reader joins them, each with its own place, and bordered as in the
    row (a separator before a cell that was not the row's first, after one that was not its
    last); any other piece is one text, kept whole or dropped whole. Blank texts and texts
    that are only a checksum or a student code (:func:`_only_a_checksum`) are never kept.

    >>> from kit.privacy.readers import Piece
    >>> from kit.privacy.verdicts import TextVerdicts
    >>> memo, row = TextVerdicts(), Piece("rij 2", "a\\n|\\n \\n|\\nb", places=((0, 1, "x"), (4, 5, "y"), (8, 9, "z")))
    >>> memo.learn(["^\\0a\\0|"])
    >>> part, keys, hashes = _unknown_part(row, memo)
    >>> part.text, part.places, keys, len(hashes)
    ('\\n|\\nb', ((3, 4, 'z'),), ['|\\x00b\\x00$'], 1)
    """
    from kit.privacy.readers import CELL_SEPARATOR, Piece

    text, places = piece.text, piece.places
    if not places:
        if not text or text.isspace() or _only_a_checksum(text):
            return None, [], []
        keys = ["^\0" + text + "\0$"]
        hashes = memo.hashes(keys)
        return (None, [], []) if memo.known_hashes(hashes)[0] else (piece, keys, hashes)
    last = len(places) - 1
    cells = []  # (index in the row, key, text, place) of each cell that is to be scanned
    for i, (start, end, where) in enumerate(places):
        cell = text[start:end]
        if cell and not cell.isspace() and not _only_a_checksum(cell):
            cells.append((i, ("^\0" if i == 0 else "|\0") + cell + ("\0$" if i == last else "\0|"),
                          cell, where))
    hashes = memo.hashes([key for _i, key, _t, _w in cells])
    known = memo.known_hashes(hashes)
    kept = [(cell, digest) for cell, digest, seen in zip(cells, hashes, known, strict=True)
            if not seen]
    if not kept:
        return None, [], []
    keys = [cell[1] for cell, _digest in kept]
    hashes = [digest for _cell, digest in kept]
    if len(kept) == len(places):
        return piece, keys, hashes
    first, final = kept[0][0][0], kept[-1][0][0]
    head = CELL_SEPARATOR if first > 0 else ""
    tail = CELL_SEPARATOR if final < last else ""
    parts, offset = [], len(head)
    for (_i, _key, cell, where), _digest in kept:
        parts.append((offset, offset + len(cell), where))
        offset += len(cell) + len(CELL_SEPARATOR)
    joined = head + CELL_SEPARATOR.join(cell for (_i, _k, cell, _w), _d in kept) + tail
    return Piece(piece.place, joined, piece.marked, tuple(parts)), keys, hashes


def _piece_findings(piece, name: str, allow: list[str], use_deduce: bool,
                    ignore: tuple[str, ...], baseline=None, memo=None) -> list[Finding]:
    if is_shipped(piece.text):  # the kit's own teaching text, known by its content hash
        return []
    given = None
    if baseline is not None:
        if baseline.unchanged(piece.text):
            return []
        given = baseline.given
    hashes: list[bytes] = []
    if memo is not None:  # texts passed before (same context) are not scanned again
        piece, _keys, hashes = _unknown_part(piece, memo)
        if piece is None:
            return []
    found = _findings(piece.text, name, piece.place_of, allow, use_deduce, ignore, given)
    if memo is not None and not found:
        memo.learn_hashed(hashes)
    return found


def _scan_file(path: Path, allow: list[str], use_deduce: bool,
               ignore: tuple[str, ...] = DEFAULT_IGNORED, baseline=None,
               memo=None) -> list[Finding]:
    out: list[Finding] = []
    try:
        for piece in pieces(path):
            out += _piece_findings(piece, str(path), allow, use_deduce, ignore, baseline, memo)
    except Unreadable as exc:
        out.append(Finding(str(path), "", UNREADABLE, str(exc)))
    return out


def _ignored(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def iter_files(paths: Iterable[str | os.PathLike], ignore_names: Iterable[str] = ()
               ) -> Iterator[Path]:
    """Every file under ``paths`` (recursively; hidden folders, ``build/`` and ``venv/`` too).

    Args:
        paths: files and folders.
        ignore_names: file or folder name patterns to leave out (for the files a tool such
            as nbgrader never copies, e.g. ``.ipynb_checkpoints``); nothing by default.

    Raises:
        InputError: for a path that does not exist.
    """
    patterns = tuple(ignore_names)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _ignored(d, patterns))
                for file in sorted(files):
                    if not _ignored(file, patterns):
                        yield Path(root) / file
        elif path.is_file():
            yield path
        else:
            raise InputError("dit bestand of deze map bestaat niet", path=path)


def scan_paths(paths: Iterable[str | os.PathLike], allow_list=DEFAULT_ALLOW_LIST, *,
               use_deduce: bool = True, ignore: Iterable[str] = DEFAULT_IGNORED,
               ignore_names: Iterable[str] = (), baseline=None, memo=None) -> list[Finding]:
    """Scan files and folders (recursively) for personal data.

    Every file is read (see :mod:`kit.privacy.readers`); a file the scan cannot read as
    text is a finding of category ``ONLEESBAAR``, never skipped.

    Args:
        paths: files and folders.
        allow_list: public names to ignore: a file, names, ``None``, or the kit's default list.
        use_deduce: also run deduce (default).
        ignore: categories not to report (default: ``DATUM`` and ``URL``; ``()`` for all).
        ignore_names: file/folder name patterns to leave out (see :func:`iter_files`).
        baseline: content handed out to the student (see :class:`kit.privacy.gate.Released`):
            a piece equal to a released piece is not read again, and a value that occurs
            word for word in the released content is not the student's.
        memo: the texts already passed under the same allow list, options and baseline
            (:class:`kit.privacy.verdicts.TextVerdicts`, used by the gate): a table row
            is scanned for its other cells only, a piece passed before not at all; the
            texts of a piece without findings are added.

    Returns:
        All findings, file by file.

    Raises:
        InputError: for a missing path or a broken notebook, JSON or YAML file.
    """
    allow = load_allow_list(allow_list)
    findings: list[Finding] = []
    for path in iter_files(paths, ignore_names):
        findings.extend(_scan_file(path, allow, use_deduce, tuple(ignore), baseline, memo))
    return findings


def format_findings(findings: list[Finding]) -> str:
    """A Dutch report of the findings (one line each plus a count).

    >>> print(format_findings([]))
    Geen persoonsgegevens gevonden.
    """
    if not findings:
        return "Geen persoonsgegevens gevonden."
    files = len({f.path for f in findings})
    lines = [f.line() for f in findings]
    lines.append(f"{len(findings)} mogelijke persoonsgegeven(s) in {files} bestand(en). "
                 "Pseudonimiseer ze (iids privacy pseudonymise) of haal ze weg.")
    return "\n".join(lines)
