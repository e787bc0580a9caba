"""Hidden tests stay hidden in every feedback route, nbgrader's own included.

nbgrader's ``generate_feedback`` (the formgrader's feedback button) renders the autograded
notebook, in which autograde has put the hidden tests back: their code, and the traceback
of a failing hidden test, reach the student (nbgrader #917, #1156, #1363). The course's
``nbgrader_config.py`` puts :class:`kit.grading.strip_hidden.StripHiddenTests` into ``GenerateFeedback.preprocessors``:
it removes the hidden region from every test cell and replaces the outputs of such a cell
by one Dutch line: which visible check failed with its message, or that a hidden check
failed, never what it checked. The kit's own feedback page uses :func:`failure_summary` too.

>>> source = 'assert f(2) == 4, "f verdubbelt"\\n### BEGIN HIDDEN TESTS\\nassert f(3) == 6\\n### END HIDDEN TESTS'
>>> hidden_lines(source)
{2, 3, 4}
>>> tb = ["\\x1b[0;31mAssertionError\\x1b[0m   Traceback", "Cell \\x1b[0;32mIn[3], line 1\\x1b[0m"]
>>> failure_summary(source, [{"output_type": "error", "ename": "AssertionError",
...                           "evalue": "f verdubbelt", "traceback": tb}])
'Niet geslaagd: `assert f(2) == 4, "f verdubbelt"` (AssertionError: f verdubbelt)'
>>> tb[1] = "Cell In[3], line 3"
>>> failure_summary(source, [{"output_type": "error", "ename": "AssertionError",
...                           "evalue": "", "traceback": tb}])
'Een verborgen controle is niet geslaagd (welke, blijft verborgen).'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["BEGIN", "END", "hidden_lines", "failure_summary",
           "HIDDEN_FAILED", "configure_feedback", "FEEDBACK_PREPROCESSORS"]

BEGIN = "BEGIN HIDDEN TESTS"
END = "END HIDDEN TESTS"
HIDDEN_FAILED = "Een verborgen controle is niet geslaagd (welke, blijft verborgen)."
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FRAME = re.compile(r"(?:Cell In\s*\[[^\]]*\]|<ipython-input-[^>]*>|File <[^>]*>),?\s*"
                         r"line (\d+)")


def hidden_lines(source: str) -> set[int]:
    """1-based numbers of the lines of a cell inside (and on) its hidden-test markers."""
    out: set[int] = set()
    inside = False
    for number, line in enumerate(source.split("\n"), start=1):
        if BEGIN in line:
            inside = True
        if inside:
            out.add(number)
        if END in line:
            inside = False
    return out


def _failing_line(traceback: list[str]) -> int | None:
    """The line of the cell itself where the error was raised (its first frame)."""
    for entry in traceback:
        match = _CELL_FRAME.search(_ANSI.sub("", entry))
        if match:
            return int(match.group(1))
    return None


def failure_summary(source: str, outputs: list[Any]) -> str | None:
    """One Dutch line about a failing test cell, without anything hidden; ``None`` if it passed.

    Args:
        source: the cell's source as it ran (hidden tests included).
        outputs: the cell's outputs after autograde.

    A failure on a visible line shows that line and the error message (the student has
    that line already); a failure on a hidden line, or one that cannot be placed, says
    only that a hidden check failed.
    """
    error = next((o for o in outputs if o.get("output_type") == "error"), None)
    if error is None:
        return None
    hidden = hidden_lines(source)
    line = _failing_line(list(error.get("traceback") or []))
    if line is None or line in hidden:
        return HIDDEN_FAILED if hidden else "Deze controle is niet geslaagd."
    lines = source.split("\n")
    code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    ename = str(error.get("ename") or "Fout")
    evalue = _ANSI.sub("", str(error.get("evalue") or "")).strip().splitlines()
    message = f"{ename}: {evalue[0]}" if evalue else ename
    return f"Niet geslaagd: `{code}` ({message})" if code else f"Niet geslaagd ({message})"


#: The preprocessors of nbgrader's own feedback, by name (imported when nbgrader converts).
FEEDBACK_PREPROCESSORS = ["nbgrader.preprocessors.GetGrades",
                          "kit.grading.strip_hidden.StripHiddenTests",
                          "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"]


def configure_feedback(c) -> None:
    """Make nbgrader's own feedback strip hidden tests; call it in every ``nbgrader_config.py``.

    The course folder's config calls it, and so must a config that nbgrader reads instead,
    such as the docent role's config on the class server (the formgrader there reads the
    Jupyter config path, not the course folder).

    The preprocessors are given by name (nbconvert imports them when it converts), so a
    command that only reads the course's config does not import nbconvert.

    >>> from traitlets.config import Config
    >>> c = Config(); configure_feedback(c)
    >>> "kit.grading.strip_hidden.StripHiddenTests" in c.GenerateFeedback.preprocessors
    True
    """
    c.ClearHiddenTests.enforce_metadata = True
    c.GenerateFeedback.preprocessors = list(FEEDBACK_PREPROCESSORS)
