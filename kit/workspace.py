"""One workspace per student for the whole course.

Every module and every assignment finds the student's work the same way,
:func:`workspace`: the folder ``mijn-werk`` in the student's home (on the hub
that is the student's own home), or the folder that ``IIDS_WERKMAP`` names
(a test, or a lecturer who wants it elsewhere). Module 07 writes its codings
there, module 09 reads them back, the handreiking of module 11 finds the map,
the plan and the counter-story of the modules before it.

Each nbgrader assignment hands in the folder beside its notebook. So an
assignment notebook calls :func:`assignment_workspace`: it copies the student's
workspace into ``mijn-werk/`` beside the notebook (the *inleverkopie*) and
returns the workspace to read and write. The copy carries a small mark with the
workspace it was made from; when the lecturer's autograde runs the notebook,
that mark names a workspace that is not the lecturer's, and the notebook reads
the handed-in copy instead.

>>> import os, tempfile, pathlib
>>> home = pathlib.Path(tempfile.mkdtemp())
>>> os.environ["IIDS_WERKMAP"] = str(home / "mijn-werk")
>>> werk = workspace()
>>> werk == home / "mijn-werk", werk.is_dir()
(True, True)
>>> _ = (werk / "coderingen.csv").write_text("document,code\\n", encoding="utf-8")
>>> opdracht = home / "narratieven"; opdracht.mkdir()
>>> assignment_workspace(opdracht) == werk
True
>>> sorted(p.name for p in (opdracht / "mijn-werk").iterdir())
['.werkmap-kopie', 'coderingen.csv']
>>> del os.environ["IIDS_WERKMAP"]
"""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

from kit.config import WORK_FOLDER
from kit.errors import InputError

__all__ = ["workspace", "practice_folder", "practice_root", "where", "where_line", "assignment_workspace",
           "hand_in_copy", "ready_to_hand_in", "COPY_MARK", "ENV"]

#: Environment variable that moves the workspace (tests, a lecturer's own set-up).
ENV = "IIDS_WERKMAP"
#: File in an assignment's hand-in copy naming the workspace it was copied from.
COPY_MARK = ".werkmap-kopie"
#: Never copied into a hand-in: caches and editor leftovers.
_SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.tmp", "*~", COPY_MARK)


def workspace(*, create: bool = True) -> Path:
    """The student's one workspace: ``$IIDS_WERKMAP``, else ``~/mijn-werk``.

    Args:
        create: make the folder when it does not exist yet.

    Returns:
        The absolute path of the workspace.

    Raises:
        InputError: when the path exists but is not a folder.
    """
    raw = os.environ.get(ENV)
    path = Path(raw).expanduser() if raw else Path.home() / WORK_FOLDER
    path = path.absolute()
    if path.exists() and not path.is_dir():
        raise InputError("je werkmap is geen map maar een bestand; hernoem of verwijder het",
                         path=path)
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def practice_folder(name: str) -> Path:
    """A fresh, empty folder for a module's practice data, beside (never inside) the workspace.

    Practice stories, practice records and practice handreikingen never enter what a
    student hands in or what the evaluation harvests: they live in ``mijn-werk-oefenen/``.
    Each call empties the folder first, so Restart & Run All gives the same result.

    >>> import os, tempfile
    >>> os.environ["IIDS_WERKMAP"] = os.path.join(tempfile.mkdtemp(), "mijn-werk")
    >>> first = practice_folder("verhalen"); _ = (first / "x.csv").write_text("x")
    >>> practice_folder("verhalen") == first, list(first.iterdir())
    (True, [])
    >>> first.parent.name
    'mijn-werk-oefenen'
    >>> del os.environ["IIDS_WERKMAP"]
    """
    if not name or "/" in name or name.startswith("."):
        raise InputError(f"'{name}' is geen geldige naam voor een oefenmap")
    folder = practice_root() / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def practice_root() -> Path:
    """The folder beside the workspace that holds every module's practice folder (``mijn-werk-oefenen``)."""
    work = workspace(create=False)
    return work.with_name(work.name + "-oefenen")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def where(path: str | os.PathLike) -> str:
    """Whether ``path`` is in the workspace (``"werkmap"``), a practice folder (``"oefenmap"``) or elsewhere.

    >>> import os, tempfile
    >>> os.environ["IIDS_WERKMAP"] = os.path.join(tempfile.mkdtemp(), "mijn-werk")
    >>> where(workspace() / "coderingen.csv"), where(practice_folder("07") / "x.csv"), where("/tmp")
    ('werkmap', 'oefenmap', 'elders')
    >>> del os.environ["IIDS_WERKMAP"]
    """
    target = Path(path).absolute()
    if _inside(target, practice_root()):
        return "oefenmap"
    if _inside(target, workspace(create=False)):
        return "werkmap"
    return "elders"


