"""A private nbgrader exchange for a class on one server.

nbgrader's default filesystem exchange makes the exchange root world-writable
(nbgrader #1225) and leaves submissions and feedback world-readable under names
another student can work out (#978). This exchange keeps nbgrader's layout and
file names, so nbgrader's own list, fetch and collect code keeps working, but
changes who may read what:

==============================  ============  ==========================================
path                            mode          who
==============================  ============  ==========================================
``root/``                       0755 root     made by the administrator, never writable
``root/<course>/``              2755          course owner, group ``graders``
``root/<course>/outbound/``     2775          released assignments: everyone reads
``root/<course>/inbound/``      3773          students may create, only graders list;
                                              sticky: nobody renames another's folder
``inbound/<student+...>/``      0770 / 0640   the student and the graders group only
``root/<course>/feedback/``     2771          nobody but graders lists it
``feedback/<hash>.html``        0640 + ACL    graders, plus ``user:<student>:r--``
==============================  ============  ==========================================

No submission is ever half there or lost to a newer-looking older one: submit copies
under a hidden name (``inbound/.incoming-...``, which nbgrader's glob skips) and renames
the complete, private copy into place; each submission gets a timestamp later than the
student's earlier ones (nbgrader's collect keeps only the latest per student); collect
swaps each submission in whole and, when it cannot read one, names that student at the end
instead of stopping the class halfway.

Before anything is copied, :class:`PrivateExchangeSubmit` runs the kit's
privacy scan on the student's assignment folder and refuses a submission that
contains personal data, with a Dutch message saying what to fix.

Feedback is readable by exactly one student through a POSIX access ACL that
the releasing grader (the file's owner) sets; :func:`set_user_read_acl` writes
it directly as the ``system.posix_acl_access`` extended attribute, so no extra
package is needed.

Use it in ``nbgrader_config.py``::

    from kit.hub.exchange import configure_exchange
    configure_exchange(c, root="/srv/nbgrader/exchange", graders_group="iids-docenten")

>>> sorted(EXCHANGE_CLASSES)[:3]
['collect', 'exchange', 'fetch_assignment']
>>> acl = encode_acl([(ACL_USER_OBJ, 6, None), (ACL_GROUP_OBJ, 4, None), (ACL_OTHER, 0, None)])
>>> decode_acl(acl)
[(1, 6, None), (4, 4, None), (32, 0, None)]
"""

from __future__ import annotations

import datetime
import grp
import os
import pwd
import re
import shutil
import stat
import struct
import tempfile
from pathlib import Path

from nbgrader.exchange import ExchangeError
from nbgrader.exchange.default import (
    Exchange,
    ExchangeCollect,
    ExchangeFetchAssignment,
    ExchangeFetchFeedback,
    ExchangeList,
    ExchangeReleaseAssignment,
    ExchangeReleaseFeedback,
    ExchangeSubmit,
)
from traitlets import Bool, Unicode

__all__ = [
    "PrivateExchange",
    "PrivateExchangeCollect",
    "PrivateExchangeFetchAssignment",
    "PrivateExchangeFetchFeedback",
    "PrivateExchangeList",
    "PrivateExchangeReleaseAssignment",
    "PrivateExchangeReleaseFeedback",
    "PrivateExchangeSubmit",
    "SubmissionBlocked",
    "EXCHANGE_CLASSES",
    "configure_exchange",
    "prepare_root",
    "encode_acl",
    "decode_acl",
    "set_user_read_acl",
    "read_acl_users",
    "blocked_message",
    "COURSE_MODE",
    "OUTBOUND_MODE",
    "INBOUND_MODE",
    "FEEDBACK_MODE",
    "SUBMISSION_DIR_MODE",
    "SUBMISSION_FILE_MODE",
    "FEEDBACK_FILE_MODE",
    "INCOMING_PREFIX",
    "submission_refusal",
]

COURSE_MODE = 0o2755
OUTBOUND_MODE = 0o2775
INBOUND_MODE = 0o3773
FEEDBACK_MODE = 0o2771
SUBMISSION_DIR_MODE = 0o2770
SUBMISSION_FILE_MODE = 0o640
FEEDBACK_FILE_MODE = 0o640
RELEASED_DIR_MODE = 0o2775
RELEASED_FILE_MODE = 0o664
#: A submission is copied under this hidden prefix in inbound and renamed when complete.
INCOMING_PREFIX = ".incoming-"

