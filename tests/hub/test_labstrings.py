"""nbgrader's lab extension in Dutch: every catalogue text is found in the installed
nbgrader and replaced; a text that nbgrader no longer has stops the build (no silent English)."""

from __future__ import annotations

import json

import pytest

from kit.errors import KitError
from kit.hub.labstrings import DUTCH, build_dutch_labextension, installed_labextension


def test_the_copy_has_every_visible_text_in_dutch(tmp_path):
    source = installed_labextension()
    lab = build_dutch_labextension(tmp_path / "labextensions")
    # same extension, same files (JupyterLab loads them by these names)
    assert json.loads((lab / "package.json").read_text())["name"] == "@jupyter/nbgrader"
    assert sorted(p.name for p in (lab / "static").iterdir()) == \
        sorted(p.name for p in (source / "static").iterdir())
    text = "".join(p.read_text() for p in (lab / "static").glob("*.js"))
    for english in ("Released assignments", "Downloaded assignments", "Submitted assignments",
                    "Invalid Submission", "Success! Your notebook passes all the tests.",
                    '"Fetch"', '"Submit"', '"Validate"', "There are no assignments to fetch."):
        assert english not in text, english
    for dutch in ("Vrijgegeven opdrachten", "Inlevering geweigerd", '"Ophalen"', '"Inleveren"',
                  '"Controleren"', "Er zijn geen opdrachten om op te halen."):
        assert dutch in text, dutch
    # the original stays English
    assert "Released assignments" in "".join(p.read_text()
                                             for p in (source / "static").glob("*.js"))
    # built again over itself: same result (the installed original is the source, not the copy)
    again = build_dutch_labextension(tmp_path / "labextensions")
    assert "".join(p.read_text() for p in (again / "static").glob("*.js")) == text


def test_a_text_nbgrader_no_longer_has_stops_the_build(tmp_path):
    catalogue = dict(DUTCH, **{"Hand in your homework now": "Lever nu in"})
    with pytest.raises(KitError, match="Hand in your homework now"):
        build_dutch_labextension(tmp_path / "labextensions", catalogue)
    assert not (tmp_path / "labextensions" / "@jupyter" / "nbgrader").exists()
