"""The private exchange with real files, real Unix users and real nbgrader commands."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import sys
from pathlib import Path

import nbformat
import pytest

from kit.hub.exchange import (
    FEEDBACK_MODE,
    INBOUND_MODE,
    SUBMISSION_DIR_MODE,
    SUBMISSION_FILE_MODE,
    PrivateExchangeSubmit,
    blocked_message,
    configure_exchange,
    decode_acl,
    encode_acl,
    prepare_root,
    read_acl_users,
    set_user_read_acl,
)
from kit.hub.localhub import can_read, run_as

COURSE = "iids"
BIN = Path(sys.executable).parent
NBGRADER = str(BIN / "nbgrader")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _notebook(path: Path, answer: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Opdracht\nSchrijf je antwoord hieronder."),
                nbformat.v4.new_markdown_cell(answer)]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def _set_answer(path: Path, answer: str) -> None:
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[1].source = answer
    nbformat.write(nb, str(path))


def write_config(folder: Path, root: Path, group: str) -> Path:
    cfg = folder / "cfg"
    cfg.mkdir()
    (cfg / "nbgrader_config.py").write_text(
        "from kit.hub.exchange import configure_exchange\n"
        "c = get_config()\n"
        f"configure_exchange(c, root={str(root)!r}, graders_group={group!r}, "
        f"course_id={COURSE!r}, scan_with_deduce=False)\n")
    os.chmod(cfg, 0o755)
    return cfg


def test_acl_roundtrip_and_blocked_message(tmp_path):
    data = encode_acl([(1, 6, None), (2, 4, 1234), (4, 4, None), (0x10, 4, None), (0x20, 0, None)])
    assert decode_acl(data)[1] == (2, 4, 1234)
    target = tmp_path / "f.html"
    target.write_text("x")
    os.chmod(target, 0o640)
    try:
        set_user_read_acl(target, 4321)
    except OSError:
        pytest.skip("geen ACL-ondersteuning")
    assert read_acl_users(target) == {4321: 4}
    assert _mode(target) == 0o640  # the mode's group bits show the mask: r--
    from kit.privacy.scan import Finding

    msg = blocked_message([Finding(str(tmp_path / "a.ipynb"), "cel 2, regel 1", "TELEFOON",
                                   "06-****5678")] * 12, tmp_path)
    assert "NIET verstuurd" in msg and "a.ipynb, cel 2" in msg and "nog 2 andere" in msg


def test_config_selects_every_private_class():
    from nbgrader.exchange import ExchangeFactory
    from traitlets.config import Config

    c = Config()
    configure_exchange(c, root="/srv/x", graders_group="g")
    factory = ExchangeFactory(config=c)
    assert factory.submit is PrivateExchangeSubmit
    assert all(cls.__module__ == "kit.hub.exchange" for cls in
               (factory.collect, factory.release_assignment, factory.release_feedback,
                factory.fetch_assignment, factory.fetch_feedback, factory.list, factory.exchange))


@pytest.mark.slow
def test_private_exchange_round_trip(unix_users, shared_tmp):
    graders = unix_users.group("doc")
    docent = unix_users.user("docent", (graders,))
    s1, s2 = unix_users.user("s1"), unix_users.user("s2")
    root = prepare_root(shared_tmp / "exchange", COURSE, owner=docent, group=graders)
    cfg = write_config(shared_tmp, root, graders)
    env = {"JUPYTER_CONFIG_DIR": str(cfg)}

    course = shared_tmp / "cursus"
    _notebook(course / "release" / "ps1" / "ps1.ipynb", "Jouw antwoord")
    shutil.chown(course, docent, graders)
    for dirpath, dirs, files in os.walk(course):
        for name in dirs + files:
            shutil.chown(os.path.join(dirpath, name), docent, graders)
    os.chmod(course, 0o2770)

    run_as(docent, [NBGRADER, "release_assignment", "ps1"], cwd=course, env=env)
    inbound = root / COURSE / "inbound"
    assert _mode(inbound) == INBOUND_MODE
    assert _mode(root) == 0o755  # nbgrader's default would make it 0777 (#1225)
    assert os.stat(inbound).st_gid == os.stat(root / COURSE).st_gid

    homes = {u: Path(pwd.getpwnam(u).pw_dir) for u in (s1, s2)}
    for user in (s1, s2):
        run_as(user, [NBGRADER, "fetch_assignment", "ps1"], env=env)
        _set_answer(homes[user] / "ps1" / "ps1.ipynb", f"Antwoord van {user}: de buurt is [PERSOON-1a2b].")
        run_as(user, [NBGRADER, "submit", "ps1"], env=env)

    # a leaking submission is refused before anything is copied, with a Dutch message
    _set_answer(homes[s2] / "ps1" / "ps1.ipynb", "Bel Samira op 06-12345678 voor een afspraak.")
    before = sorted(os.listdir(inbound))
    refused = run_as(s2, [NBGRADER, "submit", "ps1"], env=env, check=False)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "NIET verstuurd" in output and "06-****5678" in output and "TELEFOON" in output
    assert "06-12345678" not in output
    assert sorted(os.listdir(inbound)) == before

    subs = {u: next(p for p in inbound.iterdir() if p.name.startswith(u + "+")) for u in (s1, s2)}
    sub1 = subs[s1]
    assert _mode(sub1) == SUBMISSION_DIR_MODE & 0o777 or _mode(sub1) == SUBMISSION_DIR_MODE
    assert _mode(sub1 / "ps1.ipynb") == SUBMISSION_FILE_MODE
    assert os.stat(sub1 / "ps1.ipynb").st_gid == os.stat(inbound).st_gid

    # student 2: no listing of inbound, no reading of student 1's files even knowing the name
    assert not can_read(s2, inbound)
    assert not can_read(s2, sub1)
    assert not can_read(s2, sub1 / "ps1.ipynb")
    assert not can_read(s2, sub1 / "submission_secret.txt")
    assert can_read(s1, sub1 / "ps1.ipynb")
    assert can_read(docent, inbound) and can_read(docent, sub1 / "ps1.ipynb")

    run_as(docent, [NBGRADER, "collect", "ps1"], cwd=course, env=env)
    collected = course / "submitted" / s1 / "ps1" / "ps1.ipynb"
    assert f"Antwoord van {s1}" in collected.read_text()
    assert (course / "submitted" / s2 / "ps1" / "ps1.ipynb").is_file()

    # feedback (made by hand here; the hub test runs generate_feedback for real)
    for user in (s1, s2):
        fb = course / "feedback" / user / "ps1"
        fb.mkdir(parents=True)
        (fb / "ps1.html").write_text(f"<p>Feedback voor {user}</p>")
        for name in ("timestamp.txt", "submission_secret.txt"):
            shutil.copy(course / "submitted" / user / "ps1" / name, fb / name)
    for dirpath, dirs, files in os.walk(course / "feedback"):
        for name in [dirpath] + [os.path.join(dirpath, n) for n in dirs + files]:
            shutil.chown(name, docent, graders)
    run_as(docent, [NBGRADER, "release_feedback", "ps1"], cwd=course, env=env)
    fbdir = root / COURSE / "feedback"
    assert _mode(fbdir) == FEEDBACK_MODE
    released = sorted(fbdir.glob("*.html"))
    assert len(released) == 2
    assert all(_mode(p) & 0o007 == 0 for p in released)  # nothing world-readable
    uid1 = pwd.getpwnam(s1).pw_uid
    mine = [p for p in released if uid1 in read_acl_users(p)]
    theirs = [p for p in released if p not in mine]
    assert len(mine) == 1 and len(theirs) == 1
    assert can_read(s1, mine[0]) and not can_read(s1, theirs[0])
    assert not can_read(s2, mine[0]) and can_read(s2, theirs[0])
    assert not can_read(s2, fbdir)

    run_as(s1, [NBGRADER, "fetch_feedback", "ps1"], env=env)
    fetched = list((homes[s1] / "ps1" / "feedback").glob("*/ps1.html"))
    assert len(fetched) == 1 and f"Feedback voor {s1}" in fetched[0].read_text()
    # student 2 cannot reach student 1's fetched copy or cache through the home folder
    assert not can_read(s2, fetched[0])
    assert not can_read(s2, homes[s1] / ".local" / "share" / "jupyter" / "nbgrader_cache")
    listing = run_as(s2, [NBGRADER, "list", "--inbound", "--json"], env=env, check=False)
    assert s1 not in listing.stdout


def _submitter(tmp_path, text: str, extra: dict[str, str] | None = None) -> PrivateExchangeSubmit:
    """A submit object pointed at a student folder and a release, as nbgrader sets it up."""
    release = tmp_path / "release" / "ps1"
    _notebook(release / "ps1.ipynb", "Schrijf je antwoord. Vragen: mail docent@example.org")
    student = tmp_path / "student" / "ps1"
    _notebook(student / "ps1.ipynb", text)
    for name, content in (extra or {}).items():
        (student / name).parent.mkdir(parents=True, exist_ok=True)
        (student / name).write_text(content)
    sub = PrivateExchangeSubmit(scan_with_deduce=False)
    sub.src_path, sub.release_path = str(student), str(release)
    return sub


def test_scan_ignores_what_the_release_already_contained(tmp_path):
    sub = _submitter(tmp_path, "Vragen: mail docent@example.org. De buurt [PERSOON-1a2b] praat mee.")
    assert sub.privacy_findings() == []
    _set_answer(Path(sub.src_path) / "ps1.ipynb", "Mail ook fatima.k@gmail.com")
    assert [f.category for f in sub.privacy_findings()] == ["EMAIL"]


def test_scan_finds_phone_numbers_in_work_folder_csv(tmp_path):
    sub = _submitter(tmp_path, "Mijn antwoord.", {"mijn-werk/narratieven.csv":
                                                   "id,tekst\n1,Bel me op +48 512 345 678\n"})
    findings = sub.privacy_findings()
    assert [f.category for f in findings] == ["TELEFOON"]
    message = blocked_message(findings, sub.src_path)
    assert "mijn-werk/narratieven.csv, rij 2, kolom 'tekst'" in message
    assert "512 345 678" not in message


def test_unreadable_file_blocks_with_a_dutch_message(tmp_path):
    sub = _submitter(tmp_path, "Mijn antwoord.", {"mijn-werk/kapot.csv": "a,b\n\x00\x01\n"})
    sub.init_release = lambda: None
    sub.scan = True
    with pytest.raises(Exception) as info:
        sub.copy_files()
    assert type(info.value).__name__ == "SubmissionBlocked"
    assert "NIET verstuurd" in str(info.value) and "kapot.csv" in str(info.value)


# --- submissions are never lost: whole or absent, the newest wins ----------------------------
def _local_exchange(tmp_path, timestamp_format: str | None = None):
    """An exchange, a release and a student folder, driven in-process as the current user."""
    from traitlets.config import Config

    root = prepare_root(tmp_path / "exchange", COURSE)
    _notebook(root / COURSE / "outbound" / "ps1" / "ps1.ipynb", "Jouw antwoord")
    inbound = root / COURSE / "inbound"
    inbound.mkdir()
    os.chmod(inbound, INBOUND_MODE)
    student = tmp_path / "student"
    _notebook(student / "ps1" / "ps1.ipynb", "Mijn eerste antwoord")
    c = Config()
    configure_exchange(c, root=str(root), course_id=COURSE, scan_with_deduce=False)
    c.Exchange.cache = str(tmp_path / "cache")
    c.Exchange.assignment_dir = str(student)
    (tmp_path / "cursus").mkdir()
    c.CourseDirectory.root = str(tmp_path / "cursus")
    c.CourseDirectory.assignment_id = "ps1"
    if timestamp_format:
        c.Exchange.timestamp_format = timestamp_format
    return c, inbound, student / "ps1"


def _exchange_app(name: str, c):
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    cls = getattr(ExchangeFactory(config=c), name)
    return cls(coursedir=CourseDirectory(config=c), authenticator=Authenticator(config=c),
               config=c)


def _submissions(inbound: Path) -> list[Path]:
    """What nbgrader's collect sees in inbound (its own glob.glob, which skips dot names)."""
    import glob

    return sorted(Path(p) for p in glob.glob(os.path.join(inbound, "*+ps1+*")))


