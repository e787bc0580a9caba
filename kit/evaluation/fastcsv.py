"""A fast reader for the plain CSV files of a harvest (the common case), beside the careful one.

Harvesting reads thousands of small artefact CSVs; :func:`fast_csv` reads a plain UTF-8 file
with :mod:`csv` and gives ``None`` for anything unusual, which then goes to the careful
reader (:func:`kit.io.read_csv`, pandas, with Dutch messages). A property test keeps the two
equal on every file the fast path accepts (``tests/evaluation/test_fastcsv.py``).
"""

from __future__ import annotations

__all__ = ["fast_csv"]


#: Line boundaries of :meth:`str.splitlines` besides ``\n`` and ``\r``.
_OTHER_LINE_ENDS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def fast_csv(data: bytes) -> tuple[list[str], list[list[str]]] | None:
    """Header and rows of a plain UTF-8 CSV (comma or semicolon), or ``None`` when the file
    needs the careful reader (:func:`kit.io.read_csv`, which names the problem in Dutch).

    >>> fast_csv(b"a;b\\n1;2\\n")
    (['a', 'b'], [['1', '2']])
    >>> fast_csv(b"a,b\\n1\\n") is None
    True
    """
    import csv
    import io

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text or text.isspace() or "\x00" in text:
        return None
    if text.startswith("\r") or "\n\r" in text or "\r\r" in text:
        # a blank line ended by a lone carriage return: pandas may take the next row with
        # it (``a,b\n\r,\n`` is one row for csv, none for pandas); the careful reader decides
        return None
    first = text[:text.find("\n")] if "\n" in text else text
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # the lines as a file opened with newline="" gives them (split at \n, \r\n and \r, ends
    # kept); str.splitlines does that faster when no other line boundary is in the text
    lines = (io.StringIO(text, newline="") if any(ch in text for ch in _OTHER_LINE_ENDS)
             else text.splitlines(keepends=True))
    try:
        rows = list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    header = [h.strip() for h in rows[0]]
    if len(set(header)) != len(header) or any(not h for h in header):
        return None
    body = [r for r in rows[1:] if r]
    if body and set(map(len, body)) != {len(header)}:
        return None
    return header, body