# POSIX ACL xattr format (linux/posix_acl_xattr.h): version 2, then entries (tag, perm, id).
ACL_XATTR = "system.posix_acl_access"
ACL_USER_OBJ, ACL_USER, ACL_GROUP_OBJ, ACL_GROUP, ACL_MASK, ACL_OTHER = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
_UNDEFINED_ID = 0xFFFFFFFF


_SECRET = re.compile(r"[0-9a-f]{128}")


def submission_refusal(folder: str | os.PathLike, *, now: datetime.datetime | None = None
                       ) -> str | None:
    """Why a folder in ``inbound`` is not a genuine submission, in Dutch; None when it is.

    A genuine submission is owned by the Unix user whose name it carries (the student the
    exchange's submit ran as), and holds the kit's own ``timestamp.txt`` (equal to the time
    in the folder's name, not in the future) and ``submission_secret.txt`` (128 hex digits).
    Anything else, such as a folder another student made in this student's name, is refused.

    Args:
        folder: ``inbound/<student>+<assignment>+<timestamp>+<random>``.
        now: the current time (for tests).

    >>> import tempfile, getpass
    >>> top = Path(tempfile.mkdtemp())
    >>> sub = top / f"{getpass.getuser()}+ps1+2026-01-05 10:00:00.000000 UTC+abc"
    >>> sub.mkdir()
    >>> _ = (sub / "timestamp.txt").write_text("2026-01-05 10:00:00.000000 UTC")
    >>> _ = (sub / "submission_secret.txt").write_text("ab" * 64)
    >>> submission_refusal(sub) is None
    True
    >>> other = top / "iemand+ps1+2026-01-05 10:00:00.000000 UTC+abc"
    >>> _ = sub.rename(other)
    >>> print(submission_refusal(other))  # doctest: +ELLIPSIS
    inleveren op naam van 'iemand', maar de map is van '...'
    """
    from nbgrader.utils import parse_utc

    name = os.path.basename(os.fspath(folder))
    parts = name.rsplit("+", 3)
    if len(parts) < 3:
        return "geen geldige naam voor een inlevering"
    student, stamp = parts[0], parts[2]
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode):
        return "geen map"
    try:
        owner = pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        owner = f"uid {st.st_uid}"
    if owner != student:
        return f"inleveren op naam van '{student}', maar de map is van '{owner}'"
    try:
        when = parse_utc(stamp)
    except (ValueError, OverflowError):
        return f"tijdstempel '{stamp}' in de naam is ongeldig"
    now = now or datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    if when > now + datetime.timedelta(hours=1):
        return f"tijdstempel {stamp} ligt in de toekomst"
    try:
        with open(os.path.join(folder, "timestamp.txt"), encoding="utf-8") as fh:
            written = fh.read().strip()
        with open(os.path.join(folder, "submission_secret.txt"), encoding="utf-8") as fh:
            secret = fh.read().strip()
    except OSError:
        return "timestamp.txt of submission_secret.txt ontbreekt of is onleesbaar"
    except UnicodeDecodeError:
        return "timestamp.txt of submission_secret.txt is geen tekst"
    try:
        same = parse_utc(written) == when
    except (ValueError, OverflowError):
        same = False
    if not same:  # the same moment, however nbgrader spelled it (a time zone or none)
        return f"timestamp.txt ({written[:40]!r}) past niet bij de naam ({stamp.strip()})"
    if not _SECRET.fullmatch(secret):
        return "submission_secret.txt is niet van de kit"
    return None


class SubmissionBlocked(ExchangeError):
    """A submission refused because the privacy scan found personal data."""


def encode_acl(entries: list[tuple[int, int, int | None]]) -> bytes:
    """Encode ACL entries ``(tag, perm bits rwx=4/2/1, uid/gid or None)`` as xattr bytes.

    Args:
        entries: the entries; they are sorted by tag and id as the kernel requires.

    Returns:
        The value for the ``system.posix_acl_access`` attribute.

    >>> len(encode_acl([(ACL_USER_OBJ, 6, None), (ACL_OTHER, 0, None)]))
    20
    """
    ordered = sorted(entries, key=lambda e: (e[0], -1 if e[2] is None else e[2]))
    body = b"".join(struct.pack("<HHI", tag, perm, _UNDEFINED_ID if ident is None else ident)
                    for tag, perm, ident in ordered)
    return struct.pack("<I", 2) + body