def test_a_submission_appears_in_inbound_only_when_complete(tmp_path, monkeypatch):
    import kit.hub.exchange as exchange

    c, inbound, _ = _local_exchange(tmp_path)
    seen_while_copying = []
    real_chmod_tree = exchange._chmod_tree

    def chmod_tree(top, dir_mode, file_mode):
        if str(top).startswith(str(inbound)):
            seen_while_copying.append(_submissions(inbound))  # what a collect right now would see
        real_chmod_tree(top, dir_mode, file_mode)

    monkeypatch.setattr(exchange, "_chmod_tree", chmod_tree)
    _exchange_app("Submit", c).start()
    assert seen_while_copying == [[]]
    [sub] = _submissions(inbound)
    assert sorted(os.listdir(sub)) == ["ps1.ipynb", "submission_secret.txt", "timestamp.txt"]
    assert os.listdir(inbound) == [sub.name]  # no hidden copy left behind

    # a submit that fails half-way leaves nothing a collect could take for a submission
    def broken(top, dir_mode, file_mode):
        raise OSError("schijf vol")

    monkeypatch.setattr(exchange, "_chmod_tree", broken)
    with pytest.raises(OSError):
        _exchange_app("Submit", c).start()
    assert os.listdir(inbound) == [sub.name]


def test_the_students_own_timestamp_file_is_not_submitted(tmp_path):
    c, inbound, folder = _local_exchange(tmp_path)
    (folder / "timestamp.txt").write_text("2000-01-01 00:00:00.000000 UTC")  # forged: on time
    (folder / "submission_secret.txt").write_text("geraden")
    _exchange_app("Submit", c).start()
    [sub] = _submissions(inbound)
    assert (sub / "timestamp.txt").read_text() == sub.name.split("+")[2]
    assert (sub / "submission_secret.txt").read_text() != "geraden"


