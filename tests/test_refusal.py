"""The one refusal helper (kit.refusal) that the narratives and dialogue notebooks share."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.errors import CheckFailed
from kit.refusal import show_refusal


def test_both_areas_hand_out_the_shared_helper():
    from kit.dialogue import widgets as dialogue_widgets
    from kit.narratives import widgets as narrative_widgets

    assert narrative_widgets.show_refusal is show_refusal
    assert dialogue_widgets.show_refusal is show_refusal


def test_a_refused_table_prints_the_dutch_reason_and_returns_none(capsys):
    from kit.analysis.frequencies import publishable

    tiny = pd.DataFrame({"sekswerkers": [3, 2], "vluchtelingen": [4, 1]}, index=["bank", "wonen"])
    assert show_refusal(publishable, tiny) is None
    out = capsys.readouterr().out
    assert out.startswith("De kit weigert: ") and "verborgen" in out and out.count("\n") == 1


def test_an_accepted_table_is_returned_unchanged_without_extra_lines(capsys):
    from kit.analysis.frequencies import publishable

    big = pd.DataFrame({"sekswerkers": [40, 3, 25], "vluchtelingen": [30, 22, 18]},
                       index=["bank", "wonen", "humor"])
    shown = show_refusal(publishable, big)
    assert shown.equals(publishable(big)) and shown.loc["wonen", "sekswerkers"] == "<10"
    assert capsys.readouterr().out == ""


def test_every_kit_refusal_is_shown_with_its_message_only(capsys):
    def scan():
        raise CheckFailed("er staat nog een telefoonnummer in", path="verhaal.txt", place="regel 3")

    assert show_refusal(scan) is None
    assert capsys.readouterr().out == "De kit weigert: er staat nog een telefoonnummer in\n"


def test_a_step_without_result_says_it_was_accepted_and_faults_are_not_hidden(capsys):
    done = []
    assert show_refusal(done.append, "ok") is None
    assert done == ["ok"]
    assert capsys.readouterr().out == "Gelukt: de kit heeft dit geaccepteerd.\n"
    with pytest.raises(ZeroDivisionError):
        show_refusal(lambda: 1 / 0)