def decode_acl(data: bytes) -> list[tuple[int, int, int | None]]:
    """Decode ``system.posix_acl_access`` bytes into ``(tag, perm, id)`` entries.

    >>> decode_acl(encode_acl([(ACL_USER, 4, 1001), (ACL_USER_OBJ, 6, None)]))
    [(1, 6, None), (2, 4, 1001)]
    """
    (version,) = struct.unpack_from("<I", data, 0)
    if version != 2:
        raise ValueError(f"onbekende ACL-versie {version}")
    out = []
    for offset in range(4, len(data), 8):
        tag, perm, ident = struct.unpack_from("<HHI", data, offset)
        out.append((tag, perm, None if ident == _UNDEFINED_ID else ident))
    return out


def set_user_read_acl(path: str | os.PathLike, uid: int) -> None:
    """Give one extra user read access to ``path`` through a POSIX ACL.

    The owner, group and other bits of the file's mode are kept; the ACL mask is
    ``r--`` so the group (graders) keeps read access and nothing gains write.

    Args:
        path: a file the calling user owns.
        uid: the user who may read it.

    Raises:
        OSError: when the file system does not support ACLs.
    """
    mode = stat.S_IMODE(os.stat(path).st_mode)
    entries = [
        (ACL_USER_OBJ, (mode >> 6) & 7, None),
        (ACL_USER, 4, uid),
        (ACL_GROUP_OBJ, (mode >> 3) & 7, None),
        (ACL_MASK, 4 | ((mode >> 3) & 4), None),
        (ACL_OTHER, mode & 7, None),
    ]
    os.setxattr(path, ACL_XATTR, encode_acl(entries))


def read_acl_users(path: str | os.PathLike) -> dict[int, int]:
    """The named users in the access ACL of ``path``: ``{uid: perm bits}`` (empty if none).

    >>> import tempfile
    >>> read_acl_users(tempfile.mkdtemp())
    {}
    """
    try:
        data = os.getxattr(path, ACL_XATTR)
    except OSError:
        return {}
    return {ident: perm for tag, perm, ident in decode_acl(data) if tag == ACL_USER}


def blocked_message(findings, base: str | os.PathLike | None = None, limit: int = 10) -> str:
    """The Dutch message a student sees when the privacy scan blocks a submission.

    Args:
        findings: :class:`kit.privacy.scan.Finding` objects.
        base: folder to show file names relative to.
        limit: at most this many findings are listed.

    Returns:
        A message that says what was found (masked), where, and what to do.

    >>> from kit.privacy.scan import Finding
    >>> print(blocked_message([Finding("/h/s/a/a.ipynb", "cel 3, regel 1", "TELEFOON", "06-****5678")], "/h/s/a"))
    Je inlevering is NIET verstuurd: er staan mogelijk persoonsgegevens in.
    - a.ipynb, cel 3, regel 1: TELEFOON 06-****5678
    Wat nu: vervang deze gegevens door een pseudoniem (bijvoorbeeld met iids privacy pseudonymise of de pseudonimiseer-widget) of haal ze weg, sla het notebook op en lever opnieuw in. Echte namen, telefoonnummers en adressen horen alleen in je kluis.
    """
    lines = ["Je inlevering is NIET verstuurd: er staan mogelijk persoonsgegevens in."]
    for finding in findings[:limit]:
        name = finding.path
        if base is not None and name:
            try:
                name = os.path.relpath(name, base)
            except ValueError:
                pass
        where = ", ".join(p for p in (name, finding.place) if p)
        lines.append(f"- {where}: {finding.category} {finding.masked}")
    if len(findings) > limit:
        lines.append(f"- ... en nog {len(findings) - limit} andere plek(ken)")
    lines.append("Wat nu: vervang deze gegevens door een pseudoniem (bijvoorbeeld met iids privacy "
                 "pseudonymise of de pseudonimiseer-widget) of haal ze weg, sla het notebook op "
                 "en lever opnieuw in. Echte namen, telefoonnummers en adressen horen alleen in "
                 "je kluis.")
    return "\n".join(lines)


def _chmod_tree(top: str, dir_mode: int, file_mode: int) -> None:
    """Set modes on a tree, directories last so the walk can finish."""
    dirs = []
    for dirname, _subdirs, files in os.walk(top):
        for name in files:
            path = os.path.join(dirname, name)
            if not os.path.islink(path):
                os.chmod(path, file_mode)
        dirs.append(dirname)
    for dirname in reversed(dirs):
        os.chmod(dirname, dir_mode)


