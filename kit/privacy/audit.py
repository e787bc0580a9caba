"""The vault's audit log: what was removed when, without any personal data.

Each line is a JSON object with a timestamp, an action (``intrekking``,
``bewaartermijn``, ``sleutel-vervangen`` ...) and counts. Participant codes,
names and file contents never go into it; file paths are reduced to the file
name so folder names cannot reveal a person either.

>>> import tempfile, pathlib
>>> from kit.privacy.vault import open_vault
>>> v = open_vault(pathlib.Path(tempfile.mkdtemp()) / "kluis")
>>> log_event(v, "bewaartermijn", records=2, narratives=3)["actie"]
'bewaartermijn'
>>> [e["records"] for e in read_log(v)]
[2]
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any

from kit.privacy.vault import Vault, as_vault

__all__ = ["AUDIT_LOG", "log_event", "read_log", "by_file_name"]

AUDIT_LOG = "auditlog.jsonl"


def log_event(vault: Vault | str | os.PathLike | None, action: str, **counts: Any) -> dict:
    """Append one event to the audit log and return it.

    Args:
        vault: the vault.
        action: what happened (Dutch word).
        counts: numbers or short non-personal values (e.g. ``files={"coderingen.csv": 2}``).

    Returns:
        The event as written.
    """
    v = as_vault(vault)
    event = {"tijd": datetime.now(UTC).isoformat(timespec="seconds"), "actie": action,
             **counts}
    path = v.file(AUDIT_LOG)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n")
    return event


def by_file_name(rows: dict) -> dict[str, int]:
    """Counts per file reduced to the file name (no folder can name a person), summed when
    two folders hold a file of the same name.

    >>> by_file_name({"/a/P01/coderingen.csv": 2, "/b/coderingen.csv": 1, "/b/x.csv": 4})
    {'coderingen.csv': 3, 'x.csv': 4}
    """
    from pathlib import Path

    out: dict[str, int] = {}
    for path, count in rows.items():
        name = Path(path).name
        out[name] = out.get(name, 0) + int(count)
    return out


def read_log(vault: Vault | str | os.PathLike | None) -> list[dict]:
    """All events of the audit log, oldest first."""
    path = as_vault(vault).file(AUDIT_LOG)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
