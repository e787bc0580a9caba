"""The sandbox pool: the Unix users that run student code at autograde, one per run.

``iids hub prepare`` makes them (``iids-sb-01`` ... ``iids-sb-NN``: system users without a
home or a login shell), the sudoers rule that lets the graders group start the sandbox as
exactly those users (``/etc/sudoers.d/iids-zandbak``, checked with ``visudo`` before it is
put in place), and the folder with the pool's lock files (group graders, 2770), through
which every run at the same time holds a user of its own (:func:`kit.grading.sandbox.pool_user`).

>>> pool_names("iids-sb", 3)
['iids-sb-01', 'iids-sb-02', 'iids-sb-03']
>>> sudoers_rule("iids-docenten", ["iids-sb-01", "iids-sb-02"], "/usr/bin/unshare")
'%iids-docenten ALL=(iids-sb-01,iids-sb-02) NOPASSWD: /usr/bin/unshare\\n'
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["pool_names", "sudoers_rule", "ensure_pool_users", "write_sudoers",
           "prepare_lock_dir", "DEFAULT_PREFIX", "DEFAULT_SIZE", "DEFAULT_SUDOERS"]

DEFAULT_PREFIX = "iids-sb"
DEFAULT_SIZE = 8
DEFAULT_SUDOERS = "/etc/sudoers.d/iids-zandbak"


def pool_names(prefix: str, size: int) -> list[str]:
    """The pool's user names: ``prefix-01`` ... ``prefix-NN``."""
    return [f"{prefix}-{i:02d}" for i in range(1, size + 1)]


def sudoers_rule(group: str, users: list[str], unshare: str) -> str:
    """The one sudoers line: the graders start ``unshare`` as any pool user, nothing else."""
    return f"%{group} ALL=({','.join(users)}) NOPASSWD: {unshare}\n"


def ensure_pool_users(users: list[str]) -> list[str]:
    """Create the pool users that do not exist yet; return the ones created.

    System users, no home folder (``/nonexistent``), no login shell, a group of their own,
    in no other group. An existing user that is root or has a login shell is refused.
    """
    from kit.errors import InputError

    created = []
    for name in users:
        try:
            info = pwd.getpwnam(name)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir",
                            "/nonexistent", "--shell", "/usr/sbin/nologin", "--user-group", name],
                           check=True, capture_output=True)
            created.append(name)
            continue
        if info.pw_uid == 0 or not info.pw_shell.endswith(("nologin", "false")):
            raise InputError(f"de gebruiker '{name}' bestaat al en is geen zandbakgebruiker "
                             "(root of met een inlogshell); kies een ander voorvoegsel",
                             place="--zandbak-voorvoegsel")
    return created


def write_sudoers(path: str | os.PathLike, text: str) -> Path:
    """Put a sudoers file in place only when ``visudo -c`` accepts it (mode 0440)."""
    from kit.errors import InputError

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".iids-zandbak-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("# Gemaakt door iids hub prepare: docenten starten de zandbak als de\n"
                     "# gebruikers van de pool, en alleen unshare.\n" + text)
        os.chmod(tmp, 0o440)
        visudo = shutil.which("visudo") or "/usr/sbin/visudo"
        if not os.path.exists(visudo):  # never an unchecked sudoers file: it can lock out sudo
            raise InputError("visudo ontbreekt, dus de sudo-regel kan niet gecontroleerd worden; "
                             "installeer sudo (apt-get install sudo) en probeer het opnieuw",
                             path=str(path))
        check = subprocess.run([visudo, "-c", "-f", tmp], capture_output=True, text=True)
        if check.returncode != 0:
            raise InputError(f"visudo keurt de regel af: {check.stdout.strip()[:200]}",
                             path=str(path))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def prepare_lock_dir(path: str | os.PathLike, group: str) -> Path:
    """The pool's lock folder: root, group graders, 2770 (students cannot hold a lock)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, 0, grp.getgrnam(group).gr_gid)
    os.chmod(path, 0o2770)
    return path
