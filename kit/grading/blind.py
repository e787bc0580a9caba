"""Blind grading: graders see submission codes in a random order, never names.

A submission code is an HMAC of the assignment and the student id under a secret
key kept in ``<course>/.iids/blind-sleutel`` (mode 0600). Without the key a code
says nothing about the student; only the course owner (who can read the key) turns
codes back into students (:func:`unblind`).

>>> key = b"0" * 32
>>> submission_code(key, "narratieven", "s123")
'...-...'
>>> len(submission_code(key, "narratieven", "s123"))
9
>>> grader_order(["B", "A", "C"], "docent1", seed=1) == grader_order(["C", "A", "B"], "docent1", seed=1)
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import random
import secrets
from pathlib import Path

from kit.errors import InputError

__all__ = ["key_path", "load_key", "submission_code", "code_table", "grader_order", "unblind"]


def key_path(course_root: str | os.PathLike) -> Path:
    """``<course>/.iids/blind-sleutel``."""
    return Path(course_root) / ".iids" / "blind-sleutel"


def load_key(course_root: str | os.PathLike, *, create: bool = True) -> bytes:
    """The course's blinding key (made on first use, readable by the owner only).

    Raises:
        InputError: when the key cannot be read (you are not the course owner).
    """
    path = key_path(course_root)
    if not path.exists():
        if not create:
            raise InputError("er is nog geen sleutel voor blind beoordelen", path=path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        from kit.io import create_once

        create_once(path, secrets.token_bytes(32))  # two graders at once: one key wins
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError("alleen de eigenaar van de cursus kan de codes ontsluiten",
                         path=path) from None


def submission_code(key: bytes, assignment: str, student: str) -> str:
    """The blind code of one submission (``XXXX-XXXX``, letters and digits)."""
    digest = hmac.new(key, f"{assignment}\x00{student}".encode(), hashlib.sha256).digest()
    text = base64.b32encode(digest).decode()[:8]
    return f"{text[:4]}-{text[4:]}"


def code_table(course_root: str | os.PathLike, assignment: str, students: list[str]
               ) -> dict[str, str]:
    """``{code: student}`` for the given students."""
    key = load_key(course_root)
    return {submission_code(key, assignment, s): s for s in students}


def grader_order(codes: list[str], grader: str, seed: int = 0) -> list[str]:
    """The codes in a random order of their own for this grader (the same every time)."""
    ordered = sorted(codes)
    random.Random(f"{seed}:{grader}").shuffle(ordered)
    return ordered


def unblind(course_root: str | os.PathLike, assignment: str, code: str,
            students: list[str]) -> str:
    """The student behind a code; only for the course owner.

    Raises:
        InputError: when you are not the owner of the course folder, or the code is unknown.
    """
    root = Path(course_root)
    if hasattr(os, "getuid") and root.stat().st_uid != os.getuid():
        raise InputError("alleen de eigenaar van de cursus kan de codes ontsluiten", path=root)
    table = code_table(root, assignment, students)
    wanted = code.strip().upper()
    if wanted not in table:
        raise InputError(f"onbekende code '{code}' voor '{assignment}'")
    return table[wanted]
