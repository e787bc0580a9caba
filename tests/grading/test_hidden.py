"""Hidden tests stay hidden (kit.grading.hidden): the summary of a failing test cell is placed by
the traceback of a real kernel, so a change in IPython's traceback format fails here."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from kit.grading.hidden import HIDDEN_FAILED, failure_summary, hidden_lines

SETUP = "def f(x):\n    return x * 2 if x < 3 else 0"
VISIBLE_FAILS = ('assert f(1) == 3, "f verdubbelt"\n### BEGIN HIDDEN TESTS\nassert f(5) == 10\n'
                 '### END HIDDEN TESTS')
HIDDEN_FAILS = ('assert f(1) == 2, "f verdubbelt"\n### BEGIN HIDDEN TESTS\nassert f(5) == 10, '
                '"geheim: f(5)"\n### END HIDDEN TESTS')
PASSES = "assert f(2) == 4"


@pytest.fixture(scope="module")
def outputs():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (SETUP, VISIBLE_FAILS, HIDDEN_FAILS, PASSES)]
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True).execute()
    return [c.outputs for c in nb.cells]


def test_a_visible_failure_shows_its_line_and_message(outputs):
    assert failure_summary(VISIBLE_FAILS, outputs[1]) == (
        'Niet geslaagd: `assert f(1) == 3, "f verdubbelt"` (AssertionError: f verdubbelt)')


def test_a_hidden_failure_says_nothing_about_what_was_checked(outputs):
    summary = failure_summary(HIDDEN_FAILS, outputs[2])
    assert summary == HIDDEN_FAILED and "geheim" not in summary and "f(5)" not in summary


def test_a_passing_cell_has_no_summary(outputs):
    assert failure_summary(PASSES, outputs[3]) is None


def test_an_unplaceable_failure_without_hidden_tests():
    error = {"output_type": "error", "ename": "NameError", "evalue": "x", "traceback": ["?"]}
    assert failure_summary("assert x", [error]) == "Deze controle is niet geslaagd."
    assert hidden_lines("a\n### BEGIN HIDDEN TESTS\nb\n### END HIDDEN TESTS\nc") == {2, 3, 4}
    assert hidden_lines("### BEGIN HIDDEN TESTS\nnooit gesloten") == {1, 2}