class PrivateExchange(Exchange):
    """The exchange's shared behaviour: a root that is never world-writable."""

    graders_group = Unicode(
        "",
        help="Unix group of the course owner and graders; course folders in the exchange "
             "get this group. Empty: the releasing instructor's primary group.",
    ).tag(config=True)

    def ensure_root(self):
        """The root must exist, be searchable and must not be world-writable."""
        if not os.path.isdir(self.root):
            self.fail(f"De uitwisselmap {self.root} bestaat niet. Op de klasserver maakt de "
                      "beheerder hem met 'iids hub prepare' (zie deploy/README.md); staat hier een "
                      "andere map dan die van de hub, kijk dan of JUPYTER_CONFIG_PATH de "
                      "instellingen van de hub bevat (iids hub doctor).")
        mode = stat.S_IMODE(os.stat(self.root).st_mode)
        if mode & stat.S_IWOTH:
            self.fail(f"De uitwisselmap {self.root} is voor iedereen schrijfbaar (rechten "
                      f"{mode:o}); dat is onveilig. De beheerder zet dit recht met "
                      f"'chmod 755 {self.root}'.")
        if not os.access(self.root, os.X_OK):
            self.fail(f"Geen toegang tot de uitwisselmap {self.root}; vraag je docent.")

    def _group_id(self) -> int:
        if self.graders_group:
            try:
                return grp.getgrnam(self.graders_group).gr_gid
            except KeyError:
                self.fail(f"De groep '{self.graders_group}' voor docenten bestaat niet.")
        return os.getgid()


