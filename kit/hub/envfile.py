"""The hub's environment file (``/etc/iids-hub.env``), read as systemd reads it.

A domain module below :mod:`kit.hub.cli` and :mod:`kit.hub.alerts`, which both read the file.
"""

from __future__ import annotations

__all__ = ["read_env_file"]


def read_env_file(path: str) -> dict[str, str]:
    r"""The ``NAME=value`` lines of an environment file such as ``/etc/iids-hub.env``.

    Blank lines and ``#`` comments are skipped (what systemd's ``EnvironmentFile`` reads);
    a line without ``=`` is bad input, named by its line number.

    >>> import tempfile, os
    >>> fd, name = tempfile.mkstemp()
    >>> _ = os.write(fd, b"# opmerking\nIIDS_HUB_COURSE_ID=iids\n\nIIDS_HUB_USER_ENV=\n")
    >>> read_env_file(name)
    {'IIDS_HUB_COURSE_ID': 'iids', 'IIDS_HUB_USER_ENV': ''}
    """
    from kit.errors import InputError

    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise InputError(f"niet te lezen ({exc.strerror})", path=path) from None
    out = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip().isidentifier():
            raise InputError("geen NAAM=waarde", path=path, place=f"regel {number}")
        out[name.strip()] = value.strip().strip('"').strip("'")
    return out