def where_line(path: str | os.PathLike) -> str:
    """One Dutch line that says where ``path`` is and whether it goes with a hand-in.

    >>> import os, tempfile
    >>> os.environ["IIDS_WERKMAP"] = os.path.join(tempfile.mkdtemp(), "mijn-werk")
    >>> where_line(workspace() / "narratieven.csv")
    'Dit komt in je werkmap (mijn-werk/narratieven.csv): je eigen werk, dat meegaat met je opdrachten.'
    >>> where_line(practice_folder("05-verhalen") / "narratieven.csv")
    'Dit is oefenen: het komt in de oefenmap (mijn-werk-oefenen/05-verhalen/narratieven.csv), niet in je werkmap, en gaat nooit mee met je inlevering.'
    >>> del os.environ["IIDS_WERKMAP"]
    """
    target = Path(path).absolute()
    kind = where(target)
    if kind == "werkmap":
        work = workspace(create=False)
        shown = (Path(work.name) / target.resolve().relative_to(work.resolve())).as_posix()
        return f"Dit komt in je werkmap ({shown}): je eigen werk, dat meegaat met je opdrachten."
    if kind == "oefenmap":
        root = practice_root()
        shown = (Path(root.name) / target.resolve().relative_to(root.resolve())).as_posix()
        return (f"Dit is oefenen: het komt in de oefenmap ({shown}), niet in je werkmap, "
                "en gaat nooit mee met je inlevering.")
    return f"Dit komt in {target}."


def _fingerprint(path: Path) -> str:
    """A hash of the workspace's path: names the origin without the user's home folder."""
    import hashlib

    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]


def _handed_in(folder: Path) -> bool:
    """Whether ``folder`` is a handed-in assignment (nbgrader's timestamp, or its folders).

    >>> _handed_in(Path("/cursus/autograded/s1/narratieven")), _handed_in(Path("/home/s1/narratieven"))
    (True, False)
    """
    return ((folder / "timestamp.txt").is_file()
            or folder.parent.parent.name in {"submitted", "autograded", "feedback"})


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def assignment_workspace(folder: str | os.PathLike = ".") -> Path:
    """The work folder an assignment notebook reads and writes.

    For the student: the workspace (``workspace()``), after copying it into
    ``folder/mijn-werk`` so that nbgrader hands it in. For the lecturer's
    autograde (the copy was made from another person's workspace) or an older
    hand-in without a mark: the hand-in copy itself, untouched.

    Args:
        folder: the assignment's folder (the notebook's folder).

    Returns:
        The folder to use.
    """
    base = Path(folder).absolute()
    local = base / WORK_FOLDER
    mark = local / COPY_MARK
    if _handed_in(base):
        return local  # a submission (being graded): only what the student handed in counts
    if local.is_dir() and not mark.is_file() and any(local.iterdir()):
        return local  # an older hand-in
    if mark.is_file():
        origin = mark.read_text(encoding="utf-8").strip()
        if origin != _fingerprint(workspace(create=False)):
            return local  # someone else's hand-in, being graded here
    work = workspace()
    if _same(local, work):
        return work
    hand_in_copy(folder)
    return work