class PrivateExchangeReleaseAssignment(PrivateExchange, ExchangeReleaseAssignment):
    """Release: course folders owned by the instructor with the graders group."""

    def ensure_root(self):  # the default would chmod the root to 0777
        PrivateExchange.ensure_root(self)

    def _private_dir(self, path: str, mode: int) -> None:
        if not os.path.isdir(path):
            os.makedirs(path)
        if os.stat(path).st_uid == os.geteuid():
            os.chown(path, -1, self._group_id())
            os.chmod(path, mode)

    def init_dest(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.outbound_path = os.path.join(self.course_path, "outbound")
        self.inbound_path = os.path.join(self.course_path, "inbound")
        self.feedback_path = os.path.join(self.course_path, "feedback")
        self.dest_path = os.path.join(self.outbound_path, self.coursedir.assignment_id)
        self._private_dir(self.course_path, COURSE_MODE)
        self._private_dir(self.outbound_path, OUTBOUND_MODE)
        self._private_dir(self.inbound_path, INBOUND_MODE)
        self._private_dir(self.feedback_path, FEEDBACK_MODE)

    def copy_files(self):
        if os.path.isdir(self.dest_path):
            if self.force:
                shutil.rmtree(self.dest_path)
            else:
                self.fail(f"Destination already exists, add --force to overwrite: {self.coursedir.course_id} {self.coursedir.assignment_id}")
        self.do_copy(self.src_path, self.dest_path)
        _chmod_tree(self.dest_path, RELEASED_DIR_MODE, RELEASED_FILE_MODE)
        self.log.info("Released as: %s %s", self.coursedir.course_id, self.coursedir.assignment_id)


class PrivateExchangeFetchAssignment(PrivateExchange, ExchangeFetchAssignment):
    """Fetch: unchanged, but with the safe root check."""


class PrivateExchangeList(PrivateExchange, ExchangeList):
    """List: unchanged, but with the safe root check."""


class PrivateExchangeFetchFeedback(PrivateExchange, ExchangeFetchFeedback):
    """Fetch feedback: unchanged (the student reads only files their ACL opens)."""


class PrivateExchangeCollect(PrivateExchange, ExchangeCollect):
    """Collect: each submission whole or not at all, readable only by the course team.

    nbgrader's own collect removes the collected copy before it copies the new one and stops
    at the first submission it cannot read, so one bad folder costs the collected copy of
    that student and every student after it. Here each submission is copied beside its
    place and swapped in only when complete; one that cannot be collected is reported by
    name at the end (exit code 1) while all others are collected.
    """

    def init_src(self):
        """nbgrader's choice of the latest submission per student, among genuine ones only.

        Folders that :func:`submission_refusal` rejects (another student's folder in this
        student's name, a forged timestamp or secret) are set aside before the choice, so
        they can neither replace nor hide the student's real submission; they are named at
        the end of the collect (exit code 1).
        """
        import glob
        from collections import defaultdict

        from nbgrader.api import Gradebook, MissingEntry

        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Cursus niet gevonden in de uitwisselmap: {self.inbound_path}")
        if not os.access(self.inbound_path, os.R_OK | os.X_OK):
            self.fail(f"Je mag de inleveringen in {self.inbound_path} niet lezen: zit je in "
                      "de groep docenten? (iids hub doctor)")
        student_id = self.coursedir.student_id or "*"
        pattern = os.path.join(glob.escape(self.inbound_path),
                               f"{student_id}+{self.coursedir.assignment_id}+*")
        groups = defaultdict(list)
        self.refused = []
        for path in sorted(glob.glob(pattern)):
            reason = submission_refusal(path)
            if reason is not None:
                self.refused.append((os.path.basename(path), reason))
                continue
            rec = self._path_to_record(path)
            groups[rec["username"]].append(rec)
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for records in groups.values():
            records = self._sort_by_timestamp(records)
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in records if r["timestamp"] <= self.duedate]
                records = on_time or records
            self.src_records.append(records[0])

    def _sort_by_timestamp(self, records):
        """Latest first; on equal timestamps the folder that arrived last wins."""
        def key(rec):
            try:
                arrived = os.stat(os.path.join(self.inbound_path, rec["filename"])).st_mtime_ns
            except OSError:
                arrived = 0
            return rec["timestamp"], arrived

        return sorted(records, key=key, reverse=True)

    def copy_files(self):
        if not self.src_records:
            self.log.warning("No submissions of '%s' for course '%s' to collect",
                             self.coursedir.assignment_id, self.coursedir.course_id)
        else:
            self.log.info("Processing %d submissions of '%s' for course '%s'",
                          len(self.src_records), self.coursedir.assignment_id,
                          self.coursedir.course_id)
        failed = []
        for rec in self.src_records:
            try:
                self._collect_one(rec)
            except Exception as exc:  # noqa: BLE001 - one bad folder must not stop the class
                self.log.error("Inlevering %s niet verzameld: %s", rec["filename"], exc)
                failed.append(rec["username"])
        refused = getattr(self, "refused", [])
        for filename, reason in refused:
            self.log.error("Inlevering geweigerd: inbound/%s: %s. Niets van de student op wiens "
                           "naam ze staat is veranderd; bespreek dit met de eigenaar van de map.",
                           filename, reason)
        if refused:
            from kit.hub.alerts import raise_alert

            for filename, reason in refused:
                for problem in raise_alert(
                        f"cursus {self.coursedir.course_id}: inlevering geweigerd bij collect "
                        f"(op naam van een ander?): inbound/{filename}: {reason}"):
                    self.log.warning("Melding: %s", problem)
        if refused and not failed:
            self.fail(f"{len(refused)} map(pen) in inbound geweigerd (zie hierboven); alle echte "
                      "inleveringen zijn verzameld.")
        if failed:
            self.fail(f"{len(failed)} inlevering(en) niet verzameld: {', '.join(sorted(failed))}. "
                      "De andere zijn wel verzameld. Zie de meldingen hierboven; herstel de "
                      "rechten in de inbound-map (iids hub doctor) en verzamel opnieuw.")

    def _wanted(self, rec, dest_path: str) -> bool:
        """nbgrader's rule: collect when new, or with --update when later."""
        if not os.path.isdir(dest_path):
            return True
        existing = self.coursedir.get_existing_timestamp(dest_path)
        new = rec["timestamp"]
        if self.update and (existing is None or new > existing):
            return True
        if self.before_duedate and existing != new:
            return True
        self.log.info("%s: %s %s", "No newer submission to collect" if self.update else
                      "Submission already exists, use --update to update",
                      rec["username"], self.coursedir.assignment_id)
        return False

    def _collect_one(self, rec) -> None:
        student_id = rec["username"]
        src_path = os.path.join(self.inbound_path, rec["filename"])
        dest_path = self.coursedir.format_path(self.coursedir.submitted_directory, student_id,
                                               self.coursedir.assignment_id)
        if not self._wanted(rec, dest_path):
            return
        parent = os.path.dirname(dest_path)
        os.makedirs(parent, exist_ok=True)
        work = tempfile.mkdtemp(prefix=".collect-", dir=parent)
        new, old = os.path.join(work, "new"), os.path.join(work, "old")
        try:
            self.do_copy(src_path, new)
            _chmod_tree(new, 0o770, 0o660)
            updating = os.path.isdir(dest_path)
            if updating:
                os.rename(dest_path, old)
            try:
                os.rename(new, dest_path)
            except BaseException:
                if updating and not os.path.exists(dest_path):
                    os.rename(old, dest_path)
                raise
            self.log.info("%s submission: %s %s", "Updating" if updating else "Collecting",
                          student_id, self.coursedir.assignment_id)
        finally:
            shutil.rmtree(work, ignore_errors=True)


