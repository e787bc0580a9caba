"""The course team shares one course folder: files that a second grader can write.

nbgrader writes the gradebook and the course's folders with the process's umask, and SQLite
creates ``gradebook.db`` with mode ``0644 & ~umask``: with a lecturer's usual umask (022) a
second grader can read but not grade. :func:`share_course_files`, called from the course
team's ``nbgrader_config.py`` on the hub, sets the umask to 007 (new files and folders
group-writable, nothing for others) and creates an absent gradebook group-writable (SQLite
takes an empty file for an empty database and gives its journal the database's mode).

>>> import tempfile, os, stat
>>> folder = tempfile.mkdtemp()
>>> old = os.umask(0o022)
>>> share_course_files(folder)
>>> oct(stat.S_IMODE(os.stat(os.path.join(folder, "gradebook.db")).st_mode))
'0o660'
>>> oct(os.umask(old))  # the doctest gives the test process its umask back
'0o7'
"""

from __future__ import annotations

import os

__all__ = ["share_course_files", "TEAM_UMASK"]

TEAM_UMASK = 0o007


def share_course_files(course_dir: str | os.PathLike, db_name: str = "gradebook.db") -> None:
    """Umask 007 for this process; the gradebook group-writable when this user can make it so."""
    os.umask(TEAM_UMASK)
    if not os.path.isdir(course_dir):
        return
    db = os.path.join(course_dir, db_name)
    try:
        fd = os.open(db, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o660)
        os.close(fd)
    except FileExistsError:
        st = os.stat(db)
        if st.st_uid == os.geteuid() and (st.st_mode & 0o060) != 0o060:
            os.chmod(db, (st.st_mode & 0o777) | 0o060)
    except OSError:  # not writable for this user: the doctor reports it
        return