def test_a_resubmission_is_collected_even_after_the_clock_went_back(tmp_path):
    import datetime

    from nbgrader.utils import parse_utc

    c, inbound, folder = _local_exchange(tmp_path)
    _exchange_app("Submit", c).start()
    # the first submission was made while the clock ran an hour ahead
    [first] = _submissions(inbound)
    [cached] = (tmp_path / "cache" / COURSE).iterdir()
    stamp = first.name.split("+")[2]
    ahead = (parse_utc(stamp) + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    for path in (first, cached):
        os.rename(path, path.with_name(path.name.replace(stamp, ahead)))
        (path.with_name(path.name.replace(stamp, ahead)) / "timestamp.txt").write_text(ahead)
    _set_answer(folder / "ps1.ipynb", "Mijn verbeterde antwoord")
    _exchange_app("Submit", c).start()
    stamps = sorted(parse_utc(p.name.split("+")[2]) for p in _submissions(inbound))
    assert len(stamps) == 2 and stamps[1] > parse_utc(ahead)

    collect = _exchange_app("Collect", c)
    collect.update = True
    collect.start()
    collected = tmp_path / "cursus" / "submitted" / pwd.getpwuid(os.getuid()).pw_name / "ps1"
    assert "Mijn verbeterde antwoord" in (collected / "ps1.ipynb").read_text()


def test_two_submissions_within_one_second_stay_apart(tmp_path):
    from nbgrader.utils import parse_utc

    c, inbound, folder = _local_exchange(tmp_path, timestamp_format="%Y-%m-%d %H:%M:%S %Z")
    _exchange_app("Submit", c).start()
    _set_answer(folder / "ps1.ipynb", "Mijn tweede antwoord")
    _exchange_app("Submit", c).start()  # a double click: same second
    subs = _submissions(inbound)
    first, second = sorted(parse_utc(p.name.split("+")[2]) for p in subs)
    assert second > first
    collect = _exchange_app("Collect", c)
    collect.start()
    collected = tmp_path / "cursus" / "submitted" / pwd.getpwuid(os.getuid()).pw_name / "ps1"
    assert "Mijn tweede antwoord" in (collected / "ps1.ipynb").read_text()