class PrivateExchangeSubmit(PrivateExchange, ExchangeSubmit):
    """Submit: privacy scan first, then a copy only the student and the graders can read."""

    scan = Bool(True, help="Run the kit's privacy scan before submitting.").tag(config=True)
    scan_with_deduce = Bool(
        True, help="Kept for old configuration files: the kit's egress gate always runs "
                   "deduce (a missing part blocks the submission, never a weaker scan).",
    ).tag(config=True)

    def privacy_findings(self):
        """Findings in what the student hands in that the lecturer did not release.

        Through the kit's egress gate (every file type, deduce on). The released
        assignment is compared by exact text, never by masked form: a student's
        "Viorica" is not hidden by a released "Vrijwilliger" that masks alike.
        """
        from kit.privacy.gate import NBGRADER_IGNORE, Released, check

        release = getattr(self, "release_path", "")
        released = Released.from_paths([release] if release and os.path.isdir(release) else [])
        course_ignore = getattr(getattr(self, "coursedir", None), "ignore", None) or []
        ignore = tuple(dict.fromkeys([*NBGRADER_IGNORE, *course_ignore]))
        return check([self.src_path], released=released, ignore_names=ignore)

    def init_dest(self):
        self.later_than_earlier_submissions()
        super().init_dest()

    def earlier_timestamps(self) -> list[datetime.datetime]:
        """The timestamps of this student's earlier submissions of this assignment.

        Read from the student's own submission cache (the student cannot list inbound).
        """
        from nbgrader.utils import get_username, parse_utc

        student = self.coursedir.student_id
        if not student or student == "*":
            student = get_username()
        prefix = f"{student}+{self.coursedir.assignment_id}+"
        try:
            names = os.listdir(os.path.join(self.cache, self.coursedir.course_id))
        except OSError:
            return []
        out = []
        for name in names:
            if name.startswith(prefix):
                try:
                    out.append(parse_utc(name[len(prefix):]))
                except (ValueError, OverflowError):
                    continue
        return out

    def later_than_earlier_submissions(self) -> None:
        """Give this submission a timestamp later than the student's earlier ones.

        nbgrader's collect takes the submission with the latest timestamp, and ``--update``
        replaces a collected one only by a strictly later one. A timestamp equal to an
        earlier one (a ``timestamp_format`` without microseconds and two clicks within a
        second) or earlier (a clock set back) would leave the newest submission uncollected.
        """
        from dateutil.tz import gettz
        from nbgrader.utils import parse_utc

        earlier = self.earlier_timestamps()
        if not earlier:
            return
        latest = max(earlier)
        if parse_utc(self.timestamp) > latest:
            return
        fine = "%f" in self.timestamp_format
        step = datetime.timedelta(microseconds=1) if fine else datetime.timedelta(seconds=1)
        tz = gettz(self.timezone)
        later = (latest + step).astimezone(tz).strftime(self.timestamp_format)
        self.log.warning("Tijdstempel %s is niet later dan je vorige inlevering (%s); deze "
                         "inlevering krijgt %s.", self.timestamp,
                         latest.astimezone(tz).strftime(self.timestamp_format), later)
        self.timestamp = later

    def _private_copy(self, src: str, dest: str, extra: dict[str, str]) -> None:
        from nbgrader.utils import ignore_patterns

        size = self.get_size(src)
        if size > 1000 * self.coursedir.max_dir_size:
            self.fail(f"De map is te groot om in te leveren ({size // 1_000_000} MB).")
        os.mkdir(dest)
        for name, text in extra.items():
            with open(os.path.join(dest, name), "w") as fh:
                fh.write(text)
        skip = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                               max_file_size=self.coursedir.max_file_size, log=self.log)

        def ignore(directory, names):
            # the student's own timestamp.txt or submission_secret.txt never replaces ours
            ignored = set(skip(directory, names))
            if directory == src:
                ignored |= set(extra) & set(names)
            return ignored

        shutil.copytree(src, dest, dirs_exist_ok=True, copy_function=shutil.copyfile,
                        ignore=ignore)

    def copy_files(self):
        self.init_release()
        if self.scan:
            from kit.errors import KitError

            try:
                findings = self.privacy_findings()
            except KitError as exc:  # fail closed: what cannot be scanned is not sent
                message = (f"Je inlevering is NIET verstuurd: de privacyscan kon een bestand "
                           f"niet lezen ({exc}). Herstel of verwijder dat bestand en lever "
                           "opnieuw in.")
                self.log.error(message)  # nbgrader's command line shows only what is logged
                raise SubmissionBlocked(message) from None
            if findings:
                message = blocked_message(findings, self.src_path)
                self.log.error(message)
                raise SubmissionBlocked(message)
        # nbgrader copies with the student's umask and opens the folder to everyone after;
        # here nothing is ever readable by others. The extra files are written first, while
        # the new folder still has the setgid bit it inherits from inbound (copytree's final
        # copystat drops it), so every file belongs to the graders group.
        # The copy is made under a hidden name (collect's glob skips it) and appears under
        # its real name in one rename, complete and readable for the graders: a collect
        # during a submit never sees half a submission.
        import secrets

        secret = secrets.token_hex(64)
        extra = {"timestamp.txt": self.timestamp, "submission_secret.txt": secret}
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        if self.add_random_string:
            cache = os.path.join(self.cache_path, self.assignment_filename.rsplit("+", 1)[0])
        else:
            cache = os.path.join(self.cache_path, self.assignment_filename)
        self.check_filename_diff()
        staging = os.path.join(self.inbound_path, INCOMING_PREFIX + self.assignment_filename)
        old = os.umask(0o077)
        try:
            try:
                self._private_copy(self.src_path, staging, extra)
                _chmod_tree(staging, SUBMISSION_DIR_MODE, SUBMISSION_FILE_MODE)
                os.rename(staging, dest)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            os.makedirs(self.cache_path, exist_ok=True)
            os.chmod(os.path.dirname(self.cache_path), 0o700)
            self._private_copy(self.src_path, cache, extra)
        finally:
            os.umask(old)
        self.log.info("Submitted as: %s %s %s", self.coursedir.course_id,
                      self.coursedir.assignment_id, self.timestamp)


