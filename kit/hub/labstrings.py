"""nbgrader's JupyterLab extension in Dutch: a translated copy that JupyterLab serves instead.

nbgrader's lab extension writes its texts straight into its JavaScript ("Released
assignments", "Fetch", "Submit", "Invalid Submission"): no translation domain, so the
Dutch language pack cannot reach them. :func:`build_dutch_labextension` copies the
installed extension to a folder of the class server and replaces the texts a student or
lecturer sees with Dutch (:data:`DUTCH`); the hub's role config puts that folder first in
``LabServerApp.extra_labextensions_path``, and JupyterLab then serves the copy (the first
folder with an extension of that name wins; file names stay the same).

It fails loudly: a text of :data:`DUTCH` that the installed nbgrader does not contain (a
new nbgrader changed its wording) stops the build with the list, so the catalogue is kept
up to date instead of silently leaving English. Rebuild after every nbgrader update
(``iids hub prepare`` does it).

>>> text, missing = translate_js('a.innerText="Fetch";b="Released assignments"', DUTCH)
>>> text
'a.innerText="Ophalen";b="Vrijgegeven opdrachten"'
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from kit.errors import KitError

__all__ = ["DUTCH", "QUOTED_ONLY", "quoted_only", "translate_js", "installed_labextension",
           "build_dutch_labextension", "EXTENSION"]

EXTENSION = "@jupyter/nbgrader"

#: English text in nbgrader's lab extension -> Dutch. Short single words are replaced only
#: as a whole quoted string (see :data:`QUOTED_ONLY`); longer texts wherever they occur.
DUTCH: dict[str, str] = {
    # the assignment list (students)
    "Released, downloaded, and submitted assignments for course:":
        "Opdrachten (vrijgegeven, opgehaald, ingeleverd) voor de cursus:",
    "Loading, please wait...": "Laden, even geduld...",
    "Toggle Dropdown": "Keuzelijst openen",
    "Refresh assignments list": "Opdrachtenlijst vernieuwen",
    "Released assignments": "Vrijgegeven opdrachten",
    "There are no assignments to fetch.": "Er zijn geen opdrachten om op te halen.",
    "Downloaded assignments": "Opgehaalde opdrachten",
    "There are no downloaded assignments.": "Je hebt nog geen opdrachten opgehaald.",
    "Submitted assignments": "Ingeleverde opdrachten",
    "There are no submitted assignments.": "Je hebt nog niets ingeleverd.",
    "Fetch": "Ophalen",
    "Fetching...": "Ophalen...",
    "Submit": "Inleveren",
    "submitting...": "inleveren...",
    "Fetch Feedback": "Feedback ophalen",
    "Fetching Feedback...": "Feedback ophalen...",
    " (view feedback)": " (feedback bekijken)",
    " (feedback available to fetch)": " (feedback klaar om op te halen)",
    "Error fetching assignment.": "Ophalen van de opdracht is mislukt.",
    "Error fetching feedback.": "Ophalen van de feedback is mislukt.",
    "Error submitting assignment.": "Inleveren is mislukt.",
    "Invalid Submission": "Inlevering geweigerd",
    "Assignment not submitted:": "Opdracht niet ingeleverd:",
    "Assignments": "Opdrachten",
    "Assignment List": "Opdrachtenlijst",
    # validating (students)
    "Validate": "Controleren",
    "Validating...": "Controleren...",
    "Validate Assignment": "Opdracht controleren",
    "Error validating assignment.": "Controleren is mislukt.",
    "Validation Results": "Resultaat van de controle",
    "Success! Your notebook passes all the tests.":
        "Gelukt! Je notebook slaagt voor alle controles.",
    "Validation failed": "Controle niet geslaagd",
    "The following cell failed:": "Deze cel is niet geslaagd:",
    "The following cell passed:": "Deze cel is geslaagd:",
    "The source of the following cell has changed, but it should not have!":
        "Deze cel is veranderd, maar dat mag niet!",
    "There was an error running the validate command:": "Er ging iets mis bij het controleren:",
    "Version Mismatch": "Versies verschillen",
    # the lecturer's side (menu, formgrader list, course list)
    "Courses": "Cursussen",
    "No courses found.": "Geen cursussen gevonden.",
    "Error fetching courses!": "Ophalen van de cursussen is mislukt!",
    "Available formgraders": "Beschikbare formgraders",
    "There are no available formgrader services.": "Er zijn geen formgraders beschikbaar.",
    "Refresh formgrader list": "Lijst met formgraders vernieuwen",
    "Course List": "Cursuslijst",
}



def quoted_only(english: str) -> bool:
    """Short texts (also words in code) are replaced only as a whole quoted string.

    >>> quoted_only("Fetch"), quoted_only("Released assignments")
    (True, False)
    """
    return " " not in english.strip() or len(english) <= 12


#: The texts of :data:`DUTCH` that are replaced only as a whole quoted string.
QUOTED_ONLY = frozenset(k for k in DUTCH if quoted_only(k))


def translate_js(text: str, catalogue: dict[str, str]) -> tuple[str, set[str]]:
    """``text`` with every catalogue text replaced; also the texts it did not contain.

    >>> translate_js('x="Submit";y="Submitted"', {"Submit": "Inleveren"})
    ('x="Inleveren";y="Submitted"', set())
    >>> translate_js('x="a"', {"Submit": "Inleveren"})[1]
    {'Submit'}
    """
    missing: set[str] = set()
    # Longest first, so that "Fetch Feedback" is not cut up by "Fetch".
    for english in sorted(catalogue, key=len, reverse=True):
        dutch = catalogue[english]
        found = False
        if quoted_only(english):
            for quote in ('"', "'", "`"):
                quoted = f"{quote}{english}{quote}"
                if quoted in text:
                    found = True
                    text = text.replace(quoted, f"{quote}{dutch}{quote}")
        elif english in text:
            found = True
            text = text.replace(english, dutch)
        if not found:
            missing.add(english)
    return text, missing


def installed_labextension(exclude: str | os.PathLike | None = None) -> Path:
    """The folder of nbgrader's installed lab extension (the first that JupyterLab finds)."""
    from jupyter_core.paths import jupyter_path

    skip = Path(exclude).resolve() if exclude else None
    for base in jupyter_path("labextensions"):
        folder = Path(base) / EXTENSION
        if (folder / "package.json").is_file() and (skip is None or not
                                                     folder.resolve().is_relative_to(skip)):
            return folder
    raise KitError(f"de JupyterLab-uitbreiding van nbgrader ({EXTENSION}) is niet "
                   f"geïnstalleerd in deze omgeving")