def hand_in_copy(folder: str | os.PathLike = ".") -> Path:
    """Make ``folder/mijn-werk`` an exact copy of the workspace (for handing in).

    Files that changed are replaced one by one (each written under a temporary name
    and renamed); files no longer in the workspace are removed from the copy. A folder
    ``mijn-werk`` without the copy mark is not the kit's copy and is never emptied.

    Returns:
        The hand-in copy.

    Raises:
        InputError: when ``folder/mijn-werk`` holds work that is not a copy of the workspace.

    >>> import os, tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> os.environ["IIDS_WERKMAP"] = str(base / "w")
    >>> _ = (workspace() / "a.csv").write_text("x", encoding="utf-8")
    >>> (base / "opdracht").mkdir()
    >>> copy = hand_in_copy(base / "opdracht")
    >>> (workspace() / "a.csv").unlink()
    >>> _ = (workspace() / "b.csv").write_text("y", encoding="utf-8")
    >>> sorted(p.name for p in hand_in_copy(base / "opdracht").iterdir())
    ['.werkmap-kopie', 'b.csv']
    >>> del os.environ["IIDS_WERKMAP"]
    """
    work = workspace()
    local = Path(folder).absolute() / WORK_FOLDER
    mark = local / COPY_MARK
    if local.is_dir() and not mark.is_file() and any(local.iterdir()):
        raise InputError("deze map is geen kopie van je werkmap; de kit vult hem niet aan. "
                         f"Zet wat erin staat eerst in je werkmap ({work})", path=local)
    local.mkdir(parents=True, exist_ok=True)
    wanted: set[Path] = set()
    for root, dirs, files in os.walk(work):
        ignored = _SKIP(root, [*dirs, *files])
        dirs[:] = sorted(d for d in dirs if d not in ignored)
        rel = Path(root).relative_to(work)
        (local / rel).mkdir(exist_ok=True)
        wanted.add(rel)
        for name in sorted(files):
            if name in ignored:
                continue
            src, dest = Path(root) / name, local / rel / name
            wanted.add(rel / name)
            if dest.is_file() and filecmp.cmp(src, dest, shallow=False):
                continue
            tmp = dest.with_name(f".{name}.kopie.tmp")
            shutil.copyfile(src, tmp)
            os.replace(tmp, dest)
    for root, _dirs, files in os.walk(local, topdown=False):
        rel = Path(root).relative_to(local)
        for name in files:
            if rel == Path(".") and name == COPY_MARK:
                continue
            if rel / name not in wanted:
                (Path(root) / name).unlink()
        if rel != Path(".") and rel not in wanted and not any(Path(root).iterdir()):
            Path(root).rmdir()
    tmp = local / (COPY_MARK + ".tmp")
    tmp.write_text(_fingerprint(work) + "\n", encoding="utf-8")
    os.replace(tmp, mark)
    return local


def ready_to_hand_in(folder: str | os.PathLike = ".") -> str:
    """Bring the hand-in copy up to date (last cell of an assignment); a Dutch line.

    In a submission being graded nothing is copied: what the student handed in counts.

    >>> import os, tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> os.environ["IIDS_WERKMAP"] = str(base / "w")
    >>> (base / "opdracht").mkdir()
    >>> ready_to_hand_in(base / "opdracht")
    'Je werkmap is gekopieerd naar mijn-werk in deze opdracht (0 bestanden). Je kunt nu inleveren.'
    >>> del os.environ["IIDS_WERKMAP"]
    """
    base = Path(folder).absolute()
    used = assignment_workspace(base)
    local = base / WORK_FOLDER
    if used == local:
        return "Dit is een ingeleverde opdracht: de kit laat de map mijn-werk zoals hij is."
    count = sum(1 for p in local.rglob("*") if p.is_file() and p.name != COPY_MARK)
    return (f"Je werkmap is gekopieerd naar mijn-werk in deze opdracht ({count} bestanden). "
            "Je kunt nu inleveren.")