class PrivateExchangeReleaseFeedback(PrivateExchange, ExchangeReleaseFeedback):
    """Release feedback: one file per notebook, readable by the graders and one student."""

    def init_dest(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.outbound_feedback_path = os.path.join(self.course_path, "feedback")
        self.dest_path = self.outbound_feedback_path
        if not os.path.isdir(self.dest_path):
            os.makedirs(self.dest_path)
            os.chown(self.dest_path, -1, self._group_id())
            os.chmod(self.dest_path, FEEDBACK_MODE)

    def student_uid(self, student_id: str) -> int | None:
        """The uid that may read this student's feedback: the Unix user of that name.

        Never the owner of a folder in inbound or anything a student could have planted:
        nbgrader's student id is the student's login name.
        """
        try:
            return pwd.getpwnam(student_id).pw_uid
        except KeyError:
            return None

    def copy_files(self):
        import glob
        import re
        import tempfile

        from nbgrader.utils import notebook_hash

        exclude = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
        regexp = re.escape(os.path.sep).join([
            self.coursedir.format_path(self.coursedir.feedback_directory, "(?P<student_id>.*)",
                                       self.coursedir.assignment_id, escape=True),
            "(?P<notebook_id>.*).html"])
        for html_file in sorted(glob.glob(os.path.join(self.src_path, "*.html"))):
            match = re.match(regexp, html_file)
            if match is None:
                self.log.error("Could not match '%s' with regexp '%s'", html_file, regexp)
                continue
            student_id, notebook_id = match.group("student_id"), match.group("notebook_id")
            if student_id in exclude:
                continue
            feedback_dir = os.path.dirname(html_file)
            with open(os.path.join(feedback_dir, "submission_secret.txt")) as fh:
                secret = fh.read()
            uid = self.student_uid(student_id)
            if uid is None:
                self.log.warning("Geen Unix-gebruiker voor '%s': feedback niet vrijgegeven "
                                 "(geef die via de ELO).", student_id)
                continue
            checksum = notebook_hash(secret=secret, notebook_id=notebook_id)
            target = os.path.join(self.dest_path, f"{checksum}.html")
            fd, tmp = tempfile.mkstemp(prefix=".feedback-", suffix=".tmp", dir=self.dest_path)
            try:
                os.fchmod(fd, FEEDBACK_FILE_MODE)
                with os.fdopen(fd, "wb") as out, open(html_file, "rb") as src:
                    shutil.copyfileobj(src, out)
                set_user_read_acl(tmp, uid)
                os.replace(tmp, target)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
            self.log.info("Feedback vrijgegeven voor '%s' (%s/%s)", student_id,
                          self.coursedir.assignment_id, notebook_id)


#: The names :class:`nbgrader.exchange.ExchangeFactory` takes, mapped to this module's classes.
EXCHANGE_CLASSES = {
    "exchange": "kit.hub.exchange.PrivateExchange",
    "fetch_assignment": "kit.hub.exchange.PrivateExchangeFetchAssignment",
    "fetch_feedback": "kit.hub.exchange.PrivateExchangeFetchFeedback",
    "release_assignment": "kit.hub.exchange.PrivateExchangeReleaseAssignment",
    "release_feedback": "kit.hub.exchange.PrivateExchangeReleaseFeedback",
    "list": "kit.hub.exchange.PrivateExchangeList",
    "submit": "kit.hub.exchange.PrivateExchangeSubmit",
    "collect": "kit.hub.exchange.PrivateExchangeCollect",
}


def configure_exchange(c, *, root: str, graders_group: str = "", course_id: str | None = None,
                       scan_with_deduce: bool = True) -> None:
    """Point an nbgrader config object at the private exchange.

    Args:
        c: the traitlets config (``get_config()`` in ``nbgrader_config.py``).
        root: the exchange root (made with :func:`prepare_root`).
        graders_group: Unix group of the course owner and graders.
        course_id: the nbgrader course id, when set here.
        scan_with_deduce: run deduce in the submit-time scan.

    >>> from traitlets.config import Config
    >>> c = Config()
    >>> configure_exchange(c, root="/srv/x", graders_group="docenten")
    >>> c.ExchangeFactory.submit, c.Exchange.root, c.PrivateExchange.root
    ('kit.hub.exchange.PrivateExchangeSubmit', '/srv/x', '/srv/x')
    """
    for name, cls in EXCHANGE_CLASSES.items():
        setattr(c.ExchangeFactory, name, cls)
    c.Exchange.root = root
    # a course folder's own nbgrader_config.py (loaded later, from the working folder) may set
    # c.Exchange.root for use on a laptop; the more specific section wins, so the hub's root holds
    c.PrivateExchange.root = root
    c.PrivateExchange.graders_group = graders_group
    c.PrivateExchangeSubmit.scan_with_deduce = scan_with_deduce
    if course_id:
        c.CourseDirectory.course_id = course_id


def prepare_root(root: str | os.PathLike, course_id: str | None = None, *,
                 owner: str | int | None = None, group: str | int | None = None) -> Path:
    """Create the exchange root (mode 0755, never world-writable) and the course folder.

    The root belongs to whoever runs this (root on a server); the course folder
    ``root/<course_id>`` to the course owner and the graders group, mode 2755, so the
    owner's ``release_assignment`` can make ``outbound``, ``inbound`` and ``feedback``.

    Args:
        root: the exchange root.
        course_id: the nbgrader course id; without it only the root is made.
        owner: user name or uid of the course owner (default: the caller).
        group: group name or gid of the graders (default: the caller's group).

    Returns:
        The root.

    >>> import tempfile
    >>> p = prepare_root(Path(tempfile.mkdtemp()) / "exchange", "iids")
    >>> oct(p.stat().st_mode & 0o7777), oct((p / "iids").stat().st_mode & 0o7777)
    ('0o755', '0o2755')
    """
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o755)
    if course_id:
        course = path / course_id
        course.mkdir(exist_ok=True)
        uid = pwd.getpwnam(owner).pw_uid if isinstance(owner, str) else (-1 if owner is None else owner)
        gid = grp.getgrnam(group).gr_gid if isinstance(group, str) else (-1 if group is None else group)
        if uid != -1 or gid != -1:
            os.chown(course, uid, gid)
        os.chmod(course, COURSE_MODE)
    return path