def build_dutch_labextension(target: str | os.PathLike,
                             catalogue: dict[str, str] | None = None) -> Path:
    """Write the Dutch copy of nbgrader's lab extension to ``<target>/@jupyter/nbgrader``.

    The copy is made next to its place and then moved there (never half-written). Raises
    :class:`~kit.errors.KitError` naming every catalogue text that nbgrader no longer has.

    Returns:
        The extension folder written.
    """
    catalogue = DUTCH if catalogue is None else catalogue
    target = Path(target)
    source = installed_labextension(exclude=target)
    dest = target / EXTENSION
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".nbgrader-nl-", dir=dest.parent))
    try:
        copy = staging / "nbgrader"
        shutil.copytree(source, copy)
        found_anywhere: set[str] = set()
        for js in sorted((copy / "static").glob("*.js")):
            text = js.read_text(encoding="utf-8")
            new, missing = translate_js(text, catalogue)
            found_anywhere |= set(catalogue) - missing
            if new != text:
                js.write_text(new, encoding="utf-8")
        lost = sorted(set(catalogue) - found_anywhere)
        if lost:
            raise KitError("deze teksten staan niet (meer) in de uitbreiding van nbgrader "
                           f"{_version(source)}; werk kit/hub/labstrings.py bij: "
                           + "; ".join(repr(t) for t in lost), path=source)
        old = None
        if dest.exists():
            old = staging / "oud"
            dest.rename(old)
        copy.rename(dest)
        for folder in [dest, *[p for p in dest.rglob("*") if p.is_dir()]]:
            folder.chmod(0o755)
        for file in (p for p in dest.rglob("*") if p.is_file()):
            file.chmod(0o644)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def _version(folder: Path) -> str:
    try:
        return str(json.loads((folder / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "?"
